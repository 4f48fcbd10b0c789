/*
 * Fuzz target for the configuration command line and the loader: the input
 * is a configuration file. It is loaded (each line through the engine into
 * the model, indentation choosing the mode), then `?` help and Tab run on
 * each line, and the invariant parse(print(c)) == c is checked: the
 * running-config printed from what was accepted must load without an error
 * into an equal model. A crash, a sanitizer report or a broken invariant is
 * a finding.
 *
 * Built two ways: with libFuzzer (configure --enable-fuzz CC=clang) as
 * tests/fuzz/fuzz_cmdline, and always as tests/fuzz/replay_cmdline
 * (replay.c), which runs the corpus and a bounded deterministic mutation
 * of it under make check.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "router_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct router *
fresh_router(void)
{
	static const struct router_options opt = { .dry_run = true };
	static struct router *r;

	/* Building the command tree is the slow part: keep one router and
	 * give it an empty model for each input. */
	if (!r) {
		setenv("SOURCE_DATE_EPOCH", "0", 1);
		r = router_new(&opt);
		if (!r)
			abort();
	}
	model_free(r->running);
	r->running = model_new();
	return r;
}

static void
help_and_tab(struct router *r, const char *text)
{
	struct cli_session *s = cli_session_new(r->tree, r, 15);
	const char *p = text;

	cli_session_set_mode(s, MODE_CONFIG, NULL);
	while (*p) {
		size_t n = strcspn(p, "\n"), pos = 0, len;
		char *line = strndup(p, n), *done, *out;

		cli_session_help(s, line, &pos);
		done = cli_session_complete(s, line);
		free(done);
		out = cli_session_take_output(s, &len);
		free(out);
		free(line);
		p += n;
		if (*p)
			p++;
	}
	cli_session_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz_cmdline.XXXXXX";
	struct router *r = fresh_router();
	struct model *first;
	char *text, *printed;
	FILE *f, *devnull;
	int fd, bad;

	if (size > 65536)
		return 0;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	fd = mkstemp(path);
	if (fd < 0)
		abort();
	f = fdopen(fd, "w");
	fwrite(data, 1, size, f);
	fclose(f);
	devnull = fopen("/dev/null", "w");
	router_load_file(r, path, devnull);
	help_and_tab(r, text);

	/* The invariant: what was accepted prints and loads back unchanged. */
	first = model_clone(r->running);
	printed = router_running_config(r, NULL);
	f = fopen(path, "w");
	fputs(printed, f);
	fclose(f);
	r = fresh_router();
	bad = router_load_file(r, path, stderr);
	if (bad || !model_equal(first, r->running)) {
		fprintf(stderr, "parse(print(c)) != c for:\n%s\n--- printed:\n%s", text, printed);
		abort();
	}
	fclose(devnull);
	unlink(path);
	model_free(first);
	free(printed);
	free(text);
	return 0;
}
