/* NHRP cache: bindings, their authority rules, holdtimes and purges. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_cache.h"

/* More entries due at once (or of one peer) than this are removed in one
 * linear sweep rather than one by one (each removal from the sorted array
 * moves it). */
#define EXPIRE_ONE_BY_ONE_MAX 16
#define PURGE_ONE_BY_ONE_MAX EXPIRE_ONE_BY_ONE_MAX

static uint64_t
now(const struct nhrp_cache *c)
{
	return c->clock(c->clock_ctx);
}

static bool
addr_valid(const struct nhrp_addr *a)
{
	return a->len == 4 || a->len == 16;
}

static bool
is_learnt(enum nhrp_cache_type type)
{
	return type <= NHRP_CACHE_DYNAMIC;
}

static bool
is_config_type(enum nhrp_cache_type type)
{
	return type == NHRP_CACHE_NHS || type == NHRP_CACHE_STATIC || type == NHRP_CACHE_LOCAL;
}

static bool
is_live(const struct nhrp_cache_entry *e, uint64_t t)
{
	return e->expires == 0 || e->expires > t;
}

static int
key_cmp(int ifindex, const struct nhrp_addr *proto, const struct nhrp_cache_entry *e)
{
	if (ifindex != e->ifindex)
		return ifindex < e->ifindex ? -1 : 1;
	if (proto->len != e->proto.len)
		return proto->len < e->proto.len ? -1 : 1;
	return memcmp(proto->bytes, e->proto.bytes, proto->len);
}

/* Index of the entry with this key, or -1 with *pos where it would go. */
static ssize_t
find(const struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto, size_t *pos)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = key_cmp(ifindex, proto, c->v[mid]);

		if (r == 0)
			return (ssize_t)mid;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (pos)
		*pos = lo;
	return -1;
}

static void
notify(struct nhrp_cache *c, const struct nhrp_cache_entry *e, enum nhrp_cache_event ev)
{
	if (c->notify)
		c->notify(c->notify_ctx, e, ev);
}

/* Sets when e expires (0: never) and keeps the expiry heap in step. */
static void
set_expiry(struct nhrp_cache *c, struct nhrp_cache_entry *e, uint64_t at)
{
	e->expires = at;
	/* Cannot fail: insert() reserved a heap slot for every entry. */
	nhrp_deadlines_arm(&c->expiries, &e->expiry, at);
}

static struct nhrp_cache_entry *
entry_of(struct nhrp_deadline *d)
{
	return (struct nhrp_cache_entry *)((char *)d - offsetof(struct nhrp_cache_entry, expiry));
}

/* --- entries by NBMA: a peer going down finds its entries at once ------ */

static size_t
nbma_bucket(const struct nhrp_cache *c, const struct nhrp_addr *nbma)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (unsigned i = 0; i < nbma->len; i++)
		h = (h ^ nbma->bytes[i]) * 16777619u;
	return h & (c->n_by_nbma - 1);
}

static void
nbma_unlink(struct nhrp_cache_entry *e)
{
	if (!e->nbma_pprev)
		return;
	*e->nbma_pprev = e->nbma_next;
	if (e->nbma_next)
		e->nbma_next->nbma_pprev = e->nbma_pprev;
	e->nbma_next = NULL;
	e->nbma_pprev = NULL;
}

static void
nbma_link(struct nhrp_cache *c, struct nhrp_cache_entry *e)
{
	struct nhrp_cache_entry **head;

	if (!e->nbma.len || !c->n_by_nbma)
		return;
	head = &c->by_nbma[nbma_bucket(c, &e->nbma)];
	e->nbma_next = *head;
	if (*head)
		(*head)->nbma_pprev = &e->nbma_next;
	*head = e;
	e->nbma_pprev = head;
}

