/*
 * show crypto ikev2 sa / isakmp sa / ipsec sa / session, laid out as IOS
 * prints them (ios-reference.md §2) so that ntc-templates and genieparser
 * read them. Counters charon does not keep (compression, tagging, internal
 * errors) are printed as 0, as IOS prints them on a quiet box.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lios.h"
#include "router_priv.h"
#include "show_crypto.h"

int
crypto_sas_add(void *arg, const struct iked_msg_hdr *msg)
{
	struct crypto_sas *s = arg;

	if (msg->type == IKED_MSG_SA) {
		s->sa = realloc(s->sa, (s->n_sa + 1) * sizeof(*s->sa));
		if (!s->sa)
			abort();
		memcpy(&s->sa[s->n_sa++], msg, sizeof(*s->sa));
	} else if (msg->type == IKED_MSG_CHILD) {
		s->child = realloc(s->child, (s->n_child + 1) * sizeof(*s->child));
		if (!s->child)
			abort();
		memcpy(&s->child[s->n_child++], msg, sizeof(*s->child));
	}
	return 0;
}

void
crypto_sas_free(struct crypto_sas *s)
{
	free(s->sa);
	free(s->child);
	memset(s, 0, sizeof(*s));
}

/* --- Names ---------------------------------------------------------------- */

const char *
show_crypto_ike_encr(const char *c)
{
	if (!strcmp(c, "AES_CBC"))
		return "AES-CBC";
	if (!strncmp(c, "AES_GCM", 7))
		return "AES-GCM";
	if (!strcmp(c, "3DES_CBC"))
		return "3DES";
	return c[0] ? c : "none";
}

/* Integrity (IOS "Hash") and PRF names: SHA1 integrity is "SHA96". */
const char *
show_crypto_ike_hash(const char *c)
{
	static const struct {
		const char *charon, *ios;
	} names[] = {
		{ "HMAC_SHA1_96", "SHA96" },	   { "HMAC_MD5_96", "MD596" },
		{ "HMAC_SHA2_256_128", "SHA256" }, { "HMAC_SHA2_384_192", "SHA384" },
		{ "HMAC_SHA2_512_256", "SHA512" }, { "PRF_HMAC_SHA1", "SHA1" },
		{ "PRF_HMAC_MD5", "MD5" },	   { "PRF_HMAC_SHA2_256", "SHA256" },
		{ "PRF_HMAC_SHA2_384", "SHA384" }, { "PRF_HMAC_SHA2_512", "SHA512" },
	};

	for (size_t i = 0; i < LIOS_ARRAY_SIZE(names); i++)
		if (!strcmp(c, names[i].charon))
			return names[i].ios;
	return c[0] ? c : "None";
}

void
show_crypto_esp_transform(const struct iked_msg_child *c, char *out, size_t len)
{
	static const struct {
		const char *charon, *ios;
	} auth[] = {
		{ "HMAC_SHA1_96", "esp-sha-hmac" },	    { "HMAC_MD5_96", "esp-md5-hmac" },
		{ "HMAC_SHA2_256_128", "esp-sha256-hmac" }, { "HMAC_SHA2_384_192", "esp-sha384-hmac" },
		{ "HMAC_SHA2_512_256", "esp-sha512-hmac" },
	};
	const char *a = "";
	char e[32];

	if (!strcmp(c->encr, "AES_CBC"))
		snprintf(e, sizeof(e), "esp-%u-aes", c->encr_keysize);
	else if (!strncmp(c->encr, "AES_GCM", 7))
		snprintf(e, sizeof(e), "esp-gcm %u", c->encr_keysize);
	else if (!strcmp(c->encr, "3DES_CBC"))
		snprintf(e, sizeof(e), "esp-3des");
	else if (!strcmp(c->encr, "NULL"))
		snprintf(e, sizeof(e), "esp-null");
	else
		snprintf(e, sizeof(e), "%s", c->encr);
	for (size_t i = 0; i < LIOS_ARRAY_SIZE(auth); i++)
		if (!strcmp(c->integ, auth[i].charon))
			a = auth[i].ios;
	snprintf(out, len, "%s%s%s", e, a[0] ? " " : "", a);
}

