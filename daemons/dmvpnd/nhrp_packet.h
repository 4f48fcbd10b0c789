/* NHRP packet codec: the bytes after the GRE header (protocol 0x2001),
 * i.e. what an AF_PACKET SOCK_DGRAM socket on the mGRE device returns. */
#ifndef NHRP_PACKET_H
#define NHRP_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nhrp_proto.h"

/* Limits of what we represent. A larger packet is refused, never truncated. */
#define NHRP_ADDR_MAX 16
#define NHRP_MAX_CIES 8 /* per mandatory part and per extension */
#define NHRP_MAX_EXTS 12 /* extensions per packet, End not counted */
#define NHRP_AUTH_SECRET_MAX 64
#define NHRP_PACKET_MAX 65535

/* An NBMA or protocol address; len 0 means absent. */
struct nhrp_addr {
	uint8_t len;
	uint8_t bytes[NHRP_ADDR_MAX];
};

/* Client Information Entry. NBMA subaddresses do not exist for IP
 * NBMAs, so the codec refuses them rather than carry a field nobody sets. */
struct nhrp_cie {
	uint8_t code;
	uint8_t prefix_len;
	uint16_t mtu;
	uint16_t holdtime;
	uint8_t preference;
	struct nhrp_addr nbma;
	struct nhrp_addr proto;
};

/* One extension, in packet order. Which members are meaningful depends on
 * type: CIE lists for responder, transit records and NAT; auth_* for the
 * Cisco cleartext authentication; data for vendor-private (after the
 * 3-octet vendor id) and for types we do not know (the whole value). */
struct nhrp_ext {
	uint16_t type; /* NHRP_EXT_*, without the C and u bits */
	bool compulsory;
	uint8_t n_cies;
	struct nhrp_cie cies[NHRP_MAX_CIES];
	uint32_t auth_type;
	uint8_t auth_len;
	uint8_t auth_secret[NHRP_AUTH_SECRET_MAX];
	uint32_t vendor_id;
	const uint8_t *data; /* decoded: points into the input buffer */
	uint16_t data_len;
};

/*
 * A whole packet. Error Indication reuses flags/request_id as
 * unused/error_code/error_offset and Traffic Indication carries its code in
 * the same place; both end their mandatory part with the packet that caused
 * them (payload) instead of CIEs.
 */
struct nhrp_packet {
	uint16_t afn;
	uint16_t pro_type;
	uint8_t hop_count;
	uint8_t type;
	uint16_t flags;
	uint32_t request_id;
	uint16_t error_code;
	uint16_t error_offset;
	uint16_t traffic_code;
	struct nhrp_addr src_nbma;
	struct nhrp_addr src_proto;
	struct nhrp_addr dst_proto;
	uint8_t n_cies;
	struct nhrp_cie cies[NHRP_MAX_CIES];
	const uint8_t *payload; /* decoded: points into the input buffer */
	size_t payload_len;
	uint8_t n_exts;
	struct nhrp_ext exts[NHRP_MAX_EXTS];
	/* With NHRP_DECODE_TRANSIT: offset of the first unrecognised
	 * compulsory extension, kept in exts; 0 if none. The responder
	 * answers such a packet with error 1 at this offset. */
	uint16_t unrecognized_at;
};

/* Why a received packet was refused; each has a counter. */
enum nhrp_drop_reason {
	NHRP_DROP_NONE = 0,
	NHRP_DROP_TRUNCATED,	  /* shorter than the fixed header or ar$pktsz */
	NHRP_DROP_BAD_LENGTH,	  /* a length or offset inconsistent with the rest */
	NHRP_DROP_BAD_CHECKSUM,
	NHRP_DROP_BAD_VERSION,
	NHRP_DROP_BAD_AFN,
	NHRP_DROP_BAD_PROTOCOL,	  /* pro.type or snap we do not resolve */
	NHRP_DROP_BAD_TYPE,
	NHRP_DROP_BAD_ADDRESS,	  /* address length not valid for its family */
	NHRP_DROP_TOO_MANY,	  /* more CIEs/extensions than we represent */
	NHRP_DROP_UNKNOWN_EXT,	  /* unrecognised extension with the C bit */
	NHRP_DROP_BAD_EXTENSION,  /* malformed value of a known extension */
	NHRP_DROP_REASON_MAX
};

