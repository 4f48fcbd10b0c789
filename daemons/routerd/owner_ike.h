/*
 * The IKE side of routerd: the map from the IOS model to iked's ike_spec
 * entries (ike_map.c), the owner that pushes them to iked (owner_ike.c) and
 * the show/clear crypto commands that read iked's SAs (cmds_crypto_exec.c,
 * show_crypto.c).
 */
#ifndef ROUTERD_OWNER_IKE_H
#define ROUTERD_OWNER_IKE_H

#include <stdbool.h>
#include <stddef.h>

#include "cli_engine.h"
#include "ike_spec.h"
#include "model.h"
#include "owner.h"

/* --- ike_map.c ------------------------------------------------------------ */

/* The full set of specs the model asks for. */
struct ike_map {
	struct ike_spec *specs; /* malloc'ed */
	int n;
	struct ike_globals globals;
	/* Which interface each spec protects (for the show commands). */
	char (*ifname)[MODEL_NAME_LEN];
	/* Why protected interfaces got no spec yet ("Tunnel1: no tunnel
	 * destination"), one per line: IOS accepts such a configuration and
	 * the tunnel simply does not come up. */
	char notes[1024];
};

/*
 * Computes every spec from the model: one per p2p tunnel with tunnel
 * protection, a responder (%any) per mGRE tunnel plus an initiator per NHS
 * with a static NBMA address. Returns 0, or -1 with a one-line reason when
 * the configuration in use cannot be run (an algorithm this build does not
 * support, two DPD retry values, ...). Free with ike_map_free().
 */
int ike_map_build(const struct model *m, struct ike_map *out, char *why, size_t whylen);
void ike_map_free(struct ike_map *map);
/* Same specs and globals. */
bool ike_map_equal(const struct ike_map *a, const struct ike_map *b);

/* The strongSwan proposal of IOS's smart-default IKEv2 proposal "default". */
extern const char ike_map_default_ikev2_proposal[];

/* --- owner_ike.c ----------------------------------------------------------- */

/*
 * The IKE owner: every change to an IKE object or to tunnel protection
 * recomputes the whole map and replaces iked's specs with it (iked keeps
 * SAs whose spec did not change). A refusal by iked refuses the change.
 * When iked cannot be reached the change is accepted and logged, and a
 * watcher thread pushes the full state as soon as iked is (back) up; it
 * also notices an iked restart (its connection drops) and pushes again.
 */
struct owner *owner_ike_new(const char *iked_socket);
/* Recomputes the map from M and pushes it if it changed (0, or -1 with a
 * reason). The owner hears of IKE objects, tunnel protection and (txn.c)
 * the address of a protected tunnel's source interface; routerd calls
 * this once the startup-config is loaded, to be sure. */
int owner_ike_resync(struct owner *o, const struct model *m, char *why, size_t whylen);
/* iked's socket of an IKE owner; NULL for any other owner (routerd -n). */
const char *owner_ike_socket(const struct owner *o);
/* True once the watcher pushed the current state to iked. */
bool owner_ike_synced(const struct owner *o);
/* FN hears, from the watcher thread, each change of a static VTI's line
 * protocol (its CHILD SA up or down, vti_line.h). FN NULL: no more calls
 * once this returns (before freeing what ARG points to). */
void owner_ike_on_vti_line(struct owner *o, void (*fn)(void *arg, const char *ifname, bool up),
			   void *arg);

/* --- cmds_crypto_exec.c ---------------------------------------------------- */

/* show crypto ..., clear crypto ..., debug crypto ... */
void cmds_register_crypto_exec(struct cli_tree *t);

#endif
