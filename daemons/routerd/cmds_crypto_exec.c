/*
 * EXEC crypto commands: show crypto ikev2 sa [detailed], show crypto
 * isakmp sa, show crypto ipsec sa [detail], show crypto session [detail],
 * clear crypto ikev2 sa [ID], clear crypto isakmp [ID], clear crypto
 * session [remote A.B.C.D].
 * The SAs come from iked (list SAs), what they protect from the running
 * model (the same map the IKE owner pushes).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lios.h"
#include "owner_ike.h"
#include "router_priv.h"
#include "show_crypto.h"

/* One crypto_peer per spec of the running model. */
static size_t
peers_of(const struct router *r, struct crypto_peer **out)
{
	struct ike_map map;
	char why[256];
	struct crypto_peer *v;
	size_t n;

	*out = NULL;
	if (ike_map_build(r->running, &map, why, sizeof(why)) < 0 || map.n == 0) {
		ike_map_free(&map);
		return 0;
	}
	v = calloc((size_t)map.n, sizeof(*v));
	if (!v)
		abort();
	for (int i = 0; i < map.n; i++) {
		const struct ike_spec *s = &map.specs[i];
		const struct m_interface *itf = model_interface(r->running, map.ifname[i]);
		const struct m_ipsec_profile *ip =
			itf ? (const void *)model_get(r->running, MK_IPSEC_PROFILE,
						      itf->protection.profile)
			    : NULL;

		snprintf(v[i].name, sizeof(v[i].name), "%s", s->name);
		snprintf(v[i].ifname, sizeof(v[i].ifname), "%s", map.ifname[i]);
		if (ip)
			snprintf(v[i].profile, sizeof(v[i].profile), "%s", ip->ikev2_profile);
		if (itf && itf->tunnel.has_source_if)
			snprintf(v[i].out_if, sizeof(v[i].out_if), "%s", itf->tunnel.source_if);
		snprintf(v[i].local, sizeof(v[i].local), "%s", s->local);
		snprintf(v[i].remote, sizeof(v[i].remote), "%s", s->remote);
		v[i].proto = s->proto;
		v[i].pfs_group = s->pfs_group;
		v[i].initiate = s->initiate;
		v[i].lifetime_kb = s->ipsec_lifetime_kb;
	}
	n = (size_t)map.n;
	ike_map_free(&map);
	*out = v;
	return n;
}

enum crypto_show { SHOW_IKEV2, SHOW_IKEV2_DETAIL, SHOW_ISAKMP, SHOW_IPSEC, SHOW_IPSEC_DETAIL,
		   SHOW_SESSION, SHOW_SESSION_DETAIL };

static enum cli_status
show(struct cli_cmd_ctx *ctx, enum crypto_show what)
{
	struct router *r = cmd_router(ctx);
	const char *sock = owner_ike_socket(r->owners[OWNER_IKE]);
	struct crypto_sas sas = { 0 };
	struct crypto_peer *peers = NULL;
	struct crypto_view v = { .sas = &sas };
	struct strbuf b = { 0 };
	char err[300];

	/* routerd -n runs no iked: the tables are empty */
	if (sock && iked_client_list(sock, crypto_sas_add, &sas, err, sizeof(err)) < 0) {
		crypto_sas_free(&sas);
		return cmd_fail(ctx, NULL, "IKE is not available: %s", err);
	}
	v.n_peers = peers_of(r, &peers);
	v.peers = peers;
	switch (what) {
	case SHOW_IKEV2:
	case SHOW_IKEV2_DETAIL:
		show_crypto_ikev2_sa(&b, &v, what == SHOW_IKEV2_DETAIL);
		break;
	case SHOW_ISAKMP:
		show_crypto_isakmp_sa(&b, &v);
		break;
	case SHOW_IPSEC:
	case SHOW_IPSEC_DETAIL:
		show_crypto_ipsec_sa(&b, &v, what == SHOW_IPSEC_DETAIL);
		break;
	case SHOW_SESSION:
	case SHOW_SESSION_DETAIL:
		show_crypto_session(&b, &v, what == SHOW_SESSION_DETAIL);
		break;
	}
	if (b.s)
		cli_printf(ctx, "%s", b.s);
	sb_free(&b);
	free(peers);
	crypto_sas_free(&sas);
	return CLI_OK;
}

