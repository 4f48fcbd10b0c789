# lib/ipc.mk: libipc.a, the Unix SEQPACKET message protocol (include/ipc.h)
# shared by ish and the daemons.
noinst_LIBRARIES += lib/libipc.a
lib_libipc_a_SOURCES = lib/ipc.c
noinst_HEADERS += include/ipc.h

check_PROGRAMS += tests/unit/check_ipc
TESTS += tests/unit/check_ipc
tests_unit_check_ipc_SOURCES = tests/unit/check_ipc.c
tests_unit_check_ipc_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ipc_LDADD = lib/libipc.a $(CHECK_LIBS)

# configure --enable-fuzz CC=clang: the decoder under libFuzzer
# (tests/unit/fuzz_ipc -max_total_time=60).
if ENABLE_FUZZ
noinst_PROGRAMS += tests/unit/fuzz_ipc
tests_unit_fuzz_ipc_SOURCES = tests/unit/fuzz_ipc.c lib/ipc.c
tests_unit_fuzz_ipc_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined
tests_unit_fuzz_ipc_LDFLAGS = -fsanitize=fuzzer,address,undefined
endif
EXTRA_DIST += tests/unit/fuzz_ipc.c
