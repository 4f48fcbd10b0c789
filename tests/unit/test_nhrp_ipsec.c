/* The IPsec gate of dmvpnd against a fake iked event source: alone, then
 * driving two real engines (hub and spoke) joined by an in-memory NBMA
 * network, with `protection ipsec profile` on their tunnels. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_build.h"
#include "nhrp_conf.h"
#include "nhrp_engine.h"
#include "nhrp_ipsec.h"

#define IFINDEX 7
#define MAX_QUEUE 32

static struct in_addr
ip(const char *s)
{
	struct in_addr a;

	ck_assert_int_eq(inet_pton(AF_INET, s, &a), 1);
	return a;
}

/* The fake event source: what iked_client_next_event() would return. */
static struct iked_msg_event
event(enum iked_event_type type, const char *remote)
{
	struct iked_msg_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = (uint8_t)type;
	ev.version = 2;
	ev.unique_id = 1;
	snprintf(ev.name, sizeof(ev.name), "Tunnel0-hub");
	snprintf(ev.remote, sizeof(ev.remote), "%s", remote);
	return ev;
}

/* --- the gate alone ------------------------------------------------------- */

static struct in_addr sent_to[8];
static uint8_t sent_first[8];
static unsigned n_sent;

static int
record_send(void *ctx, int ifindex, struct in_addr nbma, const uint8_t *buf, size_t len)
{
	(void)ctx;
	ck_assert_int_eq(ifindex, IFINDEX);
	ck_assert_uint_ge(len, 1);
	sent_to[n_sent] = nbma;
	sent_first[n_sent++] = buf[0];
	return 0;
}

START_TEST(test_gate_hold_release)
{
	struct nhrp_ipsec g;
	struct iked_msg_event ev;
	struct in_addr peer, a = ip("192.0.2.2");
	uint8_t p1[] = { 1, 0, 0 }, p2[] = { 2, 0 };

	nhrp_ipsec_init(&g);
	n_sent = 0;
	ck_assert(!nhrp_ipsec_up(&g, a));
	ck_assert_int_eq(nhrp_ipsec_hold(&g, IFINDEX, a, p1, sizeof(p1), 100), 0);
	ck_assert_int_eq(nhrp_ipsec_hold(&g, IFINDEX, a, p2, sizeof(p2), 101), 0);
	ck_assert_uint_eq(nhrp_ipsec_held_count(&g, a), 2);
	/* IKE up alone is not enough: the packets ride the CHILD_SA. */
	ev = event(IKED_EV_IKE_UP, "192.0.2.2");
	ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_NONE);
	ck_assert(!nhrp_ipsec_up(&g, a));
	ev = event(IKED_EV_CHILD_UP, "192.0.2.2");
	ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_RELEASE);
	ck_assert_uint_eq(peer.s_addr, a.s_addr);
	ck_assert(nhrp_ipsec_up(&g, a));
	ck_assert_uint_eq(nhrp_ipsec_release(&g, a, record_send, NULL), 2);
	ck_assert_uint_eq(n_sent, 2);
	ck_assert_uint_eq(sent_first[0], 1); /* oldest first */
	ck_assert_uint_eq(sent_first[1], 2);
	ck_assert_uint_eq(sent_to[0].s_addr, a.s_addr);
	ck_assert_uint_eq(nhrp_ipsec_held_count(&g, a), 0);
	/* A rekey's second CHILD_SA going down leaves the first. */
	ev = event(IKED_EV_CHILD_UP, "192.0.2.2");
	nhrp_ipsec_event(&g, &ev, &peer);
	ev = event(IKED_EV_CHILD_DOWN, "192.0.2.2");
	nhrp_ipsec_event(&g, &ev, &peer);
	ck_assert(nhrp_ipsec_up(&g, a));
	ev = event(IKED_EV_CHILD_DOWN, "192.0.2.2");
	nhrp_ipsec_event(&g, &ev, &peer);
	ck_assert(!nhrp_ipsec_up(&g, a));
	nhrp_ipsec_fini(&g);
}
END_TEST

