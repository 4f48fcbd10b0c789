# daemons/dmvpnd: NHRP (DMVPN). libnhrp.a holds the pure logic (codec,
# cache, show rendering) so unit tests and fuzzers link exactly what the
# daemon will run.
noinst_LIBRARIES += daemons/dmvpnd/libnhrp.a
daemons_dmvpnd_libnhrp_a_SOURCES = \
	daemons/dmvpnd/nhrp_packet.c \
	daemons/dmvpnd/nhrp_packet.h \
	daemons/dmvpnd/nhrp_proto.h

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

# Wireshark as the independent judge of the wire format (skips without tshark).
check_PROGRAMS += tests/unit/test_nhrp_tshark
TESTS += tests/unit/test_nhrp_tshark
tests_unit_test_nhrp_tshark_SOURCES = tests/unit/test_nhrp_tshark.c \
	tests/unit/nhrp_samples.c tests/unit/nhrp_samples.h
tests_unit_test_nhrp_tshark_CFLAGS = $(NHRP_TEST_CFLAGS)
tests_unit_test_nhrp_tshark_CPPFLAGS = $(NHRP_TEST_CPPFLAGS)
tests_unit_test_nhrp_tshark_LDADD = $(NHRP_TEST_LDADD)

# Fuzzing the decoder. Under `make check` the harness is an ordinary program
# that replays the encoder's seed packets, their truncations and bit flips
# and the committed corpus (regressions). `make fuzz-nhrp` builds the
# libFuzzer binary with clang whatever CC is; `make fuzz-nhrp-run` runs it
# for NHRP_FUZZ_TIME seconds on one core from the seed corpus.
check_PROGRAMS += tests/fuzz/fuzz_nhrp_decode
TESTS += tests/fuzz/fuzz_nhrp_decode
tests_fuzz_fuzz_nhrp_decode_SOURCES = tests/fuzz/fuzz_nhrp_decode.c \
	tests/unit/nhrp_samples.c tests/unit/nhrp_samples.h
tests_fuzz_fuzz_nhrp_decode_CPPFLAGS = $(NHRP_TEST_CPPFLAGS) -I$(top_srcdir)/tests/unit \
	-DNHRP_FUZZ_CORPUS_DIR='"$(abs_top_srcdir)/tests/fuzz/nhrp-corpus"'
tests_fuzz_fuzz_nhrp_decode_LDADD = daemons/dmvpnd/libnhrp.a

NHRP_FUZZ_CC = clang
NHRP_FUZZ_TIME = 600
NHRP_FUZZ_BIN = tests/fuzz/fuzz_nhrp_decode-libfuzzer
NHRP_FUZZ_SRCS = $(top_srcdir)/tests/fuzz/fuzz_nhrp_decode.c \
	$(top_srcdir)/daemons/dmvpnd/nhrp_packet.c
NHRP_FUZZ_DEPS = $(NHRP_FUZZ_SRCS) $(top_srcdir)/daemons/dmvpnd/nhrp_packet.h \
	$(top_srcdir)/daemons/dmvpnd/nhrp_proto.h

$(NHRP_FUZZ_BIN): $(NHRP_FUZZ_DEPS)
	@mkdir -p tests/fuzz
	$(NHRP_FUZZ_CC) -g -O1 -DNHRP_LIBFUZZER -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -I$(top_srcdir)/daemons/dmvpnd \
		-o $@ $(NHRP_FUZZ_SRCS)

fuzz-nhrp: $(NHRP_FUZZ_BIN)

fuzz-nhrp-run: $(NHRP_FUZZ_BIN) tests/fuzz/fuzz_nhrp_decode$(EXEEXT)
	@mkdir -p tests/fuzz/nhrp-work
	tests/fuzz/fuzz_nhrp_decode --write-seeds tests/fuzz/nhrp-work
	$(NHRP_FUZZ_BIN) -max_total_time=$(NHRP_FUZZ_TIME) -print_final_stats=1 \
		-artifact_prefix=tests/fuzz/nhrp- tests/fuzz/nhrp-work

.PHONY: fuzz-nhrp fuzz-nhrp-run
CLEANFILES += $(NHRP_FUZZ_BIN)
