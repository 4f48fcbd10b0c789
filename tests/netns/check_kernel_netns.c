/* check_kernel_netns: the netlink backend against the real kernel. Every
 * test runs in its own forked process inside a fresh network namespace
 * (unshare(CLONE_NEWNET)), so nothing reaches the host's network and
 * nothing needs cleaning up. Needs root; exits 77 (automake: skipped)
 * without it. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/neighbour.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <unistd.h>

#include "kernel_contract.h"
#include "lios.h"

#define K kc_kernel
#define OK(call) ck_assert_msg((call) == 0, "%s: %s", #call, kernel_error(K))

/* A kernel module built in or loaded shows under /sys/module (ip_gre and
 * dummy have parameters, so they do even when built in). */
static bool
kernel_has(const char *module)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/module/%s", module);
	return access(path, F_OK) == 0;
}

static void
setup(void)
{
	char err[KERNEL_ERRLEN];

	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET): %s", strerror(errno));
	kc_kernel = kernel_nl_open(err);
	ck_assert_msg(kc_kernel != NULL, "kernel_nl_open: %s", err);
	kc_has_gre = kernel_has("ip_gre");
	kc_has_vti = kernel_has("ip_vti");
	kc_has_dummy = kernel_has("dummy");
#ifdef HAVE_NFTNL
	/* set where the kernel is known to lack nftables' inet family
	 * (Debian's UML kernel); the clamp must then refuse cleanly */
	kc_has_mss = !getenv("LIOS_TEST_NO_NFT_INET");
#else
	kc_has_mss = false;
#endif
}

static void
teardown(void)
{
	kernel_close(kc_kernel);
	kc_kernel = NULL;
}

/* The kernel's own reason ("extended ack") reaches the message. */
START_TEST(extack_in_message)
{
	struct kernel_route r = { .prefixlen = 16, .protocol = LIOS_RTPROT_STATIC };
	int ia;

	OK(kc_veth(K, "v0", "v1", &ia, NULL));
	r.dst = kc_ip("10.2.0.0");
	r.oif = ia; /* down */
	ck_assert_int_eq(kernel_route_add(K, &r), -ENETDOWN);
	ck_assert_msg(strncmp(kernel_error(K), "add route 10.2.0.0/16: ", 23) == 0, "%s", kernel_error(K));
	ck_assert_msg(strstr(kernel_error(K), "not up"), "kernel reason missing: %s", kernel_error(K));
}
END_TEST

/* What the host is documented to lack is refused, with the clear message,
 * leaving nothing behind (also checked by the contract case; this one
 * fails loudly if the host ever gains GRE, so the test is revisited). */
START_TEST(host_lacks_gre)
{
	struct kernel_link_spec spec = { .kind = KERNEL_LINK_GRE };
	struct kernel_link l;

	if (kc_has_gre) {
		fprintf(stderr, "note: this kernel has ip_gre; GRE refusal not exercised here\n");
		return;
	}
	snprintf(spec.name, sizeof(spec.name), "Tunnel0");
	spec.gre.local = kc_ip("192.0.2.1");
	spec.gre.remote = kc_ip("192.0.2.2");
	ck_assert_int_eq(kernel_link_add(K, &spec, NULL), -EOPNOTSUPP);
	ck_assert_str_eq(kernel_error(K), "kernel lacks GRE support (CONFIG_NET_IPGRE / ip_gre module)");
	ck_assert_int_eq(kernel_link_get(K, "Tunnel0", &l), -ENODEV);
	/* the mGRE form too */
	spec.gre.remote.s_addr = 0;
	spec.gre.has_key = true;
	ck_assert_int_eq(kernel_link_add(K, &spec, NULL), -EOPNOTSUPP);
	ck_assert_str_eq(kernel_error(K), KERNEL_MSG_NO_GRE);
	ck_assert_int_eq(kernel_link_get(K, "Tunnel0", &l), -ENODEV);
}
END_TEST

