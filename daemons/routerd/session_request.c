/* session_request: answers a shell's requests with its engine session.
 *
 * Every answer is the command's output as DATA records, then an END with
 * the session state the shell needs to go on: status, err_pos and the IOS
 * message for errors, the next prompt (or the pending question and
 * whether to echo the answer), terminal length and width for the pager. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_engine.h"
#include "ipc.h"
#include "router.h"
#include "session_request.h"

struct server_session *
server_session_new(struct router *r, int fd, int privilege)
{
	struct server_session *ss = calloc(1, sizeof(*ss));

	if (!ss)
		return NULL;
	ss->cli = cli_session_new(router_cli_tree(r), r, privilege);
	if (!ss->cli) {
		free(ss);
		return NULL;
	}
	cli_session_set_hostname_fn(ss->cli, router_hostname);
	ss->fd = fd;
	return ss;
}

void
server_session_free(struct server_session *ss)
{
	if (!ss)
		return;
	cli_session_free(ss->cli);
	close(ss->fd);
	free(ss);
}

static bool
status_has_message(enum cli_status st)
{
	return st == CLI_ERR_INVALID || st == CLI_ERR_INCOMPLETE || st == CLI_ERR_AMBIGUOUS;
}

/* Sends what the commands printed, then END with the state. */
static int
send_reply(struct server_session *ss, uint32_t seq, enum cli_status st, size_t err_pos,
	   const char *line, const char *completed)
{
	struct cli_terminal *term = cli_session_terminal(ss->cli);
	const char *question;
	struct ipc_msg m;
	size_t out_len = 0;
	char *out;
	bool echo = true;
	int err;

	out = cli_session_take_output(ss->cli, &out_len);
	err = ipc_send_text(ss->fd, seq, IPC_F_TEXT, out ? out : "", out ? out_len : 0);
	free(out);
	if (err)
		return err;

	ipc_msg_init(&m, IPC_END, seq);
	ipc_msg_add_u32(&m, IPC_F_STATUS, st);
	ipc_msg_add_u32(&m, IPC_F_ERR_POS, (uint32_t)err_pos);
	if (status_has_message(st)) {
		char *msg = cli_status_message(st, line);

		if (msg)
			ipc_msg_add_str(&m, IPC_F_MESSAGE, msg);
		free(msg);
	}
	if (completed)
		ipc_msg_add_str(&m, IPC_F_LINE, completed);
	if (st != CLI_QUIT && cli_session_asking(ss->cli, &question, &echo)) {
		ipc_msg_add_str(&m, IPC_F_QUESTION, question);
		ipc_msg_add_u32(&m, IPC_F_ECHO, echo);
	}
	ipc_msg_add_str(&m, IPC_F_PROMPT, cli_session_prompt(ss->cli));
	ipc_msg_add_u32(&m, IPC_F_PRIVILEGE, (uint32_t)cli_session_privilege(ss->cli));
	ipc_msg_add_u32(&m, IPC_F_TERM_LENGTH, term ? term->length : 0);
	ipc_msg_add_u32(&m, IPC_F_TERM_WIDTH, term ? term->width : 80);
	err = ipc_send(ss->fd, &m);
	ipc_msg_free(&m);
	return err;
}

static enum cli_status
run_exec(struct server_session *ss, const char *line, size_t *err_pos)
{
	const char *question;
	bool echo;

	/* An answer to a question (a password) is not a command: keep it
	 * out of `show history`. */
	if (!cli_session_asking(ss->cli, &question, &echo) && line[strspn(line, " \t")])
		cli_session_history_add(ss->cli, line);
	return cli_session_exec(ss->cli, line, err_pos);
}

bool
server_session_handle(struct server_session *ss, const struct ipc_view *req)
{
	enum cli_status st = CLI_OK;
	const char *line = "";
	char *completed = NULL;
	size_t err_pos = 0;
	int err;

	switch (req->type) {
	case IPC_RTR_EXEC:
	case IPC_RTR_HELP:
	case IPC_RTR_COMPLETE:
		if (!ipc_get_str(req, IPC_F_LINE, &line)) {
			err = ipc_send_err(ss->fd, req->seq, EINVAL, "request without a line");
			return err == 0;
		}
		break;
	case IPC_RTR_PROMPT:
		break;
	default:
		err = ipc_send_err(ss->fd, req->seq, EOPNOTSUPP, "unknown request");
		return err == 0;
	}

	switch (req->type) {
	case IPC_RTR_EXEC:
		st = run_exec(ss, line, &err_pos);
		break;
	case IPC_RTR_HELP:
		st = cli_session_help(ss->cli, line, &err_pos);
		break;
	case IPC_RTR_COMPLETE:
		completed = cli_session_complete(ss->cli, line);
		break;
	default:
		break;
	}
	err = send_reply(ss, req->seq, st, err_pos, line, completed);
	free(completed);
	return err == 0 && st != CLI_QUIT;
}
