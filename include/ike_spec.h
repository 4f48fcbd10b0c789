/*
 * What iked needs to run IKE for the router, flattened: routerd computes
 * one ike_spec per protected tunnel/peer from the IOS model (proposals,
 * keyring, profile, transform-set, ipsec profile) and sends it to iked;
 * iked builds charon's configs from it. Also the records iked answers a
 * "list SAs" query with. Rendering to IOS text is done by the reader.
 *
 * Everything here is plain C with fixed-size members: the structs travel as
 * they are over iked's Unix SOCK_SEQPACKET socket (same host, same build).
 */
#ifndef LIOS_IKE_SPEC_H
#define LIOS_IKE_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define IKE_SPEC_NAME_MAX 64
#define IKE_SPEC_ADDR_MAX 46 /* INET6_ADDRSTRLEN */
#define IKE_SPEC_ID_MAX 128
#define IKE_SPEC_PSK_MAX 128
#define IKE_SPEC_PROPOSALS_MAX 8
#define IKE_SPEC_PROPOSAL_MAX 160
#define IKE_SPEC_ALG_MAX 32

/* Remote address of a hub responder that accepts any peer. */
#define IKE_SPEC_ANY "%any"

/* IOS defaults. */
#define IKE_SPEC_IKE_LIFETIME 86400	  /* crypto ikev2 profile / isakmp policy lifetime */
#define IKE_SPEC_IPSEC_LIFETIME_S 3600	  /* set security-association lifetime seconds */
#define IKE_SPEC_IPSEC_LIFETIME_KB 4608000 /* ... kilobytes */
#define IKE_DPD_RETRANSMITS 5		  /* probes after the first one, then dead */
#define IKE_KEEPALIVE_RETRY_DEFAULT 2	  /* crypto isakmp keepalive <s> [retry] */

enum ike_dpd_mode {
	IKE_DPD_OFF = 0,   /* not configured */
	IKE_DPD_PERIODIC,  /* a check every interval */
	IKE_DPD_ON_DEMAND, /* a check only when sending while the peer is silent */
};

/* crypto ikev2 dpd / profile dpd / crypto isakmp keepalive. */
struct ike_dpd {
	uint8_t mode;	   /* enum ike_dpd_mode */
	uint16_t interval; /* s, 10-3600 */
	uint16_t retry;	   /* s, 2-60 */
};

enum ike_ipsec_mode {
	IKE_MODE_TUNNEL = 0,
	IKE_MODE_TRANSPORT = 1,
};

/* One protected tunnel or peer. */
struct ike_spec {
	char name[IKE_SPEC_NAME_MAX]; /* unique; charon's peer_cfg name */
	uint8_t version;	      /* 1 or 2 */
	uint8_t mode;		      /* enum ike_ipsec_mode */
	uint8_t proto;		      /* IP protocol protected: 47 GRE, 0 any */
	uint8_t pfs_group;	      /* IOS DH group for PFS, 0 none */
	uint8_t initiate;	      /* 1: bring up at once; 0: respond only */
	uint8_t peer_initiates;	      /* 1: so does the peer (p2p tunnel protection):
				       * the lower address goes first */
	char local[IKE_SPEC_ADDR_MAX];	/* address */
	char remote[IKE_SPEC_ADDR_MAX]; /* address or IKE_SPEC_ANY */
	char local_id[IKE_SPEC_ID_MAX];	 /* "" = the local address */
	char remote_id[IKE_SPEC_ID_MAX]; /* "" = the remote address (%any if any) */
	char psk[IKE_SPEC_PSK_MAX];	   /* ours; also the peer's unless psk_remote */
	char psk_remote[IKE_SPEC_PSK_MAX]; /* "" = psk; IKEv2 only (keyring peer
					    * pre-shared-key local K1 / remote K2) */
	uint8_t n_ike, n_esp;
	/* strongSwan proposal strings, from ike_algs_*_proposal(). */
	char ike[IKE_SPEC_PROPOSALS_MAX][IKE_SPEC_PROPOSAL_MAX]; /* "aes256-sha256-modp2048" */
	char esp[IKE_SPEC_PROPOSALS_MAX][IKE_SPEC_PROPOSAL_MAX]; /* "aes256-sha256", no DH */
	uint32_t ike_lifetime;	    /* s */
	uint32_t ipsec_lifetime_s;  /* s */
	uint64_t ipsec_lifetime_kb; /* KB */
	struct ike_dpd dpd;	    /* profile dpd (IKEv2) / keepalive (IKEv1); OFF: use global */
	/* tunnel mode ipsec ipv4: the VTI's key, the xfrm mark of the
	 * CHILD_SA's SAs and policies in and out, so that the kernel ties
	 * them to that device; its traffic selectors are then 0.0.0.0/0 both
	 * ways (what the routes send into it). 0: none. Needs tunnel mode
	 * and proto any. */
	uint32_t mark;
};

