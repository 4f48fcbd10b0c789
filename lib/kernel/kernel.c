/* kernel: dispatch to the backend, error messages, helpers common to all
 * backends. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_ops.h"

static const char *const kind_names[] = {
	[KERNEL_LINK_OTHER] = "other",	   [KERNEL_LINK_ETHER] = "ether",
	[KERNEL_LINK_LOOPBACK] = "loopback", [KERNEL_LINK_VETH] = "veth",
	[KERNEL_LINK_DUMMY] = "dummy",	   [KERNEL_LINK_BRIDGE] = "bridge",
	[KERNEL_LINK_GRE] = "gre",	   [KERNEL_LINK_GRETAP] = "gretap",
	[KERNEL_LINK_VTI] = "vti",	   [KERNEL_LINK_XFRM] = "xfrm",
	[KERNEL_LINK_TUN] = "tun",
};

const char *
kernel_link_kind_name(enum kernel_link_kind kind)
{
	if ((unsigned int)kind >= sizeof(kind_names) / sizeof(kind_names[0]) || !kind_names[kind])
		return "other";
	return kind_names[kind];
}

static const char *const op_names[KERNEL_OP_COUNT] = {
	[KERNEL_OP_LINK_GET] = "link_get",
	[KERNEL_OP_LINK_DUMP] = "link_dump",
	[KERNEL_OP_LINK_ADD] = "link_add",
	[KERNEL_OP_LINK_DEL] = "link_del",
	[KERNEL_OP_LINK_SET_UP] = "link_set_up",
	[KERNEL_OP_LINK_SET_MTU] = "link_set_mtu",
	[KERNEL_OP_LINK_SET_NOARP] = "link_set_noarp",
	[KERNEL_OP_LINK_SET_GRE] = "link_set_gre",
	[KERNEL_OP_ADDR_ADD] = "addr_add",
	[KERNEL_OP_ADDR_DEL] = "addr_del",
	[KERNEL_OP_ADDR_DUMP] = "addr_dump",
	[KERNEL_OP_ROUTE_ADD] = "route_add",
	[KERNEL_OP_ROUTE_REPLACE] = "route_replace",
	[KERNEL_OP_ROUTE_DEL] = "route_del",
	[KERNEL_OP_ROUTE_DUMP] = "route_dump",
	[KERNEL_OP_NEIGH_ADD] = "neigh_add",
	[KERNEL_OP_NEIGH_REPLACE] = "neigh_replace",
	[KERNEL_OP_NEIGH_DEL] = "neigh_del",
	[KERNEL_OP_NEIGH_DUMP] = "neigh_dump",
	[KERNEL_OP_SYSCTL_SET] = "sysctl_set",
	[KERNEL_OP_SYSCTL_GET] = "sysctl_get",
	[KERNEL_OP_MONITOR_OPEN] = "monitor_open",
	[KERNEL_OP_MONITOR_PROCESS] = "monitor_process",
	[KERNEL_OP_MSS_CLAMP_SET] = "mss_clamp_set",
	[KERNEL_OP_MSS_CLAMP_DUMP] = "mss_clamp_dump",
};

const char *
kernel_op_name(enum kernel_op op)
{
	if ((unsigned int)op >= KERNEL_OP_COUNT)
		return "?";
	return op_names[op];
}

int
kernel_fail(struct kernel *k, int err_no, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k->err, sizeof(k->err), fmt, ap);
	va_end(ap);
	return err_no > 0 ? -err_no : (err_no < 0 ? err_no : -EIO);
}

void
kernel_close(struct kernel *k)
{
	if (k)
		k->ops->destroy(k);
}

/* Requests are checked here once for every backend. */
static int
route_check(struct kernel *k, const struct kernel_route *r)
{
	if (!r || r->prefixlen > 32)
		return kernel_fail(k, EINVAL, "bad route or prefix length");
	if (r->type != KERNEL_ROUTE_UNICAST && r->type != KERNEL_ROUTE_BLACKHOLE &&
	    r->type != KERNEL_ROUTE_UNREACHABLE)
		return kernel_fail(k, EINVAL, "bad route type %d", (int)r->type);
	return 0;
}

static int
neigh_check(struct kernel *k, const struct kernel_neigh *n)
{
	if (!n || n->lladdr_len > KERNEL_LLADDR_MAX)
		return kernel_fail(k, EINVAL, "bad neighbour or link-layer address length");
	return 0;
}

/* Every wrapper clears the message so a stale one is never reported. */
#define KCALL(k, op, ...)                                                      \
	do {                                                                   \
		(k)->err[0] = '\0';                                            \
		return (k)->ops->op((k), __VA_ARGS__);                         \
	} while (0)

int
kernel_link_get(struct kernel *k, const char *name, struct kernel_link *out)
{
	if (!name || !*name || !out)
		return kernel_fail(k, EINVAL, "no interface name given");
	if (strlen(name) >= IFNAMSIZ)
		return kernel_fail(k, EINVAL, "interface name %.20s... is too long", name);
	KCALL(k, link_get, name, 0, out);
}

