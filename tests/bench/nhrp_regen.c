/*
 * nhrp_regen: registers many NHRP spokes with one hub, for tests/bench/nhrp-scale.
 *
 *   nhrp_regen -i IFACE -H HUB_NBMA -T HUB_TUNNEL -k KEY -n N
 *              -s NBMA_BASE -p TUNNEL_BASE [-w WINDOW] [-t TIMEOUT]
 *
 * Spoke i (0..N-1) has NBMA address NBMA_BASE + i and tunnel address
 * TUNNEL_BASE + i. Its Registration Request (built by libnhrp, as our spoke
 * sends it) goes out as raw IPv4/GRE (key KEY, protocol 0x2001) with the
 * spoke's NBMA address as the spoofed source; the hub must route
 * NBMA_BASE's subnet back to us. Replies are read with AF_PACKET on IFACE.
 * At most WINDOW requests are outstanding (default 64); an unanswered one
 * is sent again after a second. Prints
 *   registered=N seconds=S sent=R
 * seconds from the first request to the last successful reply; exits 1 if
 * not all N succeeded within TIMEOUT seconds (default 600).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <linux/if_packet.h>
#include <linux/if_ether.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "nhrp_build.h"
#include "nhrp_packet.h"
#include "nhrp_proto.h"

#define GRE_KEY_BIT 0x2000
#define GRE_CSUM_BIT 0x8000
#define GRE_SEQ_BIT 0x1000
#define GRE_PROTO_NHRP 0x2001

struct spoke {
	double sent_at; /* when its request last went */
	unsigned char done;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
usage(void)
{
	fprintf(stderr, "usage: nhrp_regen -i IFACE -H HUB_NBMA -T HUB_TUNNEL -k KEY -n N "
			"-s NBMA_BASE -p TUNNEL_BASE [-w WINDOW] [-t TIMEOUT]\n");
	exit(2);
}

static uint32_t
parse_ip(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "nhrp_regen: %s is not an IPv4 address\n", s);
		exit(2);
	}
	return ntohl(a.s_addr);
}

static void
addr4(struct nhrp_addr *a, uint32_t host_order)
{
	uint32_t n = htonl(host_order);

	nhrp_addr_set(a, &n, 4);
}

/* IPv4 + GRE (key) + the encoded request of spoke i; returns its length. */
static ssize_t
request(uint8_t *buf, size_t size, unsigned i, uint32_t nbma_base, uint32_t tun_base,
	uint32_t hub_nbma, uint32_t hub_tun, uint32_t key)
{
	struct nhrp_local me = {.holdtime = 3600};
	struct nhrp_addr nhs_proto, nhs_nbma;
	struct nhrp_packet p;
	struct iphdr *ip = (struct iphdr *)buf;
	uint16_t gre[2] = {htons(GRE_KEY_BIT), htons(GRE_PROTO_NHRP)};
	uint32_t k = htonl(key);
	size_t hdr = sizeof(*ip) + sizeof(gre) + sizeof(k);
	ssize_t n;

	addr4(&me.nbma, nbma_base + i);
	addr4(&me.proto, tun_base + i);
	addr4(&nhs_proto, hub_tun);
	addr4(&nhs_nbma, hub_nbma);
	if (nhrp_build_registration_request(&p, &me, &nhs_proto, &nhs_nbma, i + 1, true))
		return -1;
	n = nhrp_packet_encode(&p, buf + hdr, size - hdr);
	if (n < 0)
		return -1;
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->ttl = 64;
	ip->protocol = IPPROTO_GRE;
	ip->tot_len = htons((uint16_t)(hdr + (size_t)n));
	ip->saddr = htonl(nbma_base + i);
	ip->daddr = htonl(hub_nbma);
	memcpy(buf + sizeof(*ip), gre, sizeof(gre));
	memcpy(buf + sizeof(*ip) + sizeof(gre), &k, sizeof(k));
	return (ssize_t)hdr + n;
}

/* Sends spoke i's request from its spoofed address; -1 (said) if the
 * socket refused it (tried again later). */
static int
send_request(int tx, uint8_t *buf, size_t size, unsigned i, uint32_t nbma_base, uint32_t tun_base,
	     uint32_t hub_nbma, uint32_t hub_tun, uint32_t key)
{
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(hub_nbma)};
	ssize_t len = request(buf, size, i, nbma_base, tun_base, hub_nbma, hub_tun, key);

	if (len < 0) {
		fprintf(stderr, "nhrp_regen: cannot build request %u\n", i);
		exit(1);
	}
	if (sendto(tx, buf, (size_t)len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("nhrp_regen: sendto");
		return -1;
	}
	return 0;
}

