/* NHRP cache: protocol address -> NBMA address bindings per interface, and
 * the rules for registering, resolving, expiring and purging them. Pure
 * logic: time comes from a clock callback, changes leave through a notifier,
 * so tests drive it with a fake clock and the daemon maps notifications to
 * kernel neighbour entries and routes. */
#ifndef NHRP_CACHE_H
#define NHRP_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nhrp_deadline.h"
#include "nhrp_packet.h"

/* In increasing order of authority: a binding is only replaced by one of
 * equal or higher authority, except that a registration replaces what a
 * resolution learnt. */
enum nhrp_cache_type {
	NHRP_CACHE_INCOMPLETE = 1, /* Resolution Request sent, no answer yet */
	NHRP_CACHE_NEGATIVE,	   /* resolution answered with a NAK */
	NHRP_CACHE_CACHED,	   /* learnt from a Resolution Reply */
	NHRP_CACHE_DYNAMIC,	   /* registered by an NHC (hub side) */
	NHRP_CACHE_NHS,		   /* ip nhrp nhs ... nbma ... */
	NHRP_CACHE_STATIC,	   /* ip nhrp map */
	NHRP_CACHE_LOCAL,	   /* our own tunnel address */
};

/* Flags as `show ip nhrp` prints them. */
#define NHRP_CACHE_F_UNIQUE 0x01
#define NHRP_CACHE_F_REGISTERED 0x02
#define NHRP_CACHE_F_USED 0x04
#define NHRP_CACHE_F_ROUTER 0x08
#define NHRP_CACHE_F_NHOP 0x10
#define NHRP_CACHE_F_RIB 0x20
#define NHRP_CACHE_F_NAT 0x40 /* the claimed NBMA differs from the packet's source */

struct nhrp_cache_entry {
	int ifindex;
	struct nhrp_addr proto;
	uint8_t prefix_len;
	enum nhrp_cache_type type;
	struct nhrp_addr nbma;	       /* where we send: the outer source we saw */
	struct nhrp_addr claimed_nbma; /* what the peer put in its packet */
	uint16_t mtu;
	uint16_t holdtime;
	uint32_t flags;
	uint64_t created; /* when this binding (this NBMA) was established */
	uint64_t expires; /* 0: never */
	struct nhrp_deadline expiry; /* the cache's: expires in its heap */
	/* The cache's: the chain of entries whose nbma hashes alike. */
	struct nhrp_cache_entry *nbma_next, **nbma_pprev;
};

enum nhrp_cache_event {
	NHRP_CACHE_ADDED,
	NHRP_CACHE_CHANGED, /* type or NBMA changed */
	NHRP_CACHE_DELETED, /* called just before the entry is freed */
};

/* Notifiers see the entry as it is (DELETED: just before it is freed) and
 * must not call back into the cache. */
typedef uint64_t (*nhrp_clock_fn)(void *ctx); /* monotonic seconds */
typedef void (*nhrp_cache_notify_fn)(void *ctx, const struct nhrp_cache_entry *e,
				     enum nhrp_cache_event ev);

struct nhrp_cache {
	struct nhrp_cache_entry **v; /* sorted by (ifindex, proto) */
	size_t n, cap;
	struct nhrp_deadlines expiries; /* entries that expire, earliest first */
	struct nhrp_cache_entry **by_nbma; /* hash chains by nbma (peer down) */
	size_t n_by_nbma;		   /* buckets, a power of 2; 0: none yet */
	size_t max_entries; /* 0: unlimited */
	nhrp_clock_fn clock;
	void *clock_ctx;
	nhrp_cache_notify_fn notify;
	void *notify_ctx;
};

void nhrp_cache_init(struct nhrp_cache *c, nhrp_clock_fn clock, void *clock_ctx);
void nhrp_cache_free(struct nhrp_cache *c); /* no notifications */
void nhrp_cache_set_notify(struct nhrp_cache *c, nhrp_cache_notify_fn fn, void *ctx);

