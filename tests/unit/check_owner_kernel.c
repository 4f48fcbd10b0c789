/* Unit tests: the kernel owner against the fake kernel, driven through real
 * transactions (txn_commit) of the router: interfaces, loopbacks, GRE
 * tunnels, static routes, refusals rolled back whole, routes following the
 * line protocol, keepalives, start-up reconciliation. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lios.h"
#include "owner_kernel_priv.h"
#include "router_priv.h"
#include "show_kernel.h"

struct fixture {
	struct router *r;
	struct kernel *k;
	struct kown *ko;
	char why[256];
};

static uint32_t
ip(const char *s)
{
	uint32_t a;

	ck_assert(model_parse_ip(s, &a));
	return a;
}

/* A router whose kernel owner works on a fake kernel holding a veth pair
 * eth0/eth1, both up. */
static void
setup(struct fixture *f)
{
	struct kernel_link_spec veth = { .name = "eth0", .kind = KERNEL_LINK_VETH, .peer_name = "eth1" };
	struct router_options opt = { .dry_run = true };
	struct kernel_link l;

	memset(f, 0, sizeof(*f));
	f->r = router_new(&opt);
	ck_assert_ptr_nonnull(f->r);
	f->k = kernel_fake_new();
	ck_assert_int_eq(kernel_link_add(f->k, &veth, NULL), 0);
	ck_assert_int_eq(kernel_link_get(f->k, "eth1", &l), 0);
	ck_assert_int_eq(kernel_link_set_up(f->k, l.ifindex, true), 0);
	ck_assert_int_eq(kernel_link_get(f->k, "eth0", &l), 0);
	ck_assert_int_eq(kernel_link_set_up(f->k, l.ifindex, true), 0);
	router_set_owner(f->r, OWNER_KERNEL, owner_kernel_new(f->k, NULL));
	f->ko = owner_kernel_of(f->r->owners[OWNER_KERNEL]);
	ck_assert_ptr_nonnull(f->ko);
}

static void
teardown(struct fixture *f)
{
	router_free(f->r); /* closes the fake kernel with the owner */
}

static struct m_interface *
edit_if(struct model *m, const char *name)
{
	return (struct m_interface *)model_edit(m, MK_INTERFACE, name, true);
}

static void
set_addr(struct m_interface *i, const char *a, const char *mask)
{
	i->has_address = true;
	i->address.addr = ip(a);
	i->address.mask = ip(mask);
}

static void
add_route(struct model *m, const char *dst, const char *mask, const char *nh, const char *ifname,
	  unsigned distance, bool permanent)
{
	struct m_route rt = { 0 }, *e;
	char key[MODEL_OBJKEY_LEN];

	rt.dest.addr = ip(dst);
	rt.dest.mask = ip(mask);
	if (nh) {
		rt.has_nexthop = true;
		rt.nexthop = ip(nh);
	}
	if (ifname)
		model_strset(rt.ifname, sizeof(rt.ifname), ifname);
	rt.distance = distance;
	rt.permanent = permanent;
	model_route_key(key, sizeof(key), &rt);
	e = (struct m_route *)model_edit(m, MK_ROUTE, key, true);
	memcpy((char *)e + sizeof(e->h), (char *)&rt + sizeof(rt.h), sizeof(rt) - sizeof(rt.h));
}

static int
commit(struct fixture *f, struct model *cand)
{
	f->why[0] = '\0';
	return txn_commit(f->r, cand, f->why, sizeof(f->why));
}

struct found {
	uint32_t addr;	/* host order */
	uint8_t len;
	int n;
	int ifindex;
};

static int
find_addr(const struct kernel_addr *a, void *arg)
{
	struct found *x = arg;

	if (ntohl(a->addr.s_addr) == x->addr && a->prefixlen == x->len) {
		x->n++;
		x->ifindex = a->ifindex;
	}
	return 0;
}

static bool
has_addr(struct kernel *k, const char *a, uint8_t len)
{
	struct found x = { .addr = ip(a), .len = len };

	kernel_addr_dump(k, 0, find_addr, &x);
	return x.n == 1;
}

struct rfind {
	uint32_t dst;
	uint8_t len;
	uint32_t metric;
	int n;
	struct kernel_route r;
};

static int
find_route(const struct kernel_route *r, void *arg)
{
	struct rfind *x = arg;

	if (ntohl(r->dst.s_addr) == x->dst && r->prefixlen == x->len && r->protocol == LIOS_RTPROT_STATIC &&
	    (!x->metric || r->metric == x->metric)) {
		x->n++;
		x->r = *r;
	}
	return 0;
}

static int
routes_to(struct kernel *k, const char *dst, uint8_t len)
{
	struct rfind x = { .dst = ip(dst), .len = len };

	kernel_route_dump(k, 0, LIOS_RTPROT_STATIC, find_route, &x);
	return x.n;
}

static int
link_index(struct kernel *k, const char *name)
{
	struct kernel_link l;

	return kernel_link_get(k, name, &l) == 0 ? l.ifindex : 0;
}

/* Runs lines in a session of the router; returns the output of the last. */
static char *
run_lines(struct fixture *f, const char *const *lines)
{
	struct cli_session *s = cli_session_new(f->r->tree, f->r, 15);
	char *out = NULL;

	for (size_t i = 0; lines[i]; i++) {
		free(out);
		cli_session_exec(s, lines[i], NULL);
		out = cli_session_take_output(s, NULL);
	}
	cli_session_free(s);
	return out;
}

START_TEST(test_physical_interface)
{
	struct fixture f;
	struct model *m;
	struct m_interface *i;
	struct kernel_link l;

	setup(&f);
	m = txn_begin(f.r);
	i = edit_if(m, "eth0");
	set_addr(i, "10.0.0.1", "255.255.255.0");
	i->secondary[0] = (struct m_prefix){ ip("10.0.1.1"), ip("255.255.255.0") };
	i->n_secondary = 1;
	i->has_mtu = true;
	i->mtu = 1400;
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert(has_addr(f.k, "10.0.0.1", 24));
	ck_assert(has_addr(f.k, "10.0.1.1", 24));
	ck_assert_int_eq(kernel_link_get(f.k, "eth0", &l), 0);
	ck_assert_uint_eq(l.mtu, 1400);

	/* shutdown, then the interface's configuration removed: only what we
	 * set goes, the device stays */
	m = txn_begin(f.r);
	edit_if(m, "eth0")->shutdown = true;
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(kernel_link_get(f.k, "eth0", &l), 0);
	ck_assert(!l.up);
	m = txn_begin(f.r);
	model_del(m, MK_INTERFACE, "eth0");
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(kernel_link_get(f.k, "eth0", &l), 0);
	ck_assert(!has_addr(f.k, "10.0.0.1", 24));
	ck_assert(!has_addr(f.k, "10.0.1.1", 24));
	ck_assert_uint_eq(l.mtu, 1500);
	teardown(&f);
}
END_TEST

START_TEST(test_missing_device_refused)
{
	struct fixture f;
	struct model *m;

	setup(&f);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth7"), "10.7.0.1", "255.255.255.0");
	ck_assert_int_eq(commit(&f, m), -1);
	ck_assert_str_eq(f.why, "eth7: no Linux device eth7");
	ck_assert_ptr_null(model_interface(f.r->running, "eth7"));
	teardown(&f);
}
END_TEST

