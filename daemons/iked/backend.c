/*
 * backend_t for charon built from ike_spec entries. The peer_cfgs live in
 * a list behind a rwlock: charon's threads enumerate it while the main
 * loop may replace it.
 */
#include <stdio.h>
#include <string.h>

#include <library.h>
#include <daemon.h>
#include <config/backend.h>
#include <threading/rwlock.h>
#include <collections/linked_list.h>

#include "backend.h"
#include "ike_spec.h"

struct iked_backend {
	backend_t backend; /* first: charon hands us back this pointer */
	linked_list_t *peers;
	rwlock_t *lock;
};

/* Lifetimes in IOS are hard limits; charon wants rekey + margin. Rekey at
 * 90%, randomised by up to 5% so both ends do not rekey together. */
static void soft_hard(uint64_t hard, uint64_t *life, uint64_t *rekey, uint64_t *jitter)
{
	*life = hard;
	*rekey = hard - hard / 10;
	*jitter = hard / 20;
}

static bool peer_filter(void *data, enumerator_t *orig, va_list args)
{
	peer_cfg_t **out;

	VA_ARGS_VGET(args, out);
	return orig->enumerate(orig, out);
}

static bool ike_filter(void *data, enumerator_t *orig, va_list args)
{
	peer_cfg_t *peer;
	ike_cfg_t **out;

	VA_ARGS_VGET(args, out);
	if (!orig->enumerate(orig, &peer))
		return FALSE;
	*out = peer->get_ike_cfg(peer);
	return TRUE;
}

static enumerator_t *create_peer_cfg_enumerator(backend_t *backend, identification_t *me,
						identification_t *other)
{
	struct iked_backend *b = (struct iked_backend *)backend;

	b->lock->read_lock(b->lock);
	return enumerator_create_filter(b->peers->create_enumerator(b->peers), peer_filter,
					b->lock, (void *)b->lock->unlock);
}

static enumerator_t *create_ike_cfg_enumerator(backend_t *backend, host_t *me, host_t *other)
{
	struct iked_backend *b = (struct iked_backend *)backend;

	b->lock->read_lock(b->lock);
	return enumerator_create_filter(b->peers->create_enumerator(b->peers), ike_filter,
					b->lock, (void *)b->lock->unlock);
}

static peer_cfg_t *find_locked(struct iked_backend *b, const char *name)
{
	enumerator_t *e = b->peers->create_enumerator(b->peers);
	peer_cfg_t *peer, *found = NULL;

	while (e->enumerate(e, &peer))
		if (streq(peer->get_name(peer), (char *)name)) {
			found = peer;
			break;
		}
	e->destroy(e);
	return found;
}

static peer_cfg_t *get_peer_cfg_by_name(backend_t *backend, char *name)
{
	struct iked_backend *b = (struct iked_backend *)backend;
	peer_cfg_t *found;

	b->lock->read_lock(b->lock);
	found = find_locked(b, name);
	if (found)
		found->get_ref(found);
	b->lock->unlock(b->lock);
	return found;
}

struct iked_backend *iked_backend_create(void)
{
	struct iked_backend *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	/* METHOD()-style functions are not constant: assign at runtime. */
	b->backend.create_peer_cfg_enumerator = create_peer_cfg_enumerator;
	b->backend.create_ike_cfg_enumerator = create_ike_cfg_enumerator;
	b->backend.get_peer_cfg_by_name = get_peer_cfg_by_name;
	b->peers = linked_list_create();
	b->lock = rwlock_create(RWLOCK_TYPE_DEFAULT);
	charon->backends->add_backend(charon->backends, &b->backend);
	return b;
}

void iked_backend_destroy(struct iked_backend *b)
{
	if (!b)
		return;
	charon->backends->remove_backend(charon->backends, &b->backend);
	b->peers->destroy_offset(b->peers, offsetof(peer_cfg_t, destroy));
	b->lock->destroy(b->lock);
	free(b);
}

