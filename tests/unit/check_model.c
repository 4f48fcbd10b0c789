/* Unit tests: the model (copy on write, diff), interface names, the
 * running-config printer, validation and transactions with the fake owner. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "router_priv.h"

static struct m_interface *
edit_if(struct model *m, const char *name)
{
	return (struct m_interface *)model_edit(m, MK_INTERFACE, name, true);
}

START_TEST(test_clone_is_copy_on_write)
{
	struct model *a = model_new(), *b;
	struct m_interface *f = edit_if(a, "Tunnel0");

	f->has_mtu = true;
	f->mtu = 1400;
	b = model_clone(a);
	ck_assert(model_equal(a, b));
	ck_assert_ptr_eq(model_get(a, MK_INTERFACE, "Tunnel0"), model_get(b, MK_INTERFACE, "Tunnel0"));
	f = edit_if(b, "Tunnel0");
	f->mtu = 1300;
	ck_assert_ptr_ne(model_get(a, MK_INTERFACE, "Tunnel0"), model_get(b, MK_INTERFACE, "Tunnel0"));
	ck_assert_uint_eq(model_interface(a, "Tunnel0")->mtu, 1400);
	ck_assert(!model_equal(a, b));
	f->mtu = 1400;
	ck_assert(model_equal(a, b)); /* equal by value, not by pointer */
	ck_assert(model_del(b, MK_INTERFACE, "Tunnel0"));
	ck_assert(!model_del(b, MK_INTERFACE, "Tunnel0"));
	ck_assert_ptr_nonnull(model_interface(a, "Tunnel0"));
	model_free(a);
	model_free(b);
}
END_TEST

struct diff_count {
	int add, mod, del;
};

static int
count(const struct model_change *c, void *arg)
{
	struct diff_count *d = arg;

	if (c->op == CHANGE_ADD)
		d->add++;
	else if (c->op == CHANGE_MODIFY)
		d->mod++;
	else
		d->del++;
	return 0;
}

START_TEST(test_diff)
{
	struct model *a = model_new(), *b;
	struct diff_count d = { 0 };

	edit_if(a, "Tunnel0");
	edit_if(a, "Tunnel1");
	edit_if(a, "Tunnel2");
	b = model_clone(a);
	model_del(b, MK_INTERFACE, "Tunnel0");
	edit_if(b, "Tunnel1")->shutdown = true;
	edit_if(b, "Tunnel3");
	model_strset(model_system_edit(b)->hostname, MODEL_NAME_LEN, "R1");
	model_diff(a, b, count, &d);
	ck_assert_int_eq(d.add, 1);
	ck_assert_int_eq(d.mod, 2); /* Tunnel1, system */
	ck_assert_int_eq(d.del, 1);
	model_free(a);
	model_free(b);
}
END_TEST

static const char *
canon(const struct ifmap *map, const char *typed)
{
	static char out[MODEL_NAME_LEN];
	char err[128];

	if (!ifname_canonical(map, typed, out, sizeof(out), err, sizeof(err)))
		return NULL;
	return out;
}

