/* Unit tests of the NHRP message builders: what we send, and the NHS's
 * answer to it, through the real codec and cache. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_build.h"
#include "nhrp_samples.h"

#define TUN0 7

static uint64_t fake_now = 5000;

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static struct nhrp_addr
a4(uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
	struct nhrp_addr a;

	nhrp_sample_addr4(&a, b0, b1, b2, b3);
	return a;
}

/* Spoke 172.16.0.11 at 198.51.100.11; hub 172.16.0.1 at 203.0.113.1. */
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

/* Send p: encode it, and decode what the peer receives. */
static void
over_the_wire(const struct nhrp_packet *p, uint8_t *buf, size_t size, struct nhrp_packet *rx)
{
	struct nhrp_decode_result res;
	ssize_t n = nhrp_packet_encode(p, buf, size);

	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(nhrp_packet_decode(buf, (size_t)n, rx, &res), 0);
}

/*
 * The Registration Request as FRR nhrpd 10 builds it (notes/nhrp-reference.md
 * section 2: hop count 1, U|NAT, unique CIE with prefix 0xff, empty
 * compulsory 0x8004, 0x8005, 0x8003, the NAT extension naming the NHS, and
 * the authentication appended last), assembled by hand; checksum from an
 * independent RFC 1071 implementation.
 */
static const uint8_t frr_registration[] = {
	0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x73, 0x74, 0xf5,
	0x00, 0x3c, 0x01, 0x03, 0x04, 0x00,
	0x04, 0x04, 0x80, 0x02, 0x00, 0x00, 0x00, 0x01, 0xc6, 0x33, 0x64, 0x0b, 0xac, 0x10,
	0x00, 0x0b, 0xac, 0x10, 0x00, 0x01,
	0x00, 0xff, 0x00, 0x00, 0x05, 0x78, 0x1c, 0x20, 0x04, 0x00, 0x04, 0x00, 0xc6, 0x33,
	0x64, 0x0b, 0xac, 0x10, 0x00, 0x0b,
	0x80, 0x04, 0x00, 0x00, 0x80, 0x05, 0x00, 0x00, 0x80, 0x03, 0x00, 0x00,
	0x00, 0x09, 0x00, 0x14, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
	0x04, 0x00, 0xcb, 0x00, 0x71, 0x01, 0xac, 0x10, 0x00, 0x01,
	0x80, 0x07, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x01, 'N', 'H', 'R', 'P', 'k', 'e', 'y',
	0x80, 0x00, 0x00, 0x00,
};

START_TEST(test_registration_request_bytes)
{
	struct nhrp_addr nhs = hub.proto, nhs_nbma = hub.nbma;
	struct nhrp_packet p;
	uint8_t buf[512];
	ssize_t n;

	ck_assert_int_eq(nhrp_build_registration_request(&p, &spoke, &nhs, &nhs_nbma, 1, true), 0);
	n = nhrp_packet_encode(&p, buf, sizeof(buf));
	ck_assert_int_eq(n, sizeof(frr_registration));
	ck_assert_mem_eq(buf, frr_registration, sizeof(frr_registration));
}
END_TEST

START_TEST(test_registration_request_variants)
{
	struct nhrp_addr none = {0}, nhs_nbma = hub.nbma, v6 = {16, {0xfd}};
	struct nhrp_local noauth = spoke;
	struct nhrp_packet p;

	/* no-unique: no U flag, host prefix; unknown NHS: addressed to us. */
	noauth.auth = NULL;
	ck_assert_int_eq(nhrp_build_registration_request(&p, &noauth, &none, &nhs_nbma, 9, false),
			 0);
	ck_assert_uint_eq(p.flags, NHRP_FLAG_CISCO_NAT);
	ck_assert_int_eq(p.cies[0].prefix_len, 32);
	ck_assert(nhrp_addr_equal(&p.dst_proto, &spoke.proto));
	ck_assert_int_eq(p.hop_count, 1);
	ck_assert_ptr_null(nhrp_packet_find_ext(&p, NHRP_EXT_AUTH));
	ck_assert_int_eq(nhrp_packet_find_ext(&p, NHRP_EXT_NAT_ADDRESS)->cies[0].proto.len, 4);

	ck_assert_int_eq(nhrp_build_registration_request(&p, &spoke, &v6, &nhs_nbma, 1, true),
			 -EINVAL);
	noauth.proto.len = 0;
	ck_assert_int_eq(nhrp_build_registration_request(&p, &noauth, &none, &nhs_nbma, 1, true),
			 -EINVAL);
}
END_TEST