static auth_cfg_t *psk_auth(const char *id)
{
	auth_cfg_t *auth = auth_cfg_create();

	auth->add(auth, AUTH_RULE_AUTH_CLASS, AUTH_CLASS_PSK);
	auth->add(auth, AUTH_RULE_IDENTITY, identification_create_from_string((char *)id));
	return auth;
}

static int add_proposals(const struct ike_spec *s, ike_cfg_t *ike, child_cfg_t *child, char *err,
			 size_t errlen)
{
	const char *dh = NULL;
	char buf[IKE_SPEC_PROPOSAL_MAX + 32];
	proposal_t *p;
	int i;

	for (i = 0; i < s->n_ike; i++) {
		p = proposal_create_from_string(PROTO_IKE, (char *)s->ike[i]);
		if (!p) {
			snprintf(err, errlen, "%s: strongSwan refuses IKE proposal %s", s->name,
				 s->ike[i]);
			return -1;
		}
		ike->add_proposal(ike, p);
	}
	if (s->pfs_group && ike_algs_group(s->pfs_group, &dh, err, errlen) < 0)
		return -1;
	for (i = 0; i < s->n_esp; i++) {
		/* PFS: the DH group joins every ESP proposal. */
		snprintf(buf, sizeof(buf), "%s%s%s", s->esp[i], dh ? "-" : "", dh ? dh : "");
		p = proposal_create_from_string(PROTO_ESP, buf);
		if (!p) {
			snprintf(err, errlen, "%s: strongSwan refuses ESP proposal %s", s->name, buf);
			return -1;
		}
		child->add_proposal(child, p);
	}
	return 0;
}

peer_cfg_t *iked_backend_build_peer(const struct ike_spec *s, char *err, size_t errlen)
{
	bool any = !strcmp(s->remote, IKE_SPEC_ANY);
	ike_cfg_create_t ike_data = {
		.version = s->version == 1 ? IKEV1 : IKEV2,
		.local = (char *)s->local,
		.local_port = charon->socket->get_port(charon->socket, FALSE),
		.remote = (char *)s->remote,
		.remote_port = IKEV2_UDP_PORT,
		.fragmentation = FRAGMENTATION_YES,
	};
	peer_cfg_create_t peer_data = {
		.cert_policy = CERT_NEVER_SEND,
		/* IKEv2 p2p: iked resolves duplicates itself (race_driver.c) */
		.unique = s->version == 2 && s->peer_initiates ? UNIQUE_NEVER : UNIQUE_REPLACE,
		.keyingtries = 0, /* keep trying, as IOS does */
		.rekey_time = s->ike_lifetime - s->ike_lifetime / 10,
		.jitter_time = s->ike_lifetime / 20,
		.over_time = s->ike_lifetime / 10,
		.no_mobike = TRUE,
		/* iked schedules DPD itself (IOS semantics): charon's is off. For
		 * IKEv1, the timeout job that declares the peer dead runs after
		 * the first R_U_THERE + 5 retransmissions. */
		.dpd = 0,
		.dpd_timeout = (uint32_t)(IKE_DPD_RETRANSMITS + 1) * s->dpd.retry,
	};
	child_cfg_create_t child_data = {
		.mode = s->mode == IKE_MODE_TRANSPORT ? MODE_TRANSPORT : MODE_TUNNEL,
		.start_action = ACTION_NONE,
		/* after DPD death: initiators bring the tunnel back, a hub waits */
		.dpd_action = s->initiate ? ACTION_START : ACTION_NONE,
		.close_action = ACTION_NONE,
		.mark_in = { .value = s->mark, .mask = s->mark ? 0xffffffff : 0 },
		.mark_out = { .value = s->mark, .mask = s->mark ? 0xffffffff : 0 },
	};
	const char *local_id = s->local_id[0] ? s->local_id : s->local;
	const char *remote_id = s->remote_id[0] ? s->remote_id : any ? "%any" : s->remote;
	ike_cfg_t *ike;
	child_cfg_t *child;
	peer_cfg_t *peer;

	soft_hard(s->ipsec_lifetime_s, &child_data.lifetime.time.life,
		  &child_data.lifetime.time.rekey, &child_data.lifetime.time.jitter);
	soft_hard(s->ipsec_lifetime_kb * 1024, &child_data.lifetime.bytes.life,
		  &child_data.lifetime.bytes.rekey, &child_data.lifetime.bytes.jitter);

	ike = ike_cfg_create(&ike_data);
	child = child_cfg_create((char *)s->name, &child_data);
	if (add_proposals(s, ike, child, err, errlen) < 0) {
		ike->destroy(ike);
		child->destroy(child);
		return NULL;
	}
	if (s->mark) {
		/* a VTI: whatever the routes send into it, matched to the device
		 * by its key as mark */
		child->add_traffic_selector(child, TRUE,
					    traffic_selector_create_from_cidr("0.0.0.0/0", 0, 0, 65535));
		child->add_traffic_selector(child, FALSE,
					    traffic_selector_create_from_cidr("0.0.0.0/0", 0, 0, 65535));
	} else {
		/* tunnel protection: the protocol between the two endpoints */
		child->add_traffic_selector(child, TRUE,
					    traffic_selector_create_dynamic(s->proto, 0, 65535));
		child->add_traffic_selector(child, FALSE,
					    traffic_selector_create_dynamic(s->proto, 0, 65535));
	}

	peer = peer_cfg_create((char *)s->name, ike, &peer_data);
	peer->add_auth_cfg(peer, psk_auth(local_id), TRUE);
	peer->add_auth_cfg(peer, psk_auth(remote_id), FALSE);
	peer->add_child_cfg(peer, child);
	return peer;
}

