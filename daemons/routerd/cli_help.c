/*
 * `?` help and Tab completion. Both match the words before the cursor like
 * a command line (with the parent-mode fallback), then look at the
 * children of the nodes reached.
 *
 * Layout (IOS): "word?" lists the matching tokens on one line, each
 * followed by two spaces ("dir  disable  disconnect  "), wrapped at the
 * terminal width; "words ?" prints one row per next
 * token: two spaces, the token padded to the longest token + 2, its help;
 * placeholders first, then keywords in alphabetical order, then "<cr>"
 * when the line can run as typed; on an empty line a heading comes first
 * ("Exec commands:", "Configure commands:"). The front end adds the blank line and
 * shows the line again, as it does after an error.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_internal.h"

/* One line of help: a token (or an interface type, or its unit) and its
 * help text. keyword entries are sorted; a completion adds a space after
 * a keyword but not after an interface type (its number follows). */
struct entry {
	const char *text, *help;
	bool keyword, space;
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static void
entries_add(struct entries *e, const char *text, const char *help, bool keyword, bool space)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->v[i].text, text) == 0)
			return;
	if (e->n == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 16;
		e->v = cli_xrealloc(e->v, e->cap * sizeof(*e->v));
	}
	e->v[e->n].text = text;
	e->v[e->n].help = help;
	e->v[e->n].keyword = keyword;
	e->v[e->n].space = space;
	e->n++;
}

static void
entries_add_node(struct entries *e, const struct cli_node *n)
{
	entries_add(e, n->tok.text, n->help, n->tok.kind == TOK_KEYWORD, true);
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return strcmp(x->text, y->text);
}

/* Placeholders first, in registration order; then keywords (and interface
 * types) in ASCII order, which puts "Tunnel" before "range" as IOS does. */
static void
entries_sort(struct entries *e)
{
	size_t nplace = 0;

	for (size_t i = 0; i < e->n; i++) {
		if (!e->v[i].keyword) {
			struct entry p = e->v[i];

			memmove(e->v + nplace + 1, e->v + nplace, (i - nplace) * sizeof(*e->v));
			e->v[nplace++] = p;
		}
	}
	if (e->n > nplace + 1)
		qsort(e->v + nplace, e->n - nplace, sizeof(*e->v), entry_cmp);
}

/* --- Interface types at an IFNAME -------------------------------------------- */

static size_t
alpha_len(const char *w, size_t n)
{
	size_t i = 0;

	while (i < n && isalpha((unsigned char)w[i]))
		i++;
	return i;
}

/* The only type whose name starts with w[0..n), or NULL. */
static const struct cli_iftype *
iftype_unique(const struct cli_tree *tree, const char *w, size_t n)
{
	const struct cli_iftype *found = NULL;

	for (size_t i = 0; i < tree->niftypes; i++) {
		const struct cli_iftype *t = &tree->iftypes[i];

		if (strlen(t->name) < n || strncasecmp(t->name, w, n) != 0)
			continue;
		if (strlen(t->name) == n)
			return t;
		if (found)
			return NULL;
		found = t;
	}
	return found;
}

/* What `?` or Tab offers at an IFNAME for the word typed so far: the type
 * names it starts, or the unit once a type and its number began. */
static void
iftypes_add(const struct cli_tree *tree, struct entries *e, const char *partial, size_t plen,
	    bool completing)
{
	size_t alen = partial ? alpha_len(partial, plen) : 0;
	const struct cli_iftype *t;

	if (partial && alen < plen) {
		if (completing || alen == 0 || !isdigit((unsigned char)partial[alen]))
			return;
		t = iftype_unique(tree, partial, alen);
		if (t && t->unit)
			entries_add(e, t->unit, t->unit_help ? t->unit_help : "", false, false);
		return;
	}
	for (size_t i = 0; i < tree->niftypes; i++) {
		t = &tree->iftypes[i];
		if (partial && (strlen(t->name) < plen || strncasecmp(t->name, partial, plen) != 0))
			continue;
		entries_add(e, t->name, t->help ? t->help : "", true, false);
	}
}

