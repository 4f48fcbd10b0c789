/*
 * show ip route: the kernel's main table in IOS layout (codes header,
 * gateway of last resort, classful headers "is subnetted" / "is variably
 * subnetted", C/L/S/H lines), which ntc-templates' cisco_ios_show_ip_route
 * parses.
 *
 * Sources: connected (C) = routes the kernel made for addresses (protocol
 * kernel, no gateway); local (L) = our addresses on links that are up;
 * static (S) = LIOS_RTPROT_STATIC, [distance/0] with distance = metric;
 * NHRP (H) = LIOS_RTPROT_NHRP; routes added by hand (boot, static) show as
 * S with their metric as distance.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lios.h"
#include "owner_kernel_priv.h"
#include "router_priv.h"
#include "show_kernel.h"

#define RTPROT_KERNEL_ 2 /* <linux/rtnetlink.h> RTPROT_KERNEL */

struct rt_row {
	uint32_t net;		/* host order */
	unsigned len;
	char code[3];
	unsigned distance, metric;
	uint32_t gw;
	int oif;
};

struct rt_list {
	struct rt_row *v;
	size_t n;
	struct kown *ko;
};

static struct rt_row *
rt_push(struct rt_list *l)
{
	struct rt_row *v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (!v)
		abort();
	l->v = v;
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

static int
add_route(const struct kernel_route *r, void *arg)
{
	struct rt_list *l = arg;
	struct rt_row *row;

	if (r->type != KERNEL_ROUTE_UNICAST && r->type != KERNEL_ROUTE_BLACKHOLE)
		return 0;
	if (r->protocol == RTPROT_KERNEL_ && r->gateway.s_addr)
		return 0;
	row = rt_push(l);
	row->net = ntohl(r->dst.s_addr);
	row->len = r->prefixlen;
	row->gw = ntohl(r->gateway.s_addr);
	row->oif = r->oif;
	if (r->protocol == RTPROT_KERNEL_) {
		snprintf(row->code, sizeof(row->code), "C");
	} else if (r->protocol == LIOS_RTPROT_NHRP) {
		snprintf(row->code, sizeof(row->code), "H");
		row->distance = 250;
		row->metric = 1;
	} else {
		snprintf(row->code, sizeof(row->code), "%s", row->len == 0 ? "S*" : "S");
		row->distance = r->metric ? r->metric : 1;
	}
	return 0;
}

static int
add_local(const struct kernel_addr *a, void *arg)
{
	struct rt_list *l = arg;
	struct kernel_link lk;
	struct rt_row *row;
	uint32_t addr = ntohl(a->addr.s_addr);

	if ((addr >> 24) == 127 || a->prefixlen == 0)
		return 0;
	if (kernel_link_get_index(l->ko->k, a->ifindex, &lk) < 0 || !lk.up)
		return 0;
	row = rt_push(l);
	row->net = addr;
	row->len = 32;
	snprintf(row->code, sizeof(row->code), "L");
	row->oif = a->ifindex;
	return 0;
}

static int
cmp_rt(const void *a, const void *b)
{
	const struct rt_row *x = a, *y = b;

	if (x->net != y->net)
		return x->net < y->net ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return strcmp(x->code, y->code);
}

static unsigned
classful_len(uint32_t net)
{
	if ((net >> 31) == 0)
		return 8;
	if ((net >> 30) == 2)
		return 16;
	return 24;
}

static uint32_t
mask_of(unsigned len)
{
	return len ? 0xffffffffu << (32 - len) : 0;
}

static const char *
if_name(struct rt_list *l, const struct ifmap *map, int oif, char *buf, size_t len)
{
	const char *ios = kown_if_by_index(l->ko, oif);
	struct kernel_link lk;

	if (ios)
		return ios;
	if (kernel_link_get_index(l->ko->k, oif, &lk) < 0)
		return "?";
	ios = map ? ifmap_ios(map, lk.name) : NULL;
	snprintf(buf, len, "%s", ios ? ios : lk.name);
	return buf;
}

static void
print_row(struct cli_cmd_ctx *ctx, struct rt_list *l, const struct ifmap *map,
	  const struct rt_row *row, bool in_group, bool show_len)
{
	char net[32], ifbuf[IFNAMSIZ + 1];

	if (show_len)
		snprintf(net, sizeof(net), "%s/%u", model_ip(row->net), row->len);
	else
		snprintf(net, sizeof(net), "%s", model_ip(row->net));
	cli_printf(ctx, "%-2s%s%s ", row->code, in_group ? "       " : "    ", net);
	if (row->code[0] == 'C' || row->code[0] == 'L' || (!row->gw && row->oif)) {
		cli_printf(ctx, "is directly connected, %s\n", if_name(l, map, row->oif, ifbuf, sizeof(ifbuf)));
		return;
	}
	cli_printf(ctx, "[%u/%u] via %s", row->distance, row->metric, model_ip(row->gw));
	if (row->oif)
		cli_printf(ctx, ", %s", if_name(l, map, row->oif, ifbuf, sizeof(ifbuf)));
	cli_printf(ctx, "\n");
}

static const char codes[] =
	"Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
	"       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area \n"
	"       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
	"       E1 - OSPF external type 1, E2 - OSPF external type 2\n"
	"       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2\n"
	"       ia - IS-IS inter area, * - candidate default, U - per-user static route\n"
	"       o - ODR, P - periodic downloaded static route, H - NHRP, l - LISP\n"
	"       + - replicated route, % - next hop override\n\n";

static enum cli_status
cmd_show_ip_route(struct cli_cmd_ctx *ctx)
{
	struct router *r = cmd_router(ctx);
	struct kown *ko = show_kown(ctx);
	struct rt_list l = { .ko = ko };
	const struct rt_row *def = NULL;

	if (!ko)
		return CLI_ERR_FAILED;
	kown_lock(ko);
	kernel_route_dump(ko->k, 0, 0, add_route, &l);
	kernel_addr_dump(ko->k, 0, add_local, &l);
	qsort(l.v, l.n, sizeof(l.v[0]), cmp_rt);
	cli_printf(ctx, "%s", codes);
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].len == 0 && l.v[i].gw)
			def = &l.v[i];
	if (def)
		cli_printf(ctx, "Gateway of last resort is %s to network 0.0.0.0\n\n", model_ip(def->gw));
	else
		cli_printf(ctx, "Gateway of last resort is not set\n\n");
	for (size_t i = 0; i < l.n;) {
		uint32_t cmask = mask_of(classful_len(l.v[i].net));
		uint32_t major = l.v[i].net & cmask;
		size_t j = i, subnets = 0;
		unsigned masks = 0, lens[33] = { 0 };
		bool group;

		while (j < l.n && (l.v[j].net & cmask) == major && l.v[j].len >= classful_len(major)) {
			if (!lens[l.v[j].len]++)
				masks++;
			subnets++;
			j++;
		}
		if (j == i) { /* a supernet or the default route */
			print_row(ctx, &l, r->ifmap, &l.v[i], false, true);
			i++;
			continue;
		}
		group = !(subnets == 1 && l.v[i].len == classful_len(major));
		if (group && masks > 1)
			cli_printf(ctx, "      %s/%u is variably subnetted, %zu subnets, %u masks\n",
				   model_ip(major), classful_len(major), subnets, masks);
		else if (group)
			cli_printf(ctx, "      %s/%u is subnetted, %zu subnet%s\n", model_ip(major),
				   l.v[i].len, subnets, subnets == 1 ? "" : "s");
		for (; i < j; i++)
			print_row(ctx, &l, r->ifmap, &l.v[i], group, !group || masks > 1);
	}
	kown_unlock(ko);
	free(l.v);
	return CLI_OK;
}

static const struct cli_cmd show_route_cmds[] = {
	{ MODE_EXEC, "show ip route",
	  "Show running system information\nIP information\nIP routing table", cmd_show_ip_route, 0,
	  NULL },
};

void
cmds_register_show_route(struct cli_tree *t)
{
	cli_register_all(t, show_route_cmds, LIOS_ARRAY_SIZE(show_route_cmds));
}
