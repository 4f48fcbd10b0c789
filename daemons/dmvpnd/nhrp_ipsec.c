/* The IPsec gate: per-peer SA state from iked's events, the packets that
 * wait for it, and when to ask iked for an SA. Peers are kept in a chained
 * hash table keyed by NBMA address that doubles when it gets full; a peer
 * with no SA, nothing held and nothing to ask is forgotten. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_ipsec.h"

#define FIRST_BUCKETS 64

void
nhrp_ipsec_init(struct nhrp_ipsec *g)
{
	memset(g, 0, sizeof(*g));
	g->hold_timeout = NHRP_IPSEC_HOLD_TIMEOUT;
}

static size_t
bucket_of(const struct nhrp_ipsec *g, struct in_addr nbma)
{
	uint32_t h = ntohl(nbma.s_addr) * 2654435761u; /* Knuth's multiplicative hash */

	return (h ^ (h >> 16)) & (g->n_buckets - 1);
}

static void
drop_held(struct nhrp_ipsec_peer *p)
{
	for (unsigned i = 0; i < NHRP_IPSEC_HELD; i++) {
		free(p->held[i].buf);
		p->held[i].buf = NULL;
	}
}

void
nhrp_ipsec_fini(struct nhrp_ipsec *g)
{
	for (size_t b = 0; b < g->n_buckets; b++)
		while (g->buckets[b]) {
			struct nhrp_ipsec_peer *p = g->buckets[b];

			g->buckets[b] = p->next;
			drop_held(p);
			free(p);
		}
	free(g->buckets);
	g->buckets = NULL;
	g->n_buckets = g->n_peers = 0;
}

static struct nhrp_ipsec_peer *
find(const struct nhrp_ipsec *g, struct in_addr nbma)
{
	if (!nbma.s_addr || !g->n_buckets)
		return NULL;
	for (struct nhrp_ipsec_peer *p = g->buckets[bucket_of(g, nbma)]; p; p = p->next)
		if (p->nbma.s_addr == nbma.s_addr)
			return p;
	return NULL;
}

static unsigned
held_count(const struct nhrp_ipsec_peer *p)
{
	unsigned n = 0;

	for (unsigned i = 0; i < NHRP_IPSEC_HELD; i++)
		n += p->held[i].buf != NULL;
	return n;
}

static bool
has_sa(const struct nhrp_ipsec_peer *p)
{
	for (unsigned i = 0; i < NHRP_IPSEC_SAS; i++)
		if (p->sas[i].used)
			return true;
	return false;
}

static unsigned
children(const struct nhrp_ipsec_peer *p)
{
	unsigned n = 0;

	for (unsigned i = 0; i < NHRP_IPSEC_SAS; i++)
		n += p->sas[i].children;
	return n;
}

/* Unlinks and frees p. */
static void
forget(struct nhrp_ipsec *g, struct nhrp_ipsec_peer *p)
{
	struct nhrp_ipsec_peer **pp = &g->buckets[bucket_of(g, p->nbma)];

	while (*pp && *pp != p)
		pp = &(*pp)->next;
	if (!*pp)
		return;
	*pp = p->next;
	drop_held(p);
	free(p);
	g->n_peers--;
}

static void
forget_if_idle(struct nhrp_ipsec *g, struct nhrp_ipsec_peer *p)
{
	if (!has_sa(p) && !held_count(p))
		forget(g, p);
}

/* Doubles the table (or makes the first one). -ENOMEM leaves it as it was. */
static int
grow(struct nhrp_ipsec *g)
{
	size_t n = g->n_buckets ? g->n_buckets * 2 : FIRST_BUCKETS;
	struct nhrp_ipsec_peer **fresh = calloc(n, sizeof(*fresh));
	struct nhrp_ipsec old = *g;

	if (!fresh)
		return -ENOMEM;
	g->buckets = fresh;
	g->n_buckets = n;
	for (size_t b = 0; b < old.n_buckets; b++)
		while (old.buckets[b]) {
			struct nhrp_ipsec_peer *p = old.buckets[b];
			size_t to = bucket_of(g, p->nbma);

			old.buckets[b] = p->next;
			p->next = fresh[to];
			fresh[to] = p;
		}
	free(old.buckets);
	return 0;
}

/* The peer's entry, made if needed; NULL when the table is at its limit or
 * memory is short. */
static struct nhrp_ipsec_peer *
get(struct nhrp_ipsec *g, struct in_addr nbma)
{
	struct nhrp_ipsec_peer *p = find(g, nbma);
	size_t b;

	if (p || !nbma.s_addr)
		return p;
	if (g->n_peers >= NHRP_IPSEC_PEERS_MAX)
		return NULL;
	if (g->n_peers >= g->n_buckets && grow(g) < 0 && !g->n_buckets)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->nbma = nbma;
	b = bucket_of(g, nbma);
	p->next = g->buckets[b];
	g->buckets[b] = p;
	g->n_peers++;
	return p;
}

