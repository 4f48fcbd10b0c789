/* NHRP packet codec (RFC 2332 with the Cisco DMVPN additions). */
#include <errno.h>
#include <string.h>

#include "nhrp_packet.h"

/* Read cursor over [pos, end): every read is bounds checked. */
struct rd {
	const uint8_t *buf;
	size_t pos;
	size_t end;
};

static bool
rd_has(const struct rd *r, size_t n)
{
	return r->pos <= r->end && n <= r->end - r->pos;
}

static uint8_t
rd_u8(struct rd *r)
{
	return r->buf[r->pos++];
}

static uint16_t
rd_u16(struct rd *r)
{
	uint16_t v = (uint16_t)(r->buf[r->pos] << 8 | r->buf[r->pos + 1]);

	r->pos += 2;
	return v;
}

static uint32_t
rd_u32(struct rd *r)
{
	uint32_t v = (uint32_t)r->buf[r->pos] << 24 | (uint32_t)r->buf[r->pos + 1] << 16 |
		     (uint32_t)r->buf[r->pos + 2] << 8 | r->buf[r->pos + 3];

	r->pos += 4;
	return v;
}

/* Write cursor; a write past the end sets overflow and writes nothing. */
struct wr {
	uint8_t *buf;
	size_t pos;
	size_t size;
	bool overflow;
};

static bool
wr_room(struct wr *w, size_t n)
{
	if (w->overflow || n > w->size - w->pos) {
		w->overflow = true;
		return false;
	}
	return true;
}

static void
wr_u8(struct wr *w, uint8_t v)
{
	if (wr_room(w, 1))
		w->buf[w->pos++] = v;
}

static void
wr_u16(struct wr *w, uint16_t v)
{
	if (wr_room(w, 2)) {
		w->buf[w->pos++] = (uint8_t)(v >> 8);
		w->buf[w->pos++] = (uint8_t)v;
	}
}

static void
wr_u32(struct wr *w, uint32_t v)
{
	wr_u16(w, (uint16_t)(v >> 16));
	wr_u16(w, (uint16_t)v);
}

static void
wr_bytes(struct wr *w, const void *p, size_t n)
{
	if (n && wr_room(w, n)) {
		memcpy(w->buf + w->pos, p, n);
		w->pos += n;
	}
}

static void
put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

