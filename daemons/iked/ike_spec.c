/*
 * ike_spec: defaults, validation, the effective DPD and the DPD argument
 * syntax shared by the spec file and routerd.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "ike_spec.h"

void ike_spec_init(struct ike_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->version = 2;
	s->mode = IKE_MODE_TRANSPORT;
	s->proto = 47; /* tunnel protection: GRE between the endpoints */
	s->initiate = 1;
	s->ike_lifetime = IKE_SPEC_IKE_LIFETIME;
	s->ipsec_lifetime_s = IKE_SPEC_IPSEC_LIFETIME_S;
	s->ipsec_lifetime_kb = IKE_SPEC_IPSEC_LIFETIME_KB;
}

const char *ike_dpd_mode_name(uint8_t mode)
{
	switch (mode) {
	case IKE_DPD_OFF:
		return "none";
	case IKE_DPD_PERIODIC:
		return "periodic";
	case IKE_DPD_ON_DEMAND:
		return "on-demand";
	}
	return "?";
}

static int parse_uint(const char *word, unsigned long lo, unsigned long hi, unsigned long *out)
{
	char *end;
	unsigned long n;

	if (!word || !*word || *word == '-')
		return -1;
	n = strtoul(word, &end, 10);
	if (*end || n < lo || n > hi)
		return -1;
	*out = n;
	return 0;
}

int ike_dpd_parse(const char *text, int version, struct ike_dpd *out, char *err, size_t errlen)
{
	char buf[64], *words[4], *save = NULL;
	unsigned long interval, retry = IKE_KEEPALIVE_RETRY_DEFAULT;
	uint8_t mode = IKE_DPD_ON_DEMAND;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", text);
	for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n == 4) {
			snprintf(err, errlen, "dpd '%s': too many words", text);
			return -1;
		}
		words[n++] = w;
	}
	if (n == 1 && !strcmp(words[0], "none")) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	/* IOS: crypto ikev2 dpd needs all three; isakmp keepalive only the first. */
	if (n < 1 || n > 3 || (version == 2 && n != 3)) {
		snprintf(err, errlen,
			 version == 2 ? "dpd '%s': expected <interval> <retry> on-demand|periodic"
				      : "keepalive '%s': expected <interval> [<retry>] "
					"[on-demand|periodic]",
			 text);
		return -1;
	}
	if (parse_uint(words[0], 10, 3600, &interval) < 0) {
		snprintf(err, errlen, "dpd interval '%s' is not in 10-3600", words[0]);
		return -1;
	}
	if (n >= 2 && parse_uint(words[1], 2, 60, &retry) < 0) {
		snprintf(err, errlen, "dpd retry '%s' is not in 2-60", words[1]);
		return -1;
	}
	if (n == 3) {
		if (!strcmp(words[2], "periodic")) {
			mode = IKE_DPD_PERIODIC;
		} else if (!strcmp(words[2], "on-demand")) {
			mode = IKE_DPD_ON_DEMAND;
		} else {
			snprintf(err, errlen, "dpd mode '%s' is not on-demand or periodic",
				 words[2]);
			return -1;
		}
	}
	out->mode = mode;
	out->interval = (uint16_t)interval;
	out->retry = (uint16_t)retry;
	return 0;
}

struct ike_dpd ike_spec_effective_dpd(const struct ike_spec *s, const struct ike_globals *g)
{
	/* IOS: a profile's dpd replaces crypto ikev2 dpd for its peers. */
	if (s->dpd.mode != IKE_DPD_OFF)
		return s->dpd;
	if (!g)
		return s->dpd;
	return s->version == 1 ? g->isakmp_keepalive : g->ikev2_dpd;
}

static bool is_address(const char *a)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, a, buf) == 1 || inet_pton(AF_INET6, a, buf) == 1;
}

static bool terminated(const char *field, size_t size)
{
	return memchr(field, '\0', size) != NULL;
}

static int check_dpd(const struct ike_dpd *d, const char *name, char *err, size_t errlen)
{
	if (d->mode == IKE_DPD_OFF)
		return 0;
	if (d->mode != IKE_DPD_PERIODIC && d->mode != IKE_DPD_ON_DEMAND) {
		snprintf(err, errlen, "%s: unknown dpd mode %u", name, d->mode);
		return -1;
	}
	if (d->interval < 10 || d->interval > 3600 || d->retry < 2 || d->retry > 60) {
		snprintf(err, errlen, "%s: dpd %u %u out of range (10-3600, 2-60)", name,
			 d->interval, d->retry);
		return -1;
	}
	return 0;
}

