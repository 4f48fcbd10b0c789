/* NHRP packet I/O on an mGRE device: AF_PACKET SOCK_DGRAM protocol
 * 0x2001, the NBMA address in sll_addr (the kernel builds the GRE header),
 * and the capture of IP packets we forward back out of the tunnel (for
 * redirects), filtered in the kernel with BPF. */
#ifndef NHRP_IO_H
#define NHRP_IO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <netinet/in.h>

/* Both return a fd or -errno. */
int nhrp_io_open(int ifindex);
int nhrp_io_open_capture(int ifindex);
/* One NHRP packet: its length and outer source in *nbma; 0 for a packet
 * to skip (our own, outgoing), -errno on error. */
ssize_t nhrp_io_recv(int fd, uint8_t *buf, size_t size, struct in_addr *nbma);
int nhrp_io_send(int fd, int ifindex, struct in_addr nbma, const uint8_t *buf, size_t len);
/* One captured outgoing IP packet (multicast whole, others their first
 * 128 octets): its length, or -errno. */
ssize_t nhrp_io_recv_capture(int fd, uint8_t *buf, size_t size);
/* Sends an IP packet through the tunnel to nbma. Sent on the capture
 * socket, which does not see its own packets: no replication loop. */
int nhrp_io_send_ip(int fd, int ifindex, struct in_addr nbma, const uint8_t *ip, size_t len);
/*
 * Multicast out of an mGRE device goes to its broadcast address, 0.0.0.0
 * unless set, and the kernel drops it before any tap sees it. Pointing it
 * at our own NBMA makes the kernel send it (to ourselves, where it is
 * dropped as coming from a local source) past the capture socket, which
 * replicates it to the multicast list.
 */
int nhrp_io_set_broadcast(const char *ifname, struct in_addr nbma);
/* The same unless it points there already (setting it flushes the device's
 * neighbours, and a tunnel change resets it to 0.0.0.0): 1 when it was
 * set, 0 when it was right, -errno. */
int nhrp_io_point_broadcast(const char *ifname, struct in_addr nbma);

#endif