/* --- Helpers ---------------------------------------------------------------- */

static const struct crypto_peer *
peer_of(const struct crypto_view *v, const char *name)
{
	for (size_t i = 0; i < v->n_peers; i++)
		if (!strcmp(v->peers[i].name, name))
			return &v->peers[i];
	return NULL;
}

static const struct iked_msg_sa *
sa_of(const struct crypto_view *v, uint32_t unique_id)
{
	for (size_t i = 0; i < v->sas->n_sa; i++)
		if (v->sas->sa[i].unique_id == unique_id)
			return &v->sas->sa[i];
	return NULL;
}

static unsigned
children_installed(const struct crypto_view *v, uint32_t ike_id)
{
	unsigned n = 0;

	for (size_t i = 0; i < v->sas->n_child; i++)
		n += v->sas->child[i].ike_unique_id == ike_id &&
		     !strcmp(v->sas->child[i].state, "INSTALLED");
	return n;
}

static bool
established(const struct iked_msg_sa *s)
{
	return !strcmp(s->state, "ESTABLISHED");
}

static const char *
ikev2_status(const struct iked_msg_sa *s)
{
	if (established(s) || !strcmp(s->state, "REKEYING") || !strcmp(s->state, "REKEYED"))
		return "READY";
	if (!strcmp(s->state, "DELETING") || !strcmp(s->state, "DESTROYING"))
		return "DELETE";
	return "IN-NEG";
}

static void
hms(char *out, size_t len, uint32_t s)
{
	snprintf(out, len, "%02u:%02u:%02u", s / 3600, (s / 60) % 60, s % 60);
}

static uint32_t
active(const struct iked_msg_sa *s)
{
	return s->active_time == IKE_TIME_NEVER ? 0 : s->active_time;
}

/* --- show crypto ikev2 sa [detailed] ------------------------------------------ */

#define IKEV2_ROW "%-10s%-22s%-22s%-21s%s\n"

void
show_crypto_ikev2_sa(struct strbuf *b, const struct crypto_view *v, bool detailed)
{
	sb_printf(b, " IPv4 Crypto IKEv2  SA\n\n");
	for (size_t i = 0; i < v->sas->n_sa; i++) {
		const struct iked_msg_sa *s = &v->sas->sa[i];
		char id[16], l[64], r[64];

		if (s->version != 2)
			continue;
		snprintf(id, sizeof(id), "%u", s->unique_id);
		snprintf(l, sizeof(l), "%s/%u", s->local, s->local_port);
		snprintf(r, sizeof(r), "%s/%u", s->remote, s->remote_port);
		sb_printf(b, IKEV2_ROW, "Tunnel-id", "Local", "Remote", "fvrf/ivrf", "Status");
		sb_printf(b, IKEV2_ROW, id, l, r, "none/none", ikev2_status(s));
		sb_printf(b,
			  "      Encr: %s, keysize: %u, PRF: %s, Hash: %s, DH Grp:%u, "
			  "Auth sign: PSK, Auth verify: PSK\n",
			  show_crypto_ike_encr(s->encr), s->encr_keysize,
			  show_crypto_ike_hash(s->prf), show_crypto_ike_hash(s->integ),
			  s->dh_group);
		sb_printf(b, "      Life/Active Time: %u/%u sec\n", s->lifetime, active(s));
		if (detailed) {
			sb_printf(b, "      CE id: 0, Session-id: %u\n", s->unique_id);
			sb_printf(b, "      Local spi: %016" PRIX64 "       Remote spi: %016" PRIX64 "\n",
				  s->initiator ? s->spi_i : s->spi_r,
				  s->initiator ? s->spi_r : s->spi_i);
			sb_printf(b, "      Status Description: %s\n",
				  established(s) ? "Negotiation done" : "Negotiation in progress");
			sb_printf(b, "      Local id: %s\n", s->local_id);
			sb_printf(b, "      Remote id: %s\n", s->remote_id);
			if (s->dpd.mode != IKE_DPD_OFF)
				sb_printf(b, "      DPD configured for %u seconds, retry %u\n",
					  s->dpd.interval, s->dpd.retry);
			else
				sb_printf(b, "      DPD disabled\n");
			sb_printf(b, "      Fragmentation not  configured.\n");
			sb_printf(b, "      Extended Authentication not configured.\n");
			sb_printf(b, "      NAT-T is %s\n",
				  s->nat ? "detected inside" : "not detected");
			sb_printf(b, "      Initiator of SA : %s\n", s->initiator ? "Yes" : "No");
		}
		sb_printf(b, "\n");
	}
	sb_printf(b, " IPv6 Crypto IKEv2  SA\n\n");
}

