/* The text form of dmvpnd's configuration (see nhrp_conf.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nhrp_conf.h"

#define MAX_WORDS 12

static int
fail(char *err, size_t errlen, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "line %u: ", line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool
parse_ip(const char *s, struct in_addr *a)
{
	return s && inet_pton(AF_INET, s, a) == 1;
}

static bool
parse_uint(const char *s, unsigned min, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = (unsigned)v;
	return true;
}

static int
parse_line(struct nhrp_conf *cf, char **w, int n, unsigned ln, char *err, size_t errlen)
{
	struct nhrp_conf_if *c = cf->n_ifs ? &cf->ifs[cf->n_ifs - 1] : NULL;
	unsigned v;

	if (!strcmp(w[0], "interface")) {
		if (n != 2 || strlen(w[1]) >= IFNAMSIZ)
			return fail(err, errlen, ln, "interface needs a name");
		for (unsigned i = 0; i < cf->n_ifs; i++)
			if (!strcmp(cf->ifs[i].name, w[1]))
				return fail(err, errlen, ln, "interface %s twice", w[1]);
		if (cf->n_ifs == NHRP_CONF_MAX_IFS)
			return fail(err, errlen, ln, "too many interfaces");
		c = &cf->ifs[cf->n_ifs++];
		memset(c, 0, sizeof(*c));
		snprintf(c->name, sizeof(c->name), "%s", w[1]);
		c->holdtime = NHRP_CONF_DEFAULT_HOLDTIME;
		return 0;
	}
	if (!c)
		return fail(err, errlen, ln, "'%s' outside an interface", w[0]);
	if (!strcmp(w[0], "address") && n == 2) {
		char *slash = strchr(w[1], '/');

		if (!slash || !parse_uint(slash + 1, 1, 32, &v))
			return fail(err, errlen, ln, "address needs A.B.C.D/LEN");
		*slash = 0;
		if (!parse_ip(w[1], &c->address))
			return fail(err, errlen, ln, "bad address");
		c->prefixlen = (uint8_t)v;
	} else if (!strcmp(w[0], "nbma") && n == 2) {
		if (!parse_ip(w[1], &c->nbma))
			return fail(err, errlen, ln, "bad NBMA address");
	} else if (!strcmp(w[0], "network-id") && n == 2) {
		if (!parse_uint(w[1], 1, 4294967295u, &v))
			return fail(err, errlen, ln, "bad network-id");
		c->network_id = v;
	} else if (!strcmp(w[0], "authentication") && n == 2) {
		if (strlen(w[1]) > 8)
			return fail(err, errlen, ln, "authentication is at most 8 characters");
		snprintf(c->auth, sizeof(c->auth), "%s", w[1]);
	} else if (!strcmp(w[0], "holdtime") && n == 2) {
		if (!parse_uint(w[1], 1, 65535, &c->holdtime))
			return fail(err, errlen, ln, "bad holdtime");
	} else if (!strcmp(w[0], "nhs") && n == 5 && !strcmp(w[1], "cluster") &&
		   !strcmp(w[3], "max-connections")) {
		if (!parse_uint(w[2], 0, NHRP_CONF_MAX_CLUSTER, &v))
			return fail(err, errlen, ln, "bad NHS cluster");
		if (!parse_uint(w[4], 0, 255, &c->max_conn[v]))
			return fail(err, errlen, ln, "bad max-connections");
		c->has_max_conn[v] = true;
	} else if (!strcmp(w[0], "nhs") && n == 3 && !strcmp(w[1], "fallback")) {
		if (!parse_uint(w[2], 0, 65535, &c->fallback))
			return fail(err, errlen, ln, "bad NHS fallback");
	} else if (!strcmp(w[0], "nhs") && n >= 2) {
		struct nhrp_conf_nhs *h;

		if (c->n_nhs == NHRP_CONF_MAX_NHS)
			return fail(err, errlen, ln, "too many NHS");
		h = &c->nhs[c->n_nhs];
		memset(h, 0, sizeof(*h));
		if (strcmp(w[1], "dynamic") != 0 && !parse_ip(w[1], &h->proto))
			return fail(err, errlen, ln, "bad NHS address");
		for (int i = 2; i < n; i++) {
			if (!strcmp(w[i], "nbma") && i + 1 < n && parse_ip(w[i + 1], &h->nbma))
				i++;
			else if (!strcmp(w[i], "multicast"))
				h->multicast = true;
			else if (!strcmp(w[i], "priority") && i + 1 < n &&
				 parse_uint(w[i + 1], 0, 255, &h->priority))
				i++;
			else if (!strcmp(w[i], "cluster") && i + 1 < n &&
				 parse_uint(w[i + 1], 0, NHRP_CONF_MAX_CLUSTER, &h->cluster))
				i++;
			else
				return fail(err, errlen, ln, "bad nhs option '%s'", w[i]);
		}
		if (!h->proto.s_addr && !h->nbma.s_addr)
			return fail(err, errlen, ln, "nhs dynamic needs its NBMA address");
		/* An NHS is known by its address, a dynamic one by its NBMA. */
		for (unsigned i = 0; i < c->n_nhs; i++) {
			const struct nhrp_conf_nhs *o = &c->nhs[i];
			bool same = h->proto.s_addr ? o->proto.s_addr == h->proto.s_addr
						    : !o->proto.s_addr && o->nbma.s_addr == h->nbma.s_addr;

			if (same)
				return fail(err, errlen, ln, "NHS configured twice");
		}
		c->n_nhs++;
	} else if (!strcmp(w[0], "map") && n == 3 && !strcmp(w[1], "multicast")) {
		if (!strcmp(w[2], "dynamic")) {
			c->mcast_dynamic = true;
		} else {
			if (c->n_mcast == NHRP_CONF_MAX_MCAST)
				return fail(err, errlen, ln, "too many multicast maps");
			if (!parse_ip(w[2], &c->mcast[c->n_mcast]))
				return fail(err, errlen, ln, "bad multicast NBMA");
			c->n_mcast++;
		}
	} else if (!strcmp(w[0], "map") && n == 3) {
		if (c->n_map == NHRP_CONF_MAX_MAP)
			return fail(err, errlen, ln, "too many maps");
		if (!parse_ip(w[1], &c->map[c->n_map].proto) ||
		    !parse_ip(w[2], &c->map[c->n_map].nbma))
			return fail(err, errlen, ln, "map needs two addresses");
		c->n_map++;
	} else if (!strcmp(w[0], "registration") && n == 3 && !strcmp(w[1], "timeout")) {
		if (!parse_uint(w[2], 1, 65535, &c->reg_timeout))
			return fail(err, errlen, ln, "bad registration timeout");
	} else if (!strcmp(w[0], "registration") && n == 2 && !strcmp(w[1], "no-unique")) {
		c->no_unique = true;
	} else if (!strcmp(w[0], "redirect") && n == 1) {
		c->redirect = true;
	} else if (!strcmp(w[0], "shortcut") && n == 1) {
		c->shortcut = true;
	} else if (!strcmp(w[0], "protection") && (n == 4 || (n == 6 && !strcmp(w[4], "spec"))) &&
		   !strcmp(w[1], "ipsec") && !strcmp(w[2], "profile")) {
		if (strlen(w[3]) >= sizeof(c->ipsec_profile))
			return fail(err, errlen, ln, "ipsec profile name too long");
		snprintf(c->ipsec_profile, sizeof(c->ipsec_profile), "%s", w[3]);
		if (n == 6 && strlen(w[5]) >= sizeof(c->ike_spec))
			return fail(err, errlen, ln, "IKE spec name too long");
		snprintf(c->ike_spec, sizeof(c->ike_spec), "%s", n == 6 ? w[5] : "");
	} else {
		return fail(err, errlen, ln, "unknown command '%s'", w[0]);
	}
	return 0;
}

