/* Unit tests of the NHRP cache rules, driven by a fake clock. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_cache.h"

#define TUN0 7
#define TUN1 9

static uint64_t fake_now;

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

/* Every notification, in order. */
struct event {
	enum nhrp_cache_event ev;
	enum nhrp_cache_type type;
	uint8_t proto_last; /* last octet of the protocol address */
	uint8_t nbma_last;
};

static struct event events[64];
static unsigned n_events;

static void
record(void *ctx, const struct nhrp_cache_entry *e, enum nhrp_cache_event ev)
{
	(void)ctx;
	ck_assert_uint_lt(n_events, 64);
	events[n_events++] = (struct event){
		.ev = ev,
		.type = e->type,
		.proto_last = e->proto.bytes[e->proto.len - 1],
		.nbma_last = e->nbma.len ? e->nbma.bytes[e->nbma.len - 1] : 0,
	};
}

static struct nhrp_cache cache;

static void
setup(void)
{
	fake_now = 1000;
	n_events = 0;
	nhrp_cache_init(&cache, fake_clock, NULL);
	nhrp_cache_set_notify(&cache, record, NULL);
}

static void
teardown(void)
{
	nhrp_cache_free(&cache);
}

static struct nhrp_addr
tun(uint8_t n)
{
	struct nhrp_addr a;
	const uint8_t b[4] = {172, 16, 0, n};

	nhrp_addr_set(&a, b, 4);
	return a;
}

static struct nhrp_addr
nbma(uint8_t n)
{
	struct nhrp_addr a;
	const uint8_t b[4] = {198, 51, 100, n};

	nhrp_addr_set(&a, b, 4);
	return a;
}

static struct nhrp_registration
reg(uint8_t addr, uint8_t nbma_n, uint16_t holdtime, bool unique)
{
	return (struct nhrp_registration){
		.ifindex = TUN0,
		.proto = tun(addr),
		.prefix_len = 0xff,
		.nbma = nbma(nbma_n),
		.claimed_nbma = nbma(nbma_n),
		.mtu = 1400,
		.holdtime = holdtime,
		.unique = unique,
	};
}

static const struct nhrp_cache_entry *
get(uint8_t addr)
{
	struct nhrp_addr a = tun(addr);

	return nhrp_cache_lookup(&cache, TUN0, &a);
}

static void
expect_event(unsigned i, enum nhrp_cache_event ev, enum nhrp_cache_type type,
	     uint8_t proto_last, uint8_t nbma_last)
{
	ck_assert_uint_lt(i, n_events);
	ck_assert_int_eq(events[i].ev, ev);
	ck_assert_int_eq(events[i].type, type);
	ck_assert_int_eq(events[i].proto_last, proto_last);
	ck_assert_int_eq(events[i].nbma_last, nbma_last);
}

START_TEST(test_register_creates_dynamic_entry)
{
	struct nhrp_registration r = reg(11, 11, 300, true);
	const struct nhrp_cache_entry *e;

	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	e = get(11);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->type, NHRP_CACHE_DYNAMIC);
	ck_assert(nhrp_addr_equal(&e->nbma, &r.nbma));
	ck_assert_int_eq(e->prefix_len, 32);
	ck_assert_int_eq(e->mtu, 1400);
	ck_assert_uint_eq(e->created, 1000);
	ck_assert_uint_eq(e->expires, 1300);
	ck_assert_uint_eq(e->flags, NHRP_CACHE_F_UNIQUE | NHRP_CACHE_F_REGISTERED);
	ck_assert_uint_eq(n_events, 1);
	expect_event(0, NHRP_CACHE_ADDED, NHRP_CACHE_DYNAMIC, 11, 11);
	ck_assert_str_eq(nhrp_cache_type_name(e->type), "dynamic");
}
END_TEST

START_TEST(test_refresh_extends_holdtime_silently)
{
	struct nhrp_registration r = reg(11, 11, 300, true);
	const struct nhrp_cache_entry *e;

	nhrp_cache_register(&cache, &r);
	fake_now += 100;
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	e = get(11);
	ck_assert_uint_eq(e->created, 1000); /* still the same binding */
	ck_assert_uint_eq(e->expires, 1400);
	ck_assert_uint_eq(n_events, 1); /* nothing for the kernel to do */
}
END_TEST