/* Box-wide settings that apply to every spec. */
struct ike_globals {
	struct ike_dpd ikev2_dpd;	 /* crypto ikev2 dpd */
	struct ike_dpd isakmp_keepalive; /* crypto isakmp keepalive */
};

/* Defaults: version 2, transport, GRE, IOS lifetimes, initiate. */
void ike_spec_init(struct ike_spec *s);

/* Checks a spec as routerd or a spec file filled it: addresses, version,
 * proposals (tokens ike_algs knows), lifetimes, DPD ranges. Returns 0 or -1
 * with a message naming the spec and the field. */
int ike_spec_validate(const struct ike_spec *s, char *err, size_t errlen);

/* The DPD that applies: the spec's own, else the global one of its version. */
struct ike_dpd ike_spec_effective_dpd(const struct ike_spec *s, const struct ike_globals *g);

/* The one DPD retry interval all IKEv2 specs with DPD share (0: none).
 * strongSwan 5.9 retransmits with one global schedule, so two different
 * retry values are refused with a message naming both specs. IKEv1
 * keepalives are paced by iked per peer and may differ. */
int ike_spec_common_retry(const struct ike_spec *specs, int n, const struct ike_globals *g,
			  unsigned int *retry, char *err, size_t errlen);

/* "10 2 on-demand" / "10 5 periodic" / "none"; IKEv1 keepalive allows
 * "<s> [retry] [mode]" with retry 2 and on-demand by default, IKEv2 needs
 * all three (IOS syntax). Returns 0 or -1 with a message. */
int ike_dpd_parse(const char *text, int version, struct ike_dpd *out, char *err, size_t errlen);
const char *ike_dpd_mode_name(uint8_t mode);

/*
 * The spec file: `iked -c FILE` before routerd pushes config. Lines
 * "key = value"; '#' starts a comment. Global keys come first, then one
 * block per spec starting with "conn = NAME":
 *
 *   ikev2-dpd = 10 2 on-demand        # crypto ikev2 dpd
 *   isakmp-keepalive = 10 2 periodic  # crypto isakmp keepalive
 *   conn = tun0
 *     version = 2                     # 1 or 2
 *     local = 192.0.2.1
 *     remote = 192.0.2.2              # or %any (respond only)
 *     local-id = 192.0.2.1            # optional, default the address
 *     remote-id = 192.0.2.2           # optional
 *     psk = secret                    # our AUTH (and the peer's, by default)
 *     psk-remote = other              # optional, IKEv2: the peer's AUTH
 *     ike = aes256-sha256-modp2048    # repeatable, strongSwan syntax
 *     esp = aes256-sha256             # repeatable
 *     mode = transport                # or tunnel
 *     proto = gre                     # gre, any or a number
 *     mark = 2                        # VTI key: 0/0 selectors, marked SAs
 *     pfs = 14                        # IOS group, or none
 *     ike-lifetime = 86400
 *     ipsec-lifetime = 3600
 *     ipsec-lifetime-kb = 4608000
 *     dpd = 10 2 on-demand            # or none: the global applies
 *     initiate = yes                  # no: respond only
 *     peer-initiates = no             # yes: the peer initiates too (p2p
 *                                     # tunnel protection): the lower address
 *                                     # first, the other one 5 s later if needed
 *
 * Returns the number of specs (>= 0) into *specs (malloc'ed) and globals, or
 * -1 with "FILE:LINE: message" in err; nothing is returned on error.
 */
int ike_spec_file_read(FILE *in, const char *fname, struct ike_spec **specs,
		       struct ike_globals *globals, char *err, size_t errlen);

/*
 * IOS algorithm names to strongSwan proposal tokens. Unsupported ones are
 * refused by name ("encryption des is not supported"). Each returns 0 or -1.
 */
enum ike_alg_kind {
	IKE_ALG_ENCR,  /* crypto ikev2 proposal: encryption aes-cbc-256 */
	IKE_ALG_INTEG, /* integrity sha256 */
	IKE_ALG_PRF,   /* prf sha256 */
	IKE_ALG_GROUP, /* group 14 */
};
int ike_algs_ikev2(enum ike_alg_kind kind, const char *ios, const char **ss, char *err,
		   size_t errlen);

/* crypto ikev2 proposal -> one strongSwan IKE proposal; NULL-terminated name
 * lists, prf may be NULL (derived from integrity). */
