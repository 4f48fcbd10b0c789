/* The IPsec gate: per-peer SA state from iked's events, and the packets
 * that wait for it. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_ipsec.h"

void
nhrp_ipsec_init(struct nhrp_ipsec *g)
{
	memset(g, 0, sizeof(*g));
	g->hold_timeout = NHRP_IPSEC_HOLD_TIMEOUT;
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
	for (unsigned i = 0; i < NHRP_IPSEC_PEERS; i++)
		drop_held(&g->peers[i]);
}

static struct nhrp_ipsec_peer *
find(const struct nhrp_ipsec *g, struct in_addr nbma)
{
	if (!nbma.s_addr)
		return NULL;
	for (unsigned i = 0; i < NHRP_IPSEC_PEERS; i++)
		if (g->peers[i].nbma.s_addr == nbma.s_addr)
			return (struct nhrp_ipsec_peer *)&g->peers[i];
	return NULL;
}

static bool
idle(const struct nhrp_ipsec_peer *p)
{
	if (p->ike_up || p->children)
		return false;
	for (unsigned i = 0; i < NHRP_IPSEC_HELD; i++)
		if (p->held[i].buf)
			return false;
	return true;
}

/* The peer's slot, taking a free or idle one. */
static struct nhrp_ipsec_peer *
get(struct nhrp_ipsec *g, struct in_addr nbma)
{
	struct nhrp_ipsec_peer *p = find(g, nbma);

	if (p || !nbma.s_addr)
		return p;
	for (unsigned i = 0; i < NHRP_IPSEC_PEERS; i++)
		if (!g->peers[i].nbma.s_addr || idle(&g->peers[i])) {
			p = &g->peers[i];
			memset(p, 0, sizeof(*p));
			p->nbma = nbma;
			return p;
		}
	return NULL;
}

bool
nhrp_ipsec_up(const struct nhrp_ipsec *g, struct in_addr nbma)
{
	const struct nhrp_ipsec_peer *p = find(g, nbma);

	return p && p->children > 0;
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
		if (!h->buf)
			return -ENOMEM;
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
			p->ike_up = true;
		return NHRP_IPSEC_NONE;
	case IKED_EV_CHILD_UP:
		p = get(g, a);
		if (!p)
			return NHRP_IPSEC_NONE;
		p->ike_up = true;
		p->children++;
		return NHRP_IPSEC_RELEASE;
	case IKED_EV_CHILD_DOWN:
		p = find(g, a);
		if (p && p->children)
			p->children--;
		return NHRP_IPSEC_NONE;
	case IKED_EV_IKE_DOWN:
	case IKED_EV_RETRANSMIT_TIMEOUT:
		p = find(g, a);
		if (p) {
			drop_held(p);
			memset(p, 0, sizeof(*p));
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
	for (unsigned i = 0; i < NHRP_IPSEC_PEERS; i++) {
		g->peers[i].ike_up = false;
		g->peers[i].children = 0;
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

	for (unsigned i = 0; i < NHRP_IPSEC_PEERS; i++)
		for (unsigned j = 0; j < NHRP_IPSEC_HELD; j++) {
			struct nhrp_ipsec_held *h = &g->peers[i].held[j];

			if (h->buf && now >= h->since + g->hold_timeout) {
				free(h->buf);
				h->buf = NULL;
				g->tx_expired++;
				n++;
			}
		}
	return n;
}

unsigned
nhrp_ipsec_held_count(const struct nhrp_ipsec *g, struct in_addr nbma)
{
	const struct nhrp_ipsec_peer *p = find(g, nbma);
	unsigned n = 0;

	if (p)
		for (unsigned i = 0; i < NHRP_IPSEC_HELD; i++)
			n += p->held[i].buf != NULL;
	return n;
}
