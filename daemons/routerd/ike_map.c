/*
 * From the IOS model to iked's ike_spec entries: one spec per protected
 * peer, with the proposals, keys, identities, DPD and lifetimes IOS would
 * use for it (ios-reference.md 1.1-1.4).
 *
 * A protected tunnel that is not complete yet (no destination, no source
 * address, no key for the peer) gets no spec and a note: IOS accepts such
 * a configuration and the tunnel just stays down. What cannot run at all
 * (an algorithm this build lacks, two DPD retry values) is refused.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ifmap.h"
#include "lios.h"
#include "owner_ike.h"

/*
 * IOS 15.4+ smart default IKEv2 proposal "default": encryption
 * aes-cbc-256 aes-cbc-192 aes-cbc-128, integrity sha512 sha384 sha256 sha1,
 * group 5 2 (`show crypto ikev2 proposal default`; md5 was dropped from it
 * in later releases, and is left out here as well).
 */
const char ike_map_default_ikev2_proposal[] =
	"aes256-aes192-aes128-sha512-sha384-sha256-sha1-modp1536-modp1024";

/* IOS smart default transform set "default": esp-aes esp-sha-hmac, mode
 * transport; used when an ipsec profile names no transform set. */
static const char default_esp_proposal[] = "aes128-sha1";

struct build {
	const struct model *m;
	struct ike_map *out;
	int cap;
	char *why;
	size_t whylen;
};

static void __attribute__((format(printf, 2, 3)))
note(struct ike_map *map, const char *fmt, ...)
{
	size_t used = strlen(map->notes);
	va_list ap;

	if (used + 2 >= sizeof(map->notes))
		return;
	va_start(ap, fmt);
	vsnprintf(map->notes + used, sizeof(map->notes) - used - 1, fmt, ap);
	va_end(ap);
	strcat(map->notes, "\n");
}

static struct ike_spec *
new_spec(struct build *b, const char *ifname)
{
	struct ike_map *o = b->out;

	if (o->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 8;
		o->specs = realloc(o->specs, (size_t)b->cap * sizeof(*o->specs));
		o->ifname = realloc(o->ifname, (size_t)b->cap * sizeof(*o->ifname));
		if (!o->specs || !o->ifname)
			abort();
	}
	ike_spec_init(&o->specs[o->n]);
	memset(o->ifname[o->n], 0, sizeof(o->ifname[o->n]));
	snprintf(o->ifname[o->n], sizeof(o->ifname[o->n]), "%.63s", ifname);
	return &o->specs[o->n];
}

static struct ike_dpd
dpd_of(const struct m_dpd *d, unsigned default_retry)
{
	struct ike_dpd x = { 0 };

	if (!d->set)
		return x;
	x.mode = d->mode == DPD_PERIODIC ? IKE_DPD_PERIODIC : IKE_DPD_ON_DEMAND;
	x.interval = (uint16_t)d->interval;
	x.retry = (uint16_t)(d->retry ? d->retry : default_retry);
	return x;
}

static bool
in_prefix(uint32_t addr, const struct m_prefix *p)
{
	return (addr & p->mask) == (p->addr & p->mask);
}

/* --- IKEv2 ------------------------------------------------------------------ */

static int
ikev2_proposal(const struct m_ikev2_proposal *p, char *out, size_t len, char *why, size_t whylen)
{
	const char *encr[MODEL_MAX_ALGOS + 1] = { 0 }, *integ[MODEL_MAX_ALGOS + 1] = { 0 };
	const char *prf[MODEL_MAX_ALGOS + 1] = { 0 }, *group[MODEL_MAX_ALGOS + 1] = { 0 };
	char groups[MODEL_MAX_ALGOS][8], err[200];

	for (unsigned i = 0; i < p->n_encr && i < MODEL_MAX_ALGOS; i++)
		encr[i] = model_encr_name(p->encr[i]);
	for (unsigned i = 0; i < p->n_integ && i < MODEL_MAX_ALGOS; i++)
		integ[i] = model_hash_name(p->integ[i]);
	for (unsigned i = 0; i < p->n_prf && i < MODEL_MAX_ALGOS; i++)
		prf[i] = model_hash_name(p->prf[i]);
	for (unsigned i = 0; i < p->n_group && i < MODEL_MAX_ALGOS; i++) {
		snprintf(groups[i], sizeof(groups[i]), "%u", p->group[i]);
		group[i] = groups[i];
	}
	if (ike_algs_ikev2_proposal(encr, integ, prf, group, out, len, err, sizeof(err)) < 0) {
		snprintf(why, whylen, "crypto ikev2 proposal %s: %s", p->h.key, err);
		return -1;
	}
	return 0;
}

