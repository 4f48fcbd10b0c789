/* The NHRP engine end to end without a kernel: a hub and two spokes, each
 * a real engine with libnhrp's codec, joined by an in-memory NBMA network
 * that delivers every encoded packet to the engine owning the destination
 * address. Kernel bindings and routes are recorded; the clock is fake. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_conf.h"
#include "nhrp_engine.h"

#define IFINDEX 7
#define MAX_NODES 3
#define MAX_QUEUE 64
#define MAX_ROUTES 8

struct route {
	struct in_addr net, gw;
	uint8_t plen;
	int oif;
};

struct node {
	struct nhrp_engine eng;
	struct in_addr nbma, addr;
	struct route routes[MAX_ROUTES];
	unsigned n_routes;
	/* kernel state as the engine left it */
	struct in_addr neigh[16], neigh_ll[16];
	unsigned n_neigh;
	struct in_addr sc_net[8], sc_via[8];
	uint8_t sc_plen[8];
	unsigned n_sc;
	unsigned sent[NHRP_TYPE_MAX + 1];
};

struct pkt {
	struct in_addr from, to;
	uint8_t buf[1500];
	size_t len;
};

static struct node nodes[MAX_NODES];
static struct pkt queue[MAX_QUEUE];
static unsigned n_queue;
static uint64_t clock_now;
static bool drop_all;

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	return clock_now;
}

