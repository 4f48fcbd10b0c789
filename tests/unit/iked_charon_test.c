/*
 * iked's charon side in-process (no threads, no peers): the peer_cfgs the
 * backend builds from specs, the PSK set as charon's credential manager
 * sees it, and that every strongSwan name ike_algs.c produces is parsed by
 * strongSwan and implemented by our plugin list.
 */
#include <check.h>
#include <string.h>

#include <library.h>
#include <daemon.h>

#include "backend.h"
#include "charon_setup.h"
#include "events.h"
#include "ike_spec.h"
#include "psk.h"

static char err[300];

static struct ike_spec spec_v2(void)
{
	struct ike_spec s;

	ike_spec_init(&s);
	strcpy(s.name, "tun0");
	strcpy(s.local, "192.0.2.1");
	strcpy(s.remote, "192.0.2.2");
	strcpy(s.psk, "secret-one");
	strcpy(s.ike[0], "aes256-sha256-modp2048");
	strcpy(s.ike[1], "aes128-sha1-modp1024");
	strcpy(s.esp[0], "aes256-sha256");
	s.n_ike = 2;
	s.n_esp = 1;
	s.pfs_group = 14;
	s.dpd = (struct ike_dpd){IKE_DPD_ON_DEMAND, 10, 3};
	return s;
}

static child_cfg_t *only_child(peer_cfg_t *peer)
{
	enumerator_t *e = peer->create_child_cfg_enumerator(peer);
	child_cfg_t *child = NULL;

	ck_assert(e->enumerate(e, &child));
	e->destroy(e);
	return child;
}

static void first_proposal_text(linked_list_t *list, char *out, size_t len)
{
	proposal_t *p = NULL;

	ck_assert_int_gt(list->get_count(list), 0);
	list->get_first(list, (void **)&p);
	snprintf(out, len, "%P", p);
	list->destroy_offset(list, offsetof(proposal_t, destroy));
}

START_TEST(peer_cfg_from_spec)
{
	struct ike_spec s = spec_v2();
	peer_cfg_t *peer = iked_backend_build_peer(&s, err, sizeof(err));
	ike_cfg_t *ike;
	child_cfg_t *child;
	lifetime_cfg_t *life;
	linked_list_t *ts, *proposals;
	traffic_selector_t *t;
	char text[256];

	ck_assert_msg(peer != NULL, "%s", err);
	ck_assert_str_eq(peer->get_name(peer), "tun0");
	/* strongSwan's own DPD stays off: iked schedules it */
	ck_assert_int_eq(peer->get_dpd(peer), 0);
	ck_assert_int_eq(peer->get_dpd_timeout(peer), 6 * 3);
	/* IOS lifetime 86400 s is the hard limit */
	ck_assert_int_eq(peer->get_rekey_time(peer, FALSE) + peer->get_over_time(peer), 86400);
	ike = peer->get_ike_cfg(peer);
	ck_assert_int_eq(ike->get_version(ike), IKEV2);
	ck_assert_str_eq(ike->get_my_addr(ike), "192.0.2.1");
	ck_assert_str_eq(ike->get_other_addr(ike), "192.0.2.2");
	/* get_proposals() hands out a new list each call: count, then free it */
	proposals = ike->get_proposals(ike);
	ck_assert_int_eq(proposals->get_count(proposals), 2);
	proposals->destroy_offset(proposals, offsetof(proposal_t, destroy));
	first_proposal_text(ike->get_proposals(ike), text, sizeof(text));
	ck_assert_msg(strstr(text, "AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048"),
		      "%s", text);

	child = only_child(peer);
	ck_assert_int_eq(child->get_mode(child), MODE_TRANSPORT);
	ck_assert_int_eq(child->get_dpd_action(child), ACTION_START);
	/* PFS group 14 joins the ESP proposal */
	first_proposal_text(child->get_proposals(child, FALSE), text, sizeof(text));
	ck_assert_msg(strstr(text, "AES_CBC_256/HMAC_SHA2_256_128/MODP_2048"), "%s", text);
	life = child->get_lifetime(child, FALSE);
	ck_assert_int_eq(life->time.life, 3600);
	ck_assert_int_lt(life->time.rekey, 3600);
	ck_assert_int_eq(life->bytes.life, 4608000ULL * 1024);
	free(life); /* get_lifetime() returns a copy */
	/* GRE between the endpoints */
	ts = child->get_traffic_selectors(child, TRUE, NULL, NULL, FALSE);
	ck_assert_int_eq(ts->get_count(ts), 1);
	ts->get_first(ts, (void **)&t);
	ck_assert_int_eq(t->get_protocol(t), 47);
	ck_assert(t->is_dynamic(t));
	ts->destroy_offset(ts, offsetof(traffic_selector_t, destroy));
	/* no VTI: SAs and policies unmarked */
	ck_assert_uint_eq(child->get_mark(child, TRUE).mask, 0);
	ck_assert_uint_eq(child->get_mark(child, FALSE).mask, 0);
	peer->destroy(peer);
}
END_TEST

