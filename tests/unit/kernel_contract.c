/* kernel_contract: the shared cases (see kernel_contract.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kernel_contract.h"
#include "lios.h"

struct kernel *kc_kernel;
bool kc_has_gre;
bool kc_has_vti;
bool kc_has_mss;
bool kc_has_dummy;

struct in_addr
kc_ip(const char *s)
{
	struct in_addr a;

	ck_assert_msg(inet_pton(AF_INET, s, &a) == 1, "bad test address %s", s);
	return a;
}

int
kc_veth(struct kernel *k, const char *a, const char *b, int *ia, int *ib)
{
	struct kernel_link_spec spec = { .kind = KERNEL_LINK_VETH };
	struct kernel_link l;
	int rc;

	snprintf(spec.name, sizeof(spec.name), "%s", a);
	snprintf(spec.peer_name, sizeof(spec.peer_name), "%s", b);
	if ((rc = kernel_link_add(k, &spec, ia)) < 0)
		return rc;
	if (ib) {
		if ((rc = kernel_link_get(k, b, &l)) < 0)
			return rc;
		*ib = l.ifindex;
	}
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

bool
kc_wait(struct kernel *k, int fd, bool (*done)(void *arg), void *arg)
{
	double end = now() + 2.0;

	while (!done(arg) && now() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 100) > 0)
			ck_assert_int_eq(kernel_monitor_process(k), 0);
	}
	return done(arg);
}

#define K kc_kernel
#define OK(call) ck_assert_msg((call) == 0, "%s: %s", #call, kernel_error(K))

/* Links */

static bool
link_exists(const char *name)
{
	struct kernel_link l;

	return kernel_link_get(K, name, &l) == 0;
}

START_TEST(kc_link_veth_create)
{
	struct kernel_link a, b;
	int ia, ib;

	OK(kc_veth(K, "kc0", "kc1", &ia, &ib));
	ck_assert_int_gt(ia, 0);
	ck_assert_int_ne(ia, ib);
	OK(kernel_link_get(K, "kc0", &a));
	OK(kernel_link_get_index(K, ib, &b));
	ck_assert_int_eq(a.ifindex, ia);
	ck_assert_str_eq(b.name, "kc1");
	ck_assert_int_eq(a.kind, KERNEL_LINK_VETH);
	ck_assert_str_eq(a.kind_name, "veth");
	ck_assert(!a.up && !a.lower_up);
	ck_assert_uint_eq(a.mtu, 1500);
	ck_assert_uint_eq(a.lladdr_len, 6);
	/* the same name twice: EEXIST and nothing changes */
	ck_assert_int_eq(kc_veth(K, "kc0", "kc2", NULL, NULL), -EEXIST);
	ck_assert_str_ne(kernel_error(K), "");
	ck_assert(!link_exists("kc2"));
}
END_TEST

START_TEST(kc_link_missing)
{
	struct kernel_link l;

	ck_assert_int_eq(kernel_link_get(K, "nosuch0", &l), -ENODEV);
	ck_assert_msg(strstr(kernel_error(K), "nosuch0"), "message names the interface: %s", kernel_error(K));
	ck_assert_int_eq(kernel_link_get_index(K, 99999, &l), -ENODEV);
	ck_assert_int_eq(kernel_link_set_up(K, 99999, true), -ENODEV);
	ck_assert_int_lt(kernel_link_del(K, 99999), 0);
	ck_assert_int_eq(kernel_link_get(K, "", &l), -EINVAL);
	ck_assert_int_eq(kernel_link_get(K, "a-name-longer-than-ifnamsiz", &l), -EINVAL);
}
END_TEST

struct dump_names {
	int seen_lo, seen_kc0, count;
};

static int
dump_name_cb(const struct kernel_link *l, void *arg)
{
	struct dump_names *d = arg;

	d->count++;
	if (strcmp(l->name, "lo") == 0 && l->kind == KERNEL_LINK_LOOPBACK)
		d->seen_lo++;
	if (strcmp(l->name, "kc0") == 0 && l->kind == KERNEL_LINK_VETH)
		d->seen_kc0++;
	return 0;
}

static int
stop_after_one(const struct kernel_link *l, void *arg)
{
	(*(int *)arg)++;
	return 42;
}

START_TEST(kc_link_dump)
{
	struct dump_names d = { 0 };
	int n = 0;

	OK(kc_veth(K, "kc0", "kc1", NULL, NULL));
	OK(kernel_link_dump(K, dump_name_cb, &d));
	ck_assert_int_eq(d.seen_lo, 1);
	ck_assert_int_eq(d.seen_kc0, 1);
	ck_assert_int_ge(d.count, 3); /* GRE kernels add gre0 & co */
	/* a callback's non-zero return stops the dump and is returned */
	ck_assert_int_eq(kernel_link_dump(K, stop_after_one, &n), 42);
	ck_assert_int_eq(n, 1);
}
END_TEST

START_TEST(kc_link_up_down)
{
	struct kernel_link a;
	int ia, ib;

	OK(kc_veth(K, "kc0", "kc1", &ia, &ib));
	OK(kernel_link_set_up(K, ia, true));
	OK(kernel_link_get_index(K, ia, &a));
	ck_assert(a.up && (a.flags & IFF_UP));
	ck_assert(!a.lower_up); /* the peer is still down: no carrier */
	OK(kernel_link_set_up(K, ib, true));
	OK(kernel_link_get_index(K, ia, &a));
	ck_assert(a.lower_up && (a.flags & KERNEL_IFF_LOWER_UP));
	OK(kernel_link_set_up(K, ia, false));
	OK(kernel_link_get_index(K, ia, &a));
	ck_assert(!a.up && !a.lower_up);
}
END_TEST

START_TEST(kc_link_mtu)
{
	struct kernel_link a;
	int ia;

	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	OK(kernel_link_set_mtu(K, ia, 1400));
	OK(kernel_link_get_index(K, ia, &a));
	ck_assert_uint_eq(a.mtu, 1400);
	ck_assert_int_eq(kernel_link_set_mtu(K, ia, 10), -EINVAL);
	OK(kernel_link_get_index(K, ia, &a));
	ck_assert_uint_eq(a.mtu, 1400);
}
END_TEST

START_TEST(kc_link_noarp)
{
	struct kernel_link a;
	int ia;

	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	OK(kernel_link_get_index(K, ia, &a));
	ck_assert(!(a.flags & IFF_NOARP));
	OK(kernel_link_set_noarp(K, ia, true));
	OK(kernel_link_get_index(K, ia, &a));
	ck_assert(a.flags & IFF_NOARP);
	OK(kernel_link_set_noarp(K, ia, false));
	OK(kernel_link_get_index(K, ia, &a));
	ck_assert(!(a.flags & IFF_NOARP));
}
END_TEST