void
cli_tree_set_iftypes(struct cli_tree *tree, const struct cli_iftype *types, size_t n)
{
	for (size_t i = 0; i < tree->niftypes; i++) {
		free((char *)tree->iftypes[i].name);
		free((char *)tree->iftypes[i].help);
		free((char *)tree->iftypes[i].unit);
		free((char *)tree->iftypes[i].unit_help);
	}
	free(tree->iftypes);
	tree->iftypes = n ? cli_xcalloc(n, sizeof(*tree->iftypes)) : NULL;
	tree->niftypes = n;
	for (size_t i = 0; i < n; i++) {
		tree->iftypes[i].name = cli_xstrdup(types[i].name);
		tree->iftypes[i].help = types[i].help ? cli_xstrdup(types[i].help) : NULL;
		tree->iftypes[i].unit = types[i].unit ? cli_xstrdup(types[i].unit) : NULL;
		tree->iftypes[i].unit_help =
			types[i].unit_help ? cli_xstrdup(types[i].unit_help) : NULL;
	}
}

/* The keyword node word resolves to at n (exact or unique prefix), if any. */
static const struct cli_node *
resolve_keyword(const struct cli_node *n, const char *w, size_t len, int priv)
{
	const struct cli_node *found = NULL;
	size_t nfound = 0;

	for (size_t k = 0; k < n->nkids; k++) {
		const struct cli_node *kid = n->kids[k];

		if (kid->tok.kind != TOK_KEYWORD || !cli_node_usable(kid, priv) ||
		    strncasecmp(kid->tok.text, w, len) != 0 || strlen(kid->tok.text) < len)
			continue;
		if (strlen(kid->tok.text) == len)
			return kid;
		found = kid;
		nfound++;
	}
	return nfound == 1 ? found : NULL;
}

/* In a configuration mode, `do ...` is helped as the EXEC line after it.
 * Returns the offset of that line, or 0 when line is not a `do`. */
static size_t
do_offset(const struct cli_session *s, const struct cli_words *ws)
{
	const struct cli_node *kw;

	/* "do ?" itself shows do's LINE, as IOS does */
	if (s->mode == MODE_EXEC || ws->n < 2)
		return 0;
	kw = resolve_keyword(s->tree->root[s->mode], ws->line + ws->w[0].pos, ws->w[0].len,
			     s->priv);
	if (!kw || strcmp(kw->tok.text, "do") != 0)
		return 0;
	return ws->w[1].pos;
}

/* Collects into e the tokens that may follow the words before the cursor
 * in mode m (partial == NULL), or those that could start with partial;
 * *cr when the line can run as it is. Returns false when the words do not
 * match in m (*st and *err_pos say why). */
static bool
gather(struct cli_session *s, enum cli_mode m, const struct cli_words *ws, size_t nend,
       const char *partial, size_t plen, bool completing, struct entries *e, bool *cr,
       enum cli_status *st, size_t *err_pos)
{
	struct cli_walk walk = {.ws = ws, .priv = s->priv, .nend = nend, .collect = true};
	const struct cli_tree *tree = s->tree;

