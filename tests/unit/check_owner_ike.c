/*
 * The IKE owner against iked's control socket:
 *  - with the real iked (in its own network namespace): a configuration
 *    loaded while iked is down is accepted, then pushed when iked comes up
 *    and pushed again after iked restarts;
 *  - with a stand-in that refuses every push (iked's refusals other than
 *    those routerd checks itself cannot be provoked on demand): the
 *    refusal reaches the user as "% reason" and the line is rolled back;
 *  - with a stand-in whose SAs the test sets (a fake SA source): the
 *    watcher thread reports a VTI's line protocol from the listings and
 *    from CHILD SA events, the events at once.
 */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "iked_spawn.h"
#include "owner_ike.h"
#include "router_priv.h"

static char dir[64], sock[128];

static const char config[] =
	"crypto ikev2 keyring KR\n"
	" peer R2\n"
	"  address 192.0.2.2\n"
	"  pre-shared-key k2\n"
	"crypto ikev2 profile P\n"
	" authentication remote pre-share\n"
	" authentication local pre-share\n"
	" keyring local KR\n"
	"crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
	" mode transport\n"
	"crypto ipsec profile IP\n"
	" set transform-set TS\n"
	" set ikev2-profile P\n"
	"interface GigabitEthernet0/0\n"
	" ip address 192.0.2.1 255.255.255.0\n"
	"interface Tunnel1\n"
	" tunnel source GigabitEthernet0/0\n"
	" tunnel destination 192.0.2.2\n"
	" tunnel protection ipsec profile IP\n";

