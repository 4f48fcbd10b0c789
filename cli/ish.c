/*
 * ish: the IOS-style shell. A terminal front end for routerd: it reads
 * lines (readline on a terminal), sends them to routerd's session socket,
 * and prints the output with IOS paging, pipes and error carets.
 *
 *   ish [-S SOCKET] [-c COMMAND]...
 *
 * Modes:
 *   stdin a terminal   interactive: prompts, readline editing and history,
 *                      `?`, Tab, Ctrl-Z, the --More-- pager. This is also
 *                      the mode under sshd (login shell or ForceCommand),
 *                      since an SSH session with a pty looks the same.
 *   -c COMMAND         runs each command in order, then exits.
 *   stdin not a tty    runs the lines of the script (`ish < file`).
 * In the last two, only command output goes to stdout; no prompts and no
 * echo. An error (a parse error, or a command's own "% ..." refusal) goes
 * to stderr as IOS shows it, prompt and line first so the caret points
 * into it. Log lines (`terminal monitor`) go to stderr too. The exit status is 0 when every command
 * succeeded, 1 if any failed, 2 if routerd could not be reached or went
 * away.
 *
 * The socket is -S, else $LIOS_SOCKET, else LIOS_ROUTERD_SOCKET.
 * Under sshd's ForceCommand, a command given to ssh (SSH_ORIGINAL_COMMAND)
 * runs like -c; as a login shell sshd passes -c. A -c text with newlines
 * is several commands, one per line.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <readline/history.h>

#include "cli_engine.h"
#include "ipc.h"
#include "ish_conn.h"
#include "ish_pager.h"
#include "ish_pipe.h"
#include "ish_readline.h"
#include "ish_render.h"
#include "lios.h"

struct ish {
	struct ish_conn conn;
	char *prompt;	  /* for the next line */
	char *question;	  /* a question routerd asked, or NULL */
	bool echo_answer; /* whether its answer may be shown */
	unsigned term_length;
	unsigned term_width;
	bool interactive; /* stdin is a terminal */
	bool page;	  /* stdout too: page with --More-- */
	bool failed;	  /* a command failed: exit status 1 */
	bool quit;	  /* the session ended */
	bool lost;	  /* routerd went away */
	int lost_err;	  /* ... noticed while the user was typing */
};

static void
ish_lost(struct ish *sh, int err)
{
	if (sh->lost)
		return;
	fprintf(stderr, "%% Connection to routerd lost: %s\n", strerror(-err));
	sh->lost = true;
	sh->quit = true;
}

/* Takes the session state from a reply. */
static void
ish_update(struct ish *sh, struct ish_reply *r)
{
	if (r->prompt) {
		free(sh->prompt);
		sh->prompt = r->prompt;
		r->prompt = NULL;
	}
	free(sh->question);
	sh->question = r->question;
	r->question = NULL;
	sh->echo_answer = r->echo;
	sh->term_length = r->term_length;
	sh->term_width = r->term_width;
	if (r->status == CLI_QUIT)
		sh->quit = true;
}

static FILE *
ish_err_stream(struct ish *sh)
{
	return sh->interactive ? stdout : stderr;
}

/* Columns of the terminal, for the pager's row count: the window's own
 * size when the terminal tells it, else the session's `terminal width`. */
static unsigned
ish_screen_width(const struct ish *sh)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return sh->term_width;
}

static void
ish_show(struct ish *sh, const char *text, size_t len)
{
	fflush(stdout);
	if (sh->page && sh->term_length)
		ish_pager_write(STDOUT_FILENO, STDIN_FILENO, text, len, sh->term_length,
				ish_screen_width(sh));
	else
		fwrite(text, 1, len, stdout);
	fflush(stdout);
}

/* Runs a line the user typed (or an answer to a question). */
static void
ish_run(struct ish *sh, const char *line)
{
	char *prompt = strdup(sh->prompt ? sh->prompt : "");
	struct ish_pipe pipe = { .filter = ISH_FILTER_NONE };
	bool answer = sh->question != NULL;
	struct ish_reply r;
	size_t cmd_len, err_pos = 0;
	char *cmd = NULL;
	int st = 0, err;

	/* An answer is taken as typed: no pipe in a password. */
	if (!answer)
		st = ish_pipe_parse(line, &pipe, &cmd_len, &err_pos);
	else
		cmd_len = strlen(line);
	if (st) {
		ish_render_error(ish_err_stream(sh), st, NULL, prompt, line, err_pos,
				 !sh->interactive);
		sh->failed = true;
		goto out;
	}
	cmd = strndup(line, cmd_len);
	err = ish_conn_request(&sh->conn, IPC_RTR_EXEC, cmd, &r);
	if (err == -E2BIG) {
		fprintf(ish_err_stream(sh), "%% Line too long\n\n");
		sh->failed = true;
		goto out;
	}
	if (err) {
		ish_lost(sh, err);
		goto out;
	}
	if (pipe.filter != ISH_FILTER_NONE && r.status == CLI_OK) {
		size_t n;
		char *filtered = ish_pipe_apply(&pipe, r.text, r.text_len, &n);

		ish_show(sh, filtered, n);
		free(filtered);
	} else if (r.status == CLI_ERR_FAILED && !sh->interactive) {
		/* A refusal is the command's own "% ..." text: in a script it is
		 * an error like the others, on stderr after the failing line. */
		fprintf(stderr, "%s%s\n", prompt, answer ? "" : cmd);
		fwrite(r.text, 1, r.text_len, stderr);
	} else {
		ish_show(sh, r.text, r.text_len);
	}
	if (r.status != CLI_OK && r.status != CLI_ASK && r.status != CLI_QUIT) {
		ish_render_error(ish_err_stream(sh), (int)r.status, r.message, prompt,
				 answer ? "" : cmd, r.err_pos, !sh->interactive);
		sh->failed = true;
	}
	ish_update(sh, &r);
	ish_reply_free(&r);
out:
	ish_pipe_free(&pipe);
	free(cmd);
	free(prompt);
}