START_TEST(kc_link_delete_takes_peer)
{
	int ia;

	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	OK(kernel_link_del(K, ia));
	ck_assert(!link_exists("kc0"));
	ck_assert(!link_exists("kc1"));
}
END_TEST

START_TEST(kc_link_bad_spec)
{
	struct kernel_link_spec spec = { .kind = KERNEL_LINK_DUMMY };

	ck_assert_int_eq(kernel_link_add(K, &spec, NULL), -EINVAL); /* no name */
	snprintf(spec.name, sizeof(spec.name), "a/b");
	ck_assert_int_eq(kernel_link_add(K, &spec, NULL), -EINVAL);
	spec.kind = KERNEL_LINK_BRIDGE;
	snprintf(spec.name, sizeof(spec.name), "br9");
	ck_assert_int_eq(kernel_link_add(K, &spec, NULL), -EOPNOTSUPP);
	ck_assert(!link_exists("br9"));
}
END_TEST

/* GRE: created where the kernel has it, refused precisely where not. */
START_TEST(kc_gre_create_or_refuse)
{
	struct kernel_link_spec spec = { .kind = KERNEL_LINK_GRE };
	struct kernel_link l;
	int rc, idx = 0;

	snprintf(spec.name, sizeof(spec.name), "kcgre0");
	spec.gre.local = kc_ip("192.0.2.1");
	spec.gre.has_key = true;
	spec.gre.ikey = spec.gre.okey = 100;
	spec.gre.ttl = 64;
	rc = kernel_link_add(K, &spec, &idx);
	if (!kc_has_gre) {
		ck_assert_int_eq(rc, -EOPNOTSUPP);
		ck_assert_str_eq(kernel_error(K), "kernel lacks GRE support (CONFIG_NET_IPGRE / ip_gre module)");
		ck_assert(!link_exists("kcgre0"));
		return;
	}
	ck_assert_msg(rc == 0, "create GRE: %s", kernel_error(K));
	OK(kernel_link_get_index(K, idx, &l));
	ck_assert_int_eq(l.kind, KERNEL_LINK_GRE);
	ck_assert_uint_eq(l.gre.local.s_addr, spec.gre.local.s_addr);
	ck_assert_uint_eq(l.gre.remote.s_addr, 0);
	ck_assert(l.gre.has_key);
	ck_assert_uint_eq(l.gre.ikey, 100);
	ck_assert_uint_eq(l.gre.ttl, 64);
	ck_assert(l.flags & IFF_NOARP);
	OK(kernel_link_del(K, idx));
	ck_assert(!link_exists("kcgre0"));
}
END_TEST

START_TEST(kc_dummy_create_or_refuse)
{
	struct kernel_link_spec spec = { .kind = KERNEL_LINK_DUMMY };
	struct kernel_link l;
	int rc, idx = 0;

	snprintf(spec.name, sizeof(spec.name), "kcdummy0");
	rc = kernel_link_add(K, &spec, &idx);
	if (!kc_has_dummy) {
		ck_assert_int_eq(rc, -EOPNOTSUPP);
		ck_assert_str_eq(kernel_error(K), "kernel lacks dummy interface support (CONFIG_DUMMY / dummy module)");
		ck_assert(!link_exists("kcdummy0"));
		return;
	}
	ck_assert_msg(rc == 0, "create dummy: %s", kernel_error(K));
	OK(kernel_link_get_index(K, idx, &l));
	ck_assert_int_eq(l.kind, KERNEL_LINK_DUMMY);
	ck_assert(l.flags & IFF_NOARP);
}
END_TEST

struct route_set {
	int n;
	struct kernel_route r[8];
};

static int
collect_route(const struct kernel_route *r, void *arg)
{
	struct route_set *s = arg;

	if (s->n < 8)
		s->r[s->n] = *r;
	s->n++;
	return 0;
}


struct addr_set {
	int n;
	struct kernel_addr a[8];
};

static int
collect_addr(const struct kernel_addr *a, void *arg)
{
	struct addr_set *s = arg;

	if (s->n < 8)
		s->a[s->n] = *a;
	s->n++;
	return 0;
}

static const struct kernel_addr *
addr_in(const struct addr_set *s, const char *ip, int plen)
{
	struct in_addr a = kc_ip(ip);

	for (int i = 0; i < s->n && i < 8; i++)
		if (s->a[i].addr.s_addr == a.s_addr && s->a[i].prefixlen == plen)
			return &s->a[i];
	return NULL;
}

static struct kernel_addr
mkaddr(int ifindex, const char *ip, int plen)
{
	return (struct kernel_addr){ .ifindex = ifindex, .addr = kc_ip(ip), .prefixlen = (uint8_t)plen };
}

START_TEST(kc_addr_primary_secondary)
{
	struct addr_set s = { 0 };
	struct kernel_addr p1, s1, p2;
	int ia;

	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	p1 = mkaddr(ia, "192.0.2.1", 24);
	s1 = mkaddr(ia, "192.0.2.2", 24);
	p2 = mkaddr(ia, "198.51.100.1", 25);
	OK(kernel_addr_add(K, &p1));
	OK(kernel_addr_add(K, &s1));
	OK(kernel_addr_add(K, &p2));
	ck_assert_int_eq(kernel_addr_add(K, &s1), -EEXIST);
	OK(kernel_addr_dump(K, ia, collect_addr, &s));
	ck_assert_int_eq(s.n, 3);
	ck_assert(addr_in(&s, "192.0.2.1", 24) && !addr_in(&s, "192.0.2.1", 24)->secondary);
	ck_assert(addr_in(&s, "192.0.2.2", 24) && addr_in(&s, "192.0.2.2", 24)->secondary);
	ck_assert(addr_in(&s, "198.51.100.1", 25) && !addr_in(&s, "198.51.100.1", 25)->secondary);
	ck_assert_int_eq(addr_in(&s, "192.0.2.1", 24)->ifindex, ia);

	/* delete the secondary, then a missing one */
	OK(kernel_addr_del(K, &s1));
	ck_assert_int_eq(kernel_addr_del(K, &s1), -EADDRNOTAVAIL);
	s.n = 0;
	OK(kernel_addr_dump(K, ia, collect_addr, &s));
	ck_assert_int_eq(s.n, 2);
	ck_assert(!addr_in(&s, "192.0.2.2", 24));

	/* a primary takes its secondaries with it (promote_secondaries=0) */
	OK(kernel_addr_add(K, &s1));
	OK(kernel_addr_del(K, &p1));
	s.n = 0;
	OK(kernel_addr_dump(K, ia, collect_addr, &s));
	ck_assert_int_eq(s.n, 1);
	ck_assert(addr_in(&s, "198.51.100.1", 25));
}
END_TEST

