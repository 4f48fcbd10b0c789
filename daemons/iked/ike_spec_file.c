/*
 * The key = value spec file of `iked -c` (format in ike_spec.h). The whole
 * file is checked before anything is returned: one bad line, no specs.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ike_spec.h"

struct reader {
	const char *fname;
	unsigned int line;
	char *err;
	size_t errlen;
	/* A conn's dpd is parsed when the conn ends: its syntax depends on
	 * the IKE version, which may come later in the block. */
	char dpd[64];
	unsigned int dpd_line;
};

static int fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct reader *r, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s:%u: %s", r->fname, r->line, msg);
	return -1;
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int copy(struct reader *r, char *dst, size_t size, const char *key, const char *value)
{
	if (strlen(value) >= size)
		return fail(r, "%s is too long (at most %zu characters)", key, size - 1);
	memcpy(dst, value, strlen(value) + 1);
	return 0;
}

static int number(struct reader *r, const char *key, const char *value, unsigned long long max,
		  unsigned long long *out)
{
	char *end;

	if (!*value || *value == '-')
		return fail(r, "%s: '%s' is not a number", key, value);
	*out = strtoull(value, &end, 10);
	if (*end || *out > max)
		return fail(r, "%s: '%s' is not a number up to %llu", key, value, max);
	return 0;
}

static int yes_no(struct reader *r, const char *key, const char *value, uint8_t *out)
{
	if (!strcmp(value, "yes"))
		*out = 1;
	else if (!strcmp(value, "no"))
		*out = 0;
	else
		return fail(r, "%s: '%s' is not yes or no", key, value);
	return 0;
}

static int add_proposal(struct reader *r, char list[][IKE_SPEC_PROPOSAL_MAX], uint8_t *n,
			bool esp, const char *value)
{
	char why[200];

	if (*n == IKE_SPEC_PROPOSALS_MAX)
		return fail(r, "more than %d %s proposals", IKE_SPEC_PROPOSALS_MAX,
			    esp ? "esp" : "ike");
	if (ike_algs_check_proposal(value, esp, why, sizeof(why)) < 0)
		return fail(r, "%s", why);
	if (copy(r, list[*n], IKE_SPEC_PROPOSAL_MAX, esp ? "esp" : "ike", value) < 0)
		return -1;
	(*n)++;
	return 0;
}

static int spec_key(struct reader *r, struct ike_spec *s, const char *key, const char *value)
{
	unsigned long long n;
	char why[200];

	if (!strcmp(key, "version")) {
		if (strcmp(value, "1") && strcmp(value, "2"))
			return fail(r, "version: '%s' is not 1 or 2", value);
		s->version = (uint8_t)atoi(value);
	} else if (!strcmp(key, "local")) {
		return copy(r, s->local, sizeof(s->local), key, value);
	} else if (!strcmp(key, "remote")) {
		return copy(r, s->remote, sizeof(s->remote), key, value);
	} else if (!strcmp(key, "local-id")) {
		return copy(r, s->local_id, sizeof(s->local_id), key, value);
	} else if (!strcmp(key, "remote-id")) {
		return copy(r, s->remote_id, sizeof(s->remote_id), key, value);
	} else if (!strcmp(key, "psk")) {
		return copy(r, s->psk, sizeof(s->psk), key, value);
	} else if (!strcmp(key, "psk-remote")) {
		return copy(r, s->psk_remote, sizeof(s->psk_remote), key, value);
	} else if (!strcmp(key, "ike")) {
		return add_proposal(r, s->ike, &s->n_ike, false, value);
	} else if (!strcmp(key, "esp")) {
		return add_proposal(r, s->esp, &s->n_esp, true, value);
	} else if (!strcmp(key, "mode")) {
		if (!strcmp(value, "transport"))
			s->mode = IKE_MODE_TRANSPORT;
		else if (!strcmp(value, "tunnel"))
			s->mode = IKE_MODE_TUNNEL;
		else
			return fail(r, "mode: '%s' is not transport or tunnel", value);
	} else if (!strcmp(key, "proto")) {
		if (!strcmp(value, "gre"))
			s->proto = 47;
		else if (!strcmp(value, "any"))
			s->proto = 0;
		else if (number(r, key, value, 255, &n) < 0)
			return -1;
		else
			s->proto = (uint8_t)n;
	} else if (!strcmp(key, "mark")) {
		if (number(r, key, value, UINT32_MAX, &n) < 0)
			return -1;
		s->mark = (uint32_t)n;
	} else if (!strcmp(key, "pfs")) {
		const char *dh;

		if (!strcmp(value, "none")) {
			s->pfs_group = 0;
		} else {
			if (number(r, key, value, 255, &n) < 0)
				return -1;
			if (ike_algs_group((unsigned int)n, &dh, why, sizeof(why)) < 0)
				return fail(r, "pfs: %s", why);
			s->pfs_group = (uint8_t)n;
		}
	} else if (!strcmp(key, "ike-lifetime")) {
		if (number(r, key, value, 86400, &n) < 0)
			return -1;
		s->ike_lifetime = (uint32_t)n;
	} else if (!strcmp(key, "ipsec-lifetime")) {
		if (number(r, key, value, 86400, &n) < 0)
			return -1;
		s->ipsec_lifetime_s = (uint32_t)n;
	} else if (!strcmp(key, "ipsec-lifetime-kb")) {
		if (number(r, key, value, 4294967295ULL, &n) < 0)
			return -1;
		s->ipsec_lifetime_kb = n;
	} else if (!strcmp(key, "dpd")) {
		if (copy(r, r->dpd, sizeof(r->dpd), key, value) < 0)
			return -1;
		r->dpd_line = r->line;
	} else if (!strcmp(key, "initiate")) {
		return yes_no(r, key, value, &s->initiate);
	} else if (!strcmp(key, "peer-initiates")) {
		return yes_no(r, key, value, &s->peer_initiates);
	} else {
		return fail(r, "unknown key '%s'", key);
	}
	return 0;
}

