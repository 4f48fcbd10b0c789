/*
 * The grammar: a command's syntax string is parsed into a small tree of
 * tokens, optional groups and alternatives, then merged into its mode's
 * token tree. Every way through the syntax becomes a path, so shared
 * prefixes ("crypto ikev2 ...") share nodes and matching, `?` and Tab only
 * ever look at a node's children.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

static const char help_no[] = "Negate a command or set its defaults";
static const char help_default[] = "Set a command to its defaults";

enum ast_kind { AST_TOKEN, AST_SEQ, AST_OPT, AST_ALT };

struct ast {
	enum ast_kind kind;
	struct cli_token tok; /* AST_TOKEN */
	const char *help;     /* AST_TOKEN: its help line */
	size_t helplen;
	struct ast **kids; /* SEQ: items; OPT: one SEQ; ALT: one SEQ per choice */
	size_t n;
};

/* Everything allocated for one registration, freed together. */
struct arena {
	struct ast **v;
	size_t n, cap;
};

struct syntax_parser {
	const char *syntax, *p;
	struct arena *arena;
	struct ast **tokens; /* AST_TOKENs in syntax order, for the help lines */
	size_t ntokens, tokcap;
};

static struct ast *
ast_new(struct arena *a, enum ast_kind kind)
{
	struct ast *x = cli_xcalloc(1, sizeof(*x));

	x->kind = kind;
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		a->v = cli_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = x;
	return x;
}

static void
ast_add(struct ast *parent, struct ast *kid)
{
	parent->kids = cli_xrealloc(parent->kids, (parent->n + 1) * sizeof(*parent->kids));
	parent->kids[parent->n++] = kid;
}

static void
arena_free(struct arena *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->v[i]->tok.text);
		free(a->v[i]->kids);
		free(a->v[i]);
	}
	free(a->v);
}

static bool
is_special(char c)
{
	return c == '[' || c == ']' || c == '{' || c == '}' || c == '|';
}

/* Next lexical item: a special character or a word. Returns its length,
 * 0 at the end. */
static size_t
lex(struct syntax_parser *sp, const char **start)
{
	size_t n = 0;

	while (isspace((unsigned char)*sp->p))
		sp->p++;
	*start = sp->p;
	if (*sp->p == '\0')
		return 0;
	if (is_special(*sp->p))
		return 1;
	while (sp->p[n] && !isspace((unsigned char)sp->p[n]) && !is_special(sp->p[n]))
		n++;
	return n;
}

static void __attribute__((noreturn))
syntax_error(const struct syntax_parser *sp, const char *why)
{
	cli_fatal("cli_register: bad syntax \"%s\" at offset %zu: %s", sp->syntax,
		  (size_t)(sp->p - sp->syntax), why);
}

static struct ast *parse_seq(struct syntax_parser *sp);

static struct ast *
parse_group(struct syntax_parser *sp, char open)
{
	struct ast *g = ast_new(sp->arena, open == '[' ? AST_OPT : AST_ALT);
	char close = open == '[' ? ']' : '}';
	const char *start;

	for (;;) {
		struct ast *seq = parse_seq(sp);

		if (seq->n == 0)
			syntax_error(sp, "empty group or alternative");
		ast_add(g, seq);
		if (lex(sp, &start) != 1 || (*start != close && *start != '|'))
			syntax_error(sp, "unbalanced brackets");
		sp->p++;
		if (*start == close)
			break;
		if (open == '[')
			syntax_error(sp, "'|' outside {}");
	}
	return g;
}

static struct ast *
parse_seq(struct syntax_parser *sp)
{
	struct ast *seq = ast_new(sp->arena, AST_SEQ);
	const char *start;
	size_t n;

	while ((n = lex(sp, &start)) > 0) {
		if (*start == '[' || *start == '{') {
			sp->p++;
			ast_add(seq, parse_group(sp, *start));
		} else if (is_special(*start)) {
			break; /* the caller consumes it */
		} else {
			struct ast *t = ast_new(sp->arena, AST_TOKEN);

			if (!cli_token_parse(start, n, &t->tok))
				syntax_error(sp, "unknown token");
			sp->p += n;
			ast_add(seq, t);
			if (sp->ntokens == sp->tokcap) {
				sp->tokcap = sp->tokcap ? 2 * sp->tokcap : 16;
				sp->tokens = cli_xrealloc(sp->tokens,
							  sp->tokcap * sizeof(*sp->tokens));
			}
			sp->tokens[sp->ntokens++] = t;
		}
	}
	return seq;
}

