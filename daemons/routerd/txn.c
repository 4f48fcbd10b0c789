/*
 * Transactions: every accepted configuration line is a clone of the running
 * model, edited, validated, diffed and pushed to the owners in dependency
 * order, then committed; any refusal undoes the applied changes in reverse
 * and leaves the running model as it was.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "router_priv.h"

struct change_list {
	struct owner_change *v;
	size_t n, cap;
	const struct model *old_model, *new_model;
};

static const struct {
	enum owner_id owner;
	unsigned rank;
} kind_owner[MK_COUNT] = {
	[MK_SYSTEM] = { OWNER_NONE, 0 },
	[MK_USER] = { OWNER_NONE, 0 },
	[MK_INTERFACE] = { OWNER_KERNEL, 10 }, /* aspects below */
	[MK_ROUTE] = { OWNER_KERNEL, 20 },
	[MK_IKEV2_PROPOSAL] = { OWNER_IKE, 30 },
	[MK_IKEV2_POLICY] = { OWNER_IKE, 31 },
	[MK_IKEV2_KEYRING] = { OWNER_IKE, 32 },
	[MK_IKEV2_PROFILE] = { OWNER_IKE, 33 },
	[MK_IKE_GLOBAL] = { OWNER_IKE, 34 },
	[MK_ISAKMP_POLICY] = { OWNER_IKE, 35 },
	[MK_ISAKMP_KEY] = { OWNER_IKE, 36 },
	[MK_TRANSFORM_SET] = { OWNER_IKE, 37 },
	[MK_IPSEC_PROFILE] = { OWNER_IKE, 38 },
};

#define RANK_PROTECTION 90 /* after every IKE object it names */
#define RANK_NHRP 100	   /* NHRP waits for the link and its protection */

static void
push(struct change_list *l, enum model_change_op op, enum model_kind kind,
     enum owner_aspect aspect, enum owner_id owner, unsigned rank,
     const struct mobj *old, const struct mobj *new)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v)
			abort();
	}
	l->v[l->n++] = (struct owner_change){
		.op = op, .kind = kind, .aspect = aspect, .owner = owner, .rank = rank,
		.old = old, .new = new, .old_model = l->old_model, .new_model = l->new_model,
	};
}

static bool
nhrp_present(const struct m_interface *i)
{
	static const struct m_nhrp none;

	return i && memcmp(&i->nhrp, &none, sizeof(none)) != 0;
}

static bool
protection_present(const struct m_interface *i)
{
	return i && i->protection.set;
}

/* Pushes one aspect's change from its presence before and after. */
static void
push_aspect(struct change_list *l, enum owner_aspect aspect, enum owner_id owner, unsigned rank,
	    const struct mobj *old, bool was, const struct mobj *new, bool is, bool changed)
{
	if (was && is) {
		if (changed)
			push(l, CHANGE_MODIFY, MK_INTERFACE, aspect, owner, rank, old, new);
	} else if (was) {
		push(l, CHANGE_DELETE, MK_INTERFACE, aspect, owner, rank, old, NULL);
	} else if (is) {
		push(l, CHANGE_ADD, MK_INTERFACE, aspect, owner, rank, NULL, new);
	}
}

static void
split_interface(struct change_list *l, const struct model_change *c)
{
	const struct m_interface *o = (const struct m_interface *)c->old;
	const struct m_interface *n = (const struct m_interface *)c->new;
	bool link_changed = true, tunnel_changed = true, addr_changed = true;
	bool prot_changed = true, nhrp_changed = true;

	if (o && n) {
		struct m_interface a = *o, b = *n;

		/* The link aspect is everything but protection and NHRP. */
		memset(&a.protection, 0, sizeof(a.protection));
		memset(&b.protection, 0, sizeof(b.protection));
		memset(&a.nhrp, 0, sizeof(a.nhrp));
		memset(&b.nhrp, 0, sizeof(b.nhrp));
		a.h.refs = b.h.refs = 0;
		link_changed = memcmp(&a, &b, sizeof(a)) != 0;
		tunnel_changed = memcmp(&o->tunnel, &n->tunnel, sizeof(o->tunnel)) != 0;
		addr_changed = o->has_address != n->has_address ||
			       memcmp(&o->address, &n->address, sizeof(o->address)) != 0;
		prot_changed = tunnel_changed ||
			       memcmp(&o->protection, &n->protection, sizeof(o->protection)) != 0;
		/* dmvpnd's text carries tunnel protection too (IPsec gate). */
		nhrp_changed = tunnel_changed || addr_changed ||
			       memcmp(&o->protection, &n->protection, sizeof(o->protection)) != 0 ||
			       memcmp(&o->nhrp, &n->nhrp, sizeof(o->nhrp)) != 0;
	}
	push_aspect(l, ASPECT_LINK, OWNER_KERNEL, kind_owner[MK_INTERFACE].rank, c->old, o != NULL,
		    c->new, n != NULL, link_changed);
	push_aspect(l, ASPECT_PROTECTION, OWNER_IKE, RANK_PROTECTION, c->old,
		    protection_present(o), c->new, protection_present(n), prot_changed);
	push_aspect(l, ASPECT_NHRP, OWNER_NHRP, RANK_NHRP, c->old, nhrp_present(o), c->new,
		    nhrp_present(n), nhrp_changed);
}

