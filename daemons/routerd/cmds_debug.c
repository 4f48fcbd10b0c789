/*
 * EXEC debugging commands, privileged as on IOS: debug crypto ikev2
 * [error|internal|packet], debug crypto isakmp, their no/undebug forms,
 * undebug all (no debug all) and show debugging. The flags belong to the router, not to the session
 * that typed them, and are not configuration (ike_debug.h); the lines go to
 * the console and to the sessions with `terminal monitor`.
 */
#include "config.h"

#include "ike_debug.h"
#include "lios.h"
#include "owner_ike.h"
#include "router_priv.h"

/* What IOS says for each flag turning on or off. */
static const struct {
	uint32_t flag;
	const char *what;
} flag_names[] = {
	/* show debugging lists them in this order, as IOS does */
	{ IKE_DEBUG_ISAKMP, "Crypto ISAKMP" },
	{ IKE_DEBUG_IKEV2, "IKEv2 default" },
	{ IKE_DEBUG_IKEV2_ERROR, "IKEv2 error" },
	{ IKE_DEBUG_IKEV2_INTERNAL, "IKEv2 internal" },
	{ IKE_DEBUG_IKEV2_PACKET, "IKEv2 packet" },
};

/* The flag the command names. */
static uint32_t
flag_of(struct cli_cmd_ctx *ctx)
{
	if (cli_ctx_find(ctx, "isakmp") >= 0)
		return IKE_DEBUG_ISAKMP;
	if (cli_ctx_find(ctx, "error") >= 0)
		return IKE_DEBUG_IKEV2_ERROR;
	if (cli_ctx_find(ctx, "internal") >= 0)
		return IKE_DEBUG_IKEV2_INTERNAL;
	if (cli_ctx_find(ctx, "packet") >= 0)
		return IKE_DEBUG_IKEV2_PACKET;
	return IKE_DEBUG_IKEV2;
}

static void
set_flags(struct cli_cmd_ctx *ctx, uint32_t flags)
{
	struct router *r = cmd_router(ctx);

	ike_debug_set(owner_ike_socket(r->owners[OWNER_IKE]), flags);
}

static enum cli_status
cmd_debug_flag(struct cli_cmd_ctx *ctx)
{
	/* "no debug ..." is negated; "undebug ..." says so in its first word */
	bool on = !cli_ctx_negated(ctx) && cli_ctx_find(ctx, "undebug") < 0;
	uint32_t flag = flag_of(ctx);
	uint32_t flags = ike_debug_flags();

	set_flags(ctx, on ? flags | flag : flags & ~flag);
	for (size_t i = 0; i < LIOS_ARRAY_SIZE(flag_names); i++)
		if (flag_names[i].flag == flag)
			cli_printf(ctx, "%s debugging is %s\n", flag_names[i].what, on ? "on" : "off");
	return CLI_OK;
}

static enum cli_status
cmd_undebug_all(struct cli_cmd_ctx *ctx)
{
	set_flags(ctx, 0);
	cli_printf(ctx, "All possible debugging has been turned off\n");
	return CLI_OK;
}

static enum cli_status
cmd_show_debugging(struct cli_cmd_ctx *ctx)
{
	uint32_t flags = ike_debug_flags();

	if (!flags)
		return CLI_OK; /* IOS prints nothing when nothing is on */
	cli_printf(ctx, "Cryptographic Subsystem:\n");
	for (size_t i = 0; i < LIOS_ARRAY_SIZE(flag_names); i++)
		if (flags & flag_names[i].flag)
			cli_printf(ctx, "  %s debugging is on\n", flag_names[i].what);
	return CLI_OK;
}

#define H_DEBUG "Debugging functions (see also 'undebug')\nCryptographic subsystem\n"
#define H_NO_DEBUG "Negate a command or set its defaults\n" H_DEBUG
#define H_UNDEBUG "Disable debugging functions (see also 'debug')\nCryptographic subsystem\n"
#define H_IKEV2 "Crypto IKEv2 debug\nIKEv2 error debugging\nIKEv2 internal debugging\n" \
		"IKEv2 packet debugging"
#define IKEV2 "ikev2 [{error|internal|packet}]"
#define H_ISAKMP "Crypto ISAKMP debug messages"

static const struct cli_cmd debug_cmds[] = {
	{ MODE_EXEC, "debug crypto " IKEV2, H_DEBUG H_IKEV2, cmd_debug_flag, CLI_F_PRIV15, NULL },
	{ MODE_EXEC, "debug crypto isakmp", H_DEBUG H_ISAKMP, cmd_debug_flag, CLI_F_PRIV15, NULL },
	{ MODE_EXEC, "no debug crypto " IKEV2, H_NO_DEBUG H_IKEV2, cmd_debug_flag, CLI_F_PRIV15,
	  NULL },
	{ MODE_EXEC, "no debug crypto isakmp", H_NO_DEBUG H_ISAKMP, cmd_debug_flag, CLI_F_PRIV15,
	  NULL },
	{ MODE_EXEC, "undebug crypto " IKEV2, H_UNDEBUG H_IKEV2, cmd_debug_flag, CLI_F_PRIV15,
	  NULL },
	{ MODE_EXEC, "undebug crypto isakmp", H_UNDEBUG H_ISAKMP, cmd_debug_flag, CLI_F_PRIV15,
	  NULL },
	{ MODE_EXEC, "undebug all", "Disable debugging functions (see also 'debug')\n"
				    "Disable all debugging", cmd_undebug_all, CLI_F_PRIV15, NULL },
	{ MODE_EXEC, "no debug all", "Negate a command or set its defaults\n"
				     "Debugging functions (see also 'undebug')\nEnable all debugging",
	  cmd_undebug_all, CLI_F_PRIV15, NULL },
	{ MODE_EXEC, "show debugging", "Show running system information\n"
				       "State of each debugging option",
	  cmd_show_debugging, CLI_F_PRIV15 | CLI_F_PIPE, NULL },
};

void
cmds_register_debug(struct cli_tree *t)
{
	cli_register_all(t, debug_cmds, LIOS_ARRAY_SIZE(debug_cmds));
}