/* Room for n entries at one chain each on average: 0 or -ENOMEM. */
static int
nbma_reserve(struct nhrp_cache *c, size_t n)
{
	size_t nb = c->n_by_nbma ? c->n_by_nbma : 16;
	struct nhrp_cache_entry **v;

	while (nb < n)
		nb *= 2;
	if (nb == c->n_by_nbma)
		return 0;
	v = calloc(nb, sizeof(*v));
	if (!v)
		return -ENOMEM;
	free(c->by_nbma);
	c->by_nbma = v;
	c->n_by_nbma = nb;
	for (size_t i = 0; i < c->n; i++) {
		c->v[i]->nbma_pprev = NULL;
		nbma_link(c, c->v[i]);
	}
	return 0;
}

/* Sets e's NBMA address, keeping its chain right. */
static void
set_nbma(struct nhrp_cache *c, struct nhrp_cache_entry *e, const struct nhrp_addr *nbma)
{
	nbma_unlink(e);
	if (nbma)
		e->nbma = *nbma;
	else
		memset(&e->nbma, 0, sizeof(e->nbma));
	nbma_link(c, e);
}

static void
free_entry(struct nhrp_cache *c, struct nhrp_cache_entry *e)
{
	nhrp_deadlines_disarm(&c->expiries, &e->expiry);
	nbma_unlink(e);
	free(e);
}