static struct in_addr
ip(const char *s)
{
	struct in_addr a;

	ck_assert_int_eq(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static int
op_send(void *ctx, int ifindex, struct in_addr nbma, const uint8_t *buf, size_t len)
{
	struct node *n = ctx;

	ck_assert_int_eq(ifindex, IFINDEX);
	ck_assert_uint_lt(n_queue, MAX_QUEUE);
	ck_assert_uint_le(len, sizeof(queue[0].buf));
	if (len > 17 && buf[17] <= NHRP_TYPE_MAX)
		n->sent[buf[17]]++;
	if (drop_all)
		return 0;
	queue[n_queue].from = n->nbma;
	queue[n_queue].to = nbma;
	memcpy(queue[n_queue].buf, buf, len);
	queue[n_queue].len = len;
	n_queue++;
	return 0;
}

static int
neigh_find(struct node *n, struct in_addr a)
{
	for (unsigned i = 0; i < n->n_neigh; i++)
		if (n->neigh[i].s_addr == a.s_addr)
			return (int)i;
	return -1;
}

static void
op_bind(void *ctx, const struct nhrp_cache_entry *e, enum nhrp_cache_event ev)
{
	struct node *n = ctx;
	struct in_addr a;
	int i;

	if (e->proto.len != 4)
		return;
	memcpy(&a.s_addr, e->proto.bytes, 4);
	i = neigh_find(n, a);
	if (ev == NHRP_CACHE_DELETED || e->nbma.len != 4 || e->type < NHRP_CACHE_CACHED) {
		if (i >= 0)
			n->neigh[i] = n->neigh[--n->n_neigh], n->neigh_ll[i] = n->neigh_ll[n->n_neigh];
		return;
	}
	if (i < 0)
		i = (int)n->n_neigh++;
	n->neigh[i] = a;
	memcpy(&n->neigh_ll[i].s_addr, e->nbma.bytes, 4);
}

static void
op_route(void *ctx, int ifindex, struct in_addr net, uint8_t plen, struct in_addr gw, bool add)
{
	struct node *n = ctx;

	ck_assert_int_eq(ifindex, IFINDEX);
	for (unsigned i = 0; i < n->n_sc; i++)
		if (n->sc_net[i].s_addr == net.s_addr && n->sc_plen[i] == plen) {
			if (!add) {
				n->n_sc--;
				n->sc_net[i] = n->sc_net[n->n_sc];
				n->sc_via[i] = n->sc_via[n->n_sc];
				n->sc_plen[i] = n->sc_plen[n->n_sc];
			} else {
				n->sc_via[i] = gw;
			}
			return;
		}
	if (add) {
		n->sc_net[n->n_sc] = net;
		n->sc_via[n->n_sc] = gw;
		n->sc_plen[n->n_sc++] = plen;
	}
}

static int
op_route_lookup(void *ctx, struct in_addr dst, struct nhrp_route_info *out)
{
	struct node *n = ctx;
	int best = -1;

	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < n->n_routes; i++) {
		uint32_t m = n->routes[i].plen ? htonl(~0u << (32 - n->routes[i].plen)) : 0;

		if ((dst.s_addr & m) == n->routes[i].net.s_addr &&
		    (best < 0 || n->routes[i].plen > n->routes[best].plen))
			best = (int)i;
	}
	if (best < 0)
		return -1;
	out->net = n->routes[best].net;
	out->prefixlen = n->routes[best].plen;
	out->gateway = n->routes[best].gw;
	out->oif = n->routes[best].oif;
	out->local = dst.s_addr == n->addr.s_addr;
	return 0;
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

static const struct nhrp_engine_ops ops = {
	.send = op_send,
	.bind = op_bind,
	.route = op_route,
	.route_lookup = op_route_lookup,
	.link_info = op_link_info,
};

static void
add_route(struct node *n, const char *net, uint8_t plen, const char *gw, int oif)
{
	struct route *r = &n->routes[n->n_routes++];

	r->net = ip(net);
	r->plen = plen;
	r->gw = gw ? ip(gw) : (struct in_addr){ 0 };
	r->oif = oif;
}

static void
configure(struct node *n, const char *text)
{
	struct nhrp_conf conf;
	char err[128];

	ck_assert_msg(nhrp_conf_parse(text, &conf, err, sizeof(err)) == 0, "%s", err);
	nhrp_engine_configure(&n->eng, &conf);
}

/* Delivers queued packets (and what they cause) until none is left. */
static unsigned
pump(void)
{
	unsigned delivered = 0;

	while (n_queue) {
		struct pkt p = queue[0];

		memmove(queue, queue + 1, --n_queue * sizeof(queue[0]));
		for (int i = 0; i < MAX_NODES; i++)
			if (nodes[i].nbma.s_addr == p.to.s_addr) {
				nhrp_engine_receive(&nodes[i].eng, IFINDEX, p.from, p.buf, p.len);
				delivered++;
			}
	}
	return delivered;
}

static void
tick_all(void)
{
	for (int i = 0; i < MAX_NODES; i++)
		nhrp_engine_tick(&nodes[i].eng);
}

#define HUB (&nodes[0])
#define S1 (&nodes[1])
#define S2 (&nodes[2])

static const char *hub_conf = "interface Tunnel0\n network-id 1\n authentication lios\n"
			      " holdtime 60\n map multicast dynamic\n redirect\n";
static const char *spoke_conf = "interface Tunnel0\n network-id 1\n authentication lios\n"
				" holdtime 60\n nhs 10.0.0.1 nbma 192.0.2.1\n shortcut\n";

static void
setup(void)
{
	memset(nodes, 0, sizeof(nodes));
	n_queue = 0;
	clock_now = 1000;
	drop_all = false;
	for (int i = 0; i < MAX_NODES; i++) {
		char a[32];

		snprintf(a, sizeof(a), "192.0.2.%d", i + 1);
		nodes[i].nbma = ip(a);
		snprintf(a, sizeof(a), "10.0.0.%d", i + 1);
		nodes[i].addr = ip(a);
		nhrp_engine_init(&nodes[i].eng, &ops, &nodes[i], fake_clock, NULL);
		add_route(&nodes[i], "10.0.0.0", 24, NULL, IFINDEX);
		snprintf(a, sizeof(a), "192.168.%d.0", i + 1);
		add_route(&nodes[i], a, 24, NULL, 2); /* the node's LAN */
	}
	/* hub routes to the spokes' LANs through the tunnel; spokes reach
	 * everything through the hub */
	add_route(HUB, "192.168.2.0", 24, "10.0.0.2", IFINDEX);
	add_route(HUB, "192.168.3.0", 24, "10.0.0.3", IFINDEX);
	add_route(S1, "192.168.0.0", 16, "10.0.0.1", IFINDEX);
	add_route(S2, "192.168.0.0", 16, "10.0.0.1", IFINDEX);
	configure(HUB, hub_conf);
	configure(S1, spoke_conf);
	configure(S2, spoke_conf);
}

static void
teardown(void)
{
	for (int i = 0; i < MAX_NODES; i++)
		nhrp_engine_fini(&nodes[i].eng);
}

static bool
has_neigh(struct node *n, const char *a, const char *ll)
{
	int i = neigh_find(n, ip(a));

	return i >= 0 && n->neigh_ll[i].s_addr == ip(ll).s_addr;
}

static bool
nhs_responding(struct node *n)
{
	return n->eng.ifs[0].n_nhs == 1 && n->eng.ifs[0].nhs[0].responding;
}

START_TEST(test_registration)
{
	/* The NHS binding is in the kernel before any packet. */
	ck_assert(has_neigh(S1, "10.0.0.1", "192.0.2.1"));
	ck_assert(!nhs_responding(S1));
	tick_all();
	ck_assert_uint_eq(S1->sent[NHRP_REGISTRATION_REQUEST], 1);
	ck_assert_uint_ge(pump(), 4); /* 2 requests, 2 replies */
	ck_assert(nhs_responding(S1));
	ck_assert(nhs_responding(S2));
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	ck_assert(has_neigh(HUB, "10.0.0.3", "192.0.2.3"));
	ck_assert_uint_eq(HUB->sent[NHRP_REGISTRATION_REPLY], 2);
}
END_TEST

START_TEST(test_renewal_and_expiry)
{
	tick_all();
	pump();
	/* Renewed at holdtime/3, not before. */
	clock_now += 19;
	tick_all();
	ck_assert_uint_eq(S1->sent[NHRP_REGISTRATION_REQUEST], 1);
	clock_now += 1;
	tick_all();
	ck_assert_uint_eq(S1->sent[NHRP_REGISTRATION_REQUEST], 2);
	pump();
	/* The spokes fall silent: the hub forgets them after the holdtime. */
	drop_all = true;
	clock_now += 59;
	nhrp_engine_tick(&HUB->eng);
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	clock_now += 2;
	nhrp_engine_tick(&HUB->eng);
	ck_assert(!has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
}
END_TEST

START_TEST(test_withdraw)
{
	tick_all();
	pump();
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	/* S1 stops: the hub forgets it at once, not after the holdtime. */
	nhrp_engine_withdraw(&S1->eng);
	ck_assert_uint_eq(S1->sent[NHRP_REGISTRATION_REQUEST], 2);
	pump();
	ck_assert(!has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	ck_assert(has_neigh(HUB, "10.0.0.3", "192.0.2.3"));
	ck_assert(!nhs_responding(S1));
}
END_TEST

START_TEST(test_backoff)
{
	uint64_t start = clock_now, sends[6];

	drop_all = true;
	for (int k = 0; k < 6;) {
		unsigned before = S1->sent[NHRP_REGISTRATION_REQUEST];

		nhrp_engine_tick(&S1->eng);
		if (S1->sent[NHRP_REGISTRATION_REQUEST] != before)
			sends[k++] = clock_now - start;
		clock_now++;
	}
	/* first at once, then 2, 2, 4, 8, 16 s apart (no reply) */
	ck_assert_uint_eq(sends[0], 0);
	ck_assert_uint_eq(sends[1] - sends[0], 2);
	ck_assert_uint_eq(sends[2] - sends[1], 2);
	ck_assert_uint_eq(sends[3] - sends[2], 4);
	ck_assert_uint_eq(sends[4] - sends[3], 8);
	ck_assert_uint_eq(sends[5] - sends[4], 16);
	ck_assert(!nhs_responding(S1));
}
END_TEST

START_TEST(test_bad_auth)
{
	configure(S1, "interface Tunnel0\n network-id 1\n authentication wrong\n"
		      " nhs 10.0.0.1 nbma 192.0.2.1\n");
	nhrp_engine_tick(&S1->eng);
	pump();
	ck_assert_uint_eq(HUB->eng.ifs[0].traffic.rx_bad_auth, 1);
	ck_assert_uint_eq(HUB->sent[NHRP_REGISTRATION_REPLY], 0);
	ck_assert(!has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	ck_assert(!nhs_responding(S1));
}
END_TEST

START_TEST(test_malformed_counted)
{
	uint8_t junk[30] = { 0, 1, 8, 0 };

	nhrp_engine_receive(&HUB->eng, IFINDEX, ip("192.0.2.9"), junk, sizeof(junk));
	ck_assert_uint_eq(HUB->eng.ifs[0].traffic.rx_dropped, 1);
	ck_assert_uint_eq(HUB->eng.decode.accepted, 0);
	ck_assert_uint_eq(n_queue, 0);
}
END_TEST

START_TEST(test_resolution_on_miss)
{
	tick_all();
	pump();
	/* S1's kernel misses 10.0.0.3: request to the hub, forwarded to S2,
	 * S2 answers S1 directly; both now know each other. */
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.3"));
	ck_assert_uint_eq(S1->sent[NHRP_RESOLUTION_REQUEST], 1);
	pump();
	ck_assert_uint_eq(HUB->eng.ifs[0].traffic.forwarded, 1);
	ck_assert_uint_eq(S2->sent[NHRP_RESOLUTION_REPLY], 1);
	ck_assert(has_neigh(S1, "10.0.0.3", "192.0.2.3"));
	ck_assert(has_neigh(S2, "10.0.0.2", "192.0.2.2"));
	ck_assert_uint_eq(S1->n_sc, 0); /* the target itself: no route */
}
END_TEST

START_TEST(test_redirect_shortcut_and_purge)
{
	uint8_t ipkt[28] = { 0x45, 0, 0, 28, 0, 0, 0, 0, 63, 1 };
	struct in_addr src = ip("192.168.2.1"), dst = ip("192.168.3.1");

	tick_all();
	pump();
	memcpy(ipkt + 12, &src.s_addr, 4);
	memcpy(ipkt + 16, &dst.s_addr, 4);
	/* The hub forwards S1's packet back out of the tunnel: redirect. */
	nhrp_engine_forwarded(&HUB->eng, IFINDEX, ipkt, sizeof(ipkt));
	ck_assert_uint_eq(HUB->sent[NHRP_TRAFFIC_INDICATION], 1);
	/* rate limited per flow */
	nhrp_engine_forwarded(&HUB->eng, IFINDEX, ipkt, sizeof(ipkt));
	ck_assert_uint_eq(HUB->sent[NHRP_TRAFFIC_INDICATION], 1);
	pump();
	/* S1 resolved 192.168.3.1: S2 answered with its /24. */
	ck_assert_uint_eq(S1->sent[NHRP_RESOLUTION_REQUEST], 1);
	ck_assert_uint_eq(S1->n_sc, 1);
	ck_assert_uint_eq(S1->sc_net[0].s_addr, ip("192.168.3.0").s_addr);
	ck_assert_uint_eq(S1->sc_plen[0], 24);
	ck_assert_uint_eq(S1->sc_via[0].s_addr, ip("10.0.0.3").s_addr);
	ck_assert(has_neigh(S1, "10.0.0.3", "192.0.2.3"));
	/* S2 answered: it remembers S1 for a purge. */
	ck_assert(S2->eng.ifs[0].answered[0].used);
	/* clear ip nhrp: the binding goes, and the shortcut with it. */
	nhrp_engine_clear(&S1->eng);
	ck_assert_uint_eq(S1->n_sc, 0);
	ck_assert(!has_neigh(S1, "10.0.0.3", "192.0.2.3"));
	ck_assert(has_neigh(S1, "10.0.0.1", "192.0.2.1")); /* configured NHS stays */
}
END_TEST

START_TEST(test_purge_on_stop)
{
	uint8_t ipkt[28] = { 0x45, 0, 0, 28, 0, 0, 0, 0, 63, 1 };
	struct in_addr src = ip("192.168.2.1"), dst = ip("192.168.3.1");

	tick_all();
	pump();
	memcpy(ipkt + 12, &src.s_addr, 4);
	memcpy(ipkt + 16, &dst.s_addr, 4);
	nhrp_engine_forwarded(&HUB->eng, IFINDEX, ipkt, sizeof(ipkt));
	pump();
	ck_assert_uint_eq(S1->n_sc, 1);
	/* S2 stops: it purges its prefix from S1, whose shortcut goes at once. */
	nhrp_engine_withdraw(&S2->eng);
	ck_assert_uint_eq(S2->sent[NHRP_PURGE_REQUEST], 1);
	pump();
	ck_assert_uint_eq(S1->n_sc, 0);
	ck_assert_uint_eq(S1->sent[NHRP_PURGE_REPLY], 0); /* N flag: no reply */
}
END_TEST

START_TEST(test_no_redirect_without_config)
{
	uint8_t ipkt[28] = { 0x45, 0, 0, 28, 0, 0, 0, 0, 63, 1 };
	struct in_addr src = ip("192.168.2.1"), dst = ip("192.168.3.1");

	configure(HUB, "interface Tunnel0\n network-id 1\n authentication lios\n");
	tick_all();
	pump();
	memcpy(ipkt + 12, &src.s_addr, 4);
	memcpy(ipkt + 16, &dst.s_addr, 4);
	nhrp_engine_forwarded(&HUB->eng, IFINDEX, ipkt, sizeof(ipkt));
	ck_assert_uint_eq(HUB->sent[NHRP_TRAFFIC_INDICATION], 0);
}
END_TEST

START_TEST(test_reconfigure_keeps_state)
{
	tick_all();
	pump();
	configure(HUB, hub_conf); /* same text: registrations stay */
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	configure(HUB, "");	  /* NHRP off: every binding goes */
	ck_assert_uint_eq(HUB->n_neigh, 0);
	ck_assert_uint_eq(HUB->eng.n_ifs, 0);
}
END_TEST

START_TEST(test_conf_parse)
{
	struct nhrp_conf c;
	char err[128];

	ck_assert_int_eq(nhrp_conf_parse("interface Tunnel0\n address 10.0.0.2/24\n"
					 " nhs 10.0.0.1 nbma 192.0.2.1 multicast priority 3\n"
					 " map 10.0.0.9 192.0.2.9\n registration timeout 30\n"
					 " registration no-unique\n map multicast 192.0.2.5\n",
					 &c, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(c.n_ifs, 1);
	ck_assert_uint_eq(c.ifs[0].prefixlen, 24);
	ck_assert_uint_eq(c.ifs[0].n_nhs, 1);
	ck_assert(c.ifs[0].nhs[0].multicast);
	ck_assert_uint_eq(c.ifs[0].nhs[0].priority, 3);
	ck_assert_uint_eq(c.ifs[0].reg_timeout, 30);
	ck_assert(c.ifs[0].no_unique);
	ck_assert_uint_eq(c.ifs[0].n_mcast, 1);
	ck_assert_uint_eq(c.ifs[0].holdtime, NHRP_CONF_DEFAULT_HOLDTIME);
	/* nhs without nbma takes the map's */
	ck_assert_int_eq(nhrp_conf_parse("interface T\n nhs 10.0.0.9\n map 10.0.0.9 192.0.2.9\n", &c,
					 err, sizeof(err)),
			 0);
	ck_assert_uint_eq(nhrp_conf_nhs_nbma(&c.ifs[0], &c.ifs[0].nhs[0]).s_addr,
			  ip("192.0.2.9").s_addr);
	/* errors name the line and leave *out alone */
	c.n_ifs = 42;
	ck_assert_int_lt(nhrp_conf_parse("interface T\n\n holdtime 0\n", &c, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "line 3: bad holdtime");
	ck_assert_uint_eq(c.n_ifs, 42);
	ck_assert_int_lt(nhrp_conf_parse("holdtime 5\n", &c, err, sizeof(err)), 0);
	ck_assert_int_lt(nhrp_conf_parse("interface T\n authentication 123456789\n", &c, err,
					 sizeof(err)),
			 0);
	ck_assert_int_lt(nhrp_conf_parse("interface T\n nhs 10.0.0.1 nbma\n", &c, err, sizeof(err)),
			 0);
	/* nhs dynamic, clusters, max-connections, fallback */
	ck_assert_int_eq(nhrp_conf_parse("interface T\n nhs dynamic nbma 192.0.2.1 multicast\n"
					 " nhs 10.0.0.9 nbma 192.0.2.9 priority 2 cluster 3\n"
					 " nhs cluster 3 max-connections 1\n nhs fallback 30\n",
					 &c, err, sizeof(err)),
			 0);
	ck_assert_uint_eq(c.ifs[0].n_nhs, 2);
	ck_assert_uint_eq(c.ifs[0].nhs[0].proto.s_addr, 0);
	ck_assert_uint_eq(c.ifs[0].nhs[0].nbma.s_addr, ip("192.0.2.1").s_addr);
	ck_assert(c.ifs[0].nhs[0].multicast);
	ck_assert_uint_eq(c.ifs[0].nhs[1].cluster, 3);
	ck_assert(c.ifs[0].has_max_conn[3] && !c.ifs[0].has_max_conn[0]);
	ck_assert_uint_eq(c.ifs[0].max_conn[3], 1);
	ck_assert_uint_eq(c.ifs[0].fallback, 30);
	ck_assert_int_lt(nhrp_conf_parse("interface T\n nhs dynamic\n", &c, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "line 2: nhs dynamic needs its NBMA address");
	ck_assert_int_lt(nhrp_conf_parse("interface T\n nhs dynamic nbma 192.0.2.1\n"
					 " nhs dynamic nbma 192.0.2.1\n",
					 &c, err, sizeof(err)),
			 0);
	ck_assert_int_lt(nhrp_conf_parse("interface T\n nhs cluster 11 max-connections 1\n", &c,
					 err, sizeof(err)),
			 0);
	ck_assert_int_lt(nhrp_conf_parse("interface T\n nhs cluster 1 max-connections 256\n", &c,
					 err, sizeof(err)),
			 0);
	ck_assert_int_lt(nhrp_conf_parse("interface T\n nhs 10.0.0.1 nbma 192.0.2.1 cluster 11\n",
					 &c, err, sizeof(err)),
			 0);
	ck_assert_int_lt(nhrp_conf_parse("interface T\n nhs fallback -1\n", &c, err, sizeof(err)),
			 0);
}
END_TEST

START_TEST(test_show)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	tick_all();
	pump();
	out = open_memstream(&text, &len);
	ck_assert_int_eq(nhrp_engine_show(&HUB->eng, "dmvpn", out), 0);
	ck_assert_int_eq(nhrp_engine_show(&S1->eng, "ip nhrp nhs", out), 0);
	ck_assert_int_eq(nhrp_engine_show(&HUB->eng, "ip nhrp traffic", out), 0);
	ck_assert_int_eq(nhrp_engine_show(&HUB->eng, "ip nhrp multicast", out), 0);
	ck_assert_int_lt(nhrp_engine_show(&HUB->eng, "bogus", out), 0);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(text, "Type:Hub, NHRP Peers:2,"));
	ck_assert_ptr_nonnull(strstr(text, "10.0.0.1  RE  priority = 0"));
	ck_assert_ptr_nonnull(strstr(text, "2 Registration Request"));
	/* map multicast dynamic: the registered spokes */
	ck_assert_ptr_nonnull(strstr(text, "Tunnel0    192.0.2.2         Flags: dynamic"));
	ck_assert_ptr_nonnull(strstr(text, "Tunnel0    192.0.2.3         Flags: dynamic"));
	free(text);
}
END_TEST

/* S1 holds a shortcut through S2 (the hub redirected it). */
static void
shortcut_s1_to_s2(void)
{
	uint8_t ipkt[28] = { 0x45, 0, 0, 28, 0, 0, 0, 0, 63, 1 };
	struct in_addr src = ip("192.168.2.1"), dst = ip("192.168.3.1");

	tick_all();
	pump();
	memcpy(ipkt + 12, &src.s_addr, 4);
	memcpy(ipkt + 16, &dst.s_addr, 4);
	nhrp_engine_forwarded(&HUB->eng, IFINDEX, ipkt, sizeof(ipkt));
	pump();
	ck_assert_uint_eq(S1->n_sc, 1);
	ck_assert(has_neigh(S1, "10.0.0.3", "192.0.2.3"));
}

START_TEST(test_purge_on_clear)
{
	shortcut_s1_to_s2();
	/* clear ip nhrp on S2: S1 learnt S2's prefix from S2's answer, so
	 * S2 purges it there; S1's shortcut goes at once. */
	nhrp_engine_clear(&S2->eng);
	ck_assert_uint_eq(S2->sent[NHRP_PURGE_REQUEST], 1);
	pump();
	ck_assert_uint_eq(S1->n_sc, 0);
	ck_assert_uint_eq(S1->sent[NHRP_PURGE_REPLY], 0); /* N flag: no reply */
	/* once: nothing is left to purge */
	nhrp_engine_clear(&S2->eng);
	ck_assert_uint_eq(S2->sent[NHRP_PURGE_REQUEST], 1);
}
END_TEST

START_TEST(test_purge_on_registration_expiry)
{
	/* S1 resolves S2 through the hub 30 s after registering; S2 then
	 * falls silent. The hub's entry for S2 expires at 60 s, well before
	 * S1's (90 s): the hub purges 10.0.0.3 from S1, which forgot it. */
	tick_all();
	pump();
	clock_now += 30;
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.3"));
	pump();
	ck_assert(has_neigh(S1, "10.0.0.3", "192.0.2.3"));
	ck_assert(has_neigh(HUB, "10.0.0.3", "192.0.2.3"));
	clock_now += 29; /* 59 s after the registrations */
	nhrp_engine_tick(&HUB->eng);
	ck_assert_uint_eq(HUB->sent[NHRP_PURGE_REQUEST], 0);
	clock_now += 2;
	nhrp_engine_tick(&HUB->eng);
	ck_assert(!has_neigh(HUB, "10.0.0.3", "192.0.2.3"));
	/* S1's registration expired too, but nobody resolved S1 here */
	ck_assert_uint_eq(HUB->sent[NHRP_PURGE_REQUEST], 1);
	pump();
	ck_assert(!has_neigh(S1, "10.0.0.3", "192.0.2.3"));
	/* nobody resolved S1 through the hub: S2 kept its binding of S1
	 * (learnt from S1's request), only S1 was told */
	ck_assert(has_neigh(S2, "10.0.0.2", "192.0.2.2"));
}
END_TEST

START_TEST(test_purge_on_hub_clear)
{
	tick_all();
	pump();
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.3"));
	pump();
	ck_assert(has_neigh(S1, "10.0.0.3", "192.0.2.3"));
	/* clear ip nhrp on the hub: S2's registration goes, and with it
	 * what S1 resolved through the hub */
	nhrp_engine_clear(&HUB->eng);
	ck_assert_uint_eq(HUB->sent[NHRP_PURGE_REQUEST], 1);
	pump();
	ck_assert(!has_neigh(S1, "10.0.0.3", "192.0.2.3"));
}
END_TEST

static const char *two_nhs_conf = "interface Tunnel0\n network-id 1\n authentication lios\n"
				  " holdtime 60\n registration timeout 5\n"
				  " nhs 10.0.0.9 nbma 192.0.2.9\n nhs 10.0.0.1 nbma 192.0.2.1\n";

static char
nhs_state(struct node *n, const char *nhs)
{
	char *text = NULL, *line;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	char want[64], st = '?';

	nhrp_engine_show(&n->eng, "ip nhrp nhs", out);
	fclose(out);
	snprintf(want, sizeof(want), "\n%s  ", nhs);
	line = strstr(text, want);
	if (line) {
		line += strlen(want);
		st = line[0] == 'R' ? 'R' : line[0];
	}
	free(text);
	return st;
}

START_TEST(test_nhs_down_and_failover)
{
	configure(S1, two_nhs_conf);
	/* 10.0.0.9 exists for a while: it answers as the hub does */
	nodes[2].nbma = ip("192.0.2.9"); /* S2's engine plays the second NHS */
	nodes[2].addr = ip("10.0.0.9");
	configure(S2, hub_conf);
	nhrp_engine_tick(&S1->eng);
	pump();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'R');
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'R');
	/* 10.0.0.9 dies. The renewal at +5 s goes unanswered, so do its
	 * retries at +7 and +9 s; the third one (at +13 s, 8 s after the
	 * first) finds it not responding: bound registration timeout + 8 s. */
	nodes[2].nbma = ip("192.0.2.99");
	for (unsigned s = 1; s <= 12; s++) {
		clock_now++;
		nhrp_engine_tick(&S1->eng);
		nhrp_engine_tick(&HUB->eng);
		pump();
		ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'R');
	}
	clock_now++;
	nhrp_engine_tick(&S1->eng);
	pump();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'E');
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'R');
	/* Resolutions now go to the NHS that answers. */
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.77"));
	ck_assert_uint_eq(n_queue, 1);
	ck_assert_uint_eq(queue[0].to.s_addr, ip("192.0.2.1").s_addr);
	pump();
	/* It comes back: found within one registration timeout (the retry
	 * backoff never exceeds it). */
	nodes[2].nbma = ip("192.0.2.9");
	for (unsigned s = 0; s < 5 && nhs_state(S1, "10.0.0.9") != 'R'; s++) {
		clock_now++;
		nhrp_engine_tick(&S1->eng);
		pump();
	}
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'R');
}
END_TEST

START_TEST(test_resolution_retry_other_nhs)
{
	/* Both NHSs answer registrations; the first one configured dies
	 * without S1 noticing yet: the resolution's retry goes to the other. */
	configure(S1, two_nhs_conf);
	nodes[2].nbma = ip("192.0.2.9");
	nodes[2].addr = ip("10.0.0.9");
	configure(S2, hub_conf);
	nhrp_engine_tick(&S1->eng);
	pump();
	nodes[2].nbma = ip("192.0.2.99");
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.77"));
	ck_assert_uint_eq(queue[n_queue - 1].to.s_addr, ip("192.0.2.9").s_addr);
	pump();
	clock_now += 2;
	nhrp_engine_tick(&S1->eng);
	ck_assert_uint_eq(S1->sent[NHRP_RESOLUTION_REQUEST], 2);
	ck_assert_uint_eq(queue[n_queue - 1].to.s_addr, ip("192.0.2.1").s_addr);
}
END_TEST

START_TEST(test_nhs_priority)
{
	/* IOS prefers the lowest priority value: 10.0.0.1 (priority 1) over
	 * 10.0.0.9 (priority 5), though configured second. */
	configure(S1, "interface Tunnel0\n network-id 1\n authentication lios\n holdtime 60\n"
		      " nhs 10.0.0.9 nbma 192.0.2.9 priority 5\n"
		      " nhs 10.0.0.1 nbma 192.0.2.1 priority 1\n");
	nodes[2].nbma = ip("192.0.2.9");
	nodes[2].addr = ip("10.0.0.9");
	configure(S2, hub_conf);
	nhrp_engine_tick(&S1->eng);
	pump();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'R');
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'R');
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.77"));
	ck_assert_uint_eq(queue[n_queue - 1].to.s_addr, ip("192.0.2.1").s_addr);
}
END_TEST