/* tunnel mode ipsec ipv4: 0.0.0.0/0 both ways, the VTI key as mark in and
 * out (what ip_vti looks SAs and policies up with). */
START_TEST(peer_cfg_vti_mark_and_selectors)
{
	struct ike_spec s = spec_v2();
	peer_cfg_t *peer;
	child_cfg_t *child;
	linked_list_t *ts;
	traffic_selector_t *t;
	mark_t m;
	int local;

	s.mode = IKE_MODE_TUNNEL;
	s.proto = 0;
	s.mark = 2;
	peer = iked_backend_build_peer(&s, err, sizeof(err));
	ck_assert_msg(peer != NULL, "%s", err);
	child = only_child(peer);
	ck_assert_int_eq(child->get_mode(child), MODE_TUNNEL);
	m = child->get_mark(child, TRUE);
	ck_assert_uint_eq(m.value, 2);
	ck_assert_uint_eq(m.mask, 0xffffffff);
	m = child->get_mark(child, FALSE);
	ck_assert_uint_eq(m.value, 2);
	ck_assert_uint_eq(m.mask, 0xffffffff);
	for (local = 0; local < 2; local++) {
		char text[64];

		ts = child->get_traffic_selectors(child, local, NULL, NULL, FALSE);
		ck_assert_int_eq(ts->get_count(ts), 1);
		ts->get_first(ts, (void **)&t);
		ck_assert(!t->is_dynamic(t));
		ck_assert_int_eq(t->get_protocol(t), 0);
		snprintf(text, sizeof(text), "%R", t);
		ck_assert_str_eq(text, "0.0.0.0/0");
		ts->destroy_offset(ts, offsetof(traffic_selector_t, destroy));
	}
	peer->destroy(peer);
}
END_TEST

START_TEST(peer_cfg_ikev1_tunnel_responder)
{
	struct ike_spec s = spec_v2();
	peer_cfg_t *peer;
	child_cfg_t *child;

	s.version = 1;
	s.mode = IKE_MODE_TUNNEL;
	s.initiate = 0;
	s.pfs_group = 0;
	s.proto = 0;
	strcpy(s.remote, IKE_SPEC_ANY);
	peer = iked_backend_build_peer(&s, err, sizeof(err));
	ck_assert_msg(peer != NULL, "%s", err);
	ck_assert_int_eq(peer->get_ike_cfg(peer)->get_version(peer->get_ike_cfg(peer)), IKEV1);
	ck_assert_str_eq(peer->get_ike_cfg(peer)->get_other_addr(peer->get_ike_cfg(peer)), "%any");
	child = only_child(peer);
	ck_assert_int_eq(child->get_mode(child), MODE_TUNNEL);
	/* a hub does not chase a dead spoke */
	ck_assert_int_eq(child->get_dpd_action(child), ACTION_NONE);
	peer->destroy(peer);
}
END_TEST