START_TEST(test_unique_conflict_code_14)
{
	struct nhrp_registration first = reg(11, 11, 300, true);
	struct nhrp_registration other = reg(11, 99, 300, true);
	struct nhrp_registration other_nonunique = reg(11, 99, 300, false);
	const struct nhrp_cache_entry *e;

	nhrp_cache_register(&cache, &first);
	fake_now += 10;
	ck_assert_int_eq(nhrp_cache_register(&cache, &other), NHRP_CODE_ALREADY_REGISTERED);
	ck_assert_int_eq(nhrp_cache_register(&cache, &other_nonunique),
			 NHRP_CODE_ALREADY_REGISTERED);
	/* A withdrawal from the other NBMA is refused the same way. */
	other.holdtime = 0;
	ck_assert_int_eq(nhrp_cache_register(&cache, &other), NHRP_CODE_ALREADY_REGISTERED);
	e = get(11);
	ck_assert(nhrp_addr_equal(&e->nbma, &first.nbma));
	ck_assert_uint_eq(e->expires, 1300);
	ck_assert_uint_eq(n_events, 1);
}
END_TEST

START_TEST(test_no_unique_allows_replacement)
{
	struct nhrp_registration first = reg(11, 11, 300, false);
	struct nhrp_registration moved = reg(11, 12, 300, false);
	const struct nhrp_cache_entry *e;

	nhrp_cache_register(&cache, &first);
	nhrp_cache_set_flags(&cache, TUN0, &first.proto, NHRP_CACHE_F_USED, 0);
	fake_now += 50;
	ck_assert_int_eq(nhrp_cache_register(&cache, &moved), NHRP_CODE_SUCCESS);
	e = get(11);
	ck_assert(nhrp_addr_equal(&e->nbma, &moved.nbma));
	ck_assert_uint_eq(e->created, 1050);
	ck_assert_uint_eq(e->expires, 1350);
	ck_assert_uint_eq(e->flags, NHRP_CACHE_F_REGISTERED); /* not unique, not used */
	ck_assert_uint_eq(n_events, 2);
	expect_event(1, NHRP_CACHE_CHANGED, NHRP_CACHE_DYNAMIC, 11, 12);
}
END_TEST

START_TEST(test_unique_conflict_ends_with_holdtime)
{
	struct nhrp_registration first = reg(11, 11, 300, true);
	struct nhrp_registration other = reg(11, 99, 300, true);

	nhrp_cache_register(&cache, &first);
	fake_now = 1299;
	ck_assert_int_eq(nhrp_cache_register(&cache, &other), NHRP_CODE_ALREADY_REGISTERED);
	/* Expired, though the expiry timer has not run yet. */
	fake_now = 1300;
	ck_assert_ptr_null(get(11));
	ck_assert_int_eq(nhrp_cache_register(&cache, &other), NHRP_CODE_SUCCESS);
	ck_assert_int_eq(get(11)->nbma.bytes[3], 99);
	ck_assert_uint_eq(n_events, 3);
	expect_event(1, NHRP_CACHE_DELETED, NHRP_CACHE_DYNAMIC, 11, 11);
	expect_event(2, NHRP_CACHE_ADDED, NHRP_CACHE_DYNAMIC, 11, 99);
}
END_TEST

START_TEST(test_withdraw_with_holdtime_zero)
{
	struct nhrp_registration r = reg(11, 11, 300, false);
	struct nhrp_registration foreign = reg(11, 12, 0, false);

	nhrp_cache_register(&cache, &r);
	/* Another NBMA cannot withdraw our binding. */
	ck_assert_int_eq(nhrp_cache_register(&cache, &foreign), NHRP_CODE_SUCCESS);
	ck_assert_int_eq(get(11)->nbma.bytes[3], 11);
	r.holdtime = 0;
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	ck_assert_ptr_null(get(11));
	expect_event(1, NHRP_CACHE_DELETED, NHRP_CACHE_DYNAMIC, 11, 11);
	/* Withdrawing what does not exist creates nothing. */
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	ck_assert_uint_eq(nhrp_cache_count(&cache), 0);
	ck_assert_uint_eq(n_events, 2);
}
END_TEST

