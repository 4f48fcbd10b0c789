/*
 * Sessions: the mode stack with its context names, privilege, prompt,
 * output buffer, pending question and history; running one line with the
 * parent-mode fallback; and the accessors command handlers use.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

struct cli_session *
cli_session_new(struct cli_tree *tree, void *app, int privilege)
{
	struct cli_session *s = cli_xcalloc(1, sizeof(*s));

	s->tree = tree;
	s->app = app;
	s->priv = privilege;
	s->mode = MODE_EXEC;
	s->term.length = 24;
	s->term.width = 80;
	return s;
}

void
cli_session_free(struct cli_session *s)
{
	if (!s)
		return;
	for (int m = 0; m < MODE_COUNT; m++)
		free(s->context[m]);
	for (size_t i = 0; i < s->nhistory; i++)
		free(s->history[i]);
	free(s->prompt);
	free(s->question);
	cli_buf_free(&s->out);
	free(s);
}

void *
cli_session_app(const struct cli_session *s)
{
	return s->app;
}

enum cli_mode
cli_session_mode(const struct cli_session *s)
{
	return s->mode;
}

int
cli_session_privilege(const struct cli_session *s)
{
	return s->priv;
}

void
cli_session_set_privilege(struct cli_session *s, int privilege)
{
	s->priv = privilege;
}

void
cli_session_set_hostname_fn(struct cli_session *s, const char *(*fn)(void *app))
{
	s->hostname_fn = fn;
}

const char *
cli_session_prompt(struct cli_session *s)
{
	const char *host = s->hostname_fn ? s->hostname_fn(s->app) : NULL;
	const char *suffix = cli_mode_prompt_suffix(s->mode);
	size_t n;

	if (!host || !*host)
		host = "Router";
	n = strlen(host) + strlen(suffix) + 2;
	free(s->prompt);
	s->prompt = cli_xmalloc(n);
	snprintf(s->prompt, n, "%s%s%c", host, suffix, s->priv > 1 ? '#' : '>');
	return s->prompt;
}

static void
set_context(struct cli_session *s, enum cli_mode mode, const char *context)
{
	free(s->context[mode]);
	s->context[mode] = context ? cli_xstrdup(context) : NULL;
}

void
cli_session_set_mode(struct cli_session *s, enum cli_mode mode, const char *context)
{
	if ((unsigned)mode >= MODE_COUNT)
		return;
	s->mode = mode;
	if (context)
		set_context(s, mode, context);
}

void
cli_session_goto(struct cli_session *s, enum cli_mode mode)
{
	s->mode = mode;
}

struct cli_terminal *
cli_session_terminal(struct cli_session *s)
{
	return &s->term;
}

void
cli_session_history_add(struct cli_session *s, const char *line)
{
	size_t n = strlen(line);

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	if (n == 0)
		return;
	if (s->nhistory == CLI_HISTORY_SIZE) {
		free(s->history[0]);
		memmove(s->history, s->history + 1, (CLI_HISTORY_SIZE - 1) * sizeof(*s->history));
		s->nhistory--;
	}
	s->history[s->nhistory++] = cli_xstrndup(line, n);
}

size_t
cli_session_history(const struct cli_session *s, const char *const **lines)
{
	*lines = (const char *const *)s->history;
	return s->nhistory;
}

/* --- Output ------------------------------------------------------------- */

char *
cli_session_take_output(struct cli_session *s, size_t *len)
{
	char *p = s->out.p ? s->out.p : cli_xstrdup("");

	if (len)
		*len = s->out.len;
	s->out.p = NULL;
	s->out.len = s->out.cap = 0;
	return p;
}

void
cli_vprintf(struct cli_session *s, const char *fmt, va_list ap)
{
	cli_buf_vprintf(&s->out, fmt, ap);
}

void
cli_session_printf(struct cli_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vprintf(s, fmt, ap);
	va_end(ap);
}

void
cli_printf(struct cli_cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vprintf(ctx->s, fmt, ap);
	va_end(ap);
}

void
cli_error(struct cli_cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	cli_buf_append(&ctx->s->out, "% ", 2);
	va_start(ap, fmt);
	cli_vprintf(ctx->s, fmt, ap);
	va_end(ap);
	if (ctx->s->out.p[ctx->s->out.len - 1] != '\n')
		cli_buf_append(&ctx->s->out, "\n", 1);
}

