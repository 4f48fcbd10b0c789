/*
 * Two real ikeds, each in its own network namespace, joined by a veth
 * pair (IKE only: the host kernel has no ESP, the CHILD SAs fail and the
 * IKE SAs stay). Both ends of a p2p spec initiate, as IOS peers do:
 *  - started together they end up with one IKE SA (the lower address
 *    initiates, the other one waits and finds it), held for 8 s;
 *  - crossed initiations (both asked at the same moment) leave two IKE SAs
 *    on each end: the lower end deletes the older, both keep the newer;
 *  - after the lower end restarts, the higher end deletes the IKE SA its
 *    peer forgot (what INITIAL_CONTACT did before iked took this over).
 * Needs root (namespaces, port 500), like the daemon.
 */
#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ike_race.h"
#include "ike_spec.h"

static char dir[64];
static char ns[2][32], sock[2][128], logpath[2][128];
static const char *addr[2] = {"10.77.0.1", "10.77.0.2"};
static pid_t pid[2];
static int owner; /* the runner's pid: names what this run made */
static char err[300];

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

/* Our namespaces and what runs in them (ikeds of a failed test: Check
 * skips the teardown of a test that failed). */
static void cleanup_ns(void)
{
	char cmd[256];
	int i;

	for (i = 0; i < 2; i++) {
		snprintf(cmd, sizeof(cmd),
			 "ip netns pids ikpair%c%d 2>/dev/null | xargs -r kill -9; "
			 "ip netns del ikpair%c%d 2>/dev/null",
			 'a' + i, owner, 'a' + i, owner);
		if (system(cmd) < 0)
			fprintf(stderr, "iked_pair_test: cannot run: %s\n", cmd);
	}
}

static void setup(void)
{
	int i;

	cleanup_ns();
	sh("rm -rf %s && mkdir %s", dir, dir);
	for (i = 0; i < 2; i++) {
		snprintf(ns[i], sizeof(ns[i]), "ikpair%c%d", 'a' + i, owner);
		snprintf(sock[i], sizeof(sock[i]), "%s/%c.sock", dir, 'a' + i);
		snprintf(logpath[i], sizeof(logpath[i]), "%s/%c.log", dir, 'a' + i);
		sh("ip netns add %s", ns[i]);
	}
	sh("ip link add ikp%da type veth peer name ikp%db", owner, owner);
	for (i = 0; i < 2; i++) {
		sh("ip link set ikp%d%c netns %s", owner, 'a' + i, ns[i]);
		sh("ip -n %s addr add %s/24 dev ikp%d%c", ns[i], addr[i], owner, 'a' + i);
		sh("ip -n %s link set ikp%d%c up && ip -n %s link set lo up", ns[i], owner, 'a' + i,
		   ns[i]);
	}
}

static void stop(int i, int sig)
{
	int status;

	if (pid[i] > 0) {
		kill(pid[i], sig);
		waitpid(pid[i], &status, 0);
		pid[i] = 0;
	}
}

static void teardown(void)
{
	stop(0, SIGTERM);
	stop(1, SIGTERM);
	cleanup_ns();
}

static int ignore(void *ctx, const struct iked_msg_hdr *msg)
{
	return 0;
}

/* iked I answers on its socket (a killed one leaves its socket file). */
static bool iked_up(int i)
{
	return iked_client_list(sock[i], ignore, NULL, err, sizeof(err)) == 0;
}

/* Starts iked I with one spec to the other end. */
static void start(int i, bool initiate)
{
	char conf[160];
	FILE *f;
	struct stat st;
	int k;

	snprintf(conf, sizeof(conf), "%s/%c.conf", dir, 'a' + i);
	f = fopen(conf, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f,
		"conn = t0\n  local = %s\n  remote = %s\n  psk = pair-key\n"
		"  ike = aes256-sha256-modp2048\n  esp = aes256-sha256\n  initiate = %s\n"
		"  peer-initiates = yes\n",
		addr[i], addr[1 - i], initiate ? "yes" : "no");
	fclose(f);
	pid[i] = fork();
	ck_assert_int_ge(pid[i], 0);
	if (pid[i] == 0) {
		if (!freopen(logpath[i], "a", stderr) || !freopen("/dev/null", "w", stdout))
			_exit(126);
		execlp("ip", "ip", "netns", "exec", ns[i],
		       getenv("IKED") ? getenv("IKED") : "daemons/iked/iked", "-c", conf, "-S",
		       sock[i], "-d", "-1", (char *)NULL);
		_exit(127);
	}
	for (k = 0; k < 100 && (stat(sock[i], &st) < 0 || !iked_up(i)); k++)
		usleep(50 * 1000);
	ck_assert_msg(k < 100, "iked %d did not open its socket", i);
}

struct sas {
	int n, up;
	uint64_t spi_i, spi_r; /* of the last established one */
};

static int record(void *ctx, const struct iked_msg_hdr *msg)
{
	const struct iked_msg_sa *sa = (const void *)msg;
	struct sas *s = ctx;

	if (msg->type != IKED_MSG_SA)
		return 0;
	s->n++;
	if (!strcmp(sa->state, "ESTABLISHED")) {
		s->up++;
		s->spi_i = sa->spi_i;
		s->spi_r = sa->spi_r;
	}
	return 0;
}

static struct sas list(int i)
{
	struct sas s = {0};

	ck_assert_msg(iked_client_list(sock[i], record, &s, err, sizeof(err)) == 0, "%s", err);
	return s;
}

