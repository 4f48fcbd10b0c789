/*
 * Matching typed words against a mode's token tree.
 *
 * At each node the candidates for a word are chosen as IOS users expect:
 *   1. a keyword equal to the word (case-insensitive) is the only candidate;
 *   2. else a keyword the word is a prefix of, if it is the only one (so
 *      `tunnel mode gre ip` picks the keyword even where a WORD would fit);
 *   3. else the placeholders that accept the word, specific before generic
 *      (numbers and addresses, IFNAME, WORD, LINE), tried in that order;
 *   4. else, when several keywords start with the word, it is ambiguous;
 *   5. else the word is invalid, and the caret goes to the first character
 *      no candidate token can continue with.
 * Only placeholders are backtracked over; a chosen keyword is final. When
 * every path fails, the failure that got furthest into the line is the one
 * reported (IOS reports the furthest point its parser reached).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_internal.h"

void
cli_words_split(struct cli_words *ws, const char *line)
{
	size_t i = 0, cap = 0;

	memset(ws, 0, sizeof(*ws));
	ws->line = line;
	ws->linelen = strlen(line);
	while (ws->linelen > 0 && isspace((unsigned char)line[ws->linelen - 1]))
		ws->linelen--;
	while (i < ws->linelen) {
		size_t start;

		while (i < ws->linelen && isspace((unsigned char)line[i]))
			i++;
		if (i == ws->linelen)
			break;
		start = i;
		while (i < ws->linelen && !isspace((unsigned char)line[i]))
			i++;
		if (ws->n == cap) {
			cap = cap ? 2 * cap : 8;
			ws->w = cli_xrealloc(ws->w, cap * sizeof(*ws->w));
		}
		ws->w[ws->n].pos = start;
		ws->w[ws->n].len = i - start;
		ws->n++;
	}
}

void
cli_words_free(struct cli_words *ws)
{
	free(ws->w);
	ws->w = NULL;
	ws->n = 0;
}

bool
cli_node_usable(const struct cli_node *n, int priv)
{
	return n->minpriv <= priv;
}

bool
cli_node_runs(const struct cli_node *n, int priv)
{
	return n->reg && n->reg->priv <= priv;
}

char *
cli_step_value(const struct cli_words *ws, const struct cli_step *st)
{
	const struct cli_word *w = &ws->w[st->word];

	switch (st->node->tok.kind) {
	case TOK_KEYWORD:
		return cli_xstrdup(st->node->tok.text);
	case TOK_LINE:
		return cli_xstrndup(ws->line + w->pos, ws->linelen - w->pos);
	case TOK_IFNAME:
		if (st->nwords == 2) {
			char *v = cli_xmalloc(w[0].len + w[1].len + 1);

			memcpy(v, ws->line + w[0].pos, w[0].len);
			memcpy(v + w[0].len, ws->line + w[1].pos, w[1].len);
			v[w[0].len + w[1].len] = '\0';
			return v;
		}
		break;
	default:
		break;
	}
	return cli_xstrndup(ws->line + w->pos, w->len);
}

static int
fail_rank(enum cli_status st)
{
	return st == CLI_ERR_INCOMPLETE ? 3 : st == CLI_ERR_AMBIGUOUS ? 2 : 1;
}

static void
note_fail(struct cli_walk *walk, enum cli_status st, size_t pos)
{
	if (walk->fail == CLI_OK || pos > walk->fail_pos ||
	    (pos == walk->fail_pos && fail_rank(st) > fail_rank(walk->fail))) {
		walk->fail = st;
		walk->fail_pos = pos;
	}
}

struct cand {
	const struct cli_node *node;
	size_t nwords;
};

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int tx = cli_token_tier(&x->node->tok), ty = cli_token_tier(&y->node->tok);

	return tx - ty;
}

/* Fills out[] with the candidates for word i at node n (see the top of the
 * file). Returns how many; 0 with *st set to the error otherwise. */
static size_t
candidates(const struct cli_walk *walk, const struct cli_node *n, size_t i, struct cand *out,
	   enum cli_status *st, size_t *errpos)
{
	const struct cli_words *ws = walk->ws;
	const char *w = ws->line + ws->w[i].pos;
	size_t len = ws->w[i].len, nprefix = 0, nplace = 0, good = 0;
	const struct cli_node *prefix = NULL;

