# Unit suites (Check) and end-to-end runs of the real binary.
TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SQLITE_CFLAGS) $(SODIUM_CFLAGS)
TEST_LDADD = src/libcore.a $(CHECK_LIBS) $(SQLITE_LIBS) $(SODIUM_LIBS) \
	$(PTHREAD_LIBS) $(LIBINTL)

AM_TESTS_ENVIRONMENT = \
	PRESCRIPCARE_DATADIR='$(abs_top_srcdir)/data'; \
	PRESCRIPCARE_BIN='$(abs_top_builddir)/src/prescripcare'; \
	TESTS_SRCDIR='$(abs_top_srcdir)/tests'; \
	CK_DEFAULT_TIMEOUT=120; \
	export PRESCRIPCARE_DATADIR PRESCRIPCARE_BIN TESTS_SRCDIR \
	CK_DEFAULT_TIMEOUT;

if HAVE_CHECK
check_PROGRAMS += tests/check_store tests/check_common tests/check_remind \
	tests/check_notify
TESTS += tests/check_store tests/check_common tests/check_remind \
	tests/check_notify

tests_check_store_SOURCES = tests/check_store.c tests/testutil.c \
	tests/testutil.h
tests_check_store_CFLAGS = $(TEST_CFLAGS)
tests_check_store_LDADD = $(TEST_LDADD)

tests_check_common_SOURCES = tests/check_common.c tests/testutil.c \
	tests/testutil.h
tests_check_common_CFLAGS = $(TEST_CFLAGS)
tests_check_common_LDADD = $(TEST_LDADD)

tests_check_remind_SOURCES = tests/check_remind.c tests/testutil.c \
	tests/testutil.h
tests_check_remind_CFLAGS = $(TEST_CFLAGS)
tests_check_remind_LDADD = $(TEST_LDADD)

tests_check_notify_SOURCES = tests/check_notify.c tests/testutil.c \
	tests/testutil.h
tests_check_notify_CFLAGS = $(TEST_CFLAGS)
tests_check_notify_LDADD = $(TEST_LDADD)
endif

TESTS += tests/cli.sh tests/ui.sh tests/remind.sh
EXTRA_DIST += tests/cli.sh tests/ui.sh tests/remind.sh tests/lib.sh