START_TEST(test_expiry_with_fake_clock)
{
	struct nhrp_registration a = reg(11, 11, 300, true);
	struct nhrp_registration b = reg(12, 12, 600, true);
	struct nhrp_addr st = tun(1), st_nbma = nbma(1);

	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 0);
	nhrp_cache_register(&cache, &a);
	nhrp_cache_register(&cache, &b);
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &st, &st_nbma), 0);
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 1300);
	fake_now = 1299;
	ck_assert_uint_eq(nhrp_cache_expire(&cache), 0);
	ck_assert_uint_eq(nhrp_cache_count(&cache), 3);
	fake_now = 1300;
	ck_assert_uint_eq(nhrp_cache_count(&cache), 2);
	ck_assert_uint_eq(nhrp_cache_expire(&cache), 1);
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 1600);
	expect_event(3, NHRP_CACHE_DELETED, NHRP_CACHE_DYNAMIC, 11, 11);
	fake_now = 100000;
	ck_assert_uint_eq(nhrp_cache_expire(&cache), 1);
	/* Static mappings never expire. */
	ck_assert_uint_eq(nhrp_cache_count(&cache), 1);
	ck_assert_int_eq(get(1)->type, NHRP_CACHE_STATIC);
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 0);
}
END_TEST

START_TEST(test_static_mapping_authority)
{
	struct nhrp_addr hub = tun(1), hub_nbma = nbma(1), other_nbma = nbma(2);
	struct nhrp_registration same = reg(1, 1, 300, true);
	struct nhrp_registration differs = reg(1, 2, 300, true);
	struct nhrp_registration dyn = reg(20, 20, 300, true);

	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &hub, &hub_nbma), 0);
	/* Registrations never override configuration. */
	ck_assert_int_eq(nhrp_cache_register(&cache, &same), NHRP_CODE_SUCCESS);
	ck_assert_int_eq(get(1)->type, NHRP_CACHE_STATIC);
	ck_assert_int_eq(nhrp_cache_register(&cache, &differs), NHRP_CODE_ADMIN_PROHIBITED);
	ck_assert_int_eq(get(1)->nbma.bytes[3], 1);
	ck_assert_uint_eq(n_events, 1);

	/* Configuration overrides what was registered. */
	nhrp_cache_register(&cache, &dyn);
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &dyn.proto,
					       &other_nbma), 0);
	ck_assert_int_eq(get(20)->type, NHRP_CACHE_STATIC);
	ck_assert_uint_eq(get(20)->expires, 0);
	expect_event(2, NHRP_CACHE_CHANGED, NHRP_CACHE_STATIC, 20, 2);

	/* Same mapping again: no change. A lower authority cannot replace. */
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &hub, &hub_nbma), 0);
	ck_assert_uint_eq(n_events, 3);
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_NHS, TUN0, &hub, &other_nbma),
			 -EEXIST);
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_LOCAL, TUN0, &hub, &hub_nbma), 0);
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &hub, &hub_nbma),
			 -EEXIST);

	/* Removal names the type it removes. */
	ck_assert_int_eq(nhrp_cache_remove_config(&cache, NHRP_CACHE_STATIC, TUN0, &hub), -ENOENT);
	ck_assert_int_eq(nhrp_cache_remove_config(&cache, NHRP_CACHE_LOCAL, TUN0, &hub), 0);
	ck_assert_ptr_null(get(1));

	/* Bad configuration is refused without change. */
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_DYNAMIC, TUN0, &hub, &hub_nbma),
			 -EINVAL);
	{
		struct nhrp_addr none = {0};

		ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &hub, &none),
				 -EINVAL);
		ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_LOCAL, TUN0, &hub, &none), 0);
	}
}
END_TEST

