/* session_auth: starting privilege from the peer's credentials (SO_PEERCRED).
 *
 * root and members of an admin group (SESSION_ADMIN_GROUPS: "lios-admin",
 * and "sudo" since its members can become root anyway) start at
 * privilege 15 ('#'); anybody else who can open the socket starts at 1
 * ('>') and needs `enable` and the enable secret, as on IOS. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "lios.h"
#include "session_auth.h"

bool
session_auth_is_admin(uid_t uid, gid_t gid, const gid_t *groups, size_t ngroups)
{
	static const char *const admin_names[] = SESSION_ADMIN_GROUPS;
	size_t i, j;

	if (uid == 0)
		return true;
	for (i = 0; i < LIOS_ARRAY_SIZE(admin_names); i++) {
		struct group *gr = getgrnam(admin_names[i]);

		if (!gr)
			continue;
		if (gr->gr_gid == gid)
			return true;
		for (j = 0; j < ngroups; j++)
			if (groups[j] == gr->gr_gid)
				return true;
	}
	return false;
}

int
session_auth_privilege(int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	gid_t *groups = NULL;
	size_t ngroups = 0;
	bool admin;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return -errno;
	/* The peer's supplementary groups as they were at connect(). */
	len = 0;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, NULL, &len) < 0 && errno == ERANGE &&
	    len > 0) {
		groups = malloc(len);
		if (groups && getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &len) == 0)
			ngroups = len / sizeof(gid_t);
	}
	admin = session_auth_is_admin(cred.uid, cred.gid, groups, ngroups);
	free(groups);
	return admin ? 15 : 1;
}
