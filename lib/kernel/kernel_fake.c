/* kernel_fake: an in-memory kernel for unit tests of the layers above, with
 * fault injection. It mimics the Linux behaviour those layers depend on
 * (error codes, secondaries, routes and neighbours flushed when a link goes
 * down or away); the same contract tests run against it and the real
 * backend (tests/unit/check_kernel_contract.c) to keep it honest.
 * Not modelled: connected (proto kernel) routes, multipath, IPv6. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "kernel_ops.h"

#define FAKE_MAX_SYSCTL 64

struct fake_fault {
	unsigned int nth; /* 0: none armed */
	int err_no;
};

struct fake_sysctl {
	char path[128];
	char value[64];
};

struct fake_mss {
	char ifname[IFNAMSIZ];
	uint16_t mss;
};

/* A link and, for a veth, its peer's ifindex. */
struct fake_link {
	struct kernel_link l; /* first: link pointers are fake_link pointers */
	int peer;
};

/* A growable array of fixed-size elements. */
struct vec {
	void *v;
	size_t n, cap, size;
};

struct fake {
	struct kernel k; /* first: the handle */
	struct vec links, addrs, routes, neighs, events, mss;
	struct fake_sysctl sysctl[FAKE_MAX_SYSCTL];
	size_t nsysctl;
	int next_ifindex;
	unsigned int lacks;	/* bit per enum kernel_link_kind */
	unsigned int calls[KERNEL_OP_COUNT];
	struct fake_fault fault[KERNEL_OP_COUNT];
	int mon_fd;
	unsigned int mon_groups;
	kernel_event_cb mon_cb;
	void *mon_arg;
};

static struct fake *
fake_of(struct kernel *k)
{
	return (struct fake *)k;
}

static void *
vec_at(struct vec *v, size_t i)
{
	return (char *)v->v + i * v->size;
}

static void *
vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		void *p = realloc(v->v, cap * v->size);

		if (!p)
			return NULL;
		v->v = p;
		v->cap = cap;
	}
	memset(vec_at(v, v->n), 0, v->size);
	return vec_at(v, v->n++);
}

static void
vec_remove(struct vec *v, size_t i)
{
	memmove(vec_at(v, i), vec_at(v, i + 1), (v->n - i - 1) * v->size);
	v->n--;
}

/* Counts the call and fires an armed fault. */
static int
fake_enter(struct fake *f, enum kernel_op op)
{
	struct fake_fault *ft = &f->fault[op];

	f->calls[op]++;
	if (ft->nth && --ft->nth == 0)
		return kernel_fail(&f->k, ft->err_no, "injected failure of %s: %s", kernel_op_name(op),
				   strerror(ft->err_no));
	return 0;
}

static int
fake_nomem(struct fake *f)
{
	return kernel_fail(&f->k, ENOMEM, "out of memory");
}

static void
fake_event(struct fake *f, enum kernel_event_type type, const void *obj)
{
	struct kernel_event *ev;
	unsigned int group;
	uint64_t one = 1;

	if (f->mon_fd < 0)
		return;
	group = type <= KERNEL_EV_LINK_DEL   ? KERNEL_MON_LINK
		: type <= KERNEL_EV_ADDR_DEL ? KERNEL_MON_ADDR
					     : KERNEL_MON_NEIGH;
	if (!(f->mon_groups & group))
		return;
	if (!(ev = vec_push(&f->events)))
		return; /* a lost event; real netlink would say ENOBUFS */
	ev->type = type;
	if (group == KERNEL_MON_LINK)
		ev->link = *(const struct kernel_link *)obj;
	else if (group == KERNEL_MON_ADDR)
		ev->addr = *(const struct kernel_addr *)obj;
	else
		ev->neigh = *(const struct kernel_neigh *)obj;
	if (write(f->mon_fd, &one, sizeof(one)) < 0)
		return; /* the counter saturates only after 2^64 writes */
}

/* Links */

static struct kernel_link *
link_find(struct fake *f, const char *name, int ifindex)
{
	for (size_t i = 0; i < f->links.n; i++) {
		struct kernel_link *l = &((struct fake_link *)vec_at(&f->links, i))->l;

		if (name ? strcmp(l->name, name) == 0 : l->ifindex == ifindex)
			return l;
	}
	return NULL;
}

static int
link_peer(const struct kernel_link *l)
{
	return ((const struct fake_link *)l)->peer;
}

static int
link_missing(struct fake *f, int ifindex)
{
	return kernel_fail(&f->k, ENODEV, "no interface with index %d", ifindex);
}

static int
fake_link_get(struct kernel *k, const char *name, int ifindex, struct kernel_link *out)
{
	struct fake *f = fake_of(k);
	struct kernel_link *l;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_LINK_GET)) < 0)
		return rc;
	if (!(l = link_find(f, name, ifindex)))
		return name ? kernel_fail(k, ENODEV, "interface %s does not exist", name)
			    : link_missing(f, ifindex);
	*out = *l;
	return 0;
}

