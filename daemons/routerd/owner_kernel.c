/*
 * The kernel owner: the link aspect of interfaces and the static routes,
 * made real through kernel_ops (owner_kernel.h).
 *
 * Every apply makes the kernel match the new object, step by step, each
 * step idempotent; when a step fails the owner applies the old object the
 * same way (or removes the new one), so a refusal leaves the kernel as it
 * was and the transaction can undo the other owners' changes.
 *
 * Choices:
 *  - Tunnel and Loopback devices keep their IOS name in Linux (Tunnel0,
 *    Loopback0 fit IFNAMSIZ) unless the interface map names another; they
 *    are ours, so a stale one is deleted at start-up. Physical interfaces
 *    are only changed (addresses, MTU, state), never deleted.
 *  - `tunnel source IF` is followed by address: the GRE local address is
 *    IF's primary address, updated when it changes (kown_refresh). GRE
 *    TTL is 255 as on IOS. Default ip mtu: transport MTU - 24 (- 4 with a
 *    key, the size of the key field).
 *  - `tunnel mode ipsec ipv4` is an ip_vti device (the lab's kernel has no
 *    XFRM interfaces): local = tunnel source, remote = destination,
 *    ikey = okey = ifname_vti_key() (TunnelN: N + 1), the mark iked puts
 *    on the CHILD_SA's SAs and policies. ip_vti finds the device of an
 *    incoming ESP packet by its addresses alone, so two VTIs with the same
 *    source and destination are refused (the kernel does the same), and
 *    no device is made before a source or destination is known (it would
 *    clash with ip_vti0). disable_policy on the device:
 *    what it decrypted is not checked again against the unmarked policy
 *    tables (forwarded or local). Default ip mtu: transport MTU - 20.
 *  - A static route goes to the kernel with protocol LIOS_RTPROT_STATIC and
 *    metric = distance. A route that the kernel refuses for reachability
 *    (its next hop is on no connected network) is kept and retried after
 *    every kernel change, as IOS keeps such a route out of the table.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ifmap.h"
#include "lios.h"
#include "owner_kernel_priv.h"

#define GRE_HEADER 24u	  /* outer IPv4 + basic GRE header */
#define GRE_KEY_FIELD 4u
#define GRE_TTL 255
#define VTI_HEADER 20u	  /* outer IPv4; ESP overhead is the xfrm's business */
#define DEFAULT_MTU 1500u

static struct kown *
kown_of(struct owner *o)
{
	return (struct kown *)o;
}

struct kernel *
kown_kernel(struct kown *ko)
{
	return ko->k;
}

void
kown_lock(struct kown *ko)
{
	pthread_mutex_lock(&ko->lock);
}

void
kown_unlock(struct kown *ko)
{
	pthread_mutex_unlock(&ko->lock);
}

void
kown_linux_name(const struct ifmap *map, const char *canon, char out[IFNAMSIZ])
{
	const char *l = map ? ifmap_linux(map, canon) : NULL;
	const char *src = l ? l : canon;
	size_t n = strnlen(src, IFNAMSIZ - 1);

	/* a longer name is refused by the kernel: it never gets that far */
	memcpy(out, src, n);
	out[n] = '\0';
}

struct kif *
kown_find_if(struct kown *ko, const char *ios)
{
	for (size_t i = 0; i < ko->n_ifs; i++)
		if (strcmp(ko->ifs[i]->cfg.h.key, ios) == 0)
			return ko->ifs[i];
	return NULL;
}

static size_t
kif_pos(struct kown *ko, const struct kif *f)
{
	size_t i = 0;

	while (i < ko->n_ifs && ko->ifs[i] != f)
		i++;
	return i;
}

static struct kif *
kif_add(struct kown *ko, const char *ios)
{
	struct kif *f = calloc(1, sizeof(*f));
	struct kif **v = realloc(ko->ifs, (ko->n_ifs + 1) * sizeof(*v));

	if (!f || !v)
		abort();
	ko->ifs = v;
	ko->ifs[ko->n_ifs++] = f;
	model_strset(f->cfg.h.key, sizeof(f->cfg.h.key), ios);
	kown_linux_name(ko->map, ios, f->linux_name);
	return f;
}

static void
kif_drop(struct kown *ko, struct kif *f)
{
	size_t i = kif_pos(ko, f);

	if (i == ko->n_ifs)
		return;
	ko->ifs[i] = ko->ifs[--ko->n_ifs];
	free(f);
}

static bool
is_loopback(const char *ios)
{
	return strncmp(ios, "Loopback", 8) == 0;
}

static uint8_t
prefixlen(uint32_t mask)
{
	return (uint8_t)model_mask_len(mask);
}

