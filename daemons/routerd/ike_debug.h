/*
 * IKE debugging for routerd: the router-wide flags of `debug crypto ikev2`
 * and `debug crypto isakmp` (not per session, not in the running-config,
 * as on IOS), and a follower thread that, while a flag is on, reads iked's
 * debug stream (IKED_MSG_DEBUG) and hands each line, with IOS's log
 * timestamp, to routerd's main loop through a pipe. The main loop reads
 * the pipe (ike_debug_fd(), ike_debug_drain()) and shows the lines to the
 * sessions with `terminal monitor` and on the console (stderr).
 *
 * The follower never blocks the main loop: a line the pipe cannot take at
 * once is dropped and counted. It reconnects to iked once a second while
 * iked is away.
 */
#ifndef ROUTERD_IKE_DEBUG_H
#define ROUTERD_IKE_DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_spec.h"

#define IKE_DEBUG_IKEV2 IKED_DEBUG_IKEV2
#define IKE_DEBUG_ISAKMP IKED_DEBUG_ISAKMP

/* The flags now on. */
uint32_t ike_debug_flags(void);

/* Sets the flags; lines come from the iked at IKED_SOCKET (NULL: none,
 * routerd -n). Starts the follower on first use. */
void ike_debug_set(const char *iked_socket, uint32_t flags);

/* The read end of the hand-off pipe (created on first call), for
 * routerd_watch_fd(). */
int ike_debug_fd(void);

/* Reads the lines waiting in the pipe and calls emit(line, arg) for each
 * ("*Nov 28 09:38:29.532: IKEv2:(SESSION ID = 1,SA ID = 1):..."). Returns
 * the number of lines. */
int ike_debug_drain(int fd, void (*emit)(const char *line, void *arg), void *arg);

/* Lines lost so far (iked's and the hand-off's). */
unsigned long ike_debug_lost(void);

/* "*Nov 28 09:38:29.532: " for a CLOCK_REALTIME time (IOS `service
 * timestamps debug datetime msec`; '*': the clock is not NTP-synced). */
void ike_debug_timestamp(int64_t sec, int32_t nsec, char *buf, size_t len);

/* debug crypto ..., undebug ..., show debugging (cmds_debug.c). */
struct cli_tree;
void cmds_register_debug(struct cli_tree *t);

/* Stops the follower (routerd exits; tests). */
void ike_debug_shutdown(void);

#endif
