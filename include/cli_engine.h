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
#define CLI_F_PIPE 0x10		/* output filters apply: where the command can run,
				 * ? lists "|  Output Modifiers" before <cr> as IOS
				 * does (set for every EXEC "show ..." command); the
				 * front end handles the pipe itself */

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
 * terminal length|width|monitor, show history, logout. In EXEC: `enable`,
 * `disable`, `exit`/`logout`/`quit` (CLI_QUIT), `terminal length <0-512>`,
 * `terminal width <0-512>`, `terminal [no] monitor`, `show history` at
 * privilege 1; `configure terminal` (prints "Enter configuration commands,
 * one per line.  End with CNTL/Z.") and bare `configure` (asks
 * "Configuring from terminal, memory, or network [terminal]? ") at 15.
 * In every configuration mode: `exit` (one level up, CONFIG -> EXEC), `end`
 * (to EXEC; the front end sends it for Ctrl-Z) and `do LINE` (LINE runs in
 * EXEC, then the session is back in its mode). The model registers its own
 * `show ...` commands next to `show history`. */
struct cli_tree;
struct cli_tree *cli_tree_new(void);
/* How `enable` checks a password against the application's enable secret:
 * returns true if pw is right; *configured=false when no secret is set
 * (IOS then answers "% No password set"). `enable` first calls it with ""
 * only to learn *configured; then asks "Password: " (echo off) up to three
 * times and answers "% Bad secrets" after the third wrong one. Without a
 * check function no secret is configured. */
void cli_tree_set_enable_check(struct cli_tree *tree,
			       bool (*check)(void *app, const char *pw, bool *configured));
void cli_tree_free(struct cli_tree *tree);

/* Interface types, for `?` and Tab at an IFNAME placeholder (matching is
 * not affected: IFNAME takes any name and the model checks it). With types
 * set, "interface ?" lists them as rows ("  Tunnel  Tunnel interface", in
 * ASCII order among the keywords, as IOS does), "interface Tu?" lists the
 * names starting so, "interface Tunnel ?" and "interface Tunnel0?" show the
 * unit row ("  <0-2147483647>  Tunnel interface number"), and Tab completes
 * "interface tu" to "interface Tunnel" (no space: the number follows).
 * Without types the placeholder row "IFNAME" is shown. The array and its
 * strings are copied; a new call replaces the list. */
struct cli_iftype {
	const char *name;      /* "Tunnel", "GigabitEthernet" */
	const char *help;      /* "Tunnel interface" */
	const char *unit;      /* "<0-2147483647>", "<0-9>" (may be NULL) */
	const char *unit_help; /* "Tunnel interface number" */
};
void cli_tree_set_iftypes(struct cli_tree *tree, const struct cli_iftype *types, size_t n);
/* Registers a command; aborts on a malformed syntax or help (programming error).
 * Keywords are lower case ([a-z0-9] and -_.:/+); upper case is reserved for
 * the placeholders above. Two commands that end on the same token path abort
 * too, except that an explicit registration silently wins over a "no"/
 * "default" form generated by CLI_F_NO/CLI_F_NO_FULL. A syntax that starts
 * with the keyword "no" (or "default") is that form: cli_ctx_negated() (or
 * cli_ctx_default()) is true and the word is not an argument.
 * CLI_F_NO: "no"/"default" + the leading keyword run + the remaining tokens,
 * which may be left off from the right (no ip address [A.B.C.D [A.B.C.D
 * [secondary]]]); a syntax without leading keywords keeps its first item
 * required, so a bare "no" never runs a command. */
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
/* The full prompt: "R1>", "R1#", "R1(config-if)#" ("Router" when there is no
 * hostname function or it returns NULL/""); '#' for privilege > 1. Valid
 * until the next call. */
const char *cli_session_prompt(struct cli_session *s);
/* Sets the mode directly (loader: chosen from indentation). A NULL context
 * keeps the name the mode was last entered with (going back up to a keyring
 * keeps its name). */
void cli_session_set_mode(struct cli_session *s, enum cli_mode mode, const char *context);

/*
 * Runs one line. The output (and, for CLI_ERR_*, nothing else: the caller
 * renders the IOS message with cli_status_message()) is appended to the
 * session's output buffer. *err_pos receives the byte offset in line of the
 * first bad character for CLI_ERR_INVALID. Parent-mode fallback is applied:
 * a line invalid in the current mode is tried in each ancestor mode up to
 * CONFIG (never from a config mode into EXEC); if it runs in an ancestor, the
 * session moves to that mode before the handler runs. When it fails
 * everywhere, the error reported is the one that got furthest into the line
 * (ties: the nearest mode), so `interface` typed in config-if is incomplete
 * rather than invalid. Blank lines and lines starting with '!' do nothing.
 * While a question is pending the line is its answer (see cli_ask()).
 *
 * Real IOS transcripts agree with this caret placement: "show interaface
 * trunk" marks the 'a' after "inter", "show lacp neighbor" typed in an
 * interface mode marks the 'o' ("sh" fits shutdown), "clock set 15:00:00 32"
 * marks the "32", "show ip route 5.16.126.49/22" marks the '/', and
 * "host name S2" marks "S2" (host = hostname, name = its WORD).
 *
 * Matching a word at a point of the grammar: an exact keyword wins; else a
 * keyword the word is the only prefix of (even where a WORD would fit too,
 * as `tunnel mode gre ip` wants); else the placeholders accepting the word
 * (numbers/addresses, then IFNAME, WORD, LINE; tried in turn); else several
 * prefix keywords are CLI_ERR_AMBIGUOUS; else CLI_ERR_INVALID with err_pos at
 * the first character no token can continue with: inside a keyword after
 * the longest common prefix ("shiw" -> under 'i'), a number out of range
 * at its first digit, "1.2.3.x" at the 'x', an octet above 255 at its first
 * digit, an address cut short ("1.2.3") just after the word, a word after a
 * complete command at its first character.
 * In EXEC, a lone word that is invalid is taken for a host name as IOS
 * does (domain lookup off): the output gets "Translating \"foo\"" and
 * "% Unknown command or computer name, or unable to find computer address"
 * and the status is CLI_ERR_FAILED.
 */
