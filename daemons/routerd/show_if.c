/*
 * show interfaces [IF] and show ip interface brief, from the kernel's links,
 * addresses and counters plus the model (description, tunnel settings,
 * keepalive, protection), laid out as IOS prints them so that
 * ntc-templates' cisco_ios_show_interfaces and
 * cisco_ios_show_ip_interface_brief parse them.
 *
 * The list: every configured interface (IOS order), then the kernel's other
 * links (IOS name from the interface map, else the Linux name), except lo
 * and the kernel's fallback tunnel devices.
 */
#include "config.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lios.h"
#include "owner_kernel_priv.h"
#include "router_priv.h"
#include "show_kernel.h"

struct if_row {
	char name[MODEL_NAME_LEN];	/* as shown */
	const struct m_interface *cfg;	/* NULL: not configured */
	struct kernel_link link;
	bool has_link;
	struct kown_if_view view;
};

struct if_list {
	struct if_row *v;
	size_t n;
};

static const char *const fallback_devs[] = {
	"gre0", "gretap0", "erspan0", "ip_vti0", "tunl0", "sit0", "ip6tnl0", "ip6gre0", "ip6_vti0",
};

static bool
hidden_link(const char *name)
{
	if (strcmp(name, "lo") == 0)
		return true;
	for (size_t i = 0; i < LIOS_ARRAY_SIZE(fallback_devs); i++)
		if (strcmp(name, fallback_devs[i]) == 0)
			return true;
	return false;
}

