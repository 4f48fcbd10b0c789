/* kernel_nl: the kernel_ops backend on the real kernel, through libnl-3
 * (rtnetlink) and /proc/sys. libnl types stay inside this file. */
#include "config.h"

/* first: <net/if.h> must precede the <linux/if.h> that libnl pulls in */
#include "kernel_ops.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_arp.h>
#include <linux/if_tunnel.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/ipgre.h>
#include <netlink/route/link/ipvti.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/neighbour.h>
#include <netlink/route/route.h>

#include "kernel_mss.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct knl {
	struct kernel k; /* first: the handle */
	struct nl_sock *sk;
	/* filled by the error callback of the request socket */
	int last_errno;
	char extack[160];
	struct nl_sock *mon;
	kernel_event_cb mon_cb;
	void *mon_arg;
	int mon_overrun;
};

static struct knl *
knl_of(struct kernel *k)
{
	return (struct knl *)k;
}

/* libnl errors back to errno, for failures that did not come from a
 * kernel error message (those carry the errno itself). */
static int
nlerr2errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM: return ENOMEM;
	case NLE_INVAL: return EINVAL;
	case NLE_RANGE: return ERANGE;
	case NLE_EXIST: return EEXIST;
	case NLE_NOADDR: return EADDRNOTAVAIL;
	case NLE_OBJ_NOTFOUND: return ENOENT;
	case NLE_NODEV: return ENODEV;
	case NLE_OPNOTSUPP: return EOPNOTSUPP;
	case NLE_PERM: return EPERM;
	case NLE_BUSY: return EBUSY;
	case NLE_AGAIN: return EAGAIN;
	case NLE_AF_NOSUPPORT: return EAFNOSUPPORT;
	case NLE_NOACCESS: return EACCES;
	case NLE_MSGSIZE: return EMSGSIZE;
	case NLE_BAD_SOCK: return EBADF;
	default: return EIO;
	}
}

/* Kernel error messages arrive here before libnl turns them into NLE_*:
 * keep the errno and the extended ack text ("Unknown device type"). */
static int
knl_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct knl *kn = arg;
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	const char *end = (const char *)nlh + nlh->nlmsg_len;
	const char *p;

	kn->last_errno = -e->error;
	kn->extack[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	p = (const char *)e + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		p += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	while (p + NLA_HDRLEN <= end) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || p + a->nla_len > end)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			int len = a->nla_len - NLA_HDRLEN;

			snprintf(kn->extack, sizeof(kn->extack), "%.*s", len, (const char *)a + NLA_HDRLEN);
			/* the kernel's string ends in NUL; strip a trailing newline */
			len = (int)strlen(kn->extack);
			if (len && kn->extack[len - 1] == '\n')
				kn->extack[len - 1] = '\0';
		}
		p += NLA_ALIGN(a->nla_len);
	}
	return NL_STOP;
}

static void
knl_begin(struct knl *kn)
{
	kn->last_errno = 0;
	kn->extack[0] = '\0';
}

/* Turn a libnl failure into -errno with "WHAT: reason" as the message. */
static int
knl_fail(struct knl *kn, int nlerr, const char *what)
{
	int e = kn->last_errno ? kn->last_errno : nlerr2errno(nlerr);

	if (kn->extack[0])
		return kernel_fail(&kn->k, e, "%s: %s (%s)", what, kn->extack, strerror(e));
	if (kn->last_errno)
		return kernel_fail(&kn->k, e, "%s: %s", what, strerror(e));
	return kernel_fail(&kn->k, e, "%s: %s", what, nl_geterror(nlerr));
}

static struct nl_addr *
ip4_addr(struct in_addr a, uint8_t prefixlen)
{
	struct nl_addr *na = nl_addr_build(AF_INET, &a, sizeof(a));

	if (na)
		nl_addr_set_prefixlen(na, prefixlen);
	return na;
}

static struct in_addr
addr_to_in(struct nl_addr *na)
{
	struct in_addr a = { 0 };

	if (na && nl_addr_get_family(na) == AF_INET && nl_addr_get_len(na) == sizeof(a))
		memcpy(&a, nl_addr_get_binary_addr(na), sizeof(a));
	return a;
}

/* Links */

static enum kernel_link_kind
kind_of(struct rtnl_link *link)
{
	static const struct {
		const char *name;
		enum kernel_link_kind kind;
	} kinds[] = {
		{ "veth", KERNEL_LINK_VETH }, { "dummy", KERNEL_LINK_DUMMY }, { "bridge", KERNEL_LINK_BRIDGE },
		{ "gre", KERNEL_LINK_GRE },   { "gretap", KERNEL_LINK_GRETAP }, { "vti", KERNEL_LINK_VTI },
		{ "xfrm", KERNEL_LINK_XFRM }, { "tun", KERNEL_LINK_TUN },
	};
	const char *type = rtnl_link_get_type(link);

	if (type) {
		for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
			if (strcmp(type, kinds[i].name) == 0)
				return kinds[i].kind;
		return KERNEL_LINK_OTHER;
	}
	switch (rtnl_link_get_arptype(link)) {
	case ARPHRD_LOOPBACK: return KERNEL_LINK_LOOPBACK;
	case ARPHRD_ETHER: return KERNEL_LINK_ETHER;
	default: return KERNEL_LINK_OTHER;
	}
}

