/*
 * show running-config: the model printed in IOS order and layout. Each
 * submode level indents one more space, a nested block closes with " !",
 * top-level blocks and groups of one-line commands are separated by "!",
 * and defaults are left out (the model stores defaults as "unset", so what
 * is printed loads back into an equal model).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "router_priv.h"

void
sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
}

void
sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

static void
print_dpd(struct strbuf *b, const char *prefix, const struct m_dpd *d)
{
	sb_printf(b, "%s %u %u %s\n", prefix, d->interval, d->retry,
		  d->mode == DPD_PERIODIC ? "periodic" : "on-demand");
}

static void
print_system(const struct model *m, struct strbuf *b)
{
	const struct m_system *s = model_system(m);

	sb_printf(b, "hostname %s\n!\n", s->hostname[0] ? s->hostname : "Router");
	if (s->enable_secret[0])
		sb_printf(b, "enable secret 5 %s\n!\n", s->enable_secret);
}

static void
print_users(const struct model *m, struct strbuf *b)
{
	size_t n = model_count(m, MK_USER);

	for (size_t i = 0; i < n; i++) {
		const struct m_user *u = (const void *)model_at(m, MK_USER, i);

		sb_printf(b, "username %s", u->h.key);
		/* A user with nothing else set still needs a loadable line. */
		if (u->has_privilege || (!u->has_secret && !u->has_password))
			sb_printf(b, " privilege %u", u->has_privilege ? u->privilege : 1);
		if (u->has_secret)
			sb_printf(b, " secret 5 %s", u->secret);
		else if (u->has_password)
			sb_printf(b, " password 0 %s", u->password);
		sb_printf(b, "\n");
	}
	if (n)
		sb_printf(b, "!\n");
}

static void
print_algos(struct strbuf *b, const char *word, const uint8_t *v, unsigned n,
	    const char *(*name)(unsigned))
{
	/* At most three values a line, the most one command line takes
	 * (cmds_ikev2.c); the lines add up when loaded. */
	for (unsigned i = 0; i < n; i++)
		sb_printf(b, "%s%s %s%s", i % 3 ? "" : " ", i % 3 ? "" : word, name(v[i]),
			  i % 3 == 2 || i + 1 == n ? "\n" : "");
}

static const char *
encr_name(unsigned v)
{
	return model_encr_name((enum m_encr)v);
}

static const char *
hash_name(unsigned v)
{
	return model_hash_name((enum m_hash)v);
}

static const char *
group_name(unsigned v)
{
	static char buf[8][4];
	static unsigned slot;
	char *b = buf[slot++ % 8];

	snprintf(b, 4, "%u", v);
	return b;
}

