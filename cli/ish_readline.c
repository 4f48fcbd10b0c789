/* ish_readline: readline with the IOS key bindings. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "ish_readline.h"

static struct ish_rl_ops rl_ops;
static enum ish_rl_key rl_last_key;
/* Answering a question: '?' and Tab are just characters. */
static bool rl_plain;
/* The callback interface is between install and the line handler. */
static bool rl_reading;
static bool rl_got_line;
static char *rl_line;
static struct termios saved_tty;
static bool have_saved_tty;

/* The text before the cursor, malloc'ed. */
static char *
text_before_point(void)
{
	return strndup(rl_line_buffer, (size_t)rl_point);
}

static int
key_help(int count, int key)
{
	char *line;
	int point = rl_point;

	if (rl_plain)
		return rl_insert(count, key);
	line = text_before_point();
	if (!line)
		return 0;
	/* Show the '?' after the line, as IOS does, then the help, then the
	 * prompt and the line again with the cursor where it was. */
	rl_point = rl_end;
	rl_redisplay();
	fputs("?\n", rl_outstream);
	fflush(rl_outstream);
	rl_ops.help(rl_ops.ctx, line);
	free(line);
	rl_point = point;
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static int
key_complete(int count, int key)
{
	char *line;
	char *done;

	if (rl_plain)
		return rl_insert(count, key);
	line = text_before_point();
	if (!line)
		return 0;
	done = rl_ops.complete(rl_ops.ctx, line);
	free(line);
	if (!done)
		return 0;
	rl_begin_undo_group();
	rl_delete_text(0, rl_point);
	rl_point = 0;
	rl_insert_text(done);
	rl_end_undo_group();
	free(done);
	return 0;
}

static int
key_finish(enum ish_rl_key which, const char *shown)
{
	/* IOS leaves the typed text on the screen and marks it "^Z"/"^C". */
	rl_point = rl_end;
	rl_redisplay();
	fputs(shown, rl_outstream);
	fputs("\n", rl_outstream);
	fflush(rl_outstream);
	rl_replace_line("", 0);
	rl_last_key = which;
	rl_done = 1;
	return 0;
}

static int
key_ctrl_z(int count, int key)
{
	return key_finish(ISH_RL_CTRL_Z, "^Z");
}

static int
key_ctrl_c(int count, int key)
{
	return key_finish(ISH_RL_CTRL_C, "^C");
}

/* Killed (sshd hanging up, kill): put the terminal back as it was before
 * ish changed it, then die of the same signal. */
static void
restore_and_die(int sig)
{
	tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

void
ish_rl_init(const struct ish_rl_ops *ops)
{
	rl_ops = *ops;
	rl_readline_name = "ish";
	/* Read the inputrc now, so that it cannot undo the IOS keys below. */
	rl_initialize();
	/* Plain output for scripts driving a terminal (Netmiko, expect):
	 * no bracketed-paste or meta-key escape sequences around prompts. */
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_variable_bind("enable-meta-key", "off");
	rl_bind_key('?', key_help);
	rl_bind_key('\t', key_complete);
	rl_bind_key(0x1a, key_ctrl_z);
	rl_bind_key(0x03, key_ctrl_c);
	/* Let Ctrl-Z and Ctrl-C reach readline as keys, not signals. */
	if (tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
		struct termios t = saved_tty;

		have_saved_tty = true;
		t.c_cc[VSUSP] = _POSIX_VDISABLE;
		t.c_cc[VINTR] = _POSIX_VDISABLE;
#ifdef VDSUSP
		t.c_cc[VDSUSP] = _POSIX_VDISABLE;
#endif
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
		signal(SIGTERM, restore_and_die);
		signal(SIGHUP, restore_and_die);
		signal(SIGQUIT, restore_and_die);
	}
}

void
ish_rl_done(void)
{
	if (have_saved_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
}

static void
line_handler(char *line)
{
	rl_line = line;
	rl_got_line = true;
	/* Removing the handler here keeps readline from showing the prompt
	 * again before the command's output. */
	rl_callback_handler_remove();
	rl_reading = false;
}

char *
ish_rl_read(const char *prompt, bool plain, enum ish_rl_key *key)
{
	rl_last_key = ISH_RL_LINE;
	rl_plain = plain;
	rl_got_line = false;
	rl_line = NULL;
	/* readline's callback interface, so that log lines from routerd can
	 * be shown while the user is typing. */
	rl_callback_handler_install(prompt, line_handler);
	rl_reading = true;
	while (!rl_got_line) {
		struct pollfd pfd[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = rl_ops.unasked_fd, .events = POLLIN },
		};
		nfds_t n = rl_ops.unasked_fd >= 0 ? 2 : 1;

		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents) {
			rl_callback_read_char();
			continue;
		}
		if (n == 2 && pfd[1].revents && rl_ops.unasked(rl_ops.ctx) <= 0)
			break;
	}
	if (rl_reading) {
		/* Stopped without a line: leave the terminal on a fresh line. */
		rl_callback_handler_remove();
		rl_reading = false;
		fputs("\n", rl_outstream);
		fflush(rl_outstream);
	}
	*key = rl_last_key;
	return rl_line;
}

void
ish_rl_print_unasked(const char *text)
{
	size_t n = strlen(text);

	if (!rl_reading) {
		fputs(text, stdout);
		if (!n || text[n - 1] != '\n')
			fputc('\n', stdout);
		fflush(stdout);
		return;
	}
	/* Like IOS `logging synchronous`: the message on its own line, then
	 * the prompt and the half-typed line again. */
	fputs("\n", rl_outstream);
	fputs(text, rl_outstream);
	if (!n || text[n - 1] != '\n')
		fputc('\n', rl_outstream);
	fflush(rl_outstream);
	rl_on_new_line();
	rl_redisplay();
}

char *
ish_rl_read_secret(const char *question)
{
	struct termios old, quiet;
	bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
	size_t len = 0, cap = 64;
	char *buf = malloc(cap);
	bool eof = false;

	if (!buf)
		return NULL;
	fputs(question, stdout);
	fflush(stdout);
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ICANON;
		quiet.c_iflag |= ICRNL;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	for (;;) {
		char c;
		ssize_t n = read(STDIN_FILENO, &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			eof = len == 0;
			break;
		}
		if (c == '\n' || c == '\r')
			break;
		if (len + 2 > cap) {
			char *nb = realloc(buf, cap * 2);

			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		buf[len++] = c;
	}
	buf[len] = '\0';
	if (tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputs("\n", stdout);
	fflush(stdout);
	if (eof) {
		free(buf);
		return NULL;
	}
	return buf;
}
