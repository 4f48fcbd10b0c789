/* kernel-gre-probe: drive the real kernel_ops backend from a shell, for
 * the UML lab (GRE and mGRE exist there, not on the host). Every change is
 * read back through the same backend and compared; a mismatch is an error
 * (exit 1) naming the field.
 *
 *   kernel-gre-probe gre NAME local A [remote B] [key K] [ttl T] [dev IF]
 *   kernel-gre-probe set-gre NAME local A [remote B] [key K] [ttl T] [dev IF]
 *   kernel-gre-probe addr NAME A.B.C.D/LEN
 *   kernel-gre-probe up NAME
 *   kernel-gre-probe neigh NAME TUNNEL-IP NBMA-IP    (REACHABLE, 4-byte lladdr)
 *   kernel-gre-probe prepare NAME                    (NHRP: app probes, ARP on)
 *   kernel-gre-probe route DST/LEN via GW dev NAME   (protocol LIOS_RTPROT_NHRP)
 *   kernel-gre-probe show NAME
 *   kernel-gre-probe watch-miss NAME IP              (send to IP, expect an app probe)
 */
#include "config.h"

#include "kernel_ops.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "lios.h"

static struct kernel *k;

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("kernel-gre-probe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
check(int rc, const char *what)
{
	if (rc < 0)
		die("%s: %s", what, kernel_error(k));
}

static struct in_addr
ip(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		die("not an IPv4 address: %s", s);
	return a;
}

static int
ifindex(const char *name)
{
	struct kernel_link l;

	check(kernel_link_get(k, name, &l), name);
	return l.ifindex;
}

static unsigned long
number(const char *s, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || end == s || v > max)
		die("bad number %s (0..%lu)", s, max);
	return v;
}

static struct kernel_gre
parse_gre(int argc, char **argv)
{
	struct kernel_gre g = { 0 };

	for (int i = 0; i < argc; i += 2) {
		if (i + 1 >= argc)
			die("%s wants a value", argv[i]);
		if (!strcmp(argv[i], "local"))
			g.local = ip(argv[i + 1]);
		else if (!strcmp(argv[i], "remote"))
			g.remote = ip(argv[i + 1]);
		else if (!strcmp(argv[i], "key")) {
			g.has_key = true;
			g.ikey = g.okey = (uint32_t)number(argv[i + 1], 0xffffffffUL);
		} else if (!strcmp(argv[i], "ttl"))
			g.ttl = (uint8_t)number(argv[i + 1], 255);
		else if (!strcmp(argv[i], "dev"))
			g.link = ifindex(argv[i + 1]);
		else
			die("unknown GRE parameter %s", argv[i]);
	}
	return g;
}

static void
print_link(const struct kernel_link *l)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

	printf("%s ifindex %d kind %s mtu %u%s%s%s%s", l->name, l->ifindex, kernel_link_kind_name(l->kind), l->mtu,
	       l->up ? " up" : " down", l->lower_up ? " lower_up" : "", (l->flags & IFF_NOARP) ? " noarp" : "",
	       (l->flags & IFF_POINTOPOINT) ? " pointopoint" : "");
	if (l->kind == KERNEL_LINK_GRE) {
		printf(" local %s remote %s ttl %u link %d", inet_ntop(AF_INET, &l->gre.local, a, sizeof(a)),
		       inet_ntop(AF_INET, &l->gre.remote, b, sizeof(b)), l->gre.ttl, l->gre.link);
		if (l->gre.has_key)
			printf(" ikey %u okey %u", l->gre.ikey, l->gre.okey);
	}
	printf(" rx %llu tx %llu\n", (unsigned long long)l->stats.rx_packets,
	       (unsigned long long)l->stats.tx_packets);
}

/* The link as the kernel now reports it must carry exactly these GRE
 * parameters. */
