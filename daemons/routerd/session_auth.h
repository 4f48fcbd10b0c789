/* Who is on the other end of a session socket, and at which privilege
 * the session starts. */
#ifndef LIOS_ROUTERD_SESSION_AUTH_H
#define LIOS_ROUTERD_SESSION_AUTH_H

#include <stdbool.h>
#include <sys/types.h>

/* Group whose members may open a session (the socket's group). */
#define SESSION_ACCESS_GROUP "lios"
/* Groups whose members start at privilege 15, like root. */
#define SESSION_ADMIN_GROUPS { "lios-admin", "sudo" }

/* Privilege for the peer of a connected socket: 15 for uid 0 or a member
 * of an admin group, 1 for everybody else. -errno if the kernel can't
 * tell who the peer is. */
int session_auth_privilege(int fd);
/* Whether a user with these ids is an admin (testable without a socket). */
bool session_auth_is_admin(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups);

#endif
