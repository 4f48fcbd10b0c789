/*
 * The IPsec side of a static VTI's line protocol: which VTIs have their
 * CHILD SA up, as the IKE owner's watcher reports it (owner_ike.c,
 * vti_line.c). The report comes from the watcher thread and is applied
 * under the owner's lock, as the kernel thread applies keepalive changes:
 * the line protocol is re-evaluated and routes through the tunnel are
 * withdrawn or restored (kown_routes_sync()).
 *
 * The set is kept by name, apart from the interfaces, so that an SA
 * reported before the tunnel is (re)made still counts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor_log.h"
#include "owner_kernel_priv.h"

bool
kown_ipsec_up(const struct kown *ko, const char *ios)
{
	for (size_t i = 0; i < ko->n_sa_up; i++)
		if (strcmp(ko->sa_up[i], ios) == 0)
			return true;
	return false;
}

static void
set_sa(struct kown *ko, const char *ios, bool up)
{
	for (size_t i = 0; i < ko->n_sa_up; i++) {
		if (strcmp(ko->sa_up[i], ios) != 0)
			continue;
		if (!up)
			memcpy(ko->sa_up[i], ko->sa_up[--ko->n_sa_up], sizeof(ko->sa_up[i]));
		return;
	}
	if (up) {
		char(*v)[MODEL_NAME_LEN] = realloc(ko->sa_up, (ko->n_sa_up + 1) * sizeof(*v));

		if (!v)
			abort();
		ko->sa_up = v;
		snprintf(ko->sa_up[ko->n_sa_up++], MODEL_NAME_LEN, "%s", ios);
	}
}

void
kown_ipsec_line(void *arg, const char *ios, bool up)
{
	struct kown *ko = arg;
	struct kif *f;
	bool before, after;

	kown_lock(ko);
	f = kown_find_if(ko, ios);
	before = f && kown_line_up(ko, f);
	set_sa(ko, ios, up);
	after = f && kown_line_up(ko, f);
	fprintf(stderr, "routerd: %s: IPsec SA %s\n", ios, up ? "up" : "down");
	if (before != after) {
		char line[MONITOR_LOG_MAX];

		if (!ko->deferred) /* else kown_reconcile() installs them */
			kown_routes_sync(ko);
		snprintf(line, sizeof(line),
			 "%%LINEPROTO-5-UPDOWN: Line protocol on Interface %s, changed state to %s",
			 ios, after ? "up" : "down");
		monitor_log(line, true);
	}
	kown_unlock(ko);
}