/* S1's underlay is re-addressed: the link reports the new NBMA. */
static void
move_s1(const char *nbma)
{
	S1->nbma = ip(nbma);
	nhrp_engine_refresh_links(&S1->eng);
}

START_TEST(test_nbma_change_no_unique)
{
	configure(S1, "interface Tunnel0\n network-id 1\n authentication lios\n holdtime 60\n"
		      " nhs 10.0.0.1 nbma 192.0.2.1\n registration no-unique\n");
	tick_all();
	pump();
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	/* Registers again at once, from the new address, without waiting
	 * for the renewal; the hub replaces the binding. */
	move_s1("192.0.2.102");
	nhrp_engine_tick(&S1->eng);
	ck_assert_uint_eq(S1->sent[NHRP_REGISTRATION_REQUEST], 2);
	pump();
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.102"));
	ck_assert(nhs_responding(S1));
	/* a link event without a change registers nothing more */
	nhrp_engine_refresh_links(&S1->eng);
	nhrp_engine_tick(&S1->eng);
	ck_assert_uint_eq(S1->sent[NHRP_REGISTRATION_REQUEST], 2);
}
END_TEST

START_TEST(test_nbma_change_unique)
{
	tick_all();
	pump();
	/* Unique registration (the default): the hub refuses the new NBMA
	 * with code 14 while the old binding lives (holdtime 60 from +0). */
	move_s1("192.0.2.102");
	nhrp_engine_tick(&S1->eng);
	pump();
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	ck_assert(!nhs_responding(S1));
	while (clock_now < 1000 + 60) {
		clock_now++;
		nhrp_engine_tick(&S1->eng);
		nhrp_engine_tick(&HUB->eng);
		pump();
		ck_assert(!nhs_responding(S1));
	}
	/* The old binding expired: the next retry (backoff capped at the
	 * renewal interval, 20 s) is accepted. */
	for (unsigned s = 0; s < 21 && !nhs_responding(S1); s++) {
		clock_now++;
		nhrp_engine_tick(&S1->eng);
		nhrp_engine_tick(&HUB->eng);
		pump();
	}
	ck_assert(nhs_responding(S1));
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.102"));
}
END_TEST

