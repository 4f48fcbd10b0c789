/* ish_render: IOS error layout. */
#include "config.h"

#include <string.h>

#include "cli_engine.h"
#include "ish_render.h"

const char *
ish_render_local_message(int status)
{
	switch (status) {
	case CLI_ERR_INVALID:
		return "% Invalid input detected at '^' marker.";
	case CLI_ERR_INCOMPLETE:
		return "% Incomplete command.";
	default:
		return NULL;
	}
}

void
ish_render_error(FILE *out, int status, const char *message, const char *prompt,
		 const char *line, size_t err_pos, int echo_line)
{
	if (!message)
		message = ish_render_local_message(status);
	if (!message)
		return;
	if (echo_line)
		fprintf(out, "%s%s\n", prompt, line);
	if (status == CLI_ERR_INVALID) {
		size_t col = strlen(prompt) + err_pos, i;

		for (i = 0; i < col; i++)
			fputc(' ', out);
		fputs("^\n", out);
	}
	/* Exactly one blank line after the message, whatever it ends with. */
	fputs(message, out);
	if (!*message || message[strlen(message) - 1] != '\n')
		fputc('\n', out);
	fputc('\n', out);
	fflush(out);
}
