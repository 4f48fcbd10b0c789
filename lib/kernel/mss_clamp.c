/* mss_clamp: IOS "ip tcp adjust-mss N" as nftables rules in our own table
 *
 *   table inet lios {
 *     chain mss-clamp {
 *       type filter hook forward priority mangle;
 *       oifname "X" tcp flags & (syn|rst) == syn tcp option maxseg size > N
 *           tcp option maxseg size set N
 *       iifname "X" ... (the same)
 *     }
 *   }
 *
 * Like IOS it only lowers the MSS of SYNs crossing the interface in either
 * direction. Built with libnftnl + libmnl; every change is one atomic
 * nfnetlink batch. Rules are recognised by their expressions, so the dump
 * reports what the kernel really holds. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "kernel_mss.h"

#ifndef HAVE_NFTNL

int
mss_clamp_set(struct kernel *k, const char *ifname, uint16_t mss)
{
	return kernel_fail(k, EOPNOTSUPP, "TCP MSS clamp needs libnftnl (not available at build time)");
}

int
mss_clamp_dump(struct kernel *k, kernel_mss_cb cb, void *arg)
{
	return kernel_fail(k, EOPNOTSUPP, "TCP MSS clamp needs libnftnl (not available at build time)");
}

#else

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#define TCPOPT_MAXSEG_KIND 2
#define TCP_FLAGS_OFFSET 13
#define TCP_FLAG_SYN 0x02
#define TCP_FLAG_RST 0x04
#define MANGLE_PRIORITY (-150)
#define MAX_RULES 256
#define MSS_MSG_NO_NFT_INET "kernel lacks nftables for IPv4 (CONFIG_NF_TABLES_INET)"
#define NFT_RECV_BUF 16384 /* >= MNL_SOCKET_BUFFER_SIZE */

/* One of our rules as found in the kernel. */
struct clamp_rule {
	char ifname[IFNAMSIZ];
	bool out; /* oifname (else iifname) */
	uint16_t mss;
	uint64_t handle;
};

struct clamp_state {
	struct clamp_rule r[MAX_RULES];
	int n;
	bool table_exists;
};

struct nft {
	struct mnl_socket *nl;
	uint32_t portid, seq;
};

static int
nft_open(struct kernel *k, struct nft *n)
{
	n->nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!n->nl)
		return kernel_fail(k, errno, "nftables: netlink socket: %s", strerror(errno));
	if (mnl_socket_bind(n->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;

		mnl_socket_close(n->nl);
		return kernel_fail(k, e, "nftables: bind: %s", strerror(e));
	}
	n->portid = mnl_socket_get_portid(n->nl);
	n->seq = (uint32_t)time(NULL);
	return 0;
}

/* Rules: recognise ours from their expressions. */

static bool
rule_parse(struct nftnl_rule *r, struct clamp_rule *out)
{
	struct nftnl_expr_iter *it = nftnl_expr_iter_create(r);
	struct nftnl_expr *e;
	bool want_name = false, have_dir = false, have_name = false, is_set = false;
	uint16_t mss = 0;

	if (!it)
		return false;
	memset(out, 0, sizeof(*out));
	while ((e = nftnl_expr_iter_next(it))) {
		const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
		uint32_t len = 0;
		const void *data;

		if (strcmp(name, "meta") == 0 && nftnl_expr_is_set(e, NFTNL_EXPR_META_DREG)) {
			uint32_t key = nftnl_expr_get_u32(e, NFTNL_EXPR_META_KEY);

			if (key == NFT_META_OIFNAME || key == NFT_META_IIFNAME) {
				out->out = key == NFT_META_OIFNAME;
				have_dir = want_name = true;
			}
		} else if (strcmp(name, "cmp") == 0 && want_name) {
			data = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &len);
			if (data && len > 0) {
				snprintf(out->ifname, sizeof(out->ifname), "%.*s", (int)(len < IFNAMSIZ ? len : IFNAMSIZ),
					 (const char *)data);
				have_name = out->ifname[0] != '\0';
			}
			want_name = false;
		} else if (strcmp(name, "immediate") == 0) {
			data = nftnl_expr_get(e, NFTNL_EXPR_IMM_DATA, &len);
			if (data && len == sizeof(mss)) {
				memcpy(&mss, data, sizeof(mss));
				mss = ntohs(mss);
			}
		} else if (strcmp(name, "exthdr") == 0 && nftnl_expr_is_set(e, NFTNL_EXPR_EXTHDR_SREG) &&
			   nftnl_expr_get_u8(e, NFTNL_EXPR_EXTHDR_TYPE) == TCPOPT_MAXSEG_KIND) {
			is_set = true;
		}
	}
	nftnl_expr_iter_destroy(it);
	out->mss = mss;
	out->handle = nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE);
	return have_dir && have_name && is_set && mss;
}