static void
print_ikev2(const struct model *m, struct strbuf *b)
{
	for (size_t i = 0; i < model_count(m, MK_IKEV2_PROPOSAL); i++) {
		const struct m_ikev2_proposal *p = (const void *)model_at(m, MK_IKEV2_PROPOSAL, i);

		sb_printf(b, "crypto ikev2 proposal %s\n", p->h.key);
		print_algos(b, "encryption", p->encr, p->n_encr, encr_name);
		print_algos(b, "integrity", p->integ, p->n_integ, hash_name);
		print_algos(b, "prf", p->prf, p->n_prf, hash_name);
		print_algos(b, "group", p->group, p->n_group, group_name);
		sb_printf(b, "!\n");
	}
	for (size_t i = 0; i < model_count(m, MK_IKEV2_POLICY); i++) {
		const struct m_ikev2_policy *p = (const void *)model_at(m, MK_IKEV2_POLICY, i);

		sb_printf(b, "crypto ikev2 policy %s\n", p->h.key);
		if (p->match_fvrf_any)
			sb_printf(b, " match fvrf any\n");
		if (p->has_match_local)
			sb_printf(b, " match address local %s\n", model_ip(p->match_local));
		for (unsigned j = 0; j < p->n_proposal; j++)
			sb_printf(b, " proposal %s\n", p->proposal[j]);
		sb_printf(b, "!\n");
	}
	for (size_t i = 0; i < model_count(m, MK_IKEV2_KEYRING); i++) {
		const struct m_ikev2_keyring *k = (const void *)model_at(m, MK_IKEV2_KEYRING, i);

		sb_printf(b, "crypto ikev2 keyring %s\n", k->h.key);
		for (unsigned j = 0; j < k->n_peer; j++) {
			const struct m_keyring_peer *p = &k->peer[j];

			sb_printf(b, " peer %s\n", p->name);
			if (p->has_address) {
				sb_printf(b, "  address %s", model_ip(p->address.addr));
				if (p->address_has_mask)
					sb_printf(b, " %s", model_ip(p->address.mask));
				sb_printf(b, "\n");
			}
			if (p->psk_both)
				sb_printf(b, "  pre-shared-key %s\n", p->psk_local);
			else {
				if (p->psk_local[0])
					sb_printf(b, "  pre-shared-key local %s\n", p->psk_local);
				if (p->psk_remote[0])
					sb_printf(b, "  pre-shared-key remote %s\n", p->psk_remote);
			}
			sb_printf(b, " !\n");
		}
		sb_printf(b, "!\n");
	}
	for (size_t i = 0; i < model_count(m, MK_IKEV2_PROFILE); i++) {
		const struct m_ikev2_profile *p = (const void *)model_at(m, MK_IKEV2_PROFILE, i);

		sb_printf(b, "crypto ikev2 profile %s\n", p->h.key);
		if (p->match_fvrf_any)
			sb_printf(b, " match fvrf any\n");
		for (unsigned j = 0; j < p->n_match_remote; j++) {
			sb_printf(b, " match identity remote address %s",
				  model_ip(p->match_remote[j].addr));
			if (p->match_remote_mask[j])
				sb_printf(b, " %s", model_ip(p->match_remote[j].mask));
			sb_printf(b, "\n");
		}
		if (p->match_local_if[0])
			sb_printf(b, " match address local interface %s\n", p->match_local_if);
		if (p->has_identity_local) {
			if (p->identity_local_is_fqdn)
				sb_printf(b, " identity local fqdn %s\n", p->identity_local_fqdn);
			else
				sb_printf(b, " identity local address %s\n",
					  model_ip(p->identity_local_addr));
		}
		if (p->auth_remote_psk)
			sb_printf(b, " authentication remote pre-share\n");
		if (p->auth_local_psk)
			sb_printf(b, " authentication local pre-share\n");
		if (p->keyring[0])
			sb_printf(b, " keyring local %s\n", p->keyring);
		if (p->has_lifetime)
			sb_printf(b, " lifetime %u\n", p->lifetime);
		if (p->dpd.set)
			print_dpd(b, " dpd", &p->dpd);
		sb_printf(b, "!\n");
	}
	if (model_ike_global(m)->ikev2_dpd.set) {
		print_dpd(b, "crypto ikev2 dpd", &model_ike_global(m)->ikev2_dpd);
		sb_printf(b, "!\n");
	}
}

static const struct mobj **sorted(const struct model *m, enum model_kind kind,
				  int (*cmp)(const void *, const void *));

static int
cmp_isakmp_policy(const void *a, const void *b)
{
	const struct m_isakmp_policy *x = *(const struct m_isakmp_policy *const *)a;
	const struct m_isakmp_policy *y = *(const struct m_isakmp_policy *const *)b;

	return x->priority < y->priority ? -1 : x->priority > y->priority;
}

static const char *
isakmp_encr(enum m_encr e)
{
	switch (e) {
	case ENCR_DES: return "des";
	case ENCR_3DES: return "3des";
	case ENCR_AES_CBC_128: return "aes";
	case ENCR_AES_CBC_192: return "aes 192";
	case ENCR_AES_CBC_256: return "aes 256";
	default: return NULL;
	}
}

