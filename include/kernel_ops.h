/* kernel_ops: the narrow interface between lios and the kernel's links,
 * addresses, routes, neighbours and sysctls.
 *
 * Two backends implement it: kernel_nl (libnl-3, the real kernel) and
 * kernel_fake (in memory, with fault injection, for unit tests of the layers
 * above). libnl types never appear here. Every operation returns 0 or a
 * negative errno; on failure a human message is left in kernel_error(k),
 * e.g. "kernel lacks GRE support (CONFIG_NET_IPGRE / ip_gre module)".
 *
 * All addresses are IPv4 in network byte order (struct in_addr). Interfaces
 * are named by ifindex in requests; kernel_link_get() maps a name to one.
 * A handle is for one thread. Include this header before any <linux/if.h>
 * (libnl pulls it in): <net/if.h> must come first.
 */
#ifndef KERNEL_OPS_H
#define KERNEL_OPS_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KERNEL_ERRLEN 256
/* <net/if.h> lacks it and <linux/if.h> clashes with <net/if.h> when
 * included first: the value, from the kernel's UAPI. */
#define KERNEL_IFF_LOWER_UP 0x10000u
#define KERNEL_LLADDR_MAX 16

/* What a link is, from IFLA_INFO_KIND (or the hardware type when absent). */
enum kernel_link_kind {
	KERNEL_LINK_OTHER,
	KERNEL_LINK_ETHER,	/* a real NIC (no kind) */
	KERNEL_LINK_LOOPBACK,
	KERNEL_LINK_VETH,
	KERNEL_LINK_DUMMY,
	KERNEL_LINK_BRIDGE,
	KERNEL_LINK_GRE,	/* ipgre: p2p (remote set) or multipoint */
	KERNEL_LINK_GRETAP,
	KERNEL_LINK_VTI,
	KERNEL_LINK_XFRM,
	KERNEL_LINK_TUN,
};

const char *kernel_link_kind_name(enum kernel_link_kind kind);

/* GRE parameters, and a VTI's (ip_vti, IOS `tunnel mode ipsec ipv4`):
 * there has_key is always true and ikey/okey are the xfrm marks its SAs
 * and policies carry; ttl is unused. A multipoint (mGRE) device has
 * remote 0.0.0.0. */
struct kernel_gre {
	struct in_addr local;	/* 0: any */
	struct in_addr remote;	/* 0: multipoint */
	bool has_key;
	uint32_t ikey, okey;	/* host order; used when has_key */
	uint8_t ttl;		/* 0: inherit from the inner packet */
	int link;		/* underlying ifindex ("tunnel source IF"), 0: none */
};

struct kernel_link_stats {
	uint64_t rx_packets, tx_packets;
	uint64_t rx_bytes, tx_bytes;
	uint64_t rx_errors, tx_errors;
	uint64_t rx_dropped, tx_dropped;
	/* the details IOS "show interfaces" prints */
	uint64_t multicast, collisions;
	uint64_t rx_crc_errors, rx_frame_errors, rx_over_errors, rx_length_errors;
	uint64_t tx_aborted_errors, tx_carrier_errors;
};

struct kernel_link {
	int ifindex;
	char name[IFNAMSIZ];
	enum kernel_link_kind kind;
	char kind_name[16];	/* IFLA_INFO_KIND as the kernel said it, "" if none */
	unsigned int flags;	/* IFF_* as reported (IFF_UP, IFF_NOARP, ...,
				 * KERNEL_IFF_LOWER_UP) */
	bool up;		/* IFF_UP: administratively up */
	bool lower_up;		/* KERNEL_IFF_LOWER_UP: carrier */
	uint32_t mtu;
	uint8_t lladdr[KERNEL_LLADDR_MAX]; /* MAC, or the local IPv4 on GRE */
	uint8_t lladdr_len;
	struct kernel_link_stats stats;
	struct kernel_gre gre;	/* valid for KERNEL_LINK_GRE, _GRETAP and _VTI */
};

/* A link to create. Supported kinds: DUMMY, GRE, VTI, VETH (peer_name). */
struct kernel_link_spec {
	char name[IFNAMSIZ];
	enum kernel_link_kind kind;
	struct kernel_gre gre;		/* KERNEL_LINK_GRE, KERNEL_LINK_VTI */
	char peer_name[IFNAMSIZ];	/* KERNEL_LINK_VETH */
	uint32_t mtu;			/* 0: kernel default */
};

struct kernel_addr {
	int ifindex;
	struct in_addr addr;
	uint8_t prefixlen;
	/* In a dump: IFA_F_SECONDARY. On add it is ignored: the kernel makes
	 * an address secondary when a primary of the same subnet exists. */
	bool secondary;
};

