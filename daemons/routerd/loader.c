/*
 * Loading a configuration file through the command tree. The mode of each
 * line comes from its indentation, as in a show-run: depth 0 is global
 * configuration, depth d+1 is the mode the last line at depth d entered.
 * The engine's parent-mode fallback still applies within that mode. A line
 * that fits no mode from its indentation is tried in the submode the
 * previous line left the session in, so that files written without
 * indentation load as they would when pasted on IOS.
 * '!' lines are comments; '#' and '!' inside a line are data (keys such as
 * "Ss2026#Wan"). The header lines of a show-run ("Building
 * configuration...", "Current configuration : N bytes") and of a show
 * startup-config ("Using N out of M bytes") are skipped, and a top-level
 * "end" ends the file, so saved show-run output loads as it is. CRLF line
 * ends, a UTF-8 BOM and tab indentation (one tab, one level) are accepted.
 * Every bad line is reported as "FILE:LINE: % message" and loading goes on.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "router_priv.h"

#define MAX_DEPTH 8

static bool
is_header(const char *s)
{
	unsigned long a, b;

	if (strcmp(s, "Building configuration...") == 0)
		return true;
	if (strncmp(s, "Current configuration :", 23) == 0)
		return true;
	return sscanf(s, "Using %lu out of %lu bytes", &a, &b) == 2;
}

/* Reports the session's output (the handler's "% ..." lines) or the IOS
 * message of the status, each line prefixed with FILE:LINE. */
static void
report(FILE *errors, const char *path, unsigned lineno, enum cli_status st, const char *line,
       const char *out)
{
	char *msg = NULL;
	const char *p;

	if (!errors)
		return;
	if (st != CLI_ERR_FAILED || !out || !*out)
		out = msg = cli_status_message(st == CLI_ERR_FAILED ? CLI_ERR_INVALID : st, line);
	for (p = out; p && *p;) {
		size_t n = strcspn(p, "\n");

		if (n)
			fprintf(errors, "%s:%u: %.*s\n", path, lineno, (int)n, p);
		p += n;
		if (*p)
			p++;
	}
	free(msg);
}

int
router_load_file(struct router *r, const char *path, FILE *errors)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct cli_session *s;
	enum cli_mode modes[MAX_DEPTH + 1] = { MODE_CONFIG };
	unsigned top = 0, lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int bad = 0;

	if (!f) {
		if (errors)
			fprintf(errors, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	s = cli_session_new(r->tree, r, 15);
	cli_session_set_mode(s, MODE_CONFIG, NULL);
	while ((len = getline(&line, &cap, f)) >= 0) {
		size_t pos = 0, out_len;
		unsigned depth = 0;
		enum cli_status st;
		enum cli_mode prev;
		char *text, *out;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
				   line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		if (lineno == 1 && strncmp(line, "\xEF\xBB\xBF", 3) == 0)
			memmove(line, line + 3, (size_t)len - 2); /* a UTF-8 BOM from an editor */
		while (line[depth] == ' ' || line[depth] == '\t') /* a tab counts as one level */
			depth++;
		text = line + depth;
		if (!*text || *text == '!' || is_header(text))
			continue;
		if (depth == 0 && strcmp(text, "end") == 0)
			break;
		if (depth > top)
			depth = top;
		prev = cli_session_mode(s);
		if (prev != modes[depth])
			cli_session_set_mode(s, modes[depth], NULL);
		st = cli_session_exec(s, text, &pos);
		out = cli_session_take_output(s, &out_len);
		if ((st == CLI_ERR_INVALID || st == CLI_ERR_INCOMPLETE) && prev != modes[depth] &&
		    prev != MODE_CONFIG) {
			/* A file written without indentation: the line may belong
			 * to the submode the previous line entered, as when it is
			 * pasted on IOS. Indentation still wins when both fit. */
			char *out2;

			cli_session_set_mode(s, prev, NULL);
			if (cli_session_exec(s, text, &pos) == CLI_OK) {
				st = CLI_OK;
				free(out);
				out = cli_session_take_output(s, &out_len);
			} else {
				out2 = cli_session_take_output(s, &out_len);
				free(out2);
				cli_session_set_mode(s, modes[depth], NULL);
			}
		}
		if (st == CLI_ASK) {
			/* A question cannot be answered from a file: say no. */
			cli_session_exec(s, "no", &pos);
			free(out);
			out = cli_session_take_output(s, &out_len);
			st = CLI_ERR_FAILED;
		}
		if (st != CLI_OK && st != CLI_QUIT) {
			report(errors, path, lineno, st, text, out);
			bad++;
		}
		free(out);
		if (cli_session_mode(s) == MODE_EXEC) /* `end` or `exit` in the file */
			cli_session_set_mode(s, MODE_CONFIG, NULL);
		if (depth < MAX_DEPTH) {
			top = depth + 1;
			modes[top] = cli_session_mode(s);
		}
	}
	free(line);
	cli_session_free(s);
	if (f != stdin)
		fclose(f);
	return bad;
}
