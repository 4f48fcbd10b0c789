/*
 * Fuzz harness for the NHRP cache rules: the input is a program of cache
 * operations (register, configure, resolve, purge, expire, advance the fake
 * clock) over a small address space so they collide often. After every
 * operation the harness checks invariants:
 *  - entries are strictly sorted by (ifindex, address), no duplicates;
 *  - configured entries never expire, learnt ones always do, and only
 *    entries with a resolved binding carry an NBMA address;
 *  - ADDED minus DELETED notifications equals the number of entries;
 *  - a registration is answered 14 exactly when another NBMA holds a live
 *    unique registration, 4 exactly when the address is configured with
 *    another NBMA, and then changes nothing; one answered 0 with a holdtime
 *    leaves a live dynamic binding to the registering NBMA.
 * Built with -fsanitize=fuzzer (make fuzz-nhrp-cache) libFuzzer drives it;
 * built normally, main() runs pseudo-random programs plus any files named.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_cache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t fake_now;
static long live_by_events;

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static void
count_events(void *ctx, const struct nhrp_cache_entry *e, enum nhrp_cache_event ev)
{
	(void)ctx;
	(void)e;
	if (ev == NHRP_CACHE_ADDED)
		live_by_events++;
	else if (ev == NHRP_CACHE_DELETED)
		live_by_events--;
}

static void
check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_nhrp_cache: invariant violated: %s\n", what);
		abort();
	}
}

static void
check_invariants(const struct nhrp_cache *c)
{
	check(live_by_events == (long)c->n, "notifications match the entry count");
	for (size_t i = 0; i < c->n; i++) {
		const struct nhrp_cache_entry *e = c->v[i];
		bool configured = e->type >= NHRP_CACHE_NHS;

		check(e->type >= NHRP_CACHE_INCOMPLETE && e->type <= NHRP_CACHE_LOCAL, "type");
		check(configured ? e->expires == 0 : e->expires != 0, "expiry by type");
		if (e->type == NHRP_CACHE_INCOMPLETE || e->type == NHRP_CACHE_NEGATIVE)
			check(e->nbma.len == 0, "unresolved entries have no NBMA");
		else if (e->type != NHRP_CACHE_LOCAL)
			check(e->nbma.len == 4, "resolved entries have an NBMA");
		if (i > 0) {
			const struct nhrp_cache_entry *p = c->v[i - 1];

			check(p->ifindex < e->ifindex ||
				      (p->ifindex == e->ifindex &&
				       memcmp(p->proto.bytes, e->proto.bytes, 4) < 0),
			      "sorted, unique keys");
		}
	}
}

/* Input reader: a missing byte reads as zero. */
struct prog {
	const uint8_t *p;
	size_t left;
};

static uint8_t
next(struct prog *pr)
{
	if (!pr->left)
		return 0;
	pr->left--;
	return *pr->p++;
}

static struct nhrp_addr
addr(uint8_t net, uint8_t host)
{
	struct nhrp_addr a;
	const uint8_t b[4] = {net, 16, 0, host};

	nhrp_addr_set(&a, b, 4);
	return a;
}

static void
op_register(struct nhrp_cache *c, uint8_t x, uint8_t y)
{
	struct nhrp_registration r = {
		.ifindex = 1 + (x & 1),
		.proto = addr(172, (uint8_t)(x >> 1 & 7)),
		.prefix_len = 0xff,
		.nbma = addr(198, y & 3),
		.claimed_nbma = addr(198, (uint8_t)(y >> 2 & 3)),
		.holdtime = (uint16_t)(y >> 4) * 20,
		.unique = x & 0x80,
	};
	const struct nhrp_cache_entry *before = nhrp_cache_lookup(c, r.ifindex, &r.proto);
	struct nhrp_cache_entry copy;
	const struct nhrp_cache_entry *after;
	uint8_t code;

	if (before)
		copy = *before;
	code = nhrp_cache_register(c, &r);
	after = nhrp_cache_lookup(c, r.ifindex, &r.proto);
	/* The converse rules: who must be refused. */
	if (before && !nhrp_addr_equal(&copy.nbma, &r.nbma)) {
		if (copy.type == NHRP_CACHE_DYNAMIC && (copy.flags & NHRP_CACHE_F_UNIQUE))
			check(code == NHRP_CODE_ALREADY_REGISTERED,
			      "another NBMA's unique registration is protected");
		if (copy.type >= NHRP_CACHE_NHS)
			check(code == NHRP_CODE_ADMIN_PROHIBITED, "configuration is protected");
	}
	switch (code) {
	case NHRP_CODE_ALREADY_REGISTERED:
		check(before && after && copy.type == NHRP_CACHE_DYNAMIC &&
			      (copy.flags & NHRP_CACHE_F_UNIQUE) &&
			      !nhrp_addr_equal(&copy.nbma, &r.nbma),
		      "code 14 only against another NBMA's unique registration");
		check(memcmp(&copy, after, sizeof(copy)) == 0, "code 14 changes nothing");
		break;
	case NHRP_CODE_ADMIN_PROHIBITED:
		check(before && after && copy.type >= NHRP_CACHE_NHS,
		      "code 4 only against configuration");
		check(memcmp(&copy, after, sizeof(copy)) == 0, "code 4 changes nothing");
		break;
	case NHRP_CODE_SUCCESS:
		if (r.holdtime && !(before && copy.type >= NHRP_CACHE_NHS))
			check(after && after->type == NHRP_CACHE_DYNAMIC &&
				      nhrp_addr_equal(&after->nbma, &r.nbma) &&
				      after->expires == fake_now + r.holdtime,
			      "a successful registration binds");
		break;
	default:
		check(code == NHRP_CODE_INSUFFICIENT_RESOURCES && c->max_entries, "known code");
	}
}

