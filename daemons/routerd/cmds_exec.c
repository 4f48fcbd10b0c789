/*
 * EXEC commands of the model: show running-config [interface IF],
 * show startup-config, write memory, copy running-config startup-config,
 * show version.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "lios.h"
#include "router_priv.h"

/* IOS's NVRAM size, printed by show startup-config; nominal here. */
#define NVRAM_SIZE 262136

static enum cli_status
cmd_show_run(struct cli_cmd_ctx *ctx)
{
	struct router *r = cmd_router(ctx);
	const char *typed = cli_ctx_after(ctx, "interface");
	char name[MODEL_NAME_LEN], err[160];
	char *text;

	if (typed) {
		if (!ifname_canonical(r->ifmap, typed, name, sizeof(name), err, sizeof(err)))
			return cmd_fail(ctx, NULL, "%s", err);
		if (!model_interface(r->running, name))
			return cmd_fail(ctx, NULL, "Interface %s is not configured", name);
	}
	text = running_config_text(r->running, r->last_change, typed ? name : NULL, NULL);
	cli_printf(ctx, "%s", text);
	free(text);
	return CLI_OK;
}

static enum cli_status
cmd_show_startup(struct cli_cmd_ctx *ctx)
{
	size_t len;
	char *text = startup_read(cmd_router(ctx), &len);

	if (!text) {
		cli_printf(ctx, "startup-config is not present\n");
		return CLI_OK;
	}
	cli_printf(ctx, "Using %zu out of %d bytes\n%s", len, NVRAM_SIZE, text);
	free(text);
	return CLI_OK;
}

static enum cli_status
cmd_write(struct cli_cmd_ctx *ctx)
{
	char why[512];

	cli_printf(ctx, "Building configuration...\n");
	if (startup_write(cmd_router(ctx), why, sizeof(why)) < 0)
		return cmd_fail(ctx, NULL, "%s", why);
	cli_printf(ctx, "[OK]\n");
	return CLI_OK;
}

static void
sess_printf(struct cli_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vprintf(s, fmt, ap);
	va_end(ap);
}

static enum cli_status
copy_answer(struct cli_session *s, const char *answer, void *state)
{
	struct router *r = cli_session_app(s);
	char why[512];

	(void)state;
	answer += strspn(answer, " \t");
	if (*answer && strncmp(answer, "startup-config", strcspn(answer, " \t\r\n")) != 0) {
		sess_printf(s, "%% Only startup-config can be written\n");
		return CLI_ERR_FAILED;
	}
	sess_printf(s, "Building configuration...\n");
	if (startup_write(r, why, sizeof(why)) < 0) {
		sess_printf(s, "%% %s\n", why);
		return CLI_ERR_FAILED;
	}
	sess_printf(s, "[OK]\n");
	return CLI_OK;
}

static enum cli_status
cmd_copy(struct cli_cmd_ctx *ctx)
{
	return cli_ask(ctx, "Destination filename [startup-config]? ", true, copy_answer, NULL);
}

static void
print_uptime(struct cli_cmd_ctx *ctx, time_t secs)
{
	static const struct {
		const char *unit;
		long len;
	} parts[] = {
		{ "year", 365L * 86400 }, { "week", 7L * 86400 }, { "day", 86400 }, { "hour", 3600 },
	};
	long left = secs < 0 ? 0 : (long)secs;

	for (size_t i = 0; i < LIOS_ARRAY_SIZE(parts); i++) {
		long n = left / parts[i].len;

		left %= parts[i].len;
		if (n)
			cli_printf(ctx, "%ld %s%s, ", n, parts[i].unit, n == 1 ? "" : "s");
	}
	cli_printf(ctx, "%ld minute%s\n", left / 60, left / 60 == 1 ? "" : "s");
}

/* A board ID from /etc/machine-id: stable per machine, a \w+ word. */
static void
board_id(char *out, size_t len)
{
	FILE *f = fopen("/etc/machine-id", "r");
	char id[64] = "";

	if (f) {
		if (!fgets(id, sizeof(id), f))
			id[0] = '\0';
		fclose(f);
	}
	id[strcspn(id, "\n")] = '\0';
	snprintf(out, len, "LIOS%.8s", id[0] ? id : "00000000");
	for (char *p = out; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
}

/* Laid out like IOS so that inventory tools (ntc-templates
 * cisco_ios_show_version) parse it: the "cisco MODEL (...)" line is the
 * compatibility form those tools key on. */
static enum cli_status
cmd_show_version(struct cli_cmd_ctx *ctx)
{
	struct router *r = cmd_router(ctx);
	struct utsname u;
	char id[32];

	uname(&u);
	board_id(id, sizeof(id));
	cli_printf(ctx,
		   "lios Software (LIOS-%s), Version %s, RELEASE SOFTWARE (fc1)\n"
		   "lios: an IOS-style router userland for Linux\n"
		   "Linux kernel %s\n\n"
		   "ROM: lios\n\n",
		   u.machine, PACKAGE_VERSION, u.release);
	cli_printf(ctx, "%s uptime is ", router_hostname(r));
	print_uptime(ctx, time(NULL) - r->started);
	cli_printf(ctx,
		   "System returned to ROM by power-on\n"
		   "System image file is \"flash:routerd-%s\"\n"
		   "Last reload reason: power-on\n\n"
		   "cisco LIOS-%s (Linux %s) processor with 0K/0K bytes of memory.\n"
		   "Processor board ID %s\n"
		   "%zu interfaces configured\n\n"
		   "Configuration register is 0x2102\n",
		   PACKAGE_VERSION, u.machine, u.release, id, model_count(r->running, MK_INTERFACE));
	return CLI_OK;
}

#define H_SHOW "Show running system information\n"

static const struct cli_cmd exec_cmds[] = {
	{ MODE_EXEC, "show running-config [interface IFNAME]",
	  H_SHOW "Current operating configuration\nShow interface configuration\nInterface name",
	  cmd_show_run, CLI_F_PRIV15 | CLI_F_PIPE, NULL },
	{ MODE_EXEC, "show startup-config", H_SHOW "Contents of startup configuration",
	  cmd_show_startup, CLI_F_PRIV15 | CLI_F_PIPE, NULL },
	{ MODE_EXEC, "show version", H_SHOW "System hardware and software status",
	  cmd_show_version, CLI_F_PIPE, NULL },
	{ MODE_EXEC, "write [memory]",
	  "Write running configuration to memory, network, or terminal\n"
	  "Write to NV memory",
	  cmd_write, CLI_F_PRIV15, NULL },
	{ MODE_EXEC, "copy running-config startup-config",
	  "Copy from one file to another\ncopy from current system configuration\n"
	  "copy to startup configuration",
	  cmd_copy, CLI_F_PRIV15, NULL },
};

void
cmds_register_exec(struct cli_tree *t)
{
	cli_register_all(t, exec_cmds, LIOS_ARRAY_SIZE(exec_cmds));
}
