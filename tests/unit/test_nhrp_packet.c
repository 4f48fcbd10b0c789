/* Unit tests of the NHRP codec: round trips, a hand-assembled packet,
 * and every class of malformed input. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_packet.h"
#include "nhrp_samples.h"

static void
assert_addr_eq(const struct nhrp_addr *a, const struct nhrp_addr *b)
{
	ck_assert_int_eq(a->len, b->len);
	ck_assert_mem_eq(a->bytes, b->bytes, a->len);
}

static void
assert_cie_eq(const struct nhrp_cie *a, const struct nhrp_cie *b)
{
	ck_assert_int_eq(a->code, b->code);
	ck_assert_int_eq(a->prefix_len, b->prefix_len);
	ck_assert_int_eq(a->mtu, b->mtu);
	ck_assert_int_eq(a->holdtime, b->holdtime);
	ck_assert_int_eq(a->preference, b->preference);
	assert_addr_eq(&a->nbma, &b->nbma);
	assert_addr_eq(&a->proto, &b->proto);
}

static void
assert_packet_eq(const struct nhrp_packet *a, const struct nhrp_packet *b)
{
	ck_assert_int_eq(a->afn, b->afn);
	ck_assert_int_eq(a->pro_type, b->pro_type);
	ck_assert_int_eq(a->hop_count, b->hop_count);
	ck_assert_int_eq(a->type, b->type);
	if (a->type == NHRP_ERROR_INDICATION) {
		ck_assert_int_eq(a->error_code, b->error_code);
		ck_assert_int_eq(a->error_offset, b->error_offset);
	} else if (a->type == NHRP_TRAFFIC_INDICATION) {
		ck_assert_int_eq(a->traffic_code, b->traffic_code);
	} else {
		ck_assert_int_eq(a->flags, b->flags);
		ck_assert_uint_eq(a->request_id, b->request_id);
	}
	assert_addr_eq(&a->src_nbma, &b->src_nbma);
	assert_addr_eq(&a->src_proto, &b->src_proto);
	assert_addr_eq(&a->dst_proto, &b->dst_proto);
	ck_assert_int_eq(a->n_cies, b->n_cies);
	for (unsigned i = 0; i < a->n_cies; i++)
		assert_cie_eq(&a->cies[i], &b->cies[i]);
	ck_assert_uint_eq(a->payload_len, b->payload_len);
	if (a->payload_len)
		ck_assert_mem_eq(a->payload, b->payload, a->payload_len);
	ck_assert_int_eq(a->n_exts, b->n_exts);
	for (unsigned i = 0; i < a->n_exts; i++) {
		const struct nhrp_ext *x = &a->exts[i], *y = &b->exts[i];

		ck_assert_int_eq(x->type, y->type);
		ck_assert_int_eq(x->compulsory, y->compulsory);
		ck_assert_int_eq(x->n_cies, y->n_cies);
		for (unsigned j = 0; j < x->n_cies; j++)
			assert_cie_eq(&x->cies[j], &y->cies[j]);
		ck_assert_uint_eq(x->auth_type, y->auth_type);
		ck_assert_int_eq(x->auth_len, y->auth_len);
		ck_assert_mem_eq(x->auth_secret, y->auth_secret, x->auth_len);
		ck_assert_uint_eq(x->vendor_id, y->vendor_id);
		ck_assert_int_eq(x->data_len, y->data_len);
		if (x->data_len)
			ck_assert_mem_eq(x->data, y->data, x->data_len);
	}
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
set16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* After patching a field, make the checksum right again so the decoder
 * gets past it to the check under test. */
static void
fix_checksum(uint8_t *buf)
{
	uint16_t len = get16(buf + 10);

	set16(buf + 12, 0);
	set16(buf + 12, nhrp_checksum(buf, len));
}

static size_t
encode_ok(const struct nhrp_packet *p, uint8_t *buf, size_t size)
{
	ssize_t n = nhrp_packet_encode(p, buf, size);

	ck_assert_int_gt(n, 0);
	return (size_t)n;
}

/* Expect a refusal with this reason, error code and offset. */
static void
expect_refusal(const uint8_t *buf, size_t len, enum nhrp_drop_reason reason, uint16_t code,
	       int offset)
{
	struct nhrp_packet out;
	struct nhrp_decode_result res;

	ck_assert_int_eq(nhrp_packet_decode(buf, len, &out, &res), -1);
	ck_assert_msg(res.reason == reason, "reason %s, expected %s",
		      nhrp_drop_reason_name(res.reason), nhrp_drop_reason_name(reason));
	ck_assert_int_eq(res.error_code, code);
	if (offset >= 0)
		ck_assert_int_eq(res.error_offset, offset);
}

/* --- Checksum ------------------------------------------------------------ */