static int
fail(char *why, size_t whylen, const char *ios, struct kernel *k, const char *what)
{
	snprintf(why, whylen, "%s: %s%s%s", ios, what, kernel_error(k)[0] ? ": " : "",
		 kernel_error(k));
	return -1;
}

/* --- Addresses ------------------------------------------------------------ */

static struct kernel_addr
kaddr(int ifindex, const struct m_prefix *p)
{
	struct kernel_addr a = { .ifindex = ifindex, .prefixlen = prefixlen(p->mask) };

	a.addr.s_addr = htonl(p->addr);
	return a;
}

static bool
has_prefix(const struct m_interface *f, const struct m_prefix *p)
{
	if (!f)
		return false;
	if (f->has_address && f->address.addr == p->addr && f->address.mask == p->mask)
		return true;
	for (unsigned i = 0; i < f->n_secondary; i++)
		if (f->secondary[i].addr == p->addr && f->secondary[i].mask == p->mask)
			return true;
	return false;
}

/* Removes the addresses of old that new lacks, adds those of new (the
 * primary first, so the kernel makes the others secondary). */
static int
sync_addresses(struct kown *ko, int ifindex, const struct m_interface *old,
	       const struct m_interface *new)
{
	struct kernel_addr a;
	int rc;

	if (old) {
		for (unsigned i = 0; i < old->n_secondary; i++) {
			if (has_prefix(new, &old->secondary[i]))
				continue;
			a = kaddr(ifindex, &old->secondary[i]);
			kernel_addr_del(ko->k, &a);
		}
		if (old->has_address && !has_prefix(new, &old->address)) {
			a = kaddr(ifindex, &old->address);
			kernel_addr_del(ko->k, &a);
		}
	}
	if (!new)
		return 0;
	if (new->has_address) {
		a = kaddr(ifindex, &new->address);
		if ((rc = kernel_addr_add(ko->k, &a)) < 0 && rc != -EEXIST)
			return rc;
	}
	for (unsigned i = 0; i < new->n_secondary; i++) {
		a = kaddr(ifindex, &new->secondary[i]);
		if ((rc = kernel_addr_add(ko->k, &a)) < 0 && rc != -EEXIST)
			return rc;
	}
	return 0;
}

/* --- Tunnels --------------------------------------------------------------- */

/* The GRE local address: tunnel source A.B.C.D, or the primary address of
 * the source interface (0 while it has none). Host order. */
static uint32_t
tunnel_local(struct kown *ko, const struct m_interface *f, uint32_t *transport_mtu)
{
	struct kernel_link l;
	struct kernel_addr a;
	char name[IFNAMSIZ];

	*transport_mtu = DEFAULT_MTU;
	if (f->tunnel.has_source_ip)
		return f->tunnel.source_ip;
	if (!f->tunnel.has_source_if)
		return 0;
	kown_linux_name(ko->map, f->tunnel.source_if, name);
	if (kernel_link_get(ko->k, name, &l) < 0)
		return 0;
	*transport_mtu = l.mtu;
	if (kernel_addr_primary(ko->k, l.ifindex, &a) < 0)
		return 0;
	return ntohl(a.addr.s_addr);
}

static bool
is_vti(const struct m_interface *f)
{
	return ifname_is_tunnel(f->h.key) && f->tunnel.mode == TUNNEL_IPSEC_IPV4;
}

static enum kernel_link_kind
tunnel_kind(const struct m_interface *f)
{
	return is_vti(f) ? KERNEL_LINK_VTI : KERNEL_LINK_GRE;
}

/* The device's parameters: GRE, or VTI with its key as mark. */
static struct kernel_gre
gre_of(const struct m_interface *f, uint32_t local)
{
	struct kernel_gre g = { .ttl = GRE_TTL };

	g.local.s_addr = htonl(local);
	if (f->tunnel.mode != TUNNEL_GRE_MULTIPOINT && f->tunnel.has_destination)
		g.remote.s_addr = htonl(f->tunnel.destination);
	if (is_vti(f)) {
		g.ttl = 0;
		g.has_key = true;
		g.ikey = g.okey = ifname_vti_key(f->h.key);
		return g;
	}
	g.has_key = f->tunnel.has_key;
	g.ikey = g.okey = f->tunnel.key;
	return g;
}

static bool
gre_equal(const struct kernel_gre *a, const struct kernel_gre *b)
{
	return a->local.s_addr == b->local.s_addr && a->remote.s_addr == b->remote.s_addr &&
	       a->has_key == b->has_key && (!a->has_key || (a->ikey == b->ikey && a->okey == b->okey)) &&
	       a->ttl == b->ttl;
}

static uint32_t
tunnel_default_mtu(const struct m_interface *f, uint32_t transport_mtu)
{
	if (is_vti(f))
		return transport_mtu - VTI_HEADER;
	return transport_mtu - GRE_HEADER - (f->tunnel.has_key ? GRE_KEY_FIELD : 0);
}

