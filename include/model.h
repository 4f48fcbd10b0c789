/*
 * The typed configuration model: what `show running-config` prints and what
 * the owners (kernel, iked, dmvpnd) apply. Plain structs with presence flags
 * (wireguard-tools' HAS_ idea), never command strings.
 *
 * Objects are grouped by kind, each kind a vector of pointers in insertion
 * order. A model version shares unchanged objects with the version it was
 * cloned from (reference counts, copy on write), so the per-line transaction
 * "clone, apply, diff" costs one pointer copy per object, and the diff skips
 * objects whose pointer did not change.
 *
 * Invariant that makes memcmp() a correct equality: every object is
 * allocated zeroed, strings are written only with model_strset() (which
 * zero-fills the rest of the buffer) and sub-structs are reset with memset.
 *
 * Limits: names up to 63 characters, keys up to 127; the fixed array sizes
 * below (MODEL_MAX_*) are refused with a clear message when exceeded.
 */
#ifndef LIOS_MODEL_H
#define LIOS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MODEL_NAME_LEN 64     /* object and interface names, incl. NUL */
#define MODEL_KEY_LEN 128     /* pre-shared keys, hashes, incl. NUL */
#define MODEL_DESC_LEN 241    /* IOS `description` takes up to 240 chars */
#define MODEL_OBJKEY_LEN 160  /* the identity of an object (see each kind) */

#define MODEL_MAX_SECONDARY 16
#define MODEL_MAX_NHRP_MAP 64
#define MODEL_MAX_NHRP_MCAST 16
#define MODEL_MAX_NHRP_NHS 8
#define MODEL_MAX_KEYRING_PEER 64
#define MODEL_MAX_ALGOS 8
#define MODEL_MAX_POLICY_PROPOSAL 8
#define MODEL_MAX_PROFILE_MATCH 8
#define MODEL_MAX_PROFILE_TSET 6 /* IOS: up to six transform sets */

enum model_kind {
	MK_SYSTEM = 0,	    /* singleton: hostname, enable secret */
	MK_USER,	    /* key: user name */
	MK_IKEV2_PROPOSAL,  /* key: name */
	MK_IKEV2_POLICY,    /* key: name */
	MK_IKEV2_KEYRING,   /* key: name */
	MK_IKEV2_PROFILE,   /* key: name */
	MK_IKE_GLOBAL,	    /* singleton: crypto ikev2 dpd, crypto isakmp keepalive */
	MK_ISAKMP_POLICY,   /* key: priority, zero-padded */
	MK_ISAKMP_KEY,	    /* key: "address/mask" */
	MK_TRANSFORM_SET,   /* key: name */
	MK_IPSEC_PROFILE,   /* key: name */
	MK_INTERFACE,	    /* key: canonical interface name */
	MK_ROUTE,	    /* key: "prefix/mask nexthop interface" */
	MK_COUNT
};

/* Header of every object. refs is bookkeeping and not part of the value. */
struct mobj {
	unsigned refs;
	enum model_kind kind;
	char key[MODEL_OBJKEY_LEN];
};

/* IPv4 addresses are kept in host byte order (sorting, masks). */
struct m_prefix {
	uint32_t addr;
	uint32_t mask;
};

/* --- System ------------------------------------------------------------ */

struct m_system {
	struct mobj h;
	char hostname[MODEL_NAME_LEN]; /* "" = default "Router" */
	char enable_secret[MODEL_KEY_LEN]; /* crypt(3) hash, "" = none */
};

struct m_user {
	struct mobj h;
	bool has_privilege;
	unsigned privilege;		/* 0-15, default 1 */
	bool has_secret;
	char secret[MODEL_KEY_LEN];	/* crypt(3) hash */
	bool has_password;
	char password[MODEL_KEY_LEN];	/* type 0: clear text, as IOS keeps it */
};

/* --- IKEv2 ------------------------------------------------------------- */

