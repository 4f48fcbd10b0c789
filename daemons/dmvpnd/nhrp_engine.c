/* The NHRP engine: registrations (spoke and hub), resolutions, shortcuts
 * and redirects over libnhrp, with all I/O behind ops (nhrp_engine.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_engine.h"
#include "nhrp_show.h"

#define BACKOFF_MAX 64
#define NHS_DOWN_TRIES 3
#define RESOLVE_RETRY 2
#define RESOLVE_TIMEOUT 10
#define REDIRECT_INTERVAL 5
#define TI_PAYLOAD_MAX 128

static uint64_t
now(const struct nhrp_engine *e)
{
	return e->clock(e->clock_ctx);
}

#define LOG(e, ...)                                      \
	do {                                             \
		if ((e)->ops->log)                       \
			(e)->ops->log((e)->ctx, __VA_ARGS__); \
	} while (0)

static void
addr4(struct nhrp_addr *a, struct in_addr in)
{
	nhrp_addr_set(a, &in.s_addr, 4);
}

static struct in_addr
in4(const struct nhrp_addr *a)
{
	struct in_addr in = { 0 };

	if (a->len == 4)
		memcpy(&in.s_addr, a->bytes, 4);
	return in;
}

/* An NHS's tunnel address for a packet: absent (len 0) while a dynamic
 * NHS's is unknown. */
static void
nhs_addr(struct nhrp_addr *a, const struct nhrp_nhs_state *h)
{
	if (h->proto.s_addr)
		addr4(a, h->proto);
	else
		memset(a, 0, sizeof(*a));
}

static uint32_t
mask(uint8_t plen)
{
	return plen ? htonl(~0u << (32 - plen)) : 0;
}

static void send_packet(struct nhrp_engine *e, struct nhrp_iface *ifp, struct in_addr nbma,
			const struct nhrp_packet *p);
static uint32_t request_id(struct nhrp_engine *e);

/* Remembers that requester holds net/plen from us (one slot per pair). */
static void
remember(struct nhrp_answered *list, struct in_addr requester, struct in_addr nbma,
	 struct in_addr net, uint8_t plen)
{
	struct nhrp_answered *slot = NULL;

	net.s_addr &= mask(plen);
	for (unsigned i = 0; i < NHRP_ENGINE_ANSWERED; i++) {
		struct nhrp_answered *a = &list[i];

		if (a->used && a->requester.s_addr == requester.s_addr &&
		    a->net.s_addr == net.s_addr && a->prefixlen == plen) {
			a->requester_nbma = nbma;
			return;
		}
		if (!a->used && !slot)
			slot = a;
	}
	if (!slot)
		slot = &list[requester.s_addr % NHRP_ENGINE_ANSWERED];
	slot->used = true;
	slot->requester = requester;
	slot->requester_nbma = nbma;
	slot->net = net;
	slot->prefixlen = plen;
}

/* A Purge Request (N flag: no reply wanted) telling a->requester to drop
 * a->net, whose binding it got from us; the slot is freed. */
static void
send_purge(struct nhrp_engine *e, struct nhrp_iface *ifp, struct nhrp_answered *a)
{
	struct nhrp_addr dst, net;
	struct nhrp_packet p;
	char n[INET_ADDRSTRLEN];

	addr4(&dst, a->requester);
	addr4(&net, a->net);
	inet_ntop(AF_INET, &a->net, n, sizeof(n));
	LOG(e, "%s: purging %s/%u from %s", ifp->conf.name, n, a->prefixlen,
	    inet_ntoa(a->requester));
	if (nhrp_build_purge_request(&p, &ifp->me, &dst, &net, a->prefixlen, true,
				     request_id(e)) == 0)
		send_packet(e, ifp, a->requester_nbma, &p);
	a->used = false;
}

static void
purge_answered(struct nhrp_engine *e, struct nhrp_iface *ifp)
{
	for (unsigned j = 0; j < NHRP_ENGINE_ANSWERED; j++)
		if (ifp->answered[j].used)
			send_purge(e, ifp, &ifp->answered[j]);
}

/* A registration that went: whoever resolved it through us forgets it. */
static void
purge_forwarded(struct nhrp_engine *e, struct nhrp_iface *ifp, struct in_addr proto)
{
	for (unsigned j = 0; j < NHRP_ENGINE_ANSWERED; j++) {
		struct nhrp_answered *a = &ifp->forwarded[j];

		if (a->used && a->net.s_addr == proto.s_addr)
			send_purge(e, ifp, a);
	}
}

static void
cache_notify(void *ctx, const struct nhrp_cache_entry *ce, enum nhrp_cache_event ev)
{
	struct nhrp_engine *e = ctx;
	struct nhrp_iface *ifp = nhrp_engine_iface(e, ce->ifindex);

	if (e->ops->bind)
		e->ops->bind(e->ctx, ce, ev);
	/* A registration that expired, was cleared, or now names another
	 * NBMA: what requesters resolved through us is stale. */
	if (((ev == NHRP_CACHE_DELETED && e->purge_on_delete) || ev == NHRP_CACHE_CHANGED) &&
	    ifp && ifp->ifindex && ce->type == NHRP_CACHE_DYNAMIC && ce->proto.len == 4)
		purge_forwarded(e, ifp, in4(&ce->proto));
	/* Shortcuts through a binding that goes away go with it. */
	if (ev == NHRP_CACHE_DELETED && ifp && ce->proto.len == 4) {
		struct in_addr via = in4(&ce->proto);

		for (unsigned i = 0; i < NHRP_ENGINE_SHORTCUTS; i++) {
			struct nhrp_shortcut *s = &ifp->shortcuts[i];

			if (s->expires && s->via.s_addr == via.s_addr) {
				if (e->ops->route)
					e->ops->route(e->ctx, ifp->ifindex, s->net, s->prefixlen,
						      s->via, false);
				memset(s, 0, sizeof(*s));
			}
		}
	}
	/* A spoke's binding to another spoke went: its SA may go too (the
	 * next tick looks, the cache being mid-change here). */
	if (ev == NHRP_CACHE_DELETED && ifp && e->ipsec && ifp->conf.ipsec_profile[0] &&
	    ifp->n_nhs && ce->type == NHRP_CACHE_CACHED && ce->nbma.len == 4)
		nhrp_ipsec_binding_gone(e->ipsec, in4(&ce->nbma));
}

void
nhrp_engine_init(struct nhrp_engine *e, const struct nhrp_engine_ops *ops, void *ctx,
		 nhrp_clock_fn clock, void *clock_ctx)
{
	memset(e, 0, sizeof(*e));
	e->ops = ops;
	e->ctx = ctx;
	e->clock = clock;
	e->clock_ctx = clock_ctx;
	e->next_request_id = 1;
	nhrp_cache_init(&e->cache, clock, clock_ctx);
	nhrp_cache_set_notify(&e->cache, cache_notify, e);
}

struct nhrp_iface *
nhrp_engine_iface(struct nhrp_engine *e, int ifindex)
{
	for (unsigned i = 0; i < e->n_ifs; i++)
		if (e->ifs[i].ifindex && e->ifs[i].ifindex == ifindex)
			return &e->ifs[i];
	return NULL;
}

static uint32_t
request_id(struct nhrp_engine *e)
{
	uint32_t id = e->next_request_id++;

	if (!e->next_request_id)
		e->next_request_id = 1;
	return id;
}

/* --- tunnel protection: SAs to peers nobody else brings up --------------- */

static void
ipsec_initiate_one(void *ctx, int ifindex, struct in_addr nbma)
{
	struct nhrp_engine *e = ctx;
	struct nhrp_iface *ifp = nhrp_engine_iface(e, ifindex);
	char a[INET_ADDRSTRLEN];

	if (!ifp || !e->ops->ipsec_initiate)
		return;
	LOG(e, "%s: asking iked for an IPsec SA to %s", ifp->conf.name,
	    inet_ntop(AF_INET, &nbma, a, sizeof(a)));
	e->ops->ipsec_initiate(e->ctx, ifp->conf.ike_spec[0] ? ifp->conf.ike_spec : ifp->conf.name,
			       nbma);
}

struct nbma_use {
	struct in_addr nbma;
	bool used;
};

static void
note_use(void *ctx, const struct nhrp_cache_entry *ce)
{
	struct nbma_use *u = ctx;

	if (ce->nbma.len == 4 && !memcmp(ce->nbma.bytes, &u->nbma.s_addr, 4) &&
	    ce->type != NHRP_CACHE_INCOMPLETE && ce->type != NHRP_CACHE_NEGATIVE)
		u->used = true;
}

