/* Kernel side of the NHRP engine (see nhrp_bind.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>

#include "lios.h"
#include "nhrp_bind.h"

/* The neighbour entry a cache change means: 1 to write n, 0 to remove it,
 * -1 for nothing (our own address, IPv6). */
static int
neigh_for(const struct nhrp_cache_entry *e, enum nhrp_cache_event ev, struct kernel_neigh *n)
{
	bool bound = e->nbma.len == 4 && e->type >= NHRP_CACHE_CACHED &&
		     e->type != NHRP_CACHE_LOCAL && e->proto.len == 4;

	if (e->proto.len != 4 || e->type == NHRP_CACHE_LOCAL)
		return -1;
	memset(n, 0, sizeof(*n));
	n->ifindex = e->ifindex;
	memcpy(&n->dst.s_addr, e->proto.bytes, 4);
	if (ev == NHRP_CACHE_DELETED || !bound)
		return 0;
	/* Permanent: the binding lives as long as the cache entry, which
	 * removes it; the kernel never ages it out under our feet. */
	memcpy(n->lladdr, e->nbma.bytes, 4);
	n->lladdr_len = 4;
	n->state = NUD_PERMANENT;
	return 1;
}

void
nhrp_bind_entry(struct kernel *k, const struct nhrp_cache_entry *e, enum nhrp_cache_event ev,
		char *err, size_t errlen)
{
	struct kernel_neigh n;
	int what = neigh_for(e, ev, &n), rc;

	err[0] = 0;
	if (what < 0)
		return;
	if (what == 0) {
		rc = kernel_neigh_del(k, &n);
		if (rc < 0 && rc != -ENOENT && rc != -ESRCH)
			snprintf(err, errlen, "neighbour %s: %s", inet_ntoa(n.dst), kernel_error(k));
		return;
	}
	rc = kernel_neigh_replace(k, &n);
	if (rc < 0)
		snprintf(err, errlen, "neighbour %s: %s", inet_ntoa(n.dst), kernel_error(k));
}

void
nhrp_bind_entry_queue(struct nhrp_neigh_batch *b, const struct nhrp_cache_entry *e,
		      enum nhrp_cache_event ev, char *err, size_t errlen)
{
	struct kernel_neigh n;
	int what = neigh_for(e, ev, &n), rc;

	err[0] = 0;
	if (what < 0)
		return;
	rc = what ? nhrp_neigh_batch_replace(b, n.ifindex, n.dst, n.lladdr, n.lladdr_len)
		  : nhrp_neigh_batch_delete(b, n.ifindex, n.dst);
	if (rc < 0)
		snprintf(err, errlen, "neighbour %s: %s", inet_ntoa(n.dst), strerror(-rc));
}

int
nhrp_bind_route(struct kernel *k, int ifindex, struct in_addr net, uint8_t prefixlen,
		struct in_addr gateway, bool add)
{
	struct kernel_route r = {
		.dst = net,
		.prefixlen = prefixlen,
		.type = KERNEL_ROUTE_UNICAST,
		.gateway = gateway,
		.oif = ifindex,
		.protocol = LIOS_RTPROT_NHRP,
	};

	return add ? kernel_route_replace(k, &r) : kernel_route_del(k, &r);
}

struct lpm {
	struct in_addr dst;
	struct nhrp_route_info *best;
	bool found;
};

static int
lpm_cb(const struct kernel_route *r, void *arg)
{
	struct lpm *l = arg;
	uint32_t m = r->prefixlen ? htonl(~0u << (32 - r->prefixlen)) : 0;

	if (r->type != KERNEL_ROUTE_UNICAST || (l->dst.s_addr & m) != r->dst.s_addr)
		return 0;
	if (l->found && r->prefixlen <= l->best->prefixlen)
		return 0;
	l->found = true;
	l->best->net = r->dst;
	l->best->prefixlen = r->prefixlen;
	l->best->gateway = r->gateway;
	l->best->oif = r->oif;
	return 0;
}

struct local_match {
	struct in_addr dst;
	bool found;
};

static int
local_cb(const struct kernel_addr *a, void *arg)
{
	struct local_match *m = arg;

	if (a->addr.s_addr == m->dst.s_addr)
		m->found = true;
	return 0;
}

int
nhrp_bind_route_lookup(struct kernel *k, struct in_addr dst, struct nhrp_route_info *out)
{
	struct lpm l = { .dst = dst, .best = out };
	struct local_match m = { .dst = dst };

	memset(out, 0, sizeof(*out));
	kernel_addr_dump(k, 0, local_cb, &m);
	if (kernel_route_dump(k, 0, 0, lpm_cb, &l) < 0 || !l.found)
		return -ENOENT;
	out->local = m.found;
	return 0;
}

struct neigh_list {
	struct kernel_neigh *v;
	size_t n, cap;
	int ifindex;
};

static int
collect_neigh(const struct kernel_neigh *n, void *arg)
{
	struct neigh_list *l = arg;

	if (n->ifindex != l->ifindex)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;
		struct kernel_neigh *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return 0;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *n;
	return 0;
}

void
nhrp_bind_flush_neighbours(struct kernel *k, int ifindex)
{
	struct neigh_list l = { .ifindex = ifindex };

	if (kernel_neigh_dump(k, ifindex, collect_neigh, &l) == 0)
		for (size_t i = 0; i < l.n; i++)
			kernel_neigh_del(k, &l.v[i]);
	free(l.v);
}

int
nhrp_bind_link_info(struct kernel *k, const char *name, int *ifindex, struct in_addr *nbma,
		    struct in_addr *address, uint8_t *prefixlen)
{
	struct kernel_link l;
	struct kernel_addr a;
	int rc = kernel_link_get(k, name, &l);

	if (rc < 0)
		return rc;
	*ifindex = l.ifindex;
	*nbma = l.gre.local;
	if (!nbma->s_addr && l.gre.link > 0 && kernel_addr_primary(k, l.gre.link, &a) == 0)
		*nbma = a.addr;
	if (kernel_addr_primary(k, l.ifindex, &a) == 0) {
		*address = a.addr;
		*prefixlen = a.prefixlen;
	}
	kernel_nhrp_prepare_link(k, l.ifindex);
	kernel_set_send_redirects(k, name, false);
	return 0;
}