int
kernel_link_get_index(struct kernel *k, int ifindex, struct kernel_link *out)
{
	if (!out)
		return kernel_fail(k, EINVAL, "nowhere to put the link");
	KCALL(k, link_get, NULL, ifindex, out);
}

int
kernel_link_dump(struct kernel *k, kernel_link_cb cb, void *arg)
{
	if (!cb)
		return kernel_fail(k, EINVAL, "no callback for the dump");
	KCALL(k, link_dump, cb, arg);
}

int
kernel_link_add(struct kernel *k, const struct kernel_link_spec *spec, int *ifindex)
{
	if (!spec)
		return kernel_fail(k, EINVAL, "no link to create");
	KCALL(k, link_add, spec, ifindex);
}

int
kernel_link_del(struct kernel *k, int ifindex)
{
	KCALL(k, link_del, ifindex);
}

int
kernel_link_set_up(struct kernel *k, int ifindex, bool up)
{
	KCALL(k, link_set_up, ifindex, up);
}

int
kernel_link_set_mtu(struct kernel *k, int ifindex, uint32_t mtu)
{
	KCALL(k, link_set_mtu, ifindex, mtu);
}

int
kernel_link_set_noarp(struct kernel *k, int ifindex, bool noarp)
{
	KCALL(k, link_set_noarp, ifindex, noarp);
}

int
kernel_link_set_gre(struct kernel *k, int ifindex, const struct kernel_gre *gre)
{
	if (!gre)
		return kernel_fail(k, EINVAL, "no GRE parameters");
	KCALL(k, link_set_gre, ifindex, gre);
}

int
kernel_addr_add(struct kernel *k, const struct kernel_addr *a)
{
	if (!a || a->prefixlen > 32)
		return kernel_fail(k, EINVAL, "bad address or prefix length");
	KCALL(k, addr_add, a);
}

int
kernel_addr_del(struct kernel *k, const struct kernel_addr *a)
{
	if (!a || a->prefixlen > 32)
		return kernel_fail(k, EINVAL, "bad address or prefix length");
	KCALL(k, addr_del, a);
}

int
kernel_addr_dump(struct kernel *k, int ifindex, kernel_addr_cb cb, void *arg)
{
	if (!cb)
		return kernel_fail(k, EINVAL, "no callback for the dump");
	KCALL(k, addr_dump, ifindex, cb, arg);
}

int
kernel_route_add(struct kernel *k, const struct kernel_route *r)
{
	int rc;

	if ((rc = route_check(k, r)) < 0)
		return rc;
	KCALL(k, route_add, r);
}

int
kernel_route_replace(struct kernel *k, const struct kernel_route *r)
{
	int rc;

	if ((rc = route_check(k, r)) < 0)
		return rc;
	KCALL(k, route_replace, r);
}

int
kernel_route_del(struct kernel *k, const struct kernel_route *r)
{
	int rc;

	if ((rc = route_check(k, r)) < 0)
		return rc;
	KCALL(k, route_del, r);
}

int
kernel_route_dump(struct kernel *k, uint32_t table, uint8_t protocol, kernel_route_cb cb, void *arg)
{
	if (!cb)
		return kernel_fail(k, EINVAL, "no callback for the dump");
	KCALL(k, route_dump, table, protocol, cb, arg);
}

int
kernel_neigh_add(struct kernel *k, const struct kernel_neigh *n)
{
	int rc;

	if ((rc = neigh_check(k, n)) < 0)
		return rc;
	KCALL(k, neigh_add, n);
}

int
kernel_neigh_replace(struct kernel *k, const struct kernel_neigh *n)
{
	int rc;

	if ((rc = neigh_check(k, n)) < 0)
		return rc;
	KCALL(k, neigh_replace, n);
}

int
kernel_neigh_del(struct kernel *k, const struct kernel_neigh *n)
{
	int rc;

	if ((rc = neigh_check(k, n)) < 0)
		return rc;
	KCALL(k, neigh_del, n);
}

int
kernel_neigh_dump(struct kernel *k, int ifindex, kernel_neigh_cb cb, void *arg)
{
	if (!cb)
		return kernel_fail(k, EINVAL, "no callback for the dump");
	KCALL(k, neigh_dump, ifindex, cb, arg);
}

/* A sysctl path must stay below /proc/sys/net: no "..", no leading '/'. */
static int
sysctl_path_check(struct kernel *k, const char *path)
{
	if (!path || strncmp(path, "net/", 4) != 0 || strstr(path, ".."))
		return kernel_fail(k, EINVAL, "sysctl path \"%s\" is not below net/", path ? path : "");
	return 0;
}

int
kernel_sysctl_set(struct kernel *k, const char *path, const char *value)
{
	int rc;

	k->err[0] = '\0';
	if ((rc = sysctl_path_check(k, path)) < 0)
		return rc;
	if (!value || !*value || strchr(value, '\n'))
		return kernel_fail(k, EINVAL, "sysctl %s: bad value", path);
	return k->ops->sysctl_set(k, path, value);
}

