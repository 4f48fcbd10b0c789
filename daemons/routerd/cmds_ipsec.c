/*
 * IKEv1 (crypto isakmp policy / key / keepalive) and IPsec (crypto ipsec
 * transform-set / profile). Values equal to the IOS defaults are stored as
 * "unset" so that show-run leaves them out and reloads to the same model:
 * isakmp des / sha / rsa-sig / group 1 / 86400 s; keepalive retry 2 s and
 * on-demand; transform-set mode tunnel (printed anyway, as IOS does);
 * AES/GCM key size 128.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lios.h"
#include "router_priv.h"

static enum cli_status
cmd_isakmp_policy(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	unsigned prio = 0;
	char key[8];
	struct m_isakmp_policy *p;

	cmd_uint(ctx, "policy", &prio);
	/* show-run lists policies by priority (running_config.c sorts). */
	snprintf(key, sizeof(key), "%05u", prio);
	if (cmd_reset(ctx)) {
		if (!model_del(m, MK_ISAKMP_POLICY, key))
			return cmd_fail(ctx, m, "ISAKMP policy %u does not exist", prio);
		return cmd_commit(ctx, m);
	}
	if (!model_get(m, MK_ISAKMP_POLICY, key)) {
		p = (struct m_isakmp_policy *)model_edit(m, MK_ISAKMP_POLICY, key, true);
		p->priority = prio;
	}
	if (cmd_commit(ctx, m) != CLI_OK)
		return CLI_ERR_FAILED;
	cli_enter_mode(ctx, MODE_ISAKMP, key);
	return CLI_OK;
}

static struct m_isakmp_policy *
this_policy(struct cli_cmd_ctx *ctx, struct model *m)
{
	const char *key = cli_ctx_context(ctx, 0);

	return (struct m_isakmp_policy *)model_edit(m, MK_ISAKMP_POLICY, key ? key : "", true);
}