	cli_walk_run(&walk, tree->root[m]);
	if (walk.nreached == 0) {
		*st = walk.fail == CLI_OK ? CLI_ERR_INVALID : walk.fail;
		*err_pos = walk.fail_pos;
		cli_walk_free(&walk);
		return false;
	}
	for (size_t r = 0; r < walk.nreached; r++) {
		const struct cli_node *n = walk.reached[r];

		if (n->tok.kind == TOK_IFNAME && tree->niftypes > 0 && nend > 0) {
			/* "interface Tunnel ?", "interface Tunnel 0?": the type's
			 * number comes next */
			const struct cli_word *w = &ws->w[nend - 1];
			const char *word = ws->line + w->pos;
			const struct cli_iftype *t = alpha_len(word, w->len) == w->len
							     ? iftype_unique(tree, word, w->len)
							     : NULL;

			if (t && t->unit) {
				if (!partial ||
				    (!completing && isdigit((unsigned char)partial[0])))
					entries_add(e, t->unit, t->unit_help ? t->unit_help : "",
						    false, false);
				continue;
			}
		}
		if (!partial && cli_node_runs(n, s->priv)) {
			*cr = true;
			/* IOS offers the output filters where a show command
			 * can run; the front end applies them */
			if (n->reg->cmd.flags & CLI_F_PIPE)
				entries_add(e, "|", "Output Modifiers", true, true);
		}
		for (size_t k = 0; k < n->nkids; k++) {
			const struct cli_node *kid = n->kids[k];

			if (!kid->visible || !cli_node_usable(kid, s->priv))
				continue;
			if (kid->tok.kind == TOK_IFNAME && tree->niftypes > 0) {
				iftypes_add(tree, e, partial, plen, completing);
				continue;
			}
			if (completing && kid->tok.kind != TOK_KEYWORD)
				continue;
			if (partial && !cli_token_could_start(&kid->tok, partial, plen))
				continue;
			entries_add_node(e, kid);
		}
	}
	cli_walk_free(&walk);
	return true;
}

enum gather_result { GATHER_FOUND, GATHER_NOTHING, GATHER_ERROR };

/* gather() in the session's mode, then in its ancestors as a line would
 * run: the first mode where the words match and something is found. When
 * the words match nowhere, the error that got furthest is returned. */
static enum gather_result
gather_fallback(struct cli_session *s, const struct cli_words *ws, size_t nend,
		const char *partial, size_t plen, bool completing, struct entries *e, bool *cr,
		enum cli_status *st, size_t *err_pos)
{
	enum cli_status best = CLI_OK, fst;
	size_t best_pos = 0, fpos;
	bool matched = false;

	for (enum cli_mode m = s->mode;; m = cli_mode_parent(m)) {
		e->n = 0;
		*cr = false;
		if (gather(s, m, ws, nend, partial, plen, completing, e, cr, &fst, &fpos)) {
			if (e->n > 0 || *cr)
				return GATHER_FOUND;
			matched = true;
		} else if (best == CLI_OK || fpos > best_pos) {
			best = fst;
			best_pos = fpos;
		}
		if (m == MODE_EXEC || m == MODE_CONFIG)
			break;
	}
	if (matched)
		return GATHER_NOTHING;
	*st = best;
	*err_pos = best == CLI_ERR_INVALID ? best_pos : 0;
	return GATHER_ERROR;
}

static bool
ends_with_space(const char *line, size_t len)
{
	return len == 0 || isspace((unsigned char)line[len - 1]);
}

static void
print_words(struct cli_session *s, const struct entries *e)
{
	unsigned width = s->term.width;
	size_t col = 0;

	/* IOS ends every word with two spaces, the last one too */
	for (size_t i = 0; i < e->n; i++) {
		size_t len = strlen(e->v[i].text);

		if (col > 0 && width > 0 && col + len + 2 > width) {
			cli_buf_append(&s->out, "\n", 1);
			col = 0;
		}
		cli_buf_append(&s->out, e->v[i].text, len);
		cli_buf_append(&s->out, "  ", 2);
		col += len + 2;
	}
	cli_buf_append(&s->out, "\n", 1);
}

static void
print_rows(struct cli_session *s, const struct entries *e, bool cr)
{
	size_t width = 0;

	for (size_t i = 0; i < e->n; i++)
		if (strlen(e->v[i].text) > width)
			width = strlen(e->v[i].text);
	for (size_t i = 0; i < e->n; i++) {
		if (e->v[i].help[0])
			cli_session_printf(s, "  %-*s  %s\n", (int)width, e->v[i].text,
					   e->v[i].help);
		else
			cli_session_printf(s, "  %s\n", e->v[i].text);
	}
	if (cr)
		cli_session_printf(s, "  <cr>\n");
}

