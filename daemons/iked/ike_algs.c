/*
 * IOS algorithm names (crypto ikev2 proposal, crypto isakmp policy, crypto
 * ipsec transform-set) to strongSwan proposal tokens. Known IOS names that
 * strongSwan/this build cannot do are refused by name, so the operator
 * sees which word to change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike_spec.h"
#include "lios.h"

struct alg_name {
	const char *ios;
	const char *ss; /* NULL: known to IOS, not supported here */
	const char *why;
};

static const struct alg_name ikev2_encr[] = {
	{"aes-cbc-128", "aes128", NULL},
	{"aes-cbc-192", "aes192", NULL},
	{"aes-cbc-256", "aes256", NULL},
	{"aes-gcm-128", "aes128gcm16", NULL},
	{"aes-gcm-256", "aes256gcm16", NULL},
	{"3des", "3des", NULL},
	{"des", NULL, "single DES is not built into strongSwan here"},
	{NULL, NULL, NULL},
};

static const struct alg_name ikev2_integ[] = {
	{"md5", "md5", NULL},	    {"sha1", "sha1", NULL},	{"sha256", "sha256", NULL},
	{"sha384", "sha384", NULL}, {"sha512", "sha512", NULL}, {NULL, NULL, NULL},
};

static const struct alg_name ikev2_prf[] = {
	{"md5", "prfmd5", NULL},       {"sha1", "prfsha1", NULL},
	{"sha256", "prfsha256", NULL}, {"sha384", "prfsha384", NULL},
	{"sha512", "prfsha512", NULL}, {NULL, NULL, NULL},
};

/* Indexed by IOS group number (= IANA transform id). */
static const char *const group_names[] = {
	[1] = "modp768",    [2] = "modp1024",  [5] = "modp1536",	 [14] = "modp2048",
	[15] = "modp3072",  [16] = "modp4096", [19] = "ecp256",	 [20] = "ecp384",
	[21] = "ecp521",    [24] = "modp2048s256",
};

/* IKEv1 hash: IOS "sha" is SHA-1. */
static const struct alg_name ikev1_hash[] = {
	{"sha", "sha1", NULL},	    {"md5", "md5", NULL},	{"sha256", "sha256", NULL},
	{"sha384", "sha384", NULL}, {"sha512", "sha512", NULL}, {NULL, NULL, NULL},
};

static const struct alg_name esp_auth[] = {
	{"esp-md5-hmac", "md5", NULL},
	{"esp-sha-hmac", "sha1", NULL},
	{"esp-sha256-hmac", "sha256", NULL},
	{"esp-sha384-hmac", "sha384", NULL},
	{"esp-sha512-hmac", "sha512", NULL},
	{NULL, NULL, NULL},
};

/* Transform-set words that exist in IOS but not here. */
static const struct alg_name esp_refused[] = {
	{"esp-des", NULL, "single DES is not built into strongSwan here"},
	{"esp-seal", NULL, "SEAL is not implemented by strongSwan"},
	{"esp-gmac", NULL, "GMAC (authentication only) is not supported"},
	{"ah-md5-hmac", NULL, "AH is not supported, use an esp- transform"},
	{"ah-sha-hmac", NULL, "AH is not supported, use an esp- transform"},
	{"ah-sha256-hmac", NULL, "AH is not supported, use an esp- transform"},
	{"ah-sha384-hmac", NULL, "AH is not supported, use an esp- transform"},
	{"ah-sha512-hmac", NULL, "AH is not supported, use an esp- transform"},
	{"comp-lzs", NULL, "IP compression is not supported"},
	{NULL, NULL, NULL},
};

static const char *const kind_names[] = {
	[IKE_ALG_ENCR] = "encryption",
	[IKE_ALG_INTEG] = "integrity",
	[IKE_ALG_PRF] = "prf",
	[IKE_ALG_GROUP] = "group",
};

static int lookup(const struct alg_name *table, const char *what, const char *ios,
		  const char **ss, char *err, size_t errlen)
{
	for (; table->ios; table++) {
		if (strcmp(table->ios, ios))
			continue;
		if (!table->ss) {
			snprintf(err, errlen, "%s %s is not supported: %s", what, ios, table->why);
			return -1;
		}
		*ss = table->ss;
		return 0;
	}
	snprintf(err, errlen, "unknown %s algorithm '%s'", what, ios);
	return -1;
}

int ike_algs_group(unsigned int group, const char **ss, char *err, size_t errlen)
{
	if (group >= LIOS_ARRAY_SIZE(group_names) || !group_names[group]) {
		snprintf(err, errlen, "group %u is not supported", group);
		return -1;
	}
	*ss = group_names[group];
	return 0;
}

static int parse_group(const char *text, unsigned int *group, char *err, size_t errlen)
{
	char *end;
	unsigned long n = strtoul(text, &end, 10);

	if (!*text || *end || n > 255) {
		snprintf(err, errlen, "unknown group '%s'", text);
		return -1;
	}
	*group = (unsigned int)n;
	return 0;
}

