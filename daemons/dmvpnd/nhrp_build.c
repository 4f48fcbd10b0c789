/* The NHRP messages dmvpnd sends, and the authentication check. */
#include <errno.h>
#include <string.h>

#include "nhrp_build.h"

static bool
addr_ok(const struct nhrp_addr *a)
{
	return a->len == 4 || a->len == 16;
}

static bool
local_ok(const struct nhrp_local *me)
{
	return me && addr_ok(&me->nbma) && addr_ok(&me->proto) &&
	       (!me->auth || strlen(me->auth) <= NHRP_AUTH_SECRET_MAX);
}

/* A request we answer must use our address families: the reply carries
 * our addresses next to the requester's. */
static bool
same_family(const struct nhrp_packet *req, const struct nhrp_local *me)
{
	return req->afn == (me->nbma.len == 16 ? NHRP_AFN_IPV6 : NHRP_AFN_IPV4) &&
	       req->pro_type == (me->proto.len == 16 ? NHRP_PRO_IPV6 : NHRP_PRO_IPV4);
}

static uint8_t
host_bits(const struct nhrp_addr *a)
{
	return (uint8_t)(a->len * 8);
}

static void
base(struct nhrp_packet *p, const struct nhrp_local *me, uint8_t type, uint8_t hop_count)
{
	memset(p, 0, sizeof(*p));
	p->afn = me->nbma.len == 16 ? NHRP_AFN_IPV6 : NHRP_AFN_IPV4;
	p->pro_type = me->proto.len == 16 ? NHRP_PRO_IPV6 : NHRP_PRO_IPV4;
	p->type = type;
	p->hop_count = hop_count;
	p->src_nbma = me->nbma;
	p->src_proto = me->proto;
}

/* A CIE describing us, as the Responder Address and registrations do. */
static void
cie_self(struct nhrp_cie *c, const struct nhrp_local *me, uint8_t prefix_len)
{
	memset(c, 0, sizeof(*c));
	c->code = NHRP_CODE_SUCCESS;
	c->prefix_len = prefix_len;
	c->mtu = me->mtu;
	c->holdtime = me->holdtime;
	c->nbma = me->nbma;
	c->proto = me->proto;
}

static int
add_empty(struct nhrp_packet *p, uint16_t type, bool compulsory)
{
	return nhrp_packet_add_ext(p, type, compulsory) ? 0 : -EINVAL;
}

static int
add_auth(struct nhrp_packet *p, const struct nhrp_local *me)
{
	struct nhrp_ext *e;

	if (!me->auth)
		return 0;
	e = nhrp_packet_add_ext(p, NHRP_EXT_AUTH, true);
	return e ? nhrp_ext_set_auth(e, me->auth) : -EINVAL;
}

int
nhrp_build_registration_request(struct nhrp_packet *p, const struct nhrp_local *me,
				const struct nhrp_addr *nhs_proto, const struct nhrp_addr *nhs_nbma,
				uint32_t request_id, bool unique)
{
	struct nhrp_ext *nat;

	if (!local_ok(me) || (nhs_proto->len && nhs_proto->len != me->proto.len) ||
	    (nhs_nbma->len && nhs_nbma->len != me->nbma.len))
		return -EINVAL;
	/* IOS drops registrations with hop count 0 (FRR #951). */
	base(p, me, NHRP_REGISTRATION_REQUEST, NHRP_HOPCNT_REGISTRATION);
	p->flags = NHRP_FLAG_CISCO_NAT | (unique ? NHRP_FLAG_REG_U : 0);
	p->request_id = request_id;
	/* An NHC that does not know its NHS's address registers to itself. */
	p->dst_proto = nhs_proto->len ? *nhs_proto : me->proto;
	p->n_cies = 1;
	cie_self(&p->cies[0], me, unique ? NHRP_PREFIX_UNIQUE : host_bits(&me->proto));

	if (add_empty(p, NHRP_EXT_FWD_TRANSIT, true) || add_empty(p, NHRP_EXT_REV_TRANSIT, true) ||
	    add_empty(p, NHRP_EXT_RESPONDER, true))
		return -EINVAL;
	/* The NAT extension names the NHS as we know it; the NHS echoes it
	 * and appends the address it saw if a NAT rewrote ours. */
	nat = nhrp_packet_add_ext(p, NHRP_EXT_NAT_ADDRESS, false);
	if (!nat)
		return -EINVAL;
	nat->n_cies = 1;
	nat->cies[0].prefix_len = host_bits(&me->proto);
	nat->cies[0].nbma.len = me->nbma.len;
	if (nhs_nbma->len)
		nat->cies[0].nbma = *nhs_nbma;
	nat->cies[0].proto.len = me->proto.len;
	if (nhs_proto->len)
		nat->cies[0].proto = *nhs_proto;
	return add_auth(p, me);
}