static int
fake_link_dump(struct kernel *k, kernel_link_cb cb, void *arg)
{
	struct fake *f = fake_of(k);
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_LINK_DUMP)) < 0)
		return rc;
	for (size_t i = 0; i < f->links.n; i++)
		if ((rc = cb(vec_at(&f->links, i), arg)) != 0)
			return rc;
	return 0;
}

/* Carrier as the kernel reports it for an up link of this kind. */
static bool
link_has_carrier(struct fake *f, const struct kernel_link *l)
{
	if (l->kind == KERNEL_LINK_VETH) {
		int peer = link_peer(l);
		struct kernel_link *p = peer ? link_find(f, NULL, peer) : NULL;

		return p && p->up;
	}
	return true;
}

static void
link_update_flags(struct fake *f, struct kernel_link *l)
{
	l->flags &= ~(unsigned int)(IFF_UP | IFF_RUNNING | KERNEL_IFF_LOWER_UP);
	l->lower_up = l->up && link_has_carrier(f, l);
	if (l->up)
		l->flags |= IFF_UP;
	if (l->lower_up)
		l->flags |= IFF_RUNNING | KERNEL_IFF_LOWER_UP;
}

static void
link_init(struct fake *f, struct kernel_link *l, const char *name, enum kernel_link_kind kind)
{
	l->ifindex = f->next_ifindex++;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->kind = kind;
	if (kind != KERNEL_LINK_ETHER && kind != KERNEL_LINK_LOOPBACK)
		snprintf(l->kind_name, sizeof(l->kind_name), "%s", kernel_link_kind_name(kind));
	l->mtu = 1500;
	if (kind == KERNEL_LINK_VETH || kind == KERNEL_LINK_DUMMY) {
		l->lladdr_len = 6;
		l->lladdr[0] = 0x02; /* locally administered */
		l->lladdr[4] = (uint8_t)(l->ifindex >> 8);
		l->lladdr[5] = (uint8_t)l->ifindex;
		l->flags = IFF_BROADCAST | IFF_MULTICAST;
	}
	if (kind == KERNEL_LINK_DUMMY)
		l->flags |= IFF_NOARP;
}

static int
spec_check(struct fake *f, const struct kernel_link_spec *spec)
{
	size_t len = strnlen(spec->name, IFNAMSIZ);

	if (len == 0 || len >= IFNAMSIZ || strchr(spec->name, '/') || strchr(spec->name, ' '))
		return kernel_fail(&f->k, EINVAL, "bad interface name");
	if (link_find(f, spec->name, 0))
		return kernel_fail(&f->k, EEXIST, "create %s: %s", spec->name, strerror(EEXIST));
	if (f->lacks & (1u << spec->kind))
		return kernel_fail(&f->k, EOPNOTSUPP, "%s",
				   spec->kind == KERNEL_LINK_GRE	 ? KERNEL_MSG_NO_GRE
				   : spec->kind == KERNEL_LINK_VTI   ? KERNEL_MSG_NO_VTI
				   : spec->kind == KERNEL_LINK_DUMMY ? KERNEL_MSG_NO_DUMMY
								     : KERNEL_MSG_NO_VETH);
	if (spec->kind == KERNEL_LINK_VETH) {
		len = strnlen(spec->peer_name, IFNAMSIZ);
		if (len == 0 || len >= IFNAMSIZ || strcmp(spec->peer_name, spec->name) == 0)
			return kernel_fail(&f->k, EINVAL, "bad veth peer name");
		if (link_find(f, spec->peer_name, 0))
			return kernel_fail(&f->k, EEXIST, "create %s: %s", spec->peer_name, strerror(EEXIST));
	}
	return 0;
}

static void
gre_apply(struct kernel_link *l, const struct kernel_gre *gre)
{
	l->gre = *gre;
	l->lladdr_len = 4;
	memcpy(l->lladdr, &gre->local.s_addr, 4);
	l->flags = IFF_NOARP | (gre->remote.s_addr ? IFF_POINTOPOINT : 0) | (l->flags & IFF_UP);
	if (l->kind == KERNEL_LINK_VTI) {
		/* as ip_vti: keys always, no TTL, 20 bytes of outer IPv4 */
		l->gre.has_key = true;
		l->gre.ttl = 0;
		l->mtu = 1500 - 20;
		return;
	}
	/* 20 bytes outer IPv4 + 4 GRE (+ 4 key) */
	l->mtu = 1500 - 24 - (gre->has_key ? 4 : 0);
}