START_TEST(test_loopback_dummy_and_lo)
{
	struct fixture f;
	struct model *m;
	struct kernel_link l;
	struct kown_if_view v;

	setup(&f);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "Loopback0"), "192.168.255.1", "255.255.255.255");
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(kernel_link_get(f.k, "Loopback0", &l), 0);
	ck_assert_int_eq(l.kind, KERNEL_LINK_DUMMY);
	ck_assert(l.up);
	ck_assert(has_addr(f.k, "192.168.255.1", 32));
	m = txn_begin(f.r);
	model_del(m, MK_INTERFACE, "Loopback0");
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(link_index(f.k, "Loopback0"), 0);

	/* a kernel without dummy: the address goes on lo, and show says so */
	kernel_fake_lack_kind(f.k, KERNEL_LINK_DUMMY);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "Loopback1"), "192.168.255.2", "255.255.255.255");
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(link_index(f.k, "Loopback1"), 0);
	ck_assert(has_addr(f.k, "192.168.255.2", 32));
	ck_assert(kown_if_view(f.ko, "Loopback1", &v));
	ck_assert(v.on_lo);
	ck_assert_str_eq(v.linux_name, "lo");
	m = txn_begin(f.r);
	model_del(m, MK_INTERFACE, "Loopback1");
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert(!has_addr(f.k, "192.168.255.2", 32));
	ck_assert_int_ne(link_index(f.k, "lo"), 0); /* lo itself stays */
	teardown(&f);
}
END_TEST

static void
p2p_tunnel(struct model *m, const char *name, bool keepalive)
{
	struct m_interface *t = edit_if(m, name);

	set_addr(t, "172.16.0.1", "255.255.255.252");
	t->tunnel.has_source_if = true;
	model_strset(t->tunnel.source_if, sizeof(t->tunnel.source_if), "eth0");
	t->tunnel.has_destination = true;
	t->tunnel.destination = ip("10.0.0.2");
	t->tunnel.has_key = true;
	t->tunnel.key = 100;
	if (keepalive) {
		t->keepalive = true;
		t->keepalive_period = 1;
		t->keepalive_retries = 2;
	}
}

START_TEST(test_tunnel_p2p_follow_source_and_recreate)
{
	struct fixture f;
	struct model *m;
	struct kernel_link l;
	struct kernel_addr a = { 0 };
	int idx;

	setup(&f);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	p2p_tunnel(m, "Tunnel0", false);
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel0", &l), 0);
	ck_assert_int_eq(l.kind, KERNEL_LINK_GRE);
	ck_assert_uint_eq(ntohl(l.gre.local.s_addr), ip("10.0.0.1"));
	ck_assert_uint_eq(ntohl(l.gre.remote.s_addr), ip("10.0.0.2"));
	ck_assert(l.gre.has_key);
	ck_assert_uint_eq(l.gre.ikey, 100);
	ck_assert_uint_eq(l.gre.okey, 100);
	ck_assert_uint_eq(l.gre.ttl, 255);
	ck_assert_uint_eq(l.mtu, 1500 - 24 - 4);
	ck_assert(l.up);
	idx = l.ifindex;

	/* the source interface's address changes: the tunnel follows */
	a.ifindex = link_index(f.k, "eth0");
	a.addr.s_addr = htonl(ip("10.0.0.1"));
	a.prefixlen = 24;
	ck_assert_int_eq(kernel_addr_del(f.k, &a), 0);
	a.addr.s_addr = htonl(ip("10.0.0.9"));
	ck_assert_int_eq(kernel_addr_add(f.k, &a), 0);
	kown_lock(f.ko);
	kown_refresh(f.ko);
	kown_unlock(f.ko);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel0", &l), 0);
	ck_assert_uint_eq(ntohl(l.gre.local.s_addr), ip("10.0.0.9"));
	ck_assert_int_eq(l.ifindex, idx);

	/* a new key: changed in place */
	m = txn_begin(f.r);
	edit_if(m, "Tunnel0")->tunnel.key = 200;
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel0", &l), 0);
	ck_assert_int_eq(l.ifindex, idx);
	ck_assert_uint_eq(l.gre.okey, 200);

	/* p2p -> multipoint: a new device, with no remote */
	m = txn_begin(f.r);
	edit_if(m, "Tunnel0")->tunnel.has_destination = false;
	edit_if(m, "Tunnel0")->tunnel.destination = 0;
	edit_if(m, "Tunnel0")->tunnel.mode = TUNNEL_GRE_MULTIPOINT;
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel0", &l), 0);
	ck_assert_int_ne(l.ifindex, idx);
	ck_assert_uint_eq(l.gre.remote.s_addr, 0);
	ck_assert(has_addr(f.k, "172.16.0.1", 30));

	/* no interface Tunnel0: the device goes */
	m = txn_begin(f.r);
	model_del(m, MK_INTERFACE, "Tunnel0");
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(link_index(f.k, "Tunnel0"), 0);
	teardown(&f);
}
END_TEST

/* `interface Tunnel0` alone: no device yet (the kernel would refuse one
 * identical to its gre0), line protocol down; the device appears when the
 * source interface gets its address. On a kernel without GRE even the bare
 * tunnel is refused, naming the missing feature. */
START_TEST(test_tunnel_waits_for_endpoints)
{
	const char *show[] = { "show interfaces Tunnel0", NULL };
	struct fixture f;
	char *out;
	struct model *m;
	struct m_interface *t;
	struct kown_if_view v;
	struct kernel_link l;

	setup(&f);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "Tunnel0"), "172.16.0.1", "255.255.255.252");
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(link_index(f.k, "Tunnel0"), 0);
	ck_assert(kown_if_view(f.ko, "Tunnel0", &v));
	ck_assert(!v.line_up);
	out = run_lines(&f, show);
	ck_assert_ptr_nonnull(strstr(out, "Tunnel0 is up, line protocol is down\n"));
	free(out);

	/* source interface without an address: still waiting */
	m = txn_begin(f.r);
	t = edit_if(m, "Tunnel0");
	t->tunnel.has_source_if = true;
	model_strset(t->tunnel.source_if, sizeof(t->tunnel.source_if), "eth0");
	t->tunnel.mode = TUNNEL_GRE_MULTIPOINT;
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(link_index(f.k, "Tunnel0"), 0);

	/* eth0 gets its address: the mGRE device is made, with the address */
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel0", &l), 0);
	ck_assert_uint_eq(ntohl(l.gre.local.s_addr), ip("10.0.0.1"));
	ck_assert_uint_eq(l.gre.remote.s_addr, 0);
	ck_assert(has_addr(f.k, "172.16.0.1", 30));
	ck_assert(kown_if_view(f.ko, "Tunnel0", &v));
	ck_assert(v.line_up);
	teardown(&f);
}
END_TEST

