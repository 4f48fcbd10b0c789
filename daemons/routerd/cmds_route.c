/*
 * ip route PREFIX MASK {NEXTHOP | IF [NEXTHOP]} [DISTANCE] [name N] [permanent]
 * A route is identified by prefix, mask, next hop and interface; entering
 * it again with another distance or name replaces it, as on IOS.
 * `no ip route PREFIX MASK` removes every route to that prefix.
 * The interface need not be configured (accepted dangling, like IOS
 * physical interfaces that exist without configuration).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lios.h"
#include "router_priv.h"

static enum cli_status
cmd_ip_route(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_route rt;
	struct m_route *e;
	size_t argc = cli_ctx_argc(ctx);
	const char *name;
	char key[MODEL_OBJKEY_LEN], err[160];
	unsigned dist = 0;

	memset(&rt, 0, sizeof(rt));
	if (!cmd_ip_at(ctx, 2, &rt.dest.addr) || !cmd_ip_at(ctx, 3, &rt.dest.mask))
		return cmd_fail(ctx, m, "Incomplete command.");
	if (!model_mask_valid(rt.dest.mask) || (rt.dest.addr & ~rt.dest.mask))
		return cmd_fail(ctx, m, "Inconsistent address and mask");
	if (argc == 4) { /* no ip route PREFIX MASK */
		bool found = false;

		for (size_t i = model_count(m, MK_ROUTE); i-- > 0;) {
			const struct m_route *r = (const void *)model_at(m, MK_ROUTE, i);

			if (r->dest.addr == rt.dest.addr && r->dest.mask == rt.dest.mask) {
				model_strset(key, sizeof(key), r->h.key);
				model_del(m, MK_ROUTE, key);
				found = true;
			}
		}
		if (!found)
			return cmd_fail(ctx, m, "No matching route to delete");
		return cmd_commit(ctx, m);
	}
	if (strcmp(cli_ctx_token(ctx, 4), "IFNAME") == 0) {
		if (!ifname_canonical(cmd_router(ctx)->ifmap, cli_ctx_arg(ctx, 4), rt.ifname,
				      sizeof(rt.ifname), err, sizeof(err)))
			return cmd_fail(ctx, m, "%s", err);
		if (argc > 5 && strcmp(cli_ctx_token(ctx, 5), "A.B.C.D") == 0)
			rt.has_nexthop = cmd_ip_at(ctx, 5, &rt.nexthop);
	} else {
		rt.has_nexthop = cmd_ip_at(ctx, 4, &rt.nexthop);
	}
	if (!rt.has_nexthop && !rt.ifname[0])
		return cmd_fail(ctx, m, "Invalid next hop address");
	model_route_key(key, sizeof(key), &rt);
	if (cmd_reset(ctx)) {
		if (!model_del(m, MK_ROUTE, key))
			return cmd_fail(ctx, m, "No matching route to delete");
		return cmd_commit(ctx, m);
	}
	for (size_t i = 4; i < argc; i++)
		if (strcmp(cli_ctx_token(ctx, i), "<1-255>") == 0)
			sscanf(cli_ctx_arg(ctx, i), "%u", &dist);
	rt.distance = dist == 1 ? 0 : dist; /* 1 is the default */
	name = cli_ctx_after(ctx, "name");
	if (name && !model_strset(rt.name, sizeof(rt.name), name))
		return cmd_fail(ctx, m, "Route name is too long");
	rt.permanent = cli_ctx_find(ctx, "permanent") >= 0;
	e = (struct m_route *)model_edit(m, MK_ROUTE, key, true);
	memcpy((char *)e + sizeof(e->h), (char *)&rt + sizeof(rt.h), sizeof(rt) - sizeof(rt.h));
	return cmd_commit(ctx, m);
}

#define H_ROUTE "Global IP configuration subcommands\nEstablish static routes\n" \
		"Destination prefix\nDestination prefix mask"
#define H_TAIL "Distance metric for this route\nSpecify name of the next hop\n" \
	       "Name of the next hop\npermanent route"

static const struct cli_cmd route_cmds[] = {
	{ MODE_CONFIG, "ip route A.B.C.D A.B.C.D A.B.C.D [<1-255>] [name WORD] [permanent]",
	  H_ROUTE "\nForwarding router's address\n" H_TAIL, cmd_ip_route, CLI_F_NO_FULL, NULL },
	{ MODE_CONFIG, "ip route A.B.C.D A.B.C.D IFNAME [A.B.C.D] [<1-255>] [name WORD] [permanent]",
	  H_ROUTE "\nInterface name\nForwarding router's address\n" H_TAIL, cmd_ip_route,
	  CLI_F_NO_FULL, NULL },
	{ MODE_CONFIG, "no ip route A.B.C.D A.B.C.D",
	  "Negate a command or set its defaults\n" H_ROUTE, cmd_ip_route, 0, NULL },
};

void
cmds_register_route(struct cli_tree *t)
{
	cli_register_all(t, route_cmds, LIOS_ARRAY_SIZE(route_cmds));
}