/* --- show crypto isakmp sa ------------------------------------------------------ */

void
show_crypto_isakmp_sa(struct strbuf *b, const struct crypto_view *v)
{
	sb_printf(b, "IPv4 Crypto ISAKMP SA\n");
	sb_printf(b, "dst             src             state          conn-id status\n");
	for (size_t i = 0; i < v->sas->n_sa; i++) {
		const struct iked_msg_sa *s = &v->sas->sa[i];
		bool deleting = !strcmp(s->state, "DELETING") || !strcmp(s->state, "DESTROYING");
		const char *state = established(s) || !strcmp(s->state, "REKEYING") ? "QM_IDLE"
										       : "MM_NO_STATE";

		if (s->version != 1)
			continue;
		/* dst is the responder, as in IOS */
		sb_printf(b, "%-16s%-16s%-15s%7u %s\n", s->initiator ? s->remote : s->local,
			  s->initiator ? s->local : s->remote, state, s->unique_id,
			  deleting ? "ACTIVE (deleted)" : "ACTIVE");
	}
	sb_printf(b, "\nIPv6 Crypto ISAKMP SA\n\n");
}

/* --- show crypto ipsec sa [detail] ------------------------------------------------ */

/* "10.0.0.1/32[gre]" -> address, mask, protocol number. */
static void
parse_ts(const char *ts, char *addr, size_t alen, char *mask, size_t mlen, unsigned *proto)
{
	unsigned plen = 32;
	const char *slash = strchr(ts, '/'), *br = strchr(ts, '[');
	size_t n = strcspn(ts, "/[ ");
	uint32_t m;

	snprintf(addr, alen, "%.*s", (int)n, ts);
	if (slash && (!br || slash < br))
		plen = (unsigned)strtoul(slash + 1, NULL, 10);
	m = plen ? 0xffffffffu << (32 - (plen > 32 ? 32 : plen)) : 0;
	snprintf(mask, mlen, "%s", model_ip(m));
	*proto = 0;
	if (br) {
		if (!strncmp(br + 1, "gre", 3))
			*proto = 47;
		else if (!strncmp(br + 1, "tcp", 3))
			*proto = 6;
		else if (!strncmp(br + 1, "udp", 3))
			*proto = 17;
		else if (!strncmp(br + 1, "icmp", 4))
			*proto = 1;
		else
			*proto = (unsigned)strtoul(br + 1, NULL, 10);
	}
}

static unsigned
esp_overhead(const struct iked_msg_child *c)
{
	unsigned iv = 16, icv = 12, block = 16;

	if (!strncmp(c->encr, "AES_GCM", 7))
		iv = 8, icv = 16, block = 4;
	else if (!strcmp(c->encr, "3DES_CBC"))
		iv = 8, block = 8;
	if (strstr(c->integ, "SHA2_256") || strstr(c->integ, "MD5"))
		icv = strstr(c->integ, "MD5") ? 12 : 16;
	else if (strstr(c->integ, "SHA2_384"))
		icv = 24;
	else if (strstr(c->integ, "SHA2_512"))
		icv = 32;
	/* SPI + sequence, IV, worst padding + pad length + next header, ICV */
	return 8 + iv + (block - 1) + 2 + icv + (c->mode == IKE_MODE_TUNNEL ? 20 : 0) +
	       (c->encap ? 8 : 0);
}

