/* The NHRP owner: routerd's `ip nhrp` configuration pushed to dmvpnd over
 * its control socket (daemons/dmvpnd/dmvpn_ctl.h), and the show/clear
 * commands that ask it. */
#ifndef ROUTERD_OWNER_NHRP_H
#define ROUTERD_OWNER_NHRP_H

#include <stdio.h>

#include "ifmap.h"
#include "model.h"
#include "owner.h"

/* An owner that accepts configuration whether dmvpnd runs or not: it keeps
 * the latest full configuration and pushes it whenever it (re)connects. */
struct owner *owner_nhrp_new(const struct ifmap *map, const char *socket_path);
struct nhrp_own;
/* NULL when o is not the NHRP owner (routerd -n). */
struct nhrp_own *owner_nhrp_of(struct owner *o);

/* The dmvpnd text configuration of a model's NHRP tunnels. */
void owner_nhrp_config_text(const struct model *m, const struct ifmap *map, FILE *out);

/* A request to dmvpnd (type from dmvpn_ctl.h, line may be NULL); the
 * text it answers goes to out. 0, or -errno with a reason in err. */
int owner_nhrp_query(struct nhrp_own *no, unsigned type, const char *line, FILE *out, char *err,
		     size_t errlen);

void cmds_register_show_nhrp(struct cli_tree *t);

#endif
