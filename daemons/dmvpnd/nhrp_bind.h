/* NHRP bindings in the kernel through libkernel: neighbour entries on the
 * mGRE device (lladdr = NBMA), shortcut routes with protocol
 * LIOS_RTPROT_NHRP, route lookups and the tunnels' own addresses. These
 * are the kernel side of nhrp_engine_ops. */
#ifndef NHRP_BIND_H
#define NHRP_BIND_H

#include "kernel_ops.h"
#include "nhrp_engine.h"
#include "nhrp_neigh_batch.h"

void nhrp_bind_entry(struct kernel *k, const struct nhrp_cache_entry *e,
		     enum nhrp_cache_event ev, char *err, size_t errlen);
/* The same, queued on a batch (sent by nhrp_neigh_batch_flush). */
void nhrp_bind_entry_queue(struct nhrp_neigh_batch *b, const struct nhrp_cache_entry *e,
			   enum nhrp_cache_event ev, char *err, size_t errlen);
int nhrp_bind_route(struct kernel *k, int ifindex, struct in_addr net, uint8_t prefixlen,
		    struct in_addr gateway, bool add);
/* Longest-prefix match over table main; local set for our own addresses. */
int nhrp_bind_route_lookup(struct kernel *k, struct in_addr dst, struct nhrp_route_info *out);
/* The link of a tunnel: ifindex, tunnel local address, primary address;
 * prepares its neighbour table for NHRP (app probes). */
int nhrp_bind_link_info(struct kernel *k, const char *name, int *ifindex, struct in_addr *nbma,
			struct in_addr *address, uint8_t *prefixlen);
/* Removes every neighbour entry of a tunnel we take over: bindings a
 * previous dmvpnd left (killed before it could remove them) would outlive
 * the registrations behind them. All of them, a hub's ten thousand as well
 * as a spoke's few; never on a tunnel we already serve, whose entries are
 * our live bindings. */
void nhrp_bind_flush_neighbours(struct kernel *k, int ifindex);

#endif
