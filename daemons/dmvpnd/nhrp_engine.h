/* The NHRP engine of dmvpnd: per-tunnel state (NHS registrations, pending
 * resolutions, shortcuts, redirect rate limits) over libnhrp's cache,
 * driven by received packets, kernel events and a clock. It does no I/O
 * of its own: sending, kernel bindings and route lookups go through ops,
 * so unit tests run it against fakes and the daemon against AF_PACKET and
 * libkernel. */
#ifndef NHRP_ENGINE_H
#define NHRP_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#include "nhrp_build.h"
#include "nhrp_cache.h"
#include "nhrp_conf.h"
#include "nhrp_ipsec.h"

struct nhrp_route_info {
	struct in_addr net, gateway; /* gateway 0: directly connected */
	uint8_t prefixlen;
	int oif;
	bool local; /* the destination is one of our addresses */
};

struct nhrp_engine_ops {
	/* Sends an encoded NHRP packet to nbma through the mGRE ifindex. */
	int (*send)(void *ctx, int ifindex, struct in_addr nbma, const uint8_t *buf, size_t len);
	/* A cache binding appeared/changed/went: neighbour entry on the tunnel. */
	void (*bind)(void *ctx, const struct nhrp_cache_entry *e, enum nhrp_cache_event ev);
	/* A shortcut route net/prefixlen via gateway on ifindex, added or removed. */
	void (*route)(void *ctx, int ifindex, struct in_addr net, uint8_t prefixlen,
		      struct in_addr gateway, bool add);
	/* The kernel's route to dst: 0, or -ENOENT. */
	int (*route_lookup)(void *ctx, struct in_addr dst, struct nhrp_route_info *out);
	/* Our own addresses and the NBMA of a configured tunnel. */
	int (*link_info)(void *ctx, const char *name, int *ifindex, struct in_addr *nbma,
			 struct in_addr *address, uint8_t *prefixlen);
	void (*log)(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
	/* Tunnel protection: ask iked to bring up IKE spec `spec` (the tunnel's
	 * %any one) towards nbma, a peer NHRP waits for. Optional. */
	void (*ipsec_initiate)(void *ctx, const char *spec, struct in_addr nbma);
	/* Tunnel protection: ask iked to close the SAs to nbma, a spoke no
	 * NHRP binding uses any more. Optional. */
	void (*ipsec_close)(void *ctx, struct in_addr nbma);
};

enum nhrp_nhs_state_code { NHS_WAITING = 'W', NHS_EXPECTING = 'E', NHS_RESPONDING = 'R' };

struct nhrp_nhs_state {
	struct in_addr proto, nbma; /* proto 0: nhs dynamic, not learnt yet */
	bool dynamic;		/* proto is learnt from the registration replies */
	bool multicast;
	unsigned priority, cluster;
	/* Registered with (or probed); false: held in reserve by its
	 * cluster's max-connections (W). */
	bool active;
	uint64_t up_since;	/* when it last started responding */
	bool responding;	/* a reply came for the current registration */
	bool awaiting;		/* a request is out without a reply */
	uint32_t request_id;
	unsigned tries;
	uint64_t next;		/* when to send the next request */
	uint64_t last_reply;
	uint64_t sent, replies;
};

struct nhrp_pending {
	struct in_addr target;
	uint32_t request_id;
	uint64_t sent, give_up;
	unsigned tries;
};

struct nhrp_shortcut {
	struct in_addr net, via;
	uint8_t prefixlen;
	uint64_t created, expires;
};

/* A resolution we answered as the egress (or, on an NHS, forwarded to a
 * registered NHC): whom to purge when the binding goes. */
struct nhrp_answered {
	struct in_addr requester, requester_nbma, net;
	uint8_t prefixlen;
	bool used;
};

struct nhrp_redirect_seen {
	struct in_addr src, dst;
	uint64_t at;
};

#define NHRP_ENGINE_PENDING 32
#define NHRP_ENGINE_INITIATE_DEFER 2 /* s: the higher NBMA of two spokes asks iked later */
#define NHRP_ENGINE_SHORTCUTS 64
#define NHRP_ENGINE_REDIRECTS 64
#define NHRP_ENGINE_ANSWERED 32

struct nhrp_traffic {
	uint64_t rx[NHRP_TYPE_MAX + 1], tx[NHRP_TYPE_MAX + 1];
	uint64_t rx_bad_auth, rx_dropped, forwarded;
};

struct nhrp_iface {
	struct nhrp_conf_if conf;
	int ifindex;		/* 0: the link does not exist yet */
	struct nhrp_local me;
	struct nhrp_nhs_state nhs[NHRP_CONF_MAX_NHS];
	unsigned n_nhs;
	struct nhrp_pending pending[NHRP_ENGINE_PENDING];
	struct nhrp_shortcut shortcuts[NHRP_ENGINE_SHORTCUTS];
	struct nhrp_redirect_seen redirects[NHRP_ENGINE_REDIRECTS];
	struct nhrp_answered answered[NHRP_ENGINE_ANSWERED];
	/* NHS: requesters of resolutions we forwarded, by target; purged
	 * when the target's registration expires or is cleared. */
	struct nhrp_answered forwarded[NHRP_ENGINE_ANSWERED];
	struct nhrp_traffic traffic;
};

struct nhrp_engine {
	struct nhrp_cache cache;
	struct nhrp_iface ifs[NHRP_CONF_MAX_IFS];
	unsigned n_ifs;
	const struct nhrp_engine_ops *ops;
	void *ctx;
	nhrp_clock_fn clock;
	void *clock_ctx;
	uint32_t next_request_id;
	struct nhrp_decode_stats decode;
	/* Interfaces with tunnel protection consult it; NULL: none does. */
	struct nhrp_ipsec *ipsec;
	/* Set while entries expire or are cleared: registrations that go
	 * then are purged from whoever resolved them through us. */
	bool purge_on_delete;
};

void nhrp_engine_init(struct nhrp_engine *e, const struct nhrp_engine_ops *ops, void *ctx,
		      nhrp_clock_fn clock, void *clock_ctx);
/* Removes every binding (notifying ops) and frees the cache. */
void nhrp_engine_fini(struct nhrp_engine *e);

/* Replaces the configuration. Interfaces whose configuration did not
 * change keep their state; the others start over. */
void nhrp_engine_configure(struct nhrp_engine *e, const struct nhrp_conf *conf);
/* Looks up links that did not exist at configure time, and follows the
 * NBMA address of bound tunnels whose source moved (registering again). */
void nhrp_engine_refresh_links(struct nhrp_engine *e);

/* A packet from nbma received on ifindex (the bytes after GRE). */
void nhrp_engine_receive(struct nhrp_engine *e, int ifindex, struct in_addr nbma,
			 const uint8_t *buf, size_t len);
/* The kernel asks for the link-layer address of dst on ifindex. */
void nhrp_engine_neigh_miss(struct nhrp_engine *e, int ifindex, struct in_addr dst);
/* An IP packet we forwarded out of ifindex (redirect detection). */
void nhrp_engine_forwarded(struct nhrp_engine *e, int ifindex, const uint8_t *ip, size_t len);
/* Timers: registrations, retries, expiries. Returns the next time to call
 * it (monotonic seconds). */
uint64_t nhrp_engine_tick(struct nhrp_engine *e);

/* Withdraws our registrations (zero holding time) from every responding
 * NHS, and purges what we answered from the requesters' caches: what a
 * router does when it stops. */
void nhrp_engine_withdraw(struct nhrp_engine *e);

/* clear ip nhrp / clear dmvpn session: drop learnt entries, and purge
 * them from the peers that resolved them from us (what we answered as
 * the egress, registrations we forwarded resolutions to). */
size_t nhrp_engine_clear(struct nhrp_engine *e);

/* Tunnel protection: NHRP on protected interfaces goes only to and from
 * NBMA peers with a CHILD_SA in g (held until then). */
void nhrp_engine_set_ipsec(struct nhrp_engine *e, struct nhrp_ipsec *g);
/* Applies an iked event: sends what waited for a new CHILD_SA; purges a
 * peer whose IKE SA went down or that DPD declared dead. */
void nhrp_engine_ipsec_event(struct nhrp_engine *e, const struct iked_msg_event *ev);
/* A peer is gone: removes the cache entries (neighbours) pointing at its
 * NBMA on every protected interface, the shortcuts through them, and
 * starts registering again with it if it is an NHS. Returns entries purged. */
size_t nhrp_engine_peer_down(struct nhrp_engine *e, struct in_addr nbma);

struct nhrp_iface *nhrp_engine_iface(struct nhrp_engine *e, int ifindex);

/* The kernel flushed the tunnel's neighbours (its broadcast address was
 * set): every binding of ifindex is handed to ops->bind again. */
void nhrp_engine_rebind(struct nhrp_engine *e, int ifindex);

/* The NBMA addresses multicast on ifp goes to (ip nhrp map multicast
 * NBMA | dynamic, nhs ... multicast of NHSs not held in reserve), with how
 * each was learnt ("static", "dynamic", "nhs"): what the daemon replicates
 * to and `show ip nhrp multicast` prints. */
typedef void (*nhrp_mcast_fn)(void *ctx, const struct nhrp_iface *ifp, struct in_addr nbma,
			      const char *kind);
void nhrp_engine_multicast(const struct nhrp_engine *e, const struct nhrp_iface *ifp,
			   nhrp_mcast_fn fn, void *ctx);

/* Text for the show commands (what: "dmvpn", "dmvpn detail", "ip nhrp",
 * "ip nhrp detail", "ip nhrp nhs", "ip nhrp nhs detail", "ip nhrp multicast",
 * "ip nhrp traffic").
 * Returns 0 or -EINVAL for an unknown one. */
int nhrp_engine_show(struct nhrp_engine *e, const char *what, FILE *out);

#endif
