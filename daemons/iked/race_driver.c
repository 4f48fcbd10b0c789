/*
 * Deferred initiation and duplicate IKE SAs (rules in ike_race.h).
 *
 * charon's own uniqueness check does not fit a p2p pair that races: with
 * UNIQUE_REPLACE and the same peer address it takes the newer SA for a
 * reauthentication and deletes the older one 10 s later, each end by its
 * own order of establishment, so the two ends may delete different SAs and
 * keep none; INITIAL_CONTACT in crossed IKE_AUTHs silently destroys an SA
 * the peer keeps. IKEv2 specs whose peer initiates too therefore use
 * UNIQUE_NEVER and this file decides. IKEv1 keeps charon's check: its
 * reauthentication moves the CHILD SAs to a new IKE SA and relies on it to
 * delete the old one. So do specs with one initiator (a hub answering
 * spokes): no race, and INITIAL_CONTACT from a restarted spoke clears the
 * SA it left behind.
 */
#include <stdio.h>
#include <string.h>

#include <library.h>
#include <daemon.h>
#include <threading/mutex.h>

#include "backend.h"
#include "ike_race.h"
#include "log.h"
#include "race_driver.h"

struct deferred {
	char name[IKE_SPEC_NAME_MAX];
	time_t due;
};

static struct deferred *deferred;
static int n_deferred;

/* IKEv1 peers that sent us a first Main/Aggressive Mode message, and when
 * (written on charon's threads). */
#define HEARD_MAX 32
static struct heard {
	char addr[IKE_SPEC_ADDR_MAX];
	time_t when;
} heard[HEARD_MAX];
static mutex_t *heard_lock;
static listener_t heard_listener;

static bool on_message(listener_t *l, ike_sa_t *ike_sa, message_t *msg, bool incoming, bool plain)
{
	exchange_type_t type = msg->get_exchange_type(msg);
	char addr[IKE_SPEC_ADDR_MAX];
	int i, slot = 0;

	if (!incoming || plain || (type != ID_PROT && type != AGGRESSIVE) ||
	    msg->get_ike_sa_id(msg)->get_responder_spi(msg->get_ike_sa_id(msg)))
		return TRUE;
	snprintf(addr, sizeof(addr), "%H", msg->get_source(msg));
	heard_lock->lock(heard_lock);
	for (i = 0; i < HEARD_MAX; i++) {
		if (!strcmp(heard[i].addr, addr)) {
			slot = i;
			break;
		}
		if (heard[i].when < heard[slot].when)
			slot = i;
	}
	snprintf(heard[slot].addr, sizeof(heard[slot].addr), "%s", addr);
	heard[slot].when = time_monotonic(NULL);
	heard_lock->unlock(heard_lock);
	return TRUE;
}

/* Seconds since PEER last sent us a first IKEv1 message; -1: never. */
static long heard_ago(const char *peer)
{
	long ago = -1;
	int i;

	if (!heard_lock)
		return -1;
	heard_lock->lock(heard_lock);
	for (i = 0; i < HEARD_MAX; i++)
		if (heard[i].when && !strcmp(heard[i].addr, peer))
			ago = (long)(time_monotonic(NULL) - heard[i].when);
	heard_lock->unlock(heard_lock);
	return ago;
}

static void listen_once(void)
{
	if (heard_lock)
		return;
	heard_lock = mutex_create(MUTEX_TYPE_DEFAULT);
	heard_listener.message = on_message;
	charon->bus->add_listener(charon->bus, &heard_listener);
}

/* An IKE SA of spec S with its peer that is up or coming up: named after
 * S, or still unnamed (a responder before IKE_AUTH picked its config). */
static bool sa_of(ike_sa_t *ike_sa, const struct ike_spec *s)
{
	ike_sa_state_t st = ike_sa->get_state(ike_sa);
	char me[IKE_SPEC_ADDR_MAX], other[IKE_SPEC_ADDR_MAX];

	if (st == IKE_DELETING || st == IKE_DESTROYING)
		return false;
	snprintf(me, sizeof(me), "%H", ike_sa->get_my_host(ike_sa));
	snprintf(other, sizeof(other), "%H", ike_sa->get_other_host(ike_sa));
	if (strcmp(me, s->local) || strcmp(other, s->remote))
		return false;
	return !ike_sa->get_peer_cfg(ike_sa) || !strcmp(ike_sa->get_name(ike_sa), s->name);
}

/* What initiate_unless_up() found. */
enum found {
	FOUND_NONE,
	FOUND_UP,       /* established, or ours and negotiating: nothing to do */
	FOUND_PEER_NEG, /* the peer is negotiating: look again later */
};

/* A responder SA still in IKE_SA_INIT whose peer went quiet (it gave that
 * attempt up, e.g. its spec changed) waits for charon's half-open timeout:
 * it does not count as coming up. */
static bool peer_negotiating(ike_sa_t *ike_sa)
{
	time_t last = ike_sa->get_statistic(ike_sa, STAT_INBOUND);

	return !last || time_monotonic(NULL) - last < IKE_RACE_DEFER;
}