static int
fake_link_add(struct kernel *k, const struct kernel_link_spec *spec, int *ifindex)
{
	struct fake *f = fake_of(k);
	struct kernel_link *l, *p;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_LINK_ADD)) < 0)
		return rc;
	if (spec->kind != KERNEL_LINK_GRE && spec->kind != KERNEL_LINK_VTI && spec->kind != KERNEL_LINK_DUMMY &&
	    spec->kind != KERNEL_LINK_VETH)
		return kernel_fail(k, EOPNOTSUPP, "creating %s links is not supported",
				   kernel_link_kind_name(spec->kind));
	if ((rc = spec_check(f, spec)) < 0)
		return rc;
	if (!(l = vec_push(&f->links))) /* a fake_link, zeroed */
		return fake_nomem(f);
	link_init(f, l, spec->name, spec->kind);
	if (spec->kind == KERNEL_LINK_GRE || spec->kind == KERNEL_LINK_VTI)
		gre_apply(l, &spec->gre);
	if (spec->mtu)
		l->mtu = spec->mtu;
	if (ifindex)
		*ifindex = l->ifindex;
	fake_event(f, KERNEL_EV_LINK_NEW, l);
	if (spec->kind == KERNEL_LINK_VETH) {
		int idx = l->ifindex;
		struct fake_link *fp;

		if (!(fp = vec_push(&f->links))) {
			f->links.n--;
			return fake_nomem(f);
		}
		p = &fp->l;
		link_init(f, p, spec->peer_name, KERNEL_LINK_VETH);
		if (spec->mtu)
			p->mtu = spec->mtu;
		fp->peer = idx;
		/* the push may have moved the array */
		((struct fake_link *)link_find(f, NULL, idx))->peer = p->ifindex;
		fake_event(f, KERNEL_EV_LINK_NEW, p);
	}
	return 0;
}

/* What the kernel does when a link goes down or away: its routes and
 * neighbour entries go; with delete, its addresses too. */
static void
link_flush(struct fake *f, int ifindex, bool delete)
{
	for (size_t i = f->routes.n; i-- > 0;) {
		struct kernel_route *r = vec_at(&f->routes, i);

		if (r->oif == ifindex)
			vec_remove(&f->routes, i);
	}
	for (size_t i = f->neighs.n; i-- > 0;) {
		struct kernel_neigh *n = vec_at(&f->neighs, i);

		if (n->ifindex == ifindex) {
			fake_event(f, KERNEL_EV_NEIGH_DEL, n);
			vec_remove(&f->neighs, i);
		}
	}
	if (!delete)
		return;
	for (size_t i = f->addrs.n; i-- > 0;) {
		struct kernel_addr *a = vec_at(&f->addrs, i);

		if (a->ifindex == ifindex) {
			fake_event(f, KERNEL_EV_ADDR_DEL, a);
			vec_remove(&f->addrs, i);
		}
	}
}

static void
link_remove(struct fake *f, struct kernel_link *l)
{
	int ifindex = l->ifindex;

	link_flush(f, ifindex, true);
	fake_event(f, KERNEL_EV_LINK_DEL, l);
	l = link_find(f, NULL, ifindex);
	vec_remove(&f->links, (size_t)((struct fake_link *)l - (struct fake_link *)f->links.v));
}

static int
fake_link_del(struct kernel *k, int ifindex)
{
	struct fake *f = fake_of(k);
	struct kernel_link *l;
	int peer;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_LINK_DEL)) < 0)
		return rc;
	if (!(l = link_find(f, NULL, ifindex)))
		return link_missing(f, ifindex);
	if (l->kind == KERNEL_LINK_LOOPBACK)
		return kernel_fail(k, EOPNOTSUPP, "cannot delete %s", l->name);
	peer = link_peer(l);
	link_remove(f, l);
	if (peer && (l = link_find(f, NULL, peer)))
		link_remove(f, l);
	return 0;
}

static void
link_changed(struct fake *f, struct kernel_link *l)
{
	link_update_flags(f, l);
	if (!l->up)
		link_flush(f, l->ifindex, false);
	fake_event(f, KERNEL_EV_LINK_NEW, l);
}

static int
fake_link_set_up(struct kernel *k, int ifindex, bool up)
{
	struct fake *f = fake_of(k);
	struct kernel_link *l, *p;
	int peer;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_LINK_SET_UP)) < 0)
		return rc;
	if (!(l = link_find(f, NULL, ifindex)))
		return link_missing(f, ifindex);
	l->up = up;
	link_changed(f, l);
	/* a veth's carrier follows its peer's admin state */
	peer = link_peer(l);
	if (peer && (p = link_find(f, NULL, peer)) && p->up)
		link_changed(f, p);
	return 0;
}

static int
fake_link_set_mtu(struct kernel *k, int ifindex, uint32_t mtu)
{
	struct fake *f = fake_of(k);
	struct kernel_link *l;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_LINK_SET_MTU)) < 0)
		return rc;
	if (!(l = link_find(f, NULL, ifindex)))
		return link_missing(f, ifindex);
	/* IPv4 needs 68; veth and dummy allow up to 65535 */
	if (mtu < 68 || mtu > 65535)
		return kernel_fail(k, EINVAL, "set mtu %u on %s: %s", mtu, l->name, strerror(EINVAL));
	l->mtu = mtu;
	link_changed(f, l);
	return 0;
}

static int
fake_link_set_noarp(struct kernel *k, int ifindex, bool noarp)
{
	struct fake *f = fake_of(k);
	struct kernel_link *l;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_LINK_SET_NOARP)) < 0)
		return rc;
	if (!(l = link_find(f, NULL, ifindex)))
		return link_missing(f, ifindex);
	if (noarp)
		l->flags |= IFF_NOARP;
	else
		l->flags &= ~(unsigned int)IFF_NOARP;
	link_changed(f, l);
	return 0;
}

