/*
 * Interop check of the NHRP encoder against an independent judge,
 * Wireshark's dissector: every packet type, with and without extensions,
 * is wrapped in Ethernet/IPv4/GRE(0x2001) into a pcap, read back with
 * `tshark -V`, and each frame must decode as the expected NHRP type with a
 * good checksum and no Malformed or Error/Warning expert info.
 * Exits 77 (skipped) when tshark is not installed. NHRP_PCAP_KEEP=path
 * keeps the capture for inspection.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nhrp_build.h"
#include "nhrp_packet.h"
#include "nhrp_samples.h"

#define ETH_HDR_LEN 14
#define IP_HDR_LEN 20
#define GRE_HDR_LEN 8 /* with key, as DMVPN tunnels use */
#define MAX_FRAMES 32
/* Each type without and with extensions, except Error Indication with;
 * one IPv6-over-IPv4 registration; one Error Indication we built in reply;
 * eight messages from the builders. */
#define N_FRAMES (2 * NHRP_TYPE_MAX - 1 + 2 + 8)

struct frame {
	uint8_t type;
	uint8_t hop_count;
	uint32_t request_id;
	bool exts;
	char src_nbma[48]; /* the line tshark must show */
	const char *extra; /* a line the dissection must also contain */
};

static struct frame frames[MAX_FRAMES];
static unsigned n_frames;
static char pcap_path[256];
static char *dissection; /* tshark -V output */

/* The capture is built before Check runs, where ck_assert cannot be used. */
#define need(cond)                                                                                 \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: %s failed\n", __FILE__, __LINE__, #cond);          \
			exit(EXIT_FAILURE);                                                        \
		}                                                                                  \
	} while (0)

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Outer headers as ip_gre builds them for spoke 198.51.100.11 -> hub
 * 203.0.113.1, tunnel key 100. */
static size_t
wrap(uint8_t *out, const uint8_t *nhrp, size_t len)
{
	static const uint8_t macs[12] = {0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02};
	static const uint8_t outer_src[4] = {198, 51, 100, 11}, outer_dst[4] = {203, 0, 113, 1};
	uint8_t *ip = out + ETH_HDR_LEN, *gre = ip + IP_HDR_LEN;
	size_t ip_len = IP_HDR_LEN + GRE_HDR_LEN + len;

	memcpy(out, macs, sizeof(macs));
	put16(out + 12, 0x0800);
	memset(ip, 0, IP_HDR_LEN);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)ip_len);
	put16(ip + 6, 0x4000); /* DF */
	ip[8] = 255;
	ip[9] = 47; /* GRE */
	memcpy(ip + 12, outer_src, 4);
	memcpy(ip + 16, outer_dst, 4);
	put16(ip + 10, nhrp_checksum(ip, IP_HDR_LEN));
	put16(gre, 0x2000); /* K bit */
	put16(gre + 2, NHRP_ETH_P);
	gre[4] = gre[5] = gre[6] = 0;
	gre[7] = 100;
	memcpy(gre + GRE_HDR_LEN, nhrp, len);
	return ETH_HDR_LEN + ip_len;
}

static void
write_record(FILE *f, const uint8_t *data, size_t len, unsigned seq)
{
	uint8_t rec[16];

	put32le(rec, 1700000000u + seq);
	put32le(rec + 4, 0);
	put32le(rec + 8, (uint32_t)len);
	put32le(rec + 12, (uint32_t)len);
	need(fwrite(rec, 1, sizeof(rec), f) == sizeof(rec));
	need(fwrite(data, 1, len, f) == len);
}

static void
add_frame(FILE *f, const struct nhrp_packet *p, bool exts, const char *extra)
{
	static uint8_t nhrp[4096], out[4096 + 64];
	ssize_t n = nhrp_packet_encode(p, nhrp, sizeof(nhrp));

	need(n > 0);
	need(n_frames < MAX_FRAMES);
	frames[n_frames] = (struct frame){.type = p->type,
					  .hop_count = p->hop_count,
					  .request_id = p->request_id,
					  .exts = exts,
					  .extra = extra};
	snprintf(frames[n_frames].src_nbma, sizeof(frames[n_frames].src_nbma),
		 "Source NBMA Address: %u.%u.%u.%u\n", p->src_nbma.bytes[0], p->src_nbma.bytes[1],
		 p->src_nbma.bytes[2], p->src_nbma.bytes[3]);
	write_record(f, out, wrap(out, nhrp, (size_t)n), n_frames);
	n_frames++;
}

