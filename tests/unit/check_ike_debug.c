/*
 * IKE debugging in routerd:
 *  - the commands: IOS's messages, show debugging, undebug all / no debug
 *    all, privilege 15 only, flags shared by every session and never in
 *    the running-config;
 *  - the lines: with the real iked (in its own network namespace, its one
 *    spec initiating towards a peer it has no route to, so IKE_SA_INIT is
 *    generated and retransmitted), `debug crypto ikev2` brings IOS-like
 *    lines with the log timestamp through the hand-off pipe; after
 *    `undebug all` none come, and iked stops formatting them.
 */
#include "config.h"

#include <check.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ike_debug.h"
#include "iked_spawn.h"
#include "monitor_log.h"
#include "owner_ike.h"
#include "router_priv.h"

static char dir[64], sock[128], iked_log[160];

static struct router *
dry_router(void)
{
	struct router_options opt = { .dry_run = true };
	struct router *r = router_new(&opt);

	ck_assert_ptr_nonnull(r);
	return r;
}

/* Runs LINE; returns its output (malloc'ed) and the status in *st. */
static char *
run(struct cli_session *s, const char *line, enum cli_status *st)
{
	enum cli_status rc = cli_session_exec(s, line, NULL);

	if (st)
		*st = rc;
	return cli_session_take_output(s, NULL);
}

static void
expect(struct cli_session *s, const char *line, const char *want)
{
	enum cli_status st;
	char *out = run(s, line, &st);

	ck_assert_msg(st == CLI_OK, "%s: status %d", line, st);
	ck_assert_msg(!strcmp(out, want), "%s: got [%s], want [%s]", line, out, want);
	free(out);
}

START_TEST(messages_as_ios)
{
	struct router *r = dry_router();
	struct cli_session *s = cli_session_new(router_cli_tree(r), r, 15);

	expect(s, "debug crypto ikev2", "IKEv2 default debugging is on\n");
	ck_assert_uint_eq(ike_debug_flags(), IKE_DEBUG_IKEV2);
	expect(s, "debug crypto isakmp", "Crypto ISAKMP debugging is on\n");
	ck_assert_uint_eq(ike_debug_flags(), IKE_DEBUG_IKEV2 | IKE_DEBUG_ISAKMP);
	expect(s, "no debug crypto ikev2", "IKEv2 default debugging is off\n");
	ck_assert_uint_eq(ike_debug_flags(), IKE_DEBUG_ISAKMP);
	expect(s, "undebug crypto isakmp", "Crypto ISAKMP debugging is off\n");
	ck_assert_uint_eq(ike_debug_flags(), 0);
	/* abbreviated as IOS users type it */
	expect(s, "deb cry ikev2", "IKEv2 default debugging is on\n");
	expect(s, "u all", "All possible debugging has been turned off\n");
	ck_assert_uint_eq(ike_debug_flags(), 0);
	cli_session_free(s);
	router_free(r);
}
END_TEST

START_TEST(show_debugging_and_undebug_all)
{
	struct router *r = dry_router();
	struct cli_session *s = cli_session_new(router_cli_tree(r), r, 15);

	expect(s, "show debugging", "");
	expect(s, "debug crypto ikev2", "IKEv2 default debugging is on\n");
	expect(s, "show debugging", "Cryptographic Subsystem:\n  IKEv2 default debugging is on\n");
	expect(s, "debug crypto isakmp", "Crypto ISAKMP debugging is on\n");
	expect(s, "show debugging",
	       "Cryptographic Subsystem:\n"
	       "  Crypto ISAKMP debugging is on\n"
	       "  IKEv2 default debugging is on\n");
	expect(s, "undebug all", "All possible debugging has been turned off\n");
	expect(s, "show debugging", "");
	expect(s, "debug crypto isakmp", "Crypto ISAKMP debugging is on\n");
	expect(s, "no debug all", "All possible debugging has been turned off\n");
	expect(s, "show debugging", "");
	cli_session_free(s);
	router_free(r);
}
END_TEST

