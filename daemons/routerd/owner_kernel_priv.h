/* The kernel owner's state, shared by owner_kernel*.c and keepalive.c. */
#ifndef ROUTERD_OWNER_KERNEL_PRIV_H
#define ROUTERD_OWNER_KERNEL_PRIV_H

#include <pthread.h>

#include "owner_kernel.h"

/* A configured interface as applied. */
struct kif {
	struct m_interface cfg;		/* the link aspect last applied */
	char linux_name[IFNAMSIZ];
	int ifindex;
	bool created;			/* a device we made (and will delete) */
	bool on_lo;
	uint32_t tunnel_local;		/* host order: resolved tunnel source */
	uint32_t transport_mtu;
	/* keepalive */
	bool ka_down;
	unsigned ka_missed;
	time_t ka_next;
};

/* A configured static route and whether it is in the kernel. */
struct kroute {
	struct m_route cfg;
	bool installed;
	struct kernel_route kr;		/* as installed */
};

struct kown {
	struct owner owner;
	struct kernel *k;
	const struct ifmap *map;
	pthread_mutex_t lock;
	struct kif **ifs;
	size_t n_ifs;
	struct kroute **routes;
	size_t n_routes;
	bool deferred;			/* loading the startup-config */
	bool gre_ok;			/* the kernel made a GRE device once */
	bool vti_ok;			/* ... a VTI device */
	int ka_fd;
	/* VTIs whose IPsec SA is up (owner_kernel_ipsec.c), by IOS name */
	char (*sa_up)[MODEL_NAME_LEN];
	size_t n_sa_up;
	pthread_t thread;
	bool thread_running;
	int stop_fd;			/* eventfd that ends the thread */
};

struct kif *kown_find_if(struct kown *ko, const char *ios);
/* The line protocol of a configured interface, from the kernel and the
 * keepalive state. */
bool kown_line_up(struct kown *ko, struct kif *f);
/* Whether the IPsec SA of VTI ios is up (owner_kernel_ipsec.c). */
bool kown_ipsec_up(const struct kown *ko, const char *ios);
/* Installs and withdraws routes after a change of line protocol. */
void kown_routes_sync(struct kown *ko);
/* The Linux interface alias (IOS description), netlink backend only. */
int kown_set_alias(struct kown *ko, int ifindex, const char *alias);
/* Ends the thread and closes its descriptors (owner_kernel_thread.c). */
void kown_thread_stop(struct kown *ko);

#endif