int ike_algs_ikev2(enum ike_alg_kind kind, const char *ios, const char **ss, char *err,
		   size_t errlen)
{
	unsigned int group;

	switch (kind) {
	case IKE_ALG_ENCR:
		return lookup(ikev2_encr, kind_names[kind], ios, ss, err, errlen);
	case IKE_ALG_INTEG:
		return lookup(ikev2_integ, kind_names[kind], ios, ss, err, errlen);
	case IKE_ALG_PRF:
		return lookup(ikev2_prf, kind_names[kind], ios, ss, err, errlen);
	case IKE_ALG_GROUP:
		if (parse_group(ios, &group, err, errlen) < 0)
			return -1;
		return ike_algs_group(group, ss, err, errlen);
	}
	snprintf(err, errlen, "unknown algorithm kind %d", (int)kind);
	return -1;
}

/* Appends "-token" (or "token" first) to out; -1 if it does not fit. */
static int append(char *out, size_t outlen, const char *token, char *err, size_t errlen)
{
	size_t used = strlen(out);
	int n = snprintf(out + used, outlen - used, "%s%s", used ? "-" : "", token);

	if (n < 0 || (size_t)n >= outlen - used) {
		snprintf(err, errlen, "proposal too long");
		return -1;
	}
	return 0;
}

static bool is_aead(const char *ss)
{
	return strstr(ss, "gcm") != NULL;
}

/* True if TOKEN is one of the dash-separated words of LIST. */
static bool has_token(const char *list, const char *token)
{
	size_t len = strlen(token);
	const char *p;

	for (p = list; (p = strstr(p, token)); p += len)
		if ((p == list || p[-1] == '-') && (p[len] == '-' || p[len] == '\0'))
			return true;
	return false;
}

static int append_list(enum ike_alg_kind kind, const char *const *names, char *out, size_t outlen,
		       int *aead, int *classic, char *err, size_t errlen)
{
	const char *ss;

	for (; names && *names; names++) {
		if (ike_algs_ikev2(kind, *names, &ss, err, errlen) < 0)
			return -1;
		if (has_token(out, ss))
			continue; /* listed twice */
		if (kind == IKE_ALG_ENCR)
			(*(is_aead(ss) ? aead : classic))++;
		if (append(out, outlen, ss, err, errlen) < 0)
			return -1;
	}
	return 0;
}

