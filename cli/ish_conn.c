/* ish_conn: sends one request to routerd and gathers DATA records up to END. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ipc.h"
#include "ish_conn.h"

int
ish_conn_open(struct ish_conn *c, const char *path)
{
	c->seq = 0;
	c->buf = malloc(IPC_MAX_MSG);
	if (!c->buf)
		return -ENOMEM;
	c->fd = ipc_connect(path);
	if (c->fd < 0) {
		free(c->buf);
		c->buf = NULL;
		return c->fd;
	}
	return 0;
}

void
ish_conn_close(struct ish_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->buf);
	c->buf = NULL;
}

void
ish_reply_free(struct ish_reply *r)
{
	free(r->text);
	free(r->message);
	free(r->prompt);
	free(r->question);
	free(r->line);
	memset(r, 0, sizeof(*r));
}

static int
append_text(struct ish_reply *r, const char *s)
{
	size_t n = strlen(s);
	char *nt = realloc(r->text, r->text_len + n + 1);

	if (!nt)
		return -ENOMEM;
	memcpy(nt + r->text_len, s, n + 1);
	r->text = nt;
	r->text_len += n;
	return 0;
}

static char *
dup_field(const struct ipc_view *v, uint16_t tag)
{
	const char *s;

	return ipc_get_str(v, tag, &s) ? strdup(s) : NULL;
}

static void
read_end(const struct ipc_view *v, struct ish_reply *r)
{
	uint32_t echo = 1;

	ipc_get_u32(v, IPC_F_STATUS, &r->status);
	ipc_get_u32(v, IPC_F_ERR_POS, &r->err_pos);
	ipc_get_u32(v, IPC_F_TERM_LENGTH, &r->term_length);
	ipc_get_u32(v, IPC_F_TERM_WIDTH, &r->term_width);
	ipc_get_u32(v, IPC_F_ECHO, &echo);
	r->echo = echo != 0;
	r->message = dup_field(v, IPC_F_MESSAGE);
	r->prompt = dup_field(v, IPC_F_PROMPT);
	r->question = dup_field(v, IPC_F_QUESTION);
	r->line = dup_field(v, IPC_F_LINE);
}

struct call {
	struct ish_conn *conn;
	struct ish_reply *reply;
	int err;
};

static void
on_data(const struct ipc_view *v, void *arg)
{
	struct call *call = arg;
	const char *s;

	if (ipc_get_str(v, IPC_F_TEXT, &s) && append_text(call->reply, s) < 0)
		call->err = -ENOMEM;
}

static void
on_event(const struct ipc_view *v, void *arg)
{
	struct call *call = arg;
	const char *s;

	if (v->type == IPC_RTR_LOG && call->conn->on_log && ipc_get_str(v, IPC_F_TEXT, &s))
		call->conn->on_log(call->conn->log_ctx, s);
}

int
ish_conn_request(struct ish_conn *c, uint16_t type, const char *line, struct ish_reply *r)
{
	struct call call = { .conn = c, .reply = r };
	struct ipc_view end;
	struct ipc_msg m;
	int err;

	memset(r, 0, sizeof(*r));
	r->term_width = 80;
	r->echo = true;
	ipc_msg_init(&m, type, ++c->seq);
	if (line)
		ipc_msg_add_str(&m, IPC_F_LINE, line);
	if (m.error) {
		/* Nothing was sent: the session is fine, the line is not. */
		err = m.error;
		ipc_msg_free(&m);
		return err == -EMSGSIZE ? -E2BIG : err;
	}
	err = ipc_call(c->fd, &m, c->buf, on_data, on_event, &call, &end);
	ipc_msg_free(&m);
	if (!err)
		err = call.err;
	if (!err && end.type != IPC_END)
		err = -EPROTO;
	if (err) {
		ish_reply_free(r);
		return err;
	}
	read_end(&end, r);
	if (!r->text)
		r->text = strdup("");
	return r->text ? 0 : -ENOMEM;
}

int
ish_conn_read_unasked(struct ish_conn *c)
{
	struct ipc_view v;
	const char *s;
	int n;

	n = ipc_recv(c->fd, c->buf, &v);
	if (n <= 0)
		return n == -EBADMSG || n == -EMSGSIZE ? 1 : n;
	if (v.type == IPC_RTR_LOG && c->on_log && ipc_get_str(&v, IPC_F_TEXT, &s))
		c->on_log(c->log_ctx, s);
	return 1;
}
