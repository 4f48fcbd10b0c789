/*
 * Dead Peer Detection as IOS schedules it, as pure logic: no charon, no
 * clock. iked feeds it the time and the SA's use statistics and acts on the
 * answer (send_dpd_job_create(), or tear down).
 *
 * IOS rules:
 * - periodic: a liveness check every INTERVAL seconds, traffic or not;
 * - on-demand: a check only when we have sent traffic since we last heard
 *   from the peer and have heard nothing for INTERVAL; none while traffic
 *   flows both ways (or not at all);
 * - an unanswered check is retransmitted 5 times RETRY seconds apart, then
 *   the peer is dead (RETRY after the last one);
 * - the profile's dpd replaces the global one (crypto ikev2 dpd / crypto
 *   isakmp keepalive).
 * IKEv2 retransmissions are charon's (retransmit_timeout = RETRY, base 1,
 * tries 5); IKEv1 R_U_THERE is never retransmitted by charon, so for IKEv1
 * this module asks for each retransmission.
 */
#ifndef IKED_DPD_H
#define IKED_DPD_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "ike_spec.h"

/* How often an on-demand SA must be looked at while it is idle: outbound
 * traffic cannot be predicted, only noticed. */
#define DPD_POLL_INTERVAL 1

enum dpd_action {
	DPD_IDLE, /* nothing to do before *wake */
	DPD_SEND, /* send a liveness check now (first one or a retransmission) */
	DPD_DEAD, /* the check went unanswered: the peer is dead */
};

struct dpd_sa {
	struct ike_dpd cfg;	 /* effective */
	bool we_retransmit;	 /* IKEv1: iked sends every R_U_THERE itself */
	time_t last_check;	 /* start of the last check (or establishment) */
	time_t probe_at;	 /* first probe of the outstanding check, 0 none */
	unsigned int probes;	 /* probes sent for the outstanding check */
};

/* What the SA's statistics say, in the same clock as now. */
struct dpd_usage {
	time_t last_in;	 /* latest inbound IKE message or ESP packet (or establishment) */
	time_t last_out; /* latest outbound ESP packet, 0 never */
};

/* When one direction of an SA last carried traffic, from what the kernel
 * reports at each look: byte counter and last-use time. */
struct dpd_seen {
	uint64_t bytes;	    /* counter at the last look */
	time_t kernel_time; /* kernel last-use time at the last look */
	time_t last;	    /* when traffic was last seen, 0 never */
};

/* First look at a direction. */
void dpd_seen_init(struct dpd_seen *d, uint64_t bytes, time_t kernel_time);

/* A later look at NOW: if the counter grew, traffic was seen at the
 * kernel's last-use time when that moved too (XFRM stamps every packet,
 * to the second), else at NOW (a backend that keeps the first use only).
 * Returns d->last. */
time_t dpd_seen_update(struct dpd_seen *d, uint64_t bytes, time_t kernel_time, time_t now);

/* For an SA established at ESTABLISHED, with the spec's dpd or else the
 * global one of its IKE version. */
void dpd_sa_init(struct dpd_sa *sa, const struct ike_spec *spec, const struct ike_globals *g,
		 time_t established);

/* Decides at NOW. *wake is when to call again (0: never, DPD is off). */
enum dpd_action dpd_poll(struct dpd_sa *sa, time_t now, const struct dpd_usage *use, time_t *wake);

/* True while a check is outstanding. */
bool dpd_pending(const struct dpd_sa *sa);

/* When an unanswered check started at PROBE_AT declares the peer dead. */
time_t dpd_deadline(const struct dpd_sa *sa);

#endif