static void
compare_gre(const char *name, const struct kernel_gre *want)
{
	struct kernel_link l;

	check(kernel_link_get(k, name, &l), name);
	print_link(&l);
	if (l.kind != KERNEL_LINK_GRE)
		die("%s: kind %s, not gre", name, l.kind_name);
	if (l.gre.local.s_addr != want->local.s_addr)
		die("%s: local differs", name);
	if (l.gre.remote.s_addr != want->remote.s_addr)
		die("%s: remote differs", name);
	if (l.gre.has_key != want->has_key || (want->has_key && (l.gre.ikey != want->ikey || l.gre.okey != want->okey)))
		die("%s: key differs", name);
	if (l.gre.ttl != want->ttl)
		die("%s: ttl %u, want %u", name, l.gre.ttl, want->ttl);
	if (l.gre.link != want->link)
		die("%s: link %d, want %d", name, l.gre.link, want->link);
	if (!!(l.flags & IFF_POINTOPOINT) != !!want->remote.s_addr)
		die("%s: point-to-point flag does not match the remote", name);
}

struct find_addr {
	struct kernel_addr want;
	bool found;
};

static int
find_addr_cb(const struct kernel_addr *a, void *arg)
{
	struct find_addr *f = arg;

	if (a->addr.s_addr == f->want.addr.s_addr && a->prefixlen == f->want.prefixlen)
		f->found = true;
	return 0;
}

struct find_neigh {
	struct kernel_neigh want;
	bool found;
};

static int
find_neigh_cb(const struct kernel_neigh *n, void *arg)
{
	struct find_neigh *f = arg;

	if (n->dst.s_addr != f->want.dst.s_addr)
		return 0;
	if (n->lladdr_len != 4 || memcmp(n->lladdr, f->want.lladdr, 4) != 0)
		die("neighbour: link-layer address differs (length %u)", n->lladdr_len);
	if (n->state != f->want.state)
		die("neighbour: state 0x%x, want 0x%x", n->state, f->want.state);
	f->found = true;
	return 0;
}

struct find_route {
	struct kernel_route want;
	bool found;
};

static int
find_route_cb(const struct kernel_route *r, void *arg)
{
	struct find_route *f = arg;

	if (r->dst.s_addr == f->want.dst.s_addr && r->prefixlen == f->want.prefixlen &&
	    r->gateway.s_addr == f->want.gateway.s_addr && r->oif == f->want.oif)
		f->found = true;
	return 0;
}

static void
parse_prefix(const char *s, struct in_addr *a, uint8_t *len)
{
	char buf[32];
	char *slash;

	snprintf(buf, sizeof(buf), "%s", s);
	if (!(slash = strchr(buf, '/')))
		die("%s: want A.B.C.D/LEN", s);
	*slash = '\0';
	*a = ip(buf);
	*len = (uint8_t)number(slash + 1, 32);
}

struct miss {
	int ifindex;
	struct in_addr dst;
	bool seen;
};

static void
miss_cb(const struct kernel_event *ev, void *arg)
{
	struct miss *m = arg;

	if (ev->type == KERNEL_EV_NEIGH_MISS && ev->neigh.ifindex == m->ifindex && ev->neigh.dst.s_addr == m->dst.s_addr)
		m->seen = true;
}

static void
watch_miss(const char *name, const char *dst)
{
	struct miss m = { .ifindex = ifindex(name), .dst = ip(dst) };
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9), .sin_addr = m.dst };
	time_t end = time(NULL) + 5;
	int fd, s;

	fd = kernel_monitor_open(k, KERNEL_MON_NEIGH, miss_cb, &m);
	check(fd, "monitor");
	/* traffic to an unresolved tunnel address makes the kernel ask */
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		die("socket: %s", strerror(errno));
	sendto(s, "x", 1, 0, (struct sockaddr *)&to, sizeof(to));
	while (!m.seen && time(NULL) < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 200) > 0)
			check(kernel_monitor_process(k), "monitor");
	}
	close(s);
	if (!m.seen)
		die("no app probe (RTM_GETNEIGH) for %s on %s within 5 s", dst, name);
	printf("app probe for %s on %s\n", dst, name);
}

