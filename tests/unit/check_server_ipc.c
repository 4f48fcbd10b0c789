/*
 * routerd's session server over its socket, with the real engine and its
 * built-in commands. The router is reduced to what the server asks of it
 * (router_cli_tree, router_hostname): a link seam, so these tests do not
 * need the configuration model.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_engine.h"
#include "ipc.h"
#include "router.h"
#include "routerd_server.h"
#include "../../daemons/routerd/session_auth.h"

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

static char sock_dir[] = "/tmp/server-ipc-XXXXXX";
static char sock_path[128];
static pid_t server_pid;
/* Lines written here become `terminal monitor` logs in the server. */
static int log_pipe[2] = { -1, -1 };

/* A watched fd's callback: each line read is a log line for the sessions. */
static void
log_from_pipe(int fd, void *arg)
{
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	if (n <= 0) {
		routerd_unwatch_fd(fd);
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	routerd_session_log(buf);
}

static void
server_start(void)
{
	ck_assert_ptr_nonnull(mkdtemp(sock_dir));
	snprintf(sock_path, sizeof(sock_path), "%s/run/routerd.sock", sock_dir);
	ck_assert_int_eq(pipe(log_pipe), 0);
	server_pid = fork();
	ck_assert_int_ge(server_pid, 0);
	if (server_pid == 0) {
		struct router r = { .tree = cli_tree_new() };

		close(log_pipe[1]);
		/* registered before serving, as routerd's main would */
		if (routerd_watch_fd(log_pipe[0], log_from_pipe, NULL) != 0 ||
		    routerd_watch_fd(log_pipe[0], log_from_pipe, NULL) != -EEXIST)
			_exit(3);
		_exit(routerd_serve(&r, sock_path));
	}
	close(log_pipe[0]);
	for (int i = 0; i < 200; i++) {
		struct stat st;

		if (stat(sock_path, &st) == 0)
			return;
		usleep(10000);
	}
	ck_abort_msg("server did not create its socket");
}

static int
server_stop(void)
{
	int status;

	kill(server_pid, SIGTERM);
	ck_assert_int_eq(waitpid(server_pid, &status, 0), server_pid);
	return status;
}

struct reply {
	char text[8192];
	uint32_t status, err_pos, term_length;
	char prompt[64];
	char message[128];
	char line[256];
	char question[64];
	uint16_t type;
};

static int
request(int fd, uint16_t type, const char *line, struct reply *r)
{
	static uint32_t seq;
	uint8_t *buf = malloc(IPC_MAX_MSG);
	struct ipc_msg m;
	struct ipc_view v;
	const char *s;
	int n;

	memset(r, 0, sizeof(*r));
	ipc_msg_init(&m, type, ++seq);
	if (line)
		ipc_msg_add_str(&m, IPC_F_LINE, line);
	ck_assert_int_eq(ipc_send(fd, &m), 0);
	ipc_msg_free(&m);
	for (;;) {
		n = ipc_recv(fd, buf, &v);
		if (n <= 0)
			break;
		ck_assert_uint_eq(v.seq, seq);
		r->type = v.type;
		if (v.type == IPC_DATA) {
			ck_assert(ipc_get_str(&v, IPC_F_TEXT, &s));
			strncat(r->text, s, sizeof(r->text) - strlen(r->text) - 1);
			continue;
		}
		ipc_get_u32(&v, IPC_F_STATUS, &r->status);
		ipc_get_u32(&v, IPC_F_ERR_POS, &r->err_pos);
		ipc_get_u32(&v, IPC_F_TERM_LENGTH, &r->term_length);
		if (ipc_get_str(&v, IPC_F_PROMPT, &s))
			snprintf(r->prompt, sizeof(r->prompt), "%s", s);
		if (ipc_get_str(&v, IPC_F_MESSAGE, &s) || ipc_get_str(&v, IPC_F_TEXT, &s))
			snprintf(r->message, sizeof(r->message), "%s", s);
		if (ipc_get_str(&v, IPC_F_LINE, &s))
			snprintf(r->line, sizeof(r->line), "%s", s);
		if (ipc_get_str(&v, IPC_F_QUESTION, &s))
			snprintf(r->question, sizeof(r->question), "%s", s);
		break;
	}
	free(buf);
	return n;
}

START_TEST(test_session_requests)
{
	struct reply r;
	int fd;

	server_start();
	fd = ipc_connect(sock_path);
	ck_assert_int_ge(fd, 0);

	/* root (this test runs as root under make check) starts at '#' */
	ck_assert_int_eq(request(fd, IPC_RTR_PROMPT, NULL, &r), 1);
	ck_assert_uint_eq(r.type, IPC_END);
	ck_assert_str_eq(r.prompt, getuid() == 0 ? "R9#" : "R9>");

	ck_assert_int_eq(request(fd, IPC_RTR_EXEC, "terminal length 7", &r), 1);
	ck_assert_uint_eq(r.status, CLI_OK);
	ck_assert_uint_eq(r.term_length, 7);

	/* errors come with the engine's message and the caret position */
	ck_assert_int_eq(request(fd, IPC_RTR_EXEC, "terminal lengthx 7", &r), 1);
	ck_assert_uint_eq(r.status, CLI_ERR_INVALID);
	/* IOS marks the first character that stops matching */
	ck_assert_uint_eq(r.err_pos, 15);
	ck_assert_str_eq(r.message, "% Invalid input detected at '^' marker.");
	ck_assert_int_eq(request(fd, IPC_RTR_EXEC, "terminal", &r), 1);
	ck_assert_uint_eq(r.status, CLI_ERR_INCOMPLETE);
	ck_assert_str_eq(r.message, "% Incomplete command.");

	/* help and completion */
	ck_assert_int_eq(request(fd, IPC_RTR_HELP, "terminal ", &r), 1);
	ck_assert_uint_eq(r.status, CLI_OK);
	ck_assert_ptr_nonnull(strstr(r.text, "length"));
	ck_assert_int_eq(request(fd, IPC_RTR_COMPLETE, "termin", &r), 1);
	ck_assert_ptr_nonnull(strstr(r.line, "terminal"));

	/* a malformed packet is answered with ERR, and the session goes on */
	ck_assert_int_eq(send(fd, "garbage", 7, 0), 7);
	{
		uint8_t *buf = malloc(IPC_MAX_MSG);
		struct ipc_view v;

		ck_assert_int_eq(ipc_recv(fd, buf, &v), 1);
		ck_assert_uint_eq(v.type, IPC_ERR);
		free(buf);
	}
	ck_assert_int_eq(request(fd, IPC_RTR_EXEC, "", &r), 1);
	ck_assert_int_eq(request(fd, IPC_RTR_PROMPT, NULL, &r), 1);
	ck_assert_uint_eq(r.term_length, 7);

	/* a request without its line and an unknown type: ERR */
	ck_assert_int_eq(request(fd, IPC_RTR_EXEC, NULL, &r), 1);
	ck_assert_uint_eq(r.type, IPC_ERR);
	ck_assert_int_eq(request(fd, 0x7777, NULL, &r), 1);
	ck_assert_uint_eq(r.type, IPC_ERR);

	/* `exit` in EXEC ends the session: END with CLI_QUIT, then close */
	ck_assert_int_eq(request(fd, IPC_RTR_EXEC, "exit", &r), 1);
	ck_assert_uint_eq(r.status, CLI_QUIT);
	{
		uint8_t *buf = malloc(IPC_MAX_MSG);
		struct ipc_view v;

		ck_assert_int_eq(ipc_recv(fd, buf, &v), 0);
		free(buf);
	}
	close(fd);
	{
		int st = server_stop();

		ck_assert(WIFEXITED(st));
		ck_assert_int_eq(WEXITSTATUS(st), 0);
	}
	/* a clean exit removes the socket */
	ck_assert_int_ne(access(sock_path, F_OK), 0);
}
END_TEST

START_TEST(test_sessions_independent_and_unprivileged)
{
	struct reply r;
	int a, b;

	server_start();
	a = ipc_connect(sock_path);
	b = ipc_connect(sock_path);
	ck_assert_int_ge(a, 0);
	ck_assert_int_ge(b, 0);
	ck_assert_int_eq(request(a, IPC_RTR_EXEC, "terminal length 0", &r), 1);
	ck_assert_int_eq(request(b, IPC_RTR_PROMPT, NULL, &r), 1);
	ck_assert_uint_eq(r.term_length, 24);
	ck_assert_int_eq(request(a, IPC_RTR_PROMPT, NULL, &r), 1);
	ck_assert_uint_eq(r.term_length, 0);
	/* closing one leaves the other working */
	close(a);
	ck_assert_int_eq(request(b, IPC_RTR_EXEC, "terminal length 3", &r), 1);
	ck_assert_uint_eq(r.term_length, 3);
	close(b);

	/* nobody, not in an admin group, starts at '>' */
	if (getuid() == 0) {
		pid_t pid;
		int st;

		chmod(sock_dir, 0755);
		chmod(sock_path, 0666);
		pid = fork();
		if (pid == 0) {
			int fd;

			if (setgroups(0, NULL) < 0 || setgid(65534) < 0 || setuid(65534) < 0)
				_exit(10);
			fd = ipc_connect(sock_path);
			if (fd < 0)
				_exit(11);
			if (request(fd, IPC_RTR_PROMPT, NULL, &r) != 1)
				_exit(12);
			_exit(strcmp(r.prompt, "R9>") == 0 ? 0 : 13);
		}
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		ck_assert(WIFEXITED(st));
		ck_assert_int_eq(WEXITSTATUS(st), 0);
	}
	server_stop();
	unlink(sock_path);
}
END_TEST

START_TEST(test_monitor_logs_reach_monitoring_sessions)
{
	static const char line[] = "%LINK-3-UPDOWN: Interface Tunnel0, changed state to up";
	uint8_t *buf = malloc(IPC_MAX_MSG);
	struct ipc_view v;
	struct reply r;
	const char *s;
	int mon, quiet;

	server_start();
	mon = ipc_connect(sock_path);
	quiet = ipc_connect(sock_path);
	ck_assert_int_eq(request(mon, IPC_RTR_EXEC, "terminal monitor", &r), 1);
	ck_assert_uint_eq(r.status, CLI_OK);
	ck_assert_int_eq(request(quiet, IPC_RTR_PROMPT, NULL, &r), 1);

	ck_assert_int_eq(write(log_pipe[1], line, strlen(line)), (ssize_t)strlen(line));
	/* unasked, seq 0, the line as given */
	ck_assert_int_eq(ipc_recv(mon, buf, &v), 1);
	ck_assert_uint_eq(v.type, IPC_RTR_LOG);
	ck_assert_uint_eq(v.seq, 0);
	ck_assert(ipc_get_str(&v, IPC_F_TEXT, &s));
	ck_assert_str_eq(s, line);
	/* the session without terminal monitor got nothing: its next
	 * answer is the first thing it reads */
	ck_assert_int_eq(request(quiet, IPC_RTR_PROMPT, NULL, &r), 1);
	ck_assert_uint_eq(r.type, IPC_END);
	ck_assert_int_eq(recv(quiet, buf, IPC_MAX_MSG, MSG_DONTWAIT), -1);
	ck_assert_int_eq(errno, EAGAIN);

	/* terminal no monitor stops them */
	ck_assert_int_eq(request(mon, IPC_RTR_EXEC, "terminal no monitor", &r), 1);
	ck_assert_int_eq(write(log_pipe[1], line, strlen(line)), (ssize_t)strlen(line));
	ck_assert_int_eq(request(mon, IPC_RTR_PROMPT, NULL, &r), 1);
	ck_assert_uint_eq(r.type, IPC_END);
	ck_assert_int_eq(recv(mon, buf, IPC_MAX_MSG, MSG_DONTWAIT), -1);
	close(mon);
	close(quiet);
	free(buf);
	ck_assert_int_eq(WEXITSTATUS(server_stop()), 0);
}
END_TEST

START_TEST(test_session_limit)
{
	uint8_t *buf = malloc(IPC_MAX_MSG);
	struct ipc_view v;
	struct reply r;
	uint32_t code = 0;
	int fds[64], extra, i;

	server_start();
	for (i = 0; i < 64; i++) {
		fds[i] = ipc_connect(sock_path);
		ck_assert_int_ge(fds[i], 0);
		ck_assert_int_eq(request(fds[i], IPC_RTR_PROMPT, NULL, &r), 1);
	}
	/* one too many: told why, then closed; the others go on */
	extra = ipc_connect(sock_path);
	ck_assert_int_ge(extra, 0);
	ck_assert_int_eq(ipc_recv(extra, buf, &v), 1);
	ck_assert_uint_eq(v.type, IPC_ERR);
	ck_assert(ipc_get_u32(&v, IPC_F_CODE, &code));
	ck_assert_uint_eq(code, EBUSY);
	ck_assert_int_eq(ipc_recv(extra, buf, &v), 0);
	close(extra);
	ck_assert_int_eq(request(fds[63], IPC_RTR_PROMPT, NULL, &r), 1);
	ck_assert_uint_eq(r.type, IPC_END);
	for (i = 0; i < 64; i++)
		close(fds[i]);
	free(buf);
	ck_assert_int_eq(WEXITSTATUS(server_stop()), 0);
}
END_TEST

START_TEST(test_admin_rule)
{
	gid_t none[1] = { 0 };

	struct group *sudo = getgrnam("sudo");

	ck_assert(session_auth_is_admin(0, 0, NULL, 0));
	ck_assert(!session_auth_is_admin(65534, 65534, none, 0));
	if (sudo) {
		gid_t groups[2] = { 100, sudo->gr_gid };

		/* a member of an admin group, as a supplementary or primary group */
		ck_assert(session_auth_is_admin(1000, 1000, groups, 2));
		ck_assert(session_auth_is_admin(1000, sudo->gr_gid, NULL, 0));
		ck_assert(!session_auth_is_admin(1000, 1000, groups, 1));
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("server_ipc");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_session_requests);
	tcase_add_test(tc, test_sessions_independent_and_unprivileged);
	tcase_add_test(tc, test_monitor_logs_reach_monitoring_sessions);
	tcase_add_test(tc, test_session_limit);
	tcase_add_test(tc, test_admin_rule);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