static int
fake_link_set_gre(struct kernel *k, int ifindex, const struct kernel_gre *gre)
{
	struct fake *f = fake_of(k);
	struct kernel_link *l;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_LINK_SET_GRE)) < 0)
		return rc;
	if (!(l = link_find(f, NULL, ifindex)))
		return link_missing(f, ifindex);
	if (l->kind != KERNEL_LINK_GRE && l->kind != KERNEL_LINK_VTI)
		return kernel_fail(k, EINVAL, "%s is not a GRE or VTI tunnel", l->name);
	if (!!l->gre.remote.s_addr != !!gre->remote.s_addr)
		return kernel_fail(k, EINVAL, "%s: cannot change between point-to-point and multipoint",
				   l->name);
	gre_apply(l, gre);
	link_changed(f, l);
	return 0;
}

/* Addresses */

static uint32_t
prefix_mask(uint8_t prefixlen)
{
	return prefixlen ? htonl(~0u << (32 - prefixlen)) : 0;
}

static bool
same_subnet(const struct kernel_addr *a, const struct kernel_addr *b)
{
	uint32_t m = prefix_mask(a->prefixlen);

	return a->prefixlen == b->prefixlen && ((a->addr.s_addr ^ b->addr.s_addr) & m) == 0;
}

static char *
addr_str(const struct kernel_addr *a, char *buf, size_t len)
{
	char ip[INET_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", inet_ntop(AF_INET, &a->addr, ip, sizeof(ip)), a->prefixlen);
	return buf;
}

static int
fake_addr_add(struct kernel *k, const struct kernel_addr *req)
{
	struct fake *f = fake_of(k);
	struct kernel_addr *a;
	bool secondary = false;
	char buf[32];
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_ADDR_ADD)) < 0)
		return rc;
	if (!link_find(f, NULL, req->ifindex))
		return link_missing(f, req->ifindex);
	if (req->prefixlen > 32)
		return kernel_fail(k, EINVAL, "bad prefix length %u", req->prefixlen);
	for (size_t i = 0; i < f->addrs.n; i++) {
		a = vec_at(&f->addrs, i);
		if (a->ifindex != req->ifindex)
			continue;
		if (a->addr.s_addr == req->addr.s_addr && a->prefixlen == req->prefixlen)
			return kernel_fail(k, EEXIST, "add address %s: %s", addr_str(req, buf, sizeof(buf)),
					   strerror(EEXIST));
		if (!a->secondary && same_subnet(a, req))
			secondary = true;
	}
	if (!(a = vec_push(&f->addrs)))
		return fake_nomem(f);
	*a = *req;
	a->secondary = secondary;
	fake_event(f, KERNEL_EV_ADDR_NEW, a);
	return 0;
}

static int
fake_addr_del(struct kernel *k, const struct kernel_addr *req)
{
	struct fake *f = fake_of(k);
	struct kernel_addr *a, gone;
	char buf[32];
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_ADDR_DEL)) < 0)
		return rc;
	if (!link_find(f, NULL, req->ifindex))
		return link_missing(f, req->ifindex);
	for (size_t i = 0; i < f->addrs.n; i++) {
		a = vec_at(&f->addrs, i);
		if (a->ifindex != req->ifindex || a->addr.s_addr != req->addr.s_addr || a->prefixlen != req->prefixlen)
			continue;
		gone = *a;
		fake_event(f, KERNEL_EV_ADDR_DEL, a);
		vec_remove(&f->addrs, i);
		if (gone.secondary)
			return 0;
		/* promote_secondaries is 0 by default: a primary takes its
		 * secondaries with it */
		for (size_t j = f->addrs.n; j-- > 0;) {
			a = vec_at(&f->addrs, j);
			if (a->ifindex == gone.ifindex && a->secondary && same_subnet(a, &gone)) {
				fake_event(f, KERNEL_EV_ADDR_DEL, a);
				vec_remove(&f->addrs, j);
			}
		}
		return 0;
	}
	return kernel_fail(k, EADDRNOTAVAIL, "delete address %s: %s", addr_str(req, buf, sizeof(buf)),
			   strerror(EADDRNOTAVAIL));
}

static int
fake_addr_dump(struct kernel *k, int ifindex, kernel_addr_cb cb, void *arg)
{
	struct fake *f = fake_of(k);
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_ADDR_DUMP)) < 0)
		return rc;
	for (size_t i = 0; i < f->addrs.n; i++) {
		struct kernel_addr *a = vec_at(&f->addrs, i);

		if ((!ifindex || a->ifindex == ifindex) && (rc = cb(a, arg)) != 0)
			return rc;
	}
	return 0;
}

/* Routes */

static uint32_t
route_table(const struct kernel_route *r)
{
	return r->table ? r->table : 254; /* RT_TABLE_MAIN */
}

