/*
 * The engine's own commands, registered by cli_tree_new() through the same
 * cli_register() the model uses: enable/disable, configure, exit/logout,
 * terminal settings and show history in EXEC; exit, end and do in every
 * configuration mode.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_internal.h"

#define ENABLE_TRIES 3 /* IOS gives up after three wrong passwords */

static const char config_banner[] =
	"Enter configuration commands, one per line.  End with CNTL/Z.\n";

static enum cli_status
enable_answer(struct cli_session *s, const char *answer, void *state)
{
	bool configured = true;

	if (s->tree->enable_check && s->tree->enable_check(s->app, answer, &configured) &&
	    configured) {
		s->priv = 15;
		return CLI_OK;
	}
	if (++s->enable_tries < ENABLE_TRIES)
		return cli_session_ask(s, "Password: ", false, enable_answer, state);
	cli_session_printf(s, "%% Bad secrets\n");
	return CLI_ERR_FAILED;
}

static enum cli_status
cmd_enable(struct cli_cmd_ctx *ctx)
{
	struct cli_session *s = ctx->s;
	bool configured = false;

	if (s->priv >= 15)
		return CLI_OK;
	/* an empty try only asks whether a secret exists */
	if (s->tree->enable_check)
		s->tree->enable_check(s->app, "", &configured);
	if (!configured) {
		cli_error(ctx, "No password set");
		return CLI_ERR_FAILED;
	}
	s->enable_tries = 0;
	return cli_ask(ctx, "Password: ", false, enable_answer, NULL);
}

static enum cli_status
cmd_disable(struct cli_cmd_ctx *ctx)
{
	ctx->s->priv = 1;
	ctx->s->mode = MODE_EXEC;
	return CLI_OK;
}

static enum cli_status
cmd_configure_terminal(struct cli_cmd_ctx *ctx)
{
	cli_printf(ctx, "%s", config_banner);
	cli_session_goto(ctx->s, MODE_CONFIG);
	return CLI_OK;
}

static bool
prefix_of(const char *word, size_t n, const char *full)
{
	return n <= strlen(full) && strncasecmp(word, full, n) == 0;
}

static enum cli_status
configure_answer(struct cli_session *s, const char *answer, void *state)
{
	size_t n;

	while (isspace((unsigned char)*answer))
		answer++;
	n = strlen(answer);
	while (n > 0 && isspace((unsigned char)answer[n - 1]))
		n--;
	if (prefix_of(answer, n, "terminal")) {
		cli_session_printf(s, "%s", config_banner);
		cli_session_goto(s, MODE_CONFIG);
		return CLI_OK;
	}
	if (prefix_of(answer, n, "memory") || prefix_of(answer, n, "network")) {
		cli_session_printf(s, "%% Configuring from %s is not supported\n",
				   prefix_of(answer, n, "memory") ? "memory" : "network");
		return CLI_ERR_FAILED;
	}
	cli_session_printf(s, "?Must be \"terminal\", \"memory\" or \"network\"\n");
	return CLI_ERR_FAILED;
}

static enum cli_status
cmd_configure(struct cli_cmd_ctx *ctx)
{
	return cli_ask(ctx, "Configuring from terminal, memory, or network [terminal]? ", true,
		       configure_answer, NULL);
}

static enum cli_status
cmd_quit(struct cli_cmd_ctx *ctx)
{
	return CLI_QUIT;
}

static enum cli_status
cmd_terminal(struct cli_cmd_ctx *ctx)
{
	struct cli_terminal *t = &ctx->s->term;
	const char *v;

	if ((v = cli_ctx_after(ctx, "length")))
		t->length = (unsigned)strtoul(v, NULL, 10);
	else if ((v = cli_ctx_after(ctx, "width")))
		t->width = (unsigned)strtoul(v, NULL, 10);
	else if (cli_ctx_find(ctx, "monitor") >= 0)
		t->monitor = cli_ctx_find(ctx, "no") < 0;
	return CLI_OK;
}

static enum cli_status
cmd_show_history(struct cli_cmd_ctx *ctx)
{
	for (size_t i = 0; i < ctx->s->nhistory; i++)
		cli_printf(ctx, "  %s\n", ctx->s->history[i]);
	return CLI_OK;
}

static enum cli_status
cmd_exit_config(struct cli_cmd_ctx *ctx)
{
	cli_session_goto(ctx->s, cli_mode_parent(ctx->s->mode));
	return CLI_OK;
}

