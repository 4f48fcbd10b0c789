/*
 * routerd [-f FILE] [-S SOCKET] [-n] [-m IFMAP]
 *
 *   -f FILE    configuration to load at start ("-": standard input with -n),
 *              and where `write memory` saves
 *              (default SYSCONFDIR/lios/startup-config)
 *   -S SOCKET  the session socket ish connects to (default LIOS_ROUTERD_SOCKET)
 *   -n         dry run: no kernel, no daemons; any well-formed interface name.
 *              Without -S: parse only, print the show running-config FILE
 *              gives and exit 0, or print every bad line ("FILE:LINE: % ...")
 *              to stderr and exit 1. With -S: serve sessions on a router
 *              that applies nothing (session tests, trying configurations).
 *   -m IFMAP   interface map: "IOSNAME LINUXNAME" per line
 *   -I SOCKET  iked's control socket (default LIOS_IKED_SOCKET); not with -n
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lios.h"
#include "monitor_log.h"
#include "owner_ike.h"
#include "owner_kernel.h"
#include "router_priv.h"
#include "router.h"
#include "routerd_server.h"

static const char *
startup_path(const char *file)
{
	return file ? file : SYSCONFDIR "/lios/startup-config";
}

/* Log lines from routerd's threads, on the main loop: the sessions with
 * `terminal monitor` and, for debug output, the console (stderr). What
 * came together goes to the sessions as one message, so that ish redraws
 * its prompt once after a burst of debug lines, not after each. */
struct log_batch {
	char text[16384];
	size_t len;
};

static void
flush_log_batch(struct log_batch *b)
{
	if (b->len)
		routerd_session_log(b->text);
	b->len = 0;
	b->text[0] = '\0';
}

static void
show_log_line(const char *line, bool console, void *arg)
{
	struct log_batch *b = arg;
	size_t n = strlen(line);

	if (console)
		fprintf(stderr, "%s\n", line);
	if (b->len && b->len + 1 + n >= sizeof(b->text))
		flush_log_batch(b);
	b->len += (size_t)snprintf(b->text + b->len, sizeof(b->text) - b->len, "%s%s",
				   b->len ? "\n" : "", line);
}

static void
on_monitor_log(int fd, void *arg)
{
	static unsigned long lost_seen;
	struct log_batch b = { .len = 0 };
	unsigned long lost;

	(void)arg;
	monitor_log_drain(fd, show_log_line, &b);
	flush_log_batch(&b);
	lost = monitor_log_lost();
	if (lost != lost_seen)
		fprintf(stderr, "routerd: %lu log lines for the sessions dropped (main loop behind)\n",
			lost - lost_seen);
	lost_seen = lost;
}

static void
usage(FILE *to)
{
	fprintf(to, "usage: routerd [-f FILE] [-S SOCKET] [-n] [-m IFMAP] [-I IKED_SOCKET]\n");
}

int
main(int argc, char **argv)
{
	struct router_options opt = { 0 };
	const char *file = NULL, *sock = NULL, *iked_sock = LIOS_IKED_SOCKET;
	struct router *r;
	sigset_t stop;
	char why[256];
	int c, bad, rc;

	while ((c = getopt(argc, argv, "f:S:nm:I:h")) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'S':
			sock = optarg;
			break;
		case 'n':
			opt.dry_run = true;
			break;
		case 'm':
			opt.ifmap_path = optarg;
			break;
		case 'I':
			iked_sock = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	opt.startup_path = file;
	/* SIGTERM/SIGINT are the session loop's (signalfd): blocked before the
	 * owners start their threads, which inherit the mask. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	r = router_new(&opt);
	if (!r)
		return 2;
	if (opt.dry_run && !sock) {
		char *text;
		size_t len;

		if (!file) {
			fprintf(stderr, "routerd: -n needs -f FILE\n");
			router_free(r);
			return 2;
		}
		bad = router_load_file(r, file, stderr);
		if (bad == 0) {
			text = router_running_config(r, &len);
			fwrite(text, 1, len, stdout);
			free(text);
		}
		router_free(r);
		return bad == 0 ? 0 : 1;
	}
	if (!opt.dry_run)
		router_set_owner(r, OWNER_IKE, owner_ike_new(iked_sock));
	/* a VTI's line protocol follows its IPsec SA */
	if (owner_kernel_of(r->owners[OWNER_KERNEL]))
		owner_ike_on_vti_line(r->owners[OWNER_IKE], kown_ipsec_line,
				      owner_kernel_of(r->owners[OWNER_KERNEL]));
	/* A missing startup-config is a router with an empty configuration. */
	if (access(startup_path(file), F_OK) == 0 && router_load_file(r, startup_path(file), stderr) > 0)
		fprintf(stderr, "routerd: %s has errors (see above); the rest is loaded\n",
			startup_path(file));
	router_started(r);
	/* tunnel sources whose addresses came after the tunnels */
	if (owner_ike_resync(r->owners[OWNER_IKE], r->running, why, sizeof(why)) < 0)
		fprintf(stderr, "routerd: IKE: %s\n", why);
	routerd_watch_fd(monitor_log_fd(), on_monitor_log, NULL);
	rc = routerd_serve(r, sock ? sock : LIOS_ROUTERD_SOCKET);
	/* the kernel owner goes first: no more line reports to it */
	owner_ike_on_vti_line(r->owners[OWNER_IKE], NULL, NULL);
	router_free(r);
	return rc;
}
