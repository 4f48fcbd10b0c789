/* The configuration model: object vectors shared between versions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lios.h"
#include "model.h"

/* A kind's vector is shared between model versions too: cloning a model
 * takes a reference on each vector, and only the vector of a kind that a
 * line edits is copied (taking a reference on each of its objects). */
struct mvec {
	unsigned refs;
	struct mobj **v;
	size_t n, cap;
};

struct model {
	struct mvec *kinds[MK_COUNT];
};

static const struct {
	const char *name;
	size_t size;
} kind_info[MK_COUNT] = {
	[MK_SYSTEM] = { "system", sizeof(struct m_system) },
	[MK_USER] = { "username", sizeof(struct m_user) },
	[MK_IKEV2_PROPOSAL] = { "crypto ikev2 proposal", sizeof(struct m_ikev2_proposal) },
	[MK_IKEV2_POLICY] = { "crypto ikev2 policy", sizeof(struct m_ikev2_policy) },
	[MK_IKEV2_KEYRING] = { "crypto ikev2 keyring", sizeof(struct m_ikev2_keyring) },
	[MK_IKEV2_PROFILE] = { "crypto ikev2 profile", sizeof(struct m_ikev2_profile) },
	[MK_IKE_GLOBAL] = { "crypto global", sizeof(struct m_ike_global) },
	[MK_ISAKMP_POLICY] = { "crypto isakmp policy", sizeof(struct m_isakmp_policy) },
	[MK_ISAKMP_KEY] = { "crypto isakmp key", sizeof(struct m_isakmp_key) },
	[MK_TRANSFORM_SET] = { "crypto ipsec transform-set", sizeof(struct m_transform_set) },
	[MK_IPSEC_PROFILE] = { "crypto ipsec profile", sizeof(struct m_ipsec_profile) },
	[MK_INTERFACE] = { "interface", sizeof(struct m_interface) },
	[MK_ROUTE] = { "ip route", sizeof(struct m_route) },
};

size_t
model_kind_size(enum model_kind kind)
{
	return kind_info[kind].size;
}

const char *
model_kind_name(enum model_kind kind)
{
	return kind_info[kind].name;
}

bool
model_strset(char *dst, size_t size, const char *src)
{
	size_t len = strlen(src);

	if (len >= size)
		return false;
	memcpy(dst, src, len);
	memset(dst + len, 0, size - len);
	return true;
}

static struct mobj *
obj_alloc(enum model_kind kind, const char *key)
{
	struct mobj *o = calloc(1, kind_info[kind].size);

	if (!o)
		abort();
	o->refs = 1;
	o->kind = kind;
	model_strset(o->key, sizeof(o->key), key);
	return o;
}

static void
obj_unref(struct mobj *o)
{
	if (--o->refs == 0)
		free(o);
}

static void
vec_push(struct mvec *v, struct mobj *o)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->v = realloc(v->v, v->cap * sizeof(*v->v));
		if (!v->v)
			abort();
	}
	v->v[v->n++] = o;
}

static struct mvec *
vec_new(void)
{
	struct mvec *v = calloc(1, sizeof(*v));

	if (!v)
		abort();
	v->refs = 1;
	return v;
}

static void
vec_unref(struct mvec *v)
{
	if (--v->refs)
		return;
	for (size_t i = 0; i < v->n; i++)
		obj_unref(v->v[i]);
	free(v->v);
	free(v);
}

/* The vector of kind in m, copied first if another version shares it. */
static struct mvec *
vec_writable(struct model *m, enum model_kind kind)
{
	struct mvec *v = m->kinds[kind], *c;

	if (v->refs == 1)
		return v;
	c = vec_new();
	c->n = c->cap = v->n;
	if (v->n) {
		c->v = malloc(v->n * sizeof(*c->v));
		if (!c->v)
			abort();
		memcpy(c->v, v->v, v->n * sizeof(*c->v));
	}
	for (size_t i = 0; i < v->n; i++)
		v->v[i]->refs++;
	v->refs--;
	m->kinds[kind] = c;
	return c;
}

struct model *
model_new(void)
{
	struct model *m = calloc(1, sizeof(*m));

	if (!m)
		abort();
	for (int k = 0; k < MK_COUNT; k++)
		m->kinds[k] = vec_new();
	vec_push(m->kinds[MK_SYSTEM], obj_alloc(MK_SYSTEM, ""));
	vec_push(m->kinds[MK_IKE_GLOBAL], obj_alloc(MK_IKE_GLOBAL, ""));
	return m;
}

struct model *
model_clone(const struct model *m)
{
	struct model *c = calloc(1, sizeof(*c));

	if (!c)
		abort();
	for (int k = 0; k < MK_COUNT; k++) {
		c->kinds[k] = m->kinds[k];
		c->kinds[k]->refs++;
	}
	return c;
}