int ike_algs_ikev2_proposal(const char *const *encr, const char *const *integ,
			    const char *const *prf, const char *const *groups, char *out,
			    size_t outlen, char *err, size_t errlen);

/* crypto isakmp policy: encryption "aes" [bits] (bits 0: IOS default), hash
 * "sha"|"sha256"|..., group number. */
int ike_algs_ikev1_proposal(const char *encr, unsigned int bits, const char *hash,
			    unsigned int group, char *out, size_t outlen, char *err, size_t errlen);

/* crypto ipsec transform-set: the transform words as typed, e.g.
 * {"esp-aes", "256", "esp-sha256-hmac", NULL}, to "aes256-sha256". */
int ike_algs_esp_proposal(const char *const *transforms, char *out, size_t outlen, char *err,
			  size_t errlen);

/* IOS DH group number to strongSwan name ("modp2048" for 14). */
int ike_algs_group(unsigned int group, const char **ss, char *err, size_t errlen);

/* Every dash-separated token of a strongSwan proposal is one ike_algs can
 * produce (esp: an ESP proposal, no PRF). */
int ike_algs_check_proposal(const char *proposal, bool esp, char *err, size_t errlen);

/*
 * iked's control socket (SOCK_SEQPACKET): one message per request/record.
 *   LIST_SAS      -> SA, its CHILD records, SA, ..., END
 *   SPEC_BEGIN, SPEC x n, GLOBALS, SPEC_COMMIT -> OK | ERROR (replace all)
 *   SUBSCRIBE     -> OK, then EVENT records as they happen (dmvpnd, logs)
 *   CLEAR         -> OK (clear crypto ...: matching IKE SAs deleted, their
 *                    initiating specs brought up again, as IOS does)
 *   INITIATE, TERMINATE -> OK | ERROR (clear crypto session, dmvpnd)
 *   INITIATE_PEER -> OK | ERROR (dmvpnd: a %any spec towards one address)
 */
enum iked_msg_type {
	IKED_MSG_LIST_SAS = 1,
	IKED_MSG_SA,
	IKED_MSG_CHILD,
	IKED_MSG_END,
	IKED_MSG_SPEC_BEGIN,
	IKED_MSG_SPEC,
	IKED_MSG_GLOBALS,
	IKED_MSG_SPEC_COMMIT,
	IKED_MSG_OK,
	IKED_MSG_ERROR,
	IKED_MSG_SUBSCRIBE, /* -> OK, then an EVENT record for every event */
	IKED_MSG_EVENT,
	IKED_MSG_CLEAR,
	IKED_MSG_INITIATE,  /* iked_msg_sa_ctl: bring up spec NAME -> OK | ERROR */
	IKED_MSG_TERMINATE, /* iked_msg_sa_ctl: close SA ID, or all of NAME -> OK | ERROR */
	IKED_MSG_INITIATE_PEER, /* iked_msg_initiate_peer -> OK | ERROR */
};

#define IKED_MSG_VERSION 1

struct iked_msg_hdr {
	uint16_t type;	  /* enum iked_msg_type */
	uint16_t version; /* IKED_MSG_VERSION */
	uint32_t len;	  /* whole message */
};

struct iked_msg_spec {
	struct iked_msg_hdr hdr;
	struct ike_spec spec;
};

struct iked_msg_globals {
	struct iked_msg_hdr hdr;
	struct ike_globals globals;
};

struct iked_msg_sa_ctl {
	struct iked_msg_hdr hdr;
	char name[IKE_SPEC_NAME_MAX]; /* spec name */
	uint32_t unique_id;	      /* TERMINATE: this IKE SA only (0: all of NAME) */
};

/* Bring up respond-only (%any) spec NAME towards REMOTE (a spoke-to-spoke
 * tunnel): same proposals, keys and DPD as the spec, SA named NAME. Nothing
 * is done if an IKE SA to REMOTE exists or is being set up. */
struct iked_msg_initiate_peer {
	struct iked_msg_hdr hdr;
	char name[IKE_SPEC_NAME_MAX];
	char remote[IKE_SPEC_ADDR_MAX]; /* IPv4 address */
};

struct iked_msg_error {
	struct iked_msg_hdr hdr;
	char text[256];
};

/* What charon's bus reported. */
enum iked_event_type {
	IKED_EV_IKE_UP = 1,
	IKED_EV_IKE_DOWN,
	IKED_EV_CHILD_UP,
	IKED_EV_CHILD_DOWN,
	IKED_EV_RETRANSMIT,	    /* n = retransmission number */
	IKED_EV_RETRANSMIT_TIMEOUT, /* charon gave up: the peer is dead */
	IKED_EV_PEER_UNREACHABLE,
	IKED_EV_PROPOSAL_MISMATCH,
	IKED_EV_AUTH_FAILED,
};