static char *
route_str(const struct kernel_route *r, char *buf, size_t len)
{
	char ip[INET_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", inet_ntop(AF_INET, &r->dst, ip, sizeof(ip)), r->prefixlen);
	return buf;
}

/* The up link (oif, if given) through which gw is directly reachable,
 * 0 if none. */
static int
gateway_onlink(struct fake *f, struct in_addr gw, int oif)
{
	for (size_t i = 0; i < f->addrs.n; i++) {
		struct kernel_addr *a = vec_at(&f->addrs, i);
		struct kernel_link *l = link_find(f, NULL, a->ifindex);
		uint32_t m = prefix_mask(a->prefixlen);

		if ((!oif || a->ifindex == oif) && l && l->up && ((a->addr.s_addr ^ gw.s_addr) & m) == 0)
			return a->ifindex;
	}
	return 0;
}

static int
route_check(struct fake *f, const struct kernel_route *r)
{
	char buf[32];
	struct kernel_link *l;

	route_str(r, buf, sizeof(buf));
	if (r->prefixlen > 32 || (r->dst.s_addr & ~prefix_mask(r->prefixlen)))
		return kernel_fail(&f->k, EINVAL, "route %s: invalid prefix for the prefix length", buf);
	if (r->type != KERNEL_ROUTE_UNICAST)
		return 0;
	if (!r->oif && !r->gateway.s_addr)
		return kernel_fail(&f->k, EINVAL, "route %s: no gateway or interface", buf);
	if (r->oif) {
		if (!(l = link_find(f, NULL, r->oif)))
			return kernel_fail(&f->k, ENODEV, "route %s: no interface with index %d", buf, r->oif);
		if (!l->up)
			return kernel_fail(&f->k, ENETDOWN, "route %s: nexthop device is not up", buf);
	}
	if (r->gateway.s_addr && !gateway_onlink(f, r->gateway, r->oif))
		return kernel_fail(&f->k, ENETUNREACH, "route %s: nexthop has invalid gateway", buf);
	return 0;
}

/* The kernel's identity of a route inside a table. */
static bool
route_same_key(const struct kernel_route *a, const struct kernel_route *b)
{
	return route_table(a) == route_table(b) && a->dst.s_addr == b->dst.s_addr && a->prefixlen == b->prefixlen &&
	       a->metric == b->metric;
}

static int
route_write(struct kernel *k, const struct kernel_route *req, bool replace)
{
	struct fake *f = fake_of(k);
	struct kernel_route *r = NULL;
	char buf[32];
	int rc;

	if ((rc = fake_enter(f, replace ? KERNEL_OP_ROUTE_REPLACE : KERNEL_OP_ROUTE_ADD)) < 0)
		return rc;
	if ((rc = route_check(f, req)) < 0)
		return rc;
	for (size_t i = 0; i < f->routes.n && !r; i++)
		if (route_same_key(vec_at(&f->routes, i), req))
			r = vec_at(&f->routes, i);
	if (r && !replace)
		return kernel_fail(k, EEXIST, "add route %s: %s", route_str(req, buf, sizeof(buf)), strerror(EEXIST));
	if (!r && !(r = vec_push(&f->routes)))
		return fake_nomem(f);
	*r = *req;
	r->table = route_table(req);
	if (!r->oif && r->gateway.s_addr) /* the kernel resolves it */
		r->oif = gateway_onlink(f, r->gateway, 0);
	return 0;
}

static int
fake_route_add(struct kernel *k, const struct kernel_route *r)
{
	return route_write(k, r, false);
}

static int
fake_route_replace(struct kernel *k, const struct kernel_route *r)
{
	return route_write(k, r, true);
}

/* Like fib_table_delete: fields left 0 in the request match anything. */
static bool
route_del_match(const struct kernel_route *r, const struct kernel_route *req)
{
	return route_table(r) == route_table(req) && r->dst.s_addr == req->dst.s_addr &&
	       r->prefixlen == req->prefixlen && (!req->protocol || r->protocol == req->protocol) &&
	       (!req->metric || r->metric == req->metric) &&
	       (!req->gateway.s_addr || r->gateway.s_addr == req->gateway.s_addr) &&
	       (!req->oif || r->oif == req->oif);
}

static int
fake_route_del(struct kernel *k, const struct kernel_route *req)
{
	struct fake *f = fake_of(k);
	char buf[32];
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_ROUTE_DEL)) < 0)
		return rc;
	for (size_t i = 0; i < f->routes.n; i++)
		if (route_del_match(vec_at(&f->routes, i), req)) {
			vec_remove(&f->routes, i);
			return 0;
		}
	return kernel_fail(k, ESRCH, "delete route %s: %s", route_str(req, buf, sizeof(buf)), strerror(ESRCH));
}

static int
fake_route_dump(struct kernel *k, uint32_t table, uint8_t protocol, kernel_route_cb cb, void *arg)
{
	struct fake *f = fake_of(k);
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_ROUTE_DUMP)) < 0)
		return rc;
	if (!table)
		table = 254;
	for (size_t i = 0; i < f->routes.n; i++) {
		struct kernel_route *r = vec_at(&f->routes, i);

		if (r->table == table && (!protocol || r->protocol == protocol) && (rc = cb(r, arg)) != 0)
			return rc;
	}
	return 0;
}