static enum cli_status
cmd_show_ikev2(struct cli_cmd_ctx *ctx)
{
	return show(ctx, cli_ctx_find(ctx, "detailed") >= 0 ? SHOW_IKEV2_DETAIL : SHOW_IKEV2);
}

static enum cli_status
cmd_show_isakmp(struct cli_cmd_ctx *ctx)
{
	return show(ctx, SHOW_ISAKMP);
}

static enum cli_status
cmd_show_ipsec(struct cli_cmd_ctx *ctx)
{
	return show(ctx, cli_ctx_find(ctx, "detail") >= 0 ? SHOW_IPSEC_DETAIL : SHOW_IPSEC);
}

static enum cli_status
cmd_show_session(struct cli_cmd_ctx *ctx)
{
	return show(ctx, cli_ctx_find(ctx, "detail") >= 0 ? SHOW_SESSION_DETAIL : SHOW_SESSION);
}

/* clear ...: iked deletes the SAs and brings the initiating ones up again
 * (IOS re-negotiates on the next packet, and a GRE tunnel always has one). */
static enum cli_status
clear(struct cli_cmd_ctx *ctx, uint32_t id, const char *remote)
{
	struct router *r = cmd_router(ctx);
	const char *sock = owner_ike_socket(r->owners[OWNER_IKE]);
	char err[300];

	if (sock && iked_client_clear(sock, id, remote, err, sizeof(err)) < 0)
		return cmd_fail(ctx, NULL, "IKE is not available: %s", err);
	return CLI_OK;
}

static enum cli_status
cmd_clear_sa(struct cli_cmd_ctx *ctx)
{
	unsigned id = 0;

	/* the optional id follows "sa" (ikev2) or "isakmp"; absent: all */
	if (!cmd_uint(ctx, "sa", &id))
		cmd_uint(ctx, "isakmp", &id);
	return clear(ctx, id, NULL);
}

static enum cli_status
cmd_clear_session(struct cli_cmd_ctx *ctx)
{
	return clear(ctx, 0, cli_ctx_after(ctx, "remote"));
}

#define H_CLEAR "Reset functions\nEncryption module\n"
#define H_SHOW "Show running system information\nEncryption module\n"

static const struct cli_cmd crypto_exec_cmds[] = {
	{ MODE_EXEC, "show crypto ikev2 sa [detailed]",
	  H_SHOW "Shows ikev2 information\nShows ikev2 SAs\nshow detailed ikev2 SAs",
	  cmd_show_ikev2, 0, NULL },
	{ MODE_EXEC, "show crypto isakmp sa",
	  H_SHOW "Show ISAKMP Phase 1 information\nIKE Security Associations", cmd_show_isakmp,
	  0, NULL },
	{ MODE_EXEC, "show crypto ipsec sa [detail]",
	  H_SHOW "Show IPSEC info\nIPSEC SAD\nshow counter detail", cmd_show_ipsec, 0, NULL },
	{ MODE_EXEC, "show crypto session [detail]",
	  H_SHOW "crypto session information\nShow detailed crypto session information",
	  cmd_show_session, 0, NULL },
	{ MODE_EXEC, "clear crypto ikev2 sa [<1-4294967295>]",
	  H_CLEAR "Clear ikev2 information\nClear ikev2 SAs\nTunnel-id of the SA", cmd_clear_sa,
	  CLI_F_PRIV15, NULL },
	{ MODE_EXEC, "clear crypto isakmp [<1-4294967295>]",
	  H_CLEAR "Clear ISAKMP SAs\nconn-id of the SA", cmd_clear_sa, CLI_F_PRIV15, NULL },
	{ MODE_EXEC, "clear crypto session [remote A.B.C.D]",
	  H_CLEAR "Clear crypto sessions\nRemote IKE peer\nIP address of the peer",
	  cmd_clear_session, CLI_F_PRIV15, NULL },
};

void
cmds_register_crypto_exec(struct cli_tree *t)
{
	cli_register_all(t, crypto_exec_cmds, LIOS_ARRAY_SIZE(crypto_exec_cmds));
}