static void
print_isakmp(const struct model *m, struct strbuf *b)
{
	const struct m_dpd *ka = &model_ike_global(m)->isakmp_keepalive;
	size_t nkeys = model_count(m, MK_ISAKMP_KEY);

	const struct mobj **pol = sorted(m, MK_ISAKMP_POLICY, cmp_isakmp_policy);

	for (size_t i = 0; pol[i]; i++) {
		const struct m_isakmp_policy *p = (const void *)pol[i];

		sb_printf(b, "crypto isakmp policy %u\n", p->priority);
		if (isakmp_encr(p->encr))
			sb_printf(b, " encr %s\n", isakmp_encr(p->encr));
		if (p->hash)
			sb_printf(b, " hash %s\n", p->hash == HASH_SHA1 ? "sha" : model_hash_name(p->hash));
		if (p->auth == IKE_AUTH_PSK)
			sb_printf(b, " authentication pre-share\n");
		else if (p->auth == IKE_AUTH_RSA_ENCR)
			sb_printf(b, " authentication rsa-encr\n");
		if (p->group)
			sb_printf(b, " group %u\n", p->group);
		if (p->lifetime)
			sb_printf(b, " lifetime %u\n", p->lifetime);
		sb_printf(b, "!\n");
	}
	free(pol);
	for (size_t i = 0; i < nkeys; i++) {
		const struct m_isakmp_key *k = (const void *)model_at(m, MK_ISAKMP_KEY, i);

		sb_printf(b, "crypto isakmp key %s address %s", k->key, model_ip(k->peer.addr));
		if (k->has_mask)
			sb_printf(b, " %s", model_ip(k->peer.mask));
		sb_printf(b, "%s\n", k->no_xauth ? " no-xauth" : "");
	}
	if (ka->set) {
		sb_printf(b, "crypto isakmp keepalive %u", ka->interval);
		if (ka->retry != ISAKMP_KEEPALIVE_DEFAULT_RETRY || ka->mode == DPD_PERIODIC)
			sb_printf(b, " %u", ka->retry);
		if (ka->mode == DPD_PERIODIC)
			sb_printf(b, " periodic");
		sb_printf(b, "\n");
	}
	if (nkeys || ka->set)
		sb_printf(b, "!\n");
}

static void
print_ipsec(const struct model *m, struct strbuf *b)
{
	for (size_t i = 0; i < model_count(m, MK_TRANSFORM_SET); i++) {
		const struct m_transform_set *t = (const void *)model_at(m, MK_TRANSFORM_SET, i);

		sb_printf(b, "crypto ipsec transform-set %s", t->h.key);
		if (t->encr)
			sb_printf(b, " %s", model_esp_encr_name(t->encr));
		if (t->keysize)
			sb_printf(b, " %u", t->keysize);
		if (t->auth)
			sb_printf(b, " %s", model_esp_auth_name(t->auth));
		sb_printf(b, "\n mode %s\n!\n", t->transport ? "transport" : "tunnel");
	}
	for (size_t i = 0; i < model_count(m, MK_IPSEC_PROFILE); i++) {
		const struct m_ipsec_profile *p = (const void *)model_at(m, MK_IPSEC_PROFILE, i);

		sb_printf(b, "crypto ipsec profile %s\n", p->h.key);
		if (p->has_sa_seconds)
			sb_printf(b, " set security-association lifetime seconds %u\n", p->sa_seconds);
		if (p->has_sa_kilobytes)
			sb_printf(b, " set security-association lifetime kilobytes %u\n",
				  p->sa_kilobytes);
		if (p->n_tset) {
			sb_printf(b, " set transform-set");
			for (unsigned j = 0; j < p->n_tset; j++)
				sb_printf(b, " %s", p->tset[j]);
			sb_printf(b, "\n");
		}
		if (p->pfs_group)
			sb_printf(b, " set pfs group%u\n", p->pfs_group);
		if (p->ikev2_profile[0])
			sb_printf(b, " set ikev2-profile %s\n", p->ikev2_profile);
		sb_printf(b, "!\n");
	}
}

