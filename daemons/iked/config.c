/*
 * Applying a set of specs (see config.h).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <library.h>
#include <daemon.h>

#include "backend.h"
#include "config.h"
#include "dpd_driver.h"
#include "log.h"
#include "psk.h"
#include "race_driver.h"

static struct ike_spec *running;
static int n_running;
static struct ike_globals running_globals;

static const struct ike_spec *find(const struct ike_spec *specs, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(specs[i].name, name))
			return &specs[i];
	return NULL;
}

static int check_all(const struct ike_spec *specs, int n, const struct ike_globals *g,
		     unsigned int *retry, char *err, size_t errlen)
{
	int i;

	for (i = 0; i < n; i++) {
		if (ike_spec_validate(&specs[i], err, errlen) < 0)
			return -1;
		if (find(specs, i, specs[i].name)) {
			snprintf(err, errlen, "%s is defined twice", specs[i].name);
			return -1;
		}
	}
	return ike_spec_common_retry(specs, n, g, retry, err, errlen);
}

/* Collect first (the enumerator holds the SA manager), terminate after. */
static void close_stale(const struct ike_spec *specs, int n)
{
	enumerator_t *sas = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	uint32_t *ids = NULL, *grown;
	size_t n_ids = 0, i;
	ike_sa_t *ike_sa;

	while (sas->enumerate(sas, &ike_sa)) {
		const char *name = ike_sa->get_name(ike_sa);
		const struct ike_spec *old = find(running, n_running, name);
		const struct ike_spec *now = find(specs, n, name);

		if (!old || (now && !memcmp(old, now, sizeof(*now))))
			continue;
		grown = realloc(ids, (n_ids + 1) * sizeof(*ids));
		if (!grown)
			break;
		ids = grown;
		ids[n_ids++] = ike_sa->get_unique_id(ike_sa);
	}
	sas->destroy(sas);
	for (i = 0; i < n_ids; i++) {
		iked_log("closing IKE SA %u: its spec was removed or changed", ids[i]);
		charon->controller->terminate_ike(charon->controller, ids[i], FALSE, NULL, NULL, 0);
	}
	free(ids);
}

static void set_retry(unsigned int retry)
{
	double current = lib->settings->get_double(lib->settings, "%s.retransmit_timeout", 4.0,
						   lib->ns);

	if (!retry || current == (double)retry)
		return;
	lib->settings->set_double(lib->settings, "%s.retransmit_timeout", (double)retry, lib->ns);
	lib->settings->set_double(lib->settings, "%s.retransmit_base", 1.0, lib->ns);
	lib->settings->set_int(lib->settings, "%s.retransmit_tries", IKE_DPD_RETRANSMITS,
			       lib->ns);
	lib->settings->set_double(lib->settings, "%s.retransmit_jitter", 0.0, lib->ns);
	if (charon->ike_sa_manager->get_count(charon->ike_sa_manager))
		iked_log("DPD retry now %u s: applies to IKE SAs set up from now on", retry);
}

int iked_config_apply(struct iked_backend *b, const struct ike_spec *specs, int n,
		      const struct ike_globals *g, char *err, size_t errlen)
{
	struct ike_spec *copy = NULL;
	unsigned int retry;
	int i;

	if (n < 0 || check_all(specs, n, g, &retry, err, errlen) < 0)
		return -1;
	if (n) {
		copy = malloc((size_t)n * sizeof(*copy));
		if (!copy) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		memcpy(copy, specs, (size_t)n * sizeof(*copy));
	}
	if (iked_backend_load(b, specs, n, g, err, errlen) < 0 ||
	    iked_dpd_configure(specs, n, g) < 0) {
		free(copy);
		return -1;
	}
	iked_psk_load(specs, n);
	set_retry(retry);
	close_stale(specs, n);
	for (i = 0; i < n; i++) {
		const struct ike_spec *old = find(running, n_running, specs[i].name);

		if (specs[i].initiate && (!old || memcmp(old, &specs[i], sizeof(*old))))
			iked_race_initiate(b, &specs[i]);
	}
	free(running);
	running = copy;
	n_running = n;
	running_globals = *g;
	iked_log("%d spec(s) loaded%s", n, retry ? "" : ", no DPD");
	return 0;
}

const struct ike_spec *iked_config_find(const char *name)
{
	return find(running, n_running, name);
}

int iked_config_initiate(struct iked_backend *b, const char *name, char *err, size_t errlen)
{
	const struct ike_spec *s = find(running, n_running, name);

	if (!s) {
		snprintf(err, errlen, "no spec named %s", name);
		return -1;
	}
	if (!strcmp(s->remote, IKE_SPEC_ANY)) {
		snprintf(err, errlen, "%s answers any peer: nothing to initiate to", name);
		return -1;
	}
	iked_log("initiating %s to %s on request", s->name, s->remote);
	iked_backend_initiate(b, s);
	return 0;
}

/* Peers asked for in the last few seconds: their IKE SA may not be in the
 * manager yet (controller->initiate queues a job). */
#define RECENT_PEERS 32
#define RECENT_SECONDS 2
static struct {
	char remote[IKE_SPEC_ADDR_MAX];
	time_t when;
} recent[RECENT_PEERS];