static enum found existing_sa(const struct ike_spec *s, uint32_t *id, ike_sa_state_t *state)
{
	enumerator_t *sas = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	enum found found = FOUND_NONE;
	ike_sa_t *ike_sa;

	while (found != FOUND_UP && sas->enumerate(sas, &ike_sa)) {
		bool ours;

		if (!sa_of(ike_sa, s))
			continue;
		ours = ike_sa->has_condition(ike_sa, COND_ORIGINAL_INITIATOR);
		if (ike_sa->get_state(ike_sa) != IKE_CONNECTING || ours)
			found = FOUND_UP;
		else if (peer_negotiating(ike_sa))
			found = FOUND_PEER_NEG;
		else
			continue;
		*id = ike_sa->get_unique_id(ike_sa);
		*state = ike_sa->get_state(ike_sa);
	}
	sas->destroy(sas);
	return found;
}

static void defer(const struct ike_spec *s);

/* HIGHER: we are the end that waits (the deferred initiation). */
static void initiate_unless_up(struct iked_backend *b, const struct ike_spec *s, bool higher)
{
	ike_sa_state_t state = IKE_CREATED;
	uint32_t id = 0;
	long ago;

	switch (existing_sa(s, &id, &state)) {
	case FOUND_UP:
		iked_log("not initiating %s: IKE SA %u with %s is %N", s->name, id, s->remote,
			 ike_sa_state_names, state);
		return;
	case FOUND_PEER_NEG:
		iked_log("%s: %s is negotiating IKE SA %u; looking again in %d s", s->name,
			 s->remote, id, IKE_RACE_DEFER);
		defer(s);
		return;
	case FOUND_NONE:
		break;
	}
	ago = higher && s->version == 1 ? heard_ago(s->remote) : -1;
	if (ago >= 0 && ago < IKE_RACE_V1_QUIET) {
		iked_log("%s: %s is retrying Main Mode (last %ld s ago); looking again in %d s",
			 s->name, s->remote, ago, IKE_RACE_DEFER);
		defer(s);
		return;
	}
	iked_log("initiating %s to %s", s->name, s->remote);
	iked_backend_initiate(b, s);
}

static void forget(const char *name)
{
	int i;

	for (i = 0; i < n_deferred; i++)
		if (!strcmp(deferred[i].name, name)) {
			deferred[i] = deferred[--n_deferred];
			return;
		}
}

static void defer(const struct ike_spec *s)
{
	struct deferred *grown;

	forget(s->name);
	grown = realloc(deferred, (size_t)(n_deferred + 1) * sizeof(*deferred));
	if (!grown)
		return;
	deferred = grown;
	snprintf(deferred[n_deferred].name, sizeof(deferred[n_deferred].name), "%s", s->name);
	deferred[n_deferred].due = time_monotonic(NULL) + IKE_RACE_DEFER;
	n_deferred++;
}

void iked_race_initiate(struct iked_backend *b, const struct ike_spec *s)
{
	forget(s->name);
	listen_once();
	if (!s->peer_initiates || ike_race_addr_cmp(s->local, s->remote) < 0) {
		initiate_unless_up(b, s, false);
		return;
	}
	iked_log("%s: %s has the lower address and initiates; initiating in %d s unless an "
		 "IKE SA with it is up or coming up by then",
		 s->name, s->remote, IKE_RACE_DEFER);
	defer(s);
}

static void run_deferred(struct iked_backend *b, const struct ike_spec *(*find)(const char *))
{
	time_t now = time_monotonic(NULL);
	int i = 0;

	while (i < n_deferred) {
		const struct ike_spec *s;

		if (deferred[i].due > now) {
			i++;
			continue;
		}
		s = find(deferred[i].name);
		deferred[i] = deferred[--n_deferred];
		if (s && s->initiate)
			initiate_unless_up(b, s, true);
	}
}

/* An established IKE SA as the resolver sees it. */
struct up {
	struct ike_race_sa sa;
	char name[IKE_SPEC_NAME_MAX];
	char me[IKE_SPEC_ADDR_MAX], other[IKE_SPEC_ADDR_MAX];
	bool done; /* grouped already */
};

/* The established IKE SAs with a config (IKEv2 only if V2_ONLY). */
static int collect_up(struct up **out, bool v2_only)
{
	enumerator_t *sas = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	struct up *v = NULL, *grown;
	ike_sa_t *ike_sa;
	int n = 0;

	while (sas->enumerate(sas, &ike_sa)) {
		if (ike_sa->get_state(ike_sa) != IKE_ESTABLISHED ||
		    (v2_only && ike_sa->get_version(ike_sa) != IKEV2) ||
		    !ike_sa->get_peer_cfg(ike_sa))
			continue;
		grown = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (!grown)
			break;
		v = grown;
		memset(&v[n], 0, sizeof(v[n]));
		v[n].sa.id = ike_sa->get_unique_id(ike_sa);
		v[n].sa.established = (uint32_t)ike_sa->get_statistic(ike_sa, STAT_ESTABLISHED);
		snprintf(v[n].name, sizeof(v[n].name), "%s", ike_sa->get_name(ike_sa));
		snprintf(v[n].me, sizeof(v[n].me), "%H", ike_sa->get_my_host(ike_sa));
		snprintf(v[n].other, sizeof(v[n].other), "%H", ike_sa->get_other_host(ike_sa));
		n++;
	}
	sas->destroy(sas);
	*out = v;
	return n;
}

