/* Output filters, applied by ish to what a show command printed:
 * `| include|exclude|begin|section|count REGEX`. */
#ifndef LIOS_ISH_PIPE_H
#define LIOS_ISH_PIPE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

enum ish_filter {
	ISH_FILTER_NONE = 0,
	ISH_FILTER_BEGIN,
	ISH_FILTER_COUNT,
	ISH_FILTER_EXCLUDE,
	ISH_FILTER_INCLUDE,
	ISH_FILTER_SECTION,
};

struct ish_pipe {
	enum ish_filter filter;
	regex_t re;
};

/* Where the pipe starts in line: the offset of its '|', or -1 when the line
 * has none. Only a show command (also after `do`) takes a pipe, and only
 * the first " |" splits: the regex is the rest of the line. */
long ish_pipe_find(const char *line);

/*
 * Parses the pipe part of line (from ish_pipe_find()). On success returns 0
 * and *cmd_len is the length of the command before it (trailing blanks
 * dropped). On error returns an enum cli_status (CLI_ERR_INVALID with
 * *err_pos as an offset in line, or CLI_ERR_INCOMPLETE). Without a pipe,
 * p->filter is ISH_FILTER_NONE and *cmd_len = strlen(line).
 */
int ish_pipe_parse(const char *line, struct ish_pipe *p, size_t *cmd_len, size_t *err_pos);
void ish_pipe_free(struct ish_pipe *p);

/* Applies the filter to text; returns a malloc'ed NUL-terminated result. */
char *ish_pipe_apply(const struct ish_pipe *p, const char *text, size_t len, size_t *out_len);

/* `?` and Tab after a pipe (line has one, ish_pipe_find() >= 0).
 * Help: the rendered help text (malloc'ed), or NULL with the error status
 * in *status and position in *err_pos. Complete: the completed line, or
 * NULL when nothing completes. */
char *ish_pipe_help(const char *line, int *status, size_t *err_pos);
char *ish_pipe_complete(const char *line);

#endif