START_TEST(test_resolution_lifecycle)
{
	struct nhrp_addr peer = tun(22), peer_nbma = nbma(22);
	const struct nhrp_cache_entry *e;

	ck_assert_int_eq(nhrp_cache_resolve_start(&cache, TUN0, &peer, 5), 0);
	ck_assert_int_eq(get(22)->type, NHRP_CACHE_INCOMPLETE);
	ck_assert_int_eq(nhrp_cache_resolve_start(&cache, TUN0, &peer, 5), -EEXIST);
	fake_now += 2;
	ck_assert_int_eq(nhrp_cache_resolved(&cache, TUN0, &peer, 24, &peer_nbma, 1400, 600), 0);
	e = get(22);
	ck_assert_int_eq(e->type, NHRP_CACHE_CACHED);
	ck_assert_int_eq(e->prefix_len, 24);
	ck_assert_uint_eq(e->expires, 1602);
	expect_event(0, NHRP_CACHE_ADDED, NHRP_CACHE_INCOMPLETE, 22, 0);
	expect_event(1, NHRP_CACHE_CHANGED, NHRP_CACHE_CACHED, 22, 22);
	/* A refresh of the same binding is silent. */
	ck_assert_int_eq(nhrp_cache_resolved(&cache, TUN0, &peer, 24, &peer_nbma, 1400, 600), 0);
	ck_assert_uint_eq(n_events, 2);
	/* A NAK turns it negative; that expires and resolution may start again. */
	ck_assert_int_eq(nhrp_cache_resolve_failed(&cache, TUN0, &peer, 30), 0);
	ck_assert_int_eq(get(22)->type, NHRP_CACHE_NEGATIVE);
	ck_assert_int_eq(get(22)->nbma.len, 0);
	ck_assert_int_eq(nhrp_cache_resolve_start(&cache, TUN0, &peer, 5), -EEXIST);
	fake_now += 30;
	ck_assert_int_eq(nhrp_cache_resolve_start(&cache, TUN0, &peer, 5), 0);
	/* An unanswered request times out. */
	fake_now += 5;
	ck_assert_uint_eq(nhrp_cache_expire(&cache), 1);
	ck_assert_ptr_null(get(22));
	ck_assert_int_eq(nhrp_cache_resolve_start(&cache, TUN0, &peer, 0), -EINVAL);
	ck_assert_int_eq(nhrp_cache_resolved(&cache, TUN0, &peer, 32, &peer_nbma, 0, 0), -EINVAL);
}
END_TEST

START_TEST(test_resolution_does_not_override_registration)
{
	struct nhrp_registration r = reg(22, 22, 300, true);
	struct nhrp_addr spoof = nbma(66);

	nhrp_cache_register(&cache, &r);
	ck_assert_int_eq(nhrp_cache_resolved(&cache, TUN0, &r.proto, 32, &spoof, 0, 600), -EEXIST);
	ck_assert_int_eq(nhrp_cache_resolve_failed(&cache, TUN0, &r.proto, 30), -EEXIST);
	ck_assert_int_eq(get(22)->nbma.bytes[3], 22);
	/* ...but a registration replaces a resolved binding. */
	{
		struct nhrp_addr p = tun(23), n = nbma(23);
		struct nhrp_registration r23 = reg(23, 24, 300, true);

		ck_assert_int_eq(nhrp_cache_resolved(&cache, TUN0, &p, 32, &n, 0, 600), 0);
		ck_assert_int_eq(nhrp_cache_register(&cache, &r23), NHRP_CODE_SUCCESS);
		ck_assert_int_eq(get(23)->type, NHRP_CACHE_DYNAMIC);
		ck_assert_int_eq(get(23)->nbma.bytes[3], 24);
	}
}
END_TEST

START_TEST(test_purge_prefix)
{
	struct nhrp_addr st = tun(5), st_nbma = nbma(5);
	struct nhrp_addr net = tun(0);
	struct nhrp_registration r;

	for (uint8_t i = 10; i < 14; i++) {
		r = reg(i, i, 300, true);
		nhrp_cache_register(&cache, &r);
	}
	r = reg(12, 12, 300, true);
	r.ifindex = TUN1;
	nhrp_cache_register(&cache, &r);
	nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &st, &st_nbma);
	{
		struct nhrp_addr far = {.len = 4, .bytes = {172, 16, 1, 10}}, far_nbma = nbma(50);

		nhrp_cache_resolved(&cache, TUN0, &far, 32, &far_nbma, 0, 600);
	}
	/* 172.16.0.12/32 on TUN0 only. */
	r = reg(12, 12, 0, true);
	ck_assert_uint_eq(nhrp_cache_purge(&cache, TUN0, &r.proto, 0xff), 1);
	ck_assert_ptr_null(get(12));
	ck_assert_ptr_nonnull(nhrp_cache_lookup(&cache, TUN1, &r.proto));
	/* 172.16.0.8/30 holds .10 and .11. */
	net.bytes[3] = 8;
	ck_assert_uint_eq(nhrp_cache_purge(&cache, TUN0, &net, 30), 2);
	ck_assert_ptr_null(get(10));
	ck_assert_ptr_nonnull(get(13));
	/* 172.16.0.0/24 leaves the static entry and 172.16.1.10. */
	net.bytes[3] = 0;
	ck_assert_uint_eq(nhrp_cache_purge(&cache, TUN0, &net, 24), 1);
	ck_assert_ptr_nonnull(get(5));
	ck_assert_uint_eq(nhrp_cache_count(&cache), 3);
}
END_TEST

