# daemons/dmvpnd: NHRP (DMVPN). libnhrp.a holds the pure logic (codec,
# cache, show rendering) so unit tests and fuzzers link exactly what the
# daemon will run.
noinst_LIBRARIES += daemons/dmvpnd/libnhrp.a
EXTRA_DIST += daemons/dmvpnd/README.md
daemons_dmvpnd_libnhrp_a_SOURCES = \
	daemons/dmvpnd/nhrp_build.c \
	daemons/dmvpnd/nhrp_build.h \
	daemons/dmvpnd/nhrp_cache.c \
	daemons/dmvpnd/nhrp_cache.h \
	daemons/dmvpnd/nhrp_deadline.c \
	daemons/dmvpnd/nhrp_deadline.h \
	daemons/dmvpnd/nhrp_packet.c \
	daemons/dmvpnd/nhrp_packet.h \
	daemons/dmvpnd/nhrp_proto.h \
	daemons/dmvpnd/nhrp_show.c \
	daemons/dmvpnd/nhrp_show.h

NHRP_TEST_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
NHRP_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/dmvpnd
NHRP_TEST_LDADD = daemons/dmvpnd/libnhrp.a $(CHECK_LIBS)

check_PROGRAMS += tests/unit/test_nhrp_packet
TESTS += tests/unit/test_nhrp_packet
tests_unit_test_nhrp_packet_SOURCES = tests/unit/test_nhrp_packet.c \
	tests/unit/nhrp_samples.c tests/unit/nhrp_samples.h
tests_unit_test_nhrp_packet_CFLAGS = $(NHRP_TEST_CFLAGS)
tests_unit_test_nhrp_packet_CPPFLAGS = $(NHRP_TEST_CPPFLAGS)
tests_unit_test_nhrp_packet_LDADD = $(NHRP_TEST_LDADD)

check_PROGRAMS += tests/unit/test_nhrp_build
TESTS += tests/unit/test_nhrp_build
tests_unit_test_nhrp_build_SOURCES = tests/unit/test_nhrp_build.c \
	tests/unit/nhrp_samples.c tests/unit/nhrp_samples.h
tests_unit_test_nhrp_build_CFLAGS = $(NHRP_TEST_CFLAGS)
tests_unit_test_nhrp_build_CPPFLAGS = $(NHRP_TEST_CPPFLAGS)
tests_unit_test_nhrp_build_LDADD = $(NHRP_TEST_LDADD)

check_PROGRAMS += tests/unit/test_nhrp_cache
TESTS += tests/unit/test_nhrp_cache
tests_unit_test_nhrp_cache_SOURCES = tests/unit/test_nhrp_cache.c
tests_unit_test_nhrp_cache_CFLAGS = $(NHRP_TEST_CFLAGS)
tests_unit_test_nhrp_cache_CPPFLAGS = $(NHRP_TEST_CPPFLAGS)
tests_unit_test_nhrp_cache_LDADD = $(NHRP_TEST_LDADD)

# The expiry heap alone: order, removal, re-arming, counting what is due.
check_PROGRAMS += tests/unit/test_nhrp_deadline
TESTS += tests/unit/test_nhrp_deadline
tests_unit_test_nhrp_deadline_SOURCES = tests/unit/test_nhrp_deadline.c
tests_unit_test_nhrp_deadline_CFLAGS = $(NHRP_TEST_CFLAGS)
tests_unit_test_nhrp_deadline_CPPFLAGS = $(NHRP_TEST_CPPFLAGS)
tests_unit_test_nhrp_deadline_LDADD = $(NHRP_TEST_LDADD)

# Built on request only: make tests/unit/bench_nhrp_cache
EXTRA_PROGRAMS += tests/unit/bench_nhrp_cache
tests_unit_bench_nhrp_cache_SOURCES = tests/unit/bench_nhrp_cache.c
tests_unit_bench_nhrp_cache_CPPFLAGS = $(NHRP_TEST_CPPFLAGS)
tests_unit_bench_nhrp_cache_LDADD = daemons/dmvpnd/libnhrp.a
CLEANFILES += tests/unit/bench_nhrp_cache

