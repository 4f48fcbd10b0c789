/*
 * Reference checks, the IOS way: a name must exist when it is referred to,
 * and an object cannot be removed while something refers to it. The show-run
 * order (proposals, policies, keyrings, profiles, transform sets, IPsec
 * profiles, then interfaces) defines each object before its first use, so
 * a saved configuration always loads.
 *
 * Checked:  ikev2 policy -> proposal; ikev2 profile -> keyring;
 *           ipsec profile -> transform-set and ikev2-profile;
 *           tunnel protection -> ipsec profile (IOS: "IPSEC profile X not
 *           found"; the built-in smart default "default" is accepted).
 * Accepted dangling (documented choice): interface names (tunnel source,
 *           match address local interface, ip route via IF), because a
 *           Tunnel block is printed before the physical interface it uses
 *           and physical interfaces exist without configuration.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "router_priv.h"

struct vctx {
	const struct model *new;
	char *why;
	size_t whylen;
};

static bool
exists(const struct model *m, enum model_kind kind, const char *name)
{
	return model_get(m, kind, name) != NULL;
}

static int
check_added(struct vctx *v, const struct mobj *o)
{
	const struct model *m = v->new;

	switch (o->kind) {
	case MK_IKEV2_POLICY: {
		const struct m_ikev2_policy *p = (const void *)o;

		for (unsigned i = 0; i < p->n_proposal; i++)
			if (!exists(m, MK_IKEV2_PROPOSAL, p->proposal[i]) &&
			    strcmp(p->proposal[i], "default") != 0) {
				snprintf(v->why, v->whylen, "IKEv2 proposal %s not found",
					 p->proposal[i]);
				return -1;
			}
		break;
	}
	case MK_IKEV2_PROFILE: {
		const struct m_ikev2_profile *p = (const void *)o;

		if (p->keyring[0] && !exists(m, MK_IKEV2_KEYRING, p->keyring)) {
			snprintf(v->why, v->whylen, "IKEv2 keyring %s not found", p->keyring);
			return -1;
		}
		break;
	}
	case MK_IPSEC_PROFILE: {
		const struct m_ipsec_profile *p = (const void *)o;

		for (unsigned i = 0; i < p->n_tset; i++)
			if (!exists(m, MK_TRANSFORM_SET, p->tset[i])) {
				snprintf(v->why, v->whylen,
					 "Transform set %s not found", p->tset[i]);
				return -1;
			}
		if (p->ikev2_profile[0] && !exists(m, MK_IKEV2_PROFILE, p->ikev2_profile)) {
			snprintf(v->why, v->whylen, "IKEv2 profile %s not found", p->ikev2_profile);
			return -1;
		}
		break;
	}
	case MK_INTERFACE: {
		const struct m_interface *i = (const void *)o;

		if (i->protection.set && strcmp(i->protection.profile, "default") != 0 &&
		    !exists(m, MK_IPSEC_PROFILE, i->protection.profile)) {
			snprintf(v->why, v->whylen, "IPSEC profile %s not found",
				 i->protection.profile);
			return -1;
		}
		break;
	}
	default:
		break;
	}
	return 0;
}

/* Who refers to a removed object: "policy P" etc., or NULL. */
static int
check_removed(struct vctx *v, const struct mobj *o)
{
	const struct model *m = v->new;
	const char *name = o->key;

	switch (o->kind) {
	case MK_IKEV2_PROPOSAL:
		for (size_t i = 0; i < model_count(m, MK_IKEV2_POLICY); i++) {
			const struct m_ikev2_policy *p = (const void *)model_at(m, MK_IKEV2_POLICY, i);

			for (unsigned j = 0; j < p->n_proposal; j++)
				if (strcmp(p->proposal[j], name) == 0)
					goto used_policy;
			continue;
used_policy:
			snprintf(v->why, v->whylen, "IKEv2 proposal %s is in use by policy %s",
				 name, p->h.key);
			return -1;
		}
		break;
	case MK_IKEV2_KEYRING:
		for (size_t i = 0; i < model_count(m, MK_IKEV2_PROFILE); i++) {
			const struct m_ikev2_profile *p = (const void *)model_at(m, MK_IKEV2_PROFILE, i);

			if (strcmp(p->keyring, name) == 0) {
				snprintf(v->why, v->whylen, "IKEv2 keyring %s is in use by profile %s",
					 name, p->h.key);
				return -1;
			}
		}
		break;
	case MK_IKEV2_PROFILE:
	case MK_TRANSFORM_SET:
		for (size_t i = 0; i < model_count(m, MK_IPSEC_PROFILE); i++) {
			const struct m_ipsec_profile *p = (const void *)model_at(m, MK_IPSEC_PROFILE, i);
			bool used = o->kind == MK_IKEV2_PROFILE && strcmp(p->ikev2_profile, name) == 0;

			for (unsigned j = 0; o->kind == MK_TRANSFORM_SET && j < p->n_tset; j++)
				used |= strcmp(p->tset[j], name) == 0;
			if (used) {
				snprintf(v->why, v->whylen, "%s %s is in use by IPSEC profile %s",
					 o->kind == MK_TRANSFORM_SET ? "Transform set" : "IKEv2 profile",
					 name, p->h.key);
				return -1;
			}
		}
		break;
	case MK_IPSEC_PROFILE:
		for (size_t i = 0; i < model_count(m, MK_INTERFACE); i++) {
			const struct m_interface *f = (const void *)model_at(m, MK_INTERFACE, i);

			if (f->protection.set && strcmp(f->protection.profile, name) == 0) {
				snprintf(v->why, v->whylen, "IPSEC profile %s is in use by %s", name,
					 f->h.key);
				return -1;
			}
		}
		break;
	default:
		break;
	}
	return 0;
}

static int
check_change(const struct model_change *c, void *arg)
{
	struct vctx *v = arg;

	if (c->new)
		return check_added(v, c->new);
	return check_removed(v, c->old);
}

int
model_validate(const struct model *old, const struct model *new, char *why, size_t whylen)
{
	struct vctx v = { .new = new, .why = why, .whylen = whylen };

	return model_diff(old, new, check_change, &v) ? -1 : 0;
}
