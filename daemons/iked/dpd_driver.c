/*
 * Per-SA DPD state fed from charon (see dpd_driver.h).
 */
#include <stdlib.h>
#include <string.h>

#include <library.h>
#include <daemon.h>
#include <processing/jobs/send_dpd_job.h>

#include "dpd.h"
#include "dpd_driver.h"
#include "log.h"

struct sa_dpd {
	uint32_t unique_id;
	char name[IKE_SPEC_NAME_MAX];
	struct dpd_sa dpd;
	struct dpd_seen in, out; /* when ESP last came in / went out */
	bool dead_logged;
	bool present;
};

/* What one tick reads of an SA while charon has it checked out. */
struct sa_sample {
	ike_sa_id_t *id;
	uint32_t unique_id;
	char name[IKE_SPEC_NAME_MAX];
	char remote[IKE_SPEC_ADDR_MAX];
	time_t established, ike_in;
	time_t child_in, child_out; /* charon's last-use times */
	uint64_t bytes_in, bytes_out;
};

static struct ike_spec *specs;
static int n_specs;
static bool any_dpd; /* some spec has DPD: else the tick has nothing to do */
static struct ike_globals globals;
static struct sa_dpd *table;
static size_t n_table;

static const struct ike_spec *spec_by_name(const char *name)
{
	int i;

	for (i = 0; i < n_specs; i++)
		if (!strcmp(specs[i].name, name))
			return &specs[i];
	return NULL;
}

int iked_dpd_configure(const struct ike_spec *new_specs, int n, const struct ike_globals *g)
{
	struct ike_spec *copy = NULL;
	size_t i;

	if (n > 0) {
		copy = malloc((size_t)n * sizeof(*copy));
		if (!copy)
			return -1;
		memcpy(copy, new_specs, (size_t)n * sizeof(*copy));
	}
	free(specs);
	specs = copy;
	n_specs = n;
	globals = *g;
	any_dpd = false;
	for (i = 0; i < (size_t)n; i++)
		if (ike_spec_effective_dpd(&specs[i], &globals).mode != IKE_DPD_OFF)
			any_dpd = true;
	/* Live SAs follow a changed dpd from the next check on. */
	for (i = 0; i < n_table; i++) {
		const struct ike_spec *s = spec_by_name(table[i].name);

		if (s)
			table[i].dpd.cfg = ike_spec_effective_dpd(s, &globals);
	}
	return 0;
}

static time_t latest(time_t a, time_t b)
{
	return a > b ? a : b;
}

static void sample(ike_sa_t *ike_sa, struct sa_sample *s)
{
	enumerator_t *e = ike_sa->create_child_sa_enumerator(ike_sa);
	child_sa_t *child;

	memset(s, 0, sizeof(*s));
	s->unique_id = ike_sa->get_unique_id(ike_sa);
	snprintf(s->name, sizeof(s->name), "%s", ike_sa->get_name(ike_sa));
	snprintf(s->remote, sizeof(s->remote), "%H", ike_sa->get_other_host(ike_sa));
	s->established = ike_sa->get_statistic(ike_sa, STAT_ESTABLISHED);
	s->ike_in = ike_sa->get_statistic(ike_sa, STAT_INBOUND);
	while (e->enumerate(e, &child)) {
		uint64_t bytes = 0, packets = 0;
		time_t t = 0;

		child->get_usestats(child, TRUE, &t, &bytes, &packets);
		s->child_in = latest(s->child_in, t);
		s->bytes_in += bytes;
		t = 0;
		bytes = 0;
		child->get_usestats(child, FALSE, &t, &bytes, &packets);
		s->child_out = latest(s->child_out, t);
		s->bytes_out += bytes;
	}
	e->destroy(e);
	s->id = ike_sa->get_id(ike_sa)->clone(ike_sa->get_id(ike_sa));
}

static struct sa_dpd *entry_for(const struct sa_sample *s, const struct ike_spec *spec)
{
	struct sa_dpd *grown, *e;
	size_t i;

