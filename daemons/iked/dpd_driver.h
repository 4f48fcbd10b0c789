/*
 * Drives dpd.c for every established IKE SA of a spec: once a second it
 * reads the SAs' use statistics from charon, asks dpd_poll() and queues
 * send_dpd_job_create() when a check is due (charon's own DPD is off).
 * Runs on iked's main loop only.
 */
#ifndef IKED_DPD_DRIVER_H
#define IKED_DPD_DRIVER_H

#include <stdint.h>

#include "ike_spec.h"

/* The specs whose SAs get DPD (copied). */
int iked_dpd_configure(const struct ike_spec *specs, int n, const struct ike_globals *g);

/* One pass over charon's SAs; call every DPD_POLL_INTERVAL seconds. */
void iked_dpd_tick(void);

/* For "list SAs": the SA's effective DPD and whether a check is out. */
void iked_dpd_info(uint32_t unique_id, struct ike_dpd *dpd, uint8_t *pending);

void iked_dpd_free(void);

#endif