int ike_spec_validate(const struct ike_spec *s, char *err, size_t errlen)
{
	char why[200];
	int i;

	if (!terminated(s->name, sizeof(s->name)) || !s->name[0]) {
		snprintf(err, errlen, "spec without a name");
		return -1;
	}
	if (!terminated(s->local, sizeof(s->local)) || !terminated(s->remote, sizeof(s->remote)) ||
	    !terminated(s->local_id, sizeof(s->local_id)) ||
	    !terminated(s->remote_id, sizeof(s->remote_id)) ||
	    !terminated(s->psk, sizeof(s->psk)) ||
	    !terminated(s->psk_remote, sizeof(s->psk_remote))) {
		snprintf(err, errlen, "%s: unterminated field", s->name);
		return -1;
	}
	for (i = 0; i < IKE_SPEC_PROPOSALS_MAX; i++)
		if (!terminated(s->ike[i], sizeof(s->ike[i])) ||
		    !terminated(s->esp[i], sizeof(s->esp[i]))) {
			snprintf(err, errlen, "%s: unterminated proposal", s->name);
			return -1;
		}
	if (s->version != 1 && s->version != 2) {
		snprintf(err, errlen, "%s: IKE version %u (must be 1 or 2)", s->name, s->version);
		return -1;
	}
	if (!is_address(s->local)) {
		snprintf(err, errlen, "%s: local address '%s' is not an IP address", s->name,
			 s->local);
		return -1;
	}
	if (strcmp(s->remote, IKE_SPEC_ANY) && !is_address(s->remote)) {
		snprintf(err, errlen, "%s: remote address '%s' is not an IP address or %s",
			 s->name, s->remote, IKE_SPEC_ANY);
		return -1;
	}
	if (!strcmp(s->remote, IKE_SPEC_ANY) && s->initiate) {
		snprintf(err, errlen, "%s: cannot initiate to %s (respond only)", s->name,
			 IKE_SPEC_ANY);
		return -1;
	}
	if (!s->psk[0]) {
		snprintf(err, errlen, "%s: no pre-shared key", s->name);
		return -1;
	}
	/* IKEv1 derives the keys from the one PSK both ends hold. */
	if (s->version == 1 && s->psk_remote[0] && strcmp(s->psk_remote, s->psk)) {
		snprintf(err, errlen, "%s: IKEv1 has one pre-shared key for both ends", s->name);
		return -1;
	}
	if (s->mode != IKE_MODE_TUNNEL && s->mode != IKE_MODE_TRANSPORT) {
		snprintf(err, errlen, "%s: unknown mode %u", s->name, s->mode);
		return -1;
	}
	if (s->mark && (s->mode != IKE_MODE_TUNNEL || s->proto != 0)) {
		snprintf(err, errlen, "%s: mark %u (a VTI) needs tunnel mode and proto any", s->name,
			 s->mark);
		return -1;
	}
	if (!s->n_ike || s->n_ike > IKE_SPEC_PROPOSALS_MAX || !s->n_esp ||
	    s->n_esp > IKE_SPEC_PROPOSALS_MAX) {
		snprintf(err, errlen, "%s: needs 1-%d IKE and ESP proposals", s->name,
			 IKE_SPEC_PROPOSALS_MAX);
		return -1;
	}
	for (i = 0; i < s->n_ike; i++)
		if (ike_algs_check_proposal(s->ike[i], false, why, sizeof(why)) < 0)
			goto bad_proposal;
	for (i = 0; i < s->n_esp; i++)
		if (ike_algs_check_proposal(s->esp[i], true, why, sizeof(why)) < 0)
			goto bad_proposal;
	if (s->pfs_group) {
		const char *dh;

		if (ike_algs_group(s->pfs_group, &dh, why, sizeof(why)) < 0)
			goto bad_proposal;
	}
	if (s->ike_lifetime < 120 || s->ike_lifetime > 86400) {
		snprintf(err, errlen, "%s: IKE lifetime %u not in 120-86400", s->name,
			 s->ike_lifetime);
		return -1;
	}
	if (s->ipsec_lifetime_s < 120 || s->ipsec_lifetime_s > 86400) {
		snprintf(err, errlen, "%s: IPsec lifetime %u s not in 120-86400", s->name,
			 s->ipsec_lifetime_s);
		return -1;
	}
	if (s->ipsec_lifetime_kb < 2560 || s->ipsec_lifetime_kb > 4294967295ULL) {
		snprintf(err, errlen, "%s: IPsec lifetime %llu KB not in 2560-4294967295", s->name,
			 (unsigned long long)s->ipsec_lifetime_kb);
		return -1;
	}
	return check_dpd(&s->dpd, s->name, err, errlen);

bad_proposal:
	snprintf(err, errlen, "%s: %s", s->name, why);
	return -1;
}

int ike_spec_common_retry(const struct ike_spec *specs, int n, const struct ike_globals *g,
			  unsigned int *retry, char *err, size_t errlen)
{
	const char *first = NULL;
	struct ike_dpd d;
	int i;

	*retry = 0;
	for (i = 0; i < n; i++) {
		/* IKEv1 keepalives are paced by iked itself (R_U_THERE is not
		 * retransmitted by charon) and time out per peer: no constraint. */
		if (specs[i].version != 2)
			continue;
		d = ike_spec_effective_dpd(&specs[i], g);
		if (d.mode == IKE_DPD_OFF)
			continue;
		if (!first) {
			first = specs[i].name;
			*retry = d.retry;
		} else if (d.retry != *retry) {
			snprintf(err, errlen,
				 "%s asks for DPD retry %u s but %s for %u s: the IKE daemon "
				 "(strongSwan 5.9) retransmits IKEv2 with one interval for all peers",
				 specs[i].name, d.retry, first, *retry);
			return -1;
		}
	}
	return 0;
}
