# lib/kernel.mk: the kernel interface (include/kernel_ops.h).
# libkernel.a holds both backends: kernel_nl (libnl-3, nftables) and
# kernel_fake (in memory, fault injection). Programs using it link
# $(KERNEL_LIBS).
noinst_HEADERS += include/kernel_ops.h lib/kernel/kernel_mss.h
noinst_LIBRARIES += lib/libkernel.a
lib_libkernel_a_SOURCES = \
	lib/kernel/kernel.c \
	lib/kernel/kernel_fake.c \
	lib/kernel/kernel_nl.c \
	lib/kernel/mss_clamp.c
lib_libkernel_a_CPPFLAGS = $(AM_CPPFLAGS) $(LIBNL_CFLAGS) $(NFTNL_CFLAGS)
KERNEL_LIBS = lib/libkernel.a $(LIBNL_LIBS) $(NFTNL_LIBS)

# Contract cases shared by the fake's unit test and the netns test.
KERNEL_CONTRACT = tests/unit/kernel_contract.c tests/unit/kernel_contract.h

check_PROGRAMS += tests/unit/check_kernel_fake
TESTS += tests/unit/check_kernel_fake
tests_unit_check_kernel_fake_SOURCES = tests/unit/check_kernel_fake.c $(KERNEL_CONTRACT)
tests_unit_check_kernel_fake_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_kernel_fake_LDADD = $(KERNEL_LIBS) $(CHECK_LIBS)

# Real backend in a private network namespace (root; exits 77 otherwise).
check_PROGRAMS += tests/netns/check_kernel_netns
TESTS += tests/netns/check_kernel_netns
tests_netns_check_kernel_netns_SOURCES = tests/netns/check_kernel_netns.c $(KERNEL_CONTRACT)
tests_netns_check_kernel_netns_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_netns_check_kernel_netns_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
tests_netns_check_kernel_netns_LDADD = $(KERNEL_LIBS) $(CHECK_LIBS)

# Drives the real backend from a shell; used by the UML lab scenario
# tests/lab/scenarios/kernel-gre (GRE exists there, not on the host).
check_PROGRAMS += tests/netns/kernel-gre-probe
tests_netns_kernel_gre_probe_SOURCES = tests/netns/kernel-gre-probe.c
tests_netns_kernel_gre_probe_LDADD = $(KERNEL_LIBS)