static void
run_program(struct prog *pr)
{
	struct nhrp_cache c;

	fake_now = 1000;
	live_by_events = 0;
	nhrp_cache_init(&c, fake_clock, NULL);
	nhrp_cache_set_notify(&c, count_events, NULL);
	c.max_entries = next(pr) & 0x10 ? 6 : 0;
	while (pr->left) {
		uint8_t op = next(pr), x = next(pr), y = next(pr);
		int ifindex = 1 + (x & 1);
		struct nhrp_addr proto = addr(172, (uint8_t)(x >> 1 & 7));
		struct nhrp_addr nbma = addr(198, y & 3);
		int rc;

		switch (op % 10) {
		case 0:
		case 1:
			op_register(&c, x, y);
			break;
		case 2:
			rc = nhrp_cache_add_config(&c, NHRP_CACHE_NHS + (y >> 6) % 3, ifindex, &proto,
						   &nbma);
			check(rc == 0 || rc == -EEXIST || rc == -ENOSPC, "add_config result");
			break;
		case 3:
			rc = nhrp_cache_remove_config(&c, NHRP_CACHE_NHS + (y >> 6) % 3, ifindex,
						      &proto);
			check(rc == 0 || rc == -ENOENT, "remove_config result");
			break;
		case 4:
			rc = nhrp_cache_resolve_start(&c, ifindex, &proto, (uint16_t)(1 + (y >> 2)));
			check(rc == 0 || rc == -EEXIST || rc == -ENOSPC, "resolve_start result");
			break;
		case 5:
			if (y & 0x80)
				rc = nhrp_cache_resolve_failed(&c, ifindex, &proto, (uint16_t)(1 + (y >> 2)));
			else
				rc = nhrp_cache_resolved(&c, ifindex, &proto, 32, &nbma, 1400,
							 (uint16_t)(1 + (y >> 2)));
			check(rc == 0 || rc == -EEXIST || rc == -ENOSPC, "resolution result");
			if (rc == 0)
				check(nhrp_cache_lookup(&c, ifindex, &proto)->type <= NHRP_CACHE_CACHED,
				      "resolution stores a learnt type");
			break;
		case 6:
			nhrp_cache_purge(&c, ifindex, &proto, (uint8_t)(24 + (y & 15)));
			break;
		case 7:
			nhrp_cache_purge_nbma(&c, y & 4 ? 0 : ifindex, &nbma);
			break;
		case 8:
			fake_now += y;
			nhrp_cache_expire(&c);
			check(nhrp_cache_next_expiry(&c) == 0 || nhrp_cache_next_expiry(&c) > fake_now,
			      "nothing expired is left");
			break;
		case 9:
			if (y == 0xff)
				nhrp_cache_flush(&c, 0);
			else
				fake_now += y;
			break;
		}
		check_invariants(&c);
	}
	nhrp_cache_free(&c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct prog pr = {data, size};

	run_program(&pr);
	return 0;
}

#ifndef NHRP_LIBFUZZER

/* Deterministic pseudo-random programs so `make check` is repeatable. */
int
main(int argc, char **argv)
{
	uint64_t s = 0x9e3779b97f4a7c15ull;
	uint8_t buf[512];
	unsigned runs = 2000;

	for (unsigned i = 0; i < runs; i++) {
		for (size_t j = 0; j < sizeof(buf); j++) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			buf[j] = (uint8_t)s;
		}
		LLVMFuzzerTestOneInput(buf, 16 + s % (sizeof(buf) - 16));
	}
	for (int i = 1; i < argc; i++) {
		static uint8_t file[1 << 16];
		FILE *f = fopen(argv[i], "rb");
		size_t n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		n = fread(file, 1, sizeof(file), f);
		fclose(f);
		LLVMFuzzerTestOneInput(file, n);
	}
	printf("fuzz_nhrp_cache: %u programs, no invariant violated\n", runs);
	return 0;
}

#endif
