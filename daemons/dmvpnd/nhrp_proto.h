/* NHRP wire constants: RFC 2332 plus the Cisco DMVPN additions. */
#ifndef NHRP_PROTO_H
#define NHRP_PROTO_H

/* GRE protocol type (and AF_PACKET protocol) that carries NHRP. */
#define NHRP_ETH_P 0x2001

#define NHRP_VERSION_RFC2332 1

/* Lengths of the fixed parts, in octets. */
#define NHRP_FIXED_HDR_LEN 20
#define NHRP_MAND_HDR_LEN 8 /* src/dst proto len, flags, request id */
#define NHRP_CIE_HDR_LEN 12
#define NHRP_EXT_HDR_LEN 4
#define NHRP_SNAP_LEN 5

/* ar$afn: address family of the NBMA (here: the tunnel's outer) addresses. */
#define NHRP_AFN_IPV4 1
#define NHRP_AFN_IPV6 2

/* ar$pro.type: ethertype of the protocol being resolved. */
#define NHRP_PRO_IPV4 0x0800
#define NHRP_PRO_IPV6 0x86dd

/* ar$shtl / ar$sstl and the CIE T/L octets: bit 7 reserved, bit 6 type
 * (0 NSAP, 1 E.164), bits 0-5 length. */
#define NHRP_TL_LEN_MASK 0x3f
#define NHRP_TL_TYPE_E164 0x40
#define NHRP_TL_RESERVED 0x80

/* ar$op.type */
#define NHRP_RESOLUTION_REQUEST 1
#define NHRP_RESOLUTION_REPLY 2
#define NHRP_REGISTRATION_REQUEST 3
#define NHRP_REGISTRATION_REPLY 4
#define NHRP_PURGE_REQUEST 5
#define NHRP_PURGE_REPLY 6
#define NHRP_ERROR_INDICATION 7
#define NHRP_TRAFFIC_INDICATION 8 /* Cisco "redirect", not in RFC 2332 */
#define NHRP_TYPE_MAX 8

/* IOS sends 255 (seen in captures of IOS hubs and spokes) and drops 0 on
 * Registration and Traffic Indication; those two go one hop, FRR sends 1. */
#define NHRP_HOPCNT_DEFAULT 255
#define NHRP_HOPCNT_REGISTRATION 1
#define NHRP_HOPCNT_TRAFFIC_IND 1

/* Mandatory part flags. */
#define NHRP_FLAG_RES_Q 0x8000 /* requester is a router */
#define NHRP_FLAG_RES_A 0x4000 /* authoritative */
#define NHRP_FLAG_RES_D 0x2000 /* destination is stable */
#define NHRP_FLAG_RES_U 0x1000 /* unique */
#define NHRP_FLAG_RES_S 0x0800 /* source is stable */
#define NHRP_FLAG_REG_U 0x8000 /* unique registration */
#define NHRP_FLAG_PURGE_N 0x8000 /* no reply expected */
#define NHRP_FLAG_CISCO_NAT 0x0002 /* sender understands the NAT extension */

/* Traffic Indication code, carried where the Error Code sits in type 7. */
#define NHRP_TRAFFIC_REDIRECT 0

/* CIE codes. */
#define NHRP_CODE_SUCCESS 0
#define NHRP_CODE_ADMIN_PROHIBITED 4
#define NHRP_CODE_INSUFFICIENT_RESOURCES 5
#define NHRP_CODE_NO_BINDING 12
#define NHRP_CODE_BINDING_NOT_UNIQUE 13
#define NHRP_CODE_ALREADY_REGISTERED 14

/* Error Indication codes. */
#define NHRP_ERR_UNRECOGNIZED_EXT 1
#define NHRP_ERR_LOOP_DETECTED 3
#define NHRP_ERR_PROTO_ADDR_UNREACHABLE 6
#define NHRP_ERR_PROTOCOL 7
#define NHRP_ERR_SDU_SIZE_EXCEEDED 8
#define NHRP_ERR_INVALID_EXT 9
#define NHRP_ERR_INVALID_RES_REPLY 10
#define NHRP_ERR_AUTH_FAILURE 11
#define NHRP_ERR_HOP_COUNT_EXCEEDED 15

/* Extension header: C bit, u bit, 14-bit type. */
#define NHRP_EXT_COMPULSORY 0x8000
#define NHRP_EXT_UNUSED_BIT 0x4000
#define NHRP_EXT_TYPE_MASK 0x3fff

#define NHRP_EXT_END 0
#define NHRP_EXT_RESPONDER 3
#define NHRP_EXT_FWD_TRANSIT 4
#define NHRP_EXT_REV_TRANSIT 5
#define NHRP_EXT_AUTH 7
#define NHRP_EXT_VENDOR 8
#define NHRP_EXT_NAT_ADDRESS 9 /* Cisco; RFC 2735 reuses 9 for capabilities */

/* Cisco authentication extension: a 4-octet type, then the secret. */
#define NHRP_AUTH_CLEARTEXT 0x00000001
#define NHRP_VENDOR_ID_LEN 3

/* CIE prefix length meaning "this address only" on IOS registrations. */
#define NHRP_PREFIX_UNIQUE 0xff

#endif
