# daemons/routerd/model.mk: the configuration model, commands, running-config
# printer, loader and transactions (librouterd_model.a), the routerd program,
# and their tests.
noinst_LIBRARIES += daemons/routerd/librouterd_model.a
daemons_routerd_librouterd_model_a_SOURCES = \
	daemons/routerd/cmds_common.c \
	daemons/routerd/cmds_exec.c \
	daemons/routerd/cmds_ikev2.c \
	daemons/routerd/cmds_interface.c \
	daemons/routerd/cmds_ipsec.c \
	daemons/routerd/cmds_nhrp.c \
	daemons/routerd/cmds_route.c \
	daemons/routerd/cmds_system.c \
	daemons/routerd/ifmap.c \
	daemons/routerd/ifmap.h \
	daemons/routerd/loader.c \
	daemons/routerd/model.c \
	daemons/routerd/owner_fake.c \
	daemons/routerd/owner_noop.c \
	daemons/routerd/router.c \
	daemons/routerd/router_priv.h \
	daemons/routerd/running_config.c \
	daemons/routerd/startup.c \
	daemons/routerd/txn.c \
	daemons/routerd/validate.c
noinst_HEADERS += include/model.h include/owner.h

ROUTERD_MODEL_LIBS = daemons/routerd/librouterd_model.a daemons/routerd/librouterd_engine.a -lcrypt

sbin_PROGRAMS += daemons/routerd/routerd
daemons_routerd_routerd_SOURCES = daemons/routerd/main.c
daemons_routerd_routerd_LDADD = daemons/routerd/librouterd_server.a $(ROUTERD_MODEL_LIBS) \
	lib/libipc.a

check_PROGRAMS += tests/unit/check_model
TESTS += tests/unit/check_model
tests_unit_check_model_SOURCES = tests/unit/check_model.c
tests_unit_check_model_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd
tests_unit_check_model_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_model_LDADD = $(ROUTERD_MODEL_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/unit/check_loader
TESTS += tests/unit/check_loader
tests_unit_check_loader_SOURCES = tests/unit/check_loader.c
tests_unit_check_loader_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd \
	-DTOP_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_check_loader_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_loader_LDADD = $(ROUTERD_MODEL_LIBS) $(CHECK_LIBS)

# Golden configurations: routerd -n -f X compared byte for byte, and the
# output fed back in (tests/golden/run --update rewrites the .golden files).
TESTS += tests/golden/run
EXTRA_DIST += tests/golden/run \
	tests/golden/bad-references.cfg \
	tests/golden/bad-references.golden \
	tests/golden/bad-syntax.cfg \
	tests/golden/bad-syntax.golden \
	tests/golden/crlf-tabs.cfg \
	tests/golden/crlf-tabs.golden \
	tests/golden/dmvpn-hub.cfg \
	tests/golden/flat-config.cfg \
	tests/golden/flat-config.golden \
	tests/golden/dmvpn-hub.golden \
	tests/golden/dmvpn-spoke-legacy.cfg \
	tests/golden/dmvpn-spoke-legacy.golden \
	tests/golden/dmvpn-spoke.cfg \
	tests/golden/dmvpn-spoke.golden \
	tests/golden/ios-names.cfg \
	tests/golden/ios-names.golden \
	tests/golden/ios-names.ifmap \
	tests/golden/ikev2-psk-forms.cfg \
	tests/golden/ikev2-psk-forms.golden \
	tests/golden/odd-inputs.cfg \
	tests/golden/odd-inputs.golden \
	tests/golden/p2p-gre-ikev1.cfg \
	tests/golden/p2p-gre-ikev1.golden

# Config-load benchmark (not part of make check): make bench-config-load
noinst_PROGRAMS += tests/bench/config_load_bench
tests_bench_config_load_bench_SOURCES = tests/bench/config_load_bench.c
tests_bench_config_load_bench_LDADD = $(ROUTERD_MODEL_LIBS)
dist_noinst_SCRIPTS += tests/bench/config-load
bench-config-load: daemons/routerd/routerd tests/bench/config_load_bench
	$(srcdir)/tests/bench/config-load
.PHONY: bench-config-load

# Fuzzing the loader and command line (tests/fuzz/fuzz_cmdline.c): a replay
# build runs under make check. The libFuzzer binary, with the whole build
# instrumented for coverage:
#   ./configure --enable-fuzz CC=clang \
#       CFLAGS="-g -O1 -fsanitize=fuzzer-no-link,address" LDFLAGS=-fsanitize=address
#   make tests/fuzz/fuzz_cmdline
#   mkdir c && cp tests/fuzz/corpus/* c && tests/fuzz/fuzz_cmdline -max_len=4096 c
check_PROGRAMS += tests/fuzz/replay_cmdline
TESTS += tests/fuzz/run-replay
tests_fuzz_replay_cmdline_SOURCES = tests/fuzz/fuzz_cmdline.c tests/fuzz/replay.c
tests_fuzz_replay_cmdline_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd
tests_fuzz_replay_cmdline_LDADD = $(ROUTERD_MODEL_LIBS)
dist_noinst_SCRIPTS += tests/fuzz/run-replay
EXTRA_DIST += tests/fuzz/corpus/dmvpn-hub.cfg tests/fuzz/corpus/odd-inputs.cfg \
	tests/fuzz/corpus/p2p.cfg tests/fuzz/corpus/bad.cfg \
	tests/fuzz/corpus/regressions.cfg tests/fuzz/corpus/flat.cfg
if ENABLE_FUZZ
noinst_PROGRAMS += tests/fuzz/fuzz_cmdline
tests_fuzz_fuzz_cmdline_SOURCES = tests/fuzz/fuzz_cmdline.c
tests_fuzz_fuzz_cmdline_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd
tests_fuzz_fuzz_cmdline_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address
tests_fuzz_fuzz_cmdline_LDFLAGS = -fsanitize=fuzzer,address
tests_fuzz_fuzz_cmdline_LDADD = $(ROUTERD_MODEL_LIBS)
endif
