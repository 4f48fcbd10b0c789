/* One connected shell: its engine session and how its requests are
 * answered (EXEC, HELP, COMPLETE, PROMPT; see ipc.h). */
#ifndef LIOS_ROUTERD_SESSION_REQUEST_H
#define LIOS_ROUTERD_SESSION_REQUEST_H

#include <stdbool.h>

#include "ipc.h"

struct router;
struct cli_session;

struct server_session {
	int fd;
	struct cli_session *cli;
};

struct server_session *server_session_new(struct router *r, int fd, int privilege);
/* Closes the socket too. */
void server_session_free(struct server_session *ss);
/* Answers one request. Returns false when the session is over (the shell
 * quit, or the socket failed): the caller frees it. */
bool server_session_handle(struct server_session *ss, const struct ipc_view *req);

#endif
