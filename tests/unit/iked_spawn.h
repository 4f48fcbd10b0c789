/* Tests that talk to a real iked: start one in a network namespace of its
 * own (unshare -n: its charon binds nothing of the host's) and wait for
 * its control socket. $IKED overrides the build's iked. */
#ifndef TESTS_IKED_SPAWN_H
#define TESTS_IKED_SPAWN_H

#include <sys/types.h>

/* iked with control socket SOCK, its log appended to LOG. Fails the
 * running Check test if the socket does not appear within 5 s. */
pid_t iked_spawn(const char *sock, const char *log);
/* SIGTERM, then reaps it. */
void iked_reap(pid_t pid);

#endif