/* The slot of IKE SA id (made if needed; a full table shares the last). */
static struct nhrp_ipsec_sa *
sa_slot(struct nhrp_ipsec_peer *p, uint32_t id)
{
	struct nhrp_ipsec_sa *free_slot = NULL;

	for (unsigned i = 0; i < NHRP_IPSEC_SAS; i++) {
		if (p->sas[i].used && p->sas[i].ike_id == id)
			return &p->sas[i];
		if (!p->sas[i].used && !free_slot)
			free_slot = &p->sas[i];
	}
	if (!free_slot)
		return &p->sas[NHRP_IPSEC_SAS - 1];
	free_slot->used = true;
	free_slot->ike_id = id;
	free_slot->children = 0;
	return free_slot;
}

bool
nhrp_ipsec_up(const struct nhrp_ipsec *g, struct in_addr nbma)
{
	const struct nhrp_ipsec_peer *p = find(g, nbma);

	return p && children(p) > 0;
}

bool
nhrp_ipsec_accept(struct nhrp_ipsec *g, struct in_addr nbma)
{
	if (nhrp_ipsec_up(g, nbma))
		return true;
	g->rx_dropped++;
	return false;
}

int
nhrp_ipsec_hold(struct nhrp_ipsec *g, int ifindex, struct in_addr nbma, const uint8_t *buf,
		size_t len, uint64_t now)
{
	struct nhrp_ipsec_peer *p = get(g, nbma);

	if (!p) {
		g->tx_overflow++;
		return -ENOSPC;
	}
	for (unsigned i = 0; i < NHRP_IPSEC_HELD; i++) {
		struct nhrp_ipsec_held *h = &p->held[i];

		if (h->buf)
			continue;
		h->buf = malloc(len ? len : 1);
		if (!h->buf) {
			forget_if_idle(g, p);
			return -ENOMEM;
		}
		memcpy(h->buf, buf, len);
		h->len = len;
		h->ifindex = ifindex;
		h->since = now;
		g->tx_held++;
		return 0;
	}
	g->tx_overflow++;
	return -ENOSPC;
}

enum nhrp_ipsec_action
nhrp_ipsec_event(struct nhrp_ipsec *g, const struct iked_msg_event *ev, struct in_addr *peer)
{
	char remote[IKE_SPEC_ADDR_MAX];
	struct nhrp_ipsec_peer *p;
	struct nhrp_ipsec_sa *sa;
	struct in_addr a;

	memcpy(remote, ev->remote, sizeof(remote));
	remote[sizeof(remote) - 1] = '\0';
	if (inet_pton(AF_INET, remote, &a) != 1 || !a.s_addr)
		return NHRP_IPSEC_NONE;
	*peer = a;
	switch (ev->type) {
	case IKED_EV_IKE_UP:
		p = get(g, a);
		if (p)
			sa_slot(p, ev->unique_id);
		return NHRP_IPSEC_NONE;
	case IKED_EV_CHILD_UP:
		p = get(g, a);
		if (!p)
			return NHRP_IPSEC_NONE;
		sa_slot(p, ev->unique_id)->children++;
		p->initiate_at = 0;
		return NHRP_IPSEC_RELEASE;
	case IKED_EV_CHILD_DOWN:
		p = find(g, a);
		if (!p)
			return NHRP_IPSEC_NONE;
		sa = sa_slot(p, ev->unique_id);
		if (sa->children)
			sa->children--;
		return NHRP_IPSEC_NONE;
	case IKED_EV_IKE_DOWN:
	case IKED_EV_RETRANSMIT_TIMEOUT:
		p = find(g, a);
		if (p) {
			for (unsigned i = 0; i < NHRP_IPSEC_SAS; i++)
				if (p->sas[i].used && p->sas[i].ike_id == ev->unique_id)
					memset(&p->sas[i], 0, sizeof(p->sas[i]));
			/* another IKE SA (both ends initiated) still carries it */
			if (children(p))
				return NHRP_IPSEC_NONE;
			forget(g, p);
		}
		g->purges++;
		return NHRP_IPSEC_PURGE;
	default:
		return NHRP_IPSEC_NONE;
	}
}

void
nhrp_ipsec_reset(struct nhrp_ipsec *g)
{
	for (size_t b = 0; b < g->n_buckets; b++) {
		struct nhrp_ipsec_peer **pp = &g->buckets[b];

		while (*pp) {
			struct nhrp_ipsec_peer *p = *pp;

			memset(p->sas, 0, sizeof(p->sas));
			if (!held_count(p)) {
				*pp = p->next;
				free(p);
				g->n_peers--;
			} else {
				pp = &p->next;
			}
		}
	}
}

