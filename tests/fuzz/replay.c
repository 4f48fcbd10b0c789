/*
 * Replay driver for a libFuzzer target without libFuzzer (make check):
 * runs every file given on the command line (the corpus), then a bounded
 * number of deterministic mutations of them: lines dropped, duplicated,
 * swapped or re-indented, words replaced by dictionary tokens or by
 * neighbouring words, bytes flipped. Prints "replay: N passed, 0 failed"
 * (a failure aborts inside the target).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const dict[] = {
	"no", "default", "interface", "Tunnel0", "gi0/0", "ip", "nhrp", "address", "10.0.0.1",
	"255.255.255.0", "0.0.0.0", "crypto", "ikev2", "isakmp", "ipsec", "profile", "keyring",
	"peer", "proposal", "policy", "transform-set", "esp-aes", "256", "dpd", "10", "3",
	"periodic", "tunnel", "mode", "gre", "multipoint", "protection", "key", "shared", "!",
	"#", "exit", "end", "?", "secondary", "route", "Null0", "4294967295", "65536", "",
	"pre-shared-key", "match", "identity", "remote", "set", "pfs", "group14", "nhs", "dynamic",
	"nbma", "map", "multicast", "description", "x#y!z", "  ", "hostname", "enable", "secret",
};

static uint32_t seed = 12345;

static uint32_t
rnd(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return n ? (seed >> 8) % n : 0;
}

struct text {
	char **line;
	size_t n;
};

static void
split(struct text *t, const char *s, size_t len)
{
	size_t i = 0;

	t->line = NULL;
	t->n = 0;
	while (i < len) {
		size_t j = i;

		while (j < len && s[j] != '\n')
			j++;
		t->line = realloc(t->line, (t->n + 1) * sizeof(*t->line));
		t->line[t->n++] = strndup(s + i, j - i);
		i = j + 1;
	}
}

static char *
join(const struct text *t, size_t *len)
{
	size_t total = 1;
	char *out, *p;

	for (size_t i = 0; i < t->n; i++)
		total += strlen(t->line[i]) + 1;
	p = out = malloc(total);
	for (size_t i = 0; i < t->n; i++)
		p += sprintf(p, "%s\n", t->line[i]);
	*len = (size_t)(p - out);
	return out;
}

static void
replace(char **slot, char *s)
{
	free(*slot);
	*slot = s;
}

static void
mutate_line(char **line)
{
	char *l = *line, *out;
	size_t len = strlen(l), at, words = 0;

	switch (rnd(5)) {
	case 0: /* re-indent */
		out = malloc(len + 4);
		sprintf(out, "%.*s%s", (int)rnd(4), "   ", l + strspn(l, " "));
		replace(line, out);
		break;
	case 1: /* flip a byte */
		if (len)
			l[rnd((uint32_t)len)] ^= (char)(1u << rnd(7));
		break;
	case 2: /* truncate */
		l[rnd((uint32_t)len + 1)] = '\0';
		break;
	default: /* replace one word with a dictionary token */
		for (size_t i = 0; i < len; i++)
			if (l[i] != ' ' && (i == 0 || l[i - 1] == ' '))
				words++;
		at = rnd((uint32_t)words + 1);
		for (size_t i = 0, w = 0; i <= len; i++) {
			if (i < len && l[i] != ' ' && (i == 0 || l[i - 1] == ' ') && w++ == at) {
				size_t e = i + strcspn(l + i, " ");
				const char *tok = dict[rnd(sizeof(dict) / sizeof(dict[0]))];

				out = malloc(len + strlen(tok) + 1);
				sprintf(out, "%.*s%s%s", (int)i, l, tok, l + e);
				replace(line, out);
				return;
			}
		}
		out = malloc(len + 32);
		sprintf(out, "%s %s", l, dict[rnd(sizeof(dict) / sizeof(dict[0]))]);
		replace(line, out);
	}
}

static void
mutate(struct text *t)
{
	unsigned edits = 1 + rnd(4);

	for (unsigned e = 0; e < edits && t->n; e++) {
		size_t i = rnd((uint32_t)t->n), j = rnd((uint32_t)t->n);
		char *tmp;

		switch (rnd(4)) {
		case 0: /* drop */
			free(t->line[i]);
			memmove(&t->line[i], &t->line[i + 1], (t->n - i - 1) * sizeof(*t->line));
			t->n--;
			break;
		case 1: /* duplicate elsewhere */
			t->line = realloc(t->line, (t->n + 1) * sizeof(*t->line));
			memmove(&t->line[j + 1], &t->line[j], (t->n - j) * sizeof(*t->line));
			t->n++;
			t->line[j] = strdup(t->line[i < j ? i : i + 1]);
			break;
		case 2: /* swap */
			tmp = t->line[i];
			t->line[i] = t->line[j];
			t->line[j] = tmp;
			break;
		default:
			mutate_line(&t->line[i]);
		}
	}
}

static void
text_free(struct text *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->line[i]);
	free(t->line);
}

int
main(int argc, char **argv)
{
	unsigned rounds = getenv("REPLAY_ROUNDS") ? (unsigned)atoi(getenv("REPLAY_ROUNDS")) : 150;
	unsigned runs = 0;

	for (int a = 1; a < argc; a++) {
		FILE *f = fopen(argv[a], "r");
		char buf[65536];
		size_t len;

		if (!f) {
			perror(argv[a]);
			return 1;
		}
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
		runs++;
		for (unsigned r = 0; r < rounds; r++) {
			struct text t;
			char *s;
			size_t slen;

			split(&t, buf, len);
			mutate(&t);
			s = join(&t, &slen);
			LLVMFuzzerTestOneInput((const uint8_t *)s, slen);
			free(s);
			text_free(&t);
			runs++;
		}
	}
	printf("replay: %u passed, 0 failed\n", runs);
	return 0;
}