/* Whether the kernel can make GRE (VTI) devices, found once by making one
 * nobody else has (GRE: an unused key; VTI, whose key the kernel does not
 * tell tunnels apart by: a loopback source) and deleting it: a tunnel
 * waiting for its endpoints is refused at once on a kernel without it
 * rather than accepted and refused later. */
static int
tunnel_supported(struct kown *ko, const struct m_interface *n, char *why, size_t whylen)
{
	struct kernel_link_spec spec = {
		.name = "lios-tunprobe",
		.kind = tunnel_kind(n),
		.gre = { .has_key = true, .ikey = 0xfffffff1u, .okey = 0xfffffff1u },
	};
	bool *ok = spec.kind == KERNEL_LINK_VTI ? &ko->vti_ok : &ko->gre_ok;
	int idx = 0, rc;

	if (*ok)
		return 0;
	if (spec.kind == KERNEL_LINK_VTI)
		spec.gre.local.s_addr = htonl(0x7f0000feu); /* 127.0.0.254 */
	rc = kernel_link_add(ko->k, &spec, &idx);
	if (rc == -EOPNOTSUPP)
		return fail(why, whylen, n->h.key, ko->k, "cannot create the tunnel");
	if (rc == 0)
		kernel_link_del(ko->k, idx);
	*ok = rc == 0 || rc == -EEXIST;
	return 0;
}

/* Creates the tunnel's GRE device, or adopts a matching one (a restart does
 * not flap an unchanged tunnel); a device of another shape is re-created. */
static int
ensure_tunnel(struct kown *ko, struct kif *f, const struct m_interface *n, char *why, size_t whylen)
{
	struct kernel_link_spec spec = { .kind = tunnel_kind(n) };
	const char *kind = spec.kind == KERNEL_LINK_VTI ? "an IPSEC/IP (VTI)" : "a GRE";
	struct kernel_link l;
	int rc;

	f->tunnel_local = tunnel_local(ko, n, &f->transport_mtu);
	spec.gre = gre_of(n, f->tunnel_local);
	snprintf(spec.name, sizeof(spec.name), "%s", f->linux_name);
	if (!spec.gre.local.s_addr && !spec.gre.remote.s_addr &&
	    (!spec.gre.has_key || spec.kind == KERNEL_LINK_VTI)) {
		/* Nothing tells it from the kernel's own gre0 / ip_vti0 yet (the
		 * kernel refuses a second tunnel with the same endpoints and
		 * key; a VTI's key does not count): no device until a source,
		 * destination or (GRE) key is set. */
		if (f->created && f->ifindex)
			kernel_link_del(ko->k, f->ifindex);
		f->ifindex = 0;
		f->created = false;
		return tunnel_supported(ko, n, why, whylen) < 0 ? -1 : 1;
	}
	for (size_t i = 0; i < ko->n_ifs; i++) {
		const struct kif *o = ko->ifs[i];
		struct kernel_gre og;

		if (o == f || !o->ifindex || !ifname_is_tunnel(o->cfg.h.key) ||
		    tunnel_kind(&o->cfg) != spec.kind)
			continue;
		og = gre_of(&o->cfg, o->tunnel_local);
		if (spec.kind == KERNEL_LINK_VTI && og.local.s_addr == spec.gre.local.s_addr &&
		    og.remote.s_addr == spec.gre.remote.s_addr) {
			snprintf(why, whylen,
				 "%s: %s has the same source and destination (tunnel mode ipsec ipv4)",
				 n->h.key, o->cfg.h.key);
			return -1;
		}
		if (og.local.s_addr == spec.gre.local.s_addr && og.remote.s_addr == spec.gre.remote.s_addr &&
		    og.has_key == spec.gre.has_key && (!og.has_key || og.ikey == spec.gre.ikey)) {
			snprintf(why, whylen,
				 "%s: %s has the same source, destination and key (add a tunnel key)",
				 n->h.key, o->cfg.h.key);
			return -1;
		}
	}
	if (kernel_link_get(ko->k, f->linux_name, &l) == 0) {
		bool p2p_now = l.gre.remote.s_addr != 0, p2p_want = spec.gre.remote.s_addr != 0;

		if (l.kind == spec.kind && p2p_now == p2p_want) {
			f->ifindex = l.ifindex;
			f->created = true;
			if (gre_equal(&l.gre, &spec.gre))
				return 0;
			if (kernel_link_set_gre(ko->k, l.ifindex, &spec.gre) < 0)
				return fail(why, whylen, n->h.key, ko->k, "cannot change the tunnel");
			return 0;
		}
		if (l.kind != KERNEL_LINK_GRE && l.kind != KERNEL_LINK_VTI && !f->created) {
			snprintf(why, whylen, "%s: Linux device %s exists and is not %s tunnel",
				 n->h.key, f->linux_name, kind);
			return -1;
		}
		/* p2p <-> multipoint, GRE <-> VTI: the kernel needs a new device */
		if (kernel_link_del(ko->k, l.ifindex) < 0)
			return fail(why, whylen, n->h.key, ko->k, "cannot re-create the tunnel");
		f->ifindex = 0;
	}
	rc = kernel_link_add(ko->k, &spec, &f->ifindex);
	if (rc == -EEXIST) {
		snprintf(why, whylen, spec.kind == KERNEL_LINK_VTI
				 ? "%s: another tunnel has the same source and destination (tunnel mode ipsec ipv4)"
				 : "%s: another tunnel has the same source, destination and key (add a tunnel key)",
			 n->h.key);
		return -1;
	}
	if (rc < 0)
		return fail(why, whylen, n->h.key, ko->k, "cannot create the tunnel");
	f->created = true;
	return 0;
}

