/*
 * Fuzz harness for the NHRP decoder.
 *
 * Properties: decoding any input neither crashes nor reads out of bounds
 * (ASan); a refusal always has a reason; whatever decodes also encodes
 * (an Error Indication only without extensions), and that encoding decodes
 * and re-encodes to the same bytes.
 *
 * Built with -fsanitize=fuzzer (make fuzz-nhrp) libFuzzer supplies main().
 * Built normally (make check) main() replays the seed packets from our
 * encoder, their truncations and bit flips, the committed corpus
 * directory, and any files or directories named on the command line.
 * "--write-seeds DIR" writes the seed packets as files for libFuzzer.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "nhrp_build.h"
#include "nhrp_packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(bool ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_nhrp_decode: property violated: %s\n", what);
		abort();
	}
}

/* Whenever an Error Indication is due, we can build and send one. */
static void
check_error_indication(const uint8_t *data, size_t size, const struct nhrp_decode_result *res)
{
	static const struct nhrp_addr nbma = {4, {203, 0, 113, 1}}, proto = {4, {172, 16, 0, 1}};
	static struct nhrp_packet ei, back;
	static uint8_t enc[NHRP_PACKET_MAX];
	struct nhrp_decode_result r2;
	ssize_t n;

	check(nhrp_packet_error_indication(&ei, data, size, res, &nbma, &proto) == 0,
	      "Error Indication can be built");
	check(ei.payload_len <= size, "Error Indication payload within the input");
	n = nhrp_packet_encode(&ei, enc, sizeof(enc));
	check(n > 0, "Error Indication encodes");
	check(nhrp_packet_decode(enc, (size_t)n, &back, &r2) == 0, "Error Indication decodes");
	check(back.error_code == res->error_code, "Error Indication keeps the code");
}

/* Our answers to any request we accept are themselves sendable. */
static void
check_replies(const struct nhrp_packet *req)
{
	static const struct nhrp_local me = {
		.nbma = {4, {203, 0, 113, 1}},
		.proto = {4, {172, 16, 0, 1}},
		.mtu = 1400,
		.holdtime = 600,
		.auth = "secret",
	};
	static const struct nhrp_addr seen = {4, {192, 0, 2, 1}};
	static struct nhrp_packet reply, back;
	static uint8_t enc[NHRP_PACKET_MAX];
	uint8_t codes[NHRP_MAX_CIES] = {0};
	struct nhrp_decode_result res;
	int rc;
	ssize_t n;

	(void)nhrp_auth_check(req, me.auth);
	switch (req->type) {
	case NHRP_REGISTRATION_REQUEST:
		for (unsigned i = 0; i < req->n_cies; i++) {
			struct nhrp_registration r;

			nhrp_registration_from_request(&r, req, i, 1, &seen);
			codes[i] = (uint8_t)(r.holdtime & 1 ? NHRP_CODE_ALREADY_REGISTERED : 0);
		}
		rc = nhrp_build_registration_reply(&reply, req, codes, &me, &seen);
		break;
	case NHRP_RESOLUTION_REQUEST:
		rc = nhrp_build_resolution_reply(&reply, req, &me, NHRP_CODE_SUCCESS, &me.proto, 32,
						 &me.nbma);
		break;
	case NHRP_PURGE_REQUEST:
		rc = nhrp_build_purge_reply(&reply, req, &me);
		break;
	default:
		return;
	}
	if (rc < 0)
		return; /* refused: other families, or no room for our additions */
	n = nhrp_packet_encode(&reply, enc, sizeof(enc));
	check(n > 0, "reply encodes");
	check(nhrp_packet_decode(enc, (size_t)n, &back, &res) == 0, "reply decodes");
	check(back.request_id == req->request_id, "reply keeps the request id");
	check(nhrp_auth_check(&back, me.auth) == 0, "reply carries our authentication");
}

static void
one_input_flags(const uint8_t *data, size_t size, unsigned flags)
{
	static struct nhrp_packet pkt, again;
	static uint8_t enc[NHRP_PACKET_MAX], enc2[NHRP_PACKET_MAX];
	struct nhrp_decode_result res;
	ssize_t n, n2;

	if (nhrp_packet_decode_flags(data, size, &pkt, &res, flags) < 0) {
		check(res.reason > NHRP_DROP_NONE && res.reason < NHRP_DROP_REASON_MAX,
		      "refusal has a reason");
		check(!(flags & NHRP_DECODE_TRANSIT) || res.reason != NHRP_DROP_UNKNOWN_EXT,
		      "transit decoding keeps unknown compulsory extensions");
		if (res.error_code)
			check_error_indication(data, size, &res);
		return;
	}
	check(res.reason == NHRP_DROP_NONE, "accepted packet has no reason");
	check((flags & NHRP_DECODE_TRANSIT) || !pkt.unrecognized_at,
	      "only transit decoding accepts unknown compulsory extensions");
	if (pkt.type == NHRP_ERROR_INDICATION && pkt.n_exts) {
		/* Accepted on receive, never sent (RFC 2332 5.2.7). */
		check(nhrp_packet_encode(&pkt, enc, sizeof(enc)) == -EINVAL,
		      "Error Indication with extensions is not encoded");
		pkt.n_exts = 0;
	}
	if (!flags)
		check_replies(&pkt);
	n = nhrp_packet_encode(&pkt, enc, sizeof(enc));
	check(n > 0, "decoded packet encodes");
	check(nhrp_packet_decode_flags(enc, (size_t)n, &again, &res, flags) == 0,
	      "re-encoding decodes");
	n2 = nhrp_packet_encode(&again, enc2, sizeof(enc2));
	check(n2 == n && memcmp(enc, enc2, (size_t)n) == 0, "encoding is stable");
	check(nhrp_checksum(enc, (size_t)n) == 0, "encoding has a valid checksum");
}