static bool
has_proposal(const char (*list)[IKE_SPEC_PROPOSAL_MAX], unsigned n, const char *p)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(list[i], p))
			return true;
	return false;
}

/* IOS picks the policies that match the local address, else those without
 * a match statement, else the default policy (proposal "default"). */
static int
ikev2_proposals(struct build *b, uint32_t local, struct ike_spec *s)
{
	size_t np = model_count(b->m, MK_IKEV2_POLICY);

	for (int pass = 0; pass < 2 && !s->n_ike; pass++) {
		for (size_t i = 0; i < np; i++) {
			const struct m_ikev2_policy *pol =
				(const void *)model_at(b->m, MK_IKEV2_POLICY, i);

			if (pass == 0 && !(pol->has_match_local && pol->match_local == local))
				continue;
			if (pass == 1 && pol->has_match_local)
				continue;
			for (unsigned k = 0; k < pol->n_proposal; k++) {
				const struct m_ikev2_proposal *p = (const void *)model_get(
					b->m, MK_IKEV2_PROPOSAL, pol->proposal[k]);
				char text[IKE_SPEC_PROPOSAL_MAX];

				if (!p) {
					note(b->out, "crypto ikev2 policy %s: proposal %s is not defined",
					     pol->h.key, pol->proposal[k]);
					continue;
				}
				if (ikev2_proposal(p, text, sizeof(text), b->why, b->whylen) < 0)
					return -1;
				if (s->n_ike < IKE_SPEC_PROPOSALS_MAX &&
				    !has_proposal(s->ike, s->n_ike, text))
					strcpy(s->ike[s->n_ike++], text);
			}
		}
	}
	if (!s->n_ike)
		strcpy(s->ike[s->n_ike++], ike_map_default_ikev2_proposal);
	return 0;
}

/* The keyring peer whose address block holds the remote, longest first;
 * a responder to any peer needs a 0.0.0.0 0.0.0.0 entry. */
static const struct m_keyring_peer *
keyring_peer(const struct m_ikev2_keyring *kr, uint32_t remote, bool any)
{
	const struct m_keyring_peer *best = NULL;

	for (unsigned i = 0; i < kr->n_peer; i++) {
		const struct m_keyring_peer *p = &kr->peer[i];

		if (!p->has_address || (any && p->address.mask != 0) ||
		    !in_prefix(remote, &p->address))
			continue;
		if (!best || model_mask_len(p->address.mask) > model_mask_len(best->address.mask))
			best = p;
	}
	return best;
}

static bool
ikev2_fill(struct build *b, const char *ifname, const struct m_ipsec_profile *ip,
	   uint32_t remote, bool any, struct ike_spec *s)
{
	const struct m_ikev2_profile *pr =
		(const void *)model_get(b->m, MK_IKEV2_PROFILE, ip->ikev2_profile);
	const struct m_ikev2_keyring *kr;
	const struct m_keyring_peer *peer;
	const char *psk;

	if (!pr) {
		note(b->out, "%s: crypto ikev2 profile %s is not defined", ifname,
		     ip->ikev2_profile);
		return false;
	}
	kr = (const void *)model_get(b->m, MK_IKEV2_KEYRING, pr->keyring);
	if (!kr) {
		note(b->out, "%s: crypto ikev2 profile %s has no keyring", ifname, pr->h.key);
		return false;
	}
	peer = keyring_peer(kr, remote, any);
	psk = peer ? peer->psk_local : "";
	/* IOS signs with the local key and checks the peer with the remote
	 * one; a peer with only one of the two cannot authenticate. */
	if (!psk[0] || !peer->psk_remote[0]) {
		note(b->out, "%s: keyring %s has no %spre-shared key for %s", ifname, kr->h.key,
		     !peer ? "" : !psk[0] ? "local " : "remote ",
		     any ? "any peer (address 0.0.0.0 0.0.0.0)" : model_ip(remote));
		return false;
	}
	s->version = 2;
	snprintf(s->psk, sizeof(s->psk), "%s", psk);
	if (strcmp(peer->psk_remote, psk))
		snprintf(s->psk_remote, sizeof(s->psk_remote), "%s", peer->psk_remote);
	if (pr->has_identity_local)
		snprintf(s->local_id, sizeof(s->local_id), "%s",
			 pr->identity_local_is_fqdn ? pr->identity_local_fqdn
						    : model_ip(pr->identity_local_addr));
	s->dpd = dpd_of(&pr->dpd, IKE_KEEPALIVE_RETRY_DEFAULT);
	if (pr->has_lifetime)
		s->ike_lifetime = pr->lifetime;
	return true;
}