static bool
is_nhs(const struct nhrp_engine *e, struct in_addr nbma)
{
	for (unsigned i = 0; i < e->n_ifs; i++)
		for (unsigned j = 0; j < e->ifs[i].n_nhs; j++)
			if (e->ifs[i].nhs[j].nbma.s_addr == nbma.s_addr)
				return true;
	return false;
}

/* No binding uses the spoke any more: close its SA, as IOS closes the
 * crypto socket with the last mapping (a later shortcut brings it back). */
static void
ipsec_close_unused(void *ctx, struct in_addr nbma)
{
	struct nhrp_engine *e = ctx;
	struct nbma_use u = { .nbma = nbma };
	char a[INET_ADDRSTRLEN];

	if (!e->ops->ipsec_close || is_nhs(e, nbma) || !nhrp_ipsec_up(e->ipsec, nbma))
		return;
	nhrp_cache_foreach(&e->cache, note_use, &u);
	if (u.used)
		return;
	LOG(e, "no NHRP binding uses %s any more: closing its IPsec SA",
	    inet_ntop(AF_INET, &nbma, a, sizeof(a)));
	e->ipsec->closes++;
	e->ops->ipsec_close(e->ctx, nbma);
}

/* NHRP waits for an SA to nbma: unless it is an NHS (its own IKE spec
 * initiates), ask iked for one. Of two spokes that both wait for each
 * other, the one with the lower NBMA address asks first, the other a
 * little later, so that usually one IKE SA joins them, not two. */
static void
ipsec_want_sa(struct nhrp_engine *e, struct nhrp_iface *ifp, struct in_addr nbma)
{
	uint64_t at = now(e);

	if (!e->ops->ipsec_initiate)
		return;
	if (is_nhs(e, nbma))
		return;
	if (ifp->me.nbma.len == 4 && memcmp(ifp->me.nbma.bytes, &nbma.s_addr, 4) > 0)
		at += NHRP_ENGINE_INITIATE_DEFER;
	nhrp_ipsec_initiate_after(e->ipsec, nbma, at);
	nhrp_ipsec_initiate_due(e->ipsec, now(e), ipsec_initiate_one, e);
}

static void
send_packet(struct nhrp_engine *e, struct nhrp_iface *ifp, struct in_addr nbma,
	    const struct nhrp_packet *p)
{
	uint8_t buf[2048];
	ssize_t n = nhrp_packet_encode(p, buf, sizeof(buf));
	char a[INET_ADDRSTRLEN];

	if (n < 0) {
		LOG(e, "%s: cannot encode %s: %s", ifp->conf.name, nhrp_type_name(p->type),
		    strerror((int)-n));
		return;
	}
	if (ifp->conf.ipsec_profile[0] && e->ipsec && !nhrp_ipsec_up(e->ipsec, nbma)) {
		/* Counted as sent once released. */
		if (nhrp_ipsec_hold(e->ipsec, ifp->ifindex, nbma, buf, (size_t)n, now(e)) < 0)
			LOG(e, "%s: no IPsec SA to %s and no room to hold %s: dropped",
			    ifp->conf.name, inet_ntop(AF_INET, &nbma, a, sizeof(a)),
			    nhrp_type_name(p->type));
		else
			LOG(e, "%s: %s to %s waits for its IPsec SA", ifp->conf.name,
			    nhrp_type_name(p->type), inet_ntop(AF_INET, &nbma, a, sizeof(a)));
		ipsec_want_sa(e, ifp, nbma);
		return;
	}
	if (e->ops->send(e->ctx, ifp->ifindex, nbma, buf, (size_t)n) == 0 &&
	    p->type <= NHRP_TYPE_MAX)
		ifp->traffic.tx[p->type]++;
	else
		LOG(e, "%s: sending %s to %s failed", ifp->conf.name, nhrp_type_name(p->type),
		    inet_ntop(AF_INET, &nbma, a, sizeof(a)));
}

/* --- configuration ------------------------------------------------------ */

static void
iface_down(struct nhrp_engine *e, struct nhrp_iface *ifp)
{
	for (unsigned i = 0; i < NHRP_ENGINE_SHORTCUTS; i++) {
		struct nhrp_shortcut *s = &ifp->shortcuts[i];

		if (s->expires && e->ops->route)
			e->ops->route(e->ctx, ifp->ifindex, s->net, s->prefixlen, s->via, false);
		memset(s, 0, sizeof(*s));
	}
	if (!ifp->ifindex)
		return;
	/* Configured bindings and learnt ones alike. */
	nhrp_cache_flush(&e->cache, ifp->ifindex);
	for (unsigned i = 0; i < ifp->conf.n_map; i++) {
		struct nhrp_addr p;

		addr4(&p, ifp->conf.map[i].proto);
		nhrp_cache_remove_config(&e->cache, NHRP_CACHE_STATIC, ifp->ifindex, &p);
	}
	for (unsigned i = 0; i < ifp->n_nhs; i++) {
		struct nhrp_addr p;

		if (!ifp->nhs[i].proto.s_addr)
			continue;
		addr4(&p, ifp->nhs[i].proto);
		nhrp_cache_remove_config(&e->cache, NHRP_CACHE_NHS, ifp->ifindex, &p);
	}
}

static uint64_t schedule_nhs(struct nhrp_engine *e, struct nhrp_iface *ifp);

/* Binds the interface to its link and installs the configured bindings. */
static void
iface_up(struct nhrp_engine *e, struct nhrp_iface *ifp)
{
	struct nhrp_conf_if *c = &ifp->conf;
	struct in_addr nbma = { 0 }, addr = { 0 };
	uint8_t plen = 0;
	int ifindex = 0;

	if (e->ops->link_info(e->ctx, c->name, &ifindex, &nbma, &addr, &plen) < 0 || !ifindex)
		return;
	if (c->nbma.s_addr)
		nbma = c->nbma;
	if (c->address.s_addr) {
		addr = c->address;
		plen = c->prefixlen;
	}
	if (!nbma.s_addr || !addr.s_addr) {
		LOG(e, "%s: no NBMA or tunnel address yet", c->name);
		return;
	}
	ifp->ifindex = ifindex;
	addr4(&ifp->me.nbma, nbma);
	addr4(&ifp->me.proto, addr);
	ifp->me.holdtime = (uint16_t)c->holdtime;
	ifp->me.auth = c->auth[0] ? c->auth : NULL;
	for (unsigned i = 0; i < c->n_map; i++) {
		struct nhrp_addr p, n;

		addr4(&p, c->map[i].proto);
		addr4(&n, c->map[i].nbma);
		nhrp_cache_add_config(&e->cache, NHRP_CACHE_STATIC, ifindex, &p, &n);
	}
	ifp->n_nhs = 0;
	for (unsigned i = 0; i < c->n_nhs; i++) {
		struct nhrp_nhs_state *h = &ifp->nhs[ifp->n_nhs];
		struct nhrp_addr p, n;

		memset(h, 0, sizeof(*h));
		h->proto = c->nhs[i].proto;
		h->dynamic = !h->proto.s_addr;
		h->nbma = nhrp_conf_nhs_nbma(c, &c->nhs[i]);
		h->multicast = c->nhs[i].multicast;
		h->priority = c->nhs[i].priority;
		h->cluster = c->nhs[i].cluster;
		h->next = now(e);
		if (!h->nbma.s_addr) {
			LOG(e, "%s: NHS %s has no NBMA address", c->name, inet_ntoa(h->proto));
			continue;
		}
		ifp->n_nhs++;
		if (h->dynamic)
			continue; /* bound once a reply names it */
		addr4(&p, h->proto);
		addr4(&n, h->nbma);
		nhrp_cache_add_config(&e->cache, NHRP_CACHE_NHS, ifindex, &p, &n);
	}
	schedule_nhs(e, ifp);
	LOG(e, "%s: NHRP up (ifindex %d, %u NHS)", c->name, ifindex, ifp->n_nhs);
}

