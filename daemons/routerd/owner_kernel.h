/*
 * The kernel owner (OWNER_KERNEL): applies the link aspect of interfaces
 * (devices, addresses, admin state, MTU, MSS clamp, GRE tunnels) and the
 * static routes through kernel_ops, keeps routes in step with the line
 * protocol of their interfaces, runs GRE keepalives, and answers the show
 * commands that read the kernel (show_if.c, show_route.c).
 *
 * routerd uses it from two threads: the session loop (apply, show) and the
 * owner's own thread (kernel monitor, keepalive timers and replies). Both
 * take kown_lock() around every use of the state and the kernel handle.
 */
#ifndef ROUTERD_OWNER_KERNEL_H
#define ROUTERD_OWNER_KERNEL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "kernel_ops.h"
#include "model.h"
#include "owner.h"

struct ifmap;
struct kown;

/* Takes ownership of k. map (may be NULL) gives the Linux names of IOS
 * physical interfaces; it must outlive the owner. */
struct owner *owner_kernel_new(struct kernel *k, const struct ifmap *map);
/* The kernel owner behind o, or NULL when o is another owner (routerd -n). */
struct kown *owner_kernel_of(struct owner *o);

struct kernel *kown_kernel(struct kown *ko);
void kown_lock(struct kown *ko);
void kown_unlock(struct kown *ko);

/* routerd's start: record the startup-config's objects without applying
 * them; kown_reconcile() applies the final state. */
void kown_defer(struct kown *ko);

/* Start-up reconciliation, once the configuration is loaded: applies what
 * was deferred (adopting matching devices, fixing what differs), then
 * deletes our routes (LIOS_RTPROT_STATIC) and our virtual devices that the
 * configuration does not have. Returns how many objects were removed. */
int kown_reconcile(struct kown *ko);

/* Re-reads what the owner depends on (tunnel source addresses, carrier) and
 * brings tunnels and routes in line. Called after kernel events. */
void kown_refresh(struct kown *ko);

/* Starts the owner's thread (kernel monitor + keepalives). -errno. */
int kown_start(struct kown *ko);

/* What show needs about a configured interface. */
struct kown_if_view {
	char linux_name[IFNAMSIZ];
	int ifindex;		/* 0: no device */
	bool created;		/* we made the device (tunnel, loopback) */
	bool on_lo;		/* Loopback on "lo": the kernel lacks dummy */
	bool line_up;		/* line protocol */
	uint32_t tunnel_local;	/* host order, 0: none */
	uint32_t transport_mtu;
	bool keepalive_down;	/* keepalives unanswered */
};
bool kown_if_view(struct kown *ko, const char *ios, struct kown_if_view *out);
/* The configured interface (IOS or Linux name as configured) whose device
 * has this index, or NULL. */
const char *kown_if_by_index(struct kown *ko, int ifindex);
/* The Linux device name of a configured or mapped interface name. */
void kown_linux_name(const struct ifmap *map, const char *canon, char out[IFNAMSIZ]);

/* --- IPsec line protocol (owner_kernel_ipsec.c) --------------------------- */

/* The IPsec SA of static VTI ios (IOS name) went up or down: its line
 * protocol follows (IOS: a VTI is up/up only with its SA) and so do the
 * routes through it. Takes the owner's lock: any thread (the IKE owner's
 * watcher calls it, arg = the struct kown). */
void kown_ipsec_line(void *arg, const char *ios, bool up);

/* --- Keepalive (keepalive.c) ---------------------------------------------- */

/* Sends the keepalives that are due at now, counts misses and takes line
 * protocols down; returns the seconds until the next is due (-1: none). */
int kown_keepalive_tick(struct kown *ko, time_t now);
/* An answer from the peer at remote (host order) with this GRE key
 * (has_key false: none) reached us: the line protocol comes up. */
void kown_keepalive_reply(struct kown *ko, uint32_t remote, bool has_key, uint32_t key);
/* Reads and handles the packets waiting on the raw socket. */
void kown_keepalive_input(struct kown *ko);
/* The raw GRE socket (-1 until the first keepalive tunnel needs it). */
int kown_keepalive_fd(struct kown *ko);

#endif