START_TEST(test_bare_tunnel_refused_without_gre)
{
	struct fixture f;
	struct model *m;

	setup(&f);
	kernel_fake_lack_kind(f.k, KERNEL_LINK_GRE);
	m = txn_begin(f.r);
	edit_if(m, "Tunnel0");
	ck_assert_int_eq(commit(&f, m), -1);
	ck_assert_str_eq(f.why, "Tunnel0: cannot create the tunnel: " KERNEL_MSG_NO_GRE);
	ck_assert_ptr_null(model_interface(f.r->running, "Tunnel0"));
	teardown(&f);
}
END_TEST

/* Two multipoint tunnels with the same source and no key: the kernel
 * cannot tell them apart; the second is refused with the way out. */
START_TEST(test_duplicate_tunnel_refused)
{
	struct fixture f;
	struct model *m;
	struct m_interface *t;

	setup(&f);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	for (int i = 0; i < 2; i++) {
		t = edit_if(m, i ? "Tunnel1" : "Tunnel0");
		t->tunnel.has_source_ip = true;
		t->tunnel.source_ip = ip("10.0.0.1");
		t->tunnel.mode = TUNNEL_GRE_MULTIPOINT;
	}
	ck_assert_int_eq(commit(&f, m), -1);
	ck_assert_ptr_nonnull(strstr(f.why, "same source, destination and key"));
	ck_assert_int_eq(link_index(f.k, "Tunnel0"), 0);
	ck_assert_int_eq(link_index(f.k, "Tunnel1"), 0);
	teardown(&f);
}
END_TEST

static void
vti_tunnel(struct model *m, const char *name, const char *dest)
{
	struct m_interface *t = edit_if(m, name);

	set_addr(t, "10.9.0.1", "255.255.255.252");
	t->tunnel.has_source_if = true;
	model_strset(t->tunnel.source_if, sizeof(t->tunnel.source_if), "eth0");
	t->tunnel.has_destination = dest != NULL;
	t->tunnel.destination = dest ? ip(dest) : 0;
	t->tunnel.mode = TUNNEL_IPSEC_IPV4;
}

/* tunnel mode ipsec ipv4: a VTI from the tunnel source to the destination,
 * keyed with the tunnel's mark, policy checks off on it, following its
 * source, line protocol down without a destination, up/down with
 * shutdown; GRE <-> VTI makes a new device; a second VTI between the same
 * addresses is refused (ip_vti could not tell their packets apart). */
START_TEST(test_vti_tunnel)
{
	const char *show[] = { "show interfaces Tunnel1", NULL };
	char *out;
	struct fixture f;
	struct model *m;
	struct kernel_link l;
	struct kernel_addr a = { 0 };
	char val[8];
	int idx;

	setup(&f);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	vti_tunnel(m, "Tunnel1", "10.0.0.2");
	ck_assert_msg(commit(&f, m) == 0, "%s", f.why);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel1", &l), 0);
	ck_assert_int_eq(l.kind, KERNEL_LINK_VTI);
	ck_assert_uint_eq(ntohl(l.gre.local.s_addr), ip("10.0.0.1"));
	ck_assert_uint_eq(ntohl(l.gre.remote.s_addr), ip("10.0.0.2"));
	ck_assert(l.gre.has_key);
	ck_assert_uint_eq(l.gre.ikey, 2);
	ck_assert_uint_eq(l.gre.okey, 2);
	ck_assert_uint_eq(l.mtu, 1500 - 20);
	ck_assert(l.up);
	ck_assert(has_addr(f.k, "10.9.0.1", 30));
	ck_assert_int_eq(kernel_sysctl_get(f.k, "net/ipv4/conf/Tunnel1/disable_policy", val, sizeof(val)), 0);
	ck_assert_str_eq(val, "1");
	/* IOS: no IPsec SA, no line protocol */
	ck_assert(!kown_line_up(f.ko, kown_find_if(f.ko, "Tunnel1")));
	kown_ipsec_line(f.ko, "Tunnel1", true);
	ck_assert(kown_line_up(f.ko, kown_find_if(f.ko, "Tunnel1")));
	out = run_lines(&f, show);
	ck_assert_ptr_nonnull(strstr(out, "Tunnel1 is up, line protocol is up\n"));
	ck_assert_ptr_nonnull(strstr(out, "  Tunnel source 10.0.0.1 (eth0), destination 10.0.0.2\n"));
	ck_assert_ptr_nonnull(strstr(out, "  Tunnel protocol/transport IPSEC/IP\n"));
	ck_assert_ptr_nonnull(strstr(out, "  MTU 1480 bytes"));
	/* IPsec's lines, not GRE's: no key or checksum; ESP's overhead with
	 * IOS's default transform set (no profile here): 1500 - 73 */
	ck_assert_ptr_nonnull(strstr(out, "\n  Tunnel TTL 255\n  Tunnel transport MTU 1427 bytes\n"));
	ck_assert_ptr_null(strstr(out, "Key "));
	ck_assert_ptr_null(strstr(out, "Checksumming"));
	free(out);
	idx = l.ifindex;

	/* the source's new address: followed in place */
	a.ifindex = link_index(f.k, "eth0");
	a.addr.s_addr = htonl(ip("10.0.0.1"));
	a.prefixlen = 24;
	ck_assert_int_eq(kernel_addr_del(f.k, &a), 0);
	a.addr.s_addr = htonl(ip("10.0.0.9"));
	ck_assert_int_eq(kernel_addr_add(f.k, &a), 0);
	kown_lock(f.ko);
	kown_refresh(f.ko);
	kown_unlock(f.ko);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel1", &l), 0);
	ck_assert_uint_eq(ntohl(l.gre.local.s_addr), ip("10.0.0.9"));
	ck_assert_uint_eq(l.gre.ikey, 2);
	ck_assert_int_eq(l.ifindex, idx);

	/* shutdown / no shutdown */
	m = txn_begin(f.r);
	edit_if(m, "Tunnel1")->shutdown = true;
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel1", &l), 0);
	ck_assert(!l.up);
	ck_assert(!kown_line_up(f.ko, kown_find_if(f.ko, "Tunnel1")));
	m = txn_begin(f.r);
	edit_if(m, "Tunnel1")->shutdown = false;
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel1", &l), 0);
	ck_assert(l.up);

	/* the same endpoints twice: refused, nothing made */
	m = txn_begin(f.r);
	vti_tunnel(m, "Tunnel2", "10.0.0.2");
	set_addr(edit_if(m, "Tunnel2"), "10.9.0.5", "255.255.255.252");
	ck_assert_int_eq(commit(&f, m), -1);
	ck_assert_ptr_nonnull(strstr(f.why, "Tunnel2: Tunnel1 has the same source and destination"));
	ck_assert_int_eq(link_index(f.k, "Tunnel2"), 0);
	/* another destination: its own device and key */
	m = txn_begin(f.r);
	vti_tunnel(m, "Tunnel2", "10.0.0.3");
	set_addr(edit_if(m, "Tunnel2"), "10.9.0.5", "255.255.255.252");
	ck_assert_msg(commit(&f, m) == 0, "%s", f.why);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel2", &l), 0);
	ck_assert_int_eq(l.kind, KERNEL_LINK_VTI);
	ck_assert_uint_eq(l.gre.ikey, 3);

	/* no destination: the device stays, line protocol down */
	m = txn_begin(f.r);
	edit_if(m, "Tunnel2")->tunnel.has_destination = false;
	edit_if(m, "Tunnel2")->tunnel.destination = 0;
	ck_assert_msg(commit(&f, m) == 0, "%s", f.why);
	ck_assert(!kown_line_up(f.ko, kown_find_if(f.ko, "Tunnel2")));

	/* VTI -> GRE: a new device of the other kind, address kept */
	m = txn_begin(f.r);
	edit_if(m, "Tunnel1")->tunnel.mode = TUNNEL_GRE_IP;
	ck_assert_msg(commit(&f, m) == 0, "%s", f.why);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel1", &l), 0);
	ck_assert_int_eq(l.kind, KERNEL_LINK_GRE);
	ck_assert_int_ne(l.ifindex, idx);
	ck_assert(has_addr(f.k, "10.9.0.1", 30));

	m = txn_begin(f.r);
	model_del(m, MK_INTERFACE, "Tunnel1");
	model_del(m, MK_INTERFACE, "Tunnel2");
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(link_index(f.k, "Tunnel1"), 0);
	ck_assert_int_eq(link_index(f.k, "Tunnel2"), 0);
	teardown(&f);
}
END_TEST

