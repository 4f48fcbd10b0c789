# daemons/routerd/kernel.mk: the kernel owner (interfaces, tunnels,
# addresses, static routes through include/kernel_ops.h), GRE keepalives,
# the line protocol of VTIs from their IPsec SAs (owner_kernel_ipsec.c),
# start-up reconciliation and the show commands that read the kernel. Built
# into librouterd_model.a: router.c plugs the owner in for routerd without -n.
daemons_routerd_librouterd_model_a_SOURCES += \
	daemons/routerd/keepalive.c \
	daemons/routerd/owner_kernel.c \
	daemons/routerd/owner_kernel.h \
	daemons/routerd/owner_kernel_alias.c \
	daemons/routerd/owner_kernel_ipsec.c \
	daemons/routerd/owner_kernel_priv.h \
	daemons/routerd/owner_kernel_router.c \
	daemons/routerd/owner_kernel_thread.c \
	daemons/routerd/show_if.c \
	daemons/routerd/show_kernel.h \
	daemons/routerd/show_route.c
ROUTERD_MODEL_LIBS += $(KERNEL_LIBS) -lpthread

# The owner against the fake kernel: interfaces, tunnels, routes, refusals
# rolled back, keepalive and VTI (IPsec SA) line protocol, reconciliation.
check_PROGRAMS += tests/unit/check_owner_kernel
TESTS += tests/unit/check_owner_kernel
tests_unit_check_owner_kernel_SOURCES = tests/unit/check_owner_kernel.c
tests_unit_check_owner_kernel_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/daemons/routerd
tests_unit_check_owner_kernel_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_owner_kernel_LDADD = $(ROUTERD_MODEL_LIBS) $(CHECK_LIBS)

# Real routerd + ish in a private network namespace on the host: veth,
# addresses, routes, shutdown, the GRE refusal, and the show output parsed
# by ntc-templates (COMPAT_DIR, default ../shared/compat; skipped if absent).
TESTS += tests/compat-check/routerd-netns
EXTRA_DIST += tests/compat-check/routerd-netns tests/compat-check/parse.py tests/compat-check/README
