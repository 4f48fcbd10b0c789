/* Unit tests for ish's output filters (cli/ish_pipe.c). */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cli_engine.h"
#include "ish_pipe.h"

static const char run_cfg[] = "interface Tunnel0\n"
			      " ip address 172.16.0.1 255.255.255.0\n"
			      " ip nhrp network-id 100\n"
			      "!\n"
			      "interface GigabitEthernet0/0\n"
			      " ip address 203.0.113.1 255.255.255.0\n"
			      "!\n"
			      "crypto ikev2 keyring KR\n"
			      " peer ANY\n"
			      "  address 0.0.0.0 0.0.0.0\n"
			      " !\n"
			      "!\n"
			      "end\n";

/* Parses line and filters run_cfg with it; returns the output. */
static char *
filter(const char *line)
{
	struct ish_pipe p;
	size_t cmd_len, err_pos, n;
	char *out;

	ck_assert_int_eq(ish_pipe_parse(line, &p, &cmd_len, &err_pos), 0);
	out = ish_pipe_apply(&p, run_cfg, strlen(run_cfg), &n);
	ck_assert_uint_eq(n, strlen(out));
	ish_pipe_free(&p);
	return out;
}

START_TEST(test_find_only_show_and_first_bar)
{
	ck_assert_int_eq(ish_pipe_find("show run | inc a | b"), 9);
	ck_assert_int_eq(ish_pipe_find("sh run | i x"), 7);
	ck_assert_int_eq(ish_pipe_find("do show run | i x"), 12);
	/* not a show command: the bar is part of the line (a description) */
	ck_assert_int_eq(ish_pipe_find("description a | b"), -1);
	ck_assert_int_eq(ish_pipe_find("show run"), -1);
	/* a bar glued to a word does not split */
	ck_assert_int_eq(ish_pipe_find("show a|b"), -1);
}
END_TEST

START_TEST(test_parse_abbreviations_and_cmd)
{
	static const char *const ok[] = { "show run | i x", "show run | inc x", "show run | be x",
					   "show run | sec x", "show run | cou x",
					   "show run | e x",  "show run | INCLUDE x" };
	struct ish_pipe p;
	size_t cmd_len, err_pos, i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ck_assert_int_eq(ish_pipe_parse(ok[i], &p, &cmd_len, &err_pos), 0);
		ck_assert_uint_eq(cmd_len, 8);
		ck_assert_int_ne(p.filter, ISH_FILTER_NONE);
		ish_pipe_free(&p);
	}
	ck_assert_int_eq(ish_pipe_parse("show run", &p, &cmd_len, &err_pos), 0);
	ck_assert_int_eq(p.filter, ISH_FILTER_NONE);
	ck_assert_uint_eq(cmd_len, 8);
}
END_TEST

START_TEST(test_parse_errors)
{
	struct ish_pipe p;
	size_t cmd_len, err_pos = 0;

	ck_assert_int_eq(ish_pipe_parse("show run | foo x", &p, &cmd_len, &err_pos),
			 CLI_ERR_INVALID);
	ck_assert_uint_eq(err_pos, 11);
	ck_assert_int_eq(ish_pipe_parse("show run | inc", &p, &cmd_len, &err_pos),
			 CLI_ERR_INCOMPLETE);
	ck_assert_int_eq(ish_pipe_parse("show run |", &p, &cmd_len, &err_pos),
			 CLI_ERR_INCOMPLETE);
	ck_assert_int_eq(ish_pipe_parse("show run | inc (", &p, &cmd_len, &err_pos),
			 CLI_ERR_INVALID);
	ck_assert_uint_eq(err_pos, 15);
}
END_TEST

START_TEST(test_include_regex_with_bar_and_spaces)
{
	char *out = filter("show run | include ip address 172|nhrp network");

	ck_assert_str_eq(out, " ip address 172.16.0.1 255.255.255.0\n"
			      " ip nhrp network-id 100\n");
	free(out);
	out = filter("show run | i ^interface");
	ck_assert_str_eq(out, "interface Tunnel0\ninterface GigabitEthernet0/0\n");
	free(out);
}
END_TEST

START_TEST(test_exclude_begin_count)
{
	char *out = filter("show run | exclude ^ |!");

	ck_assert_str_eq(out, "interface Tunnel0\ninterface GigabitEthernet0/0\n"
			      "crypto ikev2 keyring KR\nend\n");
	free(out);
	out = filter("show run | begin crypto");
	ck_assert_str_eq(out, "crypto ikev2 keyring KR\n peer ANY\n  address 0.0.0.0 0.0.0.0\n"
			      " !\n!\nend\n");
	free(out);
	out = filter("show run | count address");
	ck_assert_str_eq(out, "Number of lines which match regexp = 3\n");
	free(out);
}
END_TEST

START_TEST(test_section)
{
	char *out = filter("show run | section Tunnel");

	ck_assert_str_eq(out, "interface Tunnel0\n"
			      " ip address 172.16.0.1 255.255.255.0\n"
			      " ip nhrp network-id 100\n");
	free(out);
	out = filter("show run | sec keyring");
	ck_assert_str_eq(out, "crypto ikev2 keyring KR\n peer ANY\n  address 0.0.0.0 0.0.0.0\n"
			      " !\n");
	free(out);
	/* a matching child brings its own children, not its parent */
	out = filter("show run | sec peer");
	ck_assert_str_eq(out, " peer ANY\n  address 0.0.0.0 0.0.0.0\n");
	free(out);
}
END_TEST

START_TEST(test_help_and_complete)
{
	int st = 0;
	size_t err_pos = 0;
	char *s;

	s = ish_pipe_help("show run | ", &st, &err_pos);
	ck_assert_ptr_nonnull(s);
	ck_assert_ptr_nonnull(strstr(s, "  include  Include lines that match\n"));
	ck_assert_ptr_nonnull(strstr(s, "  section  Filter a section of output\n"));
	free(s);
	s = ish_pipe_help("show run | inc ", &st, &err_pos);
	ck_assert_str_eq(s, "  LINE  Regular Expression\n\n");
	free(s);
	s = ish_pipe_help("show run | e", &st, &err_pos);
	ck_assert_str_eq(s, "exclude  \n\n");
	free(s);
	ck_assert_ptr_null(ish_pipe_help("show run | zz", &st, &err_pos));
	ck_assert_int_eq(st, CLI_ERR_INVALID);
	ck_assert_uint_eq(err_pos, 11);

	s = ish_pipe_complete("show run | sec");
	ck_assert_str_eq(s, "show run | section ");
	free(s);
	ck_assert_ptr_null(ish_pipe_complete("show run | zz"));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ish_pipe");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_find_only_show_and_first_bar);
	tcase_add_test(tc, test_parse_abbreviations_and_cmd);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_include_regex_with_bar_and_spaces);
	tcase_add_test(tc, test_exclude_begin_count);
	tcase_add_test(tc, test_section);
	tcase_add_test(tc, test_help_and_complete);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