START_TEST(kc_addr_primary)
{
	struct kernel_addr a, got;
	int ia;

	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	ck_assert_int_eq(kernel_addr_primary(K, ia, &got), -EADDRNOTAVAIL);
	a = mkaddr(ia, "192.0.2.1", 24);
	OK(kernel_addr_add(K, &a));
	a = mkaddr(ia, "192.0.2.2", 24); /* a secondary is never the source */
	OK(kernel_addr_add(K, &a));
	OK(kernel_addr_primary(K, ia, &got));
	ck_assert_uint_eq(got.addr.s_addr, kc_ip("192.0.2.1").s_addr);
	ck_assert_uint_eq(got.prefixlen, 24);
	ck_assert_int_eq(kernel_addr_primary(K, 0, &got), -EINVAL);
}
END_TEST

/* Nonsense from a caller: a clear error, no change, no crash. */
START_TEST(kc_bad_requests)
{
	struct kernel_route r = { .prefixlen = 8, .type = KERNEL_ROUTE_OTHER, .protocol = LIOS_RTPROT_STATIC };
	struct kernel_neigh n = { .ifindex = 1, .lladdr_len = KERNEL_LLADDR_MAX + 1 };
	struct route_set s = { 0 };

	ck_assert_int_eq(kernel_link_add(K, NULL, NULL), -EINVAL);
	ck_assert_int_eq(kernel_link_get_index(K, 1, NULL), -EINVAL);
	ck_assert_int_eq(kernel_link_set_gre(K, 1, NULL), -EINVAL);
	ck_assert_int_eq(kernel_link_dump(K, NULL, NULL), -EINVAL);
	ck_assert_int_eq(kernel_addr_add(K, NULL), -EINVAL);
	ck_assert_int_eq(kernel_addr_dump(K, 0, NULL, NULL), -EINVAL);
	r.dst = kc_ip("10.0.0.0");
	ck_assert_int_eq(kernel_route_add(K, &r), -EINVAL);
	ck_assert_str_eq(kernel_error(K), "bad route type 3");
	r.type = (enum kernel_route_type)77;
	ck_assert_int_eq(kernel_route_replace(K, &r), -EINVAL);
	r.type = KERNEL_ROUTE_BLACKHOLE;
	r.prefixlen = 33;
	ck_assert_int_eq(kernel_route_add(K, &r), -EINVAL);
	ck_assert_int_eq(kernel_route_del(K, NULL), -EINVAL);
	ck_assert_int_eq(kernel_neigh_add(K, &n), -EINVAL);
	ck_assert_int_eq(kernel_neigh_del(K, NULL), -EINVAL);
	ck_assert_int_eq(kernel_sysctl_set(K, "net/ipv4/ip_forward", ""), -EINVAL);
	ck_assert_int_eq(kernel_sysctl_set(K, "net/ipv4/ip_forward", "1\n0"), -EINVAL);
	ck_assert_int_eq(kernel_sysctl_get(K, "net/ipv4/ip_forward", NULL, 0), -EINVAL);
	ck_assert_int_eq(kernel_monitor_open(K, 0, NULL, NULL), -EINVAL);
	ck_assert_int_eq(kernel_mss_clamp_dump(K, NULL, NULL), -EINVAL);
	OK(kernel_route_dump(K, 0, LIOS_RTPROT_STATIC, collect_route, &s));
	ck_assert_int_eq(s.n, 0);
}
END_TEST

/* Requests naming a link that does not exist. */
START_TEST(kc_missing_link_targets)
{
	struct kernel_addr a = { .ifindex = 99999, .addr = kc_ip("192.0.2.1"), .prefixlen = 24 };
	struct kernel_route r = { .dst = kc_ip("10.0.0.0"), .prefixlen = 8, .oif = 99999,
				  .protocol = LIOS_RTPROT_STATIC };
	struct kernel_neigh n = { .ifindex = 99999, .dst = kc_ip("192.0.2.9"), .state = NUD_REACHABLE };
	int ia;

	ck_assert_int_eq(kernel_addr_add(K, &a), -ENODEV);
	ck_assert_int_eq(kernel_addr_del(K, &a), -ENODEV);
	ck_assert_int_eq(kernel_route_add(K, &r), -ENODEV);
	ck_assert_int_eq(kernel_neigh_add(K, &n), -ENODEV);
	ck_assert_int_eq(kernel_neigh_del(K, &n), -ENODEV);
	ck_assert_int_eq(kernel_link_set_mtu(K, 99999, 1400), -ENODEV);
	ck_assert_int_eq(kernel_link_set_noarp(K, 99999, false), -ENODEV);
	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	ck_assert_int_eq(kernel_link_set_mtu(K, ia, 70000), -EINVAL);
}
END_TEST

START_TEST(kc_addr_bad)
{
	struct kernel_addr a;
	struct addr_set s = { 0 };
	int ia;

	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	a = mkaddr(ia, "192.0.2.1", 33);
	ck_assert_int_eq(kernel_addr_add(K, &a), -EINVAL);
	a = mkaddr(99999, "192.0.2.1", 24);
	ck_assert_int_eq(kernel_addr_add(K, &a), -ENODEV);
	OK(kernel_addr_dump(K, ia, collect_addr, &s));
	ck_assert_int_eq(s.n, 0);
}
END_TEST

START_TEST(kc_addr_gone_with_link)
{
	struct kernel_addr a;
	struct addr_set s = { 0 };
	int ia;

	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	a = mkaddr(ia, "192.0.2.1", 24);
	OK(kernel_addr_add(K, &a));
	OK(kernel_link_del(K, ia));
	OK(kernel_addr_dump(K, 0, collect_addr, &s));
	ck_assert(!addr_in(&s, "192.0.2.1", 24));
}
END_TEST

/* Routes */

/* GRE and mGRE where the backend has them (the fake; the UML lab's
 * kernel): both must report the same devices. */

static void
gre_base(int *eth)
{
	struct kernel_addr a = { .prefixlen = 24 };
	int ib;

	OK(kc_veth(K, "eth0", "eth1", eth, &ib));
	OK(kernel_link_set_up(K, *eth, true));
	OK(kernel_link_set_up(K, ib, true));
	a.ifindex = *eth;
	a.addr = kc_ip("192.0.2.1");
	OK(kernel_addr_add(K, &a));
}