enum kernel_route_type {
	KERNEL_ROUTE_UNICAST,
	KERNEL_ROUTE_BLACKHOLE,		/* IOS "Null0" */
	KERNEL_ROUTE_UNREACHABLE,	/* NHRP negative cache */
	KERNEL_ROUTE_OTHER,		/* only seen in dumps */
};

/* A route in table main unless table says otherwise. Requests must set
 * protocol (LIOS_RTPROT_*) so nobody deletes what it did not create. */
struct kernel_route {
	struct in_addr dst;
	uint8_t prefixlen;
	enum kernel_route_type type;
	struct in_addr gateway;	/* 0: none (directly on oif) */
	int oif;		/* 0: resolved from the gateway */
	uint32_t metric;	/* kernel priority; we use the IOS distance */
	uint8_t protocol;	/* rtm_protocol */
	uint32_t table;		/* 0: main */
	uint32_t mtu;		/* RTAX_MTU, 0: none */
};

/* A neighbour (ARP / NHRP binding). On a GRE device the lladdr is the
 * 4-byte NBMA address. state is NUD_* from <linux/neighbour.h>. */
struct kernel_neigh {
	int ifindex;
	struct in_addr dst;
	uint8_t lladdr[KERNEL_LLADDR_MAX];
	uint8_t lladdr_len;	/* 0: none (e.g. an incomplete entry) */
	uint16_t state;
};

/* Notifications from kernel_monitor_*. */
enum kernel_event_type {
	KERNEL_EV_LINK_NEW,	/* created or changed (flags, mtu, ...) */
	KERNEL_EV_LINK_DEL,
	KERNEL_EV_ADDR_NEW,
	KERNEL_EV_ADDR_DEL,
	KERNEL_EV_NEIGH_NEW,
	KERNEL_EV_NEIGH_DEL,
	KERNEL_EV_NEIGH_MISS,	/* kernel asks userspace to resolve (app_probes) */
};

/* Groups to subscribe to, for kernel_monitor_open(). */
#define KERNEL_MON_LINK 0x1u
#define KERNEL_MON_ADDR 0x2u
#define KERNEL_MON_NEIGH 0x4u

struct kernel_event {
	enum kernel_event_type type;
	union {
		struct kernel_link link;	/* KERNEL_EV_LINK_* */
		struct kernel_addr addr;	/* KERNEL_EV_ADDR_* */
		struct kernel_neigh neigh;	/* KERNEL_EV_NEIGH_* */
	};
};

typedef void (*kernel_event_cb)(const struct kernel_event *ev, void *arg);
typedef int (*kernel_link_cb)(const struct kernel_link *l, void *arg);
typedef int (*kernel_addr_cb)(const struct kernel_addr *a, void *arg);
typedef int (*kernel_route_cb)(const struct kernel_route *r, void *arg);
typedef int (*kernel_neigh_cb)(const struct kernel_neigh *n, void *arg);
typedef int (*kernel_mss_cb)(const char *ifname, uint16_t mss, void *arg);
/* A dump callback returning non-zero stops the dump; the dump returns that. */

struct kernel;

/* The operations, one per kernel_op below (same order). Callers use the
 * kernel_* wrappers; a backend fills this table. */