static void
link_from_nl(struct rtnl_link *link, struct kernel_link *out)
{
	struct nl_addr *ll = rtnl_link_get_addr(link);
	const char *type = rtnl_link_get_type(link);

	memset(out, 0, sizeof(*out));
	out->ifindex = rtnl_link_get_ifindex(link);
	snprintf(out->name, sizeof(out->name), "%s", rtnl_link_get_name(link) ? rtnl_link_get_name(link) : "");
	out->kind = kind_of(link);
	snprintf(out->kind_name, sizeof(out->kind_name), "%s", type ? type : "");
	out->flags = rtnl_link_get_flags(link);
	out->up = out->flags & IFF_UP;
	out->lower_up = out->flags & KERNEL_IFF_LOWER_UP;
	out->mtu = rtnl_link_get_mtu(link);
	if (ll && nl_addr_get_len(ll) <= KERNEL_LLADDR_MAX) {
		out->lladdr_len = (uint8_t)nl_addr_get_len(ll);
		memcpy(out->lladdr, nl_addr_get_binary_addr(ll), out->lladdr_len);
	}
	out->stats.rx_packets = rtnl_link_get_stat(link, RTNL_LINK_RX_PACKETS);
	out->stats.tx_packets = rtnl_link_get_stat(link, RTNL_LINK_TX_PACKETS);
	out->stats.rx_bytes = rtnl_link_get_stat(link, RTNL_LINK_RX_BYTES);
	out->stats.tx_bytes = rtnl_link_get_stat(link, RTNL_LINK_TX_BYTES);
	out->stats.rx_errors = rtnl_link_get_stat(link, RTNL_LINK_RX_ERRORS);
	out->stats.tx_errors = rtnl_link_get_stat(link, RTNL_LINK_TX_ERRORS);
	out->stats.rx_dropped = rtnl_link_get_stat(link, RTNL_LINK_RX_DROPPED);
	out->stats.tx_dropped = rtnl_link_get_stat(link, RTNL_LINK_TX_DROPPED);
	out->stats.multicast = rtnl_link_get_stat(link, RTNL_LINK_MULTICAST);
	out->stats.collisions = rtnl_link_get_stat(link, RTNL_LINK_COLLISIONS);
	out->stats.rx_crc_errors = rtnl_link_get_stat(link, RTNL_LINK_RX_CRC_ERR);
	out->stats.rx_frame_errors = rtnl_link_get_stat(link, RTNL_LINK_RX_FRAME_ERR);
	out->stats.rx_over_errors = rtnl_link_get_stat(link, RTNL_LINK_RX_OVER_ERR);
	out->stats.rx_length_errors = rtnl_link_get_stat(link, RTNL_LINK_RX_LEN_ERR);
	out->stats.tx_aborted_errors = rtnl_link_get_stat(link, RTNL_LINK_TX_ABORT_ERR);
	out->stats.tx_carrier_errors = rtnl_link_get_stat(link, RTNL_LINK_TX_CARRIER_ERR);
	if (rtnl_link_is_ipgre(link) || rtnl_link_is_ipgretap(link)) {
		out->gre.local.s_addr = rtnl_link_ipgre_get_local(link);
		out->gre.remote.s_addr = rtnl_link_ipgre_get_remote(link);
		out->gre.ttl = rtnl_link_ipgre_get_ttl(link);
		out->gre.link = (int)rtnl_link_ipgre_get_link(link);
		/* flags and keys are in network order on the wire */
		if ((rtnl_link_ipgre_get_iflags(link) | rtnl_link_ipgre_get_oflags(link)) & GRE_KEY) {
			out->gre.has_key = true;
			out->gre.ikey = ntohl(rtnl_link_ipgre_get_ikey(link));
			out->gre.okey = ntohl(rtnl_link_ipgre_get_okey(link));
		}
	} else if (rtnl_link_is_ipvti(link)) {
		out->gre.local.s_addr = rtnl_link_ipvti_get_local(link);
		out->gre.remote.s_addr = rtnl_link_ipvti_get_remote(link);
		out->gre.link = (int)rtnl_link_ipvti_get_link(link);
		/* a VTI always has keys: they are the xfrm marks it matches */
		out->gre.has_key = true;
		out->gre.ikey = ntohl(rtnl_link_ipvti_get_ikey(link));
		out->gre.okey = ntohl(rtnl_link_ipvti_get_okey(link));
	}
}

static int
knl_link_get(struct kernel *k, const char *name, int ifindex, struct kernel_link *out)
{
	struct knl *kn = knl_of(k);
	struct rtnl_link *link = NULL;
	char what[48];
	int rc;

	knl_begin(kn);
	if ((rc = rtnl_link_get_kernel(kn->sk, name ? 0 : ifindex, name, &link)) < 0) {
		if (name)
			snprintf(what, sizeof(what), "interface %s", name);
		else
			snprintf(what, sizeof(what), "interface index %d", ifindex);
		if (kn->last_errno == ENODEV || rc == -NLE_NODEV || rc == -NLE_OBJ_NOTFOUND)
			return kernel_fail(k, ENODEV, "%s does not exist", what);
		return knl_fail(kn, rc, what);
	}
	link_from_nl(link, out);
	rtnl_link_put(link);
	return 0;
}

struct dump_ctx {
	void *cb;
	void *arg;
	int filter_ifindex;
	uint32_t table;
	uint8_t protocol;
	int rc;
};

static void
link_dump_one(struct nl_object *obj, void *arg)
{
	struct dump_ctx *d = arg;
	struct kernel_link l;

	if (d->rc)
		return;
	link_from_nl((struct rtnl_link *)obj, &l);
	d->rc = ((kernel_link_cb)d->cb)(&l, d->arg);
}

static int
knl_link_dump(struct kernel *k, kernel_link_cb cb, void *arg)
{
	struct knl *kn = knl_of(k);
	struct dump_ctx d = { .cb = (void *)cb, .arg = arg };
	struct nl_cache *cache;
	int rc;

	knl_begin(kn);
	if ((rc = rtnl_link_alloc_cache(kn->sk, AF_UNSPEC, &cache)) < 0)
		return knl_fail(kn, rc, "dump links");
	nl_cache_foreach(cache, link_dump_one, &d);
	nl_cache_free(cache);
	return d.rc;
}

static int
gre_to_nl(struct rtnl_link *link, const struct kernel_gre *gre)
{
	int rc = 0;

	rc |= rtnl_link_ipgre_set_local(link, gre->local.s_addr);
	rc |= rtnl_link_ipgre_set_remote(link, gre->remote.s_addr);
	rc |= rtnl_link_ipgre_set_ttl(link, gre->ttl);
	rc |= rtnl_link_ipgre_set_link(link, (uint32_t)gre->link);
	rc |= rtnl_link_ipgre_set_iflags(link, gre->has_key ? GRE_KEY : 0);
	rc |= rtnl_link_ipgre_set_oflags(link, gre->has_key ? GRE_KEY : 0);
	rc |= rtnl_link_ipgre_set_ikey(link, gre->has_key ? htonl(gre->ikey) : 0);
	rc |= rtnl_link_ipgre_set_okey(link, gre->has_key ? htonl(gre->okey) : 0);
	return rc;
}