/* Neighbours */

static struct kernel_neigh *
neigh_find(struct fake *f, int ifindex, struct in_addr dst, size_t *pos)
{
	for (size_t i = 0; i < f->neighs.n; i++) {
		struct kernel_neigh *n = vec_at(&f->neighs, i);

		if (n->ifindex == ifindex && n->dst.s_addr == dst.s_addr) {
			if (pos)
				*pos = i;
			return n;
		}
	}
	return NULL;
}

static int
neigh_write(struct kernel *k, const struct kernel_neigh *req, bool replace)
{
	struct fake *f = fake_of(k);
	struct kernel_link *l;
	struct kernel_neigh *n;
	char ip[INET_ADDRSTRLEN];
	int rc;

	if ((rc = fake_enter(f, replace ? KERNEL_OP_NEIGH_REPLACE : KERNEL_OP_NEIGH_ADD)) < 0)
		return rc;
	if (!(l = link_find(f, NULL, req->ifindex)))
		return link_missing(f, req->ifindex);
	inet_ntop(AF_INET, &req->dst, ip, sizeof(ip));
	if (req->lladdr_len > KERNEL_LLADDR_MAX || (req->lladdr_len && req->lladdr_len < l->lladdr_len))
		return kernel_fail(k, EINVAL, "neighbour %s: link-layer address too short for %s", ip, l->name);
	if ((n = neigh_find(f, req->ifindex, req->dst, NULL)) && !replace)
		return kernel_fail(k, EEXIST, "add neighbour %s: %s", ip, strerror(EEXIST));
	if (!n && !(n = vec_push(&f->neighs)))
		return fake_nomem(f);
	*n = *req;
	fake_event(f, KERNEL_EV_NEIGH_NEW, n);
	return 0;
}

static int
fake_neigh_add(struct kernel *k, const struct kernel_neigh *n)
{
	return neigh_write(k, n, false);
}

static int
fake_neigh_replace(struct kernel *k, const struct kernel_neigh *n)
{
	return neigh_write(k, n, true);
}

static int
fake_neigh_del(struct kernel *k, const struct kernel_neigh *req)
{
	struct fake *f = fake_of(k);
	struct kernel_neigh *n;
	char ip[INET_ADDRSTRLEN];
	size_t pos;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_NEIGH_DEL)) < 0)
		return rc;
	if (!link_find(f, NULL, req->ifindex))
		return link_missing(f, req->ifindex);
	if (!(n = neigh_find(f, req->ifindex, req->dst, &pos)))
		return kernel_fail(k, ENOENT, "delete neighbour %s: %s", inet_ntop(AF_INET, &req->dst, ip, sizeof(ip)),
				   strerror(ENOENT));
	fake_event(f, KERNEL_EV_NEIGH_DEL, n);
	vec_remove(&f->neighs, pos);
	return 0;
}

static int
fake_neigh_dump(struct kernel *k, int ifindex, kernel_neigh_cb cb, void *arg)
{
	struct fake *f = fake_of(k);
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_NEIGH_DUMP)) < 0)
		return rc;
	for (size_t i = 0; i < f->neighs.n; i++) {
		struct kernel_neigh *n = vec_at(&f->neighs, i);

		if ((!ifindex || n->ifindex == ifindex) && (rc = cb(n, arg)) != 0)
			return rc;
	}
	return 0;
}

/* Sysctls: per-interface paths exist only for existing links (and the
 * "all" and "default" pseudo interfaces), as in /proc/sys. */

/* Values of a fresh namespace, for the sysctls lios reads. */
static const struct {
	const char *leaf, *value;
} sysctl_defaults[] = {
	{ "send_redirects", "1" }, { "app_solicit", "0" }, { "ucast_solicit", "3" },
	{ "mcast_solicit", "3" },  { "ip_forward", "0" },  { "forwarding", "0" },
};

static bool
sysctl_exists(struct fake *f, const char *path)
{
	static const char *const per_if[] = { "net/ipv4/conf/", "net/ipv4/neigh/", "net/ipv6/conf/" };
	char ifname[IFNAMSIZ + 1];

	for (size_t i = 0; i < sizeof(per_if) / sizeof(per_if[0]); i++) {
		size_t plen = strlen(per_if[i]);
		const char *rest, *slash;

		if (strncmp(path, per_if[i], plen) != 0)
			continue;
		rest = path + plen;
		if (!(slash = strchr(rest, '/')) || (size_t)(slash - rest) > IFNAMSIZ)
			return false;
		snprintf(ifname, sizeof(ifname), "%.*s", (int)(slash - rest), rest);
		return !strcmp(ifname, "all") || !strcmp(ifname, "default") || link_find(f, ifname, 0);
	}
	return true;
}

static struct fake_sysctl *
sysctl_find(struct fake *f, const char *path)
{
	for (size_t i = 0; i < f->nsysctl; i++)
		if (strcmp(f->sysctl[i].path, path) == 0)
			return &f->sysctl[i];
	return NULL;
}

