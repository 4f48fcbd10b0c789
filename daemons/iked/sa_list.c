/*
 * Snapshot of charon's SAs for the control socket. The controller's
 * enumerator checks out each IKE_SA in turn; nothing here calls back into
 * the manager or the controller while it is open.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <library.h>
#include <daemon.h>

#include "dpd_driver.h"
#include "sa_list.h"

static uint32_t ago(time_t now, time_t t)
{
	if (!t)
		return IKE_TIME_NEVER;
	return now > t ? (uint32_t)(now - t) : 0;
}

static uint32_t until(time_t now, time_t t)
{
	return t > now ? (uint32_t)(t - now) : 0;
}

static int push(struct sa_list *list, void *msg)
{
	void **grown;

	if (!msg)
		return -1;
	grown = realloc(list->msgs, (list->n + 1) * sizeof(*grown));
	if (!grown) {
		free(msg);
		return -1;
	}
	list->msgs = grown;
	list->msgs[list->n++] = msg;
	return 0;
}

static void proposal_names(proposal_t *p, char *encr, uint16_t *keysize, char *integ, char *prf,
			   char *dh, uint16_t *group)
{
	uint16_t alg, ks;

	if (!p)
		return;
	if (p->get_algorithm(p, ENCRYPTION_ALGORITHM, &alg, &ks)) {
		snprintf(encr, IKE_SPEC_ALG_MAX, "%N", encryption_algorithm_names, alg);
		*keysize = ks;
	}
	if (integ && p->get_algorithm(p, INTEGRITY_ALGORITHM, &alg, NULL))
		snprintf(integ, IKE_SPEC_ALG_MAX, "%N", integrity_algorithm_names, alg);
	if (prf && p->get_algorithm(p, PSEUDO_RANDOM_FUNCTION, &alg, NULL))
		snprintf(prf, IKE_SPEC_ALG_MAX, "%N", pseudo_random_function_names, alg);
	if (dh && p->get_algorithm(p, KEY_EXCHANGE_METHOD, &alg, NULL)) {
		snprintf(dh, IKE_SPEC_ALG_MAX, "%N", key_exchange_method_names, alg);
		if (group)
			*group = alg;
	}
}

static void ts_text(child_sa_t *child, bool local, char *out, size_t len)
{
	enumerator_t *e = child->create_ts_enumerator(child, local);
	traffic_selector_t *ts;
	size_t used = 0;

	out[0] = '\0';
	while (used < len && e->enumerate(e, &ts)) {
		int n = snprintf(out + used, len - used, "%s%R", used ? " " : "", ts);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	e->destroy(e);
}

static uint64_t child_cfg_life_bytes(child_sa_t *child)
{
	child_cfg_t *cfg = child->get_config(child);

	return cfg ? cfg->get_lifetime(cfg, FALSE)->bytes.life : 0;
}

static struct iked_msg_child *child_record(ike_sa_t *ike_sa, child_sa_t *child, time_t now)
{
	struct iked_msg_child *m = calloc(1, sizeof(*m));
	time_t t, installed, expire;

	if (!m)
		return NULL;
	m->hdr = (struct iked_msg_hdr){IKED_MSG_CHILD, IKED_MSG_VERSION, sizeof(*m)};
	m->ike_unique_id = ike_sa->get_unique_id(ike_sa);
	m->unique_id = child->get_unique_id(child);
	m->reqid = child->get_reqid(child);
	snprintf(m->name, sizeof(m->name), "%s", child->get_name(child));
	snprintf(m->state, sizeof(m->state), "%N", child_sa_state_names, child->get_state(child));
	m->mode = child->get_mode(child) == MODE_TRANSPORT ? IKE_MODE_TRANSPORT : IKE_MODE_TUNNEL;
	m->encap = child->has_encap(child);
	m->spi_in = ntohl(child->get_spi(child, TRUE));
	m->spi_out = ntohl(child->get_spi(child, FALSE));
	proposal_names(child->get_proposal(child), m->encr, &m->encr_keysize, m->integ, NULL,
		       m->dh, &m->dh_group);
	ts_text(child, TRUE, m->local_ts, sizeof(m->local_ts));
	ts_text(child, FALSE, m->remote_ts, sizeof(m->remote_ts));
	child->get_usestats(child, TRUE, &t, &m->bytes_in, &m->packets_in);
	m->last_in_ago = ago(now, t);
	child->get_usestats(child, FALSE, &t, &m->bytes_out, &m->packets_out);
	m->last_out_ago = ago(now, t);
	installed = child->get_installtime(child);
	m->installed_ago = installed ? ago(now, installed) : 0;
	expire = child->get_lifetime(child, FALSE);
	m->rekey_in = expire > now ? (uint32_t)(expire - now) : 0;
	expire = child->get_lifetime(child, TRUE);
	m->life_in = expire > now ? (uint32_t)(expire - now) : 0;
	m->life_bytes = child_cfg_life_bytes(child);
	return m;
}

static struct iked_msg_sa *sa_record(ike_sa_t *ike_sa, time_t now)
{
	struct iked_msg_sa *m = calloc(1, sizeof(*m));
	ike_sa_id_t *id = ike_sa->get_id(ike_sa);
	peer_cfg_t *peer = ike_sa->get_peer_cfg(ike_sa);
	host_t *me = ike_sa->get_my_host(ike_sa), *other = ike_sa->get_other_host(ike_sa);
	time_t established, over;

	if (!m)
		return NULL;
	m->hdr = (struct iked_msg_hdr){IKED_MSG_SA, IKED_MSG_VERSION, sizeof(*m)};
	m->unique_id = ike_sa->get_unique_id(ike_sa);
	snprintf(m->name, sizeof(m->name), "%s", ike_sa->get_name(ike_sa));
	m->version = ike_sa->get_version(ike_sa) == IKEV1 ? 1 : 2;
	m->initiator = id->is_initiator(id);
	m->nat = ike_sa->has_condition(ike_sa, COND_NAT_ANY);
	snprintf(m->state, sizeof(m->state), "%N", ike_sa_state_names, ike_sa->get_state(ike_sa));
	snprintf(m->local, sizeof(m->local), "%H", me);
	snprintf(m->remote, sizeof(m->remote), "%H", other);
	m->local_port = me->get_port(me);
	m->remote_port = other->get_port(other);
	snprintf(m->local_id, sizeof(m->local_id), "%Y", ike_sa->get_my_id(ike_sa));
	snprintf(m->remote_id, sizeof(m->remote_id), "%Y", ike_sa->get_other_id(ike_sa));
	m->spi_i = be64toh(id->get_initiator_spi(id));
	m->spi_r = be64toh(id->get_responder_spi(id));
	proposal_names(ike_sa->get_proposal(ike_sa), m->encr, &m->encr_keysize, m->integ, m->prf,
		       m->dh, &m->dh_group);
	established = ike_sa->get_statistic(ike_sa, STAT_ESTABLISHED);
	m->active_time = ike_sa->get_state(ike_sa) == IKE_ESTABLISHED ? ago(now, established)
								       : IKE_TIME_NEVER;
	/* IOS "Life": the configured lifetime (rekey + margin in charon). */
	over = peer ? peer->get_rekey_time(peer, FALSE) + peer->get_over_time(peer) : 0;
	m->lifetime = (uint32_t)over;
	m->last_in_ago = ago(now, ike_sa->get_statistic(ike_sa, STAT_INBOUND));
	m->rekey_in = until(now, ike_sa->get_statistic(ike_sa, STAT_REKEY));
	m->expires_in = until(now, ike_sa->get_statistic(ike_sa, STAT_DELETE));
	iked_dpd_info(m->unique_id, &m->dpd, &m->dpd_pending);
	return m;
}

int iked_sa_list_collect(struct sa_list *list)
{
	enumerator_t *sas, *children;
	ike_sa_t *ike_sa;
	child_sa_t *child;
	time_t now = time_monotonic(NULL);
	int rc = 0;

	list->msgs = NULL;
	list->n = 0;
	sas = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	while (rc == 0 && sas->enumerate(sas, &ike_sa)) {
		struct iked_msg_sa *sa = sa_record(ike_sa, now);

		if (push(list, sa) < 0) {
			rc = -1;
			break;
		}
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child)) {
			if (push(list, child_record(ike_sa, child, now)) < 0) {
				rc = -1;
				break;
			}
			sa->n_child++;
		}
		children->destroy(children);
	}
	sas->destroy(sas);
	if (rc < 0)
		iked_sa_list_free(list);
	return rc;
}

void iked_sa_list_free(struct sa_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->msgs[i]);
	free(list->msgs);
	list->msgs = NULL;
	list->n = 0;
}