/* VTI: the keys are the xfrm marks of its SAs and policies; no TTL (it
 * copies the inner one). */
static int
vti_to_nl(struct rtnl_link *link, const struct kernel_gre *vti)
{
	int rc = 0;

	rc |= rtnl_link_ipvti_set_local(link, vti->local.s_addr);
	rc |= rtnl_link_ipvti_set_remote(link, vti->remote.s_addr);
	rc |= rtnl_link_ipvti_set_link(link, (uint32_t)vti->link);
	rc |= rtnl_link_ipvti_set_ikey(link, vti->has_key ? htonl(vti->ikey) : 0);
	rc |= rtnl_link_ipvti_set_okey(link, vti->has_key ? htonl(vti->okey) : 0);
	return rc;
}

/* The link's tunnel parameters as libnl wants them; NULL: out of memory. */
static struct rtnl_link *
tunnel_to_nl(enum kernel_link_kind kind, const struct kernel_gre *t)
{
	struct rtnl_link *link = kind == KERNEL_LINK_VTI ? rtnl_link_ipvti_alloc() : rtnl_link_ipgre_alloc();

	if (link && (kind == KERNEL_LINK_VTI ? vti_to_nl(link, t) : gre_to_nl(link, t)) < 0) {
		rtnl_link_put(link);
		link = NULL;
	}
	return link;
}

/* A missing link type shows as EOPNOTSUPP ("Unknown device type"): the
 * kernel has no rtnl_link_ops for the kind and could not load a module. */
static int
link_add_fail(struct knl *kn, int rc, const struct kernel_link_spec *spec)
{
	char what[64];
	int e = kn->last_errno ? kn->last_errno : nlerr2errno(rc);

	if (e == EOPNOTSUPP && (!kn->extack[0] || strstr(kn->extack, "Unknown device type"))) {
		switch (spec->kind) {
		case KERNEL_LINK_GRE: return kernel_fail(&kn->k, EOPNOTSUPP, "%s", KERNEL_MSG_NO_GRE);
		case KERNEL_LINK_VTI: return kernel_fail(&kn->k, EOPNOTSUPP, "%s", KERNEL_MSG_NO_VTI);
		case KERNEL_LINK_DUMMY: return kernel_fail(&kn->k, EOPNOTSUPP, "%s", KERNEL_MSG_NO_DUMMY);
		case KERNEL_LINK_VETH: return kernel_fail(&kn->k, EOPNOTSUPP, "%s", KERNEL_MSG_NO_VETH);
		default: break;
		}
	}
	snprintf(what, sizeof(what), "create %s %s", kernel_link_kind_name(spec->kind), spec->name);
	return knl_fail(kn, rc, what);
}