/* As the responder would, and as a transit NHS would. */
static void
one_input(const uint8_t *data, size_t size)
{
	one_input_flags(data, size, 0);
	one_input_flags(data, size, NHRP_DECODE_TRANSIT);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pktsz;
	uint8_t *fixed;
	uint16_t ck;

	one_input(data, size);

	/* Random bytes almost never carry a valid checksum; feed a repaired
	 * copy too so the fuzzer explores the parser behind it. The copy is
	 * exactly size bytes so overreads still trip ASan. */
	if (size < NHRP_FIXED_HDR_LEN)
		return 0;
	pktsz = (size_t)(data[10] << 8 | data[11]);
	if (pktsz < 14 || pktsz > size)
		return 0;
	fixed = malloc(size);
	if (!fixed)
		abort();
	memcpy(fixed, data, size);
	fixed[12] = fixed[13] = 0;
	ck = nhrp_checksum(fixed, pktsz);
	fixed[12] = (uint8_t)(ck >> 8);
	fixed[13] = (uint8_t)ck;
	one_input(fixed, size);
	free(fixed);
	return 0;
}

#ifndef NHRP_LIBFUZZER

#include "nhrp_samples.h"

static unsigned long inputs;

static void
run(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy, so a sanitizer build sees any overread. */
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		abort();
	memcpy(copy, data, size);
	LLVMFuzzerTestOneInput(copy, size);
	free(copy);
	inputs++;
}

static int
seed_packets(uint8_t seeds[][2048], size_t *lens, size_t max)
{
	size_t n = 0;

	for (uint8_t type = 1; type <= NHRP_TYPE_MAX; type++) {
		for (int exts = 0; exts <= 1 && n < max; exts++) {
			struct nhrp_packet p;
			ssize_t len;

			if (exts && type == NHRP_ERROR_INDICATION)
				continue; /* not encodable, RFC 2332 5.2.7 */
			nhrp_sample(&p, type);
			if (exts)
				nhrp_sample_add_all_extensions(&p);
			len = nhrp_packet_encode(&p, seeds[n], sizeof(seeds[n]));
			if (len < 0) {
				fprintf(stderr, "seed type %u: %s\n", type, strerror((int)-len));
				return -1;
			}
			lens[n++] = (size_t)len;
		}
	}
	return (int)n;
}

static int
replay_file(const char *path)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t len;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	run(buf, len);
	return 0;
}

static int
replay_path(const char *path)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;
	int rc = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		char child[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
		if (replay_file(child) < 0)
			rc = -1;
	}
	closedir(dir);
	return rc;
}

static int
write_seeds(const char *dir, uint8_t seeds[][2048], const size_t *lens, int n)
{
	for (int i = 0; i < n; i++) {
		char path[4096];
		FILE *f;

		snprintf(path, sizeof(path), "%s/seed-%02d", dir, i);
		f = fopen(path, "wb");
		if (!f || fwrite(seeds[i], 1, lens[i], f) != lens[i]) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			if (f)
				fclose(f);
			return -1;
		}
		fclose(f);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static uint8_t seeds[32][2048];
	size_t lens[32];
	int n = seed_packets(seeds, lens, 32);

	if (n <= 0)
		return 1;
	if (argc == 3 && strcmp(argv[1], "--write-seeds") == 0)
		return write_seeds(argv[2], seeds, lens, n) ? 1 : 0;

	for (int i = 0; i < n; i++) {
		uint8_t mutant[2048];

		for (size_t len = 0; len <= lens[i]; len++)
			run(seeds[i], len);
		/* Every single bit flip; the harness also tries each with a
		 * repaired checksum. */
		for (size_t bit = 0; bit < lens[i] * 8; bit++) {
			memcpy(mutant, seeds[i], lens[i]);
			mutant[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			run(mutant, lens[i]);
		}
	}
#ifdef NHRP_FUZZ_CORPUS_DIR
	{
		struct stat st;

		if (stat(NHRP_FUZZ_CORPUS_DIR, &st) == 0 && replay_path(NHRP_FUZZ_CORPUS_DIR) < 0)
			return 1;
	}
#endif
	for (int i = 1; i < argc; i++)
		if (replay_path(argv[i]) < 0)
			return 1;
	printf("fuzz_nhrp_decode: %lu inputs, no property violated\n", inputs);
	return 0;
}

#endif
