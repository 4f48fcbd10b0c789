/*
 * Log lines for terminal-monitor sessions, from any thread (see monitor_log.h).
 */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "monitor_log.h"

/* One line through the pipe: fixed size, < PIPE_BUF, so a write is atomic
 * and a read takes exactly one. */
struct record {
	bool console;
	char text[MONITOR_LOG_MAX];
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int fds[2] = { -1, -1 };
static unsigned long lost; /* atomic */

static void
make_pipe(void)
{
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		abort();
	/* room for a burst of debug lines (~1700) while the main loop is busy;
	 * the default 64 KiB is ~100; refused above pipe-max-size: keep it */
	fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
}

void
monitor_log_timestamp(int64_t sec, int32_t nsec, char *buf, size_t len)
{
	time_t t = (time_t)sec;
	struct tm tm;
	char day[32];

	localtime_r(&t, &tm);
	strftime(day, sizeof(day), "%b %e %H:%M:%S", &tm);
	/* a stamp cut short by a small buffer is still a stamp */
	if (snprintf(buf, len, "*%s.%03d: ", day, (int)(nsec / 1000000)) >= (int)len && len)
		buf[len - 1] = '\0';
}

void
monitor_log_at(int64_t sec, int32_t nsec, const char *text, bool console)
{
	struct record rec = { .console = console };
	char stamp[40];

	pthread_once(&once, make_pipe);
	monitor_log_timestamp(sec, nsec, stamp, sizeof(stamp));
	if (snprintf(rec.text, sizeof(rec.text), "%s%s", stamp, text) < 0)
		return;
	if (write(fds[1], &rec, sizeof(rec)) != (ssize_t)sizeof(rec))
		__atomic_add_fetch(&lost, 1, __ATOMIC_RELAXED);
}

void
monitor_log(const char *text, bool console)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	monitor_log_at(now.tv_sec, (int32_t)now.tv_nsec, text, console);
}

int
monitor_log_fd(void)
{
	pthread_once(&once, make_pipe);
	return fds[0];
}

int
monitor_log_drain(int fd, void (*emit)(const char *line, bool console, void *arg), void *arg)
{
	struct record rec;
	int n = 0;

	while (read(fd, &rec, sizeof(rec)) == (ssize_t)sizeof(rec)) {
		rec.text[sizeof(rec.text) - 1] = '\0';
		emit(rec.text, rec.console, arg);
		n++;
	}
	return n;
}

unsigned long
monitor_log_lost(void)
{
	return __atomic_load_n(&lost, __ATOMIC_RELAXED);
}