/* A VTI with neither source nor destination would clash with the kernel's
 * ip_vti0 (its key does not count): no device until one is set, line
 * protocol down; on a kernel without ip_vti even that bare tunnel is
 * refused, naming the missing feature. */
START_TEST(test_vti_waits_for_endpoints)
{
	struct fixture f;
	struct model *m;
	struct kernel_link l;

	setup(&f);
	m = txn_begin(f.r);
	edit_if(m, "Tunnel4")->tunnel.mode = TUNNEL_IPSEC_IPV4;
	ck_assert_msg(commit(&f, m) == 0, "%s", f.why);
	ck_assert_int_eq(link_index(f.k, "Tunnel4"), 0);
	ck_assert(!kown_line_up(f.ko, kown_find_if(f.ko, "Tunnel4")));
	m = txn_begin(f.r);
	edit_if(m, "Tunnel4")->tunnel.has_destination = true;
	edit_if(m, "Tunnel4")->tunnel.destination = ip("10.0.0.2");
	ck_assert_msg(commit(&f, m) == 0, "%s", f.why);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel4", &l), 0);
	ck_assert_int_eq(l.kind, KERNEL_LINK_VTI);
	ck_assert_uint_eq(l.gre.local.s_addr, 0);
	ck_assert_uint_eq(ntohl(l.gre.remote.s_addr), ip("10.0.0.2"));
	ck_assert_uint_eq(l.gre.ikey, 5);
	teardown(&f);

	setup(&f);
	kernel_fake_lack_kind(f.k, KERNEL_LINK_VTI);
	m = txn_begin(f.r);
	edit_if(m, "Tunnel4")->tunnel.mode = TUNNEL_IPSEC_IPV4;
	ck_assert_int_eq(commit(&f, m), -1);
	ck_assert_ptr_nonnull(strstr(f.why, "Tunnel4: cannot create the tunnel: " KERNEL_MSG_NO_VTI));
	ck_assert_uint_eq(model_count(f.r->running, MK_INTERFACE), 0);
	/* GRE is still there: a GRE tunnel is not refused for it */
	m = txn_begin(f.r);
	edit_if(m, "Tunnel5");
	ck_assert_msg(commit(&f, m) == 0, "%s", f.why);
	teardown(&f);
}
END_TEST

/* A kernel without ip_vti: the line is refused naming the missing feature,
 * and what the same transaction did before is taken back. */
START_TEST(test_vti_refused_rolls_back)
{
	struct fixture f;
	struct model *m;

	setup(&f);
	kernel_fake_lack_kind(f.k, KERNEL_LINK_VTI);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "Loopback0"), "192.168.255.1", "255.255.255.255");
	vti_tunnel(m, "Tunnel1", "10.0.0.2");
	ck_assert_int_eq(commit(&f, m), -1);
	ck_assert_ptr_nonnull(strstr(f.why, "Tunnel1: cannot create the tunnel: " KERNEL_MSG_NO_VTI));
	ck_assert_int_eq(link_index(f.k, "Tunnel1"), 0);
	ck_assert_int_eq(link_index(f.k, "Loopback0"), 0);
	ck_assert(!has_addr(f.k, "192.168.255.1", 32));
	ck_assert_uint_eq(model_count(f.r->running, MK_INTERFACE), 0);
	teardown(&f);
}
END_TEST

/* One transaction: a loopback, a GRE tunnel and a route through it, on a
 * kernel without GRE. The tunnel is refused naming the missing feature,
 * and the loopback made before it is taken back. */
START_TEST(test_gre_refused_rolls_back)
{
	struct fixture f;
	struct model *m;

	setup(&f);
	kernel_fake_lack_kind(f.k, KERNEL_LINK_GRE);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	set_addr(edit_if(m, "Loopback0"), "192.168.255.1", "255.255.255.255");
	p2p_tunnel(m, "Tunnel0", false);
	add_route(m, "10.2.0.0", "255.255.0.0", NULL, "Tunnel0", 0, false);
	ck_assert_int_eq(commit(&f, m), -1);
	ck_assert_ptr_nonnull(strstr(f.why, KERNEL_MSG_NO_GRE));
	ck_assert_ptr_nonnull(strstr(f.why, "Tunnel0"));
	ck_assert_int_eq(link_index(f.k, "Loopback0"), 0);
	ck_assert_int_eq(link_index(f.k, "Tunnel0"), 0);
	ck_assert(!has_addr(f.k, "10.0.0.1", 24));
	ck_assert(!has_addr(f.k, "192.168.255.1", 32));
	ck_assert_int_eq(routes_to(f.k, "10.2.0.0", 16), 0);
	ck_assert_uint_eq(model_count(f.r->running, MK_INTERFACE), 0);
	teardown(&f);
}
END_TEST

/* The kernel refuses the last object of a multi-object change (a route,
 * with an error that is not about reachability): the tunnel and loopback
 * created before it are deleted again. */
START_TEST(test_refusal_midway_rolls_back)
{
	struct fixture f;
	struct model *m;

	setup(&f);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	ck_assert_int_eq(commit(&f, m), 0);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "Loopback0"), "192.168.255.1", "255.255.255.255");
	p2p_tunnel(m, "Tunnel0", false);
	add_route(m, "10.2.0.0", "255.255.0.0", NULL, "Tunnel0", 0, false);
	kernel_fake_fail(f.k, KERNEL_OP_ROUTE_REPLACE, 1, EPERM);
	ck_assert_int_eq(commit(&f, m), -1);
	ck_assert_ptr_nonnull(strstr(f.why, "ip route 10.2.0.0 255.255.0.0"));
	ck_assert_int_eq(link_index(f.k, "Loopback0"), 0);
	ck_assert_int_eq(link_index(f.k, "Tunnel0"), 0);
	ck_assert(!has_addr(f.k, "192.168.255.1", 32));
	ck_assert(has_addr(f.k, "10.0.0.1", 24)); /* the earlier commit stays */
	ck_assert_uint_eq(model_count(f.r->running, MK_INTERFACE), 1);
	ck_assert_uint_eq(model_count(f.r->running, MK_ROUTE), 0);
	teardown(&f);
}
END_TEST

