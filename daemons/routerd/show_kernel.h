/* The show commands that read the kernel (show_if.c, show_route.c). */
#ifndef ROUTERD_SHOW_KERNEL_H
#define ROUTERD_SHOW_KERNEL_H

#include "cli_engine.h"

struct kown;

/* show interfaces, show ip interface brief */
void cmds_register_show_if(struct cli_tree *t);
/* show ip route */
void cmds_register_show_route(struct cli_tree *t);

/* The kernel owner of the session's router, or NULL with an error printed
 * (routerd -n runs without one). */
struct kown *show_kown(struct cli_cmd_ctx *ctx);

#endif