void
nhrp_registration_from_request(struct nhrp_registration *r, const struct nhrp_packet *req,
			       unsigned cie, int ifindex, const struct nhrp_addr *seen_nbma)
{
	const struct nhrp_cie *c = &req->cies[cie];

	memset(r, 0, sizeof(*r));
	r->ifindex = ifindex;
	r->proto = c->proto.len ? c->proto : req->src_proto;
	/* 0 and 0xff both mean "this address only". */
	r->prefix_len = c->prefix_len ? c->prefix_len : NHRP_PREFIX_UNIQUE;
	r->nbma = *seen_nbma;
	r->claimed_nbma = c->nbma.len ? c->nbma : req->src_nbma;
	r->mtu = c->mtu;
	r->holdtime = c->holdtime;
	r->unique = req->flags & NHRP_FLAG_REG_U;
}

/*
 * The extensions of a reply (RFC 2332 5.3): those of the request in their
 * order, Responder Address filled with us, authentication regenerated with
 * our secret (or dropped without one), and when nat_seen is given and
 * differs from what the requester claimed, the NAT extension gets a CIE
 * with the address we saw. Authentication is appended if we have a secret
 * and the request had none.
 */
static int
reply_extensions(struct nhrp_packet *reply, const struct nhrp_packet *req,
		 const struct nhrp_local *me, const struct nhrp_addr *nat_seen)
{
	bool have_auth = false;
	unsigned n = 0;

	for (unsigned i = 0; i < req->n_exts; i++) {
		const struct nhrp_ext *in = &req->exts[i];
		struct nhrp_ext *out = &reply->exts[n];

		*out = *in;
		switch (in->type) {
		case NHRP_EXT_RESPONDER:
			out->n_cies = 1;
			cie_self(&out->cies[0], me, host_bits(&me->proto));
			break;
		case NHRP_EXT_AUTH:
			if (!me->auth)
				continue; /* dropped */
			if (nhrp_ext_set_auth(out, me->auth) < 0)
				return -EINVAL;
			have_auth = true;
			break;
		case NHRP_EXT_NAT_ADDRESS:
			if (nat_seen && !nhrp_addr_equal(nat_seen, &req->src_nbma) &&
			    out->n_cies < NHRP_MAX_CIES) {
				struct nhrp_cie *c = &out->cies[out->n_cies++];

				memset(c, 0, sizeof(*c));
				c->prefix_len = host_bits(&req->src_proto);
				c->mtu = me->mtu;
				c->nbma = *nat_seen;
				c->proto = req->src_proto;
			}
			break;
		}
		n++;
	}
	reply->n_exts = (uint8_t)n;
	return have_auth ? 0 : add_auth(reply, me);
}

int
nhrp_build_registration_reply(struct nhrp_packet *reply, const struct nhrp_packet *req,
			      const uint8_t *codes, const struct nhrp_local *me,
			      const struct nhrp_addr *seen_nbma)
{
	if (!local_ok(me) || req->type != NHRP_REGISTRATION_REQUEST || reply == req ||
	    !same_family(req, me))
		return -EINVAL;
	*reply = *req;
	reply->type = NHRP_REGISTRATION_REPLY;
	reply->hop_count = NHRP_HOPCNT_DEFAULT;
	/* A requester that does not know us (nhs dynamic) addressed the
	 * request to itself; it learns us from the reply's destination (FRR)
	 * or its Responder Address (IOS, dmvpnd). */
	if (nhrp_addr_equal(&req->dst_proto, &req->src_proto))
		reply->dst_proto = me->proto;
	for (unsigned i = 0; i < reply->n_cies; i++)
		reply->cies[i].code = codes[i];
	return reply_extensions(reply, req, me, seen_nbma);
}

int
nhrp_build_resolution_request(struct nhrp_packet *p, const struct nhrp_local *me,
			      const struct nhrp_addr *target, uint32_t request_id)
{
	if (!local_ok(me) || target->len != me->proto.len)
		return -EINVAL;
	base(p, me, NHRP_RESOLUTION_REQUEST, NHRP_HOPCNT_DEFAULT);
	p->flags = NHRP_FLAG_RES_Q | NHRP_FLAG_RES_A | NHRP_FLAG_RES_S | NHRP_FLAG_CISCO_NAT;
	p->request_id = request_id;
	p->dst_proto = *target;
	/* Our holdtime and MTU as requester; the addresses come back filled. */
	p->n_cies = 1;
	p->cies[0].prefix_len = host_bits(&me->proto);
	p->cies[0].mtu = me->mtu;
	p->cies[0].holdtime = me->holdtime;
	if (add_empty(p, NHRP_EXT_RESPONDER, true) || add_empty(p, NHRP_EXT_FWD_TRANSIT, true) ||
	    add_empty(p, NHRP_EXT_REV_TRANSIT, true) ||
	    add_empty(p, NHRP_EXT_NAT_ADDRESS, false))
		return -EINVAL;
	return add_auth(p, me);
}