static void
esp_block(struct strbuf *b, const struct iked_msg_child *c, const struct crypto_peer *p,
	  const char *tag, bool in)
{
	char transform[64];
	uint64_t used_kb = (c->bytes_in + c->bytes_out) / 1024;
	uint64_t limit = p && p->lifetime_kb ? p->lifetime_kb : IKE_SPEC_IPSEC_LIFETIME_KB;
	uint32_t spi = in ? c->spi_in : c->spi_out;

	show_crypto_esp_transform(c, transform, sizeof(transform));
	sb_printf(b, "      spi: 0x%08X(%u)\n", spi, spi);
	sb_printf(b, "        transform: %s ,\n", transform);
	sb_printf(b, "        in use settings ={%s%s, }\n",
		  c->mode == IKE_MODE_TRANSPORT ? "Transport" : "Tunnel",
		  c->encap ? " UDP-Encaps" : "");
	sb_printf(b, "        conn id: %u, flow_id: SW:%u, sibling_flags 80000000, crypto map: %s\n",
		  c->unique_id * 2 - (in ? 1 : 0), c->unique_id * 2 - (in ? 1 : 0), tag);
	sb_printf(b, "        sa timing: remaining key lifetime (k/sec): (%" PRIu64 "/%u)\n",
		  limit > used_kb ? limit - used_kb : 0, c->life_in);
	sb_printf(b, "        IV size: %u bytes\n",
		  !strcmp(c->encr, "AES_CBC") ? 16 : (c->encr[0] && strcmp(c->encr, "NULL") ? 8 : 0));
	sb_printf(b, "        replay detection support: Y  replay window size: 32\n");
	sb_printf(b, "        Status: %s\n\n",
		  !strcmp(c->state, "INSTALLED") ? "ACTIVE(ACTIVE)" : "INACTIVE");
}

void
show_crypto_ipsec_sa(struct strbuf *b, const struct crypto_view *v, bool detail)
{
	for (size_t i = 0; i < v->sas->n_child; i++) {
		const struct iked_msg_child *c = &v->sas->child[i];
		const struct iked_msg_sa *s = sa_of(v, c->ike_unique_id);
		const struct crypto_peer *p = s ? peer_of(v, s->name) : NULL;
		const char *ifname = p && p->ifname[0] ? p->ifname : (s ? s->name : c->name);
		char la[48], lm[16], ra[48], rm[16], tag[96];
		unsigned lp, rp;

		if (!s)
			continue;
		parse_ts(c->local_ts, la, sizeof(la), lm, sizeof(lm), &lp);
		parse_ts(c->remote_ts, ra, sizeof(ra), rm, sizeof(rm), &rp);
		snprintf(tag, sizeof(tag), "%s-head-0", ifname);
		sb_printf(b, "interface: %s\n", ifname);
		sb_printf(b, "    Crypto map tag: %s, local addr %s\n\n", tag, s->local);
		sb_printf(b, "   protected vrf: (none)\n");
		sb_printf(b, "   local  ident (addr/mask/prot/port): (%s/%s/%u/0)\n", la, lm, lp);
		sb_printf(b, "   remote ident (addr/mask/prot/port): (%s/%s/%u/0)\n", ra, rm, rp);
		sb_printf(b, "   current_peer %s port %u\n", s->remote, s->remote_port);
		sb_printf(b, "     PERMIT, flags={origin_is_acl,}\n");
		sb_printf(b, "    #pkts encaps: %" PRIu64 ", #pkts encrypt: %" PRIu64
			     ", #pkts digest: %" PRIu64 "\n",
			  c->packets_out, c->packets_out, c->packets_out);
		sb_printf(b, "    #pkts decaps: %" PRIu64 ", #pkts decrypt: %" PRIu64
			     ", #pkts verify: %" PRIu64 "\n",
			  c->packets_in, c->packets_in, c->packets_in);
		sb_printf(b, "    #pkts compressed: 0, #pkts decompressed: 0\n");
		sb_printf(b, "    #pkts not compressed: 0, #pkts compr. failed: 0\n");
		sb_printf(b, "    #pkts not decompressed: 0, #pkts decompress failed: 0\n");
		if (detail) {
			sb_printf(b, "    #pkts no sa (send) 0, #pkts invalid sa (rcv) 0\n");
			sb_printf(b, "    #pkts encaps failed (send) 0, #pkts decaps failed (rcv) 0\n");
			sb_printf(b, "    #pkts invalid prot (recv) 0, #pkts verify failed: 0\n");
			sb_printf(b, "    #pkts invalid identity (recv) 0, #pkts invalid len (rcv) 0\n");
			sb_printf(b, "    #pkts replay rollover (send): 0, #pkts replay rollover (rcv) 0\n");
			sb_printf(b, "    ##pkts replay failed (rcv): 0\n");
			sb_printf(b, "    #pkts tagged (send): 0, #pkts untagged (rcv): 0\n");
			sb_printf(b, "    #pkts not tagged (send): 0, #pkts not untagged (rcv): 0\n");
			sb_printf(b, "    #pkts internal err (send): 0, #pkts internal err (recv) 0\n");
		} else {
			sb_printf(b, "    #send errors 0, #recv errors 0\n");
		}
		sb_printf(b, "\n     local crypto endpt.: %s, remote crypto endpt.: %s\n", s->local,
			  s->remote);
		sb_printf(b, "     plaintext mtu %u, path mtu 1500, ip mtu 1500, ip mtu idb %s\n",
			  1500 - esp_overhead(c), p && p->out_if[0] ? p->out_if : "unknown");
		sb_printf(b, "     current outbound spi: 0x%X(%u)\n", c->spi_out, c->spi_out);
		if (c->dh[0])
			sb_printf(b, "     PFS (Y/N): Y, DH group: group%u\n", p ? p->pfs_group : 0);
		else
			sb_printf(b, "     PFS (Y/N): N, DH group: none\n");
		sb_printf(b, "\n     inbound esp sas:\n");
		esp_block(b, c, p, tag, true);
		sb_printf(b, "     inbound ah sas:\n\n     inbound pcp sas:\n\n");
		sb_printf(b, "     outbound esp sas:\n");
		esp_block(b, c, p, tag, false);
		sb_printf(b, "     outbound ah sas:\n\n     outbound pcp sas:\n\n");
	}
}