struct kernel_ops {
	const char *name;
	void (*destroy)(struct kernel *k);
	/* name NULL: by ifindex. -ENODEV when absent. */
	int (*link_get)(struct kernel *k, const char *name, int ifindex, struct kernel_link *out);
	int (*link_dump)(struct kernel *k, kernel_link_cb cb, void *arg);
	/* *ifindex (may be NULL) receives the new link's index */
	int (*link_add)(struct kernel *k, const struct kernel_link_spec *spec, int *ifindex);
	int (*link_del)(struct kernel *k, int ifindex);
	int (*link_set_up)(struct kernel *k, int ifindex, bool up);
	int (*link_set_mtu)(struct kernel *k, int ifindex, uint32_t mtu);
	int (*link_set_noarp)(struct kernel *k, int ifindex, bool noarp);
	/* Replaces all parameters of an existing GRE or VTI link (the kernel
	 * zeroes what a change request omits). p2p <-> multipoint needs a
	 * new link. */
	int (*link_set_gre)(struct kernel *k, int ifindex, const struct kernel_gre *gre);
	int (*addr_add)(struct kernel *k, const struct kernel_addr *a);
	int (*addr_del)(struct kernel *k, const struct kernel_addr *a);
	/* ifindex 0: all links */
	int (*addr_dump)(struct kernel *k, int ifindex, kernel_addr_cb cb, void *arg);
	/* The kernel's key of a route is (table, dst/prefixlen, metric): add
	 * says -EEXIST on a clash, replace overwrites that route whoever
	 * owns it; del matches protocol, gateway, oif and metric when set. */
	int (*route_add)(struct kernel *k, const struct kernel_route *r);
	int (*route_replace)(struct kernel *k, const struct kernel_route *r);
	int (*route_del)(struct kernel *k, const struct kernel_route *r);
	/* IPv4 routes of r->table (0: main); protocol 0: every protocol */
	int (*route_dump)(struct kernel *k, uint32_t table, uint8_t protocol, kernel_route_cb cb, void *arg);
	int (*neigh_add)(struct kernel *k, const struct kernel_neigh *n);
	int (*neigh_replace)(struct kernel *k, const struct kernel_neigh *n);
	int (*neigh_del)(struct kernel *k, const struct kernel_neigh *n);
	/* IPv4 neighbours; ifindex 0: all links */
	int (*neigh_dump)(struct kernel *k, int ifindex, kernel_neigh_cb cb, void *arg);
	/* path below /proc/sys, e.g. "net/ipv4/conf/gre1/send_redirects" */
	int (*sysctl_set)(struct kernel *k, const char *path, const char *value);
	int (*sysctl_get)(struct kernel *k, const char *path, char *buf, size_t len);
	/* Returns a pollable fd (>= 0) or -errno. */
	int (*monitor_open)(struct kernel *k, unsigned int groups, kernel_event_cb cb, void *arg);
	/* Delivers what is pending without blocking. -ENOBUFS: events were
	 * lost, dump again to resynchronise. */
	int (*monitor_process)(struct kernel *k);
	void (*monitor_close)(struct kernel *k);
	/* TCP MSS clamp of SYNs in and out of ifname (IOS "ip tcp adjust-mss"),
	 * in our own nftables table "lios". mss 0 removes it. */
	int (*mss_clamp_set)(struct kernel *k, const char *ifname, uint16_t mss);
	int (*mss_clamp_dump)(struct kernel *k, kernel_mss_cb cb, void *arg);
};

/* Operation numbers, for fault injection and call counting in the fake. */
enum kernel_op {
	KERNEL_OP_LINK_GET,
	KERNEL_OP_LINK_DUMP,
	KERNEL_OP_LINK_ADD,
	KERNEL_OP_LINK_DEL,
	KERNEL_OP_LINK_SET_UP,
	KERNEL_OP_LINK_SET_MTU,
	KERNEL_OP_LINK_SET_NOARP,
	KERNEL_OP_LINK_SET_GRE,
	KERNEL_OP_ADDR_ADD,
	KERNEL_OP_ADDR_DEL,
	KERNEL_OP_ADDR_DUMP,
	KERNEL_OP_ROUTE_ADD,
	KERNEL_OP_ROUTE_REPLACE,
	KERNEL_OP_ROUTE_DEL,
	KERNEL_OP_ROUTE_DUMP,
	KERNEL_OP_NEIGH_ADD,
	KERNEL_OP_NEIGH_REPLACE,
	KERNEL_OP_NEIGH_DEL,
	KERNEL_OP_NEIGH_DUMP,
	KERNEL_OP_SYSCTL_SET,
	KERNEL_OP_SYSCTL_GET,
	KERNEL_OP_MONITOR_OPEN,
	KERNEL_OP_MONITOR_PROCESS,
	KERNEL_OP_MSS_CLAMP_SET,
	KERNEL_OP_MSS_CLAMP_DUMP,
	KERNEL_OP_COUNT
};

const char *kernel_op_name(enum kernel_op op);

/* The handle. Backends embed it first in their own state. */
struct kernel {
	const struct kernel_ops *ops;
	char err[KERNEL_ERRLEN];
};

/* Backends. NULL on failure, with the reason in err. */
struct kernel *kernel_nl_open(char err[KERNEL_ERRLEN]);
struct kernel *kernel_fake_new(void);
void kernel_close(struct kernel *k);

/* The message of the last failed operation ("" after a success). */
static inline const char *kernel_error(const struct kernel *k)
{
	return k->err;
}