START_TEST(test_routes_follow_line_protocol)
{
	struct fixture f;
	struct model *m;
	struct rfind x = { .dst = 0 };

	setup(&f);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	add_route(m, "10.9.0.0", "255.255.0.0", "10.0.0.2", NULL, 0, false);
	add_route(m, "10.8.0.0", "255.255.0.0", "10.0.0.3", "eth0", 5, false);
	add_route(m, "10.7.0.0", "255.255.0.0", "10.99.0.1", NULL, 0, false); /* unreachable */
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(routes_to(f.k, "10.9.0.0", 16), 1);
	x.dst = ip("10.8.0.0");
	x.len = 16;
	kernel_route_dump(f.k, 0, LIOS_RTPROT_STATIC, find_route, &x);
	ck_assert_int_eq(x.n, 1);
	ck_assert_uint_eq(x.r.metric, 5);
	ck_assert_int_eq(x.r.oif, link_index(f.k, "eth0"));
	ck_assert_uint_eq(ntohl(x.r.gateway.s_addr), ip("10.0.0.3"));
	ck_assert_int_eq(routes_to(f.k, "10.7.0.0", 16), 0); /* kept, not installed */

	/* carrier lost: routes through eth0 withdrawn; back with it */
	kernel_fake_set_carrier(f.k, link_index(f.k, "eth0"), false);
	kown_lock(f.ko);
	kown_refresh(f.ko);
	kown_unlock(f.ko);
	ck_assert_int_eq(routes_to(f.k, "10.9.0.0", 16), 0);
	ck_assert_int_eq(routes_to(f.k, "10.8.0.0", 16), 0);
	kernel_fake_set_carrier(f.k, link_index(f.k, "eth0"), true);
	kown_lock(f.ko);
	kown_refresh(f.ko);
	kown_unlock(f.ko);
	ck_assert_int_eq(routes_to(f.k, "10.9.0.0", 16), 1);
	ck_assert_int_eq(routes_to(f.k, "10.8.0.0", 16), 1);

	/* the unreachable one comes when its next hop becomes connected */
	m = txn_begin(f.r);
	edit_if(m, "eth0")->secondary[0] = (struct m_prefix){ ip("10.99.0.2"), ip("255.255.255.0") };
	edit_if(m, "eth0")->n_secondary = 1;
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(routes_to(f.k, "10.7.0.0", 16), 1);

	/* no ip route: gone from the kernel */
	m = txn_begin(f.r);
	for (size_t i = model_count(m, MK_ROUTE); i-- > 0;) {
		char key[MODEL_OBJKEY_LEN];

		model_strset(key, sizeof(key), model_at(m, MK_ROUTE, i)->key);
		model_del(m, MK_ROUTE, key);
	}
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(routes_to(f.k, "10.9.0.0", 16), 0);
	ck_assert_int_eq(routes_to(f.k, "10.8.0.0", 16), 0);
	ck_assert_int_eq(routes_to(f.k, "10.7.0.0", 16), 0);
	teardown(&f);
}
END_TEST

/* Two next hops at the same distance: the kernel would let the second
 * replace the first; the second waits, and takes over when the first goes. */
START_TEST(test_same_prefix_same_distance)
{
	struct fixture f;
	struct model *m;
	struct rfind x = { .dst = 0 };
	char key[MODEL_OBJKEY_LEN];

	setup(&f);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	add_route(m, "10.9.0.0", "255.255.0.0", "10.0.0.2", NULL, 0, false);
	add_route(m, "10.9.0.0", "255.255.0.0", "10.0.0.3", NULL, 0, false);
	ck_assert_int_eq(commit(&f, m), 0);
	x.dst = ip("10.9.0.0");
	x.len = 16;
	kernel_route_dump(f.k, 0, LIOS_RTPROT_STATIC, find_route, &x);
	ck_assert_int_eq(x.n, 1);
	ck_assert_uint_eq(ntohl(x.r.gateway.s_addr), ip("10.0.0.2"));

	m = txn_begin(f.r);
	model_strset(key, sizeof(key), model_at(m, MK_ROUTE, 0)->key);
	ck_assert(model_del(m, MK_ROUTE, key));
	ck_assert_int_eq(commit(&f, m), 0);
	x.n = 0;
	kernel_route_dump(f.k, 0, LIOS_RTPROT_STATIC, find_route, &x);
	ck_assert_int_eq(x.n, 1);
	ck_assert_uint_eq(ntohl(x.r.gateway.s_addr), ip("10.0.0.3"));
	teardown(&f);
}
END_TEST

START_TEST(test_keepalive_line_protocol)
{
	struct fixture f;
	struct model *m;
	struct kown_if_view v;
	int next;

	/* keepalives really go out a raw socket: keep them in a namespace of
	 * our own when we may (else the socket fails and none is sent) */
	(void)unshare(CLONE_NEWNET);
	setup(&f);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	p2p_tunnel(m, "Tunnel0", true);
	add_route(m, "10.2.0.0", "255.255.0.0", NULL, "Tunnel0", 0, false);
	add_route(m, "10.3.0.0", "255.255.0.0", NULL, "Tunnel0", 0, true);
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(routes_to(f.k, "10.2.0.0", 16), 1);

	kown_lock(f.ko);
	next = kown_keepalive_tick(f.ko, 1000); /* sent, 1 outstanding */
	ck_assert_int_eq(next, 1);
	kown_keepalive_tick(f.ko, 1001);	/* 2 outstanding */
	ck_assert(kown_if_view(f.ko, "Tunnel0", &v) && v.line_up);
	kown_keepalive_tick(f.ko, 1002);	/* 2 missed = retries: down */
	ck_assert(kown_if_view(f.ko, "Tunnel0", &v));
	ck_assert(!v.line_up);
	ck_assert(v.keepalive_down);
	kown_unlock(f.ko);
	ck_assert_int_eq(routes_to(f.k, "10.2.0.0", 16), 0);
	ck_assert_int_eq(routes_to(f.k, "10.3.0.0", 16), 1); /* permanent */

	/* an answer with the wrong key changes nothing; the right one brings
	 * the line protocol and the route back */
	kown_lock(f.ko);
	kown_keepalive_reply(f.ko, ip("10.0.0.2"), true, 999);
	ck_assert(kown_if_view(f.ko, "Tunnel0", &v) && !v.line_up);
	kown_keepalive_reply(f.ko, ip("10.0.0.2"), true, 100);
	ck_assert(kown_if_view(f.ko, "Tunnel0", &v) && v.line_up);
	kown_unlock(f.ko);
	ck_assert_int_eq(routes_to(f.k, "10.2.0.0", 16), 1);

	/* no keepalive: never down */
	m = txn_begin(f.r);
	edit_if(m, "Tunnel0")->keepalive = false;
	ck_assert_int_eq(commit(&f, m), 0);
	kown_lock(f.ko);
	ck_assert_int_eq(kown_keepalive_tick(f.ko, 2000), -1);
	ck_assert_int_eq(kown_keepalive_tick(f.ko, 2100), -1);
	ck_assert(kown_if_view(f.ko, "Tunnel0", &v) && v.line_up);
	kown_unlock(f.ko);
	teardown(&f);
}
END_TEST