START_TEST(test_transit_reply)
{
	unsigned delivered = 0;

	tick_all();
	pump();
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.3"));
	/* Deliver the request (to the hub, then to S2); S2's reply goes to
	 * the hub instead of S1, as FRR's egress sends it (along its route
	 * to the requester). The hub relays it to S1. */
	while (n_queue) {
		struct pkt pk = queue[0];

		memmove(queue, queue + 1, --n_queue * sizeof(queue[0]));
		if (pk.len > 17 && pk.buf[17] == NHRP_RESOLUTION_REPLY &&
		    pk.from.s_addr == S2->nbma.s_addr)
			pk.to = HUB->nbma;
		for (int i = 0; i < MAX_NODES; i++)
			if (nodes[i].nbma.s_addr == pk.to.s_addr) {
				nhrp_engine_receive(&nodes[i].eng, IFINDEX, pk.from, pk.buf, pk.len);
				delivered++;
			}
	}
	ck_assert_uint_eq(delivered, 4); /* request x2, reply x2 */
	ck_assert_uint_eq(HUB->eng.ifs[0].traffic.forwarded, 2);
	ck_assert_uint_eq(HUB->eng.ifs[0].traffic.rx_dropped, 0);
	ck_assert(has_neigh(S1, "10.0.0.3", "192.0.2.3"));
}
END_TEST

