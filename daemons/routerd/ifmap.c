/* Interface names and the IOS-to-Linux interface map. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli_engine.h"
#include "ifmap.h"
#include "lios.h"
#include "model.h"

struct ifmap_pair {
	char ios[MODEL_NAME_LEN];
	char linux_name[16];
};

struct ifmap {
	struct ifmap_pair *pairs;
	size_t n, cap;
};

/* IOS interface types, in show-run order; virtual ones first. help and
 * unit feed `?` at an interface name (cli_tree_set_iftypes). */
static const struct {
	const char *name;
	bool is_virtual;
	const char *help;
	const char *unit;
} if_types[] = {
	{ "Loopback", true, "Loopback interface", "<0-2147483647>" },
	{ "Tunnel", true, "Tunnel interface", "<0-2147483647>" },
	{ "Vlan", true, "Catalyst Vlans", "<1-4094>" },
	{ "Port-channel", true, "Ethernet Channel of interfaces", "<1-64>" },
	{ "Null", true, "Null interface", "<0-0>" },
	{ "Ethernet", false, "IEEE 802.3", "<0-9>" },
	{ "FastEthernet", false, "FastEthernet IEEE 802.3", "<0-9>" },
	{ "GigabitEthernet", false, "GigabitEthernet IEEE 802.3z", "<0-9>" },
	{ "TenGigabitEthernet", false, "Ten Gigabit Ethernet", "<0-9>" },
	{ "Serial", false, "Serial", "<0-9>" },
};

void
ifname_register_types(struct cli_tree *tree)
{
	struct cli_iftype t[LIOS_ARRAY_SIZE(if_types)];
	char unit_help[LIOS_ARRAY_SIZE(if_types)][64];

	for (size_t i = 0; i < LIOS_ARRAY_SIZE(if_types); i++) {
		snprintf(unit_help[i], sizeof(unit_help[i]), "%s interface number", if_types[i].name);
		t[i] = (struct cli_iftype){ if_types[i].name, if_types[i].help, if_types[i].unit,
					    unit_help[i] };
	}
	cli_tree_set_iftypes(tree, t, LIOS_ARRAY_SIZE(t));
}

struct ifmap *
ifmap_new(void)
{
	struct ifmap *m = calloc(1, sizeof(*m));

	if (!m)
		abort();
	return m;
}

void
ifmap_free(struct ifmap *map)
{
	if (!map)
		return;
	free(map->pairs);
	free(map);
}

static bool
linux_name_valid(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > 15 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s) || !isprint((unsigned char)*s))
			return false;
	return true;
}

/* Number part of an IOS name: digits, '/'-separated, optional ".sub". */
static bool
if_number_valid(const char *s)
{
	bool need_digit = true, sub = false;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s)) {
			need_digit = false;
		} else if ((*s == '/' && !sub) || (*s == '.' && !sub)) {
			if (need_digit)
				return false;
			sub = *s == '.';
			need_digit = true;
		} else {
			return false;
		}
	}
	return !need_digit;
}

/* Index of the IOS type that alpha (length len) abbreviates uniquely, -1
 * if none, -2 if ambiguous. An exact match always wins. */
static int
if_type_match(const char *alpha, size_t len)
{
	int found = -1;

	for (size_t i = 0; i < LIOS_ARRAY_SIZE(if_types); i++) {
		const char *t = if_types[i].name;

		if (strncasecmp(t, alpha, len) != 0)
			continue;
		if (strlen(t) == len)
			return (int)i;
		found = found == -1 ? (int)i : -2;
	}
	return found;
}

static int
if_type_of(const char *canon)
{
	for (size_t i = 0; i < LIOS_ARRAY_SIZE(if_types); i++) {
		size_t len = strlen(if_types[i].name);

		if (strncmp(canon, if_types[i].name, len) == 0 && if_number_valid(canon + len))
			return (int)i;
	}
	return -1;
}

/* IOS canonical form, or false when typed is not an IOS name. */
static bool
ios_canonical(const char *typed, char *out, size_t outlen, bool *ambiguous)
{
	size_t alpha = 0;
	const char *num;
	int t;

	*ambiguous = false;
	while (isalpha((unsigned char)typed[alpha]) || (alpha && typed[alpha] == '-'))
		alpha++;
	if (!alpha)
		return false;
	num = typed + alpha;
	while (*num == ' ')
		num++;
	if (!if_number_valid(num))
		return false;
	t = if_type_match(typed, alpha);
	if (t == -2) {
		*ambiguous = true;
		return false;
	}
	if (t < 0)
		return false;
	if (!strchr(num, '/') && !if_types[t].is_virtual && !isupper((unsigned char)typed[0]))
		return false;
	return (size_t)snprintf(out, outlen, "%s%s", if_types[t].name, num) < outlen;
}