/* The whole exchange: spoke registers from behind a NAT, the hub's cache
 * accepts it, the reply tells the spoke what the hub saw. A second spoke
 * claiming the same address is refused with code 14. */
START_TEST(test_registration_exchange)
{
	struct nhrp_addr nhs = hub.proto, nhs_nbma = hub.nbma;
	struct nhrp_addr seen = a4(192, 0, 2, 77); /* the NAT's outside address */
	struct nhrp_packet req, rx, reply, rx_reply;
	struct nhrp_registration r;
	struct nhrp_cache cache;
	const struct nhrp_ext *e;
	uint8_t buf[1024], buf2[1024], codes[NHRP_MAX_CIES];

	nhrp_cache_init(&cache, fake_clock, NULL);
	ck_assert_int_eq(nhrp_build_registration_request(&req, &spoke, &nhs, &nhs_nbma, 77, true),
			 0);
	over_the_wire(&req, buf, sizeof(buf), &rx);
	ck_assert_int_eq(nhrp_auth_check(&rx, hub.auth), 0);
	for (unsigned i = 0; i < rx.n_cies; i++) {
		nhrp_registration_from_request(&r, &rx, i, TUN0, &seen);
		codes[i] = nhrp_cache_register(&cache, &r);
	}
	ck_assert_int_eq(codes[0], NHRP_CODE_SUCCESS);
	ck_assert(nhrp_cache_lookup(&cache, TUN0, &spoke.proto)->flags & NHRP_CACHE_F_NAT);

	ck_assert_int_eq(nhrp_build_registration_reply(&reply, &rx, codes, &hub, &seen), 0);
	over_the_wire(&reply, buf2, sizeof(buf2), &rx_reply);
	ck_assert_int_eq(rx_reply.type, NHRP_REGISTRATION_REPLY);
	ck_assert_uint_eq(rx_reply.request_id, 77);
	ck_assert_uint_eq(rx_reply.flags, req.flags);
	ck_assert(nhrp_addr_equal(&rx_reply.src_proto, &spoke.proto)); /* RFC: not swapped */
	ck_assert_int_eq(rx_reply.n_cies, 1);
	ck_assert_int_eq(rx_reply.cies[0].code, NHRP_CODE_SUCCESS);
	ck_assert_int_eq(nhrp_auth_check(&rx_reply, spoke.auth), 0);
	/* Extensions in the request's order. */
	ck_assert_int_eq(rx_reply.n_exts, rx.n_exts);
	for (unsigned i = 0; i < rx.n_exts; i++)
		ck_assert_int_eq(rx_reply.exts[i].type, rx.exts[i].type);
	e = nhrp_packet_find_ext(&rx_reply, NHRP_EXT_RESPONDER);
	ck_assert_int_eq(e->n_cies, 1);
	ck_assert(nhrp_addr_equal(&e->cies[0].proto, &hub.proto));
	ck_assert(nhrp_addr_equal(&e->cies[0].nbma, &hub.nbma));
	ck_assert_int_eq(nhrp_packet_find_ext(&rx_reply, NHRP_EXT_FWD_TRANSIT)->n_cies, 0);
	e = nhrp_packet_find_ext(&rx_reply, NHRP_EXT_NAT_ADDRESS);
	ck_assert_int_eq(e->n_cies, 2);
	ck_assert(nhrp_addr_equal(&e->cies[0].nbma, &hub.nbma));
	ck_assert(nhrp_addr_equal(&e->cies[1].nbma, &seen));
	ck_assert(nhrp_addr_equal(&e->cies[1].proto, &spoke.proto));

	/* Another NBMA claims 172.16.0.11. */
	{
		struct nhrp_local other = spoke;
		struct nhrp_addr other_seen = a4(198, 51, 100, 99);

		other.nbma = other_seen;
		ck_assert_int_eq(nhrp_build_registration_request(&req, &other, &nhs, &nhs_nbma, 78,
								 true),
				 0);
		over_the_wire(&req, buf, sizeof(buf), &rx);
		nhrp_registration_from_request(&r, &rx, 0, TUN0, &other_seen);
		codes[0] = nhrp_cache_register(&cache, &r);
		ck_assert_int_eq(codes[0], NHRP_CODE_ALREADY_REGISTERED);
		ck_assert_int_eq(nhrp_build_registration_reply(&reply, &rx, codes, &hub,
							       &other_seen),
				 0);
		over_the_wire(&reply, buf2, sizeof(buf2), &rx_reply);
		ck_assert_int_eq(rx_reply.cies[0].code, NHRP_CODE_ALREADY_REGISTERED);
		/* Not NATed: the NAT extension is only echoed. */
		ck_assert_int_eq(nhrp_packet_find_ext(&rx_reply, NHRP_EXT_NAT_ADDRESS)->n_cies, 1);
	}
	nhrp_cache_free(&cache);
}
END_TEST