static void
print_nhrp(const struct m_nhrp *n, struct strbuf *b)
{
	if (n->auth[0])
		sb_printf(b, " ip nhrp authentication %s\n", n->auth);
	if (n->map_mcast_dynamic)
		sb_printf(b, " ip nhrp map multicast dynamic\n");
	for (unsigned i = 0; i < n->n_map_mcast; i++)
		sb_printf(b, " ip nhrp map multicast %s\n", model_ip(n->map_mcast[i]));
	for (unsigned i = 0; i < n->n_map; i++)
		sb_printf(b, " ip nhrp map %s %s\n", model_ip(n->map[i].proto),
			  model_ip(n->map[i].nbma));
	if (n->has_network_id)
		sb_printf(b, " ip nhrp network-id %u\n", n->network_id);
	if (n->has_holdtime)
		sb_printf(b, " ip nhrp holdtime %u\n", n->holdtime);
	for (unsigned i = 0; i < n->n_nhs; i++) {
		const struct m_nhrp_nhs *s = &n->nhs[i];

		sb_printf(b, " ip nhrp nhs %s", s->proto ? model_ip(s->proto) : "dynamic");
		if (s->has_nbma)
			sb_printf(b, " nbma %s", model_ip(s->nbma));
		if (s->multicast)
			sb_printf(b, " multicast");
		if (s->has_priority)
			sb_printf(b, " priority %u", s->priority);
		if (s->has_cluster)
			sb_printf(b, " cluster %u", s->cluster);
		sb_printf(b, "\n");
	}
	for (unsigned i = 0; i < NHRP_NHS_CLUSTERS; i++)
		if (n->has_nhs_max_conn[i])
			sb_printf(b, " ip nhrp nhs cluster %u max-connections %u\n", i,
				  n->nhs_max_conn[i]);
	if (n->has_nhs_fallback)
		sb_printf(b, " ip nhrp nhs fallback %u\n", n->nhs_fallback);
	if (n->has_reg_timeout)
		sb_printf(b, " ip nhrp registration timeout %u\n", n->reg_timeout);
	if (n->reg_no_unique)
		sb_printf(b, " ip nhrp registration no-unique\n");
	if (n->redirect) {
		sb_printf(b, " ip nhrp redirect");
		if (n->has_redirect_timeout)
			sb_printf(b, " timeout %u", n->redirect_timeout);
		sb_printf(b, "\n");
	}
	if (n->shortcut)
		sb_printf(b, " ip nhrp shortcut\n");
}

static void
print_interface(const struct m_interface *f, struct strbuf *b)
{
	const struct m_tunnel *t = &f->tunnel;

	sb_printf(b, "interface %s\n", f->h.key);
	if (f->description[0])
		sb_printf(b, " description %s\n", f->description);
	if (f->bandwidth)
		sb_printf(b, " bandwidth %u\n", f->bandwidth);
	/* IOS lists secondary addresses before the primary one. */
	for (unsigned i = 0; i < f->n_secondary; i++)
		sb_printf(b, " ip address %s %s secondary\n", model_ip(f->secondary[i].addr),
			  model_ip(f->secondary[i].mask));
	if (f->has_address)
		sb_printf(b, " ip address %s %s\n", model_ip(f->address.addr),
			  model_ip(f->address.mask));
	else if (!f->n_secondary)
		sb_printf(b, " no ip address\n");
	if (f->no_redirects)
		sb_printf(b, " no ip redirects\n");
	if (f->has_mtu)
		sb_printf(b, " ip mtu %u\n", f->mtu);
	print_nhrp(&f->nhrp, b);
	if (f->has_mss)
		sb_printf(b, " ip tcp adjust-mss %u\n", f->mss);
	if (f->keepalive) {
		sb_printf(b, " keepalive");
		if (f->keepalive_retries != KEEPALIVE_DEFAULT_RETRIES)
			sb_printf(b, " %u %u", f->keepalive_period, f->keepalive_retries);
		else if (f->keepalive_period != KEEPALIVE_DEFAULT_PERIOD)
			sb_printf(b, " %u", f->keepalive_period);
		sb_printf(b, "\n");
	}
	if (f->shutdown)
		sb_printf(b, " shutdown\n");
	if (t->has_source_if)
		sb_printf(b, " tunnel source %s\n", t->source_if);
	else if (t->has_source_ip)
		sb_printf(b, " tunnel source %s\n", model_ip(t->source_ip));
	if (t->has_destination)
		sb_printf(b, " tunnel destination %s\n", model_ip(t->destination));
	if (t->mode == TUNNEL_GRE_MULTIPOINT)
		sb_printf(b, " tunnel mode gre multipoint\n");
	else if (t->mode == TUNNEL_IPSEC_IPV4)
		sb_printf(b, " tunnel mode ipsec ipv4\n");
	if (t->has_key)
		sb_printf(b, " tunnel key %u\n", t->key);
	if (f->protection.set)
		sb_printf(b, " tunnel protection ipsec profile %s%s\n", f->protection.profile,
			  f->protection.shared ? " shared" : "");
}

