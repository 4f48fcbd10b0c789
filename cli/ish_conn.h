/* ish's side of the routerd session protocol (ipc.h). */
#ifndef LIOS_ISH_CONN_H
#define LIOS_ISH_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ish_conn {
	int fd;
	uint32_t seq;
	uint8_t *buf;
	/* Log lines routerd sends unasked (`terminal monitor`). */
	void (*on_log)(void *ctx, const char *text);
	void *log_ctx;
};

/* What routerd answered: the output and the session state after it. */
struct ish_reply {
	char *text; /* output of the command, NUL-terminated */
	size_t text_len;
	uint32_t status; /* enum cli_status */
	uint32_t err_pos;
	char *message;	/* IOS error message, or NULL */
	char *prompt;	/* prompt for the next line */
	char *question; /* a pending question, or NULL */
	bool echo;	/* echo the answer to the question */
	char *line;	/* COMPLETE: the completed line, or NULL */
	uint32_t term_length;
	uint32_t term_width;
};

int ish_conn_open(struct ish_conn *c, const char *path);
void ish_conn_close(struct ish_conn *c);
/* Sends a request (type from ipc.h, line may be NULL) and collects the
 * reply. 0, or -errno: -E2BIG for a line too long to send (nothing sent,
 * the session goes on), -ECONNRESET when routerd went away. */
int ish_conn_request(struct ish_conn *c, uint16_t type, const char *line, struct ish_reply *r);
void ish_reply_free(struct ish_reply *r);
/* Reads what routerd sent unasked (when the socket is readable between
 * requests) and hands log lines to on_log. 1, 0 when routerd closed the
 * session, or -errno. */
int ish_conn_read_unasked(struct ish_conn *c);

#endif