enum cli_status cli_session_exec(struct cli_session *s, const char *line, size_t *err_pos);
/* While a question is pending (CLI_ASK), the next line is the answer. */
bool cli_session_asking(const struct cli_session *s, const char **question, bool *echo);

/* Output buffer: take ownership of what commands printed so far (never
 * NULL: "" when nothing was printed; len may be NULL). */
char *cli_session_take_output(struct cli_session *s, size_t *len);
/* Appends to the output buffer (for cli_answer_fn continuations). */
void cli_session_printf(struct cli_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* IOS text for a status: "% Incomplete command." etc. For the ambiguous case
 * it needs the line as typed. Returns a malloc'ed string without a newline,
 * or NULL for CLI_OK, CLI_ERR_FAILED, CLI_ASK and CLI_QUIT. */
char *cli_status_message(enum cli_status st, const char *line);

/* `?` help: for "word?" the keywords that start with word; for "words ?"
 * the possible next tokens as (token, help) rows plus "<cr>" when the line
 * is complete. Rendered in IOS layout into the output buffer.
 * Returns CLI_OK, or an error status for an invalid prefix (with err_pos).
 * line is what precedes the '?' (a trailing '?' is ignored).
 * Layout: "word?" prints the candidates on one line, each followed by two
 * spaces as IOS does ("dir  disable  disconnect  "), wrapped at the
 * terminal width; "words ?" prints rows "  TOKEN  Help" with
 * TOKEN padded to the longest token, placeholders first, keywords sorted,
 * then "  |  Output Modifiers" (CLI_F_PIPE) and "  <cr>"; on an empty line
 * a heading comes first ("Exec commands:", "Configure commands:",
 * "Interface configuration commands:"). No blank line after it: the front
 * end adds it, as after an error. "word?" with no candidate prints
 * "% Unrecognized command" and returns CLI_ERR_FAILED. In a config mode
 * "do ?" shows do's "LINE" row and "do WORDS..." is helped in EXEC. */
enum cli_status cli_session_help(struct cli_session *s, const char *line, size_t *err_pos);
/* Tab: the completed line (malloc'ed), or NULL when nothing unique completes.
 * Only the last word is completed, to a keyword, plus a space: "conf t" ->
 * "conf terminal "; a keyword typed in full counts as unique even when
 * longer ones start with it ("group 1" -> "group 1 " beside "14"). */
char *cli_session_complete(struct cli_session *s, const char *line);

/* Per-session terminal settings, used by `terminal ...` and by the front end. */
struct cli_terminal {
	unsigned length; /* 0 = no paging; default 24 */
	unsigned width;	 /* default 80 */
	bool monitor;
};
struct cli_terminal *cli_session_terminal(struct cli_session *s);

/* History of lines run (show history). cli_session_exec() does not add: the
 * front end adds each line it runs, before running it (IOS lists the `show
 * history` line itself), and never the answer to a question with echo off.
 * The last 10 lines are kept (IOS terminal history size). */
void cli_session_history_add(struct cli_session *s, const char *line);
size_t cli_session_history(const struct cli_session *s, const char *const **lines);

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
/* Byte offset in the line of the first word of argument i (for a caret). */
size_t cli_ctx_arg_pos(struct cli_cmd_ctx *ctx, size_t i);
/* For a handler that rejects argument i as IOS's parser would ("interface
 * Foo0"): sets the caret under it; returns CLI_ERR_INVALID to be returned. */
enum cli_status cli_ctx_invalid(struct cli_cmd_ctx *ctx, size_t i);
/* The whole line as typed. */
const char *cli_ctx_line(struct cli_cmd_ctx *ctx);

void cli_printf(struct cli_cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cli_vprintf(struct cli_session *s, const char *fmt, va_list ap);
/* Prints "% text" and a newline (the handler then returns CLI_ERR_FAILED). */
void cli_error(struct cli_cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Enters a submode with a context name (the prompt changes). */
void cli_enter_mode(struct cli_cmd_ctx *ctx, enum cli_mode mode, const char *context);

/* Asks a question; the answer (next line) is passed to cont. The handler
 * returns the value of cli_ask(). echo=false for passwords. The question is
 * not put in the output: the front end shows it (cli_session_asking()) in
 * place of the prompt. cont's status is what cli_session_exec() returns for
 * the answer; cont may ask again. state is the handler's; the engine never
 * frees it. */
typedef enum cli_status (*cli_answer_fn)(struct cli_session *s, const char *answer, void *state);
enum cli_status cli_ask(struct cli_cmd_ctx *ctx, const char *question, bool echo,
			cli_answer_fn cont, void *state);
/* The same from a continuation (asking again). */
enum cli_status cli_session_ask(struct cli_session *s, const char *question, bool echo,
				cli_answer_fn cont, void *state);

#endif