static int
count_any(const struct kernel_route *r, void *arg)
{
	int *n = arg;

	(void)r;
	(*n)++;
	return 0;
}

/* Start-up: a tunnel left by the previous routerd is adopted (same
 * device, no re-creation), a stale route of ours and a stale tunnel go,
 * other protocols' routes stay. */
START_TEST(test_reconcile)
{
	struct fixture f;
	struct model *m;
	struct kernel_link_spec spec = { .name = "Tunnel0", .kind = KERNEL_LINK_GRE };
	struct kernel_route stale = { .prefixlen = 16, .protocol = LIOS_RTPROT_STATIC, .metric = 1 };
	struct kernel_route other = { .prefixlen = 16, .protocol = 4, .metric = 1 };
	struct kernel_addr a = { .prefixlen = 24 };
	int idx, adds, n;

	setup(&f);
	a.ifindex = link_index(f.k, "eth0");
	a.addr.s_addr = htonl(ip("10.0.0.1"));
	ck_assert_int_eq(kernel_addr_add(f.k, &a), 0);
	spec.gre = (struct kernel_gre){ .ttl = 255, .has_key = true, .ikey = 100, .okey = 100 };
	spec.gre.local.s_addr = htonl(ip("10.0.0.1"));
	spec.gre.remote.s_addr = htonl(ip("10.0.0.2"));
	ck_assert_int_eq(kernel_link_add(f.k, &spec, &idx), 0);
	ck_assert_int_eq(kernel_link_set_up(f.k, idx, true), 0);
	snprintf(spec.name, sizeof(spec.name), "Tunnel9");
	ck_assert_int_eq(kernel_link_add(f.k, &spec, NULL), 0);
	stale.dst.s_addr = htonl(ip("10.77.0.0"));
	stale.gateway.s_addr = htonl(ip("10.0.0.2"));
	ck_assert_int_eq(kernel_route_add(f.k, &stale), 0);
	other.dst.s_addr = htonl(ip("10.66.0.0"));
	other.gateway.s_addr = htonl(ip("10.0.0.2"));
	ck_assert_int_eq(kernel_route_add(f.k, &other), 0);
	adds = (int)kernel_fake_calls(f.k, KERNEL_OP_LINK_ADD);

	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	p2p_tunnel(m, "Tunnel0", false);
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(kown_reconcile(f.ko), 2);
	ck_assert_int_eq(link_index(f.k, "Tunnel0"), idx);
	ck_assert_int_eq((int)kernel_fake_calls(f.k, KERNEL_OP_LINK_ADD), adds);
	ck_assert_int_eq(kernel_fake_calls(f.k, KERNEL_OP_LINK_SET_GRE), 0);
	ck_assert_int_eq(link_index(f.k, "Tunnel9"), 0);
	ck_assert_int_eq(routes_to(f.k, "10.77.0.0", 16), 0);
	n = 0;
	kernel_route_dump(f.k, 0, 4, count_any, &n);
	ck_assert_int_eq(n, 1); /* another protocol's route stays */
	teardown(&f);
}
END_TEST

/* A restart finds its VTI as it left it: adopted, not re-made or changed;
 * a VTI named Tunnel* that the configuration lacks is ours and goes. */
START_TEST(test_reconcile_vti)
{
	struct fixture f;
	struct model *m;
	struct kernel_link_spec spec = { .name = "Tunnel1", .kind = KERNEL_LINK_VTI };
	struct kernel_addr a = { .prefixlen = 24 };
	int idx, adds;

	setup(&f);
	a.ifindex = link_index(f.k, "eth0");
	a.addr.s_addr = htonl(ip("10.0.0.1"));
	ck_assert_int_eq(kernel_addr_add(f.k, &a), 0);
	spec.gre = (struct kernel_gre){ .has_key = true, .ikey = 2, .okey = 2 };
	spec.gre.local.s_addr = htonl(ip("10.0.0.1"));
	spec.gre.remote.s_addr = htonl(ip("10.0.0.2"));
	ck_assert_int_eq(kernel_link_add(f.k, &spec, &idx), 0);
	ck_assert_int_eq(kernel_link_set_up(f.k, idx, true), 0);
	snprintf(spec.name, sizeof(spec.name), "Tunnel8");
	spec.gre.remote.s_addr = htonl(ip("10.0.0.8"));
	ck_assert_int_eq(kernel_link_add(f.k, &spec, NULL), 0);
	adds = (int)kernel_fake_calls(f.k, KERNEL_OP_LINK_ADD);

	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	vti_tunnel(m, "Tunnel1", "10.0.0.2");
	ck_assert_msg(commit(&f, m) == 0, "%s", f.why);
	ck_assert_int_eq(kown_reconcile(f.ko), 1);
	ck_assert_int_eq(link_index(f.k, "Tunnel1"), idx);
	ck_assert_int_eq((int)kernel_fake_calls(f.k, KERNEL_OP_LINK_ADD), adds);
	ck_assert_int_eq(kernel_fake_calls(f.k, KERNEL_OP_LINK_SET_GRE), 0);
	ck_assert_int_eq(link_index(f.k, "Tunnel8"), 0);
	teardown(&f);
}
END_TEST

START_TEST(test_reconcile_keeps_other_protocols)
{
	struct fixture f;
	struct kernel_route other = { .prefixlen = 16, .protocol = 4, .metric = 1 };
	struct kernel_addr a = { .prefixlen = 24 };
	int n = 0;

	setup(&f);
	a.ifindex = link_index(f.k, "eth0");
	a.addr.s_addr = htonl(ip("10.0.0.1"));
	ck_assert_int_eq(kernel_addr_add(f.k, &a), 0);
	other.dst.s_addr = htonl(ip("10.66.0.0"));
	other.gateway.s_addr = htonl(ip("10.0.0.2"));
	ck_assert_int_eq(kernel_route_add(f.k, &other), 0);
	ck_assert_int_eq(kown_reconcile(f.ko), 0);
	kernel_route_dump(f.k, 0, 4, count_any, &n);
	ck_assert_int_eq(n, 1);
	teardown(&f);
}
END_TEST

/* routerd's start: the startup-config is recorded first and applied whole
 * by kown_reconcile(); a tunnel the kernel has with another key is fixed
 * in place (same device), a missing loopback is made, an address missing
 * on eth0 is added. */