static struct if_row *
row_push(struct if_list *l)
{
	struct if_row *v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (!v)
		abort();
	l->v = v;
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

static int
cmp_row(const void *a, const void *b)
{
	return ifname_compare(((const struct if_row *)a)->name, ((const struct if_row *)b)->name);
}

struct unlisted {
	struct if_list *l;
	struct kown *ko;
	const struct ifmap *map;
};

static int
add_unconfigured(const struct kernel_link *lk, void *arg)
{
	struct unlisted *u = arg;
	const char *ios = u->map ? ifmap_ios(u->map, lk->name) : NULL;
	struct if_row *row;

	if (hidden_link(lk->name) || kown_if_by_index(u->ko, lk->ifindex))
		return 0;
	row = row_push(u->l);
	snprintf(row->name, sizeof(row->name), "%s", ios ? ios : lk->name);
	row->link = *lk;
	row->has_link = true;
	row->view.ifindex = lk->ifindex;
	row->view.line_up = lk->up && (lk->lower_up || lk->kind == KERNEL_LINK_DUMMY);
	snprintf(row->view.linux_name, sizeof(row->view.linux_name), "%s", lk->name);
	return 0;
}

/* The rows to show (only = one interface, NULL = all); kown locked. */
static void
collect_rows(struct router *r, struct kown *ko, const char *only, struct if_list *l)
{
	struct unlisted u = { .l = l, .ko = ko, .map = r->ifmap };
	size_t configured;

	for (size_t i = 0; i < model_count(r->running, MK_INTERFACE); i++) {
		const struct m_interface *f = (const void *)model_at(r->running, MK_INTERFACE, i);
		struct if_row *row;

		if (only && strcmp(only, f->h.key) != 0)
			continue;
		row = row_push(l);
		model_strset(row->name, sizeof(row->name), f->h.key);
		row->cfg = f;
		if (kown_if_view(ko, f->h.key, &row->view) && row->view.ifindex)
			row->has_link = kernel_link_get_index(ko->k, row->view.ifindex, &row->link) == 0;
	}
	configured = l->n;
	if (!only || configured == 0)
		kernel_link_dump(ko->k, add_unconfigured, &u);
	if (only && configured == 0) {
		/* keep only the one asked for */
		size_t keep = 0;

		for (size_t i = 0; i < l->n; i++)
			if (strcmp(l->v[i].name, only) == 0 || strcmp(l->v[i].link.name, only) == 0)
				l->v[keep++] = l->v[i];
		l->n = keep;
	}
	qsort(l->v, configured, sizeof(l->v[0]), cmp_row);
	qsort(l->v + configured, l->n - configured, sizeof(l->v[0]), cmp_row);
}

static const char *
status_text(const struct if_row *row)
{
	if (row->cfg && row->cfg->shutdown)
		return "administratively down";
	if (!row->has_link && row->cfg && ifname_is_tunnel(row->name))
		return "up"; /* IOS: a tunnel waiting for its endpoints is up/down */
	if (!row->has_link || !row->link.up)
		return row->has_link ? "administratively down" : "down";
	if (row->link.kind == KERNEL_LINK_ETHER || row->link.kind == KERNEL_LINK_VETH)
		return row->link.lower_up ? "up" : "down";
	return "up";
}

struct addr_pick {
	struct kernel_addr primary;
	bool found;
};

static int
first_addr(const struct kernel_addr *a, void *arg)
{
	struct addr_pick *p = arg;

	if (!p->found && !a->secondary) {
		p->primary = *a;
		p->found = true;
	}
	return 0;
}

static bool
row_address(struct kown *ko, const struct if_row *row, uint32_t *addr, unsigned *len)
{
	struct addr_pick p = { .found = false };

	if (row->view.on_lo && row->cfg) {
		/* lo carries 127.0.0.1 too: the model says which is ours */
		*addr = row->cfg->address.addr;
		*len = model_mask_len(row->cfg->address.mask);
		return row->cfg->has_address;
	}
	if (!row->has_link)
		return false;
	kernel_addr_dump(ko->k, row->link.ifindex, first_addr, &p);
	if (!p.found)
		return false;
	*addr = ntohl(p.primary.addr.s_addr);
	*len = p.primary.prefixlen;
	return true;
}

static const char *
hardware(const struct if_row *row)
{
	if (row->cfg && ifname_is_tunnel(row->name))
		return "Tunnel";
	if (row->view.on_lo || row->link.kind == KERNEL_LINK_DUMMY || row->link.kind == KERNEL_LINK_LOOPBACK)
		return "Loopback";
	switch (row->link.kind) {
	case KERNEL_LINK_GRE: return "Tunnel";
	case KERNEL_LINK_VETH: return "Ethernet";
	case KERNEL_LINK_ETHER: return "Ethernet";
	case KERNEL_LINK_BRIDGE: return "Bridge";
	default: return "Virtual";
	}
}

/* GRE's lines: key, checksum, and the transport MTU less GRE's 24 bytes. */
static void
print_gre(struct cli_cmd_ctx *ctx, const struct m_tunnel *t, uint32_t transport)
{
	if (t->has_key)
		cli_printf(ctx, "    Key 0x%" PRIX32 ", sequencing disabled\n", t->key);
	else
		cli_printf(ctx, "    Key disabled, sequencing disabled\n");
	cli_printf(ctx, "    Checksumming of packets disabled\n");
	cli_printf(ctx, "  Tunnel TTL 255, Fast tunneling enabled\n");
	cli_printf(ctx, "  Tunnel transport MTU %u bytes\n", transport - 24u);
}

/* What ESP in tunnel mode adds at most to a packet (IOS's "Tunnel transport
 * MTU" of a VTI is the transport MTU less this): the outer IP header, the
 * ESP header and trailer, the IV, the longest padding of the cipher's
 * block and the ICV. AES-CBC with SHA-1 (IOS's default transform set)
 * gives 73: 1427 bytes over Ethernet, as IOS shows. */
unsigned
show_if_esp_overhead(enum m_esp_encr encr, enum m_esp_auth auth)
{
	unsigned iv, block, icv;

	switch (encr) {
	case ESP_GCM:
	case ESP_GMAC: iv = 8, block = 4, icv = 16; break;
	case ESP_DES:
	case ESP_3DES: iv = 8, block = 8, icv = 0; break;
	case ESP_NULL: iv = 0, block = 4, icv = 0; break;
	default: iv = 16, block = 16, icv = 0; break; /* AES-CBC */
	}
	switch (auth) {
	case ESP_MD5_HMAC:
	case ESP_SHA_HMAC: icv = 12; break;
	case ESP_SHA256_HMAC: icv = 16; break;
	case ESP_SHA384_HMAC: icv = 24; break;
	case ESP_SHA512_HMAC: icv = 32; break;
	default: break;
	}
	return 20 + 8 + iv + (block - 1) + 2 + icv;
}

/* The overhead of the first transform set of the interface's IPsec
 * profile (IOS's default one when there is none to be found). */
static unsigned
protection_overhead(const struct model *m, const struct m_interface *f)
{
	const struct m_ipsec_profile *p = NULL;
	const struct m_transform_set *ts = NULL;

	if (f->protection.set)
		p = (const void *)model_get(m, MK_IPSEC_PROFILE, f->protection.profile);
	if (p && p->n_tset)
		ts = (const void *)model_get(m, MK_TRANSFORM_SET, p->tset[0]);
	return ts ? show_if_esp_overhead(ts->encr, ts->auth)
		  : show_if_esp_overhead(ESP_AES, ESP_SHA_HMAC);
}

static void
print_tunnel(struct cli_cmd_ctx *ctx, const struct if_row *row)
{
	uint32_t transport = row->view.transport_mtu ? row->view.transport_mtu : 1500u;
	const struct m_interface *f = row->cfg;
	const struct m_tunnel *t = &f->tunnel;
	const char *proto = t->mode == TUNNEL_GRE_MULTIPOINT ? "multi-GRE/IP"
			    : t->mode == TUNNEL_IPSEC_IPV4    ? "IPSEC/IP"
							      : "GRE/IP";

	cli_printf(ctx, "  Tunnel linestate evaluation %s\n", row->view.line_up ? "up" : "down");
	cli_printf(ctx, "  Tunnel source %s", row->view.tunnel_local ? model_ip(row->view.tunnel_local)
								  : "UNKNOWN");
	if (t->has_source_if)
		cli_printf(ctx, " (%s)", t->source_if);
	if (t->mode == TUNNEL_GRE_MULTIPOINT)
		cli_printf(ctx, "\n");
	else if (t->has_destination)
		cli_printf(ctx, ", destination %s\n", model_ip(t->destination));
	else
		cli_printf(ctx, ", destination UNKNOWN\n");
	cli_printf(ctx, "  Tunnel protocol/transport %s\n", proto);
	if (t->mode == TUNNEL_IPSEC_IPV4) {
		/* IOS: no GRE key or checksum, ESP's overhead on the transport */
		unsigned over = protection_overhead(cmd_router(ctx)->running, f);

		cli_printf(ctx, "  Tunnel TTL 255\n");
		cli_printf(ctx, "  Tunnel transport MTU %u bytes\n",
			   transport > over ? transport - over : 0);
	} else {
		print_gre(ctx, t, transport);
	}
	cli_printf(ctx, "  Tunnel transmit bandwidth 8000 (kbps)\n");
	cli_printf(ctx, "  Tunnel receive bandwidth 8000 (kbps)\n");
	if (f->protection.set)
		cli_printf(ctx, "  Tunnel protection via IPSec (profile \"%s\")\n", f->protection.profile);
}

static void
print_interface(struct cli_cmd_ctx *ctx, struct kown *ko, const struct if_row *row)
{
	const struct kernel_link_stats *s = &row->link.stats;
	const struct m_interface *f = row->cfg;
	bool tunnel = f && ifname_is_tunnel(row->name);
	const char *hw = hardware(row);
	uint32_t addr;
	unsigned len;

	cli_printf(ctx, "%s is %s, line protocol is %s\n", row->name, status_text(row),
		   row->view.line_up ? "up" : "down");
	if (!row->has_link) {
		cli_printf(ctx, "  Hardware is %s (no Linux device %s)\n", hw, row->view.linux_name);
		return;
	}
	if (row->link.lladdr_len == 6) {
		const uint8_t *m = row->link.lladdr;

		cli_printf(ctx, "  Hardware is %s, address is %02x%02x.%02x%02x.%02x%02x (bia %02x%02x.%02x%02x.%02x%02x)\n",
			   hw, m[0], m[1], m[2], m[3], m[4], m[5], m[0], m[1], m[2], m[3], m[4], m[5]);
	} else {
		cli_printf(ctx, "  Hardware is %s\n", hw);
	}
	if (f && f->description[0])
		cli_printf(ctx, "  Description: %s\n", f->description);
	if (row->view.on_lo)
		cli_printf(ctx, "  Linux device lo (the kernel lacks dummy interfaces)\n");
	if (row_address(ko, row, &addr, &len))
		cli_printf(ctx, "  Internet address is %s/%u\n", model_ip(addr), len);
	cli_printf(ctx, "  MTU %u bytes, BW %s, DLY %s,\n", row->link.mtu,
		   tunnel ? "100 Kbit/sec" : "1000000 Kbit/sec", tunnel ? "50000 usec" : "10 usec");
	cli_printf(ctx, "     reliability 255/255, txload 1/255, rxload 1/255\n");
	cli_printf(ctx, "  Encapsulation %s, loopback not set\n",
		   tunnel ? "TUNNEL" : (strcmp(hw, "Loopback") == 0 ? "LOOPBACK" : "ARPA"));
	if (f && f->keepalive)
		cli_printf(ctx, "  Keepalive set (%u sec), retries %u\n", f->keepalive_period,
			   f->keepalive_retries);
	else
		cli_printf(ctx, "  Keepalive not set\n");
	if (tunnel)
		print_tunnel(ctx, row);
	cli_printf(ctx, "  Last input never, output never, output hang never\n");
	cli_printf(ctx, "  Last clearing of \"show interface\" counters never\n");
	cli_printf(ctx, "  Input queue: 0/75/0/0 (size/max/drops/flushes); Total output drops: %" PRIu64 "\n",
		   s->tx_dropped);
	cli_printf(ctx, "  Queueing strategy: fifo\n");
	cli_printf(ctx, "  Output queue: 0/40 (size/max)\n");
	cli_printf(ctx, "  5 minute input rate 0 bits/sec, 0 packets/sec\n");
	cli_printf(ctx, "  5 minute output rate 0 bits/sec, 0 packets/sec\n");
	cli_printf(ctx, "     %" PRIu64 " packets input, %" PRIu64 " bytes, 0 no buffer\n", s->rx_packets,
		   s->rx_bytes);
	cli_printf(ctx, "     Received 0 broadcasts (%" PRIu64 " IP multicasts)\n", s->multicast);
	cli_printf(ctx, "     0 runts, 0 giants, 0 throttles\n");
	cli_printf(ctx, "     %" PRIu64 " input errors, %" PRIu64 " CRC, %" PRIu64 " frame, %" PRIu64
		   " overrun, 0 ignored\n",
		   s->rx_errors, s->rx_crc_errors, s->rx_frame_errors, s->rx_over_errors);
	cli_printf(ctx, "     %" PRIu64 " packets output, %" PRIu64 " bytes, 0 underruns\n", s->tx_packets,
		   s->tx_bytes);
	cli_printf(ctx, "     %" PRIu64 " output errors, %" PRIu64 " collisions, 0 interface resets\n",
		   s->tx_errors, s->collisions);
	cli_printf(ctx, "     0 unknown protocol drops\n");
	cli_printf(ctx, "     0 output buffer failures, 0 output buffers swapped out\n");
}

/* The kernel owner, or an error printed (routerd -n has none). */
struct kown *
show_kown(struct cli_cmd_ctx *ctx)
{
	struct kown *ko = owner_kernel_of(cmd_router(ctx)->owners[OWNER_KERNEL]);

	if (!ko)
		cli_error(ctx, "Not available: routerd runs without a kernel (-n)");
	return ko;
}

static enum cli_status
cmd_show_interfaces(struct cli_cmd_ctx *ctx)
{
	struct router *r = cmd_router(ctx);
	const char *typed = cli_ctx_after(ctx, "interfaces");
	char name[MODEL_NAME_LEN], err[160];
	struct if_list l = { 0 };
	struct kown *ko = show_kown(ctx);

	if (!ko)
		return CLI_ERR_FAILED;
	if (typed && !ifname_canonical(r->ifmap, typed, name, sizeof(name), err, sizeof(err)))
		return cmd_fail(ctx, NULL, "%s", err);
	kown_lock(ko);
	collect_rows(r, ko, typed ? name : NULL, &l);
	for (size_t i = 0; i < l.n; i++)
		print_interface(ctx, ko, &l.v[i]);
	kown_unlock(ko);
	free(l.v);
	if (typed && l.n == 0)
		return cmd_fail(ctx, NULL, "Interface %s does not exist", name);
	return CLI_OK;
}

static enum cli_status
cmd_show_ip_int_brief(struct cli_cmd_ctx *ctx)
{
	struct router *r = cmd_router(ctx);
	struct if_list l = { 0 };
	struct kown *ko = show_kown(ctx);

	if (!ko)
		return CLI_ERR_FAILED;
	kown_lock(ko);
	collect_rows(r, ko, NULL, &l);
	cli_printf(ctx, "%-26s %-15s %-3s %-6s %-21s %s\n", "Interface", "IP-Address", "OK?", "Method",
		   "Status", "Protocol");
	for (size_t i = 0; i < l.n; i++) {
		const struct if_row *row = &l.v[i];
		uint32_t addr;
		unsigned len;
		bool has = row_address(ko, row, &addr, &len);

		cli_printf(ctx, "%-26s %-15s YES %-6s %-21s %s\n", row->name,
			   has ? model_ip(addr) : "unassigned",
			   row->cfg && row->cfg->has_address ? "manual" : "unset", status_text(row),
			   row->view.line_up ? "up" : "down");
	}
	kown_unlock(ko);
	free(l.v);
	return CLI_OK;
}

#define H_SHOW "Show running system information\n"

static const struct cli_cmd show_if_cmds[] = {
	{ MODE_EXEC, "show interfaces [IFNAME]", H_SHOW "Interface status and configuration\nInterface name",
	  cmd_show_interfaces, 0, NULL },
	{ MODE_EXEC, "show ip interface brief",
	  H_SHOW "IP information\nIP interface status and configuration\nBrief summary of IP status and configuration",
	  cmd_show_ip_int_brief, 0, NULL },
};

void
cmds_register_show_if(struct cli_tree *t)
{
	cli_register_all(t, show_if_cmds, LIOS_ARRAY_SIZE(show_if_cmds));
}
