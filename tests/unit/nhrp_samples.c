/* Representative NHRP packets shared by the codec, tshark and fuzz tests. */
#include <string.h>

#include "nhrp_samples.h"

void
nhrp_sample_addr4(struct nhrp_addr *a, uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
	const uint8_t b[4] = {b0, b1, b2, b3};

	nhrp_addr_set(a, b, 4);
}

void
nhrp_sample_cie(struct nhrp_cie *c, uint8_t code, uint8_t n)
{
	memset(c, 0, sizeof(*c));
	c->code = code;
	c->prefix_len = NHRP_PREFIX_UNIQUE;
	c->mtu = 1400;
	c->holdtime = 7200;
	c->preference = 255;
	nhrp_sample_addr4(&c->nbma, 198, 51, 100, n);
	nhrp_sample_addr4(&c->proto, 172, 16, 0, n);
}

const uint8_t nhrp_sample_ip_packet[36] = {
	/* ICMP echo 10.1.1.1 -> 10.2.2.2: IPv4 header, 16 octets of ICMP;
	 * both checksums are valid so dissectors find nothing to flag. */
	0x45, 0x00, 0x00, 0x24, 0x12, 0x34, 0x40, 0x00, 0x3f, 0x01, 0x12, 0xa0,
	0x0a, 0x01, 0x01, 0x01, 0x0a, 0x02, 0x02, 0x02, 0x08, 0x00, 0xf7, 0xfe,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

void
nhrp_sample(struct nhrp_packet *p, uint8_t type)
{
	memset(p, 0, sizeof(*p));
	p->afn = NHRP_AFN_IPV4;
	p->pro_type = NHRP_PRO_IPV4;
	p->type = type;
	p->hop_count = NHRP_HOPCNT_DEFAULT;
	p->request_id = 0x01020304u + type;
	nhrp_sample_addr4(&p->src_nbma, 198, 51, 100, 11);
	nhrp_sample_addr4(&p->src_proto, 172, 16, 0, 11);
	nhrp_sample_addr4(&p->dst_proto, 172, 16, 0, 1);
	switch (type) {
	case NHRP_RESOLUTION_REQUEST:
		p->flags = NHRP_FLAG_RES_Q | NHRP_FLAG_RES_S | NHRP_FLAG_CISCO_NAT;
		p->n_cies = 1;
		memset(&p->cies[0], 0, sizeof(p->cies[0]));
		p->cies[0].holdtime = 7200;
		p->cies[0].mtu = 1400;
		break;
	case NHRP_RESOLUTION_REPLY:
		p->flags = NHRP_FLAG_RES_Q | NHRP_FLAG_RES_A | NHRP_FLAG_RES_D | NHRP_FLAG_RES_S;
		p->n_cies = 1;
		nhrp_sample_cie(&p->cies[0], NHRP_CODE_SUCCESS, 22);
		p->cies[0].prefix_len = 24;
		break;
	case NHRP_REGISTRATION_REQUEST:
		p->hop_count = NHRP_HOPCNT_REGISTRATION;
		p->flags = NHRP_FLAG_REG_U | NHRP_FLAG_CISCO_NAT;
		p->n_cies = 1;
		nhrp_sample_cie(&p->cies[0], NHRP_CODE_SUCCESS, 11);
		break;
	case NHRP_REGISTRATION_REPLY:
		p->flags = NHRP_FLAG_REG_U | NHRP_FLAG_CISCO_NAT;
		p->n_cies = 2;
		nhrp_sample_cie(&p->cies[0], NHRP_CODE_SUCCESS, 11);
		nhrp_sample_cie(&p->cies[1], NHRP_CODE_ALREADY_REGISTERED, 12);
		break;
	case NHRP_PURGE_REQUEST:
		p->flags = NHRP_FLAG_PURGE_N;
		p->n_cies = 1;
		nhrp_sample_cie(&p->cies[0], NHRP_CODE_SUCCESS, 33);
		p->cies[0].nbma.len = 0;
		p->cies[0].prefix_len = 32;
		break;
	case NHRP_PURGE_REPLY:
		p->n_cies = 1;
		nhrp_sample_cie(&p->cies[0], NHRP_CODE_SUCCESS, 33);
		break;
	case NHRP_ERROR_INDICATION: {
		/* About a Resolution Request that ran out of hops. */
		static uint8_t offending[256];
		struct nhrp_packet inner;
		ssize_t n;

		nhrp_sample(&inner, NHRP_RESOLUTION_REQUEST);
		inner.hop_count = 0;
		n = nhrp_packet_encode(&inner, offending, sizeof(offending));
		p->hop_count = 0;
		p->request_id = 0;
		p->error_code = NHRP_ERR_HOP_COUNT_EXCEEDED;
		p->error_offset = 9;
		p->payload = offending;
		p->payload_len = n > 0 ? (size_t)n : 0;
		break;
	}
	case NHRP_TRAFFIC_INDICATION:
		p->hop_count = NHRP_HOPCNT_TRAFFIC_IND;
		p->request_id = 0;
		p->traffic_code = NHRP_TRAFFIC_REDIRECT;
		nhrp_sample_addr4(&p->dst_proto, 10, 1, 1, 1);
		p->payload = nhrp_sample_ip_packet;
		p->payload_len = sizeof(nhrp_sample_ip_packet);
		break;
	}
}

void
nhrp_sample_add_all_extensions(struct nhrp_packet *p)
{
	static const uint8_t vdata[] = {0xde, 0xad, 0xbe, 0xef, 0x01};
	static const uint8_t unknown[] = {1, 2, 3};
	struct nhrp_ext *e;

	nhrp_ext_set_auth(nhrp_packet_add_ext(p, NHRP_EXT_AUTH, true), "NHRPkey");
	nhrp_packet_add_ext(p, NHRP_EXT_RESPONDER, true);
	e = nhrp_packet_add_ext(p, NHRP_EXT_FWD_TRANSIT, true);
	e->n_cies = 2;
	nhrp_sample_cie(&e->cies[0], 0, 1);
	nhrp_sample_cie(&e->cies[1], 0, 2);
	e = nhrp_packet_add_ext(p, NHRP_EXT_REV_TRANSIT, true);
	e->n_cies = 1;
	nhrp_sample_cie(&e->cies[0], 0, 3);
	e = nhrp_packet_add_ext(p, NHRP_EXT_NAT_ADDRESS, false);
	e->n_cies = 2;
	nhrp_sample_cie(&e->cies[0], 0, 4);
	nhrp_sample_cie(&e->cies[1], 0, 5);
	nhrp_sample_addr4(&e->cies[1].nbma, 192, 0, 2, 77);
	e = nhrp_packet_add_ext(p, NHRP_EXT_VENDOR, false);
	e->vendor_id = 0x00000c; /* Cisco's OUI */
	e->data = vdata;
	e->data_len = sizeof(vdata);
	e = nhrp_packet_add_ext(p, 0x1234, false);
	e->data = unknown;
	e->data_len = sizeof(unknown);
}