void
nhrp_engine_configure(struct nhrp_engine *e, const struct nhrp_conf *conf)
{
	struct nhrp_iface *old = malloc(sizeof(e->ifs));
	unsigned n_old = e->n_ifs;
	bool kept[NHRP_CONF_MAX_IFS] = { false };

	if (!old)
		return;
	memcpy(old, e->ifs, sizeof(e->ifs));
	memset(e->ifs, 0, sizeof(e->ifs));
	e->n_ifs = conf->n_ifs;
	for (unsigned i = 0; i < conf->n_ifs; i++) {
		struct nhrp_iface *ifp = &e->ifs[i];
		unsigned j;

		for (j = 0; j < n_old; j++)
			if (!kept[j] && !memcmp(&old[j].conf, &conf->ifs[i], sizeof(conf->ifs[i])))
				break;
		if (j < n_old) {
			*ifp = old[j];
			kept[j] = true;
			if (ifp->me.auth)
				ifp->me.auth = ifp->conf.auth;
		} else {
			ifp->conf = conf->ifs[i];
		}
	}
	/* Interfaces removed or changed: their bindings go (the cache calls
	 * back into e->ifs, where they no longer are; that is fine). */
	for (unsigned j = 0; j < n_old; j++)
		if (!kept[j])
			iface_down(e, &old[j]);
	for (unsigned i = 0; i < e->n_ifs; i++)
		if (!e->ifs[i].ifindex)
			iface_up(e, &e->ifs[i]);
	free(old);
}

/* The tunnel's source moved (re-addressed underlay, DHCP, failover): our
 * NBMA in every packet must follow, and the NHSs must learn it now, not at
 * the next renewal. */
static void
follow_nbma(struct nhrp_engine *e, struct nhrp_iface *ifp)
{
	struct in_addr nbma = { 0 }, addr = { 0 }, old = in4(&ifp->me.nbma);
	uint8_t plen = 0;
	int ifindex = 0;
	char a[INET_ADDRSTRLEN];

	if (ifp->conf.nbma.s_addr ||
	    e->ops->link_info(e->ctx, ifp->conf.name, &ifindex, &nbma, &addr, &plen) < 0 ||
	    ifindex != ifp->ifindex || !nbma.s_addr || nbma.s_addr == old.s_addr)
		return;
	addr4(&ifp->me.nbma, nbma);
	inet_ntop(AF_INET, &old, a, sizeof(a));
	LOG(e, "%s: NBMA address %s -> %s: registering again", ifp->conf.name, a, inet_ntoa(nbma));
	/* Those who resolved us hold the old address: they resolve again. */
	purge_answered(e, ifp);
	for (unsigned i = 0; i < ifp->n_nhs; i++) {
		ifp->nhs[i].awaiting = false;
		ifp->nhs[i].tries = 0;
		ifp->nhs[i].next = now(e);
	}
}

void
nhrp_engine_refresh_links(struct nhrp_engine *e)
{
	for (unsigned i = 0; i < e->n_ifs; i++) {
		if (!e->ifs[i].ifindex)
			iface_up(e, &e->ifs[i]);
		else
			follow_nbma(e, &e->ifs[i]);
	}
}

void
nhrp_engine_fini(struct nhrp_engine *e)
{
	for (unsigned i = 0; i < e->n_ifs; i++)
		iface_down(e, &e->ifs[i]);
	e->n_ifs = 0;
	nhrp_cache_free(&e->cache);
}

size_t
nhrp_engine_clear(struct nhrp_engine *e)
{
	size_t n;

	/* What peers learnt from us goes from their caches too (IOS purges
	 * on clear): their shortcuts to us are rebuilt by fresh resolutions. */
	for (unsigned i = 0; i < e->n_ifs; i++)
		if (e->ifs[i].ifindex)
			purge_answered(e, &e->ifs[i]);
	e->purge_on_delete = true;
	n = nhrp_cache_flush(&e->cache, 0);
	e->purge_on_delete = false;

	/* NHS registrations start over at once. */
	for (unsigned i = 0; i < e->n_ifs; i++)
		for (unsigned j = 0; j < e->ifs[i].n_nhs; j++) {
			e->ifs[i].nhs[j].responding = false;
			e->ifs[i].nhs[j].next = now(e);
		}
	return n;
}

struct rebind_walk {
	struct nhrp_engine *e;
	int ifindex;
};

static void
rebind_one(void *arg, const struct nhrp_cache_entry *ce)
{
	struct rebind_walk *w = arg;

	if (ce->ifindex == w->ifindex && ce->type >= NHRP_CACHE_CACHED && ce->nbma.len)
		w->e->ops->bind(w->e->ctx, ce, NHRP_CACHE_CHANGED);
}

void
nhrp_engine_rebind(struct nhrp_engine *e, int ifindex)
{
	struct rebind_walk w = { .e = e, .ifindex = ifindex };

	if (e->ops->bind)
		nhrp_cache_foreach(&e->cache, rebind_one, &w);
}

/* --- tunnel protection ------------------------------------------------- */

void
nhrp_engine_set_ipsec(struct nhrp_engine *e, struct nhrp_ipsec *g)
{
	e->ipsec = g;
}

static int
release_one(void *ctx, int ifindex, struct in_addr nbma, const uint8_t *buf, size_t len)
{
	struct nhrp_engine *e = ctx;
	struct nhrp_iface *ifp = nhrp_engine_iface(e, ifindex);
	int rc = e->ops->send(e->ctx, ifindex, nbma, buf, len);

	if (rc == 0 && ifp && len >= 18 && buf[17] <= NHRP_TYPE_MAX)
		ifp->traffic.tx[buf[17]]++; /* ar$op.type of the fixed header */
	return rc;
}

size_t
nhrp_engine_peer_down(struct nhrp_engine *e, struct in_addr nbma)
{
	struct nhrp_addr a;
	size_t n = 0;

	addr4(&a, nbma);
	for (unsigned i = 0; i < e->n_ifs; i++) {
		struct nhrp_iface *ifp = &e->ifs[i];

		if (!ifp->ifindex || !ifp->conf.ipsec_profile[0])
			continue;
		/* Shortcuts through the peer go with its entries. */
		for (unsigned j = 0; j < NHRP_ENGINE_SHORTCUTS; j++) {
			struct nhrp_shortcut *s = &ifp->shortcuts[j];
			const struct nhrp_cache_entry *ce;
			struct nhrp_addr via;

			if (!s->expires)
				continue;
			addr4(&via, s->via);
			ce = nhrp_cache_lookup(&e->cache, ifp->ifindex, &via);
			if (!ce || ce->nbma.len != 4 || memcmp(ce->nbma.bytes, a.bytes, 4))
				continue;
			if (e->ops->route)
				e->ops->route(e->ctx, ifp->ifindex, s->net, s->prefixlen, s->via,
					      false);
			memset(s, 0, sizeof(*s));
		}
		n += nhrp_cache_purge_nbma(&e->cache, ifp->ifindex, &a);
		for (unsigned j = 0; j < ifp->n_nhs; j++)
			if (ifp->nhs[j].nbma.s_addr == nbma.s_addr) {
				ifp->nhs[j].responding = false;
				ifp->nhs[j].awaiting = false;
				ifp->nhs[j].next = now(e);
			}
	}
	return n;
}

static void send_resolution(struct nhrp_engine *e, struct nhrp_iface *ifp,
			    struct nhrp_pending *pd);

/* A new SA to a spoke: its Resolution Reply may have come just before the
 * SA was up on our side (the responder's side is up first, and sends at
 * once) and been dropped. Ask again now rather than at the next retry. */
static void
resend_pending(struct nhrp_engine *e)
{
	for (unsigned i = 0; i < e->n_ifs; i++) {
		struct nhrp_iface *ifp = &e->ifs[i];

		if (!ifp->ifindex || !ifp->conf.ipsec_profile[0])
			continue;
		for (unsigned j = 0; j < NHRP_ENGINE_PENDING; j++)
			if (ifp->pending[j].give_up)
				send_resolution(e, ifp, &ifp->pending[j]);
	}
}

void
nhrp_engine_ipsec_event(struct nhrp_engine *e, const struct iked_msg_event *ev)
{
	struct in_addr peer = { 0 };
	char a[INET_ADDRSTRLEN];
	size_t n;

	if (!e->ipsec)
		return;
	switch (nhrp_ipsec_event(e->ipsec, ev, &peer)) {
	case NHRP_IPSEC_RELEASE:
		n = nhrp_ipsec_release(e->ipsec, peer, release_one, e);
		if (n)
			LOG(e, "IPsec SA to %s up: sent %zu waiting NHRP packets",
			    inet_ntop(AF_INET, &peer, a, sizeof(a)), n);
		resend_pending(e);
		break;
	case NHRP_IPSEC_PURGE:
		n = nhrp_engine_peer_down(e, peer);
		LOG(e, "IPsec peer %s %s: purged %zu entries",
		    inet_ntop(AF_INET, &peer, a, sizeof(a)),
		    ev->type == IKED_EV_RETRANSMIT_TIMEOUT ? "dead" : "IKE SA down", n);
		break;
	case NHRP_IPSEC_NONE:
		break;
	}
}