START_TEST(test_deferred_start_fixes_differences)
{
	struct fixture f;
	struct model *m;
	struct kernel_link_spec spec = { .name = "Tunnel0", .kind = KERNEL_LINK_GRE };
	struct kernel_addr a = { .prefixlen = 24 };
	struct kernel_link l;
	int idx;

	setup(&f);
	a.ifindex = link_index(f.k, "eth0");
	a.addr.s_addr = htonl(ip("10.0.0.1"));
	ck_assert_int_eq(kernel_addr_add(f.k, &a), 0);
	spec.gre = (struct kernel_gre){ .ttl = 255, .has_key = true, .ikey = 5, .okey = 5 };
	spec.gre.local.s_addr = htonl(ip("10.0.0.1"));
	spec.gre.remote.s_addr = htonl(ip("10.0.0.2"));
	ck_assert_int_eq(kernel_link_add(f.k, &spec, &idx), 0);

	kown_defer(f.ko);
	m = txn_begin(f.r);
	set_addr(edit_if(m, "eth0"), "10.0.0.1", "255.255.255.0");
	edit_if(m, "eth0")->secondary[0] = (struct m_prefix){ ip("10.0.1.1"), ip("255.255.255.0") };
	edit_if(m, "eth0")->n_secondary = 1;
	p2p_tunnel(m, "Tunnel0", false);
	set_addr(edit_if(m, "Loopback0"), "192.168.255.1", "255.255.255.255");
	add_route(m, "10.2.0.0", "255.255.0.0", NULL, "Tunnel0", 0, false);
	ck_assert_int_eq(commit(&f, m), 0);
	/* nothing applied yet */
	ck_assert_int_eq(link_index(f.k, "Loopback0"), 0);
	ck_assert_int_eq(routes_to(f.k, "10.2.0.0", 16), 0);
	ck_assert(!has_addr(f.k, "10.0.1.1", 24));

	ck_assert_int_eq(kown_reconcile(f.ko), 0);
	ck_assert_int_eq(kernel_link_get(f.k, "Tunnel0", &l), 0);
	ck_assert_int_eq(l.ifindex, idx);
	ck_assert_uint_eq(l.gre.okey, 100);
	ck_assert_uint_eq(kernel_fake_calls(f.k, KERNEL_OP_LINK_SET_GRE), 1);
	ck_assert(l.up);
	ck_assert_int_ne(link_index(f.k, "Loopback0"), 0);
	ck_assert(has_addr(f.k, "10.0.1.1", 24));
	ck_assert(has_addr(f.k, "172.16.0.1", 30));
	ck_assert_int_eq(routes_to(f.k, "10.2.0.0", 16), 1);

	/* after the start, changes apply at once again */
	m = txn_begin(f.r);
	model_del(m, MK_INTERFACE, "Loopback0");
	ck_assert_int_eq(commit(&f, m), 0);
	ck_assert_int_eq(link_index(f.k, "Loopback0"), 0);
	teardown(&f);
}
END_TEST

/* A VTI's line protocol is its IPsec SA's (IOS): without one the tunnel is
 * up/down and the static routes through it are out of the kernel; the SA
 * up brings both back, the SA down withdraws them again. Reported SAs
 * count whatever the order: before the tunnel exists, or for a tunnel
 * removed and made again. A GRE tunnel does not depend on any SA. */
START_TEST(test_vti_line_follows_sa)
{
	static const char *const cfg[] = {
		"configure terminal",
		"crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac",
		"crypto ipsec profile P",
		"set transform-set TS",
		"interface eth0",
		"ip address 10.0.0.1 255.255.255.0",
		"interface Tunnel1",
		"ip address 10.9.0.1 255.255.255.252",
		"tunnel source eth0",
		"tunnel mode ipsec ipv4",
		"tunnel destination 10.0.0.2",
		"tunnel protection ipsec profile P",
		"interface Tunnel5",
		"ip address 10.9.0.5 255.255.255.252",
		"tunnel source eth0",
		"tunnel destination 10.0.0.5",
		"exit",
		"ip route 192.168.2.0 255.255.255.0 Tunnel1",
		"ip route 192.168.3.0 255.255.255.0 10.9.0.2",
		"ip route 192.168.5.0 255.255.255.0 Tunnel5",
		"end",
		NULL,
	};
	const char *show[] = { "show interfaces Tunnel1", NULL };
	const char *brief[] = { "show ip interface brief", NULL };
	struct fixture f;
	char *out;

	setup(&f);
	kown_ipsec_line(f.ko, "Tunnel1", false); /* nothing known: no harm */
	free(run_lines(&f, cfg));
	ck_assert_ptr_nonnull(model_interface(f.r->running, "Tunnel1"));
	ck_assert_int_ne(link_index(f.k, "Tunnel1"), 0);
	ck_assert_int_eq(routes_to(f.k, "192.168.2.0", 24), 0);
	ck_assert_int_eq(routes_to(f.k, "192.168.3.0", 24), 0);
	ck_assert_int_eq(routes_to(f.k, "192.168.5.0", 24), 1);
	out = run_lines(&f, show);
	ck_assert_ptr_nonnull(strstr(out, "Tunnel1 is up, line protocol is down\n"));
	ck_assert_ptr_nonnull(strstr(out, "  Tunnel linestate evaluation down\n"));
	/* esp-aes 256 esp-sha256-hmac: 20 + 8 + 16 + 15 + 2 + 16 = 77 */
	ck_assert_ptr_nonnull(strstr(out, "  Tunnel transport MTU 1423 bytes\n"));
	free(out);
	out = run_lines(&f, brief);
	ck_assert_ptr_nonnull(strstr(out, "\nTunnel1                    10.9.0.1        YES manual up                    down\n"));
	free(out);

	kown_ipsec_line(f.ko, "Tunnel1", true);
	ck_assert_int_eq(routes_to(f.k, "192.168.2.0", 24), 1);
	ck_assert_int_eq(routes_to(f.k, "192.168.3.0", 24), 1);
	out = run_lines(&f, brief);
	ck_assert_ptr_nonnull(strstr(out, "\nTunnel1                    10.9.0.1        YES manual up                    up\n"));
	free(out);

	kown_ipsec_line(f.ko, "Tunnel1", false);
	ck_assert_int_eq(routes_to(f.k, "192.168.2.0", 24), 0);
	ck_assert_int_eq(routes_to(f.k, "192.168.3.0", 24), 0);
	ck_assert_int_eq(routes_to(f.k, "192.168.5.0", 24), 1);
	out = run_lines(&f, show);
	ck_assert_ptr_nonnull(strstr(out, "Tunnel1 is up, line protocol is down\n"));
	free(out);

	/* another tunnel's SA, or one for a GRE tunnel, changes nothing */
	kown_ipsec_line(f.ko, "Tunnel2", true);
	kown_ipsec_line(f.ko, "Tunnel5", false);
	ck_assert_int_eq(routes_to(f.k, "192.168.2.0", 24), 0);
	ck_assert_int_eq(routes_to(f.k, "192.168.5.0", 24), 1);

	/* the SA known before the tunnel is made again: up at once */
	kown_ipsec_line(f.ko, "Tunnel1", true);
	{
		static const char *const redo[] = {
			"configure terminal", "no interface Tunnel1", "interface Tunnel1",
			"ip address 10.9.0.1 255.255.255.252", "tunnel source eth0",
			"tunnel mode ipsec ipv4", "tunnel destination 10.0.0.2", "end", NULL,
		};

		free(run_lines(&f, redo));
	}
	ck_assert_int_ne(link_index(f.k, "Tunnel1"), 0);
	ck_assert_int_eq(routes_to(f.k, "192.168.2.0", 24), 1);
	ck_assert(kown_line_up(f.ko, kown_find_if(f.ko, "Tunnel1")));
	teardown(&f);
}
END_TEST