static int
knl_link_add(struct kernel *k, const struct kernel_link_spec *spec, int *ifindex)
{
	struct knl *kn = knl_of(k);
	struct rtnl_link *link = NULL;
	struct kernel_link made;
	size_t len = strnlen(spec->name, IFNAMSIZ);
	int rc;

	if (len == 0 || len >= IFNAMSIZ || strchr(spec->name, '/') || strchr(spec->name, ' '))
		return kernel_fail(k, EINVAL, "bad interface name");
	knl_begin(kn);
	switch (spec->kind) {
	case KERNEL_LINK_DUMMY:
		if (!(link = rtnl_link_alloc()) || rtnl_link_set_type(link, "dummy") < 0)
			goto nomem;
		break;
	case KERNEL_LINK_GRE:
	case KERNEL_LINK_VTI:
		if (!(link = tunnel_to_nl(spec->kind, &spec->gre)))
			goto nomem;
		break;
	case KERNEL_LINK_VETH: {
		struct rtnl_link *peer;

		len = strnlen(spec->peer_name, IFNAMSIZ);
		if (len == 0 || len >= IFNAMSIZ || strcmp(spec->peer_name, spec->name) == 0)
			return kernel_fail(k, EINVAL, "bad veth peer name");
		if (!(link = rtnl_link_veth_alloc()))
			goto nomem;
		peer = rtnl_link_veth_get_peer(link);
		rtnl_link_set_name(peer, spec->peer_name);
		if (spec->mtu)
			rtnl_link_set_mtu(peer, spec->mtu);
		rtnl_link_put(peer);
		break;
	}
	default:
		return kernel_fail(k, EOPNOTSUPP, "creating %s links is not supported",
				   kernel_link_kind_name(spec->kind));
	}
	rtnl_link_set_name(link, spec->name);
	if (spec->mtu)
		rtnl_link_set_mtu(link, spec->mtu);
	rc = rtnl_link_add(kn->sk, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(link);
	if (rc < 0)
		return link_add_fail(kn, rc, spec);
	if (ifindex) {
		if ((rc = knl_link_get(k, spec->name, 0, &made)) < 0)
			return rc;
		*ifindex = made.ifindex;
	}
	return 0;
nomem:
	if (link)
		rtnl_link_put(link);
	return kernel_fail(k, ENOMEM, "out of memory");
}

static int
knl_link_del(struct kernel *k, int ifindex)
{
	struct knl *kn = knl_of(k);
	struct rtnl_link *link = rtnl_link_alloc();
	char what[48];
	int rc;

	if (!link)
		return kernel_fail(k, ENOMEM, "out of memory");
	knl_begin(kn);
	rtnl_link_set_ifindex(link, ifindex);
	rc = rtnl_link_delete(kn->sk, link);
	rtnl_link_put(link);
	if (rc < 0) {
		snprintf(what, sizeof(what), "delete interface index %d", ifindex);
		return knl_fail(kn, rc, what);
	}
	return 0;
}

/* Apply changes to the link with this index; "changes" is consumed. */
static int
link_change(struct knl *kn, int ifindex, struct rtnl_link *changes, const char *what)
{
	struct rtnl_link *orig = rtnl_link_alloc();
	char buf[80];
	int rc;

	if (!orig || !changes) {
		if (orig)
			rtnl_link_put(orig);
		if (changes)
			rtnl_link_put(changes);
		return kernel_fail(&kn->k, ENOMEM, "out of memory");
	}
	knl_begin(kn);
	rtnl_link_set_ifindex(orig, ifindex);
	rc = rtnl_link_change(kn->sk, orig, changes, 0);
	rtnl_link_put(orig);
	rtnl_link_put(changes);
	if (rc < 0) {
		snprintf(buf, sizeof(buf), "%s on interface index %d", what, ifindex);
		if (kn->last_errno == ENODEV || rc == -NLE_NODEV)
			return kernel_fail(&kn->k, ENODEV, "no interface with index %d", ifindex);
		return knl_fail(kn, rc, buf);
	}
	return 0;
}

static int
knl_link_set_flag(struct kernel *k, int ifindex, unsigned int flag, bool on, const char *what)
{
	struct rtnl_link *changes = rtnl_link_alloc();

	if (changes) {
		if (on)
			rtnl_link_set_flags(changes, flag);
		else
			rtnl_link_unset_flags(changes, flag);
	}
	return link_change(knl_of(k), ifindex, changes, what);
}

static int
knl_link_set_up(struct kernel *k, int ifindex, bool up)
{
	return knl_link_set_flag(k, ifindex, IFF_UP, up, up ? "set up" : "set down");
}

static int
knl_link_set_noarp(struct kernel *k, int ifindex, bool noarp)
{
	return knl_link_set_flag(k, ifindex, IFF_NOARP, noarp, noarp ? "set noarp" : "clear noarp");
}

static int
knl_link_set_mtu(struct kernel *k, int ifindex, uint32_t mtu)
{
	struct rtnl_link *changes = rtnl_link_alloc();
	char what[32];

	if (changes)
		rtnl_link_set_mtu(changes, mtu);
	snprintf(what, sizeof(what), "set mtu %u", mtu);
	return link_change(knl_of(k), ifindex, changes, what);
}

static int
knl_link_set_gre(struct kernel *k, int ifindex, const struct kernel_gre *gre)
{
	struct kernel_link cur;
	int rc;

	if ((rc = knl_link_get(k, NULL, ifindex, &cur)) < 0)
		return rc;
	if (cur.kind != KERNEL_LINK_GRE && cur.kind != KERNEL_LINK_VTI)
		return kernel_fail(k, EINVAL, "%s is not a GRE or VTI tunnel", cur.name);
	if (!!cur.gre.remote.s_addr != !!gre->remote.s_addr)
		return kernel_fail(k, EINVAL, "%s: cannot change between point-to-point and multipoint", cur.name);
	return link_change(knl_of(k), ifindex, tunnel_to_nl(cur.kind, gre),
			   cur.kind == KERNEL_LINK_VTI ? "change VTI parameters" : "change GRE parameters");
}

/* Addresses */

/* For an add, with the subnet's broadcast address as IOS and ifupdown
 * have it (ip(8) without "brd +" leaves it out). */
static struct rtnl_addr *
addr_to_nl(const struct kernel_addr *a, bool with_broadcast)
{
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *local = ip4_addr(a->addr, a->prefixlen), *brd = NULL;

	if (!ra || !local || rtnl_addr_set_local(ra, local) < 0)
		goto fail;
	rtnl_addr_set_ifindex(ra, a->ifindex);
	rtnl_addr_set_family(ra, AF_INET);
	rtnl_addr_set_prefixlen(ra, a->prefixlen);
	if (with_broadcast && a->prefixlen <= 30) {
		struct in_addr b = { a->addr.s_addr | htonl(~0u >> a->prefixlen) };

		if (!(brd = ip4_addr(b, 32)) || rtnl_addr_set_broadcast(ra, brd) < 0)
			goto fail;
		nl_addr_put(brd);
	}
	nl_addr_put(local);
	return ra;
fail:
	if (brd)
		nl_addr_put(brd);
	if (local)
		nl_addr_put(local);
	if (ra)
		rtnl_addr_put(ra);
	return NULL;
}

static void
addr_what(const struct kernel_addr *a, const char *verb, char *buf, size_t len)
{
	char ip[INET_ADDRSTRLEN];

	snprintf(buf, len, "%s address %s/%u", verb, inet_ntop(AF_INET, &a->addr, ip, sizeof(ip)), a->prefixlen);
}

static int
knl_addr_add(struct kernel *k, const struct kernel_addr *a)
{
	struct knl *kn = knl_of(k);
	struct rtnl_addr *ra;
	char what[64];
	int rc;

	if (a->prefixlen > 32)
		return kernel_fail(k, EINVAL, "bad prefix length %u", a->prefixlen);
	if (!(ra = addr_to_nl(a, true)))
		return kernel_fail(k, ENOMEM, "out of memory");
	knl_begin(kn);
	rc = rtnl_addr_add(kn->sk, ra, NLM_F_EXCL);
	rtnl_addr_put(ra);
	if (rc < 0) {
		addr_what(a, "add", what, sizeof(what));
		return knl_fail(kn, rc, what);
	}
	return 0;
}

static int
knl_addr_del(struct kernel *k, const struct kernel_addr *a)
{
	struct knl *kn = knl_of(k);
	struct rtnl_addr *ra;
	char what[64];
	int rc;

	if (!(ra = addr_to_nl(a, false)))
		return kernel_fail(k, ENOMEM, "out of memory");
	knl_begin(kn);
	rc = rtnl_addr_delete(kn->sk, ra, 0);
	rtnl_addr_put(ra);
	if (rc < 0) {
		addr_what(a, "delete", what, sizeof(what));
		return knl_fail(kn, rc, what);
	}
	return 0;
}

static bool
addr_from_nl(struct rtnl_addr *ra, struct kernel_addr *out)
{
	if (rtnl_addr_get_family(ra) != AF_INET)
		return false;
	memset(out, 0, sizeof(*out));
	out->ifindex = rtnl_addr_get_ifindex(ra);
	out->addr = addr_to_in(rtnl_addr_get_local(ra));
	out->prefixlen = (uint8_t)rtnl_addr_get_prefixlen(ra);
	out->secondary = rtnl_addr_get_flags(ra) & IFA_F_SECONDARY;
	return true;
}

/* The address dump is streamed, not a libnl cache: a cache holds a 2 KiB
 * object per address of the whole system, and the kernel owner looks up
 * its tunnel source's primary address after every address notification
 * (20000 addresses added at once made routerd's RSS grow by hundreds of
 * MiB). Only kernel_addr records of the wanted interface are kept, and with
 * an interface the kernel itself filters (strict checking, Linux >= 4.20). */
struct addr_dump {
	int ifindex;
	struct kernel_addr *v;
	size_t n, cap;
	bool nomem;
};

static void
addr_collect(struct nl_object *obj, void *arg)
{
	struct addr_dump *d = arg;
	struct kernel_addr a;

	if (d->nomem || !addr_from_nl((struct rtnl_addr *)obj, &a))
		return;
	if (d->ifindex && a.ifindex != d->ifindex)
		return;
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;
		struct kernel_addr *v = realloc(d->v, cap * sizeof(*v));

		if (!v) {
			d->nomem = true;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = a;
}

static int
addr_dump_msg(struct nl_msg *msg, void *arg)
{
	nl_msg_parse(msg, addr_collect, arg);
	return NL_OK;
}

#define ADDR_DUMP_TRIES 5 /* an address change during the dump restarts it */

static int
addr_dump_once(struct knl *kn, struct addr_dump *d)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_index = (unsigned)d->ifindex };
	struct nl_cb *orig = nl_socket_get_cb(kn->sk), *cb;
	int fd = nl_socket_get_fd(kn->sk), on = 1, off = 0;
	bool strict;
	int rc;

	cb = orig ? nl_cb_clone(orig) : NULL;
	if (orig)
		nl_cb_put(orig);
	if (!cb)
		return -NLE_NOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, addr_dump_msg, d);
	/* without strict checking the kernel ignores ifa_index: filtered above */
	strict = d->ifindex &&
		 setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &on, sizeof(on)) == 0;
	d->n = 0;
	rc = nl_send_simple(kn->sk, RTM_GETADDR, NLM_F_DUMP, &ifa, sizeof(ifa));
	if (rc >= 0)
		rc = nl_recvmsgs(kn->sk, cb);
	if (strict)
		setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &off, sizeof(off));
	nl_cb_put(cb);
	return rc;
}