static struct ast *
parse_syntax(const char *syntax, const char *help, struct arena *arena)
{
	struct syntax_parser sp = {.syntax = syntax, .p = syntax, .arena = arena};
	struct ast *top = parse_seq(&sp);
	const char *h = help, *start;
	size_t i;

	if (lex(&sp, &start) != 0)
		syntax_error(&sp, "unbalanced brackets");
	if (top->n == 0)
		syntax_error(&sp, "empty command");
	if (!help)
		cli_fatal("cli_register: \"%s\" has no help", syntax);
	for (i = 0; i < sp.ntokens; i++) {
		const char *nl = strchr(h, '\n');
		size_t len = nl ? (size_t)(nl - h) : strlen(h);

		if (!nl && i + 1 < sp.ntokens)
			break;
		sp.tokens[i]->help = h;
		sp.tokens[i]->helplen = len;
		h = nl ? nl + 1 : h + len;
	}
	/* one trailing newline is tolerated */
	if (i < sp.ntokens || *h != '\0')
		cli_fatal("cli_register: \"%s\": help has the wrong number of lines "
			  "(%zu tokens)", syntax, sp.ntokens);
	free(sp.tokens);
	return top;
}

/* --- Merging paths into the tree ------------------------------------------ */

struct frontier {
	struct cli_node **v;
	size_t n, cap;
};

static void
frontier_add(struct frontier *f, struct cli_node *node)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i] == node)
			return;
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 8;
		f->v = cli_xrealloc(f->v, f->cap * sizeof(*f->v));
	}
	f->v[f->n++] = node;
}

struct inserter {
	struct cli_tree *tree;
	struct cli_node *root;
	const struct cli_reg *reg;
};

static struct cli_node *
node_child(struct inserter *in, struct cli_node *parent, const struct ast *t)
{
	struct cli_node *kid = NULL;

	if (parent->tok.kind == TOK_LINE && parent != in->root)
		cli_fatal("cli_register: \"%s\": LINE must be the last token", in->reg->syntax);
	for (size_t i = 0; i < parent->nkids; i++) {
		if (strcmp(parent->kids[i]->tok.text, t->tok.text) == 0) {
			kid = parent->kids[i];
			break;
		}
	}
	if (!kid) {
		kid = cli_xcalloc(1, sizeof(*kid));
		kid->tok = t->tok;
		kid->tok.text = cli_xstrdup(t->tok.text);
		kid->help = cli_xstrndup(t->help, t->helplen);
		kid->minpriv = 15;
		parent->kids = cli_xrealloc(parent->kids,
					    (parent->nkids + 1) * sizeof(*parent->kids));
		parent->kids[parent->nkids++] = kid;
	}
	if (parent == in->root && kid->tok.kind == TOK_KEYWORD &&
	    (strcmp(kid->tok.text, "no") == 0 || strcmp(kid->tok.text, "default") == 0)) {
		/* IOS help for these, whoever registered first */
		free(kid->help);
		kid->help = cli_xstrdup(kid->tok.text[0] == 'n' ? help_no : help_default);
	}
	if (in->reg->priv < kid->minpriv)
		kid->minpriv = in->reg->priv;
	if (!(in->reg->cmd.flags & CLI_F_HIDDEN))
		kid->visible = true;
	return kid;
}

static void
expand(struct inserter *in, const struct ast *a, const struct frontier *from,
       struct frontier *to)
{
	struct frontier cur = {0}, next = {0};