START_TEST(test_gate_timeout_and_overflow)
{
	struct nhrp_ipsec g;
	struct in_addr a = ip("192.0.2.3");
	uint8_t p[] = { 9 };

	nhrp_ipsec_init(&g);
	for (unsigned i = 0; i < NHRP_IPSEC_HELD; i++)
		ck_assert_int_eq(nhrp_ipsec_hold(&g, IFINDEX, a, p, 1, 100), 0);
	ck_assert_int_eq(nhrp_ipsec_hold(&g, IFINDEX, a, p, 1, 100), -ENOSPC);
	ck_assert_uint_eq(g.tx_overflow, 1);
	ck_assert_uint_eq(nhrp_ipsec_expire(&g, 100 + NHRP_IPSEC_HOLD_TIMEOUT - 1), 0);
	ck_assert_uint_eq(nhrp_ipsec_expire(&g, 100 + NHRP_IPSEC_HOLD_TIMEOUT), NHRP_IPSEC_HELD);
	ck_assert_uint_eq(g.tx_expired, NHRP_IPSEC_HELD);
	ck_assert_uint_eq(nhrp_ipsec_held_count(&g, a), 0);
	nhrp_ipsec_fini(&g);
}
END_TEST

/* A hub with many spokes: no fixed cap on the peers the gate follows. */
START_TEST(test_gate_many_peers)
{
	struct nhrp_ipsec g;
	struct iked_msg_event ev;
	struct in_addr peer;
	uint8_t p[] = { 5 };
	unsigned n = 1000;

	nhrp_ipsec_init(&g);
	for (unsigned i = 0; i < n; i++) {
		char a[32];

		snprintf(a, sizeof(a), "10.%u.%u.1", i / 250, i % 250);
		ck_assert_int_eq(nhrp_ipsec_hold(&g, IFINDEX, ip(a), p, 1, 100), 0);
		if (i % 2) {
			ev = event(IKED_EV_CHILD_UP, a);
			ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_RELEASE);
		}
	}
	ck_assert_uint_eq(nhrp_ipsec_peer_count(&g), n);
	ck_assert_uint_eq(g.tx_overflow, 0);
	for (unsigned i = 0; i < n; i++) {
		char a[32];

		snprintf(a, sizeof(a), "10.%u.%u.1", i / 250, i % 250);
		ck_assert_uint_eq(nhrp_ipsec_held_count(&g, ip(a)), 1);
		ck_assert(nhrp_ipsec_up(&g, ip(a)) == (i % 2 == 1));
	}
	/* held packets time out; peers with neither SA nor packets go */
	ck_assert_uint_eq(nhrp_ipsec_expire(&g, 100 + NHRP_IPSEC_HOLD_TIMEOUT), n);
	ck_assert_uint_eq(nhrp_ipsec_peer_count(&g), n / 2);
	ck_assert(nhrp_ipsec_up(&g, ip("10.0.1.1")));
	ck_assert(!nhrp_ipsec_up(&g, ip("10.0.2.1")));
	nhrp_ipsec_fini(&g);
	ck_assert_uint_eq(nhrp_ipsec_peer_count(&g), 0);
}
END_TEST

static struct in_addr asked[8];
static int asked_if[8];
static unsigned n_asked;

static void
record_initiate(void *ctx, int ifindex, struct in_addr nbma)
{
	(void)ctx;
	ck_assert_uint_lt(n_asked, 8);
	asked_if[n_asked] = ifindex;
	asked[n_asked++] = nbma;
}

/* NHRP held for a spoke without an SA: iked is asked, again every
 * NHRP_IPSEC_INITIATE_RETRY s while nothing comes, never once it is up. */