/* --- spoke: registration ------------------------------------------------ */

static unsigned
renew_interval(const struct nhrp_iface *ifp)
{
	unsigned t = ifp->conf.reg_timeout ? ifp->conf.reg_timeout : ifp->conf.holdtime / 3;

	return t ? t : 1;
}

static void
register_nhs(struct nhrp_engine *e, struct nhrp_iface *ifp, struct nhrp_nhs_state *h)
{
	struct nhrp_packet p;
	struct nhrp_addr proto, nbma;
	uint64_t t = now(e);

	if (h->awaiting) {
		/* No reply to the last one: back off, 2 s doubling to 64 s, but
		 * never slower than the renewals (a returning NHS is found at
		 * the registration timeout's pace). */
		unsigned b = 2u << (h->tries < 5 ? h->tries : 5), cap = renew_interval(ifp);

		if (cap > BACKOFF_MAX)
			cap = BACKOFF_MAX;
		if (cap < 2)
			cap = 2;
		h->tries++;
		h->next = t + (b < cap ? b : cap);
		/* NHS_DOWN_TRIES requests unanswered (the first and its
		 * retries, 2 + 2 + 4 s): it is not responding. */
		if (h->responding &&
		    (h->tries >= NHS_DOWN_TRIES || t - h->last_reply >= ifp->conf.holdtime)) {
			h->responding = false;
			LOG(e, "%s: NHS %s not responding (%u registrations unanswered)",
			    ifp->conf.name, inet_ntoa(h->proto), h->tries);
		}
	} else {
		h->tries = 0;
		h->next = t + 2;
	}
	nhs_addr(&proto, h);
	addr4(&nbma, h->nbma);
	h->request_id = request_id(e);
	if (nhrp_build_registration_request(&p, &ifp->me, &proto, &nbma, h->request_id,
					    !ifp->conf.no_unique) < 0) {
		LOG(e, "%s: cannot build a registration", ifp->conf.name);
		return;
	}
	h->awaiting = true;
	h->sent++;
	send_packet(e, ifp, h->nbma, &p);
}

/* A zero holding time withdraws our registration (RFC 2332 5.2.3). */
static void
withdraw_nhs(struct nhrp_engine *e, struct nhrp_iface *ifp, struct nhrp_nhs_state *h)
{
	struct nhrp_local me = ifp->me;
	struct nhrp_addr proto, nbma;
	struct nhrp_packet p;

	me.holdtime = 0;
	nhs_addr(&proto, h);
	addr4(&nbma, h->nbma);
	if (nhrp_build_registration_request(&p, &me, &proto, &nbma, request_id(e),
					    !ifp->conf.no_unique) == 0)
		send_packet(e, ifp, h->nbma, &p);
	h->responding = false;
}

void
nhrp_engine_withdraw(struct nhrp_engine *e)
{
	for (unsigned i = 0; i < e->n_ifs; i++) {
		struct nhrp_iface *ifp = &e->ifs[i];

		if (!ifp->ifindex)
			continue;
		for (unsigned j = 0; j < ifp->n_nhs; j++)
			if (ifp->nhs[j].responding)
				withdraw_nhs(e, ifp, &ifp->nhs[j]);
		purge_answered(e, ifp);
	}
}

/* Declared not responding: still probed, but its slot is free. */
static bool
nhs_failed(const struct nhrp_nhs_state *h)
{
	return !h->responding && h->tries >= NHS_DOWN_TRIES;
}

static void
nhs_activate(struct nhrp_engine *e, struct nhrp_iface *ifp, struct nhrp_nhs_state *h, uint64_t t)
{
	if (h->active)
		return;
	h->active = true;
	h->awaiting = false;
	h->tries = 0;
	h->next = t;
	if (ifp->conf.has_max_conn[h->cluster]) {
		char n[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &h->nbma, n, sizeof(n));
		LOG(e, "%s: NHS %s (NBMA %s) brought up (cluster %u)", ifp->conf.name,
		    inet_ntoa(h->proto), n, h->cluster);
	}
}

static void
nhs_reserve(struct nhrp_engine *e, struct nhrp_iface *ifp, struct nhrp_nhs_state *h)
{
	if (!h->active)
		return;
	if (h->responding) {
		LOG(e, "%s: NHS %s back in reserve (cluster %u max-connections %u): withdrawn",
		    ifp->conf.name, inet_ntoa(h->proto), h->cluster,
		    ifp->conf.max_conn[h->cluster]);
		withdraw_nhs(e, ifp, h);
	}
	h->active = false;
	h->awaiting = false;
	h->tries = 0;
}

/* NHS clusters (IOS "Backup NHS"): which NHSs are registered with.
 * Without `nhs cluster N max-connections M`, all of cluster N. With it,
 * walking the cluster by priority (lowest value first, then configuration
 * order), NHSs are brought up until M of them respond or are being tried;
 * one declared not responding is still probed but frees its slot for the
 * next (IOS's PROBE state). The others wait (W). An NHS past the M first
 * that is still registered (the preferred one came back) is withdrawn
 * once the preferred one has responded for `nhs fallback` seconds (at
 * once without it). Returns when a fallback is due (or UINT64_MAX). */
static uint64_t
schedule_nhs(struct nhrp_engine *e, struct nhrp_iface *ifp)
{
	uint64_t t = now(e), next = UINT64_MAX;

	for (unsigned c = 0; c <= NHRP_CONF_MAX_CLUSTER; c++) {
		struct nhrp_nhs_state *order[NHRP_CONF_MAX_NHS];
		unsigned n = 0, used = 0, max = ifp->conf.max_conn[c];
		bool hold = false;

		for (unsigned i = 0; i < ifp->n_nhs; i++) {
			struct nhrp_nhs_state *h = &ifp->nhs[i];
			unsigned j = n;

			if (h->cluster != c)
				continue;
			if (!ifp->conf.has_max_conn[c]) {
				nhs_activate(e, ifp, h, t);
				continue;
			}
			for (; j > 0 && order[j - 1]->priority > h->priority; j--)
				order[j] = order[j - 1];
			order[j] = h;
			n++;
		}
		for (unsigned k = 0; k < n; k++) {
			struct nhrp_nhs_state *h = order[k];

			if (used < max) {
				nhs_activate(e, ifp, h, t);
				if (!nhs_failed(h))
					used++;
				/* Came back lately: the one it replaces stays a while. */
				if (h->responding && t < h->up_since + ifp->conf.fallback) {
					hold = true;
					if (h->up_since + ifp->conf.fallback < next)
						next = h->up_since + ifp->conf.fallback;
				}
			} else if (!(hold && h->active && h->responding)) {
				nhs_reserve(e, ifp, h);
			}
		}
	}
	return next;
}

/* nhs dynamic: the NHS's tunnel address is the reply's Responder Address
 * (else its destination, when that is not us: we addressed the request to
 * ourselves); its binding is then installed as a configured NHS's is. */
static bool
learn_nhs(struct nhrp_engine *e, struct nhrp_iface *ifp, struct nhrp_nhs_state *h,
	  const struct nhrp_packet *p)
{
	const struct nhrp_ext *x = nhrp_packet_find_ext(p, NHRP_EXT_RESPONDER);
	struct in_addr proto = { 0 }, me = in4(&ifp->me.proto);
	struct nhrp_addr pa, na;

	if (x && x->n_cies && x->cies[0].proto.len == 4)
		proto = in4(&x->cies[0].proto);
	else if (p->dst_proto.len == 4)
		proto = in4(&p->dst_proto);
	if (!proto.s_addr || proto.s_addr == me.s_addr)
		return false;
	if (proto.s_addr == h->proto.s_addr)
		return true;
	if (h->proto.s_addr) {
		addr4(&pa, h->proto);
		nhrp_cache_remove_config(&e->cache, NHRP_CACHE_NHS, ifp->ifindex, &pa);
	}
	h->proto = proto;
	addr4(&pa, proto);
	addr4(&na, h->nbma);
	nhrp_cache_add_config(&e->cache, NHRP_CACHE_NHS, ifp->ifindex, &pa, &na);
	{
		char n[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &h->nbma, n, sizeof(n));
		LOG(e, "%s: dynamic NHS at %s is %s", ifp->conf.name, n, inet_ntoa(proto));
	}
	return true;
}