struct iked_msg_event {
	struct iked_msg_hdr hdr;
	uint8_t type;	 /* enum iked_event_type */
	uint8_t version; /* IKE version, 0 unknown */
	uint32_t unique_id; /* IKE SA, 0 unknown */
	uint32_t n;	    /* CHILD SA id for CHILD_UP/DOWN, count for RETRANSMIT */
	int64_t when_sec;   /* CLOCK_REALTIME */
	int32_t when_nsec;
	char name[IKE_SPEC_NAME_MAX];	/* spec name */
	char remote[IKE_SPEC_ADDR_MAX]; /* peer address */
};

const char *iked_event_name(uint8_t type);

/*
 * Debug stream (`debug crypto ikev2`, `debug crypto isakmp`): a client sends
 * IKED_MSG_DEBUG with the kinds it wants (-> OK); iked then sends it a
 * DEBUG_LINE for every charon message of those kinds, on that connection,
 * until the client sends kinds 0 or goes away. With no client asking,
 * charon does not even format the messages. Lines that iked cannot pass on
 * at once are dropped and counted (never a charon thread waiting).
 */
enum {
	IKED_MSG_DEBUG = 64,  /* iked_msg_debug -> OK, then DEBUG_LINE records */
	IKED_MSG_DEBUG_LINE,
};

/* Kinds of lines (debug crypto ikev2 [error|internal|packet], isakmp). */
#define IKED_DEBUG_IKEV2 0x1	      /* IKEv2: charon's messages, packets, errors */
#define IKED_DEBUG_ISAKMP 0x2	      /* IKEv1: the same */
#define IKED_DEBUG_IKEV2_PACKET 0x4   /* IKEv2: the packets only */
#define IKED_DEBUG_IKEV2_INTERNAL 0x8 /* IKEv2: charon's detailed messages */
#define IKED_DEBUG_IKEV2_ERROR 0x10   /* IKEv2: failures only */
#define IKED_DEBUG_ALL 0x1f

struct iked_msg_debug {
	struct iked_msg_hdr hdr;
	uint32_t kinds; /* IKED_DEBUG_*; 0 stops */
};

struct iked_msg_debug_line {
	struct iked_msg_hdr hdr;
	uint32_t kinds;	    /* IKED_DEBUG_* the line is for */
	uint8_t version;    /* IKE version of the SA, 0 none */
	uint32_t unique_id; /* IKE SA, 0 none */
	uint32_t dropped;   /* lines lost since the last one sent */
	int64_t when_sec;   /* CLOCK_REALTIME */
	int32_t when_nsec;
	char text[480];	    /* IOS-like, may hold newlines, no trailing one */
};

/* Which IKE SAs to delete: all fields given must match. */
struct iked_msg_clear {
	struct iked_msg_hdr hdr;
	uint32_t unique_id;		/* 0: any */
	char remote[IKE_SPEC_ADDR_MAX]; /* "": any */
};

#define IKE_TIME_NEVER UINT32_MAX

/* One IKE SA ("show crypto ikev2 sa [detailed]", "show crypto isakmp sa"). */
struct iked_msg_sa {
	struct iked_msg_hdr hdr;
	uint32_t unique_id; /* IOS Tunnel-id */
	char name[IKE_SPEC_NAME_MAX];
	uint8_t version;
	uint8_t initiator;
	uint8_t nat;	      /* NAT detected (either side) */
	uint8_t dpd_pending;  /* a liveness check is outstanding */
	char state[24];	      /* charon's: ESTABLISHED, CONNECTING, ... */
	char local[IKE_SPEC_ADDR_MAX];
	char remote[IKE_SPEC_ADDR_MAX];
	uint16_t local_port, remote_port;
	char local_id[IKE_SPEC_ID_MAX];
	char remote_id[IKE_SPEC_ID_MAX];
	uint64_t spi_i, spi_r; /* host order */
	char encr[IKE_SPEC_ALG_MAX]; /* charon's names: AES_CBC, HMAC_SHA2_256_128, ... */
	uint16_t encr_keysize;
	char integ[IKE_SPEC_ALG_MAX];
	char prf[IKE_SPEC_ALG_MAX];
	char dh[IKE_SPEC_ALG_MAX];
	uint16_t dh_group;	/* IANA = IOS group number */
	uint32_t lifetime;	/* s, configured */
	uint32_t active_time;	/* s since established, IKE_TIME_NEVER if not */
	uint32_t rekey_in;	/* s until charon rekeys it, 0 none */
	uint32_t expires_in;	/* s until it is deleted at the latest, 0 none */
	struct ike_dpd dpd;	/* effective DPD */
	uint32_t last_in_ago;	/* s since anything came in, IKE_TIME_NEVER */
	uint32_t n_child;
};