START_TEST(test_gate_initiate_rate_limited)
{
	struct nhrp_ipsec g;
	struct iked_msg_event ev;
	struct in_addr peer, a = ip("192.0.2.3");
	uint8_t p[] = { 5 };

	nhrp_ipsec_init(&g);
	n_asked = 0;
	/* nothing held: nothing to ask for */
	nhrp_ipsec_initiate_after(&g, a, 100);
	ck_assert_uint_eq(nhrp_ipsec_initiate_due(&g, 100, record_initiate, NULL), 0);
	ck_assert_int_eq(nhrp_ipsec_hold(&g, IFINDEX, a, p, 1, 100), 0);
	nhrp_ipsec_initiate_after(&g, a, 102);
	ck_assert_uint_eq(nhrp_ipsec_next_due(&g), 102);
	ck_assert_uint_eq(nhrp_ipsec_initiate_due(&g, 101, record_initiate, NULL), 0);
	ck_assert_uint_eq(nhrp_ipsec_initiate_due(&g, 102, record_initiate, NULL), 1);
	ck_assert_uint_eq(n_asked, 1);
	ck_assert_uint_eq(asked[0].s_addr, a.s_addr);
	ck_assert_int_eq(asked_if[0], IFINDEX);
	/* more held, asked for again: still one request per retry interval */
	ck_assert_int_eq(nhrp_ipsec_hold(&g, IFINDEX, a, p, 1, 103), 0);
	nhrp_ipsec_initiate_after(&g, a, 103);
	ck_assert_uint_eq(nhrp_ipsec_initiate_due(&g, 103, record_initiate, NULL), 0);
	ck_assert_uint_eq(nhrp_ipsec_initiate_due(&g, 102 + NHRP_IPSEC_INITIATE_RETRY - 1,
						  record_initiate, NULL),
			  0);
	ck_assert_uint_eq(
		nhrp_ipsec_initiate_due(&g, 102 + NHRP_IPSEC_INITIATE_RETRY, record_initiate, NULL),
		1);
	ck_assert_uint_eq(g.initiations, 2);
	/* the SA comes: no more requests */
	ev = event(IKED_EV_CHILD_UP, "192.0.2.3");
	ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_RELEASE);
	nhrp_ipsec_initiate_after(&g, a, 200);
	ck_assert_uint_eq(nhrp_ipsec_initiate_due(&g, 1000, record_initiate, NULL), 0);
	ck_assert_uint_eq(n_asked, 2);
	nhrp_ipsec_fini(&g);
}
END_TEST

/* Both spokes initiated: two IKE SAs join them. One going down leaves the
 * peer up; the last one purges it. */
START_TEST(test_gate_two_ike_sas)
{
	struct nhrp_ipsec g;
	struct iked_msg_event ev;
	struct in_addr peer, a = ip("192.0.2.3");

	nhrp_ipsec_init(&g);
	ev = event(IKED_EV_CHILD_UP, "192.0.2.3");
	ev.unique_id = 5;
	nhrp_ipsec_event(&g, &ev, &peer);
	ev.unique_id = 6;
	nhrp_ipsec_event(&g, &ev, &peer);
	ev = event(IKED_EV_IKE_DOWN, "192.0.2.3");
	ev.unique_id = 5;
	ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_NONE);
	ck_assert(nhrp_ipsec_up(&g, a));
	ck_assert_uint_eq(g.purges, 0);
	ev.unique_id = 6;
	ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_PURGE);
	ck_assert(!nhrp_ipsec_up(&g, a));
	ck_assert_uint_eq(g.purges, 1);
	ck_assert_uint_eq(nhrp_ipsec_peer_count(&g), 0);
	nhrp_ipsec_fini(&g);
}
END_TEST