START_TEST(test_nbma_change_purges)
{
	configure(S2, "interface Tunnel0\n network-id 1\n authentication lios\n holdtime 60\n"
		      " nhs 10.0.0.1 nbma 192.0.2.1\n registration no-unique\n");
	tick_all();
	pump();
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.3"));
	pump();
	ck_assert(has_neigh(S1, "10.0.0.3", "192.0.2.3"));
	/* S2 moves: it purges what it answered, and the hub, whose binding
	 * of S2 changed, purges what it forwarded: S1 forgets the old
	 * address and resolves the new one on its next miss. */
	S2->nbma = ip("192.0.2.103");
	nhrp_engine_refresh_links(&S2->eng);
	ck_assert_uint_eq(S2->sent[NHRP_PURGE_REQUEST], 1);
	nhrp_engine_tick(&S2->eng);
	pump();
	ck_assert(has_neigh(HUB, "10.0.0.3", "192.0.2.103"));
	ck_assert_uint_eq(HUB->sent[NHRP_PURGE_REQUEST], 1);
	ck_assert(!has_neigh(S1, "10.0.0.3", "192.0.2.3"));
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.3"));
	pump();
	ck_assert(has_neigh(S1, "10.0.0.3", "192.0.2.103"));
}
END_TEST

/* The decoded packet at queue[i]. */
static void
queued(unsigned i, struct nhrp_packet *p)
{
	struct nhrp_decode_result res;

	ck_assert_uint_lt(i, n_queue);
	ck_assert_int_eq(nhrp_packet_decode(queue[i].buf, queue[i].len, p, &res), 0);
}

