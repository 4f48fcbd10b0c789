/*
 * The line protocol of static VTIs (tunnel mode ipsec ipv4) from iked's
 * CHILD SAs. On IOS a VTI is up/up only while its IPsec SA is: with no SA
 * (peer gone, DPD declared it dead, clear crypto session) the line protocol
 * is down and the routes through the tunnel are withdrawn.
 *
 * The tracker is fed by the IKE owner's watcher thread: the VTI specs of
 * the map pushed to iked, each listing of iked's SAs, and CHILD SA events.
 * It reports every change of a VTI's state to a callback, outside any lock
 * of the tracker's caller (the kernel owner takes its own lock there).
 */
#ifndef ROUTERD_VTI_LINE_H
#define ROUTERD_VTI_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "ike_spec.h"
#include "model.h"

struct ike_map;

/* A VTI's line protocol changed (ifname: IOS name, "Tunnel1"). */
typedef void (*vti_line_fn)(void *arg, const char *ifname, bool up);

#define VTI_LINE_IDS 8

struct vti_line_if {
	char ifname[MODEL_NAME_LEN];
	char spec[IKE_SPEC_NAME_MAX];
	bool up;	/* as last reported */
	bool wanted;	/* still a VTI spec of the map */
	/* The CHILD SAs carrying its traffic (their unique ids, the first
	 * VTI_LINE_IDS of them): as the last listing and the events since
	 * say, and in the listing under way. Two at once: both ends
	 * initiated, or a rekey. */
	uint32_t ids[VTI_LINE_IDS], next_ids[VTI_LINE_IDS];
	unsigned n_ids, n_next;
};

struct vti_line {
	struct vti_line_if *v;
	size_t n;
	bool ike_alive; /* the IKE SA of the CHILD SAs being listed */
};

/* The VTI specs (those with a mark) of MAP. New ones start down; those
 * gone are reported down by the next vti_line_list_end(). */
void vti_line_want(struct vti_line *vl, const struct ike_map *map);

/* A listing of iked's SAs: begin, every message (the record callback of
 * iked_client_list(), ctx = vl), end. end reports what changed. A listing
 * with no message (iked gone) takes every VTI down. */
void vti_line_list_begin(struct vti_line *vl);
int vti_line_list_record(void *vl, const struct iked_msg_hdr *msg);
void vti_line_list_end(struct vti_line *vl, vti_line_fn fn, void *arg);

/* An event from iked, taken in order: a VTI's CHILD SA up brings its line
 * up at once; its last CHILD SA down takes it down at once (clear crypto
 * session: down, then up with the new SA's event, however fast). Returns
 * true when the event names a CHILD SA the tracker did not know of (one
 * made by a rekey, which has no event): the caller should list the SAs. */
bool vti_line_event(struct vti_line *vl, const struct iked_msg_event *ev, vti_line_fn fn,
		    void *arg);

/* Whether IFNAME's line protocol is up as far as the tracker knows. */
bool vti_line_up(const struct vti_line *vl, const char *ifname);

void vti_line_free(struct vti_line *vl);

#endif
