# tests/bench/nhrp-scale: N spokes registering with our hub and FRR's in the
# UML lab. The generator is built on request only (the script does it):
# make tests/bench/nhrp_regen
EXTRA_PROGRAMS += tests/bench/nhrp_regen
tests_bench_nhrp_regen_SOURCES = tests/bench/nhrp_regen.c
tests_bench_nhrp_regen_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/dmvpnd
tests_bench_nhrp_regen_LDADD = daemons/dmvpnd/libnhrp.a
CLEANFILES += tests/bench/nhrp_regen
EXTRA_DIST += tests/bench/nhrp-scale tests/bench/nhrp-lab tests/bench/README-nhrp-scale
