/* `show dmvpn` and `show ip nhrp` in the exact IOS layout (notes/ios-reference.md
 * section 2), so scripts and ntc-templates parse our output unchanged. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_show.h"

static const char dmvpn_legend[] =
	"Legend: Attrb --> S - Static, D - Dynamic, I - Incomplete\n"
	"        N - NATed, L - Local, X - No Socket\n"
	"        T1 - Route Installed, T2 - Nexthop-override\n"
	"        C - CTS Capable\n"
	"        # Ent --> Number of NHRP entries with same NBMA peer\n"
	"        NHS Status: E --> Expecting Replies, R --> Responding, W --> Waiting\n"
	"        UpDn Time --> Up or Down Time for a Tunnel\n"
	"==========================================================================\n";

#define DAY (24 * 3600ull)
#define WEEK (7 * DAY)
#define YEAR (365 * DAY)

const char *
nhrp_show_duration(char *buf, size_t size, uint64_t s)
{
	if (s < DAY)
		snprintf(buf, size, "%02u:%02u:%02u", (unsigned)(s / 3600), (unsigned)(s / 60 % 60),
			 (unsigned)(s % 60));
	else if (s < WEEK)
		snprintf(buf, size, "%ud%02uh", (unsigned)(s / DAY), (unsigned)(s % DAY / 3600));
	else if (s < YEAR)
		snprintf(buf, size, "%uw%ud", (unsigned)(s / WEEK), (unsigned)(s % WEEK / DAY));
	else
		snprintf(buf, size, "%uy%uw", (unsigned)(s / YEAR), (unsigned)(s % YEAR / WEEK));
	return buf;
}

static const char *
addr_str(char *buf, size_t size, const struct nhrp_addr *a)
{
	if (a->len == 4 || a->len == 16) {
		if (inet_ntop(a->len == 4 ? AF_INET : AF_INET6, a->bytes, buf, (socklen_t)size))
			return buf;
	}
	snprintf(buf, size, "UNKNOWN");
	return buf;
}

static const struct nhrp_show_if *
find_if(const struct nhrp_show_ctx *ctx, int ifindex)
{
	for (size_t i = 0; i < ctx->n_ifs; i++)
		if (ctx->ifs[i].ifindex == ifindex)
			return &ctx->ifs[i];
	return NULL;
}

static const char *
if_name(const struct nhrp_show_ctx *ctx, int ifindex)
{
	const struct nhrp_show_if *i = find_if(ctx, ifindex);

	return i ? i->name : "unknown";
}

/* Our own address is not a peer and IOS does not list it. */
static bool
is_shown(const struct nhrp_cache_entry *e)
{
	return e->type != NHRP_CACHE_LOCAL;
}

/* Live entries of the cache, copied so they can be regrouped. */
struct snapshot {
	const struct nhrp_cache_entry **v;
	size_t n, cap;
	bool failed;
};

