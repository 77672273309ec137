# What the command line and the screens call: store and domain together.
src_libcore_a_SOURCES += \
	src/service/doses.c src/service/doses.h \
	src/service/plan.c src/service/plan.h \
	src/service/record.c \
	src/service/reports.c \
	src/service/summaries.c