/* The Error Indication we send back about a Resolution Request with an
 * unknown compulsory extension. */
static void
add_error_reply_frame(FILE *f)
{
	static const uint8_t data[] = {1, 2, 3, 4};
	static uint8_t bad[512];
	struct nhrp_addr nbma, proto;
	struct nhrp_decode_result res;
	struct nhrp_packet p, ei;
	struct nhrp_ext *e;
	ssize_t n;

	nhrp_sample(&p, NHRP_RESOLUTION_REQUEST);
	e = nhrp_packet_add_ext(&p, 0x0123, false);
	e->data = data;
	e->data_len = sizeof(data);
	n = nhrp_packet_encode(&p, bad, sizeof(bad));
	need(n > 0);
	bad[bad[14] << 8 | bad[15]] |= 0x80; /* make it compulsory */
	bad[12] = bad[13] = 0;
	put16(bad + 12, nhrp_checksum(bad, (size_t)n));
	need(nhrp_packet_decode(bad, (size_t)n, &p, &res) < 0);
	nhrp_sample_addr4(&nbma, 203, 0, 113, 1);
	nhrp_sample_addr4(&proto, 172, 16, 0, 1);
	need(nhrp_packet_error_indication(&ei, bad, (size_t)n, &res, &nbma, &proto) == 0);
	add_frame(f, &ei, false, "Error Code: Unrecognized Extension (1)");
}

/* What dmvpnd actually sends, from the builders. */
static void
add_builder_frames(FILE *f)
{
	static const struct nhrp_local spoke = {
		.nbma = {4, {198, 51, 100, 11}},
		.proto = {4, {172, 16, 0, 11}},
		.mtu = 1400,
		.holdtime = 7200,
		.auth = "NHRPkey",
	};
	static const struct nhrp_local hub = {
		.nbma = {4, {203, 0, 113, 1}},
		.proto = {4, {172, 16, 0, 1}},
		.mtu = 1400,
		.holdtime = 7200,
		.auth = "NHRPkey",
	};
	static struct nhrp_packet req, reply;
	static uint8_t wire[1024];
	struct nhrp_addr seen, target, gone;
	struct nhrp_decode_result res;
	uint8_t codes[1] = {NHRP_CODE_SUCCESS};
	ssize_t n;

	nhrp_sample_addr4(&seen, 192, 0, 2, 77);
	nhrp_sample_addr4(&target, 172, 16, 0, 22);
	nhrp_sample_addr4(&gone, 172, 16, 0, 40);

	need(nhrp_build_registration_request(&req, &spoke, &hub.proto, &hub.nbma, 1, true) == 0);
	add_frame(f, &req, false, "Cisco NAT Address Extension");
	/* The hub answers what it received, from behind a NAT. */
	n = nhrp_packet_encode(&req, wire, sizeof(wire));
	need(n > 0 && nhrp_packet_decode(wire, (size_t)n, &req, &res) == 0);
	need(nhrp_build_registration_reply(&reply, &req, codes, &hub, &seen) == 0);
	add_frame(f, &reply, false, "Client NBMA Address: 192.0.2.77");

	need(nhrp_build_resolution_request(&req, &spoke, &target, 2) == 0);
	add_frame(f, &req, false, "Responder Address Extension");
	n = nhrp_packet_encode(&req, wire, sizeof(wire));
	need(n > 0 && nhrp_packet_decode(wire, (size_t)n, &req, &res) == 0);
	need(nhrp_build_resolution_reply(&reply, &req, &hub, NHRP_CODE_SUCCESS, &target, 32,
					 &seen) == 0);
	add_frame(f, &reply, false, "Client Protocol Address: 172.16.0.22");
	need(nhrp_build_resolution_reply(&reply, &req, &hub, NHRP_CODE_NO_BINDING, NULL, 0, NULL) ==
	     0);
	add_frame(f, &reply, false, "Code: No Interworking Layer Address to NBMA Address Binding");

	need(nhrp_build_purge_request(&req, &hub, &spoke.proto, &gone, 32, false, 3) == 0);
	add_frame(f, &req, false, "Client Protocol Address: 172.16.0.40");
	n = nhrp_packet_encode(&req, wire, sizeof(wire));
	need(n > 0 && nhrp_packet_decode(wire, (size_t)n, &req, &res) == 0);
	need(nhrp_build_purge_reply(&reply, &req, &spoke) == 0);
	add_frame(f, &reply, false, "Client Protocol Address: 172.16.0.40");

	need(nhrp_build_traffic_indication(&req, &hub, nhrp_sample_ip_packet,
					   sizeof(nhrp_sample_ip_packet), 128) == 0);
	add_frame(f, &req, false, "Destination Protocol Address: 10.1.1.1");
}

