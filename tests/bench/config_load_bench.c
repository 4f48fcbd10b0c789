/* Times the two halves of `routerd -n -f FILE` on a big configuration:
 * loading it through the command tree (one transaction per line) and
 * printing show running-config. Prints one line per measurement. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "router.h"

static double
clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

/* CPU time too: on a shared machine wall time includes waiting for a core. */
static double
cpu_ms(void)
{
	return clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

int
main(int argc, char **argv)
{
	struct router_options opt = { .dry_run = true };
	struct router *r;
	double t0, t1, t2, c1, c2, best = 1e9;
	size_t len = 0;
	int bad;

	if (argc != 2) {
		fprintf(stderr, "usage: config_load_bench FILE\n");
		return 2;
	}
	t0 = now_ms();
	r = router_new(&opt);
	t1 = now_ms();
	c1 = cpu_ms();
	bad = router_load_file(r, argv[1], stderr);
	c2 = cpu_ms();
	t2 = now_ms();
	if (bad) {
		fprintf(stderr, "%d bad lines\n", bad);
		return 1;
	}
	for (int i = 0; i < 5; i++) {
		double a = now_ms();
		char *text = router_running_config(r, &len);
		double b = now_ms();

		free(text);
		if (b - a < best)
			best = b - a;
	}
	printf("command tree: %.1f ms\n", t1 - t0);
	printf("load: %.1f ms (%.1f ms CPU)\n", t2 - t1, c2 - c1);
	printf("show running-config: %.2f ms (%zu bytes, best of 5)\n", best, len);
	router_free(r);
	return 0;
}
