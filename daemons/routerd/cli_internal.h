/*
 * Engine internals shared by the cli_*.c files: the token kinds, the token
 * tree each mode's commands are merged into, sessions, and the walker that
 * matches typed words against a tree. Nothing here is visible to the model
 * or the server; they use cli_engine.h.
 */
#ifndef LIOS_CLI_INTERNAL_H
#define LIOS_CLI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "cli_engine.h"

/* --- Small helpers (cli_util.c) ------------------------------------------ */

void *cli_xmalloc(size_t n);
void *cli_xcalloc(size_t n, size_t size);
void *cli_xrealloc(void *p, size_t n);
char *cli_xstrdup(const char *s);
char *cli_xstrndup(const char *s, size_t n);
__attribute__((noreturn, format(printf, 1, 2))) void cli_fatal(const char *fmt, ...);

/* A growing text buffer (the session's output). */
struct cli_buf {
	char *p;
	size_t len, cap;
};
void cli_buf_vprintf(struct cli_buf *b, const char *fmt, va_list ap);
void cli_buf_append(struct cli_buf *b, const char *s, size_t n);
void cli_buf_free(struct cli_buf *b);

/* What `?` on an empty line prints first ("Exec commands:"). */
const char *cli_mode_help_heading(enum cli_mode mode);

/* --- Tokens (cli_token.c) -------------------------------------------------- */

enum cli_tok_kind {
	TOK_KEYWORD,
	TOK_RANGE,  /* <lo-hi> */
	TOK_IPV4,   /* A.B.C.D */
	TOK_PREFIX, /* A.B.C.D/M */
	TOK_IFNAME,
	TOK_WORD,
	TOK_LINE,
};

struct cli_token {
	enum cli_tok_kind kind;
	char *text; /* keyword (lower case) or the placeholder as written */
	unsigned long lo, hi;
};

/* Parses one syntax word into tok; false if it is not a valid token. */
bool cli_token_parse(const char *word, size_t len, struct cli_token *tok);
/* Does the whole word w (n bytes) match a placeholder token (not keywords)? */
bool cli_token_accepts(const struct cli_token *tok, const char *w, size_t n);
/* How many leading bytes of w can start a value of tok: the caret goes
 * there when nothing matches. A value checked as a whole (a number out of
 * range) gives 0; a complete-looking prefix cut short gives n. */
size_t cli_token_good_prefix(const struct cli_token *tok, const char *w, size_t n);
/* Can w (n bytes) be the beginning of a value of tok (help for "word?")? */
bool cli_token_could_start(const struct cli_token *tok, const char *w, size_t n);
/* Placeholders are tried in this order: specific before generic. */
int cli_token_tier(const struct cli_token *tok);
bool cli_is_ifname_start(const char *w, size_t n);

/* --- The token tree (cli_grammar.c) ----------------------------------------- */

enum cli_form { FORM_PLAIN, FORM_NO, FORM_DEFAULT };

/* One runnable form of a registered command. */
struct cli_reg {
	struct cli_cmd cmd;
	char *syntax;	/* copy, for messages */
	enum cli_form form;
	bool automatic; /* made by CLI_F_NO/CLI_F_NO_FULL */
	int priv;	/* privilege needed to see and run it */
};

struct cli_node {
	struct cli_token tok;
	char *help;
	struct cli_node **kids;
	size_t nkids;
	const struct cli_reg *reg; /* the command runs when the line ends here */
	int minpriv;		   /* lowest privilege of the commands through here */
	bool visible;		   /* some non-hidden command goes through here */
};

struct cli_tree {
	struct cli_node *root[MODE_COUNT];
	struct cli_reg **regs;
	size_t nregs;
	bool (*enable_check)(void *app, const char *pw, bool *configured);
	struct cli_iftype *iftypes; /* for ? and Tab at IFNAME */
	size_t niftypes;
};

void cli_node_free(struct cli_node *n);
void cli_builtin_register(struct cli_tree *tree);

/* --- Sessions (cli_session.c) ------------------------------------------------ */

#define CLI_HISTORY_SIZE 10 /* IOS "terminal history size" default */

struct cli_session {
	struct cli_tree *tree;
	void *app;
	int priv;
	enum cli_mode mode;
	char *context[MODE_COUNT]; /* name given when each mode was entered */
	const char *(*hostname_fn)(void *app);
	char *prompt;
	struct cli_buf out;
	struct cli_terminal term;
	char *history[CLI_HISTORY_SIZE];
	size_t nhistory;
	/* a pending question (CLI_ASK) */
	bool asking;
	char *question;
	bool echo;
	cli_answer_fn answer_fn;
	void *answer_state;
	int enable_tries;
};

struct cli_cmd_ctx {
	struct cli_session *s;
	const struct cli_reg *reg;
	const char *line;
	size_t argc;
	char **args;
	const struct cli_node **nodes;
	size_t *argpos;
	size_t *err_pos;
};

/* Runs a line in the session's mode with parent-mode fallback. */
enum cli_status cli_session_run(struct cli_session *s, const char *line, size_t *err_pos);
/* Moves the session to mode (an ancestor or a submode). */
void cli_session_goto(struct cli_session *s, enum cli_mode mode);

/* --- Matching words against a tree (cli_match.c) --------------------------- */

struct cli_word {
	size_t pos, len;
};

struct cli_words {
	const char *line;
	size_t linelen; /* without trailing white space */
	struct cli_word *w;
	size_t n;
};

void cli_words_split(struct cli_words *ws, const char *line);
void cli_words_free(struct cli_words *ws);

/* One matched token: the node, and which words it took (IFNAME may take 2,
 * LINE takes the rest). */
struct cli_step {
	const struct cli_node *node;
	size_t word, nwords;
};

struct cli_walk {
	const struct cli_words *ws;
	int priv;
	size_t nend; /* words to match */
	bool collect; /* help/Tab: gather the nodes reached after nend words */
	/* exec result */
	bool found;
	struct cli_step *path, *best;
	size_t depth, best_depth, cap;
	/* collect result */
	const struct cli_node **reached;
	size_t nreached, reached_cap;
	/* the furthest failure seen */
	enum cli_status fail;
	size_t fail_pos;
};

/* Matches ws->w[0..nend) from root. Exec mode: on success walk->found and
 * walk->best hold the path. Collect mode: walk->reached holds the nodes. On
 * failure walk->fail and walk->fail_pos say why and where. */
void cli_walk_run(struct cli_walk *walk, const struct cli_node *root);
void cli_walk_free(struct cli_walk *walk);
/* Is child usable at privilege priv? */
bool cli_node_usable(const struct cli_node *n, int priv);
/* Is n's command runnable at priv when the line ends at n? */
bool cli_node_runs(const struct cli_node *n, int priv);
/* The text a step matched: full keyword, joined IFNAME, LINE's rest. */
char *cli_step_value(const struct cli_words *ws, const struct cli_step *st);

#endif