START_TEST(test_ifnames)
{
	struct ifmap *map = ifmap_new();

	ck_assert_str_eq(canon(NULL, "gi0/0"), "GigabitEthernet0/0");
	ck_assert_str_eq(canon(NULL, "Gig0/0"), "GigabitEthernet0/0");
	ck_assert_str_eq(canon(NULL, "GigabitEthernet 0/1"), "GigabitEthernet0/1");
	ck_assert_str_eq(canon(NULL, "tun0"), "Tunnel0");
	ck_assert_str_eq(canon(NULL, "Tu10"), "Tunnel10");
	ck_assert_str_eq(canon(NULL, "lo1"), "Loopback1");
	ck_assert_str_eq(canon(NULL, "Gi1"), "GigabitEthernet1");
	ck_assert_str_eq(canon(NULL, "Eth0"), "Ethernet0");
	ck_assert_str_eq(canon(NULL, "eth0"), "eth0"); /* a Linux name */
	ck_assert_str_eq(canon(NULL, "ens3"), "ens3");
	ck_assert_str_eq(canon(NULL, "fa0/1.100"), "FastEthernet0/1.100");
	ck_assert_ptr_null(canon(NULL, "t0/0")); /* Tunnel or TenGigabitEthernet */
	ck_assert_ptr_null(canon(NULL, "averyveryverylongname0"));
	ck_assert_ptr_null(canon(NULL, "bad:name"));
	ck_assert_int_eq(ifmap_add(map, "Gi0/1", "eth1"), 0);
	ck_assert_int_eq(ifmap_add(map, "GigabitEthernet0/1", "eth2"), -1);
	ck_assert_str_eq(canon(map, "eth1"), "GigabitEthernet0/1");
	ck_assert_str_eq(ifmap_linux(map, "GigabitEthernet0/1"), "eth1");
	ck_assert_str_eq(ifname_kernel(map, "GigabitEthernet0/1"), "eth1");
	ck_assert_str_eq(ifname_kernel(map, "Tunnel5"), "Tunnel5");
	ck_assert_str_eq(ifname_kernel(NULL, "ens3"), "ens3");
	ck_assert_ptr_null(ifname_kernel(map, "GigabitEthernet0/2"));
	ck_assert(ifname_is_tunnel("Tunnel5"));
	ck_assert(!ifname_is_tunnel("GigabitEthernet0/0"));
	ck_assert(ifname_is_virtual("Loopback0"));
	ck_assert_int_lt(ifname_compare("Tunnel2", "Tunnel10"), 0);
	ck_assert_int_lt(ifname_compare("Tunnel10", "GigabitEthernet0/0"), 0);
	ck_assert_int_lt(ifname_compare("GigabitEthernet0/0", "eth0"), 0);
	ifmap_free(map);
}
END_TEST

START_TEST(test_ifmap_file)
{
	char path[] = "/tmp/check_model_ifmap.XXXXXX", err[256] = "";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct ifmap *map;

	fputs("# comment\n! also a comment\n\nGi0/0 eth0\n  Tunnel9 gre9\n", f);
	fclose(f);
	map = ifmap_load(path, err, sizeof(err));
	ck_assert_ptr_nonnull(map);
	ck_assert_str_eq(ifmap_linux(map, "GigabitEthernet0/0"), "eth0");
	ck_assert_str_eq(ifmap_ios(map, "gre9"), "Tunnel9");
	ifmap_free(map);
	f = fopen(path, "w");
	fputs("GigabitEthernet0/0 eth0\neth1\n", f);
	fclose(f);
	ck_assert_ptr_null(ifmap_load(path, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, ":2: expected"));
	f = fopen(path, "w");
	fputs("GigabitEthernet0/0 eth0\nGigabitEthernet0/1 eth0\n", f);
	fclose(f);
	ck_assert_ptr_null(ifmap_load(path, err, sizeof(err))); /* eth0 twice */
	unlink(path);
	ck_assert_ptr_null(ifmap_load(path, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "No such file"));
}
END_TEST

