/*
 * Log lines for the sessions with `terminal monitor`, from any thread.
 *
 * routerd_session_log() (routerd_server.h) runs on the main loop only; the
 * threads that learn things (the IKE debug follower, the IKE owner's
 * watcher) post their lines here instead: a non-blocking pipe that the main
 * loop reads (monitor_log_fd(), monitor_log_drain(); main.c watches it).
 * A line the pipe cannot take at once is dropped and counted: no thread
 * ever waits for the sessions. Lines get IOS's log timestamp.
 */
#ifndef ROUTERD_MONITOR_LOG_H
#define ROUTERD_MONITOR_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest line passed on (longer ones are cut). */
#define MONITOR_LOG_MAX 600

/* Posts "<stamp of SEC.NSEC (CLOCK_REALTIME)>TEXT"; CONSOLE: also for
 * routerd's own log (stderr), for lines nobody printed there yet. */
void monitor_log_at(int64_t sec, int32_t nsec, const char *text, bool console);
/* The same, stamped now. */
void monitor_log(const char *text, bool console);

/* The read end of the pipe (created on first use), for routerd_watch_fd(). */
int monitor_log_fd(void);

/* Reads the lines waiting and calls emit() for each. Returns how many. */
int monitor_log_drain(int fd, void (*emit)(const char *line, bool console, void *arg),
		      void *arg);

/* Lines dropped because the main loop was behind. */
unsigned long monitor_log_lost(void);

/* "*Nov 28 09:38:29.532: " (IOS `service timestamps log datetime msec`;
 * '*': the clock is not NTP-synced). */
void monitor_log_timestamp(int64_t sec, int32_t nsec, char *buf, size_t len);

#endif
