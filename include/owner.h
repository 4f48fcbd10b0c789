/*
 * Owners apply the configuration to the system: the kernel (links,
 * addresses, tunnels, routes), iked (IKE/IPsec objects, tunnel protection)
 * and dmvpnd (NHRP on tunnels). A transaction (txn.c) hands each owner the
 * changed objects it cares about, in dependency order; an owner may refuse
 * one with a reason, and the transaction then undoes everything already
 * applied by asking the owners to apply the inverse changes, in reverse.
 *
 * Order: deletions first, from the most dependent object down (NHRP,
 * tunnel protection, IPsec profiles ... IKEv2 proposals, routes,
 * interfaces); then additions and modifications from the least dependent
 * up (interfaces, routes, IKE objects, tunnel protection, NHRP).
 */
#ifndef LIOS_OWNER_H
#define LIOS_OWNER_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

enum owner_id {
	OWNER_KERNEL = 0,
	OWNER_IKE,
	OWNER_NHRP,
	OWNER_COUNT,
	OWNER_NONE = OWNER_COUNT, /* hostname, secrets, users: nothing to apply */
};

/* What part of an interface a change is about. */
enum owner_aspect {
	ASPECT_OBJECT = 0,  /* the whole object (every kind but interfaces) */
	ASPECT_LINK,	    /* interface: device, addresses, tunnel, MTU (kernel) */
	ASPECT_PROTECTION,  /* interface: tunnel protection and endpoints (IKE) */
	ASPECT_NHRP,	    /* interface: ip nhrp, with address and tunnel (NHRP) */
};

struct owner_change {
	enum model_change_op op;
	enum model_kind kind;
	enum owner_aspect aspect;
	enum owner_id owner;
	unsigned rank;		/* dependency rank: lower is applied first */
	bool undo;		/* the inverse of a change applied just before (rollback) */
	const struct mobj *old; /* NULL for ADD */
	const struct mobj *new; /* NULL for DELETE */
	const struct model *old_model;
	const struct model *new_model;
};

struct owner {
	const char *name;
	/* Applies one change. Returns 0, or -1 with a one-line reason (no
	 * leading "% ") in why. Undo is apply() of the inverse change, which
	 * an owner must accept for a change it has just applied. */
	int (*apply)(struct owner *o, const struct owner_change *c, char *why, size_t whylen);
	void (*free)(struct owner *o);
	void *ctx;
};

/* An owner that accepts everything and does nothing: the default until the
 * kernel, iked and dmvpnd owners are plugged in (and for routerd -n). */
struct owner *owner_noop_new(const char *name);

/*
 * The fake owner for tests: records every change it accepted (inverse
 * changes cancel records), and refuses the Nth call to apply() (1-based,
 * counted over all fake owners sharing the same counter) with reason.
 */
struct owner_fake_state {
	unsigned calls;		/* apply() calls so far */
	unsigned refuse_at;	/* 0 = never refuse */
	const char *reason;
	int applied;		/* accepted changes minus undone ones */
	unsigned undone;	/* inverse changes seen */
};
struct owner *owner_fake_new(const char *name, struct owner_fake_state *st);

void owner_free(struct owner *o);

/* Plugs an owner into a router in place of the current one (the no-op by
 * default); the router frees it. Changes already applied are not replayed:
 * plug owners in before loading the startup-config. */
struct router;
void router_set_owner(struct router *r, enum owner_id id, struct owner *o);
/* The running model, read-only, for show commands registered by other
 * parts (the handler's app pointer is the router). Valid until the next
 * configuration command commits. */
const struct model *router_running(const struct router *r);

#endif
