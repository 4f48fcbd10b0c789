/* Decodes NHRP packets given as hex, one per line ("label<TAB>hex" or just
 * hex), and says what the codec made of each: the type, CIEs and
 * extensions, or the refusal with its reason and RFC error code, and
 * whether encoding the decoded packet gives back the same bytes. Used by
 * nhrp-captures.sh on real captures; exits 1 if any packet was refused or
 * re-encoded differently. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int
main(void)
{
	static char line[1 << 18];
	static uint8_t buf[NHRP_PACKET_MAX], again[NHRP_PACKET_MAX];
	static struct nhrp_packet pkt;
	unsigned total = 0, refused = 0, differ = 0;

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
	}
	printf("%u packets, %u decoded, %u refused, %u re-encoded differently\n", total,
	       total - refused, refused, differ);
	return refused || differ ? 1 : 0;
}
