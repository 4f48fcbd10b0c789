/*
 * IKE debugging: the flags and the thread following iked's debug stream
 * (see ike_debug.h); the lines go on through monitor_log.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ike_debug.h"
#include "monitor_log.h"

#define RECONNECT_MS 1000

static struct {
	pthread_mutex_t lock; /* everything below */
	uint32_t flags;
	char *socket;
	bool started, stop;
	pthread_t thread;
	int wake[2]; /* main loop -> follower: the flags changed */
} dbg = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = { -1, -1 } };

/* Creates the wake-up pipe once; lock held. */
static void
make_pipe_locked(void)
{
	if (dbg.wake[0] < 0 && pipe2(dbg.wake, O_CLOEXEC | O_NONBLOCK) < 0)
		abort();
}

/* Debug output goes to the console too (IOS's `logging console debugging`). */
static void
hand_off(const struct iked_msg_debug_line *line)
{
	char text[80];

	if (line->dropped) {
		snprintf(text, sizeof(text), "IKE: %u debug lines were dropped", line->dropped);
		monitor_log_at(line->when_sec, line->when_nsec, text, true);
	}
	monitor_log_at(line->when_sec, line->when_nsec, line->text, true);
}

/* Waits up to ms (-1: forever) for a wake-up; true if one came. */
static bool
wait_wake(int ms)
{
	struct pollfd p = { .fd = dbg.wake[0], .events = POLLIN };

	while (poll(&p, 1, ms) < 0)
		if (errno != EINTR)
			return false;
	return p.revents != 0;
}

static void
drain_wake(void)
{
	char buf[64];

	while (read(dbg.wake[0], buf, sizeof(buf)) > 0)
		;
}

/* New flags for the connection to SOCK that has FLAGS: asks iked on it
 * (true), or false when the connection must go (all off, another iked,
 * routerd stopping). */
static bool
change_flags(int fd, const char *sock, uint32_t *flags)
{
	char err[300];
	bool keep;
	uint32_t now;

	drain_wake();
	pthread_mutex_lock(&dbg.lock);
	now = dbg.flags;
	keep = !dbg.stop && now && dbg.socket && !strcmp(dbg.socket, sock);
	pthread_mutex_unlock(&dbg.lock);
	if (!keep)
		return false;
	if (now == *flags)
		return true;
	/* on the same connection: no line lost in between */
	if (iked_client_debug_change(fd, now, err, sizeof(err)) < 0)
		return false;
	*flags = now;
	return true;
}

/* Reads lines from iked until the flags say stop (true) or iked goes (false). */
static bool
follow(int fd, const char *sock, uint32_t flags)
{
	struct pollfd p[2] = { { .fd = dbg.wake[0], .events = POLLIN },
			       { .fd = fd, .events = POLLIN } };
	struct iked_msg_debug_line line;
	char err[300];
	int rc;

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		if (p[0].revents && !change_flags(fd, sock, &flags))
			return true;
		if (!p[1].revents)
			continue;
		rc = iked_client_next_debug(fd, &line, err, sizeof(err));
		if (rc < 0) {
			fprintf(stderr, "routerd: IKE debugging: %s\n", err);
			return false;
		}
		if (rc == 0)
			hand_off(&line);
	}
}

static void *
follower(void *arg)
{
	bool reported = false;

	(void)arg;
	for (;;) {
		char err[300], *sock = NULL;
		uint32_t flags;
		int fd;

		drain_wake();
		pthread_mutex_lock(&dbg.lock);
		if (dbg.stop) {
			pthread_mutex_unlock(&dbg.lock);
			return NULL;
		}
		flags = dbg.flags;
		if (dbg.socket)
			sock = strdup(dbg.socket);
		pthread_mutex_unlock(&dbg.lock);
		if (!flags || !sock) {
			free(sock);
			wait_wake(-1);
			continue;
		}
		fd = iked_client_debug(sock, flags, err, sizeof(err));
		if (fd < 0) {
			if (!reported)
				fprintf(stderr, "routerd: IKE debugging waits for iked: %s\n", err);
			reported = true;
			free(sock);
			wait_wake(RECONNECT_MS);
			continue;
		}
		reported = false;
		if (!follow(fd, sock, flags))
			wait_wake(RECONNECT_MS); /* iked went: a new one binds first */
		free(sock);
		close(fd);
	}
}

uint32_t
ike_debug_flags(void)
{
	uint32_t flags;

	pthread_mutex_lock(&dbg.lock);
	flags = dbg.flags;
	pthread_mutex_unlock(&dbg.lock);
	return flags;
}

void
ike_debug_set(const char *iked_socket, uint32_t flags)
{
	sigset_t all, old;

	pthread_mutex_lock(&dbg.lock);
	make_pipe_locked();
	dbg.flags = flags;
	if (iked_socket && (!dbg.socket || strcmp(dbg.socket, iked_socket))) {
		free(dbg.socket);
		dbg.socket = strdup(iked_socket);
	}
	if (flags && !dbg.started) {
		/* The follower takes no signals: routerd's signalfd does. */
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		dbg.stop = false;
		dbg.started = pthread_create(&dbg.thread, NULL, follower, NULL) == 0;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (!dbg.started)
			fprintf(stderr, "routerd: cannot start IKE debugging\n");
	}
	if (write(dbg.wake[1], "x", 1) < 0) {
		/* full: the follower has a wake-up pending anyway */
	}
	pthread_mutex_unlock(&dbg.lock);
}

void
ike_debug_shutdown(void)
{
	bool started;

	pthread_mutex_lock(&dbg.lock);
	started = dbg.started;
	dbg.stop = true;
	dbg.flags = 0;
	if (dbg.wake[1] >= 0 && write(dbg.wake[1], "x", 1) < 0) {
		/* full: a wake-up is pending */
	}
	pthread_mutex_unlock(&dbg.lock);
	if (started)
		pthread_join(dbg.thread, NULL);
	pthread_mutex_lock(&dbg.lock);
	dbg.started = false;
	free(dbg.socket);
	dbg.socket = NULL;
	pthread_mutex_unlock(&dbg.lock);
}