static int count_in_log(int i, const char *what)
{
	char line[512];
	int n = 0;
	FILE *f = fopen(logpath[i], "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, what) != NULL;
	fclose(f);
	return n;
}

/* Both ends have one established IKE SA, the same; STRICT: and no other
 * in any state (a forgotten one being deleted retransmits for minutes). */
static bool shared_sa(struct sas *a, struct sas *b, bool strict)
{
	*a = list(0);
	*b = list(1);
	if (strict && (a->n != 1 || b->n != 1))
		return false;
	return a->up == 1 && b->up == 1 && a->spi_i == b->spi_i && a->spi_r == b->spi_r;
}

static bool one_shared_sa(struct sas *a, struct sas *b)
{
	return shared_sa(a, b, true);
}

static bool wait_one_shared_sa(int seconds, struct sas *a, struct sas *b)
{
	for (int t = 0; t < seconds * 4; t++) {
		if (one_shared_sa(a, b))
			return true;
		usleep(250 * 1000);
	}
	return false;
}

START_TEST(started_together_one_sa)
{
	struct sas a, b;
	int k;

	start(1, true);
	start(0, true);
	ck_assert_msg(wait_one_shared_sa(10, &a, &b), "a: %d SA(s), b: %d SA(s)", a.n, b.n);
	/* held: the higher end's deferred initiation found it */
	for (k = 0; k < 8; k++) {
		ck_assert_msg(one_shared_sa(&a, &b), "second %d: a: %d SA(s), b: %d SA(s)", k, a.n,
			      b.n);
		sleep(1);
	}
	ck_assert_int_eq(count_in_log(1, "t0: 10.77.0.1 has the lower address and initiates"), 1);
	ck_assert_int_eq(count_in_log(0, "duplicate IKE SA"), 0);
	ck_assert_int_eq(count_in_log(1, "duplicate IKE SA"), 0);
}
END_TEST

/* Both ends asked to initiate at the same moment: IKE_SA_INITs cross, each
 * end has two IKE SAs; the lower end alone deletes the older one. Tried
 * until the two requests did cross (nearly always the first time). */
START_TEST(crossed_initiations_resolved_by_lower_end)
{
	struct sas a, b;
	int tries;

	start(0, false);
	start(1, false);
	for (tries = 0; tries < 5 && !count_in_log(0, "duplicate IKE SA"); tries++) {
		if (tries) {
			iked_client_terminate(sock[0], "t0", 0, err, sizeof(err));
			sleep(1);
		}
		ck_assert_msg(iked_client_initiate(sock[0], "t0", err, sizeof(err)) == 0, "%s",
			      err);
		ck_assert_msg(iked_client_initiate(sock[1], "t0", err, sizeof(err)) == 0, "%s",
			      err);
		/* up at once, settled IKE_RACE_SETTLE s, the 1 s tick, DELETE */
		ck_assert_msg(wait_one_shared_sa(IKE_RACE_SETTLE + 6, &a, &b),
			      "a: %d SA(s), b: %d SA(s)", a.n, b.n);
	}
	ck_assert_msg(count_in_log(0, "duplicate IKE SA"), "the initiations never crossed");
	ck_assert_int_eq(count_in_log(1, "duplicate IKE SA"), 0);
	sleep(2);
	ck_assert(one_shared_sa(&a, &b));
}
END_TEST

/* The lower end restarts (killed: no DELETE) while the higher end keeps
 * the old IKE SA: the new one comes up more than IKE_RACE_NEAR s later,
 * and the higher end deletes the one its peer forgot. */
START_TEST(restarted_peer_leftover_deleted_by_higher_end)
{
	struct sas a, b, old;

	start(1, true);
	start(0, true);
	ck_assert_msg(wait_one_shared_sa(10, &a, &b), "a: %d SA(s), b: %d SA(s)", a.n, b.n);
	old = b;
	sleep(IKE_RACE_NEAR + 1);
	stop(0, SIGKILL);
	start(0, true);
	ck_assert_msg(wait_one_shared_sa(IKE_RACE_SETTLE + 6, &a, &b) || shared_sa(&a, &b, false),
		      "a: %d SA(s), b: %d SA(s)", a.n, b.n);
	ck_assert_msg(b.spi_i != old.spi_i, "the forgotten IKE SA was kept");
	ck_assert_int_eq(count_in_log(1, "duplicate IKE SA 1 of t0"), 1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("iked_pair");
	TCase *tc = tcase_create("pair");
	SRunner *sr;
	int failed;

	owner = (int)getpid();
	snprintf(dir, sizeof(dir), "/tmp/iked-pair-%d", owner);
	if (geteuid() != 0 || system("ip netns list >/dev/null 2>&1") != 0) {
		fprintf(stderr, "iked_pair_test: needs root and ip netns, skipped\n");
		return 77;
	}
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, started_together_one_sa);
	tcase_add_test(tc, crossed_initiations_resolved_by_lower_end);
	tcase_add_test(tc, restarted_peer_leftover_deleted_by_higher_end);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	cleanup_ns();
	if (getenv("IKED_PAIR_KEEP") || failed)
		fprintf(stderr, "iked_pair_test: logs in %s\n", dir);
	else if (system("rm -rf /tmp/iked-pair-[0-9]*") != 0)
		fprintf(stderr, "iked_pair_test: cannot remove %s\n", dir);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
