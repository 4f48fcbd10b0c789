/* A hub's engine under a registration storm, without a kernel: N spokes'
 * Registration Requests (built by libnhrp, as nhrp_regen sends them) go
 * through nhrp_engine_receive, with a timer tick after each, as the daemon
 * does on every wake-up at worst. Prints the time per registration, which
 * must not grow with N. Not a test: `make tests/unit/bench_nhrp_engine`
 * and run it with a spoke count (default 10000). Exits 1 unless every
 * spoke got a reply and a binding. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "nhrp_build.h"
#include "nhrp_conf.h"
#include "nhrp_engine.h"

#define IFINDEX 7

static uint64_t fake_now = 1000;
static unsigned replies, bindings;

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static int
op_send(void *ctx, int ifindex, struct in_addr nbma, const uint8_t *buf, size_t len)
{
	(void)ctx, (void)ifindex, (void)nbma;
	if (len > 17 && buf[17] == NHRP_REGISTRATION_REPLY)
		replies++;
	return 0;
}

static void
op_bind(void *ctx, const struct nhrp_cache_entry *e, enum nhrp_cache_event ev)
{
	(void)ctx, (void)e;
	if (ev == NHRP_CACHE_ADDED)
		bindings++;
}

static int
op_route_lookup(void *ctx, struct in_addr dst, struct nhrp_route_info *out)
{
	(void)ctx, (void)dst, (void)out;
	return -1;
}

static int
op_link_info(void *ctx, const char *name, int *ifindex, struct in_addr *nbma,
	     struct in_addr *address, uint8_t *prefixlen)
{
	(void)ctx, (void)name;
	*ifindex = IFINDEX;
	inet_pton(AF_INET, "192.0.2.1", nbma);
	inet_pton(AF_INET, "10.0.0.1", address);
	*prefixlen = 16;
	return 0;
}

static const struct nhrp_engine_ops ops = {
	.send = op_send,
	.bind = op_bind,
	.route_lookup = op_route_lookup,
	.link_info = op_link_info,
};

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
addr4(struct nhrp_addr *a, uint32_t host_order)
{
	uint32_t n = htonl(host_order);

	nhrp_addr_set(a, &n, 4);
}

int
main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 10000;
	static struct nhrp_engine eng;
	static struct nhrp_conf conf;
	struct nhrp_addr hub_proto, hub_nbma;
	char err[256];
	double t0, t1;

	nhrp_engine_init(&eng, &ops, NULL, fake_clock, NULL);
	if (nhrp_conf_parse("interface Tunnel0\n network-id 1\n holdtime 3600\n", &conf, err,
			    sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	nhrp_engine_configure(&eng, &conf);
	addr4(&hub_proto, 0x0a000001);
	addr4(&hub_nbma, 0xc0000201);
	t0 = seconds();
	for (unsigned i = 0; i < n; i++) {
		struct nhrp_local me = { .holdtime = 3600 };
		struct nhrp_packet p;
		struct in_addr from = { htonl(0xac100001u + i) };
		uint8_t buf[1500];
		ssize_t len;

		addr4(&me.nbma, 0xac100001u + i);
		addr4(&me.proto, 0x0a000101u + i);
		if (nhrp_build_registration_request(&p, &me, &hub_proto, &hub_nbma, i + 1, true) ||
		    (len = nhrp_packet_encode(&p, buf, sizeof(buf))) < 0)
			return 1;
		nhrp_engine_receive(&eng, IFINDEX, from, buf, (size_t)len);
		nhrp_engine_tick(&eng);
	}
	t1 = seconds();
	printf("%u spokes: %.3f s, %.2f us a registration (replies %u, bindings %u)\n", n,
	       t1 - t0, (t1 - t0) * 1e6 / n, replies, bindings);
	nhrp_engine_fini(&eng);
	return replies == n && bindings == n ? 0 : 1;
}