/* --- IKEv1 ------------------------------------------------------------------ */

static int
cmp_policy(const void *a, const void *b)
{
	const struct m_isakmp_policy *x = *(const struct m_isakmp_policy *const *)a;
	const struct m_isakmp_policy *y = *(const struct m_isakmp_policy *const *)b;

	return (x->priority > y->priority) - (x->priority < y->priority);
}

/* crypto isakmp policy -> ike_algs' IKEv1 words ("aes" 256, "sha", 14). */
static int
isakmp_proposal(const struct m_isakmp_policy *p, char *out, size_t len, char *why,
		size_t whylen)
{
	const char *encr = "des", *hash = "sha";
	unsigned bits = 0;
	char err[200];

	switch (p->encr) {
	case ENCR_3DES:
		encr = "3des";
		break;
	case ENCR_AES_CBC_128:
		encr = "aes", bits = 128;
		break;
	case ENCR_AES_CBC_192:
		encr = "aes", bits = 192;
		break;
	case ENCR_AES_CBC_256:
		encr = "aes", bits = 256;
		break;
	case ENCR_NONE: /* IOS default: des */
	case ENCR_DES:
		break;
	default:
		encr = model_encr_name(p->encr);
		break;
	}
	if (p->hash != HASH_NONE && p->hash != HASH_SHA1)
		hash = model_hash_name(p->hash);
	if (ike_algs_ikev1_proposal(encr, bits, hash, p->group ? p->group : 1, out, len, err,
				    sizeof(err)) < 0) {
		snprintf(why, whylen, "crypto isakmp policy %u: %s", p->priority, err);
		return -1;
	}
	return 0;
}

/* Pre-shared-key policies by priority; rsa-sig ones (the IOS default
 * authentication) cannot be run and are left to the peer to refuse. */
static int
isakmp_proposals(struct build *b, struct ike_spec *s)
{
	size_t n = model_count(b->m, MK_ISAKMP_POLICY), k = 0;
	const struct m_isakmp_policy **v = calloc(n + 1, sizeof(*v));
	int rc = 0;

	if (!v)
		abort();
	for (size_t i = 0; i < n; i++) {
		const struct m_isakmp_policy *p = (const void *)model_at(b->m, MK_ISAKMP_POLICY, i);

		if (p->auth == IKE_AUTH_PSK)
			v[k++] = p;
	}
	qsort(v, k, sizeof(*v), cmp_policy);
	/* one lifetime per spec: the preferred policy's */
	if (k && v[0]->lifetime)
		s->ike_lifetime = v[0]->lifetime;
	for (size_t i = 0; i < k && rc == 0; i++) {
		char text[IKE_SPEC_PROPOSAL_MAX];

		rc = isakmp_proposal(v[i], text, sizeof(text), b->why, b->whylen);
		if (rc == 0 && s->n_ike < IKE_SPEC_PROPOSALS_MAX &&
		    !has_proposal(s->ike, s->n_ike, text))
			strcpy(s->ike[s->n_ike++], text);
	}
	free(v);
	return rc;
}

static const struct m_isakmp_key *
isakmp_key(const struct model *m, uint32_t remote, bool any)
{
	const struct m_isakmp_key *best = NULL;

	for (size_t i = 0; i < model_count(m, MK_ISAKMP_KEY); i++) {
		const struct m_isakmp_key *k = (const void *)model_at(m, MK_ISAKMP_KEY, i);
		struct m_prefix p = k->peer;

		if (!k->has_mask)
			p.mask = 0xffffffffu;
		if ((any && p.mask != 0) || !in_prefix(remote, &p))
			continue;
		if (!best || model_mask_len(p.mask) > model_mask_len(best->has_mask ? best->peer.mask
										   : 0xffffffffu))
			best = k;
	}
	return best;
}

static int
ikev1_fill(struct build *b, const char *ifname, uint32_t remote, bool any, struct ike_spec *s)
{
	const struct m_isakmp_key *k = isakmp_key(b->m, remote, any);

	if (!k) {
		note(b->out, "%s: no crypto isakmp key for %s", ifname,
		     any ? "address 0.0.0.0 0.0.0.0" : model_ip(remote));
		return 0;
	}
	s->version = 1;
	snprintf(s->psk, sizeof(s->psk), "%s", k->key);
	if (isakmp_proposals(b, s) < 0)
		return -1;
	if (!s->n_ike) {
		note(b->out, "%s: no crypto isakmp policy with authentication pre-share", ifname);
		return 0;
	}
	return 1;
}