# show output against the ntc-templates parser. COMPAT_DIR (make variable or
# environment) names the shared compat directory; the default also finds it
# from a worktree one level further down. Skipped when absent.
COMPAT_DIR = $(abs_top_srcdir)/../shared/compat:$(abs_top_srcdir)/../../shared/compat
check_PROGRAMS += tests/unit/test_nhrp_show
TESTS += tests/unit/test_nhrp_show
tests_unit_test_nhrp_show_SOURCES = tests/unit/test_nhrp_show.c
tests_unit_test_nhrp_show_CFLAGS = $(NHRP_TEST_CFLAGS)
tests_unit_test_nhrp_show_CPPFLAGS = $(NHRP_TEST_CPPFLAGS) -DNHRP_COMPAT_DIRS='"$(COMPAT_DIR)"'
tests_unit_test_nhrp_show_LDADD = $(NHRP_TEST_LDADD)

# Wireshark as the independent judge of the wire format (skips without tshark).
check_PROGRAMS += tests/unit/test_nhrp_tshark
TESTS += tests/unit/test_nhrp_tshark
tests_unit_test_nhrp_tshark_SOURCES = tests/unit/test_nhrp_tshark.c \
	tests/unit/nhrp_samples.c tests/unit/nhrp_samples.h
tests_unit_test_nhrp_tshark_CFLAGS = $(NHRP_TEST_CFLAGS)
tests_unit_test_nhrp_tshark_CPPFLAGS = $(NHRP_TEST_CPPFLAGS)
tests_unit_test_nhrp_tshark_LDADD = $(NHRP_TEST_LDADD)

# Real captures (IOS, OpenNHRP...) decoded and re-encoded byte for byte:
# NHRP_CAPTURE_DIR=dir make check TESTS=tests/unit/nhrp-captures.sh
# Skipped without captures: other projects' capture files are not ours to
# ship.
check_PROGRAMS += tests/unit/nhrp_decode_hex
tests_unit_nhrp_decode_hex_SOURCES = tests/unit/nhrp_decode_hex.c
tests_unit_nhrp_decode_hex_CPPFLAGS = $(NHRP_TEST_CPPFLAGS)
tests_unit_nhrp_decode_hex_LDADD = daemons/dmvpnd/libnhrp.a
dist_noinst_SCRIPTS += tests/unit/nhrp-captures.sh
TESTS += tests/unit/nhrp-captures.sh

# Fuzzing. Under `make check` the harness is an ordinary program
# that replays the encoder's seed packets, their truncations and bit flips
# and the committed corpus (regressions). `make fuzz-nhrp` builds the
# libFuzzer binaries with clang whatever CC is; `make fuzz-nhrp-run` runs the
# decoder fuzzer for NHRP_FUZZ_TIME seconds on one core from the seed corpus,
# `make fuzz-nhrp-cache-run` the cache-rules fuzzer.
check_PROGRAMS += tests/fuzz/fuzz_nhrp_decode
TESTS += tests/fuzz/fuzz_nhrp_decode
tests_fuzz_fuzz_nhrp_decode_SOURCES = tests/fuzz/fuzz_nhrp_decode.c \
	tests/unit/nhrp_samples.c tests/unit/nhrp_samples.h
tests_fuzz_fuzz_nhrp_decode_CPPFLAGS = $(NHRP_TEST_CPPFLAGS) -I$(top_srcdir)/tests/unit \
	-DNHRP_FUZZ_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/nhrp-corpus"'
tests_fuzz_fuzz_nhrp_decode_LDADD = daemons/dmvpnd/libnhrp.a

check_PROGRAMS += tests/fuzz/fuzz_nhrp_cache
TESTS += tests/fuzz/fuzz_nhrp_cache
tests_fuzz_fuzz_nhrp_cache_SOURCES = tests/fuzz/fuzz_nhrp_cache.c
tests_fuzz_fuzz_nhrp_cache_CPPFLAGS = $(NHRP_TEST_CPPFLAGS)
tests_fuzz_fuzz_nhrp_cache_LDADD = daemons/dmvpnd/libnhrp.a