static struct nhrp_cache_entry *
insert(struct nhrp_cache *c, size_t pos, int ifindex, const struct nhrp_addr *proto)
{
	struct nhrp_cache_entry *e;

	if (c->max_entries && c->n >= c->max_entries)
		return NULL;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct nhrp_cache_entry **v = realloc(c->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		c->v = v;
		if (nhrp_deadlines_reserve(&c->expiries, cap) < 0 || nbma_reserve(c, cap) < 0)
			return NULL;
		c->cap = cap;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->ifindex = ifindex;
	e->proto = *proto;
	e->prefix_len = (uint8_t)(proto->len * 8);
	memmove(&c->v[pos + 1], &c->v[pos], (c->n - pos) * sizeof(c->v[0]));
	c->v[pos] = e;
	c->n++;
	return e;
}

static void
delete_at(struct nhrp_cache *c, size_t i)
{
	struct nhrp_cache_entry *e = c->v[i];

	notify(c, e, NHRP_CACHE_DELETED);
	memmove(&c->v[i], &c->v[i + 1], (c->n - i - 1) * sizeof(c->v[0]));
	c->n--;
	free_entry(c, e);
}

/* The live entry for a key; an expired one is deleted on the way so a
 * stale binding never blocks a new one before the expiry timer runs. */
static struct nhrp_cache_entry *
find_live(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto, size_t *pos)
{
	ssize_t i = find(c, ifindex, proto, pos);

	if (i < 0)
		return NULL;
	if (is_live(c->v[i], now(c))) {
		if (pos)
			*pos = (size_t)i;
		return c->v[i];
	}
	delete_at(c, (size_t)i);
	find(c, ifindex, proto, pos);
	return NULL;
}

static uint8_t
host_prefix(const struct nhrp_addr *proto, uint8_t prefix_len)
{
	unsigned bits = proto->len * 8u;

	return prefix_len > bits ? (uint8_t)bits : prefix_len;
}

void
nhrp_cache_init(struct nhrp_cache *c, nhrp_clock_fn clock, void *clock_ctx)
{
	memset(c, 0, sizeof(*c));
	c->clock = clock;
	c->clock_ctx = clock_ctx;
}

void
nhrp_cache_free(struct nhrp_cache *c)
{
	nhrp_deadlines_free(&c->expiries);
	free(c->by_nbma);
	c->by_nbma = NULL;
	c->n_by_nbma = 0;
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

void
nhrp_cache_set_notify(struct nhrp_cache *c, nhrp_cache_notify_fn fn, void *ctx)
{
	c->notify = fn;
	c->notify_ctx = ctx;
}

static void
bind_registration(struct nhrp_cache *c, struct nhrp_cache_entry *e,
		  const struct nhrp_registration *r, uint64_t t)
{
	e->type = NHRP_CACHE_DYNAMIC;
	e->prefix_len = host_prefix(&r->proto, r->prefix_len);
	set_nbma(c, e, &r->nbma);
	e->claimed_nbma = r->claimed_nbma.len ? r->claimed_nbma : r->nbma;
	e->mtu = r->mtu;
	e->holdtime = r->holdtime;
	set_expiry(c, e, t + r->holdtime);
	e->flags &= ~(NHRP_CACHE_F_UNIQUE | NHRP_CACHE_F_NAT);
	e->flags |= NHRP_CACHE_F_REGISTERED;
	if (r->unique)
		e->flags |= NHRP_CACHE_F_UNIQUE;
	if (!nhrp_addr_equal(&e->nbma, &e->claimed_nbma))
		e->flags |= NHRP_CACHE_F_NAT;
}

/* Registration over an existing live entry. */
static uint8_t
reregister(struct nhrp_cache *c, size_t i, const struct nhrp_registration *r, uint64_t t)
{
	struct nhrp_cache_entry *e = c->v[i];
	bool same_nbma = nhrp_addr_equal(&e->nbma, &r->nbma);

	if (is_config_type(e->type))
		return same_nbma ? NHRP_CODE_SUCCESS : NHRP_CODE_ADMIN_PROHIBITED;
	if (e->type == NHRP_CACHE_DYNAMIC && !same_nbma && (e->flags & NHRP_CACHE_F_UNIQUE))
		return NHRP_CODE_ALREADY_REGISTERED;
	if (r->holdtime == 0) {
		/* Withdraw only our own registration, never another's. */
		if (e->type == NHRP_CACHE_DYNAMIC && same_nbma)
			delete_at(c, i);
		return NHRP_CODE_SUCCESS;
	}
	if (e->type == NHRP_CACHE_DYNAMIC && same_nbma) {
		bind_registration(c, e, r, t); /* refresh: nothing the kernel sees */
		return NHRP_CODE_SUCCESS;
	}
	/* A new binding: what the daemon learnt about the old one is void. */
	e->flags = 0;
	bind_registration(c, e, r, t);
	e->created = t;
	notify(c, e, NHRP_CACHE_CHANGED);
	return NHRP_CODE_SUCCESS;
}

uint8_t
nhrp_cache_register(struct nhrp_cache *c, const struct nhrp_registration *r)
{
	uint64_t t = now(c);
	struct nhrp_cache_entry *e;
	size_t pos;

	if (!addr_valid(&r->proto) || !addr_valid(&r->nbma))
		return NHRP_CODE_ADMIN_PROHIBITED;
	if (find_live(c, r->ifindex, &r->proto, &pos))
		return reregister(c, pos, r, t);
	if (r->holdtime == 0)
		return NHRP_CODE_SUCCESS;
	e = insert(c, pos, r->ifindex, &r->proto);
	if (!e)
		return NHRP_CODE_INSUFFICIENT_RESOURCES;
	bind_registration(c, e, r, t);
	e->created = t;
	notify(c, e, NHRP_CACHE_ADDED);
	return NHRP_CODE_SUCCESS;
}

int
nhrp_cache_add_config(struct nhrp_cache *c, enum nhrp_cache_type type, int ifindex,
		      const struct nhrp_addr *proto, const struct nhrp_addr *nbma)
{
	struct nhrp_cache_entry *e;
	bool added = false;
	size_t pos;

	if (!is_config_type(type) || !addr_valid(proto))
		return -EINVAL;
	if (!addr_valid(nbma) && !(type == NHRP_CACHE_LOCAL && nbma->len == 0))
		return -EINVAL;
	e = find_live(c, ifindex, proto, &pos);
	if (e && e->type > type)
		return -EEXIST;
	if (e && e->type == type && nhrp_addr_equal(&e->nbma, nbma))
		return 0;
	if (!e) {
		e = insert(c, pos, ifindex, proto);
		if (!e)
			return -ENOSPC;
		added = true;
	}
	e->type = type;
	e->prefix_len = host_prefix(proto, 0xff);
	set_nbma(c, e, nbma);
	e->claimed_nbma = *nbma;
	e->mtu = 0;
	e->holdtime = 0;
	e->flags = 0;
	e->created = now(c);
	set_expiry(c, e, 0);
	notify(c, e, added ? NHRP_CACHE_ADDED : NHRP_CACHE_CHANGED);
	return 0;
}

int
nhrp_cache_remove_config(struct nhrp_cache *c, enum nhrp_cache_type type, int ifindex,
			 const struct nhrp_addr *proto)
{
	ssize_t i = find(c, ifindex, proto, NULL);

	if (i < 0 || c->v[i]->type != type)
		return -ENOENT;
	delete_at(c, (size_t)i);
	return 0;
}

int
nhrp_cache_resolve_start(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
			 uint16_t timeout)
{
	struct nhrp_cache_entry *e;
	size_t pos;

	if (!addr_valid(proto) || timeout == 0)
		return -EINVAL;
	if (find_live(c, ifindex, proto, &pos))
		return -EEXIST;
	e = insert(c, pos, ifindex, proto);
	if (!e)
		return -ENOSPC;
	e->type = NHRP_CACHE_INCOMPLETE;
	e->created = now(c);
	set_expiry(c, e, e->created + timeout);
	notify(c, e, NHRP_CACHE_ADDED);
	return 0;
}

/* Common part of a resolution outcome: the entry to overwrite, or NULL
 * with *err set. */
static struct nhrp_cache_entry *
resolution_target(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
		  bool *added, int *err)
{
	struct nhrp_cache_entry *e;
	size_t pos;

	*added = false;
	e = find_live(c, ifindex, proto, &pos);
	if (e && e->type > NHRP_CACHE_CACHED) {
		*err = -EEXIST;
		return NULL;
	}
	if (!e) {
		e = insert(c, pos, ifindex, proto);
		if (!e) {
			*err = -ENOSPC;
			return NULL;
		}
		*added = true;
	}
	return e;
}

int
nhrp_cache_resolved(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
		    uint8_t prefix_len, const struct nhrp_addr *nbma, uint16_t mtu,
		    uint16_t holdtime)
{
	struct nhrp_cache_entry *e;
	uint64_t t = now(c);
	bool added, changed;
	int err = 0;

	if (!addr_valid(proto) || !addr_valid(nbma) || holdtime == 0)
		return -EINVAL;
	e = resolution_target(c, ifindex, proto, &added, &err);
	if (!e)
		return err;
	changed = e->type != NHRP_CACHE_CACHED || !nhrp_addr_equal(&e->nbma, nbma);
	e->type = NHRP_CACHE_CACHED;
	e->prefix_len = host_prefix(proto, prefix_len);
	set_nbma(c, e, nbma);
	e->claimed_nbma = *nbma;
	e->mtu = mtu;
	e->holdtime = holdtime;
	set_expiry(c, e, t + holdtime);
	if (added || changed)
		e->created = t;
	if (added)
		notify(c, e, NHRP_CACHE_ADDED);
	else if (changed)
		notify(c, e, NHRP_CACHE_CHANGED);
	return 0;
}

int
nhrp_cache_resolve_failed(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
			  uint16_t holdtime)
{
	struct nhrp_cache_entry *e;
	uint64_t t = now(c);
	bool added;
	int err = 0;

	if (!addr_valid(proto) || holdtime == 0)
		return -EINVAL;
	e = resolution_target(c, ifindex, proto, &added, &err);
	if (!e)
		return err;
	set_nbma(c, e, NULL);
	memset(&e->claimed_nbma, 0, sizeof(e->claimed_nbma));
	e->type = NHRP_CACHE_NEGATIVE;
	e->holdtime = holdtime;
	e->created = t;
	set_expiry(c, e, t + holdtime);
	notify(c, e, added ? NHRP_CACHE_ADDED : NHRP_CACHE_CHANGED);
	return 0;
}

/* Is a inside net/prefix_len? Both the same family. */
static bool
in_prefix(const struct nhrp_addr *a, const struct nhrp_addr *net, unsigned prefix_len)
{
	unsigned full = prefix_len / 8, rest = prefix_len % 8;

	if (a->len != net->len)
		return false;
	if (memcmp(a->bytes, net->bytes, full) != 0)
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));

		return (a->bytes[full] & mask) == (net->bytes[full] & mask);
	}
	return true;
}

