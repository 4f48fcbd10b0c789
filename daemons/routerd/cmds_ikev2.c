/*
 * crypto ikev2 proposal / policy / keyring (+ peer) / profile / dpd.
 * Lists (encryption, integrity, prf, group, proposal) grow with each
 * command as on IOS; `no X v` removes v, `no X` empties the list.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lios.h"
#include "router_priv.h"

static bool
name_ok(struct cli_cmd_ctx *ctx, struct model *m, const char *name)
{
	if (strlen(name) >= MODEL_NAME_LEN) {
		cmd_fail(ctx, m, "Name is too long (at most %d characters)", MODEL_NAME_LEN - 1);
		return false;
	}
	return true;
}

/* `crypto ikev2 X NAME` for the four blocks: create and enter, or delete. */
static enum cli_status
enter_block(struct cli_cmd_ctx *ctx, enum model_kind kind, enum cli_mode mode)
{
	struct model *m = cmd_begin(ctx);
	const char *name = cli_ctx_arg(ctx, 3);

	if (!name_ok(ctx, m, name))
		return CLI_ERR_FAILED;
	if (cmd_reset(ctx)) {
		if (!model_del(m, kind, name))
			return cmd_fail(ctx, m, "%s %s does not exist", model_kind_name(kind), name);
		return cmd_commit(ctx, m);
	}
	if (!model_get(m, kind, name))
		model_edit(m, kind, name, true);
	if (cmd_commit(ctx, m) != CLI_OK)
		return CLI_ERR_FAILED;
	cli_enter_mode(ctx, mode, name);
	return CLI_OK;
}

static enum cli_status
cmd_proposal_block(struct cli_cmd_ctx *ctx)
{
	return enter_block(ctx, MK_IKEV2_PROPOSAL, MODE_IKEV2_PROPOSAL);
}

static enum cli_status
cmd_policy_block(struct cli_cmd_ctx *ctx)
{
	return enter_block(ctx, MK_IKEV2_POLICY, MODE_IKEV2_POLICY);
}

static enum cli_status
cmd_keyring_block(struct cli_cmd_ctx *ctx)
{
	return enter_block(ctx, MK_IKEV2_KEYRING, MODE_IKEV2_KEYRING);
}

static enum cli_status
cmd_profile_block(struct cli_cmd_ctx *ctx)
{
	return enter_block(ctx, MK_IKEV2_PROFILE, MODE_IKEV2_PROFILE);
}

static void *
this_obj(struct cli_cmd_ctx *ctx, struct model *m, enum model_kind kind, unsigned depth)
{
	const char *name = cli_ctx_context(ctx, depth);

	return model_edit(m, kind, name ? name : "", true);
}

/* DPD arguments "<10-3600> <2-60> {on-demand|periodic}" starting at word i. */
static void
take_dpd(struct cli_cmd_ctx *ctx, size_t i, struct m_dpd *d)
{
	memset(d, 0, sizeof(*d));
	if (cmd_reset(ctx) || cli_ctx_argc(ctx) < i + 3)
		return;
	d->set = true;
	sscanf(cli_ctx_arg(ctx, i), "%u", &d->interval);
	sscanf(cli_ctx_arg(ctx, i + 1), "%u", &d->retry);
	d->mode = strcmp(cli_ctx_arg(ctx, i + 2), "periodic") == 0 ? DPD_PERIODIC : DPD_ON_DEMAND;
}

static enum cli_status
cmd_global_dpd(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);

	take_dpd(ctx, 3, &model_ike_global_edit(m)->ikev2_dpd);
	return cmd_commit(ctx, m);
}

/* --- Proposal ---------------------------------------------------------------- */

static int
algo_value(const char *word, bool hash)
{
	for (int v = 1; v <= (hash ? HASH_SHA512 : ENCR_AES_GCM_256); v++)
		if (strcmp(word, hash ? model_hash_name(v) : model_encr_name(v)) == 0)
			return v;
	return -1;
}