/* Outcome of a decode. error_code != 0 means RFC 2332 wants an Error
 * Indication with that code and error_offset (from the fixed header) sent
 * back; it is never set when the refused packet is itself an Error
 * Indication. */
struct nhrp_decode_result {
	enum nhrp_drop_reason reason;
	uint16_t error_code;
	uint16_t error_offset;
};

struct nhrp_decode_stats {
	uint64_t accepted;
	uint64_t dropped[NHRP_DROP_REASON_MAX];
};

/* Decode buf[0..len) into *pkt. Returns 0, or -1 with *res saying why.
 * Pointers in *pkt refer to buf. Never reads outside buf. */
int nhrp_packet_decode(const uint8_t *buf, size_t len, struct nhrp_packet *pkt,
		       struct nhrp_decode_result *res);

/* For a transit NHS, which must forward extensions it does not know even
 * when compulsory (RFC 2332 5.2.7): keep them and note where the first one
 * is in pkt->unrecognized_at instead of refusing the packet. */
#define NHRP_DECODE_TRANSIT 0x1

int nhrp_packet_decode_flags(const uint8_t *buf, size_t len, struct nhrp_packet *pkt,
			     struct nhrp_decode_result *res, unsigned flags);

/* Encode *pkt into buf, computing ar$pktsz, ar$extoff and the checksum;
 * an End extension follows the others. Returns the length, -EINVAL if *pkt
 * is not something the decoder would accept (such as a repeated extension
 * other than Vendor-Private) or is an Error Indication with extensions
 * (RFC 2332 5.2.7), -ENOSPC if buf is too small. */
ssize_t nhrp_packet_encode(const struct nhrp_packet *pkt, uint8_t *buf, size_t size);

/* Fills *ei with the Error Indication RFC 2332 asks for about a refused
 * packet (res from nhrp_packet_decode): from us to the offending packet's
 * source protocol address when that can be read (else none, the caller
 * still sends it to the NBMA the packet came from), carrying the offending
 * packet, which must outlive *ei. Returns 0, or -EINVAL when no Error
 * Indication is due or our addresses are not usable. */
int nhrp_packet_error_indication(struct nhrp_packet *ei, const uint8_t *offending, size_t len,
				 const struct nhrp_decode_result *res,
				 const struct nhrp_addr *our_nbma,
				 const struct nhrp_addr *our_proto);

/* RFC 1071 Internet checksum of data (odd length padded with zero). */
uint16_t nhrp_checksum(const uint8_t *data, size_t len);

void nhrp_decode_stats_count(struct nhrp_decode_stats *st, int rc,
			     const struct nhrp_decode_result *res);

/* First extension of a type, or NULL. */
const struct nhrp_ext *nhrp_packet_find_ext(const struct nhrp_packet *pkt, uint16_t type);

/* Appends an extension and returns it zeroed but typed; NULL if full. */
struct nhrp_ext *nhrp_packet_add_ext(struct nhrp_packet *pkt, uint16_t type, bool compulsory);

/* Sets a Cisco cleartext authentication value; -EINVAL if too long. */
int nhrp_ext_set_auth(struct nhrp_ext *ext, const char *secret);

/* Fills an address from 4 or 16 bytes. */
void nhrp_addr_set(struct nhrp_addr *a, const void *bytes, uint8_t len);
bool nhrp_addr_equal(const struct nhrp_addr *a, const struct nhrp_addr *b);

const char *nhrp_type_name(uint8_t type);
const char *nhrp_drop_reason_name(enum nhrp_drop_reason reason);

#endif