/* Deletes, in one pass, the entries for which drop() holds; returns the
 * count. Linear however many go, so expiring a hub's cache stays cheap. */
static size_t
sweep(struct nhrp_cache *c, bool (*drop)(const struct nhrp_cache_entry *e, const void *arg),
      const void *arg)
{
	size_t w = 0, count = 0;

	for (size_t i = 0; i < c->n; i++) {
		struct nhrp_cache_entry *e = c->v[i];

		if (drop(e, arg)) {
			notify(c, e, NHRP_CACHE_DELETED);
			free_entry(c, e);
			count++;
		} else {
			c->v[w++] = e;
		}
	}
	c->n = w;
	return count;
}

/* Learnt entries on one interface (0: any) that also satisfy match. */
struct learnt_arg {
	int ifindex;
	bool (*match)(const struct nhrp_cache_entry *e, const void *arg);
	const void *arg;
};

static bool
drop_learnt(const struct nhrp_cache_entry *e, const void *arg)
{
	const struct learnt_arg *l = arg;

	return (l->ifindex == 0 || e->ifindex == l->ifindex) && is_learnt(e->type) &&
	       (!l->match || l->match(e, l->arg));
}

static size_t
delete_learnt(struct nhrp_cache *c, int ifindex,
	      bool (*match)(const struct nhrp_cache_entry *e, const void *arg), const void *arg)
{
	struct learnt_arg l = {.ifindex = ifindex, .match = match, .arg = arg};

	return sweep(c, drop_learnt, &l);
}