START_TEST(test_checksum_rfc1071)
{
	/* RFC 1071 section 3 example: the one's complement sum is 0xddf2. */
	const uint8_t v[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
	/* Odd length: the last octet is padded with a zero octet. */
	const uint8_t odd[] = {0x00, 0x01, 0xf2};
	uint8_t buf[1024];
	struct nhrp_packet p;
	size_t n;

	ck_assert_uint_eq(nhrp_checksum(v, sizeof(v)), (uint16_t)~0xddf2);
	ck_assert_uint_eq(nhrp_checksum(odd, sizeof(odd)), (uint16_t)~0xf201);

	nhrp_sample(&p, NHRP_REGISTRATION_REQUEST);
	n = encode_ok(&p, buf, sizeof(buf));
	ck_assert_uint_eq(nhrp_checksum(buf, n), 0);
	ck_assert_uint_ne(get16(buf + 12), 0);
}
END_TEST

/* --- Round trips --------------------------------------------------------- */

START_TEST(test_roundtrip_type)
{
	uint8_t type = (uint8_t)(_i + 1);
	uint8_t buf[2048], again[2048];
	struct nhrp_packet in, out;
	struct nhrp_decode_result res;
	size_t n;

	nhrp_sample(&in, type);
	n = encode_ok(&in, buf, sizeof(buf));
	ck_assert_uint_eq(get16(buf + 10), n);
	ck_assert_uint_eq(get16(buf + 14), 0); /* no extensions: offset 0 */
	ck_assert_int_eq(buf[16], NHRP_VERSION_RFC2332);
	ck_assert_int_eq(buf[17], type);
	ck_assert_int_eq(nhrp_packet_decode(buf, n, &out, &res), 0);
	ck_assert_int_eq(res.reason, NHRP_DROP_NONE);
	assert_packet_eq(&in, &out);
	ck_assert_uint_eq(nhrp_packet_encode(&out, again, sizeof(again)), n);
	ck_assert_mem_eq(buf, again, n);
}
END_TEST

START_TEST(test_roundtrip_type_with_extensions)
{
	uint8_t type = (uint8_t)(_i + 1);
	uint8_t buf[4096], again[4096];
	struct nhrp_packet in, out;
	struct nhrp_decode_result res;
	size_t n, extoff;

	nhrp_sample(&in, type);
	nhrp_sample_add_all_extensions(&in);
	if (type == NHRP_ERROR_INDICATION) {
		/* RFC 2332 5.2.7: an Error Indication carries no extensions. */
		ck_assert_int_eq(nhrp_packet_encode(&in, buf, sizeof(buf)), -EINVAL);
		return;
	}
	n = encode_ok(&in, buf, sizeof(buf));
	extoff = get16(buf + 14);
	ck_assert_uint_gt(extoff, 20);
	/* The first extension is the compulsory authentication, Cisco layout. */
	ck_assert_uint_eq(get16(buf + extoff), 0x8007);
	ck_assert_uint_eq(get16(buf + extoff + 2), 11);
	/* The list ends with a compulsory End extension. */
	ck_assert_uint_eq(get16(buf + n - 4), 0x8000);
	ck_assert_uint_eq(get16(buf + n - 2), 0);
	ck_assert_int_eq(nhrp_packet_decode(buf, n, &out, &res), 0);
	assert_packet_eq(&in, &out);
	ck_assert_uint_eq(nhrp_packet_encode(&out, again, sizeof(again)), n);
	ck_assert_mem_eq(buf, again, n);
}
END_TEST

START_TEST(test_roundtrip_each_extension)
{
	static const uint16_t types[] = {NHRP_EXT_RESPONDER, NHRP_EXT_FWD_TRANSIT,
					 NHRP_EXT_REV_TRANSIT, NHRP_EXT_AUTH,
					 NHRP_EXT_VENDOR, NHRP_EXT_NAT_ADDRESS};
	static const uint8_t vdata[] = {9, 8, 7};

	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		for (int compulsory = 0; compulsory <= 1; compulsory++) {
			uint8_t buf[1024];
			struct nhrp_packet in, out;
			struct nhrp_decode_result res;
			const struct nhrp_ext *found;
			struct nhrp_ext *e;
			size_t n;

			nhrp_sample(&in, NHRP_RESOLUTION_REPLY);
			e = nhrp_packet_add_ext(&in, types[i], compulsory);
			ck_assert_ptr_nonnull(e);
			if (types[i] == NHRP_EXT_AUTH) {
				ck_assert_int_eq(nhrp_ext_set_auth(e, "s3cr3t"), 0);
			} else if (types[i] == NHRP_EXT_VENDOR) {
				e->vendor_id = 0xabcdef;
				e->data = vdata;
				e->data_len = sizeof(vdata);
			} else {
				e->n_cies = 1;
				nhrp_sample_cie(&e->cies[0], 0, 9);
			}
			n = encode_ok(&in, buf, sizeof(buf));
			ck_assert_int_eq(nhrp_packet_decode(buf, n, &out, &res), 0);
			assert_packet_eq(&in, &out);
			found = nhrp_packet_find_ext(&out, types[i]);
			ck_assert_ptr_nonnull(found);
			ck_assert_int_eq(found->compulsory, compulsory);
		}
	}
}
END_TEST

START_TEST(test_roundtrip_ipv6)
{
	const uint8_t nbma6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x11};
	const uint8_t proto6[16] = {0xfd, 0x00, [15] = 0x0b};
	uint8_t buf[1024];
	struct nhrp_packet in, out;
	struct nhrp_decode_result res;
	size_t n;

	nhrp_sample(&in, NHRP_REGISTRATION_REQUEST);
	in.afn = NHRP_AFN_IPV6;
	in.pro_type = NHRP_PRO_IPV6;
	nhrp_addr_set(&in.src_nbma, nbma6, 16);
	nhrp_addr_set(&in.src_proto, proto6, 16);
	nhrp_addr_set(&in.dst_proto, proto6, 16);
	nhrp_addr_set(&in.cies[0].nbma, nbma6, 16);
	nhrp_addr_set(&in.cies[0].proto, proto6, 16);
	n = encode_ok(&in, buf, sizeof(buf));
	ck_assert_int_eq(buf[18], 16);
	ck_assert_int_eq(nhrp_packet_decode(buf, n, &out, &res), 0);
	assert_packet_eq(&in, &out);

	/* An IPv4-sized address in an IPv6 packet is refused both ways. */
	nhrp_sample_addr4(&in.src_proto, 10, 0, 0, 1);
	ck_assert_int_eq(nhrp_packet_encode(&in, buf, sizeof(buf)), -EINVAL);
}
END_TEST