/* charon's uniqueness check: off where iked resolves duplicates itself
 * (IKEv2, both ends initiate), REPLACE elsewhere (IKEv1 reauthentication,
 * a hub cleared by a restarted spoke's INITIAL_CONTACT). */
START_TEST(uniqueness_policy_by_spec)
{
	struct ike_spec s = spec_v2();
	peer_cfg_t *peer;

	peer = iked_backend_build_peer(&s, err, sizeof(err));
	ck_assert_int_eq(peer->get_unique_policy(peer), UNIQUE_REPLACE);
	peer->destroy(peer);
	s.peer_initiates = 1;
	peer = iked_backend_build_peer(&s, err, sizeof(err));
	ck_assert_int_eq(peer->get_unique_policy(peer), UNIQUE_NEVER);
	peer->destroy(peer);
	s.version = 1;
	peer = iked_backend_build_peer(&s, err, sizeof(err));
	ck_assert_int_eq(peer->get_unique_policy(peer), UNIQUE_REPLACE);
	peer->destroy(peer);
}
END_TEST

static bool psk_is(const char *me, const char *other, const char *expect)
{
	identification_t *a = identification_create_from_string((char *)me);
	identification_t *b = identification_create_from_string((char *)other);
	shared_key_t *key = lib->credmgr->get_shared(lib->credmgr, SHARED_IKE, a, b);
	bool ok = false;

	if (key) {
		chunk_t k = key->get_key(key);

		ok = expect && k.len == strlen(expect) && !memcmp(k.ptr, expect, k.len);
		key->destroy(key);
	} else {
		ok = expect == NULL;
	}
	a->destroy(a);
	b->destroy(b);
	return ok;
}

START_TEST(psk_by_identity_and_any)
{
	struct ike_spec s[2] = {spec_v2(), spec_v2()};

	strcpy(s[1].name, "hub");
	strcpy(s[1].local, "198.51.100.1");
	strcpy(s[1].remote, IKE_SPEC_ANY);
	strcpy(s[1].psk, "hub-key");
	iked_psk_load(s, 2);
	ck_assert(psk_is("192.0.2.1", "192.0.2.2", "secret-one"));
	/* the hub key answers any spoke */
	ck_assert(psk_is("198.51.100.1", "203.0.113.77", "hub-key"));
	/* the specific key wins over the wildcard one */
	ck_assert(psk_is("192.0.2.1", "192.0.2.2", "secret-one"));
	/* reload replaces every key: only the wildcard is left (strongSwan
	 * takes a key when either identity matches) */
	iked_psk_load(&s[1], 1);
	ck_assert(psk_is("192.0.2.1", "192.0.2.2", "hub-key"));
	iked_psk_unload();
	ck_assert(psk_is("198.51.100.1", "203.0.113.77", NULL));
}
END_TEST

/* Whether charon's verification of the peer's AUTH (psk_authenticator's
 * process(): every key the enumerator yields for me/other) tries SECRET. */
static bool psk_tried(const char *me, const char *other, const char *secret)
{
	identification_t *a = identification_create_from_string((char *)me);
	identification_t *b = identification_create_from_string((char *)other);
	enumerator_t *e = lib->credmgr->create_shared_enumerator(lib->credmgr, SHARED_IKE, a, b);
	shared_key_t *key;
	bool found = false;

	while (!found && e->enumerate(e, &key, NULL, NULL)) {
		chunk_t k = key->get_key(key);

		found = k.len == strlen(secret) && !memcmp(k.ptr, secret, k.len);
	}
	e->destroy(e);
	a->destroy(a);
	b->destroy(b);
	return found;
}

/* pre-shared-key local / remote: we sign with ours (charon's build() takes
 * get_shared(me, other)) and the peer's AUTH is checked with its key. */