START_TEST(test_gate_accept_and_purge)
{
	struct nhrp_ipsec g;
	struct iked_msg_event ev;
	struct in_addr peer, a = ip("192.0.2.2");
	uint8_t p[] = { 9 };

	nhrp_ipsec_init(&g);
	ck_assert(!nhrp_ipsec_accept(&g, a));
	ck_assert_uint_eq(g.rx_dropped, 1);
	ev = event(IKED_EV_CHILD_UP, "192.0.2.2");
	nhrp_ipsec_event(&g, &ev, &peer);
	ck_assert(nhrp_ipsec_accept(&g, a));
	ck_assert(!nhrp_ipsec_accept(&g, ip("192.0.2.9")));
	ck_assert_uint_eq(g.rx_dropped, 2);
	/* DPD gave up: the peer is dead, its state goes. */
	ev = event(IKED_EV_RETRANSMIT_TIMEOUT, "192.0.2.2");
	ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_PURGE);
	ck_assert(!nhrp_ipsec_up(&g, a));
	/* IKE down purges too, and drops what waited. */
	ck_assert_int_eq(nhrp_ipsec_hold(&g, IFINDEX, a, p, 1, 5), 0);
	ev = event(IKED_EV_IKE_DOWN, "192.0.2.2");
	ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_PURGE);
	ck_assert_uint_eq(nhrp_ipsec_held_count(&g, a), 0);
	/* Retransmits alone and events without a usable address change nothing. */
	ev = event(IKED_EV_CHILD_UP, "192.0.2.2");
	nhrp_ipsec_event(&g, &ev, &peer);
	ev = event(IKED_EV_RETRANSMIT, "192.0.2.2");
	ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_NONE);
	ev = event(IKED_EV_IKE_DOWN, "%any");
	ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_NONE);
	ev = event(IKED_EV_IKE_DOWN, "2001:db8::1");
	ck_assert_int_eq(nhrp_ipsec_event(&g, &ev, &peer), NHRP_IPSEC_NONE);
	ck_assert(nhrp_ipsec_up(&g, a));
	/* iked restarted: nothing is up any more. */
	nhrp_ipsec_reset(&g);
	ck_assert(!nhrp_ipsec_up(&g, a));
	nhrp_ipsec_fini(&g);
}
END_TEST

/* --- hub and spoke engines behind their gates --------------------------- */

struct node {
	struct nhrp_engine eng;
	struct nhrp_ipsec gate;
	struct in_addr nbma, addr;
	struct in_addr neigh[8];
	unsigned n_neigh;
};

struct pkt {
	struct in_addr from, to;
	uint8_t buf[1500];
	size_t len;
};

static struct node nodes[2];
static struct pkt queue[MAX_QUEUE];
static unsigned n_queue;
static uint64_t clock_now;

#define HUB (&nodes[0])
#define SPOKE (&nodes[1])

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	return clock_now;
}

static int
op_send(void *ctx, int ifindex, struct in_addr nbma, const uint8_t *buf, size_t len)
{
	struct node *n = ctx;

	ck_assert_int_eq(ifindex, IFINDEX);
	ck_assert_uint_lt(n_queue, MAX_QUEUE);
	ck_assert_uint_le(len, sizeof(queue[0].buf));
	queue[n_queue].from = n->nbma;
	queue[n_queue].to = nbma;
	memcpy(queue[n_queue].buf, buf, len);
	queue[n_queue++].len = len;
	return 0;
}

static void
op_bind(void *ctx, const struct nhrp_cache_entry *e, enum nhrp_cache_event ev)
{
	struct node *n = ctx;
	struct in_addr a;
	unsigned i;

	if (e->proto.len != 4)
		return;
	memcpy(&a.s_addr, e->proto.bytes, 4);
	for (i = 0; i < n->n_neigh && n->neigh[i].s_addr != a.s_addr; i++)
		;
	if (ev == NHRP_CACHE_DELETED || e->nbma.len != 4 || e->type < NHRP_CACHE_CACHED) {
		if (i < n->n_neigh)
			n->neigh[i] = n->neigh[--n->n_neigh];
	} else if (i == n->n_neigh) {
		n->neigh[n->n_neigh++] = a;
	}
}

static int
op_route_lookup(void *ctx, struct in_addr dst, struct nhrp_route_info *out)
{
	(void)ctx;
	(void)dst;
	memset(out, 0, sizeof(*out));
	return -ENOENT;
}

static int
op_link_info(void *ctx, const char *name, int *ifindex, struct in_addr *nbma,
	     struct in_addr *address, uint8_t *prefixlen)
{
	struct node *n = ctx;

	ck_assert_str_eq(name, "Tunnel0");
	*ifindex = IFINDEX;
	*nbma = n->nbma;
	*address = n->addr;
	*prefixlen = 24;
	return 0;
}

/* What the daemon would ask iked for. */
static char initiate_spec[64];
static struct in_addr initiate_to[8];
static unsigned n_initiate;