/* --- IPsec ------------------------------------------------------------------ */

static int
esp_proposals(struct build *b, const char *ifname, const struct m_ipsec_profile *ip,
	      struct ike_spec *s)
{
	for (unsigned i = 0; i < ip->n_tset; i++) {
		const struct m_transform_set *t =
			(const void *)model_get(b->m, MK_TRANSFORM_SET, ip->tset[i]);
		const char *words[4] = { 0 };
		char bits[12], text[IKE_SPEC_PROPOSAL_MAX], err[200];
		int n = 0;

		if (!t) {
			note(b->out, "%s: transform-set %s is not defined", ifname, ip->tset[i]);
			continue;
		}
		if (t->encr != ESP_ENCR_NONE)
			words[n++] = model_esp_encr_name(t->encr);
		if (t->keysize) {
			snprintf(bits, sizeof(bits), "%u", t->keysize);
			words[n++] = bits;
		}
		if (t->auth != ESP_AUTH_NONE)
			words[n++] = model_esp_auth_name(t->auth);
		if (ike_algs_esp_proposal(words, text, sizeof(text), err, sizeof(err)) < 0) {
			snprintf(b->why, b->whylen, "crypto ipsec transform-set %s: %s", t->h.key,
				 err);
			return -1;
		}
		if (!s->n_esp)
			s->mode = t->transport ? IKE_MODE_TRANSPORT : IKE_MODE_TUNNEL;
		if (s->n_esp < IKE_SPEC_PROPOSALS_MAX && !has_proposal(s->esp, s->n_esp, text))
			strcpy(s->esp[s->n_esp++], text);
	}
	if (!s->n_esp) {
		strcpy(s->esp[s->n_esp++], default_esp_proposal);
		s->mode = IKE_MODE_TRANSPORT;
	}
	s->pfs_group = (uint8_t)ip->pfs_group;
	if (ip->has_sa_seconds)
		s->ipsec_lifetime_s = ip->sa_seconds;
	if (ip->has_sa_kilobytes)
		s->ipsec_lifetime_kb = ip->sa_kilobytes;
	return 0;
}

/* --- Tunnels ------------------------------------------------------------------ */

static bool
tunnel_source(struct build *b, const struct m_interface *i, uint32_t *addr)
{
	const struct m_tunnel *t = &i->tunnel;
	const struct m_interface *src;

	if (t->has_source_ip) {
		*addr = t->source_ip;
		return true;
	}
	if (!t->has_source_if) {
		note(b->out, "%s: no tunnel source", i->h.key);
		return false;
	}
	src = model_interface(b->m, t->source_if);
	if (!src || !src->has_address) {
		note(b->out, "%s: tunnel source %s has no IP address", i->h.key, t->source_if);
		return false;
	}
	*addr = src->address.addr;
	return true;
}

/* One spec for the interface towards REMOTE (any: respond to anyone).
 * Returns 0 (added or noted) or -1 (refused, b->why set). */
static int
add_spec(struct build *b, const struct m_interface *i, const struct m_ipsec_profile *ip,
	 const char *name, uint32_t local, uint32_t remote, bool any)
{
	struct ike_spec *s = new_spec(b, i->h.key);
	int ok;

	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->local, sizeof(s->local), "%s", model_ip(local));
	snprintf(s->remote, sizeof(s->remote), "%s", any ? IKE_SPEC_ANY : model_ip(remote));
	s->initiate = !any;
	if (ip->ikev2_profile[0]) {
		ok = ikev2_fill(b, i->h.key, ip, remote, any, s);
		if (ok && ikev2_proposals(b, local, s) < 0)
			return -1;
	} else {
		ok = ikev1_fill(b, i->h.key, remote, any, s);
		if (ok < 0)
			return -1;
	}
	if (!ok)
		return 0; /* noted; the slot is reused */
	if (esp_proposals(b, i->h.key, ip, s) < 0)
		return -1;
	if (i->tunnel.mode == TUNNEL_IPSEC_IPV4) {
		s->mode = IKE_MODE_TUNNEL; /* a VTI carries any IP traffic */
		s->proto = 0;
		s->mark = ifname_vti_key(i->h.key); /* the kernel owner's key */
	}
	if (ike_spec_validate(s, b->why, b->whylen) < 0)
		return -1;
	b->out->n++;
	return 0;
}