/* --- show crypto session [detail] ---------------------------------------------- */

static const struct iked_msg_child *
first_child(const struct crypto_view *v, uint32_t ike_id)
{
	for (size_t i = 0; i < v->sas->n_child; i++)
		if (v->sas->child[i].ike_unique_id == ike_id)
			return &v->sas->child[i];
	return NULL;
}

static void
session_flow(struct strbuf *b, const char *local, const char *remote, unsigned proto,
	     unsigned active_sas, const struct iked_msg_child *c, const struct crypto_peer *p,
	     bool detail)
{
	if (proto)
		sb_printf(b, "  IPSEC FLOW: permit %u host %s host %s \n", proto, local, remote);
	else
		sb_printf(b, "  IPSEC FLOW: permit ip 0.0.0.0/0.0.0.0 0.0.0.0/0.0.0.0 \n");
	sb_printf(b, "        Active SAs: %u, origin: crypto map\n", active_sas);
	if (detail && c) {
		uint64_t limit = p && p->lifetime_kb ? p->lifetime_kb : IKE_SPEC_IPSEC_LIFETIME_KB;
		uint64_t used = (c->bytes_in + c->bytes_out) / 1024;
		uint64_t left = limit > used ? limit - used : 0;

		sb_printf(b, "        Inbound:  #pkts dec'ed %" PRIu64 " drop 0 life (KB/Sec) %" PRIu64
			     "/%u\n",
			  c->packets_in, left, c->life_in);
		sb_printf(b, "        Outbound: #pkts enc'ed %" PRIu64 " drop 0 life (KB/Sec) %" PRIu64
			     "/%u\n",
			  c->packets_out, left, c->life_in);
	}
}

