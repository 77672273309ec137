#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/clock.h"
#include "common/settings.h"
#include "common/strutil.h"
#include "testutil.h"

START_TEST(test_config_file_is_read)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "config");
	struct settings cfg;
	struct error err;

	settings_defaults(&cfg);
	ck_assert_int_eq(settings_number(&cfg, CFG_GRACE_MINUTES), 60);
	test_write_file(path, "# household settings\n\n"
	    "db = /srv/family/prescripcare.db\n"
	    "  grace_minutes=90  \n");
	ck_assert_int_eq(settings_read_file(&cfg, path, &err), 0);
	ck_assert_str_eq(settings_text(&cfg, CFG_DB),
	    "/srv/family/prescripcare.db");
	ck_assert_int_eq(settings_number(&cfg, CFG_GRACE_MINUTES), 90);
	settings_free(&cfg);
	free(path);
	test_tmpdir_remove(dir);
}
END_TEST

START_TEST(test_config_errors_name_the_line)
{
	char *dir = test_tmpdir();
	char *path = test_path(dir, "config");
	struct settings cfg;
	struct error err;

	settings_defaults(&cfg);
	test_write_file(path, "grace_minutes = 30\ncolour = blue\n");
	ck_assert_int_eq(settings_read_file(&cfg, path, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, ":2: unknown setting"));

	test_write_file(path, "\n\ngrace_minutes = 2\n");
	ck_assert_int_eq(settings_read_file(&cfg, path, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, ":3: grace_minutes must be"));

	test_write_file(path, "grace_minutes\n");
	ck_assert_int_eq(settings_read_file(&cfg, path, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.text, "name = value"));
	settings_free(&cfg);
	free(path);
	test_tmpdir_remove(dir);
}
END_TEST

START_TEST(test_missing_config_is_fine)
{
	struct settings cfg;
	struct error err;

	settings_defaults(&cfg);
	ck_assert_int_eq(settings_read_file(&cfg, "/nonexistent/config", &err),
	    0);
	ck_assert_ptr_null(settings_text(&cfg, CFG_DB));
}
END_TEST

START_TEST(test_default_store_follows_xdg)
{
	char buf[512];
	struct error err;

	setenv("XDG_DATA_HOME", "/home/someone/.data", 1);
	ck_assert_int_eq(settings_default_db_path(buf, sizeof buf, &err), 0);
	ck_assert_str_eq(buf, "/home/someone/.data/prescripcare/prescripcare.db");
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/someone", 1);
	ck_assert_int_eq(settings_default_db_path(buf, sizeof buf, &err), 0);
	ck_assert_str_eq(buf,
	    "/home/someone/.local/share/prescripcare/prescripcare.db");
}
END_TEST

START_TEST(test_numbers_parse_strictly)
{
	long n;
	double d;

	ck_assert_int_eq(str_to_long("42", &n), 0);
	ck_assert_int_eq(n, 42);
	ck_assert_int_eq(str_to_long("42x", &n), -1);
	ck_assert_int_eq(str_to_long("", &n), -1);
	ck_assert_int_eq(str_to_long(" 4", &n), -1);
	ck_assert_int_eq(str_to_long("99999999999999999999999", &n), -1);
	ck_assert_int_eq(str_to_double("72.5", &d), 0);
	ck_assert_double_eq(d, 72.5);
	ck_assert_int_eq(str_to_double("nan", &d), -1);
	ck_assert_int_eq(str_to_double("1e999", &d), -1);
}
END_TEST

START_TEST(test_clock_parses_utc_instants)
{
	int64_t t;
	struct clock c;

	ck_assert_int_eq(clock_parse_utc("1970-01-01T00:00:00Z", &t), 0);
	ck_assert_int_eq(t, 0);
	ck_assert_int_eq(clock_parse_utc("2026-03-08T07:00Z", &t), 0);
	ck_assert_int_eq(t, 1772953200);
	ck_assert_int_eq(clock_parse_utc("2024-02-29T12:00:00Z", &t), 0);
	ck_assert_int_eq(clock_parse_utc("2026-02-29T12:00:00Z", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2026-03-08 07:00", &t), -1);
	ck_assert_int_eq(clock_parse_utc("2026-13-01T00:00Z", &t), -1);

	c = clock_fixed(12345);
	ck_assert_int_eq(clock_now(&c), 12345);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("common");
	TCase *tc = tcase_create("config");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_config_file_is_read);
	tcase_add_test(tc, test_config_errors_name_the_line);
	tcase_add_test(tc, test_missing_config_is_fine);
	tcase_add_test(tc, test_default_store_follows_xdg);
	tcase_add_test(tc, test_numbers_parse_strictly);
	tcase_add_test(tc, test_clock_parses_utc_instants);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
