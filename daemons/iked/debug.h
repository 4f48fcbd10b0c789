/*
 * IKE debugging (`debug crypto ikev2`, `debug crypto isakmp`): charon's
 * log messages and the IKE packets it sends and receives, as IOS-like text
 * lines. Like events.c, the logger and the bus listener run on charon's
 * threads: they format one fixed-size record and write it to a
 * non-blocking pipe (atomic, < PIPE_BUF), dropping and counting it when
 * the pipe is full. The main loop reads the pipe and sends each line to
 * the control clients that asked for its kind.
 *
 * Nothing is registered with charon while no client asks, so charon does
 * not even format its messages then.
 */
#ifndef IKED_DEBUG_H
#define IKED_DEBUG_H

#include <stdint.h>

#include "ike_spec.h"

/* Creates the pipe; returns its read end, or -1. */
int iked_debug_start(void);
void iked_debug_stop(void);

/* The union of the kinds (IKED_DEBUG_*) the clients want; 0 unregisters. */
void iked_debug_set_kinds(uint32_t kinds);
uint32_t iked_debug_kinds(void);

/* Reads one line; 1 read, 0 nothing pending, -1 error. */
int iked_debug_read(int fd, struct iked_msg_debug_line *line);

/* Lines lost because the pipe was full. */
unsigned long iked_debug_dropped(void);

#endif
