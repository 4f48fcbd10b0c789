/*
 * The running set of specs: checked as a whole, then pushed to the
 * backend, the PSK set, the DPD driver and charon's global retransmit
 * settings; SAs of removed or changed specs are closed, initiators started.
 */
#ifndef IKED_CONFIG_H
#define IKED_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "ike_spec.h"

struct iked_backend;

/* Replaces the running specs by these N. Returns 0, or -1 with a message
 * and the running specs unchanged. */
int iked_config_apply(struct iked_backend *b, const struct ike_spec *specs, int n,
		      const struct ike_globals *g, char *err, size_t errlen);

/* The running spec NAME, or NULL. */
const struct ike_spec *iked_config_find(const char *name);

/* Brings up running spec NAME. Returns 0, or -1 with a message. */
int iked_config_initiate(struct iked_backend *b, const char *name, char *err, size_t errlen);

/* Brings up %any spec NAME towards REMOTE (spoke to spoke), unless an IKE
 * SA to REMOTE exists, is being set up or was asked for moments ago.
 * Returns 0, or -1 with a message. */
int iked_config_initiate_peer(struct iked_backend *b, const char *name, const char *remote,
			      char *err, size_t errlen);

/* Closes IKE SA UNIQUE_ID, or all SAs of NAME (UNIQUE_ID 0), or all SAs
 * (both empty). Returns the number closed (0: message in err). */
int iked_config_terminate(const char *name, uint32_t unique_id, char *err, size_t errlen);

void iked_config_free(void);
/* Deletes the matching IKE SAs (clear crypto ...) and initiates their
 * initiating specs again. Returns how many were deleted. */
int iked_config_clear(struct iked_backend *b, uint32_t unique_id, const char *remote);

#endif