void
model_free(struct model *m)
{
	if (!m)
		return;
	for (int k = 0; k < MK_COUNT; k++)
		vec_unref(m->kinds[k]);
	free(m);
}

size_t
model_count(const struct model *m, enum model_kind kind)
{
	return m->kinds[kind]->n;
}

const struct mobj *
model_at(const struct model *m, enum model_kind kind, size_t i)
{
	return i < m->kinds[kind]->n ? m->kinds[kind]->v[i] : NULL;
}

static ssize_t
find(const struct mvec *v, const char *key)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->v[i]->key, key) == 0)
			return (ssize_t)i;
	return -1;
}

const struct mobj *
model_get(const struct model *m, enum model_kind kind, const char *key)
{
	ssize_t i = find(m->kinds[kind], key);

	return i < 0 ? NULL : m->kinds[kind]->v[i];
}

struct mobj *
model_edit(struct model *m, enum model_kind kind, const char *key, bool create)
{
	ssize_t i = find(m->kinds[kind], key);
	struct mvec *v;
	struct mobj *o;

	if (i < 0 && !create)
		return NULL;
	v = vec_writable(m, kind);
	if (i < 0) {
		o = obj_alloc(kind, key);
		vec_push(v, o);
		return o;
	}
	o = v->v[i];
	if (o->refs > 1) {
		struct mobj *copy = malloc(kind_info[kind].size);

		if (!copy)
			abort();
		memcpy(copy, o, kind_info[kind].size);
		copy->refs = 1;
		o->refs--;
		v->v[i] = o = copy;
	}
	return o;
}

bool
model_del(struct model *m, enum model_kind kind, const char *key)
{
	ssize_t i = find(m->kinds[kind], key);
	struct mvec *v;

	if (i < 0)
		return false;
	v = vec_writable(m, kind);
	obj_unref(v->v[i]);
	memmove(&v->v[i], &v->v[i + 1], (v->n - (size_t)i - 1) * sizeof(*v->v));
	v->n--;
	return true;
}

bool
model_obj_equal(const struct mobj *a, const struct mobj *b)
{
	size_t off = offsetof(struct mobj, kind);

	if (a == b)
		return true;
	if (a->kind != b->kind)
		return false;
	return memcmp((const char *)a + off, (const char *)b + off,
		      kind_info[a->kind].size - off) == 0;
}

static int
diff_kind(const struct mvec *ov, const struct mvec *nv, enum model_kind kind,
	  int (*fn)(const struct model_change *c, void *arg), void *arg)
{
	struct model_change c = { .kind = kind };
	int rc;

	/* Fast path: same position, same pointer. Anything else is looked up
	 * by key, which only happens for the few objects a line touched. */
	for (size_t i = 0; i < nv->n; i++) {
		const struct mobj *n = nv->v[i];
		const struct mobj *o;

		if (i < ov->n && ov->v[i] == n)
			continue;
		if (i < ov->n && strcmp(ov->v[i]->key, n->key) == 0)
			o = ov->v[i];
		else {
			ssize_t j = find(ov, n->key);

			o = j < 0 ? NULL : ov->v[j];
		}
		if (o && model_obj_equal(o, n))
			continue;
		c.op = o ? CHANGE_MODIFY : CHANGE_ADD;
		c.old = o;
		c.new = n;
		if ((rc = fn(&c, arg)))
			return rc;
	}
	for (size_t i = 0; i < ov->n; i++) {
		const struct mobj *o = ov->v[i];

		if (i < nv->n && (nv->v[i] == o || strcmp(nv->v[i]->key, o->key) == 0))
			continue;
		if (find(nv, o->key) >= 0)
			continue;
		c.op = CHANGE_DELETE;
		c.old = o;
		c.new = NULL;
		if ((rc = fn(&c, arg)))
			return rc;
	}
	return 0;
}

int
model_diff(const struct model *old, const struct model *new,
	   int (*fn)(const struct model_change *c, void *arg), void *arg)
{
	int rc;

	for (int k = 0; k < MK_COUNT; k++) {
		if (old->kinds[k] == new->kinds[k])
			continue; /* shared vector: nothing changed */
		if ((rc = diff_kind(old->kinds[k], new->kinds[k], k, fn, arg)))
			return rc;
	}
	return 0;
}

static int
count_change(const struct model_change *c, void *arg)
{
	(void)c;
	(void)arg;
	return 1;
}

bool
model_equal(const struct model *a, const struct model *b)
{
	return model_diff(a, b, count_change, NULL) == 0;
}

const struct m_system *
model_system(const struct model *m)
{
	return (const struct m_system *)m->kinds[MK_SYSTEM]->v[0];
}