enum cli_status
cli_session_help(struct cli_session *s, const char *line, size_t *err_pos)
{
	size_t dummy, len, off, nend;
	char *copy;
	struct cli_words ws;
	struct entries e = {0};
	enum cli_status st = CLI_OK;
	bool partial, cr = false;

	if (!err_pos)
		err_pos = &dummy;
	*err_pos = 0;
	if (!line)
		line = "";
	len = strlen(line);
	if (len > 0 && line[len - 1] == '?')
		len--;
	copy = cli_xstrndup(line, len);
	partial = !ends_with_space(copy, len);
	cli_words_split(&ws, copy);

	off = do_offset(s, &ws);
	if (off > 0) {
		enum cli_mode saved = s->mode;

		s->mode = MODE_EXEC;
		st = cli_session_help(s, copy + off, err_pos);
		s->mode = saved;
		if (st == CLI_ERR_INVALID)
			*err_pos += off;
		goto out;
	}

	nend = ws.n - (partial ? 1 : 0);
	switch (gather_fallback(s, &ws, nend, partial ? copy + ws.w[nend].pos : NULL,
				partial ? ws.w[nend].len : 0, false, &e, &cr, &st, err_pos)) {
	case GATHER_ERROR:
		goto out;
	case GATHER_NOTHING:
	case GATHER_FOUND:
		break;
	}
	entries_sort(&e);
	if (partial) {
		if (e.n == 0) {
			cli_session_printf(s, "%% Unrecognized command\n");
			st = CLI_ERR_FAILED;
		} else {
			print_words(s, &e);
		}
	} else {
		if (ws.n == 0)
			cli_session_printf(s, "%s\n", cli_mode_help_heading(s->mode));
		print_rows(s, &e, cr);
	}
out:
	free(e.v);
	cli_words_free(&ws);
	free(copy);
	return st;
}

char *
cli_session_complete(struct cli_session *s, const char *line)
{
	size_t len, off, nend;
	struct cli_words ws;
	enum cli_status st;
	size_t err_pos;
	char *result = NULL;
	struct entries e = {0};
	bool cr;

	if (!line)
		return NULL;
	len = strlen(line);
	if (ends_with_space(line, len))
		return NULL;
	cli_words_split(&ws, line);

	off = do_offset(s, &ws);
	if (off > 0) {
		enum cli_mode saved = s->mode;
		char *inner;

		s->mode = MODE_EXEC;
		inner = cli_session_complete(s, line + off);
		s->mode = saved;
		if (inner) {
			result = cli_xmalloc(off + strlen(inner) + 1);
			memcpy(result, line, off);
			strcpy(result + off, inner);
			free(inner);
		}
		cli_words_free(&ws);
		return result;
	}

	nend = ws.n - 1;
	if (gather_fallback(s, &ws, nend, line + ws.w[nend].pos, ws.w[nend].len, true, &e, &cr,
			    &st, &err_pos) == GATHER_FOUND) {
		const struct entry *only = e.n == 1 ? &e.v[0] : NULL;

		/* as in matching, a keyword typed in full wins over longer ones */
		for (size_t i = 0; !only && i < e.n; i++)
			if (strlen(e.v[i].text) == ws.w[nend].len &&
			    strncasecmp(e.v[i].text, line + ws.w[nend].pos, ws.w[nend].len) == 0)
				only = &e.v[i];
		if (only) {
			size_t pos = ws.w[nend].pos, kl = strlen(only->text);

			result = cli_xmalloc(pos + kl + 2);
			memcpy(result, line, pos);
			memcpy(result + pos, only->text, kl);
			result[pos + kl] = only->space ? ' ' : '\0';
			result[pos + kl + 1] = '\0';
		}
	}
	free(e.v);
	cli_words_free(&ws);
	return result;
}