/* IOS leaves the CIE addresses empty and may send prefix 0. */
START_TEST(test_registration_from_cisco_cie)
{
	struct nhrp_packet req;
	struct nhrp_registration r;
	struct nhrp_addr seen = spoke.nbma, none = {0};

	ck_assert_int_eq(nhrp_build_registration_request(&req, &spoke, &hub.proto, &hub.nbma, 1,
							 false),
			 0);
	req.cies[0].nbma = none;
	req.cies[0].proto = none;
	req.cies[0].prefix_len = 0;
	nhrp_registration_from_request(&r, &req, 0, TUN0, &seen);
	ck_assert(nhrp_addr_equal(&r.proto, &spoke.proto));
	ck_assert(nhrp_addr_equal(&r.claimed_nbma, &spoke.nbma));
	ck_assert_int_eq(r.prefix_len, NHRP_PREFIX_UNIQUE);
	ck_assert_int_eq(r.holdtime, 7200);
	ck_assert(!r.unique);
}
END_TEST

START_TEST(test_resolution_exchange)
{
	struct nhrp_local peer = spoke;
	struct nhrp_addr target = a4(172, 16, 0, 22);
	struct nhrp_packet req, rx, reply, rx_reply;
	const struct nhrp_ext *e;
	uint8_t buf[1024], buf2[1024];

	peer.nbma = a4(198, 51, 100, 22);
	peer.proto = target;
	ck_assert_int_eq(nhrp_build_resolution_request(&req, &spoke, &target, 5), 0);
	ck_assert_uint_eq(req.flags, NHRP_FLAG_RES_Q | NHRP_FLAG_RES_A | NHRP_FLAG_RES_S |
					     NHRP_FLAG_CISCO_NAT);
	over_the_wire(&req, buf, sizeof(buf), &rx);
	ck_assert(nhrp_addr_equal(&rx.dst_proto, &target));
	ck_assert_int_eq(rx.cies[0].holdtime, 7200);

	/* The destination spoke answers for itself. */
	ck_assert_int_eq(nhrp_build_resolution_reply(&reply, &rx, &peer, NHRP_CODE_SUCCESS,
						     &peer.proto, 32, &peer.nbma),
			 0);
	over_the_wire(&reply, buf2, sizeof(buf2), &rx_reply);
	ck_assert_int_eq(rx_reply.type, NHRP_RESOLUTION_REPLY);
	ck_assert_uint_eq(rx_reply.request_id, 5);
	ck_assert(rx_reply.flags & NHRP_FLAG_RES_A);
	ck_assert(rx_reply.flags & NHRP_FLAG_RES_U); /* our own address */
	ck_assert(nhrp_addr_equal(&rx_reply.src_proto, &spoke.proto));
	ck_assert_int_eq(rx_reply.n_cies, 1);
	ck_assert(nhrp_addr_equal(&rx_reply.cies[0].nbma, &peer.nbma));
	ck_assert(nhrp_addr_equal(&rx_reply.cies[0].proto, &target));
	e = nhrp_packet_find_ext(&rx_reply, NHRP_EXT_RESPONDER);
	ck_assert(nhrp_addr_equal(&e->cies[0].proto, &peer.proto));
	ck_assert_int_eq(nhrp_packet_find_ext(&rx_reply, NHRP_EXT_NAT_ADDRESS)->n_cies, 0);
	ck_assert_int_eq(nhrp_auth_check(&rx_reply, spoke.auth), 0);

	/* A NAK carries no binding. */
	ck_assert_int_eq(nhrp_build_resolution_reply(&reply, &rx, &hub, NHRP_CODE_NO_BINDING, NULL,
						     0, NULL),
			 0);
	over_the_wire(&reply, buf2, sizeof(buf2), &rx_reply);
	ck_assert_int_eq(rx_reply.cies[0].code, NHRP_CODE_NO_BINDING);
	ck_assert(!(rx_reply.flags & NHRP_FLAG_RES_U));
	ck_assert_int_eq(rx_reply.cies[0].nbma.len, 0);

	ck_assert_int_eq(nhrp_build_resolution_reply(&reply, &rx, &peer, NHRP_CODE_SUCCESS,
						     &peer.proto, 33, &peer.nbma),
			 -EINVAL);
	/* A request in other address families than ours is not answered. */
	rx.pro_type = NHRP_PRO_IPV6;
	ck_assert_int_eq(nhrp_build_resolution_reply(&reply, &rx, &peer, NHRP_CODE_SUCCESS,
						     &peer.proto, 32, &peer.nbma),
			 -EINVAL);
	rx.pro_type = NHRP_PRO_IPV4;
	ck_assert_int_eq(nhrp_build_resolution_reply(&reply, &reply, &peer, NHRP_CODE_SUCCESS,
						     &peer.proto, 32, &peer.nbma),
			 -EINVAL);
}
END_TEST