int
nhrp_conf_parse(const char *text, struct nhrp_conf *out, char *err, size_t errlen)
{
	struct nhrp_conf *cf = calloc(1, sizeof(*cf));
	char *copy = strdup(text ? text : "");
	char *save = NULL, *line;
	unsigned ln = 0;
	int rc = 0;

	if (!cf || !copy) {
		free(cf);
		free(copy);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	/* strsep keeps empty lines, so line numbers stay right. */
	save = copy;
	while (!rc && (line = strsep(&save, "\n")) != NULL) {
		char *w[MAX_WORDS], *tok, *sp = NULL;
		int n = 0;

		ln++;
		for (tok = strtok_r(line, " \t\r", &sp); tok; tok = strtok_r(NULL, " \t\r", &sp)) {
			if (n == MAX_WORDS) {
				rc = fail(err, errlen, ln, "too many words");
				break;
			}
			w[n++] = tok;
		}
		if (rc || n == 0 || w[0][0] == '!' || w[0][0] == '#')
			continue;
		rc = parse_line(cf, w, n, ln, err, errlen);
	}
	if (!rc)
		*out = *cf;
	free(cf);
	free(copy);
	return rc;
}

int
nhrp_conf_load(const char *path, struct nhrp_conf *out, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;
	int rc;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	buf = malloc(65537);
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	n = fread(buf, 1, 65536, f);
	buf[n] = 0;
	fclose(f);
	rc = nhrp_conf_parse(buf, out, err, errlen);
	free(buf);
	return rc;
}

struct in_addr
nhrp_conf_nhs_nbma(const struct nhrp_conf_if *c, const struct nhrp_conf_nhs *n)
{
	struct in_addr none = { 0 };

	if (n->nbma.s_addr)
		return n->nbma;
	for (unsigned i = 0; i < c->n_map; i++)
		if (c->map[i].proto.s_addr == n->proto.s_addr)
			return c->map[i].nbma;
	return none;
}