/* The §1.7 hub's crypto and interfaces, built by hand. */
static struct model *
hub_model(void)
{
	struct model *m = model_new();
	struct m_ikev2_proposal *pr =
		(void *)model_edit(m, MK_IKEV2_PROPOSAL, "DMVPN-PROP", true);
	struct m_ikev2_keyring *kr = (void *)model_edit(m, MK_IKEV2_KEYRING, "DMVPN-KR", true);
	struct m_ikev2_profile *pf = (void *)model_edit(m, MK_IKEV2_PROFILE, "DMVPN-IKEV2", true);
	struct m_transform_set *ts = (void *)model_edit(m, MK_TRANSFORM_SET, "DMVPN-TS", true);
	struct m_ipsec_profile *ip = (void *)model_edit(m, MK_IPSEC_PROFILE, "DMVPN-IPSEC", true);
	struct m_interface *t = edit_if(m, "Tunnel0"), *g;

	pr->encr[pr->n_encr++] = ENCR_AES_CBC_256;
	pr->integ[pr->n_integ++] = HASH_SHA256;
	pr->group[pr->n_group++] = 14;
	model_strset(kr->peer[0].name, MODEL_NAME_LEN, "ANY");
	kr->peer[0].has_address = kr->peer[0].address_has_mask = true;
	kr->peer[0].psk_both = true;
	model_strset(kr->peer[0].psk_local, MODEL_KEY_LEN, "Dmvpn-S3cret");
	model_strset(kr->peer[0].psk_remote, MODEL_KEY_LEN, "Dmvpn-S3cret");
	kr->n_peer = 1;
	pf->n_match_remote = 1;
	pf->auth_local_psk = pf->auth_remote_psk = true;
	model_strset(pf->keyring, MODEL_NAME_LEN, "DMVPN-KR");
	pf->dpd = (struct m_dpd){ .set = true, .interval = 30, .retry = 5 };
	ts->encr = ESP_AES;
	ts->keysize = 256;
	ts->auth = ESP_SHA256_HMAC;
	ts->transport = true;
	model_strset(ip->tset[0], MODEL_NAME_LEN, "DMVPN-TS");
	ip->n_tset = 1;
	model_strset(ip->ikev2_profile, MODEL_NAME_LEN, "DMVPN-IKEV2");
	model_strset(t->description, MODEL_DESC_LEN, "DMVPN hub");
	t->has_address = true;
	t->address = (struct m_prefix){ 0xac100001, 0xffffff00 };
	t->no_redirects = true;
	t->has_mtu = true;
	t->mtu = 1400;
	model_strset(t->nhrp.auth, sizeof(t->nhrp.auth), "NHRPkey");
	t->nhrp.map_mcast_dynamic = true;
	t->nhrp.has_network_id = true;
	t->nhrp.network_id = 100;
	t->nhrp.has_holdtime = true;
	t->nhrp.holdtime = 300;
	t->nhrp.redirect = true;
	t->has_mss = true;
	t->mss = 1360;
	t->tunnel.has_source_if = true;
	model_strset(t->tunnel.source_if, MODEL_NAME_LEN, "GigabitEthernet0/0");
	t->tunnel.mode = TUNNEL_GRE_MULTIPOINT;
	t->tunnel.has_key = true;
	t->tunnel.key = 100;
	t->protection.set = true;
	model_strset(t->protection.profile, MODEL_NAME_LEN, "DMVPN-IPSEC");
	g = edit_if(m, "GigabitEthernet0/0");
	g->has_address = true;
	g->address = (struct m_prefix){ 0xcb007101, 0xffffff00 };
	return m;
}

static const char hub_text[] =
	"hostname Router\n"
	"!\n"
	"crypto ikev2 proposal DMVPN-PROP\n"
	" encryption aes-cbc-256\n"
	" integrity sha256\n"
	" group 14\n"
	"!\n"
	"crypto ikev2 keyring DMVPN-KR\n"
	" peer ANY\n"
	"  address 0.0.0.0 0.0.0.0\n"
	"  pre-shared-key Dmvpn-S3cret\n"
	" !\n"
	"!\n"
	"crypto ikev2 profile DMVPN-IKEV2\n"
	" match identity remote address 0.0.0.0\n"
	" authentication remote pre-share\n"
	" authentication local pre-share\n"
	" keyring local DMVPN-KR\n"
	" dpd 30 5 on-demand\n"
	"!\n"
	"crypto ipsec transform-set DMVPN-TS esp-aes 256 esp-sha256-hmac\n"
	" mode transport\n"
	"!\n"
	"crypto ipsec profile DMVPN-IPSEC\n"
	" set transform-set DMVPN-TS\n"
	" set ikev2-profile DMVPN-IKEV2\n"
	"!\n"
	"interface Tunnel0\n"
	" description DMVPN hub\n"
	" ip address 172.16.0.1 255.255.255.0\n"
	" no ip redirects\n"
	" ip mtu 1400\n"
	" ip nhrp authentication NHRPkey\n"
	" ip nhrp map multicast dynamic\n"
	" ip nhrp network-id 100\n"
	" ip nhrp holdtime 300\n"
	" ip nhrp redirect\n"
	" ip tcp adjust-mss 1360\n"
	" tunnel source GigabitEthernet0/0\n"
	" tunnel mode gre multipoint\n"
	" tunnel key 100\n"
	" tunnel protection ipsec profile DMVPN-IPSEC\n"
	"!\n"
	"interface GigabitEthernet0/0\n"
	" ip address 203.0.113.1 255.255.255.0\n"
	"!\n"
	"end\n";

