/* ike_map: IOS configurations (the golden files and inline ones) to the
 * ike_spec entries routerd pushes to iked, and the refusals. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ifmap.h"
#include "owner_ike.h"
#include "router_priv.h"

static struct router *
load_file(const char *path)
{
	struct router_options opt = { .dry_run = true };
	struct router *r = router_new(&opt);

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(router_load_file(r, path, stderr), 0);
	return r;
}

static struct router *
load_text(const char *text)
{
	char path[] = "/tmp/check_ike_map.XXXXXX";
	int fd = mkstemp(path);
	struct router *r;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	r = load_file(path);
	unlink(path);
	return r;
}

static const struct ike_spec *
find(const struct ike_map *m, const char *name)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->specs[i].name, name))
			return &m->specs[i];
	ck_abort_msg("no spec %s", name);
	return NULL;
}

START_TEST(golden_p2p_ikev1)
{
	struct router *r = load_file(TOP_SRCDIR "/tests/golden/p2p-gre-ikev1.cfg");
	struct ike_map m;
	char why[256];
	const struct ike_spec *s;

	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), 0);
	ck_assert_int_eq(m.n, 1);
	s = find(&m, "Tunnel1");
	ck_assert_str_eq(m.ifname[0], "Tunnel1");
	ck_assert_int_eq(s->version, 1);
	ck_assert_str_eq(s->local, "198.51.100.1"); /* tunnel source GigabitEthernet0/0 */
	ck_assert_str_eq(s->remote, "198.51.100.2");
	ck_assert_int_eq(s->peer_initiates, 1); /* p2p: both ends initiate */
	ck_assert_str_eq(s->psk, "Gre#Psk!2026");
	ck_assert_int_eq(s->n_ike, 1);
	ck_assert_str_eq(s->ike[0], "aes256-sha256-modp2048");
	ck_assert_int_eq(s->n_esp, 1);
	ck_assert_str_eq(s->esp[0], "aes256-sha1");
	ck_assert_int_eq(s->mode, IKE_MODE_TRANSPORT);
	ck_assert_int_eq(s->proto, 47);
	ck_assert_int_eq(s->pfs_group, 14);
	ck_assert_int_eq(s->ike_lifetime, 28800);
	ck_assert_int_eq(s->ipsec_lifetime_s, 3600);
	ck_assert_int_eq(s->initiate, 1);
	ck_assert_int_eq(s->dpd.mode, IKE_DPD_OFF); /* keepalive is global */
	ck_assert_int_eq(m.globals.isakmp_keepalive.mode, IKE_DPD_PERIODIC);
	ck_assert_int_eq(m.globals.isakmp_keepalive.interval, 10);
	ck_assert_int_eq(m.globals.isakmp_keepalive.retry, 3);
	ck_assert_int_eq(m.globals.ikev2_dpd.mode, IKE_DPD_OFF);
	ike_map_free(&m);
	router_free(r);
}
END_TEST

START_TEST(golden_dmvpn_spoke)
{
	struct router *r = load_file(TOP_SRCDIR "/tests/golden/dmvpn-spoke.cfg");
	struct ike_map m;
	char why[256];
	const struct ike_spec *any, *nhs;

	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), 0);
	ck_assert_int_eq(m.n, 2);
	any = find(&m, "Tunnel0");
	nhs = find(&m, "Tunnel0-nhs-203.0.113.1");
	ck_assert_str_eq(any->remote, IKE_SPEC_ANY);
	ck_assert_int_eq(any->initiate, 0);
	ck_assert_str_eq(nhs->remote, "203.0.113.1");
	ck_assert_int_eq(nhs->peer_initiates, 0); /* a hub answers, never initiates */
	ck_assert_int_eq(nhs->initiate, 1);
	ck_assert_str_eq(nhs->local, "203.0.113.11");
	ck_assert_int_eq(nhs->version, 2);
	ck_assert_str_eq(nhs->psk, "Dmvpn-S3cret");
	ck_assert_str_eq(nhs->ike[0], "aes256-sha256-modp2048");
	ck_assert_str_eq(nhs->esp[0], "aes256-sha256");
	ck_assert_int_eq(nhs->mode, IKE_MODE_TRANSPORT);
	ck_assert_int_eq(m.globals.ikev2_dpd.mode, IKE_DPD_ON_DEMAND);
	ck_assert_int_eq(m.globals.ikev2_dpd.interval, 10);
	ck_assert_int_eq(m.globals.ikev2_dpd.retry, 3);
	ike_map_free(&m);
	router_free(r);
}
END_TEST

