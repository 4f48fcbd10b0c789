/* mss_clamp: placeholder until the nftables implementation lands. */
#include "config.h"

#include <errno.h>

#include "kernel_mss.h"

int
mss_clamp_set(struct kernel *k, const char *ifname, uint16_t mss)
{
	return kernel_fail(k, EOPNOTSUPP, "TCP MSS clamp not implemented yet");
}

int
mss_clamp_dump(struct kernel *k, kernel_mss_cb cb, void *arg)
{
	return kernel_fail(k, EOPNOTSUPP, "TCP MSS clamp not implemented yet");
}