START_TEST(test_print_hub)
{
	struct model *m = hub_model();
	struct strbuf b = { 0 };

	running_config_body(m, &b, NULL);
	ck_assert_str_eq(b.s, hub_text);
	sb_free(&b);
	model_free(m);
}
END_TEST

START_TEST(test_print_header)
{
	struct model *m = model_new();
	size_t len;
	char *s = running_config_text(m, 0, NULL, &len);
	const char *body = strstr(s, "!\n");
	unsigned long n;

	ck_assert_ptr_nonnull(body);
	ck_assert(strncmp(s, "Building configuration...\n\nCurrent configuration : ", 51) == 0);
	n = strtoul(s + 51, NULL, 10);
	ck_assert_uint_eq(n, strlen(body));
	ck_assert_ptr_nonnull(strstr(s, "! Last configuration change at 00:00:00 UTC Thu Jan  1 1970\n"));
	ck_assert_uint_eq(len, strlen(s));
	ck_assert(strcmp(s + len - 4, "end\n") == 0);
	free(s);
	s = running_config_text(m, 0, "Tunnel9", &len);
	ck_assert_str_eq(s, "Building configuration...\n\nCurrent configuration : 6 bytes\n!\nend\n");
	free(s);
	model_free(m);
}
END_TEST

/* --- Transactions ---------------------------------------------------------- */

struct fixture {
	struct router r;
	struct owner_fake_state st;
};

static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->r.running = model_new();
	f->st.reason = "Tunnel source is not up";
	for (int i = 0; i < OWNER_COUNT; i++)
		f->r.owners[i] = owner_fake_new("fake", &f->st);
}

static void
fixture_fini(struct fixture *f)
{
	for (int i = 0; i < OWNER_COUNT; i++)
		owner_free(f->r.owners[i]);
	model_free(f->r.running);
}

START_TEST(test_txn_commit)
{
	struct fixture f;
	char why[128] = "";

	fixture_init(&f);
	ck_assert_int_eq(txn_commit(&f.r, hub_model(), why, sizeof(why)), 0);
	/* 2 links + 5 IKE objects + protection + NHRP */
	ck_assert_int_eq(f.st.applied, 9);
	ck_assert_ptr_nonnull(model_interface(f.r.running, "Tunnel0"));
	fixture_fini(&f);
}
END_TEST