/* --- Devices ---------------------------------------------------------------- */

static int
ensure_device(struct kown *ko, struct kif *f, const struct m_interface *n, char *why, size_t whylen)
{
	struct kernel_link_spec spec = { .kind = KERNEL_LINK_DUMMY };
	struct kernel_link l;
	int rc;

	if (ifname_is_tunnel(n->h.key))
		return ensure_tunnel(ko, f, n, why, whylen);
	if (f->on_lo || kernel_link_get(ko->k, f->linux_name, &l) == 0) {
		if (f->on_lo)
			kernel_link_get(ko->k, "lo", &l);
		f->ifindex = l.ifindex;
		if (is_loopback(n->h.key) && l.kind == KERNEL_LINK_DUMMY)
			f->created = true;
		return 0;
	}
	if (!is_loopback(n->h.key)) {
		snprintf(why, whylen, "%s: no Linux device %s", n->h.key, f->linux_name);
		return -1;
	}
	snprintf(spec.name, sizeof(spec.name), "%s", f->linux_name);
	rc = kernel_link_add(ko->k, &spec, &f->ifindex);
	if (rc == -EOPNOTSUPP && kernel_link_get(ko->k, "lo", &l) == 0) {
		fprintf(stderr, "routerd: %s: %s; its addresses go on lo\n", n->h.key,
			KERNEL_MSG_NO_DUMMY);
		f->on_lo = true;
		f->ifindex = l.ifindex;
		snprintf(f->linux_name, sizeof(f->linux_name), "lo");
		return 0;
	}
	if (rc < 0)
		return fail(why, whylen, n->h.key, ko->k, "cannot create the loopback");
	f->created = true;
	return 0;
}

static bool
is_p2p_gre(const struct m_interface *f)
{
	return ifname_is_tunnel(f->h.key) && f->tunnel.mode == TUNNEL_GRE_IP;
}

/* Makes the kernel match n, given that old was applied before (NULL: none). */
static int
if_sync(struct kown *ko, struct kif *f, const struct m_interface *old,
	const struct m_interface *n, char *why, size_t whylen)
{
	struct kernel_link l;
	uint32_t mtu;
	char path[96];
	int rc;

	if ((rc = ensure_device(ko, f, n, why, whylen)) < 0)
		return -1;
	if (rc > 0) { /* a tunnel not ready for a device */
		f->cfg = *n;
		return 0;
	}
	if (kernel_link_get_index(ko->k, f->ifindex, &l) < 0)
		return fail(why, whylen, n->h.key, ko->k, "device vanished");
	mtu = n->has_mtu ? n->mtu : 0;
	if (!mtu && ifname_is_tunnel(n->h.key))
		mtu = tunnel_default_mtu(n, f->transport_mtu);
	else if (!mtu && old && old->has_mtu && !f->on_lo && !is_loopback(n->h.key))
		mtu = DEFAULT_MTU;
	if (mtu && !f->on_lo && l.mtu != mtu && kernel_link_set_mtu(ko->k, f->ifindex, mtu) < 0)
		return fail(why, whylen, n->h.key, ko->k, "cannot set the MTU");
	if ((rc = sync_addresses(ko, f->ifindex, old, n)) < 0)
		return fail(why, whylen, n->h.key, ko->k, "cannot set the address");
	/* lo stays up whatever a Loopback on it says */
	if (!f->on_lo && l.up != !n->shutdown && kernel_link_set_up(ko->k, f->ifindex, !n->shutdown) < 0)
		return fail(why, whylen, n->h.key, ko->k, "cannot change the state");
	if (n->has_mss || (old && old->has_mss)) {
		if (kernel_mss_clamp_set(ko->k, f->linux_name, n->has_mss ? (uint16_t)n->mss : 0) < 0)
			return fail(why, whylen, n->h.key, ko->k, "cannot set ip tcp adjust-mss");
	}
	if (!f->on_lo && (old ? strcmp(old->description, n->description) != 0 : n->description[0] != 0) &&
	    (rc = kown_set_alias(ko, f->ifindex, n->description)) < 0)
		fprintf(stderr, "routerd: %s: description not set as the Linux alias: %s\n", n->h.key,
			strerror(-rc));
	if (n->no_redirects || (old && old->no_redirects))
		kernel_set_send_redirects(ko->k, f->linux_name, !n->no_redirects);
	if (is_vti(n)) {
		/* decrypted traffic is not checked against unmarked policies */
		snprintf(path, sizeof(path), "net/ipv4/conf/%s/disable_policy", f->linux_name);
		kernel_sysctl_set(ko->k, path, "1");
	}
	if (is_p2p_gre(n)) {
		/* The peer's keepalives come back to it through us: decapsulated
		 * here, with the peer's own address as source. */
		snprintf(path, sizeof(path), "net/ipv4/conf/%s/accept_local", f->linux_name);
		kernel_sysctl_set(ko->k, path, "1");
		snprintf(path, sizeof(path), "net/ipv4/conf/%s/rp_filter", f->linux_name);
		kernel_sysctl_set(ko->k, path, "0");
	}
	if (!old || old->keepalive != n->keepalive || old->keepalive_period != n->keepalive_period ||
	    memcmp(&old->tunnel, &n->tunnel, sizeof(n->tunnel)) != 0) {
		f->ka_down = false;
		f->ka_missed = 0;
		f->ka_next = 0;
	}
	f->cfg = *n;
	return 0;
}

