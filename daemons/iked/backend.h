/*
 * charon's view of our specs: a backend_t serving one peer_cfg per
 * ike_spec (IKE proposals, PSK auth by identity, one transport/tunnel
 * CHILD for the protected protocol). Replaced as a whole on reload.
 */
#ifndef IKED_BACKEND_H
#define IKED_BACKEND_H

#include <stddef.h>

#include "ike_spec.h"

struct iked_backend;

/* Registers an empty backend with charon. */
struct iked_backend *iked_backend_create(void);
void iked_backend_destroy(struct iked_backend *b);

/* Builds the configs of N specs (all or nothing) and swaps them in.
 * Returns 0, or -1 with a message (the old configs stay). */
int iked_backend_load(struct iked_backend *b, const struct ike_spec *specs, int n,
		      const struct ike_globals *g, char *err, size_t errlen);

/* The peer_cfg of one spec (with its effective DPD in spec->dpd), a new
 * reference; NULL with a message if strongSwan refuses a proposal. */
struct peer_cfg_t;
struct peer_cfg_t *iked_backend_build_peer(const struct ike_spec *spec, char *err, size_t errlen);

/* Starts the specs that initiate (controller->initiate, asynchronous). */
void iked_backend_initiate(struct iked_backend *b, const struct ike_spec *spec);

/* Starts SPEC, whose remote is one address, with a peer_cfg of its own
 * (not served to charon's lookups: responders keep using the %any one).
 * Returns 0, or -1 with a message. */
int iked_backend_initiate_peer(struct iked_backend *b, const struct ike_spec *spec, char *err,
			       size_t errlen);

#endif