static bool asked_recently(const char *remote, time_t now)
{
	int i, oldest = 0;

	for (i = 0; i < RECENT_PEERS; i++) {
		if (!strcmp(recent[i].remote, remote) && now - recent[i].when < RECENT_SECONDS)
			return true;
		if (recent[i].when < recent[oldest].when)
			oldest = i;
	}
	snprintf(recent[oldest].remote, sizeof(recent[oldest].remote), "%s", remote);
	recent[oldest].when = now;
	return false;
}

/* An IKE SA to REMOTE that is up or being set up (not one going away). */
static bool sa_to(const char *remote)
{
	enumerator_t *sas = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	ike_sa_t *ike_sa;
	bool found = false;

	while (!found && sas->enumerate(sas, &ike_sa)) {
		char addr[IKE_SPEC_ADDR_MAX];
		ike_sa_state_t state = ike_sa->get_state(ike_sa);

		if (state == IKE_DELETING || state == IKE_DESTROYING)
			continue;
		snprintf(addr, sizeof(addr), "%H", ike_sa->get_other_host(ike_sa));
		found = !strcmp(addr, remote);
	}
	sas->destroy(sas);
	return found;
}

int iked_config_initiate_peer(struct iked_backend *b, const char *name, const char *remote,
			      char *err, size_t errlen)
{
	const struct ike_spec *s = find(running, n_running, name);
	struct ike_spec one;
	struct in_addr a;

	if (!s) {
		snprintf(err, errlen, "no spec named %s", name);
		return -1;
	}
	if (strcmp(s->remote, IKE_SPEC_ANY)) {
		snprintf(err, errlen, "%s has its own peer %s: initiate it by name", name,
			 s->remote);
		return -1;
	}
	if (inet_pton(AF_INET, remote, &a) != 1 || !a.s_addr || a.s_addr == INADDR_BROADCAST) {
		snprintf(err, errlen, "bad peer address '%s'", remote);
		return -1;
	}
	if (!strcmp(remote, s->local)) {
		snprintf(err, errlen, "%s is our own address", remote);
		return -1;
	}
	if (sa_to(remote) || asked_recently(remote, time_monotonic(NULL)))
		return 0; /* already there or on its way */
	one = *s;
	snprintf(one.remote, sizeof(one.remote), "%s", remote);
	/* the peer is whoever answers at that address, as the spec accepts */
	if (!one.remote_id[0])
		snprintf(one.remote_id, sizeof(one.remote_id), "%s", IKE_SPEC_ANY);
	one.dpd = ike_spec_effective_dpd(s, &running_globals);
	iked_log("initiating %s to %s on request", name, remote);
	return iked_backend_initiate_peer(b, &one, err, errlen);
}

int iked_config_terminate(const char *name, uint32_t unique_id, char *err, size_t errlen)
{
	enumerator_t *sas = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	uint32_t *ids = NULL, *grown;
	size_t n = 0, i;
	ike_sa_t *ike_sa;

	while (sas->enumerate(sas, &ike_sa)) {
		uint32_t id = ike_sa->get_unique_id(ike_sa);

		if (unique_id ? id != unique_id : name[0] && strcmp(ike_sa->get_name(ike_sa), name))
			continue;
		grown = realloc(ids, (n + 1) * sizeof(*ids));
		if (!grown)
			break;
		ids = grown;
		ids[n++] = id;
	}
	sas->destroy(sas);
	for (i = 0; i < n; i++) {
		iked_log("closing IKE SA %u on request", ids[i]);
		charon->controller->terminate_ike(charon->controller, ids[i], FALSE, NULL, NULL, 0);
	}
	free(ids);
	if (!n) {
		if (unique_id)
			snprintf(err, errlen, "no IKE SA %u", unique_id);
		else
			snprintf(err, errlen, "no IKE SA%s%s", name[0] ? " of " : "", name);
	}
	return (int)n;
}

void iked_config_free(void)
{
	free(running);
	running = NULL;
	n_running = 0;
}

int iked_config_clear(struct iked_backend *b, uint32_t unique_id, const char *remote)
{
	enumerator_t *sas = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	struct cleared {
		uint32_t id;
		char name[IKE_SPEC_NAME_MAX];
	} *v = NULL, *grown;
	ike_sa_t *ike_sa;
	int n = 0, i;

	/* collect first: the enumerator holds the SA manager */
	while (sas->enumerate(sas, &ike_sa)) {
		char addr[IKE_SPEC_ADDR_MAX];
		uint32_t id = ike_sa->get_unique_id(ike_sa);

		snprintf(addr, sizeof(addr), "%H", ike_sa->get_other_host(ike_sa));
		if ((unique_id && id != unique_id) || (remote[0] && strcmp(remote, addr)))
			continue;
		grown = realloc(v, (size_t)(n + 1) * sizeof(*v));
		if (!grown)
			break;
		v = grown;
		v[n].id = id;
		snprintf(v[n].name, sizeof(v[n].name), "%s", ike_sa->get_name(ike_sa));
		n++;
	}
	sas->destroy(sas);
	for (i = 0; i < n; i++) {
		const struct ike_spec *s = find(running, n_running, v[i].name);

		iked_log("clear: deleting IKE SA %u (%s)", v[i].id, v[i].name);
		charon->controller->terminate_ike(charon->controller, v[i].id, FALSE, NULL, NULL, 0);
		if (s && s->initiate)
			iked_backend_initiate(b, s);
	}
	free(v);
	return n;
}
