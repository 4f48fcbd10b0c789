/* IOS-layout rendering of the NHRP cache: `show dmvpn` and `show ip nhrp`. */
#ifndef NHRP_SHOW_H
#define NHRP_SHOW_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>

#include "nhrp_cache.h"

/* An NHS as `show dmvpn detail` lists it. */
struct nhrp_show_nhs {
	struct in_addr proto;
	const char *status; /* "RE", "E" or "W" (legend of show dmvpn) */
	unsigned priority, cluster;
};

/* An NHRP interface as the show commands name it. */
struct nhrp_show_if {
	int ifindex;
	const char *name; /* "Tunnel0" */
	const char *role; /* "Hub", "Spoke" or "Hub/Spoke" */
	/* `detail` only: */
	struct in_addr addr;   /* tunnel address */
	struct in_addr source; /* tunnel source (our NBMA address) */
	const char *protect;   /* ipsec profile; NULL: none */
	const struct nhrp_show_nhs *nhs;
	size_t n_nhs;
};

/* State column of `show dmvpn` for a peer: "UP", "IKE" (waiting for the
 * IPsec SA) or "NHRP" (waiting for NHRP). NULL callback: "UP" for peers with
 * a known NBMA address, "NHRP" for unresolved ones. */
typedef const char *(*nhrp_show_state_fn)(void *ctx, const struct nhrp_cache_entry *e);

struct nhrp_show_ctx {
	const struct nhrp_show_if *ifs;
	size_t n_ifs;
	nhrp_show_state_fn state;
	void *state_ctx;
	bool detail; /* show dmvpn detail */
};

/* Elapsed or remaining time as IOS prints it: hh:mm:ss under a day, then
 * 1d02h, then 3w5d, then 1y2w. buf needs 16 bytes. */
const char *nhrp_show_duration(char *buf, size_t size, uint64_t seconds);

/* Both return 0, -ENOMEM, or -EIO if writing failed. show dmvpn lists the
 * interfaces of ctx (with or without peers) and IPv4 entries only: its IPv6
 * layout is not known well enough to copy. show ip nhrp lists every entry.
 * With ctx->detail, show dmvpn prints IOS's detail layout (interface
 * header, NHS list, a Target Network column); show ip nhrp prints the
 * same either way. */
int nhrp_show_dmvpn(FILE *out, const struct nhrp_cache *c, const struct nhrp_show_ctx *ctx);
int nhrp_show_ip_nhrp(FILE *out, const struct nhrp_cache *c, const struct nhrp_show_ctx *ctx);

#endif
