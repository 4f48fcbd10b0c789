/* ish_pipe: IOS output filters.
 *
 * The filter word may be abbreviated to a unique prefix (`| i`, `| be`,
 * `| sec`, `| cou`). The regex is POSIX extended and is the whole rest of
 * the line, spaces and '|' included (`| inc encaps|decaps`).
 * `section` prints every line that matches together with the lines
 * indented under it (so a matching top-level line brings its whole block),
 * and skips those children when looking for further matches. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_engine.h"
#include "ish_pipe.h"

struct filter_word {
	const char *name;
	const char *help;
	enum ish_filter filter;
};

static const struct filter_word filter_words[] = {
	{ "begin", "Begin with the line that matches", ISH_FILTER_BEGIN },
	{ "count", "Count number of lines which match regexp", ISH_FILTER_COUNT },
	{ "exclude", "Exclude lines that match", ISH_FILTER_EXCLUDE },
	{ "include", "Include lines that match", ISH_FILTER_INCLUDE },
	{ "section", "Filter a section of output", ISH_FILTER_SECTION },
};
#define NFILTERS (sizeof(filter_words) / sizeof(filter_words[0]))

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether word (len bytes) abbreviates "show" well enough to be one. */
static bool
is_show_word(const char *w, size_t len)
{
	return len >= 2 && len <= 4 && strncasecmp(w, "show", len) == 0;
}

long
ish_pipe_find(const char *line)
{
	const char *p = line, *w;
	size_t len;

	while (is_blank(*p))
		p++;
	w = p;
	while (*p && !is_blank(*p))
		p++;
	len = (size_t)(p - w);
	if (len == 2 && strncasecmp(w, "do", 2) == 0) {
		while (is_blank(*p))
			p++;
		w = p;
		while (*p && !is_blank(*p))
			p++;
		len = (size_t)(p - w);
	}
	if (!is_show_word(w, len))
		return -1;
	for (; *p; p++)
		if (*p == '|' && is_blank(p[-1]))
			return p - line;
	return -1;
}

/* Filter words that start with word[0..len); returns how many and the last. */
static size_t
match_filter(const char *word, size_t len, const struct filter_word **found)
{
	size_t i, n = 0;

	for (i = 0; i < NFILTERS; i++) {
		if (strncasecmp(filter_words[i].name, word, len) == 0) {
			*found = &filter_words[i];
			n++;
		}
	}
	return n;
}

int
ish_pipe_parse(const char *line, struct ish_pipe *p, size_t *cmd_len, size_t *err_pos)
{
	const struct filter_word *fw = NULL;
	long bar = ish_pipe_find(line);
	const char *w, *e, *re;
	size_t n;

	p->filter = ISH_FILTER_NONE;
	if (bar < 0) {
		*cmd_len = strlen(line);
		return 0;
	}
	n = (size_t)bar;
	while (n > 0 && is_blank(line[n - 1]))
		n--;
	*cmd_len = n;
	w = line + bar + 1;
	while (is_blank(*w))
		w++;
	if (!*w)
		return CLI_ERR_INCOMPLETE;
	e = w;
	while (*e && !is_blank(*e))
		e++;
	if (match_filter(w, (size_t)(e - w), &fw) != 1) {
		*err_pos = (size_t)(w - line);
		return CLI_ERR_INVALID;
	}
	re = e;
	while (is_blank(*re))
		re++;
	if (!*re)
		return CLI_ERR_INCOMPLETE;
	if (regcomp(&p->re, re, REG_EXTENDED | REG_NOSUB) != 0) {
		*err_pos = (size_t)(re - line);
		return CLI_ERR_INVALID;
	}
	p->filter = fw->filter;
	return 0;
}

void
ish_pipe_free(struct ish_pipe *p)
{
	if (p->filter != ISH_FILTER_NONE)
		regfree(&p->re);
	p->filter = ISH_FILTER_NONE;
}

struct outbuf {
	char *s;
	size_t len, cap;
};