/* Traffic counters come back from the kernel. */
START_TEST(link_stats)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct kernel_link l;
	int lo, fd;

	to.sin_addr = kc_ip("127.0.0.1");

	OK(kernel_link_get(K, "lo", &l));
	lo = l.ifindex;
	ck_assert_int_eq(l.kind, KERNEL_LINK_LOOPBACK);
	OK(kernel_link_set_up(K, lo, true));
	/* a datagram to 127.0.0.1 over lo counts one packet each way */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to)), 1);
	close(fd);
	OK(kernel_link_get_index(K, lo, &l));
	ck_assert_uint_ge(l.stats.tx_packets, 1);
	ck_assert_uint_ge(l.stats.rx_packets, 1);
	ck_assert_uint_ge(l.stats.tx_bytes, 28);
}
END_TEST

/* nft(8) reads our table back as the rule we mean (an independent parser
 * of what the kernel holds). */
START_TEST(mss_clamp_as_nft_sees_it)
{
	char out[4096] = "";
	size_t len = 0;
	FILE *p;

	if (!kc_has_mss || access("/usr/sbin/nft", X_OK) != 0) {
		fprintf(stderr, "note: no MSS clamp here (libnftnl or kernel nftables inet missing) or no nft(8); cross-check skipped\n");
		return;
	}
	OK(kernel_mss_clamp_set(K, "Tunnel0", 1360));
	ck_assert_ptr_nonnull((p = popen("/usr/sbin/nft list table inet lios 2>&1", "r")));
	while (len < sizeof(out) - 1 && fgets(out + len, (int)(sizeof(out) - len), p))
		len = strlen(out);
	ck_assert_int_eq(pclose(p), 0);
	fprintf(stderr, "nft list table inet lios:\n%s", out);
	ck_assert_msg(strstr(out, "hook forward priority mangle"), "%s", out);
	ck_assert_msg(strstr(out, "oifname \"Tunnel0\""), "%s", out);
	ck_assert_msg(strstr(out, "iifname \"Tunnel0\""), "%s", out);
	ck_assert_msg(strstr(out, "tcp option maxseg size > 1360 tcp option maxseg size set 1360"), "%s", out);
	/* the last clamp removed takes the table away */
	OK(kernel_mss_clamp_set(K, "Tunnel0", 0));
	ck_assert_int_ne(system("/usr/sbin/nft list table inet lios >/dev/null 2>&1"), 0);
}
END_TEST

static void
count_link_new(const struct kernel_event *ev, void *arg)
{
	if (ev->type == KERNEL_EV_LINK_NEW && ev->link.name[0] == 'v')
		(*(int *)arg)++;
}

/* One call delivers everything pending, not one datagram. */
START_TEST(monitor_drains_all)
{
	struct pollfd p;
	int fd, seen = 0;

	fd = kernel_monitor_open(K, KERNEL_MON_LINK, count_link_new, &seen);
	ck_assert_int_ge(fd, 0);
	OK(kc_veth(K, "va0", "va1", NULL, NULL));
	OK(kc_veth(K, "vb0", "vb1", NULL, NULL));
	OK(kc_veth(K, "vc0", "vc1", NULL, NULL));
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	ck_assert_int_eq(poll(&p, 1, 1000), 1);
	OK(kernel_monitor_process(K));
	ck_assert_int_ge(seen, 6);
	/* and nothing is left behind */
	ck_assert_int_eq(poll(&p, 1, 0), 0);
	kernel_monitor_close(K);
}
END_TEST

/* Lost events are reported as -ENOBUFS, so the caller dumps again. */
START_TEST(monitor_overrun)
{
	int fd, seen = 0, small = 1, rc = 0;
	char a[IFNAMSIZ], b[IFNAMSIZ];

	fd = kernel_monitor_open(K, KERNEL_MON_LINK, count_link_new, &seen);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small)), 0);
	for (int i = 0; i < 16; i++) {
		snprintf(a, sizeof(a), "vo%d", i);
		snprintf(b, sizeof(b), "vp%d", i);
		OK(kc_veth(K, a, b, NULL, NULL));
	}
	rc = kernel_monitor_process(K);
	ck_assert_int_eq(rc, -ENOBUFS);
	ck_assert_str_eq(kernel_error(K), "monitor: events were lost, resynchronise");
	/* the socket goes on working after the overrun */
	OK(kernel_monitor_process(K));
	kernel_monitor_close(K);
}
END_TEST

