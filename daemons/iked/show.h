/* iked --show SOCKET: a debug printer of the "list SAs" answer (IOS-style
 * rendering is done by the shell, not here). */
#ifndef IKED_SHOW_H
#define IKED_SHOW_H

#include <stdio.h>

/* Returns 0, or 1 with a message on stderr. */
int iked_show(const char *socket_path, FILE *out);

#endif
