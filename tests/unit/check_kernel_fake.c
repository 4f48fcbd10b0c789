/* check_kernel_fake: the fake backend passes the shared contract, and its
 * own controls (fault injection, missing features, carrier, app probes)
 * work and leave the state consistent. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <linux/neighbour.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_contract.h"
#include "lios.h"

#define K kc_kernel
#define OK(call) ck_assert_msg((call) == 0, "%s: %s", #call, kernel_error(K))

static void
setup(void)
{
	kc_kernel = kernel_fake_new();
	ck_assert_ptr_nonnull(kc_kernel);
	kc_has_gre = true;
	kc_has_vti = true;
	kc_has_dummy = true;
	kc_has_mss = true;
}

static void
teardown(void)
{
	kernel_close(kc_kernel);
	kc_kernel = NULL;
}

static int
count_addr(const struct kernel_addr *a, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

START_TEST(fault_nth_call)
{
	struct kernel_addr a = { .prefixlen = 24 };
	int ia, n = 0;

	OK(kc_veth(K, "v0", "v1", &ia, NULL));
	a.ifindex = ia;
	kernel_fake_fail(K, KERNEL_OP_ADDR_ADD, 2, ENOSPC);
	a.addr = kc_ip("192.0.2.1");
	OK(kernel_addr_add(K, &a));
	a.addr = kc_ip("198.51.100.1");
	ck_assert_int_eq(kernel_addr_add(K, &a), -ENOSPC);
	ck_assert_str_eq(kernel_error(K), "injected failure of addr_add: No space left on device");
	OK(kernel_addr_add(K, &a)); /* fires once */
	ck_assert_str_eq(kernel_error(K), "");
	ck_assert_uint_eq(kernel_fake_calls(K, KERNEL_OP_ADDR_ADD), 3);
	ck_assert_uint_eq(kernel_fake_calls(K, KERNEL_OP_ROUTE_ADD), 0);
	OK(kernel_addr_dump(K, ia, count_addr, &n));
	ck_assert_int_eq(n, 2);
}
END_TEST