/* The most ESP adds, per IOS transform set: what a VTI's transport MTU
 * loses (IOS shows 1427 over 1500 with esp-aes esp-sha-hmac). */
START_TEST(test_esp_overhead)
{
	ck_assert_uint_eq(show_if_esp_overhead(ESP_AES, ESP_SHA_HMAC), 73);
	ck_assert_uint_eq(show_if_esp_overhead(ESP_AES, ESP_SHA256_HMAC), 77);
	ck_assert_uint_eq(show_if_esp_overhead(ESP_AES, ESP_SHA512_HMAC), 93);
	ck_assert_uint_eq(show_if_esp_overhead(ESP_GCM, ESP_AUTH_NONE), 57);
	ck_assert_uint_eq(show_if_esp_overhead(ESP_3DES, ESP_MD5_HMAC), 57);
}
END_TEST

/* show interfaces / show ip interface brief / show ip route read the
 * kernel: counters, tunnel endpoints, keepalive, line protocol. */
START_TEST(test_show_from_kernel)
{
	struct fixture f;
	struct kernel_link_stats st = { .rx_packets = 1234, .rx_bytes = 56789, .tx_packets = 4321,
					.tx_bytes = 98765, .rx_crc_errors = 7 };
	static const char *const cfg[] = {
		"configure terminal",
		"interface eth0",
		"ip address 10.0.0.1 255.255.255.0",
		"interface Tunnel0",
		"description to R2",
		"ip address 172.16.0.1 255.255.255.252",
		"keepalive 5 4",
		"tunnel source eth0",
		"tunnel destination 10.0.0.2",
		"tunnel key 100",
		"exit",
		"ip route 10.2.0.0 255.255.0.0 172.16.0.2 7",
		"end",
		NULL,
	};
	const char *show_int[] = { "show interfaces Tunnel0", NULL };
	const char *show_eth[] = { "show interfaces eth0", NULL };
	const char *show_brief[] = { "show ip interface brief", NULL };
	const char *show_route[] = { "show ip route", NULL };
	char *out;

	setup(&f);
	free(run_lines(&f, cfg));
	ck_assert_ptr_nonnull(model_interface(f.r->running, "Tunnel0"));
	ck_assert_int_eq(kernel_fake_set_stats(f.k, link_index(f.k, "eth0"), &st), 0);

	out = run_lines(&f, show_int);
	ck_assert_ptr_nonnull(strstr(out, "Tunnel0 is up, line protocol is up\n"));
	ck_assert_ptr_nonnull(strstr(out, "  Description: to R2\n"));
	ck_assert_ptr_nonnull(strstr(out, "  Internet address is 172.16.0.1/30\n"));
	ck_assert_ptr_nonnull(strstr(out, "  Keepalive set (5 sec), retries 4\n"));
	ck_assert_ptr_nonnull(strstr(out, "  Tunnel source 10.0.0.1 (eth0), destination 10.0.0.2\n"));
	ck_assert_ptr_nonnull(strstr(out, "  Tunnel protocol/transport GRE/IP\n"));
	ck_assert_ptr_nonnull(strstr(out, "    Key 0x64, sequencing disabled\n"));
	ck_assert_ptr_nonnull(strstr(out, "  MTU 1472 bytes"));
	ck_assert_ptr_nonnull(strstr(out, "  Tunnel transport MTU 1476 bytes\n"));
	free(out);

	out = run_lines(&f, show_eth);
	ck_assert_ptr_nonnull(strstr(out, "eth0 is up, line protocol is up\n"));
	ck_assert_ptr_nonnull(strstr(out, "     1234 packets input, 56789 bytes, 0 no buffer\n"));
	ck_assert_ptr_nonnull(strstr(out, "     4321 packets output, 98765 bytes, 0 underruns\n"));
	ck_assert_ptr_nonnull(strstr(out, " 7 CRC,"));
	ck_assert_ptr_nonnull(strstr(out, "  Keepalive not set\n"));
	free(out);

	/* keepalives unanswered: line protocol down everywhere it shows */
	kown_lock(f.ko);
	for (time_t t = 100; t <= 120; t += 5)
		kown_keepalive_tick(f.ko, t);
	kown_unlock(f.ko);
	out = run_lines(&f, show_int);
	ck_assert_ptr_nonnull(strstr(out, "Tunnel0 is up, line protocol is down\n"));
	free(out);
	out = run_lines(&f, show_brief);
	ck_assert_ptr_nonnull(strstr(out, "Interface                  IP-Address      OK? Method Status                Protocol\n"));
	ck_assert_ptr_nonnull(strstr(out, "\nTunnel0                    172.16.0.1      YES manual up                    down\n"));
	ck_assert_ptr_nonnull(strstr(out, "\neth0                       10.0.0.1        YES manual up                    up\n"));
	free(out);
	out = run_lines(&f, show_route);
	ck_assert_ptr_nonnull(strstr(out, "Gateway of last resort is not set\n"));
	ck_assert_ptr_nonnull(strstr(out, "C        10.0.0.0/24 is directly connected, eth0\n"));
	ck_assert_ptr_null(strstr(out, "10.2.0.0")); /* withdrawn with the tunnel */
	free(out);

	kown_lock(f.ko);
	kown_keepalive_reply(f.ko, ip("10.0.0.2"), true, 100);
	kown_unlock(f.ko);
	out = run_lines(&f, show_route);
	ck_assert_ptr_nonnull(strstr(out, "S        10.2.0.0/16 [7/0] via 172.16.0.2, Tunnel0\n"));
	free(out);
	teardown(&f);
}
END_TEST

static Suite *
owner_kernel_suite(void)
{
	Suite *s = suite_create("owner_kernel");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_physical_interface);
	tcase_add_test(tc, test_missing_device_refused);
	tcase_add_test(tc, test_loopback_dummy_and_lo);
	tcase_add_test(tc, test_tunnel_p2p_follow_source_and_recreate);
	tcase_add_test(tc, test_tunnel_waits_for_endpoints);
	tcase_add_test(tc, test_bare_tunnel_refused_without_gre);
	tcase_add_test(tc, test_duplicate_tunnel_refused);
	tcase_add_test(tc, test_vti_tunnel);
	tcase_add_test(tc, test_vti_line_follows_sa);
	tcase_add_test(tc, test_esp_overhead);
	tcase_add_test(tc, test_vti_refused_rolls_back);
	tcase_add_test(tc, test_vti_waits_for_endpoints);
	tcase_add_test(tc, test_gre_refused_rolls_back);
	tcase_add_test(tc, test_refusal_midway_rolls_back);
	tcase_add_test(tc, test_routes_follow_line_protocol);
	tcase_add_test(tc, test_same_prefix_same_distance);
	tcase_add_test(tc, test_keepalive_line_protocol);
	tcase_add_test(tc, test_reconcile);
	tcase_add_test(tc, test_reconcile_vti);
	tcase_add_test(tc, test_reconcile_keeps_other_protocols);
	tcase_add_test(tc, test_deferred_start_fixes_differences);
	tcase_add_test(tc, test_show_from_kernel);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(owner_kernel_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