/* Index of the spoke a successful Registration Reply is for, or -1. */
static long
reply_index(const uint8_t *buf, size_t len, uint32_t nbma_base, unsigned n, uint32_t hub_nbma)
{
	const struct iphdr *ip = (const struct iphdr *)buf;
	struct nhrp_decode_result res;
	struct nhrp_packet p;
	size_t off;
	uint16_t flags;
	uint32_t dst;

	if (len < sizeof(*ip) || ip->version != 4 || ip->protocol != IPPROTO_GRE ||
	    ntohl(ip->saddr) != hub_nbma)
		return -1;
	off = (size_t)ip->ihl * 4;
	if (len < off + 4)
		return -1;
	flags = (uint16_t)(buf[off] << 8 | buf[off + 1]);
	if ((buf[off + 2] << 8 | buf[off + 3]) != GRE_PROTO_NHRP)
		return -1;
	off += 4;
	off += (flags & GRE_CSUM_BIT ? 4 : 0) + (flags & GRE_KEY_BIT ? 4 : 0) +
	       (flags & GRE_SEQ_BIT ? 4 : 0);
	if (len < off || nhrp_packet_decode(buf + off, len - off, &p, &res))
		return -1;
	if (p.type != NHRP_REGISTRATION_REPLY || p.n_cies < 1 ||
	    p.cies[0].code != NHRP_CODE_SUCCESS)
		return -1;
	dst = ntohl(ip->daddr);
	if (dst < nbma_base || dst - nbma_base >= n || p.request_id != dst - nbma_base + 1)
		return -1;
	return (long)(dst - nbma_base);
}

int
main(int argc, char **argv)
{
	const char *ifname = NULL;
	uint32_t hub_nbma = 0, hub_tun = 0, nbma_base = 0, tun_base = 0, key = 0;
	unsigned n = 0, window = 64, timeout = 600, done = 0, outstanding = 0, next = 0;
	unsigned *out; /* the spokes sent and not answered yet, at most window */
	unsigned long sent = 0;
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP)};
	struct spoke *sp;
	double t0, tlast = 0;
	int c, tx, rx, one = 1, rcvbuf = 4 << 20;
	static uint8_t buf[NHRP_PACKET_MAX];

	while ((c = getopt(argc, argv, "i:H:T:k:n:s:p:w:t:")) != -1) {
		switch (c) {
		case 'i':
			ifname = optarg;
			break;
		case 'H':
			hub_nbma = parse_ip(optarg);
			break;
		case 'T':
			hub_tun = parse_ip(optarg);
			break;
		case 'k':
			key = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'n':
			n = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 's':
			nbma_base = parse_ip(optarg);
			break;
		case 'p':
			tun_base = parse_ip(optarg);
			break;
		case 'w':
			window = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 't':
			timeout = (unsigned)strtoul(optarg, NULL, 10);
			break;
		default:
			usage();
		}
	}
	if (!ifname || !hub_nbma || !hub_tun || !nbma_base || !tun_base || !n || !window)
		usage();
	sp = calloc(n, sizeof(*sp));
	out = calloc(window, sizeof(*out));
	if (!sp || !out)
		return 1;
	tx = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	rx = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
	if (tx < 0 || rx < 0 || setsockopt(tx, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one))) {
		perror("nhrp_regen: socket");
		return 1;
	}
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (!sll.sll_ifindex || bind(rx, (struct sockaddr *)&sll, sizeof(sll))) {
		fprintf(stderr, "nhrp_regen: interface %s: %s\n", ifname, strerror(errno));
		return 1;
	}
	/* Best effort: a larger buffer only spares resends. */
	setsockopt(rx, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));

	t0 = now();
	while (done < n) {
		double t = now();
		struct pollfd pfd = {.fd = rx, .events = POLLIN};

		if (t - t0 > timeout)
			break;
		/* Resend what a second brought no answer to, then fill the window
		 * with spokes not sent yet. Only the outstanding ones are looked
		 * at: the generator must not slow down as N grows. */
		for (unsigned j = 0; j < outstanding;) {
			unsigned i = out[j];

			if (sp[i].done) {
				out[j] = out[--outstanding];
				continue;
			}
			if (t - sp[i].sent_at >= 1.0) {
				if (send_request(tx, buf, sizeof(buf), i, nbma_base, tun_base, hub_nbma,
						 hub_tun, key) < 0)
					break;
				sp[i].sent_at = t;
				sent++;
			}
			j++;
		}
		while (next < n && outstanding < window) {
			if (send_request(tx, buf, sizeof(buf), next, nbma_base, tun_base, hub_nbma,
					 hub_tun, key) < 0)
				break;
			sp[next].sent_at = t;
			sent++;
			out[outstanding++] = next++;
		}
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		for (;;) {
			ssize_t len = recv(rx, buf, sizeof(buf), MSG_DONTWAIT);
			long i;

			if (len < 0)
				break;
			i = reply_index(buf, (size_t)len, nbma_base, n, hub_nbma);
			if (i < 0 || sp[i].done)
				continue;
			sp[i].done = 1;
			done++;
			tlast = now();
		}
	}
	printf("registered=%u seconds=%.2f sent=%lu\n", done, done ? tlast - t0 : 0.0, sent);
	free(out);
	free(sp);
	return done == n ? 0 : 1;
}