enum m_encr {
	ENCR_NONE = 0,
	ENCR_DES,
	ENCR_3DES,
	ENCR_AES_CBC_128,
	ENCR_AES_CBC_192,
	ENCR_AES_CBC_256,
	ENCR_AES_GCM_128,
	ENCR_AES_GCM_256,
};

enum m_hash {
	HASH_NONE = 0,
	HASH_MD5,
	HASH_SHA1,
	HASH_SHA256,
	HASH_SHA384,
	HASH_SHA512,
};

struct m_ikev2_proposal {
	struct mobj h;
	uint8_t encr[MODEL_MAX_ALGOS];	 /* enum m_encr, in order */
	unsigned n_encr;
	uint8_t integ[MODEL_MAX_ALGOS];	 /* enum m_hash */
	unsigned n_integ;
	uint8_t prf[MODEL_MAX_ALGOS];	 /* enum m_hash */
	unsigned n_prf;
	uint8_t group[MODEL_MAX_ALGOS];	 /* DH group numbers */
	unsigned n_group;
};

struct m_ikev2_policy {
	struct mobj h;
	char proposal[MODEL_MAX_POLICY_PROPOSAL][MODEL_NAME_LEN];
	unsigned n_proposal;
	bool match_fvrf_any;		/* match fvrf any: the only VRF there is */
	bool has_match_local;
	uint32_t match_local;		/* match address local A.B.C.D */
};

struct m_keyring_peer {
	char name[MODEL_NAME_LEN];
	bool has_address;
	struct m_prefix address;	/* mask 255.255.255.255 when given alone */
	bool address_has_mask;
	char psk_local[MODEL_KEY_LEN];	/* pre-shared-key [local] */
	char psk_remote[MODEL_KEY_LEN]; /* pre-shared-key [remote] */
	bool psk_both;			/* plain `pre-shared-key K` (sets both) */
};

struct m_ikev2_keyring {
	struct mobj h;
	struct m_keyring_peer peer[MODEL_MAX_KEYRING_PEER];
	unsigned n_peer;
};

enum m_dpd_mode { DPD_ON_DEMAND = 0, DPD_PERIODIC = 1 };

struct m_dpd {
	bool set;
	unsigned interval;	/* 10-3600 */
	unsigned retry;		/* 2-60 */
	enum m_dpd_mode mode;
};

enum m_ike_auth { IKE_AUTH_NONE = 0, IKE_AUTH_PSK, IKE_AUTH_RSA_SIG, IKE_AUTH_RSA_ENCR };

struct m_ikev2_profile {
	struct mobj h;
	bool match_fvrf_any;		/* match fvrf any */
	struct m_prefix match_remote[MODEL_MAX_PROFILE_MATCH];
	bool match_remote_mask[MODEL_MAX_PROFILE_MATCH]; /* mask was typed */
	unsigned n_match_remote;
	char match_local_if[MODEL_NAME_LEN];	/* match address local interface */
	bool has_identity_local;
	bool identity_local_is_fqdn;
	uint32_t identity_local_addr;
	char identity_local_fqdn[MODEL_NAME_LEN];
	bool auth_local_psk;
	bool auth_remote_psk;
	char keyring[MODEL_NAME_LEN];		/* keyring local N */
	struct m_dpd dpd;
	bool has_lifetime;
	unsigned lifetime;			/* 120-86400, default 86400 */
};

/* --- IKEv1 ------------------------------------------------------------- */

struct m_ike_global {
	struct mobj h;
	struct m_dpd ikev2_dpd;		/* crypto ikev2 dpd */
	struct m_dpd isakmp_keepalive;	/* crypto isakmp keepalive */
};

#define ISAKMP_DEFAULT_LIFETIME 86400u
#define ISAKMP_KEEPALIVE_DEFAULT_RETRY 2u

struct m_isakmp_policy {
	struct mobj h;
	unsigned priority;		/* 1-10000 */
	enum m_encr encr;		/* ENCR_NONE = default (des) */
	enum m_hash hash;		/* HASH_NONE = default (sha) */
	enum m_ike_auth auth;		/* IKE_AUTH_NONE = default (rsa-sig) */
	unsigned group;			/* 0 = default (1) */
	unsigned lifetime;		/* 0 = default (86400) */
};