/*
 * A Registration Request assembled by hand from notes/nhrp-reference.md:
 * spoke 172.16.0.11 (NBMA 198.51.100.11) registering with NHS 172.16.0.1
 * (NBMA 203.0.113.1) the way FRR/IOS do: hop count 1, U and NAT flags, a
 * unique CIE (prefix 0xff), Cisco cleartext auth "NHRPkey" (ext 0x8007,
 * length 11 as IOS logs it), empty compulsory 0x8004/0x8005/0x8003, the NAT
 * extension with the NHS's addresses, End 0x8000. The checksum was worked
 * out separately with an independent RFC 1071 implementation.
 */
static const uint8_t hand_registration[] = {
	/* fixed header */
	0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* afn, pro, snap */
	0x01, 0x00, 0x73, 0x86, 0xe3, 0x00, 0x3c,	      /* hop, len 115, cksum, extoff 60 */
	0x01, 0x03, 0x04, 0x00,				      /* version, type, shtl, sstl */
	/* mandatory part */
	0x04, 0x04, 0x80, 0x02, 0x00, 0x00, 0x00, 0x01,	      /* lens, U|NAT, request id 1 */
	0xc6, 0x33, 0x64, 0x0b, 0xac, 0x10, 0x00, 0x0b, 0xac, 0x10, 0x00, 0x01,
	/* CIE: code 0, prefix 0xff, mtu 1400, holdtime 7200 */
	0x00, 0xff, 0x00, 0x00, 0x05, 0x78, 0x1c, 0x20, 0x04, 0x00, 0x04, 0x00,
	0xc6, 0x33, 0x64, 0x0b, 0xac, 0x10, 0x00, 0x0b,
	/* extensions */
	0x80, 0x07, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x01, 'N', 'H', 'R', 'P', 'k', 'e', 'y',
	0x80, 0x04, 0x00, 0x00, 0x80, 0x05, 0x00, 0x00, 0x80, 0x03, 0x00, 0x00,
	0x00, 0x09, 0x00, 0x14, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x04, 0x00, 0x04, 0x00, 0xcb, 0x00, 0x71, 0x01, 0xac, 0x10, 0x00, 0x01,
	0x80, 0x00, 0x00, 0x00,
};

static void
hand_registration_struct(struct nhrp_packet *p)
{
	struct nhrp_ext *e;

	memset(p, 0, sizeof(*p));
	p->afn = NHRP_AFN_IPV4;
	p->pro_type = NHRP_PRO_IPV4;
	p->hop_count = 1;
	p->type = NHRP_REGISTRATION_REQUEST;
	p->flags = NHRP_FLAG_REG_U | NHRP_FLAG_CISCO_NAT;
	p->request_id = 1;
	nhrp_sample_addr4(&p->src_nbma, 198, 51, 100, 11);
	nhrp_sample_addr4(&p->src_proto, 172, 16, 0, 11);
	nhrp_sample_addr4(&p->dst_proto, 172, 16, 0, 1);
	p->n_cies = 1;
	p->cies[0].prefix_len = 0xff;
	p->cies[0].mtu = 1400;
	p->cies[0].holdtime = 7200;
	nhrp_sample_addr4(&p->cies[0].nbma, 198, 51, 100, 11);
	nhrp_sample_addr4(&p->cies[0].proto, 172, 16, 0, 11);
	nhrp_ext_set_auth(nhrp_packet_add_ext(p, NHRP_EXT_AUTH, true), "NHRPkey");
	nhrp_packet_add_ext(p, NHRP_EXT_FWD_TRANSIT, true);
	nhrp_packet_add_ext(p, NHRP_EXT_REV_TRANSIT, true);
	nhrp_packet_add_ext(p, NHRP_EXT_RESPONDER, true);
	e = nhrp_packet_add_ext(p, NHRP_EXT_NAT_ADDRESS, false);
	e->n_cies = 1;
	e->cies[0].prefix_len = 32;
	nhrp_sample_addr4(&e->cies[0].nbma, 203, 0, 113, 1);
	nhrp_sample_addr4(&e->cies[0].proto, 172, 16, 0, 1);
}

START_TEST(test_hand_assembled_encode)
{
	uint8_t buf[256];
	struct nhrp_packet p;
	size_t n;

	hand_registration_struct(&p);
	n = encode_ok(&p, buf, sizeof(buf));
	ck_assert_uint_eq(n, sizeof(hand_registration));
	ck_assert_mem_eq(buf, hand_registration, n);
}
END_TEST

