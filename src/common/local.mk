noinst_LIBRARIES += src/libcore.a
src_libcore_a_SOURCES = \
	src/common/settings.c src/common/settings.h \
	src/common/error.c src/common/error.h \
	src/common/i18n.h \
	src/common/strutil.c src/common/strutil.h
src_libcore_a_SOURCES += src/common/clock.c src/common/clock.h
src_libcore_a_SOURCES += src/common/process.c src/common/process.h