static int
fake_sysctl_set(struct kernel *k, const char *path, const char *value)
{
	struct fake *f = fake_of(k);
	struct fake_sysctl *s;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_SYSCTL_SET)) < 0)
		return rc;
	if (!sysctl_exists(f, path))
		return kernel_fail(k, ENOENT, "sysctl %s: %s", path, strerror(ENOENT));
	if (strlen(path) >= sizeof(s->path) || strlen(value) >= sizeof(s->value))
		return kernel_fail(k, EINVAL, "sysctl %s: too long", path);
	if (!(s = sysctl_find(f, path))) {
		if (f->nsysctl == FAKE_MAX_SYSCTL)
			return kernel_fail(k, ENOSPC, "fake kernel: too many sysctls");
		s = &f->sysctl[f->nsysctl++];
		snprintf(s->path, sizeof(s->path), "%s", path);
	}
	snprintf(s->value, sizeof(s->value), "%s", value);
	return 0;
}

static int
fake_sysctl_get(struct kernel *k, const char *path, char *buf, size_t len)
{
	struct fake *f = fake_of(k);
	struct fake_sysctl *s;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_SYSCTL_GET)) < 0)
		return rc;
	if (!sysctl_exists(f, path))
		return kernel_fail(k, ENOENT, "sysctl %s: %s", path, strerror(ENOENT));
	if ((s = sysctl_find(f, path))) {
		snprintf(buf, len, "%s", s->value);
		return 0;
	}
	for (size_t i = 0; i < sizeof(sysctl_defaults) / sizeof(sysctl_defaults[0]); i++) {
		const char *leaf = strrchr(path, '/');

		if (leaf && strcmp(leaf + 1, sysctl_defaults[i].leaf) == 0) {
			snprintf(buf, len, "%s", sysctl_defaults[i].value);
			return 0;
		}
	}
	return kernel_fail(k, ENOENT, "sysctl %s: not modelled by the fake kernel", path);
}

/* Monitor */

static int
fake_monitor_open(struct kernel *k, unsigned int groups, kernel_event_cb cb, void *arg)
{
	struct fake *f = fake_of(k);
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_MONITOR_OPEN)) < 0)
		return rc;
	if (f->mon_fd >= 0)
		return kernel_fail(k, EBUSY, "monitor already open");
	if ((f->mon_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0)
		return kernel_fail(k, errno, "eventfd: %s", strerror(errno));
	f->mon_groups = groups;
	f->mon_cb = cb;
	f->mon_arg = arg;
	return f->mon_fd;
}

static int
fake_monitor_process(struct kernel *k)
{
	struct fake *f = fake_of(k);
	uint64_t count;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_MONITOR_PROCESS)) < 0) {
		if (rc == -ENOBUFS && f->mon_fd >= 0) {
			/* an overrun loses what was queued, as netlink does */
			f->events.n = 0;
			if (read(f->mon_fd, &count, sizeof(count)) < 0 && errno != EAGAIN)
				return rc;
		}
		return rc;
	}
	if (f->mon_fd < 0)
		return kernel_fail(k, EBADF, "monitor not open");
	if (read(f->mon_fd, &count, sizeof(count)) < 0 && errno != EAGAIN)
		return kernel_fail(k, errno, "eventfd: %s", strerror(errno));
	/* The callback may call back into the fake and queue more events:
	 * take the queue first. */
	while (f->events.n) {
		struct vec q = f->events;

		f->events = (struct vec){ .size = sizeof(struct kernel_event) };
		for (size_t i = 0; i < q.n; i++)
			f->mon_cb(vec_at(&q, i), f->mon_arg);
		free(q.v);
	}
	return 0;
}

static void
fake_monitor_close(struct kernel *k)
{
	struct fake *f = fake_of(k);

	if (f->mon_fd >= 0)
		close(f->mon_fd);
	f->mon_fd = -1;
	f->events.n = 0;
}

/* MSS clamp */

static int
fake_mss_clamp_set(struct kernel *k, const char *ifname, uint16_t mss)
{
	struct fake *f = fake_of(k);
	struct fake_mss *m;
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_MSS_CLAMP_SET)) < 0)
		return rc;
	for (size_t i = 0; i < f->mss.n; i++) {
		m = vec_at(&f->mss, i);
		if (strcmp(m->ifname, ifname) != 0)
			continue;
		if (mss)
			m->mss = mss;
		else
			vec_remove(&f->mss, i);
		return 0;
	}
	if (!mss)
		return 0;
	if (!(m = vec_push(&f->mss)))
		return fake_nomem(f);
	snprintf(m->ifname, sizeof(m->ifname), "%s", ifname);
	m->mss = mss;
	return 0;
}

static int
fake_mss_clamp_dump(struct kernel *k, kernel_mss_cb cb, void *arg)
{
	struct fake *f = fake_of(k);
	int rc;

	if ((rc = fake_enter(f, KERNEL_OP_MSS_CLAMP_DUMP)) < 0)
		return rc;
	for (size_t i = 0; i < f->mss.n; i++) {
		struct fake_mss *m = vec_at(&f->mss, i);

		if ((rc = cb(m->ifname, m->mss, arg)) != 0)
			return rc;
	}
	return 0;
}