static void
session_sa(struct strbuf *b, const struct crypto_view *v, const struct iked_msg_sa *s,
	   bool detail)
{
	const struct crypto_peer *p = peer_of(v, s->name);
	const struct iked_msg_child *c = first_child(v, s->unique_id);
	unsigned n = children_installed(v, s->unique_id);
	const char *status = !established(s) ? "DOWN-NEGOTIATING" : n ? "UP-ACTIVE" : "UP-IDLE";
	uint32_t life = s->lifetime > active(s) ? s->lifetime - active(s) : 0;
	char t[16], lt[16], la[48], lm[16], ra[48], rm[16];
	unsigned lp = p ? p->proto : 47, rp;

	sb_printf(b, "Interface: %s\n", p && p->ifname[0] ? p->ifname : s->name);
	if (p && p->profile[0])
		sb_printf(b, "Profile: %s\n", p->profile);
	if (detail) {
		hms(t, sizeof(t), active(s));
		sb_printf(b, "Uptime: %s\n", t);
	}
	sb_printf(b, "Session status: %s\n", status);
	if (detail)
		sb_printf(b, "Peer: %s port %u fvrf: (none) ivrf: (none)\n", s->remote,
			  s->remote_port);
	else
		sb_printf(b, "Peer: %s port %u \n", s->remote, s->remote_port);
	if (detail) {
		sb_printf(b, "      Phase1_id: %s\n", s->remote_id);
		sb_printf(b, "      Desc: (none)\n");
	}
	sb_printf(b, "  Session ID: %u  \n", s->unique_id);
	sb_printf(b, "  IKEv%u SA: local %s/%u remote %s/%u %s \n", s->version, s->local,
		  s->local_port, s->remote, s->remote_port, established(s) ? "Active" : "Inactive");
	if (detail) {
		char caps[8] = "";

		if (s->dpd.mode != IKE_DPD_OFF)
			strcat(caps, "D");
		if (s->nat)
			strcat(caps, "N");
		hms(lt, sizeof(lt), life);
		sb_printf(b, "          Capabilities:%s connid:%u lifetime:%s\n",
			  caps[0] ? caps : "(none)", s->unique_id, lt);
	}
	if (c) {
		parse_ts(c->local_ts, la, sizeof(la), lm, sizeof(lm), &lp);
		parse_ts(c->remote_ts, ra, sizeof(ra), rm, sizeof(rm), &rp);
	}
	/* one flow per tunnel: inbound and outbound SA of each installed child */
	session_flow(b, s->local, s->remote, lp, 2 * n, c, p, detail);
	sb_printf(b, "\n");
}

void
show_crypto_session(struct strbuf *b, const struct crypto_view *v, bool detail)
{
	sb_printf(b, "Crypto session current status\n\n");
	if (detail)
		sb_printf(b, "Code: C - IKE Configuration mode, D - Dead Peer Detection     \n"
			     "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation     \n"
			     "X - IKE Extended Authentication, F - IKE Fragmentation\n"
			     "R - IKE Auto Reconnect, U - IKE Dynamic Route Update\n"
			     "S - SIP VPN\n\n");
	for (size_t i = 0; i < v->sas->n_sa; i++)
		session_sa(b, v, &v->sas->sa[i], detail);
	/* Configured peers without an IKE SA: IOS lists them as DOWN. */
	for (size_t i = 0; i < v->n_peers; i++) {
		const struct crypto_peer *p = &v->peers[i];
		bool up = false;

		if (!p->initiate)
			continue;
		for (size_t k = 0; k < v->sas->n_sa; k++)
			up |= !strcmp(v->sas->sa[k].name, p->name);
		if (up)
			continue;
		sb_printf(b, "Interface: %s\n", p->ifname);
		if (p->profile[0])
			sb_printf(b, "Profile: %s\n", p->profile);
		sb_printf(b, "Session status: DOWN\n");
		if (detail)
			sb_printf(b, "Peer: %s port 500 fvrf: (none) ivrf: (none)\n", p->remote);
		else
			sb_printf(b, "Peer: %s port 500 \n", p->remote);
		session_flow(b, p->local, p->remote, p->proto, 0, NULL, p, detail);
		sb_printf(b, "\n");
	}
}