unsigned
nhrp_ipsec_release(struct nhrp_ipsec *g, struct in_addr nbma, nhrp_ipsec_send_fn send, void *ctx)
{
	struct nhrp_ipsec_peer *p = find(g, nbma);
	unsigned n = 0;

	if (!p)
		return 0;
	for (;;) {
		struct nhrp_ipsec_held *oldest = NULL;

		for (unsigned i = 0; i < NHRP_IPSEC_HELD; i++)
			if (p->held[i].buf && (!oldest || p->held[i].since < oldest->since))
				oldest = &p->held[i];
		if (!oldest)
			break;
		send(ctx, oldest->ifindex, nbma, oldest->buf, oldest->len);
		free(oldest->buf);
		oldest->buf = NULL;
		g->tx_released++;
		n++;
	}
	return n;
}

unsigned
nhrp_ipsec_expire(struct nhrp_ipsec *g, uint64_t now)
{
	unsigned n = 0;

	for (size_t b = 0; b < g->n_buckets; b++) {
		struct nhrp_ipsec_peer **pp = &g->buckets[b];

		while (*pp) {
			struct nhrp_ipsec_peer *p = *pp;
			unsigned before = n;

			for (unsigned j = 0; j < NHRP_IPSEC_HELD; j++) {
				struct nhrp_ipsec_held *h = &p->held[j];

				if (h->buf && now >= h->since + g->hold_timeout) {
					free(h->buf);
					h->buf = NULL;
					g->tx_expired++;
					n++;
				}
			}
			if (n > before && !has_sa(p) && !held_count(p)) {
				*pp = p->next;
				free(p);
				g->n_peers--;
			} else {
				pp = &p->next;
			}
		}
	}
	return n;
}

void
nhrp_ipsec_initiate_after(struct nhrp_ipsec *g, struct in_addr nbma, uint64_t at)
{
	struct nhrp_ipsec_peer *p = find(g, nbma);

	if (p && held_count(p) && !children(p) && !p->initiate_at)
		p->initiate_at = at ? at : 1;
}

static int
oldest_ifindex(const struct nhrp_ipsec_peer *p)
{
	const struct nhrp_ipsec_held *oldest = NULL;

	for (unsigned i = 0; i < NHRP_IPSEC_HELD; i++)
		if (p->held[i].buf && (!oldest || p->held[i].since < oldest->since))
			oldest = &p->held[i];
	return oldest ? oldest->ifindex : 0;
}

unsigned
nhrp_ipsec_initiate_due(struct nhrp_ipsec *g, uint64_t now, nhrp_ipsec_initiate_fn fn, void *ctx)
{
	unsigned n = 0;

	for (size_t b = 0; b < g->n_buckets; b++)
		for (struct nhrp_ipsec_peer *p = g->buckets[b]; p; p = p->next) {
			if (!p->initiate_at || p->initiate_at > now)
				continue;
			if (children(p) || !held_count(p)) {
				/* nothing (left) to ask for; a new hold plans afresh */
				p->initiate_at = 0;
				continue;
			}
			p->initiate_at = now + NHRP_IPSEC_INITIATE_RETRY;
			g->initiations++;
			n++;
			fn(ctx, oldest_ifindex(p), p->nbma);
		}
	return n;
}

uint64_t
nhrp_ipsec_next_due(const struct nhrp_ipsec *g)
{
	uint64_t next = 0;

	if (g->n_gone)
		return 1; /* peers to look at: at once */
	for (size_t b = 0; b < g->n_buckets; b++)
		for (const struct nhrp_ipsec_peer *p = g->buckets[b]; p; p = p->next) {
			if (p->initiate_at && (!next || p->initiate_at < next))
				next = p->initiate_at;
			for (unsigned j = 0; j < NHRP_IPSEC_HELD; j++) {
				uint64_t x = p->held[j].since + g->hold_timeout;

				if (p->held[j].buf && (!next || x < next))
					next = x;
			}
		}
	return next;
}

void
nhrp_ipsec_binding_gone(struct nhrp_ipsec *g, struct in_addr nbma)
{
	struct nhrp_ipsec_peer *p = find(g, nbma);

	if (p && children(p)) {
		p->binding_gone = true;
		g->n_gone++;
	}
}

unsigned
nhrp_ipsec_take_gone(struct nhrp_ipsec *g, nhrp_ipsec_gone_fn fn, void *ctx)
{
	unsigned n = 0;

	if (!g->n_gone)
		return 0;
	g->n_gone = 0;
	for (size_t b = 0; b < g->n_buckets; b++)
		for (struct nhrp_ipsec_peer *p = g->buckets[b]; p; p = p->next)
			if (p->binding_gone) {
				p->binding_gone = false;
				n++;
				fn(ctx, p->nbma);
			}
	return n;
}

size_t
nhrp_ipsec_peer_count(const struct nhrp_ipsec *g)
{
	return g->n_peers;
}

unsigned
nhrp_ipsec_held_count(const struct nhrp_ipsec *g, struct in_addr nbma)
{
	const struct nhrp_ipsec_peer *p = find(g, nbma);

	return p ? held_count(p) : 0;
}