START_TEST(golden_dmvpn_hub)
{
	struct router *r = load_file(TOP_SRCDIR "/tests/golden/dmvpn-hub.cfg");
	struct ike_map m;
	char why[256];
	const struct ike_spec *s;

	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), 0);
	ck_assert_int_eq(m.n, 1);
	s = find(&m, "Tunnel0");
	ck_assert_str_eq(s->remote, IKE_SPEC_ANY);
	ck_assert_int_eq(s->initiate, 0);
	ck_assert_int_eq(s->dpd.mode, IKE_DPD_ON_DEMAND); /* profile dpd 30 5 on-demand */
	ck_assert_int_eq(s->dpd.interval, 30);
	ck_assert_int_eq(s->dpd.retry, 5);
	ike_map_free(&m);
	router_free(r);
}
END_TEST

#define IKEV2_BASE                                                                   \
	"crypto ikev2 keyring KR\n"                                                  \
	" peer R2\n"                                                                 \
	"  address 192.0.2.2\n"                                                      \
	"  pre-shared-key k2\n"                                                      \
	" peer NET\n"                                                                \
	"  address 192.0.2.0 255.255.255.0\n"                                        \
	"  pre-shared-key knet\n"                                                    \
	"crypto ikev2 profile P\n"                                                   \
	" match identity remote address 192.0.2.2 255.255.255.255\n"                 \
	" identity local fqdn r1.example.net\n"                                      \
	" authentication remote pre-share\n"                                         \
	" authentication local pre-share\n"                                          \
	" keyring local KR\n"                                                        \
	" dpd 10 2 periodic\n"                                                       \
	" lifetime 3600\n"                                                           \
	"crypto ipsec transform-set TS esp-aes 128 esp-sha256-hmac\n"                \
	"crypto ipsec profile IP\n"                                                  \
	" set transform-set TS\n"                                                    \
	" set ikev2-profile P\n"                                                     \
	" set security-association lifetime seconds 1800\n"                          \
	"interface GigabitEthernet0/0\n"                                             \
	" ip address 192.0.2.1 255.255.255.0\n"                                      \
	"interface Tunnel1\n"                                                        \
	" ip address 10.0.0.1 255.255.255.252\n"                                     \
	" tunnel source GigabitEthernet0/0\n"                                        \
	" tunnel destination 192.0.2.2\n"                                            \
	" tunnel protection ipsec profile IP\n"

START_TEST(ikev2_smart_default_and_profile)
{
	struct router *r = load_text(IKEV2_BASE "interface Tunnel2\n"
						" tunnel source 192.0.2.1\n"
						" tunnel destination 192.0.2.9\n"
						" tunnel mode ipsec ipv4\n"
						" tunnel protection ipsec profile IP\n");
	struct ike_map m;
	char why[256];
	const struct ike_spec *s, *vti;

	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), 0);
	ck_assert_int_eq(m.n, 2);
	s = find(&m, "Tunnel1");
	/* no crypto ikev2 policy: IOS's smart default proposal */
	ck_assert_int_eq(s->n_ike, 1);
	ck_assert_str_eq(s->ike[0], ike_map_default_ikev2_proposal);
	ck_assert_str_eq(s->psk, "k2"); /* the /32 peer beats the /24 */
	ck_assert_str_eq(s->local_id, "r1.example.net");
	ck_assert_int_eq(s->dpd.mode, IKE_DPD_PERIODIC);
	ck_assert_int_eq(s->dpd.interval, 10);
	ck_assert_int_eq(s->dpd.retry, 2);
	ck_assert_int_eq(s->ike_lifetime, 3600);
	ck_assert_int_eq(s->ipsec_lifetime_s, 1800);
	ck_assert_int_eq(s->mode, IKE_MODE_TUNNEL); /* transform-set without mode transport */
	ck_assert_int_eq(s->proto, 47);
	ck_assert_str_eq(s->esp[0], "aes128-sha256");
	vti = find(&m, "Tunnel2");
	ck_assert_str_eq(vti->psk, "knet");
	ck_assert_str_eq(vti->local, "192.0.2.1");
	ck_assert_int_eq(vti->mode, IKE_MODE_TUNNEL);
	ck_assert_int_eq(vti->proto, 0);
	/* the VTI's key (Tunnel2: 3) marks its SAs; GRE protection has none */
	ck_assert_uint_eq(vti->mark, 3);
	ck_assert_uint_eq(s->mark, 0);
	ike_map_free(&m);
	router_free(r);
}
END_TEST