static void
write_pcap(void)
{
	const char *keep = getenv("NHRP_PCAP_KEEP");
	uint8_t hdr[24] = {0};
	struct nhrp_packet p;
	FILE *f;
	int fd;

	if (keep) {
		snprintf(pcap_path, sizeof(pcap_path), "%s", keep);
		f = fopen(pcap_path, "wb");
	} else {
		snprintf(pcap_path, sizeof(pcap_path), "/tmp/nhrp-tshark-XXXXXX");
		fd = mkstemp(pcap_path);
		need(fd >= 0);
		f = fdopen(fd, "wb");
	}
	need(f != NULL);
	put32le(hdr, 0xa1b2c3d4);
	hdr[4] = 2;	       /* version 2.4 */
	hdr[6] = 4;
	put32le(hdr + 16, 65535); /* snaplen */
	put32le(hdr + 20, 1);	  /* Ethernet */
	need(fwrite(hdr, 1, sizeof(hdr), f) == sizeof(hdr));

	for (uint8_t type = 1; type <= NHRP_TYPE_MAX; type++) {
		nhrp_sample(&p, type);
		add_frame(f, &p, false,
			  type == NHRP_ERROR_INDICATION ? "Error Code: Hop Count Exceeded (15)" : NULL);
		if (type == NHRP_ERROR_INDICATION)
			continue; /* no extensions allowed (RFC 2332 5.2.7) */
		nhrp_sample_add_all_extensions(&p);
		add_frame(f, &p, true, NULL);
	}
	/* IPv6 over an IPv4 NBMA, as FRR and IOS run dual-stack DMVPN. */
	nhrp_sample(&p, NHRP_REGISTRATION_REQUEST);
	p.pro_type = NHRP_PRO_IPV6;
	{
		const uint8_t a6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x0b};
		const uint8_t h6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x01};

		nhrp_addr_set(&p.src_proto, a6, 16);
		nhrp_addr_set(&p.dst_proto, h6, 16);
		nhrp_addr_set(&p.cies[0].proto, a6, 16);
	}
	add_frame(f, &p, false, "Source Protocol Address: 20010db800000000000000000000000b");
	add_error_reply_frame(f);
	add_builder_frames(f);
	need(fclose(f) == 0);
}

static bool
have_tshark(void)
{
	return system("tshark --version >/dev/null 2>&1") == 0;
}

static char *
run_tshark(void)
{
	char cmd[512];
	size_t cap = 1 << 16, used = 0, n;
	char *out = malloc(cap);
	FILE *p;

	/* -o: make the dissector verify checksums it otherwise only shows. */
	snprintf(cmd, sizeof(cmd), "tshark -n -r '%s' -V -o ip.check_checksum:TRUE 2>&1", pcap_path);
	p = popen(cmd, "r");
	need(p != NULL);
	while ((n = fread(out + used, 1, cap - used - 1, p)) > 0) {
		used += n;
		if (cap - used < 4096) {
			out = realloc(out, cap *= 2);
			need(out != NULL);
		}
	}
	out[used] = '\0';
	need(pclose(p) == 0);
	return out;
}

static void
setup(void)
{
	if (dissection)
		return;
	write_pcap();
	dissection = run_tshark();
}