START_TEST(test_hand_assembled_decode)
{
	struct nhrp_packet expect, out;
	struct nhrp_decode_result res;
	const struct nhrp_ext *auth, *nat;

	ck_assert_int_eq(nhrp_packet_decode(hand_registration, sizeof(hand_registration), &out,
					    &res), 0);
	hand_registration_struct(&expect);
	assert_packet_eq(&expect, &out);
	auth = nhrp_packet_find_ext(&out, NHRP_EXT_AUTH);
	ck_assert_ptr_nonnull(auth);
	ck_assert_uint_eq(auth->auth_type, NHRP_AUTH_CLEARTEXT);
	ck_assert_int_eq(auth->auth_len, 7);
	ck_assert_mem_eq(auth->auth_secret, "NHRPkey", 7);
	nat = nhrp_packet_find_ext(&out, NHRP_EXT_NAT_ADDRESS);
	ck_assert_ptr_nonnull(nat);
	ck_assert_int_eq(nat->n_cies, 1);
	ck_assert_int_eq(nat->cies[0].nbma.bytes[0], 203);
	ck_assert_ptr_null(nhrp_packet_find_ext(&out, NHRP_EXT_VENDOR));
}
END_TEST

/* --- Malformed input ----------------------------------------------------- */

static size_t
sample_bytes(uint8_t *buf, size_t size, uint8_t type, bool exts)
{
	struct nhrp_packet p;

	nhrp_sample(&p, type);
	if (exts)
		nhrp_sample_add_all_extensions(&p);
	return encode_ok(&p, buf, size);
}

START_TEST(test_truncated_every_length)
{
	uint8_t buf[4096];
	size_t n = sample_bytes(buf, sizeof(buf), NHRP_REGISTRATION_REQUEST, true);

	for (size_t len = 0; len < n; len++) {
		/* Exact-size copies so ASan catches any read past len. */
		uint8_t *copy = malloc(len ? len : 1);

		memcpy(copy, buf, len);
		expect_refusal(copy, len, NHRP_DROP_TRUNCATED, 0, -1);
		free(copy);
	}
	expect_refusal(NULL, 0, NHRP_DROP_TRUNCATED, 0, 0);
}
END_TEST

START_TEST(test_bad_checksum)
{
	uint8_t buf[1024];
	size_t n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REQUEST, false);

	buf[n - 1] ^= 0x01;
	expect_refusal(buf, n, NHRP_DROP_BAD_CHECKSUM, 0, 12);
}
END_TEST

START_TEST(test_trailing_bytes_ignored)
{
	uint8_t buf[1024];
	struct nhrp_packet out;
	struct nhrp_decode_result res;
	size_t n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REQUEST, false);

	/* Link-layer padding after ar$pktsz is not part of the packet. */
	memset(buf + n, 0xee, 10);
	ck_assert_int_eq(nhrp_packet_decode(buf, n + 10, &out, &res), 0);
}
END_TEST

START_TEST(test_bad_lengths)
{
	uint8_t buf[1024];
	size_t n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REPLY, false);
	size_t ne;

	/* ar$pktsz smaller than the fixed header. */
	set16(buf + 10, 19);
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_LENGTH, 0, 10);

	/* ar$pktsz cutting the CIE short. */
	n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REPLY, false);
	set16(buf + 10, (uint16_t)(n - 3));
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_LENGTH, 0, -1);

	/* ar$pktsz cutting into the mandatory header. */
	set16(buf + 10, 24);
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_LENGTH, 0, 20);

	/* Extension offset inside the fixed/mandatory header, or past the end. */
	ne = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REPLY, true);
	set16(buf + 14, 12);
	fix_checksum(buf);
	expect_refusal(buf, ne, NHRP_DROP_BAD_LENGTH, 0, 14);
	set16(buf + 14, (uint16_t)(ne + 1));
	fix_checksum(buf);
	expect_refusal(buf, ne, NHRP_DROP_BAD_LENGTH, 0, 14);

	/* Extension offset before the end of the addresses. */
	set16(buf + 14, 30);
	fix_checksum(buf);
	expect_refusal(buf, ne, NHRP_DROP_BAD_LENGTH, 0, -1);
}
END_TEST

START_TEST(test_extension_length_overrun)
{
	uint8_t buf[1024];
	size_t n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REPLY, true);
	size_t extoff = get16(buf + 14);

	set16(buf + extoff + 2, (uint16_t)(n - extoff));
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_LENGTH, 0, (int)extoff + 2);

	/* A lone partial extension header at the end. */
	n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REPLY, false);
	set16(buf + 14, (uint16_t)n);
	buf[n] = 0x00;
	buf[n + 1] = 0x03;
	set16(buf + 10, (uint16_t)(n + 2));
	fix_checksum(buf);
	expect_refusal(buf, n + 2, NHRP_DROP_BAD_LENGTH, 0, (int)n);
}
END_TEST

START_TEST(test_wrong_version)
{
	uint8_t buf[1024];
	size_t n = sample_bytes(buf, sizeof(buf), NHRP_REGISTRATION_REQUEST, false);

	buf[16] = 2;
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_VERSION, NHRP_ERR_PROTOCOL, 16);

	/* Never an Error Indication about an Error Indication. */
	n = sample_bytes(buf, sizeof(buf), NHRP_ERROR_INDICATION, false);
	buf[16] = 0;
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_VERSION, 0, 16);
}
END_TEST