START_TEST(test_purge_nbma_and_flush)
{
	struct nhrp_addr st = tun(5), st_nbma = nbma(40);
	struct nhrp_registration r;
	struct nhrp_addr peer = nbma(40);

	/* Two addresses behind NBMA .40, one behind .41, a static at .40. */
	r = reg(10, 40, 300, true);
	nhrp_cache_register(&cache, &r);
	r = reg(11, 40, 300, true);
	nhrp_cache_register(&cache, &r);
	r = reg(12, 41, 300, true);
	nhrp_cache_register(&cache, &r);
	nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &st, &st_nbma);
	ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, TUN0, &peer), 2);
	ck_assert_ptr_nonnull(get(12));
	ck_assert_ptr_nonnull(get(5));
	r = reg(13, 13, 300, true);
	r.ifindex = TUN1;
	nhrp_cache_register(&cache, &r);
	ck_assert_uint_eq(nhrp_cache_flush(&cache, TUN0), 1);
	ck_assert_uint_eq(nhrp_cache_count(&cache), 2);
	ck_assert_uint_eq(nhrp_cache_flush(&cache, 0), 1);
	ck_assert_uint_eq(nhrp_cache_count(&cache), 1);
}
END_TEST

START_TEST(test_capacity_limit)
{
	struct nhrp_registration r;
	struct nhrp_addr p = tun(30);

	cache.max_entries = 2;
	r = reg(10, 10, 300, true);
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	r = reg(11, 11, 300, true);
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	r = reg(12, 12, 300, true);
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_INSUFFICIENT_RESOURCES);
	ck_assert_int_eq(nhrp_cache_resolve_start(&cache, TUN0, &p, 5), -ENOSPC);
	/* Existing entries still refresh when full. */
	r = reg(11, 11, 300, true);
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	ck_assert_uint_eq(nhrp_cache_count(&cache), 2);
}
END_TEST

static void
collect(void *ctx, const struct nhrp_cache_entry *e)
{
	char *out = ctx;
	char one[16];

	snprintf(one, sizeof(one), "%d:%u ", e->ifindex, e->proto.bytes[3]);
	strcat(out, one);
}

START_TEST(test_foreach_sorted)
{
	static const uint8_t order[] = {200, 3, 77, 12, 1};
	char seen[256] = "";
	struct nhrp_registration r;

	for (unsigned i = 0; i < sizeof(order); i++) {
		r = reg(order[i], order[i], (uint16_t)(100 + i), false);
		r.ifindex = (i % 2) ? TUN1 : TUN0;
		nhrp_cache_register(&cache, &r);
	}
	fake_now = 1100; /* the first one (200, holdtime 100) is gone */
	nhrp_cache_foreach(&cache, collect, seen);
	ck_assert_str_eq(seen, "7:1 7:77 9:3 9:12 ");
}
END_TEST

START_TEST(test_nat_and_invalid_input)
{
	struct nhrp_registration r = reg(11, 11, 300, true);
	struct nhrp_addr none = {0};

	r.claimed_nbma = nbma(200); /* the spoke sits behind a NAT */
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	ck_assert(get(11)->flags & NHRP_CACHE_F_NAT);
	ck_assert_int_eq(get(11)->claimed_nbma.bytes[3], 200);

	r = reg(12, 12, 300, true);
	r.proto.len = 0;
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_ADMIN_PROHIBITED);
	r = reg(12, 12, 300, true);
	r.nbma.len = 3;
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_ADMIN_PROHIBITED);
	ck_assert_uint_eq(nhrp_cache_count(&cache), 1);
	ck_assert_int_eq(nhrp_cache_set_flags(&cache, TUN0, &none, NHRP_CACHE_F_USED, 0), -ENOENT);
	ck_assert_uint_eq(nhrp_cache_purge(&cache, TUN0, &none, 0), 0);
}
END_TEST

START_TEST(test_ipv6_host_prefix)
{
	struct nhrp_registration r = reg(11, 11, 300, true);

	memset(&r.proto, 0, sizeof(r.proto));
	r.proto.len = 16;
	r.proto.bytes[0] = 0xfd;
	r.proto.bytes[15] = 11;
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	ck_assert_int_eq(nhrp_cache_lookup(&cache, TUN0, &r.proto)->prefix_len, 128);
	/* Same last octet in IPv4 is a different key. */
	ck_assert_ptr_null(get(11));
}
END_TEST