static void
registration_reply(struct nhrp_engine *e, struct nhrp_iface *ifp, const struct nhrp_packet *p)
{
	for (unsigned i = 0; i < ifp->n_nhs; i++) {
		struct nhrp_nhs_state *h = &ifp->nhs[i];
		uint8_t code = p->n_cies ? p->cies[0].code : NHRP_CODE_SUCCESS;

		if (!h->awaiting || h->request_id != p->request_id)
			continue;
		h->awaiting = false;
		h->replies++;
		if (code != NHRP_CODE_SUCCESS) {
			LOG(e, "%s: NHS %s refused our registration (code %u)", ifp->conf.name,
			    inet_ntoa(h->proto), code);
			h->responding = false;
			h->awaiting = true; /* so that the retry backs off */
			return;
		}
		if (h->dynamic && !learn_nhs(e, ifp, h, p)) {
			LOG(e, "%s: reply from dynamic NHS %s names no NHS address", ifp->conf.name,
			    inet_ntoa(h->nbma));
			h->awaiting = true;
			return;
		}
		if (!h->responding) {
			LOG(e, "%s: registered with NHS %s", ifp->conf.name, inet_ntoa(h->proto));
			h->up_since = now(e);
		}
		h->tries = 0;
		h->last_reply = now(e);
		h->next = h->last_reply + renew_interval(ifp);
		if (!h->responding) {
			h->responding = true;
			/* A preferred NHS back: the backup may go at once. */
			schedule_nhs(e, ifp);
		}
		return;
	}
	ifp->traffic.rx_dropped++;
}

/* --- hub: registrations ------------------------------------------------- */

static void
registration_request(struct nhrp_engine *e, struct nhrp_iface *ifp, const struct nhrp_packet *p,
		     struct in_addr from)
{
	uint8_t codes[NHRP_MAX_CIES];
	struct nhrp_packet reply;
	struct nhrp_addr seen;

	addr4(&seen, from);
	for (unsigned i = 0; i < p->n_cies; i++) {
		struct nhrp_registration r;

		nhrp_registration_from_request(&r, p, i, ifp->ifindex, &seen);
		codes[i] = nhrp_cache_register(&e->cache, &r);
		if (codes[i] != NHRP_CODE_SUCCESS) {
			char pa[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, r.proto.bytes, pa, sizeof(pa));
			LOG(e, "%s: registration of %s from %s refused (code %u)", ifp->conf.name,
			    pa, inet_ntoa(from), codes[i]);
		}
	}
	if (nhrp_build_registration_reply(&reply, p, codes, &ifp->me, &seen) == 0)
		send_packet(e, ifp, from, &reply);
}

/* --- resolution --------------------------------------------------------- */

static struct nhrp_pending *
pending_find(struct nhrp_iface *ifp, struct in_addr target)
{
	for (unsigned i = 0; i < NHRP_ENGINE_PENDING; i++)
		if (ifp->pending[i].give_up && ifp->pending[i].target.s_addr == target.s_addr)
			return &ifp->pending[i];
	return NULL;
}

/* The NBMA address behind a tunnel next hop, from the cache. */
static bool
nbma_of(struct nhrp_engine *e, struct nhrp_iface *ifp, struct in_addr proto, struct in_addr *nbma)
{
	const struct nhrp_cache_entry *ce;
	struct nhrp_addr p;

	addr4(&p, proto);
	ce = nhrp_cache_lookup(&e->cache, ifp->ifindex, &p);
	if (!ce || ce->type < NHRP_CACHE_CACHED || ce->nbma.len != 4)
		return false;
	*nbma = in4(&ce->nbma);
	return true;
}

/* The NHS for the k-th try of a request: the responding ones (all of them
 * if none responds) by priority, lowest value first as IOS prefers, then
 * in configuration order; retries go round them, so a request to an NHS
 * that just died is retried through another. */
static struct nhrp_nhs_state *
pick_nhs(struct nhrp_iface *ifp, unsigned k)
{
	struct nhrp_nhs_state *c[NHRP_CONF_MAX_NHS];
	unsigned n = 0;
	bool any = false;

	for (unsigned i = 0; i < ifp->n_nhs; i++)
		any = any || (ifp->nhs[i].active && ifp->nhs[i].responding);
	for (unsigned i = 0; i < ifp->n_nhs; i++) {
		struct nhrp_nhs_state *h = &ifp->nhs[i];
		unsigned j = n++;

		if (!h->active || (any && !h->responding)) {
			n--;
			continue;
		}
		for (; j > 0 && c[j - 1]->priority > h->priority; j--)
			c[j] = c[j - 1];
		c[j] = h;
	}
	return n ? c[k % n] : NULL;
}

static void
send_resolution(struct nhrp_engine *e, struct nhrp_iface *ifp, struct nhrp_pending *pd)
{
	struct nhrp_nhs_state *h = pick_nhs(ifp, pd->tries);
	struct nhrp_packet p;
	struct nhrp_addr t;

	if (!h)
		return;
	addr4(&t, pd->target);
	pd->request_id = request_id(e);
	pd->sent = now(e);
	pd->tries++;
	if (nhrp_build_resolution_request(&p, &ifp->me, &t, pd->request_id) == 0)
		send_packet(e, ifp, h->nbma, &p);
}

static void
resolve(struct nhrp_engine *e, struct nhrp_iface *ifp, struct in_addr target)
{
	struct nhrp_pending *pd;

	if (!ifp->n_nhs || target.s_addr == in4(&ifp->me.proto).s_addr || pending_find(ifp, target))
		return;
	for (unsigned i = 0; i < NHRP_ENGINE_SHORTCUTS; i++) {
		struct nhrp_shortcut *s = &ifp->shortcuts[i];

		if (s->expires && (target.s_addr & mask(s->prefixlen)) == s->net.s_addr)
			return;
	}
	for (unsigned i = 0; i < NHRP_ENGINE_PENDING; i++) {
		pd = &ifp->pending[i];
		if (pd->give_up)
			continue;
		memset(pd, 0, sizeof(*pd));
		pd->target = target;
		pd->give_up = now(e) + RESOLVE_TIMEOUT;
		LOG(e, "%s: resolving %s", ifp->conf.name, inet_ntoa(target));
		send_resolution(e, ifp, pd);
		return;
	}
}

static void
add_shortcut(struct nhrp_engine *e, struct nhrp_iface *ifp, struct in_addr net, uint8_t plen,
	     struct in_addr via, uint16_t holdtime)
{
	struct nhrp_shortcut *free_slot = NULL;

	net.s_addr &= mask(plen);
	/* Never a route covering our own tunnel address. */
	if ((in4(&ifp->me.proto).s_addr & mask(plen)) == net.s_addr)
		return;
	for (unsigned i = 0; i < NHRP_ENGINE_SHORTCUTS; i++) {
		struct nhrp_shortcut *s = &ifp->shortcuts[i];

		if (s->expires && s->net.s_addr == net.s_addr && s->prefixlen == plen) {
			s->expires = now(e) + holdtime;
			if (s->via.s_addr == via.s_addr)
				return;
			free_slot = s;
			break;
		}
		if (!s->expires && !free_slot)
			free_slot = s;
	}
	if (!free_slot)
		return;
	free_slot->net = net;
	free_slot->prefixlen = plen;
	free_slot->via = via;
	free_slot->created = now(e);
	free_slot->expires = now(e) + holdtime;
	{
		char n[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &net, n, sizeof(n));
		LOG(e, "%s: shortcut %s/%u via %s", ifp->conf.name, n, plen, inet_ntoa(via));
	}
	if (e->ops->route)
		e->ops->route(e->ctx, ifp->ifindex, net, plen, via, true);
}

/* Sends a packet as received, one hop less (ar$hopcnt at octet 9), with
 * the checksum (octets 12-13) redone: what a transit NHS does. */
static int
forward_raw(struct nhrp_engine *e, struct nhrp_iface *ifp, struct in_addr nbma, const uint8_t *raw,
	    size_t len)
{
	uint8_t buf[2048];
	size_t sz;
	uint16_t ck;

	if (len > sizeof(buf) || len < 20)
		return -1;
	memcpy(buf, raw, len);
	buf[9]--;
	buf[12] = buf[13] = 0;
	sz = (size_t)(buf[10] << 8 | buf[11]);
	ck = nhrp_checksum(buf, sz <= len ? sz : len);
	buf[12] = (uint8_t)(ck >> 8);
	buf[13] = (uint8_t)ck;
	if (e->ops->send(e->ctx, ifp->ifindex, nbma, buf, len) < 0)
		return -1;
	ifp->traffic.forwarded++;
	return 0;
}