START_TEST(kc_gre_p2p_and_mgre)
{
	struct kernel_link_spec p2p = { .kind = KERNEL_LINK_GRE }, mgre = { .kind = KERNEL_LINK_GRE };
	struct kernel_link l;
	int eth, ip2p, imgre;

	if (!kc_has_gre)
		return;
	gre_base(&eth);
	snprintf(p2p.name, sizeof(p2p.name), "tun0");
	p2p.gre = (struct kernel_gre){ .local = kc_ip("192.0.2.1"), .remote = kc_ip("192.0.2.2"), .has_key = true,
				       .ikey = 1, .okey = 1, .ttl = 64, .link = eth };
	OK(kernel_link_add(K, &p2p, &ip2p));
	OK(kernel_link_get_index(K, ip2p, &l));
	ck_assert_int_eq(l.kind, KERNEL_LINK_GRE);
	ck_assert_str_eq(l.kind_name, "gre");
	ck_assert_uint_eq(l.gre.local.s_addr, p2p.gre.local.s_addr);
	ck_assert_uint_eq(l.gre.remote.s_addr, p2p.gre.remote.s_addr);
	ck_assert(l.gre.has_key);
	ck_assert_uint_eq(l.gre.ikey, 1);
	ck_assert_uint_eq(l.gre.okey, 1);
	ck_assert_uint_eq(l.gre.ttl, 64);
	ck_assert_int_eq(l.gre.link, eth);
	ck_assert(l.flags & IFF_POINTOPOINT);
	ck_assert(l.flags & IFF_NOARP);
	ck_assert_uint_eq(l.lladdr_len, 4);
	ck_assert_mem_eq(l.lladdr, &p2p.gre.local, 4);
	ck_assert_uint_eq(l.mtu, 1500 - 28); /* IPv4 + GRE + key */

	snprintf(mgre.name, sizeof(mgre.name), "gre1");
	mgre.gre = (struct kernel_gre){ .local = kc_ip("192.0.2.1"), .ttl = 255 };
	OK(kernel_link_add(K, &mgre, &imgre));
	OK(kernel_link_get_index(K, imgre, &l));
	ck_assert_uint_eq(l.gre.remote.s_addr, 0);
	ck_assert(!(l.flags & IFF_POINTOPOINT));
	ck_assert(l.flags & IFF_NOARP); /* a fresh ipgre is NOARP (FRR #11883) */
	ck_assert(!l.gre.has_key);
	ck_assert_uint_eq(l.gre.ttl, 255);
	ck_assert_int_eq(l.gre.link, 0);
	ck_assert_uint_eq(l.mtu, 1500 - 24);

	ck_assert_int_eq(kernel_link_add(K, &mgre, NULL), -EEXIST);
	/* (the kernel takes an underlying ifindex that does not exist: it is
	 * for the caller to check "tunnel source IF") */
}
END_TEST

/* A new tunnel source address on a live tunnel; p2p <-> mGRE refused. */
START_TEST(kc_gre_follow_source)
{
	struct kernel_link_spec p2p = { .kind = KERNEL_LINK_GRE };
	struct kernel_gre g;
	struct kernel_link l;
	int eth, idx;

	if (!kc_has_gre)
		return;
	gre_base(&eth);
	snprintf(p2p.name, sizeof(p2p.name), "tun0");
	p2p.gre = (struct kernel_gre){ .local = kc_ip("192.0.2.1"), .remote = kc_ip("192.0.2.2"), .ttl = 64 };
	OK(kernel_link_add(K, &p2p, &idx));
	g = p2p.gre;
	g.local = kc_ip("192.0.2.11");
	g.has_key = true;
	g.ikey = g.okey = 7;
	OK(kernel_link_set_gre(K, idx, &g));
	OK(kernel_link_get_index(K, idx, &l));
	ck_assert_uint_eq(l.gre.local.s_addr, kc_ip("192.0.2.11").s_addr);
	ck_assert_uint_eq(l.gre.remote.s_addr, kc_ip("192.0.2.2").s_addr);
	ck_assert(l.gre.has_key && l.gre.ikey == 7 && l.gre.okey == 7);
	ck_assert_uint_eq(l.gre.ttl, 64);
	g.remote.s_addr = 0;
	ck_assert_int_eq(kernel_link_set_gre(K, idx, &g), -EINVAL);
	ck_assert_int_eq(kernel_link_set_gre(K, eth, &p2p.gre), -EINVAL); /* not GRE */
	OK(kernel_link_get_index(K, idx, &l));
	ck_assert_uint_eq(l.gre.remote.s_addr, kc_ip("192.0.2.2").s_addr);
	ck_assert_uint_eq(l.gre.local.s_addr, kc_ip("192.0.2.11").s_addr);
}
END_TEST

/* VTI (tunnel mode ipsec ipv4): made where the kernel has ip_vti, refused
 * precisely where not; the keys (xfrm marks) and endpoints read back and
 * follow a change, p2p <-> any refused as for GRE. */
START_TEST(kc_vti_create_change_or_refuse)
{
	struct kernel_link_spec vti = { .kind = KERNEL_LINK_VTI };
	struct kernel_gre g;
	struct kernel_link l;
	int eth, idx = 0, rc;

	gre_base(&eth);
	snprintf(vti.name, sizeof(vti.name), "Tunnel1");
	vti.gre = (struct kernel_gre){ .local = kc_ip("192.0.2.1"), .remote = kc_ip("192.0.2.2"),
				       .has_key = true, .ikey = 2, .okey = 2, .link = eth };
	rc = kernel_link_add(K, &vti, &idx);
	if (rc == -EOPNOTSUPP) {
		ck_assert_msg(!kc_has_vti, "VTI refused where it exists: %s", kernel_error(K));
		ck_assert_str_eq(kernel_error(K), "kernel lacks VTI support (CONFIG_NET_IPVTI / ip_vti module)");
		ck_assert(!link_exists("Tunnel1"));
		return;
	}
	/* made: the runner said so, or the kernel loaded ip_vti on demand
	 * (the UML lab); either way it must read back as asked */
	ck_assert_msg(rc == 0, "create VTI: %s", kernel_error(K));
	OK(kernel_link_get_index(K, idx, &l));
	ck_assert_int_eq(l.kind, KERNEL_LINK_VTI);
	ck_assert_str_eq(l.kind_name, "vti");
	ck_assert_uint_eq(l.gre.local.s_addr, vti.gre.local.s_addr);
	ck_assert_uint_eq(l.gre.remote.s_addr, vti.gre.remote.s_addr);
	ck_assert(l.gre.has_key);
	ck_assert_uint_eq(l.gre.ikey, 2);
	ck_assert_uint_eq(l.gre.okey, 2);
	ck_assert_int_eq(l.gre.link, eth);
	ck_assert(l.flags & IFF_NOARP);
	ck_assert(l.flags & IFF_POINTOPOINT);
	ck_assert_uint_eq(l.mtu, 1500 - 20); /* outer IPv4; ESP is the xfrm's business */

	g = vti.gre;
	g.local = kc_ip("192.0.2.11");
	g.ikey = g.okey = 0x80000001u; /* a key above 2^31 survives byte order */
	OK(kernel_link_set_gre(K, idx, &g));
	OK(kernel_link_get_index(K, idx, &l));
	ck_assert_int_eq(l.kind, KERNEL_LINK_VTI);
	ck_assert_uint_eq(l.gre.local.s_addr, kc_ip("192.0.2.11").s_addr);
	ck_assert_uint_eq(l.gre.remote.s_addr, kc_ip("192.0.2.2").s_addr);
	ck_assert_uint_eq(l.gre.ikey, 0x80000001u);
	ck_assert_uint_eq(l.gre.okey, 0x80000001u);
	g.remote.s_addr = 0;
	ck_assert_int_eq(kernel_link_set_gre(K, idx, &g), -EINVAL);
	OK(kernel_link_get_index(K, idx, &l));
	ck_assert_uint_eq(l.gre.remote.s_addr, kc_ip("192.0.2.2").s_addr);
	OK(kernel_link_del(K, idx));
	ck_assert(!link_exists("Tunnel1"));
}
END_TEST