/* Undoes what we did to an interface: deletes a device we created, else
 * takes back the addresses, MTU and clamp we set. */
static void
if_remove(struct kown *ko, struct kif *f, const struct m_interface *old)
{
	if (f->created && f->ifindex) {
		kernel_link_del(ko->k, f->ifindex);
		if (old->has_mss)
			kernel_mss_clamp_set(ko->k, f->linux_name, 0);
		return;
	}
	if (!f->ifindex)
		return;
	sync_addresses(ko, f->ifindex, old, NULL);
	if (old->has_mss)
		kernel_mss_clamp_set(ko->k, f->linux_name, 0);
	if (old->has_mtu && !f->on_lo)
		kernel_link_set_mtu(ko->k, f->ifindex, DEFAULT_MTU);
	if (old->no_redirects)
		kernel_set_send_redirects(ko->k, f->linux_name, true);
	if (old->description[0] && !f->on_lo)
		kown_set_alias(ko, f->ifindex, "");
}

static int
apply_interface(struct kown *ko, const struct owner_change *c, char *why, size_t whylen)
{
	const struct m_interface *o = (const void *)c->old, *n = (const void *)c->new;
	struct kif *f = kown_find_if(ko, (n ? n : o)->h.key);
	bool fresh = !f;
	char ignored[256];

	if (!n) {
		if (f) {
			if_remove(ko, f, &f->cfg);
			kif_drop(ko, f);
		}
		return 0;
	}
	if (!f)
		f = kif_add(ko, n->h.key);
	if (if_sync(ko, f, fresh ? NULL : &f->cfg, n, why, whylen) == 0)
		return 0;
	/* Put back what was there. */
	if (fresh) {
		if_remove(ko, f, n);
		kif_drop(ko, f);
	} else {
		/* n may be partly applied: go from it back to what was */
		struct m_interface was = f->cfg;

		if_sync(ko, f, n, &was, ignored, sizeof(ignored));
	}
	return -1;
}

/* --- Line protocol and routes ---------------------------------------------- */

bool
kown_line_up(struct kown *ko, struct kif *f)
{
	struct kernel_link l;

	if (!f->ifindex || f->cfg.shutdown)
		return false;
	if (kernel_link_get_index(ko->k, f->ifindex, &l) < 0 || !l.up)
		return false;
	if (ifname_is_tunnel(f->cfg.h.key)) {
		if (f->cfg.tunnel.mode != TUNNEL_GRE_MULTIPOINT && !f->cfg.tunnel.has_destination)
			return false;
		if (f->cfg.keepalive && is_p2p_gre(&f->cfg) && f->ka_down)
			return false;
		if (f->cfg.tunnel.mode == TUNNEL_IPSEC_IPV4 && !kown_ipsec_up(ko, f->cfg.h.key))
			return false;
		return true;
	}
	return l.kind == KERNEL_LINK_LOOPBACK || l.kind == KERNEL_LINK_DUMMY || l.lower_up;
}

/* The configured interface a route leaves by: its interface, or the one
 * whose connected network holds the next hop. */
