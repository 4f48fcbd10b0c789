/* The IPsec gate of dmvpnd (`tunnel protection ipsec profile` on an mGRE
 * tunnel): which NBMA peers have a CHILD_SA, as iked's events tell. NHRP
 * to a peer without one is held (a few packets, with a timeout) until its
 * CHILD_SA comes up; NHRP from a peer without one is dropped and counted.
 * A peer whose IKE SA went down, or that DPD declared dead, must be
 * purged. A peer we hold NHRP for and have no SA with (a spoke we resolved
 * or answered) is one iked must be asked to bring up, at most every
 * NHRP_IPSEC_INITIATE_RETRY s. Peers live in a hash table that grows with
 * them (a hub has one per spoke). Pure logic: the daemon feeds it iked's
 * events and a clock, unit tests a fake event source. */
#ifndef NHRP_IPSEC_H
#define NHRP_IPSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "ike_spec.h"

#define NHRP_IPSEC_PEERS_MAX 65536	/* peers known at once; then holding fails */
#define NHRP_IPSEC_HELD 4		/* packets held per peer */
#define NHRP_IPSEC_HOLD_TIMEOUT 30	/* s a held packet waits for its SA */
#define NHRP_IPSEC_INITIATE_RETRY 10	/* s between two requests to iked per peer */

struct nhrp_ipsec_held {
	int ifindex;
	uint8_t *buf; /* NULL: free slot */
	size_t len;
	uint64_t since;
};

#define NHRP_IPSEC_SAS 4 /* IKE SAs tracked per peer (both ends initiated: 2) */

/* One IKE SA to the peer, by iked's unique id: when one of two goes down
 * the other still carries the peer. */
struct nhrp_ipsec_sa {
	uint32_t ike_id; /* 0: unknown (or free when !used) */
	bool used;
	unsigned children; /* its CHILD_SAs up */
};

struct nhrp_ipsec_peer {
	struct nhrp_ipsec_peer *next; /* same hash bucket */
	struct in_addr nbma;
	struct nhrp_ipsec_sa sas[NHRP_IPSEC_SAS];
	uint64_t initiate_at; /* when to ask iked for an SA; 0: no need */
	bool binding_gone;    /* a shortcut binding to it went: maybe close its SA */
	struct nhrp_ipsec_held held[NHRP_IPSEC_HELD];
};

struct nhrp_ipsec {
	struct nhrp_ipsec_peer **buckets; /* n_buckets, a power of two; NULL until needed */
	size_t n_buckets, n_peers;
	size_t n_gone; /* peers noted with binding_gone (0: nothing to look at) */
	unsigned hold_timeout;
	uint64_t rx_dropped, tx_held, tx_released, tx_expired, tx_overflow, purges;
	uint64_t initiations; /* requests to iked for an SA to a peer */
	uint64_t closes;      /* requests to iked to close an SA nothing uses */
};

enum nhrp_ipsec_action {
	NHRP_IPSEC_NONE,
	NHRP_IPSEC_RELEASE, /* a CHILD_SA came up: send what is held */
	NHRP_IPSEC_PURGE,   /* IKE SA down or peer dead: forget the peer */
};

void nhrp_ipsec_init(struct nhrp_ipsec *g);
void nhrp_ipsec_fini(struct nhrp_ipsec *g); /* frees held packets */

/* Whether nbma has a CHILD_SA up. */
bool nhrp_ipsec_up(const struct nhrp_ipsec *g, struct in_addr nbma);

/* Receive side: true if NHRP from nbma may be processed; else counts a drop. */
bool nhrp_ipsec_accept(struct nhrp_ipsec *g, struct in_addr nbma);

/* Send side: keeps a copy of buf for nbma until its CHILD_SA is up.
 * 0, or -ENOSPC (peer's queue or the peer table full: dropped, counted),
 * -ENOMEM. */
int nhrp_ipsec_hold(struct nhrp_ipsec *g, int ifindex, struct in_addr nbma, const uint8_t *buf,
		    size_t len, uint64_t now);

/* Applies an iked event; *peer gets the remote address it concerns. */
enum nhrp_ipsec_action nhrp_ipsec_event(struct nhrp_ipsec *g, const struct iked_msg_event *ev,
					struct in_addr *peer);

/* iked restarted: nothing is known to be up any more. */
void nhrp_ipsec_reset(struct nhrp_ipsec *g);

typedef int (*nhrp_ipsec_send_fn)(void *ctx, int ifindex, struct in_addr nbma, const uint8_t *buf,
				  size_t len);
/* Sends, oldest first, the packets held for nbma. Returns how many. */
unsigned nhrp_ipsec_release(struct nhrp_ipsec *g, struct in_addr nbma, nhrp_ipsec_send_fn send,
			    void *ctx);
/* Drops held packets older than the hold timeout. Returns how many. */
unsigned nhrp_ipsec_expire(struct nhrp_ipsec *g, uint64_t now);
/* Asks for an SA to nbma at `at` (monotonic s) unless a request is already
 * planned or was made less than NHRP_IPSEC_INITIATE_RETRY s ago. Only for a
 * peer something is held for. */
void nhrp_ipsec_initiate_after(struct nhrp_ipsec *g, struct in_addr nbma, uint64_t at);

typedef void (*nhrp_ipsec_initiate_fn)(void *ctx, int ifindex, struct in_addr nbma);
/* Calls fn for each peer whose request is due (still no CHILD_SA, still
 * something held), with the interface of its oldest held packet, and plans
 * the next one NHRP_IPSEC_INITIATE_RETRY s later. Returns how many. */
unsigned nhrp_ipsec_initiate_due(struct nhrp_ipsec *g, uint64_t now, nhrp_ipsec_initiate_fn fn,
				 void *ctx);
/* The earliest planned request or held packet expiry (1: a binding went,
 * look at once); 0: none. */
uint64_t nhrp_ipsec_next_due(const struct nhrp_ipsec *g);
/* Peers known (with an SA, held packets or a planned request). */
size_t nhrp_ipsec_peer_count(const struct nhrp_ipsec *g);

/* A spoke-to-spoke binding to nbma went: when nothing else uses the
 * peer, its SA should go too (IOS closes the crypto socket with the
 * mapping). Only noted here, for a peer with an SA up; the caller decides
 * later, when it may look at its cache (not from inside a cache callback). */
void nhrp_ipsec_binding_gone(struct nhrp_ipsec *g, struct in_addr nbma);
typedef void (*nhrp_ipsec_gone_fn)(void *ctx, struct in_addr nbma);
/* Calls fn for each peer noted so, and clears the notes. Returns how many. */
unsigned nhrp_ipsec_take_gone(struct nhrp_ipsec *g, nhrp_ipsec_gone_fn fn, void *ctx);

/* Packets held for nbma. */
unsigned nhrp_ipsec_held_count(const struct nhrp_ipsec *g, struct in_addr nbma);

#endif
