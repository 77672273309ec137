# Unit suites (Check) and end-to-end runs of the real binary.
TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SQLITE_CFLAGS) $(SODIUM_CFLAGS) \
	$(GLIB_CFLAGS) $(OATH_CFLAGS) $(QRENCODE_CFLAGS)
TEST_LDADD = src/libcore.a $(CHECK_LIBS) $(SQLITE_LIBS) $(SODIUM_LIBS) \
	$(GLIB_LIBS) $(OATH_LIBS) $(QRENCODE_LIBS) $(PTHREAD_LIBS) $(LIBINTL)

AM_TESTS_ENVIRONMENT = \
	PRESCRIPCARE_DATADIR='$(abs_top_srcdir)/data'; \
	PRESCRIPCARE_BIN='$(abs_top_builddir)/src/prescripcare'; \
	TESTS_SRCDIR='$(abs_top_srcdir)/tests'; \
	CK_DEFAULT_TIMEOUT=120; \
	export PRESCRIPCARE_DATADIR PRESCRIPCARE_BIN TESTS_SRCDIR \
	CK_DEFAULT_TIMEOUT;

if HAVE_CHECK
check_PROGRAMS += tests/check_store tests/check_common tests/check_domain \
	tests/check_doses tests/check_crypto tests/check_accounts \
	tests/check_ui tests/check_csv tests/check_screen tests/check_drugs \
	tests/check_remind tests/check_notify tests/check_meds \
	tests/check_planned
TESTS += tests/check_store tests/check_common tests/check_domain \
	tests/check_doses tests/check_crypto tests/check_accounts \
	tests/check_ui tests/check_csv tests/check_screen tests/check_drugs \
	tests/check_remind tests/check_notify tests/check_meds \
	tests/check_planned

tests_check_store_SOURCES = tests/check_store.c tests/testutil.c \
	tests/testutil.h
tests_check_store_CFLAGS = $(TEST_CFLAGS)
tests_check_store_LDADD = $(TEST_LDADD)

tests_check_common_SOURCES = tests/check_common.c tests/testutil.c \
	tests/testutil.h
tests_check_common_CFLAGS = $(TEST_CFLAGS)
tests_check_common_LDADD = $(TEST_LDADD)

tests_check_domain_SOURCES = tests/check_domain.c
tests_check_domain_CFLAGS = $(TEST_CFLAGS)
tests_check_domain_LDADD = $(TEST_LDADD)

tests_check_doses_SOURCES = tests/check_doses.c tests/testutil.c \
	tests/testutil.h
tests_check_doses_CFLAGS = $(TEST_CFLAGS)
tests_check_doses_LDADD = $(TEST_LDADD)

tests_check_crypto_SOURCES = tests/check_crypto.c
tests_check_crypto_CFLAGS = $(TEST_CFLAGS)
tests_check_crypto_LDADD = $(TEST_LDADD)

tests_check_accounts_SOURCES = tests/check_accounts.c tests/testutil.c \
	tests/testutil.h
tests_check_accounts_CFLAGS = $(TEST_CFLAGS)
tests_check_accounts_LDADD = $(TEST_LDADD)

tests_check_ui_SOURCES = tests/check_ui.c
tests_check_ui_CFLAGS = $(TEST_CFLAGS) $(CURSES_CFLAGS)
tests_check_ui_LDADD = $(UI_LIBS) $(TEST_LDADD) $(CURSES_LIBS)

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

tests_check_remind_SOURCES = tests/check_remind.c tests/testutil.c \
	tests/testutil.h
tests_check_remind_CFLAGS = $(TEST_CFLAGS)
tests_check_remind_LDADD = $(TEST_LDADD)

tests_check_notify_SOURCES = tests/check_notify.c tests/testutil.c \
	tests/testutil.h tests/testtimer.c tests/testtimer.h
tests_check_notify_CFLAGS = $(TEST_CFLAGS)
tests_check_notify_LDADD = $(TEST_LDADD)

tests_check_meds_SOURCES = tests/check_meds.c tests/testutil.c \
	tests/testutil.h
tests_check_meds_CFLAGS = $(TEST_CFLAGS)
tests_check_meds_LDADD = $(TEST_LDADD)

tests_check_planned_SOURCES = tests/check_planned.c tests/testutil.c \
	tests/testutil.h tests/testtimer.c tests/testtimer.h
tests_check_planned_CFLAGS = $(TEST_CFLAGS)
tests_check_planned_LDADD = $(TEST_LDADD)
endif

TESTS += tests/cli.sh tests/ui.sh tests/accounts.sh tests/drugs.sh \
	tests/remind.sh tests/meds.sh tests/demo.sh
EXTRA_DIST += tests/cli.sh tests/ui.sh tests/accounts.sh tests/lib.sh \
	tests/drugs.sh tests/remind.sh tests/meds.sh tests/demo.sh \
	tests/data/catalogue/drugs.csv tests/data/catalogue/groups.csv \
	tests/data/catalogue/interactions.csv tests/data/catalogue/food.csv \
	tests/data/catalogue/allergy.csv tests/data/catalogue/conditions.csv \
	tests/data/catalogue/VERSION tests/data/catalogue/SOURCES \
	tests/data/common-passwords.txt \
	tests/data/rxnorm/RXNCONSO.RRF tests/data/rxnorm/RXNREL.RRF