int iked_backend_load(struct iked_backend *b, const struct ike_spec *specs, int n,
		      const struct ike_globals *g, char *err, size_t errlen)
{
	linked_list_t *fresh = linked_list_create(), *old;
	int i;

	for (i = 0; i < n; i++) {
		struct ike_spec s = specs[i];
		peer_cfg_t *peer;

		s.dpd = ike_spec_effective_dpd(&specs[i], g);
		peer = iked_backend_build_peer(&s, err, errlen);
		if (!peer) {
			fresh->destroy_offset(fresh, offsetof(peer_cfg_t, destroy));
			return -1;
		}
		fresh->insert_last(fresh, peer);
	}
	b->lock->write_lock(b->lock);
	old = b->peers;
	b->peers = fresh;
	b->lock->unlock(b->lock);
	old->destroy_offset(old, offsetof(peer_cfg_t, destroy));
	return 0;
}

void iked_backend_initiate(struct iked_backend *b, const struct ike_spec *spec)
{
	enumerator_t *e;
	child_cfg_t *child = NULL;
	peer_cfg_t *peer = get_peer_cfg_by_name(&b->backend, (char *)spec->name);

	if (!peer)
		return;
	e = peer->create_child_cfg_enumerator(peer);
	if (e->enumerate(e, &child))
		child->get_ref(child);
	e->destroy(e);
	if (!child) {
		peer->destroy(peer);
		return;
	}
	/* consumes both references; without a callback it does not wait */
	charon->controller->initiate(charon->controller, peer, child, NULL, NULL, 0, FALSE);
}

int iked_backend_initiate_peer(struct iked_backend *b, const struct ike_spec *spec, char *err,
			       size_t errlen)
{
	peer_cfg_t *peer = iked_backend_build_peer(spec, err, errlen);
	child_cfg_t *child = NULL;
	enumerator_t *e;

	(void)b;
	if (!peer)
		return -1;
	e = peer->create_child_cfg_enumerator(peer);
	if (e->enumerate(e, &child))
		child->get_ref(child);
	e->destroy(e);
	if (!child) {
		peer->destroy(peer);
		snprintf(err, errlen, "%s has no CHILD config", spec->name);
		return -1;
	}
	charon->controller->initiate(charon->controller, peer, child, NULL, NULL, 0, FALSE);
	return 0;
}
