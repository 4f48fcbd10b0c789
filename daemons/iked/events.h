/*
 * charon's bus, seen from iked's own loop. The listener runs on charon's
 * worker threads with the IKE_SA checked out: it only copies what it needs
 * into a fixed-size record and writes it to a non-blocking pipe (atomic,
 * < PIPE_BUF). Everything else happens when the loop reads the pipe.
 */
#ifndef IKED_EVENTS_H
#define IKED_EVENTS_H

#include "ike_spec.h"

/* Registers the listener; returns the read end of the pipe, or -1. */
int iked_events_start(void);
void iked_events_stop(void);

/* Reads one event; 1 read, 0 nothing pending, -1 error. */
int iked_events_read(int fd, struct iked_msg_event *ev);

/* Events the listener had to drop because the loop was behind. */
unsigned long iked_events_dropped(void);

#endif