static int
knl_addr_dump(struct kernel *k, int ifindex, kernel_addr_cb cb, void *arg)
{
	struct knl *kn = knl_of(k);
	struct addr_dump d = { .ifindex = ifindex > 0 ? ifindex : 0 };
	int rc, tries = 0;

	knl_begin(kn);
	do
		rc = addr_dump_once(kn, &d);
	while (rc == -NLE_DUMP_INTR && ++tries < ADDR_DUMP_TRIES);
	if (rc >= 0 && d.nomem)
		rc = -NLE_NOMEM;
	if (rc < 0) {
		free(d.v);
		return knl_fail(kn, rc, "dump addresses");
	}
	rc = 0;
	for (size_t i = 0; i < d.n && rc == 0; i++)
		rc = cb(&d.v[i], arg);
	free(d.v);
	return rc;
}

/* Routes */

static const uint8_t route_types[] = {
	[KERNEL_ROUTE_UNICAST] = RTN_UNICAST,
	[KERNEL_ROUTE_BLACKHOLE] = RTN_BLACKHOLE,
	[KERNEL_ROUTE_UNREACHABLE] = RTN_UNREACHABLE,
};

static struct rtnl_route *
route_to_nl(const struct kernel_route *r, bool for_delete)
{
	struct rtnl_route *rr = rtnl_route_alloc();
	struct nl_addr *dst = ip4_addr(r->dst, r->prefixlen);
	struct rtnl_nexthop *nh = NULL;

	if (!rr || !dst || (unsigned int)r->type >= sizeof(route_types))
		goto fail;
	rtnl_route_set_family(rr, AF_INET);
	if (rtnl_route_set_dst(rr, dst) < 0)
		goto fail;
	rtnl_route_set_table(rr, r->table ? r->table : RT_TABLE_MAIN);
	rtnl_route_set_type(rr, route_types[r->type]);
	if (r->protocol)
		rtnl_route_set_protocol(rr, r->protocol);
	if (r->metric || !for_delete)
		rtnl_route_set_priority(rr, r->metric);
	if (r->mtu && !for_delete)
		rtnl_route_set_metric(rr, RTAX_MTU, r->mtu);
	if (r->type == KERNEL_ROUTE_UNICAST && (r->oif || r->gateway.s_addr)) {
		if (!(nh = rtnl_route_nh_alloc()))
			goto fail;
		if (r->oif)
			rtnl_route_nh_set_ifindex(nh, r->oif);
		if (r->gateway.s_addr) {
			struct nl_addr *gw = ip4_addr(r->gateway, 32);

			if (!gw)
				goto fail;
			rtnl_route_nh_set_gateway(nh, gw);
			nl_addr_put(gw);
		}
		rtnl_route_add_nexthop(rr, nh); /* owned by the route now */
		nh = NULL;
	}
	/* What ip(8) does: a route without a gateway is on the link. */
	rtnl_route_set_scope(rr, r->type == KERNEL_ROUTE_UNICAST && !r->gateway.s_addr ? RT_SCOPE_LINK
										       : RT_SCOPE_UNIVERSE);
	nl_addr_put(dst);
	return rr;
fail:
	if (nh)
		rtnl_route_nh_free(nh);
	if (dst)
		nl_addr_put(dst);
	if (rr)
		rtnl_route_put(rr);
	return NULL;
}

static void
route_what(const struct kernel_route *r, const char *verb, char *buf, size_t len)
{
	char ip[INET_ADDRSTRLEN];

	snprintf(buf, len, "%s route %s/%u", verb, inet_ntop(AF_INET, &r->dst, ip, sizeof(ip)), r->prefixlen);
}