static void
op_ipsec_initiate(void *ctx, const char *spec, struct in_addr nbma)
{
	(void)ctx;
	ck_assert_uint_lt(n_initiate, 8);
	snprintf(initiate_spec, sizeof(initiate_spec), "%s", spec);
	initiate_to[n_initiate++] = nbma;
}

static struct in_addr closed[8];
static unsigned n_closed;

static void
op_ipsec_close(void *ctx, struct in_addr nbma)
{
	(void)ctx;
	ck_assert_uint_lt(n_closed, 8);
	closed[n_closed++] = nbma;
}

static const struct nhrp_engine_ops ops = {
	.send = op_send,
	.bind = op_bind,
	.route_lookup = op_route_lookup,
	.link_info = op_link_info,
	.ipsec_initiate = op_ipsec_initiate,
	.ipsec_close = op_ipsec_close,
};

static bool
has_neigh(struct node *n, const char *a)
{
	for (unsigned i = 0; i < n->n_neigh; i++)
		if (n->neigh[i].s_addr == ip(a).s_addr)
			return true;
	return false;
}

static unsigned
pump(void)
{
	unsigned delivered = 0;

	while (n_queue) {
		struct pkt p = queue[0];

		memmove(queue, queue + 1, --n_queue * sizeof(queue[0]));
		for (int i = 0; i < 2; i++)
			if (nodes[i].nbma.s_addr == p.to.s_addr) {
				nhrp_engine_receive(&nodes[i].eng, IFINDEX, p.from, p.buf, p.len);
				delivered++;
			}
	}
	return delivered;
}

static void
feed(struct node *n, enum iked_event_type type, const char *remote)
{
	struct iked_msg_event ev = event(type, remote);

	nhrp_engine_ipsec_event(&n->eng, &ev);
}

static void
configure(struct node *n, const char *text)
{
	struct nhrp_conf conf;
	char err[128];

	ck_assert_msg(nhrp_conf_parse(text, &conf, err, sizeof(err)) == 0, "%s", err);
	nhrp_engine_configure(&n->eng, &conf);
}

static void
setup(void)
{
	memset(nodes, 0, sizeof(nodes));
	n_queue = 0;
	n_initiate = 0;
	n_closed = 0;
	clock_now = 1000;
	for (int i = 0; i < 2; i++) {
		char a[32];

		snprintf(a, sizeof(a), "192.0.2.%d", i + 1);
		nodes[i].nbma = ip(a);
		snprintf(a, sizeof(a), "10.0.0.%d", i + 1);
		nodes[i].addr = ip(a);
		nhrp_engine_init(&nodes[i].eng, &ops, &nodes[i], fake_clock, NULL);
		nhrp_ipsec_init(&nodes[i].gate);
		nhrp_engine_set_ipsec(&nodes[i].eng, &nodes[i].gate);
	}
	configure(HUB, "interface Tunnel0\n network-id 1\n holdtime 60\n map multicast dynamic\n"
		       " protection ipsec profile P\n");
	configure(SPOKE, "interface Tunnel0\n network-id 1\n holdtime 60\n"
			 " nhs 10.0.0.1 nbma 192.0.2.1\n protection ipsec profile P\n");
}

static void
teardown(void)
{
	for (int i = 0; i < 2; i++) {
		nhrp_engine_fini(&nodes[i].eng);
		nhrp_ipsec_fini(&nodes[i].gate);
	}
}

START_TEST(test_registration_waits_for_sa)
{
	nhrp_engine_tick(&SPOKE->eng);
	/* No SA: the registration request is held, nothing on the wire. */
	ck_assert_uint_eq(n_queue, 0);
	ck_assert_uint_eq(nhrp_ipsec_held_count(&SPOKE->gate, ip("192.0.2.1")), 1);
	ck_assert_uint_eq(SPOKE->eng.ifs[0].traffic.tx[NHRP_REGISTRATION_REQUEST], 0);
	/* iked brings the SA up on both ends; the spoke's request leaves. */
	feed(HUB, IKED_EV_CHILD_UP, "192.0.2.2");
	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.1");
	ck_assert_uint_eq(n_queue, 1);
	ck_assert_uint_eq(SPOKE->eng.ifs[0].traffic.tx[NHRP_REGISTRATION_REQUEST], 1);
	ck_assert_uint_eq(pump(), 2); /* request and reply */
	ck_assert(has_neigh(HUB, "10.0.0.2"));
	ck_assert(SPOKE->eng.ifs[0].nhs[0].responding);
}
END_TEST

