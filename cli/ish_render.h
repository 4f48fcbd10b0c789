/* How ish shows an error: the IOS caret line and message, then a blank line. */
#ifndef LIOS_ISH_RENDER_H
#define LIOS_ISH_RENDER_H

#include <stddef.h>
#include <stdio.h>

/*
 * For CLI_ERR_INVALID: a line with the '^' under the bad character, whose
 * column counts the prompt (strlen(prompt) + err_pos), then the message.
 * For the other statuses with a message: the message. A blank line follows,
 * as on IOS. echo_line: print prompt and line first (scripts, where the
 * terminal did not show them).
 */
void ish_render_error(FILE *out, int status, const char *message, const char *prompt,
		      const char *line, size_t err_pos, int echo_line);

/* The message ish makes up itself for errors it finds (pipe part). */
const char *ish_render_local_message(int status);

#endif
