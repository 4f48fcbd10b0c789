/*
 * charon's bus, seen from iked's own loop. The listener runs on charon's
 * worker threads with the IKE_SA checked out: it only copies what it needs
 * into a fixed-size record and writes it to a non-blocking pipe (atomic,
 * < PIPE_BUF). Everything else happens when the loop reads the pipe.
 */
#ifndef IKED_EVENTS_H
#define IKED_EVENTS_H

#include <stdint.h>
#include <time.h>

#include "ike_spec.h"

enum iked_event_type {
	IKED_EV_IKE_UP = 1,
	IKED_EV_IKE_DOWN,
	IKED_EV_CHILD_UP,
	IKED_EV_CHILD_DOWN,
	IKED_EV_RETRANSMIT,	    /* n = retransmission number */
	IKED_EV_RETRANSMIT_TIMEOUT, /* charon gave up: the peer is dead */
	IKED_EV_PEER_UNREACHABLE,
	IKED_EV_PROPOSAL_MISMATCH,
	IKED_EV_AUTH_FAILED,
};

struct iked_event {
	uint8_t type;
	uint8_t version;
	uint32_t unique_id; /* IKE SA */
	uint32_t n;
	struct timespec when; /* CLOCK_REALTIME */
	char name[IKE_SPEC_NAME_MAX];
	char remote[IKE_SPEC_ADDR_MAX];
};

/* Registers the listener; returns the read end of the pipe, or -1. */
int iked_events_start(void);
void iked_events_stop(void);

/* Reads one event; 1 read, 0 nothing pending, -1 error. */
int iked_events_read(int fd, struct iked_event *ev);

/* Events the listener had to drop because the loop was behind. */
unsigned long iked_events_dropped(void);

const char *iked_event_name(uint8_t type);

#endif