START_TEST(test_bad_afn_protocol_type)
{
	uint8_t buf[1024];
	size_t n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REQUEST, false);

	set16(buf, 3);
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_AFN, NHRP_ERR_PROTOCOL, 0);

	n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REQUEST, false);
	set16(buf + 2, 0x0806);
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_PROTOCOL, NHRP_ERR_PROTOCOL, 2);

	n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REQUEST, false);
	buf[6] = 1; /* snap must be zero for an ethertype */
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_PROTOCOL, NHRP_ERR_PROTOCOL, 6);

	{
		static const uint8_t bad_types[] = {0, NHRP_TYPE_MAX + 1, 255};

		for (unsigned i = 0; i < sizeof(bad_types); i++) {
			n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REQUEST, false);
			buf[17] = bad_types[i];
			fix_checksum(buf);
			expect_refusal(buf, n, NHRP_DROP_BAD_TYPE, 0, 17);
		}
	}
}
END_TEST

START_TEST(test_bad_address_lengths)
{
	uint8_t buf[1024];
	size_t n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REPLY, false);

	buf[18] = 5; /* NBMA length 5 for IPv4 */
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_ADDRESS, NHRP_ERR_PROTOCOL, 18);

	n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REPLY, false);
	buf[18] = NHRP_TL_TYPE_E164 | 4;
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_ADDRESS, NHRP_ERR_PROTOCOL, 18);

	n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REPLY, false);
	buf[19] = 2; /* subaddress */
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_ADDRESS, NHRP_ERR_PROTOCOL, 19);

	n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REPLY, false);
	buf[21] = 16; /* IPv6-sized destination in an IPv4 packet */
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_ADDRESS, NHRP_ERR_PROTOCOL, 21);

	/* CIE client protocol length 3, at offset 40 + 10. */
	n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REPLY, false);
	ck_assert_int_eq(buf[40 + 10], 4);
	buf[40 + 10] = 3;
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_ADDRESS, NHRP_ERR_PROTOCOL, 40);
}
END_TEST

START_TEST(test_unknown_compulsory_extension)
{
	static const uint8_t data[] = {1, 2, 3, 4};
	uint8_t buf[1024];
	struct nhrp_packet p, out;
	struct nhrp_decode_result res;
	struct nhrp_ext *e;
	size_t n, extoff;

	/* Optional unknown extensions are kept, compulsory ones refused. */
	nhrp_sample(&p, NHRP_RESOLUTION_REQUEST);
	nhrp_packet_add_ext(&p, NHRP_EXT_RESPONDER, true);
	e = nhrp_packet_add_ext(&p, 0x0123, false);
	e->data = data;
	e->data_len = sizeof(data);
	n = encode_ok(&p, buf, sizeof(buf));
	ck_assert_int_eq(nhrp_packet_decode(buf, n, &out, &res), 0);
	ck_assert_int_eq(out.n_exts, 2);
	ck_assert_int_eq(out.exts[1].type, 0x0123);

	extoff = get16(buf + 14);
	ck_assert_uint_eq(get16(buf + extoff + 4), 0x0123);
	set16(buf + extoff + 4, 0x8123);
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_UNKNOWN_EXT, NHRP_ERR_UNRECOGNIZED_EXT, (int)extoff + 4);

	/* The u bit does not hide the type. */
	set16(buf + extoff + 4, 0xc123);
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_UNKNOWN_EXT, NHRP_ERR_UNRECOGNIZED_EXT, (int)extoff + 4);

	/* A transit NHS keeps it, knows where it is, and forwards it as is. */
	set16(buf + extoff + 4, 0x8123);
	fix_checksum(buf);
	ck_assert_int_eq(nhrp_packet_decode_flags(buf, n, &out, &res, NHRP_DECODE_TRANSIT), 0);
	ck_assert_int_eq(out.unrecognized_at, extoff + 4);
	ck_assert_int_eq(out.n_exts, 2);
	ck_assert(out.exts[1].compulsory);
	ck_assert_int_eq(out.exts[1].type, 0x0123);
	{
		uint8_t fwd[1024];

		ck_assert_int_eq(nhrp_packet_encode(&out, fwd, sizeof(fwd)), n);
		ck_assert_mem_eq(fwd, buf, n);
	}
	/* Without one, transit decoding reports nothing. */
	set16(buf + extoff + 4, 0x0123);
	fix_checksum(buf);
	ck_assert_int_eq(nhrp_packet_decode_flags(buf, n, &out, &res, NHRP_DECODE_TRANSIT), 0);
	ck_assert_int_eq(out.unrecognized_at, 0);

	/* In an Error Indication (the same bytes retyped: both mandatory
	 * headers are 8 octets, the CIE becomes the offending packet), optional
	 * extensions are accepted and a compulsory unknown one is dropped
	 * without an Error Indication back. */
	set16(buf + extoff + 4, 0x0123);
	buf[17] = NHRP_ERROR_INDICATION;
	fix_checksum(buf);
	ck_assert_int_eq(nhrp_packet_decode(buf, n, &out, &res), 0);
	ck_assert_int_eq(out.n_exts, 2);
	ck_assert_uint_gt(out.payload_len, 0);
	set16(buf + extoff + 4, 0x8123);
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_UNKNOWN_EXT, 0, (int)extoff + 4);
}
END_TEST