static void
snap_add(void *ctx, const struct nhrp_cache_entry *e)
{
	struct snapshot *s = ctx;

	if (s->failed || !is_shown(e))
		return;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		const struct nhrp_cache_entry **v = realloc(s->v, cap * sizeof(*v));

		if (!v) {
			s->failed = true;
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = e;
}

static int
addr_cmp(const struct nhrp_addr *a, const struct nhrp_addr *b)
{
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return memcmp(a->bytes, b->bytes, a->len);
}

/* show dmvpn order: interface, then peer NBMA (unknown last), then tunnel
 * address, so entries of one peer are adjacent. */
static int
dmvpn_cmp(const void *pa, const void *pb)
{
	const struct nhrp_cache_entry *a = *(const struct nhrp_cache_entry *const *)pa;
	const struct nhrp_cache_entry *b = *(const struct nhrp_cache_entry *const *)pb;
	int r;

	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	if ((a->nbma.len == 0) != (b->nbma.len == 0))
		return a->nbma.len == 0 ? 1 : -1;
	r = addr_cmp(&a->nbma, &b->nbma);
	return r ? r : addr_cmp(&a->proto, &b->proto);
}

static bool
same_peer(const struct nhrp_cache_entry *a, const struct nhrp_cache_entry *b)
{
	return a->ifindex == b->ifindex && a->nbma.len && nhrp_addr_equal(&a->nbma, &b->nbma);
}

static void
dmvpn_attr(char *buf, size_t size, const struct nhrp_cache_entry *e)
{
	const char *base;

	switch (e->type) {
	case NHRP_CACHE_STATIC:
	case NHRP_CACHE_NHS:
		base = "S";
		break;
	case NHRP_CACHE_INCOMPLETE:
	case NHRP_CACHE_NEGATIVE:
		base = "I";
		break;
	default:
		base = "D";
		break;
	}
	snprintf(buf, size, "%s%s%s", base, (e->flags & NHRP_CACHE_F_NAT) ? "N" : "",
		 (e->flags & NHRP_CACHE_F_RIB) ? "T1" : "");
}

static const char *
dmvpn_state(const struct nhrp_show_ctx *ctx, const struct nhrp_cache_entry *e)
{
	const char *s = ctx->state ? ctx->state(ctx->state_ctx, e) : NULL;

	if (s)
		return s;
	return e->nbma.len ? "UP" : "NHRP";
}

static void masked(struct nhrp_addr *net, const struct nhrp_addr *a, unsigned prefix_len);

/* The prefix an entry stands for ("10.0.0.2/32"); host entries carry
 * prefix length 0xff on the wire. */
static const char *
target_network(char *buf, size_t size, const struct nhrp_cache_entry *e)
{
	unsigned plen = e->prefix_len > e->proto.len * 8u ? e->proto.len * 8u : e->prefix_len;
	char net[INET6_ADDRSTRLEN];
	struct nhrp_addr n;

	masked(&n, &e->proto, plen);
	snprintf(buf, size, "%s/%u", addr_str(net, sizeof(net), &n), plen);
	return buf;
}

/* The block IOS prints above the peers in `show dmvpn detail`. */
static void
dmvpn_detail_header(FILE *out, const struct nhrp_show_if *ifp, size_t peers)
{
	char addr[INET_ADDRSTRLEN] = "", src[INET_ADDRSTRLEN] = "";

	if (ifp->addr.s_addr)
		inet_ntop(AF_INET, &ifp->addr, addr, sizeof(addr));
	if (ifp->source.s_addr)
		inet_ntop(AF_INET, &ifp->source, src, sizeof(src));
	fprintf(out, "\nInterface %s is up/up, Addr. is %s, VRF \"\"\n", ifp->name, addr);
	fprintf(out, "   Tunnel Src./Dest. addr: %s/MGRE, Tunnel VRF \"\"\n", src);
	fprintf(out, "   Protocol/Transport: \"multi-GRE/IP\", Protect \"%s\"\n",
		ifp->protect ? ifp->protect : "");
	fprintf(out, "   Interface State Control: Disabled\n");
	if (ifp->n_nhs) {
		fprintf(out, "IPv4 NHS:\n");
		for (size_t i = 0; i < ifp->n_nhs; i++) {
			const struct nhrp_show_nhs *h = &ifp->nhs[i];
			char nhs[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, &h->proto, nhs, sizeof(nhs));
			fprintf(out, "%s  %s priority = %u cluster = %u\n", nhs, h->status,
				h->priority, h->cluster);
		}
	}
	fprintf(out, "Type:%s, Total NBMA Peers (v4/v6): %zu\n\n", ifp->role ? ifp->role : "Spoke",
		peers);
	fprintf(out, "# Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb    Target Network\n");
	fprintf(out, "----- --------------- --------------- ----- -------- ----- -----------------\n");
}

static void
dmvpn_interface(FILE *out, const struct nhrp_show_ctx *ctx, const struct nhrp_show_if *ifp,
		const struct nhrp_cache_entry **v, size_t n, uint64_t now)
{
	size_t peers = 0;

	for (size_t i = 0; i < n; i++)
		if (i == 0 || !same_peer(v[i - 1], v[i]))
			peers++;
	if (ctx->detail) {
		dmvpn_detail_header(out, ifp, peers);
		for (size_t i = 0; i < n;) {
			size_t group = 1;

			while (i + group < n && same_peer(v[i], v[i + group]))
				group++;
			for (size_t j = i; j < i + group; j++) {
				const struct nhrp_cache_entry *e = v[j];
				char nbma[INET6_ADDRSTRLEN] = "", proto[INET6_ADDRSTRLEN], updn[16];
				char attr[8], target[INET6_ADDRSTRLEN + 5];

				dmvpn_attr(attr, sizeof(attr), e);
				nhrp_show_duration(updn, sizeof(updn), now - e->created);
				char count[24] = "";

				/* Further rows of a peer leave # and NBMA blank, as
				 * in the plain layout. */
				if (j == i) {
					snprintf(count, sizeof(count), "%zu", group);
					addr_str(nbma, sizeof(nbma), &e->nbma);
				}
				fprintf(out, "%5s %-15s %15s %5s %8s %5s %18s\n", count, nbma,
					addr_str(proto, sizeof(proto), &e->proto), dmvpn_state(ctx, e),
					updn, attr, target_network(target, sizeof(target), e));
			}
			i += group;
		}
		return;
	}
	fprintf(out, "\nInterface: %s, IPv4 NHRP Details\n", ifp->name);
	fprintf(out, "Type:%s, NHRP Peers:%zu,\n\n", ifp->role ? ifp->role : "Spoke", peers);
	fprintf(out, " # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb\n");
	fprintf(out, " ----- --------------- --------------- ----- -------- -----\n");

	for (size_t i = 0; i < n;) {
		size_t group = 1;

		while (i + group < n && same_peer(v[i], v[i + group]))
			group++;
		for (size_t j = i; j < i + group; j++) {
			const struct nhrp_cache_entry *e = v[j];
			char nbma[INET6_ADDRSTRLEN], proto[INET6_ADDRSTRLEN], updn[16], attr[8];

			addr_str(proto, sizeof(proto), &e->proto);
			dmvpn_attr(attr, sizeof(attr), e);
			nhrp_show_duration(updn, sizeof(updn), now - e->created);
			if (j == i)
				fprintf(out, " %5zu %-15s %15s %5s %8s %5s\n", group,
					addr_str(nbma, sizeof(nbma), &e->nbma), proto,
					dmvpn_state(ctx, e), updn, attr);
			else
				fprintf(out, " %5s %-15s %15s %5s %8s %5s\n", "", "", proto,
					dmvpn_state(ctx, e), updn, attr);
		}
		i += group;
	}
}

/* One block per NHRP interface, in the order the daemon lists them, also
 * for interfaces without peers. */
int
nhrp_show_dmvpn(FILE *out, const struct nhrp_cache *c, const struct nhrp_show_ctx *ctx)
{
	struct snapshot s = {0};
	uint64_t now = c->clock(c->clock_ctx);
	size_t i = 0;

	nhrp_cache_foreach(c, snap_add, &s);
	if (s.failed) {
		free(s.v);
		return -ENOMEM;
	}
	/* Only IPv4 protocol addresses in this layout. */
	for (size_t j = 0; j < s.n; j++)
		if (s.v[j]->proto.len == 4)
			s.v[i++] = s.v[j];
	s.n = i;
	if (s.n)
		qsort(s.v, s.n, sizeof(s.v[0]), dmvpn_cmp);

	fputs(dmvpn_legend, out);
	for (size_t k = 0; k < ctx->n_ifs; k++) {
		const struct nhrp_show_if *ifp = &ctx->ifs[k];
		size_t first = 0, end;

		while (first < s.n && s.v[first]->ifindex != ifp->ifindex)
			first++;
		end = first;
		while (end < s.n && s.v[end]->ifindex == ifp->ifindex)
			end++;
		dmvpn_interface(out, ctx, ifp, s.v + first, end - first, now);
	}
	free(s.v);
	return ferror(out) ? -EIO : 0;
}

/* Flag words in the order IOS prints them. */
static void
nhrp_flags(char *buf, size_t size, const struct nhrp_cache_entry *e)
{
	static const struct {
		uint32_t flag;
		const char *word;
	} words[] = {
		{NHRP_CACHE_F_ROUTER, "router"}, {NHRP_CACHE_F_UNIQUE, "unique"},
		{NHRP_CACHE_F_REGISTERED, "registered"}, {NHRP_CACHE_F_USED, "used"},
		{NHRP_CACHE_F_NHOP, "nhop"}, {NHRP_CACHE_F_RIB, "rib"},
	};
	size_t used = 0;

	buf[0] = '\0';
	if (e->type == NHRP_CACHE_NEGATIVE)
		used += (size_t)snprintf(buf, size, " negative");
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && used < size; i++)
		if (e->flags & words[i].flag)
			used += (size_t)snprintf(buf + used, size - used, " %s", words[i].word);
}