/* Adds (or with no/default removes) the values typed after word 0 to a list. */
static enum cli_status
edit_list(struct cli_cmd_ctx *ctx, struct model *m, uint8_t *list, unsigned *n,
	  int (*value)(const char *word))
{
	size_t argc = cli_ctx_argc(ctx);

	if (cmd_reset(ctx) && argc == 1) {
		memset(list, 0, MODEL_MAX_ALGOS);
		*n = 0;
		return cmd_commit(ctx, m);
	}
	for (size_t i = 1; i < argc; i++) {
		int v = value(cli_ctx_arg(ctx, i));
		unsigned j;

		for (j = 0; j < *n && list[j] != v; j++)
			;
		if (cmd_reset(ctx)) {
			if (j == *n)
				continue;
			memmove(&list[j], &list[j + 1], *n - j - 1);
			list[--*n] = 0;
		} else if (j == *n) {
			if (*n == MODEL_MAX_ALGOS)
				return cmd_fail(ctx, m, "At most %u values", MODEL_MAX_ALGOS);
			list[(*n)++] = (uint8_t)v;
		}
	}
	return cmd_commit(ctx, m);
}

static int
encr_value(const char *w)
{
	return algo_value(w, false);
}

static int
hash_value(const char *w)
{
	return algo_value(w, true);
}

static int
group_value(const char *w)
{
	unsigned g = 0;

	sscanf(w, "%u", &g);
	return (int)g;
}

static enum cli_status
cmd_proposal_encr(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_proposal *p = this_obj(ctx, m, MK_IKEV2_PROPOSAL, 0);

	return edit_list(ctx, m, p->encr, &p->n_encr, encr_value);
}

static enum cli_status
cmd_proposal_integ(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_proposal *p = this_obj(ctx, m, MK_IKEV2_PROPOSAL, 0);

	return edit_list(ctx, m, p->integ, &p->n_integ, hash_value);
}

static enum cli_status
cmd_proposal_prf(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_proposal *p = this_obj(ctx, m, MK_IKEV2_PROPOSAL, 0);

	return edit_list(ctx, m, p->prf, &p->n_prf, hash_value);
}

static enum cli_status
cmd_proposal_group(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_proposal *p = this_obj(ctx, m, MK_IKEV2_PROPOSAL, 0);

	return edit_list(ctx, m, p->group, &p->n_group, group_value);
}

/* --- Policy -------------------------------------------------------------------- */

