/*
 * iked: the IKE daemon. Embeds strongSwan's libcharon, feeds it configs
 * built from ike_spec entries (spec file or routerd over the control
 * socket), schedules DPD the IOS way and answers "list SAs".
 *
 * Threads: charon's workers run IKE; everything of ours runs on this main
 * loop (signals, control clients, bus events via a pipe, the DPD tick).
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <library.h>
#include <daemon.h>

#include "backend.h"
#include "charon_setup.h"
#include "config.h"
#include "control.h"
#include "debug.h"
#include "dpd.h"
#include "dpd_driver.h"
#include "race_driver.h"
#include "events.h"
#include "ike_spec.h"
#include "lios.h"
#include "log.h"
#include "psk.h"
#include "show.h"

#define MAX_CLIENTS 16

struct options {
	const char *spec_file;
	const char *socket_path;
	const char *show_socket;
	const char *events_socket;
	const char *debug_socket;
	bool check_only;
	struct charon_setup charon;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: iked [-c SPECFILE] [-S SOCKET] [-C SETTINGS] [-d LEVEL] [-P PLUGINS]\n"
		"            [-p PORT] [--natt-port PORT] [--vici SOCKET] [-n]\n"
		"       iked --show SOCKET | --events SOCKET | --debug SOCKET\n"
		"  -c SPECFILE   ike_spec entries (key = value, see include/ike_spec.h)\n"
		"  -S SOCKET     control socket (default %s)\n"
		"  -C SETTINGS   strongSwan settings file, namespace '%s' (default none)\n"
		"  -d LEVEL      charon log level -1..4 (default 0)\n"
		"  -P PLUGINS    charon plugin list (default: %s)\n"
		"  -n            check SPECFILE and exit\n"
		"  --vici SOCKET also load vici there (for swanctl --uri unix://SOCKET)\n"
		"  --show SOCKET print the SAs of a running iked\n"
		"  --events SOCKET print the events of a running iked as they happen\n"
		"  --debug SOCKET print the IKE debug lines of a running iked\n",
		LIOS_IKED_SOCKET, IKED_NAMESPACE, IKED_PLUGINS_DEFAULT);
}

static int parse_port(const char *arg, unsigned int *port)
{
	char *end;
	unsigned long p = strtoul(arg, &end, 10);

	if (!*arg || *end || p == 0 || p > 65535)
		return -1;
	*port = (unsigned int)p;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"show", required_argument, NULL, 's'},
		{"events", required_argument, NULL, 'e'},
		{"debug", required_argument, NULL, 'D'},
		{"vici", required_argument, NULL, 'v'},
		{"natt-port", required_argument, NULL, 'N'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	char *end;
	int c;

	o->socket_path = LIOS_IKED_SOCKET;
	o->charon.log_level = 0;
	while ((c = getopt_long(argc, argv, "c:S:C:d:P:p:nh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->spec_file = optarg;
			break;
		case 'S':
			o->socket_path = optarg;
			break;
		case 'C':
			o->charon.settings_file = optarg;
			break;
		case 'd':
			o->charon.log_level = (int)strtol(optarg, &end, 10);
			if (*end || o->charon.log_level < -1 || o->charon.log_level > 4) {
				fprintf(stderr, "iked: log level %s is not in -1..4\n", optarg);
				return -1;
			}
			break;
		case 'P':
			o->charon.plugins = optarg;
			break;
		case 'p':
			if (parse_port(optarg, &o->charon.port) < 0) {
				fprintf(stderr, "iked: bad port %s\n", optarg);
				return -1;
			}
			break;
		case 'N':
			if (parse_port(optarg, &o->charon.port_nat_t) < 0) {
				fprintf(stderr, "iked: bad port %s\n", optarg);
				return -1;
			}
			break;
		case 'v':
			o->charon.vici_socket = optarg;
			break;
		case 's':
			o->show_socket = optarg;
			break;
		case 'e':
			o->events_socket = optarg;
			break;
		case 'D':
			o->debug_socket = optarg;
			break;
		case 'n':
			o->check_only = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	if (o->check_only && !o->spec_file) {
		fprintf(stderr, "iked: -n needs -c SPECFILE\n");
		return -1;
	}
	return 0;
}

/* Reads and checks the spec file. Returns the number of specs or -1. */
static int read_specs(const char *path, struct ike_spec **specs, struct ike_globals *g,
		      unsigned int *retry)
{
	char err[300];
	FILE *f = fopen(path, "r");
	int n, i;

	if (!f) {
		fprintf(stderr, "iked: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = ike_spec_file_read(f, path, specs, g, err, sizeof(err));
	fclose(f);
	if (n < 0) {
		fprintf(stderr, "iked: %s\n", err);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (ike_spec_validate(&(*specs)[i], err, sizeof(err)) < 0)
			break;
	if (i < n || ike_spec_common_retry(*specs, n, g, retry, err, sizeof(err)) < 0) {
		fprintf(stderr, "iked: %s: %s\n", path, err);
		free(*specs);
		*specs = NULL;
		return -1;
	}
	return n;
}

static int load_file(const char *path, struct iked_backend *b)
{
	struct ike_spec *specs = NULL;
	struct ike_globals g;
	unsigned int retry;
	char err[300];
	int n = read_specs(path, &specs, &g, &retry), rc = 0;

	if (n < 0)
		return -1;
	if (iked_config_apply(b, specs, n, &g, err, sizeof(err)) < 0) {
		iked_log("%s refused: %s", path, err);
		rc = -1;
	}
	free(specs);
	return rc;
}

enum { FD_SIGNAL, FD_EVENTS, FD_TICK, FD_LISTEN, FD_DEBUG, FD_CLIENTS };

struct loop {
	struct pollfd fds[FD_CLIENTS + MAX_CLIENTS];
	struct control_client clients[MAX_CLIENTS];
};


static void log_event(const struct iked_msg_event *ev)
{
	if (ev->type == IKED_EV_RETRANSMIT)
		iked_log("%s[%u] %s: retransmit %u", ev->name, ev->unique_id, ev->remote, ev->n);
	else
		iked_log("%s[%u] %s: %s", ev->name, ev->unique_id, ev->remote,
			 iked_event_name(ev->type));
}

static void drop_client(struct loop *l, int i)
{
	iked_control_client_free(&l->clients[i]);
	l->fds[FD_CLIENTS + i].fd = -1;
}

static void publish(struct loop *l, const struct iked_msg_event *ev)
{
	int i;

	for (i = 0; i < MAX_CLIENTS; i++)
		if (l->clients[i].fd >= 0 && iked_control_publish(&l->clients[i], ev) < 0)
			drop_client(l, i);
}

/* charon formats debug messages only while some client wants them. */
static void update_debug_kinds(struct loop *l)
{
	uint32_t kinds = 0;
	int i;

	for (i = 0; i < MAX_CLIENTS; i++)
		if (l->clients[i].fd >= 0)
			kinds |= l->clients[i].debug_kinds;
	if (kinds != iked_debug_kinds())
		iked_log("debugging %s (kinds 0x%x), %lu lines dropped so far", kinds ? "on" : "off",
			 kinds, iked_debug_dropped());
	iked_debug_set_kinds(kinds);
}

static void publish_debug(struct loop *l, const struct iked_msg_debug_line *line)
{
	int i;

	for (i = 0; i < MAX_CLIENTS; i++)
		if (l->clients[i].fd >= 0 && iked_control_publish_debug(&l->clients[i], line) < 0)
			drop_client(l, i);
}

static void accept_client(struct loop *l)
{
	int fd = accept4(l->fds[FD_LISTEN].fd, NULL, NULL, SOCK_CLOEXEC);
	struct timeval tv = {.tv_sec = 2};
	int i;

	if (fd < 0)
		return;
	for (i = 0; i < MAX_CLIENTS; i++)
		if (l->clients[i].fd < 0)
			break;
	if (i == MAX_CLIENTS) {
		close(fd);
		return;
	}
	/* A client that stops reading must not stall the daemon for long. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	memset(&l->clients[i], 0, sizeof(l->clients[i]));
	l->clients[i].fd = fd;
	l->fds[FD_CLIENTS + i].fd = fd;
}

static int run(struct options *o, struct iked_backend *b, int listen_fd, int events_fd,
	       int debug_fd)
{
	struct itimerspec tick = {{DPD_POLL_INTERVAL, 0}, {DPD_POLL_INTERVAL, 0}};
	struct loop l;
	sigset_t set;
	int i, sig_fd, tick_fd;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sig_fd = signalfd(-1, &set, SFD_CLOEXEC);
	tick_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (sig_fd < 0 || tick_fd < 0 || timerfd_settime(tick_fd, 0, &tick, NULL) < 0) {
		iked_log("cannot set up the main loop: %s", strerror(errno));
		return 1;
	}
	for (i = 0; i < FD_CLIENTS + MAX_CLIENTS; i++)
		l.fds[i] = (struct pollfd){.fd = -1, .events = POLLIN};
	for (i = 0; i < MAX_CLIENTS; i++)
		l.clients[i].fd = -1;
	l.fds[FD_SIGNAL].fd = sig_fd;
	l.fds[FD_EVENTS].fd = events_fd;
	l.fds[FD_TICK].fd = tick_fd;
	l.fds[FD_LISTEN].fd = listen_fd;
	l.fds[FD_DEBUG].fd = debug_fd;

	for (;;) {
		if (poll(l.fds, FD_CLIENTS + MAX_CLIENTS, -1) < 0) {
			if (errno == EINTR)
				continue;
			iked_log("poll: %s", strerror(errno));
			break;
		}
		if (l.fds[FD_SIGNAL].revents & POLLIN) {
			struct signalfd_siginfo si;

			if (read(sig_fd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo != SIGHUP) {
					iked_log("signal %u: shutting down", si.ssi_signo);
					break;
				}
				if (o->spec_file) {
					iked_log("SIGHUP: reloading %s", o->spec_file);
					load_file(o->spec_file, b);
				}
			}
		}
		if (l.fds[FD_EVENTS].revents & POLLIN) {
			struct iked_msg_event ev;

			while (iked_events_read(events_fd, &ev) == 1) {
				log_event(&ev);
				publish(&l, &ev);
				if (ev.type == IKED_EV_IKE_UP)
					iked_race_cancel_attempts(iked_config_find);
			}
		}
		if (l.fds[FD_DEBUG].revents & POLLIN) {
			struct iked_msg_debug_line line;

			while (iked_debug_read(debug_fd, &line) == 1)
				publish_debug(&l, &line);
		}
		if (l.fds[FD_TICK].revents & POLLIN) {
			uint64_t expirations;

			if (read(tick_fd, &expirations, sizeof(expirations)) > 0) {
				iked_dpd_tick();
				iked_race_tick(b, iked_config_find);
			}
		}
		if (l.fds[FD_LISTEN].revents & POLLIN)
			accept_client(&l);
		for (i = 0; i < MAX_CLIENTS; i++) {
			if (l.clients[i].fd < 0 || !l.fds[FD_CLIENTS + i].revents)
				continue;
			if (iked_control_serve(&l.clients[i], b) < 0)
				drop_client(&l, i);
		}
		update_debug_kinds(&l);
	}
	for (i = 0; i < MAX_CLIENTS; i++)
		if (l.clients[i].fd >= 0)
			iked_control_client_free(&l.clients[i]);
	close(sig_fd);
	close(tick_fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = {0};
	struct ike_spec *specs = NULL;
	struct ike_globals g = {0};
	struct iked_backend *b = NULL;
	unsigned int retry = 0;
	char err[300];
	sigset_t set;
	int listen_fd = -1, events_fd = -1, debug_fd = -1, rc = 1;

	if (parse_options(argc, argv, &o) < 0)
		return 2;
	if (o.show_socket)
		return iked_show(o.show_socket, stdout);
	if (o.events_socket)
		return iked_show_events(o.events_socket, stdout);
	if (o.debug_socket)
		return iked_show_debug(o.debug_socket, stdout);
	if (o.spec_file) {
		int n = read_specs(o.spec_file, &specs, &g, &retry);

		if (n < 0)
			return 1;
		free(specs);
		if (o.check_only) {
			printf("%s: %d spec(s), DPD retry %u s\n", o.spec_file, n, retry);
			return 0;
		}
	}

	/* Before charon's threads exist, so that they inherit the mask and
	 * only the main loop sees these signals (through signalfd). */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	o.charon.retry = retry;
	if (charon_setup_init(&o.charon, err, sizeof(err)) < 0) {
		fprintf(stderr, "iked: %s\n", err);
		return 1;
	}
	listen_fd = iked_control_listen(o.socket_path, err, sizeof(err));
	if (listen_fd < 0) {
		fprintf(stderr, "iked: %s\n", err);
		goto out;
	}
	events_fd = iked_events_start();
	debug_fd = iked_debug_start();
	b = iked_backend_create();
	if (events_fd < 0 || debug_fd < 0 || !b) {
		fprintf(stderr, "iked: cannot set up charon listener/backend\n");
		goto out;
	}
	charon_setup_start();
	iked_log("strongSwan %s embedded, control socket %s", charon_setup_version(),
		 o.socket_path);
	if (o.spec_file && load_file(o.spec_file, b) < 0)
		goto out;
	rc = run(&o, b, listen_fd, events_fd, debug_fd);
out:
	if (listen_fd >= 0) {
		close(listen_fd);
		unlink(o.socket_path);
	}
	iked_events_stop();
	iked_debug_stop();
	iked_backend_destroy(b);
	iked_psk_unload();
	iked_dpd_free();
	iked_config_free();
	iked_race_free();
	charon_setup_deinit();
	return rc;
}