/* Addresses get the subnet broadcast (a broadcast route in table local). */
static int
find_broadcast(const struct kernel_route *r, void *arg)
{
	return r->dst.s_addr == kc_ip("192.0.2.255").s_addr && r->prefixlen == 32 && r->type == KERNEL_ROUTE_OTHER;
}

START_TEST(addr_broadcast)
{
	struct kernel_addr a = { .prefixlen = 24 };
	int ia, ib;

	OK(kc_veth(K, "v0", "v1", &ia, &ib));
	OK(kernel_link_set_up(K, ia, true));
	a.ifindex = ia;
	a.addr = kc_ip("192.0.2.1");
	OK(kernel_addr_add(K, &a));
	ck_assert_int_eq(kernel_route_dump(K, 255 /* local */, 0, find_broadcast, NULL), 1);
	OK(kernel_addr_del(K, &a));
	ck_assert_int_eq(kernel_route_dump(K, 255, 0, find_broadcast, NULL), 0);
}
END_TEST

struct miss {
	int ifindex;
	struct in_addr dst;
	int seen, neigh_new;
};

static void
on_neigh(const struct kernel_event *ev, void *arg)
{
	struct miss *m = arg;

	if (ev->neigh.ifindex != m->ifindex || ev->neigh.dst.s_addr != m->dst.s_addr)
		return;
	if (ev->type == KERNEL_EV_NEIGH_MISS)
		m->seen++;
	if (ev->type == KERNEL_EV_NEIGH_NEW)
		m->neigh_new++;
}

static bool
miss_seen(void *arg)
{
	return ((struct miss *)arg)->seen > 0;
}

static bool
neigh_new_seen(void *arg)
{
	return ((struct miss *)arg)->neigh_new > 0;
}

static void
send_udp(struct in_addr dst)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9), .sin_addr = dst };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	ck_assert_int_ge(fd, 0);
	sendto(fd, "x", 1, 0, (struct sockaddr *)&to, sizeof(to));
	close(fd);
}

/* A prepared link asks userspace (RTM_GETNEIGH) for an unknown neighbour:
 * the on-demand resolution trigger for NHRP; and neighbour adds are
 * notified. Shown on a veth, which the host has. */
START_TEST(neigh_app_probe_and_events)
{
	struct kernel_neigh n = { .lladdr_len = 6, .state = NUD_REACHABLE, .lladdr = { 2, 0, 0, 0, 0, 7 } };
	struct kernel_addr a = { .prefixlen = 24 };
	struct miss m = { 0 };
	int ia, ib, fd;

	OK(kc_veth(K, "v0", "v1", &ia, &ib));
	OK(kernel_link_set_up(K, ia, true));
	OK(kernel_link_set_up(K, ib, true));
	a.ifindex = ia;
	a.addr = kc_ip("192.0.2.1");
	OK(kernel_addr_add(K, &a));
	OK(kernel_nhrp_prepare_link(K, ia));
	m.ifindex = ia;
	m.dst = kc_ip("192.0.2.50");
	fd = kernel_monitor_open(K, KERNEL_MON_NEIGH, on_neigh, &m);
	ck_assert_int_ge(fd, 0);
	send_udp(m.dst);
	ck_assert_msg(kc_wait(K, fd, miss_seen, &m), "no KERNEL_EV_NEIGH_MISS");
	/* answering it the NHRP way */
	n.ifindex = ia;
	n.dst = m.dst;
	OK(kernel_neigh_replace(K, &n));
	ck_assert_msg(kc_wait(K, fd, neigh_new_seen, &m), "no KERNEL_EV_NEIGH_NEW");
	kernel_monitor_close(K);
}
END_TEST

/* mGRE as dmvpnd uses it, where the kernel has GRE (the UML lab): the
 * binding and route cases are in the contract; the kernel asking for an
 * unknown tunnel address is only real. */

