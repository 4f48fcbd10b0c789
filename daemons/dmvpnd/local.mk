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
tests_unit_test_nhrp_packet_SOURCES = tests/unit/test_nhrp_packet.c
tests_unit_test_nhrp_packet_CFLAGS = $(NHRP_TEST_CFLAGS)
tests_unit_test_nhrp_packet_CPPFLAGS = $(NHRP_TEST_CPPFLAGS)
tests_unit_test_nhrp_packet_LDADD = $(NHRP_TEST_LDADD)