/* IOS calls learnt and registered bindings "dynamic", configured ones
 * (including the NHS's) "static". */
static const char *
nhrp_type_word(const struct nhrp_cache_entry *e)
{
	switch (e->type) {
	case NHRP_CACHE_INCOMPLETE:
	case NHRP_CACHE_NEGATIVE:
		return "incomplete";
	case NHRP_CACHE_STATIC:
	case NHRP_CACHE_NHS:
		return "static";
	default:
		return "dynamic";
	}
}

static void
masked(struct nhrp_addr *net, const struct nhrp_addr *a, unsigned prefix_len)
{
	*net = *a;
	for (unsigned bit = prefix_len; bit < a->len * 8u; bit++)
		net->bytes[bit / 8] &= (uint8_t)~(0x80 >> (bit % 8));
}

int
nhrp_show_ip_nhrp(FILE *out, const struct nhrp_cache *c, const struct nhrp_show_ctx *ctx)
{
	struct snapshot s = {0};
	uint64_t now = c->clock(c->clock_ctx);

	nhrp_cache_foreach(c, snap_add, &s);
	if (s.failed) {
		free(s.v);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s.n; i++) {
		const struct nhrp_cache_entry *e = s.v[i];
		char net[INET6_ADDRSTRLEN], via[INET6_ADDRSTRLEN], nbma[INET6_ADDRSTRLEN];
		char created[16], expire[32], flags[96];
		struct nhrp_addr n;
		bool resolved = e->nbma.len != 0;

		masked(&n, &e->proto, e->prefix_len);
		addr_str(net, sizeof(net), &n);
		if (resolved)
			fprintf(out, "%s/%u via %s\n", net, e->prefix_len,
				addr_str(via, sizeof(via), &e->proto));
		else
			fprintf(out, "%s/%u\n", net, e->prefix_len);
		nhrp_show_duration(created, sizeof(created), now - e->created);
		if (e->expires)
			snprintf(expire, sizeof(expire), "expire %s",
				 nhrp_show_duration(flags, sizeof(flags), e->expires - now));
		else
			snprintf(expire, sizeof(expire), "never expire");
		fprintf(out, "   %s created %s, %s\n", if_name(ctx, e->ifindex), created, expire);
		nhrp_flags(flags, sizeof(flags), e);
		fprintf(out, "   Type: %s, Flags:%s\n", nhrp_type_word(e), flags);
		if (resolved) {
			fprintf(out, "   NBMA address: %s\n", addr_str(nbma, sizeof(nbma), &e->nbma));
			if (e->flags & NHRP_CACHE_F_NAT)
				fprintf(out, "    (Claimed NBMA address: %s)\n",
					addr_str(nbma, sizeof(nbma), &e->claimed_nbma));
		}
	}
	free(s.v);
	return ferror(out) ? -EIO : 0;
}