static int global_key(struct reader *r, struct ike_globals *g, const char *key, const char *value)
{
	char why[200];

	if (!strcmp(key, "ikev2-dpd")) {
		if (ike_dpd_parse(value, 2, &g->ikev2_dpd, why, sizeof(why)) < 0)
			return fail(r, "%s", why);
	} else if (!strcmp(key, "isakmp-keepalive")) {
		if (ike_dpd_parse(value, 1, &g->isakmp_keepalive, why, sizeof(why)) < 0)
			return fail(r, "%s", why);
	} else {
		return fail(r, "unknown global key '%s' (a spec starts with conn = NAME)", key);
	}
	return 0;
}

/* Checks the finished spec and that its name is new. */
static int finish(struct reader *r, struct ike_spec *specs, int n)
{
	char why[240];
	int i;

	if (r->dpd_line) {
		unsigned int line = r->line;

		r->line = r->dpd_line;
		r->dpd_line = 0;
		if (ike_dpd_parse(r->dpd, specs[n - 1].version, &specs[n - 1].dpd, why,
				  sizeof(why)) < 0)
			return fail(r, "%s", why);
		r->line = line;
	}

	if (ike_spec_validate(&specs[n - 1], why, sizeof(why)) < 0) {
		snprintf(r->err, r->errlen, "%s: %s", r->fname, why);
		return -1;
	}
	for (i = 0; i < n - 1; i++)
		if (!strcmp(specs[i].name, specs[n - 1].name)) {
			snprintf(r->err, r->errlen, "%s: conn %s defined twice", r->fname,
				 specs[i].name);
			return -1;
		}
	return 0;
}

int ike_spec_file_read(FILE *in, const char *fname, struct ike_spec **specs_out,
		       struct ike_globals *globals, char *err, size_t errlen)
{
	struct reader r = {.fname = fname, .err = err, .errlen = errlen};
	struct ike_globals g = {0};
	struct ike_spec *specs = NULL, *grown;
	char line[512];
	int n = 0;

	while (fgets(line, sizeof(line), in)) {
		char *key, *value, *eq, *hash;

		r.line++;
		if (!strchr(line, '\n') && !feof(in)) {
			fail(&r, "line too long");
			goto error;
		}
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		key = trim(line);
		if (!*key)
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			fail(&r, "expected key = value");
			goto error;
		}
		*eq = '\0';
		key = trim(key);
		value = trim(eq + 1);
		if (!strcmp(key, "conn")) {
			if (n && finish(&r, specs, n) < 0)
				goto error;
			grown = realloc(specs, (size_t)(n + 1) * sizeof(*specs));
			if (!grown) {
				fail(&r, "out of memory");
				goto error;
			}
			specs = grown;
			ike_spec_init(&specs[n]);
			if (!*value) {
				fail(&r, "conn needs a name");
				goto error;
			}
			if (copy(&r, specs[n].name, sizeof(specs[n].name), key, value) < 0)
				goto error;
			n++;
		} else if (n) {
			if (spec_key(&r, &specs[n - 1], key, value) < 0)
				goto error;
		} else if (global_key(&r, &g, key, value) < 0) {
			goto error;
		}
	}
	if (ferror(in)) {
		snprintf(err, errlen, "%s: read error", fname);
		goto error;
	}
	if (n && finish(&r, specs, n) < 0)
		goto error;
	*specs_out = specs;
	*globals = g;
	return n;

error:
	free(specs);
	return -1;
}