START_TEST(test_purge_exchange)
{
	struct nhrp_addr gone = a4(172, 16, 0, 40);
	struct nhrp_packet req, rx, reply, rx_reply;
	struct nhrp_local noauth = hub;
	uint8_t buf[1024], buf2[1024];

	ck_assert_int_eq(nhrp_build_purge_request(&req, &hub, &spoke.proto, &gone, 32, false, 11),
			 0);
	over_the_wire(&req, buf, sizeof(buf), &rx);
	ck_assert_uint_eq(rx.flags, 0);
	ck_assert_int_eq(rx.cies[0].prefix_len, 32);
	ck_assert(nhrp_addr_equal(&rx.cies[0].proto, &gone));
	ck_assert_int_eq(rx.cies[0].holdtime, 0);
	ck_assert_int_eq(nhrp_build_purge_reply(&reply, &rx, &spoke), 0);
	over_the_wire(&reply, buf2, sizeof(buf2), &rx_reply);
	ck_assert_int_eq(rx_reply.type, NHRP_PURGE_REPLY);
	ck_assert_uint_eq(rx_reply.request_id, 11);
	ck_assert(nhrp_addr_equal(&rx_reply.cies[0].proto, &gone));
	ck_assert_int_eq(nhrp_auth_check(&rx_reply, hub.auth), 0);

	/* Without a secret the reply drops the authentication. */
	noauth.auth = NULL;
	ck_assert_int_eq(nhrp_build_purge_reply(&reply, &rx, &noauth), 0);
	ck_assert_ptr_null(nhrp_packet_find_ext(&reply, NHRP_EXT_AUTH));
	ck_assert_int_eq(nhrp_build_purge_request(&req, &hub, &spoke.proto, &gone, 40, true, 1),
			 -EINVAL);
	ck_assert_int_eq(nhrp_build_purge_request(&req, &hub, &spoke.proto, &gone, 24, true, 1), 0);
	ck_assert_uint_eq(req.flags, NHRP_FLAG_PURGE_N);
}
END_TEST

