/* The deadline heap under the NHRP cache's expiries: the earliest first
 * whatever the order of arming, removal from anywhere, re-arming earlier,
 * later and to the same time, disarming by time 0, and counting what is
 * due without walking what is not. Checked against a plain scan. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "nhrp_deadline.h"

#define N 257

static struct nhrp_deadlines heap;
static struct nhrp_deadline d[N];

static void
setup(void)
{
	nhrp_deadlines_init(&heap);
	for (unsigned i = 0; i < N; i++)
		d[i] = (struct nhrp_deadline){ 0 };
	ck_assert_int_eq(nhrp_deadlines_reserve(&heap, N), 0);
}

static void
teardown(void)
{
	nhrp_deadlines_free(&heap);
}

/* The earliest armed time by scanning every deadline: what the heap must say. */
static uint64_t
scan_min(void)
{
	uint64_t m = 0;

	for (unsigned i = 0; i < N; i++)
		if (nhrp_deadline_armed(&d[i]) && (m == 0 || d[i].at < m))
			m = d[i].at;
	return m;
}

static uint64_t
first_at(void)
{
	struct nhrp_deadline *f = nhrp_deadlines_first(&heap);

	return f ? f->at : 0;
}

/* Pops everything, checking the times never go down; returns how many. */
static unsigned
drain_in_order(void)
{
	struct nhrp_deadline *f;
	uint64_t last = 0;
	unsigned count = 0;

	while ((f = nhrp_deadlines_first(&heap))) {
		ck_assert_uint_ge(f->at, last);
		last = f->at;
		nhrp_deadlines_disarm(&heap, f);
		ck_assert(!nhrp_deadline_armed(f));
		count++;
	}
	return count;
}

START_TEST(test_empty)
{
	ck_assert_ptr_null(nhrp_deadlines_first(&heap));
	ck_assert_uint_eq(nhrp_deadlines_count(&heap), 0);
	ck_assert_uint_eq(nhrp_deadlines_count_due(&heap, UINT64_MAX, 100), 0);
	/* Disarming what is not armed is harmless. */
	nhrp_deadlines_disarm(&heap, &d[0]);
	ck_assert_uint_eq(nhrp_deadlines_count(&heap), 0);
}
END_TEST

START_TEST(test_order_whatever_the_arming_order)
{
	/* Descending, then a scrambled permutation with duplicates. */
	for (unsigned i = 0; i < N; i++)
		ck_assert_int_eq(nhrp_deadlines_arm(&heap, &d[i], 10000 - i), 0);
	ck_assert_uint_eq(first_at(), 10000 - (N - 1));
	ck_assert_uint_eq(drain_in_order(), N);

	for (unsigned i = 0; i < N; i++)
		nhrp_deadlines_arm(&heap, &d[i], 1 + (i * 2654435761u) % 50);
	ck_assert_uint_eq(nhrp_deadlines_count(&heap), N);
	ck_assert_uint_eq(first_at(), scan_min());
	ck_assert_uint_eq(first_at(), 1);
	ck_assert_uint_eq(drain_in_order(), N);
}
END_TEST

START_TEST(test_removal_from_anywhere)
{
	srand(7);
	for (unsigned i = 0; i < N; i++)
		nhrp_deadlines_arm(&heap, &d[i], 100 + (uint64_t)(rand() % 1000));
	/* Every third one goes, from wherever it sits in the heap. */
	for (unsigned i = 0; i < N; i += 3) {
		nhrp_deadlines_disarm(&heap, &d[i]);
		ck_assert(!nhrp_deadline_armed(&d[i]));
		ck_assert_uint_eq(first_at(), scan_min());
	}
	ck_assert_uint_eq(nhrp_deadlines_count(&heap), N - (N + 2) / 3);
	ck_assert_uint_eq(drain_in_order(), N - (N + 2) / 3);
}
END_TEST