START_TEST(test_txn_refusal_rolls_back)
{
	struct fixture f;
	struct model *before, *cand;
	struct m_interface *t;
	char why[128] = "";

	fixture_init(&f);
	ck_assert_int_eq(txn_commit(&f.r, hub_model(), why, sizeof(why)), 0);
	before = model_clone(f.r.running);
	f.st.calls = 0;
	f.st.applied = 0;
	/* One interface change touching link, protection and NHRP: three
	 * owner changes; the second is refused. */
	cand = txn_begin(&f.r);
	t = edit_if(cand, "Tunnel0");
	t->tunnel.key = 200;
	f.st.refuse_at = 2;
	ck_assert_int_eq(txn_commit(&f.r, cand, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "Tunnel source is not up");
	ck_assert_int_eq(f.st.applied, 0);
	ck_assert_uint_eq(f.st.undone, 1);
	ck_assert(model_equal(before, f.r.running));
	ck_assert_uint_eq(model_interface(f.r.running, "Tunnel0")->tunnel.key, 100);

	/* Refusal of the last of many: every earlier one is undone. */
	f.st.calls = 0;
	f.st.undone = 0;
	f.st.refuse_at = 3;
	cand = txn_begin(&f.r);
	edit_if(cand, "Tunnel0")->tunnel.key = 300;
	ck_assert_int_eq(txn_commit(&f.r, cand, why, sizeof(why)), -1);
	ck_assert_int_eq(f.st.applied, 0);
	ck_assert_uint_eq(f.st.undone, 2);
	ck_assert(model_equal(before, f.r.running));
	model_free(before);
	fixture_fini(&f);
}
END_TEST

/* Records the order in which changes reach the owners. */
struct order_log {
	char seen[16][48];
	unsigned n;
};

static int
log_apply(struct owner *o, const struct owner_change *c, char *why, size_t whylen)
{
	struct order_log *l = o->ctx;
	static const char *const ops[] = { "add", "mod", "del" };
	static const char *const aspects[] = { "", "link", "prot", "nhrp" };

	(void)why;
	(void)whylen;
	if (l->n < 16)
		snprintf(l->seen[l->n++], 48, "%s %s%s", ops[c->op],
			 c->kind == MK_INTERFACE ? aspects[c->aspect] : model_kind_name(c->kind),
			 "");
	return 0;
}

START_TEST(test_txn_dependency_order)
{
	struct fixture f;
	struct order_log log = { 0 };
	struct model *cand;
	char why[128];

	fixture_init(&f);
	for (int i = 0; i < OWNER_COUNT; i++) {
		f.r.owners[i]->apply = log_apply;
		f.r.owners[i]->ctx = &log;
	}
	ck_assert_int_eq(txn_commit(&f.r, hub_model(), why, sizeof(why)), 0);
	ck_assert_uint_eq(log.n, 9);
	ck_assert_str_eq(log.seen[0], "add link");
	ck_assert_str_eq(log.seen[1], "add link");
	ck_assert_str_eq(log.seen[2], "add crypto ikev2 proposal");
	ck_assert_str_eq(log.seen[6], "add crypto ipsec profile");
	ck_assert_str_eq(log.seen[7], "add prot");
	ck_assert_str_eq(log.seen[8], "add nhrp");

	/* Removing the tunnel: NHRP first, then protection, then the link. */
	log.n = 0;
	cand = txn_begin(&f.r);
	model_del(cand, MK_INTERFACE, "Tunnel0");
	ck_assert_int_eq(txn_commit(&f.r, cand, why, sizeof(why)), 0);
	ck_assert_uint_eq(log.n, 3);
	ck_assert_str_eq(log.seen[0], "del nhrp");
	ck_assert_str_eq(log.seen[1], "del prot");
	ck_assert_str_eq(log.seen[2], "del link");
	fixture_fini(&f);
}
END_TEST

START_TEST(test_validate_references)
{
	struct fixture f;
	struct model *cand;
	struct m_interface *t;
	char why[128];

	fixture_init(&f);
	ck_assert_int_eq(txn_commit(&f.r, hub_model(), why, sizeof(why)), 0);

	cand = txn_begin(&f.r);
	t = edit_if(cand, "Tunnel1");
	t->protection.set = true;
	model_strset(t->protection.profile, MODEL_NAME_LEN, "NOPE");
	ck_assert_int_eq(txn_commit(&f.r, cand, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "IPSEC profile NOPE not found");
	ck_assert_ptr_null(model_interface(f.r.running, "Tunnel1"));

	cand = txn_begin(&f.r);
	model_del(cand, MK_IPSEC_PROFILE, "DMVPN-IPSEC");
	ck_assert_int_eq(txn_commit(&f.r, cand, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "IPSEC profile DMVPN-IPSEC is in use by Tunnel0");

	cand = txn_begin(&f.r);
	model_del(cand, MK_TRANSFORM_SET, "DMVPN-TS");
	ck_assert_int_eq(txn_commit(&f.r, cand, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "Transform set DMVPN-TS is in use by IPSEC profile DMVPN-IPSEC");

	cand = txn_begin(&f.r);
	model_del(cand, MK_IKEV2_KEYRING, "DMVPN-KR");
	ck_assert_int_eq(txn_commit(&f.r, cand, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "IKEv2 keyring DMVPN-KR is in use by profile DMVPN-IKEV2");
	fixture_fini(&f);
}
END_TEST

static Suite *
model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_clone_is_copy_on_write);
	tcase_add_test(tc, test_diff);
	tcase_add_test(tc, test_ifnames);
	tcase_add_test(tc, test_ifmap_file);
	tcase_add_test(tc, test_print_hub);
	tcase_add_test(tc, test_print_header);
	tcase_add_test(tc, test_txn_commit);
	tcase_add_test(tc, test_txn_refusal_rolls_back);
	tcase_add_test(tc, test_txn_dependency_order);
	tcase_add_test(tc, test_validate_references);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(model_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