static int
rule_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct clamp_state *st = arg;
	struct nftnl_rule *r = nftnl_rule_alloc();

	st->table_exists = true;
	if (!r)
		return MNL_CB_ERROR;
	/* older kernels ignore the dump filter: check the table ourselves */
	if (nftnl_rule_nlmsg_parse(nlh, r) == 0 && st->n < MAX_RULES &&
	    strcmp(nftnl_rule_get_str(r, NFTNL_RULE_TABLE), MSS_CLAMP_TABLE) == 0 &&
	    nftnl_rule_get_u32(r, NFTNL_RULE_FAMILY) == NFPROTO_INET && rule_parse(r, &st->r[st->n]))
		st->n++;
	nftnl_rule_free(r);
	return MNL_CB_OK;
}

/* Our rules now in the kernel; no table is not an error. */
static int
clamp_read(struct kernel *k, struct nft *n, struct clamp_state *st)
{
	char buf[NFT_RECV_BUF];
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nlmsghdr *nlh;
	uint32_t seq = ++n->seq;
	ssize_t len;
	int rc;

	memset(st, 0, sizeof(*st));
	if (!r)
		return kernel_fail(k, ENOMEM, "out of memory");
	nlh = nftnl_rule_nlmsg_build_hdr(buf, NFT_MSG_GETRULE, NFPROTO_INET, NLM_F_DUMP, seq);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, MSS_CLAMP_TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, MSS_CLAMP_CHAIN);
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	if (mnl_socket_sendto(n->nl, nlh, nlh->nlmsg_len) < 0)
		return kernel_fail(k, errno, "nftables: send: %s", strerror(errno));
	while ((len = mnl_socket_recvfrom(n->nl, buf, sizeof(buf))) > 0) {
		rc = mnl_cb_run(buf, (size_t)len, seq, n->portid, rule_cb, st);
		if (rc == MNL_CB_STOP)
			return 0;
		if (rc < 0) {
			if (errno == ENOENT) { /* no table or chain yet */
				st->n = 0;
				st->table_exists = false;
				return 0;
			}
			if (errno == EPROTONOSUPPORT)
				return kernel_fail(k, EOPNOTSUPP, "kernel lacks nftables support (CONFIG_NF_TABLES)");
			if (errno == EAFNOSUPPORT || errno == EOPNOTSUPP)
				return kernel_fail(k, EOPNOTSUPP, "%s", MSS_MSG_NO_NFT_INET);
			return kernel_fail(k, errno, "nftables: list rules: %s", strerror(errno));
		}
	}
	return kernel_fail(k, errno, "nftables: receive: %s", strerror(errno));
}

/* Batch building */

struct batch {
	struct mnl_nlmsg_batch *b;
	struct nft *n;
	char buf[65536];
};

static struct nlmsghdr *
batch_hdr(struct batch *b, uint16_t type, uint16_t flags)
{
	return nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b->b), type, NFPROTO_INET, flags, ++b->n->seq);
}

static void
batch_next(struct batch *b)
{
	mnl_nlmsg_batch_next(b->b);
}

static int
add_table(struct batch *b, uint16_t type, uint16_t flags)
{
	struct nftnl_table *t = nftnl_table_alloc();

	if (!t)
		return -ENOMEM;
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, MSS_CLAMP_TABLE);
	nftnl_table_nlmsg_build_payload(batch_hdr(b, type, flags), t);
	nftnl_table_free(t);
	batch_next(b);
	return 0;
}

static int
add_chain(struct batch *b)
{
	struct nftnl_chain *c = nftnl_chain_alloc();

	if (!c)
		return -ENOMEM;
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, MSS_CLAMP_TABLE);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, MSS_CLAMP_CHAIN);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, NF_INET_FORWARD);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, MANGLE_PRIORITY);
	nftnl_chain_nlmsg_build_payload(batch_hdr(b, NFT_MSG_NEWCHAIN, NLM_F_CREATE), c);
	nftnl_chain_free(c);
	batch_next(b);
	return 0;
}