START_TEST(ikev2_kinds)
{
	struct router *r = dry_router();
	struct cli_session *s = cli_session_new(router_cli_tree(r), r, 15);
	char *help;

	expect(s, "debug crypto ikev2 packet", "IKEv2 packet debugging is on\n");
	expect(s, "debug crypto ikev2 error", "IKEv2 error debugging is on\n");
	expect(s, "debug crypto ikev2 internal", "IKEv2 internal debugging is on\n");
	ck_assert_uint_eq(ike_debug_flags(), IKE_DEBUG_IKEV2_PACKET | IKE_DEBUG_IKEV2_ERROR |
						     IKE_DEBUG_IKEV2_INTERNAL);
	expect(s, "debug crypto isakmp", "Crypto ISAKMP debugging is on\n");
	expect(s, "debug crypto ikev2", "IKEv2 default debugging is on\n");
	expect(s, "show debugging",
	       "Cryptographic Subsystem:\n"
	       "  Crypto ISAKMP debugging is on\n"
	       "  IKEv2 default debugging is on\n"
	       "  IKEv2 error debugging is on\n"
	       "  IKEv2 internal debugging is on\n"
	       "  IKEv2 packet debugging is on\n");
	expect(s, "no debug crypto ikev2 internal", "IKEv2 internal debugging is off\n");
	expect(s, "undebug crypto ikev2 packet", "IKEv2 packet debugging is off\n");
	ck_assert_uint_eq(ike_debug_flags(),
			  IKE_DEBUG_IKEV2 | IKE_DEBUG_ISAKMP | IKE_DEBUG_IKEV2_ERROR);
	expect(s, "undebug all", "All possible debugging has been turned off\n");
	ck_assert_uint_eq(ike_debug_flags(), 0);
	ck_assert_int_eq(cli_session_help(s, "debug crypto ikev2 ?", NULL), CLI_OK);
	help = cli_session_take_output(s, NULL);
	ck_assert_msg(strstr(help, "error") && strstr(help, "internal") && strstr(help, "packet") &&
			      strstr(help, "<cr>"),
		      "%s", help);
	free(help);
	cli_session_free(s);
	router_free(r);
}
END_TEST

START_TEST(privileged_only)
{
	struct router *r = dry_router();
	struct cli_session *user = cli_session_new(router_cli_tree(r), r, 1);
	static const char *const lines[] = { "debug crypto ikev2", "debug crypto isakmp",
					     "undebug all", "no debug all", "show debugging" };
	enum cli_status st;

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		free(run(user, lines[i], &st));
		ck_assert_msg(st != CLI_OK, "%s ran at privilege 1", lines[i]);
	}
	ck_assert_uint_eq(ike_debug_flags(), 0);
	cli_session_free(user);
	router_free(r);
}
END_TEST

START_TEST(global_and_not_configuration)
{
	struct router *r = dry_router();
	struct cli_session *a = cli_session_new(router_cli_tree(r), r, 15);
	struct cli_session *b = cli_session_new(router_cli_tree(r), r, 15);
	char *text;

	expect(a, "debug crypto ikev2", "IKEv2 default debugging is on\n");
	/* the router's flag, not the session's */
	expect(b, "show debugging", "Cryptographic Subsystem:\n  IKEv2 default debugging is on\n");
	text = router_running_config(r, NULL);
	ck_assert_msg(!strstr(text, "debug"), "%s", text);
	free(text);
	expect(b, "undebug all", "All possible debugging has been turned off\n");
	expect(a, "show debugging", "");
	cli_session_free(a);
	cli_session_free(b);
	router_free(r);
}
END_TEST

/* --- With the real iked -------------------------------------------------- */

#define CONFIG_V2 \
	"crypto ikev2 keyring KR\n" \
	" peer R2\n" \
	"  address 192.0.2.2\n" \
	"  pre-shared-key k2\n" \
	"crypto ikev2 profile P\n" \
	" authentication remote pre-share\n" \
	" authentication local pre-share\n" \
	" keyring local KR\n" \
	"crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n" \
	" mode transport\n" \
	"crypto ipsec profile IP\n" \
	" set transform-set TS\n" \
	" set ikev2-profile P\n" \
	"interface Tunnel1\n" \
	" tunnel source 192.0.2.1\n" \
	" tunnel destination 192.0.2.2\n" \
	" tunnel protection ipsec profile IP\n"

