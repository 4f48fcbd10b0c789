/*
 * `interface X` and the interface-mode commands except `ip nhrp`
 * (cmds_nhrp.c): description, addresses, shutdown, MTU, MSS, keepalive,
 * redirects and the tunnel commands.
 *
 * Choices where IOS could not be checked:
 *  - tunnel commands on a non-Tunnel interface are refused with a message
 *    (IOS does not offer them there at all);
 *  - `tunnel destination` and `tunnel mode gre multipoint` exclude each
 *    other (a multipoint tunnel learns destinations from NHRP);
 *  - `no interface` deletes virtual interfaces (Tunnel, Loopback, ...);
 *    on a physical one it is refused and `default interface X` clears it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lios.h"
#include "router_priv.h"

/* The interface of the current (config-if) session, writable in cand. */
static struct m_interface *
this_if(struct cli_cmd_ctx *ctx, struct model *cand)
{
	const char *name = cli_ctx_context(ctx, 0);

	return (struct m_interface *)model_edit(cand, MK_INTERFACE, name ? name : "", true);
}

static bool
canonical_if(struct cli_cmd_ctx *ctx, const char *typed, char *out, size_t outlen)
{
	char err[160];

	if (!ifname_canonical(cmd_router(ctx)->ifmap, typed, out, outlen, err, sizeof(err))) {
		cli_error(ctx, "%s", err);
		return false;
	}
	return true;
}

static enum cli_status
cmd_interface(struct cli_cmd_ctx *ctx)
{
	struct router *r = cmd_router(ctx);
	char name[MODEL_NAME_LEN];
	struct model *m;

	if (!canonical_if(ctx, cli_ctx_arg(ctx, 1), name, sizeof(name)))
		return CLI_ERR_FAILED;
	m = cmd_begin(ctx);
	if (cli_ctx_negated(ctx)) {
		if (!ifname_is_virtual(name))
			return cmd_fail(ctx, m, "Physical interfaces cannot be removed (use default interface %s)",
					name);
		if (!model_del(m, MK_INTERFACE, name))
			return cmd_fail(ctx, m, "Interface %s does not exist", name);
		return cmd_commit(ctx, m);
	}
	if (cli_ctx_default(ctx)) {
		if (model_get(m, MK_INTERFACE, name)) {
			model_del(m, MK_INTERFACE, name);
			if (ifname_is_virtual(name))
				model_edit(m, MK_INTERFACE, name, true);
		}
		return cmd_commit(ctx, m);
	}
	/* A physical IOS name needs a Linux device (from the map), except in
	 * a dry run where any well-formed name is accepted. */
	if (!r->dry_run && ifname_is_ios(name) && !ifname_is_virtual(name) &&
	    !ifmap_linux(r->ifmap, name))
		return cmd_fail(ctx, m, "Interface %s is not in the interface map", name);
	if (!model_get(m, MK_INTERFACE, name))
		model_edit(m, MK_INTERFACE, name, true);
	if (cmd_commit(ctx, m) != CLI_OK)
		return CLI_ERR_FAILED;
	cli_enter_mode(ctx, MODE_CONFIG_IF, name);
	return CLI_OK;
}

