/* ike_spec defaults, validation, DPD syntax and the spec file (daemons/iked). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ike_spec.h"

static char err[300];

static int read_text(const char *text, struct ike_spec **specs, struct ike_globals *g)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int n;

	ck_assert_ptr_nonnull(f);
	n = ike_spec_file_read(f, "t.conf", specs, g, err, sizeof(err));
	fclose(f);
	return n;
}

static const char two_specs[] = "# globals\n"
				"ikev2-dpd = 10 3 on-demand\n"
				"isakmp-keepalive = 20\n"
				"conn = hub\n"
				"  local = 192.0.2.1\n"
				"  remote = %any\n"
				"  psk = Dmvpn-S3cret   # trailing comment\n"
				"  psk-remote = Spoke-Key\n"
				"  ike = aes256-sha256-modp2048\n"
				"  esp = aes256-sha256\n"
				"  initiate = no\n"
				"  peer-initiates = yes\n"
				"  dpd = 30 5 periodic\n"
				"\n"
				"conn = v1\n"
				"  version = 1\n"
				"  local = 192.0.2.1\n"
				"  remote = 198.51.100.7\n"
				"  remote-id = peer.example\n"
				"  psk = k\n"
				"  ike = aes128-sha1-modp1024\n"
				"  ike = 3des-md5-modp1024\n"
				"  esp = aes128-sha1\n"
				"  mode = tunnel\n"
				"  proto = any\n"
				"  pfs = 14\n"
				"  ike-lifetime = 28800\n"
				"  ipsec-lifetime = 1800\n"
				"  ipsec-lifetime-kb = 100000\n";

START_TEST(file_two_specs)
{
	struct ike_spec *s = NULL;
	struct ike_globals g;

	ck_assert_msg(read_text(two_specs, &s, &g) == 2, "%s", err);
	ck_assert_str_eq(s[0].name, "hub");
	ck_assert_int_eq(s[0].version, 2);
	ck_assert_str_eq(s[0].remote, IKE_SPEC_ANY);
	ck_assert_str_eq(s[0].psk, "Dmvpn-S3cret");
	ck_assert_str_eq(s[0].psk_remote, "Spoke-Key");
	ck_assert_str_eq(s[1].psk_remote, "");
	ck_assert_int_eq(s[0].peer_initiates, 1);
	ck_assert_int_eq(s[1].peer_initiates, 0);
	ck_assert_int_eq(s[0].initiate, 0);
	ck_assert_int_eq(s[0].n_ike, 1);
	ck_assert_str_eq(s[0].esp[0], "aes256-sha256");
	/* defaults: transport GRE, IOS lifetimes */
	ck_assert_int_eq(s[0].mode, IKE_MODE_TRANSPORT);
	ck_assert_int_eq(s[0].proto, 47);
	ck_assert_int_eq(s[0].ike_lifetime, 86400);
	ck_assert_int_eq(s[0].ipsec_lifetime_s, 3600);
	ck_assert_int_eq(s[0].ipsec_lifetime_kb, 4608000);
	ck_assert_int_eq(s[0].dpd.mode, IKE_DPD_PERIODIC);
	ck_assert_int_eq(s[0].dpd.interval, 30);
	ck_assert_int_eq(s[0].dpd.retry, 5);

	ck_assert_int_eq(s[1].version, 1);
	ck_assert_str_eq(s[1].remote_id, "peer.example");
	ck_assert_int_eq(s[1].n_ike, 2);
	ck_assert_str_eq(s[1].ike[1], "3des-md5-modp1024");
	ck_assert_int_eq(s[1].mode, IKE_MODE_TUNNEL);
	ck_assert_int_eq(s[1].proto, 0);
	ck_assert_int_eq(s[1].pfs_group, 14);
	ck_assert_int_eq(s[1].ike_lifetime, 28800);
	ck_assert_int_eq(s[1].ipsec_lifetime_s, 1800);
	ck_assert_int_eq(s[1].ipsec_lifetime_kb, 100000);
	ck_assert_int_eq(s[1].initiate, 1);

	ck_assert_int_eq(g.ikev2_dpd.mode, IKE_DPD_ON_DEMAND);
	ck_assert_int_eq(g.ikev2_dpd.retry, 3);
	/* isakmp keepalive 20: retry 2, on-demand by default */
	ck_assert_int_eq(g.isakmp_keepalive.interval, 20);
	ck_assert_int_eq(g.isakmp_keepalive.retry, 2);
	ck_assert_int_eq(g.isakmp_keepalive.mode, IKE_DPD_ON_DEMAND);
	free(s);
}
END_TEST

