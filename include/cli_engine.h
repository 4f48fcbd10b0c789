/*
 * The IOS command engine: modes, the command grammar, parsing with unique
 * prefix abbreviation, `?` help, Tab completion, `no`/`default`/`do`, and
 * per-session state. It knows nothing about the router's configuration:
 * commands are registered by other parts (router.h) with handlers.
 *
 * Why not libcli's parser: measured on libcli 1.10.7 (shared notes,
 * ios-reference.md §4) it reports ambiguous input as invalid, gives no
 * position for the IOS caret, falls back only to config mode, and its
 * argument model leaves extra words to each callback. IOS users notice all
 * of these, so the grammar engine is ours (see ARCHITECTURE.md).
 *
 * Output of commands goes into a growing text buffer owned by the session;
 * the transport (routerd's socket server, or `routerd -n`) sends it on.
 */
#ifndef LIOS_CLI_ENGINE_H
#define LIOS_CLI_ENGINE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Modes. Each has a parent (for `exit` and for the parent-mode fallback
 * that makes a pasted show-run work) and a prompt suffix. */
enum cli_mode {
	MODE_EXEC = 0,		   /* R1> and R1# (privilege decides the char) */
	MODE_CONFIG,		   /* (config) */
	MODE_CONFIG_IF,		   /* (config-if) */
	MODE_IKEV2_PROPOSAL,	   /* (config-ikev2-proposal) */
	MODE_IKEV2_POLICY,	   /* (config-ikev2-policy) */
	MODE_IKEV2_KEYRING,	   /* (config-ikev2-keyring) */
	MODE_IKEV2_KEYRING_PEER,   /* (config-ikev2-keyring-peer), parent: keyring */
	MODE_IKEV2_PROFILE,	   /* (config-ikev2-profile) */
	MODE_ISAKMP,		   /* (config-isakmp) */
	MODE_CRYPTO_TRANS,	   /* (cfg-crypto-trans) */
	MODE_IPSEC_PROFILE,	   /* (ipsec-profile) */
	MODE_COUNT
};

/* Returns the mode's parent (MODE_EXEC for MODE_CONFIG and for MODE_EXEC). */
enum cli_mode cli_mode_parent(enum cli_mode mode);
/* "(config-if)" etc.; "" for MODE_EXEC. */
const char *cli_mode_prompt_suffix(enum cli_mode mode);

/* Result of running one line. */
enum cli_status {
	CLI_OK = 0,
	CLI_ERR_INVALID,   /* "% Invalid input detected at '^' marker." at err_pos */
	CLI_ERR_INCOMPLETE, /* "% Incomplete command." */
	CLI_ERR_AMBIGUOUS, /* "% Ambiguous command:  \"...\"" */
	CLI_ERR_FAILED,	   /* the handler refused; it printed its own "% ..." text */
	CLI_ASK,	   /* the command asks a question: see cli_ask() */
	CLI_QUIT,	   /* the session ends (exit/logout in EXEC) */
};

struct cli_session;
struct cli_cmd_ctx;

typedef enum cli_status (*cli_handler_fn)(struct cli_cmd_ctx *ctx);

/* Command flags. */
#define CLI_F_PRIV15 0x01	/* needs privilege 15 (all config modes imply it) */
#define CLI_F_NO 0x02		/* also register "no ..." and "default ...": every
				 * token after the leading keywords becomes optional */
#define CLI_F_NO_FULL 0x04	/* also register "no ..." and "default ..." with the
				 * whole syntax required (no interface X, no ip route ...) */
#define CLI_F_HIDDEN 0x08	/* accepted but not shown by ? or Tab */

/*
 * A command. syntax is a sequence of tokens:
 *   keyword        matched by a unique case-insensitive prefix
 *   <lo-hi>        decimal integer in range (unsigned 32-bit)
 *   A.B.C.D        IPv4 address;  A.B.C.D/M  IPv4 prefix
 *   WORD           any one word (help shows "WORD")
 *   LINE           the rest of the line, spaces included (must be last)
 *   IFNAME         an interface name (may be two words: "GigabitEthernet 0/0"
 *                  is joined into "GigabitEthernet0/0")
 *   {a|b|c}        exactly one of the alternatives (each a single token)
 *   [ ... ]        optional group (may hold several tokens and nest)
 * help has one line per token in syntax order, separated by '\n' (for an
 * alternative or a group, one line per token inside it, in order).
 * cli_register() checks the count and aborts on a mismatch, so a unit test
 * that builds the whole tree catches every wrong help string.
 */
struct cli_cmd {
	enum cli_mode mode;
	const char *syntax;
	const char *help;
	cli_handler_fn handler;
	unsigned flags;
	void *data; /* handler's own pointer */
};

/* The command set shared by all sessions. cli_tree_new() registers the
 * engine's own commands: exit, end, do, enable, disable, configure terminal,
 * terminal length|width|monitor, show history, logout. */
struct cli_tree;
struct cli_tree *cli_tree_new(void);
/* How `enable` checks a password against the application's enable secret:
 * returns true if pw is right; *configured=false when no secret is set
 * (IOS then answers "% No password set"). */
void cli_tree_set_enable_check(struct cli_tree *tree,
			       bool (*check)(void *app, const char *pw, bool *configured));
