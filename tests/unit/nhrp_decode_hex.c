/* Decodes NHRP packets given as hex, one per line ("label<TAB>hex" or just
 * hex), and says what the codec made of each: the type, CIEs and
 * extensions, or the refusal with its reason and RFC error code, and
 * whether encoding the decoded packet gives back the same bytes. For each
 * reply whose request came earlier, it also builds our own reply to that
 * request, with the responder's addresses, MTU, holdtime and secret read
 * from the captured reply, and compares the two byte for byte. Used by
 * nhrp-captures.sh on real captures; exits 1 if any packet was refused,
 * re-encoded differently, or answered differently by us. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_build.h"
#include "nhrp_packet.h"

static size_t
unhex(const char *s, uint8_t *out, size_t size)
{
	size_t n = 0;

	while (isxdigit((unsigned char)s[0]) && isxdigit((unsigned char)s[1]) && n < size) {
		char byte[3] = {s[0], s[1], 0};

		out[n++] = (uint8_t)strtoul(byte, NULL, 16);
		s += 2;
		while (*s == ':' || *s == ' ')
			s++;
	}
	return n;
}

#define MAX_REQUESTS 64

/* Requests seen so far, kept with their bytes (decoded data points there). */
static struct {
	uint8_t bytes[2048];
	struct nhrp_packet pkt;
} requests[MAX_REQUESTS];
static unsigned n_requests;

static void
remember(const uint8_t *buf, size_t len, unsigned type)
{
	struct nhrp_decode_result res;
	unsigned i = n_requests++ % MAX_REQUESTS;

	if (len > sizeof(requests[i].bytes) ||
	    (memcpy(requests[i].bytes, buf, len),
	     nhrp_packet_decode(requests[i].bytes, len, &requests[i].pkt, &res) < 0))
		requests[i].pkt.type = 0;
	(void)type;
}

static const struct nhrp_packet *
request_for(const struct nhrp_packet *reply)
{
	unsigned n = n_requests < MAX_REQUESTS ? n_requests : MAX_REQUESTS;

	for (unsigned k = 0; k < n; k++) {
		unsigned i = (n_requests - 1 - k) % MAX_REQUESTS;
		const struct nhrp_packet *q = &requests[i].pkt;

		if (q->type == reply->type - 1 && q->request_id == reply->request_id &&
		    nhrp_addr_equal(&q->src_proto, &reply->src_proto))
			return q;
	}
	return NULL;
}

/* RFC 2332 5.3.1-5.3.3: the prefix length of Responder and transit record
 * CIEs "MUST be set to 0 and ignored"; IOS sends the host length there. */
static void
clear_ignored(struct nhrp_packet *p)
{
	for (unsigned i = 0; i < p->n_exts; i++) {
		struct nhrp_ext *e = &p->exts[i];

		if (e->type == NHRP_EXT_RESPONDER || e->type == NHRP_EXT_FWD_TRANSIT ||
		    e->type == NHRP_EXT_REV_TRANSIT)
			for (unsigned j = 0; j < e->n_cies; j++)
				e->cies[j].prefix_len = 0;
	}
}

/* Do a and b differ only in fields the RFC says to ignore? */
static bool
same_but_ignored(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	static struct nhrp_packet pa, pb;
	static uint8_t ea[NHRP_PACKET_MAX], eb[NHRP_PACKET_MAX];
	struct nhrp_decode_result res;
	ssize_t na, nb;

	if (nhrp_packet_decode(a, alen, &pa, &res) < 0 || nhrp_packet_decode(b, blen, &pb, &res) < 0)
		return false;
	clear_ignored(&pa);
	clear_ignored(&pb);
	na = nhrp_packet_encode(&pa, ea, sizeof(ea));
	nb = nhrp_packet_encode(&pb, eb, sizeof(eb));
	return na > 0 && na == nb && memcmp(ea, eb, (size_t)na) == 0;
}

/* Our answer to req, as the NHS that sent reply would have been configured.
 * Returns 2 identical, 1 identical but for RFC-ignored fields, 0 different,
 * -1 not comparable. */