int ike_algs_ikev2_proposal(const char *const *encr, const char *const *integ,
			    const char *const *prf, const char *const *groups, char *out,
			    size_t outlen, char *err, size_t errlen)
{
	int aead = 0, classic = 0;

	if (!outlen)
		return -1;
	out[0] = '\0';
	if (!encr || !*encr || !groups || !*groups) {
		snprintf(err, errlen, "proposal needs at least one encryption and one group");
		return -1;
	}
	if (append_list(IKE_ALG_ENCR, encr, out, outlen, &aead, &classic, err, errlen) < 0)
		return -1;
	if (aead && classic) {
		snprintf(err, errlen, "aes-gcm cannot be combined with other encryption "
				      "in one proposal");
		return -1;
	}
	if (aead && integ && *integ) {
		snprintf(err, errlen, "aes-gcm proposals take no integrity algorithm");
		return -1;
	}
	if (aead && (!prf || !*prf)) {
		snprintf(err, errlen, "aes-gcm proposals need a prf");
		return -1;
	}
	if (classic && (!integ || !*integ)) {
		snprintf(err, errlen, "proposal needs an integrity algorithm");
		return -1;
	}
	if (append_list(IKE_ALG_INTEG, integ, out, outlen, &aead, &classic, err, errlen) < 0 ||
	    append_list(IKE_ALG_PRF, prf, out, outlen, &aead, &classic, err, errlen) < 0 ||
	    append_list(IKE_ALG_GROUP, groups, out, outlen, &aead, &classic, err, errlen) < 0) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int ike_algs_ikev1_proposal(const char *encr, unsigned int bits, const char *hash,
			    unsigned int group, char *out, size_t outlen, char *err, size_t errlen)
{
	const char *ss_hash, *ss_group;
	char cipher[16];

	if (!strcmp(encr, "aes")) {
		if (!bits)
			bits = 128; /* IOS: "encryption aes" alone is AES-128 */
		if (bits != 128 && bits != 192 && bits != 256) {
			snprintf(err, errlen, "encryption aes %u: key size must be 128, 192 or 256",
				 bits);
			return -1;
		}
		snprintf(cipher, sizeof(cipher), "aes%u", bits);
	} else if (!strcmp(encr, "3des") && !bits) {
		snprintf(cipher, sizeof(cipher), "3des");
	} else if (!strcmp(encr, "des")) {
		snprintf(err, errlen, "encryption des is not supported: "
				      "single DES is not built into strongSwan here");
		return -1;
	} else {
		snprintf(err, errlen, "unknown encryption algorithm '%s'", encr);
		return -1;
	}
	if (lookup(ikev1_hash, "hash", hash, &ss_hash, err, errlen) < 0 ||
	    ike_algs_group(group, &ss_group, err, errlen) < 0)
		return -1;
	if (snprintf(out, outlen, "%s-%s-%s", cipher, ss_hash, ss_group) >= (int)outlen) {
		snprintf(err, errlen, "proposal too long");
		return -1;
	}
	return 0;
}

/* "256" after esp-aes/esp-gcm; 0 if the next word is not a key size. */
static unsigned int key_bits(const char *word)
{
	if (!word)
		return 0;
	if (!strcmp(word, "128"))
		return 128;
	if (!strcmp(word, "192"))
		return 192;
	if (!strcmp(word, "256"))
		return 256;
	return 0;
}

int ike_algs_esp_proposal(const char *const *transforms, char *out, size_t outlen, char *err,
			  size_t errlen)
{
	char cipher[24] = "";
	const char *auth = NULL, *ss;
	unsigned int bits;
	bool gcm = false;
	size_t i;

	for (i = 0; transforms && transforms[i]; i++) {
		const char *t = transforms[i];

		if (!strcmp(t, "esp-aes") || !strcmp(t, "esp-gcm")) {
			if (cipher[0]) {
				snprintf(err, errlen, "transform-set has two encryption transforms");
				return -1;
			}
			gcm = !strcmp(t, "esp-gcm");
			bits = key_bits(transforms[i + 1]);
			if (bits)
				i++;
			else
				bits = 128; /* IOS default key size */
			if (gcm && bits == 192) {
				snprintf(err, errlen, "esp-gcm 192 is not supported: use 128 or 256");
				return -1;
			}
			snprintf(cipher, sizeof(cipher), gcm ? "aes%ugcm16" : "aes%u", bits);
		} else if (!strcmp(t, "esp-3des") || !strcmp(t, "esp-null")) {
			if (cipher[0]) {
				snprintf(err, errlen, "transform-set has two encryption transforms");
				return -1;
			}
			snprintf(cipher, sizeof(cipher), "%s", t + 4);
		} else if (!strncmp(t, "esp-", 4) && strstr(t, "-hmac")) {
			if (lookup(esp_auth, "transform", t, &ss, err, errlen) < 0)
				return -1;
			if (auth) {
				snprintf(err, errlen,
					 "transform-set has two authentication transforms");
				return -1;
			}
			auth = ss;
		} else {
			/* Every entry of esp_refused is refused, with its reason. */
			lookup(esp_refused, "transform", t, &ss, err, errlen);
			return -1;
		}
	}
	if (!cipher[0]) {
		snprintf(err, errlen, "transform-set needs an esp encryption transform");
		return -1;
	}
	if (gcm && auth) {
		snprintf(err, errlen, "esp-gcm takes no authentication transform");
		return -1;
	}
	if (snprintf(out, outlen, "%s%s%s", cipher, auth ? "-" : "", auth ? auth : "") >=
	    (int)outlen) {
		snprintf(err, errlen, "proposal too long");
		return -1;
	}
	return 0;
}

static bool in_table(const struct alg_name *table, const char *ss)
{
	for (; table->ios; table++)
		if (table->ss && !strcmp(table->ss, ss))
			return true;
	return false;
}

static bool is_group(const char *ss)
{
	size_t g;

	for (g = 0; g < LIOS_ARRAY_SIZE(group_names); g++)
		if (group_names[g] && !strcmp(group_names[g], ss))
			return true;
	return false;
}

static bool is_esp_cipher(const char *ss)
{
	static const char *const ciphers[] = {"aes128", "aes192", "aes256", "aes128gcm16",
					      "aes256gcm16", "3des", "null"};
	size_t c;

	for (c = 0; c < LIOS_ARRAY_SIZE(ciphers); c++)
		if (!strcmp(ciphers[c], ss))
			return true;
	return false;
}

int ike_algs_check_proposal(const char *proposal, bool esp, char *err, size_t errlen)
{
	char buf[IKE_SPEC_PROPOSAL_MAX], *save = NULL, *tok;
	int encr = 0;

	if (!proposal || !*proposal || strlen(proposal) >= sizeof(buf)) {
		snprintf(err, errlen, "empty or too long proposal");
		return -1;
	}
	snprintf(buf, sizeof(buf), "%s", proposal);
	for (tok = strtok_r(buf, "-", &save); tok; tok = strtok_r(NULL, "-", &save)) {
		bool cipher = esp ? is_esp_cipher(tok) : in_table(ikev2_encr, tok);

		encr += cipher;
		if (cipher || in_table(ikev2_integ, tok) || is_group(tok) ||
		    (!esp && in_table(ikev2_prf, tok)))
			continue;
		snprintf(err, errlen, "proposal %s: '%s' is not a supported %s algorithm", proposal,
			 tok, esp ? "ESP" : "IKE");
		return -1;
	}
	if (!encr) {
		snprintf(err, errlen, "proposal %s has no encryption algorithm", proposal);
		return -1;
	}
	return 0;
}