/* The NBMA address of an NHS: given with the NHS, or by a static map. */
static bool
nhs_nbma(const struct m_nhrp *n, const struct m_nhrp_nhs *nhs, uint32_t *nbma)
{
	if (nhs->has_nbma) {
		*nbma = nhs->nbma;
		return true;
	}
	for (unsigned k = 0; k < n->n_map; k++)
		if (nhs->proto && n->map[k].proto == nhs->proto) {
			*nbma = n->map[k].nbma;
			return true;
		}
	return false;
}

static int
map_interface(struct build *b, const struct m_interface *i)
{
	const struct m_ipsec_profile *ip;
	uint32_t local, seen[MODEL_MAX_NHRP_NHS];
	unsigned n_seen = 0;
	char name[IKE_SPEC_NAME_MAX];

	if (!i->protection.set)
		return 0;
	ip = (const void *)model_get(b->m, MK_IPSEC_PROFILE, i->protection.profile);
	if (!ip) {
		note(b->out, "%s: crypto ipsec profile %s is not defined", i->h.key,
		     i->protection.profile);
		return 0;
	}
	if (!tunnel_source(b, i, &local))
		return 0;
	if (i->tunnel.mode != TUNNEL_GRE_MULTIPOINT) {
		int first = b->out->n;

		if (!i->tunnel.has_destination) {
			note(b->out, "%s: no tunnel destination", i->h.key);
			return 0;
		}
		snprintf(name, sizeof(name), "%.63s", i->h.key);
		if (add_spec(b, i, ip, name, local, i->tunnel.destination, false) < 0)
			return -1;
		/* the other end of a p2p tunnel with protection initiates too */
		if (b->out->n > first)
			b->out->specs[first].peer_initiates = 1;
		return 0;
	}
	/* mGRE: answer any peer (hub, and spokes for spoke-to-spoke tunnels
	 * dmvpnd asks for), and bring up the tunnels to the NHSs at once. */
	snprintf(name, sizeof(name), "%.63s", i->h.key);
	if (add_spec(b, i, ip, name, local, 0, true) < 0)
		return -1;
	for (unsigned k = 0; k < i->nhrp.n_nhs; k++) {
		uint32_t nbma;
		bool dup = false;

		if (!nhs_nbma(&i->nhrp, &i->nhrp.nhs[k], &nbma))
			continue;
		for (unsigned j = 0; j < n_seen; j++)
			dup |= seen[j] == nbma;
		if (dup)
			continue;
		seen[n_seen++] = nbma;
		snprintf(name, sizeof(name), "%.40s-nhs-%s", i->h.key, model_ip(nbma));
		if (add_spec(b, i, ip, name, local, nbma, false) < 0)
			return -1;
	}
	return 0;
}

int
ike_map_build(const struct model *m, struct ike_map *out, char *why, size_t whylen)
{
	const struct m_ike_global *g = model_ike_global(m);
	struct build b = { .m = m, .out = out, .why = why, .whylen = whylen };
	unsigned retry;

	memset(out, 0, sizeof(*out));
	if (g) {
		out->globals.ikev2_dpd = dpd_of(&g->ikev2_dpd, IKE_KEEPALIVE_RETRY_DEFAULT);
		out->globals.isakmp_keepalive =
			dpd_of(&g->isakmp_keepalive, ISAKMP_KEEPALIVE_DEFAULT_RETRY);
	}
	for (size_t k = 0; k < model_count(m, MK_INTERFACE); k++) {
		if (map_interface(&b, (const void *)model_at(m, MK_INTERFACE, k)) < 0) {
			ike_map_free(out);
			return -1;
		}
	}
	if (ike_spec_common_retry(out->specs, out->n, &out->globals, &retry, why, whylen) < 0) {
		ike_map_free(out);
		return -1;
	}
	return 0;
}

void
ike_map_free(struct ike_map *map)
{
	free(map->specs);
	free(map->ifname);
	map->specs = NULL;
	map->ifname = NULL;
	map->n = 0;
}

bool
ike_map_equal(const struct ike_map *a, const struct ike_map *b)
{
	return a->n == b->n && !memcmp(&a->globals, &b->globals, sizeof(a->globals)) &&
	       (a->n == 0 || !memcmp(a->specs, b->specs, (size_t)a->n * sizeof(*a->specs)));
}
