/*
 * GRE keepalives (IOS `keepalive [period [retries]]` on a p2p GRE tunnel).
 *
 * As IOS does it: every period we send the peer, over the transport, a GRE
 * packet whose payload is an IPv4 packet from the peer back to us carrying
 * an empty GRE header (protocol 0). The peer's kernel decapsulates it and
 * forwards it home like any packet, so the peer needs no daemon (a Linux
 * peer needs accept_local=1 and rp_filter=0 on its tunnel, which routerd
 * sets on every p2p GRE tunnel it makes). The answer reaches our raw GRE
 * socket: a GRE packet from the peer with protocol 0.
 *
 * Each period without an answer counts a miss; after `retries` misses the
 * line protocol goes down (routes through the tunnel are withdrawn); the
 * first answer brings it back.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "owner_kernel_priv.h"

#define GRE_FLAG_KEY 0x2000u
#define GRE_PROTO_IP 0x0800u

static bool
ka_active(const struct kif *f)
{
	return f->cfg.keepalive && f->cfg.tunnel.mode == TUNNEL_GRE_IP &&
	       f->cfg.tunnel.has_destination && f->ifindex && !f->cfg.shutdown &&
	       strncmp(f->cfg.h.key, "Tunnel", 6) == 0;
}

static size_t
put_gre(uint8_t *p, uint16_t proto, bool has_key, uint32_t key)
{
	uint16_t flags = htons(has_key ? GRE_FLAG_KEY : 0), pr = htons(proto);
	uint32_t k = htonl(key);

	memcpy(p, &flags, 2);
	memcpy(p + 2, &pr, 2);
	if (!has_key)
		return 4;
	memcpy(p + 4, &k, 4);
	return 8;
}

static uint16_t
ip_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* The keepalive as it leaves us, without the outer IP header (the raw
 * socket adds it): GRE(IP) + IP(peer -> us, GRE) + GRE(0). */
static size_t
build_keepalive(uint8_t *buf, uint32_t local, uint32_t remote, bool has_key, uint32_t key)
{
	struct iphdr ip = {
		.version = 4, .ihl = 5, .ttl = 255, .protocol = IPPROTO_GRE,
	};
	size_t off = put_gre(buf, GRE_PROTO_IP, has_key, key);
	size_t inner = put_gre(buf + off + sizeof(ip), 0, has_key, key);

	ip.tot_len = htons((uint16_t)(sizeof(ip) + inner));
	ip.saddr = htonl(remote);
	ip.daddr = htonl(local);
	ip.check = ip_checksum(&ip, sizeof(ip));
	memcpy(buf + off, &ip, sizeof(ip));
	return off + sizeof(ip) + inner;
}

static int
ka_socket(struct kown *ko)
{
	if (ko->ka_fd < 0) {
		ko->ka_fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_GRE);
		if (ko->ka_fd < 0)
			fprintf(stderr, "routerd: keepalive socket: %s\n", strerror(errno));
	}
	return ko->ka_fd;
}

int
kown_keepalive_fd(struct kown *ko)
{
	return ko->ka_fd;
}

/* Our source towards remote when the tunnel has none: what routing picks. */
static uint32_t
route_source(uint32_t remote)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(9) };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	uint32_t src = 0;

	if (fd < 0)
		return 0;
	sa.sin_addr.s_addr = htonl(remote);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		src = ntohl(sa.sin_addr.s_addr);
	close(fd);
	return src;
}

static void
ka_send(struct kown *ko, struct kif *f)
{
	uint32_t remote = f->cfg.tunnel.destination;
	uint32_t local = f->tunnel_local ? f->tunnel_local : route_source(remote);
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint8_t buf[64];
	size_t len;
	int fd = ka_socket(ko);

	if (fd < 0 || !local)
		return;
	len = build_keepalive(buf, local, remote, f->cfg.tunnel.has_key, f->cfg.tunnel.key);
	to.sin_addr.s_addr = htonl(remote);
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0 && errno != EAGAIN)
		fprintf(stderr, "routerd: %s: keepalive to %s: %s\n", f->cfg.h.key, model_ip(remote),
			strerror(errno));
}

int
kown_keepalive_tick(struct kown *ko, time_t now)
{
	long next = -1;
	bool changed = false;

	for (size_t i = 0; i < ko->n_ifs; i++) {
		struct kif *f = ko->ifs[i];
		long left;

		if (!ka_active(f)) {
			if (f->ka_down) {
				f->ka_down = false;
				changed = true;
			}
			f->ka_missed = 0;
			f->ka_next = 0;
			continue;
		}
		if (f->ka_next == 0 || now >= f->ka_next) {
			if (f->ka_next != 0 && f->ka_missed >= f->cfg.keepalive_retries && !f->ka_down) {
				f->ka_down = true;
				changed = true;
				fprintf(stderr, "routerd: %s: %u keepalives unanswered, line protocol down\n",
					f->cfg.h.key, f->ka_missed);
			}
			ka_send(ko, f);
			if (f->ka_missed < 0xffff)
				f->ka_missed++;
			f->ka_next = now + (time_t)f->cfg.keepalive_period;
		}
		left = (long)(f->ka_next - now);
		if (next < 0 || left < next)
			next = left;
	}
	if (changed)
		kown_routes_sync(ko);
	return (int)next;
}

void
kown_keepalive_reply(struct kown *ko, uint32_t remote, bool has_key, uint32_t key)
{
	for (size_t i = 0; i < ko->n_ifs; i++) {
		struct kif *f = ko->ifs[i];

		if (!ka_active(f) || f->cfg.tunnel.destination != remote ||
		    f->cfg.tunnel.has_key != has_key || (has_key && f->cfg.tunnel.key != key))
			continue;
		f->ka_missed = 0;
		if (f->ka_down) {
			f->ka_down = false;
			fprintf(stderr, "routerd: %s: keepalive answered, line protocol up\n",
				f->cfg.h.key);
			kown_routes_sync(ko);
		}
	}
}

void
kown_keepalive_input(struct kown *ko)
{
	uint8_t buf[2048];
	ssize_t n;

	if (ko->ka_fd < 0)
		return;
	while ((n = recv(ko->ka_fd, buf, sizeof(buf), 0)) > 0) {
		size_t hl = (size_t)(buf[0] & 0x0f) * 4, len = (size_t)n;
		uint16_t flags, proto;
		uint32_t src, key = 0;

		if (len < hl + 4 || (buf[0] >> 4) != 4 || buf[9] != IPPROTO_GRE)
			continue;
		memcpy(&src, buf + 12, 4);
		memcpy(&flags, buf + hl, 2);
		memcpy(&proto, buf + hl + 2, 2);
		flags = ntohs(flags);
		if (ntohs(proto) != 0 || (flags & ~GRE_FLAG_KEY) != 0)
			continue;
		if (flags & GRE_FLAG_KEY) {
			if (len < hl + 8)
				continue;
			memcpy(&key, buf + hl + 4, 4);
			key = ntohl(key);
		}
		kown_keepalive_reply(ko, ntohl(src), flags & GRE_FLAG_KEY, key);
	}
}