	switch (a->kind) {
	case AST_TOKEN:
		for (size_t i = 0; i < from->n; i++)
			frontier_add(to, node_child(in, from->v[i], a));
		break;
	case AST_SEQ:
		for (size_t i = 0; i < from->n; i++)
			frontier_add(&cur, from->v[i]);
		for (size_t k = 0; k < a->n; k++) {
			next.n = 0;
			expand(in, a->kids[k], &cur, &next);
			struct frontier tmp = cur;
			cur = next;
			next = tmp;
		}
		for (size_t i = 0; i < cur.n; i++)
			frontier_add(to, cur.v[i]);
		break;
	case AST_OPT:
		for (size_t i = 0; i < from->n; i++)
			frontier_add(to, from->v[i]);
		expand(in, a->kids[0], from, to);
		break;
	case AST_ALT:
		for (size_t k = 0; k < a->n; k++)
			expand(in, a->kids[k], from, to);
		break;
	}
	free(cur.v);
	free(next.v);
}

static void
set_terminal(struct inserter *in, struct cli_node *node)
{
	const struct cli_reg *old = node->reg, *reg = in->reg;

	if (node == in->root)
		cli_fatal("cli_register: \"%s\" can match an empty line", reg->syntax);
	if (old == NULL || old == reg) {
		node->reg = reg;
		return;
	}
	/* An explicit registration beats a generated no/default form. */
	if (old->automatic && !reg->automatic) {
		node->reg = reg;
		return;
	}
	if (!old->automatic && reg->automatic)
		return;
	cli_fatal("cli_register: \"%s%s\" duplicates \"%s%s\" in mode %d",
		  reg->form == FORM_NO ? "no " : reg->form == FORM_DEFAULT ? "default " : "",
		  reg->syntax,
		  old->form == FORM_NO ? "no " : old->form == FORM_DEFAULT ? "default " : "",
		  old->syntax, (int)reg->cmd.mode);
}

static void
insert(struct cli_tree *tree, const struct ast *top, const struct cli_reg *reg)
{
	struct cli_node *root = tree->root[reg->cmd.mode];
	struct inserter in = {.tree = tree, .root = root, .reg = reg};
	struct frontier from = {0}, to = {0};

	frontier_add(&from, root);
	expand(&in, top, &from, &to);
	for (size_t i = 0; i < to.n; i++)
		set_terminal(&in, to.v[i]);
	free(from.v);
	free(to.v);
}

static struct cli_reg *
reg_new(struct cli_tree *tree, const struct cli_cmd *cmd, enum cli_form form, bool automatic)
{
	struct cli_reg *reg = cli_xcalloc(1, sizeof(*reg));

	reg->cmd = *cmd;
	reg->syntax = cli_xstrdup(cmd->syntax);
	reg->form = form;
	reg->automatic = automatic;
	reg->priv = (cmd->mode != MODE_EXEC || (cmd->flags & CLI_F_PRIV15)) ? 15 : 1;
	if (cmd->mode == MODE_EXEC && strncmp(cmd->syntax, "show ", 5) == 0)
		reg->cmd.flags |= CLI_F_PIPE;
	tree->regs = cli_xrealloc(tree->regs, (tree->nregs + 1) * sizeof(*tree->regs));
	tree->regs[tree->nregs++] = reg;
	return reg;
}

/* "no"/"default" + the leading keywords + the rest, where each further token
 * may be left off from the right: [A [B [C]]]. With full, the rest stays
 * required. */