struct m_isakmp_key {
	struct mobj h;
	char key[MODEL_KEY_LEN];
	struct m_prefix peer;
	bool has_mask;
	bool no_xauth;
};

/* --- IPsec ------------------------------------------------------------- */

enum m_esp_encr {
	ESP_ENCR_NONE = 0,
	ESP_DES,
	ESP_3DES,
	ESP_AES,
	ESP_GCM,
	ESP_GMAC,
	ESP_NULL,
};

enum m_esp_auth {
	ESP_AUTH_NONE = 0,
	ESP_MD5_HMAC,
	ESP_SHA_HMAC,
	ESP_SHA256_HMAC,
	ESP_SHA384_HMAC,
	ESP_SHA512_HMAC,
};

struct m_transform_set {
	struct mobj h;
	enum m_esp_encr encr;
	unsigned keysize;		/* 0 = default (128 for AES/GCM) */
	enum m_esp_auth auth;
	bool transport;			/* mode transport; default tunnel */
};

struct m_ipsec_profile {
	struct mobj h;
	char tset[MODEL_MAX_PROFILE_TSET][MODEL_NAME_LEN];
	unsigned n_tset;
	char ikev2_profile[MODEL_NAME_LEN];
	unsigned pfs_group;		/* 0 = no PFS */
	bool has_sa_seconds;
	unsigned sa_seconds;		/* default 3600 */
	bool has_sa_kilobytes;
	uint32_t sa_kilobytes;		/* default 4608000 */
};

/* --- Interfaces --------------------------------------------------------- */

enum m_tunnel_mode { TUNNEL_GRE_IP = 0, TUNNEL_GRE_MULTIPOINT, TUNNEL_IPSEC_IPV4 };

struct m_nhrp_map {
	uint32_t proto;
	uint32_t nbma;
};

struct m_nhrp_nhs {
	uint32_t proto;			/* 0 = `nhs dynamic` */
	bool has_nbma;
	uint32_t nbma;
	bool multicast;
	bool has_priority;
	unsigned priority;		/* 0-255 */
	bool has_cluster;
	unsigned cluster;		/* 0-10 */
};

#define NHRP_DEFAULT_HOLDTIME 7200u
#define NHRP_NHS_CLUSTERS 11		/* clusters 0-10 */

struct m_nhrp {
	bool has_network_id;
	uint32_t network_id;
	char auth[9];			/* at most 8 characters */
	bool map_mcast_dynamic;
	uint32_t map_mcast[MODEL_MAX_NHRP_MCAST];
	unsigned n_map_mcast;
	struct m_nhrp_map map[MODEL_MAX_NHRP_MAP];
	unsigned n_map;
	struct m_nhrp_nhs nhs[MODEL_MAX_NHRP_NHS];
	unsigned n_nhs;
	bool has_nhs_max_conn[NHRP_NHS_CLUSTERS]; /* ip nhrp nhs cluster N max-connections M */
	unsigned nhs_max_conn[NHRP_NHS_CLUSTERS];
	bool has_nhs_fallback;			/* ip nhrp nhs fallback S */
	unsigned nhs_fallback;
	bool has_holdtime;
	unsigned holdtime;
	bool has_reg_timeout;
	unsigned reg_timeout;
	bool reg_no_unique;
	bool redirect;
	bool has_redirect_timeout;
	unsigned redirect_timeout;
	bool shortcut;
};

struct m_protection {
	bool set;
	char profile[MODEL_NAME_LEN];
	bool shared;
};

struct m_tunnel {
	bool has_source_if;
	char source_if[MODEL_NAME_LEN];
	bool has_source_ip;
	uint32_t source_ip;
	bool has_destination;
	uint32_t destination;
	enum m_tunnel_mode mode;
	bool has_key;
	uint32_t key;
};

#define KEEPALIVE_DEFAULT_PERIOD 10u
#define KEEPALIVE_DEFAULT_RETRIES 3u