static char *
show(struct node *n, const char *what)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	ck_assert_int_eq(nhrp_engine_show(&n->eng, what, out), 0);
	fclose(out);
	return text;
}

START_TEST(test_nhs_dynamic)
{
	struct nhrp_packet *p = malloc(sizeof(*p));
	struct in_addr me;
	char *text;

	configure(S1, "interface Tunnel0\n network-id 1\n authentication lios\n holdtime 60\n"
		      " nhs dynamic nbma 192.0.2.1\n shortcut\n");
	/* Only the NBMA address is known: no binding for the hub yet. */
	ck_assert_int_lt(neigh_find(S1, ip("10.0.0.1")), 0);
	ck_assert_int_eq(nhs_state(S1, "0.0.0.0"), 'E');
	n_queue = 0;
	nhrp_engine_tick(&S1->eng);
	/* The request goes to the NBMA address, addressed to ourselves
	 * (RFC 2332 5.2.3: an NHC that does not know its NHS's address). */
	ck_assert_uint_eq(n_queue, 1);
	ck_assert_uint_eq(queue[0].to.s_addr, ip("192.0.2.1").s_addr);
	queued(0, p);
	ck_assert_int_eq(p->type, NHRP_REGISTRATION_REQUEST);
	memcpy(&me.s_addr, p->dst_proto.bytes, 4);
	ck_assert_uint_eq(me.s_addr, ip("10.0.0.2").s_addr);
	/* The hub answers with itself as the destination (what FRR learns
	 * the NHS from) and in the Responder Address (what IOS fills). */
	nhrp_engine_receive(&HUB->eng, IFINDEX, queue[0].from, queue[0].buf, queue[0].len);
	queued(1, p);
	ck_assert_int_eq(p->type, NHRP_REGISTRATION_REPLY);
	memcpy(&me.s_addr, p->dst_proto.bytes, 4);
	ck_assert_uint_eq(me.s_addr, ip("10.0.0.1").s_addr);
	memmove(queue, queue + 1, --n_queue * sizeof(queue[0]));
	pump();
	/* The reply's responder names the hub: bound and registered as a
	 * configured NHS would be. */
	ck_assert(has_neigh(S1, "10.0.0.1", "192.0.2.1"));
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'R');
	text = show(S1, "dmvpn");
	ck_assert_msg(strstr(text, "192.0.2.1") && strstr(text, "10.0.0.1"), "%s", text);
	free(text);
	text = show(S1, "ip nhrp nhs detail");
	ck_assert_msg(strstr(text, "10.0.0.1  RE  priority = 0 cluster = 0") &&
			      strstr(text, "NBMA 192.0.2.1 (dynamic)"),
		      "%s", text);
	free(text);
	/* Renewals now name the NHS; resolutions go through it. */
	clock_now += 20;
	nhrp_engine_tick(&S1->eng);
	queued(n_queue - 1, p);
	memcpy(&me.s_addr, p->dst_proto.bytes, 4);
	ck_assert_uint_eq(me.s_addr, ip("10.0.0.1").s_addr);
	pump();
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.3"));
	ck_assert_uint_eq(queue[n_queue - 1].to.s_addr, ip("192.0.2.1").s_addr);
	/* A reconfiguration forgets it with the rest of the interface state. */
	configure(S1, spoke_conf);
	ck_assert(has_neigh(S1, "10.0.0.1", "192.0.2.1"));
	free(p);
}
END_TEST