NHRP_FUZZ_CC = clang
NHRP_FUZZ_TIME = 600
NHRP_FUZZ_FLAGS = -g -O1 -DNHRP_LIBFUZZER -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I$(top_srcdir)/daemons/dmvpnd
NHRP_FUZZ_HDRS = $(top_srcdir)/daemons/dmvpnd/nhrp_packet.h \
	$(top_srcdir)/daemons/dmvpnd/nhrp_proto.h $(top_srcdir)/daemons/dmvpnd/nhrp_cache.h \
	$(top_srcdir)/daemons/dmvpnd/nhrp_build.h $(top_srcdir)/daemons/dmvpnd/nhrp_deadline.h

tests/fuzz/fuzz_nhrp_decode-libfuzzer: $(top_srcdir)/tests/fuzz/fuzz_nhrp_decode.c \
		$(top_srcdir)/daemons/dmvpnd/nhrp_packet.c $(top_srcdir)/daemons/dmvpnd/nhrp_build.c \
		$(NHRP_FUZZ_HDRS)
	@mkdir -p tests/fuzz
	$(NHRP_FUZZ_CC) $(NHRP_FUZZ_FLAGS) -o $@ $(top_srcdir)/tests/fuzz/fuzz_nhrp_decode.c \
		$(top_srcdir)/daemons/dmvpnd/nhrp_packet.c $(top_srcdir)/daemons/dmvpnd/nhrp_build.c

tests/fuzz/fuzz_nhrp_cache-libfuzzer: $(top_srcdir)/tests/fuzz/fuzz_nhrp_cache.c \
		$(top_srcdir)/daemons/dmvpnd/nhrp_cache.c $(top_srcdir)/daemons/dmvpnd/nhrp_packet.c \
		$(top_srcdir)/daemons/dmvpnd/nhrp_deadline.c $(NHRP_FUZZ_HDRS)
	@mkdir -p tests/fuzz
	$(NHRP_FUZZ_CC) $(NHRP_FUZZ_FLAGS) -o $@ $(top_srcdir)/tests/fuzz/fuzz_nhrp_cache.c \
		$(top_srcdir)/daemons/dmvpnd/nhrp_cache.c $(top_srcdir)/daemons/dmvpnd/nhrp_packet.c \
		$(top_srcdir)/daemons/dmvpnd/nhrp_deadline.c

fuzz-nhrp: tests/fuzz/fuzz_nhrp_decode-libfuzzer tests/fuzz/fuzz_nhrp_cache-libfuzzer

fuzz-nhrp-run: tests/fuzz/fuzz_nhrp_decode-libfuzzer tests/fuzz/fuzz_nhrp_decode$(EXEEXT)
	@mkdir -p tests/fuzz/nhrp-work
	tests/fuzz/fuzz_nhrp_decode --write-seeds tests/fuzz/nhrp-work
	tests/fuzz/fuzz_nhrp_decode-libfuzzer -max_total_time=$(NHRP_FUZZ_TIME) \
		-print_final_stats=1 -artifact_prefix=tests/fuzz/nhrp- tests/fuzz/nhrp-work

fuzz-nhrp-cache-run: tests/fuzz/fuzz_nhrp_cache-libfuzzer
	@mkdir -p tests/fuzz/nhrp-cache-work
	tests/fuzz/fuzz_nhrp_cache-libfuzzer -max_total_time=$(NHRP_FUZZ_TIME) \
		-print_final_stats=1 -artifact_prefix=tests/fuzz/nhrp-cache- \
		tests/fuzz/nhrp-cache-work

.PHONY: fuzz-nhrp fuzz-nhrp-run fuzz-nhrp-cache-run
CLEANFILES += tests/fuzz/fuzz_nhrp_decode-libfuzzer tests/fuzz/fuzz_nhrp_cache-libfuzzer