START_TEST(file_errors_name_line)
{
	static const struct {
		const char *text, *expect;
	} cases[] = {
		{"conn = a\nlocal = 1.2.3.4\nbogus = 1\n", "t.conf:3: unknown key 'bogus'"},
		{"conn = a\nversion = 3\n", "t.conf:2: version"},
		{"conn = a\nike = aes256-blowfish-modp2048\n", "t.conf:2: proposal"},
		{"ikev2-dpd = 10 2\n", "t.conf:1: dpd"},
		{"ikev2-dpd = 5 2 periodic\n", "t.conf:1: dpd interval '5'"},
		{"conn = a\npfs = 17\n", "t.conf:2: pfs: group 17"},
		{"conn = a\nlocal = 1.2.3.4\nno equals sign\n", "t.conf:3: expected key = value"},
		{"local = 1.2.3.4\n", "t.conf:1: unknown global key"},
		{"conn = a\nlocal = 10.0.0.1\nremote = 10.0.0.2\nike = aes256-sha256-modp2048\n"
		 "esp = aes256-sha256\n",
		 "a: no pre-shared key"},
		{"conn = a\nlocal = 10.0.0.1\nremote = %any\npsk = x\nike = aes256-sha256-modp2048\n"
		 "esp = aes256-sha256\n",
		 "a: cannot initiate"},
		{"conn = a\nlocal = 10.0.0.300\nremote = 10.0.0.2\npsk = x\n"
		 "ike = aes256-sha256-modp2048\nesp = aes256-sha256\n",
		 "local address '10.0.0.300'"},
		{"conn = a\nlocal = 10.0.0.1\nremote = 10.0.0.2\npsk = x\n"
		 "ike = aes256-sha256-modp2048\n",
		 "needs 1-8 IKE and ESP proposals"},
		{"conn = a\nversion = 1\nlocal = 10.0.0.1\nremote = 10.0.0.2\npsk = x\n"
		 "psk-remote = y\nike = aes256-sha256-modp2048\nesp = aes256-sha256\n",
		 "a: IKEv1 has one pre-shared key for both ends"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ike_spec *s = (struct ike_spec *)&i; /* must stay untouched */
		struct ike_globals g;

		err[0] = '\0';
		ck_assert_int_eq(read_text(cases[i].text, &s, &g), -1);
		ck_assert_ptr_eq(s, (struct ike_spec *)&i);
		ck_assert_msg(strstr(err, cases[i].expect), "case %zu: got '%s'", i, err);
	}
}
END_TEST

START_TEST(file_dpd_syntax_follows_version_given_later)
{
	/* keepalive syntax (IKEv1) although version comes after it */
	static const char ok[] = "conn = a\ndpd = 20\nlocal = 10.0.0.1\nremote = 10.0.0.2\n"
				 "psk = x\nike = aes256-sha256-modp2048\nesp = aes256-sha256\n"
				 "version = 1\n";
	/* the same for IKEv2 lacks retry and mode: error at the dpd line */
	static const char bad[] = "conn = a\ndpd = 20\nlocal = 10.0.0.1\nremote = 10.0.0.2\n"
				  "psk = x\nike = aes256-sha256-modp2048\nesp = aes256-sha256\n"
				  "conn = b\n";
	struct ike_spec *s = NULL;
	struct ike_globals g;

	ck_assert_msg(read_text(ok, &s, &g) == 1, "%s", err);
	ck_assert_int_eq(s[0].dpd.interval, 20);
	ck_assert_int_eq(s[0].dpd.retry, IKE_KEEPALIVE_RETRY_DEFAULT);
	ck_assert_int_eq(s[0].dpd.mode, IKE_DPD_ON_DEMAND);
	free(s);
	ck_assert_int_eq(read_text(bad, &s, &g), -1);
	ck_assert_msg(strstr(err, "t.conf:2: dpd"), "%s", err);
}
END_TEST

START_TEST(file_duplicate_conn)
{
	static const char text[] = "conn = a\nlocal = 10.0.0.1\nremote = 10.0.0.2\npsk = x\n"
				   "ike = aes256-sha256-modp2048\nesp = aes256-sha256\n"
				   "conn = a\nlocal = 10.0.0.1\nremote = 10.0.0.3\npsk = x\n"
				   "ike = aes256-sha256-modp2048\nesp = aes256-sha256\n";
	struct ike_spec *s = NULL;
	struct ike_globals g;

	ck_assert_int_eq(read_text(text, &s, &g), -1);
	ck_assert_msg(strstr(err, "conn a defined twice"), "%s", err);
}
END_TEST

START_TEST(file_empty_is_zero_specs)
{
	struct ike_spec *s = NULL;
	struct ike_globals g;

	ck_assert_int_eq(read_text("# nothing\n\n", &s, &g), 0);
	ck_assert_int_eq(g.ikev2_dpd.mode, IKE_DPD_OFF);
	free(s);
}
END_TEST

START_TEST(dpd_syntax)
{
	struct ike_dpd d;

	ck_assert_int_eq(ike_dpd_parse("10 2 on-demand", 2, &d, err, sizeof(err)), 0);
	ck_assert_int_eq(d.mode, IKE_DPD_ON_DEMAND);
	ck_assert_int_eq(d.interval, 10);
	ck_assert_int_eq(d.retry, 2);
	ck_assert_int_eq(ike_dpd_parse("3600 60 periodic", 2, &d, err, sizeof(err)), 0);
	ck_assert_int_eq(d.mode, IKE_DPD_PERIODIC);
	/* IKEv2 requires all three words, IKEv1 keepalive does not */
	ck_assert_int_eq(ike_dpd_parse("10", 2, &d, err, sizeof(err)), -1);
	ck_assert_int_eq(ike_dpd_parse("10 5", 1, &d, err, sizeof(err)), 0);
	ck_assert_int_eq(d.retry, 5);
	ck_assert_int_eq(d.mode, IKE_DPD_ON_DEMAND);
	ck_assert_int_eq(ike_dpd_parse("10 5 periodic", 1, &d, err, sizeof(err)), 0);
	ck_assert_int_eq(d.mode, IKE_DPD_PERIODIC);
	ck_assert_int_eq(ike_dpd_parse("none", 2, &d, err, sizeof(err)), 0);
	ck_assert_int_eq(d.mode, IKE_DPD_OFF);
	ck_assert_int_eq(ike_dpd_parse("3601 2 periodic", 2, &d, err, sizeof(err)), -1);
	ck_assert_int_eq(ike_dpd_parse("10 1 periodic", 2, &d, err, sizeof(err)), -1);
	ck_assert_int_eq(ike_dpd_parse("10 61 periodic", 2, &d, err, sizeof(err)), -1);
	ck_assert_int_eq(ike_dpd_parse("10 2 sometimes", 2, &d, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "sometimes"), "%s", err);
	ck_assert_int_eq(ike_dpd_parse("10 2 periodic x", 2, &d, err, sizeof(err)), -1);
	ck_assert_int_eq(ike_dpd_parse("-10 2 periodic", 2, &d, err, sizeof(err)), -1);
	ck_assert_int_eq(ike_dpd_parse("", 1, &d, err, sizeof(err)), -1);
}
END_TEST

START_TEST(effective_dpd_profile_overrides_global)
{
	struct ike_globals g = {
		.ikev2_dpd = {IKE_DPD_ON_DEMAND, 10, 3},
		.isakmp_keepalive = {IKE_DPD_PERIODIC, 20, 2},
	};
	struct ike_spec s;
	struct ike_dpd d;

	ike_spec_init(&s);
	d = ike_spec_effective_dpd(&s, &g);
	ck_assert_int_eq(d.interval, 10);
	ck_assert_int_eq(d.mode, IKE_DPD_ON_DEMAND);
	s.dpd = (struct ike_dpd){IKE_DPD_PERIODIC, 30, 5};
	d = ike_spec_effective_dpd(&s, &g);
	ck_assert_int_eq(d.interval, 30);
	ck_assert_int_eq(d.retry, 5);
	ck_assert_int_eq(d.mode, IKE_DPD_PERIODIC);
	s.dpd.mode = IKE_DPD_OFF;
	s.version = 1;
	d = ike_spec_effective_dpd(&s, &g);
	ck_assert_int_eq(d.interval, 20);
	ck_assert_int_eq(d.mode, IKE_DPD_PERIODIC);
}
END_TEST

START_TEST(common_retry_refuses_two_values)
{
	struct ike_globals g = {.ikev2_dpd = {IKE_DPD_ON_DEMAND, 10, 3}};
	struct ike_spec s[3];
	unsigned int retry = 99;

	ike_spec_init(&s[0]);
	ike_spec_init(&s[1]);
	ike_spec_init(&s[2]);
	strcpy(s[0].name, "a");
	strcpy(s[1].name, "b");
	strcpy(s[2].name, "c");
	/* a and b use the global 3 s, c has its own 3 s: fine */
	s[2].dpd = (struct ike_dpd){IKE_DPD_PERIODIC, 30, 3};
	ck_assert_int_eq(ike_spec_common_retry(s, 3, &g, &retry, err, sizeof(err)), 0);
	ck_assert_int_eq(retry, 3);
	/* c asks for 5 s */
	s[2].dpd.retry = 5;
	ck_assert_int_eq(ike_spec_common_retry(s, 3, &g, &retry, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "c asks for DPD retry 5 s but a for 3 s"), "%s", err);
	/* without the global DPD only c has DPD */
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(ike_spec_common_retry(s, 3, &g, &retry, err, sizeof(err)), 0);
	ck_assert_int_eq(retry, 5);
	ck_assert_int_eq(ike_spec_common_retry(s, 2, &g, &retry, err, sizeof(err)), 0);
	ck_assert_int_eq(retry, 0);
	/* IKEv1 keepalives do not use charon's retransmissions: free retry */
	g.ikev2_dpd = (struct ike_dpd){IKE_DPD_ON_DEMAND, 10, 3};
	s[1].version = 1;
	s[1].dpd = (struct ike_dpd){IKE_DPD_PERIODIC, 10, 7};
	ck_assert_msg(ike_spec_common_retry(s, 2, &g, &retry, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(retry, 3);
}
END_TEST

START_TEST(validate_unterminated_fields)
{
	struct ike_spec s;

	ike_spec_init(&s);
	strcpy(s.name, "x");
	strcpy(s.local, "10.0.0.1");
	strcpy(s.remote, "10.0.0.2");
	strcpy(s.psk, "k");
	strcpy(s.ike[0], "aes256-sha256-modp2048");
	strcpy(s.esp[0], "aes256-sha256");
	s.n_ike = s.n_esp = 1;
	ck_assert_msg(ike_spec_validate(&s, err, sizeof(err)) == 0, "%s", err);
	memset(s.psk, 'a', sizeof(s.psk));
	ck_assert_int_eq(ike_spec_validate(&s, err, sizeof(err)), -1);
	s.psk[0] = '\0';
	ck_assert_int_eq(ike_spec_validate(&s, err, sizeof(err)), -1);
	strcpy(s.psk, "k");
	s.n_esp = 9;
	ck_assert_int_eq(ike_spec_validate(&s, err, sizeof(err)), -1);
	s.n_esp = 1;
	s.dpd = (struct ike_dpd){IKE_DPD_PERIODIC, 5, 2};
	ck_assert_int_eq(ike_spec_validate(&s, err, sizeof(err)), -1);
	s.dpd = (struct ike_dpd){7, 10, 2};
	ck_assert_int_eq(ike_spec_validate(&s, err, sizeof(err)), -1);
}
END_TEST

/* tunnel mode ipsec ipv4: the VTI's key as the CHILD_SA's mark; only on a
 * tunnel-mode, any-protocol spec; unset it is 0 (no mark). */
START_TEST(file_vti_mark)
{
	static const char vti[] = "conn = Tunnel1\n"
				  "  local = 192.0.2.1\n"
				  "  remote = 192.0.2.2\n"
				  "  psk = k\n"
				  "  ike = aes256-sha256-modp2048\n"
				  "  esp = aes256-sha256\n"
				  "  mode = tunnel\n"
				  "  proto = any\n"
				  "  mark = 4294967295\n";
	static const struct {
		const char *tail, *expect;
	} bad[] = {
		{"mark = -2\n", "t.conf:10: mark: '-2' is not a number"},
		{"mark = 4294967296\n", "t.conf:10: mark: '4294967296' is not a number up to 4294967295"},
		{"mode = transport\n", "Tunnel1: mark 4294967295 (a VTI) needs tunnel mode and proto any"},
		{"proto = gre\n", "Tunnel1: mark 4294967295 (a VTI) needs tunnel mode and proto any"},
	};
	struct ike_spec *s = NULL;
	struct ike_globals g;
	char text[1024];
	size_t i;

	ck_assert_msg(read_text(vti, &s, &g) == 1, "%s", err);
	ck_assert_uint_eq(s[0].mark, 4294967295u);
	free(s);
	ck_assert_msg(read_text(two_specs, &s, &g) == 2, "%s", err);
	ck_assert_uint_eq(s[0].mark, 0);
	ck_assert_uint_eq(s[1].mark, 0); /* tunnel, any, but no VTI */
	free(s);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", vti, bad[i].tail);
		err[0] = '\0';
		ck_assert_int_eq(read_text(text, &s, &g), -1);
		ck_assert_msg(strstr(err, bad[i].expect), "case %zu: got '%s'", i, err);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("iked_spec");
	TCase *tc = tcase_create("spec");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, file_two_specs);
	tcase_add_test(tc, file_errors_name_line);
	tcase_add_test(tc, file_dpd_syntax_follows_version_given_later);
	tcase_add_test(tc, file_duplicate_conn);
	tcase_add_test(tc, file_empty_is_zero_specs);
	tcase_add_test(tc, dpd_syntax);
	tcase_add_test(tc, effective_dpd_profile_overrides_global);
	tcase_add_test(tc, common_retry_refuses_two_values);
	tcase_add_test(tc, validate_unterminated_fields);
	tcase_add_test(tc, file_vti_mark);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
