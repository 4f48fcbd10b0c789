# daemons/dmvpnd/daemon.mk: the dmvpnd program (NHRP engine, packet I/O, kernel bindings, control socket)
# libdmvpnd.a: the engine and the configuration parser, pure like libnhrp
# (unit tests link it); the program adds AF_PACKET I/O and libkernel.
EXTRA_DIST += daemons/dmvpnd/DMVPND.md
noinst_LIBRARIES += daemons/dmvpnd/libdmvpnd.a
daemons_dmvpnd_libdmvpnd_a_SOURCES = \
	daemons/dmvpnd/dmvpn_ctl.h \
	daemons/dmvpnd/nhrp_conf.c \
	daemons/dmvpnd/nhrp_conf.h \
	daemons/dmvpnd/nhrp_engine.c \
	daemons/dmvpnd/nhrp_engine.h \
	daemons/dmvpnd/nhrp_ipsec.c \
	daemons/dmvpnd/nhrp_ipsec.h

sbin_PROGRAMS += daemons/dmvpnd/dmvpnd
daemons_dmvpnd_dmvpnd_SOURCES = \
	daemons/dmvpnd/dmvpnd.c \
	daemons/dmvpnd/nhrp_bind.c \
	daemons/dmvpnd/nhrp_bind.h \
	daemons/dmvpnd/nhrp_io.c \
	daemons/dmvpnd/nhrp_io.h \
	daemons/dmvpnd/nhrp_neigh_batch.c \
	daemons/dmvpnd/nhrp_neigh_batch.h
daemons_dmvpnd_dmvpnd_LDADD = daemons/dmvpnd/libdmvpnd.a daemons/dmvpnd/libnhrp.a \
	lib/libipc.a daemons/iked/libikespec.a -lpthread $(KERNEL_LIBS)

check_PROGRAMS += tests/unit/test_nhrp_engine
TESTS += tests/unit/test_nhrp_engine
tests_unit_test_nhrp_engine_SOURCES = tests/unit/test_nhrp_engine.c
tests_unit_test_nhrp_engine_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_nhrp_engine_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/dmvpnd
tests_unit_test_nhrp_engine_LDADD = daemons/dmvpnd/libdmvpnd.a daemons/dmvpnd/libnhrp.a $(CHECK_LIBS)

# The IPsec gate with a fake iked event source, alone and driving the engine.
check_PROGRAMS += tests/unit/test_nhrp_ipsec
TESTS += tests/unit/test_nhrp_ipsec
tests_unit_test_nhrp_ipsec_SOURCES = tests/unit/test_nhrp_ipsec.c
tests_unit_test_nhrp_ipsec_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_nhrp_ipsec_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/dmvpnd
tests_unit_test_nhrp_ipsec_LDADD = daemons/dmvpnd/libdmvpnd.a daemons/dmvpnd/libnhrp.a $(CHECK_LIBS)

# Batched neighbour requests against the real kernel (private netns, root;
# skipped otherwise).
check_PROGRAMS += tests/netns/test_nhrp_neigh_batch
TESTS += tests/netns/test_nhrp_neigh_batch
tests_netns_test_nhrp_neigh_batch_SOURCES = tests/netns/test_nhrp_neigh_batch.c \
	daemons/dmvpnd/nhrp_neigh_batch.c daemons/dmvpnd/nhrp_neigh_batch.h
tests_netns_test_nhrp_neigh_batch_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_netns_test_nhrp_neigh_batch_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/dmvpnd
tests_netns_test_nhrp_neigh_batch_LDADD = $(KERNEL_LIBS) $(CHECK_LIBS)

# The hub's engine under a registration storm, no kernel: time a
# registration at N spokes. Built on request only:
# make tests/unit/bench_nhrp_engine && tests/unit/bench_nhrp_engine 10000
EXTRA_PROGRAMS += tests/unit/bench_nhrp_engine
tests_unit_bench_nhrp_engine_SOURCES = tests/unit/bench_nhrp_engine.c
tests_unit_bench_nhrp_engine_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/dmvpnd
tests_unit_bench_nhrp_engine_LDADD = daemons/dmvpnd/libdmvpnd.a daemons/dmvpnd/libnhrp.a
CLEANFILES += tests/unit/bench_nhrp_engine