int
main(int argc, char **argv)
{
	char err[KERNEL_ERRLEN];
	const char *cmd = argc > 1 ? argv[1] : "";

	if (argc < 3)
		die("usage: see the head of tests/netns/kernel-gre-probe.c");
	if (!(k = kernel_nl_open(err)))
		die("%s", err);
	if (!strcmp(cmd, "gre")) {
		struct kernel_link_spec spec = { .kind = KERNEL_LINK_GRE };

		snprintf(spec.name, sizeof(spec.name), "%s", argv[2]);
		spec.gre = parse_gre(argc - 3, argv + 3);
		check(kernel_link_add(k, &spec, NULL), "create GRE");
		compare_gre(argv[2], &spec.gre);
	} else if (!strcmp(cmd, "set-gre")) {
		struct kernel_gre g = parse_gre(argc - 3, argv + 3);

		check(kernel_link_set_gre(k, ifindex(argv[2]), &g), "change GRE");
		compare_gre(argv[2], &g);
	} else if (!strcmp(cmd, "addr") && argc == 4) {
		struct find_addr f = { .want.ifindex = ifindex(argv[2]) };

		parse_prefix(argv[3], &f.want.addr, &f.want.prefixlen);
		check(kernel_addr_add(k, &f.want), "add address");
		check(kernel_addr_dump(k, f.want.ifindex, find_addr_cb, &f), "dump addresses");
		if (!f.found)
			die("address %s not in the dump", argv[3]);
	} else if (!strcmp(cmd, "up")) {
		struct kernel_link l;

		check(kernel_link_set_up(k, ifindex(argv[2]), true), "set up");
		check(kernel_link_get(k, argv[2], &l), argv[2]);
		if (!l.up)
			die("%s: still down", argv[2]);
	} else if (!strcmp(cmd, "neigh") && argc == 5) {
		struct find_neigh f = { .want = { .ifindex = ifindex(argv[2]), .dst = ip(argv[3]), .lladdr_len = 4,
						  .state = NUD_REACHABLE } };
		struct in_addr nbma = ip(argv[4]);

		memcpy(f.want.lladdr, &nbma, 4);
		check(kernel_neigh_add(k, &f.want), "add neighbour");
		check(kernel_neigh_dump(k, f.want.ifindex, find_neigh_cb, &f), "dump neighbours");
		if (!f.found)
			die("neighbour %s not in the dump", argv[3]);
	} else if (!strcmp(cmd, "prepare")) {
		struct kernel_link l;

		check(kernel_nhrp_prepare_link(k, ifindex(argv[2])), "prepare for NHRP");
		check(kernel_link_get(k, argv[2], &l), argv[2]);
		if (l.flags & IFF_NOARP)
			die("%s: NOARP still set", argv[2]);
	} else if (!strcmp(cmd, "route") && argc == 7 && !strcmp(argv[3], "via") && !strcmp(argv[5], "dev")) {
		struct find_route f = { .want = { .gateway = ip(argv[4]), .oif = ifindex(argv[6]),
						  .protocol = LIOS_RTPROT_NHRP } };

		parse_prefix(argv[2], &f.want.dst, &f.want.prefixlen);
		check(kernel_route_add(k, &f.want), "add route");
		check(kernel_route_dump(k, 0, LIOS_RTPROT_NHRP, find_route_cb, &f), "dump routes");
		if (!f.found)
			die("route %s not in the dump", argv[3]);
	} else if (!strcmp(cmd, "show")) {
		struct kernel_link l;

		check(kernel_link_get(k, argv[2], &l), argv[2]);
		print_link(&l);
	} else if (!strcmp(cmd, "watch-miss") && argc == 4) {
		watch_miss(argv[2], argv[3]);
	} else {
		die("unknown command or wrong arguments: %s", cmd);
	}
	kernel_close(k);
	return 0;
}