/* `?`: help from routerd, or from ish for the pipe part. */
static void
ish_help(void *ctx, const char *line)
{
	struct ish *sh = ctx;
	struct ish_reply r;
	int st = 0;
	size_t err_pos = 0;
	int err;

	if (ish_pipe_find(line) >= 0) {
		char *text = ish_pipe_help(line, &st, &err_pos);

		if (text) {
			ish_show(sh, text, strlen(text));
			free(text);
		} else {
			ish_render_error(ish_err_stream(sh), st, NULL, sh->prompt, line, err_pos,
					 !sh->interactive);
		}
		return;
	}
	err = ish_conn_request(&sh->conn, IPC_RTR_HELP, line, &r);
	if (err) {
		ish_lost(sh, err);
		return;
	}
	ish_show(sh, r.text, r.text_len);
	/* IOS leaves a blank line between the help and the line shown again. */
	if (r.text_len && !(r.text_len >= 2 && !strcmp(r.text + r.text_len - 2, "\n\n")))
		ish_show(sh, "\n", 1);
	if (r.status != CLI_OK) {
		ish_render_error(ish_err_stream(sh), (int)r.status, r.message, sh->prompt, line,
				 r.err_pos, !sh->interactive);
		sh->failed = true;
	}
	ish_reply_free(&r);
}

static char *
ish_complete(void *ctx, const char *line)
{
	struct ish *sh = ctx;
	struct ish_reply r;
	char *done;

	if (ish_pipe_find(line) >= 0)
		return ish_pipe_complete(line);
	if (ish_conn_request(&sh->conn, IPC_RTR_COMPLETE, line, &r))
		return NULL;
	done = r.line;
	r.line = NULL;
	ish_reply_free(&r);
	return done;
}

/* routerd wrote while the user was typing: a log line, or it went away. */
static int
ish_unasked(void *ctx)
{
	struct ish *sh = ctx;
	int n = ish_conn_read_unasked(&sh->conn);

	/* Reported once readline has left the line (see ish_interactive). */
	if (n <= 0)
		sh->lost_err = n ? n : -ECONNRESET;
	return n;
}

/* A `terminal monitor` log line. */
static void
ish_log(void *ctx, const char *text)
{
	struct ish *sh = ctx;
	size_t n = strlen(text);

	if (sh->interactive) {
		ish_rl_print_unasked(text);
		return;
	}
	/* Scripts keep stdout for command output. */
	fputs(text, stderr);
	if (!n || text[n - 1] != '\n')
		fputc('\n', stderr);
}

static bool
ish_in_config_mode(const struct ish *sh)
{
	return sh->prompt && strchr(sh->prompt, '(');
}

static void
ish_interactive(struct ish *sh)
{
	struct ish_rl_ops ops = {
		.help = ish_help,
		.complete = ish_complete,
		.unasked_fd = sh->conn.fd,
		.unasked = ish_unasked,
		.ctx = sh,
	};

	ish_rl_init(&ops);
	while (!sh->quit) {
		enum ish_rl_key key = ISH_RL_LINE;
		char *line;

		if (sh->question && !sh->echo_answer)
			line = ish_rl_read_secret(sh->question);
		else
			line = ish_rl_read(sh->question ? sh->question : sh->prompt,
					   sh->question != NULL, &key);
		if (sh->lost_err)
			ish_lost(sh, sh->lost_err);
		if (sh->lost) {
			/* also when `?` or Tab found routerd gone */
			free(line);
			break;
		}
		if (!line)
			break;
		if (key != ISH_RL_LINE) {
			/* Ctrl-Z and Ctrl-C leave configuration mode like `end`. */
			if (ish_in_config_mode(sh) && !sh->question)
				ish_run(sh, "end");
		} else {
			if (!sh->question && line[strspn(line, " \t")])
				add_history(line);
			if (sh->question || line[strspn(line, " \t")])
				ish_run(sh, line);
		}
		free(line);
	}
	ish_rl_done();
}