static int
route_write(struct kernel *k, const struct kernel_route *r, int flags, const char *verb)
{
	struct knl *kn = knl_of(k);
	struct rtnl_route *rr;
	char what[64];
	int rc;

	if (r->prefixlen > 32)
		return kernel_fail(k, EINVAL, "bad prefix length %u", r->prefixlen);
	if (r->type == KERNEL_ROUTE_UNICAST && !r->oif && !r->gateway.s_addr) {
		route_what(r, verb, what, sizeof(what));
		return kernel_fail(k, EINVAL, "%s: no gateway or interface", what);
	}
	if (!(rr = route_to_nl(r, false)))
		return kernel_fail(k, ENOMEM, "out of memory");
	knl_begin(kn);
	rc = rtnl_route_add(kn->sk, rr, flags);
	rtnl_route_put(rr);
	if (rc < 0) {
		route_what(r, verb, what, sizeof(what));
		return knl_fail(kn, rc, what);
	}
	return 0;
}

static int
knl_route_add(struct kernel *k, const struct kernel_route *r)
{
	return route_write(k, r, NLM_F_EXCL, "add");
}

static int
knl_route_replace(struct kernel *k, const struct kernel_route *r)
{
	return route_write(k, r, NLM_F_REPLACE, "replace");
}

static int
knl_route_del(struct kernel *k, const struct kernel_route *r)
{
	struct knl *kn = knl_of(k);
	struct rtnl_route *rr;
	char what[64];
	int rc;

	if (!(rr = route_to_nl(r, true)))
		return kernel_fail(k, ENOMEM, "out of memory");
	knl_begin(kn);
	rc = rtnl_route_delete(kn->sk, rr, 0);
	rtnl_route_put(rr);
	if (rc < 0) {
		route_what(r, "delete", what, sizeof(what));
		return knl_fail(kn, rc, what);
	}
	return 0;
}

static bool
route_from_nl(struct rtnl_route *rr, struct kernel_route *out)
{
	struct nl_addr *dst = rtnl_route_get_dst(rr);
	uint32_t mtu;

	if (rtnl_route_get_family(rr) != AF_INET)
		return false;
	memset(out, 0, sizeof(*out));
	out->dst = addr_to_in(dst);
	out->prefixlen = dst ? (uint8_t)nl_addr_get_prefixlen(dst) : 0;
	switch (rtnl_route_get_type(rr)) {
	case RTN_UNICAST: out->type = KERNEL_ROUTE_UNICAST; break;
	case RTN_BLACKHOLE: out->type = KERNEL_ROUTE_BLACKHOLE; break;
	case RTN_UNREACHABLE: out->type = KERNEL_ROUTE_UNREACHABLE; break;
	default: out->type = KERNEL_ROUTE_OTHER; break;
	}
	out->metric = rtnl_route_get_priority(rr);
	out->protocol = rtnl_route_get_protocol(rr);
	out->table = rtnl_route_get_table(rr);
	if (rtnl_route_get_metric(rr, RTAX_MTU, &mtu) == 0)
		out->mtu = mtu;
	/* multipath: the first hop only */
	if (rtnl_route_get_nnexthops(rr) > 0) {
		struct rtnl_nexthop *nh = rtnl_route_nexthop_n(rr, 0);

		out->oif = rtnl_route_nh_get_ifindex(nh);
		out->gateway = addr_to_in(rtnl_route_nh_get_gateway(nh));
	}
	return true;
}

static void
route_dump_one(struct nl_object *obj, void *arg)
{
	struct dump_ctx *d = arg;
	struct kernel_route r;

	if (d->rc || !route_from_nl((struct rtnl_route *)obj, &r))
		return;
	if (r.table != d->table || (d->protocol && r.protocol != d->protocol))
		return;
	d->rc = ((kernel_route_cb)d->cb)(&r, d->arg);
}

static int
knl_route_dump(struct kernel *k, uint32_t table, uint8_t protocol, kernel_route_cb cb, void *arg)
{
	struct knl *kn = knl_of(k);
	struct dump_ctx d = {
		.cb = (void *)cb, .arg = arg, .table = table ? table : RT_TABLE_MAIN, .protocol = protocol
	};
	struct nl_cache *cache;
	int rc;

	knl_begin(kn);
	if ((rc = rtnl_route_alloc_cache(kn->sk, AF_INET, 0, &cache)) < 0)
		return knl_fail(kn, rc, "dump routes");
	nl_cache_foreach(cache, route_dump_one, &d);
	nl_cache_free(cache);
	return d.rc;
}

/* Neighbours */

static struct rtnl_neigh *
neigh_to_nl(const struct kernel_neigh *n, bool with_lladdr)
{
	struct rtnl_neigh *rn = rtnl_neigh_alloc();
	struct nl_addr *dst = ip4_addr(n->dst, 32);
	struct nl_addr *ll = NULL;

	if (!rn || !dst || rtnl_neigh_set_dst(rn, dst) < 0)
		goto fail;
	rtnl_neigh_set_ifindex(rn, n->ifindex);
	rtnl_neigh_set_family(rn, AF_INET);
	if (with_lladdr) {
		if (n->lladdr_len) {
			if (!(ll = nl_addr_build(AF_UNSPEC, n->lladdr, n->lladdr_len)))
				goto fail;
			rtnl_neigh_set_lladdr(rn, ll);
			nl_addr_put(ll);
		}
		rtnl_neigh_set_state(rn, n->state);
	}
	nl_addr_put(dst);
	return rn;
fail:
	if (dst)
		nl_addr_put(dst);
	if (rn)
		rtnl_neigh_put(rn);
	return NULL;
}

static void
neigh_what(const struct kernel_neigh *n, const char *verb, char *buf, size_t len)
{
	char ip[INET_ADDRSTRLEN];

	snprintf(buf, len, "%s neighbour %s", verb, inet_ntop(AF_INET, &n->dst, ip, sizeof(ip)));
}

static int
neigh_write(struct kernel *k, const struct kernel_neigh *n, int flags, const char *verb)
{
	struct knl *kn = knl_of(k);
	struct rtnl_neigh *rn;
	char what[64];
	int rc;

	if (n->lladdr_len > KERNEL_LLADDR_MAX)
		return kernel_fail(k, EINVAL, "link-layer address too long");
	if (!(rn = neigh_to_nl(n, true)))
		return kernel_fail(k, ENOMEM, "out of memory");
	knl_begin(kn);
	rc = rtnl_neigh_add(kn->sk, rn, flags);
	rtnl_neigh_put(rn);
	if (rc < 0) {
		neigh_what(n, verb, what, sizeof(what));
		return knl_fail(kn, rc, what);
	}
	return 0;
}