/* A Resolution Reply for someone else: FRR's egress sends it toward the
 * requester along its route to the requester's tunnel address, i.e.
 * through us; relay it to the requester. */
static void
transit_reply(struct nhrp_engine *e, struct nhrp_iface *ifp, const struct nhrp_packet *p,
	      struct in_addr from, const uint8_t *raw, size_t len)
{
	struct in_addr requester = in4(&p->src_proto), next, nbma;
	struct nhrp_route_info ri;

	if (p->hop_count <= 1 || e->ops->route_lookup(e->ctx, requester, &ri) < 0 || ri.local ||
	    ri.oif != ifp->ifindex) {
		ifp->traffic.rx_dropped++;
		return;
	}
	next = ri.gateway.s_addr ? ri.gateway : requester;
	if (!nbma_of(e, ifp, next, &nbma) || nbma.s_addr == from.s_addr) {
		ifp->traffic.rx_dropped++;
		return;
	}
	forward_raw(e, ifp, nbma, raw, len);
}

static void
resolution_reply(struct nhrp_engine *e, struct nhrp_iface *ifp, const struct nhrp_packet *p,
		 struct in_addr from, const uint8_t *raw, size_t len)
{
	struct nhrp_pending *pd = NULL;
	const struct nhrp_cie *c;
	struct in_addr target = in4(&p->dst_proto);

	if (p->src_proto.len == 4 && in4(&p->src_proto).s_addr != in4(&ifp->me.proto).s_addr) {
		transit_reply(e, ifp, p, from, raw, len);
		return;
	}
	for (unsigned i = 0; i < NHRP_ENGINE_PENDING; i++)
		if (ifp->pending[i].give_up && ifp->pending[i].request_id == p->request_id)
			pd = &ifp->pending[i];
	if (!pd || !p->n_cies) {
		ifp->traffic.rx_dropped++;
		return;
	}
	c = &p->cies[0];
	memset(pd, 0, sizeof(*pd));
	if (c->code != NHRP_CODE_SUCCESS || c->proto.len != 4 || c->nbma.len != 4) {
		LOG(e, "%s: resolution of %s failed (code %u)", ifp->conf.name, inet_ntoa(target),
		    c->code);
		nhrp_cache_resolve_failed(&e->cache, ifp->ifindex, &p->dst_proto,
					  c->holdtime ? c->holdtime : 60);
		return;
	}
	nhrp_cache_resolved(&e->cache, ifp->ifindex, &c->proto, 32, &c->nbma, c->mtu,
			    c->holdtime ? c->holdtime : ifp->conf.holdtime);
	{
		char t[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &target, t, sizeof(t));
		LOG(e, "%s: %s resolved to %s", ifp->conf.name, t, inet_ntoa(in4(&c->nbma)));
	}
	if (target.s_addr != in4(&c->proto).s_addr)
		add_shortcut(e, ifp, target, c->prefix_len > 32 ? 32 : c->prefix_len,
			     in4(&c->proto), c->holdtime ? c->holdtime : ifp->conf.holdtime);
}

/* A request for an address behind us (or ours): we are its egress. */
static void
answer_resolution(struct nhrp_engine *e, struct nhrp_iface *ifp, const struct nhrp_packet *p,
		  uint8_t plen)
{
	struct nhrp_packet reply;
	struct nhrp_addr dst = p->dst_proto;

	/* The requester's binding, so our answer and its traffic flow direct. */
	if (p->src_proto.len == 4 && p->src_nbma.len == 4)
		nhrp_cache_resolved(&e->cache, ifp->ifindex, &p->src_proto, 32, &p->src_nbma,
				    p->n_cies ? p->cies[0].mtu : 0,
				    p->n_cies && p->cies[0].holdtime ? p->cies[0].holdtime
								      : ifp->conf.holdtime);
	remember(ifp->answered, in4(&p->src_proto), in4(&p->src_nbma), in4(&dst), plen);
	if (nhrp_build_resolution_reply(&reply, p, &ifp->me, NHRP_CODE_SUCCESS, &ifp->me.proto,
					plen, &ifp->me.nbma) == 0)
		send_packet(e, ifp, in4(&p->src_nbma), &reply);
}

static void
resolution_request(struct nhrp_engine *e, struct nhrp_iface *ifp, const struct nhrp_packet *p,
		   const uint8_t *raw, size_t len)
{
	struct in_addr target = in4(&p->dst_proto), next, nbma;
	struct nhrp_route_info ri;

	if (target.s_addr == in4(&ifp->me.proto).s_addr) {
		answer_resolution(e, ifp, p, 32);
		return;
	}
	if (e->ops->route_lookup(e->ctx, target, &ri) < 0) {
		struct nhrp_packet nak;

		if (nhrp_build_resolution_reply(&nak, p, &ifp->me, NHRP_CODE_NO_BINDING, NULL, 0,
						NULL) == 0)
			send_packet(e, ifp, in4(&p->src_nbma), &nak);
		return;
	}
	if (ri.local || ri.oif != ifp->ifindex) {
		answer_resolution(e, ifp, p, ri.prefixlen);
		return;
	}
	/* Behind another router of this tunnel: forward it there. */
	next = ri.gateway.s_addr ? ri.gateway : target;
	if (p->hop_count <= 1 || !nbma_of(e, ifp, next, &nbma) ||
	    nbma.s_addr == in4(&p->src_nbma).s_addr) {
		ifp->traffic.rx_dropped++;
		return;
	}
	/* The requester will hold next's binding: purge it there if next's
	 * registration goes. */
	if (forward_raw(e, ifp, nbma, raw, len) == 0 && p->src_proto.len == 4 &&
	    p->src_nbma.len == 4)
		remember(ifp->forwarded, in4(&p->src_proto), in4(&p->src_nbma), next, 32);
}

/* --- redirect ----------------------------------------------------------- */

static void
traffic_indication(struct nhrp_engine *e, struct nhrp_iface *ifp, const struct nhrp_packet *p)
{
	struct in_addr dst;

	if (!ifp->conf.shortcut || p->payload_len < 20 || p->payload[0] >> 4 != 4)
		return;
	memcpy(&dst.s_addr, p->payload + 16, 4);
	resolve(e, ifp, dst);
}

void
nhrp_engine_forwarded(struct nhrp_engine *e, int ifindex, const uint8_t *ip, size_t len)
{
	struct nhrp_iface *ifp = nhrp_engine_iface(e, ifindex);
	struct nhrp_redirect_seen *slot = NULL;
	struct nhrp_route_info ri;
	struct in_addr src, dst, next, nbma;
	struct nhrp_packet ti;
	uint64_t t = now(e);

	if (!ifp || !ifp->conf.redirect || len < 20 || ip[0] >> 4 != 4)
		return;
	memcpy(&src.s_addr, ip + 12, 4);
	memcpy(&dst.s_addr, ip + 16, 4);
	/* Only traffic that came in through this tunnel: its source is behind it. */
	if (e->ops->route_lookup(e->ctx, src, &ri) < 0 || ri.local || ri.oif != ifindex)
		return;
	for (unsigned i = 0; i < NHRP_ENGINE_REDIRECTS; i++) {
		struct nhrp_redirect_seen *r = &ifp->redirects[i];

		if (r->at && r->src.s_addr == src.s_addr && r->dst.s_addr == dst.s_addr) {
			if (t - r->at < REDIRECT_INTERVAL)
				return;
			slot = r;
			break;
		}
		if (!slot || r->at < slot->at)
			slot = r;
	}
	next = ri.gateway.s_addr ? ri.gateway : src;
	if (!nbma_of(e, ifp, next, &nbma))
		return;
	slot->src = src;
	slot->dst = dst;
	slot->at = t;
	if (nhrp_build_traffic_indication(&ti, &ifp->me, ip, len, TI_PAYLOAD_MAX) == 0)
		send_packet(e, ifp, nbma, &ti);
}

/* --- receive ------------------------------------------------------------ */

/* Shortcuts inside a purged prefix go with it. */
static void
purge_shortcuts(struct nhrp_engine *e, struct nhrp_iface *ifp, struct in_addr net, uint8_t plen)
{
	if (plen > 32)
		plen = 32;
	for (unsigned i = 0; i < NHRP_ENGINE_SHORTCUTS; i++) {
		struct nhrp_shortcut *s = &ifp->shortcuts[i];

		if (!s->expires || s->prefixlen < plen ||
		    (s->net.s_addr & mask(plen)) != (net.s_addr & mask(plen)))
			continue;
		if (e->ops->route)
			e->ops->route(e->ctx, ifp->ifindex, s->net, s->prefixlen, s->via, false);
		memset(s, 0, sizeof(*s));
	}
}