/* Set k->err (printf style) and return -err_no (err_no > 0). */
int kernel_fail(struct kernel *k, int err_no, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The messages for kernels built without a feature, shared by backends. */
#define KERNEL_MSG_NO_GRE "kernel lacks GRE support (CONFIG_NET_IPGRE / ip_gre module)"
#define KERNEL_MSG_NO_VTI "kernel lacks VTI support (CONFIG_NET_IPVTI / ip_vti module)"
#define KERNEL_MSG_NO_DUMMY "kernel lacks dummy interface support (CONFIG_DUMMY / dummy module)"
#define KERNEL_MSG_NO_VETH "kernel lacks veth support (CONFIG_VETH / veth module)"

/* Wrappers: clear the message, dispatch. */
int kernel_link_get(struct kernel *k, const char *name, struct kernel_link *out);
int kernel_link_get_index(struct kernel *k, int ifindex, struct kernel_link *out);
int kernel_link_dump(struct kernel *k, kernel_link_cb cb, void *arg);
int kernel_link_add(struct kernel *k, const struct kernel_link_spec *spec, int *ifindex);
int kernel_link_del(struct kernel *k, int ifindex);
int kernel_link_set_up(struct kernel *k, int ifindex, bool up);
int kernel_link_set_mtu(struct kernel *k, int ifindex, uint32_t mtu);
int kernel_link_set_noarp(struct kernel *k, int ifindex, bool noarp);
int kernel_link_set_gre(struct kernel *k, int ifindex, const struct kernel_gre *gre);
int kernel_addr_add(struct kernel *k, const struct kernel_addr *a);
int kernel_addr_del(struct kernel *k, const struct kernel_addr *a);
int kernel_addr_dump(struct kernel *k, int ifindex, kernel_addr_cb cb, void *arg);
int kernel_route_add(struct kernel *k, const struct kernel_route *r);
int kernel_route_replace(struct kernel *k, const struct kernel_route *r);
int kernel_route_del(struct kernel *k, const struct kernel_route *r);
int kernel_route_dump(struct kernel *k, uint32_t table, uint8_t protocol, kernel_route_cb cb, void *arg);
int kernel_neigh_add(struct kernel *k, const struct kernel_neigh *n);
int kernel_neigh_replace(struct kernel *k, const struct kernel_neigh *n);
int kernel_neigh_del(struct kernel *k, const struct kernel_neigh *n);
int kernel_neigh_dump(struct kernel *k, int ifindex, kernel_neigh_cb cb, void *arg);
int kernel_sysctl_set(struct kernel *k, const char *path, const char *value);
int kernel_sysctl_get(struct kernel *k, const char *path, char *buf, size_t len);
int kernel_monitor_open(struct kernel *k, unsigned int groups, kernel_event_cb cb, void *arg);
int kernel_monitor_process(struct kernel *k);
void kernel_monitor_close(struct kernel *k);
int kernel_mss_clamp_set(struct kernel *k, const char *ifname, uint16_t mss);
int kernel_mss_clamp_dump(struct kernel *k, kernel_mss_cb cb, void *arg);

/* Helpers built on the operations (work with every backend). */

/* Delete every route of table main with this protocol; returns how many
 * were deleted or -errno. Routes of other protocols are never touched. */
int kernel_route_flush_protocol(struct kernel *k, uint8_t protocol);

/* The primary IPv4 address of a link (what "tunnel source IF" uses):
 * -EADDRNOTAVAIL when it has none. */
int kernel_addr_primary(struct kernel *k, int ifindex, struct kernel_addr *out);

/* IOS "[no] ip redirects" on IFNAME: net.ipv4.conf.IFNAME.send_redirects,
 * and conf.all.send_redirects = 0 when off (the kernel ORs the two). */
int kernel_set_send_redirects(struct kernel *k, const char *ifname, bool on);

/* Prepare an mGRE device for NHRP: the neighbour table asks userspace
 * (app_solicit=1, ucast_solicit=0, mcast_solicit=0) and IFF_NOARP is
 * cleared, so unresolved destinations raise KERNEL_EV_NEIGH_MISS. */
int kernel_nhrp_prepare_link(struct kernel *k, int ifindex);

/* Fake backend controls (only valid on a kernel_fake_new() handle). */

/* Fail the nth next call (1 = the very next) of op with -err_no. */
void kernel_fake_fail(struct kernel *k, enum kernel_op op, unsigned int nth, int err_no);
/* How many times op was called (failed calls included). */
unsigned int kernel_fake_calls(const struct kernel *k, enum kernel_op op);
/* Behave like a kernel built without this link kind (GRE, VTI, DUMMY, VETH). */
void kernel_fake_lack_kind(struct kernel *k, enum kernel_link_kind kind);
/* Simulate carrier change on a link (IFF_LOWER_UP), with an event. */
int kernel_fake_set_carrier(struct kernel *k, int ifindex, bool carrier);
/* Give a link traffic counters (for "show interfaces" tests). */
int kernel_fake_set_stats(struct kernel *k, int ifindex, const struct kernel_link_stats *stats);
/* Simulate the kernel asking for a neighbour (app probe), with an event. */
int kernel_fake_neigh_miss(struct kernel *k, int ifindex, struct in_addr dst);

#endif