/* Only specs whose peer initiates too (p2p): a hub's %any spec has one IKE
 * SA per spoke, and spokes behind one NAT share an address. */
static void resolve_duplicates(const struct ike_spec *(*find)(const char *))
{
	uint32_t now = (uint32_t)time_monotonic(NULL);
	struct up *v = NULL;
	int n = collect_up(&v, true), i, j;

	for (i = 0; i < n; i++) {
		struct ike_race_sa group[16];
		bool del[16];
		int idx[16], k = 0, kept = 0;

		const struct ike_spec *s = find(v[i].name);

		if (v[i].done || !s || !s->peer_initiates)
			continue;
		for (j = i; j < n && k < 16; j++) {
			if (v[j].done || strcmp(v[j].name, v[i].name) ||
			    strcmp(v[j].other, v[i].other))
				continue;
			v[j].done = true;
			idx[k] = j;
			group[k++] = v[j].sa;
		}
		if (!ike_race_resolve(group, k, ike_race_addr_cmp(v[i].me, v[i].other) < 0, now,
				      del))
			continue;
		for (j = 0; j < k; j++)
			if (!del[j])
				kept = j;
		for (j = 0; j < k; j++) {
			if (!del[j])
				continue;
			iked_log(
			    "duplicate IKE SA %u of %s with %s: deleting it, keeping IKE SA %u "
			    "(established %u s later)",
			    group[j].id, v[idx[j]].name, v[idx[j]].other, group[kept].id,
			    group[kept].established - group[j].established);
			charon->controller->terminate_ike(charon->controller, group[j].id, FALSE,
							  NULL, NULL, 0);
		}
	}
	free(v);
}

/* Our own attempt of a spec that the peer never answered (no responder
 * SPI: the peer cannot have established it), while another IKE SA of that
 * spec with the peer is up: it would only come up as a duplicate when a
 * retransmission gets through (IKEv1 retransmits for minutes; charon's
 * uniqueness check then deletes by each end's own order). */
static bool unanswered_attempt(ike_sa_t *ike_sa)
{
	return ike_sa->get_state(ike_sa) == IKE_CONNECTING &&
	       ike_sa->has_condition(ike_sa, COND_ORIGINAL_INITIATOR) &&
	       !ike_sa->get_id(ike_sa)->get_responder_spi(ike_sa->get_id(ike_sa));
}

void iked_race_cancel_attempts(const struct ike_spec *(*find)(const char *))
{
	struct up *v = NULL;
	int n = collect_up(&v, false), i;
	enumerator_t *sas;
	ike_sa_t *ike_sa;
	uint32_t *ids = NULL, *grown;
	size_t n_ids = 0, k;

	sas = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	while (n && sas->enumerate(sas, &ike_sa)) {
		const struct ike_spec *s;
		char other[IKE_SPEC_ADDR_MAX];

		if (!unanswered_attempt(ike_sa) || !ike_sa->get_peer_cfg(ike_sa))
			continue;
		s = find(ike_sa->get_name(ike_sa));
		if (!s || !s->peer_initiates)
			continue;
		snprintf(other, sizeof(other), "%H", ike_sa->get_other_host(ike_sa));
		for (i = 0; i < n; i++)
			if (!strcmp(v[i].name, s->name) && !strcmp(v[i].other, other))
				break;
		if (i == n)
			continue;
		grown = realloc(ids, (n_ids + 1) * sizeof(*ids));
		if (!grown)
			break;
		ids = grown;
		ids[n_ids++] = ike_sa->get_unique_id(ike_sa);
		iked_log("cancelling IKE SA %u of %s: %s never answered it and IKE SA %u with it "
			 "is up",
			 ike_sa->get_unique_id(ike_sa), s->name, other, v[i].sa.id);
	}
	sas->destroy(sas);
	for (k = 0; k < n_ids; k++)
		charon->controller->terminate_ike(charon->controller, ids[k], FALSE, NULL, NULL, 0);
	free(ids);
	free(v);
}

void iked_race_tick(struct iked_backend *b, const struct ike_spec *(*find)(const char *))
{
	run_deferred(b, find);
	iked_race_cancel_attempts(find);
	resolve_duplicates(find);
}

void iked_race_free(void)
{
	if (heard_lock) {
		charon->bus->remove_listener(charon->bus, &heard_listener);
		heard_lock->destroy(heard_lock);
		heard_lock = NULL;
	}
	free(deferred);
	deferred = NULL;
	n_deferred = 0;
}