struct m_system *
model_system_edit(struct model *m)
{
	return (struct m_system *)model_edit(m, MK_SYSTEM, "", true);
}

const struct m_ike_global *
model_ike_global(const struct model *m)
{
	return (const struct m_ike_global *)m->kinds[MK_IKE_GLOBAL]->v[0];
}

struct m_ike_global *
model_ike_global_edit(struct model *m)
{
	return (struct m_ike_global *)model_edit(m, MK_IKE_GLOBAL, "", true);
}

const struct m_interface *
model_interface(const struct model *m, const char *name)
{
	return (const struct m_interface *)model_get(m, MK_INTERFACE, name);
}

void
model_route_key(char *key, size_t size, const struct m_route *rt)
{
	char dest[16], mask[16];

	snprintf(dest, sizeof(dest), "%s", model_ip(rt->dest.addr));
	snprintf(mask, sizeof(mask), "%s", model_ip(rt->dest.mask));
	snprintf(key, size, "%s/%s %s %s", dest, mask,
		 rt->has_nexthop ? model_ip(rt->nexthop) : "-",
		 rt->ifname[0] ? rt->ifname : "-");
}

/* --- Names ---------------------------------------------------------------- */

const char *
model_encr_name(enum m_encr e)
{
	static const char *const names[] = {
		[ENCR_NONE] = "none",		 [ENCR_DES] = "des",
		[ENCR_3DES] = "3des",		 [ENCR_AES_CBC_128] = "aes-cbc-128",
		[ENCR_AES_CBC_192] = "aes-cbc-192", [ENCR_AES_CBC_256] = "aes-cbc-256",
		[ENCR_AES_GCM_128] = "aes-gcm-128", [ENCR_AES_GCM_256] = "aes-gcm-256",
	};
	return (unsigned)e < LIOS_ARRAY_SIZE(names) ? names[e] : "?";
}

const char *
model_hash_name(enum m_hash h)
{
	static const char *const names[] = {
		[HASH_NONE] = "none",	  [HASH_MD5] = "md5",	    [HASH_SHA1] = "sha1",
		[HASH_SHA256] = "sha256", [HASH_SHA384] = "sha384", [HASH_SHA512] = "sha512",
	};
	return (unsigned)h < LIOS_ARRAY_SIZE(names) ? names[h] : "?";
}

const char *
model_esp_encr_name(enum m_esp_encr e)
{
	static const char *const names[] = {
		[ESP_ENCR_NONE] = "", [ESP_DES] = "esp-des",   [ESP_3DES] = "esp-3des",
		[ESP_AES] = "esp-aes", [ESP_GCM] = "esp-gcm",  [ESP_GMAC] = "esp-gmac",
		[ESP_NULL] = "esp-null",
	};
	return (unsigned)e < LIOS_ARRAY_SIZE(names) ? names[e] : "?";
}

const char *
model_esp_auth_name(enum m_esp_auth a)
{
	static const char *const names[] = {
		[ESP_AUTH_NONE] = "",
		[ESP_MD5_HMAC] = "esp-md5-hmac",
		[ESP_SHA_HMAC] = "esp-sha-hmac",
		[ESP_SHA256_HMAC] = "esp-sha256-hmac",
		[ESP_SHA384_HMAC] = "esp-sha384-hmac",
		[ESP_SHA512_HMAC] = "esp-sha512-hmac",
	};
	return (unsigned)a < LIOS_ARRAY_SIZE(names) ? names[a] : "?";
}

const char *
model_ip(uint32_t addr)
{
	static char buf[4][16];
	static unsigned slot;
	char *b = buf[slot++ % 4];

	snprintf(b, 16, "%u.%u.%u.%u", addr >> 24, (addr >> 16) & 0xff,
		 (addr >> 8) & 0xff, addr & 0xff);
	return b;
}

/* Dotted decimal, 1-3 digits an octet, as the engine's A.B.C.D token
 * accepts it (leading zeros are decimal, as on IOS: "03" is 3). */
bool
model_parse_ip(const char *s, uint32_t *addr)
{
	uint32_t a = 0;

	for (int octet = 0; octet < 4; octet++) {
		unsigned v = 0, digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 3) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || v > 255)
			return false;
		a = a << 8 | v;
		if (octet < 3 && *s++ != '.')
			return false;
	}
	if (*s)
		return false;
	*addr = a;
	return true;
}

bool
model_mask_valid(uint32_t mask)
{
	/* Contiguous ones from the top: ~mask + 1 is a power of two (or 0). */
	uint32_t inv = ~mask;

	return (inv & (inv + 1)) == 0;
}

unsigned
model_mask_len(uint32_t mask)
{
	return (unsigned)__builtin_popcount(mask);
}