static struct kif *
route_if(struct kown *ko, const struct m_route *rt)
{
	if (rt->ifname[0])
		return kown_find_if(ko, rt->ifname);
	for (size_t i = 0; i < ko->n_ifs; i++) {
		const struct m_interface *c = &ko->ifs[i]->cfg;

		if (c->has_address && ((c->address.addr ^ rt->nexthop) & c->address.mask) == 0)
			return ko->ifs[i];
		for (unsigned j = 0; j < c->n_secondary; j++)
			if (((c->secondary[j].addr ^ rt->nexthop) & c->secondary[j].mask) == 0)
				return ko->ifs[i];
	}
	return NULL;
}

static struct kernel_route
kroute_of(struct kown *ko, const struct m_route *rt, struct kif *via)
{
	struct kernel_route kr = {
		.prefixlen = prefixlen(rt->dest.mask),
		.type = KERNEL_ROUTE_UNICAST,
		.metric = rt->distance ? rt->distance : 1,
		.protocol = LIOS_RTPROT_STATIC,
	};
	struct kernel_link l;
	char name[IFNAMSIZ];

	kr.dst.s_addr = htonl(rt->dest.addr);
	if (rt->has_nexthop)
		kr.gateway.s_addr = htonl(rt->nexthop);
	if (rt->ifname[0]) {
		if (via)
			kr.oif = via->ifindex;
		else {
			/* an unconfigured Linux or mapped interface */
			kown_linux_name(ko->map, rt->ifname, name);
			if (kernel_link_get(ko->k, name, &l) == 0)
				kr.oif = l.ifindex;
		}
	}
	return kr;
}

static int
route_withdraw(struct kown *ko, struct kroute *r)
{
	int rc = 0;

	if (r->installed) {
		rc = kernel_route_del(ko->k, &r->kr);
		if (rc == -ESRCH || rc == -ENOENT)
			rc = 0;
		if (rc == 0)
			r->installed = false;
	}
	return rc;
}

/* Installs or withdraws one route according to its interface's line
 * protocol. Fails only on an error that is not about reachability. */
static int
route_sync(struct kown *ko, struct kroute *r)
{
	struct kif *via = route_if(ko, &r->cfg);
	bool want = !via || kown_line_up(ko, via) || r->cfg.permanent;
	struct kernel_route kr;
	int rc;

	if (!want)
		return route_withdraw(ko, r);
	kr = kroute_of(ko, &r->cfg, via);
	if (r->cfg.ifname[0] && !kr.oif)
		return route_withdraw(ko, r);
	if (r->installed && memcmp(&kr, &r->kr, sizeof(kr)) != 0)
		route_withdraw(ko, r);
	for (size_t i = 0; i < ko->n_routes; i++) {
		const struct kroute *o = ko->routes[i];

		/* The kernel keys a route on prefix and metric: a second next
		 * hop at the same distance would replace the first (IOS would
		 * share the load). It waits until the first goes. */
		if (o != r && o->installed && o->kr.dst.s_addr == kr.dst.s_addr &&
		    o->kr.prefixlen == kr.prefixlen && o->kr.metric == kr.metric)
			return route_withdraw(ko, r);
	}
	rc = kernel_route_replace(ko->k, &kr);
	if (rc == 0) {
		r->installed = true;
		r->kr = kr;
		return 0;
	}
	r->installed = false;
	if (rc == -ENETUNREACH || rc == -ENETDOWN || rc == -ENODEV || rc == -EHOSTUNREACH ||
	    rc == -EINVAL)
		return 0; /* not reachable now: retried on the next change */
	return rc;
}

void
kown_routes_sync(struct kown *ko)
{
	for (size_t i = 0; i < ko->n_routes; i++)
		route_sync(ko, ko->routes[i]);
}

static struct kroute *
find_route(struct kown *ko, const char *key, size_t *pos)
{
	for (size_t i = 0; i < ko->n_routes; i++) {
		if (strcmp(ko->routes[i]->cfg.h.key, key) == 0) {
			if (pos)
				*pos = i;
			return ko->routes[i];
		}
	}
	return NULL;
}

static int
apply_route(struct kown *ko, const struct owner_change *c, char *why, size_t whylen)
{
	const struct m_route *o = (const void *)c->old, *n = (const void *)c->new;
	struct kroute *r;
	size_t pos;
	int rc;

	if (!n) {
		if ((r = find_route(ko, o->h.key, &pos))) {
			if (route_withdraw(ko, r) < 0) {
				snprintf(why, whylen, "route %s: %s", o->h.key, kernel_error(ko->k));
				return -1;
			}
			ko->routes[pos] = ko->routes[--ko->n_routes];
			free(r);
			kown_routes_sync(ko); /* one waiting for its prefix */
		}
		return 0;
	}
	r = find_route(ko, n->h.key, &pos);
	if (!r) {
		struct kroute **v = realloc(ko->routes, (ko->n_routes + 1) * sizeof(*v));

		if (!v || !(r = calloc(1, sizeof(*r))))
			abort();
		ko->routes = v;
		pos = ko->n_routes;
		ko->routes[ko->n_routes++] = r;
	}
	r->cfg = *n;
	if ((rc = route_sync(ko, r)) == 0)
		return 0;
	snprintf(why, whylen, "ip route %s %s: %s", model_ip(n->dest.addr), model_ip(n->dest.mask),
		 kernel_error(ko->k));
	if (o) {
		r->cfg = *o;
		route_sync(ko, r);
	} else {
		ko->routes[pos] = ko->routes[--ko->n_routes];
		free(r);
	}
	return -1;
}

