/*
 * charon-probe: proves that the embedded libcharon initialises in-process
 * with our hand-written strongswan_config.h, our own settings namespace and
 * our explicit plugin list, then shuts down cleanly. A wrong ABI define
 * (ME missing, ...) crashes here instead of in iked.
 *
 * Usage: charon-probe [-v] [PLUGINS]
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include <library.h>
#include <daemon.h>

#include "charon_setup.h"

/* True if NAME is a word of the space separated LIST. */
static bool has_word(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p = list;

	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
			return true;
		p += len;
	}
	return false;
}

static int check_plugins_loaded(const char *plugins)
{
	char list[512], *save = NULL, *name;
	char *loaded = lib->plugins->loaded_plugins(lib->plugins);
	int missing = 0;

	snprintf(list, sizeof(list), "%s", plugins);
	for (name = strtok_r(list, " ", &save); name; name = strtok_r(NULL, " ", &save)) {
		if (!has_word(loaded, name)) {
			fprintf(stderr, "charon-probe: plugin %s not loaded\n", name);
			missing++;
		}
	}
	return missing;
}

int main(int argc, char **argv)
{
	struct charon_setup cs = {.log_level = -1, .retry = 2};
	char err[256];
	Dl_info info;
	int arg = 1, rc = 0;

	if (arg < argc && !strcmp(argv[arg], "-v")) {
		cs.log_level = 1;
		arg++;
	}
	if (arg < argc)
		cs.plugins = argv[arg];
	if (charon_setup_init(&cs, err, sizeof(err)) < 0) {
		fprintf(stderr, "charon-probe: %s\n", err);
		return 1;
	}
	if (strcmp(lib->ns, IKED_NAMESPACE)) {
		fprintf(stderr, "charon-probe: settings namespace is %s\n", lib->ns);
		rc = 1;
	}
	/* The retransmit schedule IOS DPD relies on must be readable back. */
	if (lib->settings->get_int(lib->settings, "%s.retransmit_tries", 0, lib->ns) != 5 ||
	    lib->settings->get_double(lib->settings, "%s.retransmit_timeout", 0, lib->ns) != 2.0) {
		fprintf(stderr, "charon-probe: retransmit settings not applied\n");
		rc = 1;
	}
	if (check_plugins_loaded(cs.plugins ? cs.plugins : IKED_PLUGINS_DEFAULT))
		rc = 1;
	if (!dladdr((void *)libcharon_init, &info) || !info.dli_fname)
		info.dli_fname = "?";
	printf("strongSwan %s, libcharon %s, plugins: %s\n", charon_setup_version(),
	       info.dli_fname, lib->plugins->loaded_plugins(lib->plugins));
	charon_setup_deinit();
	return rc;
}