static enum cli_status
cmd_policy_proposal(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_policy *p = this_obj(ctx, m, MK_IKEV2_POLICY, 0);
	const char *name = cli_ctx_argc(ctx) > 1 ? cli_ctx_arg(ctx, 1) : NULL;
	unsigned j;

	if (cmd_reset(ctx) && !name) {
		memset(p->proposal, 0, sizeof(p->proposal));
		p->n_proposal = 0;
		return cmd_commit(ctx, m);
	}
	if (!name_ok(ctx, m, name))
		return CLI_ERR_FAILED;
	for (j = 0; j < p->n_proposal && strcmp(p->proposal[j], name) != 0; j++)
		;
	if (cmd_reset(ctx)) {
		if (j == p->n_proposal)
			return cmd_fail(ctx, m, "Proposal %s is not in this policy", name);
		memmove(p->proposal[j], p->proposal[j + 1],
			(p->n_proposal - j - 1) * sizeof(p->proposal[0]));
		memset(p->proposal[--p->n_proposal], 0, sizeof(p->proposal[0]));
	} else if (j == p->n_proposal) {
		if (p->n_proposal == MODEL_MAX_POLICY_PROPOSAL)
			return cmd_fail(ctx, m, "At most %u proposals", MODEL_MAX_POLICY_PROPOSAL);
		model_strset(p->proposal[p->n_proposal++], MODEL_NAME_LEN, name);
	}
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_policy_match(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_policy *p = this_obj(ctx, m, MK_IKEV2_POLICY, 0);

	p->has_match_local = !cmd_reset(ctx) && cmd_ip_at(ctx, 3, &p->match_local);
	if (!p->has_match_local)
		p->match_local = 0;
	return cmd_commit(ctx, m);
}

/* `match fvrf any`: there are no VRFs here, so "any" is what happens
 * anyway; accepted (and kept) because real IOS configurations carry it. */
static enum cli_status
cmd_match_fvrf(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	bool on = !cmd_reset(ctx);

	if (cli_session_mode(cli_ctx_session(ctx)) == MODE_IKEV2_POLICY)
		((struct m_ikev2_policy *)this_obj(ctx, m, MK_IKEV2_POLICY, 0))->match_fvrf_any = on;
	else
		((struct m_ikev2_profile *)this_obj(ctx, m, MK_IKEV2_PROFILE, 0))->match_fvrf_any = on;
	return cmd_commit(ctx, m);
}

/* --- Keyring --------------------------------------------------------------------- */

static struct m_keyring_peer *
find_peer(struct m_ikev2_keyring *k, const char *name)
{
	for (unsigned i = 0; i < k->n_peer; i++)
		if (strcmp(k->peer[i].name, name) == 0)
			return &k->peer[i];
	return NULL;
}

static enum cli_status
cmd_keyring_peer(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_keyring *k = this_obj(ctx, m, MK_IKEV2_KEYRING, 0);
	const char *name = cli_ctx_arg(ctx, 1);
	struct m_keyring_peer *p = find_peer(k, name);

	if (!name_ok(ctx, m, name))
		return CLI_ERR_FAILED;
	if (cmd_reset(ctx)) {
		if (!p)
			return cmd_fail(ctx, m, "Peer %s does not exist", name);
		memmove(p, p + 1, (size_t)(&k->peer[k->n_peer] - (p + 1)) * sizeof(*p));
		memset(&k->peer[--k->n_peer], 0, sizeof(*p));
		return cmd_commit(ctx, m);
	}
	if (!p) {
		if (k->n_peer == MODEL_MAX_KEYRING_PEER)
			return cmd_fail(ctx, m, "At most %u peers in a keyring", MODEL_MAX_KEYRING_PEER);
		p = &k->peer[k->n_peer++];
		model_strset(p->name, sizeof(p->name), name);
	}
	if (cmd_commit(ctx, m) != CLI_OK)
		return CLI_ERR_FAILED;
	cli_enter_mode(ctx, MODE_IKEV2_KEYRING_PEER, name);
	return CLI_OK;
}

/* The peer of a (config-ikev2-keyring-peer) session, writable in m. */
static struct m_keyring_peer *
this_peer(struct cli_cmd_ctx *ctx, struct model *m)
{
	struct m_ikev2_keyring *k = this_obj(ctx, m, MK_IKEV2_KEYRING, 1);
	const char *name = cli_ctx_context(ctx, 0);
	struct m_keyring_peer *p = find_peer(k, name ? name : "");

	if (!p)
		cmd_fail(ctx, m, "Peer %s does not exist", name ? name : "");
	return p;
}

static enum cli_status
cmd_peer_address(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_keyring_peer *p = this_peer(ctx, m);

	if (!p)
		return CLI_ERR_FAILED;
	memset(&p->address, 0, sizeof(p->address));
	p->has_address = p->address_has_mask = false;
	if (cmd_reset(ctx))
		return cmd_commit(ctx, m);
	cmd_ip_at(ctx, 1, &p->address.addr);
	p->address.mask = 0xffffffff;
	if (cli_ctx_argc(ctx) > 2) {
		cmd_ip_at(ctx, 2, &p->address.mask);
		if (!model_mask_valid(p->address.mask))
			return cmd_fail(ctx, m, "Invalid mask %s", model_ip(p->address.mask));
		p->address_has_mask = true;
	}
	p->has_address = true;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_peer_psk(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_keyring_peer *p = this_peer(ctx, m);
	bool local = cli_ctx_find(ctx, "local") >= 0, remote = cli_ctx_find(ctx, "remote") >= 0;
	const char *key = cli_ctx_arg(ctx, cli_ctx_argc(ctx) - 1);
	bool both = !local && !remote;

	if (!p)
		return CLI_ERR_FAILED;
	if (!cmd_reset(ctx) && cli_ctx_find(ctx, "6") >= 0)
		return cmd_fail(ctx, m, "Type 6 keys need a master key, which is not supported");
	/* `pre-shared-key K` sets both sides; changing one side afterwards
	 * leaves the other with K and the two are printed separately. */
	if (cmd_reset(ctx))
		key = "";
	if ((both || local) && !model_strset(p->psk_local, sizeof(p->psk_local), key))
		return cmd_fail(ctx, m, "Key is too long (at most %d characters)", MODEL_KEY_LEN - 1);
	if ((both || remote) && !model_strset(p->psk_remote, sizeof(p->psk_remote), key))
		return cmd_fail(ctx, m, "Key is too long (at most %d characters)", MODEL_KEY_LEN - 1);
	p->psk_both = both && key[0];
	return cmd_commit(ctx, m);
}

/* --- Profile ----------------------------------------------------------------------- */

static enum cli_status
cmd_profile_match_remote(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_profile *p = this_obj(ctx, m, MK_IKEV2_PROFILE, 0);
	struct m_prefix x = { 0, 0xffffffff };
	bool has_mask = cli_ctx_argc(ctx) > 5;
	unsigned j;

	if (cmd_reset(ctx) && cli_ctx_argc(ctx) < 5) {
		memset(p->match_remote, 0, sizeof(p->match_remote));
		memset(p->match_remote_mask, 0, sizeof(p->match_remote_mask));
		p->n_match_remote = 0;
		return cmd_commit(ctx, m);
	}
	cmd_ip_at(ctx, 4, &x.addr);
	if (has_mask) {
		cmd_ip_at(ctx, 5, &x.mask);
		if (!model_mask_valid(x.mask))
			return cmd_fail(ctx, m, "Invalid mask %s", model_ip(x.mask));
	}
	for (j = 0; j < p->n_match_remote; j++)
		if (p->match_remote[j].addr == x.addr && p->match_remote[j].mask == x.mask &&
		    p->match_remote_mask[j] == has_mask)
			break;
	if (cmd_reset(ctx)) {
		if (j == p->n_match_remote)
			return cmd_fail(ctx, m, "No such match statement");
		memmove(&p->match_remote[j], &p->match_remote[j + 1],
			(p->n_match_remote - j - 1) * sizeof(x));
		memmove(&p->match_remote_mask[j], &p->match_remote_mask[j + 1],
			(p->n_match_remote - j - 1) * sizeof(bool));
		p->n_match_remote--;
		memset(&p->match_remote[p->n_match_remote], 0, sizeof(x));
		p->match_remote_mask[p->n_match_remote] = false;
	} else if (j == p->n_match_remote) {
		if (p->n_match_remote == MODEL_MAX_PROFILE_MATCH)
			return cmd_fail(ctx, m, "At most %u match statements", MODEL_MAX_PROFILE_MATCH);
		p->match_remote[p->n_match_remote] = x;
		p->match_remote_mask[p->n_match_remote++] = has_mask;
	}
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_profile_match_local(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_profile *p = this_obj(ctx, m, MK_IKEV2_PROFILE, 0);
	char err[160];

	memset(p->match_local_if, 0, sizeof(p->match_local_if));
	if (!cmd_reset(ctx) &&
	    !ifname_canonical(cmd_router(ctx)->ifmap, cli_ctx_arg(ctx, 4), p->match_local_if,
			      sizeof(p->match_local_if), err, sizeof(err)))
		return cmd_fail(ctx, m, "%s", err);
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_profile_identity(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_profile *p = this_obj(ctx, m, MK_IKEV2_PROFILE, 0);
	const char *fqdn = cli_ctx_after(ctx, "fqdn");

	p->has_identity_local = p->identity_local_is_fqdn = false;
	p->identity_local_addr = 0;
	memset(p->identity_local_fqdn, 0, sizeof(p->identity_local_fqdn));
	if (cmd_reset(ctx))
		return cmd_commit(ctx, m);
	if (fqdn) {
		if (!model_strset(p->identity_local_fqdn, sizeof(p->identity_local_fqdn), fqdn))
			return cmd_fail(ctx, m, "FQDN is too long");
		p->identity_local_is_fqdn = true;
	} else {
		cmd_ip_at(ctx, 3, &p->identity_local_addr);
	}
	p->has_identity_local = true;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_profile_auth(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_profile *p = this_obj(ctx, m, MK_IKEV2_PROFILE, 0);
	bool on = !cmd_reset(ctx);
	bool local = cli_ctx_find(ctx, "local") >= 0, remote = cli_ctx_find(ctx, "remote") >= 0;

	if (local || !remote)
		p->auth_local_psk = on && local;
	if (remote || !local)
		p->auth_remote_psk = on && remote;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_profile_keyring(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_profile *p = this_obj(ctx, m, MK_IKEV2_PROFILE, 0);
	const char *name = cmd_reset(ctx) ? "" : cli_ctx_after(ctx, "local");

	if (!name_ok(ctx, m, name))
		return CLI_ERR_FAILED;
	model_strset(p->keyring, sizeof(p->keyring), name);
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_profile_dpd(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_profile *p = this_obj(ctx, m, MK_IKEV2_PROFILE, 0);

	take_dpd(ctx, 1, &p->dpd);
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_profile_lifetime(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_ikev2_profile *p = this_obj(ctx, m, MK_IKEV2_PROFILE, 0);

	p->has_lifetime = !cmd_reset(ctx) && cmd_uint(ctx, "lifetime", &p->lifetime) &&
			  p->lifetime != 86400; /* the default is not kept */
	if (!p->has_lifetime)
		p->lifetime = 0;
	return cmd_commit(ctx, m);
}

#define H_CRYPTO "Encryption module\nInternet Key Exchange Version 2 (IKEv2)\n"
#define ENCR_ALT "{aes-cbc-128|aes-cbc-192|aes-cbc-256|aes-gcm-128|aes-gcm-256|3des|des}"
#define ENCR_HELP                                                                             \
	"AES-CBC-128\nAES-CBC-192\nAES-CBC-256\nAES-GCM-128\nAES-GCM-256\nThree key triple DES\n" \
	"DES\n"
#define HASH_ALT "{md5|sha1|sha256|sha384|sha512}"
#define HASH_HELP "Message Digest 5\nSecure Hash Standard\nSecure Hash Standard 2 (256 bit)\n" \
		  "Secure Hash Standard 2 (384 bit)\nSecure Hash Standard 2 (512 bit)\n"
#define GROUP_ALT "{1|2|5|14|15|16|19|20|21|24}"
#define GROUP_HELP                                                                            \
	"DH 768 MODP\nDH 1024 MODP\nDH 1536 MODP\nDH 2048 MODP\nDH 3072 MODP\nDH 4096 MODP\n" \
	"DH 256 ECP\nDH 384 ECP\nDH 521 ECP\nDH 2048 (256 subgroup) MODP\n"
/* Up to three values per line (more take another line): the engine
 * expands every path of a syntax, so the depth of a list costs n^depth. */
#define LIST3(alt) alt " [" alt " [" alt "]]"
#define HELP3(h) h h h
#define DPD_SYN "<10-3600> <2-60> {on-demand|periodic}"
#define DPD_HELP "DPD interval in seconds\nRetry interval in seconds\n" \
		 "Send DPD only when there is no traffic in the interval\nSend DPD periodically"

static const struct cli_cmd ikev2_cmds[] = {
	{ MODE_CONFIG, "crypto ikev2 proposal WORD",
	  H_CRYPTO "Define IKEv2 proposals\nProposal name", cmd_proposal_block, CLI_F_NO_FULL,
	  NULL },
	{ MODE_CONFIG, "crypto ikev2 policy WORD",
	  H_CRYPTO "Define IKEv2 policies\nPolicy name", cmd_policy_block, CLI_F_NO_FULL, NULL },
	{ MODE_CONFIG, "crypto ikev2 keyring WORD",
	  H_CRYPTO "Define IKEv2 keyrings\nKeyring name", cmd_keyring_block, CLI_F_NO_FULL, NULL },
	{ MODE_CONFIG, "crypto ikev2 profile WORD",
	  H_CRYPTO "Define IKEv2 profiles\nProfile name", cmd_profile_block, CLI_F_NO_FULL, NULL },
	{ MODE_CONFIG, "crypto ikev2 dpd " DPD_SYN, H_CRYPTO "Enable IKE liveness check for peers\n" DPD_HELP,
	  cmd_global_dpd, CLI_F_NO, NULL },

	{ MODE_IKEV2_PROPOSAL, "encryption " LIST3(ENCR_ALT),
	  "Set encryption algorithm(s)\n" HELP3(ENCR_HELP), cmd_proposal_encr, CLI_F_NO, NULL },
	{ MODE_IKEV2_PROPOSAL, "integrity " LIST3(HASH_ALT),
	  "Set integrity hash algorithm(s)\n" HELP3(HASH_HELP), cmd_proposal_integ, CLI_F_NO, NULL },
	{ MODE_IKEV2_PROPOSAL, "prf " LIST3(HASH_ALT),
	  "Set pseudo-random function algorithm(s)\n" HELP3(HASH_HELP), cmd_proposal_prf, CLI_F_NO,
	  NULL },
	{ MODE_IKEV2_PROPOSAL, "group " LIST3(GROUP_ALT),
	  "Set the Diffie-Hellman group(s)\n" HELP3(GROUP_HELP), cmd_proposal_group, CLI_F_NO, NULL },

	{ MODE_IKEV2_POLICY, "proposal WORD", "Specify Proposal\nSpecify IKEv2 proposal name",
	  cmd_policy_proposal, CLI_F_NO, NULL },
	{ MODE_IKEV2_POLICY, "match address local A.B.C.D",
	  "Match values of local fields\nLocal address\nLocal address\nIPv4 address",
	  cmd_policy_match, CLI_F_NO, NULL },

	{ MODE_IKEV2_POLICY, "match fvrf any",
	  "Match values of local fields\nFront door VRF\nAny fvrf", cmd_match_fvrf, CLI_F_NO, NULL },
	{ MODE_IKEV2_KEYRING, "peer WORD", "Configure a Peer and associated keys\nName of peer",
	  cmd_keyring_peer, CLI_F_NO_FULL, NULL },
	{ MODE_IKEV2_KEYRING_PEER, "address A.B.C.D [A.B.C.D]",
	  "Specify IPv4/IPv6 address of peer\nIPv4 address\nIPv4 mask", cmd_peer_address, CLI_F_NO,
	  NULL },
	{ MODE_IKEV2_KEYRING_PEER, "pre-shared-key [{local|remote}] [{0|6}] WORD",
	  "Specify the pre-shared key\nspecify the local pre-shared key\n"
	  "specify the remote pre-shared key\nSpecifies an UNENCRYPTED password will follow\n"
	  "Specifies an ENCRYPTED password will follow\nThe UNENCRYPTED (cleartext) user password",
	  cmd_peer_psk, CLI_F_NO, NULL },

	{ MODE_IKEV2_PROFILE, "match identity remote address A.B.C.D [A.B.C.D]",
	  "Match values of peer\nmatch identity\nRemote identity\nIP Address(es)\nIPv4 address\n"
	  "IPv4 mask",
	  cmd_profile_match_remote, CLI_F_NO, NULL },
	{ MODE_IKEV2_PROFILE, "match fvrf any",
	  "Match values of peer\nFront door VRF\nAny fvrf", cmd_match_fvrf, CLI_F_NO, NULL },
	{ MODE_IKEV2_PROFILE, "match address local interface IFNAME",
	  "Match values of peer\nMatch address\nLocal address\nLocal interface\nInterface name",
	  cmd_profile_match_local, CLI_F_NO, NULL },
	{ MODE_IKEV2_PROFILE, "identity local address A.B.C.D",
	  "Specify IKE identity to use\nLocal IKE identity\nAddress\nIPv4 address",
	  cmd_profile_identity, CLI_F_NO, NULL },
	{ MODE_IKEV2_PROFILE, "identity local fqdn WORD",
	  "Specify IKE identity to use\nLocal IKE identity\nFully qualified domain name string\n"
	  "FQDN string",
	  cmd_profile_identity, 0, NULL },
	{ MODE_IKEV2_PROFILE, "no identity local",
	  "Negate a command or set its defaults\nSpecify IKE identity to use\nLocal IKE identity",
	  cmd_profile_identity, 0, NULL },
	{ MODE_IKEV2_PROFILE, "authentication {local|remote} pre-share",
	  "Set authentication method\nLocal authentication method\nRemote authentication method\n"
	  "Pre-Shared Key",
	  cmd_profile_auth, CLI_F_NO, NULL },
	{ MODE_IKEV2_PROFILE, "keyring local WORD",
	  "Specify keyring to use\nLocal keyring\nName of the keyring", cmd_profile_keyring,
	  CLI_F_NO, NULL },
	{ MODE_IKEV2_PROFILE, "dpd " DPD_SYN, "Enable IKE liveness check for peers\n" DPD_HELP,
	  cmd_profile_dpd, CLI_F_NO, NULL },
	{ MODE_IKEV2_PROFILE, "lifetime <120-86400>",
	  "Specify lifetime for IKEv2 SA\nlifetime in seconds", cmd_profile_lifetime, CLI_F_NO,
	  NULL },
};

void
cmds_register_ikev2(struct cli_tree *t)
{
	cli_register_all(t, ikev2_cmds, LIOS_ARRAY_SIZE(ikev2_cmds));
}