START_TEST(mgre_app_probe)
{
	struct kernel_link_spec mgre = { .kind = KERNEL_LINK_GRE };
	struct kernel_addr a = { .prefixlen = 24 };
	struct miss m = { 0 };
	int idx, fd;

	if (!kc_has_gre) {
		fprintf(stderr, "note: no GRE in this kernel; run in the UML lab (kernel-gre)\n");
		return;
	}
	snprintf(mgre.name, sizeof(mgre.name), "gre1");
	mgre.gre = (struct kernel_gre){ .local = kc_ip("192.0.2.1"), .has_key = true, .ikey = 42, .okey = 42,
					.ttl = 64 };
	OK(kernel_link_add(K, &mgre, &idx));
	a.ifindex = idx;
	a.addr = kc_ip("10.0.0.1");
	OK(kernel_addr_add(K, &a));
	OK(kernel_link_set_up(K, idx, true));
	OK(kernel_nhrp_prepare_link(K, idx));
	m.ifindex = idx;
	m.dst = kc_ip("10.0.0.9");
	fd = kernel_monitor_open(K, KERNEL_MON_NEIGH, on_neigh, &m);
	ck_assert_int_ge(fd, 0);
	send_udp(m.dst);
	ck_assert_msg(kc_wait(K, fd, miss_seen, &m), "no app probe on the mGRE device");
	kernel_monitor_close(K);
}
END_TEST

/* The clamp at work: a client and a server, each in its own namespace,
 * talk TCP through this namespace as a router. The MSS the server sees
 * for the client follows the clamp on the server-facing interface. */

struct side {
	int ready[2], go[2], done[2];
	pid_t pid;
};

static void
side_wait(int fd)
{
	char c;

	if (read(fd, &c, 1) != 1)
		_exit(3);
}

static void
side_say(int fd, const void *buf, size_t len)
{
	if (write(fd, buf, len) != (ssize_t)len)
		_exit(3);
}

/* In a child, after the router moved "ifname" into our namespace. */
static void
side_configure(const char *ifname, const char *addr, const char *gw)
{
	struct kernel_addr a = { .prefixlen = 24 };
	struct kernel_route r = { .prefixlen = 0, .protocol = LIOS_RTPROT_STATIC };
	struct kernel_link l, lo;
	char err[KERNEL_ERRLEN];
	struct kernel *k = kernel_nl_open(err);

	if (!k || kernel_link_get(k, ifname, &l) < 0 || kernel_link_get(k, "lo", &lo) < 0 ||
	    kernel_link_set_up(k, lo.ifindex, true) < 0 || kernel_link_set_up(k, l.ifindex, true) < 0)
		_exit(4);
	a.ifindex = l.ifindex;
	a.addr = kc_ip(addr);
	r.gateway = kc_ip(gw);
	if (kernel_addr_add(k, &a) < 0 || kernel_route_add(k, &r) < 0)
		_exit(5);
	kernel_close(k);
}

static void
server(struct side *sd)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(5001) };
	int ls, c, one = 1;

	if (unshare(CLONE_NEWNET) < 0)
		_exit(2);
	side_say(sd->ready[1], "r", 1);
	side_wait(sd->go[0]);
	side_configure("s1", "10.2.0.2", "10.2.0.1");
	ls = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(ls, 4) < 0)
		_exit(6);
	side_say(sd->ready[1], "l", 1);
	for (int i = 0; i < 2; i++) {
		int mss = 0;
		socklen_t len = sizeof(mss);

		if ((c = accept(ls, NULL, NULL)) < 0 || getsockopt(c, IPPROTO_TCP, TCP_MAXSEG, &mss, &len) < 0)
			_exit(7);
		side_say(sd->done[1], &mss, sizeof(mss));
		close(c);
	}
	_exit(0);
}

static void
client(struct side *sd)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(5001) };

	if (unshare(CLONE_NEWNET) < 0)
		_exit(2);
	side_say(sd->ready[1], "r", 1);
	side_wait(sd->go[0]);
	side_configure("c1", "10.1.0.2", "10.1.0.1");
	side_say(sd->ready[1], "c", 1);
	sa.sin_addr = kc_ip("10.2.0.2");
	for (int i = 0; i < 2; i++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);

		side_wait(sd->go[0]); /* the router says when */
		if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			_exit(6);
		side_wait(sd->go[0]);
		close(s);
	}
	_exit(0);
}