/* Another spoke (192.0.2.3, no SA with us yet) resolves us through the
 * hub: our reply goes straight to it, so it waits, and iked is asked for
 * an SA with the tunnel's %any spec, not for the NHS (its spec initiates). */
START_TEST(test_resolution_reply_asks_for_sa)
{
	struct nhrp_local other = { .holdtime = 60 };
	struct nhrp_addr target = { .len = 4 };
	struct nhrp_packet req;
	uint8_t buf[1500];
	ssize_t n;

	configure(SPOKE, "interface Tunnel0\n network-id 1\n holdtime 60\n"
			 " nhs 10.0.0.1 nbma 192.0.2.1\n"
			 " protection ipsec profile P spec Tunnel0-any\n");
	nhrp_engine_tick(&SPOKE->eng);
	ck_assert_uint_eq(nhrp_ipsec_held_count(&SPOKE->gate, ip("192.0.2.1")), 1);
	ck_assert_uint_eq(n_initiate, 0);
	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.1");
	n_queue = 0;
	other.nbma = (struct nhrp_addr){ .len = 4 };
	other.proto = (struct nhrp_addr){ .len = 4 };
	memcpy(other.nbma.bytes, &(in_addr_t){ ip("192.0.2.3").s_addr }, 4);
	memcpy(other.proto.bytes, &(in_addr_t){ ip("10.0.0.3").s_addr }, 4);
	memcpy(target.bytes, &(in_addr_t){ ip("10.0.0.2").s_addr }, 4);
	ck_assert_int_eq(nhrp_build_resolution_request(&req, &other, &target, 77), 0);
	n = nhrp_packet_encode(&req, buf, sizeof(buf));
	ck_assert_int_gt(n, 0);
	nhrp_engine_receive(&SPOKE->eng, IFINDEX, ip("192.0.2.1"), buf, (size_t)n);
	ck_assert_uint_eq(n_queue, 0);
	ck_assert_uint_eq(nhrp_ipsec_held_count(&SPOKE->gate, ip("192.0.2.3")), 1);
	ck_assert_uint_eq(n_initiate, 1);
	ck_assert_str_eq(initiate_spec, "Tunnel0-any");
	ck_assert_uint_eq(initiate_to[0].s_addr, ip("192.0.2.3").s_addr);
	/* no second request before the retry interval... */
	clock_now += NHRP_IPSEC_INITIATE_RETRY - 1;
	nhrp_engine_tick(&SPOKE->eng);
	ck_assert_uint_eq(n_initiate, 1);
	/* ...one after it, and none once the SA is up: the reply leaves */
	clock_now += 1;
	nhrp_engine_tick(&SPOKE->eng);
	ck_assert_uint_eq(n_initiate, 2);
	n_queue = 0; /* registrations to the hub meanwhile */
	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.3");
	ck_assert_uint_eq(n_queue, 1);
	ck_assert_uint_eq(queue[0].to.s_addr, ip("192.0.2.3").s_addr);
	ck_assert_uint_eq(SPOKE->eng.ifs[0].traffic.tx[NHRP_RESOLUTION_REPLY], 1);
	clock_now += NHRP_IPSEC_INITIATE_RETRY;
	nhrp_engine_tick(&SPOKE->eng);
	ck_assert_uint_eq(n_initiate, 2);
	ck_assert_uint_eq(SPOKE->gate.initiations, 2);
}
END_TEST

static void
learn(struct node *n, const char *proto, uint8_t plen, const char *nbma)
{
	struct nhrp_addr p, a;

	nhrp_addr_set(&p, &(in_addr_t){ ip(proto).s_addr }, 4);
	nhrp_addr_set(&a, &(in_addr_t){ ip(nbma).s_addr }, 4);
	ck_assert_int_eq(nhrp_cache_resolved(&n->eng.cache, IFINDEX, &p, plen, &a, 0, 60), 0);
}

