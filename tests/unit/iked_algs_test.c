/* IOS algorithm names to strongSwan proposal strings (daemons/iked/ike_algs.c). */
#include <check.h>
#include <string.h>

#include "ike_spec.h"

static char out[IKE_SPEC_PROPOSAL_MAX], err[256];

START_TEST(ikev2_single_names)
{
	static const struct {
		enum ike_alg_kind kind;
		const char *ios, *ss;
	} cases[] = {
		{IKE_ALG_ENCR, "aes-cbc-128", "aes128"},  {IKE_ALG_ENCR, "aes-cbc-192", "aes192"},
		{IKE_ALG_ENCR, "aes-cbc-256", "aes256"},  {IKE_ALG_ENCR, "aes-gcm-256", "aes256gcm16"},
		{IKE_ALG_ENCR, "3des", "3des"},		  {IKE_ALG_INTEG, "sha1", "sha1"},
		{IKE_ALG_INTEG, "sha256", "sha256"},	  {IKE_ALG_INTEG, "sha512", "sha512"},
		{IKE_ALG_PRF, "sha256", "prfsha256"},	  {IKE_ALG_GROUP, "2", "modp1024"},
		{IKE_ALG_GROUP, "5", "modp1536"},	  {IKE_ALG_GROUP, "14", "modp2048"},
		{IKE_ALG_GROUP, "19", "ecp256"},	  {IKE_ALG_GROUP, "21", "ecp521"},
		{IKE_ALG_GROUP, "24", "modp2048s256"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *ss = NULL;

		ck_assert_msg(ike_algs_ikev2(cases[i].kind, cases[i].ios, &ss, err, sizeof(err)) == 0,
			      "%s: %s", cases[i].ios, err);
		ck_assert_str_eq(ss, cases[i].ss);
	}
}
END_TEST

START_TEST(ikev2_refused_by_name)
{
	const char *ss = NULL;

	ck_assert_int_eq(ike_algs_ikev2(IKE_ALG_ENCR, "des", &ss, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "encryption des is not supported"), "%s", err);
	ck_assert_int_eq(ike_algs_ikev2(IKE_ALG_ENCR, "aes-xts", &ss, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "aes-xts"), "%s", err);
	ck_assert_int_eq(ike_algs_ikev2(IKE_ALG_GROUP, "17", &ss, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "group 17"), "%s", err);
	ck_assert_int_eq(ike_algs_ikev2(IKE_ALG_GROUP, "14x", &ss, err, sizeof(err)), -1);
	ck_assert_ptr_null(ss);
}
END_TEST

START_TEST(ikev2_proposal_azure_example)
{
	/* crypto ikev2 proposal: encryption aes-cbc-256 aes-cbc-128 3des /
	 * integrity sha1 / group 2 */
	const char *encr[] = {"aes-cbc-256", "aes-cbc-128", "3des", NULL};
	const char *integ[] = {"sha1", NULL};
	const char *groups[] = {"2", NULL};

	ck_assert_int_eq(ike_algs_ikev2_proposal(encr, integ, NULL, groups, out, sizeof(out), err,
						 sizeof(err)),
			 0);
	ck_assert_str_eq(out, "aes256-aes128-3des-sha1-modp1024");
}
END_TEST

START_TEST(ikev2_proposal_dmvpn_example)
{
	const char *encr[] = {"aes-cbc-256", NULL};
	const char *integ[] = {"sha256", NULL};
	const char *groups[] = {"14", NULL};

	ck_assert_int_eq(ike_algs_ikev2_proposal(encr, integ, NULL, groups, out, sizeof(out), err,
						 sizeof(err)),
			 0);
	ck_assert_str_eq(out, "aes256-sha256-modp2048");
	ck_assert_int_eq(ike_algs_check_proposal(out, false, err, sizeof(err)), 0);
}
END_TEST

START_TEST(ikev2_proposal_gcm_rules)
{
	const char *gcm[] = {"aes-gcm-256", NULL};
	const char *mixed[] = {"aes-gcm-256", "aes-cbc-256", NULL};
	const char *integ[] = {"sha256", NULL};
	const char *prf[] = {"sha384", NULL};
	const char *groups[] = {"20", NULL};

	ck_assert_int_eq(ike_algs_ikev2_proposal(gcm, NULL, prf, groups, out, sizeof(out), err,
						 sizeof(err)),
			 0);
	ck_assert_str_eq(out, "aes256gcm16-prfsha384-ecp384");
	ck_assert_int_eq(ike_algs_ikev2_proposal(gcm, integ, prf, groups, out, sizeof(out), err,
						 sizeof(err)),
			 -1);
	ck_assert_int_eq(ike_algs_ikev2_proposal(gcm, NULL, NULL, groups, out, sizeof(out), err,
						 sizeof(err)),
			 -1);
	ck_assert_int_eq(ike_algs_ikev2_proposal(mixed, NULL, prf, groups, out, sizeof(out), err,
						 sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "aes-gcm"), "%s", err);
}
END_TEST

START_TEST(ikev2_proposal_incomplete_or_unsupported)
{
	const char *encr[] = {"aes-cbc-256", NULL};
	const char *des[] = {"des", NULL};
	const char *integ[] = {"sha256", NULL};
	const char *groups[] = {"14", NULL};

	ck_assert_int_eq(ike_algs_ikev2_proposal(encr, NULL, NULL, groups, out, sizeof(out), err,
						 sizeof(err)),
			 -1);
	ck_assert_int_eq(ike_algs_ikev2_proposal(encr, integ, NULL, NULL, out, sizeof(out), err,
						 sizeof(err)),
			 -1);
	ck_assert_int_eq(ike_algs_ikev2_proposal(des, integ, NULL, groups, out, sizeof(out), err,
						 sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "des is not supported"), "%s", err);
}
END_TEST

START_TEST(ikev1_policy)
{
	ck_assert_int_eq(ike_algs_ikev1_proposal("aes", 256, "sha256", 14, out, sizeof(out), err,
						 sizeof(err)),
			 0);
	ck_assert_str_eq(out, "aes256-sha256-modp2048");
	/* "encryption aes" alone is AES-128; hash sha is SHA-1 */
	ck_assert_int_eq(ike_algs_ikev1_proposal("aes", 0, "sha", 2, out, sizeof(out), err,
						 sizeof(err)),
			 0);
	ck_assert_str_eq(out, "aes128-sha1-modp1024");
	ck_assert_int_eq(ike_algs_ikev1_proposal("3des", 0, "md5", 5, out, sizeof(out), err,
						 sizeof(err)),
			 0);
	ck_assert_str_eq(out, "3des-md5-modp1536");
	ck_assert_int_eq(ike_algs_ikev1_proposal("des", 0, "sha", 2, out, sizeof(out), err,
						 sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "encryption des is not supported"), "%s", err);
	ck_assert_int_eq(ike_algs_ikev1_proposal("aes", 512, "sha", 2, out, sizeof(out), err,
						 sizeof(err)),
			 -1);
	ck_assert_int_eq(ike_algs_ikev1_proposal("aes", 256, "sha1", 2, out, sizeof(out), err,
						 sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "sha1"), "%s", err);
}
END_TEST

START_TEST(esp_transform_sets)
{
	static const struct {
		const char *words[4];
		const char *ss;
	} cases[] = {
		{{"esp-aes", "256", "esp-sha256-hmac", NULL}, "aes256-sha256"},
		{{"esp-aes", "esp-sha-hmac", NULL}, "aes128-sha1"},
		{{"esp-sha-hmac", "esp-aes", "192", NULL}, "aes192-sha1"},
		{{"esp-gcm", "256", NULL}, "aes256gcm16"},
		{{"esp-gcm", NULL}, "aes128gcm16"},
		{{"esp-3des", "esp-md5-hmac", NULL}, "3des-md5"},
		{{"esp-null", "esp-sha512-hmac", NULL}, "null-sha512"},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_msg(ike_algs_esp_proposal(cases[i].words, out, sizeof(out), err,
						    sizeof(err)) == 0,
			      "case %zu: %s", i, err);
		ck_assert_str_eq(out, cases[i].ss);
		ck_assert_int_eq(ike_algs_check_proposal(out, true, err, sizeof(err)), 0);
	}
}
END_TEST

START_TEST(esp_refused_by_name)
{
	const char *des[] = {"esp-des", "esp-sha-hmac", NULL};
	const char *ah[] = {"ah-sha-hmac", "esp-aes", NULL};
	const char *two[] = {"esp-aes", "esp-3des", NULL};
	const char *gcm_auth[] = {"esp-gcm", "256", "esp-sha-hmac", NULL};
	const char *auth_only[] = {"esp-sha-hmac", NULL};
	const char *bogus[] = {"esp-aes", "esp-sha1024-hmac", NULL};

	ck_assert_int_eq(ike_algs_esp_proposal(des, out, sizeof(out), err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "esp-des is not supported"), "%s", err);
	ck_assert_int_eq(ike_algs_esp_proposal(ah, out, sizeof(out), err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "AH is not supported"), "%s", err);
	ck_assert_int_eq(ike_algs_esp_proposal(two, out, sizeof(out), err, sizeof(err)), -1);
	ck_assert_int_eq(ike_algs_esp_proposal(gcm_auth, out, sizeof(out), err, sizeof(err)), -1);
	ck_assert_int_eq(ike_algs_esp_proposal(auth_only, out, sizeof(out), err, sizeof(err)), -1);
	ck_assert_int_eq(ike_algs_esp_proposal(bogus, out, sizeof(out), err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "esp-sha1024-hmac"), "%s", err);
}
END_TEST

START_TEST(check_proposal_tokens)
{
	ck_assert_int_eq(ike_algs_check_proposal("aes256-sha256-modp2048", false, err,
						 sizeof(err)),
			 0);
	ck_assert_int_eq(ike_algs_check_proposal("aes256-sha256-modp2048", true, err, sizeof(err)),
			 0);
	/* a PRF has no place in an ESP proposal */
	ck_assert_int_eq(ike_algs_check_proposal("aes256gcm16-prfsha256", true, err, sizeof(err)),
			 -1);
	ck_assert_int_eq(ike_algs_check_proposal("aes256-blowfish-sha1", false, err, sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "blowfish"), "%s", err);
	ck_assert_int_eq(ike_algs_check_proposal("sha256-modp2048", false, err, sizeof(err)), -1);
	ck_assert_int_eq(ike_algs_check_proposal("", false, err, sizeof(err)), -1);
}
END_TEST

static Suite *algs_suite(void)
{
	Suite *s = suite_create("iked_algs");
	TCase *tc = tcase_create("names");

	tcase_add_test(tc, ikev2_single_names);
	tcase_add_test(tc, ikev2_refused_by_name);
	tcase_add_test(tc, ikev2_proposal_azure_example);
	tcase_add_test(tc, ikev2_proposal_dmvpn_example);
	tcase_add_test(tc, ikev2_proposal_gcm_rules);
	tcase_add_test(tc, ikev2_proposal_incomplete_or_unsupported);
	tcase_add_test(tc, ikev1_policy);
	tcase_add_test(tc, esp_transform_sets);
	tcase_add_test(tc, esp_refused_by_name);
	tcase_add_test(tc, check_proposal_tokens);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(algs_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