void
nhrp_engine_receive(struct nhrp_engine *e, int ifindex, struct in_addr nbma, const uint8_t *buf,
		    size_t len)
{
	struct nhrp_iface *ifp = nhrp_engine_iface(e, ifindex);
	struct nhrp_decode_result res;
	struct nhrp_packet *p;
	int rc;

	if (!ifp)
		return;
	if (ifp->conf.ipsec_profile[0] && e->ipsec && !nhrp_ipsec_accept(e->ipsec, nbma)) {
		ifp->traffic.rx_dropped++;
		LOG(e, "%s: dropped NHRP from %s: no IPsec SA", ifp->conf.name, inet_ntoa(nbma));
		return;
	}
	p = malloc(sizeof(*p));
	if (!p)
		return;
	rc = nhrp_packet_decode_flags(buf, len, p, &res, NHRP_DECODE_TRANSIT);
	nhrp_decode_stats_count(&e->decode, rc, &res);
	if (rc < 0) {
		ifp->traffic.rx_dropped++;
		LOG(e, "%s: dropped a packet from %s: %s", ifp->conf.name, inet_ntoa(nbma),
		    nhrp_drop_reason_name(res.reason));
		goto out;
	}
	if (p->type <= NHRP_TYPE_MAX)
		ifp->traffic.rx[p->type]++;
	if (nhrp_auth_check(p, ifp->me.auth) < 0) {
		ifp->traffic.rx_bad_auth++;
		LOG(e, "%s: dropped %s from %s: bad authentication", ifp->conf.name,
		    nhrp_type_name(p->type), inet_ntoa(nbma));
		goto out;
	}
	switch (p->type) {
	case NHRP_REGISTRATION_REQUEST:
		registration_request(e, ifp, p, nbma);
		break;
	case NHRP_REGISTRATION_REPLY:
		registration_reply(e, ifp, p);
		break;
	case NHRP_RESOLUTION_REQUEST:
		resolution_request(e, ifp, p, buf, len);
		break;
	case NHRP_RESOLUTION_REPLY:
		resolution_reply(e, ifp, p, nbma, buf, len);
		break;
	case NHRP_PURGE_REQUEST:
		for (unsigned i = 0; i < p->n_cies; i++) {
			nhrp_cache_purge(&e->cache, ifindex, &p->cies[i].proto,
					 p->cies[i].prefix_len);
			purge_shortcuts(e, ifp, in4(&p->cies[i].proto), p->cies[i].prefix_len);
		}
		if (!(p->flags & NHRP_FLAG_PURGE_N)) {
			struct nhrp_packet reply;

			if (nhrp_build_purge_reply(&reply, p, &ifp->me) == 0)
				send_packet(e, ifp, nbma, &reply);
		}
		break;
	case NHRP_TRAFFIC_INDICATION:
		traffic_indication(e, ifp, p);
		break;
	default:
		break;
	}
out:
	free(p);
}

void
nhrp_engine_neigh_miss(struct nhrp_engine *e, int ifindex, struct in_addr dst)
{
	struct nhrp_iface *ifp = nhrp_engine_iface(e, ifindex);
	const struct nhrp_cache_entry *ce;
	struct nhrp_addr p;

	if (!ifp)
		return;
	addr4(&p, dst);
	ce = nhrp_cache_lookup(&e->cache, ifindex, &p);
	if (ce && ce->type >= NHRP_CACHE_CACHED) {
		/* Still bound: put the neighbour entry back. */
		if (e->ops->bind)
			e->ops->bind(e->ctx, ce, NHRP_CACHE_CHANGED);
		return;
	}
	resolve(e, ifp, dst);
}

uint64_t
nhrp_engine_tick(struct nhrp_engine *e)
{
	uint64_t t = now(e), next = t + 60, x;

	e->purge_on_delete = true;
	nhrp_cache_expire(&e->cache);
	e->purge_on_delete = false;
	if (e->ipsec && nhrp_ipsec_expire(e->ipsec, t))
		LOG(e, "NHRP packets waiting for an IPsec SA timed out");
	if (e->ipsec) {
		nhrp_ipsec_take_gone(e->ipsec, ipsec_close_unused, e);
		nhrp_ipsec_initiate_due(e->ipsec, t, ipsec_initiate_one, e);
		x = nhrp_ipsec_next_due(e->ipsec);
		if (x && x < next)
			next = x > t ? x : t + 1;
	}
	x = nhrp_cache_next_expiry(&e->cache);
	if (x && x < next)
		next = x;
	for (unsigned i = 0; i < e->n_ifs; i++) {
		struct nhrp_iface *ifp = &e->ifs[i];

		if (!ifp->ifindex)
			continue;
		/* Twice: an NHS found not responding in the first pass hands
		 * its slot to the next one, registered with in the second. */
		for (unsigned pass = 0; pass < 2; pass++) {
			x = schedule_nhs(e, ifp);
			if (x < next)
				next = x;
			for (unsigned j = 0; j < ifp->n_nhs; j++) {
				struct nhrp_nhs_state *h = &ifp->nhs[j];

				if (h->active && t >= h->next)
					register_nhs(e, ifp, h);
				if (pass && h->active && h->next < next)
					next = h->next;
			}
		}
		for (unsigned j = 0; j < NHRP_ENGINE_PENDING; j++) {
			struct nhrp_pending *pd = &ifp->pending[j];

			if (!pd->give_up)
				continue;
			if (t >= pd->give_up) {
				memset(pd, 0, sizeof(*pd));
				continue;
			}
			if (t >= pd->sent + RESOLVE_RETRY)
				send_resolution(e, ifp, pd);
			if (pd->sent + RESOLVE_RETRY < next)
				next = pd->sent + RESOLVE_RETRY;
		}
		for (unsigned j = 0; j < NHRP_ENGINE_SHORTCUTS; j++) {
			struct nhrp_shortcut *s = &ifp->shortcuts[j];

			if (!s->expires)
				continue;
			if (t >= s->expires) {
				if (e->ops->route)
					e->ops->route(e->ctx, ifp->ifindex, s->net, s->prefixlen,
						      s->via, false);
				memset(s, 0, sizeof(*s));
			} else if (s->expires < next) {
				next = s->expires;
			}
		}
	}
	return next;
}

/* --- show --------------------------------------------------------------- */

struct show_state {
	struct nhrp_engine *e;
};

static const char *
peer_state(void *ctx, const struct nhrp_cache_entry *ce)
{
	struct nhrp_engine *e = ctx;
	struct nhrp_iface *ifp = nhrp_engine_iface(e, ce->ifindex);

	if (ce->type == NHRP_CACHE_NHS && ifp) {
		for (unsigned i = 0; i < ifp->n_nhs; i++)
			if (ifp->nhs[i].proto.s_addr == in4(&ce->proto).s_addr)
				return ifp->nhs[i].responding ? "UP" : "NHRP";
	}
	return ce->nbma.len ? "UP" : "NHRP";
}

/* IOS shows a healthy NHS as RE (responding, and expecting the replies to
 * the renewals), one held in reserve or on a link not up as W. */
static const char *
nhs_status(const struct nhrp_iface *ifp, const struct nhrp_nhs_state *h)
{
	if (!ifp->ifindex || !h->active)
		return "W";
	return h->responding ? "RE" : "E";
}

static void
show_nhs(struct nhrp_engine *e, FILE *out, bool detail)
{
	fprintf(out, "Legend: E=Expecting replies, R=Responding, W=Waiting\n");
	for (unsigned i = 0; i < e->n_ifs; i++) {
		struct nhrp_iface *ifp = &e->ifs[i];

		if (!ifp->n_nhs)
			continue;
		fprintf(out, "%s:\n", ifp->conf.name);
		for (unsigned j = 0; j < ifp->n_nhs; j++) {
			struct nhrp_nhs_state *h = &ifp->nhs[j];
			const char *st = nhs_status(ifp, h);

			fprintf(out, "%s  %s  priority = %u cluster = %u\n", inet_ntoa(h->proto), st,
				h->priority, h->cluster);
			if (detail)
				fprintf(out, "    NBMA %s%s, registrations sent %llu, replies %llu\n",
					inet_ntoa(h->nbma), h->dynamic ? " (dynamic)" : "",
					(unsigned long long)h->sent, (unsigned long long)h->replies);
		}
	}
}