struct prefix_arg {
	const struct nhrp_addr *net;
	unsigned prefix_len;
};

static bool
match_prefix(const struct nhrp_cache_entry *e, const void *arg)
{
	const struct prefix_arg *p = arg;

	return in_prefix(&e->proto, p->net, p->prefix_len);
}

size_t
nhrp_cache_purge(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
		 uint8_t prefix_len)
{
	struct prefix_arg arg = {.net = proto, .prefix_len = host_prefix(proto, prefix_len)};

	if (!addr_valid(proto) || ifindex == 0)
		return 0;
	return delete_learnt(c, ifindex, match_prefix, &arg);
}

static bool
match_nbma(const struct nhrp_cache_entry *e, const void *arg)
{
	return nhrp_addr_equal(&e->nbma, arg);
}

static int
cmp_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The peer's entries come from its NBMA chain, not a walk of the cache;
 * they go in (ifindex, address) order as a sweep would remove them. */
size_t
nhrp_cache_purge_nbma(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *nbma)
{
	size_t idx[PURGE_ONE_BY_ONE_MAX], k = 0;

	if (!addr_valid(nbma))
		return 0;
	if (!c->n_by_nbma)
		return 0;
	for (struct nhrp_cache_entry *e = c->by_nbma[nbma_bucket(c, nbma)]; e; e = e->nbma_next) {
		ssize_t i;

		if (!is_learnt(e->type) || (ifindex && e->ifindex != ifindex) ||
		    !nhrp_addr_equal(&e->nbma, nbma))
			continue;
		if (k == PURGE_ONE_BY_ONE_MAX)
			return delete_learnt(c, ifindex, match_nbma, nbma);
		i = find(c, e->ifindex, &e->proto, NULL);
		if (i >= 0)
			idx[k++] = (size_t)i;
	}
	qsort(idx, k, sizeof(idx[0]), cmp_index);
	/* Each removal moves the later entries down one. */
	for (size_t j = 0; j < k; j++)
		delete_at(c, idx[j] - j);
	return k;
}