static const char *cluster_conf = "interface Tunnel0\n network-id 1\n authentication lios\n"
				  " holdtime 60\n registration timeout 5\n"
				  " nhs 10.0.0.9 nbma 192.0.2.9 priority 2 cluster 1\n"
				  " nhs 10.0.0.1 nbma 192.0.2.1 priority 1 cluster 1\n"
				  " nhs cluster 1 max-connections 1\n";

static void
step(void)
{
	clock_now++;
	tick_all();
	pump();
}

/* S2's engine plays a second hub, 10.0.0.9 at 192.0.2.9. */
static void
second_hub(void)
{
	nodes[2].nbma = ip("192.0.2.9");
	nodes[2].addr = ip("10.0.0.9");
	configure(S2, hub_conf);
}

START_TEST(test_nhs_cluster_failover_fallback)
{
	char conf[512], *text;
	uint64_t back;

	snprintf(conf, sizeof(conf), "%s nhs fallback 10\n", cluster_conf);
	second_hub();
	configure(S1, conf);
	nhrp_engine_tick(&S1->eng);
	/* max-connections 1: only the preferred NHS (priority 1) */
	ck_assert_uint_eq(S1->sent[NHRP_REGISTRATION_REQUEST], 1);
	pump();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'R');
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'W');
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	ck_assert_int_lt(neigh_find(S2, ip("10.0.0.2")), 0);
	text = show(S1, "ip nhrp nhs");
	ck_assert_msg(strstr(text, "10.0.0.9  W  priority = 2 cluster = 1"), "%s", text);
	free(text);
	text = show(S1, "dmvpn detail");
	ck_assert_msg(strstr(text, "10.0.0.9  W priority = 2 cluster = 1"), "%s", text);
	free(text);
	/* Held in reserve, it gets neither registrations nor resolutions. */
	for (unsigned s = 0; s < 30; s++)
		step();
	ck_assert_int_lt(neigh_find(S2, ip("10.0.0.2")), 0);
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.77"));
	ck_assert_uint_eq(queue[n_queue - 1].to.s_addr, ip("192.0.2.1").s_addr);
	pump();
	/* The preferred hub dies right after a renewal: found not responding
	 * 13 s after its last reply (renewal at +5 s, retries +7, +9, +13),
	 * and the next one is registered with in that same second. */
	while (S1->eng.ifs[0].nhs[1].last_reply != clock_now)
		step();
	HUB->nbma = ip("192.0.2.99");
	for (unsigned s = 1; s < 13; s++) {
		step();
		ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'W');
	}
	step();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'E');
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'R');
	ck_assert(has_neigh(S2, "10.0.0.2", "192.0.2.2"));
	nhrp_engine_neigh_miss(&S1->eng, IFINDEX, ip("10.0.0.78"));
	ck_assert_uint_eq(queue[n_queue - 1].to.s_addr, ip("192.0.2.9").s_addr);
	pump();
	/* The dead one is still probed (IOS's PROBE): back within one
	 * registration timeout. */
	HUB->nbma = ip("192.0.2.1");
	for (unsigned s = 0; s < 5 && nhs_state(S1, "10.0.0.1") != 'R'; s++)
		step();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'R');
	back = clock_now;
	/* fallback 10: the backup stays registered 10 s more, then is
	 * withdrawn (zero holding time: the second hub drops us at once). */
	while (clock_now < back + 9) {
		step();
		ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'R');
		ck_assert(has_neigh(S2, "10.0.0.2", "192.0.2.2"));
	}
	ck_assert_uint_le(nhrp_engine_tick(&S1->eng), back + 10);
	step();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'W');
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'R');
	ck_assert_int_lt(neigh_find(S2, ip("10.0.0.2")), 0);
}
END_TEST

