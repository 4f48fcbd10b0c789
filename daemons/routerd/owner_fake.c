/* The fake owner for transaction tests: counts what it accepted and
 * refuses the Nth change on demand. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "owner.h"

static int
fake_apply(struct owner *o, const struct owner_change *c, char *why, size_t whylen)
{
	struct owner_fake_state *st = o->ctx;

	st->calls++;
	if (st->refuse_at && st->calls == st->refuse_at) {
		snprintf(why, whylen, "%s", st->reason ? st->reason : "refused by fake owner");
		return -1;
	}
	if (c->undo) {
		st->undone++;
		st->applied--;
	} else {
		st->applied++;
	}
	return 0;
}

struct owner *
owner_fake_new(const char *name, struct owner_fake_state *st)
{
	struct owner *o = calloc(1, sizeof(*o));

	if (!o)
		abort();
	o->name = name;
	o->apply = fake_apply;
	o->ctx = st;
	return o;
}
