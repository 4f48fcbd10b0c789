/* kernel_mss: the TCP MSS clamp in nftables, used by the netlink backend. */
#ifndef KERNEL_MSS_H
#define KERNEL_MSS_H

#include <stdint.h>

#include "kernel_ops.h"

/* Our own table; nothing else in the ruleset is touched. */
#define MSS_CLAMP_TABLE "lios"
#define MSS_CLAMP_CHAIN "mss-clamp"

int mss_clamp_set(struct kernel *k, const char *ifname, uint16_t mss);
int mss_clamp_dump(struct kernel *k, kernel_mss_cb cb, void *arg);

#endif