char *
cli_status_message(enum cli_status st, const char *line)
{
	const char *p = line ? line : "", *end;
	char *msg;
	size_t n;

	switch (st) {
	case CLI_ERR_INVALID:
		return cli_xstrdup("% Invalid input detected at '^' marker.");
	case CLI_ERR_INCOMPLETE:
		return cli_xstrdup("% Incomplete command.");
	case CLI_ERR_AMBIGUOUS:
		while (*p == ' ' || *p == '\t')
			p++;
		end = p + strlen(p);
		while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
				   end[-1] == '\r'))
			end--;
		n = (size_t)(end - p) + sizeof("% Ambiguous command:  \"\"");
		msg = cli_xmalloc(n);
		snprintf(msg, n, "%% Ambiguous command:  \"%.*s\"", (int)(end - p), p);
		return msg;
	default:
		return NULL;
	}
}

/* --- Questions ------------------------------------------------------------ */

enum cli_status
cli_session_ask(struct cli_session *s, const char *question, bool echo, cli_answer_fn cont,
		void *state)
{
	free(s->question);
	s->question = cli_xstrdup(question);
	s->echo = echo;
	s->answer_fn = cont;
	s->answer_state = state;
	s->asking = true;
	return CLI_ASK;
}

enum cli_status
cli_ask(struct cli_cmd_ctx *ctx, const char *question, bool echo, cli_answer_fn cont,
	void *state)
{
	return cli_session_ask(ctx->s, question, echo, cont, state);
}

bool
cli_session_asking(const struct cli_session *s, const char **question, bool *echo)
{
	if (!s->asking)
		return false;
	if (question)
		*question = s->question;
	if (echo)
		*echo = s->echo;
	return true;
}

/* --- Running a line ---------------------------------------------------------- */

static enum cli_status
run_handler(struct cli_session *s, const struct cli_words *ws, const struct cli_walk *walk,
	    const char *line, size_t *err_pos)
{
	const struct cli_reg *reg = walk->best[walk->best_depth - 1].node->reg;
	size_t skip = reg->form == FORM_PLAIN ? 0 : 1;
	struct cli_cmd_ctx ctx = {.s = s, .reg = reg, .line = line, .err_pos = err_pos};
	enum cli_status st;

	ctx.argc = walk->best_depth - skip;
	ctx.args = cli_xcalloc(ctx.argc + 1, sizeof(*ctx.args));
	ctx.nodes = cli_xcalloc(ctx.argc + 1, sizeof(*ctx.nodes));
	ctx.argpos = cli_xcalloc(ctx.argc + 1, sizeof(*ctx.argpos));
	for (size_t i = 0; i < ctx.argc; i++) {
		const struct cli_step *step = &walk->best[i + skip];

		ctx.args[i] = cli_step_value(ws, step);
		ctx.nodes[i] = step->node;
		ctx.argpos[i] = ws->w[step->word].pos;
	}
	st = reg->cmd.handler(&ctx);
	for (size_t i = 0; i < ctx.argc; i++)
		free(ctx.args[i]);
	free(ctx.args);
	free(ctx.nodes);
	free(ctx.argpos);
	return st;
}

static int
status_rank(enum cli_status st)
{
	return st == CLI_ERR_INCOMPLETE ? 3 : st == CLI_ERR_AMBIGUOUS ? 2 : 1;
}

enum cli_status
cli_session_run(struct cli_session *s, const char *line, size_t *err_pos)
{
	struct cli_words ws;
	enum cli_status best = CLI_OK, st;
	size_t best_pos = 0;
	enum cli_mode m = s->mode;

	*err_pos = 0;
	cli_words_split(&ws, line);
	if (ws.n == 0 || line[ws.w[0].pos] == '!') {
		/* blank lines and IOS comments do nothing */
		cli_words_free(&ws);
		return CLI_OK;
	}
	for (;;) {
		struct cli_walk walk = {.ws = &ws, .priv = s->priv, .nend = ws.n};

		cli_walk_run(&walk, s->tree->root[m]);
		if (walk.found) {
			if (m != s->mode)
				cli_session_goto(s, m);
			st = run_handler(s, &ws, &walk, line, err_pos);
			cli_walk_free(&walk);
			cli_words_free(&ws);
			return st;
		}
		/* the nearest mode wins unless another got further */
		if (best == CLI_OK || walk.fail_pos > best_pos ||
		    (walk.fail_pos == best_pos && status_rank(walk.fail) > status_rank(best))) {
			best = walk.fail;
			best_pos = walk.fail_pos;
		}
		cli_walk_free(&walk);
		if (m == MODE_EXEC || m == MODE_CONFIG)
			break;
		m = cli_mode_parent(m);
	}
	if (best == CLI_ERR_INVALID && s->mode == MODE_EXEC && ws.n == 1) {
		/* IOS takes a lone unknown word in EXEC for a host to telnet to
		 * (domain lookup off: no name server is asked) */
		cli_session_printf(s,
				   "Translating \"%.*s\"\n"
				   "%% Unknown command or computer name, or unable to find "
				   "computer address\n",
				   (int)ws.w[0].len, line + ws.w[0].pos);
		cli_words_free(&ws);
		return CLI_ERR_FAILED;
	}
	cli_words_free(&ws);
	if (best == CLI_ERR_INVALID)
		*err_pos = best_pos;
	return best;
}

