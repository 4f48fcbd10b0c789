/* Deadlines in a binary min-heap (see nhrp_deadline.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_deadline.h"

void
nhrp_deadlines_init(struct nhrp_deadlines *h)
{
	memset(h, 0, sizeof(*h));
}

void
nhrp_deadlines_free(struct nhrp_deadlines *h)
{
	for (size_t i = 0; i < h->n; i++)
		h->v[i]->slot = 0;
	free(h->v);
	nhrp_deadlines_init(h);
}

int
nhrp_deadlines_reserve(struct nhrp_deadlines *h, size_t cap)
{
	struct nhrp_deadline **v;

	if (cap <= h->cap)
		return 0;
	v = realloc(h->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	h->v = v;
	h->cap = cap;
	return 0;
}

static void
place(struct nhrp_deadlines *h, size_t i, struct nhrp_deadline *d)
{
	h->v[i] = d;
	d->slot = i + 1;
}

/* Moves the deadline at i towards the root while it is earlier than its
 * parent, then towards the leaves while a child is earlier. */
static void
restore(struct nhrp_deadlines *h, size_t i)
{
	struct nhrp_deadline *d = h->v[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (h->v[parent]->at <= d->at)
			break;
		place(h, i, h->v[parent]);
		i = parent;
	}
	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= h->n)
			break;
		if (child + 1 < h->n && h->v[child + 1]->at < h->v[child]->at)
			child++;
		if (d->at <= h->v[child]->at)
			break;
		place(h, i, h->v[child]);
		i = child;
	}
	place(h, i, d);
}

int
nhrp_deadlines_arm(struct nhrp_deadlines *h, struct nhrp_deadline *d, uint64_t at)
{
	if (at == 0) {
		nhrp_deadlines_disarm(h, d);
		return 0;
	}
	if (!nhrp_deadline_armed(d)) {
		if (h->n == h->cap)
			return -ENOSPC;
		place(h, h->n++, d);
	}
	d->at = at;
	restore(h, d->slot - 1);
	return 0;
}

void
nhrp_deadlines_disarm(struct nhrp_deadlines *h, struct nhrp_deadline *d)
{
	size_t i = d->slot - 1;

	if (!nhrp_deadline_armed(d))
		return;
	d->slot = 0;
	if (i == --h->n)
		return;
	/* The last one fills the hole, then finds its place from there. */
	place(h, i, h->v[h->n]);
	restore(h, i);
}

struct nhrp_deadline *
nhrp_deadlines_first(const struct nhrp_deadlines *h)
{
	return h->n ? h->v[0] : NULL;
}

/* The due deadlines form a subtree at the root: walk it depth first,
 * stopping once limit are counted. */
static size_t
count_from(const struct nhrp_deadlines *h, size_t i, uint64_t t, size_t limit)
{
	size_t count;

	if (limit == 0 || i >= h->n || h->v[i]->at > t)
		return 0;
	count = 1;
	count += count_from(h, 2 * i + 1, t, limit - count);
	count += count_from(h, 2 * i + 2, t, limit - count);
	return count;
}

size_t
nhrp_deadlines_count_due(const struct nhrp_deadlines *h, uint64_t t, size_t limit)
{
	return count_from(h, 0, t, limit);
}

size_t
nhrp_deadlines_count(const struct nhrp_deadlines *h)
{
	return h->n;
}