static int
find_nbma(const struct kernel_neigh *n, void *arg)
{
	struct kernel_neigh *want = arg;

	if (n->dst.s_addr != want->dst.s_addr)
		return 0;
	*want = *n;
	return 1;
}

/* The NHRP binding as dmvpnd installs it: tunnel IP -> 4-byte NBMA,
 * REACHABLE, on a prepared mGRE device; a route through it. */
START_TEST(kc_gre_nhrp_binding)
{
	struct kernel_link_spec mgre = { .kind = KERNEL_LINK_GRE };
	struct kernel_neigh n = { .dst = kc_ip("10.0.0.2"), .lladdr_len = 4, .state = NUD_REACHABLE }, got;
	struct kernel_route r = { .prefixlen = 16, .protocol = LIOS_RTPROT_NHRP };
	struct kernel_addr a = { .prefixlen = 24 };
	struct in_addr nbma = kc_ip("192.0.2.2");
	struct route_set s = { 0 };
	struct kernel_link l;
	int eth, idx;

	if (!kc_has_gre)
		return;
	gre_base(&eth);
	snprintf(mgre.name, sizeof(mgre.name), "gre1");
	mgre.gre = (struct kernel_gre){ .local = kc_ip("192.0.2.1"), .has_key = true, .ikey = 42, .okey = 42,
					.ttl = 64 };
	OK(kernel_link_add(K, &mgre, &idx));
	a.ifindex = idx;
	a.addr = kc_ip("10.0.0.1");
	OK(kernel_addr_add(K, &a));
	OK(kernel_link_set_up(K, idx, true));
	OK(kernel_nhrp_prepare_link(K, idx));
	OK(kernel_link_get_index(K, idx, &l));
	ck_assert(!(l.flags & IFF_NOARP));

	n.ifindex = idx;
	memcpy(n.lladdr, &nbma, 4);
	OK(kernel_neigh_add(K, &n));
	got.dst = n.dst;
	ck_assert_int_eq(kernel_neigh_dump(K, idx, find_nbma, &got), 1);
	ck_assert_uint_eq(got.lladdr_len, 4);
	ck_assert_mem_eq(got.lladdr, &nbma, 4);
	ck_assert_uint_eq(got.state, NUD_REACHABLE);
	n.lladdr_len = 2; /* shorter than the device's address */
	ck_assert_int_eq(kernel_neigh_replace(K, &n), -EINVAL);

	/* a shortcut route through the binding */
	r.dst = kc_ip("172.16.0.0");
	r.gateway = n.dst;
	r.oif = idx;
	OK(kernel_route_add(K, &r));
	OK(kernel_route_dump(K, 0, LIOS_RTPROT_NHRP, collect_route, &s));
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.r[0].oif, idx);
	ck_assert_uint_eq(s.r[0].gateway.s_addr, n.dst.s_addr);
}
END_TEST

/* Addresses */

static const struct kernel_route *
route_in(const struct route_set *s, const char *dst, int plen)
{
	struct in_addr a = kc_ip(dst);

	for (int i = 0; i < s->n && i < 8; i++)
		if (s->r[i].dst.s_addr == a.s_addr && s->r[i].prefixlen == plen)
			return &s->r[i];
	return NULL;
}

/* A veth pair up, kc0 with 192.0.2.1/24. */
static int
routed_link(void)
{
	struct kernel_addr a;
	int ia, ib;

	OK(kc_veth(K, "kc0", "kc1", &ia, &ib));
	OK(kernel_link_set_up(K, ia, true));
	OK(kernel_link_set_up(K, ib, true));
	a = mkaddr(ia, "192.0.2.1", 24);
	OK(kernel_addr_add(K, &a));
	return ia;
}

static struct kernel_route
mkroute(const char *dst, int plen, const char *gw, int oif, uint8_t proto, uint32_t metric)
{
	return (struct kernel_route){ .dst = kc_ip(dst),
				      .prefixlen = (uint8_t)plen,
				      .gateway = gw ? kc_ip(gw) : (struct in_addr){ 0 },
				      .oif = oif,
				      .protocol = proto,
				      .metric = metric };
}

START_TEST(kc_route_add_dump_del)
{
	struct route_set s = { 0 };
	struct kernel_route via, dev, bh;
	const struct kernel_route *r;
	int ia = routed_link();

	via = mkroute("10.1.0.0", 16, "192.0.2.254", 0, LIOS_RTPROT_STATIC, 1);
	dev = mkroute("10.2.0.0", 16, NULL, ia, LIOS_RTPROT_STATIC, 0);
	bh = mkroute("10.3.0.0", 16, NULL, 0, LIOS_RTPROT_STATIC, 5);
	bh.type = KERNEL_ROUTE_BLACKHOLE;
	OK(kernel_route_add(K, &via));
	OK(kernel_route_add(K, &dev));
	OK(kernel_route_add(K, &bh));
	ck_assert_int_eq(kernel_route_add(K, &via), -EEXIST);

	OK(kernel_route_dump(K, 0, LIOS_RTPROT_STATIC, collect_route, &s));
	ck_assert_int_eq(s.n, 3);
	ck_assert((r = route_in(&s, "10.1.0.0", 16)));
	ck_assert_uint_eq(r->gateway.s_addr, kc_ip("192.0.2.254").s_addr);
	ck_assert_int_eq(r->oif, ia); /* resolved by the kernel */
	ck_assert_uint_eq(r->metric, 1);
	ck_assert_uint_eq(r->protocol, LIOS_RTPROT_STATIC);
	ck_assert_uint_eq(r->table, 254);
	ck_assert_int_eq(r->type, KERNEL_ROUTE_UNICAST);
	ck_assert((r = route_in(&s, "10.2.0.0", 16)));
	ck_assert_int_eq(r->oif, ia);
	ck_assert_uint_eq(r->gateway.s_addr, 0);
	ck_assert((r = route_in(&s, "10.3.0.0", 16)));
	ck_assert_int_eq(r->type, KERNEL_ROUTE_BLACKHOLE);
	ck_assert_uint_eq(r->metric, 5);

	/* replace changes the gateway in place */
	via.gateway = kc_ip("192.0.2.253");
	OK(kernel_route_replace(K, &via));
	s.n = 0;
	OK(kernel_route_dump(K, 0, LIOS_RTPROT_STATIC, collect_route, &s));
	ck_assert_int_eq(s.n, 3);
	ck_assert_uint_eq(route_in(&s, "10.1.0.0", 16)->gateway.s_addr, kc_ip("192.0.2.253").s_addr);

	OK(kernel_route_del(K, &via));
	ck_assert_int_eq(kernel_route_del(K, &via), -ESRCH);
	OK(kernel_route_del(K, &bh));
	s.n = 0;
	OK(kernel_route_dump(K, 0, LIOS_RTPROT_STATIC, collect_route, &s));
	ck_assert_int_eq(s.n, 1);
	ck_assert(route_in(&s, "10.2.0.0", 16));
}
END_TEST

