/* The no-op owner: accepts every change and applies nothing. It stands in
 * for the kernel, iked and dmvpnd until those owners exist, and is what
 * `routerd -n` uses for good. */
#include "config.h"

#include <stdlib.h>

#include "owner.h"

static int
noop_apply(struct owner *o, const struct owner_change *c, char *why, size_t whylen)
{
	(void)o;
	(void)c;
	(void)why;
	(void)whylen;
	return 0;
}

struct owner *
owner_noop_new(const char *name)
{
	struct owner *o = calloc(1, sizeof(*o));

	if (!o)
		abort();
	o->name = name;
	o->apply = noop_apply;
	return o;
}

void
owner_free(struct owner *o)
{
	if (!o)
		return;
	if (o->free)
		o->free(o);
	free(o);
}