static void
side_start(struct side *sd, void (*fn)(struct side *))
{
	ck_assert_int_eq(pipe(sd->ready), 0);
	ck_assert_int_eq(pipe(sd->go), 0);
	ck_assert_int_eq(pipe(sd->done), 0);
	sd->pid = fork();
	ck_assert_int_ge(sd->pid, 0);
	if (sd->pid == 0) {
		alarm(15);
		fn(sd);
	}
}

static void
side_expect(struct side *sd, char what)
{
	char c = 0;

	ck_assert_msg(read(sd->ready[0], &c, 1) == 1 && c == what, "child did not get to '%c'", what);
}

static void
move_link(const char *ifname, pid_t pid)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "ip link set %s netns %d", ifname, (int)pid);
	ck_assert_msg(system(cmd) == 0, "%s failed", cmd);
}

static int
server_mss(struct side *srv, struct side *cli)
{
	int mss = 0;

	side_say(cli->go[1], "g", 1); /* connect */
	ck_assert_int_eq(read(srv->done[0], &mss, sizeof(mss)), sizeof(mss));
	side_say(cli->go[1], "g", 1); /* close */
	return mss;
}

START_TEST(mss_clamp_clamps_forwarded_syn)
{
	struct kernel_addr a = { .prefixlen = 24 };
	struct side srv, cli;
	int c0, s0, status, before, after;

	if (!kc_has_mss || access("/usr/sbin/ip", X_OK) != 0) {
		fprintf(stderr, "note: no MSS clamp or no ip(8); forwarding test skipped\n");
		return;
	}
	OK(kc_veth(K, "c0", "c1", &c0, NULL));
	OK(kc_veth(K, "s0", "s1", &s0, NULL));
	OK(kernel_link_set_up(K, c0, true));
	OK(kernel_link_set_up(K, s0, true));
	a.ifindex = c0;
	a.addr = kc_ip("10.1.0.1");
	OK(kernel_addr_add(K, &a));
	a.ifindex = s0;
	a.addr = kc_ip("10.2.0.1");
	OK(kernel_addr_add(K, &a));
	OK(kernel_sysctl_set(K, "net/ipv4/ip_forward", "1"));

	side_start(&srv, server);
	side_start(&cli, client);
	side_expect(&srv, 'r');
	side_expect(&cli, 'r');
	move_link("s1", srv.pid);
	move_link("c1", cli.pid);
	side_say(srv.go[1], "g", 1);
	side_say(cli.go[1], "g", 1);
	side_expect(&srv, 'l');
	side_expect(&cli, 'c');

	before = server_mss(&srv, &cli);
	OK(kernel_mss_clamp_set(K, "s0", 1360));
	after = server_mss(&srv, &cli);
	fprintf(stderr, "server's MSS for the client: %d without the clamp, %d with 1360\n", before, after);
	ck_assert_int_gt(before, 1360);
	ck_assert_int_le(after, 1360);
	ck_assert_int_eq(waitpid(srv.pid, &status, 0), srv.pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(waitpid(cli.pid, &status, 0), cli.pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
END_TEST

/* VmHWM or VmRSS of this process, KiB. */
static long
status_kib(const char *field)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, strlen(field)) == 0)
			v = strtol(line + strlen(field) + 1, NULL, 10);
	fclose(f);
	return v;
}

#define MANY_ADDRS 10000
#define FLOOD_ADDRS 3000
#define PRIMARY_PEAK_KIB 8192

/* Adds FLOOD_ADDRS more addresses to IFINDEX through a handle of its own,
 * in a child (same namespace): the flood the lookups run into. */
static pid_t
flood_addresses(int ifindex)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char err[KERNEL_ERRLEN];
		struct kernel *k = kernel_nl_open(err);
		struct kernel_addr a = { .ifindex = ifindex, .prefixlen = 32 };

		if (!k)
			_exit(1);
		for (unsigned i = 0; i < FLOOD_ADDRS; i++) {
			a.addr.s_addr = htonl(0x65000000u + i); /* 101.0.0.0 and up */
			if (kernel_addr_add(k, &a) < 0)
				_exit(1);
		}
		kernel_close(k);
		_exit(0);
	}
	return pid;
}