START_TEST(psk_local_and_remote_keys)
{
	struct ike_spec s[2] = {spec_v2(), spec_v2()};

	strcpy(s[0].psk, "ours");
	strcpy(s[0].psk_remote, "theirs");
	strcpy(s[1].name, "other");
	strcpy(s[1].local, "198.51.100.1");
	strcpy(s[1].remote, "198.51.100.2");
	strcpy(s[1].psk, "plain");
	iked_psk_load(s, 2);
	ck_assert(psk_is("192.0.2.1", "192.0.2.2", "ours"));
	ck_assert(psk_tried("192.0.2.1", "192.0.2.2", "theirs"));
	/* the peer's key is never the one we sign with, whatever the order */
	iked_psk_load(s, 1);
	ck_assert(psk_is("192.0.2.1", "192.0.2.2", "ours"));
	/* a spec with one key: signs and checks with it */
	ck_assert(psk_is("198.51.100.1", "198.51.100.2", NULL));
	iked_psk_load(&s[1], 1);
	ck_assert(psk_is("198.51.100.1", "198.51.100.2", "plain"));
	ck_assert(psk_tried("198.51.100.1", "198.51.100.2", "plain"));
	ck_assert(!psk_tried("192.0.2.1", "192.0.2.2", "theirs"));
	/* the same key on both sides is one key */
	strcpy(s[0].psk_remote, "ours");
	iked_psk_load(s, 1);
	ck_assert(psk_is("192.0.2.1", "192.0.2.2", "ours"));
	iked_psk_unload();
}
END_TEST

/* Every algorithm of proposal TEXT is implemented by the loaded plugins. */
static void assert_implemented(protocol_id_t proto, const char *text)
{
	proposal_t *p = proposal_create_from_string(proto, (char *)text);
	enumerator_t *e;
	uint16_t alg, ks;

	ck_assert_msg(p != NULL, "strongSwan does not parse %s", text);
	e = p->create_enumerator(p, ENCRYPTION_ALGORITHM);
	while (e->enumerate(e, &alg, &ks)) {
		if (encryption_algorithm_is_aead(alg)) {
			aead_t *a = lib->crypto->create_aead(lib->crypto, alg, ks / 8, 0);

			ck_assert_msg(a != NULL, "%s: no AEAD %N", text, encryption_algorithm_names,
				      alg);
			a->destroy(a);
		} else {
			crypter_t *c = lib->crypto->create_crypter(lib->crypto, alg, ks / 8);

			ck_assert_msg(c != NULL, "%s: no cipher %N", text,
				      encryption_algorithm_names, alg);
			c->destroy(c);
		}
	}
	e->destroy(e);
	e = p->create_enumerator(p, INTEGRITY_ALGORITHM);
	while (e->enumerate(e, &alg, &ks)) {
		signer_t *s = lib->crypto->create_signer(lib->crypto, alg);

		ck_assert_msg(s != NULL, "%s: no integrity %N", text, integrity_algorithm_names,
			      alg);
		s->destroy(s);
	}
	e->destroy(e);
	e = p->create_enumerator(p, KEY_EXCHANGE_METHOD);
	while (e->enumerate(e, &alg, &ks)) {
		key_exchange_t *k = lib->crypto->create_ke(lib->crypto, alg);

		ck_assert_msg(k != NULL, "%s: no DH group %N", text, key_exchange_method_names,
			      alg);
		k->destroy(k);
	}
	e->destroy(e);
	p->destroy(p);
}