size_t
nhrp_cache_flush(struct nhrp_cache *c, int ifindex)
{
	return delete_learnt(c, ifindex, NULL, NULL);
}

static bool
drop_expired(const struct nhrp_cache_entry *e, const void *arg)
{
	return !is_live(e, *(const uint64_t *)arg);
}

/* The heap says at once whether anything is due; a few due entries go
 * one by one (O(log n) to find, a memmove to remove), many in one sweep. */
size_t
nhrp_cache_expire(struct nhrp_cache *c)
{
	uint64_t t = now(c);
	struct nhrp_deadline *d;
	size_t count = 0;

	if (nhrp_deadlines_count_due(&c->expiries, t, EXPIRE_ONE_BY_ONE_MAX + 1) >
	    EXPIRE_ONE_BY_ONE_MAX)
		return sweep(c, drop_expired, &t);
	while ((d = nhrp_deadlines_first(&c->expiries)) && d->at <= t) {
		struct nhrp_cache_entry *e = entry_of(d);
		ssize_t i = find(c, e->ifindex, &e->proto, NULL);

		if (i < 0 || c->v[i] != e) {
			/* Not in the array: cannot happen; never loop on it. */
			nhrp_deadlines_disarm(&c->expiries, d);
			continue;
		}
		delete_at(c, (size_t)i);
		count++;
	}
	return count;
}

uint64_t
nhrp_cache_next_expiry(const struct nhrp_cache *c)
{
	const struct nhrp_deadline *d = nhrp_deadlines_first(&c->expiries);

	return d ? d->at : 0;
}

const struct nhrp_cache_entry *
nhrp_cache_lookup(const struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto)
{
	ssize_t i = find(c, ifindex, proto, NULL);

	if (i < 0 || !is_live(c->v[i], now(c)))
		return NULL;
	return c->v[i];
}

int
nhrp_cache_set_flags(struct nhrp_cache *c, int ifindex, const struct nhrp_addr *proto,
		     uint32_t set, uint32_t clear)
{
	ssize_t i = find(c, ifindex, proto, NULL);

	if (i < 0 || !is_live(c->v[i], now(c)))
		return -ENOENT;
	c->v[i]->flags = (c->v[i]->flags & ~clear) | set;
	return 0;
}

size_t
nhrp_cache_count(const struct nhrp_cache *c)
{
	uint64_t t = now(c);
	size_t count = 0;

	for (size_t i = 0; i < c->n; i++)
		if (is_live(c->v[i], t))
			count++;
	return count;
}

void
nhrp_cache_foreach(const struct nhrp_cache *c,
		   void (*fn)(void *ctx, const struct nhrp_cache_entry *e), void *ctx)
{
	uint64_t t = now(c);

	for (size_t i = 0; i < c->n; i++)
		if (is_live(c->v[i], t))
			fn(ctx, c->v[i]);
}

void
nhrp_cache_foreach_nbma(const struct nhrp_cache *c, const struct nhrp_addr *nbma,
			void (*fn)(void *ctx, const struct nhrp_cache_entry *e), void *ctx)
{
	uint64_t t = now(c);

	if (!c->n_by_nbma || !nbma->len)
		return;
	for (const struct nhrp_cache_entry *e = c->by_nbma[nbma_bucket(c, nbma)]; e;
	     e = e->nbma_next)
		if (nhrp_addr_equal(&e->nbma, nbma) && is_live(e, t))
			fn(ctx, e);
}

const char *
nhrp_cache_type_name(enum nhrp_cache_type type)
{
	switch (type) {
	case NHRP_CACHE_INCOMPLETE:
		return "incomplete";
	case NHRP_CACHE_NEGATIVE:
		return "negative";
	case NHRP_CACHE_CACHED:
		return "cached";
	case NHRP_CACHE_DYNAMIC:
		return "dynamic";
	case NHRP_CACHE_NHS:
		return "nhs";
	case NHRP_CACHE_STATIC:
		return "static";
	case NHRP_CACHE_LOCAL:
		return "local";
	}
	return "unknown";
}