static struct nftnl_rule *
rule_alloc(void)
{
	struct nftnl_rule *r = nftnl_rule_alloc();

	if (r) {
		nftnl_rule_set_str(r, NFTNL_RULE_TABLE, MSS_CLAMP_TABLE);
		nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, MSS_CLAMP_CHAIN);
		nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	}
	return r;
}

static int
del_rule(struct batch *b, uint64_t handle)
{
	struct nftnl_rule *r = rule_alloc();

	if (!r)
		return -ENOMEM;
	nftnl_rule_set_u64(r, NFTNL_RULE_HANDLE, handle);
	nftnl_rule_nlmsg_build_payload(batch_hdr(b, NFT_MSG_DELRULE, 0), r);
	nftnl_rule_free(r);
	batch_next(b);
	return 0;
}

static bool
expr_add(struct nftnl_rule *r, struct nftnl_expr *e)
{
	if (!e)
		return false;
	nftnl_rule_add_expr(r, e);
	return true;
}

static struct nftnl_expr *
expr_meta(uint32_t key)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	}
	return e;
}

static struct nftnl_expr *
expr_cmp(uint32_t op, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
		nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, len);
	}
	return e;
}

static struct nftnl_expr *
expr_tcp_flags(void)
{
	struct nftnl_expr *e = nftnl_expr_alloc("payload");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, NFT_PAYLOAD_TRANSPORT_HEADER);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, TCP_FLAGS_OFFSET);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, 1);
	}
	return e;
}

static struct nftnl_expr *
expr_mask(uint8_t mask)
{
	struct nftnl_expr *e = nftnl_expr_alloc("bitwise");
	uint8_t zero = 0;

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, 1);
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, &mask, 1);
		nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, &zero, 1);
	}
	return e;
}

/* The MSS option's value: kind 2, 2 bytes at offset 2. */
static struct nftnl_expr *
expr_maxseg(bool write)
{
	struct nftnl_expr *e = nftnl_expr_alloc("exthdr");

	if (e) {
		nftnl_expr_set_u32(e, write ? NFTNL_EXPR_EXTHDR_SREG : NFTNL_EXPR_EXTHDR_DREG, NFT_REG_1);
		nftnl_expr_set_u8(e, NFTNL_EXPR_EXTHDR_TYPE, TCPOPT_MAXSEG_KIND);
		nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_OFFSET, 2);
		nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_LEN, 2);
		nftnl_expr_set_u32(e, NFTNL_EXPR_EXTHDR_OP, NFT_EXTHDR_OP_TCPOPT);
	}
	return e;
}

static struct nftnl_expr *
expr_imm(const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("immediate");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_1);
		nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, len);
	}
	return e;
}

static int
add_rule(struct batch *b, const char *ifname, bool out, uint16_t mss)
{
	struct nftnl_rule *r = rule_alloc();
	char name[IFNAMSIZ] = { 0 };
	uint8_t tcp = IPPROTO_TCP, syn = TCP_FLAG_SYN;
	uint16_t be_mss = htons(mss);
	bool ok;

	if (!r)
		return -ENOMEM;
	strncpy(name, ifname, sizeof(name) - 1);
	/* the kernel compares registers as big-endian bytes, so "greater
	 * than" on the network-order MSS is the numeric comparison */
	ok = expr_add(r, expr_meta(out ? NFT_META_OIFNAME : NFT_META_IIFNAME)) &&
	     expr_add(r, expr_cmp(NFT_CMP_EQ, name, sizeof(name))) && expr_add(r, expr_meta(NFT_META_L4PROTO)) &&
	     expr_add(r, expr_cmp(NFT_CMP_EQ, &tcp, 1)) && expr_add(r, expr_tcp_flags()) &&
	     expr_add(r, expr_mask(TCP_FLAG_SYN | TCP_FLAG_RST)) && expr_add(r, expr_cmp(NFT_CMP_EQ, &syn, 1)) &&
	     expr_add(r, expr_maxseg(false)) && expr_add(r, expr_cmp(NFT_CMP_GT, &be_mss, 2)) &&
	     expr_add(r, expr_imm(&be_mss, 2)) && expr_add(r, expr_maxseg(true));
	if (ok)
		nftnl_rule_nlmsg_build_payload(batch_hdr(b, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND), r);
	nftnl_rule_free(r);
	if (!ok)
		return -ENOMEM;
	batch_next(b);
	return 0;
}