/* A batch line ending in '?' asks for help, as it would at the terminal. */
static bool
ish_batch_help(struct ish *sh, const char *line)
{
	size_t n = strlen(line);
	char *partial;

	if (sh->question || n == 0 || line[n - 1] != '?')
		return false;
	partial = strndup(line, n - 1);
	if (partial) {
		ish_help(sh, partial);
		free(partial);
	}
	return true;
}

/* Lines from a script on stdin. */
static void
ish_script(struct ish *sh)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while (!sh->quit && (n = getline(&line, &cap, stdin)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (ish_batch_help(sh, line))
			continue;
		if (sh->question || line[strspn(line, " \t")])
			ish_run(sh, line);
	}
	free(line);
}

static void
usage(FILE *out)
{
	fprintf(out, "usage: ish [-S SOCKET] [-c COMMAND]...\n"
		     "  -S SOCKET   routerd's socket (default $LIOS_SOCKET or %s)\n"
		     "  -c COMMAND  run COMMAND; may be repeated; runs them in order and exits\n",
		LIOS_ROUTERD_SOCKET);
}

/* What to run: from the options, or from sshd's ForceCommand. */
struct ish_args {
	const char *socket_path;
	char **commands;
	size_t ncommands;
	char **owned; /* copies the commands point into */
	size_t nowned;
	bool batch; /* -c or an SSH command given, even an empty one */
};

static void
ish_args_free(struct ish_args *a)
{
	size_t i;

	for (i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	free(a->owned);
	free(a->commands);
}

/* Adds the lines of text as commands: a newline can't be part of an IOS
 * line, so `ssh router $'enable\nsecret\nshow run'` is three of them. */
static int
ish_args_add(struct ish_args *a, const char *text)
{
	char *copy = strdup(text), *save = NULL, *cmd, **more;
	size_t lines = 1;
	const char *p;

	if (!copy)
		return -1;
	a->batch = true;
	more = realloc(a->owned, (a->nowned + 1) * sizeof(*a->owned));
	if (!more) {
		free(copy);
		return -1;
	}
	a->owned = more;
	a->owned[a->nowned++] = copy;
	for (p = text; *p; p++)
		lines += *p == '\n';
	more = realloc(a->commands, (a->ncommands + lines + 1) * sizeof(*a->commands));
	if (!more)
		return -1;
	a->commands = more;
	for (cmd = strtok_r(copy, "\n", &save); cmd; cmd = strtok_r(NULL, "\n", &save))
		a->commands[a->ncommands++] = cmd;
	return 0;
}

/* Returns -1 to go on, or the exit status. */
static int
ish_args_parse(struct ish_args *a, int argc, char **argv)
{
	const char *env;
	int opt;

	a->socket_path = getenv("LIOS_SOCKET");
	if (!a->socket_path || !*a->socket_path)
		a->socket_path = LIOS_ROUTERD_SOCKET;
	while ((opt = getopt(argc, argv, "S:c:h")) != -1) {
		switch (opt) {
		case 'S':
			a->socket_path = optarg;
			break;
		case 'c':
			if (ish_args_add(a, optarg) < 0)
				return 2;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	/* As an sshd ForceCommand, `ssh router 'show ip route'` arrives here:
	 * run it like -c. */
	env = getenv("SSH_ORIGINAL_COMMAND");
	if (!a->batch && env && *env && ish_args_add(a, env) < 0)
		return 2;
	return -1;
}

static int
ish_main(struct ish *sh, const struct ish_args *a)
{
	struct ish_reply r;
	size_t i;
	int err;

	err = ish_conn_open(&sh->conn, a->socket_path);
	if (err) {
		fprintf(stderr, "%% Cannot connect to routerd at %s: %s\n", a->socket_path,
			strerror(-err));
		return 2;
	}
	err = ish_conn_request(&sh->conn, IPC_RTR_PROMPT, NULL, &r);
	if (err) {
		fprintf(stderr, "%% routerd at %s refused the session: %s\n", a->socket_path,
			strerror(-err));
		return 2;
	}
	ish_update(sh, &r);
	ish_reply_free(&r);

	sh->conn.on_log = ish_log;
	sh->conn.log_ctx = sh;
	sh->interactive = !a->batch && isatty(STDIN_FILENO);
	sh->page = sh->interactive && isatty(STDOUT_FILENO);
	if (a->batch) {
		for (i = 0; i < a->ncommands && !sh->quit; i++)
			if (!ish_batch_help(sh, a->commands[i]))
				ish_run(sh, a->commands[i]);
	} else if (sh->interactive) {
		ish_interactive(sh);
	} else {
		ish_script(sh);
	}
	if (sh->lost)
		return 2;
	/* A person at a terminal saw the errors; the status is for scripts. */
	return sh->failed && !sh->interactive ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct ish sh = { .conn = { .fd = -1 } };
	struct ish_args args = { 0 };
	int ret;

	ret = ish_args_parse(&args, argc, argv);
	if (ret < 0)
		ret = ish_main(&sh, &args);
	ish_conn_close(&sh.conn);
	free(sh.prompt);
	free(sh.question);
	ish_args_free(&args);
	return ret;
}
