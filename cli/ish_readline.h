/* readline glue: IOS keys on top of readline's line editing and history.
 *   ?       help for the line typed so far, then the line is shown again
 *   Tab     completion of the current word
 *   Ctrl-Z  leave configuration mode (`end`), shown as ^Z
 *   Ctrl-C  drop the line, shown as ^C (and leave configuration mode)
 */
#ifndef LIOS_ISH_READLINE_H
#define LIOS_ISH_READLINE_H

#include <stdbool.h>

struct ish_rl_ops {
	/* Prints `?` help for line (the text before the cursor). */
	void (*help)(void *ctx, const char *line);
	/* The completed line for line, malloc'ed, or NULL. */
	char *(*complete)(void *ctx, const char *line);
	/* Also watched while a line is being typed (-1: none): when readable,
	 * unasked(ctx) runs; it returns <= 0 when reading should stop. */
	int unasked_fd;
	int (*unasked)(void *ctx);
	void *ctx;
};

enum ish_rl_key {
	ISH_RL_LINE = 0, /* an ordinary line */
	ISH_RL_CTRL_Z,
	ISH_RL_CTRL_C,
};

/* Sets readline up on the terminal on stdin (and stops the terminal from
 * turning Ctrl-Z and Ctrl-C into signals). */
void ish_rl_init(const struct ish_rl_ops *ops);
/* Puts the terminal back as it was. */
void ish_rl_done(void);
/* Reads a line: malloc'ed, or NULL at end of input. *key says whether the
 * line ended with Ctrl-Z or Ctrl-C instead of Enter. plain: an answer to a
 * question, where '?' and Tab are ordinary characters. */
char *ish_rl_read(const char *prompt, bool plain, enum ish_rl_key *key);
/* Prints a line that arrived unasked (a log message): while a line is
 * being typed, on its own line, then the prompt and the typed text again. */
void ish_rl_print_unasked(const char *text);
/* Reads an answer without echo (passwords); malloc'ed, or NULL at EOF. */
char *ish_rl_read_secret(const char *question);

#endif