/* One interface's primary address while another holds thousands and more
 * keep coming: the kernel owner looks it up after every address
 * notification. Its peak memory must not follow the system's address
 * count: a libnl cache of every address took 2 KiB each, and libnl
 * refills it without clearing when the flood interrupts the dump (routerd
 * reached 791 MiB after 20000 addresses). */
START_TEST(addr_primary_among_many)
{
	struct kernel_addr a = { .prefixlen = 32 }, p;
	int many, src, fd, status, lookups = 0;
	long base, peak;
	pid_t flood;

	OK(kc_veth(K, "m0", "m1", &many, NULL));
	OK(kc_veth(K, "s0", "s1", &src, NULL));
	a.ifindex = src;
	a.prefixlen = 24;
	a.addr = kc_ip("192.0.2.1");
	OK(kernel_addr_add(K, &a));
	a.ifindex = many;
	a.prefixlen = 32;
	for (unsigned i = 0; i < MANY_ADDRS; i++) {
		a.addr.s_addr = htonl(0x64000000u + i); /* 100.0.0.0 and up */
		OK(kernel_addr_add(K, &a));
	}
	/* the peak from here on: "5" resets VmHWM to the current VmRSS */
	fd = open("/proc/self/clear_refs", O_WRONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "5", 1), 1);
	close(fd);
	base = status_kib("VmRSS:");
	flood = flood_addresses(many);
	do {
		OK(kernel_addr_primary(K, src, &p));
		ck_assert_str_eq(inet_ntoa(p.addr), "192.0.2.1");
		ck_assert_int_eq(p.prefixlen, 24);
		lookups++;
	} while (waitpid(flood, &status, WNOHANG) == 0);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	peak = status_kib("VmHWM:") - base;
	fprintf(stderr, "%d primary lookups during a flood of %d: peak %ld KiB above %ld\n", lookups,
		FLOOD_ADDRS, peak, base);
#ifndef __SANITIZE_ADDRESS__
	ck_assert_msg(peak < PRIMARY_PEAK_KIB, "primary lookups peaked %ld KiB above %ld KiB", peak,
		      base);
#else
	/* AddressSanitizer's quarantine keeps freed memory resident (up to
	 * 256 MiB): the bound is checked by the plain build. */
	(void)peak;
#endif
	/* every address is still found */
	OK(kernel_addr_primary(K, many, &p));
	ck_assert_str_eq(inet_ntoa(p.addr), "100.0.0.0");
}
END_TEST

static Suite *
netns_suite(void)
{
	Suite *s = suite_create("kernel_netns");
	TCase *contract = tcase_create("contract");
	TCase *own = tcase_create("netlink");

	tcase_add_checked_fixture(contract, setup, teardown);
	tcase_set_timeout(contract, 20);
	kernel_contract_add(contract);
	suite_add_tcase(s, contract);
	tcase_add_checked_fixture(own, setup, teardown);
	tcase_set_timeout(own, 20);
	tcase_add_test(own, extack_in_message);
	tcase_add_test(own, host_lacks_gre);
	tcase_add_test(own, link_stats);
	tcase_add_test(own, mss_clamp_as_nft_sees_it);
	tcase_add_test(own, mss_clamp_clamps_forwarded_syn);
	tcase_add_test(own, neigh_app_probe_and_events);
	tcase_add_test(own, monitor_drains_all);
	tcase_add_test(own, monitor_overrun);
	tcase_add_test(own, addr_broadcast);
	tcase_add_test(own, mgre_app_probe);
	tcase_add_test(own, addr_primary_among_many);
	suite_add_tcase(s, own);
	return s;
}

/* Can this process make a network namespace? Tried in a child. */
static bool
can_unshare_net(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(unshare(CLONE_NEWNET) == 0 ? 0 : 1);
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return false;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	if (geteuid() != 0 || !can_unshare_net()) {
		printf("SKIP: needs root and unshare(CLONE_NEWNET)\n");
		return 77;
	}
	sr = srunner_create(netns_suite());
	/* each test must be its own process: its namespace dies with it */
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
