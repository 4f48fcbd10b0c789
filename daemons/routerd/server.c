/* server: routerd's session socket (routerd_server.h).
 *
 * One process, one poll loop: the listening socket, a signalfd for
 * SIGTERM/SIGINT and one socket per connected shell. Requests are small
 * and answered at once, so a session never waits for another. A shell
 * that stops reading is dropped after a send timeout instead of blocking
 * every other session. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli_engine.h"
#include "ipc.h"
#include "router.h"
#include "routerd_server.h"
#include "session_auth.h"
#include "session_request.h"

#define SERVER_MAX_SESSIONS 64
#define SERVER_MAX_WATCHES 32
#define SERVER_SEND_TIMEOUT_S 5

struct watch {
	int fd;
	void (*cb)(int fd, void *arg);
	void *arg;
};

/* Watches live here rather than in struct server so that they can be
 * registered before routerd_serve() runs. */
static struct watch watches[SERVER_MAX_WATCHES];
static size_t nwatches;

struct server {
	struct router *router;
	int listen_fd;
	int signal_fd;
	struct server_session *sessions[SERVER_MAX_SESSIONS];
	size_t nsessions;
	uint8_t *rxbuf;
};

/* The one server of this process, for routerd_session_log(). */
static struct server *current_server;

int
routerd_watch_fd(int fd, void (*cb)(int fd, void *arg), void *arg)
{
	size_t i;

	for (i = 0; i < nwatches; i++)
		if (watches[i].fd == fd)
			return -EEXIST;
	if (nwatches == SERVER_MAX_WATCHES)
		return -ENOSPC;
	watches[nwatches++] = (struct watch){ .fd = fd, .cb = cb, .arg = arg };
	return 0;
}

void
routerd_unwatch_fd(int fd)
{
	size_t i;

	for (i = 0; i < nwatches; i++) {
		if (watches[i].fd == fd) {
			watches[i] = watches[--nwatches];
			return;
		}
	}
}

int
routerd_session_log(const char *line)
{
	struct server *srv = current_server;
	size_t i;
	int reached = 0;

	if (!srv)
		return 0;
	for (i = 0; i < srv->nsessions; i++) {
		struct server_session *ss = srv->sessions[i];
		struct cli_terminal *term = cli_session_terminal(ss->cli);
		struct ipc_msg m;

		if (!term || !term->monitor)
			continue;
		/* seq 0: not an answer to any request */
		ipc_msg_init(&m, IPC_RTR_LOG, 0);
		ipc_msg_add_str(&m, IPC_F_TEXT, line);
		/* A shell that does not read is dropped at its next request;
		 * a lost log line is no reason to wait here. */
		if (ipc_send_nowait(ss->fd, &m) == 0)
			reached++;
		ipc_msg_free(&m);
	}
	return reached;
}

/* The socket belongs to the access group when it exists (else root only). */
static void
set_socket_group(const char *path)
{
	struct group *gr = getgrnam(SESSION_ACCESS_GROUP);

	if (gr && chown(path, 0, gr->gr_gid) < 0)
		fprintf(stderr, "routerd: chown %s: %s\n", path, strerror(errno));
}