START_TEST(kc_route_bad)
{
	struct route_set s = { 0 };
	struct kernel_route r;
	int ia = routed_link();

	r = mkroute("10.1.0.1", 16, "192.0.2.254", 0, LIOS_RTPROT_STATIC, 1); /* host bits */
	ck_assert_int_eq(kernel_route_add(K, &r), -EINVAL);
	r = mkroute("10.1.0.0", 16, "203.0.113.1", 0, LIOS_RTPROT_STATIC, 1); /* not on link */
	ck_assert_int_eq(kernel_route_add(K, &r), -ENETUNREACH);
	r = mkroute("10.1.0.0", 16, NULL, 0, LIOS_RTPROT_STATIC, 1); /* nowhere */
	ck_assert_int_eq(kernel_route_add(K, &r), -EINVAL);
	ck_assert_str_ne(kernel_error(K), "");
	OK(kernel_route_dump(K, 0, LIOS_RTPROT_STATIC, collect_route, &s));
	ck_assert_int_eq(s.n, 0);
	(void)ia;
}
END_TEST

START_TEST(kc_route_flush_only_ours)
{
	struct route_set s = { 0 };
	struct kernel_route a, b, other, nhrp;
	int ia = routed_link();

	a = mkroute("10.1.0.0", 16, "192.0.2.254", 0, LIOS_RTPROT_STATIC, 1);
	b = mkroute("10.3.0.0", 16, NULL, 0, LIOS_RTPROT_STATIC, 1);
	b.type = KERNEL_ROUTE_BLACKHOLE;
	other = mkroute("10.4.0.0", 16, "192.0.2.254", 0, 4 /* RTPROT_STATIC: ip route */, 0);
	nhrp = mkroute("10.5.0.1", 32, NULL, ia, LIOS_RTPROT_NHRP, 0);
	OK(kernel_route_add(K, &a));
	OK(kernel_route_add(K, &b));
	OK(kernel_route_add(K, &other));
	OK(kernel_route_add(K, &nhrp));
	ck_assert_int_eq(kernel_route_flush_protocol(K, LIOS_RTPROT_STATIC), 2);
	OK(kernel_route_dump(K, 0, 0, collect_route, &s));
	ck_assert(!route_in(&s, "10.1.0.0", 16));
	ck_assert(!route_in(&s, "10.3.0.0", 16));
	ck_assert(route_in(&s, "10.4.0.0", 16));
	ck_assert(route_in(&s, "10.5.0.1", 32));
	ck_assert_int_eq(kernel_route_flush_protocol(K, 0), -EINVAL);
}
END_TEST

/* The key is (table, dst, metric): replace takes over another owner's
 * route with that key; another metric is another route. */
START_TEST(kc_route_key)
{
	struct route_set s = { 0 };
	struct kernel_route theirs, ours;
	int ia = routed_link();

	theirs = mkroute("10.1.0.0", 16, "192.0.2.254", 0, 4, 7);
	ours = mkroute("10.1.0.0", 16, "192.0.2.253", 0, LIOS_RTPROT_STATIC, 7);
	OK(kernel_route_add(K, &theirs));
	ck_assert_int_eq(kernel_route_add(K, &ours), -EEXIST);
	ours.metric = 8;
	OK(kernel_route_add(K, &ours)); /* a second route, other metric */
	OK(kernel_route_dump(K, 0, 4, collect_route, &s));
	ck_assert_int_eq(s.n, 1);
	ours.metric = 7;
	OK(kernel_route_replace(K, &ours));
	s.n = 0;
	OK(kernel_route_dump(K, 0, 4, collect_route, &s));
	ck_assert_int_eq(s.n, 0);
	s.n = 0;
	OK(kernel_route_dump(K, 0, LIOS_RTPROT_STATIC, collect_route, &s));
	ck_assert_int_eq(s.n, 2);
	/* deleting with a protocol spares other owners' routes */
	theirs = mkroute("10.1.0.0", 16, NULL, 0, 4, 0);
	theirs.type = KERNEL_ROUTE_UNICAST;
	ck_assert_int_eq(kernel_route_del(K, &theirs), -ESRCH);
	(void)ia;
}
END_TEST

START_TEST(kc_route_gone_when_link_down)
{
	struct route_set s = { 0 };
	struct kernel_route r;
	int ia = routed_link();

	r = mkroute("10.2.0.0", 16, NULL, ia, LIOS_RTPROT_STATIC, 0);
	OK(kernel_route_add(K, &r));
	OK(kernel_link_set_up(K, ia, false));
	OK(kernel_route_dump(K, 0, LIOS_RTPROT_STATIC, collect_route, &s));
	ck_assert_int_eq(s.n, 0);
	/* and a down link takes no route */
	ck_assert_int_eq(kernel_route_add(K, &r), -ENETDOWN);
}
END_TEST

/* Neighbours */

struct neigh_set {
	int n;
	struct kernel_neigh v[8];
};

static int
collect_neigh(const struct kernel_neigh *n, void *arg)
{
	struct neigh_set *s = arg;

	if (s->n < 8)
		s->v[s->n] = *n;
	s->n++;
	return 0;
}

static const struct kernel_neigh *
neigh_in(const struct neigh_set *s, const char *ip)
{
	struct in_addr a = kc_ip(ip);

	for (int i = 0; i < s->n && i < 8; i++)
		if (s->v[i].dst.s_addr == a.s_addr)
			return &s->v[i];
	return NULL;
}