/* A Registration Request's CIE as the NHS sees it. */
struct nhrp_registration {
	int ifindex;
	struct nhrp_addr proto;
	uint8_t prefix_len; /* 0xff (unique host) is stored as the host length */
	struct nhrp_addr nbma;	       /* outer source address of the packet */
	struct nhrp_addr claimed_nbma; /* source NBMA in the packet */
	uint16_t mtu;
	uint16_t holdtime; /* 0: withdraw the registration */
	bool unique;	   /* U flag */
};

/*
 * Applies a registration; returns the CIE code for the reply:
 *  NHRP_CODE_SUCCESS              created, refreshed, or withdrawn;
 *  NHRP_CODE_ALREADY_REGISTERED   a live unique registration of the address
 *                                 from a different NBMA exists (code 14);
 *  NHRP_CODE_ADMIN_PROHIBITED     the address is configured (static, NHS,
 *                                 local) with a different NBMA;
 *  NHRP_CODE_INSUFFICIENT_RESOURCES the cache is full.
 * A refused registration changes nothing.
 */
uint8_t nhrp_cache_register(struct nhrp_cache *c, const struct nhrp_registration *r);

/* Configured bindings (static, nhs, local); replace anything of lower
 * authority. Return 0, -EINVAL (bad address or type) or -ENOSPC. */
int nhrp_cache_add_config(struct nhrp_cache *c, enum nhrp_cache_type type, int ifindex,
			  const struct nhrp_addr *proto, const struct nhrp_addr *nbma);
/* Removes a configured binding of that type; -ENOENT if there is none. */
int nhrp_cache_remove_config(struct nhrp_cache *c, enum nhrp_cache_type type, int ifindex,
			     const struct nhrp_addr *proto);

/* Resolution: start creates an INCOMPLETE entry that expires after timeout
 * seconds (0: the caller should send a Resolution Request), -EEXIST if any
 * live binding exists. */
int nhrp_cache_resolve_start(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
			     uint16_t timeout);
/* A positive Resolution Reply: CACHED for holdtime seconds. Replaces
 * incomplete, negative and cached entries; -EEXIST for anything stronger. */
int nhrp_cache_resolved(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
			uint8_t prefix_len, const struct nhrp_addr *nbma, uint16_t mtu,
			uint16_t holdtime);
/* A NAK: NEGATIVE for holdtime seconds, same replacement rule. */
int nhrp_cache_resolve_failed(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
			      uint16_t holdtime);

/* Purge Request: removes the learnt (not configured) entries inside
 * proto/prefix_len on ifindex. Returns how many. */
size_t nhrp_cache_purge(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
			uint8_t prefix_len);
/* Peer gone (IKE/DPD, NHS down): removes learnt entries pointing at nbma. */
size_t nhrp_cache_purge_nbma(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *nbma);
/* clear ip nhrp: removes every learnt entry (ifindex 0: all interfaces). */
size_t nhrp_cache_flush(struct nhrp_cache *c, int ifindex);

/* Removes entries whose holdtime ran out; returns how many. O(1) when none
 * has, so the daemon may call it on every wake-up whatever the cache holds. */
size_t nhrp_cache_expire(struct nhrp_cache *c);
/* Earliest expiry time of any entry, 0 if none expires. O(1). */
uint64_t nhrp_cache_next_expiry(const struct nhrp_cache *c);

/* The live entry for an address, or NULL (expired entries are not live). */
const struct nhrp_cache_entry *nhrp_cache_lookup(const struct nhrp_cache *c, int ifindex,
						 const struct nhrp_addr *proto);
/* Sets or clears flags the daemon owns (used, router, nhop, rib). */
int nhrp_cache_set_flags(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
			 uint32_t set, uint32_t clear);

/* Live entries in (ifindex, address) order. */
size_t nhrp_cache_count(const struct nhrp_cache *c);
void nhrp_cache_foreach(const struct nhrp_cache *c,
			void (*fn)(void *ctx, const struct nhrp_cache_entry *e), void *ctx);

/* Live entries bound to nbma (any interface), in no particular order:
 * found by hash, however large the cache. */
void nhrp_cache_foreach_nbma(const struct nhrp_cache *c, const struct nhrp_addr *nbma,
			     void (*fn)(void *ctx, const struct nhrp_cache_entry *e), void *ctx);

const char *nhrp_cache_type_name(enum nhrp_cache_type type);

#endif
