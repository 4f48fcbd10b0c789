/*
 * iked's control socket (Unix SOCK_SEQPACKET, messages in ike_spec.h):
 * "list SAs" queries and spec pushes from routerd, one client at a time
 * per connection, served on the main loop.
 */
#ifndef IKED_CONTROL_H
#define IKED_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

#include "ike_spec.h"

struct iked_backend;

struct control_client {
	int fd;
	bool staging;		   /* between SPEC_BEGIN and SPEC_COMMIT */
	bool subscribed;	   /* gets every event */
	uint32_t debug_kinds;	   /* IKED_DEBUG_*: gets those debug lines */
	uint32_t debug_dropped;	   /* lines it could not take, not yet reported */
	struct ike_spec *staged;
	int n_staged;
	struct ike_globals globals;
};

/* Binds and listens (an old socket file is replaced). Returns the fd or -1. */
int iked_control_listen(const char *path, char *err, size_t errlen);

/* Serves one message from C. Returns -1 when the client is gone/broken. */
int iked_control_serve(struct control_client *c, struct iked_backend *b);

/* Sends EV to C if it subscribed. A subscriber that cannot take it at
 * once is dropped (returns -1): it would otherwise miss events silently. */
int iked_control_publish(struct control_client *c, const struct iked_msg_event *ev);

/* Sends LINE to C if it asked for its kinds. A client that cannot take it
 * at once loses the line (counted in the next one it gets): debugging may
 * produce more than a terminal can show. -1 if the client is gone. */
int iked_control_publish_debug(struct control_client *c, const struct iked_msg_debug_line *line);

void iked_control_client_free(struct control_client *c);

#endif
