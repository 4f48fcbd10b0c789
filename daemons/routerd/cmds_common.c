/* Helpers shared by the configuration command handlers: each handler
 * edits a candidate model and commits it as one transaction. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "router_priv.h"

struct router *
cmd_router(struct cli_cmd_ctx *ctx)
{
	return cli_ctx_app(ctx);
}

struct model *
cmd_begin(struct cli_cmd_ctx *ctx)
{
	return txn_begin(cmd_router(ctx));
}

enum cli_status
cmd_commit(struct cli_cmd_ctx *ctx, struct model *cand)
{
	char why[256];

	if (txn_commit(cmd_router(ctx), cand, why, sizeof(why)) < 0) {
		cli_error(ctx, "%s", why);
		return CLI_ERR_FAILED;
	}
	return CLI_OK;
}

enum cli_status
cmd_fail(struct cli_cmd_ctx *ctx, struct model *cand, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (cand)
		txn_abort(cand);
	cli_error(ctx, "%s", msg);
	return CLI_ERR_FAILED;
}

bool
cmd_reset(struct cli_cmd_ctx *ctx)
{
	return cli_ctx_negated(ctx) || cli_ctx_default(ctx);
}

bool
cmd_uint(struct cli_cmd_ctx *ctx, const char *after, unsigned *v)
{
	const char *s = cli_ctx_after(ctx, after);
	char *end;
	unsigned long x;

	if (!s)
		return false;
	x = strtoul(s, &end, 10);
	if (*end || end == s || x > 0xffffffffUL)
		return false;
	*v = (unsigned)x;
	return true;
}

bool
cmd_ip_at(struct cli_cmd_ctx *ctx, size_t i, uint32_t *v)
{
	const char *s = i < cli_ctx_argc(ctx) ? cli_ctx_arg(ctx, i) : NULL;

	return s && model_parse_ip(s, v);
}