static void
setup(void)
{
	strcpy(dir, "/tmp/check_owner_ike.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/iked.sock", dir);
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static struct router *
router_with_owner(void)
{
	struct router_options opt = { .dry_run = true };
	struct router *r = router_new(&opt);

	ck_assert_ptr_nonnull(r);
	router_set_owner(r, OWNER_IKE, owner_ike_new(sock));
	return r;
}

static void
load(struct router *r, const char *text)
{
	char path[160];
	FILE *f;

	snprintf(path, sizeof(path), "%s/startup-config", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(router_load_file(r, path, stderr), 0);
}

static pid_t
iked_start(const char *log)
{
	return iked_spawn(sock, log);
}

static bool
wait_synced(struct router *r)
{
	for (int i = 0; i < 100; i++) {
		if (owner_ike_synced(r->owners[OWNER_IKE]))
			return true;
		usleep(50 * 1000);
	}
	return false;
}

static int
count_in_file(const char *path, const char *what)
{
	char line[512];
	int n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, what) != NULL;
	fclose(f);
	return n;
}

START_TEST(pushed_when_iked_comes_up_and_after_restart)
{
	struct router *r = router_with_owner();
	char log[160];
	pid_t pid;

	snprintf(log, sizeof(log), "%s/iked.log", dir);
	load(r, config); /* iked down: accepted */
	ck_assert(!owner_ike_synced(r->owners[OWNER_IKE]));
	pid = iked_start(log);
	ck_assert_msg(wait_synced(r), "the owner did not push to the new iked");
	ck_assert_int_eq(count_in_file(log, "1 spec(s) loaded"), 1);
	iked_reap(pid);
	pid = iked_start(log);
	ck_assert_msg(wait_synced(r), "the owner did not push after iked restarted");
	ck_assert_int_eq(count_in_file(log, "1 spec(s) loaded"), 2);
	iked_reap(pid);
	router_free(r);
}
END_TEST

/* The tunnel before its source interface (as IOS lists them): no spec
 * until the address is known, pushed by the line that gives the source
 * interface its address; the resync after the load finds nothing new. */
START_TEST(resync_after_load_picks_up_late_source_address)
{
	struct router *r = router_with_owner();
	const char *tail = strstr(config, "interface GigabitEthernet0/0");
	char log[160], text[2048], why[256];
	pid_t pid;

	snprintf(log, sizeof(log), "%s/iked.log", dir);
	pid = iked_start(log);
	ck_assert(wait_synced(r));
	/* move the GigabitEthernet0/0 block (2 lines) after the tunnel */
	snprintf(text, sizeof(text), "%.*s%s%.*s", (int)(tail - config), config,
		 strstr(tail, "interface Tunnel1"), (int)(strstr(tail, "interface Tunnel1") - tail),
		 tail);
	load(r, text);
	ck_assert_int_eq(count_in_file(log, "1 spec(s) loaded"), 1);
	ck_assert_int_eq(owner_ike_resync(r->owners[OWNER_IKE], r->running, why, sizeof(why)), 0);
	ck_assert_int_eq(count_in_file(log, "1 spec(s) loaded"), 1);
	iked_reap(pid);
	router_free(r);
}
END_TEST

/* Issue 5: the tunnel's spec starts from its source interface's address,
 * so a new `ip address` on that interface (a line that touches no crypto
 * object) must reach iked, and a rollback must take it back. */
START_TEST(source_interface_address_change_is_pushed)
{
	struct router *r = router_with_owner();
	struct cli_session *s = cli_session_new(router_cli_tree(r), r, 15);
	char log[160];
	int empty;
	pid_t pid;

	snprintf(log, sizeof(log), "%s/iked.log", dir);
	pid = iked_start(log);
	ck_assert(wait_synced(r));
	load(r, config);
	ck_assert_int_eq(count_in_file(log, "initiating Tunnel1 to 192.0.2.2"), 1);
	ck_assert_int_eq(cli_session_exec(s, "configure terminal", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "interface GigabitEthernet0/0", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "ip address 192.0.1.1 255.255.255.0", NULL), CLI_OK);
	/* iked got a changed spec: it closes nothing (no SA here) and
	 * initiates again from the new address */
	ck_assert_int_eq(count_in_file(log, "1 spec(s) loaded"), 2);
	ck_assert_int_eq(count_in_file(log, "initiating Tunnel1 to 192.0.2.2"), 2);
	/* the same address again: nothing to push */
	ck_assert_int_eq(cli_session_exec(s, "ip address 192.0.1.1 255.255.255.0", NULL), CLI_OK);
	ck_assert_int_eq(count_in_file(log, "1 spec(s) loaded"), 2);
	/* no address: the tunnel has no spec any more: one more empty set
	 * (how many were pushed while iked and the owner's watcher came up
	 * depends on timing: one or two) */
	empty = count_in_file(log, "0 spec(s) loaded");
	ck_assert_int_ge(empty, 1);
	ck_assert_int_eq(cli_session_exec(s, "no ip address", NULL), CLI_OK);
	ck_assert_int_eq(count_in_file(log, "0 spec(s) loaded"), empty + 1);
	free(cli_session_take_output(s, NULL));
	cli_session_free(s);
	iked_reap(pid);
	router_free(r);
}
END_TEST

/* Stand-in for iked that refuses every non-empty set of specs. */
static int refuse_listen = -1;

static void *
refuse_client(void *arg)
{
	int fd = (int)(intptr_t)arg, specs = 0;
	union {
		struct iked_msg_hdr hdr;
		char raw[sizeof(struct iked_msg_spec) + 64];
	} m;
	struct iked_msg_error e = { { IKED_MSG_ERROR, IKED_MSG_VERSION, sizeof(e) },
				    "Tunnel1: refused by the stand-in" };
	struct iked_msg_hdr ok = { IKED_MSG_OK, IKED_MSG_VERSION, sizeof(ok) };
	struct iked_msg_hdr end = { IKED_MSG_END, IKED_MSG_VERSION, sizeof(end) };

	while (recv(fd, &m, sizeof(m), 0) > 0) {
		if (m.hdr.type == IKED_MSG_SPEC_BEGIN)
			specs = 0;
		specs += m.hdr.type == IKED_MSG_SPEC;
		if (m.hdr.type == IKED_MSG_SUBSCRIBE) /* the owner's watcher */
			send(fd, &ok, sizeof(ok), MSG_NOSIGNAL);
		if (m.hdr.type == IKED_MSG_LIST_SAS) /* ... and its listings: no SA */
			send(fd, &end, sizeof(end), MSG_NOSIGNAL);
		if (m.hdr.type == IKED_MSG_SPEC_COMMIT)
			send(fd, specs ? (void *)&e : (void *)&ok, specs ? sizeof(e) : sizeof(ok),
			     MSG_NOSIGNAL);
	}
	close(fd);
	return NULL;
}

/* One thread per connection: the owner keeps one idle connection open. */
static void *
refuser(void *arg)
{
	(void)arg;
	for (;;) {
		int fd = accept(refuse_listen, NULL, NULL);
		pthread_t t;

		if (fd < 0)
			return NULL;
		if (pthread_create(&t, NULL, refuse_client, (void *)(intptr_t)fd) == 0)
			pthread_detach(t);
	}
}

START_TEST(iked_refusal_rolls_back)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct router *r;
	struct cli_session *s;
	pthread_t t;
	char *out, *run;

	refuse_listen = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	strcpy(sun.sun_path, sock);
	ck_assert_int_eq(bind(refuse_listen, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(refuse_listen, 4), 0);
	ck_assert_int_eq(pthread_create(&t, NULL, refuser, NULL), 0);
	r = router_with_owner();
	s = cli_session_new(router_cli_tree(r), r, 15);
	/* IKE objects alone make no spec: an empty set, accepted */
	load(r, "crypto ikev2 keyring KR\n"
		" peer R2\n"
		"  address 192.0.2.2\n"
		"  pre-shared-key k2\n"
		"crypto ikev2 profile P\n"
		" keyring local KR\n"
		"crypto ipsec profile IP\n"
		" set ikev2-profile P\n"
		"interface Tunnel1\n"
		" tunnel source 192.0.2.1\n"
		" tunnel destination 192.0.2.2\n");
	ck_assert_int_eq(cli_session_exec(s, "configure terminal", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "interface Tunnel1", NULL), CLI_OK);
	ck_assert_int_ne(cli_session_exec(s, "tunnel protection ipsec profile IP", NULL), CLI_OK);
	out = cli_session_take_output(s, NULL);
	ck_assert_msg(strstr(out, "% Tunnel1: refused by the stand-in"), "%s", out);
	free(out);
	run = router_running_config(r, NULL);
	ck_assert_msg(!strstr(run, "tunnel protection"), "%s", run);
	free(run);
	cli_session_free(s);
	router_free(r);
	shutdown(refuse_listen, SHUT_RDWR);
	close(refuse_listen);
	pthread_join(t, NULL);
}
END_TEST

/* What iked would refuse is refused by the owner even with iked down. */
START_TEST(conflicting_dpd_refused_without_iked)
{
	struct router *r = router_with_owner();
	struct cli_session *s = cli_session_new(router_cli_tree(r), r, 15);
	char *out, *run;

	load(r, config);
	ck_assert_int_eq(cli_session_exec(s, "configure terminal", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "crypto ikev2 profile P", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "dpd 10 3 periodic", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "exit", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "interface Tunnel2", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "tunnel source 192.0.2.1", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "tunnel destination 192.0.2.2", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "exit", NULL), CLI_OK);
	/* Tunnel2's IKEv2 profile asks for retry 5 next to Tunnel1's 3: strongSwan
	 * 5.9 has one retransmit schedule for all IKEv2 SAs. (IKEv1 keepalives
	 * may differ: iked paces R_U_THERE itself.) */
	ck_assert_int_eq(cli_session_exec(s, "crypto ikev2 profile P2", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "keyring local KR", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "dpd 10 5 periodic", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "exit", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "crypto ipsec profile V1", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "set transform-set TS", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "set ikev2-profile P2", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "exit", NULL), CLI_OK);
	free(cli_session_take_output(s, NULL));
	ck_assert_int_eq(cli_session_exec(s, "interface Tunnel2", NULL), CLI_OK);
	ck_assert_int_ne(cli_session_exec(s, "tunnel protection ipsec profile V1", NULL), CLI_OK);
	out = cli_session_take_output(s, NULL);
	ck_assert_msg(strstr(out, "% Tunnel2 asks for DPD retry 5 s but Tunnel1 for 3 s"), "%s", out);
	free(out);
	run = router_running_config(r, NULL);
	ck_assert_msg(!strstr(run, "tunnel protection ipsec profile V1"), "%s", run);
	ck_assert_msg(strstr(run, "tunnel protection ipsec profile IP"), "%s", run);
	free(run);
	cli_session_free(s);
	router_free(r);
}
END_TEST

/* Stand-in for iked whose SA list is what the test says: Tunnel1 with an
 * installed CHILD SA of id sa_child (0: none). Accepts every push;
 * remembers the event subscriber to send it events. */
static int sa_listen = -1, sa_subscriber = -1;
static uint32_t sa_child;
static pthread_mutex_t sa_lock = PTHREAD_MUTEX_INITIALIZER;

static void
send_listing(int fd)
{
	struct iked_msg_sa sa = { .hdr = { IKED_MSG_SA, IKED_MSG_VERSION, sizeof(sa) } };
	struct iked_msg_child c = { .hdr = { IKED_MSG_CHILD, IKED_MSG_VERSION, sizeof(c) } };
	struct iked_msg_hdr end = { IKED_MSG_END, IKED_MSG_VERSION, sizeof(end) };
	uint32_t child;

	pthread_mutex_lock(&sa_lock);
	child = sa_child;
	pthread_mutex_unlock(&sa_lock);
	if (child) {
		sa.unique_id = 1;
		sa.version = 2;
		strcpy(sa.name, "Tunnel1");
		strcpy(sa.state, "ESTABLISHED");
		strcpy(sa.remote, "192.0.2.2");
		sa.n_child = 1;
		c.ike_unique_id = 1;
		c.unique_id = child;
		strcpy(c.name, "Tunnel1");
		strcpy(c.state, "INSTALLED");
		send(fd, &sa, sizeof(sa), MSG_NOSIGNAL);
		send(fd, &c, sizeof(c), MSG_NOSIGNAL);
	}
	send(fd, &end, sizeof(end), MSG_NOSIGNAL);
}

static void *
sa_client(void *arg)
{
	int fd = (int)(intptr_t)arg;
	union {
		struct iked_msg_hdr hdr;
		char raw[sizeof(struct iked_msg_spec) + 64];
	} m;
	struct iked_msg_hdr ok = { IKED_MSG_OK, IKED_MSG_VERSION, sizeof(ok) };

	while (recv(fd, &m, sizeof(m), 0) > 0) {
		if (m.hdr.type == IKED_MSG_SUBSCRIBE) {
			pthread_mutex_lock(&sa_lock);
			sa_subscriber = fd;
			pthread_mutex_unlock(&sa_lock);
			send(fd, &ok, sizeof(ok), MSG_NOSIGNAL);
		} else if (m.hdr.type == IKED_MSG_SPEC_COMMIT) {
			send(fd, &ok, sizeof(ok), MSG_NOSIGNAL);
		} else if (m.hdr.type == IKED_MSG_LIST_SAS) {
			send_listing(fd);
		}
	}
	pthread_mutex_lock(&sa_lock);
	if (sa_subscriber == fd)
		sa_subscriber = -1;
	pthread_mutex_unlock(&sa_lock);
	close(fd);
	return NULL;
}

static void *
sa_server(void *arg)
{
	(void)arg;
	for (;;) {
		int fd = accept(sa_listen, NULL, NULL);
		pthread_t t;

		if (fd < 0)
			return NULL;
		if (pthread_create(&t, NULL, sa_client, (void *)(intptr_t)fd) == 0)
			pthread_detach(t);
	}
}

static void
sa_set(uint32_t child)
{
	pthread_mutex_lock(&sa_lock);
	sa_child = child;
	pthread_mutex_unlock(&sa_lock);
}

static void
sa_event(uint8_t type, uint32_t child)
{
	struct iked_msg_event ev = { .hdr = { IKED_MSG_EVENT, IKED_MSG_VERSION, sizeof(ev) },
				     .type = type, .version = 2, .unique_id = 1, .n = child };

	strcpy(ev.name, "Tunnel1");
	strcpy(ev.remote, "192.0.2.2");
	pthread_mutex_lock(&sa_lock);
	ck_assert_int_ge(sa_subscriber, 0);
	ck_assert_int_eq(send(sa_subscriber, &ev, sizeof(ev), MSG_NOSIGNAL), (ssize_t)sizeof(ev));
	pthread_mutex_unlock(&sa_lock);
}

/* What the owner reported, from its watcher thread: "+Tunnel1 -Tunnel1 ". */
static char lines[256];
static pthread_mutex_t lines_lock = PTHREAD_MUTEX_INITIALIZER;

static void
on_line(void *arg, const char *ifname, bool up)
{
	size_t n;

	ck_assert_ptr_eq(arg, lines);
	pthread_mutex_lock(&lines_lock);
	n = strlen(lines);
	snprintf(lines + n, sizeof(lines) - n, "%c%s ", up ? '+' : '-', ifname);
	pthread_mutex_unlock(&lines_lock);
}

/* Waits up to MS for the reports to be WANT (then clears them). */
static bool
lines_become(const char *want, int ms)
{
	for (int t = 0; t <= ms; t += 20) {
		bool same;

		pthread_mutex_lock(&lines_lock);
		same = strcmp(lines, want) == 0;
		if (same)
			lines[0] = '\0';
		pthread_mutex_unlock(&lines_lock);
		if (same)
			return true;
		usleep(20 * 1000);
	}
	fprintf(stderr, "reported \"%s\", not \"%s\"\n", lines, want);
	return false;
}

START_TEST(vti_line_from_fake_sa_source)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct router *r;
	pthread_t t;

	sa_listen = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	strcpy(sun.sun_path, sock);
	ck_assert_int_eq(bind(sa_listen, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(sa_listen, 4), 0);
	ck_assert_int_eq(pthread_create(&t, NULL, sa_server, NULL), 0);
	sa_set(0);
	lines[0] = '\0';
	r = router_with_owner();
	owner_ike_on_vti_line(r->owners[OWNER_IKE], on_line, lines);
	load(r, "crypto ikev2 keyring KR\n"
		" peer R2\n"
		"  address 192.0.2.2\n"
		"  pre-shared-key k2\n"
		"crypto ikev2 profile P\n"
		" authentication remote pre-share\n"
		" authentication local pre-share\n"
		" keyring local KR\n"
		"crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
		"crypto ipsec profile IP\n"
		" set transform-set TS\n"
		" set ikev2-profile P\n"
		"interface Tunnel1\n"
		" tunnel source 192.0.2.1\n"
		" tunnel mode ipsec ipv4\n"
		" tunnel destination 192.0.2.2\n"
		" tunnel protection ipsec profile IP\n");
	ck_assert(wait_synced(r));
	/* no SA: nothing reported (down is where it starts) */
	usleep(300 * 1000);
	ck_assert(lines_become("", 0));
	/* an SA: up at the next listing (every 2 s) */
	sa_set(7);
	ck_assert(lines_become("+Tunnel1 ", 3000));
	/* cleared and made again at once: each event moves the line, long
	 * before the next listing */
	sa_set(8);
	sa_event(IKED_EV_CHILD_DOWN, 7);
	sa_event(IKED_EV_CHILD_UP, 8);
	ck_assert(lines_become("-Tunnel1 +Tunnel1 ", 500));
	/* a CHILD SA it did not know (rekeyed) going down: a listing now,
	 * which still has 8 */
	sa_event(IKED_EV_CHILD_DOWN, 6);
	usleep(300 * 1000);
	ck_assert(lines_become("", 0));
	/* gone for good */
	sa_set(0);
	sa_event(IKED_EV_CHILD_DOWN, 8);
	ck_assert(lines_become("-Tunnel1 ", 500));
	/* back, announced by its event: up at once */
	sa_set(9);
	sa_event(IKED_EV_CHILD_UP, 9);
	ck_assert(lines_become("+Tunnel1 ", 500));
	/* iked gone: its SAs with it */
	shutdown(sa_listen, SHUT_RDWR);
	close(sa_listen);
	pthread_mutex_lock(&sa_lock);
	shutdown(sa_subscriber, SHUT_RDWR);
	pthread_mutex_unlock(&sa_lock);
	ck_assert(lines_become("-Tunnel1 ", 1500));
	router_free(r);
	pthread_join(t, NULL);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("owner_ike");
	TCase *real = tcase_create("iked"), *fake = tcase_create("refusal");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(fake, setup, teardown);
	tcase_add_test(fake, iked_refusal_rolls_back);
	tcase_add_test(fake, conflicting_dpd_refused_without_iked);
	tcase_add_test(fake, vti_line_from_fake_sa_source);
	suite_add_tcase(s, fake);
	if (geteuid() == 0) { /* iked: network namespace, port 500 */
		tcase_add_checked_fixture(real, setup, teardown);
		tcase_set_timeout(real, 30);
		tcase_add_test(real, pushed_when_iked_comes_up_and_after_restart);
		tcase_add_test(real, resync_after_load_picks_up_late_source_address);
		tcase_add_test(real, source_interface_address_change_is_pushed);
		suite_add_tcase(s, real);
	} else {
		fprintf(stderr, "check_owner_ike: not root, the real-iked case is skipped\n");
	}
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