enum cli_status
cli_session_exec(struct cli_session *s, const char *line, size_t *err_pos)
{
	size_t dummy;

	if (!err_pos)
		err_pos = &dummy;
	*err_pos = 0;
	if (!line)
		line = "";
	if (s->asking) {
		cli_answer_fn fn = s->answer_fn;
		void *state = s->answer_state;
		size_t n = strlen(line);
		enum cli_status st;
		char *answer;

		/* the answer is the line without its end-of-line */
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		answer = cli_xstrndup(line, n);
		s->asking = false;
		free(s->question);
		s->question = NULL;
		st = fn(s, answer, state);
		free(answer);
		return st;
	}
	return cli_session_run(s, line, err_pos);
}

/* --- For handlers ------------------------------------------------------------ */

struct cli_session *
cli_ctx_session(struct cli_cmd_ctx *ctx)
{
	return ctx->s;
}

void *
cli_ctx_app(struct cli_cmd_ctx *ctx)
{
	return ctx->s->app;
}

void *
cli_ctx_data(struct cli_cmd_ctx *ctx)
{
	return ctx->reg->cmd.data;
}

bool
cli_ctx_negated(struct cli_cmd_ctx *ctx)
{
	return ctx->reg->form == FORM_NO;
}

bool
cli_ctx_default(struct cli_cmd_ctx *ctx)
{
	return ctx->reg->form == FORM_DEFAULT;
}

const char *
cli_ctx_context(struct cli_cmd_ctx *ctx, unsigned depth)
{
	enum cli_mode m = ctx->s->mode;

	for (; depth > 0; depth--) {
		if (m == MODE_EXEC)
			return NULL;
		m = cli_mode_parent(m);
	}
	return ctx->s->context[m];
}

size_t
cli_ctx_argc(struct cli_cmd_ctx *ctx)
{
	return ctx->argc;
}

const char *
cli_ctx_arg(struct cli_cmd_ctx *ctx, size_t i)
{
	return i < ctx->argc ? ctx->args[i] : NULL;
}

const char *
cli_ctx_token(struct cli_cmd_ctx *ctx, size_t i)
{
	return i < ctx->argc ? ctx->nodes[i]->tok.text : NULL;
}

int
cli_ctx_find(struct cli_cmd_ctx *ctx, const char *tok)
{
	for (size_t i = 0; i < ctx->argc; i++)
		if (strcmp(ctx->nodes[i]->tok.text, tok) == 0)
			return (int)i;
	return -1;
}

const char *
cli_ctx_after(struct cli_cmd_ctx *ctx, const char *kw)
{
	int i = cli_ctx_find(ctx, kw);

	if (i < 0 || (size_t)i + 1 >= ctx->argc)
		return NULL;
	return ctx->args[i + 1];
}

size_t
cli_ctx_arg_pos(struct cli_cmd_ctx *ctx, size_t i)
{
	return i < ctx->argc ? ctx->argpos[i] : 0;
}

enum cli_status
cli_ctx_invalid(struct cli_cmd_ctx *ctx, size_t i)
{
	*ctx->err_pos = cli_ctx_arg_pos(ctx, i);
	return CLI_ERR_INVALID;
}

const char *
cli_ctx_line(struct cli_cmd_ctx *ctx)
{
	return ctx->line;
}

void
cli_enter_mode(struct cli_cmd_ctx *ctx, enum cli_mode mode, const char *context)
{
	if ((unsigned)mode >= MODE_COUNT)
		return;
	ctx->s->mode = mode;
	set_context(ctx->s, mode, context);
}