static int
rebuild(const struct nhrp_packet *req, const struct nhrp_packet *reply, const uint8_t *bytes,
	size_t len)
{
	static struct nhrp_packet ours;
	static uint8_t enc[NHRP_PACKET_MAX];
	const struct nhrp_ext *resp = nhrp_packet_find_ext(reply, NHRP_EXT_RESPONDER);
	const struct nhrp_ext *auth = nhrp_packet_find_ext(reply, NHRP_EXT_AUTH);
	const struct nhrp_ext *nat = nhrp_packet_find_ext(reply, NHRP_EXT_NAT_ADDRESS);
	char secret[NHRP_AUTH_SECRET_MAX + 1] = "";
	struct nhrp_local me = {0};
	uint8_t codes[NHRP_MAX_CIES];
	struct nhrp_addr seen = req->src_nbma;
	ssize_t n;
	int rc;

	if (!resp || resp->n_cies != 1)
		return -1;
	me.nbma = resp->cies[0].nbma;
	me.proto = resp->cies[0].proto;
	me.mtu = resp->cies[0].mtu;
	me.holdtime = resp->cies[0].holdtime;
	if (auth) {
		memcpy(secret, auth->auth_secret, auth->auth_len);
		me.auth = secret;
	}
	/* A NAT CIE the NHS appended tells which address it saw. */
	if (nat && nat->n_cies > 1)
		seen = nat->cies[nat->n_cies - 1].nbma;
	switch (reply->type) {
	case NHRP_REGISTRATION_REPLY:
		for (unsigned i = 0; i < reply->n_cies; i++)
			codes[i] = reply->cies[i].code;
		rc = nhrp_build_registration_reply(&ours, req, codes, &me, &seen);
		break;
	case NHRP_RESOLUTION_REPLY:
		rc = nhrp_build_resolution_reply(&ours, req, &me, reply->cies[0].code,
						 &reply->cies[0].proto, reply->cies[0].prefix_len,
						 &reply->cies[0].nbma);
		break;
	case NHRP_PURGE_REPLY:
		rc = nhrp_build_purge_reply(&ours, req, &me);
		break;
	default:
		return -1;
	}
	if (rc < 0)
		return 0;
	n = nhrp_packet_encode(&ours, enc, sizeof(enc));
	if (n == (ssize_t)len && memcmp(enc, bytes, len) == 0)
		return 2;
	for (ssize_t i = 0; i < n && (size_t)i < len; i++)
		if (enc[i] != bytes[i] && i != 12 && i != 13) /* not the checksum */
			printf("  octet %zd: theirs %02x, ours %02x\n", i, bytes[i], enc[i]);
	if (n != (ssize_t)len)
		printf("  length: theirs %zu, ours %zd\n", len, n);
	return n > 0 && same_but_ignored(bytes, len, enc, (size_t)n) ? 1 : 0;
}

int
main(void)
{
	static char line[1 << 18];
	static uint8_t buf[NHRP_PACKET_MAX], again[NHRP_PACKET_MAX];
	static struct nhrp_packet pkt;
	unsigned total = 0, refused = 0, differ = 0, rebuilt = 0, answered_differently = 0;

	while (fgets(line, sizeof(line), stdin)) {
		char *tab = strchr(line, '\t'), *hex = tab ? tab + 1 : line;
		const char *label = tab ? line : "-";
		struct nhrp_decode_result res;
		size_t len;

		if (tab)
			*tab = '\0';
		len = unhex(hex, buf, sizeof(buf));
		if (!len)
			continue;
		total++;
		if (nhrp_packet_decode(buf, len, &pkt, &res) < 0) {
			refused++;
			printf("%s refused: %s, error code %u at offset %u\n", label,
			       nhrp_drop_reason_name(res.reason), res.error_code, res.error_offset);
			continue;
		}
		printf("%s %s hop %u cies %u exts", label, nhrp_type_name(pkt.type), pkt.hop_count,
		       pkt.n_cies);
		for (unsigned i = 0; i < pkt.n_exts; i++)
			printf(" %s%u", pkt.exts[i].compulsory ? "C" : "", pkt.exts[i].type);
		{
			ssize_t n = nhrp_packet_encode(&pkt, again, sizeof(again));
			size_t pktsz = (size_t)(buf[10] << 8 | buf[11]);

			if (n == (ssize_t)pktsz && memcmp(again, buf, pktsz) == 0) {
				printf(", re-encoded identical\n");
			} else {
				differ++;
				printf(", re-encoded differently (%zd octets)\n", n);
			}
		}
		if (pkt.type == NHRP_REGISTRATION_REQUEST || pkt.type == NHRP_RESOLUTION_REQUEST ||
		    pkt.type == NHRP_PURGE_REQUEST) {
			remember(buf, len, pkt.type);
		} else if (pkt.type == NHRP_REGISTRATION_REPLY || pkt.type == NHRP_RESOLUTION_REPLY ||
			   pkt.type == NHRP_PURGE_REPLY) {
			const struct nhrp_packet *req = request_for(&pkt);
			int r = req ? rebuild(req, &pkt, buf, (size_t)(buf[10] << 8 | buf[11])) : -1;

			if (r >= 0) {
				rebuilt++;
				if (!r)
					answered_differently++;
				printf("%s our own reply to its request: %s\n", label,
				       r == 2	? "identical"
				       : r == 1 ? "identical but for fields RFC 2332 ignores"
						: "DIFFERENT");
			}
		}
	}
	printf("%u packets, %u decoded, %u refused, %u re-encoded differently, "
	       "%u replies rebuilt, %u differently\n",
	       total, total - refused, refused, differ, rebuilt, answered_differently);
	return refused || differ || answered_differently ? 1 : 0;
}
