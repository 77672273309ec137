noinst_LIBRARIES += src/libcore.a
src_libcore_a_SOURCES = \
	src/common/settings.c src/common/settings.h \
	src/common/error.c src/common/error.h \
	src/common/i18n.h \
	src/common/strutil.c src/common/strutil.h
src_libcore_a_SOURCES += src/common/clock.c src/common/clock.h
src_libcore_a_SOURCES += src/common/csv.c src/common/csv.h \
	src/common/strbuf.c src/common/strbuf.h \
	src/common/textfold.c src/common/textfold.h \
	src/common/wordindex.c src/common/wordindex.h