/* The address a tunnel's IKE spec starts from: `tunnel source` as an
 * address, or the primary address of the interface it names. */
static bool
source_address(const struct model *m, const struct m_interface *t, uint32_t *addr)
{
	const struct m_interface *src;

	if (t->tunnel.has_source_ip) {
		*addr = t->tunnel.source_ip;
		return true;
	}
	src = t->tunnel.has_source_if ? model_interface(m, t->tunnel.source_if) : NULL;
	if (!src || !src->has_address)
		return false;
	*addr = src->address.addr;
	return true;
}

/* A protected tunnel's spec uses the address of its source interface, so
 * a line on that other interface (ip address, no interface) changes the
 * tunnel's protection too. Tunnels whose own protection or endpoints
 * changed are already in the list. */
static void
push_source_moves(struct change_list *l)
{
	for (size_t k = 0; k < model_count(l->new_model, MK_INTERFACE); k++) {
		const struct m_interface *n = (const void *)model_at(l->new_model, MK_INTERFACE, k);
		const struct m_interface *o = model_interface(l->old_model, n->h.key);
		uint32_t was = 0, is = 0;
		bool had, has;

		if (!protection_present(o) || !protection_present(n) || !n->tunnel.has_source_if ||
		    memcmp(&o->tunnel, &n->tunnel, sizeof(o->tunnel)) != 0 ||
		    memcmp(&o->protection, &n->protection, sizeof(o->protection)) != 0)
			continue;
		had = source_address(l->old_model, o, &was);
		has = source_address(l->new_model, n, &is);
		if (had != has || was != is)
			push(l, CHANGE_MODIFY, MK_INTERFACE, ASPECT_PROTECTION, OWNER_IKE,
			     RANK_PROTECTION, &o->h, &n->h);
	}
}

static int
collect(const struct model_change *c, void *arg)
{
	struct change_list *l = arg;

	if (c->kind == MK_INTERFACE) {
		split_interface(l, c);
		return 0;
	}
	if (kind_owner[c->kind].owner == OWNER_NONE)
		return 0;
	push(l, c->op, c->kind, ASPECT_OBJECT, kind_owner[c->kind].owner, kind_owner[c->kind].rank,
	     c->old, c->new);
	return 0;
}

/* Deletions first, most dependent first; then the rest, least dependent
 * first. Equal keys keep the diff's order (the sort is stable). */
static long
order_key(const struct owner_change *c)
{
	if (c->op == CHANGE_DELETE)
		return -1000 - (long)c->rank;
	return (long)c->rank;
}

static void
sort_changes(struct change_list *l)
{
	/* Insertion sort: a line changes a handful of objects. */
	for (size_t i = 1; i < l->n; i++) {
		struct owner_change tmp = l->v[i];
		size_t j = i;

		while (j > 0 && order_key(&l->v[j - 1]) > order_key(&tmp)) {
			l->v[j] = l->v[j - 1];
			j--;
		}
		l->v[j] = tmp;
	}
}

static struct owner_change
inverse(const struct owner_change *c)
{
	struct owner_change inv = *c;

	inv.undo = true;
	inv.old = c->new;
	inv.new = c->old;
	inv.old_model = c->new_model;
	inv.new_model = c->old_model;
	if (c->op == CHANGE_ADD)
		inv.op = CHANGE_DELETE;
	else if (c->op == CHANGE_DELETE)
		inv.op = CHANGE_ADD;
	return inv;
}

struct model *
txn_begin(struct router *r)
{
	return model_clone(r->running);
}

void
txn_abort(struct model *cand)
{
	model_free(cand);
}

int
txn_commit(struct router *r, struct model *cand, char *why, size_t whylen)
{
	struct change_list l = { .old_model = r->running, .new_model = cand };
	size_t done;

	if (model_validate(r->running, cand, why, whylen) < 0) {
		model_free(cand);
		return -1;
	}
	model_diff(r->running, cand, collect, &l);
	push_source_moves(&l);
	sort_changes(&l);
	for (done = 0; done < l.n; done++) {
		struct owner *o = r->owners[l.v[done].owner];

		if (o->apply(o, &l.v[done], why, whylen) < 0)
			break;
	}
	if (done < l.n) {
		/* Undo in reverse; an owner must take back what it just took. */
		while (done-- > 0) {
			struct owner_change inv = inverse(&l.v[done]);
			struct owner *o = r->owners[inv.owner];
			char ignored[256];

			if (o->apply(o, &inv, ignored, sizeof(ignored)) < 0)
				fprintf(stderr, "routerd: %s could not undo a change to %s %s: %s\n",
					o->name, model_kind_name(inv.kind),
					(inv.new ? inv.new : inv.old)->key, ignored);
		}
		free(l.v);
		model_free(cand);
		return -1;
	}
	free(l.v);
	if (!model_equal(r->running, cand))
		router_touch(r);
	model_free(r->running);
	r->running = cand;
	return 0;
}