/* One CHILD SA of the SA sent before it. */
struct iked_msg_child {
	struct iked_msg_hdr hdr;
	uint32_t ike_unique_id;
	uint32_t unique_id;
	uint32_t reqid;
	char name[IKE_SPEC_NAME_MAX];
	char state[24];
	uint8_t mode;  /* enum ike_ipsec_mode */
	uint8_t encap; /* UDP encapsulated */
	uint32_t spi_in, spi_out; /* host order */
	char encr[IKE_SPEC_ALG_MAX];
	uint16_t encr_keysize;
	char integ[IKE_SPEC_ALG_MAX];
	char dh[IKE_SPEC_ALG_MAX]; /* PFS group, "" none */
	uint16_t dh_group;	   /* PFS group number (IOS/IANA), 0 none */
	char local_ts[80];
	char remote_ts[80];
	uint64_t bytes_in, bytes_out, packets_in, packets_out;
	uint32_t last_in_ago, last_out_ago; /* s, IKE_TIME_NEVER */
	uint32_t installed_ago;		    /* s */
	uint32_t rekey_in;		    /* s until rekey, 0 none */
	uint32_t life_in;		    /* s until hard expiry, 0 none */
	uint64_t life_bytes;		    /* hard byte limit (IOS KB x 1024), 0 none */
};

/*
 * Client side (libikespec): each call opens its own connection.
 */
int iked_client_connect(const char *path, char *err, size_t errlen);

/* Replaces iked's specs by these N and the globals, all or nothing.
 * Returns 0, or -1 with iked's refusal ("x asks for DPD retry ...") or the
 * transport error in err. */
int iked_client_push(const char *path, const struct ike_spec *specs, int n,
		     const struct ike_globals *g, char *err, size_t errlen);

/* Deletes the IKE SAs with that unique id (0: any) and remote address
 * (NULL/"": any); iked initiates their specs again. Returns 0 or -1. */
int iked_client_clear(const char *path, uint32_t unique_id, const char *remote, char *err,
		      size_t errlen);

/* Calls RECORD for every iked_msg_sa / iked_msg_child of the answer, in
 * order (an SA, then its children). RECORD returning -1 stops. Returns 0
 * once the whole list arrived, or -1 with a message. */
int iked_client_list(const char *path, int (*record)(void *ctx, const struct iked_msg_hdr *msg),
		     void *ctx, char *err, size_t errlen);

/* Brings up spec NAME now (also a respond-only one). 0 or -1. */
int iked_client_initiate(const char *path, const char *name, char *err, size_t errlen);

/* Brings up %any spec NAME towards REMOTE (IPv4) unless an IKE SA to
 * REMOTE exists or is being set up. 0 or -1 (message). */
int iked_client_initiate_peer(const char *path, const char *name, const char *remote, char *err,
			      size_t errlen);

/* Closes IKE SA UNIQUE_ID, or every SA of spec NAME when UNIQUE_ID is 0
 * (NAME NULL and UNIQUE_ID 0: every SA). 0 or -1 (none found: message). */
int iked_client_terminate(const char *path, const char *name, uint32_t unique_id, char *err,
			  size_t errlen);

/* Subscribes to events: returns a connection to read them from with
 * iked_client_next_event(), or -1 with a message. */
int iked_client_subscribe(const char *path, char *err, size_t errlen);

/* Waits for the next event. Returns 0, or -1 (iked gone: message in err). */
int iked_client_next_event(int fd, struct iked_msg_event *ev, char *err, size_t errlen);

/* Asks for the debug lines of KINDS (IKED_DEBUG_*): returns a connection
 * to read them from with iked_client_next_debug(), or -1 with a message. */
int iked_client_debug(const char *path, uint32_t kinds, char *err, size_t errlen);

/* Asks for other KINDS on a connection of iked_client_debug() (0 or -1);
 * iked's answer comes among the lines (iked_client_next_debug() returns 1). */
int iked_client_debug_change(int fd, uint32_t kinds, char *err, size_t errlen);

/* Waits for the next debug line. Returns 0 (a line), 1 (iked's answer to a
 * change: no line) or -1 (iked gone: message in err). */
int iked_client_next_debug(int fd, struct iked_msg_debug_line *line, char *err, size_t errlen);

#endif