START_TEST(test_traffic_indication)
{
	static const uint8_t ip6[40] = {0x60};
	struct nhrp_packet p, rx;
	uint8_t buf[1024];

	ck_assert_int_eq(nhrp_build_traffic_indication(&p, &hub, nhrp_sample_ip_packet,
						       sizeof(nhrp_sample_ip_packet), 28),
			 0);
	over_the_wire(&p, buf, sizeof(buf), &rx);
	ck_assert_int_eq(rx.type, NHRP_TRAFFIC_INDICATION);
	ck_assert_int_eq(rx.hop_count, 1);
	ck_assert_int_eq(rx.traffic_code, NHRP_TRAFFIC_REDIRECT);
	ck_assert_uint_eq(rx.payload_len, 28);
	ck_assert_mem_eq(rx.payload, nhrp_sample_ip_packet, 28);
	{
		struct nhrp_addr src = a4(10, 1, 1, 1);

		ck_assert(nhrp_addr_equal(&rx.dst_proto, &src));
	}
	ck_assert_int_eq(nhrp_auth_check(&rx, "NHRPkey"), 0);
	/* An IPv6 packet on an IPv4 tunnel, or no IP packet at all. */
	ck_assert_int_eq(nhrp_build_traffic_indication(&p, &hub, ip6, sizeof(ip6), 128), -EINVAL);
	ck_assert_int_eq(nhrp_build_traffic_indication(&p, &hub, nhrp_sample_ip_packet, 19, 128),
			 -EINVAL);
	ck_assert_int_eq(nhrp_build_traffic_indication(&p, &hub, (const uint8_t *)"\x10", 1, 128),
			 -EINVAL);
}
END_TEST

START_TEST(test_auth_check)
{
	struct nhrp_packet p;
	struct nhrp_local other = spoke;

	ck_assert_int_eq(nhrp_build_resolution_request(&p, &spoke, &hub.proto, 1), 0);
	ck_assert_int_eq(nhrp_auth_check(&p, NULL), 0);
	ck_assert_int_eq(nhrp_auth_check(&p, "NHRPkey"), 0);
	ck_assert_int_eq(nhrp_auth_check(&p, "NHRPke"), -EACCES);
	ck_assert_int_eq(nhrp_auth_check(&p, "NHRPkeY"), -EACCES);
	other.auth = NULL;
	ck_assert_int_eq(nhrp_build_resolution_request(&p, &other, &hub.proto, 1), 0);
	ck_assert_int_eq(nhrp_auth_check(&p, "NHRPkey"), -EACCES);
	/* Only the cleartext type is understood. */
	ck_assert_int_eq(nhrp_build_resolution_request(&p, &spoke, &hub.proto, 1), 0);
	p.exts[p.n_exts - 1].auth_type = 2;
	ck_assert_int_eq(nhrp_auth_check(&p, "NHRPkey"), -EACCES);
	/* Error Indications carry no extensions, so no authentication. */
	nhrp_sample(&p, NHRP_ERROR_INDICATION);
	ck_assert_int_eq(nhrp_auth_check(&p, "NHRPkey"), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("nhrp_build");
	TCase *tc = tcase_create("build");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_registration_request_bytes);
	tcase_add_test(tc, test_registration_request_variants);
	tcase_add_test(tc, test_registration_exchange);
	tcase_add_test(tc, test_registration_from_cisco_cie);
	tcase_add_test(tc, test_resolution_exchange);
	tcase_add_test(tc, test_purge_exchange);
	tcase_add_test(tc, test_traffic_indication);
	tcase_add_test(tc, test_auth_check);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
