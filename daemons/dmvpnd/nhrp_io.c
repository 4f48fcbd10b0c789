/* AF_PACKET I/O for NHRP (see nhrp_io.h). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "nhrp_io.h"
#include "nhrp_proto.h"

#define CAPTURE_SNAPLEN 128

static int
open_bound(int ifindex, uint16_t proto)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(proto),
		.sll_ifindex = ifindex,
	};
	int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(proto));

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

int
nhrp_io_open(int ifindex)
{
	return open_bound(ifindex, NHRP_ETH_P);
}

int
nhrp_io_open_capture(int ifindex)
{
	/* Outgoing packets only reach ETH_P_ALL sockets. Keep the IPv4 ones
	 * we send: multicast whole (to replicate), the rest first octets
	 * only (redirect detection). The filter sees the inner IP header. */
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)(SKF_AD_OFF + SKF_AD_PKTTYPE)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 0, 7),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (uint32_t)(SKF_AD_OFF + SKF_AD_PROTOCOL)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 5),
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 16),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 224, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 240, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, 65535),
		BPF_STMT(BPF_RET | BPF_K, CAPTURE_SNAPLEN),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };
	int fd = open_bound(ifindex, ETH_P_ALL);

	if (fd < 0)
		return fd;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) < 0) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

ssize_t
nhrp_io_recv(int fd, uint8_t *buf, size_t size, struct in_addr *nbma)
{
	struct sockaddr_ll sll;
	socklen_t sl = sizeof(sll);
	ssize_t n = recvfrom(fd, buf, size, 0, (struct sockaddr *)&sll, &sl);

	if (n < 0)
		return -errno;
	if (sll.sll_pkttype == PACKET_OUTGOING || sll.sll_halen != 4)
		return 0;
	memcpy(&nbma->s_addr, sll.sll_addr, 4);
	return n;
}

int
nhrp_io_send(int fd, int ifindex, struct in_addr nbma, const uint8_t *buf, size_t len)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(NHRP_ETH_P),
		.sll_ifindex = ifindex,
		.sll_halen = 4,
	};

	memcpy(sll.sll_addr, &nbma.s_addr, 4);
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -errno;
	return 0;
}

ssize_t
nhrp_io_recv_capture(int fd, uint8_t *buf, size_t size)
{
	ssize_t n = recv(fd, buf, size, 0);

	return n < 0 ? -errno : n;
}

int
nhrp_io_send_ip(int fd, int ifindex, struct in_addr nbma, const uint8_t *ip, size_t len)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_IP),
		.sll_ifindex = ifindex,
		.sll_halen = 4,
	};

	memcpy(sll.sll_addr, &nbma.s_addr, 4);
	if (sendto(fd, ip, len, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return -errno;
	return 0;
}

int
nhrp_io_set_broadcast(const char *ifname, struct in_addr nbma)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = 0;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_hwaddr.sa_family = ARPHRD_IPGRE;
	memcpy(ifr.ifr_hwaddr.sa_data, &nbma.s_addr, 4);
	if (ioctl(fd, SIOCSIFHWBROADCAST, &ifr) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* The device's broadcast address as sysfs shows it ("c0:00:02:01"). */
static int
get_broadcast(const char *ifname, struct in_addr *out)
{
	char path[IFNAMSIZ + 32], line[64];
	unsigned b[4];
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof(path), "/sys/class/net/%s/broadcast", ifname);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f) ||
	    sscanf(line, "%2x:%2x:%2x:%2x", &b[0], &b[1], &b[2], &b[3]) != 4)
		rc = -EINVAL;
	else
		out->s_addr = htonl(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
	fclose(f);
	return rc;
}

int
nhrp_io_point_broadcast(const char *ifname, struct in_addr nbma)
{
	struct in_addr cur = { 0 };
	int rc;

	if (get_broadcast(ifname, &cur) == 0 && cur.s_addr == nbma.s_addr)
		return 0;
	rc = nhrp_io_set_broadcast(ifname, nbma);
	return rc < 0 ? rc : 1;
}
