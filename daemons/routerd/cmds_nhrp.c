/*
 * The `ip nhrp` interface commands of ios-reference §1.6 (Tunnel only).
 * Ranges: network-id 1-4294967295, holdtime and registration timeout
 * 1-65535 (FRR allows 1-65000; IOS docs give no upper bound below 65535),
 * redirect timeout 2-30, nhs priority 0-255 and cluster 0-10, nhs cluster
 * max-connections 0-255, nhs fallback 0-60 seconds,
 * authentication at most 8 characters (refused beyond, not truncated).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lios.h"
#include "router_priv.h"

static struct m_nhrp *
this_nhrp(struct cli_cmd_ctx *ctx, struct model *m)
{
	const char *name = cli_ctx_context(ctx, 0);
	struct m_interface *f =
		(struct m_interface *)model_edit(m, MK_INTERFACE, name ? name : "", true);

	if (!ifname_is_tunnel(f->h.key)) {
		cmd_fail(ctx, m, "NHRP is supported on Tunnel interfaces only");
		return NULL;
	}
	return &f->nhrp;
}

#define NHRP_BEGIN()                                 \
	struct model *m = cmd_begin(ctx);            \
	struct m_nhrp *n = this_nhrp(ctx, m);        \
	if (!n)                                      \
		return CLI_ERR_FAILED

static enum cli_status
cmd_network_id(struct cli_cmd_ctx *ctx)
{
	NHRP_BEGIN();
	n->has_network_id = !cmd_reset(ctx) && cmd_uint(ctx, "network-id", &n->network_id);
	if (!n->has_network_id)
		n->network_id = 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_authentication(struct cli_cmd_ctx *ctx)
{
	NHRP_BEGIN();
	if (cmd_reset(ctx)) {
		memset(n->auth, 0, sizeof(n->auth));
		return cmd_commit(ctx, m);
	}
	if (!model_strset(n->auth, sizeof(n->auth), cli_ctx_after(ctx, "authentication")))
		return cmd_fail(ctx, m, "NHRP authentication string is limited to 8 characters");
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_map(struct cli_cmd_ctx *ctx)
{
	struct m_nhrp_map e;

	NHRP_BEGIN();
	if (!cmd_ip_at(ctx, 3, &e.proto) || !cmd_ip_at(ctx, 4, &e.nbma))
		return cmd_fail(ctx, m, "Invalid address");
	for (unsigned i = 0; i < n->n_map; i++) {
		if (n->map[i].proto != e.proto)
			continue;
		if (cmd_reset(ctx)) {
			if (n->map[i].nbma != e.nbma)
				return cmd_fail(ctx, m, "Mapping %s %s not found", model_ip(e.proto),
						model_ip(e.nbma));
			memmove(&n->map[i], &n->map[i + 1], (n->n_map - i - 1) * sizeof(e));
			memset(&n->map[--n->n_map], 0, sizeof(e));
		} else {
			n->map[i].nbma = e.nbma; /* one NBMA address per protocol address */
		}
		return cmd_commit(ctx, m);
	}
	if (cmd_reset(ctx))
		return cmd_fail(ctx, m, "Mapping %s %s not found", model_ip(e.proto), model_ip(e.nbma));
	if (n->n_map == MODEL_MAX_NHRP_MAP)
		return cmd_fail(ctx, m, "At most %u static NHRP mappings", MODEL_MAX_NHRP_MAP);
	n->map[n->n_map++] = e;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_map_multicast(struct cli_cmd_ctx *ctx)
{
	uint32_t nbma;
	bool dynamic = cli_ctx_find(ctx, "dynamic") >= 0;

	NHRP_BEGIN();
	if (cmd_reset(ctx) && cli_ctx_argc(ctx) == 4) {
		n->map_mcast_dynamic = false;
		memset(n->map_mcast, 0, sizeof(n->map_mcast));
		n->n_map_mcast = 0;
		return cmd_commit(ctx, m);
	}
	if (dynamic) {
		n->map_mcast_dynamic = !cmd_reset(ctx);
		return cmd_commit(ctx, m);
	}
	if (!cmd_ip_at(ctx, 4, &nbma))
		return cmd_fail(ctx, m, "Invalid address");
	for (unsigned i = 0; i < n->n_map_mcast; i++) {
		if (n->map_mcast[i] != nbma)
			continue;
		if (cmd_reset(ctx)) {
			memmove(&n->map_mcast[i], &n->map_mcast[i + 1],
				(n->n_map_mcast - i - 1) * sizeof(nbma));
			n->map_mcast[--n->n_map_mcast] = 0;
		}
		return cmd_commit(ctx, m);
	}
	if (cmd_reset(ctx))
		return cmd_fail(ctx, m, "Multicast mapping %s not found", model_ip(nbma));
	if (n->n_map_mcast == MODEL_MAX_NHRP_MCAST)
		return cmd_fail(ctx, m, "At most %u multicast mappings", MODEL_MAX_NHRP_MCAST);
	n->map_mcast[n->n_map_mcast++] = nbma;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_nhs(struct cli_cmd_ctx *ctx)
{
	struct m_nhrp_nhs s = { 0 };
	const char *nbma = cli_ctx_after(ctx, "nbma");
	const char *who = cli_ctx_argc(ctx) > 3 ? cli_ctx_arg(ctx, 3) : NULL;
	unsigned i;

	NHRP_BEGIN();
	if (cmd_reset(ctx) && !who) {
		memset(n->nhs, 0, sizeof(n->nhs));
		n->n_nhs = 0;
		return cmd_commit(ctx, m);
	}
	if (strcmp(who, "dynamic") != 0 && !model_parse_ip(who, &s.proto))
		return cmd_fail(ctx, m, "Invalid NHS address");
	if (!cmd_reset(ctx) && !s.proto && !nbma)
		return cmd_fail(ctx, m, "A dynamic NHS needs its NBMA address (nbma A.B.C.D)");
	if (nbma) {
		if (!model_parse_ip(nbma, &s.nbma))
			return cmd_fail(ctx, m, "Invalid NBMA address");
		s.has_nbma = true;
	}
	s.multicast = cli_ctx_find(ctx, "multicast") >= 0;
	s.has_priority = cmd_uint(ctx, "priority", &s.priority);
	s.has_cluster = cmd_uint(ctx, "cluster", &s.cluster);
	/* An NHS is identified by its protocol address, a dynamic one by NBMA. */
	for (i = 0; i < n->n_nhs; i++)
		if (n->nhs[i].proto == s.proto && (s.proto || n->nhs[i].nbma == s.nbma || cmd_reset(ctx)))
			break;
	if (cmd_reset(ctx)) {
		if (i == n->n_nhs)
			return cmd_fail(ctx, m, "NHS %s not configured", who);
		memmove(&n->nhs[i], &n->nhs[i + 1], (n->n_nhs - i - 1) * sizeof(s));
		memset(&n->nhs[--n->n_nhs], 0, sizeof(s));
		return cmd_commit(ctx, m);
	}
	if (i == n->n_nhs) {
		if (n->n_nhs == MODEL_MAX_NHRP_NHS)
			return cmd_fail(ctx, m, "At most %u NHS entries", MODEL_MAX_NHRP_NHS);
		n->n_nhs++;
	}
	n->nhs[i] = s;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_nhs_max_conn(struct cli_cmd_ctx *ctx)
{
	unsigned cluster = 0, max = 0;

	NHRP_BEGIN();
	if (!cmd_uint(ctx, "cluster", &cluster)) {
		if (!cmd_reset(ctx))
			return cmd_fail(ctx, m, "Invalid cluster");
		/* no ip nhrp nhs cluster: every cluster unlimited again */
		memset(n->has_nhs_max_conn, 0, sizeof(n->has_nhs_max_conn));
		memset(n->nhs_max_conn, 0, sizeof(n->nhs_max_conn));
		return cmd_commit(ctx, m);
	}
	if (cluster >= NHRP_NHS_CLUSTERS)
		return cmd_fail(ctx, m, "Invalid cluster");
	n->has_nhs_max_conn[cluster] = !cmd_reset(ctx) && cmd_uint(ctx, "max-connections", &max);
	n->nhs_max_conn[cluster] = n->has_nhs_max_conn[cluster] ? max : 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_nhs_fallback(struct cli_cmd_ctx *ctx)
{
	NHRP_BEGIN();
	n->has_nhs_fallback = !cmd_reset(ctx) && cmd_uint(ctx, "fallback", &n->nhs_fallback);
	if (!n->has_nhs_fallback)
		n->nhs_fallback = 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_holdtime(struct cli_cmd_ctx *ctx)
{
	NHRP_BEGIN();
	n->has_holdtime = !cmd_reset(ctx) && cmd_uint(ctx, "holdtime", &n->holdtime) &&
			  n->holdtime != NHRP_DEFAULT_HOLDTIME; /* the default is not kept */
	if (!n->has_holdtime)
		n->holdtime = 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_reg_timeout(struct cli_cmd_ctx *ctx)
{
	NHRP_BEGIN();
	n->has_reg_timeout = !cmd_reset(ctx) && cmd_uint(ctx, "timeout", &n->reg_timeout);
	if (!n->has_reg_timeout)
		n->reg_timeout = 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_reg_no_unique(struct cli_cmd_ctx *ctx)
{
	NHRP_BEGIN();
	n->reg_no_unique = !cmd_reset(ctx);
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_redirect(struct cli_cmd_ctx *ctx)
{
	NHRP_BEGIN();
	n->redirect = !cmd_reset(ctx);
	n->has_redirect_timeout = n->redirect && cmd_uint(ctx, "timeout", &n->redirect_timeout);
	if (!n->has_redirect_timeout)
		n->redirect_timeout = 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_shortcut(struct cli_cmd_ctx *ctx)
{
	NHRP_BEGIN();
	n->shortcut = !cmd_reset(ctx);
	return cmd_commit(ctx, m);
}

#define H_IP "Interface Internet Protocol config commands\n"
#define H_NHRP "NBMA Next Hop Resolution Protocol\n"

static const struct cli_cmd nhrp_cmds[] = {
	{ MODE_CONFIG_IF, "ip nhrp network-id <1-4294967295>",
	  H_IP H_NHRP "NBMA network identifier\nvalue", cmd_network_id, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip nhrp authentication WORD",
	  H_IP H_NHRP "Authentication string\nAuthentication string (at most 8 characters)",
	  cmd_authentication, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip nhrp map A.B.C.D A.B.C.D",
	  H_IP H_NHRP "Map IP address to NBMA address\nIP address of destination\n"
	  "IP NBMA address",
	  cmd_map, CLI_F_NO_FULL, NULL },
	{ MODE_CONFIG_IF, "ip nhrp map multicast {dynamic|A.B.C.D}",
	  H_IP H_NHRP "Map IP address to NBMA address\nNBMA address for multicasts\n"
	  "Add NBMA address from dynamic registrations to the list\nIP NBMA address",
	  cmd_map_multicast, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF,
	  "ip nhrp nhs {A.B.C.D|dynamic} [nbma A.B.C.D] [multicast] [priority <0-255>] "
	  "[cluster <0-10>]",
	  H_IP H_NHRP "Specify a next hop server\nNext hop server address\n"
	  "Next hop server learned from the NBMA address\n"
	  "NBMA address of the next hop server\nNBMA address\n"
	  "Use this NHS for multicast too (map multicast)\nNHS priority\nPriority value\n"
	  "NHS cluster\nCluster value",
	  cmd_nhs, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip nhrp nhs cluster <0-10> max-connections <0-255>",
	  H_IP H_NHRP "Specify a next hop server\nNHS cluster\nCluster value\n"
	  "Maximum number of NHSs of the cluster registered with at once\nNumber of NHSs",
	  cmd_nhs_max_conn, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip nhrp nhs fallback <0-60>",
	  H_IP H_NHRP "Specify a next hop server\n"
	  "Wait before going back to a preferred NHS that recovered\nSeconds",
	  cmd_nhs_fallback, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip nhrp holdtime <1-65535>",
	  H_IP H_NHRP "Advertised holdtime\nnumber of seconds", cmd_holdtime, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip nhrp registration timeout <1-65535>",
	  H_IP H_NHRP "Registration options\nInterval between registrations\nnumber of seconds",
	  cmd_reg_timeout, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip nhrp registration no-unique",
	  H_IP H_NHRP "Registration options\nDo not set the unique flag in registrations",
	  cmd_reg_no_unique, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip nhrp redirect [timeout <2-30>]",
	  H_IP H_NHRP "Enable NHRP redirect (traffic indication)\n"
	  "Interval between redirects for the same flow\nnumber of seconds",
	  cmd_redirect, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip nhrp shortcut", H_IP H_NHRP "Enable shortcut switching", cmd_shortcut,
	  CLI_F_NO, NULL },
};

void
cmds_register_nhrp(struct cli_tree *t)
{
	cli_register_all(t, nhrp_cmds, LIOS_ARRAY_SIZE(nhrp_cmds));
}