/* The expiry heap follows every change of an entry's lifetime: refresh
 * (later), withdrawal and purge (gone), a resolution answered (re-armed),
 * a configured mapping over a learnt one (never expires). */
START_TEST(test_next_expiry_follows_changes)
{
	struct nhrp_registration a = reg(11, 11, 300, true);
	struct nhrp_registration b = reg(12, 12, 600, true);
	struct nhrp_addr c = tun(13), c_nbma = nbma(13);

	nhrp_cache_register(&cache, &a);
	nhrp_cache_register(&cache, &b);
	ck_assert_int_eq(nhrp_cache_resolve_start(&cache, TUN0, &c, 10), 0);
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 1010);
	ck_assert_int_eq(nhrp_cache_resolved(&cache, TUN0, &c, 32, &c_nbma, 1400, 900), 0);
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 1300);
	fake_now = 1100;
	nhrp_cache_register(&cache, &a); /* refresh: 1400 now */
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 1400);
	fake_now = 1300;
	ck_assert_uint_eq(nhrp_cache_expire(&cache), 0);
	a.holdtime = 0; /* withdrawn */
	nhrp_cache_register(&cache, &a);
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 1600);
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &c, &c_nbma), 0);
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 1600);
	ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, TUN0, &b.nbma), 1);
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 0);
	fake_now = 100000;
	ck_assert_uint_eq(nhrp_cache_expire(&cache), 0);
	ck_assert_uint_eq(nhrp_cache_count(&cache), 1);
}
END_TEST

static void
count_deleted(void *ctx, const struct nhrp_cache_entry *e, enum nhrp_cache_event ev)
{
	(void)e;
	if (ev == NHRP_CACHE_DELETED)
		(*(unsigned *)ctx)++;
}

/* A few entries due expire one by one, many at once in a sweep: the same
 * entries go either way, each notified once, and the rest stay armed. */
START_TEST(test_expire_few_and_many)
{
	unsigned deleted = 0;

	nhrp_cache_set_notify(&cache, count_deleted, &deleted);
	for (uint8_t i = 0; i < 10; i++) {
		struct nhrp_registration r = reg((uint8_t)(20 + i), (uint8_t)(20 + i),
						 (uint16_t)(100 + i), true);

		ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	}
	for (uint8_t i = 0; i < 40; i++) {
		struct nhrp_registration r = reg((uint8_t)(100 + i), (uint8_t)(100 + i), 500, true);

		ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	}
	fake_now = 1105; /* holdtimes 100..105: six */
	ck_assert_uint_eq(nhrp_cache_expire(&cache), 6);
	ck_assert_uint_eq(deleted, 6);
	ck_assert_uint_eq(nhrp_cache_count(&cache), 44);
	ck_assert_ptr_null(get(25));
	ck_assert_ptr_nonnull(get(26));
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 1106);
	fake_now = 1500; /* the other 44 at once */
	ck_assert_uint_eq(nhrp_cache_expire(&cache), 44);
	ck_assert_uint_eq(deleted, 50);
	ck_assert_uint_eq(nhrp_cache_count(&cache), 0);
	ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), 0);
	ck_assert_uint_eq(nhrp_deadlines_count(&cache.expiries), 0);
}
END_TEST

struct scan {
	uint64_t min;
	size_t expiring;
};

static void
scan_entry(void *ctx, const struct nhrp_cache_entry *e)
{
	struct scan *s = ctx;

	if (!e->expires)
		return;
	s->expiring++;
	if (!s->min || e->expires < s->min)
		s->min = e->expires;
}

/* Random registrations, refreshes, withdrawals, resolutions, purges and
 * clock steps: after each expiry the heap's answer is the scan's, and it
 * holds exactly the entries that expire. */