/* A spoke's last binding to another spoke goes: its SA is closed (IOS
 * closes the crypto socket with the mapping); not while another binding
 * still uses that NBMA, never the NHS's. */
START_TEST(test_unused_spoke_sa_closed)
{
	struct nhrp_addr p;

	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.1");
	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.3");
	nhrp_engine_tick(&SPOKE->eng);
	pump();
	learn(SPOKE, "10.0.0.3", 32, "192.0.2.3");
	learn(SPOKE, "192.168.3.0", 24, "192.0.2.3");
	nhrp_addr_set(&p, &(in_addr_t){ ip("10.0.0.3").s_addr }, 4);
	ck_assert_uint_eq(nhrp_cache_purge(&SPOKE->eng.cache, IFINDEX, &p, 32), 1);
	nhrp_engine_tick(&SPOKE->eng);
	ck_assert_uint_eq(n_closed, 0); /* 192.168.3.0/24 still goes there */
	nhrp_engine_clear(&SPOKE->eng);
	ck_assert_uint_eq(nhrp_ipsec_next_due(&SPOKE->gate), 1); /* the next tick looks at once */
	nhrp_engine_tick(&SPOKE->eng);
	ck_assert_uint_eq(n_closed, 1);
	ck_assert_uint_eq(closed[0].s_addr, ip("192.0.2.3").s_addr);
	ck_assert_uint_eq(SPOKE->gate.closes, 1);
	/* once is enough; the NHS's SA stays */
	nhrp_engine_tick(&SPOKE->eng);
	ck_assert_uint_eq(n_closed, 1);
	ck_assert(nhrp_ipsec_up(&SPOKE->gate, ip("192.0.2.1")));
}
END_TEST

/* The other spoke's SA side is up first and its Resolution Reply arrives
 * before our CHILD_UP: dropped. When our CHILD_UP comes, the pending
 * resolution is asked again at once, not at the next retry (2 s). */
START_TEST(test_pending_resolution_resent_on_sa_up)
{
	feed(HUB, IKED_EV_CHILD_UP, "192.0.2.2");
	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.1");
	nhrp_engine_tick(&SPOKE->eng);
	pump();
	ck_assert(SPOKE->eng.ifs[0].nhs[0].responding);
	n_queue = 0;
	nhrp_engine_neigh_miss(&SPOKE->eng, IFINDEX, ip("10.0.0.3"));
	ck_assert_uint_eq(SPOKE->eng.ifs[0].traffic.tx[NHRP_RESOLUTION_REQUEST], 1);
	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.3");
	ck_assert_uint_eq(SPOKE->eng.ifs[0].traffic.tx[NHRP_RESOLUTION_REQUEST], 2);
	ck_assert_uint_eq(n_queue, 2);
	ck_assert_uint_eq(queue[1].to.s_addr, ip("192.0.2.1").s_addr);
	/* the resolution given up: an SA coming up sends nothing */
	clock_now += 60;
	nhrp_engine_tick(&SPOKE->eng);
	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.4");
	ck_assert_uint_eq(SPOKE->eng.ifs[0].traffic.tx[NHRP_RESOLUTION_REQUEST], 2);
}
END_TEST

START_TEST(test_rx_without_sa_dropped)
{
	/* The spoke believes it has an SA, the hub does not (it never told). */
	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.1");
	nhrp_engine_tick(&SPOKE->eng);
	ck_assert_uint_eq(pump(), 1);
	ck_assert(!has_neigh(HUB, "10.0.0.2"));
	ck_assert_uint_eq(HUB->gate.rx_dropped, 1);
	ck_assert_uint_eq(HUB->eng.ifs[0].traffic.rx_dropped, 1);
	ck_assert_uint_eq(HUB->eng.ifs[0].traffic.rx[NHRP_REGISTRATION_REQUEST], 0);
}
END_TEST

