/* Plugging the kernel owner into the router: routerd without -n applies
 * to the kernel; once its startup-config is loaded it reconciles what the
 * kernel already had and starts the owner's thread. */
#include "config.h"

#include <stdio.h>

#include "owner_kernel.h"
#include "router_priv.h"
#include "show_kernel.h"

struct owner *
router_kernel_owner(struct router *r, char *err, size_t errlen)
{
	char kerr[KERNEL_ERRLEN];
	struct kernel *k = kernel_nl_open(kerr);
	struct owner *o;

	if (!k) {
		snprintf(err, errlen, "cannot open the kernel: %s", kerr);
		return NULL;
	}
	o = owner_kernel_new(k, r->ifmap);

	kown_defer(owner_kernel_of(o)); /* until router_started() */
	return o;
}

void
router_kernel_cmds(struct cli_tree *t)
{
	cmds_register_show_if(t);
	cmds_register_show_route(t);
}

void
router_started(struct router *r)
{
	struct kown *ko = owner_kernel_of(r->owners[OWNER_KERNEL]);
	int n, rc;

	if (!ko)
		return;
	/* A router forwards (IOS "ip routing" is on by default); GRE keepalive
	 * answers are forwarded packets too. */
	kown_lock(ko);
	if (kernel_sysctl_set(kown_kernel(ko), "net/ipv4/ip_forward", "1") < 0)
		fprintf(stderr, "routerd: cannot turn IPv4 forwarding on: %s\n",
			kernel_error(kown_kernel(ko)));
	kown_unlock(ko);
	n = kown_reconcile(ko);
	if (n > 0)
		fprintf(stderr, "routerd: removed %d stale kernel object%s\n", n, n == 1 ? "" : "s");
	if ((rc = kown_start(ko)) < 0)
		fprintf(stderr, "routerd: kernel monitor and keepalives not started (errno %d)\n", -rc);
}