START_TEST(every_mapped_algorithm_is_implemented)
{
	static const char *const encr[] = {"aes-cbc-128", "aes-cbc-192", "aes-cbc-256", "3des"};
	static const char *const integ[] = {"md5", "sha1", "sha256", "sha384", "sha512"};
	static const char *const groups[] = {"1", "2", "5", "14", "15", "16", "19", "20", "21", "24"};
	static const char *const gcm[] = {"aes-gcm-128", "aes-gcm-256"};
	static const char *const esp[][4] = {
		{"esp-aes", "256", "esp-sha256-hmac", NULL}, {"esp-gcm", "256", NULL},
		{"esp-gcm", NULL},			     {"esp-3des", "esp-md5-hmac", NULL},
		{"esp-aes", "192", "esp-sha512-hmac", NULL}, {"esp-null", "esp-sha384-hmac", NULL},
	};
	char out[IKE_SPEC_PROPOSAL_MAX];
	size_t a, b, c;

	for (a = 0; a < 4; a++)
		for (b = 0; b < 5; b++)
			for (c = 0; c < 10; c++) {
				const char *e[] = {encr[a], NULL}, *i[] = {integ[b], NULL},
					   *g[] = {groups[c], NULL};

				ck_assert(ike_algs_ikev2_proposal(e, i, NULL, g, out, sizeof(out),
								  err, sizeof(err)) == 0);
				assert_implemented(PROTO_IKE, out);
			}
	for (a = 0; a < 2; a++) {
		const char *e[] = {gcm[a], NULL}, *p[] = {"sha256", NULL}, *g[] = {"19", NULL};

		ck_assert(ike_algs_ikev2_proposal(e, NULL, p, g, out, sizeof(out), err,
						  sizeof(err)) == 0);
		assert_implemented(PROTO_IKE, out);
	}
	for (a = 0; a < sizeof(esp) / sizeof(esp[0]); a++) {
		ck_assert_msg(ike_algs_esp_proposal(esp[a], out, sizeof(out), err, sizeof(err)) == 0,
			      "%s", err);
		assert_implemented(PROTO_ESP, out);
	}
}
END_TEST

START_TEST(bus_events_reach_the_loop_and_never_block)
{
	int fd = iked_events_start(), i, n = 0;
	struct iked_msg_event ev;
	unsigned long dropped = iked_events_dropped();

	ck_assert_int_ge(fd, 0);
	/* what charon raises when DPD retransmissions run out */
	charon->bus->alert(charon->bus, ALERT_RETRANSMIT_SEND_TIMEOUT, NULL);
	ck_assert_int_eq(iked_events_read(fd, &ev), 1);
	ck_assert_int_eq(ev.type, IKED_EV_RETRANSMIT_TIMEOUT);
	ck_assert_int_gt(ev.when_sec, 0);
	ck_assert_int_eq(ev.hdr.type, IKED_MSG_EVENT);
	ck_assert_int_eq(iked_events_read(fd, &ev), 0);
	/* a loop that does not read: the bus goes on, events are counted lost */
	for (i = 0; i < 2000; i++)
		charon->bus->alert(charon->bus, ALERT_PEER_INIT_UNREACHABLE);
	ck_assert_int_gt(iked_events_dropped(), dropped);
	while (iked_events_read(fd, &ev) == 1) {
		ck_assert_int_eq(ev.type, IKED_EV_PEER_UNREACHABLE);
		n++;
	}
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(n + (int)(iked_events_dropped() - dropped), 2000);
	iked_events_stop();
}
END_TEST

int main(void)
{
	struct charon_setup cs = {.log_level = -1, .retry = 2};
	Suite *s = suite_create("iked_charon");
	TCase *tc = tcase_create("charon");
	SRunner *sr;
	int failed;

	if (charon_setup_init(&cs, err, sizeof(err)) < 0) {
		fprintf(stderr, "iked_charon_test: %s\n", err);
		return 1;
	}
	tcase_add_test(tc, peer_cfg_from_spec);
	tcase_add_test(tc, peer_cfg_ikev1_tunnel_responder);
	tcase_add_test(tc, peer_cfg_vti_mark_and_selectors);
	tcase_add_test(tc, uniqueness_policy_by_spec);
	tcase_add_test(tc, psk_by_identity_and_any);
	tcase_add_test(tc, psk_local_and_remote_keys);
	tcase_add_test(tc, every_mapped_algorithm_is_implemented);
	tcase_add_test(tc, bus_events_reach_the_loop_and_never_block);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	/* charon lives in this process: no fork per test */
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	charon_setup_deinit();
	return failed ? 1 : 0;
}