struct m_interface {
	struct mobj h;			/* key: canonical name */
	char description[MODEL_DESC_LEN];
	unsigned bandwidth;		/* kbit/s, 0 = default; informational (show interfaces) */
	bool has_address;
	struct m_prefix address;
	struct m_prefix secondary[MODEL_MAX_SECONDARY];
	unsigned n_secondary;
	bool shutdown;
	bool no_redirects;
	bool has_mtu;
	unsigned mtu;
	bool has_mss;
	unsigned mss;
	bool keepalive;
	unsigned keepalive_period;
	unsigned keepalive_retries;
	struct m_tunnel tunnel;
	struct m_protection protection;
	struct m_nhrp nhrp;
};

/* --- Static routes -------------------------------------------------------- */

struct m_route {
	struct mobj h;
	struct m_prefix dest;
	bool has_nexthop;
	uint32_t nexthop;
	char ifname[MODEL_NAME_LEN];	/* "" = none */
	unsigned distance;		/* 0 = default (1) */
	char name[MODEL_NAME_LEN];
	bool permanent;
};

/* --- The model ----------------------------------------------------------- */

struct model;

struct model *model_new(void);
/* A new version sharing every object with m (copy on write). */
struct model *model_clone(const struct model *m);
void model_free(struct model *m);

size_t model_count(const struct model *m, enum model_kind kind);
const struct mobj *model_at(const struct model *m, enum model_kind kind, size_t i);
const struct mobj *model_get(const struct model *m, enum model_kind kind, const char *key);
/* A writable object: copied first when shared; created (zeroed, appended)
 * when missing and create is set, else NULL. */
struct mobj *model_edit(struct model *m, enum model_kind kind, const char *key, bool create);
/* Removes the object; false if there was none. */
bool model_del(struct model *m, enum model_kind kind, const char *key);
/* Size of the object struct of a kind. */
size_t model_kind_size(enum model_kind kind);
const char *model_kind_name(enum model_kind kind);

/* Value equality of two objects of the same kind (header refs ignored). */
bool model_obj_equal(const struct mobj *a, const struct mobj *b);
bool model_equal(const struct model *a, const struct model *b);

/* Typed helpers for the singletons and common kinds. */
const struct m_system *model_system(const struct model *m);
struct m_system *model_system_edit(struct model *m);
const struct m_ike_global *model_ike_global(const struct model *m);
struct m_ike_global *model_ike_global_edit(struct model *m);
const struct m_interface *model_interface(const struct model *m, const char *name);

/* Writes src into a fixed buffer and zero-fills the rest (see the invariant
 * above). Returns false (and writes nothing) when src does not fit. */
bool model_strset(char *dst, size_t size, const char *src);

/* The object key of a static route. */
void model_route_key(char *key, size_t size, const struct m_route *rt);

/* Differences between two versions, in no particular order. */
enum model_change_op { CHANGE_ADD, CHANGE_MODIFY, CHANGE_DELETE };
struct model_change {
	enum model_change_op op;
	enum model_kind kind;
	const struct mobj *old; /* NULL for ADD */
	const struct mobj *new; /* NULL for DELETE */
};
/* Calls fn for each changed object; stops and returns fn's non-zero value. */
int model_diff(const struct model *old, const struct model *new,
	       int (*fn)(const struct model_change *c, void *arg), void *arg);

/* --- Names and text for the printer and the commands --------------------- */

const char *model_encr_name(enum m_encr e);	   /* ikev2 names: aes-cbc-256 */
const char *model_hash_name(enum m_hash h);	   /* sha256, sha1, md5 */
const char *model_esp_encr_name(enum m_esp_encr e);
const char *model_esp_auth_name(enum m_esp_auth a);
/* Host-order address to dotted quad in a static rotating buffer (4 slots). */
const char *model_ip(uint32_t addr);
bool model_parse_ip(const char *s, uint32_t *addr);
bool model_mask_valid(uint32_t mask);
unsigned model_mask_len(uint32_t mask);

#endif