static enum cli_status
cmd_end(struct cli_cmd_ctx *ctx)
{
	cli_session_goto(ctx->s, MODE_EXEC);
	return CLI_OK;
}

/* `do LINE`: LINE runs in EXEC, then the session is back where it was
 * (unless the command dropped privilege). Its caret is moved to where LINE
 * starts in the whole line. */
static enum cli_status
cmd_do(struct cli_cmd_ctx *ctx)
{
	struct cli_session *s = ctx->s;
	enum cli_mode saved = s->mode;
	size_t off = ctx->argpos[ctx->argc - 1], pos = 0;
	enum cli_status st;

	s->mode = MODE_EXEC;
	st = cli_session_run(s, ctx->line + off, &pos);
	if (st == CLI_ERR_INVALID)
		*ctx->err_pos = off + pos;
	s->mode = s->priv >= 15 ? saved : MODE_EXEC;
	return st;
}

static const struct cli_cmd exec_cmds[] = {
	{MODE_EXEC, "enable", "Turn on privileged commands", cmd_enable, 0, NULL},
	{MODE_EXEC, "disable", "Turn off privileged commands", cmd_disable, 0, NULL},
	{MODE_EXEC, "configure terminal", "Enter configuration mode\nConfigure from the terminal",
	 cmd_configure_terminal, CLI_F_PRIV15, NULL},
	{MODE_EXEC, "configure", "Enter configuration mode", cmd_configure, CLI_F_PRIV15, NULL},
	{MODE_EXEC, "exit", "Exit from the EXEC", cmd_quit, 0, NULL},
	{MODE_EXEC, "logout", "Exit from the EXEC", cmd_quit, 0, NULL},
	{MODE_EXEC, "quit", "Exit from the EXEC", cmd_quit, CLI_F_HIDDEN, NULL},
	{MODE_EXEC, "terminal length <0-512>",
	 "Set terminal line parameters\nSet number of lines on a screen\n"
	 "Number of lines on screen (0 for no pausing)",
	 cmd_terminal, 0, NULL},
	{MODE_EXEC, "terminal width <0-512>",
	 "Set terminal line parameters\nSet width of the display terminal\n"
	 "Number of characters on a screen line",
	 cmd_terminal, 0, NULL},
	{MODE_EXEC, "terminal monitor",
	 "Set terminal line parameters\nCopy debug output to the current terminal line",
	 cmd_terminal, 0, NULL},
	{MODE_EXEC, "terminal no monitor",
	 "Set terminal line parameters\nNegate a command or set its defaults\n"
	 "Copy debug output to the current terminal line",
	 cmd_terminal, 0, NULL},
	{MODE_EXEC, "show history",
	 "Show running system information\nDisplay the session command history",
	 cmd_show_history, 0, NULL},
};

static const char *const exit_help[MODE_COUNT] = {
	[MODE_CONFIG] = "Exit from configure mode",
	[MODE_CONFIG_IF] = "Exit from interface configuration mode",
	[MODE_IKEV2_PROPOSAL] = "Exit from crypto ikev2 proposal sub mode",
	[MODE_IKEV2_POLICY] = "Exit from crypto ikev2 policy sub mode",
	[MODE_IKEV2_KEYRING] = "Exit from crypto ikev2 keyring sub mode",
	[MODE_IKEV2_KEYRING_PEER] = "Exit from crypto ikev2 keyring peer sub mode",
	[MODE_IKEV2_PROFILE] = "Exit from crypto ikev2 profile sub mode",
	[MODE_ISAKMP] = "Exit from ISAKMP policy configuration mode",
	[MODE_CRYPTO_TRANS] = "Exit from crypto transform configuration mode",
	[MODE_IPSEC_PROFILE] = "Exit from crypto ipsec profile sub mode",
};

void
cli_builtin_register(struct cli_tree *tree)
{
	cli_register_all(tree, exec_cmds, sizeof(exec_cmds) / sizeof(exec_cmds[0]));
	for (int m = MODE_CONFIG; m < MODE_COUNT; m++) {
		const struct cli_cmd cmds[] = {
			{(enum cli_mode)m, "exit", exit_help[m], cmd_exit_config, 0, NULL},
			{(enum cli_mode)m, "end", "Exit from configure mode", cmd_end, 0, NULL},
			{(enum cli_mode)m, "do LINE",
			 "To run exec commands in config mode\nExec Command", cmd_do, 0, NULL},
		};

		cli_register_all(tree, cmds, sizeof(cmds) / sizeof(cmds[0]));
	}
}