static int
cmp_interface(const void *a, const void *b)
{
	const struct mobj *x = *(const struct mobj *const *)a, *y = *(const struct mobj *const *)b;

	return ifname_compare(x->key, y->key);
}

static const struct mobj **
sorted(const struct model *m, enum model_kind kind, int (*cmp)(const void *, const void *))
{
	size_t n = model_count(m, kind);
	const struct mobj **v = calloc(n + 1, sizeof(*v));

	if (!v)
		abort();
	for (size_t i = 0; i < n; i++)
		v[i] = model_at(m, kind, i);
	qsort(v, n, sizeof(*v), cmp);
	return v;
}

static void
print_interfaces(const struct model *m, struct strbuf *b, const char *only_if)
{
	const struct mobj **v = sorted(m, MK_INTERFACE, cmp_interface);

	for (size_t i = 0; v[i]; i++) {
		if (only_if && strcmp(v[i]->key, only_if) != 0)
			continue;
		print_interface((const struct m_interface *)v[i], b);
		if (!only_if)
			sb_printf(b, "!\n");
	}
	free(v);
}

/* Static routes are kept in a table sorted by destination in IOS. */
static int
cmp_route(const void *a, const void *b)
{
	const struct m_route *x = *(const struct m_route *const *)a;
	const struct m_route *y = *(const struct m_route *const *)b;

	if (x->dest.addr != y->dest.addr)
		return x->dest.addr < y->dest.addr ? -1 : 1;
	if (x->dest.mask != y->dest.mask)
		return x->dest.mask < y->dest.mask ? -1 : 1;
	return strcmp(x->h.key, y->h.key);
}

static void
print_routes(const struct model *m, struct strbuf *b)
{
	const struct mobj **v = sorted(m, MK_ROUTE, cmp_route);

	for (size_t i = 0; v[i]; i++) {
		const struct m_route *r = (const struct m_route *)v[i];

		sb_printf(b, "ip route %s %s", model_ip(r->dest.addr), model_ip(r->dest.mask));
		if (r->ifname[0])
			sb_printf(b, " %s", r->ifname);
		if (r->has_nexthop)
			sb_printf(b, " %s", model_ip(r->nexthop));
		if (r->distance)
			sb_printf(b, " %u", r->distance);
		if (r->name[0])
			sb_printf(b, " name %s", r->name);
		sb_printf(b, "%s\n", r->permanent ? " permanent" : "");
	}
	if (v[0])
		sb_printf(b, "!\n");
	free(v);
}

void
running_config_body(const struct model *m, struct strbuf *b, const char *only_if)
{
	if (only_if) {
		sb_printf(b, "!\n");
		print_interfaces(m, b, only_if);
		sb_printf(b, "end\n");
		return;
	}
	print_system(m, b);
	print_users(m, b);
	print_ikev2(m, b);
	print_isakmp(m, b);
	print_ipsec(m, b);
	print_interfaces(m, b, NULL);
	print_routes(m, b);
	sb_printf(b, "end\n");
}

/* "version 0.1" from the package version: what IOS shows as its train. */
static void
print_version(struct strbuf *b)
{
	const char *v = PACKAGE_VERSION;
	const char *dot = strchr(v, '.');
	int len = dot && strchr(dot + 1, '.') ? (int)(strchr(dot + 1, '.') - v) : (int)strlen(v);

	sb_printf(b, "version %.*s\n!\n", len, v);
}

char *
running_config_text(const struct model *m, time_t last_change, const char *only_if, size_t *len)
{
	struct strbuf body = { 0 }, out = { 0 };

	if (!only_if) {
		char when[64];
		struct tm tm;

		gmtime_r(&last_change, &tm);
		strftime(when, sizeof(when), "%H:%M:%S UTC %a %b %e %Y", &tm);
		sb_printf(&body, "!\n! Last configuration change at %s\n!\n", when);
		print_version(&body);
	}
	running_config_body(m, &body, only_if);
	sb_printf(&out, "Building configuration...\n\nCurrent configuration : %zu bytes\n%s",
		  body.len, body.s);
	sb_free(&body);
	if (len)
		*len = out.len;
	return out.s;
}