START_TEST(test_expiry_heap_against_scan)
{
	srand(42);
	nhrp_cache_set_notify(&cache, NULL, NULL);
	for (unsigned step = 0; step < 5000; step++) {
		uint8_t a = (uint8_t)(1 + rand() % 200);
		struct nhrp_addr p = tun(a), n = nbma(a);
		struct nhrp_registration r = reg(a, a, (uint16_t)(rand() % 4 ? rand() % 300 : 0),
						 rand() % 2);
		struct scan s = { 0 };
		size_t before, live, gone;

		switch (rand() % 6) {
		case 0:
		case 1:
			nhrp_cache_register(&cache, &r);
			break;
		case 2:
			nhrp_cache_resolve_start(&cache, TUN0, &p, (uint16_t)(1 + rand() % 20));
			break;
		case 3:
			nhrp_cache_resolved(&cache, TUN0, &p, 32, &n, 0, (uint16_t)(1 + rand() % 300));
			break;
		case 4:
			if (rand() % 8 == 0)
				nhrp_cache_purge(&cache, TUN0, &p, (uint8_t)(24 + rand() % 9));
			else
				nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &p, &n);
			break;
		default:
			fake_now += (uint64_t)(rand() % 40);
			break;
		}
		before = cache.n;
		live = nhrp_cache_count(&cache);
		gone = nhrp_cache_expire(&cache);
		ck_assert_uint_eq(gone, before - live);
		ck_assert_uint_eq(cache.n, live);
		nhrp_cache_foreach(&cache, scan_entry, &s);
		ck_assert_uint_eq(nhrp_cache_next_expiry(&cache), s.min);
		ck_assert_uint_eq(nhrp_deadlines_count(&cache.expiries), s.expiring);
	}
}
END_TEST

/* A peer's entries are found by its NBMA: the index follows a binding
 * that moves to another NBMA, a negative answer (no NBMA), configuration
 * (never purged), interfaces, and many entries behind one NBMA. */
START_TEST(test_purge_nbma_follows_changes)
{
	struct nhrp_registration a = reg(11, 1, 300, false);
	struct nhrp_addr b = tun(12), b_nbma = nbma(3), st = tun(13), st_nbma = nbma(4);
	struct nhrp_addr n1 = nbma(1), n2 = nbma(2), n9 = nbma(9), none = { 0 };

	nhrp_cache_register(&cache, &a);
	a.nbma = a.claimed_nbma = nbma(2); /* no-unique: the binding moves */
	nhrp_cache_register(&cache, &a);
	ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, TUN0, &none), 0);
	ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, TUN0, &n1), 0);
	ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, TUN1, &n2), 0);
	ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, TUN0, &n2), 1);
	ck_assert_ptr_null(get(11));

	ck_assert_int_eq(nhrp_cache_resolved(&cache, TUN0, &b, 32, &b_nbma, 0, 100), 0);
	ck_assert_int_eq(nhrp_cache_resolve_failed(&cache, TUN0, &b, 100), 0);
	ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, 0, &b_nbma), 0);
	ck_assert_int_eq(get(12)->type, NHRP_CACHE_NEGATIVE);
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &st, &st_nbma), 0);
	ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, 0, &st_nbma), 0);
	ck_assert_ptr_nonnull(get(13));

	/* Thirty addresses behind one NBMA (a NAT), on two interfaces. */
	n_events = 0;
	for (uint8_t i = 0; i < 30; i++) {
		struct nhrp_registration r = reg((uint8_t)(100 + i), 9, 300, true);

		r.ifindex = i % 3 ? TUN0 : TUN1;
		ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	}
	ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, TUN1, &n9), 10);
	ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, 0, &n9), 20);
	ck_assert_uint_eq(nhrp_cache_count(&cache), 2);
}
END_TEST

struct nbma_scan {
	struct nhrp_addr nbma;
	size_t learnt;
};

static void
scan_nbma(void *ctx, const struct nhrp_cache_entry *e)
{
	struct nbma_scan *s = ctx;

	s->learnt += e->type <= NHRP_CACHE_DYNAMIC && nhrp_addr_equal(&e->nbma, &s->nbma);
}

/* Random bindings over a few NBMAs; a purge removes what a scan counts,
 * in address order. */
