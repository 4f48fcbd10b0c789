/*
 * Both ends of a p2p tunnel with tunnel protection initiate, as IOS peers
 * do. Started together they race and charon ends up with two IKE SAs to
 * the same peer. Two rules keep one (pure logic here, charon side in
 * race_driver.c):
 *  - the end with the lower address initiates at once; the other waits
 *    IKE_RACE_DEFER s and initiates only if no IKE SA with the peer exists
 *    or is being negotiated by then;
 *  - duplicates that still appear (both ends retrying after an outage)
 *    are resolved by keeping the most recently established IKE SA. When
 *    they were established within IKE_RACE_NEAR s of each other (crossed
 *    negotiations, both alive) only the lower address deletes, so the two
 *    ends never delete different ones; an older one (left over from before
 *    the peer restarted) is deleted by whichever end still has it.
 */
#ifndef IKED_IKE_RACE_H
#define IKED_IKE_RACE_H

#include <stdbool.h>
#include <stdint.h>

#define IKE_RACE_DEFER 5  /* s the higher address waits before initiating */
#define IKE_RACE_SETTLE 2 /* s the newest duplicate is up before we act */
#define IKE_RACE_NEAR 5   /* s: established closer than this = crossed */
/* s: an IKEv1 peer that sent us a first Main Mode message this recently is
 * retrying (charon's default gaps grow to 42 s): let it, or the next
 * retransmission crosses our own attempt and charon's uniqueness check,
 * which IKEv1 keeps, may delete a different SA at each end. */
#define IKE_RACE_V1_QUIET 45

/* <0, 0, >0 as address LOCAL is lower, equal, higher than REMOTE (IPv4
 * before IPv6; text order for anything else, e.g. %any). */
int ike_race_addr_cmp(const char *local, const char *remote);

/* An established IKE SA of one spec with one peer. */
struct ike_race_sa {
	uint32_t id;          /* charon's unique id (higher: created later) */
	uint32_t established; /* monotonic s */
};

/* Marks in del[] (n entries, cleared here) the IKE SAs to delete among V;
 * LOWER: our address is the lower one. Returns how many. */
int ike_race_resolve(const struct ike_race_sa *v, int n, bool lower, uint32_t now, bool *del);

#endif
