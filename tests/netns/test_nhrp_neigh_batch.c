/* dmvpnd's batched neighbour requests against the real kernel, in a
 * private network namespace per test (unshare(CLONE_NEWNET)) on a veth
 * (the host has no GRE; the requests are the same, with Ethernet-sized
 * link-layer addresses). What the kernel holds is read back through
 * libkernel, an independent netlink path. Needs root; exits 77 (automake:
 * skipped) without it. */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>

#include "kernel_ops.h"
#include "nhrp_neigh_batch.h"

#define MANY 600 /* more than one batch holds */

static struct kernel *k;
static int ifindex;

struct refusal {
	struct in_addr dst;
	bool del;
	int err;
};

static struct refusal refusals[16];
static unsigned n_refusals;

static void
on_refused(void *ctx, int ifi, struct in_addr dst, bool del, int err)
{
	(void)ctx;
	ck_assert_int_eq(ifi, dst.s_addr ? ifi : 0);
	ck_assert_uint_lt(n_refusals, 16);
	refusals[n_refusals++] = (struct refusal){ .dst = dst, .del = del, .err = err };
}

static struct in_addr
host(unsigned i)
{
	struct in_addr a = { htonl(0x0a000000u + 10 + i) }; /* 10.0.0.10 and up */

	return a;
}

static void
lladdr_of(unsigned i, uint8_t ll[6])
{
	uint8_t v[6] = { 0x02, 0, 0, 0, (uint8_t)(i >> 8), (uint8_t)i };

	memcpy(ll, v, 6);
}

struct seen {
	unsigned count, permanent, right_lladdr;
	bool present[MANY];
};

static int
see(const struct kernel_neigh *n, void *arg)
{
	struct seen *s = arg;
	uint32_t h = ntohl(n->dst.s_addr);
	uint8_t ll[6];

	if (n->ifindex != ifindex || h < 0x0a000000u + 10 || h >= 0x0a000000u + 10 + MANY)
		return 0;
	s->count++;
	s->present[h - 0x0a000000u - 10] = true;
	s->permanent += (n->state & NUD_PERMANENT) != 0;
	lladdr_of(h - 0x0a000000u - 10, ll);
	s->right_lladdr += n->lladdr_len == 6 && !memcmp(n->lladdr, ll, 6);
	return 0;
}

static struct seen
kernel_view(void)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(kernel_neigh_dump(k, ifindex, see, &s), 0);
	return s;
}

static void
setup(void)
{
	struct kernel_link_spec spec = { .kind = KERNEL_LINK_VETH };
	struct kernel_addr a = { 0 };
	char err[KERNEL_ERRLEN];

	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare: %s", strerror(errno));
	k = kernel_nl_open(err);
	ck_assert_msg(k != NULL, "%s", err);
	snprintf(spec.name, sizeof(spec.name), "nb0");
	snprintf(spec.peer_name, sizeof(spec.peer_name), "nb1");
	ck_assert_msg(kernel_link_add(k, &spec, &ifindex) == 0, "%s", kernel_error(k));
	ck_assert_msg(kernel_link_set_up(k, ifindex, true) == 0, "%s", kernel_error(k));
	a.ifindex = ifindex;
	inet_pton(AF_INET, "10.0.0.1", &a.addr);
	a.prefixlen = 16;
	ck_assert_msg(kernel_addr_add(k, &a) == 0, "%s", kernel_error(k));
	n_refusals = 0;
}

static void
teardown(void)
{
	kernel_close(k);
}

START_TEST(test_many_in_batches)
{
	struct nhrp_neigh_batch *b = nhrp_neigh_batch_open(on_refused, NULL);
	struct seen s;
	uint8_t ll[6];

	ck_assert_ptr_nonnull(b);
	for (unsigned i = 0; i < MANY; i++) {
		lladdr_of(i, ll);
		ck_assert_int_eq(nhrp_neigh_batch_replace(b, ifindex, host(i), ll, 6), 0);
	}
	/* Some went when the queue filled; the rest wait for the flush. */
	ck_assert_uint_gt(nhrp_neigh_batch_pending(b), 0);
	ck_assert_uint_lt(nhrp_neigh_batch_pending(b), MANY);
	s = kernel_view();
	ck_assert_uint_eq(s.count, MANY - nhrp_neigh_batch_pending(b));
	ck_assert_int_eq(nhrp_neigh_batch_flush(b), 0);
	ck_assert_uint_eq(nhrp_neigh_batch_pending(b), 0);
	s = kernel_view();
	ck_assert_uint_eq(s.count, MANY);
	ck_assert_uint_eq(s.permanent, MANY);
	ck_assert_uint_eq(s.right_lladdr, MANY);
	ck_assert_uint_eq(n_refusals, 0);

	/* Every other one removed, and removals of entries that are not
	 * there are no refusal. */
	for (unsigned i = 0; i < MANY; i += 2)
		ck_assert_int_eq(nhrp_neigh_batch_delete(b, ifindex, host(i)), 0);
	ck_assert_int_eq(nhrp_neigh_batch_delete(b, ifindex, host(0)), 0);
	ck_assert_int_eq(nhrp_neigh_batch_flush(b), 0);
	s = kernel_view();
	ck_assert_uint_eq(s.count, MANY / 2);
	for (unsigned i = 0; i < MANY; i++)
		ck_assert_int_eq(s.present[i], i % 2 == 1);
	ck_assert_uint_eq(n_refusals, 0);
	nhrp_neigh_batch_close(b);
}
END_TEST