/* Every VTI has its own mark, the one the kernel owner gives the device
 * (ifname_vti_key), even a transport-mode transform set gives tunnel mode;
 * the highest tunnel number still fits. */
START_TEST(vti_marks_per_tunnel)
{
	struct router *r = load_text(IKEV2_BASE "crypto ipsec transform-set TT esp-aes 256 esp-sha-hmac\n"
						" mode transport\n"
						"crypto ipsec profile VT\n"
						" set transform-set TT\n"
						" set ikev2-profile P\n"
						"interface Tunnel0\n"
						" tunnel source 192.0.2.1\n"
						" tunnel destination 192.0.2.7\n"
						" tunnel mode ipsec ipv4\n"
						" tunnel protection ipsec profile VT\n"
						"interface Tunnel2147483647\n"
						" tunnel source 192.0.2.1\n"
						" tunnel destination 192.0.2.8\n"
						" tunnel mode ipsec ipv4\n"
						" tunnel protection ipsec profile IP\n");
	struct ike_map m;
	char why[256];
	const struct ike_spec *a, *b;

	ck_assert_msg(ike_map_build(r->running, &m, why, sizeof(why)) == 0, "%s", why);
	a = find(&m, "Tunnel0");
	b = find(&m, "Tunnel2147483647");
	ck_assert_uint_eq(a->mark, ifname_vti_key("Tunnel0"));
	ck_assert_uint_eq(a->mark, 1);
	ck_assert_uint_eq(b->mark, 2147483648u);
	ck_assert_int_eq(a->mode, IKE_MODE_TUNNEL);
	ck_assert_int_eq(a->proto, 0);
	ck_assert_str_eq(a->esp[0], "aes256-sha1");
	ck_assert_uint_eq(find(&m, "Tunnel1")->mark, 0);
	ike_map_free(&m);
	router_free(r);
}
END_TEST

START_TEST(ikev2_policy_proposals_by_local_address)
{
	struct router *r = load_text("crypto ikev2 proposal A\n"
				     " encryption aes-cbc-256 aes-cbc-128\n"
				     " integrity sha512\n"
				     " group 19 14\n"
				     "crypto ikev2 proposal B\n"
				     " encryption aes-gcm-256\n"
				     " prf sha384\n"
				     " group 20\n"
				     "crypto ikev2 policy OTHER\n"
				     " proposal B\n"
				     " match address local 198.18.0.1\n"
				     "crypto ikev2 policy ANY\n"
				     " proposal A\n"
				     "crypto ikev2 policy MINE\n"
				     " proposal B\n"
				     " match address local 192.0.2.1\n" IKEV2_BASE);
	struct ike_map m;
	char why[256];
	const struct ike_spec *s;

	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), 0);
	s = find(&m, "Tunnel1");
	/* the policy matching the local address wins over the one without match */
	ck_assert_int_eq(s->n_ike, 1);
	ck_assert_str_eq(s->ike[0], "aes256gcm16-prfsha384-ecp384");
	ike_map_free(&m);
	router_free(r);
	r = load_text("crypto ikev2 proposal A\n"
		      " encryption aes-cbc-256 aes-cbc-128\n"
		      " integrity sha512\n"
		      " group 19 14\n"
		      "crypto ikev2 policy ANY\n"
		      " proposal A\n" IKEV2_BASE);
	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), 0);
	s = find(&m, "Tunnel1");
	ck_assert_str_eq(s->ike[0], "aes256-aes128-sha512-ecp256-modp2048");
	ike_map_free(&m);
	router_free(r);
}
END_TEST