START_TEST(test_invalid_extension_values)
{
	uint8_t buf[1024];
	struct nhrp_packet p;
	size_t n, extoff;

	/* Authentication shorter than its 4-octet type. */
	nhrp_sample(&p, NHRP_REGISTRATION_REQUEST);
	nhrp_ext_set_auth(nhrp_packet_add_ext(&p, NHRP_EXT_AUTH, true), "");
	n = encode_ok(&p, buf, sizeof(buf));
	extoff = get16(buf + 14);
	ck_assert_uint_eq(get16(buf + extoff + 2), 4);
	set16(buf + extoff + 2, 2);
	/* Keep the packet self-consistent: End follows the shortened value. */
	set16(buf + extoff + 6, 0x8000);
	set16(buf + extoff + 8, 0);
	set16(buf + 10, (uint16_t)(extoff + 10));
	fix_checksum(buf);
	expect_refusal(buf, extoff + 10, NHRP_DROP_BAD_EXTENSION, NHRP_ERR_INVALID_EXT,
		       (int)extoff);

	/* NAT extension whose CIE claims more address than it holds. */
	nhrp_sample(&p, NHRP_REGISTRATION_REPLY);
	{
		struct nhrp_ext *e = nhrp_packet_add_ext(&p, NHRP_EXT_NAT_ADDRESS, false);

		e->n_cies = 1;
		nhrp_sample_cie(&e->cies[0], 0, 1);
	}
	n = encode_ok(&p, buf, sizeof(buf));
	extoff = get16(buf + 14);
	set16(buf + extoff + 2, 12 + 4); /* cut off the protocol address */
	set16(buf + extoff + 4 + 12 + 4, 0x8000);
	set16(buf + extoff + 4 + 12 + 4 + 2, 0);
	set16(buf + 10, (uint16_t)(extoff + 4 + 12 + 4 + 4));
	fix_checksum(buf);
	expect_refusal(buf, extoff + 24, NHRP_DROP_BAD_EXTENSION, NHRP_ERR_INVALID_EXT,
		       (int)extoff);

	/* Vendor-private shorter than its vendor id. */
	nhrp_sample(&p, NHRP_RESOLUTION_REQUEST);
	nhrp_packet_add_ext(&p, NHRP_EXT_VENDOR, false);
	n = encode_ok(&p, buf, sizeof(buf));
	extoff = get16(buf + 14);
	ck_assert_uint_eq(get16(buf + extoff + 2), 3);
	set16(buf + extoff + 2, 1);
	buf[extoff + 5] = 0x80; /* End, now at extoff + 5 */
	buf[extoff + 6] = 0x00;
	buf[extoff + 7] = 0x00;
	buf[extoff + 8] = 0x00;
	set16(buf + 10, (uint16_t)(extoff + 9));
	fix_checksum(buf);
	expect_refusal(buf, extoff + 9, NHRP_DROP_BAD_EXTENSION, NHRP_ERR_INVALID_EXT,
		       (int)extoff);
	(void)n;
}
END_TEST

START_TEST(test_repeated_extension)
{
	uint8_t buf[1024];
	struct nhrp_packet p, out;
	struct nhrp_decode_result res;
	size_t n, extoff;

	/* Two Responder Address extensions: the second is refused. */
	nhrp_sample(&p, NHRP_RESOLUTION_REQUEST);
	nhrp_packet_add_ext(&p, NHRP_EXT_RESPONDER, true);
	nhrp_packet_add_ext(&p, NHRP_EXT_FWD_TRANSIT, true);
	n = encode_ok(&p, buf, sizeof(buf));
	extoff = get16(buf + 14);
	set16(buf + extoff + 4, 0x8000 | NHRP_EXT_RESPONDER);
	fix_checksum(buf);
	expect_refusal(buf, n, NHRP_DROP_BAD_EXTENSION, NHRP_ERR_INVALID_EXT, (int)extoff + 4);

	/* Two Vendor-Private extensions are fine. */
	nhrp_sample(&p, NHRP_RESOLUTION_REQUEST);
	nhrp_packet_add_ext(&p, NHRP_EXT_VENDOR, false)->vendor_id = 1;
	nhrp_packet_add_ext(&p, NHRP_EXT_VENDOR, false)->vendor_id = 2;
	n = encode_ok(&p, buf, sizeof(buf));
	ck_assert_int_eq(nhrp_packet_decode(buf, n, &out, &res), 0);
	ck_assert_int_eq(out.n_exts, 2);
	ck_assert_uint_eq(out.exts[1].vendor_id, 2);
}
END_TEST

START_TEST(test_too_many_cies)
{
	uint8_t buf[2048];
	struct nhrp_packet p;
	size_t n;

	nhrp_sample(&p, NHRP_PURGE_REQUEST);
	p.n_cies = NHRP_MAX_CIES;
	for (unsigned i = 0; i < NHRP_MAX_CIES; i++)
		nhrp_sample_cie(&p.cies[i], 0, (uint8_t)i);
	n = encode_ok(&p, buf, sizeof(buf));
	/* Append a ninth copy of the last CIE by hand. */
	memcpy(buf + n, buf + n - 20, 20);
	set16(buf + 10, (uint16_t)(n + 20));
	fix_checksum(buf);
	expect_refusal(buf, n + 20, NHRP_DROP_TOO_MANY, 0, (int)n);

	p.n_cies = NHRP_MAX_CIES + 1;
	ck_assert_int_eq(nhrp_packet_encode(&p, buf, sizeof(buf)), -EINVAL);
}
END_TEST

