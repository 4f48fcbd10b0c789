/*
 * The real iked binary behind its control socket, in a private network
 * namespace (unshare -n; needs root like the daemon): spec pushes accepted
 * or refused as a whole, the one-retry rule, "list SAs", malformed
 * requests, bad spec files, clean shutdown.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ike_spec.h"

static char dir[] = "/tmp/iked-control-XXXXXX";
static char sock[128], specfile[128], logfile[128];
static pid_t iked_pid;
static char err[300];

static const char *iked_path(void)
{
	const char *p = getenv("IKED");

	return p ? p : "daemons/iked/iked";
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/* Runs iked with ARGS (NULL-terminated, after the binary) in its own netns. */
static pid_t spawn(const char *const *args, const char *log)
{
	const char *argv[16] = {"unshare", "-n", iked_path()};
	pid_t pid;
	int i;

	for (i = 0; args[i] && i < 12; i++)
		argv[3 + i] = args[i];
	argv[3 + i] = NULL;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (!freopen(log, "w", stderr) || !freopen("/dev/null", "w", stdout))
			_exit(126);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static void start(void)
{
	const char *args[] = {"-c", specfile, "-S", sock, "-d", "-1", NULL};
	struct stat st;
	int i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* in a directory iked has to make */
	snprintf(sock, sizeof(sock), "%s/run/lios/iked.sock", dir);
	snprintf(specfile, sizeof(specfile), "%s/empty.conf", dir);
	snprintf(logfile, sizeof(logfile), "%s/iked.log", dir);
	write_file(specfile, "# no specs yet\n");
	iked_pid = spawn(args, logfile);
	for (i = 0; i < 100 && stat(sock, &st) < 0; i++)
		usleep(50 * 1000);
	ck_assert_msg(i < 100, "iked did not open %s", sock);
}

static void stop(void)
{
	int status;
	char cmd[160];

	/* iked gone before we stop it: say how, with its log */
	if (iked_pid > 0 && waitpid(iked_pid, &status, WNOHANG) == iked_pid) {
		fprintf(stderr, "iked exited early (status 0x%x), log:\n", status);
		snprintf(cmd, sizeof(cmd), "cat %s >&2", logfile);
		if (system(cmd) != 0)
			fprintf(stderr, "(no log)\n");
		iked_pid = 0;
	}
	if (iked_pid > 0) {
		kill(iked_pid, SIGTERM);
		waitpid(iked_pid, &status, 0);
		iked_pid = 0;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	strcpy(dir, "/tmp/iked-control-XXXXXX");
}

static struct ike_spec spec(const char *name, const char *remote, unsigned int retry)
{
	struct ike_spec s;

	ike_spec_init(&s);
	snprintf(s.name, sizeof(s.name), "%s", name);
	strcpy(s.local, "192.0.2.1");
	snprintf(s.remote, sizeof(s.remote), "%s", remote);
	strcpy(s.psk, "k");
	strcpy(s.ike[0], "aes256-sha256-modp2048");
	strcpy(s.esp[0], "aes256-sha256");
	s.n_ike = s.n_esp = 1;
	s.initiate = 0;
	s.dpd = (struct ike_dpd){IKE_DPD_PERIODIC, 10, (uint16_t)retry};
	return s;
}

static int count_record(void *ctx, const struct iked_msg_hdr *msg)
{
	(*(int *)ctx)++;
	return 0;
}

static int count_sa(void *ctx, const struct iked_msg_hdr *msg)
{
	if (msg->type == IKED_MSG_SA)
		(*(int *)ctx)++;
	return 0;
}

START_TEST(list_without_sas)
{
	int n = 0;

	ck_assert_msg(iked_client_list(sock, count_record, &n, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(n, 0);
}
END_TEST

START_TEST(push_accepted_then_conflicting_retry_refused)
{
	struct ike_spec s[2] = {spec("a", "192.0.2.2", 2), spec("b", IKE_SPEC_ANY, 2)};
	struct ike_globals g = {0};

	ck_assert_msg(iked_client_push(sock, s, 2, &g, err, sizeof(err)) == 0, "%s", err);
	s[1].dpd.retry = 5;
	ck_assert_int_eq(iked_client_push(sock, s, 2, &g, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "b asks for DPD retry 5 s but a for 2 s"), "%s", err);
	/* the same conflict through the global DPD */
	s[1].dpd.mode = IKE_DPD_OFF;
	g.ikev2_dpd = (struct ike_dpd){IKE_DPD_ON_DEMAND, 10, 3};
	ck_assert_int_eq(iked_client_push(sock, s, 2, &g, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "retry 3 s"), "%s", err);
}
END_TEST

START_TEST(push_invalid_spec_refused_by_name)
{
	struct ike_spec s[2] = {spec("good", "192.0.2.2", 2), spec("bad", "192.0.2.300", 2)};
	struct ike_globals g = {0};

	ck_assert_int_eq(iked_client_push(sock, s, 2, &g, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "bad: remote address '192.0.2.300'"), "%s", err);
	s[1] = spec("good", "192.0.2.3", 2);
	ck_assert_int_eq(iked_client_push(sock, s, 2, &g, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "good is defined twice"), "%s", err);
	s[1] = spec("unterminated", "192.0.2.3", 2);
	memset(s[1].psk, 'x', sizeof(s[1].psk));
	ck_assert_int_eq(iked_client_push(sock, s, 2, &g, err, sizeof(err)), -1);
	/* iked is still serving */
	ck_assert_msg(iked_client_push(sock, s, 1, &g, err, sizeof(err)) == 0, "%s", err);
}
END_TEST

START_TEST(malformed_requests_answered_with_error)
{
	struct iked_msg_hdr bad_len = {IKED_MSG_LIST_SAS, IKED_MSG_VERSION, 99};
	struct iked_msg_hdr bad_type = {77, IKED_MSG_VERSION, sizeof(bad_type)};
	struct iked_msg_hdr commit = {IKED_MSG_SPEC_COMMIT, IKED_MSG_VERSION, sizeof(commit)};
	struct iked_msg_error answer;
	int fd, n = 0;

	fd = iked_client_connect(sock, err, sizeof(err));
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(send(fd, &bad_len, sizeof(bad_len), 0), sizeof(bad_len));
	ck_assert_int_eq(recv(fd, &answer, sizeof(answer), 0), sizeof(answer));
	ck_assert_int_eq(answer.hdr.type, IKED_MSG_ERROR);
	close(fd);
	fd = iked_client_connect(sock, err, sizeof(err));
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(send(fd, &bad_type, sizeof(bad_type), 0), sizeof(bad_type));
	ck_assert_int_eq(recv(fd, &answer, sizeof(answer), 0), sizeof(answer));
	ck_assert_int_eq(answer.hdr.type, IKED_MSG_ERROR);
	ck_assert_int_eq(send(fd, &commit, sizeof(commit), 0), sizeof(commit));
	ck_assert_int_eq(recv(fd, &answer, sizeof(answer), 0), sizeof(answer));
	ck_assert_int_eq(answer.hdr.type, IKED_MSG_ERROR);
	ck_assert_msg(strstr(answer.text, "without SPEC_BEGIN"), "%s", answer.text);
	close(fd);
	ck_assert_msg(iked_client_list(sock, count_record, &n, err, sizeof(err)) == 0, "%s", err);
}
END_TEST

START_TEST(subscriber_sees_initiation_events)
{
	struct ike_spec s = spec("unreachable", "192.0.2.99", 2);
	struct ike_globals g = {0};
	struct iked_msg_event ev;
	struct timeval tv = {.tv_sec = 10};
	int fd = iked_client_subscribe(sock, err, sizeof(err));

	ck_assert_msg(fd >= 0, "%s", err);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/* no route in iked's private namespace: IKE_SA_INIT is retransmitted
	 * every 2 s (the DPD retry), and every retransmission is an event */
	s.initiate = 1;
	ck_assert_msg(iked_client_push(sock, &s, 1, &g, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(iked_client_next_event(fd, &ev, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(ev.name, "unreachable");
	ck_assert_str_eq(ev.remote, "192.0.2.99");
	ck_assert_int_eq(ev.type, IKED_EV_RETRANSMIT);
	ck_assert_int_eq(ev.n, 1);
	ck_assert_int_eq(ev.version, 2);
	close(fd);
}
END_TEST

START_TEST(sighup_rereads_the_spec_file)
{
	static const char good[] = "conn = reloaded\n  local = 192.0.2.1\n  remote = 192.0.2.98\n"
				   "  psk = k\n  ike = aes256-sha256-modp2048\n"
				   "  esp = aes256-sha256\n  dpd = 10 2 periodic\n";
	struct iked_msg_event ev;
	struct timeval tv = {.tv_sec = 10};
	int fd = iked_client_subscribe(sock, err, sizeof(err)), n = 0;

	ck_assert_msg(fd >= 0, "%s", err);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	/* a broken file: refused, iked keeps serving */
	write_file(specfile, "conn = x\n  bogus = 1\n");
	kill(iked_pid, SIGHUP);
	usleep(300 * 1000);
	ck_assert_msg(iked_client_list(sock, count_record, &n, err, sizeof(err)) == 0, "%s", err);
	/* a good one: its spec initiates (and retransmits into the void) */
	write_file(specfile, good);
	kill(iked_pid, SIGHUP);
	ck_assert_msg(iked_client_next_event(fd, &ev, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(ev.name, "reloaded");
	close(fd);
}
END_TEST

/* Waits up to 3 s for the number of listed IKE SAs to become WANT. */
static int wait_sa_count(int want)
{
	int i, n = -1;

	for (i = 0; i < 30; i++) {
		n = 0;
		ck_assert_msg(iked_client_list(sock, count_sa, &n, err, sizeof(err)) == 0, "%s", err);
		if (n == want)
			break;
		usleep(100 * 1000);
	}
	return n;
}

START_TEST(initiate_and_terminate_on_request)
{
	struct ike_spec s[2] = {spec("peer", "192.0.2.97", 2), spec("hub", IKE_SPEC_ANY, 2)};
	struct ike_globals g = {0};

	ck_assert_msg(iked_client_push(sock, s, 2, &g, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(wait_sa_count(0), 0);
	/* respond-only specs are brought up on request (dmvpnd, clear + traffic) */
	ck_assert_msg(iked_client_initiate(sock, "peer", err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(wait_sa_count(1), 1);
	ck_assert_int_eq(iked_client_initiate(sock, "nosuch", err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no spec named nosuch"), "%s", err);
	ck_assert_int_eq(iked_client_initiate(sock, "hub", err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "answers any peer"), "%s", err);
	/* clear crypto session */
	ck_assert_msg(iked_client_terminate(sock, "peer", 0, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(wait_sa_count(0), 0);
	ck_assert_int_eq(iked_client_terminate(sock, "peer", 0, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no IKE SA of peer"), "%s", err);
	ck_assert_int_eq(iked_client_terminate(sock, NULL, 4242, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "no IKE SA 4242"), "%s", err);
}
END_TEST

struct sa_seen {
	int n;
	char name[IKE_SPEC_NAME_MAX], remote[IKE_SPEC_ADDR_MAX];
	uint8_t initiator;
};

static int record_sa(void *ctx, const struct iked_msg_hdr *msg)
{
	struct sa_seen *seen = ctx;
	const struct iked_msg_sa *sa = (const void *)msg;

	if (msg->type != IKED_MSG_SA)
		return 0;
	seen->n++;
	snprintf(seen->name, sizeof(seen->name), "%s", sa->name);
	snprintf(seen->remote, sizeof(seen->remote), "%s", sa->remote);
	seen->initiator = sa->initiator;
	return 0;
}

/* dmvpnd's spoke-to-spoke tunnels: the %any spec towards one address. */
START_TEST(initiate_any_spec_to_a_peer)
{
	struct ike_spec s[2] = {spec("Tunnel0", IKE_SPEC_ANY, 2), spec("fixed", "192.0.2.97", 2)};
	struct ike_globals g = {0};
	struct iked_msg_event ev;
	struct timeval tv = {.tv_sec = 10};
	struct sa_seen seen = {0};
	int fd, i;

	ck_assert_msg(iked_client_push(sock, s, 2, &g, err, sizeof(err)) == 0, "%s", err);
	fd = iked_client_subscribe(sock, err, sizeof(err));
	ck_assert_msg(fd >= 0, "%s", err);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ck_assert_msg(iked_client_initiate_peer(sock, "Tunnel0", "192.0.2.3", err, sizeof(err)) ==
			  0,
		      "%s", err);
	ck_assert_int_eq(wait_sa_count(1), 1);
	ck_assert_msg(iked_client_list(sock, record_sa, &seen, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(seen.name, "Tunnel0");
	ck_assert_str_eq(seen.remote, "192.0.2.3");
	ck_assert_int_eq(seen.initiator, 1);
	/* idempotent: asked again (at once, then after the SA is listed) */
	for (i = 0; i < 3; i++)
		ck_assert_msg(
		    iked_client_initiate_peer(sock, "Tunnel0", "192.0.2.3", err, sizeof(err)) == 0,
		    "%s", err);
	usleep(300 * 1000);
	ck_assert_int_eq(wait_sa_count(1), 1);
	/* its retransmissions are events with the real peer address */
	ck_assert_msg(iked_client_next_event(fd, &ev, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(ev.type, IKED_EV_RETRANSMIT);
	ck_assert_str_eq(ev.name, "Tunnel0");
	ck_assert_str_eq(ev.remote, "192.0.2.3");
	close(fd);
	/* a second peer is a second SA */
	ck_assert_msg(iked_client_initiate_peer(sock, "Tunnel0", "192.0.2.4", err, sizeof(err)) ==
			  0,
		      "%s", err);
	ck_assert_int_eq(wait_sa_count(2), 2);
	/* dmvpnd closing an unused spoke-to-spoke SA: clear by address; a
	 * %any spec is not brought up again on its own, but on request */
	ck_assert_msg(iked_client_clear(sock, 0, "192.0.2.3", err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(wait_sa_count(1), 1);
	usleep(500 * 1000);
	ck_assert_int_eq(wait_sa_count(1), 1);
	ck_assert_msg(iked_client_initiate_peer(sock, "Tunnel0", "192.0.2.3", err, sizeof(err)) ==
			  0,
		      "%s", err);
	ck_assert_int_eq(wait_sa_count(2), 2);
	/* refused: unknown spec, a spec with its own peer, bad addresses */
	ck_assert_int_eq(iked_client_initiate_peer(sock, "nosuch", "192.0.2.5", err, sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "no spec named nosuch"), "%s", err);
	ck_assert_int_eq(iked_client_initiate_peer(sock, "fixed", "192.0.2.5", err, sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "fixed has its own peer 192.0.2.97"), "%s", err);
	ck_assert_int_eq(iked_client_initiate_peer(sock, "Tunnel0", "%any", err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "bad peer address '%any'"), "%s", err);
	ck_assert_int_eq(iked_client_initiate_peer(sock, "Tunnel0", "0.0.0.0", err, sizeof(err)),
			 -1);
	ck_assert_int_eq(iked_client_initiate_peer(sock, "Tunnel0", "192.0.2.1", err, sizeof(err)),
			 -1);
	ck_assert_msg(strstr(err, "our own address"), "%s", err);
	ck_assert_int_eq(wait_sa_count(2), 2);
	/* a changed spec closes them, like any SA of the spec */
	s[0].dpd.interval = 20;
	ck_assert_msg(iked_client_push(sock, s, 2, &g, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(wait_sa_count(0), 0);
}
END_TEST

START_TEST(shutdown_removes_socket)
{
	struct stat st;
	int status;

	kill(iked_pid, SIGTERM);
	ck_assert_int_eq(waitpid(iked_pid, &status, 0), iked_pid);
	iked_pid = 0;
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_int_lt(stat(sock, &st), 0);
}
END_TEST

START_TEST(second_iked_does_not_steal_the_socket)
{
	const char *args[] = {"-S", sock, "-d", "-1", NULL};
	char log[160];
	int status, n = 0;
	pid_t pid;

	snprintf(log, sizeof(log), "%s/second.log", dir);
	pid = spawn(args, log);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	/* the first one still answers */
	ck_assert_msg(iked_client_list(sock, count_record, &n, err, sizeof(err)) == 0, "%s", err);
}
END_TEST

START_TEST(bad_spec_file_refused_at_start)
{
	char bad[160], log[160], text[512] = "";
	const char *args[] = {"-c", bad, "-S", sock, NULL};
	FILE *f;
	int status;
	pid_t pid;

	snprintf(bad, sizeof(bad), "%s/bad.conf", dir);
	snprintf(log, sizeof(log), "%s/bad.log", dir);
	write_file(bad, "ikev2-dpd = 10 2 periodic\nconn = x\n  local = 192.0.2.1\n  ike = "
			"aes256-des-sha1\n");
	pid = spawn(args, log);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	f = fopen(log, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_gt(fread(text, 1, sizeof(text) - 1, f), 0);
	fclose(f);
	ck_assert_msg(strstr(text, "bad.conf:4:") && strstr(text, "'des'"), "%s", text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("iked_control");
	TCase *tc = tcase_create("socket");
	SRunner *sr;
	int failed;

	if (geteuid() != 0) {
		fprintf(stderr, "iked_control_test: needs root (network namespace, port 500)\n");
		return 77; /* automake: skipped */
	}
	tcase_add_checked_fixture(tc, start, stop);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, list_without_sas);
	tcase_add_test(tc, push_accepted_then_conflicting_retry_refused);
	tcase_add_test(tc, push_invalid_spec_refused_by_name);
	tcase_add_test(tc, malformed_requests_answered_with_error);
	tcase_add_test(tc, subscriber_sees_initiation_events);
	tcase_add_test(tc, sighup_rereads_the_spec_file);
	tcase_add_test(tc, initiate_and_terminate_on_request);
	tcase_add_test(tc, initiate_any_spec_to_a_peer);
	tcase_add_test(tc, shutdown_removes_socket);
	tcase_add_test(tc, second_iked_does_not_steal_the_socket);
	tcase_add_test(tc, bad_spec_file_refused_at_start);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
