/*
 * Control socket server (see control.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "config.h"
#include "control.h"
#include "log.h"
#include "sa_list.h"

/* mkdir -p of PATH's directory (the default socket lives in /run/lios). */
static void make_parent(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return; /* bind will say what is wrong */
		*slash = '/';
	}
}

int iked_control_listen(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd;

	/* Bound and listening under a temporary name, then renamed: a client
	 * that sees the path can connect (no window between bind and listen). */
	if (strlen(path) + 4 >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "socket path %s is too long", path);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	make_parent(path);
	/* Never take the socket of an iked that still answers on it. */
	strcpy(sun.sun_path, path);
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
		snprintf(err, errlen, "another iked is running on %s", path);
		close(fd);
		return -1;
	}
	close(fd);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s.new", path);
	unlink(sun.sun_path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 || chmod(sun.sun_path, 0600) < 0 ||
	    listen(fd, 8) < 0 || rename(sun.sun_path, path) < 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", path, strerror(errno));
		unlink(sun.sun_path);
		close(fd);
		return -1;
	}
	return fd;
}

static int reply(int fd, const void *msg, size_t len)
{
	ssize_t n = send(fd, msg, len, MSG_NOSIGNAL);

	return n == (ssize_t)len ? 0 : -1;
}

static int reply_simple(int fd, uint16_t type)
{
	struct iked_msg_hdr h = {type, IKED_MSG_VERSION, sizeof(h)};

	return reply(fd, &h, sizeof(h));
}

static int reply_error(int fd, const char *text)
{
	struct iked_msg_error e = {{IKED_MSG_ERROR, IKED_MSG_VERSION, sizeof(e)}, ""};

	snprintf(e.text, sizeof(e.text), "%s", text);
	return reply(fd, &e, sizeof(e));
}

static int list_sas(int fd)
{
	struct sa_list list;
	size_t i;
	int rc = 0;

	if (iked_sa_list_collect(&list) < 0)
		return reply_error(fd, "out of memory listing SAs");
	for (i = 0; rc == 0 && i < list.n; i++)
		rc = reply(fd, list.msgs[i], ((struct iked_msg_hdr *)list.msgs[i])->len);
	iked_sa_list_free(&list);
	return rc == 0 ? reply_simple(fd, IKED_MSG_END) : -1;
}

static void drop_staged(struct control_client *c)
{
	free(c->staged);
	c->staged = NULL;
	c->n_staged = 0;
	c->staging = false;
	memset(&c->globals, 0, sizeof(c->globals));
}

static int stage_spec(struct control_client *c, const struct iked_msg_spec *m)
{
	struct ike_spec *grown;

	if (!c->staging)
		return reply_error(c->fd, "SPEC outside SPEC_BEGIN/SPEC_COMMIT");
	grown = realloc(c->staged, (size_t)(c->n_staged + 1) * sizeof(*grown));
	if (!grown) {
		drop_staged(c);
		return reply_error(c->fd, "out of memory");
	}
	c->staged = grown;
	c->staged[c->n_staged++] = m->spec;
	return 0; /* no reply per spec: the commit answers for all */
}

static int commit(struct control_client *c, struct iked_backend *b)
{
	char err[256];
	int rc;

	if (!c->staging)
		return reply_error(c->fd, "SPEC_COMMIT without SPEC_BEGIN");
	rc = iked_config_apply(b, c->staged, c->n_staged, &c->globals, err, sizeof(err));
	drop_staged(c);
	if (rc < 0) {
		iked_log("config from control socket refused: %s", err);
		return reply_error(c->fd, err);
	}
	return reply_simple(c->fd, IKED_MSG_OK);
}

static int sa_control(int fd, struct iked_backend *b, struct iked_msg_sa_ctl *m)
{
	char err[200];
	int rc;

	m->name[sizeof(m->name) - 1] = '\0';
	if (m->hdr.type == IKED_MSG_INITIATE)
		rc = iked_config_initiate(b, m->name, err, sizeof(err));
	else
		rc = iked_config_terminate(m->name, m->unique_id, err, sizeof(err)) > 0 ? 0 : -1;
	return rc < 0 ? reply_error(fd, err) : reply_simple(fd, IKED_MSG_OK);
}