/* Send the batch; nfnetlink handles it inside sendmsg, so every error
 * reply is queued when send returns. */
static int
batch_send(struct kernel *k, struct batch *b, const char *what)
{
	char buf[NFT_RECV_BUF];
	int err = 0;

	nftnl_batch_end(mnl_nlmsg_batch_current(b->b), ++b->n->seq);
	batch_next(b);
	if (mnl_socket_sendto(b->n->nl, mnl_nlmsg_batch_head(b->b), mnl_nlmsg_batch_size(b->b)) < 0)
		return kernel_fail(k, errno, "%s: send: %s", what, strerror(errno));
	for (;;) {
		struct pollfd p = { .fd = mnl_socket_get_fd(b->n->nl), .events = POLLIN };
		ssize_t len;

		if (poll(&p, 1, 0) <= 0)
			break;
		if ((len = mnl_socket_recvfrom(b->n->nl, buf, sizeof(buf))) <= 0)
			break;
		if (mnl_cb_run(buf, (size_t)len, 0, b->n->portid, NULL, NULL) < 0 && !err)
			err = errno;
	}
	/* no chain type for the family: e.g. Debian's UML kernel, built
	 * without CONFIG_NF_TABLES_INET */
	if (err == EOPNOTSUPP || err == EAFNOSUPPORT)
		return kernel_fail(k, EOPNOTSUPP, "%s: %s", what, MSS_MSG_NO_NFT_INET);
	if (err)
		return kernel_fail(k, err, "%s: %s", what, strerror(err));
	return 0;
}

int
mss_clamp_set(struct kernel *k, const char *ifname, uint16_t mss)
{
	struct clamp_state *st = NULL;
	struct batch *b = NULL;
	struct nft n;
	char what[64];
	int rc, others = 0, mine = 0;

	snprintf(what, sizeof(what), "TCP MSS clamp on %s", ifname);
	if ((rc = nft_open(k, &n)) < 0)
		return rc;
	if (!(st = malloc(sizeof(*st))) || !(b = malloc(sizeof(*b)))) {
		rc = kernel_fail(k, ENOMEM, "out of memory");
		goto out;
	}
	b->b = NULL;
	if ((rc = clamp_read(k, &n, st)) < 0)
		goto out;
	for (int i = 0; i < st->n; i++) {
		if (strcmp(st->r[i].ifname, ifname) == 0)
			mine++;
		else
			others++;
	}
	if (!mss && !mine)
		goto out; /* nothing to remove */
	b->n = &n;
	b->b = mnl_nlmsg_batch_start(b->buf, sizeof(b->buf));
	nftnl_batch_begin(mnl_nlmsg_batch_current(b->b), ++n.seq);
	batch_next(b);
	if (!mss && !others) {
		/* the last clamp goes: take our table with it */
		rc = add_table(b, NFT_MSG_DELTABLE, 0);
	} else {
		rc = add_table(b, NFT_MSG_NEWTABLE, NLM_F_CREATE);
		if (!rc)
			rc = add_chain(b);
		for (int i = 0; !rc && i < st->n; i++)
			if (strcmp(st->r[i].ifname, ifname) == 0)
				rc = del_rule(b, st->r[i].handle);
		if (!rc && mss)
			rc = add_rule(b, ifname, true, mss);
		if (!rc && mss)
			rc = add_rule(b, ifname, false, mss);
	}
	if (rc < 0) {
		rc = kernel_fail(k, -rc, "%s: %s", what, strerror(-rc));
		goto out;
	}
	rc = batch_send(k, b, what);
out:
	if (b && b->b)
		mnl_nlmsg_batch_stop(b->b);
	free(b);
	free(st);
	mnl_socket_close(n.nl);
	return rc;
}

int
mss_clamp_dump(struct kernel *k, kernel_mss_cb cb, void *arg)
{
	struct clamp_state *st = malloc(sizeof(*st));
	struct nft n;
	int rc;

	if (!st)
		return kernel_fail(k, ENOMEM, "out of memory");
	if ((rc = nft_open(k, &n)) < 0) {
		free(st);
		return rc;
	}
	rc = clamp_read(k, &n, st);
	mnl_socket_close(n.nl);
	/* one report per interface: from its outbound rule */
	for (int i = 0; rc == 0 && i < st->n; i++)
		if (st->r[i].out)
			rc = cb(st->r[i].ifname, st->r[i].mss, arg);
	free(st);
	return rc;
}

#endif