	for (size_t k = 0; k < n->nkids; k++) {
		const struct cli_node *kid = n->kids[k];

		if (!cli_node_usable(kid, walk->priv) || kid->tok.kind != TOK_KEYWORD)
			continue;
		if (strlen(kid->tok.text) == len && strncasecmp(kid->tok.text, w, len) == 0) {
			out[0].node = kid;
			out[0].nwords = 1;
			return 1;
		}
		if (strlen(kid->tok.text) > len && strncasecmp(kid->tok.text, w, len) == 0) {
			nprefix++;
			prefix = kid;
		}
	}
	if (nprefix == 1) {
		out[0].node = prefix;
		out[0].nwords = 1;
		return 1;
	}
	/* placeholders, in tier order; insertion sort keeps registration order */
	for (size_t k = 0; k < n->nkids; k++) {
		const struct cli_node *kid = n->kids[k];
		struct cand c = {kid, 1};
		size_t j;

		if (kid->tok.kind == TOK_KEYWORD || !cli_node_usable(kid, walk->priv))
			continue;
		if (kid->tok.kind == TOK_IFNAME && i + 1 < walk->nend &&
		    cli_is_ifname_start(w, len) &&
		    isdigit((unsigned char)ws->line[ws->w[i + 1].pos])) {
			/* "Tunnel 0" is one interface name */
			char *joined = cli_step_value(ws, &(struct cli_step){kid, i, 2});
			bool ok = cli_token_accepts(&kid->tok, joined, strlen(joined));

			free(joined);
			if (!ok)
				continue;
			c.nwords = 2;
		} else if (!cli_token_accepts(&kid->tok, w, len)) {
			continue;
		}
		for (j = nplace; j > 0 && cand_cmp(&out[j - 1], &c) > 0; j--)
			out[j] = out[j - 1];
		out[j] = c;
		nplace++;
	}
	if (nplace > 0)
		return nplace;
	if (nprefix > 1) {
		*st = CLI_ERR_AMBIGUOUS;
		*errpos = ws->w[i].pos;
		return 0;
	}
	/* the caret goes after the longest start some token accepts; when
	 * nothing may follow here at all, under the extra word */
	for (size_t k = 0; k < n->nkids; k++) {
		size_t g;

		if (!cli_node_usable(n->kids[k], walk->priv))
			continue;
		g = cli_token_good_prefix(&n->kids[k]->tok, w, len);
		if (g > good)
			good = g;
	}
	*st = CLI_ERR_INVALID;
	*errpos = ws->w[i].pos + good;
	return 0;
}

static void
reached_add(struct cli_walk *walk, const struct cli_node *n)
{
	for (size_t i = 0; i < walk->nreached; i++)
		if (walk->reached[i] == n)
			return;
	if (walk->nreached == walk->reached_cap) {
		walk->reached_cap = walk->reached_cap ? 2 * walk->reached_cap : 8;
		walk->reached = cli_xrealloc(walk->reached,
					     walk->reached_cap * sizeof(*walk->reached));
	}
	walk->reached[walk->nreached++] = n;
}

static void
path_push(struct cli_walk *walk, const struct cli_node *n, size_t word, size_t nwords)
{
	if (walk->depth == walk->cap) {
		walk->cap = walk->cap ? 2 * walk->cap : 16;
		walk->path = cli_xrealloc(walk->path, walk->cap * sizeof(*walk->path));
	}
	walk->path[walk->depth].node = n;
	walk->path[walk->depth].word = word;
	walk->path[walk->depth].nwords = nwords;
	walk->depth++;
}

static bool
walk_node(struct cli_walk *walk, const struct cli_node *n, size_t i)
{
	struct cand *cands;
	enum cli_status st = CLI_OK;
	size_t ncand, errpos = 0;
	bool done = false;

	if (i == walk->nend) {
		if (walk->collect) {
			reached_add(walk, n);
			return false;
		}
		if (cli_node_runs(n, walk->priv)) {
			walk->found = true;
			walk->best = cli_xmalloc((walk->depth + 1) * sizeof(*walk->best));
			memcpy(walk->best, walk->path, walk->depth * sizeof(*walk->best));
			walk->best_depth = walk->depth;
			return true;
		}
		note_fail(walk, CLI_ERR_INCOMPLETE, walk->ws->linelen);
		return false;
	}
	cands = cli_xcalloc(n->nkids ? n->nkids : 1, sizeof(*cands));
	ncand = candidates(walk, n, i, cands, &st, &errpos);
	if (ncand == 0)
		note_fail(walk, st, errpos);
	for (size_t k = 0; k < ncand && !done; k++) {
		size_t take = cands[k].nwords;

		if (cands[k].node->tok.kind == TOK_LINE)
			take = walk->nend - i;
		path_push(walk, cands[k].node, i, take);
		done = walk_node(walk, cands[k].node, i + take);
		walk->depth--;
	}
	free(cands);
	return done;
}

void
cli_walk_run(struct cli_walk *walk, const struct cli_node *root)
{
	walk->found = false;
	walk->fail = CLI_OK;
	walk->fail_pos = 0;
	walk->depth = 0;
	walk_node(walk, root, 0);
	if (!walk->found && !walk->collect && walk->fail == CLI_OK) {
		walk->fail = CLI_ERR_INVALID;
		walk->fail_pos = 0;
	}
}

void
cli_walk_free(struct cli_walk *walk)
{
	free(walk->path);
	free(walk->best);
	free(walk->reached);
	walk->path = walk->best = NULL;
	walk->reached = NULL;
}
