/* Hub-side cache throughput: N spokes register, then all refresh, then the
 * whole cache expires. Not a test; `make tests/unit/bench_nhrp_cache` and run
 * it with an optional spoke count (default 100000). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "nhrp_cache.h"

static uint64_t fake_now = 1000;

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
registration(struct nhrp_registration *r, unsigned i)
{
	*r = (struct nhrp_registration){
		.ifindex = 1,
		.proto = {4, {10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i}},
		.prefix_len = 0xff,
		.nbma = {4, {100, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i}},
		.holdtime = 600,
		.unique = true,
	};
}

int
main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 100000;
	struct nhrp_registration r;
	struct nhrp_cache c;
	double t0, t1, t2, t3;
	size_t expired;

	/* Register in a scrambled order, as spokes come up. */
	nhrp_cache_init(&c, fake_clock, NULL);
	t0 = seconds();
	for (unsigned i = 0; i < n; i++) {
		registration(&r, (i * 2654435761u) % n);
		if (nhrp_cache_register(&c, &r) != NHRP_CODE_SUCCESS)
			return 1;
	}
	t1 = seconds();
	fake_now += 200;
	for (unsigned i = 0; i < n; i++) {
		registration(&r, i);
		if (nhrp_cache_register(&c, &r) != NHRP_CODE_SUCCESS)
			return 1;
	}
	t2 = seconds();
	fake_now += 601;
	expired = nhrp_cache_expire(&c);
	t3 = seconds();
	printf("%u spokes: register %.0f/s, refresh %.0f/s, expire all %.3f s (%zu)\n", n,
	       n / (t1 - t0), n / (t2 - t1), t3 - t2, expired);
	nhrp_cache_free(&c);
	return expired == n ? 0 : 1;
}