static enum cli_status
cmd_description(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_if(ctx, m);
	const char *text = cmd_reset(ctx) ? "" : cli_ctx_arg(ctx, cli_ctx_argc(ctx) - 1);

	if (!model_strset(f->description, sizeof(f->description), text))
		return cmd_fail(ctx, m, "Description is too long (at most 240 characters)");
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_bandwidth(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_if(ctx, m);

	f->bandwidth = 0;
	if (!cmd_reset(ctx))
		cmd_uint(ctx, "bandwidth", &f->bandwidth);
	return cmd_commit(ctx, m);
}

static bool
same_prefix(const struct m_prefix *a, const struct m_prefix *b)
{
	return a->addr == b->addr && a->mask == b->mask;
}

static bool
overlaps(const struct m_prefix *a, const struct m_prefix *b)
{
	uint32_t mask = a->mask & b->mask;

	return (a->addr & mask) == (b->addr & mask);
}

/* The interface whose addresses overlap p, other than self, or NULL. */
static const char *
overlapping_if(const struct model *m, const char *self, const struct m_prefix *p)
{
	for (size_t i = 0; i < model_count(m, MK_INTERFACE); i++) {
		const struct m_interface *f = (const void *)model_at(m, MK_INTERFACE, i);

		if (strcmp(f->h.key, self) == 0)
			continue;
		if (f->has_address && overlaps(&f->address, p))
			return f->h.key;
		for (unsigned j = 0; j < f->n_secondary; j++)
			if (overlaps(&f->secondary[j], p))
				return f->h.key;
	}
	return NULL;
}

static enum cli_status
cmd_ip_address(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_if(ctx, m);
	bool secondary = cli_ctx_find(ctx, "secondary") >= 0;
	struct m_prefix p;
	const char *other;

	if (cmd_reset(ctx) && cli_ctx_argc(ctx) < 4) {
		f->has_address = false;
		memset(&f->address, 0, sizeof(f->address));
		memset(f->secondary, 0, sizeof(f->secondary));
		f->n_secondary = 0;
		return cmd_commit(ctx, m);
	}
	if (!cmd_ip_at(ctx, 2, &p.addr) || !cmd_ip_at(ctx, 3, &p.mask))
		return cmd_fail(ctx, m, "Incomplete command.");
	if (cmd_reset(ctx)) {
		if (!secondary) {
			if (!f->has_address || !same_prefix(&f->address, &p))
				return cmd_fail(ctx, m, "Address %s not configured", model_ip(p.addr));
			if (f->n_secondary)
				return cmd_fail(ctx, m, "Must delete secondary before deleting primary");
			f->has_address = false;
			memset(&f->address, 0, sizeof(f->address));
			return cmd_commit(ctx, m);
		}
		for (unsigned i = 0; i < f->n_secondary; i++)
			if (same_prefix(&f->secondary[i], &p)) {
				memmove(&f->secondary[i], &f->secondary[i + 1],
					(f->n_secondary - i - 1) * sizeof(p));
				f->n_secondary--;
				memset(&f->secondary[f->n_secondary], 0, sizeof(p));
				return cmd_commit(ctx, m);
			}
		return cmd_fail(ctx, m, "Address %s not configured", model_ip(p.addr));
	}
	if (!model_mask_valid(p.mask) || p.mask == 0)
		return cmd_fail(ctx, m, "Bad mask 0x%X for address %s", p.mask, model_ip(p.addr));
	if (model_mask_len(p.mask) < 31 &&
	    ((p.addr & ~p.mask) == 0 || (p.addr & ~p.mask) == ~p.mask))
		return cmd_fail(ctx, m, "Bad mask /%u for address %s", model_mask_len(p.mask),
				model_ip(p.addr));
	if ((other = overlapping_if(m, f->h.key, &p)))
		return cmd_fail(ctx, m, "%s overlaps with %s", model_ip(p.addr & p.mask), other);
	if (!secondary) {
		/* An address that was a secondary becomes the primary. */
		for (unsigned i = 0; i < f->n_secondary; i++)
			if (f->secondary[i].addr == p.addr)
				return cmd_fail(ctx, m, "%s is configured as a secondary address",
						model_ip(p.addr));
		f->has_address = true;
		f->address = p;
		return cmd_commit(ctx, m);
	}
	if (f->has_address && f->address.addr == p.addr)
		return cmd_fail(ctx, m, "%s is the primary address", model_ip(p.addr));
	for (unsigned i = 0; i < f->n_secondary; i++)
		if (same_prefix(&f->secondary[i], &p))
			return cmd_commit(ctx, m);
	if (f->n_secondary == MODEL_MAX_SECONDARY)
		return cmd_fail(ctx, m, "At most %u secondary addresses", MODEL_MAX_SECONDARY);
	f->secondary[f->n_secondary++] = p;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_shutdown(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);

	this_if(ctx, m)->shutdown = !cmd_reset(ctx);
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_redirects(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);

	this_if(ctx, m)->no_redirects = cli_ctx_negated(ctx);
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_ip_mtu(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_if(ctx, m);

	f->has_mtu = !cmd_reset(ctx) && cmd_uint(ctx, "mtu", &f->mtu);
	if (!f->has_mtu)
		f->mtu = 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_adjust_mss(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_if(ctx, m);

	f->has_mss = !cmd_reset(ctx) && cmd_uint(ctx, "adjust-mss", &f->mss);
	if (!f->has_mss)
		f->mss = 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_keepalive(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_if(ctx, m);
	size_t n = cli_ctx_argc(ctx);

	f->keepalive = !cmd_reset(ctx);
	f->keepalive_period = f->keepalive ? KEEPALIVE_DEFAULT_PERIOD : 0;
	f->keepalive_retries = f->keepalive ? KEEPALIVE_DEFAULT_RETRIES : 0;
	if (f->keepalive && n >= 2)
		cmd_uint(ctx, "keepalive", &f->keepalive_period);
	if (f->keepalive && n >= 3)
		sscanf(cli_ctx_arg(ctx, 2), "%u", &f->keepalive_retries);
	return cmd_commit(ctx, m);
}

/* --- Tunnel ----------------------------------------------------------------- */

static struct m_interface *
this_tunnel(struct cli_cmd_ctx *ctx, struct model *m)
{
	struct m_interface *f = this_if(ctx, m);

	if (!ifname_is_tunnel(f->h.key)) {
		cmd_fail(ctx, m, "Tunnel commands apply to Tunnel interfaces only");
		return NULL;
	}
	return f;
}

static enum cli_status
cmd_tunnel_source(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_tunnel(ctx, m);
	struct m_tunnel *t;
	const char *src;

	if (!f)
		return CLI_ERR_FAILED;
	t = &f->tunnel;
	t->has_source_if = t->has_source_ip = false;
	t->source_ip = 0;
	memset(t->source_if, 0, sizeof(t->source_if));
	if (cmd_reset(ctx))
		return cmd_commit(ctx, m);
	src = cli_ctx_arg(ctx, 2);
	if (model_parse_ip(src, &t->source_ip)) {
		t->has_source_ip = true;
	} else {
		if (!canonical_if(ctx, src, t->source_if, sizeof(t->source_if))) {
			txn_abort(m);
			return CLI_ERR_FAILED;
		}
		if (strcmp(t->source_if, f->h.key) == 0)
			return cmd_fail(ctx, m, "A tunnel cannot be its own source");
		t->has_source_if = true;
	}
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_tunnel_destination(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_tunnel(ctx, m);

	if (!f)
		return CLI_ERR_FAILED;
	if (cmd_reset(ctx)) {
		f->tunnel.has_destination = false;
		f->tunnel.destination = 0;
		return cmd_commit(ctx, m);
	}
	if (f->tunnel.mode == TUNNEL_GRE_MULTIPOINT)
		return cmd_fail(ctx, m, "Tunnel destination is not allowed on a multipoint tunnel");
	if (!cmd_ip_at(ctx, 2, &f->tunnel.destination))
		return cmd_fail(ctx, m, "Invalid destination address");
	f->tunnel.has_destination = true;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_tunnel_mode(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_tunnel(ctx, m);
	enum m_tunnel_mode mode = TUNNEL_GRE_IP;

	if (!f)
		return CLI_ERR_FAILED;
	if (!cmd_reset(ctx)) {
		if (cli_ctx_find(ctx, "multipoint") >= 0)
			mode = TUNNEL_GRE_MULTIPOINT;
		else if (cli_ctx_find(ctx, "ipsec") >= 0)
			mode = TUNNEL_IPSEC_IPV4;
	}
	if (mode == TUNNEL_GRE_MULTIPOINT && f->tunnel.has_destination)
		return cmd_fail(ctx, m, "Tunnel destination is not allowed on a multipoint tunnel");
	f->tunnel.mode = mode;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_tunnel_key(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_tunnel(ctx, m);
	unsigned key = 0;

	if (!f)
		return CLI_ERR_FAILED;
	f->tunnel.has_key = !cmd_reset(ctx) && cmd_uint(ctx, "key", &key);
	f->tunnel.key = f->tunnel.has_key ? key : 0;
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_tunnel_protection(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_interface *f = this_tunnel(ctx, m);
	const char *name;

	if (!f)
		return CLI_ERR_FAILED;
	memset(&f->protection, 0, sizeof(f->protection));
	if (cmd_reset(ctx))
		return cmd_commit(ctx, m);
	name = cli_ctx_after(ctx, "profile");
	if (!model_strset(f->protection.profile, sizeof(f->protection.profile), name))
		return cmd_fail(ctx, m, "Profile name is too long");
	f->protection.set = true;
	f->protection.shared = cli_ctx_find(ctx, "shared") >= 0;
	return cmd_commit(ctx, m);
}

static const struct cli_cmd interface_cmds[] = {
	{ MODE_CONFIG, "interface IFNAME",
	  "Select an interface to configure\nInterface name (IOS name, abbreviation or Linux name)",
	  cmd_interface, CLI_F_NO_FULL, NULL },
	{ MODE_CONFIG_IF, "description LINE",
	  "Interface specific description\nUp to 240 characters describing this interface",
	  cmd_description, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "bandwidth <1-10000000>",
	  "Set bandwidth informational parameter\nBandwidth in kilobits", cmd_bandwidth, CLI_F_NO,
	  NULL },
	{ MODE_CONFIG_IF, "ip address A.B.C.D A.B.C.D [secondary]",
	  "Interface Internet Protocol config commands\nSet the IP address of an interface\n"
	  "IP address\nIP subnet mask\nMake this IP address a secondary address",
	  cmd_ip_address, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip redirects",
	  "Interface Internet Protocol config commands\nEnable sending ICMP Redirect messages",
	  cmd_redirects, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip mtu <68-17912>",
	  "Interface Internet Protocol config commands\nSet IP Maximum Transmission Unit\n"
	  "MTU (bytes)",
	  cmd_ip_mtu, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "ip tcp adjust-mss <500-1460>",
	  "Interface Internet Protocol config commands\nTCP header compression and/or "
	  "compression and adjust-mss\nAdjust the mss of transit packets\nMaximum segment size in bytes",
	  cmd_adjust_mss, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "keepalive [<1-32767> [<1-255>]]",
	  "Enable keepalive\nKeepalive period (default 10 seconds)\nKeepalive retries (default 3)",
	  cmd_keepalive, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "shutdown", "Shutdown the selected interface", cmd_shutdown, CLI_F_NO,
	  NULL },
	{ MODE_CONFIG_IF, "tunnel source {A.B.C.D|IFNAME}",
	  "protocol-over-protocol tunneling\nsource of tunnel packets\nip address\n"
	  "Interface name",
	  cmd_tunnel_source, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "tunnel destination A.B.C.D",
	  "protocol-over-protocol tunneling\ndestination of tunnel\nip address or host name",
	  cmd_tunnel_destination, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "tunnel mode gre {ip|multipoint}",
	  "protocol-over-protocol tunneling\ntunnel encapsulation method\n"
	  "generic route encapsulation protocol\nover IP\nover IP (multipoint)",
	  cmd_tunnel_mode, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "tunnel mode ipsec ipv4",
	  "protocol-over-protocol tunneling\ntunnel encapsulation method\nIPSec tunnel "
	  "encapsulation\nover IPv4",
	  cmd_tunnel_mode, 0, NULL },
	{ MODE_CONFIG_IF, "no tunnel mode ipsec ipv4",
	  "Negate a command or set its defaults\nprotocol-over-protocol tunneling\n"
	  "tunnel encapsulation method\nIPSec tunnel encapsulation\nover IPv4",
	  cmd_tunnel_mode, 0, NULL },
	{ MODE_CONFIG_IF, "tunnel key <0-4294967295>",
	  "protocol-over-protocol tunneling\nsecurity or selector key\nkey",
	  cmd_tunnel_key, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "tunnel protection ipsec profile WORD [shared]",
	  "protocol-over-protocol tunneling\nEnable tunnel protection\nUse IPsec protection\n"
	  "Determine the ipsec policy profile to use.\nName of the ipsec profile\n"
	  "Share an ipsec profile among tunnels with the same source",
	  cmd_tunnel_protection, CLI_F_NO, NULL },
	{ MODE_CONFIG_IF, "no tunnel protection",
	  "Negate a command or set its defaults\nprotocol-over-protocol tunneling\n"
	  "Enable tunnel protection",
	  cmd_tunnel_protection, 0, NULL },
};

void
cmds_register_interface(struct cli_tree *t)
{
	cli_register_all(t, interface_cmds, LIOS_ARRAY_SIZE(interface_cmds));
}