START_TEST(unsupported_algorithm_refused_by_name)
{
	struct router *r = load_text("crypto ikev2 proposal OLD\n"
				     " encryption des\n"
				     " integrity sha1\n"
				     " group 2\n"
				     "crypto ikev2 policy POL\n"
				     " proposal OLD\n" IKEV2_BASE);
	struct ike_map m;
	char why[256] = "";

	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "crypto ikev2 proposal OLD") && strstr(why, "des"), "%s", why);
	router_free(r);
}
END_TEST

START_TEST(two_dpd_retries_refused)
{
	struct router *r = load_text(IKEV2_BASE "crypto ikev2 dpd 10 5 periodic\n"
						"crypto ikev2 profile Q\n"
						" authentication remote pre-share\n"
						" authentication local pre-share\n"
						" keyring local KR\n"
						"crypto ipsec profile IQ\n"
						" set transform-set TS\n"
						" set ikev2-profile Q\n"
						"interface Tunnel3\n"
						" tunnel source 192.0.2.1\n"
						" tunnel destination 192.0.2.3\n"
						" tunnel protection ipsec profile IQ\n");
	struct ike_map m;
	char why[256] = "";

	/* Tunnel1: profile dpd retry 2; Tunnel3: global retry 5 */
	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "Tunnel1") && strstr(why, "Tunnel3"), "%s", why);
	router_free(r);
}
END_TEST

START_TEST(incomplete_tunnel_noted)
{
	struct router *r = load_text("crypto isakmp policy 10\n"
				     " encr aes 256\n"
				     " authentication pre-share\n"
				     " group 14\n"
				     "crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac\n"
				     " mode transport\n"
				     "crypto ipsec profile IP\n"
				     " set transform-set TS\n"
				     "interface Tunnel1\n"
				     " tunnel source 192.0.2.1\n"
				     " tunnel protection ipsec profile IP\n"
				     "interface Tunnel2\n"
				     " tunnel source 192.0.2.1\n"
				     " tunnel destination 192.0.2.2\n"
				     " tunnel protection ipsec profile IP\n");
	struct ike_map m;
	char why[256];

	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), 0);
	ck_assert_int_eq(m.n, 0);
	ck_assert_msg(strstr(m.notes, "Tunnel1: no tunnel destination"), "%s", m.notes);
	ck_assert_msg(strstr(m.notes, "Tunnel2: no crypto isakmp key for 192.0.2.2"), "%s",
		      m.notes);
	ike_map_free(&m);
	router_free(r);
}
END_TEST

/* Keyring peers: one key for both sides, a local and a remote key (IOS
 * signs with the local one and checks the peer with the remote one), or
 * only one of the two (the peer cannot authenticate: noted, no spec). */