void cli_tree_free(struct cli_tree *tree);
/* Registers a command; aborts on a malformed syntax or help (programming error). */
void cli_register(struct cli_tree *tree, const struct cli_cmd *cmd);
void cli_register_all(struct cli_tree *tree, const struct cli_cmd *cmds, size_t n);

/* Sessions: one per connected shell, or one for loading a file. */
struct cli_session *cli_session_new(struct cli_tree *tree, void *app, int privilege);
void cli_session_free(struct cli_session *s);
void *cli_session_app(const struct cli_session *s);
enum cli_mode cli_session_mode(const struct cli_session *s);
int cli_session_privilege(const struct cli_session *s);
void cli_session_set_privilege(struct cli_session *s, int privilege);
/* The hostname part of the prompt is supplied by the application. */
void cli_session_set_hostname_fn(struct cli_session *s, const char *(*fn)(void *app));
/* The full prompt: "R1>", "R1#", "R1(config-if)#". Valid until the next call. */
const char *cli_session_prompt(struct cli_session *s);
/* Sets the mode directly (loader: chosen from indentation). */
void cli_session_set_mode(struct cli_session *s, enum cli_mode mode, const char *context);

/*
 * Runs one line. The output (and, for CLI_ERR_*, nothing else: the caller
 * renders the IOS message with cli_status_message()) is appended to the
 * session's output buffer. *err_pos receives the byte offset in line of the
 * first bad character for CLI_ERR_INVALID. Parent-mode fallback is applied:
 * a line invalid in the current mode is tried in each ancestor mode.
 */
enum cli_status cli_session_exec(struct cli_session *s, const char *line, size_t *err_pos);
/* While a question is pending (CLI_ASK), the next line is the answer. */
bool cli_session_asking(const struct cli_session *s, const char **question, bool *echo);

/* Output buffer: take ownership of what commands printed so far. */
char *cli_session_take_output(struct cli_session *s, size_t *len);

/* IOS text for a status: "% Incomplete command." etc. For the ambiguous case
 * it needs the line as typed. Returns a malloc'ed string, or NULL for CLI_OK. */
char *cli_status_message(enum cli_status st, const char *line);

/* `?` help: for "word?" the keywords that start with word; for "words ?"
 * the possible next tokens as (token, help) rows plus "<cr>" when the line
 * is complete. Rendered in IOS layout into the output buffer.
 * Returns CLI_OK, or an error status for an invalid prefix (with err_pos). */
enum cli_status cli_session_help(struct cli_session *s, const char *line, size_t *err_pos);
/* Tab: the completed line (malloc'ed), or NULL when nothing unique completes. */
char *cli_session_complete(struct cli_session *s, const char *line);

/* Per-session terminal settings, used by `terminal ...` and by the front end. */
struct cli_terminal {
	unsigned length; /* 0 = no paging; default 24 */
	unsigned width;	 /* default 80 */
	bool monitor;
};
struct cli_terminal *cli_session_terminal(struct cli_session *s);

/* History of lines run (show history). */
void cli_session_history_add(struct cli_session *s, const char *line);

/* --- For handlers ------------------------------------------------------ */

struct cli_session *cli_ctx_session(struct cli_cmd_ctx *ctx);
void *cli_ctx_app(struct cli_cmd_ctx *ctx);
void *cli_ctx_data(struct cli_cmd_ctx *ctx);
bool cli_ctx_negated(struct cli_cmd_ctx *ctx);	/* "no ..." */
bool cli_ctx_default(struct cli_cmd_ctx *ctx);	/* "default ..." */
/* The mode context: the name given to cli_enter_mode() for this mode
 * (interface name, proposal name, ...). For MODE_IKEV2_KEYRING_PEER, depth 0
 * is the peer name and depth 1 the keyring name. */
const char *cli_ctx_context(struct cli_cmd_ctx *ctx, unsigned depth);

/* Matched words, in syntax order, "no"/"default" excluded. Keywords are
 * given in full (the user may have typed a prefix); IFNAME joined; LINE is
 * the rest of the line verbatim. */
size_t cli_ctx_argc(struct cli_cmd_ctx *ctx);
const char *cli_ctx_arg(struct cli_cmd_ctx *ctx, size_t i);
/* The syntax token that word i matched ("<10-3600>", "periodic", "WORD"). */
const char *cli_ctx_token(struct cli_cmd_ctx *ctx, size_t i);
/* Index of the first matched word whose token is tok (a keyword in full, or a
 * placeholder as written in the syntax), or -1. */
int cli_ctx_find(struct cli_cmd_ctx *ctx, const char *tok);
/* The word after keyword kw ("priority" -> "3"), or NULL. */
const char *cli_ctx_after(struct cli_cmd_ctx *ctx, const char *kw);

void cli_printf(struct cli_cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_vprintf(struct cli_session *s, const char *fmt, va_list ap);
/* Prints "% text" (the handler then returns CLI_ERR_FAILED). */
void cli_error(struct cli_cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Enters a submode with a context name (the prompt changes). */
void cli_enter_mode(struct cli_cmd_ctx *ctx, enum cli_mode mode, const char *context);

/* Asks a question; the answer (next line) is passed to cont. The handler
 * returns the value of cli_ask(). echo=false for passwords. */
typedef enum cli_status (*cli_answer_fn)(struct cli_session *s, const char *answer, void *state);
enum cli_status cli_ask(struct cli_cmd_ctx *ctx, const char *question, bool echo,
			cli_answer_fn cont, void *state);

#endif