bool
ifname_canonical(const struct ifmap *map, const char *typed, char *out, size_t outlen,
		 char *err, size_t errlen)
{
	const char *ios = map ? ifmap_ios(map, typed) : NULL;
	bool ambiguous;

	if (ios)
		return (size_t)snprintf(out, outlen, "%s", ios) < outlen;
	if (ios_canonical(typed, out, outlen, &ambiguous))
		return true;
	if (ambiguous) {
		snprintf(err, errlen, "Ambiguous interface name \"%s\"", typed);
		return false;
	}
	if (!linux_name_valid(typed)) {
		snprintf(err, errlen, "Invalid interface name \"%s\"", typed);
		return false;
	}
	return (size_t)snprintf(out, outlen, "%s", typed) < outlen;
}

const char *
ifname_kernel(const struct ifmap *map, const char *canon)
{
	const char *mapped = ifmap_linux(map, canon);

	if (mapped)
		return mapped;
	return linux_name_valid(canon) ? canon : NULL;
}

bool
ifname_is_tunnel(const char *canon)
{
	return if_type_of(canon) == 1;
}

uint32_t
ifname_vti_key(const char *canon)
{
	unsigned long n;
	char *end;

	if (!ifname_is_tunnel(canon))
		return 0;
	n = strtoul(canon + strlen("Tunnel"), &end, 10);
	if (*end || n > 2147483647ul)
		return 0;
	return (uint32_t)n + 1;
}

bool
ifname_is_ios(const char *canon)
{
	return if_type_of(canon) >= 0;
}

bool
ifname_is_virtual(const char *canon)
{
	int t = if_type_of(canon);

	return t >= 0 && if_types[t].is_virtual;
}

/* Compares digit runs numerically, the rest bytewise. */
static int
natural_compare(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			unsigned long x = strtoul(a, (char **)&a, 10);
			unsigned long y = strtoul(b, (char **)&b, 10);

			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int
ifname_compare(const char *a, const char *b)
{
	int ta = if_type_of(a), tb = if_type_of(b);

	if (ta < 0)
		ta = (int)LIOS_ARRAY_SIZE(if_types);
	if (tb < 0)
		tb = (int)LIOS_ARRAY_SIZE(if_types);
	if (ta != tb)
		return ta - tb;
	return natural_compare(a, b);
}

const char *
ifmap_linux(const struct ifmap *map, const char *ios)
{
	for (size_t i = 0; map && i < map->n; i++)
		if (strcmp(map->pairs[i].ios, ios) == 0)
			return map->pairs[i].linux_name;
	return NULL;
}

const char *
ifmap_ios(const struct ifmap *map, const char *linux_name)
{
	for (size_t i = 0; map && i < map->n; i++)
		if (strcmp(map->pairs[i].linux_name, linux_name) == 0)
			return map->pairs[i].ios;
	return NULL;
}

int
ifmap_add(struct ifmap *map, const char *ios, const char *linux_name)
{
	char canon[MODEL_NAME_LEN];
	bool ambiguous;

	if (!ios_canonical(ios, canon, sizeof(canon), &ambiguous) || !linux_name_valid(linux_name))
		return -1;
	if (ifmap_linux(map, canon) || ifmap_ios(map, linux_name))
		return -1;
	if (map->n == map->cap) {
		map->cap = map->cap ? map->cap * 2 : 8;
		map->pairs = realloc(map->pairs, map->cap * sizeof(*map->pairs));
		if (!map->pairs)
			abort();
	}
	snprintf(map->pairs[map->n].ios, sizeof(map->pairs[map->n].ios), "%s", canon);
	snprintf(map->pairs[map->n].linux_name, sizeof(map->pairs[map->n].linux_name), "%s",
		 linux_name);
	map->n++;
	return 0;
}

struct ifmap *
ifmap_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct ifmap *map;
	char line[512];
	unsigned lineno = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	map = ifmap_new();
	while (fgets(line, sizeof(line), f)) {
		char ios[128], lnx[128], extra[2];
		char *p = line + strspn(line, " \t");
		int n;

		lineno++;
		if (*p == '#' || *p == '!' || *p == '\n' || *p == '\0')
			continue;
		n = sscanf(p, "%127s %127s %1s", ios, lnx, extra);
		if (n != 2 || ifmap_add(map, ios, lnx) < 0) {
			snprintf(err, errlen, "%s:%u: expected \"IOSNAME LINUXNAME\" with new names",
				 path, lineno);
			ifmap_free(map);
			fclose(f);
			return NULL;
		}
	}
	fclose(f);
	return map;
}