START_TEST(keyring_local_and_remote_keys)
{
	struct router *r = load_text("crypto ikev2 keyring KR\n"
				     " peer BOTH\n"
				     "  address 192.0.2.2\n"
				     "  pre-shared-key same\n"
				     " peer SPLIT\n"
				     "  address 192.0.2.3\n"
				     "  pre-shared-key remote theirs\n"
				     "  pre-shared-key local ours\n"
				     " peer HALF\n"
				     "  address 192.0.2.4\n"
				     "  pre-shared-key local only-ours\n"
				     "crypto ikev2 profile P\n"
				     " keyring local KR\n"
				     "crypto ipsec profile IP\n"
				     " set ikev2-profile P\n"
				     "interface Tunnel2\n"
				     " tunnel source 192.0.2.1\n"
				     " tunnel destination 192.0.2.2\n"
				     " tunnel protection ipsec profile IP\n"
				     "interface Tunnel3\n"
				     " tunnel source 192.0.2.1\n"
				     " tunnel destination 192.0.2.3\n"
				     " tunnel protection ipsec profile IP\n"
				     "interface Tunnel4\n"
				     " tunnel source 192.0.2.1\n"
				     " tunnel destination 192.0.2.4\n"
				     " tunnel protection ipsec profile IP\n");
	struct ike_map m;
	char why[256];
	const struct ike_spec *s;

	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), 0);
	ck_assert_int_eq(m.n, 2);
	s = find(&m, "Tunnel2");
	ck_assert_str_eq(s->psk, "same");
	ck_assert_str_eq(s->psk_remote, "");
	s = find(&m, "Tunnel3");
	ck_assert_str_eq(s->psk, "ours");
	ck_assert_str_eq(s->psk_remote, "theirs");
	ck_assert_msg(strstr(m.notes, "Tunnel4: keyring KR has no remote pre-shared key for "
				      "192.0.2.4"),
		      "%s", m.notes);
	ike_map_free(&m);
	router_free(r);
}
END_TEST

START_TEST(ikev1_policies_by_priority)
{
	struct router *r = load_text("crypto isakmp policy 20\n"
				     " encr 3des\n"
				     " hash md5\n"
				     " authentication pre-share\n"
				     " group 2\n"
				     "crypto isakmp policy 5\n"
				     " encr aes\n"
				     " authentication pre-share\n"
				     " group 5\n"
				     "crypto isakmp policy 1\n"
				     " encr aes 256\n"
				     " group 14\n" /* rsa-sig: not usable with keys */
				     "crypto isakmp key wide address 0.0.0.0 0.0.0.0\n"
				     "crypto isakmp key narrow address 192.0.2.2\n"
				     "crypto ipsec transform-set TS esp-3des esp-md5-hmac\n"
				     "crypto ipsec profile IP\n"
				     " set transform-set TS\n"
				     "interface Tunnel1\n"
				     " tunnel source 192.0.2.1\n"
				     " tunnel destination 192.0.2.2\n"
				     " tunnel protection ipsec profile IP\n"
				     "interface Tunnel9\n"
				     " tunnel source 192.0.2.1\n"
				     " tunnel mode gre multipoint\n"
				     " tunnel protection ipsec profile IP\n");
	struct ike_map m;
	char why[256];
	const struct ike_spec *s;

	ck_assert_int_eq(ike_map_build(r->running, &m, why, sizeof(why)), 0);
	ck_assert_int_eq(m.n, 2);
	s = find(&m, "Tunnel1");
	ck_assert_int_eq(s->version, 1);
	ck_assert_str_eq(s->psk, "narrow");
	ck_assert_int_eq(s->n_ike, 2);
	ck_assert_str_eq(s->ike[0], "aes128-sha1-modp1536");
	ck_assert_str_eq(s->ike[1], "3des-md5-modp1024");
	ck_assert_str_eq(s->esp[0], "3des-md5");
	s = find(&m, "Tunnel9");
	ck_assert_str_eq(s->remote, IKE_SPEC_ANY);
	ck_assert_str_eq(s->psk, "wide");
	ike_map_free(&m);
	router_free(r);
}
END_TEST

static Suite *
suite(void)
{
	Suite *s = suite_create("ike_map");
	TCase *t = tcase_create("map");

	tcase_add_test(t, golden_p2p_ikev1);
	tcase_add_test(t, golden_dmvpn_spoke);
	tcase_add_test(t, golden_dmvpn_hub);
	tcase_add_test(t, ikev2_smart_default_and_profile);
	tcase_add_test(t, vti_marks_per_tunnel);
	tcase_add_test(t, ikev2_policy_proposals_by_local_address);
	tcase_add_test(t, unsupported_algorithm_refused_by_name);
	tcase_add_test(t, two_dpd_retries_refused);
	tcase_add_test(t, incomplete_tunnel_noted);
	tcase_add_test(t, ikev1_policies_by_priority);
	tcase_add_test(t, keyring_local_and_remote_keys);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