START_TEST(test_rearm_earlier_later_same)
{
	nhrp_deadlines_arm(&heap, &d[0], 50);
	nhrp_deadlines_arm(&heap, &d[1], 60);
	nhrp_deadlines_arm(&heap, &d[2], 70);
	ck_assert_ptr_eq(nhrp_deadlines_first(&heap), &d[0]);
	/* A refresh: the first moves behind the others, still armed once. */
	nhrp_deadlines_arm(&heap, &d[0], 80);
	ck_assert_uint_eq(nhrp_deadlines_count(&heap), 3);
	ck_assert_ptr_eq(nhrp_deadlines_first(&heap), &d[1]);
	/* Earlier: the last comes first. */
	nhrp_deadlines_arm(&heap, &d[2], 55);
	ck_assert_ptr_eq(nhrp_deadlines_first(&heap), &d[2]);
	/* The same time again changes nothing. */
	nhrp_deadlines_arm(&heap, &d[2], 55);
	ck_assert_ptr_eq(nhrp_deadlines_first(&heap), &d[2]);
	ck_assert_uint_eq(nhrp_deadlines_count(&heap), 3);
	/* Time 0 disarms. */
	nhrp_deadlines_arm(&heap, &d[2], 0);
	ck_assert(!nhrp_deadline_armed(&d[2]));
	ck_assert_ptr_eq(nhrp_deadlines_first(&heap), &d[1]);
	ck_assert_uint_eq(nhrp_deadlines_count(&heap), 2);

	/* Many random re-arms keep the heap right. */
	srand(11);
	for (unsigned i = 0; i < N; i++)
		nhrp_deadlines_arm(&heap, &d[i], 1 + (uint64_t)(rand() % 500));
	for (unsigned k = 0; k < 4 * N; k++) {
		unsigned i = (unsigned)rand() % N;

		nhrp_deadlines_arm(&heap, &d[i], (uint64_t)(rand() % 500));
		ck_assert_uint_eq(first_at(), scan_min());
	}
	drain_in_order();
	ck_assert_uint_eq(scan_min(), 0);
}
END_TEST

START_TEST(test_count_due)
{
	uint64_t t;

	for (unsigned i = 0; i < N; i++)
		nhrp_deadlines_arm(&heap, &d[i], 1000 + (i * 37u) % N);
	for (t = 990; t < 1000 + N + 5; t += 13) {
		size_t due = 0;

		for (unsigned i = 0; i < N; i++)
			due += d[i].at <= t;
		ck_assert_uint_eq(nhrp_deadlines_count_due(&heap, t, N + 1), due);
		/* Counting stops at the limit. */
		ck_assert_uint_eq(nhrp_deadlines_count_due(&heap, t, 5), due < 5 ? due : 5);
	}
	ck_assert_uint_eq(nhrp_deadlines_count_due(&heap, 999, N), 0);
	ck_assert_uint_eq(nhrp_deadlines_count_due(&heap, 1000, N), 1);
}
END_TEST

START_TEST(test_room_is_reserved)
{
	struct nhrp_deadlines small;
	struct nhrp_deadline a = { 0 }, b = { 0 };

	nhrp_deadlines_init(&small);
	/* Nothing reserved: arming is refused, and nothing changes. */
	ck_assert_int_eq(nhrp_deadlines_arm(&small, &a, 5), -ENOSPC);
	ck_assert(!nhrp_deadline_armed(&a));
	ck_assert_int_eq(nhrp_deadlines_reserve(&small, 1), 0);
	ck_assert_int_eq(nhrp_deadlines_arm(&small, &a, 5), 0);
	ck_assert_int_eq(nhrp_deadlines_arm(&small, &b, 3), -ENOSPC);
	/* Re-arming one already in needs no room. */
	ck_assert_int_eq(nhrp_deadlines_arm(&small, &a, 9), 0);
	ck_assert_uint_eq(nhrp_deadlines_first(&small)->at, 9);
	/* A smaller reservation keeps what is there. */
	ck_assert_int_eq(nhrp_deadlines_reserve(&small, 0), 0);
	ck_assert_uint_eq(nhrp_deadlines_count(&small), 1);
	nhrp_deadlines_free(&small);
	ck_assert(!nhrp_deadline_armed(&a));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("nhrp_deadline");
	TCase *tc = tcase_create("heap");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_order_whatever_the_arming_order);
	tcase_add_test(tc, test_removal_from_anywhere);
	tcase_add_test(tc, test_rearm_earlier_later_same);
	tcase_add_test(tc, test_count_due);
	tcase_add_test(tc, test_room_is_reserved);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