/* Start-up: only record the configuration; kown_reconcile() applies the
 * final state at once, so that a tunnel the kernel already has is compared
 * with its whole configuration, not with each line on the way. */
static void
defer(struct kown *ko, const struct owner_change *c)
{
	const struct mobj *n = c->new, *o = c->old;
	struct kroute *r;
	struct kif *f;
	size_t pos;

	if (c->kind == MK_INTERFACE) {
		f = kown_find_if(ko, (n ? n : o)->key);
		if (!n) {
			if (f)
				kif_drop(ko, f);
			return;
		}
		if (!f)
			f = kif_add(ko, n->key);
		f->cfg = *(const struct m_interface *)n;
		return;
	}
	r = find_route(ko, (n ? n : o)->key, &pos);
	if (!n) {
		if (r) {
			ko->routes[pos] = ko->routes[--ko->n_routes];
			free(r);
		}
		return;
	}
	if (!r) {
		struct kroute **v = realloc(ko->routes, (ko->n_routes + 1) * sizeof(*v));

		if (!v || !(r = calloc(1, sizeof(*r))))
			abort();
		ko->routes = v;
		ko->routes[ko->n_routes++] = r;
	}
	r->cfg = *(const struct m_route *)n;
}

void
kown_defer(struct kown *ko)
{
	ko->deferred = true;
}

static int
kown_apply(struct owner *o, const struct owner_change *c, char *why, size_t whylen)
{
	struct kown *ko = kown_of(o);
	int rc = 0;

	if (c->kind != MK_INTERFACE && c->kind != MK_ROUTE)
		return 0;
	if (c->kind == MK_INTERFACE && c->aspect != ASPECT_LINK)
		return 0;
	kown_lock(ko);
	if (ko->deferred) {
		defer(ko, c);
	} else if (c->kind == MK_INTERFACE) {
		rc = apply_interface(ko, c, why, whylen);
		if (rc == 0)
			kown_refresh(ko); /* tunnels sourced from it, routes */
	} else {
		rc = apply_route(ko, c, why, whylen);
	}
	kown_unlock(ko);
	return rc;
}

/* --- Refresh and start-up reconciliation ------------------------------------ */

void
kown_refresh(struct kown *ko)
{
	for (size_t i = 0; i < ko->n_ifs; i++) {
		struct kif *f = ko->ifs[i];
		struct kernel_gre g;
		uint32_t local, tmtu;

		if (!ifname_is_tunnel(f->cfg.h.key) || !f->cfg.tunnel.has_source_if)
			continue;
		local = tunnel_local(ko, &f->cfg, &tmtu);
		if (!f->ifindex && local) {
			/* waiting for its source's address: make it now */
			struct m_interface cfg = f->cfg;
			char why[256];

			if (if_sync(ko, f, &cfg, &cfg, why, sizeof(why)) < 0)
				fprintf(stderr, "routerd: %s\n", why);
			continue;
		}
		if (!f->ifindex)
			continue;
		f->transport_mtu = tmtu;
		if (local == f->tunnel_local)
			continue;
		g = gre_of(&f->cfg, local);
		if (kernel_link_set_gre(ko->k, f->ifindex, &g) == 0)
			f->tunnel_local = local;
		else
			fprintf(stderr, "routerd: %s: cannot follow the new source address %s: %s\n",
				f->cfg.h.key, model_ip(local), kernel_error(ko->k));
	}
	kown_routes_sync(ko);
}

struct stale {
	struct kernel_route *r;
	size_t n;
	struct kernel_link *l;
	size_t nl;
};