static struct kernel_neigh
mkneigh(int ifindex, const char *ip, uint8_t last, uint16_t state)
{
	struct kernel_neigh n = { .ifindex = ifindex, .dst = kc_ip(ip), .lladdr_len = 6, .state = state };

	memcpy(n.lladdr, (uint8_t[]){ 0x02, 0, 0, 0, 0, last }, 6);
	return n;
}

START_TEST(kc_neigh_veth)
{
	struct neigh_set s = { 0 };
	struct kernel_neigh n;
	const struct kernel_neigh *g;
	int ia = routed_link();

	n = mkneigh(ia, "192.0.2.9", 9, NUD_REACHABLE);
	OK(kernel_neigh_add(K, &n));
	ck_assert_int_eq(kernel_neigh_add(K, &n), -EEXIST);
	OK(kernel_neigh_dump(K, ia, collect_neigh, &s));
	ck_assert((g = neigh_in(&s, "192.0.2.9")));
	ck_assert_int_eq(g->ifindex, ia);
	ck_assert_uint_eq(g->lladdr_len, 6);
	ck_assert_uint_eq(g->lladdr[5], 9);
	ck_assert_uint_eq(g->state, NUD_REACHABLE);

	n.lladdr[5] = 10;
	n.state = NUD_PERMANENT;
	OK(kernel_neigh_replace(K, &n));
	s.n = 0;
	OK(kernel_neigh_dump(K, ia, collect_neigh, &s));
	ck_assert((g = neigh_in(&s, "192.0.2.9")));
	ck_assert_uint_eq(g->lladdr[5], 10);
	ck_assert_uint_eq(g->state, NUD_PERMANENT);

	OK(kernel_neigh_del(K, &n));
	ck_assert_int_eq(kernel_neigh_del(K, &n), -ENOENT);
	s.n = 0;
	OK(kernel_neigh_dump(K, ia, collect_neigh, &s));
	ck_assert(!neigh_in(&s, "192.0.2.9"));
}
END_TEST

START_TEST(kc_neigh_bad_lladdr)
{
	struct neigh_set s = { 0 };
	struct kernel_neigh n;
	int ia = routed_link();

	n = mkneigh(ia, "192.0.2.9", 9, NUD_REACHABLE);
	n.lladdr_len = 4; /* an NBMA address on an Ethernet link */
	ck_assert_int_eq(kernel_neigh_add(K, &n), -EINVAL);
	OK(kernel_neigh_dump(K, ia, collect_neigh, &s));
	ck_assert(!neigh_in(&s, "192.0.2.9"));
}
END_TEST

START_TEST(kc_neigh_gone_when_link_down)
{
	struct neigh_set s = { 0 };
	struct kernel_neigh n;
	int ia = routed_link();

	n = mkneigh(ia, "192.0.2.9", 9, NUD_PERMANENT);
	OK(kernel_neigh_add(K, &n));
	OK(kernel_link_set_up(K, ia, false));
	OK(kernel_neigh_dump(K, ia, collect_neigh, &s));
	ck_assert(!neigh_in(&s, "192.0.2.9"));
}
END_TEST

/* Sysctls */