static enum cli_status
cmd_isakmp_encr(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_isakmp_policy *p = this_policy(ctx, m);
	const char *alg = cli_ctx_argc(ctx) > 1 ? cli_ctx_arg(ctx, 1) : "des";
	unsigned bits = 128;

	p->encr = ENCR_NONE;
	if (cmd_reset(ctx) || strcmp(alg, "des") == 0)
		return cmd_commit(ctx, m);
	if (strcmp(alg, "3des") == 0) {
		p->encr = ENCR_3DES;
		return cmd_commit(ctx, m);
	}
	if (cli_ctx_argc(ctx) > 2)
		sscanf(cli_ctx_arg(ctx, 2), "%u", &bits);
	p->encr = bits == 256 ? ENCR_AES_CBC_256 : bits == 192 ? ENCR_AES_CBC_192 : ENCR_AES_CBC_128;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_isakmp_hash(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_isakmp_policy *p = this_policy(ctx, m);
	const char *h = cli_ctx_argc(ctx) > 1 ? cli_ctx_arg(ctx, 1) : "sha";

	p->hash = HASH_NONE;
	if (!cmd_reset(ctx)) {
		if (strcmp(h, "md5") == 0)
			p->hash = HASH_MD5;
		else if (strcmp(h, "sha256") == 0)
			p->hash = HASH_SHA256;
		else if (strcmp(h, "sha384") == 0)
			p->hash = HASH_SHA384;
		else if (strcmp(h, "sha512") == 0)
			p->hash = HASH_SHA512;
	}
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_isakmp_auth(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_isakmp_policy *p = this_policy(ctx, m);

	p->auth = IKE_AUTH_NONE;
	if (!cmd_reset(ctx)) {
		if (cli_ctx_find(ctx, "pre-share") >= 0)
			p->auth = IKE_AUTH_PSK;
		else if (cli_ctx_find(ctx, "rsa-encr") >= 0)
			p->auth = IKE_AUTH_RSA_ENCR;
	}
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_isakmp_group(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_isakmp_policy *p = this_policy(ctx, m);
	unsigned g = 0;

	if (!cmd_reset(ctx))
		cmd_uint(ctx, "group", &g);
	p->group = g == 1 ? 0 : g;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_isakmp_lifetime(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_isakmp_policy *p = this_policy(ctx, m);
	unsigned s = 0;

	if (!cmd_reset(ctx))
		cmd_uint(ctx, "lifetime", &s);
	p->lifetime = s == ISAKMP_DEFAULT_LIFETIME ? 0 : s;
	return cmd_commit(ctx, m);
}

/* crypto isakmp key [0|6] KEY address A.B.C.D [MASK] [no-xauth] */
static enum cli_status
cmd_isakmp_key(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	int at = cli_ctx_find(ctx, "address");
	struct m_isakmp_key *k;
	struct m_prefix peer = { 0, 0xffffffff };
	bool has_mask = false;
	char objkey[40];

	if (at < 1)
		return cmd_fail(ctx, m, "Incomplete command.");
	if (cli_ctx_find(ctx, "6") >= 0 && cli_ctx_find(ctx, "6") < at - 1)
		return cmd_fail(ctx, m, "Type 6 keys need a master key, which is not supported");
	cmd_ip_at(ctx, (size_t)at + 1, &peer.addr);
	if ((size_t)at + 2 < cli_ctx_argc(ctx) && cmd_ip_at(ctx, (size_t)at + 2, &peer.mask)) {
		if (!model_mask_valid(peer.mask))
			return cmd_fail(ctx, m, "Invalid mask %s", model_ip(peer.mask));
		has_mask = true;
	}
	snprintf(objkey, sizeof(objkey), "%s/%u", model_ip(peer.addr & peer.mask),
		 model_mask_len(peer.mask));
	if (cmd_reset(ctx)) {
		if (!model_del(m, MK_ISAKMP_KEY, objkey))
			return cmd_fail(ctx, m, "No key for %s", model_ip(peer.addr));
		return cmd_commit(ctx, m);
	}
	k = (struct m_isakmp_key *)model_edit(m, MK_ISAKMP_KEY, objkey, true);
	if (!model_strset(k->key, sizeof(k->key), cli_ctx_arg(ctx, (size_t)at - 1)))
		return cmd_fail(ctx, m, "Key is too long (at most %d characters)", MODEL_KEY_LEN - 1);
	k->peer = peer;
	k->has_mask = has_mask;
	k->no_xauth = cli_ctx_find(ctx, "no-xauth") >= 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_isakmp_keepalive(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_dpd *d = &model_ike_global_edit(m)->isakmp_keepalive;
	size_t n = cli_ctx_argc(ctx);

	memset(d, 0, sizeof(*d));
	if (cmd_reset(ctx))
		return cmd_commit(ctx, m);
	d->set = true;
	cmd_uint(ctx, "keepalive", &d->interval);
	d->retry = ISAKMP_KEEPALIVE_DEFAULT_RETRY;
	if (n > 4 && strcmp(cli_ctx_token(ctx, 4), "<2-60>") == 0)
		sscanf(cli_ctx_arg(ctx, 4), "%u", &d->retry);
	d->mode = cli_ctx_find(ctx, "periodic") >= 0 ? DPD_PERIODIC : DPD_ON_DEMAND;
	return cmd_commit(ctx, m);
}

/* --- IPsec ----------------------------------------------------------------- */

static enum cli_status
cmd_transform_set(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	const char *name = cli_ctx_arg(ctx, 3);
	struct m_transform_set *t;
	static const enum m_esp_encr encrs[] = { ESP_DES, ESP_3DES, ESP_AES, ESP_GCM, ESP_GMAC,
						 ESP_NULL };
	static const enum m_esp_auth auths[] = { ESP_MD5_HMAC, ESP_SHA_HMAC, ESP_SHA256_HMAC,
						 ESP_SHA384_HMAC, ESP_SHA512_HMAC };

	if (strlen(name) >= MODEL_NAME_LEN)
		return cmd_fail(ctx, m, "Name is too long (at most %d characters)", MODEL_NAME_LEN - 1);
	if (cmd_reset(ctx)) {
		if (!model_del(m, MK_TRANSFORM_SET, name))
			return cmd_fail(ctx, m, "Transform set %s does not exist", name);
		return cmd_commit(ctx, m);
	}
	t = (struct m_transform_set *)model_edit(m, MK_TRANSFORM_SET, name, true);
	t->encr = ESP_ENCR_NONE;
	t->auth = ESP_AUTH_NONE;
	t->keysize = 0;
	for (size_t i = 4; i < cli_ctx_argc(ctx); i++) {
		const char *w = cli_ctx_arg(ctx, i);
		unsigned bits;

		for (size_t j = 0; j < LIOS_ARRAY_SIZE(encrs); j++)
			if (strcmp(w, model_esp_encr_name(encrs[j])) == 0)
				t->encr = encrs[j];
		for (size_t j = 0; j < LIOS_ARRAY_SIZE(auths); j++)
			if (strcmp(w, model_esp_auth_name(auths[j])) == 0)
				t->auth = auths[j];
		if (sscanf(w, "%u", &bits) == 1)
			t->keysize = bits == 128 ? 0 : bits;
	}
	if (t->keysize && t->encr != ESP_AES && t->encr != ESP_GCM && t->encr != ESP_GMAC)
		return cmd_fail(ctx, m, "A key size applies to esp-aes, esp-gcm and esp-gmac only");
	if ((t->encr == ESP_GCM || t->encr == ESP_GMAC) && t->auth)
		return cmd_fail(ctx, m, "%s provides integrity: no authentication transform with it",
				model_esp_encr_name(t->encr));
	if (t->encr == ESP_NULL && !t->auth)
		return cmd_fail(ctx, m, "esp-null needs an authentication transform");
	if (cmd_commit(ctx, m) != CLI_OK)
		return CLI_ERR_FAILED;
	cli_enter_mode(ctx, MODE_CRYPTO_TRANS, name);
	return CLI_OK;
}

static enum cli_status
cmd_trans_mode(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	const char *name = cli_ctx_context(ctx, 0);
	struct m_transform_set *t =
		(struct m_transform_set *)model_edit(m, MK_TRANSFORM_SET, name ? name : "", true);

	t->transport = !cmd_reset(ctx) && cli_ctx_find(ctx, "transport") >= 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_ipsec_profile(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	const char *name = cli_ctx_arg(ctx, 3);

	if (strlen(name) >= MODEL_NAME_LEN)
		return cmd_fail(ctx, m, "Name is too long (at most %d characters)", MODEL_NAME_LEN - 1);
	if (cmd_reset(ctx)) {
		if (!model_del(m, MK_IPSEC_PROFILE, name))
			return cmd_fail(ctx, m, "IPSEC profile %s not found", name);
		return cmd_commit(ctx, m);
	}
	if (!model_get(m, MK_IPSEC_PROFILE, name))
		model_edit(m, MK_IPSEC_PROFILE, name, true);
	if (cmd_commit(ctx, m) != CLI_OK)
		return CLI_ERR_FAILED;
	cli_enter_mode(ctx, MODE_IPSEC_PROFILE, name);
	return CLI_OK;
}

static struct m_ipsec_profile *
this_profile(struct cli_cmd_ctx *ctx, struct model *m)
{
	const char *name = cli_ctx_context(ctx, 0);

	return (struct m_ipsec_profile *)model_edit(m, MK_IPSEC_PROFILE, name ? name : "", true);
}

/* `set transform-set A [B ...]` replaces the list, as on IOS. */
static enum cli_status
cmd_set_tset(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ipsec_profile *p = this_profile(ctx, m);

	memset(p->tset, 0, sizeof(p->tset));
	p->n_tset = 0;
	if (cmd_reset(ctx))
		return cmd_commit(ctx, m);
	for (size_t i = 2; i < cli_ctx_argc(ctx); i++)
		if (!model_strset(p->tset[p->n_tset++], MODEL_NAME_LEN, cli_ctx_arg(ctx, i)))
			return cmd_fail(ctx, m, "Name is too long (at most %d characters)",
					MODEL_NAME_LEN - 1);
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_set_ikev2_profile(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ipsec_profile *p = this_profile(ctx, m);
	const char *name = cmd_reset(ctx) ? "" : cli_ctx_arg(ctx, 2);

	if (!model_strset(p->ikev2_profile, sizeof(p->ikev2_profile), name))
		return cmd_fail(ctx, m, "Name is too long (at most %d characters)", MODEL_NAME_LEN - 1);
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_set_pfs(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ipsec_profile *p = this_profile(ctx, m);

	p->pfs_group = 0;
	if (!cmd_reset(ctx)) {
		p->pfs_group = 1; /* `set pfs` alone is group1 */
		if (cli_ctx_argc(ctx) > 2)
			sscanf(cli_ctx_arg(ctx, 2), "group%u", &p->pfs_group);
	}
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_set_sa_lifetime(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ipsec_profile *p = this_profile(ctx, m);
	bool seconds = cli_ctx_find(ctx, "seconds") >= 0;
	unsigned v = 0;

	if (!cmd_reset(ctx))
		cmd_uint(ctx, seconds ? "seconds" : "kilobytes", &v);
	if (seconds) {
		p->has_sa_seconds = v && v != 3600;
		p->sa_seconds = p->has_sa_seconds ? v : 0;
	} else {
		p->has_sa_kilobytes = v && v != 4608000;
		p->sa_kilobytes = p->has_sa_kilobytes ? v : 0;
	}
	return cmd_commit(ctx, m);
}

#define H_ISAKMP "Encryption module\nSet ISAKMP parameters\n"
#define GROUP_ALT "{1|2|5|14|15|16|19|20|21|24}"
#define GROUP_HELP                                                                             \
	"Diffie-Hellman group 1 (768 bit)\nDiffie-Hellman group 2 (1024 bit)\n"                \
	"Diffie-Hellman group 5 (1536 bit)\nDiffie-Hellman group 14 (2048 bit)\n"              \
	"Diffie-Hellman group 15 (3072 bit)\nDiffie-Hellman group 16 (4096 bit)\n"             \
	"Diffie-Hellman group 19 (256 bit ecp)\nDiffie-Hellman group 20 (384 bit ecp)\n"       \
	"Diffie-Hellman group 21 (521 bit ecp)\nDiffie-Hellman group 24 (2048 bit, 256 bit subgroup)"
#define ESP_ENCR_ALT "{esp-aes|esp-3des|esp-des|esp-gcm|esp-gmac|esp-null}"
#define ESP_ENCR_HELP                                                                          \
	"ESP transform using AES cipher\nESP transform using 3DES(EDE) cipher (168 bits)\n"    \
	"ESP transform using DES cipher (56 bits)\nESP transform using GCM cipher\n"           \
	"ESP transform using GMAC cipher\nESP transform w/o cipher\n"
#define ESP_AUTH_ALT "{esp-sha-hmac|esp-sha256-hmac|esp-sha384-hmac|esp-sha512-hmac|esp-md5-hmac}"
#define ESP_AUTH_HELP                                                                          \
	"ESP transform using HMAC-SHA1 auth\nESP transform using HMAC-SHA256 auth\n"           \
	"ESP transform using HMAC-SHA384 auth\nESP transform using HMAC-SHA512 auth\n"         \
	"ESP transform using HMAC-MD5 auth"
#define PFS_ALT "{group1|group2|group5|group14|group15|group16|group19|group20|group21|group24}"
#define PFS_HELP                                                                               \
	"D-H Group1 (768-bit modulus)\nD-H Group2 (1024-bit modulus)\n"                         \
	"D-H Group5 (1536-bit modulus)\nD-H Group14 (2048-bit modulus)\n"                       \
	"D-H Group15 (3072-bit modulus)\nD-H Group16 (4096-bit modulus)\n"                      \
	"D-H Group19 (256-bit elliptic curve)\nD-H Group20 (384-bit elliptic curve)\n"          \
	"D-H Group21 (521-bit elliptic curve)\nD-H Group24 (2048-bit modulus & 256-bit subgroup)"

static const struct cli_cmd ipsec_cmds[] = {
	{ MODE_CONFIG, "crypto isakmp policy <1-10000>",
	  H_ISAKMP "Set policy for an ISAKMP protection suite\nPriority of protection suite",
	  cmd_isakmp_policy, CLI_F_NO_FULL, NULL },
	{ MODE_CONFIG, "crypto isakmp key [{0|6}] WORD address A.B.C.D [A.B.C.D] [no-xauth]",
	  H_ISAKMP "Set pre-shared key for remote peer\n"
	  "Specifies an UNENCRYPTED password will follow\n"
	  "Specifies an ENCRYPTED password will follow\npre-shared key\n"
	  "define shared key with IP address\nPeer IP address\nPeer IP subnet mask\n"
	  "Bypasses XAuth for this peer",
	  cmd_isakmp_key, CLI_F_NO_FULL, NULL },
	{ MODE_CONFIG, "crypto isakmp keepalive <10-3600> [<2-60>] [{on-demand|periodic}]",
	  H_ISAKMP "Set a keepalive interval for use with IOS peers\n"
	  "Number of seconds between keep alives\nNumber of seconds between retries if keep "
	  "alive fails\nSend keepalives on demand\nSend keepalives periodically",
	  cmd_isakmp_keepalive, CLI_F_NO, NULL },
	{ MODE_ISAKMP, "encryption {des|3des|aes} [{128|192|256}]",
	  "Set encryption algorithm for protection suite\nDES - Data Encryption Standard "
	  "(56 bit keys).\nThree key triple DES\nAES - Advanced Encryption Standard.\n"
	  "128 bit keys.\n192 bit keys.\n256 bit keys.",
	  cmd_isakmp_encr, CLI_F_NO, NULL },
	{ MODE_ISAKMP, "hash {sha|sha256|sha384|sha512|md5}",
	  "Set hash algorithm for protection suite\nSecure Hash Standard\n"
	  "Secure Hash Standard 2 (256 bit)\nSecure Hash Standard 2 (384 bit)\n"
	  "Secure Hash Standard 2 (512 bit)\nMessage Digest 5",
	  cmd_isakmp_hash, CLI_F_NO, NULL },
	{ MODE_ISAKMP, "authentication {pre-share|rsa-sig|rsa-encr}",
	  "Set authentication method for protection suite\nPre-Shared Key\n"
	  "Rivest-Shamir-Adleman Signature\nRivest-Shamir-Adleman Encryption",
	  cmd_isakmp_auth, CLI_F_NO, NULL },
	{ MODE_ISAKMP, "group " GROUP_ALT,
	  "Set the Diffie-Hellman group\n" GROUP_HELP, cmd_isakmp_group, CLI_F_NO, NULL },
	{ MODE_ISAKMP, "lifetime <60-86400>",
	  "Set lifetime for ISAKMP security association\nlifetime in seconds",
	  cmd_isakmp_lifetime, CLI_F_NO, NULL },

	{ MODE_CONFIG, "crypto ipsec transform-set WORD " ESP_ENCR_ALT " [{128|192|256}] [" ESP_AUTH_ALT "]",
	  "Encryption module\nConfigure IPSEC policy\nDefine transform and settings\n"
	  "Transform set tag\n" ESP_ENCR_HELP "128 bit keys.\n192 bit keys.\n256 bit keys.\n" ESP_AUTH_HELP,
	  cmd_transform_set, 0, NULL },
	{ MODE_CONFIG, "no crypto ipsec transform-set WORD",
	  "Negate a command or set its defaults\nEncryption module\nConfigure IPSEC policy\n"
	  "Define transform and settings\nTransform set tag",
	  cmd_transform_set, 0, NULL },
	{ MODE_CRYPTO_TRANS, "mode {tunnel|transport}",
	  "encapsulation mode (transport/tunnel)\ntunnel (datagram encapsulation) mode\n"
	  "transport (payload encapsulation) mode",
	  cmd_trans_mode, CLI_F_NO, NULL },
	{ MODE_CONFIG, "crypto ipsec profile WORD",
	  "Encryption module\nConfigure IPSEC policy\nConfigure an ipsec policy profile\n"
	  "Profile name",
	  cmd_ipsec_profile, CLI_F_NO_FULL, NULL },
	{ MODE_IPSEC_PROFILE, "set transform-set WORD [WORD [WORD [WORD [WORD [WORD]]]]]",
	  "Set a parameter\nSpecify list of transform sets in priority order\n"
	  "Transform set name\nTransform set name\nTransform set name\nTransform set name\n"
	  "Transform set name\nTransform set name",
	  cmd_set_tset, CLI_F_NO, NULL },
	{ MODE_IPSEC_PROFILE, "set ikev2-profile WORD",
	  "Set a parameter\nSpecify ikev2 Profile\nikev2 Profile name", cmd_set_ikev2_profile,
	  CLI_F_NO, NULL },
	{ MODE_IPSEC_PROFILE, "set pfs [" PFS_ALT "]",
	  "Set a parameter\nSpecify pfs settings\n" PFS_HELP, cmd_set_pfs, CLI_F_NO, NULL },
	{ MODE_IPSEC_PROFILE, "set security-association lifetime seconds <120-2592000>",
	  "Set a parameter\nSecurity association parameters\nSet security association lifetime\n"
	  "Set security association lifetime in seconds\nSeconds",
	  cmd_set_sa_lifetime, CLI_F_NO, NULL },
	{ MODE_IPSEC_PROFILE, "set security-association lifetime kilobytes <2560-4294967295>",
	  "Set a parameter\nSecurity association parameters\nSet security association lifetime\n"
	  "Set security association lifetime in kilobytes\nKilobytes",
	  cmd_set_sa_lifetime, CLI_F_NO, NULL },
};

void
cmds_register_ipsec(struct cli_tree *t)
{
	cli_register_all(t, ipsec_cmds, LIOS_ARRAY_SIZE(ipsec_cmds));
}
