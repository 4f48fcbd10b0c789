/* iked --show SOCKET: a debug printer of the "list SAs" answer (IOS-style
 * rendering is done by the shell, not here). */
#ifndef IKED_SHOW_H
#define IKED_SHOW_H

#include <stdio.h>

/* Returns 0, or 1 with a message on stderr. */
int iked_show(const char *socket_path, FILE *out);

/* iked --events SOCKET: one line per event until iked goes away. */
int iked_show_events(const char *socket_path, FILE *out);

/* `iked --debug SOCKET`: prints the IKE debug lines of a running iked. */
int iked_show_debug(const char *path, FILE *out);

#endif