START_TEST(kc_sysctl)
{
	char buf[32];
	int ia;

	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	OK(kernel_set_send_redirects(K, "kc0", false));
	OK(kernel_sysctl_get(K, "net/ipv4/conf/kc0/send_redirects", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "0");
	OK(kernel_sysctl_get(K, "net/ipv4/conf/all/send_redirects", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "0");
	OK(kernel_sysctl_get(K, "net/ipv4/conf/kc1/send_redirects", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "1"); /* others keep theirs */
	OK(kernel_set_send_redirects(K, "kc0", true));
	OK(kernel_sysctl_get(K, "net/ipv4/conf/kc0/send_redirects", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "1");
	ck_assert_int_eq(kernel_set_send_redirects(K, "nosuch0", false), -ENOENT);
	ck_assert_int_eq(kernel_sysctl_set(K, "net/../kernel/hostname", "x"), -EINVAL);
	ck_assert_int_eq(kernel_sysctl_set(K, "/proc/sys/net/ipv4/ip_forward", "1"), -EINVAL);
	ck_assert_int_eq(kernel_set_send_redirects(K, "../all", false), -EINVAL);
}
END_TEST

START_TEST(kc_nhrp_prepare)
{
	struct kernel_link l;
	char buf[32];
	int ia;

	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	OK(kernel_link_set_noarp(K, ia, true));
	/* a fresh namespace's defaults (the fake models them) */
	OK(kernel_sysctl_get(K, "net/ipv4/neigh/kc0/app_solicit", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "0");
	OK(kernel_sysctl_get(K, "net/ipv4/neigh/kc0/ucast_solicit", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "3");
	OK(kernel_sysctl_get(K, "net/ipv4/neigh/kc0/mcast_solicit", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "3");
	/* (ip_forward is not asserted: a new namespace copies the host's) */
	OK(kernel_nhrp_prepare_link(K, ia));
	OK(kernel_sysctl_get(K, "net/ipv4/neigh/kc0/app_solicit", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "1");
	OK(kernel_sysctl_get(K, "net/ipv4/neigh/kc0/ucast_solicit", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "0");
	OK(kernel_sysctl_get(K, "net/ipv4/neigh/kc0/mcast_solicit", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "0");
	OK(kernel_link_get_index(K, ia, &l));
	ck_assert(!(l.flags & IFF_NOARP));
	ck_assert_int_eq(kernel_nhrp_prepare_link(K, 99999), -ENODEV);
}
END_TEST

/* Monitor */

struct seen {
	int ifindex;
	int link_down, link_up, addr_new, addr_del, link_del;
};

static void
record_event(const struct kernel_event *ev, void *arg)
{
	struct seen *s = arg;

	switch (ev->type) {
	case KERNEL_EV_LINK_NEW:
		if (ev->link.ifindex == s->ifindex) {
			if (ev->link.up)
				s->link_up++;
			else
				s->link_down++;
		}
		break;
	case KERNEL_EV_LINK_DEL:
		if (ev->link.ifindex == s->ifindex)
			s->link_del++;
		break;
	case KERNEL_EV_ADDR_NEW:
		if (ev->addr.ifindex == s->ifindex && ev->addr.addr.s_addr == kc_ip("192.0.2.1").s_addr)
			s->addr_new++;
		break;
	case KERNEL_EV_ADDR_DEL:
		if (ev->addr.ifindex == s->ifindex)
			s->addr_del++;
		break;
	default:
		break;
	}
}

static bool
seen_up(void *arg)
{
	return ((struct seen *)arg)->link_up > 0;
}

static bool
seen_down(void *arg)
{
	return ((struct seen *)arg)->link_down > 0;
}

static bool
seen_addr(void *arg)
{
	return ((struct seen *)arg)->addr_new > 0;
}

static bool
seen_del(void *arg)
{
	struct seen *s = arg;

	return s->link_del > 0 && s->addr_del > 0;
}

START_TEST(kc_monitor_link_and_addr)
{
	struct seen s = { 0 };
	struct kernel_addr a;
	int ia, ib, fd;

	OK(kc_veth(K, "kc0", "kc1", &ia, &ib));
	s.ifindex = ia;
	fd = kernel_monitor_open(K, KERNEL_MON_LINK | KERNEL_MON_ADDR, record_event, &s);
	ck_assert_msg(fd >= 0, "monitor: %s", kernel_error(K));
	OK(kernel_link_set_up(K, ib, true));
	OK(kernel_link_set_up(K, ia, true));
	ck_assert(kc_wait(K, fd, seen_up, &s));
	a = mkaddr(ia, "192.0.2.1", 24);
	OK(kernel_addr_add(K, &a));
	ck_assert(kc_wait(K, fd, seen_addr, &s));
	s.link_down = 0;
	OK(kernel_link_set_up(K, ia, false));
	ck_assert(kc_wait(K, fd, seen_down, &s));
	OK(kernel_link_del(K, ia));
	ck_assert(kc_wait(K, fd, seen_del, &s));
	kernel_monitor_close(K);
}
END_TEST

START_TEST(kc_monitor_groups_filter)
{
	struct seen s = { 0 };
	struct kernel_addr a;
	int ia, fd;

	OK(kc_veth(K, "kc0", "kc1", &ia, NULL));
	s.ifindex = ia;
	fd = kernel_monitor_open(K, KERNEL_MON_LINK, record_event, &s);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_lt(kernel_monitor_open(K, KERNEL_MON_LINK, record_event, &s), 0);
	a = mkaddr(ia, "192.0.2.1", 24);
	OK(kernel_addr_add(K, &a));
	OK(kernel_link_set_up(K, ia, true));
	ck_assert(kc_wait(K, fd, seen_up, &s));
	ck_assert_int_eq(s.addr_new, 0); /* not subscribed */
	kernel_monitor_close(K);
}
END_TEST

/* MSS clamp */

struct mss_set {
	int n;
	char name[4][IFNAMSIZ];
	uint16_t mss[4];
};

static int
collect_mss(const char *ifname, uint16_t mss, void *arg)
{
	struct mss_set *s = arg;

	if (s->n < 4) {
		snprintf(s->name[s->n], IFNAMSIZ, "%s", ifname);
		s->mss[s->n] = mss;
	}
	s->n++;
	return 0;
}

static int
mss_of(const struct mss_set *s, const char *ifname)
{
	for (int i = 0; i < s->n && i < 4; i++)
		if (strcmp(s->name[i], ifname) == 0)
			return s->mss[i];
	return -1;
}

START_TEST(kc_mss_clamp)
{
	struct mss_set s = { 0 };

	if (!kc_has_mss) {
		struct mss_set none = { 0 };

		ck_assert_int_eq(kernel_mss_clamp_set(K, "kc0", 1360), -EOPNOTSUPP);
		ck_assert_msg(strstr(kernel_error(K), "CONFIG_NF_TABLES_INET") || strstr(kernel_error(K), "libnftnl"),
			      "unclear refusal: %s", kernel_error(K));
		ck_assert_int_eq(kernel_mss_clamp_dump(K, collect_mss, &none) < 0 || none.n == 0, 1);
		return;
	}
	OK(kernel_mss_clamp_set(K, "kc0", 1360));
	OK(kernel_mss_clamp_set(K, "kc1", 1400));
	OK(kernel_mss_clamp_dump(K, collect_mss, &s));
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(mss_of(&s, "kc0"), 1360);
	ck_assert_int_eq(mss_of(&s, "kc1"), 1400);
	OK(kernel_mss_clamp_set(K, "kc0", 1300));
	s.n = 0;
	OK(kernel_mss_clamp_dump(K, collect_mss, &s));
	ck_assert_int_eq(s.n, 2);
	ck_assert_int_eq(mss_of(&s, "kc0"), 1300);
	OK(kernel_mss_clamp_set(K, "kc0", 0));
	OK(kernel_mss_clamp_set(K, "kc0", 0)); /* removing twice is fine */
	s.n = 0;
	OK(kernel_mss_clamp_dump(K, collect_mss, &s));
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(mss_of(&s, "kc1"), 1400);
	ck_assert_int_eq(kernel_mss_clamp_set(K, "", 1360), -EINVAL);
	ck_assert_int_eq(kernel_mss_clamp_set(K, "a-name-far-too-long", 1360), -EINVAL);
}
END_TEST

void
kernel_contract_add(TCase *tc)
{
	tcase_add_test(tc, kc_link_veth_create);
	tcase_add_test(tc, kc_link_missing);
	tcase_add_test(tc, kc_link_dump);
	tcase_add_test(tc, kc_link_up_down);
	tcase_add_test(tc, kc_link_mtu);
	tcase_add_test(tc, kc_link_noarp);
	tcase_add_test(tc, kc_link_delete_takes_peer);
	tcase_add_test(tc, kc_link_bad_spec);
	tcase_add_test(tc, kc_gre_create_or_refuse);
	tcase_add_test(tc, kc_dummy_create_or_refuse);
	tcase_add_test(tc, kc_gre_p2p_and_mgre);
	tcase_add_test(tc, kc_gre_follow_source);
	tcase_add_test(tc, kc_gre_nhrp_binding);
	tcase_add_test(tc, kc_vti_create_change_or_refuse);
	tcase_add_test(tc, kc_addr_primary_secondary);
	tcase_add_test(tc, kc_addr_bad);
	tcase_add_test(tc, kc_missing_link_targets);
	tcase_add_test(tc, kc_addr_primary);
	tcase_add_test(tc, kc_bad_requests);
	tcase_add_test(tc, kc_addr_gone_with_link);
	tcase_add_test(tc, kc_route_add_dump_del);
	tcase_add_test(tc, kc_route_bad);
	tcase_add_test(tc, kc_route_flush_only_ours);
	tcase_add_test(tc, kc_route_key);
	tcase_add_test(tc, kc_route_gone_when_link_down);
	tcase_add_test(tc, kc_neigh_veth);
	tcase_add_test(tc, kc_neigh_bad_lladdr);
	tcase_add_test(tc, kc_neigh_gone_when_link_down);
	tcase_add_test(tc, kc_sysctl);
	tcase_add_test(tc, kc_nhrp_prepare);
	tcase_add_test(tc, kc_monitor_link_and_addr);
	tcase_add_test(tc, kc_monitor_groups_filter);
	tcase_add_test(tc, kc_mss_clamp);
}
