noinst_LIBRARIES += src/libcore.a
src_libcore_a_SOURCES = \
	src/common/settings.c src/common/settings.h \
	src/common/error.c src/common/error.h \
	src/common/i18n.h \
	src/common/strutil.c src/common/strutil.h \
	src/common/date.c src/common/date.h
src_libcore_a_SOURCES += src/common/clock.c src/common/clock.h
# GLib serves the time zone code in src/domain/tz.c; liboath and
# libqrencode the one-time codes of src/domain/totp.c.
src_libcore_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(SODIUM_CFLAGS) \
	$(GLIB_CFLAGS) $(OATH_CFLAGS) $(QRENCODE_CFLAGS)
src_libcore_a_SOURCES += src/common/blob.c src/common/blob.h
src_libcore_a_SOURCES += src/common/csv.c src/common/csv.h \
	src/common/strbuf.c src/common/strbuf.h \
	src/common/flagword.c src/common/flagword.h \
	src/common/textfold.c src/common/textfold.h \
	src/common/wordindex.c src/common/wordindex.h
src_libcore_a_SOURCES += src/common/process.c src/common/process.h