	for (i = 0; i < n_table; i++)
		if (table[i].unique_id == s->unique_id)
			return &table[i];
	grown = realloc(table, (n_table + 1) * sizeof(*table));
	if (!grown)
		return NULL;
	table = grown;
	e = &table[n_table++];
	memset(e, 0, sizeof(*e));
	e->unique_id = s->unique_id;
	snprintf(e->name, sizeof(e->name), "%s", s->name);
	dpd_sa_init(&e->dpd, spec, &globals, s->established);
	dpd_seen_init(&e->in, s->bytes_in, s->child_in);
	dpd_seen_init(&e->out, s->bytes_out, s->child_out);
	return e;
}

static void drive(struct sa_dpd *e, const struct sa_sample *s, time_t now)
{
	struct dpd_usage use;
	enum dpd_action action;
	time_t wake;

	e->present = true;
	use.last_in = latest(latest(s->established, s->ike_in),
			     dpd_seen_update(&e->in, s->bytes_in, s->child_in, now));
	use.last_out = dpd_seen_update(&e->out, s->bytes_out, s->child_out, now);

	/* The tick runs every second: wake only matters to a sparser caller. */
	action = dpd_poll(&e->dpd, now, &use, &wake);
	switch (action) {
	case DPD_SEND:
		iked_log("DPD: %s[%u] %s: liveness check %u (%s %u/%u), last in %lds ago", s->name,
			 s->unique_id, s->remote, e->dpd.probes, ike_dpd_mode_name(e->dpd.cfg.mode),
			 e->dpd.cfg.interval, e->dpd.cfg.retry, (long)(now - use.last_in));
		lib->processor->queue_job(lib->processor, (job_t *)send_dpd_job_create(s->id));
		break;
	case DPD_DEAD:
		if (!e->dead_logged)
			iked_log("DPD: %s[%u] %s: no answer %lds after the first check: peer dead",
				 s->name, s->unique_id, s->remote, (long)(now - e->dpd.probe_at));
		e->dead_logged = true;
		break;
	case DPD_IDLE:
		break;
	}
}

void iked_dpd_tick(void)
{
	struct sa_sample *samples = NULL, *grown;
	size_t n = 0, i, kept;
	enumerator_t *sas;
	ike_sa_t *ike_sa;
	time_t now;

	if (!any_dpd && !n_table)
		return;
	/* Collect first, act after: no charon call while the enumerator
	 * holds the SA manager. */
	sas = charon->controller->create_ike_sa_enumerator(charon->controller, TRUE);
	while (sas->enumerate(sas, &ike_sa)) {
		if (ike_sa->get_state(ike_sa) != IKE_ESTABLISHED ||
		    !spec_by_name(ike_sa->get_name(ike_sa)))
			continue;
		grown = realloc(samples, (n + 1) * sizeof(*samples));
		if (!grown)
			break;
		samples = grown;
		sample(ike_sa, &samples[n++]);
	}
	sas->destroy(sas);

	now = time_monotonic(NULL);
	for (i = 0; i < n_table; i++)
		table[i].present = false;
	for (i = 0; i < n; i++) {
		const struct ike_spec *spec = spec_by_name(samples[i].name);
		struct sa_dpd *e = spec ? entry_for(&samples[i], spec) : NULL;

		if (e)
			drive(e, &samples[i], now);
		samples[i].id->destroy(samples[i].id);
	}
	free(samples);
	/* SAs that went away take their state with them. */
	for (i = kept = 0; i < n_table; i++)
		if (table[i].present)
			table[kept++] = table[i];
	n_table = kept;
}

void iked_dpd_info(uint32_t unique_id, struct ike_dpd *dpd, uint8_t *pending)
{
	size_t i;

	memset(dpd, 0, sizeof(*dpd));
	*pending = 0;
	for (i = 0; i < n_table; i++)
		if (table[i].unique_id == unique_id) {
			/* field by field: the record goes on the wire, padding and all */
			dpd->mode = table[i].dpd.cfg.mode;
			dpd->interval = table[i].dpd.cfg.interval;
			dpd->retry = table[i].dpd.cfg.retry;
			*pending = dpd_pending(&table[i].dpd);
			return;
		}
}

void iked_dpd_free(void)
{
	free(table);
	table = NULL;
	n_table = 0;
	free(specs);
	specs = NULL;
	n_specs = 0;
}