static int
knl_neigh_add(struct kernel *k, const struct kernel_neigh *n)
{
	return neigh_write(k, n, NLM_F_CREATE | NLM_F_EXCL, "add");
}

static int
knl_neigh_replace(struct kernel *k, const struct kernel_neigh *n)
{
	return neigh_write(k, n, NLM_F_CREATE | NLM_F_REPLACE, "replace");
}

static int
knl_neigh_del(struct kernel *k, const struct kernel_neigh *n)
{
	struct knl *kn = knl_of(k);
	struct rtnl_neigh *rn;
	char what[64];
	int rc;

	if (!(rn = neigh_to_nl(n, false)))
		return kernel_fail(k, ENOMEM, "out of memory");
	knl_begin(kn);
	rc = rtnl_neigh_delete(kn->sk, rn, 0);
	rtnl_neigh_put(rn);
	if (rc < 0) {
		neigh_what(n, "delete", what, sizeof(what));
		return knl_fail(kn, rc, what);
	}
	return 0;
}

static bool
neigh_from_nl(struct rtnl_neigh *rn, struct kernel_neigh *out)
{
	struct nl_addr *ll = rtnl_neigh_get_lladdr(rn);

	if (rtnl_neigh_get_family(rn) != AF_INET)
		return false;
	memset(out, 0, sizeof(*out));
	out->ifindex = rtnl_neigh_get_ifindex(rn);
	out->dst = addr_to_in(rtnl_neigh_get_dst(rn));
	out->state = (uint16_t)rtnl_neigh_get_state(rn);
	if (ll && nl_addr_get_len(ll) <= KERNEL_LLADDR_MAX) {
		out->lladdr_len = (uint8_t)nl_addr_get_len(ll);
		memcpy(out->lladdr, nl_addr_get_binary_addr(ll), out->lladdr_len);
	}
	return true;
}

static void
neigh_dump_one(struct nl_object *obj, void *arg)
{
	struct dump_ctx *d = arg;
	struct kernel_neigh n;

	if (d->rc || !neigh_from_nl((struct rtnl_neigh *)obj, &n))
		return;
	if (d->filter_ifindex && n.ifindex != d->filter_ifindex)
		return;
	d->rc = ((kernel_neigh_cb)d->cb)(&n, d->arg);
}

static int
knl_neigh_dump(struct kernel *k, int ifindex, kernel_neigh_cb cb, void *arg)
{
	struct knl *kn = knl_of(k);
	struct dump_ctx d = { .cb = (void *)cb, .arg = arg, .filter_ifindex = ifindex };
	struct nl_cache *cache;
	int rc;

	knl_begin(kn);
	if ((rc = rtnl_neigh_alloc_cache(kn->sk, &cache)) < 0)
		return knl_fail(kn, rc, "dump neighbours");
	nl_cache_foreach(cache, neigh_dump_one, &d);
	nl_cache_free(cache);
	return d.rc;
}

/* Sysctls: /proc/sys/net is the view of the caller's network namespace. */

static int
knl_sysctl_set(struct kernel *k, const char *path, const char *value)
{
	char file[256];
	size_t len = strlen(value);
	int fd, e;

	snprintf(file, sizeof(file), "/proc/sys/%s", path);
	if ((fd = open(file, O_WRONLY | O_CLOEXEC)) < 0)
		return kernel_fail(k, errno, "sysctl %s: %s", path, strerror(errno));
	if (write(fd, value, len) != (ssize_t)len) {
		e = errno ? errno : EIO;
		close(fd);
		return kernel_fail(k, e, "sysctl %s = %s: %s", path, value, strerror(e));
	}
	close(fd);
	return 0;
}

static int
knl_sysctl_get(struct kernel *k, const char *path, char *buf, size_t len)
{
	char file[256];
	ssize_t n;
	int fd, e;

	if (len == 0)
		return kernel_fail(k, EINVAL, "no room for the sysctl value");
	snprintf(file, sizeof(file), "/proc/sys/%s", path);
	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0)
		return kernel_fail(k, errno, "sysctl %s: %s", path, strerror(errno));
	n = read(fd, buf, len - 1);
	e = errno;
	close(fd);
	if (n < 0)
		return kernel_fail(k, e, "sysctl %s: %s", path, strerror(e));
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
	return 0;
}

/* Monitor */

static void
mon_deliver(struct knl *kn, struct kernel_event *ev)
{
	if (kn->mon_cb)
		kn->mon_cb(ev, kn->mon_arg);
}

static void
mon_parse_obj(struct nl_object *obj, void *arg)
{
	struct knl *kn = arg;
	struct kernel_event ev;
	const char *type = nl_object_get_type(obj);
	int msgtype = nl_object_get_msgtype(obj);

	memset(&ev, 0, sizeof(ev));
	if (strcmp(type, "route/link") == 0) {
		ev.type = msgtype == RTM_DELLINK ? KERNEL_EV_LINK_DEL : KERNEL_EV_LINK_NEW;
		link_from_nl((struct rtnl_link *)obj, &ev.link);
	} else if (strcmp(type, "route/addr") == 0) {
		if (!addr_from_nl((struct rtnl_addr *)obj, &ev.addr))
			return;
		ev.type = msgtype == RTM_DELADDR ? KERNEL_EV_ADDR_DEL : KERNEL_EV_ADDR_NEW;
	} else {
		return;
	}
	mon_deliver(kn, &ev);
}

static int
mon_valid_cb(struct nl_msg *msg, void *arg)
{
	struct knl *kn = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	switch (nlh->nlmsg_type) {
	case RTM_NEWNEIGH:
	case RTM_DELNEIGH:
	case RTM_GETNEIGH: {
		/* parsed directly: libnl's generic parser has no use for
		 * the kernel's RTM_GETNEIGH (an app probe) */
		struct rtnl_neigh *rn = NULL;
		struct kernel_event ev;

		memset(&ev, 0, sizeof(ev));
		if (rtnl_neigh_parse(nlh, &rn) < 0)
			break;
		if (neigh_from_nl(rn, &ev.neigh)) {
			ev.type = nlh->nlmsg_type == RTM_NEWNEIGH   ? KERNEL_EV_NEIGH_NEW
				  : nlh->nlmsg_type == RTM_DELNEIGH ? KERNEL_EV_NEIGH_DEL
								    : KERNEL_EV_NEIGH_MISS;
			mon_deliver(kn, &ev);
		}
		rtnl_neigh_put(rn);
		break;
	}
	default:
		nl_msg_parse(msg, mon_parse_obj, kn);
		break;
	}
	return NL_OK;
}