START_TEST(test_dead_peer_purged)
{
	feed(HUB, IKED_EV_CHILD_UP, "192.0.2.2");
	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.1");
	nhrp_engine_tick(&SPOKE->eng);
	pump();
	ck_assert(has_neigh(HUB, "10.0.0.2"));
	/* An unrelated peer's death leaves the spoke alone. */
	feed(HUB, IKED_EV_RETRANSMIT_TIMEOUT, "192.0.2.77");
	ck_assert(has_neigh(HUB, "10.0.0.2"));
	/* DPD on the hub declares the spoke dead. */
	feed(HUB, IKED_EV_RETRANSMIT_TIMEOUT, "192.0.2.2");
	ck_assert(!has_neigh(HUB, "10.0.0.2"));
	ck_assert_uint_eq(nhrp_cache_count(&HUB->eng.cache), 0);
	/* The spoke's IKE SA to the hub goes down: it registers again once
	 * a new SA is up, not before. */
	feed(SPOKE, IKED_EV_IKE_DOWN, "192.0.2.1");
	ck_assert(!SPOKE->eng.ifs[0].nhs[0].responding);
	nhrp_engine_tick(&SPOKE->eng);
	ck_assert_uint_eq(n_queue, 0);
	feed(HUB, IKED_EV_CHILD_UP, "192.0.2.2");
	feed(SPOKE, IKED_EV_CHILD_UP, "192.0.2.1");
	pump();
	ck_assert(has_neigh(HUB, "10.0.0.2"));
}
END_TEST

START_TEST(test_unprotected_not_gated)
{
	configure(HUB, "interface Tunnel0\n network-id 1\n holdtime 60\n");
	configure(SPOKE, "interface Tunnel0\n network-id 1\n holdtime 60\n"
			 " nhs 10.0.0.1 nbma 192.0.2.1\n");
	nhrp_engine_tick(&SPOKE->eng);
	ck_assert_uint_eq(pump(), 2);
	ck_assert(has_neigh(HUB, "10.0.0.2"));
	ck_assert_uint_eq(HUB->gate.rx_dropped, 0);
}
END_TEST

START_TEST(test_conf_protection)
{
	struct nhrp_conf conf;
	char err[128];

	ck_assert_int_eq(nhrp_conf_parse("interface Tunnel0\n protection ipsec profile DMVPN\n",
					 &conf, err, sizeof(err)),
			 0);
	ck_assert_str_eq(conf.ifs[0].ipsec_profile, "DMVPN");
	ck_assert_str_eq(conf.ifs[0].ike_spec, "");
	ck_assert_int_eq(nhrp_conf_parse("interface tun0\n protection ipsec profile DMVPN spec Tunnel0\n",
					 &conf, err, sizeof(err)),
			 0);
	ck_assert_str_eq(conf.ifs[0].ike_spec, "Tunnel0");
	ck_assert_int_eq(nhrp_conf_parse("interface tun0\n protection ipsec profile DMVPN spock x\n",
					 &conf, err, sizeof(err)),
			 -EINVAL);
	ck_assert_int_eq(nhrp_conf_parse("interface Tunnel0\n protection ipsec\n", &conf, err,
					 sizeof(err)),
			 -EINVAL);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("nhrp_ipsec");
	TCase *gate = tcase_create("gate"), *eng = tcase_create("engine");
	SRunner *sr;
	int failed;

	tcase_add_test(gate, test_gate_hold_release);
	tcase_add_test(gate, test_gate_timeout_and_overflow);
	tcase_add_test(gate, test_gate_accept_and_purge);
	tcase_add_test(gate, test_gate_many_peers);
	tcase_add_test(gate, test_gate_initiate_rate_limited);
	tcase_add_test(gate, test_gate_two_ike_sas);
	tcase_add_test(gate, test_conf_protection);
	tcase_add_checked_fixture(eng, setup, teardown);
	tcase_add_test(eng, test_registration_waits_for_sa);
	tcase_add_test(eng, test_rx_without_sa_dropped);
	tcase_add_test(eng, test_resolution_reply_asks_for_sa);
	tcase_add_test(eng, test_unused_spoke_sa_closed);
	tcase_add_test(eng, test_pending_resolution_resent_on_sa_up);
	tcase_add_test(eng, test_dead_peer_purged);
	tcase_add_test(eng, test_unprotected_not_gated);
	suite_add_tcase(s, gate);
	suite_add_tcase(s, eng);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