static struct ast *
negated_form(struct arena *arena, const struct ast *top, const char *word, const char *help,
	     bool full)
{
	struct ast *seq = ast_new(arena, AST_SEQ), *kw = ast_new(arena, AST_TOKEN);
	struct ast *tail = seq;
	size_t i = 0;

	kw->tok.kind = TOK_KEYWORD;
	kw->tok.text = cli_xstrdup(word);
	kw->help = help;
	kw->helplen = strlen(help);
	ast_add(seq, kw);
	if (!full) {
		for (; i < top->n && top->kids[i]->kind == AST_TOKEN &&
		       top->kids[i]->tok.kind == TOK_KEYWORD;
		     i++)
			ast_add(seq, top->kids[i]);
		/* a bare "no" never names a command: without leading keywords
		 * the first item stays required */
		if (i == 0)
			ast_add(seq, top->kids[i++]);
	}
	for (; i < top->n; i++) {
		if (full) {
			ast_add(seq, top->kids[i]);
			continue;
		}
		struct ast *opt = ast_new(arena, AST_OPT), *inner = ast_new(arena, AST_SEQ);

		ast_add(opt, inner);
		ast_add(inner, top->kids[i]);
		ast_add(tail, opt);
		tail = inner;
	}
	return seq;
}

void
cli_register(struct cli_tree *tree, const struct cli_cmd *cmd)
{
	struct arena arena = {0};
	struct ast *top;
	enum cli_form form = FORM_PLAIN;

	if (!cmd || !cmd->syntax)
		cli_fatal("cli_register: no syntax");
	if ((unsigned)cmd->mode >= MODE_COUNT)
		cli_fatal("cli_register: \"%s\": bad mode %d", cmd->syntax, (int)cmd->mode);
	if (!cmd->handler)
		cli_fatal("cli_register: \"%s\": no handler", cmd->syntax);
	top = parse_syntax(cmd->syntax, cmd->help, &arena);

	/* An explicit "no X"/"default X" is that form of a command. */
	if (top->kids[0]->kind == AST_TOKEN && top->kids[0]->tok.kind == TOK_KEYWORD) {
		if (strcmp(top->kids[0]->tok.text, "no") == 0)
			form = FORM_NO;
		else if (strcmp(top->kids[0]->tok.text, "default") == 0)
			form = FORM_DEFAULT;
	}
	if (form != FORM_PLAIN && (cmd->flags & (CLI_F_NO | CLI_F_NO_FULL)))
		cli_fatal("cli_register: \"%s\": CLI_F_NO on a no/default form", cmd->syntax);

	insert(tree, top, reg_new(tree, cmd, form, false));
	if (cmd->flags & (CLI_F_NO | CLI_F_NO_FULL)) {
		bool full = (cmd->flags & CLI_F_NO_FULL) != 0;

		insert(tree, negated_form(&arena, top, "no", help_no, full),
		       reg_new(tree, cmd, FORM_NO, true));
		insert(tree, negated_form(&arena, top, "default", help_default, full),
		       reg_new(tree, cmd, FORM_DEFAULT, true));
	}
	arena_free(&arena);
}

void
cli_register_all(struct cli_tree *tree, const struct cli_cmd *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cli_register(tree, &cmds[i]);
}

void
cli_node_free(struct cli_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		cli_node_free(n->kids[i]);
	free(n->kids);
	free(n->tok.text);
	free(n->help);
	free(n);
}

struct cli_tree *
cli_tree_new(void)
{
	struct cli_tree *tree = cli_xcalloc(1, sizeof(*tree));

	for (int m = 0; m < MODE_COUNT; m++) {
		tree->root[m] = cli_xcalloc(1, sizeof(*tree->root[m]));
		tree->root[m]->tok.kind = TOK_KEYWORD;
		tree->root[m]->tok.text = cli_xstrdup("");
		tree->root[m]->help = cli_xstrdup("");
		tree->root[m]->visible = true;
		tree->root[m]->minpriv = 1;
	}
	cli_builtin_register(tree);
	return tree;
}

void
cli_tree_set_enable_check(struct cli_tree *tree,
			  bool (*check)(void *app, const char *pw, bool *configured))
{
	tree->enable_check = check;
}

void
cli_tree_free(struct cli_tree *tree)
{
	if (!tree)
		return;
	for (int m = 0; m < MODE_COUNT; m++)
		cli_node_free(tree->root[m]);
	for (size_t i = 0; i < tree->nregs; i++) {
		free(tree->regs[i]->syntax);
		free(tree->regs[i]);
	}
	free(tree->regs);
	cli_tree_set_iftypes(tree, NULL, 0);
	free(tree);
}