static int
count_link(const struct kernel_link *l, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

START_TEST(fault_leaves_no_state)
{
	struct kernel_link_spec spec = { .kind = KERNEL_LINK_GRE };
	struct kernel_route r = { .prefixlen = 8, .type = KERNEL_ROUTE_BLACKHOLE, .protocol = LIOS_RTPROT_STATIC };
	struct kernel_link l;
	int n = 0;

	snprintf(spec.name, sizeof(spec.name), "Tunnel0");
	kernel_fake_fail(K, KERNEL_OP_LINK_ADD, 1, EPERM);
	ck_assert_int_eq(kernel_link_add(K, &spec, NULL), -EPERM);
	ck_assert_int_eq(kernel_link_get(K, "Tunnel0", &l), -ENODEV);
	OK(kernel_link_dump(K, count_link, &n));
	ck_assert_int_eq(n, 1); /* lo */

	/* a failing dump makes the flush helper fail without deleting */
	r.dst = kc_ip("10.0.0.0");
	OK(kernel_route_add(K, &r));
	kernel_fake_fail(K, KERNEL_OP_ROUTE_DUMP, 1, EIO);
	ck_assert_int_eq(kernel_route_flush_protocol(K, LIOS_RTPROT_STATIC), -EIO);
	ck_assert_int_eq(kernel_route_flush_protocol(K, LIOS_RTPROT_STATIC), 1);
	/* a failing delete stops the flush and reports it */
	OK(kernel_route_add(K, &r));
	kernel_fake_fail(K, KERNEL_OP_ROUTE_DEL, 1, EBUSY);
	ck_assert_int_eq(kernel_route_flush_protocol(K, LIOS_RTPROT_STATIC), -EBUSY);
	ck_assert_int_eq(kernel_route_add(K, &r), -EEXIST);
}
END_TEST

static void
ignore_event(const struct kernel_event *ev, void *arg)
{
}

START_TEST(fault_sysctl_and_monitor)
{
	kernel_fake_fail(K, KERNEL_OP_SYSCTL_SET, 1, EACCES);
	ck_assert_int_eq(kernel_set_send_redirects(K, "lo", false), -EACCES);
	OK(kernel_set_send_redirects(K, "lo", false));
	kernel_fake_fail(K, KERNEL_OP_MONITOR_OPEN, 1, EMFILE);
	ck_assert_int_eq(kernel_monitor_open(K, KERNEL_MON_LINK, ignore_event, NULL), -EMFILE);
	/* negative errno accepted too */
	kernel_fake_fail(K, KERNEL_OP_MSS_CLAMP_SET, 1, -ENOBUFS);
	ck_assert_int_eq(kernel_mss_clamp_set(K, "lo", 1360), -ENOBUFS);
}
END_TEST

START_TEST(lacks_gre)
{
	struct kernel_link_spec spec = { .kind = KERNEL_LINK_GRE };
	struct kernel_link l;

	kernel_fake_lack_kind(K, KERNEL_LINK_GRE);
	snprintf(spec.name, sizeof(spec.name), "Tunnel0");
	ck_assert_int_eq(kernel_link_add(K, &spec, NULL), -EOPNOTSUPP);
	ck_assert_str_eq(kernel_error(K), KERNEL_MSG_NO_GRE);
	ck_assert_int_eq(kernel_link_get(K, "Tunnel0", &l), -ENODEV);
	/* other kinds are still there */
	spec.kind = KERNEL_LINK_DUMMY;
	OK(kernel_link_add(K, &spec, NULL));
}
END_TEST

struct events {
	int link_new, lower_down, miss;
	struct in_addr miss_dst;
};

static void
on_event(const struct kernel_event *ev, void *arg)
{
	struct events *e = arg;

	if (ev->type == KERNEL_EV_LINK_NEW) {
		e->link_new++;
		if (ev->link.up && !ev->link.lower_up)
			e->lower_down++;
	}
	if (ev->type == KERNEL_EV_NEIGH_MISS) {
		e->miss++;
		e->miss_dst = ev->neigh.dst;
	}
}

static bool
got_lower_down(void *arg)
{
	return ((struct events *)arg)->lower_down > 0;
}

static bool
got_miss(void *arg)
{
	return ((struct events *)arg)->miss > 0;
}

START_TEST(carrier_and_miss_events)
{
	struct events e = { 0 };
	int ia, ib, fd;

	OK(kc_veth(K, "v0", "v1", &ia, &ib));
	OK(kernel_link_set_up(K, ia, true));
	OK(kernel_link_set_up(K, ib, true));
	fd = kernel_monitor_open(K, KERNEL_MON_LINK | KERNEL_MON_NEIGH, on_event, &e);
	ck_assert_int_ge(fd, 0);
	OK(kernel_fake_set_carrier(K, ia, false));
	ck_assert(kc_wait(K, fd, got_lower_down, &e));
	OK(kernel_fake_neigh_miss(K, ia, kc_ip("10.0.0.7")));
	ck_assert(kc_wait(K, fd, got_miss, &e));
	ck_assert_uint_eq(e.miss_dst.s_addr, kc_ip("10.0.0.7").s_addr);
	ck_assert_int_eq(kernel_fake_neigh_miss(K, 4242, kc_ip("10.0.0.7")), -ENODEV);
	kernel_monitor_close(K);
	/* closed: nothing queued, processing refused */
	ck_assert_int_eq(kernel_monitor_process(K), -EBADF);
}
END_TEST

static void
count_events(const struct kernel_event *ev, void *arg)
{
	(*(int *)arg)++;
}

/* An injected overrun loses the queued events, like a netlink overrun,
 * so the layers above exercise their resynchronisation. */
START_TEST(monitor_overrun_loses_events)
{
	int n = 0, fd;

	fd = kernel_monitor_open(K, KERNEL_MON_LINK, count_events, &n);
	ck_assert_int_ge(fd, 0);
	OK(kc_veth(K, "v0", "v1", NULL, NULL));
	kernel_fake_fail(K, KERNEL_OP_MONITOR_PROCESS, 1, ENOBUFS);
	ck_assert_int_eq(kernel_monitor_process(K), -ENOBUFS);
	OK(kernel_monitor_process(K));
	ck_assert_int_eq(n, 0);
	OK(kc_veth(K, "v2", "v3", NULL, NULL));
	OK(kernel_monitor_process(K));
	ck_assert_int_eq(n, 2);
}
END_TEST

START_TEST(stats_set)
{
	struct kernel_link_stats st = { .rx_packets = 10, .tx_bytes = 999, .rx_crc_errors = 2 };
	struct kernel_link l;
	int ia;

	OK(kc_veth(K, "v0", "v1", &ia, NULL));
	OK(kernel_fake_set_stats(K, ia, &st));
	OK(kernel_link_get_index(K, ia, &l));
	ck_assert_uint_eq(l.stats.rx_packets, 10);
	ck_assert_uint_eq(l.stats.tx_bytes, 999);
	ck_assert_uint_eq(l.stats.rx_crc_errors, 2);
	ck_assert_int_eq(kernel_fake_set_stats(K, 4242, &st), -ENODEV);
	ck_assert_int_eq(kernel_fake_set_stats(K, ia, NULL), -EINVAL);
}
END_TEST

START_TEST(op_names)
{
	ck_assert_str_eq(kernel_op_name(KERNEL_OP_NEIGH_REPLACE), "neigh_replace");
	ck_assert_str_eq(kernel_op_name(KERNEL_OP_COUNT), "?");
	for (int op = 0; op < KERNEL_OP_COUNT; op++)
		ck_assert_str_ne(kernel_op_name((enum kernel_op)op), "?");
	ck_assert_str_eq(kernel_link_kind_name(KERNEL_LINK_GRE), "gre");
	ck_assert_str_eq(kernel_link_kind_name((enum kernel_link_kind)999), "other");
}
END_TEST

static Suite *
fake_suite(void)
{
	Suite *s = suite_create("kernel_fake");
	TCase *contract = tcase_create("contract");
	TCase *own = tcase_create("fake");

	tcase_add_checked_fixture(contract, setup, teardown);
	kernel_contract_add(contract);
	suite_add_tcase(s, contract);
	tcase_add_checked_fixture(own, setup, teardown);
	tcase_add_test(own, fault_nth_call);
	tcase_add_test(own, fault_leaves_no_state);
	tcase_add_test(own, fault_sysctl_and_monitor);
	tcase_add_test(own, lacks_gre);
	tcase_add_test(own, carrier_and_miss_events);
	tcase_add_test(own, monitor_overrun_loses_events);
	tcase_add_test(own, stats_set);
	tcase_add_test(own, op_names);
	suite_add_tcase(s, own);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fake_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