START_TEST(test_encode_refuses)
{
	uint8_t buf[2048];
	struct nhrp_packet p;
	size_t need;

	nhrp_sample(&p, NHRP_REGISTRATION_REQUEST);
	nhrp_sample_add_all_extensions(&p);
	need = encode_ok(&p, buf, sizeof(buf));
	for (size_t size = 0; size < need; size++) {
		uint8_t *small = malloc(size ? size : 1);

		ck_assert_int_eq(nhrp_packet_encode(&p, small, size), -ENOSPC);
		free(small);
	}

	nhrp_sample(&p, NHRP_REGISTRATION_REQUEST);
	p.afn = 7;
	ck_assert_int_eq(nhrp_packet_encode(&p, buf, sizeof(buf)), -EINVAL);
	nhrp_sample(&p, NHRP_REGISTRATION_REQUEST);
	p.type = 9;
	ck_assert_int_eq(nhrp_packet_encode(&p, buf, sizeof(buf)), -EINVAL);
	nhrp_sample(&p, NHRP_REGISTRATION_REQUEST);
	p.payload = nhrp_sample_ip_packet;
	p.payload_len = 4; /* only indications carry a packet */
	ck_assert_int_eq(nhrp_packet_encode(&p, buf, sizeof(buf)), -EINVAL);
	nhrp_sample(&p, NHRP_TRAFFIC_INDICATION);
	p.n_cies = 1; /* and indications carry no CIEs */
	ck_assert_int_eq(nhrp_packet_encode(&p, buf, sizeof(buf)), -EINVAL);
	nhrp_sample(&p, NHRP_REGISTRATION_REQUEST);
	p.cies[0].nbma.len = 3;
	ck_assert_int_eq(nhrp_packet_encode(&p, buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(nhrp_packet_encode(NULL, buf, sizeof(buf)), -EINVAL);

	{
		struct nhrp_ext e;
		char longsecret[NHRP_AUTH_SECRET_MAX + 2];

		memset(longsecret, 'x', sizeof(longsecret) - 1);
		longsecret[sizeof(longsecret) - 1] = '\0';
		ck_assert_int_eq(nhrp_ext_set_auth(&e, longsecret), -EINVAL);
	}
	nhrp_sample(&p, NHRP_REGISTRATION_REQUEST);
	for (unsigned i = 0; i < NHRP_MAX_EXTS; i++)
		ck_assert_ptr_nonnull(nhrp_packet_add_ext(&p, NHRP_EXT_VENDOR, false));
	ck_assert_ptr_null(nhrp_packet_add_ext(&p, NHRP_EXT_VENDOR, false));
	ck_assert_int_gt(nhrp_packet_encode(&p, buf, sizeof(buf)), 0);
	/* Only Vendor-Private may repeat (RFC 2332 5.3). */
	p.exts[3].type = NHRP_EXT_NAT_ADDRESS;
	ck_assert_int_gt(nhrp_packet_encode(&p, buf, sizeof(buf)), 0);
	p.exts[7].type = NHRP_EXT_NAT_ADDRESS;
	ck_assert_int_eq(nhrp_packet_encode(&p, buf, sizeof(buf)), -EINVAL);
}
END_TEST

START_TEST(test_oversized_packet_refused)
{
	/* Payloads that would overflow the 16-bit ar$pktsz. */
	static uint8_t big[70000];
	static uint8_t out[70000];
	struct nhrp_packet p;

	nhrp_sample(&p, NHRP_TRAFFIC_INDICATION);
	p.payload = big;
	p.payload_len = sizeof(big);
	ck_assert_int_eq(nhrp_packet_encode(&p, out, sizeof(out)), -EINVAL);
	p.payload_len = NHRP_PACKET_MAX - 40;
	ck_assert_int_eq(nhrp_packet_encode(&p, out, sizeof(out)), NHRP_PACKET_MAX);
}
END_TEST

START_TEST(test_error_indication_reply)
{
	static const uint8_t data[] = {1, 2, 3, 4};
	uint8_t buf[1024], reply[2048];
	struct nhrp_packet p, ei, out;
	struct nhrp_decode_result res;
	struct nhrp_addr our_nbma, our_proto;
	struct nhrp_ext *e;
	size_t n, extoff;
	ssize_t rn;

	nhrp_sample_addr4(&our_nbma, 203, 0, 113, 1);
	nhrp_sample_addr4(&our_proto, 172, 16, 0, 1);

	/* A Resolution Request with an unknown compulsory extension. */
	nhrp_sample(&p, NHRP_RESOLUTION_REQUEST);
	e = nhrp_packet_add_ext(&p, 0x0123, false);
	e->data = data;
	e->data_len = sizeof(data);
	n = encode_ok(&p, buf, sizeof(buf));
	extoff = get16(buf + 14);
	set16(buf + extoff, 0x8123);
	fix_checksum(buf);
	ck_assert_int_eq(nhrp_packet_decode(buf, n, &out, &res), -1);
	ck_assert_int_eq(res.error_code, NHRP_ERR_UNRECOGNIZED_EXT);

	ck_assert_int_eq(nhrp_packet_error_indication(&ei, buf, n, &res, &our_nbma, &our_proto), 0);
	rn = nhrp_packet_encode(&ei, reply, sizeof(reply));
	ck_assert_int_gt(rn, 0);
	ck_assert_int_eq(nhrp_packet_decode(reply, (size_t)rn, &out, &res), 0);
	ck_assert_int_eq(out.type, NHRP_ERROR_INDICATION);
	ck_assert_int_eq(out.error_code, NHRP_ERR_UNRECOGNIZED_EXT);
	ck_assert_int_eq(out.error_offset, extoff);
	ck_assert_int_gt(out.hop_count, 0);
	ck_assert(nhrp_addr_equal(&out.src_nbma, &our_nbma));
	ck_assert(nhrp_addr_equal(&out.src_proto, &our_proto));
	ck_assert(nhrp_addr_equal(&out.dst_proto, &p.src_proto)); /* back to the sender */
	ck_assert_uint_eq(out.payload_len, n);
	ck_assert_mem_eq(out.payload, buf, n);

	/* Trailing link padding is not part of the offending packet. */
	memset(buf + n, 0, 8);
	ck_assert_int_eq(nhrp_packet_decode(buf, n + 8, &out, &res), -1);
	ck_assert_int_eq(nhrp_packet_error_indication(&ei, buf, n + 8, &res, &our_nbma, &our_proto),
			 0);
	ck_assert_uint_eq(ei.payload_len, n);

	/* A source protocol length we cannot use: no destination address. */
	n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REQUEST, false);
	buf[20] = 7;
	fix_checksum(buf);
	ck_assert_int_eq(nhrp_packet_decode(buf, n, &out, &res), -1);
	ck_assert_int_eq(res.error_code, NHRP_ERR_PROTOCOL);
	ck_assert_int_eq(nhrp_packet_error_indication(&ei, buf, n, &res, &our_nbma, &our_proto), 0);
	ck_assert_int_eq(ei.dst_proto.len, 0);
	ck_assert_int_gt(nhrp_packet_encode(&ei, reply, sizeof(reply)), 0);

	/* No Error Indication for a bad checksum, or without our addresses. */
	buf[n - 1] ^= 1;
	ck_assert_int_eq(nhrp_packet_decode(buf, n, &out, &res), -1);
	ck_assert_int_eq(res.reason, NHRP_DROP_BAD_CHECKSUM);
	ck_assert_int_eq(nhrp_packet_error_indication(&ei, buf, n, &res, &our_nbma, &our_proto),
			 -EINVAL);
	res.error_code = NHRP_ERR_PROTOCOL;
	our_proto.len = 0;
	ck_assert_int_eq(nhrp_packet_error_indication(&ei, buf, n, &res, &our_nbma, &our_proto),
			 -EINVAL);
}
END_TEST

START_TEST(test_stats_count_reasons)
{
	uint8_t buf[1024];
	struct nhrp_decode_stats st = {0};
	struct nhrp_packet out;
	struct nhrp_decode_result res;
	size_t n = sample_bytes(buf, sizeof(buf), NHRP_RESOLUTION_REQUEST, false);
	int rc;

	rc = nhrp_packet_decode(buf, n, &out, &res);
	nhrp_decode_stats_count(&st, rc, &res);
	rc = nhrp_packet_decode(buf, 10, &out, &res);
	nhrp_decode_stats_count(&st, rc, &res);
	buf[n - 1] ^= 0xff;
	rc = nhrp_packet_decode(buf, n, &out, &res);
	nhrp_decode_stats_count(&st, rc, &res);
	rc = nhrp_packet_decode(buf, n, &out, &res);
	nhrp_decode_stats_count(&st, rc, &res);
	ck_assert_uint_eq(st.accepted, 1);
	ck_assert_uint_eq(st.dropped[NHRP_DROP_TRUNCATED], 1);
	ck_assert_uint_eq(st.dropped[NHRP_DROP_BAD_CHECKSUM], 2);
	ck_assert_str_eq(nhrp_drop_reason_name(NHRP_DROP_BAD_CHECKSUM), "bad checksum");
	ck_assert_str_eq(nhrp_type_name(NHRP_TRAFFIC_INDICATION), "Traffic Indication");
	ck_assert_str_eq(nhrp_type_name(0), "unknown");
}
END_TEST

static Suite *
nhrp_packet_suite(void)
{
	Suite *s = suite_create("nhrp_packet");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_checksum_rfc1071);
	tcase_add_loop_test(tc, test_roundtrip_type, 0, NHRP_TYPE_MAX);
	tcase_add_loop_test(tc, test_roundtrip_type_with_extensions, 0, NHRP_TYPE_MAX);
	tcase_add_test(tc, test_roundtrip_each_extension);
	tcase_add_test(tc, test_roundtrip_ipv6);
	tcase_add_test(tc, test_hand_assembled_encode);
	tcase_add_test(tc, test_hand_assembled_decode);
	tcase_add_test(tc, test_truncated_every_length);
	tcase_add_test(tc, test_bad_checksum);
	tcase_add_test(tc, test_trailing_bytes_ignored);
	tcase_add_test(tc, test_bad_lengths);
	tcase_add_test(tc, test_extension_length_overrun);
	tcase_add_test(tc, test_wrong_version);
	tcase_add_test(tc, test_bad_afn_protocol_type);
	tcase_add_test(tc, test_bad_address_lengths);
	tcase_add_test(tc, test_unknown_compulsory_extension);
	tcase_add_test(tc, test_invalid_extension_values);
	tcase_add_test(tc, test_repeated_extension);
	tcase_add_test(tc, test_too_many_cies);
	tcase_add_test(tc, test_encode_refuses);
	tcase_add_test(tc, test_oversized_packet_refused);
	tcase_add_test(tc, test_error_indication_reply);
	tcase_add_test(tc, test_stats_count_reasons);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(nhrp_packet_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