int
nhrp_build_resolution_reply(struct nhrp_packet *reply, const struct nhrp_packet *req,
			    const struct nhrp_local *me, uint8_t code,
			    const struct nhrp_addr *answer_proto, uint8_t prefix_len,
			    const struct nhrp_addr *answer_nbma)
{
	struct nhrp_cie *c;

	if (!local_ok(me) || req->type != NHRP_RESOLUTION_REQUEST || reply == req ||
	    !same_family(req, me))
		return -EINVAL;
	if (code == NHRP_CODE_SUCCESS &&
	    (answer_proto->len != me->proto.len || answer_nbma->len != me->nbma.len ||
	     prefix_len > host_bits(answer_proto)))
		return -EINVAL;
	*reply = *req;
	reply->type = NHRP_RESOLUTION_REPLY;
	reply->hop_count = NHRP_HOPCNT_DEFAULT;
	reply->flags = req->flags | NHRP_FLAG_RES_A | NHRP_FLAG_RES_D;
	/* Our own address is bound to us alone (OpenNHRP sets U too). */
	if (code == NHRP_CODE_SUCCESS && nhrp_addr_equal(answer_proto, &me->proto))
		reply->flags |= NHRP_FLAG_RES_U;
	reply->n_cies = 1;
	c = &reply->cies[0];
	memset(c, 0, sizeof(*c));
	c->code = code;
	c->holdtime = me->holdtime;
	c->mtu = me->mtu;
	if (code == NHRP_CODE_SUCCESS) {
		c->prefix_len = prefix_len;
		c->nbma = *answer_nbma;
		c->proto = *answer_proto;
	} else {
		c->prefix_len = host_bits(&req->dst_proto);
	}
	return reply_extensions(reply, req, me, NULL);
}

int
nhrp_build_purge_request(struct nhrp_packet *p, const struct nhrp_local *me,
			 const struct nhrp_addr *dst_proto, const struct nhrp_addr *proto,
			 uint8_t prefix_len, bool no_reply, uint32_t request_id)
{
	if (!local_ok(me) || dst_proto->len != me->proto.len || proto->len != me->proto.len ||
	    prefix_len > host_bits(proto))
		return -EINVAL;
	base(p, me, NHRP_PURGE_REQUEST, NHRP_HOPCNT_DEFAULT);
	p->flags = no_reply ? NHRP_FLAG_PURGE_N : 0;
	p->request_id = request_id;
	p->dst_proto = *dst_proto;
	/* RFC 2332 5.2.5: code, MTU, holdtime and preference zero; only the
	 * protocol address and prefix say what to purge. */
	p->n_cies = 1;
	p->cies[0].prefix_len = prefix_len;
	p->cies[0].proto = *proto;
	return add_auth(p, me);
}

int
nhrp_build_purge_reply(struct nhrp_packet *reply, const struct nhrp_packet *req,
		       const struct nhrp_local *me)
{
	if (!local_ok(me) || req->type != NHRP_PURGE_REQUEST || reply == req ||
	    !same_family(req, me))
		return -EINVAL;
	*reply = *req;
	reply->type = NHRP_PURGE_REPLY;
	reply->hop_count = NHRP_HOPCNT_DEFAULT;
	return reply_extensions(reply, req, me, NULL);
}

int
nhrp_build_traffic_indication(struct nhrp_packet *p, const struct nhrp_local *me,
			      const uint8_t *ip, size_t len, size_t max_payload)
{
	struct nhrp_addr src;

	if (!local_ok(me) || !ip || len < 1)
		return -EINVAL;
	if (ip[0] >> 4 == 4 && len >= 20)
		nhrp_addr_set(&src, ip + 12, 4);
	else if (ip[0] >> 4 == 6 && len >= 40)
		nhrp_addr_set(&src, ip + 8, 16);
	else
		return -EINVAL;
	if (src.len != me->proto.len)
		return -EINVAL;
	/* IOS drops Traffic Indications with hop count 0 (FRR PR #8234). */
	base(p, me, NHRP_TRAFFIC_INDICATION, NHRP_HOPCNT_TRAFFIC_IND);
	p->traffic_code = NHRP_TRAFFIC_REDIRECT;
	p->dst_proto = src;
	p->payload = ip;
	p->payload_len = len < max_payload ? len : max_payload;
	/* Without it IOS spokes configured with authentication ignore the
	 * redirect (FRR #16371). */
	return add_auth(p, me);
}

int
nhrp_auth_check(const struct nhrp_packet *p, const char *secret)
{
	const struct nhrp_ext *e;
	size_t len;

	if (!secret || p->type == NHRP_ERROR_INDICATION)
		return 0;
	e = nhrp_packet_find_ext(p, NHRP_EXT_AUTH);
	len = strlen(secret);
	if (!e || e->auth_type != NHRP_AUTH_CLEARTEXT || e->auth_len != len ||
	    memcmp(e->auth_secret, secret, len) != 0)
		return -EACCES;
	return 0;
}
