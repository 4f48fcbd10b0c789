/*
 * Embedded libcharon bring-up. Ordering follows what charon-systemd does:
 * library_init, libcharon_init, settings, loggers, initialize (plugins).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <library.h>
#include <daemon.h>

#include "charon_setup.h"

static bool library_up;
static bool charon_up;

static void set_retransmit(unsigned int retry)
{
	/* IOS: after a missed DPD, 5 retransmissions RETRY seconds apart, then
	 * dead. strongSwan 5.9 reads these once per IKE_SA, for all peers. */
	lib->settings->set_double(lib->settings, "%s.retransmit_timeout", (double)retry, lib->ns);
	lib->settings->set_double(lib->settings, "%s.retransmit_base", 1.0, lib->ns);
	lib->settings->set_int(lib->settings, "%s.retransmit_tries", 5, lib->ns);
	lib->settings->set_double(lib->settings, "%s.retransmit_jitter", 0.0, lib->ns);
}

/* charon's log to stderr, with milliseconds to time DPD; a settings file
 * given with -C may define its own loggers instead. */
static void set_loggers(int level)
{
	if (level >= 0 &&
	    !lib->settings->get_str(lib->settings, "%s.filelog.stderr.default", NULL, lib->ns)) {
		lib->settings->set_int(lib->settings, "%s.filelog.stderr.default", level, lib->ns);
		lib->settings->set_str(lib->settings, "%s.filelog.stderr.time_format",
				       "%H:%M:%S", lib->ns);
		lib->settings->set_bool(lib->settings, "%s.filelog.stderr.time_add_ms", TRUE,
					lib->ns);
		lib->settings->set_bool(lib->settings, "%s.filelog.stderr.ike_name", TRUE, lib->ns);
		lib->settings->set_bool(lib->settings, "%s.filelog.stderr.flush_line", TRUE,
					lib->ns);
	}
	charon->load_loggers(charon);
}

int charon_setup_init(const struct charon_setup *cs, char *err, size_t errlen)
{
	const char *plugins = cs->plugins ? cs->plugins : IKED_PLUGINS_DEFAULT;
	char list[512];

	char empty[] = "/tmp/iked-settings.XXXXXX";
	bool ok;
	int fd = -1;

	/* Before library_init, so that its own messages obey our level. */
	dbg_default_set_level(cs->log_level < 0 ? LEVEL_SILENT : (level_t)cs->log_level);
	/* library_init() needs a regular file (NULL means strongswan.conf and
	 * /dev/null is refused): without one of ours, an empty temporary. */
	if (!cs->settings_file) {
		fd = mkstemp(empty);
		if (fd < 0) {
			snprintf(err, errlen, "cannot create %s: %s", empty, strerror(errno));
			return -1;
		}
		close(fd);
	}
	ok = library_init((char *)(cs->settings_file ? cs->settings_file : empty), IKED_NAMESPACE);
	if (fd >= 0)
		unlink(empty);
	if (!ok) {
		snprintf(err, errlen, "cannot initialise libstrongswan: invalid settings file %s",
			 cs->settings_file ? cs->settings_file : empty);
		library_deinit();
		return -1;
	}
	library_up = true;
	/* libcharon_init() creates the charon global even when it fails. */
	charon_up = true;
	if (!libcharon_init()) {
		snprintf(err, errlen, "cannot initialise libcharon");
		charon_setup_deinit();
		return -1;
	}

	/* Our plugin list, never <ns>.plugins.*.load from some config. */
	lib->settings->set_bool(lib->settings, "%s.load_modular", FALSE, lib->ns);
	if (cs->retry)
		set_retransmit(cs->retry);
	if (cs->port)
		lib->settings->set_int(lib->settings, "%s.port", (int)cs->port, lib->ns);
	if (cs->port_nat_t)
		lib->settings->set_int(lib->settings, "%s.port_nat_t", (int)cs->port_nat_t,
				       lib->ns);
	/* Routes and the iptables-free policies: iked protects GRE between
	 * addresses it already owns, it never installs routes. */
	lib->settings->set_bool(lib->settings, "%s.install_routes", FALSE, lib->ns);
	if (cs->vici_socket) {
		char uri[256];

		/* vici wants a URI; a plain path means a Unix socket */
		snprintf(uri, sizeof(uri), "%s%s", strstr(cs->vici_socket, "://") ? "" : "unix://",
			 cs->vici_socket);
		snprintf(list, sizeof(list), "%s vici", plugins);
		lib->settings->set_str(lib->settings, "%s.plugins.vici.socket", uri, lib->ns);
	} else {
		snprintf(list, sizeof(list), "%s", plugins);
	}
	set_loggers(cs->log_level);

	if (!charon->initialize(charon, list)) {
		snprintf(err, errlen, "cannot load charon plugins (%s)", list);
		charon_setup_deinit();
		return -1;
	}
	return 0;
}

void charon_setup_start(void)
{
	charon->start(charon);
}

void charon_setup_deinit(void)
{
	if (charon_up) {
		libcharon_deinit();
		charon_up = false;
	}
	if (library_up) {
		library_deinit();
		library_up = false;
	}
}

const char *charon_setup_version(void)
{
	return STRONGSWAN_VERSION;
}