static void
fake_destroy(struct kernel *k)
{
	struct fake *f = fake_of(k);

	fake_monitor_close(k);
	free(f->links.v);
	free(f->addrs.v);
	free(f->routes.v);
	free(f->neighs.v);
	free(f->events.v);
	free(f->mss.v);
	free(f);
}

static const struct kernel_ops fake_ops = {
	.name = "fake",
	.destroy = fake_destroy,
	.link_get = fake_link_get,
	.link_dump = fake_link_dump,
	.link_add = fake_link_add,
	.link_del = fake_link_del,
	.link_set_up = fake_link_set_up,
	.link_set_mtu = fake_link_set_mtu,
	.link_set_noarp = fake_link_set_noarp,
	.link_set_gre = fake_link_set_gre,
	.addr_add = fake_addr_add,
	.addr_del = fake_addr_del,
	.addr_dump = fake_addr_dump,
	.route_add = fake_route_add,
	.route_replace = fake_route_replace,
	.route_del = fake_route_del,
	.route_dump = fake_route_dump,
	.neigh_add = fake_neigh_add,
	.neigh_replace = fake_neigh_replace,
	.neigh_del = fake_neigh_del,
	.neigh_dump = fake_neigh_dump,
	.sysctl_set = fake_sysctl_set,
	.sysctl_get = fake_sysctl_get,
	.monitor_open = fake_monitor_open,
	.monitor_process = fake_monitor_process,
	.monitor_close = fake_monitor_close,
	.mss_clamp_set = fake_mss_clamp_set,
	.mss_clamp_dump = fake_mss_clamp_dump,
};

struct kernel *
kernel_fake_new(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct kernel_link *lo;

	if (!f)
		return NULL;
	f->k.ops = &fake_ops;
	f->links.size = sizeof(struct fake_link);
	f->addrs.size = sizeof(struct kernel_addr);
	f->routes.size = sizeof(struct kernel_route);
	f->neighs.size = sizeof(struct kernel_neigh);
	f->events.size = sizeof(struct kernel_event);
	f->mss.size = sizeof(struct fake_mss);
	f->next_ifindex = 1;
	f->mon_fd = -1;
	/* A fresh network namespace: lo, down. */
	if (!(lo = vec_push(&f->links))) {
		free(f);
		return NULL;
	}
	link_init(f, lo, "lo", KERNEL_LINK_LOOPBACK);
	lo->mtu = 65536;
	lo->flags = IFF_LOOPBACK;
	lo->lladdr_len = 6;
	return &f->k;
}

static bool
is_fake(const struct kernel *k)
{
	return k && k->ops == &fake_ops;
}

void
kernel_fake_fail(struct kernel *k, enum kernel_op op, unsigned int nth, int err_no)
{
	if (!is_fake(k) || (unsigned int)op >= KERNEL_OP_COUNT)
		return;
	fake_of(k)->fault[op] = (struct fake_fault){ .nth = nth, .err_no = err_no > 0 ? err_no : -err_no };
}

unsigned int
kernel_fake_calls(const struct kernel *k, enum kernel_op op)
{
	if (!is_fake(k) || (unsigned int)op >= KERNEL_OP_COUNT)
		return 0;
	return ((const struct fake *)k)->calls[op];
}

void
kernel_fake_lack_kind(struct kernel *k, enum kernel_link_kind kind)
{
	if (is_fake(k) && (unsigned int)kind < 32)
		fake_of(k)->lacks |= 1u << kind;
}

int
kernel_fake_set_carrier(struct kernel *k, int ifindex, bool carrier)
{
	struct fake *f;
	struct kernel_link *l;

	if (!is_fake(k))
		return -EINVAL;
	f = fake_of(k);
	if (!(l = link_find(f, NULL, ifindex)))
		return link_missing(f, ifindex);
	l->lower_up = l->up && carrier;
	l->flags &= ~(unsigned int)(IFF_RUNNING | KERNEL_IFF_LOWER_UP);
	if (l->lower_up)
		l->flags |= IFF_RUNNING | KERNEL_IFF_LOWER_UP;
	fake_event(f, KERNEL_EV_LINK_NEW, l);
	return 0;
}

int
kernel_fake_neigh_miss(struct kernel *k, int ifindex, struct in_addr dst)
{
	struct kernel_neigh n = { .ifindex = ifindex, .dst = dst, .state = NUD_INCOMPLETE };
	struct fake *f;

	if (!is_fake(k))
		return -EINVAL;
	f = fake_of(k);
	if (!link_find(f, NULL, ifindex))
		return link_missing(f, ifindex);
	fake_event(f, KERNEL_EV_NEIGH_MISS, &n);
	return 0;
}

int
kernel_fake_set_stats(struct kernel *k, int ifindex, const struct kernel_link_stats *stats)
{
	struct kernel_link *l;

	if (!is_fake(k) || !stats)
		return -EINVAL;
	if (!(l = link_find(fake_of(k), NULL, ifindex)))
		return link_missing(fake_of(k), ifindex);
	l->stats = *stats;
	return 0;
}
