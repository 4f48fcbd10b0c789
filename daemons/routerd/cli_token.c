/*
 * Syntax tokens: parsing a syntax word into a token, and deciding whether a
 * typed word fits a placeholder and, if not, where the first bad character
 * is (the IOS caret).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

static const struct {
	const char *text;
	enum cli_tok_kind kind;
} placeholders[] = {
	{"A.B.C.D", TOK_IPV4},
	{"A.B.C.D/M", TOK_PREFIX},
	{"WORD", TOK_WORD},
	{"LINE", TOK_LINE},
	{"IFNAME", TOK_IFNAME},
};

/* Keywords are lower case so that matching can fold only the typed word;
 * '<', '[', '{', '|' and upper case are reserved for the syntax itself. */
static bool
keyword_char(char c)
{
	return islower((unsigned char)c) || isdigit((unsigned char)c) ||
	       (c != '\0' && strchr("-_.:/+", c) != NULL);
}

static bool
parse_ulong(const char *s, size_t n, unsigned long *v)
{
	unsigned long long x = 0;

	if (n == 0 || n > 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		x = x * 10 + (unsigned)(s[i] - '0');
	}
	if (x > 4294967295ULL)
		return false;
	*v = (unsigned long)x;
	return true;
}

static bool
parse_range(const char *w, size_t n, struct cli_token *tok)
{
	const char *dash;

	if (n < 5 || w[0] != '<' || w[n - 1] != '>')
		return false;
	dash = memchr(w + 1, '-', n - 2);
	if (!dash)
		return false;
	if (!parse_ulong(w + 1, (size_t)(dash - w - 1), &tok->lo) ||
	    !parse_ulong(dash + 1, (size_t)(w + n - 1 - dash - 1), &tok->hi))
		return false;
	return tok->lo <= tok->hi;
}

bool
cli_token_parse(const char *word, size_t len, struct cli_token *tok)
{
	memset(tok, 0, sizeof(*tok));
	for (size_t i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++) {
		if (strlen(placeholders[i].text) == len &&
		    memcmp(placeholders[i].text, word, len) == 0) {
			tok->kind = placeholders[i].kind;
			tok->text = cli_xstrndup(word, len);
			return true;
		}
	}
	if (len > 0 && word[0] == '<') {
		if (!parse_range(word, len, tok))
			return false;
		tok->kind = TOK_RANGE;
		tok->text = cli_xstrndup(word, len);
		return true;
	}
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!keyword_char(word[i]))
			return false;
	tok->kind = TOK_KEYWORD;
	tok->text = cli_xstrndup(word, len);
	return true;
}

/* Scans an IPv4 address (and /M for a prefix). Returns how many bytes are a
 * possible start of one; *complete tells whether all n bytes form one. An
 * octet above 255 is wrong as a whole: the caret goes to its first digit. */
static size_t
scan_ipv4(const char *w, size_t n, bool prefix, bool *complete)
{
	size_t i = 0;

	*complete = false;
	for (int octet = 0; octet < 4; octet++) {
		size_t start = i, digits = 0;
		unsigned val = 0;

		while (i < n && isdigit((unsigned char)w[i]) && digits < 3) {
			val = val * 10 + (unsigned)(w[i] - '0');
			digits++;
			i++;
		}
		if (digits == 0)
			return i;
		if (val > 255)
			return start;
		if (octet < 3) {
			if (i == n)
				return n;
			if (w[i] != '.')
				return i;
			i++;
		}
	}
	if (prefix) {
		size_t start, digits = 0;
		unsigned val = 0;

		if (i == n)
			return n;
		if (w[i] != '/')
			return i;
		start = ++i;
		while (i < n && isdigit((unsigned char)w[i]) && digits < 2) {
			val = val * 10 + (unsigned)(w[i] - '0');
			digits++;
			i++;
		}
		if (digits == 0)
			return i;
		if (val > 32)
			return start;
	}
	if (i == n)
		*complete = true;
	return i;
}

static bool
ifname_char(char c)
{
	return isalnum((unsigned char)c) || (c != '\0' && strchr("/._:-", c) != NULL);
}

static size_t
scan_ifname(const char *w, size_t n)
{
	size_t i;

	if (n == 0 || !isalpha((unsigned char)w[0]))
		return 0;
	for (i = 1; i < n && ifname_char(w[i]); i++)
		;
	return i;
}

bool
cli_is_ifname_start(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)w[i]))
			return false;
	return n > 0;
}

bool
cli_token_accepts(const struct cli_token *tok, const char *w, size_t n)
{
	unsigned long v;
	bool complete;

	if (n == 0)
		return false;
	switch (tok->kind) {
	case TOK_KEYWORD:
		return false;
	case TOK_RANGE:
		return parse_ulong(w, n, &v) && v >= tok->lo && v <= tok->hi;
	case TOK_IPV4:
	case TOK_PREFIX:
		scan_ipv4(w, n, tok->kind == TOK_PREFIX, &complete);
		return complete;
	case TOK_IFNAME:
		return scan_ifname(w, n) == n;
	case TOK_WORD:
	case TOK_LINE:
		return true;
	}
	return false;
}

size_t
cli_token_good_prefix(const struct cli_token *tok, const char *w, size_t n)
{
	size_t i;
	bool complete;

	switch (tok->kind) {
	case TOK_KEYWORD:
		for (i = 0; i < n && tok->text[i] &&
			    tolower((unsigned char)w[i]) == tok->text[i];
		     i++)
			;
		return i;
	case TOK_RANGE:
		for (i = 0; i < n && isdigit((unsigned char)w[i]); i++)
			;
		/* all digits but out of range: the number is wrong as a whole */
		return i == n ? 0 : i;
	case TOK_IPV4:
	case TOK_PREFIX:
		return scan_ipv4(w, n, tok->kind == TOK_PREFIX, &complete);
	case TOK_IFNAME:
		return scan_ifname(w, n);
	case TOK_WORD:
	case TOK_LINE:
		return n;
	}
	return 0;
}

/* Can a number in [lo, hi] start with the digits w? */
static bool
range_could_start(const struct cli_token *tok, const char *w, size_t n)
{
	unsigned long long p = 0, span = 1;

	if (n == 0 || n > 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)w[i]))
			return false;
		p = p * 10 + (unsigned)(w[i] - '0');
	}
	/* the values starting with p and k more digits: [p*10^k, p*10^k + 10^k - 1] */
	for (int k = 0; k + n <= 10; k++) {
		if (p > tok->hi)
			return false;
		if (p + span - 1 >= tok->lo)
			return true;
		p *= 10;
		span *= 10;
	}
	return false;
}

bool
cli_token_could_start(const struct cli_token *tok, const char *w, size_t n)
{
	if (tok->kind == TOK_RANGE)
		return range_could_start(tok, w, n);
	if (tok->kind == TOK_KEYWORD)
		return n <= strlen(tok->text) && cli_token_good_prefix(tok, w, n) == n;
	return cli_token_good_prefix(tok, w, n) == n;
}

int
cli_token_tier(const struct cli_token *tok)
{
	switch (tok->kind) {
	case TOK_KEYWORD:
		return 0;
	case TOK_RANGE:
	case TOK_IPV4:
	case TOK_PREFIX:
		return 1;
	case TOK_IFNAME:
		return 2;
	case TOK_WORD:
		return 3;
	case TOK_LINE:
		return 4;
	}
	return 5;
}