static bool
any_protected(const struct nhrp_engine *e)
{
	for (unsigned i = 0; i < e->n_ifs; i++)
		if (e->ifs[i].conf.ipsec_profile[0])
			return true;
	return false;
}

static void
show_traffic(struct nhrp_engine *e, FILE *out)
{
	static const char *const names[NHRP_TYPE_MAX + 1] = {
		"", "Resolution Request", "Resolution Reply", "Registration Request",
		"Registration Reply", "Purge Request", "Purge Reply", "Error Indication",
		"Traffic Indication",
	};

	for (unsigned i = 0; i < e->n_ifs; i++) {
		struct nhrp_traffic *t = &e->ifs[i].traffic;
		uint64_t sent = 0, rcvd = 0;

		for (unsigned k = 1; k <= NHRP_TYPE_MAX; k++) {
			sent += t->tx[k];
			rcvd += t->rx[k];
		}
		fprintf(out, "%s: Max-send limit:10000Pkts/10Sec, Usage:0%%\n", e->ifs[i].conf.name);
		fprintf(out, "   Sent: Total %llu\n", (unsigned long long)sent);
		for (unsigned k = 1; k <= NHRP_TYPE_MAX; k++)
			fprintf(out, "         %llu %s\n", (unsigned long long)t->tx[k], names[k]);
		fprintf(out, "         %llu Forwarded\n", (unsigned long long)t->forwarded);
		fprintf(out, "   Rcvd: Total %llu\n", (unsigned long long)rcvd);
		for (unsigned k = 1; k <= NHRP_TYPE_MAX; k++)
			fprintf(out, "         %llu %s\n", (unsigned long long)t->rx[k], names[k]);
		fprintf(out, "         %llu Authentication failures, %llu Dropped\n",
			(unsigned long long)t->rx_bad_auth, (unsigned long long)t->rx_dropped);
	}
	if (e->ipsec && any_protected(e)) {
		const struct nhrp_ipsec *g = e->ipsec;

		fprintf(out,
			"IPsec: %zu peers, %llu held, %llu released, %llu expired, %llu overflow, "
			"%llu dropped, %llu SA requests, %llu SA closes, %llu purges\n",
			nhrp_ipsec_peer_count(g), (unsigned long long)g->tx_held,
			(unsigned long long)g->tx_released, (unsigned long long)g->tx_expired,
			(unsigned long long)g->tx_overflow, (unsigned long long)g->rx_dropped,
			(unsigned long long)g->initiations, (unsigned long long)g->closes,
			(unsigned long long)g->purges);
	}
	fprintf(out, "Decoder: %llu accepted", (unsigned long long)e->decode.accepted);
	for (unsigned r = 1; r < NHRP_DROP_REASON_MAX; r++)
		if (e->decode.dropped[r])
			fprintf(out, ", %llu %s", (unsigned long long)e->decode.dropped[r],
				nhrp_drop_reason_name((enum nhrp_drop_reason)r));
	fprintf(out, "\n");
}

struct mcast_walk {
	int ifindex;
	nhrp_mcast_fn fn;
	void *ctx;
	const struct nhrp_iface *ifp;
};

static void
mcast_dynamic(void *arg, const struct nhrp_cache_entry *ce)
{
	struct mcast_walk *w = arg;

	if (ce->ifindex == w->ifindex && ce->type == NHRP_CACHE_DYNAMIC && ce->nbma.len == 4)
		w->fn(w->ctx, w->ifp, in4(&ce->nbma), "dynamic");
}

void
nhrp_engine_multicast(const struct nhrp_engine *e, const struct nhrp_iface *ifp, nhrp_mcast_fn fn,
		      void *ctx)
{
	struct mcast_walk w = { .ifindex = ifp->ifindex, .fn = fn, .ctx = ctx, .ifp = ifp };

	for (unsigned i = 0; i < ifp->conf.n_mcast; i++)
		fn(ctx, ifp, ifp->conf.mcast[i], "static");
	for (unsigned i = 0; i < ifp->n_nhs; i++)
		if (ifp->nhs[i].multicast && ifp->nhs[i].active)
			fn(ctx, ifp, ifp->nhs[i].nbma, "nhs");
	if (ifp->conf.mcast_dynamic && ifp->ifindex)
		nhrp_cache_foreach(&e->cache, mcast_dynamic, &w);
}

static void
show_mcast_row(void *ctx, const struct nhrp_iface *ifp, struct in_addr nbma, const char *kind)
{
	fprintf((FILE *)ctx, "%-10s %-17s Flags: %-15s (Enabled)\n", ifp->conf.name,
		inet_ntoa(nbma), kind);
}

int
nhrp_engine_show(struct nhrp_engine *e, const char *what, FILE *out)
{
	struct nhrp_show_if ifs[NHRP_CONF_MAX_IFS];
	struct nhrp_show_nhs nhs[NHRP_CONF_MAX_IFS][NHRP_CONF_MAX_NHS];
	struct nhrp_show_ctx ctx = { .ifs = ifs, .state = peer_state, .state_ctx = e };
	size_t n = 0;

	for (unsigned i = 0; i < e->n_ifs; i++) {
		struct nhrp_iface *ifp = &e->ifs[i];

		if (!ifp->ifindex)
			continue;
		memset(&ifs[n], 0, sizeof(ifs[n]));
		ifs[n].ifindex = ifp->ifindex;
		ifs[n].name = ifp->conf.name;
		ifs[n].role = ifp->n_nhs ? (ifp->conf.mcast_dynamic ? "Hub/Spoke" : "Spoke") : "Hub";
		if (ifp->me.proto.len == 4)
			ifs[n].addr = in4(&ifp->me.proto);
		if (ifp->me.nbma.len == 4)
			ifs[n].source = in4(&ifp->me.nbma);
		ifs[n].protect = ifp->conf.ipsec_profile[0] ? ifp->conf.ipsec_profile : NULL;
		for (unsigned j = 0; j < ifp->n_nhs; j++) {
			nhs[n][j] = (struct nhrp_show_nhs){
				.proto = ifp->nhs[j].proto,
				.status = nhs_status(ifp, &ifp->nhs[j]),
				.priority = ifp->nhs[j].priority,
				.cluster = ifp->nhs[j].cluster,
			};
		}
		ifs[n].nhs = nhs[n];
		ifs[n].n_nhs = ifp->n_nhs;
		n++;
	}
	ctx.n_ifs = n;
	if (!strcmp(what, "dmvpn") || !strcmp(what, "dmvpn detail")) {
		ctx.detail = strstr(what, "detail") != NULL;
		return nhrp_show_dmvpn(out, &e->cache, &ctx);
	}
	if (!strcmp(what, "ip nhrp") || !strcmp(what, "ip nhrp detail")) {
		int rc = nhrp_show_ip_nhrp(out, &e->cache, &ctx);

		for (unsigned i = 0; i < e->n_ifs; i++)
			for (unsigned j = 0; j < NHRP_ENGINE_SHORTCUTS; j++) {
				struct nhrp_shortcut *s = &e->ifs[i].shortcuts[j];

				if (!s->expires)
					continue;
				char net[INET_ADDRSTRLEN], via[INET_ADDRSTRLEN], up[16];
				struct in_addr nbma = { 0 };

				inet_ntop(AF_INET, &s->net, net, sizeof(net));
				inet_ntop(AF_INET, &s->via, via, sizeof(via));
				nbma_of(e, &e->ifs[i], s->via, &nbma);
				fprintf(out, "%s/%u via %s\n", net, s->prefixlen, via);
				fprintf(out, "   %s created %s, expire %s\n", e->ifs[i].conf.name,
					nhrp_show_duration(up, sizeof(up), now(e) - s->created),
					nhrp_show_duration(net, sizeof(net), s->expires - now(e)));
				fprintf(out, "   Type: dynamic, Flags: router rib nho\n");
				fprintf(out, "   NBMA address: %s\n", inet_ntoa(nbma));
			}
		return rc;
	}
	if (!strcmp(what, "ip nhrp nhs") || !strcmp(what, "ip nhrp nhs detail")) {
		show_nhs(e, out, strstr(what, "detail") != NULL);
		return 0;
	}
	if (!strcmp(what, "ip nhrp multicast")) {
		fprintf(out, "   I/F     NBMA address\n");
		for (unsigned i = 0; i < e->n_ifs; i++)
			nhrp_engine_multicast(e, &e->ifs[i], show_mcast_row, out);
		return 0;
	}
	if (!strcmp(what, "ip nhrp traffic")) {
		show_traffic(e, out);
		return 0;
	}
	return -EINVAL;
}