START_TEST(test_purge_nbma_against_scan)
{
	srand(5);
	for (unsigned step = 0; step < 3000; step++) {
		uint8_t a = (uint8_t)(1 + rand() % 120), nb = (uint8_t)(1 + rand() % 12);
		struct nhrp_addr p = tun(a), n = nbma(nb);
		struct nhrp_registration r = reg(a, nb, (uint16_t)(1 + rand() % 300), rand() % 2);
		struct nbma_scan s = { .nbma = nbma((uint8_t)(1 + rand() % 12)) };
		unsigned first;

		switch (rand() % 4) {
		case 0:
		case 1:
			nhrp_cache_register(&cache, &r);
			break;
		case 2:
			nhrp_cache_resolved(&cache, TUN0, &p, 32, &n, 0, (uint16_t)(1 + rand() % 300));
			break;
		default:
			fake_now += (uint64_t)(rand() % 20);
			nhrp_cache_expire(&cache);
			if (rand() % 4)
				continue;
			nhrp_cache_foreach(&cache, scan_nbma, &s);
			first = n_events = 0;
			ck_assert_uint_eq(nhrp_cache_purge_nbma(&cache, TUN0, &s.nbma), s.learnt);
			ck_assert_uint_le(n_events, 64);
			for (unsigned i = first + 1; i < n_events; i++)
				ck_assert_uint_lt(events[i - 1].proto_last, events[i].proto_last);
			s.learnt = 0;
			nhrp_cache_foreach(&cache, scan_nbma, &s);
			ck_assert_uint_eq(s.learnt, 0);
			break;
		}
		n_events = 0;
	}
}
END_TEST

struct nbma_seen {
	unsigned count;
	uint8_t last[8];
};

static void
see_nbma(void *ctx, const struct nhrp_cache_entry *e)
{
	struct nbma_seen *s = ctx;

	if (s->count < 8)
		s->last[s->count] = e->proto.bytes[3];
	s->count++;
}

/* The entries of one NBMA, live ones only, whatever interface. */
START_TEST(test_foreach_nbma)
{
	struct nhrp_registration a = reg(11, 5, 100, true), b = reg(12, 5, 300, true);
	struct nhrp_registration c = reg(13, 6, 300, true);
	struct nhrp_addr n5 = nbma(5), n7 = nbma(7), none = { 0 };
	struct nbma_seen s = { 0 };

	b.ifindex = TUN1;
	nhrp_cache_register(&cache, &a);
	nhrp_cache_register(&cache, &b);
	nhrp_cache_register(&cache, &c);
	nhrp_cache_foreach_nbma(&cache, &n5, see_nbma, &s);
	ck_assert_uint_eq(s.count, 2);
	ck_assert_uint_eq(s.last[0] + s.last[1], 11 + 12);
	fake_now += 100; /* a's holdtime ran out: not live, not seen */
	s.count = 0;
	nhrp_cache_foreach_nbma(&cache, &n5, see_nbma, &s);
	ck_assert_uint_eq(s.count, 1);
	ck_assert_uint_eq(s.last[0], 12);
	s.count = 0;
	nhrp_cache_foreach_nbma(&cache, &n7, see_nbma, &s);
	nhrp_cache_foreach_nbma(&cache, &none, see_nbma, &s);
	ck_assert_uint_eq(s.count, 0);
}
END_TEST

static Suite *
nhrp_cache_suite(void)
{
	Suite *s = suite_create("nhrp_cache");
	TCase *tc = tcase_create("cache");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_register_creates_dynamic_entry);
	tcase_add_test(tc, test_refresh_extends_holdtime_silently);
	tcase_add_test(tc, test_unique_conflict_code_14);
	tcase_add_test(tc, test_no_unique_allows_replacement);
	tcase_add_test(tc, test_unique_conflict_ends_with_holdtime);
	tcase_add_test(tc, test_withdraw_with_holdtime_zero);
	tcase_add_test(tc, test_expiry_with_fake_clock);
	tcase_add_test(tc, test_static_mapping_authority);
	tcase_add_test(tc, test_resolution_lifecycle);
	tcase_add_test(tc, test_resolution_does_not_override_registration);
	tcase_add_test(tc, test_purge_prefix);
	tcase_add_test(tc, test_purge_nbma_and_flush);
	tcase_add_test(tc, test_capacity_limit);
	tcase_add_test(tc, test_foreach_sorted);
	tcase_add_test(tc, test_nat_and_invalid_input);
	tcase_add_test(tc, test_ipv6_host_prefix);
	tcase_add_test(tc, test_next_expiry_follows_changes);
	tcase_add_test(tc, test_expire_few_and_many);
	tcase_add_test(tc, test_expiry_heap_against_scan);
	tcase_add_test(tc, test_purge_nbma_follows_changes);
	tcase_add_test(tc, test_purge_nbma_against_scan);
	tcase_add_test(tc, test_foreach_nbma);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(nhrp_cache_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