static int
collect_route(const struct kernel_route *r, void *arg)
{
	struct stale *s = arg;
	struct kernel_route *v = realloc(s->r, (s->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	s->r = v;
	s->r[s->n++] = *r;
	return 0;
}

static int
collect_link(const struct kernel_link *l, void *arg)
{
	struct stale *s = arg;
	struct kernel_link *v = realloc(s->l, (s->nl + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	s->l = v;
	s->l[s->nl++] = *l;
	return 0;
}

static bool
route_ours(struct kown *ko, const struct kernel_route *kr)
{
	for (size_t i = 0; i < ko->n_routes; i++) {
		const struct kernel_route *m = &ko->routes[i]->kr;

		if (ko->routes[i]->installed && m->dst.s_addr == kr->dst.s_addr &&
		    m->prefixlen == kr->prefixlen && m->metric == kr->metric)
			return true;
	}
	return false;
}

static bool
link_configured(struct kown *ko, const char *linux_name)
{
	for (size_t i = 0; i < ko->n_ifs; i++)
		if (strcmp(ko->ifs[i]->linux_name, linux_name) == 0)
			return true;
	return false;
}

int
kown_reconcile(struct kown *ko)
{
	struct stale s = { 0 };
	int removed = 0;

	kown_lock(ko);
	if (ko->deferred) {
		ko->deferred = false;
		for (size_t i = 0; i < ko->n_ifs; i++) {
			struct kif *f = ko->ifs[i];
			struct m_interface cfg = f->cfg;
			char why[256];

			if (if_sync(ko, f, NULL, &cfg, why, sizeof(why)) < 0)
				fprintf(stderr, "routerd: %s\n", why);
		}
	}
	kown_refresh(ko);
	if (kernel_route_dump(ko->k, 0, LIOS_RTPROT_STATIC, collect_route, &s) == 0) {
		for (size_t i = 0; i < s.n; i++)
			if (s.r[i].protocol == LIOS_RTPROT_STATIC && !route_ours(ko, &s.r[i]) &&
			    kernel_route_del(ko->k, &s.r[i]) == 0)
				removed++;
	}
	/* Our virtual devices: Tunnel* GRE or VTI and Loopback* dummies. */
	if (kernel_link_dump(ko->k, collect_link, &s) == 0) {
		for (size_t i = 0; i < s.nl; i++) {
			const struct kernel_link *l = &s.l[i];
			bool ours = ((l->kind == KERNEL_LINK_GRE || l->kind == KERNEL_LINK_VTI) &&
				     strncmp(l->name, "Tunnel", 6) == 0) ||
				    (l->kind == KERNEL_LINK_DUMMY && is_loopback(l->name));

			if (ours && !link_configured(ko, l->name) && kernel_link_del(ko->k, l->ifindex) == 0)
				removed++;
		}
	}
	kown_unlock(ko);
	free(s.r);
	free(s.l);
	return removed;
}

/* --- Views for show ----------------------------------------------------------- */

bool
kown_if_view(struct kown *ko, const char *ios, struct kown_if_view *out)
{
	struct kif *f = kown_find_if(ko, ios);

	if (!f)
		return false;
	memset(out, 0, sizeof(*out));
	snprintf(out->linux_name, sizeof(out->linux_name), "%s", f->linux_name);
	out->ifindex = f->ifindex;
	out->created = f->created;
	out->on_lo = f->on_lo;
	out->line_up = kown_line_up(ko, f);
	out->tunnel_local = f->tunnel_local;
	out->transport_mtu = f->transport_mtu;
	out->keepalive_down = f->ka_down;
	return true;
}

const char *
kown_if_by_index(struct kown *ko, int ifindex)
{
	const char *on_lo = NULL;

	for (size_t i = 0; i < ko->n_ifs; i++) {
		if (ko->ifs[i]->ifindex != ifindex)
			continue;
		if (!ko->ifs[i]->on_lo)
			return ko->ifs[i]->cfg.h.key;
		on_lo = on_lo ? on_lo : ko->ifs[i]->cfg.h.key;
	}
	return on_lo;
}

/* --- The owner ----------------------------------------------------------------- */



static void
kown_free(struct owner *o)
{
	struct kown *ko = kown_of(o);

	kown_thread_stop(ko);
	for (size_t i = 0; i < ko->n_ifs; i++)
		free(ko->ifs[i]);
	for (size_t i = 0; i < ko->n_routes; i++)
		free(ko->routes[i]);
	free(ko->ifs);
	free(ko->routes);
	free(ko->sa_up);
	kernel_close(ko->k);
	pthread_mutex_destroy(&ko->lock);
	/* owner_free() frees ko (the owner is its first member) */
}

struct owner *
owner_kernel_new(struct kernel *k, const struct ifmap *map)
{
	struct kown *ko = calloc(1, sizeof(*ko));

	if (!ko)
		abort();
	ko->owner.name = "kernel";
	ko->owner.apply = kown_apply;
	ko->owner.free = kown_free;
	ko->owner.ctx = ko;
	ko->k = k;
	ko->map = map;
	ko->ka_fd = -1;
	ko->stop_fd = -1;
	pthread_mutex_init(&ko->lock, NULL);
	return &ko->owner;
}

struct kown *
owner_kernel_of(struct owner *o)
{
	return o && o->apply == kown_apply ? kown_of(o) : NULL;
}
