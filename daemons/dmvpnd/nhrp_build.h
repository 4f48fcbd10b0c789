/* The NHRP messages dmvpnd sends, filled the way IOS and FRR expect them,
 * and the checks applied to what arrives. Pure functions over struct
 * nhrp_packet: the caller encodes and sends. */
#ifndef NHRP_BUILD_H
#define NHRP_BUILD_H

#include "nhrp_cache.h"
#include "nhrp_packet.h"

/* Our side of one NHRP interface. */
struct nhrp_local {
	struct nhrp_addr nbma;	/* tunnel source */
	struct nhrp_addr proto; /* tunnel address */
	uint16_t mtu;		/* advertised in CIEs; 0: the NBMA default */
	uint16_t holdtime;	/* ip nhrp holdtime */
	const char *auth;	/* ip nhrp authentication; NULL: none */
};

/*
 * Registration Request to an NHS (RFC 2332 5.2.3 as FRR and IOS send it):
 * hop count 1, U flag unless no-unique, Cisco NAT flag, one CIE binding our
 * addresses (prefix 0xff when unique), empty compulsory Forward/Reverse
 * Transit and Responder extensions, the NAT extension naming the NHS, and
 * the authentication last. nhs_proto may be absent (len 0): the request is
 * then addressed to ourselves, as the RFC says. Returns 0 or -EINVAL.
 */
int nhrp_build_registration_request(struct nhrp_packet *p, const struct nhrp_local *me,
				    const struct nhrp_addr *nhs_proto,
				    const struct nhrp_addr *nhs_nbma, uint32_t request_id,
				    bool unique);

/* What a request's CIE asks the NHS to register; the binding's NBMA is
 * the packet's outer source (seen_nbma), the claimed one is kept for NAT
 * detection. Cisco leaves the CIE addresses empty: the header's are used. */
void nhrp_registration_from_request(struct nhrp_registration *r, const struct nhrp_packet *req,
				    unsigned cie, int ifindex, const struct nhrp_addr *seen_nbma);

/*
 * Registration Reply (RFC 2332 5.2.4): the request's header and CIEs, each
 * CIE answered with codes[i]; the request's extensions in their order with
 * the Responder Address filled with us, transit records untouched, the
 * authentication regenerated, and the NAT extension echoed with a CIE for
 * the address we saw appended when it differs from the claimed one.
 * A request addressed to its own sender (which did not know our address)
 * is answered with our address as the destination.
 * *reply points into *req's data. Returns 0, or -EINVAL (also when req
 * uses other address families than we do).
 */
int nhrp_build_registration_reply(struct nhrp_packet *reply, const struct nhrp_packet *req,
				  const uint8_t *codes, const struct nhrp_local *me,
				  const struct nhrp_addr *seen_nbma);

/* Resolution Request for target (RFC 2332 5.2.1, flags as IOS: router,
 * authoritative, source stable, NAT). */
int nhrp_build_resolution_request(struct nhrp_packet *p, const struct nhrp_local *me,
				  const struct nhrp_addr *target, uint32_t request_id);

/* Resolution Reply (5.2.2) answering req with one CIE: code, and for
 * success the binding answer_proto/prefix_len at answer_nbma (normally our
 * own addresses when we are the destination: then the U flag is set).
 * Flags add A and D to the request's. */
int nhrp_build_resolution_reply(struct nhrp_packet *reply, const struct nhrp_packet *req,
				const struct nhrp_local *me, uint8_t code,
				const struct nhrp_addr *answer_proto, uint8_t prefix_len,
				const struct nhrp_addr *answer_nbma);

/* Purge Request (5.2.5) to dst_proto for proto/prefix_len; no_reply sets N. */
int nhrp_build_purge_request(struct nhrp_packet *p, const struct nhrp_local *me,
			     const struct nhrp_addr *dst_proto, const struct nhrp_addr *proto,
			     uint8_t prefix_len, bool no_reply, uint32_t request_id);

/* Purge Reply (5.2.6): the request with its type changed, Responder
 * Address filled and authentication regenerated. */
int nhrp_build_purge_reply(struct nhrp_packet *reply, const struct nhrp_packet *req,
			   const struct nhrp_local *me);

/* Traffic Indication (Cisco redirect) about an IP packet that hairpinned
 * through us: to the packet's source, carrying at most max_payload octets
 * of it, hop count 1. -EINVAL if ip is not an IPv4/IPv6 packet. */
int nhrp_build_traffic_indication(struct nhrp_packet *p, const struct nhrp_local *me,
				  const uint8_t *ip, size_t len, size_t max_payload);

/* Cisco cleartext authentication: 0 when no secret is configured, or the
 * packet carries the configured one; -EACCES otherwise (the caller answers
 * with error 11). Error Indications carry no extensions and are exempt. */
int nhrp_auth_check(const struct nhrp_packet *p, const char *secret);

#endif
