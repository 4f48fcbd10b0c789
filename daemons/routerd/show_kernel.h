/* The show commands that read the kernel (show_if.c, show_route.c). */
#ifndef ROUTERD_SHOW_KERNEL_H
#define ROUTERD_SHOW_KERNEL_H

#include "cli_engine.h"
#include "model.h"

struct kown;

/* show interfaces, show ip interface brief */
void cmds_register_show_if(struct cli_tree *t);
/* show ip route */
void cmds_register_show_route(struct cli_tree *t);

/* The kernel owner of the session's router, or NULL with an error printed
 * (routerd -n runs without one). */
struct kown *show_kown(struct cli_cmd_ctx *ctx);

/* The most ESP in tunnel mode adds to a packet with these algorithms
 * (show interfaces: a VTI's transport MTU). */
unsigned show_if_esp_overhead(enum m_esp_encr encr, enum m_esp_auth auth);

#endif
