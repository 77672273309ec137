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
check_PROGRAMS += tests/check_store tests/check_common tests/check_csv \
	tests/check_screen tests/check_drugs
TESTS += tests/check_store tests/check_common tests/check_csv \
	tests/check_screen tests/check_drugs

tests_check_store_SOURCES = tests/check_store.c tests/testutil.c \
	tests/testutil.h
tests_check_store_CFLAGS = $(TEST_CFLAGS)
tests_check_store_LDADD = $(TEST_LDADD)

tests_check_common_SOURCES = tests/check_common.c tests/testutil.c \
	tests/testutil.h
tests_check_common_CFLAGS = $(TEST_CFLAGS)
tests_check_common_LDADD = $(TEST_LDADD)

tests_check_csv_SOURCES = tests/check_csv.c tests/testutil.c \
	tests/testutil.h
tests_check_csv_CFLAGS = $(TEST_CFLAGS)
tests_check_csv_LDADD = $(TEST_LDADD)

tests_check_screen_SOURCES = tests/check_screen.c tests/testutil.c \
	tests/testutil.h
tests_check_screen_CFLAGS = $(TEST_CFLAGS)
tests_check_screen_LDADD = $(TEST_LDADD)

tests_check_drugs_SOURCES = tests/check_drugs.c tests/testutil.c \
	tests/testutil.h
tests_check_drugs_CFLAGS = $(TEST_CFLAGS)
tests_check_drugs_LDADD = $(TEST_LDADD)
endif

TESTS += tests/cli.sh tests/drugs.sh
EXTRA_DIST += tests/cli.sh tests/lib.sh tests/drugs.sh \
	tests/data/catalogue/drugs.csv tests/data/catalogue/groups.csv \
	tests/data/catalogue/interactions.csv tests/data/catalogue/food.csv \
	tests/data/catalogue/allergy.csv tests/data/catalogue/conditions.csv \
	tests/data/catalogue/VERSION tests/data/catalogue/SOURCES \
	tests/data/rxnorm/RXNCONSO.RRF tests/data/rxnorm/RXNREL.RRF
