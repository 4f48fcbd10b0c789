/*
 * IKE debugging for routerd: the router-wide flags of `debug crypto ikev2`
 * and `debug crypto isakmp` (not per session, not in the running-config,
 * as on IOS), and a follower thread that, while a flag is on, reads iked's
 * debug stream (IKED_MSG_DEBUG) and posts each line (monitor_log.h) for
 * the console (stderr) and the sessions with `terminal monitor`, with
 * IOS's log timestamp. It reconnects to iked once a second while iked is
 * away.
 */
#ifndef ROUTERD_IKE_DEBUG_H
#define ROUTERD_IKE_DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_spec.h"

/* One flag per IOS debug command: iked's kinds of lines. */
#define IKE_DEBUG_IKEV2 IKED_DEBUG_IKEV2		   /* debug crypto ikev2 */
#define IKE_DEBUG_ISAKMP IKED_DEBUG_ISAKMP		   /* debug crypto isakmp */
#define IKE_DEBUG_IKEV2_ERROR IKED_DEBUG_IKEV2_ERROR	   /* ... ikev2 error */
#define IKE_DEBUG_IKEV2_INTERNAL IKED_DEBUG_IKEV2_INTERNAL /* ... ikev2 internal */
#define IKE_DEBUG_IKEV2_PACKET IKED_DEBUG_IKEV2_PACKET	   /* ... ikev2 packet */

/* The flags now on. */
uint32_t ike_debug_flags(void);

/* Sets the flags; lines come from the iked at IKED_SOCKET (NULL: none,
 * routerd -n). Starts the follower on first use. */
void ike_debug_set(const char *iked_socket, uint32_t flags);

/* debug crypto ..., undebug ..., show debugging (cmds_debug.c). */
struct cli_tree;
void cmds_register_debug(struct cli_tree *t);

/* Stops the follower (routerd exits; tests). */
void ike_debug_shutdown(void);

#endif
