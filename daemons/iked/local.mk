# daemons/iked: the IKE daemon embedding strongSwan's libcharon, its pure
# logic modules (algorithm names, spec files, DPD scheduling) and tests.

# Code that needs strongSwan headers is compiled with STRONGSWAN_CFLAGS
# (force-includes include/strongswan_config.h) and never includes config.h.
# strongSwan headers declare f() for f(void).
IKED_SS_CFLAGS = $(STRONGSWAN_CFLAGS) -Wno-strict-prototypes
IKED_CHARON_SOURCES = \
	daemons/iked/charon_setup.c daemons/iked/charon_setup.h

check_PROGRAMS += tests/charon-probe
TESTS += tests/charon-probe
tests_charon_probe_SOURCES = tests/charon-probe.c $(IKED_CHARON_SOURCES)
tests_charon_probe_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/iked
tests_charon_probe_CFLAGS = $(AM_CFLAGS) $(IKED_SS_CFLAGS)
tests_charon_probe_LDADD = $(STRONGSWAN_LIBS) -ldl
TESTS += tests/charon-probe-version.sh
EXTRA_DIST += tests/charon-probe-version.sh