static void
out_add(struct outbuf *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		char *ns;

		while (cap < o->len + n + 1)
			cap *= 2;
		ns = realloc(o->s, cap);
		if (!ns)
			abort(); /* out of memory in a front end: nothing sensible left */
		o->s = ns;
		o->cap = cap;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

static size_t
indent_of(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static bool
line_matches(const regex_t *re, const char *s, size_t n)
{
	char *tmp = strndup(s, n);
	bool m;

	if (!tmp)
		abort();
	m = regexec(re, tmp, 0, NULL, 0) == 0;
	free(tmp);
	return m;
}

char *
ish_pipe_apply(const struct ish_pipe *p, const char *text, size_t len, size_t *out_len)
{
	struct outbuf o = { 0 };
	const char *end = text + len, *l = text;
	bool begun = false;
	size_t count = 0;
	/* section: lines indented deeper than this belong to a printed match */
	long section_indent = -1;

	out_add(&o, "", 0);
	while (l < end) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		size_t n = nl ? (size_t)(nl - l) : (size_t)(end - l);
		size_t full = nl ? n + 1 : n;
		bool keep = false;

		switch (p->filter) {
		case ISH_FILTER_NONE:
			keep = true;
			break;
		case ISH_FILTER_INCLUDE:
			keep = line_matches(&p->re, l, n);
			break;
		case ISH_FILTER_EXCLUDE:
			keep = !line_matches(&p->re, l, n);
			break;
		case ISH_FILTER_BEGIN:
			if (!begun)
				begun = line_matches(&p->re, l, n);
			keep = begun;
			break;
		case ISH_FILTER_COUNT:
			count += line_matches(&p->re, l, n);
			break;
		case ISH_FILTER_SECTION: {
			long ind = (long)indent_of(l, n);

			if (section_indent >= 0 && ind > section_indent && ind < (long)n) {
				keep = true;
			} else {
				section_indent = -1;
				if (line_matches(&p->re, l, n)) {
					keep = true;
					section_indent = ind;
				}
			}
			break;
		}
		}
		if (keep)
			out_add(&o, l, full);
		l += full;
	}
	if (p->filter == ISH_FILTER_COUNT) {
		char buf[64];

		snprintf(buf, sizeof(buf), "Number of lines which match regexp = %zu\n", count);
		out_add(&o, buf, strlen(buf));
	}
	*out_len = o.len;
	return o.s;
}

/* The word being typed after the bar: start and length; *rest = what follows. */
static void
pipe_word(const char *line, const char **w, size_t *wlen, const char **rest)
{
	const char *p = line + ish_pipe_find(line) + 1;

	while (is_blank(*p))
		p++;
	*w = p;
	while (*p && !is_blank(*p))
		p++;
	*wlen = (size_t)(p - *w);
	*rest = p;
}

char *
ish_pipe_help(const char *line, int *status, size_t *err_pos)
{
	const struct filter_word *fw = NULL;
	struct outbuf o = { 0 };
	const char *w, *rest;
	size_t wlen, i;
	char buf[128];

	pipe_word(line, &w, &wlen, &rest);
	out_add(&o, "", 0);
	if (!*rest && wlen && !is_blank(line[strlen(line) - 1])) {
		/* "| in?": the filter words starting with what was typed */
		for (i = 0; i < NFILTERS; i++) {
			if (strncasecmp(filter_words[i].name, w, wlen) == 0) {
				snprintf(buf, sizeof(buf), "%s  ", filter_words[i].name);
				out_add(&o, buf, strlen(buf));
			}
		}
		if (!o.len) {
			free(o.s);
			*status = CLI_ERR_INVALID;
			*err_pos = (size_t)(w - line);
			return NULL;
		}
		out_add(&o, "\n\n", 2);
		return o.s;
	}
	if (!wlen) {
		/* "| ?": every filter */
		for (i = 0; i < NFILTERS; i++) {
			snprintf(buf, sizeof(buf), "  %-8s %s\n", filter_words[i].name,
				 filter_words[i].help);
			out_add(&o, buf, strlen(buf));
		}
		out_add(&o, "\n", 1);
		return o.s;
	}
	if (match_filter(w, wlen, &fw) != 1) {
		free(o.s);
		*status = CLI_ERR_INVALID;
		*err_pos = (size_t)(w - line);
		return NULL;
	}
	while (is_blank(*rest))
		rest++;
	out_add(&o, "  LINE  Regular Expression\n", 27);
	if (*rest)
		out_add(&o, "  <cr>\n", 7);
	out_add(&o, "\n", 1);
	return o.s;
}

char *
ish_pipe_complete(const char *line)
{
	const struct filter_word *fw = NULL;
	const char *w, *rest;
	size_t wlen, head;
	char *res;

	pipe_word(line, &w, &wlen, &rest);
	if (!wlen || *rest || match_filter(w, wlen, &fw) != 1)
		return NULL;
	head = (size_t)(w - line);
	res = malloc(head + strlen(fw->name) + 2);
	if (!res)
		return NULL;
	memcpy(res, line, head);
	strcpy(res + head, fw->name);
	strcat(res, " ");
	return res;
}
