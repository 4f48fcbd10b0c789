/* dmvpnd's configuration: the `ip nhrp` commands of each mGRE tunnel, in a
 * line-based text form shared by `dmvpnd -c FILE` and routerd's push over
 * the control socket:
 *
 *   interface Tunnel0
 *    address 10.0.0.1/24          tunnel address (else the link's primary)
 *    nbma 192.0.2.1               our NBMA (else the tunnel's local address)
 *    network-id 1
 *    authentication SECRET
 *    holdtime 600
 *    nhs 10.0.0.1 [nbma 192.0.2.1] [multicast] [priority N] [cluster N]
 *    nhs dynamic nbma 192.0.2.1 [multicast] [priority N] [cluster N]
 *                                 the NHS's tunnel address is learnt
 *    nhs cluster N max-connections M   register with at most M of cluster N
 *    nhs fallback SECONDS         wait before going back to a preferred NHS
 *    map 10.0.0.2 192.0.2.2
 *    map multicast dynamic | map multicast 192.0.2.3
 *    registration timeout 30 | registration no-unique
 *    redirect | shortcut
 *    protection ipsec profile NAME [spec SPEC]
 *                                 NHRP only with peers that have a CHILD_SA;
 *                                 SPEC: iked's %any spec of the tunnel, asked
 *                                 for SAs to other spokes (else the name)
 *
 * A line starting with '!' or '#' is a comment. Parsing is all or nothing.
 */
#ifndef NHRP_CONF_H
#define NHRP_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>

#define NHRP_CONF_MAX_IFS 8
#define NHRP_CONF_MAX_NHS 8
#define NHRP_CONF_MAX_MAP 64
#define NHRP_CONF_MAX_MCAST 16
#define NHRP_CONF_MAX_CLUSTER 10

struct nhrp_conf_nhs {
	struct in_addr proto; /* 0: nhs dynamic, learnt from the registration reply */
	struct in_addr nbma; /* 0: from a map for proto */
	bool multicast;
	unsigned priority;
	unsigned cluster;
};

struct nhrp_conf_map {
	struct in_addr proto, nbma;
};

struct nhrp_conf_if {
	char name[IFNAMSIZ];
	struct in_addr address; /* 0: the link's primary address */
	uint8_t prefixlen;
	struct in_addr nbma;	/* 0: the tunnel's local address */
	uint32_t network_id;
	char auth[9];
	unsigned holdtime;
	unsigned reg_timeout; /* 0: holdtime/3 */
	bool no_unique;
	bool redirect, shortcut;
	bool mcast_dynamic;
	char ipsec_profile[64]; /* "": no tunnel protection */
	char ike_spec[64];	/* iked's %any spec for this tunnel; "": the name */
	struct nhrp_conf_nhs nhs[NHRP_CONF_MAX_NHS];
	unsigned n_nhs;
	/* nhs cluster N max-connections M; without it every NHS of the
	 * cluster is registered with. */
	bool has_max_conn[NHRP_CONF_MAX_CLUSTER + 1];
	unsigned max_conn[NHRP_CONF_MAX_CLUSTER + 1];
	unsigned fallback; /* nhs fallback: 0, back to a preferred NHS at once */
	struct nhrp_conf_map map[NHRP_CONF_MAX_MAP];
	unsigned n_map;
	struct in_addr mcast[NHRP_CONF_MAX_MCAST];
	unsigned n_mcast;
};

struct nhrp_conf {
	struct nhrp_conf_if ifs[NHRP_CONF_MAX_IFS];
	unsigned n_ifs;
};

#define NHRP_CONF_DEFAULT_HOLDTIME 7200u

/* Parses text; 0, or -EINVAL with "line N: why" in err. */
int nhrp_conf_parse(const char *text, struct nhrp_conf *out, char *err, size_t errlen);
/* Reads and parses a file; as above, -errno when unreadable. */
int nhrp_conf_load(const char *path, struct nhrp_conf *out, char *err, size_t errlen);
/* The NBMA of nhs: its own, else a map entry's; 0 if none. */
struct in_addr nhrp_conf_nhs_nbma(const struct nhrp_conf_if *c, const struct nhrp_conf_nhs *n);

#endif