uint16_t
nhrp_checksum(const uint8_t *data, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(data[i] << 8 | data[i + 1]);
	if (len & 1)
		sum += (uint32_t)data[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static unsigned
afn_addr_len(uint16_t afn)
{
	switch (afn) {
	case NHRP_AFN_IPV4:
		return 4;
	case NHRP_AFN_IPV6:
		return 16;
	}
	return 0;
}

static unsigned
pro_addr_len(uint16_t pro)
{
	switch (pro) {
	case NHRP_PRO_IPV4:
		return 4;
	case NHRP_PRO_IPV6:
		return 16;
	}
	return 0;
}

static bool
addr_valid_proto(const struct nhrp_addr *a)
{
	return a->len == 4 || a->len == 16;
}

/* An address field is either absent or exactly its family's size. */
static bool
addr_len_ok(unsigned len, unsigned family_len)
{
	return len == 0 || len == family_len;
}

/* A type/length octet for an IP NBMA: NSAP type, reserved bit clear. */
static bool
nbma_tl_ok(uint8_t tl, unsigned family_len)
{
	if (tl & (NHRP_TL_RESERVED | NHRP_TL_TYPE_E164))
		return false;
	return addr_len_ok(tl & NHRP_TL_LEN_MASK, family_len);
}

static bool
is_indication(uint8_t type)
{
	return type == NHRP_ERROR_INDICATION || type == NHRP_TRAFFIC_INDICATION;
}

static bool
ext_has_cies(uint16_t type)
{
	switch (type) {
	case NHRP_EXT_RESPONDER:
	case NHRP_EXT_FWD_TRANSIT:
	case NHRP_EXT_REV_TRANSIT:
	case NHRP_EXT_NAT_ADDRESS:
		return true;
	}
	return false;
}

static bool
ext_is_known(uint16_t type)
{
	return ext_has_cies(type) || type == NHRP_EXT_AUTH || type == NHRP_EXT_VENDOR;
}

/* Known types other than Vendor-Private; those we cannot judge may repeat. */
static bool
once_only(uint16_t type)
{
	return ext_is_known(type) && type != NHRP_EXT_VENDOR;
}

/* --- Decoding ----------------------------------------------------------- */

struct dec {
	const uint8_t *buf;
	struct nhrp_packet *pkt;
	struct nhrp_decode_result *res;
	unsigned nbma_len; /* address size for the packet's afn */
	unsigned proto_len; /* address size for the packet's pro.type */
	unsigned flags;	    /* NHRP_DECODE_* */
};

static int
refuse(struct dec *d, enum nhrp_drop_reason reason, uint16_t error_code, size_t offset)
{
	d->res->reason = reason;
	d->res->error_code = error_code;
	d->res->error_offset = (uint16_t)offset;
	return -1;
}

static void
read_addr(struct rd *r, struct nhrp_addr *a, unsigned len)
{
	a->len = (uint8_t)len;
	memcpy(a->bytes, r->buf + r->pos, len);
	r->pos += len;
}

/* Parses CIEs filling [r->pos, r->end) exactly. On failure returns the
 * reason and leaves the offending CIE's offset in *where. */
static enum nhrp_drop_reason
decode_cies(struct dec *d, struct rd *r, struct nhrp_cie *cies, uint8_t *n_cies, size_t *where)
{
	*n_cies = 0;
	while (r->pos < r->end) {
		struct nhrp_cie *c;
		uint8_t ntl, stl, plen;

		*where = r->pos;
		if (!rd_has(r, NHRP_CIE_HDR_LEN))
			return NHRP_DROP_BAD_LENGTH;
		if (*n_cies == NHRP_MAX_CIES)
			return NHRP_DROP_TOO_MANY;
		c = &cies[(*n_cies)++];
		memset(c, 0, sizeof(*c));
		c->code = rd_u8(r);
		c->prefix_len = rd_u8(r);
		r->pos += 2; /* unused */
		c->mtu = rd_u16(r);
		c->holdtime = rd_u16(r);
		ntl = rd_u8(r);
		stl = rd_u8(r);
		plen = rd_u8(r);
		c->preference = rd_u8(r);
		if (!nbma_tl_ok(ntl, d->nbma_len) || stl != 0 || !addr_len_ok(plen, d->proto_len))
			return NHRP_DROP_BAD_ADDRESS;
		if (!rd_has(r, (size_t)ntl + plen))
			return NHRP_DROP_BAD_LENGTH;
		read_addr(r, &c->nbma, ntl);
		read_addr(r, &c->proto, plen);
	}
	return NHRP_DROP_NONE;
}

static int
decode_fixed(struct dec *d, size_t len, size_t *pktsz, size_t *extoff)
{
	const uint8_t *b = d->buf;
	struct nhrp_packet *pkt = d->pkt;
	struct rd r = {.buf = b, .pos = 0, .end = len};
	uint8_t snap[NHRP_SNAP_LEN];
	uint8_t version, shtl, sstl;
	uint16_t err7;

	if (len < NHRP_FIXED_HDR_LEN)
		return refuse(d, NHRP_DROP_TRUNCATED, 0, 0);

	pkt->afn = rd_u16(&r);
	pkt->pro_type = rd_u16(&r);
	memcpy(snap, b + r.pos, sizeof(snap));
	r.pos += sizeof(snap);
	pkt->hop_count = rd_u8(&r);
	*pktsz = rd_u16(&r);
	r.pos += 2; /* checksum, verified over the whole packet below */
	*extoff = rd_u16(&r);
	version = rd_u8(&r);
	pkt->type = rd_u8(&r);
	shtl = rd_u8(&r);
	sstl = rd_u8(&r);

	if (*pktsz < NHRP_FIXED_HDR_LEN)
		return refuse(d, NHRP_DROP_BAD_LENGTH, 0, 10);
	if (*pktsz > len)
		return refuse(d, NHRP_DROP_TRUNCATED, 0, 10);
	if (nhrp_checksum(b, *pktsz) != 0)
		return refuse(d, NHRP_DROP_BAD_CHECKSUM, 0, 12);

	/* Never answer an Error Indication with another one. */
	err7 = pkt->type == NHRP_ERROR_INDICATION ? 0 : NHRP_ERR_PROTOCOL;
	if (version != NHRP_VERSION_RFC2332)
		return refuse(d, NHRP_DROP_BAD_VERSION, err7, 16);
	if (pkt->type < 1 || pkt->type > NHRP_TYPE_MAX)
		return refuse(d, NHRP_DROP_BAD_TYPE, 0, 17);
	d->nbma_len = afn_addr_len(pkt->afn);
	if (!d->nbma_len)
		return refuse(d, NHRP_DROP_BAD_AFN, err7, 0);
	d->proto_len = pro_addr_len(pkt->pro_type);
	if (!d->proto_len)
		return refuse(d, NHRP_DROP_BAD_PROTOCOL, err7, 2);
	for (size_t i = 0; i < sizeof(snap); i++)
		if (snap[i])
			return refuse(d, NHRP_DROP_BAD_PROTOCOL, err7, 4 + i);
	if (!nbma_tl_ok(shtl, d->nbma_len))
		return refuse(d, NHRP_DROP_BAD_ADDRESS, err7, 18);
	if (sstl != 0)
		return refuse(d, NHRP_DROP_BAD_ADDRESS, err7, 19);
	pkt->src_nbma.len = shtl;
	if (*extoff && (*extoff < NHRP_FIXED_HDR_LEN + NHRP_MAND_HDR_LEN || *extoff > *pktsz))
		return refuse(d, NHRP_DROP_BAD_LENGTH, 0, 14);
	return 0;
}

static int
decode_mandatory(struct dec *d, size_t mand_end)
{
	struct nhrp_packet *pkt = d->pkt;
	struct rd r = {.buf = d->buf, .pos = NHRP_FIXED_HDR_LEN, .end = mand_end};
	uint16_t err7 = pkt->type == NHRP_ERROR_INDICATION ? 0 : NHRP_ERR_PROTOCOL;
	enum nhrp_drop_reason why;
	uint8_t spl, dpl;
	size_t where;

	if (!rd_has(&r, NHRP_MAND_HDR_LEN))
		return refuse(d, NHRP_DROP_BAD_LENGTH, 0, r.pos);
	spl = rd_u8(&r);
	dpl = rd_u8(&r);
	if (!addr_len_ok(spl, d->proto_len))
		return refuse(d, NHRP_DROP_BAD_ADDRESS, err7, 20);
	if (!addr_len_ok(dpl, d->proto_len))
		return refuse(d, NHRP_DROP_BAD_ADDRESS, err7, 21);
	switch (pkt->type) {
	case NHRP_ERROR_INDICATION:
		r.pos += 2; /* unused */
		pkt->error_code = rd_u16(&r);
		pkt->error_offset = rd_u16(&r);
		break;
	case NHRP_TRAFFIC_INDICATION:
		r.pos += 2; /* unused */
		pkt->traffic_code = rd_u16(&r);
		r.pos += 2; /* unused */
		break;
	default:
		pkt->flags = rd_u16(&r);
		pkt->request_id = rd_u32(&r);
		break;
	}
	if (!rd_has(&r, (size_t)pkt->src_nbma.len + spl + dpl))
		return refuse(d, NHRP_DROP_BAD_LENGTH, 0, r.pos);
	read_addr(&r, &pkt->src_nbma, pkt->src_nbma.len);
	read_addr(&r, &pkt->src_proto, spl);
	read_addr(&r, &pkt->dst_proto, dpl);

	if (is_indication(pkt->type)) {
		pkt->payload = d->buf + r.pos;
		pkt->payload_len = r.end - r.pos;
		if (!pkt->payload_len)
			pkt->payload = NULL;
		return 0;
	}
	why = decode_cies(d, &r, pkt->cies, &pkt->n_cies, &where);
	if (why == NHRP_DROP_NONE)
		return 0;
	return refuse(d, why, why == NHRP_DROP_BAD_ADDRESS ? err7 : 0, where);
}

/* Value of a known extension; r spans exactly the value. */
static enum nhrp_drop_reason
decode_ext_value(struct dec *d, struct rd *r, struct nhrp_ext *ext)
{
	size_t where;

	if (ext_has_cies(ext->type)) {
		enum nhrp_drop_reason why = decode_cies(d, r, ext->cies, &ext->n_cies, &where);

		/* A CIE that does not fit is a bad value, not a bad packet. */
		if (why == NHRP_DROP_BAD_LENGTH || why == NHRP_DROP_BAD_ADDRESS)
			return NHRP_DROP_BAD_EXTENSION;
		return why;
	}
	if (ext->type == NHRP_EXT_AUTH) {
		if (!rd_has(r, 4))
			return NHRP_DROP_BAD_EXTENSION;
		ext->auth_type = rd_u32(r);
		if (r->end - r->pos > NHRP_AUTH_SECRET_MAX)
			return NHRP_DROP_BAD_EXTENSION;
		ext->auth_len = (uint8_t)(r->end - r->pos);
		memcpy(ext->auth_secret, r->buf + r->pos, ext->auth_len);
		return NHRP_DROP_NONE;
	}
	if (ext->type == NHRP_EXT_VENDOR) {
		if (!rd_has(r, NHRP_VENDOR_ID_LEN))
			return NHRP_DROP_BAD_EXTENSION;
		ext->vendor_id = (uint32_t)rd_u8(r) << 16;
		ext->vendor_id |= rd_u16(r);
	}
	/* Vendor data and unknown extensions stay opaque. */
	ext->data_len = (uint16_t)(r->end - r->pos);
	ext->data = ext->data_len ? r->buf + r->pos : NULL;
	return NHRP_DROP_NONE;
}

static int
decode_extensions(struct dec *d, size_t extoff, size_t pktsz)
{
	struct nhrp_packet *pkt = d->pkt;
	struct rd r = {.buf = d->buf, .pos = extoff, .end = pktsz};
	bool no_error = pkt->type == NHRP_ERROR_INDICATION;

	while (r.pos < r.end) {
		size_t at = r.pos;
		uint16_t tc, vlen, type;
		bool compulsory;
		struct nhrp_ext *ext;
		struct rd v;
		enum nhrp_drop_reason why;

		if (!rd_has(&r, NHRP_EXT_HDR_LEN))
			return refuse(d, NHRP_DROP_BAD_LENGTH, 0, at);
		tc = rd_u16(&r);
		vlen = rd_u16(&r);
		if (!rd_has(&r, vlen))
			return refuse(d, NHRP_DROP_BAD_LENGTH, 0, at + 2);
		type = tc & NHRP_EXT_TYPE_MASK;
		compulsory = tc & NHRP_EXT_COMPULSORY;
		if (type == NHRP_EXT_END)
			break;
		if (!ext_is_known(type) && compulsory) {
			/* A transit NHS ignores (forwards) it; only the responder
			 * refuses it (RFC 2332 5.2.7, code 1). */
			if (!(d->flags & NHRP_DECODE_TRANSIT))
				return refuse(d, NHRP_DROP_UNKNOWN_EXT,
					      no_error ? 0 : NHRP_ERR_UNRECOGNIZED_EXT, at);
			if (!pkt->unrecognized_at)
				pkt->unrecognized_at = (uint16_t)at;
		}
		/* RFC 2332 5.3: a type occurs once, except Vendor-Private. */
		if (once_only(type) && nhrp_packet_find_ext(pkt, type))
			return refuse(d, NHRP_DROP_BAD_EXTENSION, no_error ? 0 : NHRP_ERR_INVALID_EXT,
				      at);
		if (pkt->n_exts == NHRP_MAX_EXTS)
			return refuse(d, NHRP_DROP_TOO_MANY, 0, at);
		ext = &pkt->exts[pkt->n_exts++];
		memset(ext, 0, sizeof(*ext));
		ext->type = type;
		ext->compulsory = compulsory;
		v = (struct rd){.buf = d->buf, .pos = r.pos, .end = r.pos + vlen};
		why = decode_ext_value(d, &v, ext);
		if (why == NHRP_DROP_BAD_EXTENSION)
			return refuse(d, why, no_error ? 0 : NHRP_ERR_INVALID_EXT, at);
		if (why != NHRP_DROP_NONE)
			return refuse(d, why, 0, at);
		r.pos += vlen;
	}
	return 0;
}

int
nhrp_packet_decode(const uint8_t *buf, size_t len, struct nhrp_packet *pkt,
		   struct nhrp_decode_result *res)
{
	return nhrp_packet_decode_flags(buf, len, pkt, res, 0);
}

int
nhrp_packet_decode_flags(const uint8_t *buf, size_t len, struct nhrp_packet *pkt,
			 struct nhrp_decode_result *res, unsigned flags)
{
	struct dec d = {.buf = buf, .pkt = pkt, .res = res, .flags = flags};
	size_t pktsz, extoff;

	memset(pkt, 0, sizeof(*pkt));
	memset(res, 0, sizeof(*res));
	if (!buf)
		return refuse(&d, NHRP_DROP_TRUNCATED, 0, 0);
	if (decode_fixed(&d, len, &pktsz, &extoff) < 0)
		return -1;
	if (decode_mandatory(&d, extoff ? extoff : pktsz) < 0)
		return -1;
	if (extoff && decode_extensions(&d, extoff, pktsz) < 0)
		return -1;
	return 0;
}

void
nhrp_decode_stats_count(struct nhrp_decode_stats *st, int rc, const struct nhrp_decode_result *res)
{
	if (rc == 0)
		st->accepted++;
	else if (res->reason > NHRP_DROP_NONE && res->reason < NHRP_DROP_REASON_MAX)
		st->dropped[res->reason]++;
}

/* --- Encoding ----------------------------------------------------------- */

static bool
cie_valid(const struct nhrp_cie *c, unsigned nbma_len, unsigned proto_len)
{
	return addr_len_ok(c->nbma.len, nbma_len) && addr_len_ok(c->proto.len, proto_len);
}

static bool
ext_valid(const struct nhrp_ext *e, unsigned nbma_len, unsigned proto_len)
{
	if (e->type == NHRP_EXT_END || e->type > NHRP_EXT_TYPE_MASK)
		return false;
	if (ext_has_cies(e->type)) {
		if (e->n_cies > NHRP_MAX_CIES)
			return false;
		for (unsigned i = 0; i < e->n_cies; i++)
			if (!cie_valid(&e->cies[i], nbma_len, proto_len))
				return false;
		return true;
	}
	if (e->type == NHRP_EXT_AUTH)
		return e->auth_len <= NHRP_AUTH_SECRET_MAX;
	if (e->data_len && !e->data)
		return false;
	if (e->type == NHRP_EXT_VENDOR)
		return e->vendor_id <= 0xffffff;
	/* Unknown types, compulsory or not, are forwarded as they came. */
	return true;
}

static bool
packet_valid(const struct nhrp_packet *pkt)
{
	unsigned nbma_len = afn_addr_len(pkt->afn);
	unsigned proto_len = pro_addr_len(pkt->pro_type);

	if (!nbma_len || !proto_len || pkt->type < 1 || pkt->type > NHRP_TYPE_MAX)
		return false;
	if (!addr_len_ok(pkt->src_nbma.len, nbma_len) ||
	    !addr_len_ok(pkt->src_proto.len, proto_len) ||
	    !addr_len_ok(pkt->dst_proto.len, proto_len))
		return false;
	if (is_indication(pkt->type)) {
		if (pkt->n_cies || (pkt->payload_len && !pkt->payload))
			return false;
	} else {
		if (pkt->n_cies > NHRP_MAX_CIES || pkt->payload_len)
			return false;
		for (unsigned i = 0; i < pkt->n_cies; i++)
			if (!cie_valid(&pkt->cies[i], nbma_len, proto_len))
				return false;
	}
	/* RFC 2332 5.2.7 allows no extensions in an Error Indication. The
	 * decoder still accepts them, as some peers add authentication. */
	if (pkt->n_exts > NHRP_MAX_EXTS || (pkt->type == NHRP_ERROR_INDICATION && pkt->n_exts))
		return false;
	for (unsigned i = 0; i < pkt->n_exts; i++) {
		if (!ext_valid(&pkt->exts[i], nbma_len, proto_len))
			return false;
		for (unsigned j = 0; j < i; j++)
			if (once_only(pkt->exts[i].type) && pkt->exts[j].type == pkt->exts[i].type)
				return false;
	}
	return true;
}

static void
encode_cie(struct wr *w, const struct nhrp_cie *c)
{
	wr_u8(w, c->code);
	wr_u8(w, c->prefix_len);
	wr_u16(w, 0);
	wr_u16(w, c->mtu);
	wr_u16(w, c->holdtime);
	wr_u8(w, c->nbma.len);
	wr_u8(w, 0); /* no subaddress */
	wr_u8(w, c->proto.len);
	wr_u8(w, c->preference);
	wr_bytes(w, c->nbma.bytes, c->nbma.len);
	wr_bytes(w, c->proto.bytes, c->proto.len);
}

static void
encode_ext(struct wr *w, const struct nhrp_ext *e)
{
	size_t hdr = w->pos, vlen;

	wr_u16(w, (uint16_t)(e->type | (e->compulsory ? NHRP_EXT_COMPULSORY : 0)));
	wr_u16(w, 0); /* length, patched below */
	if (ext_has_cies(e->type)) {
		for (unsigned i = 0; i < e->n_cies; i++)
			encode_cie(w, &e->cies[i]);
	} else if (e->type == NHRP_EXT_AUTH) {
		wr_u32(w, e->auth_type);
		wr_bytes(w, e->auth_secret, e->auth_len);
	} else {
		if (e->type == NHRP_EXT_VENDOR) {
			wr_u8(w, (uint8_t)(e->vendor_id >> 16));
			wr_u16(w, (uint16_t)e->vendor_id);
		}
		wr_bytes(w, e->data, e->data_len);
	}
	if (w->overflow)
		return;
	vlen = w->pos - hdr - NHRP_EXT_HDR_LEN;
	if (vlen > 0xffff) {
		w->overflow = true;
		return;
	}
	put_u16(w->buf + hdr + 2, (uint16_t)vlen);
}

ssize_t
nhrp_packet_encode(const struct nhrp_packet *pkt, uint8_t *buf, size_t size)
{
	struct wr w = {.buf = buf, .size = size > NHRP_PACKET_MAX ? NHRP_PACKET_MAX : size};
	size_t extoff = 0;

	if (!pkt || !buf || !packet_valid(pkt))
		return -EINVAL;

	wr_u16(&w, pkt->afn);
	wr_u16(&w, pkt->pro_type);
	for (int i = 0; i < NHRP_SNAP_LEN; i++)
		wr_u8(&w, 0);
	wr_u8(&w, pkt->hop_count);
	wr_u16(&w, 0); /* pktsz, patched */
	wr_u16(&w, 0); /* checksum, patched */
	wr_u16(&w, 0); /* extoff, patched */
	wr_u8(&w, NHRP_VERSION_RFC2332);
	wr_u8(&w, pkt->type);
	wr_u8(&w, pkt->src_nbma.len);
	wr_u8(&w, 0); /* no subaddress */

	wr_u8(&w, pkt->src_proto.len);
	wr_u8(&w, pkt->dst_proto.len);
	switch (pkt->type) {
	case NHRP_ERROR_INDICATION:
		wr_u16(&w, 0);
		wr_u16(&w, pkt->error_code);
		wr_u16(&w, pkt->error_offset);
		break;
	case NHRP_TRAFFIC_INDICATION:
		wr_u16(&w, 0);
		wr_u16(&w, pkt->traffic_code);
		wr_u16(&w, 0);
		break;
	default:
		wr_u16(&w, pkt->flags);
		wr_u32(&w, pkt->request_id);
		break;
	}
	wr_bytes(&w, pkt->src_nbma.bytes, pkt->src_nbma.len);
	wr_bytes(&w, pkt->src_proto.bytes, pkt->src_proto.len);
	wr_bytes(&w, pkt->dst_proto.bytes, pkt->dst_proto.len);
	if (is_indication(pkt->type))
		wr_bytes(&w, pkt->payload, pkt->payload_len);
	else
		for (unsigned i = 0; i < pkt->n_cies; i++)
			encode_cie(&w, &pkt->cies[i]);

	if (pkt->n_exts) {
		extoff = w.pos;
		for (unsigned i = 0; i < pkt->n_exts; i++)
			encode_ext(&w, &pkt->exts[i]);
		wr_u16(&w, NHRP_EXT_COMPULSORY | NHRP_EXT_END);
		wr_u16(&w, 0);
	}
	if (w.overflow)
		return size >= NHRP_PACKET_MAX ? -EINVAL : -ENOSPC;

	put_u16(buf + 10, (uint16_t)w.pos);
	put_u16(buf + 14, (uint16_t)extoff);
	put_u16(buf + 12, nhrp_checksum(buf, w.pos));
	return (ssize_t)w.pos;
}

int
nhrp_packet_error_indication(struct nhrp_packet *ei, const uint8_t *offending, size_t len,
			     const struct nhrp_decode_result *res,
			     const struct nhrp_addr *our_nbma, const struct nhrp_addr *our_proto)
{
	size_t pktsz, spl_at, src_at;
	uint8_t shtl, spl;

	if (!res->error_code || !offending || len < NHRP_FIXED_HDR_LEN)
		return -EINVAL;
	memset(ei, 0, sizeof(*ei));
	ei->afn = our_nbma->len == 16 ? NHRP_AFN_IPV6 : NHRP_AFN_IPV4;
	ei->pro_type = our_proto->len == 16 ? NHRP_PRO_IPV6 : NHRP_PRO_IPV4;
	if (!addr_len_ok(our_nbma->len, afn_addr_len(ei->afn)) || !addr_valid_proto(our_proto))
		return -EINVAL;
	/* As IOS: the normal count, so it reaches the sender through any NHS. */
	ei->hop_count = NHRP_HOPCNT_DEFAULT;
	ei->type = NHRP_ERROR_INDICATION;
	ei->error_code = res->error_code;
	ei->error_offset = res->error_offset;
	ei->src_nbma = *our_nbma;
	ei->src_proto = *our_proto;

	/* The whole offending packet, as far as we have it. */
	pktsz = (size_t)(offending[10] << 8 | offending[11]);
	ei->payload = offending;
	ei->payload_len = pktsz >= NHRP_FIXED_HDR_LEN && pktsz < len ? pktsz : len;

	/* Its source protocol address, if its lengths make sense. */
	shtl = offending[18] & NHRP_TL_LEN_MASK;
	spl_at = NHRP_FIXED_HDR_LEN;
	src_at = NHRP_FIXED_HDR_LEN + NHRP_MAND_HDR_LEN + shtl + (offending[19] & NHRP_TL_LEN_MASK);
	if (len > spl_at) {
		spl = offending[spl_at];
		if (spl == our_proto->len && src_at + spl <= ei->payload_len)
			nhrp_addr_set(&ei->dst_proto, offending + src_at, spl);
	}
	return 0;
}

/* --- Helpers ------------------------------------------------------------ */

const struct nhrp_ext *
nhrp_packet_find_ext(const struct nhrp_packet *pkt, uint16_t type)
{
	for (unsigned i = 0; i < pkt->n_exts; i++)
		if (pkt->exts[i].type == type)
			return &pkt->exts[i];
	return NULL;
}

struct nhrp_ext *
nhrp_packet_add_ext(struct nhrp_packet *pkt, uint16_t type, bool compulsory)
{
	struct nhrp_ext *ext;

	if (pkt->n_exts >= NHRP_MAX_EXTS)
		return NULL;
	ext = &pkt->exts[pkt->n_exts++];
	memset(ext, 0, sizeof(*ext));
	ext->type = type;
	ext->compulsory = compulsory;
	return ext;
}

int
nhrp_ext_set_auth(struct nhrp_ext *ext, const char *secret)
{
	size_t len = strlen(secret);

	if (len > NHRP_AUTH_SECRET_MAX)
		return -EINVAL;
	ext->auth_type = NHRP_AUTH_CLEARTEXT;
	ext->auth_len = (uint8_t)len;
	memcpy(ext->auth_secret, secret, len);
	return 0;
}

void
nhrp_addr_set(struct nhrp_addr *a, const void *bytes, uint8_t len)
{
	memset(a, 0, sizeof(*a));
	if (len > NHRP_ADDR_MAX)
		len = 0;
	a->len = len;
	if (len)
		memcpy(a->bytes, bytes, len);
}

bool
nhrp_addr_equal(const struct nhrp_addr *a, const struct nhrp_addr *b)
{
	return a->len == b->len && memcmp(a->bytes, b->bytes, a->len) == 0;
}

const char *
nhrp_type_name(uint8_t type)
{
	static const char *const names[] = {
		[NHRP_RESOLUTION_REQUEST] = "Resolution Request",
		[NHRP_RESOLUTION_REPLY] = "Resolution Reply",
		[NHRP_REGISTRATION_REQUEST] = "Registration Request",
		[NHRP_REGISTRATION_REPLY] = "Registration Reply",
		[NHRP_PURGE_REQUEST] = "Purge Request",
		[NHRP_PURGE_REPLY] = "Purge Reply",
		[NHRP_ERROR_INDICATION] = "Error Indication",
		[NHRP_TRAFFIC_INDICATION] = "Traffic Indication",
	};

	if (type >= 1 && type <= NHRP_TYPE_MAX)
		return names[type];
	return "unknown";
}

const char *
nhrp_drop_reason_name(enum nhrp_drop_reason reason)
{
	static const char *const names[NHRP_DROP_REASON_MAX] = {
		[NHRP_DROP_NONE] = "none",
		[NHRP_DROP_TRUNCATED] = "truncated",
		[NHRP_DROP_BAD_LENGTH] = "bad length",
		[NHRP_DROP_BAD_CHECKSUM] = "bad checksum",
		[NHRP_DROP_BAD_VERSION] = "bad version",
		[NHRP_DROP_BAD_AFN] = "bad address family",
		[NHRP_DROP_BAD_PROTOCOL] = "bad protocol type",
		[NHRP_DROP_BAD_TYPE] = "bad packet type",
		[NHRP_DROP_BAD_ADDRESS] = "bad address length",
		[NHRP_DROP_TOO_MANY] = "too many entries",
		[NHRP_DROP_UNKNOWN_EXT] = "unrecognised compulsory extension",
		[NHRP_DROP_BAD_EXTENSION] = "invalid extension",
	};

	if ((unsigned)reason < NHRP_DROP_REASON_MAX)
		return names[reason];
	return "unknown";
}