/* The dissection of frame i (1-based), up to the next frame. */
static char *
frame_text(unsigned i)
{
	char start[32], next[32];
	const char *a, *b;

	snprintf(start, sizeof(start), "Frame %u:", i);
	snprintf(next, sizeof(next), "Frame %u:", i + 1);
	a = strstr(dissection, start);
	ck_assert_msg(a != NULL, "tshark shows no frame %u", i);
	b = strstr(a, next);
	return strndup(a, b ? (size_t)(b - a) : strlen(a));
}

/* Check messages are size-limited: the dissection goes to stderr. */
static void
expect(const char *text, unsigned frame, const char *needle, bool present)
{
	if ((strstr(text, needle) != NULL) == present)
		return;
	fprintf(stderr, "---- frame %u ----\n%s\n", frame, text);
	ck_abort_msg("frame %u: \"%s\" %s", frame, needle, present ? "missing" : "present");
}

START_TEST(test_tshark_frame)
{
	unsigned i = (unsigned)_i;
	const struct frame *fr = &frames[i];
	char want[128];
	char *text;

	ck_assert_uint_lt(i, n_frames);
	text = frame_text(i + 1);
	snprintf(want, sizeof(want), "Next Hop Resolution Protocol (NHRP %s)",
		 nhrp_type_name(fr->type));
	expect(text, i + 1, want, true);
	snprintf(want, sizeof(want), "Hop Count: %u\n", fr->hop_count);
	expect(text, i + 1, want, true);
	if (fr->type != NHRP_ERROR_INDICATION && fr->type != NHRP_TRAFFIC_INDICATION) {
		snprintf(want, sizeof(want), "Request ID: 0x%08x (%u)", fr->request_id,
			 fr->request_id);
		expect(text, i + 1, want, true);
	}
	if (fr->type == NHRP_ERROR_INDICATION)
		expect(text, i + 1, "Packet Causing Indication", true);
	if (fr->type == NHRP_TRAFFIC_INDICATION)
		expect(text, i + 1, "Internet Protocol Version 4, Src: 10.1.1.1, Dst: 10.2.2.2", true);
	expect(text, i + 1, fr->src_nbma, true);
	expect(text, i + 1, "Malformed", false);
	expect(text, i + 1, "Expert Info (Error", false);
	expect(text, i + 1, "Expert Info (Warning", false);
	expect(text, i + 1, "[NHRP Packet Checksum Status: Good]", true);
	expect(text, i + 1, "Bad]", false);
	if (fr->exts) {
		expect(text, i + 1, "NHRP Authentication Extension", true);
		expect(text, i + 1, "Responder Address Extension", true);
		expect(text, i + 1, "Forward Transit NHS Record Extension", true);
		expect(text, i + 1, "Reverse Transit NHS Record Extension", true);
		expect(text, i + 1, "Cisco NAT Address Extension", true);
		expect(text, i + 1, "NHRP Vendor Private Extension", true);
		expect(text, i + 1, "End of Extension", true);
	}
	if (fr->extra)
		expect(text, i + 1, fr->extra, true);
	free(text);
}
END_TEST

START_TEST(test_tshark_frame_count)
{
	char *text;

	ck_assert_uint_eq(n_frames, N_FRAMES);
	text = frame_text(n_frames);
	free(text);
	{
		char next[32];

		snprintf(next, sizeof(next), "Frame %u:", N_FRAMES + 1);
		ck_assert_ptr_null(strstr(dissection, next));
	}
}
END_TEST

int
main(void)
{
	SRunner *sr;
	Suite *s;
	TCase *tc;
	int failed;

	if (!have_tshark()) {
		fprintf(stderr, "tshark not installed: skipping\n");
		return 77;
	}
	/* Build the capture once, before Check forks per test. */
	setup();
	s = suite_create("nhrp_tshark");
	tc = tcase_create("wireshark");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tshark_frame_count);
	tcase_add_loop_test(tc, test_tshark_frame, 0, N_FRAMES);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (!getenv("NHRP_PCAP_KEEP"))
		unlink(pcap_path);
	free(dissection);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