START_TEST(test_replace_moves_the_binding)
{
	struct nhrp_neigh_batch *b = nhrp_neigh_batch_open(on_refused, NULL);
	uint8_t ll[6];
	struct seen s;

	lladdr_of(7, ll);
	nhrp_neigh_batch_replace(b, ifindex, host(3), ll, 6);
	ck_assert_int_eq(nhrp_neigh_batch_flush(b), 0);
	ck_assert_uint_eq(kernel_view().right_lladdr, 0); /* 3's lladdr is not 7's */
	/* Replaced in place, delete then add in one batch: order kept. */
	lladdr_of(3, ll);
	nhrp_neigh_batch_replace(b, ifindex, host(3), ll, 6);
	nhrp_neigh_batch_delete(b, ifindex, host(4));
	nhrp_neigh_batch_replace(b, ifindex, host(4), ll, 6);
	nhrp_neigh_batch_delete(b, ifindex, host(4));
	ck_assert_int_eq(nhrp_neigh_batch_flush(b), 0);
	s = kernel_view();
	ck_assert_uint_eq(s.count, 1);
	ck_assert(s.present[3]);
	ck_assert_uint_eq(s.right_lladdr, 1);
	nhrp_neigh_batch_close(b);
}
END_TEST

START_TEST(test_refusals_reported_the_rest_done)
{
	struct nhrp_neigh_batch *b = nhrp_neigh_batch_open(on_refused, NULL);
	uint8_t ll[6], short_ll[4] = { 172, 16, 0, 1 };
	struct seen s;

	lladdr_of(0, ll);
	nhrp_neigh_batch_replace(b, ifindex, host(0), ll, 6);
	/* A 4-octet (NBMA) address on an Ethernet device: EINVAL. */
	nhrp_neigh_batch_replace(b, ifindex, host(1), short_ll, 4);
	lladdr_of(2, ll);
	nhrp_neigh_batch_replace(b, ifindex, host(2), ll, 6);
	/* No such device. */
	nhrp_neigh_batch_replace(b, ifindex + 100, host(3), ll, 6);
	lladdr_of(4, ll);
	nhrp_neigh_batch_replace(b, ifindex, host(4), ll, 6);
	ck_assert_int_eq(nhrp_neigh_batch_flush(b), 2);
	ck_assert_uint_eq(n_refusals, 2);
	ck_assert_uint_eq(refusals[0].dst.s_addr, host(1).s_addr);
	ck_assert_int_eq(refusals[0].err, EINVAL);
	ck_assert(!refusals[0].del);
	ck_assert_uint_eq(refusals[1].dst.s_addr, host(3).s_addr);
	ck_assert_int_eq(refusals[1].err, ENODEV);
	s = kernel_view();
	ck_assert_uint_eq(s.count, 3);
	ck_assert(s.present[0] && s.present[2] && s.present[4]);
	/* Bad input is refused before it is queued. */
	ck_assert_int_eq(nhrp_neigh_batch_replace(b, ifindex, host(5), ll, 0), -EINVAL);
	ck_assert_int_eq(nhrp_neigh_batch_replace(b, ifindex, host(5), NULL, 6), -EINVAL);
	ck_assert_uint_eq(nhrp_neigh_batch_pending(b), 0);
	nhrp_neigh_batch_close(b);
}
END_TEST

static bool
can_unshare_net(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0)
		_exit(unshare(CLONE_NEWNET) == 0 ? 0 : 1);
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0;
}

int
main(void)
{
	Suite *s = suite_create("nhrp_neigh_batch");
	TCase *tc = tcase_create("netns");
	SRunner *sr;
	int failed;

	if (geteuid() != 0 || !can_unshare_net()) {
		printf("SKIP: needs root and unshare(CLONE_NEWNET)\n");
		return 77;
	}
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_many_in_batches);
	tcase_add_test(tc, test_replace_moves_the_binding);
	tcase_add_test(tc, test_refusals_reported_the_rest_done);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	/* each test its own process: its namespace dies with it */
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
