/* lios: common definitions shared by the shell and the daemons. */
#ifndef LIOS_H
#define LIOS_H

#define LIOS_NAME "lios"

/* Default Unix socket paths; several routers on one machine use -S. */
#define LIOS_ROUTERD_SOCKET RUNSTATEDIR "/lios/routerd.sock"
#define LIOS_IKED_SOCKET RUNSTATEDIR "/lios/iked.sock"
#define LIOS_DMVPND_SOCKET RUNSTATEDIR "/lios/dmvpnd.sock"

/* Route protocol numbers (rtm_protocol) marking who owns a kernel route.
 * Values from the unassigned range of /etc/iproute2/rt_protos. */
#define LIOS_RTPROT_STATIC 190
#define LIOS_RTPROT_NHRP 191

#define LIOS_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