int
kernel_sysctl_get(struct kernel *k, const char *path, char *buf, size_t len)
{
	int rc;

	k->err[0] = '\0';
	if ((rc = sysctl_path_check(k, path)) < 0)
		return rc;
	if (!buf || !len)
		return kernel_fail(k, EINVAL, "sysctl %s: no room for the value", path);
	return k->ops->sysctl_get(k, path, buf, len);
}

int
kernel_monitor_open(struct kernel *k, unsigned int groups, kernel_event_cb cb, void *arg)
{
	if (!cb || !groups || (groups & ~(KERNEL_MON_LINK | KERNEL_MON_ADDR | KERNEL_MON_NEIGH)))
		return kernel_fail(k, EINVAL, "monitor: no callback or unknown groups");
	KCALL(k, monitor_open, groups, cb, arg);
}

int
kernel_monitor_process(struct kernel *k)
{
	k->err[0] = '\0';
	return k->ops->monitor_process(k);
}

void
kernel_monitor_close(struct kernel *k)
{
	k->ops->monitor_close(k);
}

int
kernel_mss_clamp_set(struct kernel *k, const char *ifname, uint16_t mss)
{
	if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ)
		return kernel_fail(k, EINVAL, "bad interface name for the MSS clamp");
	KCALL(k, mss_clamp_set, ifname, mss);
}

int
kernel_mss_clamp_dump(struct kernel *k, kernel_mss_cb cb, void *arg)
{
	if (!cb)
		return kernel_fail(k, EINVAL, "no callback for the dump");
	KCALL(k, mss_clamp_dump, cb, arg);
}

/* Helpers */

struct route_list {
	struct kernel_route *v;
	size_t n, cap;
};

static int
collect_route(const struct kernel_route *r, void *arg)
{
	struct route_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct kernel_route *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *r;
	return 0;
}

int
kernel_route_flush_protocol(struct kernel *k, uint8_t protocol)
{
	struct route_list l = { 0 };
	int rc, deleted = 0;

	if (protocol == 0)
		return kernel_fail(k, EINVAL, "refusing to flush routes of every protocol");
	/* Collect first: deleting while the backend walks its table would
	 * change what it walks. */
	rc = kernel_route_dump(k, 0, protocol, collect_route, &l);
	if (rc == -ENOMEM)
		rc = kernel_fail(k, ENOMEM, "out of memory listing routes");
	for (size_t i = 0; rc >= 0 && i < l.n; i++) {
		if (l.v[i].protocol != protocol)
			continue;
		rc = kernel_route_del(k, &l.v[i]);
		if (rc == -ESRCH) /* gone meanwhile (its link went down) */
			rc = 0;
		else if (rc == 0)
			deleted++;
	}
	free(l.v);
	return rc < 0 ? rc : deleted;
}

struct primary {
	struct kernel_addr *out;
	bool found;
};

static int
first_primary(const struct kernel_addr *a, void *arg)
{
	struct primary *p = arg;

	if (a->secondary)
		return 0;
	*p->out = *a;
	p->found = true;
	return 1;
}

int
kernel_addr_primary(struct kernel *k, int ifindex, struct kernel_addr *out)
{
	struct primary p = { .out = out };
	int rc;

	if (!out || ifindex <= 0)
		return kernel_fail(k, EINVAL, "bad interface index %d", ifindex);
	if ((rc = kernel_addr_dump(k, ifindex, first_primary, &p)) < 0)
		return rc;
	if (!p.found)
		return kernel_fail(k, EADDRNOTAVAIL, "interface index %d has no IPv4 address", ifindex);
	return 0;
}

int
kernel_set_send_redirects(struct kernel *k, const char *ifname, bool on)
{
	char path[96];
	int rc;

	if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ || strchr(ifname, '/'))
		return kernel_fail(k, EINVAL, "bad interface name \"%s\"", ifname ? ifname : "");
	snprintf(path, sizeof(path), "net/ipv4/conf/%s/send_redirects", ifname);
	if (on)
		return kernel_sysctl_set(k, path, "1");
	/* The kernel ORs "all" with the interface's own value: "all" must be
	 * 0 for the interface's 0 to count. Other interfaces keep their own
	 * value (1 by default), so they still send redirects. */
	if ((rc = kernel_sysctl_set(k, "net/ipv4/conf/all/send_redirects", "0")) < 0)
		return rc;
	return kernel_sysctl_set(k, path, "0");
}

int
kernel_nhrp_prepare_link(struct kernel *k, int ifindex)
{
	static const struct {
		const char *name, *value;
	} neigh_params[] = {
		{ "app_solicit", "1" },
		{ "ucast_solicit", "0" },
		{ "mcast_solicit", "0" },
	};
	struct kernel_link l;
	char path[96];
	int rc;

	if ((rc = kernel_link_get_index(k, ifindex, &l)) < 0)
		return rc;
	for (size_t i = 0; i < sizeof(neigh_params) / sizeof(neigh_params[0]); i++) {
		snprintf(path, sizeof(path), "net/ipv4/neigh/%s/%s", l.name, neigh_params[i].name);
		if ((rc = kernel_sysctl_set(k, path, neigh_params[i].value)) < 0)
			return rc;
	}
	return kernel_link_set_noarp(k, ifindex, false);
}
