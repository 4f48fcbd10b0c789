/* Neighbour entries written to the kernel in batches: a hub binding
 * thousands of spokes queues one rtnetlink request per binding and sends
 * them together, many to a sendmsg, without asking for acknowledgements
 * (the kernel answers only what it refuses). One binding used to cost a
 * request and the wait for its ack: three system calls, the dearest thing
 * a registration did. The caller sends the queue before it sleeps and
 * before any other kernel request that must see these entries. */
#ifndef NHRP_NEIGH_BATCH_H
#define NHRP_NEIGH_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

struct nhrp_neigh_batch;

/* A request the kernel refused (del: it was a removal; a removal of an
 * entry that is not there is no failure). err is a positive errno; ENOBUFS
 * with dst 0 means refusals were lost, not which. */
typedef void (*nhrp_neigh_fail_fn)(void *ctx, int ifindex, struct in_addr dst, bool del, int err);

/* Its own rtnetlink socket. NULL with errno set. */
struct nhrp_neigh_batch *nhrp_neigh_batch_open(nhrp_neigh_fail_fn fail, void *ctx);
/* Sends what is queued first. */
void nhrp_neigh_batch_close(struct nhrp_neigh_batch *b);

/* Queue a permanent entry dst -> lladdr on ifindex (created or replaced),
 * or its removal. A full queue is sent first. 0, -EINVAL (bad lladdr) or
 * the error of that send. */
int nhrp_neigh_batch_replace(struct nhrp_neigh_batch *b, int ifindex, struct in_addr dst,
			     const uint8_t *lladdr, uint8_t lladdr_len);
int nhrp_neigh_batch_delete(struct nhrp_neigh_batch *b, int ifindex, struct in_addr dst);

/* Sends the queue and reports the refusals to the fail callback. Returns
 * how many were refused, or -errno if the kernel could not be given the
 * batch (its requests are then reported as refused too). */
int nhrp_neigh_batch_flush(struct nhrp_neigh_batch *b);
size_t nhrp_neigh_batch_pending(const struct nhrp_neigh_batch *b);

#endif
