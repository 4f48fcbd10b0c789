/*
 * IOS DPD scheduling (see dpd.h for the rules).
 */
#include "dpd.h"

void dpd_sa_init(struct dpd_sa *sa, const struct ike_spec *spec, const struct ike_globals *g,
		 time_t established)
{
	sa->cfg = ike_spec_effective_dpd(spec, g);
	sa->we_retransmit = spec->version == 1;
	sa->last_check = established;
	sa->probe_at = 0;
	sa->probes = 0;
}

bool dpd_pending(const struct dpd_sa *sa)
{
	return sa->probe_at != 0;
}

time_t dpd_deadline(const struct dpd_sa *sa)
{
	/* first probe + 5 retransmissions, RETRY apart, and RETRY for the last */
	return sa->probe_at + (time_t)(IKE_DPD_RETRANSMITS + 1) * sa->cfg.retry;
}

static time_t earliest(time_t a, time_t b)
{
	return a < b ? a : b;
}

/* An outstanding check: answered, retransmit, or dead. While it is
 * outstanding the SA is looked at every DPD_POLL_INTERVAL, so that an
 * answer is noticed at once and the next check keeps its cadence. */
static enum dpd_action poll_pending(struct dpd_sa *sa, time_t now, const struct dpd_usage *use,
				    time_t *wake)
{
	time_t deadline = dpd_deadline(sa), resend;
	enum dpd_action action = DPD_IDLE;

	if (use->last_in >= sa->probe_at) {
		/* Anything from the peer since the probe proves it alive. */
		sa->last_check = sa->probe_at;
		sa->probe_at = 0;
		sa->probes = 0;
		return DPD_IDLE;
	}
	if (now >= deadline) {
		*wake = 0;
		return DPD_DEAD;
	}
	*wake = earliest(deadline, now + DPD_POLL_INTERVAL);
	if (!sa->we_retransmit || sa->probes > IKE_DPD_RETRANSMITS)
		return DPD_IDLE;
	resend = sa->probe_at + (time_t)sa->probes * sa->cfg.retry;
	if (now >= resend) {
		sa->probes++;
		action = DPD_SEND;
		if (sa->probes > IKE_DPD_RETRANSMITS)
			return action;
		resend = sa->probe_at + (time_t)sa->probes * sa->cfg.retry;
	}
	*wake = earliest(*wake, resend);
	return action;
}

static enum dpd_action start_check(struct dpd_sa *sa, time_t now, time_t *wake)
{
	sa->probe_at = now;
	sa->probes = 1;
	sa->last_check = now;
	*wake = now + DPD_POLL_INTERVAL;
	return DPD_SEND;
}

enum dpd_action dpd_poll(struct dpd_sa *sa, time_t now, const struct dpd_usage *use, time_t *wake)
{
	time_t due;

	*wake = 0;
	if (sa->cfg.mode == IKE_DPD_OFF)
		return DPD_IDLE;
	if (dpd_pending(sa)) {
		enum dpd_action action = poll_pending(sa, now, use, wake);

		if (action != DPD_IDLE || dpd_pending(sa))
			return action;
		/* answered: fall through to schedule the next check */
	}
	if (sa->cfg.mode == IKE_DPD_PERIODIC) {
		due = sa->last_check + sa->cfg.interval;
		if (now >= due)
			return start_check(sa, now, wake);
		*wake = due;
		return DPD_IDLE;
	}
	/* on-demand: only when we send while the peer is silent */
	due = use->last_in + sa->cfg.interval;
	if (use->last_out > use->last_in) {
		if (now >= due)
			return start_check(sa, now, wake);
		*wake = due;
		return DPD_IDLE;
	}
	/* Nothing sent since the peer was last heard: no check can be due
	 * before DUE, after that one is due as soon as we send. */
	*wake = now >= due ? now + DPD_POLL_INTERVAL : due;
	return DPD_IDLE;
}

void dpd_seen_init(struct dpd_seen *d, uint64_t bytes, time_t kernel_time)
{
	d->bytes = bytes;
	d->kernel_time = kernel_time;
	d->last = kernel_time;
}

time_t dpd_seen_update(struct dpd_seen *d, uint64_t bytes, time_t kernel_time, time_t now)
{
	if (bytes > d->bytes)
		d->last = kernel_time > d->kernel_time ? kernel_time : now;
	d->bytes = bytes;
	d->kernel_time = kernel_time;
	return d->last;
}