static int initiate_peer(int fd, struct iked_backend *b, struct iked_msg_initiate_peer *m)
{
	char err[200];

	m->name[sizeof(m->name) - 1] = '\0';
	m->remote[sizeof(m->remote) - 1] = '\0';
	if (iked_config_initiate_peer(b, m->name, m->remote, err, sizeof(err)) < 0)
		return reply_error(fd, err);
	return reply_simple(fd, IKED_MSG_OK);
}

int iked_control_serve(struct control_client *c, struct iked_backend *b)
{
	union {
		struct iked_msg_hdr hdr;
		struct iked_msg_spec spec;
		struct iked_msg_initiate_peer peer;
		struct iked_msg_globals globals;
		struct iked_msg_clear clear;
		struct iked_msg_sa_ctl ctl;
		struct iked_msg_debug debug;
		char raw[sizeof(struct iked_msg_spec) + 64];
	} m;
	ssize_t n = recv(c->fd, &m, sizeof(m), 0);

	if (n <= 0)
		return -1;
	if ((size_t)n < sizeof(m.hdr) || m.hdr.len != (size_t)n) {
		reply_error(c->fd, "malformed message");
		return -1;
	}
	if (m.hdr.version != IKED_MSG_VERSION) {
		reply_error(c->fd, "unsupported message version");
		return -1;
	}
	switch (m.hdr.type) {
	case IKED_MSG_LIST_SAS:
		return list_sas(c->fd);
	case IKED_MSG_INITIATE_PEER:
		if ((size_t)n != sizeof(m.peer))
			return reply_error(c->fd, "malformed INITIATE_PEER");
		return initiate_peer(c->fd, b, &m.peer);
	case IKED_MSG_SPEC_BEGIN:
		drop_staged(c);
		c->staging = true;
		return 0;
	case IKED_MSG_SPEC:
		if ((size_t)n != sizeof(m.spec))
			return reply_error(c->fd, "malformed SPEC");
		return stage_spec(c, &m.spec);
	case IKED_MSG_GLOBALS:
		if ((size_t)n != sizeof(m.globals) || !c->staging)
			return reply_error(c->fd, "malformed or unexpected GLOBALS");
		c->globals = m.globals.globals;
		return 0;
	case IKED_MSG_SPEC_COMMIT:
		return commit(c, b);
	case IKED_MSG_INITIATE:
	case IKED_MSG_TERMINATE:
		if ((size_t)n != sizeof(m.ctl))
			return reply_error(c->fd, "malformed INITIATE/TERMINATE");
		return sa_control(c->fd, b, &m.ctl);
	case IKED_MSG_SUBSCRIBE:
		c->subscribed = true;
		return reply_simple(c->fd, IKED_MSG_OK);
	case IKED_MSG_DEBUG:
		if ((size_t)n != sizeof(m.debug))
			return reply_error(c->fd, "malformed DEBUG");
		c->debug_kinds = m.debug.kinds & IKED_DEBUG_ALL;
		return reply_simple(c->fd, IKED_MSG_OK);
	case IKED_MSG_CLEAR:
		if ((size_t)n != sizeof(m.clear))
			return reply_error(c->fd, "malformed CLEAR");
		m.clear.remote[sizeof(m.clear.remote) - 1] = '\0';
		iked_config_clear(b, m.clear.unique_id, m.clear.remote);
		return reply_simple(c->fd, IKED_MSG_OK);
	default:
		return reply_error(c->fd, "unknown request");
	}
}

int iked_control_publish(struct control_client *c, const struct iked_msg_event *ev)
{
	if (!c->subscribed)
		return 0;
	if (send(c->fd, ev, sizeof(*ev), MSG_NOSIGNAL | MSG_DONTWAIT) != (ssize_t)sizeof(*ev)) {
		iked_log("dropping an event subscriber that does not keep up");
		return -1;
	}
	return 0;
}

int iked_control_publish_debug(struct control_client *c, const struct iked_msg_debug_line *line)
{
	struct iked_msg_debug_line out;

	if (!(c->debug_kinds & line->kinds))
		return 0;
	out = *line;
	out.dropped += c->debug_dropped;
	if (send(c->fd, &out, sizeof(out), MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)sizeof(out)) {
		c->debug_dropped = 0;
		return 0;
	}
	if (errno != EAGAIN && errno != EWOULDBLOCK)
		return -1;
	c->debug_dropped = out.dropped + 1;
	return 0;
}

void iked_control_client_free(struct control_client *c)
{
	drop_staged(c);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