static void
server_accept(struct server *srv)
{
	struct timeval tv = { .tv_sec = SERVER_SEND_TIMEOUT_S };
	struct server_session *ss;
	int fd, priv;

	fd = accept4(srv->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (srv->nsessions == SERVER_MAX_SESSIONS) {
		ipc_send_err(fd, 0, EBUSY, "too many sessions");
		close(fd);
		return;
	}
	priv = session_auth_privilege(fd);
	if (priv < 0) {
		ipc_send_err(fd, 0, (uint32_t)-priv, "cannot identify the peer");
		close(fd);
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	ss = server_session_new(srv->router, fd, priv);
	if (!ss) {
		close(fd);
		return;
	}
	srv->sessions[srv->nsessions++] = ss;
}

static void
server_drop(struct server *srv, size_t i)
{
	server_session_free(srv->sessions[i]);
	srv->sessions[i] = srv->sessions[--srv->nsessions];
}

/* Reads one request from session i; false if the session ended. */
static bool
server_read(struct server *srv, size_t i)
{
	struct server_session *ss = srv->sessions[i];
	struct ipc_view req;
	int n;

	n = ipc_recv(ss->fd, srv->rxbuf, &req);
	if (n == -EBADMSG || n == -EMSGSIZE)
		return ipc_send_err(ss->fd, 0, (uint32_t)-n, "malformed message") == 0;
	if (n <= 0)
		return false;
	return server_session_handle(ss, &req);
}

/* Runs the callbacks of the watched fds that poll found ready. The list
 * may change under a callback, so each ready fd is looked up again. */
static void
server_run_watches(const struct pollfd *pfd, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (!pfd[i].revents)
			continue;
		for (j = 0; j < nwatches; j++) {
			if (watches[j].fd == pfd[i].fd) {
				watches[j].cb(watches[j].fd, watches[j].arg);
				break;
			}
		}
	}
}

static int
server_loop(struct server *srv)
{
	struct pollfd pfd[2 + SERVER_MAX_SESSIONS + SERVER_MAX_WATCHES];

	for (;;) {
		size_t i, n = srv->nsessions, nw = nwatches;
		struct pollfd *wfd = pfd + 2 + n;
		int ready;

		pfd[0] = (struct pollfd){ .fd = srv->signal_fd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = srv->listen_fd, .events = POLLIN };
		for (i = 0; i < n; i++)
			pfd[i + 2] = (struct pollfd){ .fd = srv->sessions[i]->fd, .events = POLLIN };
		for (i = 0; i < nw; i++)
			wfd[i] = (struct pollfd){ .fd = watches[i].fd, .events = POLLIN };
		ready = poll(pfd, 2 + n + nw, -1);
		if (ready < 0) {
			if (errno == EINTR)
				continue;
			perror("routerd: poll");
			return EXIT_FAILURE;
		}
		if (pfd[0].revents & POLLIN) {
			struct signalfd_siginfo si;

			/* Consume it, or it fires when the old mask comes back. */
			if (read(srv->signal_fd, &si, sizeof(si)) < 0)
				perror("routerd: signalfd");
			return EXIT_SUCCESS;
		}
		/* Backwards, so dropping session i moves only ones already seen. */
		for (i = n; i-- > 0;) {
			if (!pfd[i + 2].revents)
				continue;
			if (!server_read(srv, i))
				server_drop(srv, i);
		}
		server_run_watches(wfd, nw);
		if (pfd[1].revents & POLLIN)
			server_accept(srv);
	}
}

int
routerd_serve(struct router *r, const char *socket_path)
{
	struct server srv = { .router = r, .listen_fd = -1, .signal_fd = -1 };
	sigset_t mask, old;
	int ret;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, &old);
	signal(SIGPIPE, SIG_IGN);
	srv.signal_fd = signalfd(-1, &mask, SFD_CLOEXEC);
	srv.rxbuf = malloc(IPC_MAX_MSG);
	if (srv.signal_fd < 0 || !srv.rxbuf) {
		perror("routerd: signalfd");
		ret = EXIT_FAILURE;
		goto out;
	}
	srv.listen_fd = ipc_listen(socket_path, 0660);
	if (srv.listen_fd < 0) {
		fprintf(stderr, "routerd: %s: %s\n", socket_path, strerror(-srv.listen_fd));
		ret = EXIT_FAILURE;
		goto out;
	}
	set_socket_group(socket_path);
	current_server = &srv;
	ret = server_loop(&srv);
	current_server = NULL;
	while (srv.nsessions)
		server_drop(&srv, srv.nsessions - 1);
	close(srv.listen_fd);
	unlink(socket_path);
out:
	if (srv.signal_fd >= 0)
		close(srv.signal_fd);
	free(srv.rxbuf);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return ret;
}