static int
knl_monitor_open(struct kernel *k, unsigned int groups, kernel_event_cb cb, void *arg)
{
	struct knl *kn = knl_of(k);
	int rc;

	if (kn->mon)
		return kernel_fail(k, EBUSY, "monitor already open");
	if (!(kn->mon = nl_socket_alloc()))
		return kernel_fail(k, ENOMEM, "out of memory");
	nl_socket_disable_seq_check(kn->mon);
	nl_socket_modify_cb(kn->mon, NL_CB_VALID, NL_CB_CUSTOM, mon_valid_cb, kn);
	if ((rc = nl_connect(kn->mon, NETLINK_ROUTE)) < 0)
		goto fail;
	if ((groups & KERNEL_MON_LINK) && (rc = nl_socket_add_membership(kn->mon, RTNLGRP_LINK)) < 0)
		goto fail;
	if ((groups & KERNEL_MON_ADDR) && (rc = nl_socket_add_membership(kn->mon, RTNLGRP_IPV4_IFADDR)) < 0)
		goto fail;
	if ((groups & KERNEL_MON_NEIGH) && (rc = nl_socket_add_membership(kn->mon, RTNLGRP_NEIGH)) < 0)
		goto fail;
	if ((rc = nl_socket_set_nonblocking(kn->mon)) < 0)
		goto fail;
	kn->mon_cb = cb;
	kn->mon_arg = arg;
	kn->mon_overrun = 0;
	return nl_socket_get_fd(kn->mon);
fail:
	nl_socket_free(kn->mon);
	kn->mon = NULL;
	return kernel_fail(k, nlerr2errno(rc), "monitor: %s", nl_geterror(rc));
}

static int
knl_monitor_process(struct kernel *k)
{
	struct knl *kn = knl_of(k);
	struct nl_cb *cb;
	int rc;

	if (!kn->mon)
		return kernel_fail(k, EBADF, "monitor not open");
	/* one datagram per call (nl_recvmsgs_default would stop there too):
	 * read on until the socket is empty */
	if (!(cb = nl_socket_get_cb(kn->mon)))
		return kernel_fail(k, ENOMEM, "out of memory");
	do
		rc = nl_recvmsgs_report(kn->mon, cb);
	while (rc > 0);
	nl_cb_put(cb);
	if (rc == -NLE_AGAIN || rc == 0)
		return 0;
	if (rc == -NLE_NOMEM) /* ENOBUFS: the socket overran */
		return kernel_fail(k, ENOBUFS, "monitor: events were lost, resynchronise");
	return kernel_fail(k, nlerr2errno(rc), "monitor: %s", nl_geterror(rc));
}

static void
knl_monitor_close(struct kernel *k)
{
	struct knl *kn = knl_of(k);

	if (kn->mon)
		nl_socket_free(kn->mon);
	kn->mon = NULL;
	kn->mon_cb = NULL;
}

static int
knl_mss_clamp_set(struct kernel *k, const char *ifname, uint16_t mss)
{
	return mss_clamp_set(k, ifname, mss);
}

static int
knl_mss_clamp_dump(struct kernel *k, kernel_mss_cb cb, void *arg)
{
	return mss_clamp_dump(k, cb, arg);
}

static void
knl_destroy(struct kernel *k)
{
	struct knl *kn = knl_of(k);

	knl_monitor_close(k);
	if (kn->sk)
		nl_socket_free(kn->sk);
	free(kn);
}

static const struct kernel_ops knl_ops = {
	.name = "netlink",
	.destroy = knl_destroy,
	.link_get = knl_link_get,
	.link_dump = knl_link_dump,
	.link_add = knl_link_add,
	.link_del = knl_link_del,
	.link_set_up = knl_link_set_up,
	.link_set_mtu = knl_link_set_mtu,
	.link_set_noarp = knl_link_set_noarp,
	.link_set_gre = knl_link_set_gre,
	.addr_add = knl_addr_add,
	.addr_del = knl_addr_del,
	.addr_dump = knl_addr_dump,
	.route_add = knl_route_add,
	.route_replace = knl_route_replace,
	.route_del = knl_route_del,
	.route_dump = knl_route_dump,
	.neigh_add = knl_neigh_add,
	.neigh_replace = knl_neigh_replace,
	.neigh_del = knl_neigh_del,
	.neigh_dump = knl_neigh_dump,
	.sysctl_set = knl_sysctl_set,
	.sysctl_get = knl_sysctl_get,
	.monitor_open = knl_monitor_open,
	.monitor_process = knl_monitor_process,
	.monitor_close = knl_monitor_close,
	.mss_clamp_set = knl_mss_clamp_set,
	.mss_clamp_dump = knl_mss_clamp_dump,
};

struct kernel *
kernel_nl_open(char err[KERNEL_ERRLEN])
{
	struct knl *kn = calloc(1, sizeof(*kn));
	int one = 1, rc;

	if (!kn) {
		snprintf(err, KERNEL_ERRLEN, "out of memory");
		return NULL;
	}
	kn->k.ops = &knl_ops;
	if (!(kn->sk = nl_socket_alloc())) {
		snprintf(err, KERNEL_ERRLEN, "out of memory");
		free(kn);
		return NULL;
	}
	if ((rc = nl_connect(kn->sk, NETLINK_ROUTE)) < 0) {
		snprintf(err, KERNEL_ERRLEN, "rtnetlink: %s", nl_geterror(rc));
		nl_socket_free(kn->sk);
		free(kn);
		return NULL;
	}
	/* Ask for the kernel's reason text; harmless where unsupported. */
	setsockopt(nl_socket_get_fd(kn->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(kn->sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_modify_err_cb(kn->sk, NL_CB_CUSTOM, knl_err_cb, kn);
	return &kn->k;
}
