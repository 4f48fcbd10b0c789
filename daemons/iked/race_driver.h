/* Charon side of ike_race.h: who initiates, and duplicate IKE SAs. */
#ifndef IKED_RACE_DRIVER_H
#define IKED_RACE_DRIVER_H

#include "ike_spec.h"

struct iked_backend;

/* Brings SPEC up as a new or changed spec: now if our address is the lower
 * one or the peer does not initiate, else after IKE_RACE_DEFER s; either way
 * only if no IKE SA of it with the peer exists or is being negotiated then. */
void iked_race_initiate(struct iked_backend *b, const struct ike_spec *spec);

/* Every second: deferred initiations that are due, and duplicate IKEv2
 * SAs of specs whose peer initiates too. FIND looks a running spec up by
 * name. */
void iked_race_tick(struct iked_backend *b, const struct ike_spec *(*find)(const char *name));

/* Cancels our own attempts the peer never answered of specs whose peer
 * initiates too, once another IKE SA of the spec with the peer is up (on
 * every IKE SA up event, and every second). */
void iked_race_cancel_attempts(const struct ike_spec *(*find)(const char *name));

void iked_race_free(void);

#endif