#define CONFIG_V1 \
	"crypto isakmp policy 10\n" \
	" encr aes 256\n" \
	" hash sha256\n" \
	" authentication pre-share\n" \
	" group 14\n" \
	"crypto isakmp key k1 address 192.0.2.2\n" \
	"crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac\n" \
	" mode transport\n" \
	"crypto ipsec profile IP\n" \
	" set transform-set TS\n" \
	"interface Tunnel1\n" \
	" tunnel source 192.0.2.1\n" \
	" tunnel destination 192.0.2.2\n" \
	" tunnel protection ipsec profile IP\n"

struct collected {
	char text[16384];
	int n;
	int not_console; /* debug output is for the console too */
};

static void
collect(const char *line, bool console, void *arg)
{
	struct collected *c = arg;
	size_t len = strlen(c->text);

	c->not_console += !console;
	snprintf(c->text + len, sizeof(c->text) - len, "%s\n", line);
	c->n++;
}

/* Collects the lines coming through the pipe for ms milliseconds. */
static void
collect_for(int fd, int ms, struct collected *c)
{
	struct timespec t0, t;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int left;

		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - (int)((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			return;
		if (poll(&p, 1, left) > 0)
			monitor_log_drain(fd, collect, c);
	}
}

static int
count_in_file(const char *path, const char *what)
{
	char line[1024];
	int n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, what) != NULL;
	fclose(f);
	return n;
}

struct live {
	pid_t iked;
	struct router *r;
	struct cli_session *s;
	char startup[160];
};

/* iked in its own netns, a router following it, CONFIG not loaded yet. */
static void
live_start(struct live *l, const char *config)
{
	struct router_options opt = { .dry_run = true };
	FILE *f;

	strcpy(dir, "/tmp/check_ike_debug.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/iked.sock", dir);
	snprintf(iked_log, sizeof(iked_log), "%s/iked.log", dir);
	l->iked = iked_spawn(sock, iked_log);
	l->r = router_new(&opt);
	router_set_owner(l->r, OWNER_IKE, owner_ike_new(sock));
	snprintf(l->startup, sizeof(l->startup), "%s/startup-config", dir);
	f = fopen(l->startup, "w");
	ck_assert_ptr_nonnull(f);
	fputs(config, f);
	fclose(f);
	l->s = cli_session_new(router_cli_tree(l->r), l->r, 15);
}

