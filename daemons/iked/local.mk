# daemons/iked: the IKE daemon embedding strongSwan's libcharon, its pure
# logic modules (algorithm names, spec files, DPD scheduling) and tests.

# Code that needs strongSwan headers is compiled with STRONGSWAN_CFLAGS
# (force-includes include/strongswan_config.h) and never includes config.h.
# strongSwan headers declare f() for f(void).
IKED_SS_CFLAGS = $(STRONGSWAN_CFLAGS) -Wno-strict-prototypes
IKED_CHARON_SOURCES = \
	daemons/iked/charon_setup.c daemons/iked/charon_setup.h

sbin_PROGRAMS += daemons/iked/iked
daemons_iked_iked_SOURCES = daemons/iked/iked.c $(IKED_CHARON_SOURCES) \
	daemons/iked/backend.c daemons/iked/backend.h \
	daemons/iked/psk.c daemons/iked/psk.h \
	daemons/iked/events.c daemons/iked/events.h \
	daemons/iked/debug.c daemons/iked/debug.h \
	daemons/iked/dpd_driver.c daemons/iked/dpd_driver.h \
	daemons/iked/race_driver.c daemons/iked/race_driver.h \
	daemons/iked/sa_list.c daemons/iked/sa_list.h \
	daemons/iked/config.c daemons/iked/config.h \
	daemons/iked/control.c daemons/iked/control.h \
	daemons/iked/show.c daemons/iked/show.h \
	daemons/iked/log.c daemons/iked/log.h
daemons_iked_iked_CFLAGS = $(AM_CFLAGS) $(IKED_SS_CFLAGS)
daemons_iked_iked_LDADD = daemons/iked/libikespec.a $(STRONGSWAN_LIBS)

check_PROGRAMS += tests/charon-probe
TESTS += tests/charon-probe
tests_charon_probe_SOURCES = tests/charon-probe.c $(IKED_CHARON_SOURCES)
tests_charon_probe_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/iked
tests_charon_probe_CFLAGS = $(AM_CFLAGS) $(IKED_SS_CFLAGS)
tests_charon_probe_LDADD = $(STRONGSWAN_LIBS) -ldl
TESTS += tests/charon-probe-version.sh
EXTRA_DIST += tests/charon-probe-version.sh

# Pure logic without strongSwan: IOS algorithm names, ike_spec checks and
# files, DPD scheduling. routerd may link this library to build specs.
noinst_LIBRARIES += daemons/iked/libikespec.a
daemons_iked_libikespec_a_SOURCES = \
	daemons/iked/ike_algs.c daemons/iked/ike_spec.c daemons/iked/ike_spec_file.c \
	daemons/iked/dpd.c daemons/iked/dpd.h daemons/iked/iked_client.c \
	daemons/iked/ike_race.c daemons/iked/ike_race.h
noinst_HEADERS += include/ike_spec.h

check_PROGRAMS += tests/unit/iked_algs_test tests/unit/iked_spec_test tests/unit/dpd_test
TESTS += tests/unit/iked_algs_test tests/unit/iked_spec_test tests/unit/dpd_test
check_PROGRAMS += tests/unit/iked_race_test
TESTS += tests/unit/iked_race_test
tests_unit_iked_race_test_SOURCES = tests/unit/iked_race_test.c
tests_unit_iked_race_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/iked
tests_unit_iked_race_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_iked_race_test_LDADD = daemons/iked/libikespec.a $(CHECK_LIBS)
tests_unit_dpd_test_SOURCES = tests/unit/dpd_test.c
tests_unit_dpd_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/iked
tests_unit_dpd_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_dpd_test_LDADD = daemons/iked/libikespec.a $(CHECK_LIBS)
tests_unit_iked_algs_test_SOURCES = tests/unit/iked_algs_test.c
tests_unit_iked_algs_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_iked_algs_test_LDADD = daemons/iked/libikespec.a $(CHECK_LIBS)
tests_unit_iked_spec_test_SOURCES = tests/unit/iked_spec_test.c
tests_unit_iked_spec_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_iked_spec_test_LDADD = daemons/iked/libikespec.a $(CHECK_LIBS)

check_PROGRAMS += tests/unit/iked_charon_test
TESTS += tests/unit/iked_charon_test
tests_unit_iked_charon_test_SOURCES = tests/unit/iked_charon_test.c $(IKED_CHARON_SOURCES) \
	daemons/iked/backend.c daemons/iked/backend.h daemons/iked/psk.c daemons/iked/psk.h \
	daemons/iked/events.c daemons/iked/events.h
tests_unit_iked_charon_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/iked
tests_unit_iked_charon_test_CFLAGS = $(AM_CFLAGS) $(IKED_SS_CFLAGS) $(CHECK_CFLAGS)
tests_unit_iked_charon_test_LDADD = daemons/iked/libikespec.a $(STRONGSWAN_LIBS) $(CHECK_LIBS)

# Runs the real iked (built first: sbin_PROGRAMS are built before checks).
check_PROGRAMS += tests/unit/iked_control_test
TESTS += tests/unit/iked_control_test
tests_unit_iked_control_test_SOURCES = tests/unit/iked_control_test.c
tests_unit_iked_control_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_iked_control_test_LDADD = daemons/iked/libikespec.a $(CHECK_LIBS)
# Two ikeds in two network namespaces: who initiates, duplicate IKE SAs.
check_PROGRAMS += tests/unit/iked_pair_test
TESTS += tests/unit/iked_pair_test
tests_unit_iked_pair_test_SOURCES = tests/unit/iked_pair_test.c
tests_unit_iked_pair_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/iked
tests_unit_iked_pair_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_iked_pair_test_LDADD = daemons/iked/libikespec.a $(CHECK_LIBS)
EXTRA_DIST += daemons/iked/README.md

# The client of iked's debug stream (debug crypto ikev2|isakmp in routerd).
daemons_iked_libikespec_a_SOURCES += daemons/iked/debug_client.c
