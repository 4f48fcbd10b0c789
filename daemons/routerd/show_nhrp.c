/* show dmvpn, show ip nhrp ..., clear ip nhrp, clear dmvpn session: asked
 * of dmvpnd through the NHRP owner; dmvpnd renders the text with libnhrp's
 * nhrp_show (the IOS layout checked against ntc-templates). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../dmvpnd/dmvpn_ctl.h"
#include "lios.h"
#include "owner_nhrp.h"
#include "router_priv.h"

static struct nhrp_own *
own(struct cli_cmd_ctx *ctx)
{
	struct nhrp_own *no = owner_nhrp_of(cmd_router(ctx)->owners[OWNER_NHRP]);

	if (!no)
		cli_error(ctx, "Not available: routerd runs without dmvpnd (-n)");
	return no;
}

static enum cli_status
ask(struct cli_cmd_ctx *ctx, unsigned type, const char *what)
{
	struct nhrp_own *no = own(ctx);
	char *text = NULL, err[256];
	size_t len = 0;
	FILE *out;
	int rc;

	if (!no)
		return CLI_ERR_FAILED;
	out = open_memstream(&text, &len);
	if (!out)
		return CLI_ERR_FAILED;
	rc = owner_nhrp_query(no, type, what, out, err, sizeof(err));
	fclose(out);
	if (rc < 0) {
		free(text);
		cli_error(ctx, "%s", err);
		return CLI_ERR_FAILED;
	}
	if (len)
		cli_printf(ctx, "%s", text);
	free(text);
	return CLI_OK;
}

/* The words after "show", as dmvpnd names the command. */
static enum cli_status
cmd_show_nhrp(struct cli_cmd_ctx *ctx)
{
	char what[64] = "";
	size_t n = cli_ctx_argc(ctx);

	for (size_t i = 1; i < n; i++) {
		if (what[0])
			strncat(what, " ", sizeof(what) - strlen(what) - 1);
		strncat(what, cli_ctx_arg(ctx, i), sizeof(what) - strlen(what) - 1);
	}
	return ask(ctx, DMVPN_CTL_SHOW, what);
}

static enum cli_status
cmd_clear_nhrp(struct cli_cmd_ctx *ctx)
{
	return ask(ctx, DMVPN_CTL_CLEAR, NULL);
}

static const struct cli_cmd show_nhrp_cmds[] = {
	{ MODE_EXEC, "show dmvpn [detail]",
	  "Show running system information\nDMVPN information\nDetailed DMVPN information",
	  cmd_show_nhrp, CLI_F_PIPE, NULL },
	{ MODE_EXEC, "show ip nhrp [detail]",
	  "Show running system information\nIP information\nNHRP information\n"
	  "Show detailed NHRP cache information",
	  cmd_show_nhrp, CLI_F_PIPE, NULL },
	{ MODE_EXEC, "show ip nhrp nhs [detail]",
	  "Show running system information\nIP information\nNHRP information\n"
	  "Next hop server information\nDetailed next hop server information",
	  cmd_show_nhrp, CLI_F_PIPE, NULL },
	{ MODE_EXEC, "show ip nhrp multicast",
	  "Show running system information\nIP information\nNHRP information\n"
	  "Multicast mappings",
	  cmd_show_nhrp, CLI_F_PIPE, NULL },
	{ MODE_EXEC, "show ip nhrp traffic",
	  "Show running system information\nIP information\nNHRP information\n"
	  "NHRP traffic statistics",
	  cmd_show_nhrp, CLI_F_PIPE, NULL },
	{ MODE_EXEC, "clear ip nhrp", "Reset functions\nIP\nClear NHRP cache", cmd_clear_nhrp,
	  CLI_F_PRIV15, NULL },
	{ MODE_EXEC, "clear dmvpn session",
	  "Reset functions\nClear DMVPN information\nClear DMVPN sessions", cmd_clear_nhrp,
	  CLI_F_PRIV15, NULL },
};

void
cmds_register_show_nhrp(struct cli_tree *t)
{
	cli_register_all(t, show_nhrp_cmds, LIOS_ARRAY_SIZE(show_nhrp_cmds));
}