static void
live_stop(struct live *l)
{
	char cmd[160];

	cli_session_free(l->s);
	router_free(l->r);
	ike_debug_shutdown();
	iked_reap(l->iked);
	snprintf(cmd, sizeof(cmd), getenv("KEEP") ? "true %s" : "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void
wait_iked_log(const char *what)
{
	for (int i = 0; i < 100 && !count_in_file(iked_log, what); i++)
		usleep(20 * 1000);
	ck_assert_msg(count_in_file(iked_log, what) > 0, "iked never logged \"%s\"", what);
}

START_TEST(lines_from_iked_until_undebug)
{
	struct live l;
	struct cli_session *s;
	struct collected *on = calloc(1, sizeof(*on)), *off = calloc(1, sizeof(*off));
	regex_t stamp;
	char *out;
	int fd;

	live_start(&l, CONFIG_V2);
	s = l.s;
	fd = monitor_log_fd();
	/* debugging first, then the spec: its IKE_SA_INIT is in the lines */
	expect(s, "debug crypto ikev2", "IKEv2 default debugging is on\n");
	wait_iked_log("debugging on");
	ck_assert_int_eq(router_load_file(l.r, l.startup, stderr), 0);
	collect_for(fd, 3000, on);
	ck_assert_msg(on->n > 0, "no debug line; iked log in %s", iked_log);
	ck_assert_int_eq(on->not_console, 0);
	ck_assert_int_eq(regcomp(&stamp,
				 "^\\*[A-Z][a-z]{2} [ 1-3][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}: "
				 "IKEv2:\\(SESSION ID = [0-9]+,SA ID = [0-9]+\\):Sending Packet "
				 "\\[To 192\\.0\\.2\\.2:500/From [0-9.]+:500/VRF i0:f0\\]$",
				 REG_EXTENDED | REG_NEWLINE | REG_NOSUB),
			 0);
	ck_assert_msg(regexec(&stamp, on->text, 0, NULL, 0) == 0, "%s", on->text);
	ck_assert_msg(strstr(on->text, "\nIKEv2 IKE_SA_INIT Exchange REQUEST\nPayload contents:\n SA KE N"),
		      "%s", on->text);
	regfree(&stamp);

	expect(s, "undebug all", "All possible debugging has been turned off\n");
	wait_iked_log("debugging off");
	/* what was on its way is read; then nothing more, although charon
	 * retransmits and is asked to initiate again */
	collect_for(fd, 200, off);
	off->n = 0;
	off->text[0] = '\0';
	free(run(s, "clear crypto session", NULL));
	collect_for(fd, 2500, off);
	ck_assert_msg(off->n == 0, "after undebug all: %s", off->text);
	out = run(s, "show debugging", NULL);
	ck_assert_str_eq(out, "");
	free(out);

	live_stop(&l);
	free(on);
	free(off);
}
END_TEST

/* `debug crypto isakmp` alone shows nothing of an IKEv2 SA (iked sends a
 * client only the kinds it asked for); adding ikev2 brings them. */
START_TEST(isakmp_only_hides_ikev2)
{
	struct live l;
	struct collected *c = calloc(1, sizeof(*c));
	int fd;

	live_start(&l, CONFIG_V2);
	fd = monitor_log_fd();
	expect(l.s, "debug crypto isakmp", "Crypto ISAKMP debugging is on\n");
	wait_iked_log("debugging on");
	ck_assert_int_eq(router_load_file(l.r, l.startup, stderr), 0);
	collect_for(fd, 2500, c);
	ck_assert_msg(c->n == 0, "IKEv2 lines with isakmp only: %s", c->text);
	expect(l.s, "debug crypto ikev2", "IKEv2 default debugging is on\n");
	/* charon retransmits IKE_SA_INIT 2 s after the first one */
	collect_for(fd, 4000, c);
	ck_assert_msg(c->n > 0 && strstr(c->text, "IKEv2:(SESSION ID = "), "%s", c->text);
	/* the change went over the same connection: debugging never went off */
	ck_assert_int_eq(count_in_file(iked_log, "debugging on (kinds 0x3)"), 1);
	ck_assert_int_eq(count_in_file(iked_log, "debugging off"), 0);
	live_stop(&l);
	free(c);
}
END_TEST

START_TEST(timestamp_as_ios_log)
{
	char buf[64];

	/* 2026-11-28 09:05:07.042 UTC; one-digit days are padded with a space */
	setenv("TZ", "UTC", 1);
	tzset();
	monitor_log_timestamp(1795856707, 42000000, buf, sizeof(buf));
	ck_assert_str_eq(buf, "*Nov 28 09:05:07.042: ");
	monitor_log_timestamp(1793610307, 999999999, buf, sizeof(buf));
	ck_assert_str_eq(buf, "*Nov  2 09:05:07.999: ");
}
END_TEST

/* Every IKEv2 line of c is a packet line (or one of its continuation lines). */
static bool
only_packets(const struct collected *c)
{
	const char *p = c->text;

	while ((p = strstr(p, "IKEv2"))) {
		const char *eol = strchr(p, '\n');

		if (strncmp(p, "IKEv2 ", 6) && !(strstr(p, "):Sending Packet [") &&
						 strstr(p, "):Sending Packet [") < eol) &&
		    !(strstr(p, "):Received Packet [") && strstr(p, "):Received Packet [") < eol))
			return false;
		p = eol ? eol : p + strlen(p);
	}
	return true;
}

/* `packet` brings only the packets; `error` only the failures: with DPD
 * retry 2 s, charon gives up on the unreachable peer 12 s after its first
 * IKE_SA_INIT (IOS: maximum number of retransmissions). */
START_TEST(packet_and_error_kinds)
{
	struct live l;
	struct collected *pk = calloc(1, sizeof(*pk)), *er = calloc(1, sizeof(*er));
	int fd;

	/* the global DPD first: in place when the spec comes */
	live_start(&l, "crypto ikev2 dpd 10 2 periodic\n" CONFIG_V2);
	fd = monitor_log_fd();
	expect(l.s, "debug crypto ikev2 packet", "IKEv2 packet debugging is on\n");
	wait_iked_log("debugging on");
	ck_assert_int_eq(router_load_file(l.r, l.startup, stderr), 0);
	collect_for(fd, 1500, pk);
	ck_assert_msg(strstr(pk->text, "):Sending Packet [To 192.0.2.2:500/From "), "%s", pk->text);
	ck_assert_msg(only_packets(pk), "not only packets: %s", pk->text);
	expect(l.s, "undebug all", "All possible debugging has been turned off\n");
	expect(l.s, "debug crypto ikev2 error", "IKEv2 error debugging is on\n");
	collect_for(fd, 15000, er);
	ck_assert_msg(strstr(er->text, "IKEv2-ERROR:(SESSION ID = ") &&
			      strstr(er->text, "):: Maximum number of retransmissions reached\n"),
		      "%s", er->text);
	ck_assert_msg(!strstr(er->text, "Packet ["), "%s", er->text);
	live_stop(&l);
	free(pk);
	free(er);
}
END_TEST

/* IKEv1: `debug crypto isakmp` shows IOS's ISAKMP packet lines; IKEv2
 * debugging shows nothing of an IKEv1 SA. */
START_TEST(isakmp_lines)
{
	struct live l;
	struct collected *v2 = calloc(1, sizeof(*v2)), *v1 = calloc(1, sizeof(*v1));
	int fd;

	live_start(&l, CONFIG_V1);
	fd = monitor_log_fd();
	expect(l.s, "debug crypto ikev2", "IKEv2 default debugging is on\n");
	wait_iked_log("debugging on");
	ck_assert_int_eq(router_load_file(l.r, l.startup, stderr), 0);
	collect_for(fd, 1500, v2);
	ck_assert_msg(!strstr(v2->text, "ISAKMP"), "%s", v2->text);
	expect(l.s, "no debug crypto ikev2", "IKEv2 default debugging is off\n");
	expect(l.s, "debug crypto isakmp", "Crypto ISAKMP debugging is on\n");
	/* all off, then on again: a new connection, in place before the clear */
	wait_iked_log("debugging on (kinds 0x2)");
	free(run(l.s, "clear crypto session", NULL));
	collect_for(fd, 2500, v1);
	ck_assert_msg(strstr(v1->text, "ISAKMP:(") &&
			      strstr(v1->text, "):Sending packet to 192.0.2.2 my_port 500 "
					       "peer_port 500 (I) ID_PROT\n"),
		      "%s", v1->text);
	ck_assert_msg(!strstr(v1->text, "IKEv2"), "%s", v1->text);
	live_stop(&l);
	free(v1);
	free(v2);
}
END_TEST

int
main(void)
{
	Suite *su = suite_create("ike_debug");
	TCase *tc = tcase_create("commands");
	TCase *live = tcase_create("iked");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, messages_as_ios);
	tcase_add_test(tc, show_debugging_and_undebug_all);
	tcase_add_test(tc, ikev2_kinds);
	tcase_add_test(tc, privileged_only);
	tcase_add_test(tc, global_and_not_configuration);
	tcase_add_test(tc, timestamp_as_ios_log);
	suite_add_tcase(su, tc);
	tcase_set_timeout(live, 60);
	tcase_add_test(live, lines_from_iked_until_undebug);
	tcase_add_test(live, isakmp_only_hides_ikev2);
	tcase_add_test(live, packet_and_error_kinds);
	tcase_add_test(live, isakmp_lines);
	suite_add_tcase(su, live);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
