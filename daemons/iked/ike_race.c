/*
 * Who initiates and which duplicate IKE SA goes (see ike_race.h).
 */
#include <arpa/inet.h>
#include <string.h>

#include "ike_race.h"

/* 4 or 16 bytes of A into OUT; 0 if A is no address. */
static int addr_bytes(const char *a, unsigned char out[16])
{
	if (inet_pton(AF_INET, a, out) == 1)
		return 4;
	if (inet_pton(AF_INET6, a, out) == 1)
		return 16;
	return 0;
}

int ike_race_addr_cmp(const char *local, const char *remote)
{
	unsigned char a[16], b[16];
	int la = addr_bytes(local, a), lb = addr_bytes(remote, b);

	if (!la || !lb)
		return strcmp(local, remote);
	if (la != lb)
		return la - lb;
	return memcmp(a, b, (size_t)la);
}

/* NEWER: established later, or at the same second and created later. */
static bool newer(const struct ike_race_sa *x, const struct ike_race_sa *y)
{
	return x->established != y->established ? x->established > y->established : x->id > y->id;
}

int ike_race_resolve(const struct ike_race_sa *v, int n, bool lower, uint32_t now, bool *del)
{
	int i, keep = 0, count = 0;

	for (i = 0; i < n; i++) {
		del[i] = false;
		if (newer(&v[i], &v[keep]))
			keep = i;
	}
	if (n < 2 || now - v[keep].established < IKE_RACE_SETTLE)
		return 0;
	for (i = 0; i < n; i++) {
		if (i == keep)
			continue;
		if (lower || v[keep].established - v[i].established >= IKE_RACE_NEAR) {
			del[i] = true;
			count++;
		}
	}
	return count;
}
