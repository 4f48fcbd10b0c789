/*
 * ipc_server_seam SOCKET: routerd's session server with the real engine
 * and a stand-in router (hostname "R9", engine built-ins only). Each line
 * written to its stdin is sent as a `terminal monitor` log line, so the
 * session tests can watch ish show log lines while someone types.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_engine.h"
#include "router.h"
#include "routerd_server.h"

struct router {
	struct cli_tree *tree;
};

struct cli_tree *
router_cli_tree(struct router *r)
{
	return r->tree;
}

const char *
router_hostname(void *r)
{
	return "R9";
}

static void
log_stdin_line(int fd, void *arg)
{
	char buf[512];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	if (n <= 0) {
		routerd_unwatch_fd(fd);
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	routerd_session_log(buf);
}

int
main(int argc, char **argv)
{
	struct router r;

	if (argc != 2) {
		fprintf(stderr, "usage: ipc_server_seam SOCKET\n");
		return 2;
	}
	r.tree = cli_tree_new();
	routerd_watch_fd(STDIN_FILENO, log_stdin_line, NULL);
	return routerd_serve(&r, argv[1]);
}