START_TEST(test_nhs_cluster_no_fallback)
{
	second_hub();
	/* The preferred NHS does not answer from the start: the backup is
	 * brought up 8 s after the first request (three unanswered). */
	HUB->nbma = ip("192.0.2.99");
	configure(S1, cluster_conf);
	nhrp_engine_tick(&S1->eng);
	pump();
	for (unsigned s = 1; s < 8; s++) {
		step();
		ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'W');
	}
	step();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'R');
	ck_assert(has_neigh(S2, "10.0.0.2", "192.0.2.2"));
	/* Without nhs fallback, the preferred one takes over as soon as it
	 * answers a probe. */
	HUB->nbma = ip("192.0.2.1");
	for (unsigned s = 0; s < 5 && nhs_state(S1, "10.0.0.1") != 'R'; s++)
		step();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'R');
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'W');
	ck_assert_int_lt(neigh_find(S2, ip("10.0.0.2")), 0);
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
}
END_TEST

START_TEST(test_nhs_cluster_max_two)
{
	/* Two clusters: cluster 0 unlimited (the hub), cluster 1 at most
	 * one of two whose preferred never answers. */
	second_hub();
	configure(S1, "interface Tunnel0\n network-id 1\n authentication lios\n holdtime 60\n"
		      " nhs 10.0.0.1 nbma 192.0.2.1\n"
		      " nhs 10.0.0.8 nbma 192.0.2.8 cluster 1\n"
		      " nhs 10.0.0.9 nbma 192.0.2.9 priority 9 cluster 1\n"
		      " nhs cluster 1 max-connections 1\n");
	nhrp_engine_tick(&S1->eng);
	ck_assert_uint_eq(S1->sent[NHRP_REGISTRATION_REQUEST], 2);
	pump();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'R');
	ck_assert_int_eq(nhs_state(S1, "10.0.0.8"), 'E');
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'W');
	for (unsigned s = 0; s < 8; s++)
		step();
	ck_assert_int_eq(nhs_state(S1, "10.0.0.9"), 'R');
	ck_assert_int_eq(nhs_state(S1, "10.0.0.8"), 'E');
	/* max-connections 0: nobody of that cluster */
	configure(S1, "interface Tunnel0\n network-id 1\n authentication lios\n holdtime 60\n"
		      " nhs 10.0.0.1 nbma 192.0.2.1\n nhs cluster 0 max-connections 0\n");
	ck_assert_int_eq(nhs_state(S1, "10.0.0.1"), 'W');
	S1->sent[NHRP_REGISTRATION_REQUEST] = 0;
	step();
	ck_assert_uint_eq(S1->sent[NHRP_REGISTRATION_REQUEST], 0);
}
END_TEST

START_TEST(test_rebind_after_flush)
{
	/* Setting the tunnel's broadcast address flushes its neighbours, the
	 * permanent ones too: the daemon hands every binding back. */
	tick_all();
	pump();
	ck_assert(has_neigh(S1, "10.0.0.1", "192.0.2.1"));
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	HUB->n_neigh = 0;
	nhrp_engine_rebind(&HUB->eng, IFINDEX);
	ck_assert(has_neigh(HUB, "10.0.0.2", "192.0.2.2"));
	ck_assert(has_neigh(HUB, "10.0.0.3", "192.0.2.3"));
	nhrp_engine_rebind(&HUB->eng, IFINDEX + 1);
	ck_assert_uint_eq(HUB->n_neigh, 2);
}
END_TEST

START_TEST(test_nhs_reserve_no_multicast)
{
	char *text;

	/* Multicast goes to the NHSs registered with, not to those held in
	 * reserve. */
	second_hub();
	configure(S1, "interface Tunnel0\n network-id 1\n authentication lios\n holdtime 60\n"
		      " nhs 10.0.0.1 nbma 192.0.2.1 multicast priority 1\n"
		      " nhs 10.0.0.9 nbma 192.0.2.9 multicast priority 2\n"
		      " nhs cluster 0 max-connections 1\n");
	text = show(S1, "ip nhrp multicast");
	ck_assert_msg(strstr(text, "192.0.2.1 ") && !strstr(text, "192.0.2.9 "), "%s", text);
	free(text);
	configure(S1, "interface Tunnel0\n network-id 1\n authentication lios\n holdtime 60\n"
		      " nhs 10.0.0.1 nbma 192.0.2.1 multicast priority 1\n"
		      " nhs 10.0.0.9 nbma 192.0.2.9 multicast priority 2\n");
	text = show(S1, "ip nhrp multicast");
	ck_assert_msg(strstr(text, "192.0.2.1 ") && strstr(text, "192.0.2.9 "), "%s", text);
	free(text);
}
END_TEST

static Suite *
engine_suite(void)
{
	Suite *s = suite_create("nhrp_engine");
	TCase *tc = tcase_create("engine");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_registration);
	tcase_add_test(tc, test_renewal_and_expiry);
	tcase_add_test(tc, test_backoff);
	tcase_add_test(tc, test_withdraw);
	tcase_add_test(tc, test_bad_auth);
	tcase_add_test(tc, test_malformed_counted);
	tcase_add_test(tc, test_resolution_on_miss);
	tcase_add_test(tc, test_redirect_shortcut_and_purge);
	tcase_add_test(tc, test_no_redirect_without_config);
	tcase_add_test(tc, test_purge_on_stop);
	tcase_add_test(tc, test_reconfigure_keeps_state);
	tcase_add_test(tc, test_conf_parse);
	tcase_add_test(tc, test_show);
	tcase_add_test(tc, test_purge_on_clear);
	tcase_add_test(tc, test_purge_on_registration_expiry);
	tcase_add_test(tc, test_purge_on_hub_clear);
	tcase_add_test(tc, test_nhs_down_and_failover);
	tcase_add_test(tc, test_resolution_retry_other_nhs);
	tcase_add_test(tc, test_nhs_priority);
	tcase_add_test(tc, test_nbma_change_no_unique);
	tcase_add_test(tc, test_nbma_change_unique);
	tcase_add_test(tc, test_transit_reply);
	tcase_add_test(tc, test_nbma_change_purges);
	tcase_add_test(tc, test_nhs_dynamic);
	tcase_add_test(tc, test_nhs_cluster_failover_fallback);
	tcase_add_test(tc, test_nhs_cluster_no_fallback);
	tcase_add_test(tc, test_nhs_cluster_max_two);
	tcase_add_test(tc, test_rebind_after_flush);
	tcase_add_test(tc, test_nhs_reserve_no_multicast);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(engine_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
