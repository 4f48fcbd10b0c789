/*
 * ike_race: which end initiates at once, and which duplicate IKE SAs go
 * (the two ends must never delete different ones).
 */
#include <check.h>
#include <stdlib.h>

#include "ike_race.h"

START_TEST(lower_address_initiates_first)
{
	ck_assert_int_lt(ike_race_addr_cmp("192.0.2.1", "192.0.2.2"), 0);
	ck_assert_int_gt(ike_race_addr_cmp("192.0.2.2", "192.0.2.1"), 0);
	/* numeric, not text order */
	ck_assert_int_lt(ike_race_addr_cmp("10.0.0.9", "10.0.0.10"), 0);
	ck_assert_int_gt(ike_race_addr_cmp("198.51.100.1", "192.0.2.200"), 0);
	ck_assert_int_eq(ike_race_addr_cmp("192.0.2.1", "192.0.2.1"), 0);
	ck_assert_int_lt(ike_race_addr_cmp("2001:db8::9", "2001:db8::10"), 0);
	ck_assert_int_lt(ike_race_addr_cmp("203.0.113.1", "2001:db8::1"), 0);
	/* exactly one end of a pair is the lower one */
	ck_assert((ike_race_addr_cmp("10.1.1.1", "10.1.1.2") < 0) !=
		  (ike_race_addr_cmp("10.1.1.2", "10.1.1.1") < 0));
}
END_TEST

START_TEST(single_sa_is_kept)
{
	struct ike_race_sa v[1] = {{7, 100}};
	bool del[1] = {true};

	ck_assert_int_eq(ike_race_resolve(v, 1, true, 200, del), 0);
	ck_assert(!del[0]);
}
END_TEST

/* Crossed negotiations, both ends alive: each end has both SAs (ids are
 * per end, establishment seconds differ by the round trip). Only the lower
 * end deletes: the older one; the higher end leaves both to it. */
START_TEST(crossed_only_lower_end_deletes_the_older)
{
	struct ike_race_sa lower_end[2] = {{1, 100}, {2, 101}};
	struct ike_race_sa higher_end[2] = {{5, 101}, {4, 100}};
	bool del[2];

	ck_assert_int_eq(ike_race_resolve(lower_end, 2, true, 103, del), 1);
	ck_assert(del[0] && !del[1]);
	ck_assert_int_eq(ike_race_resolve(higher_end, 2, false, 103, del), 0);
	ck_assert(!del[0] && !del[1]);
}
END_TEST

/* Nothing before the newest one had IKE_RACE_SETTLE s. */
START_TEST(waits_for_the_newest_to_settle)
{
	struct ike_race_sa v[2] = {{1, 100}, {2, 101}};
	bool del[2];

	ck_assert_int_eq(ike_race_resolve(v, 2, true, 101 + IKE_RACE_SETTLE - 1, del), 0);
	ck_assert(!del[0] && !del[1]);
	ck_assert_int_eq(ike_race_resolve(v, 2, true, 101 + IKE_RACE_SETTLE, del), 1);
}
END_TEST

/* An SA much older than a new one is a leftover (the peer restarted and
 * knows only the new one): whichever end has it deletes it. */
START_TEST(leftover_deleted_by_either_end)
{
	struct ike_race_sa v[2] = {{9, 500}, {3, 500 - IKE_RACE_NEAR}};
	bool del[2];

	ck_assert_int_eq(ike_race_resolve(v, 2, false, 600, del), 1);
	ck_assert(!del[0] && del[1]);
	ck_assert_int_eq(ike_race_resolve(v, 2, true, 600, del), 1);
	ck_assert(!del[0] && del[1]);
}
END_TEST

/* Same second: the one charon created later (higher id) is kept; three
 * SAs leave one. */
START_TEST(ties_and_three)
{
	struct ike_race_sa v[3] = {{12, 300}, {14, 300}, {13, 299}};
	bool del[3];

	ck_assert_int_eq(ike_race_resolve(v, 3, true, 310, del), 2);
	ck_assert(del[0] && !del[1] && del[2]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ike_race");
	TCase *tc = tcase_create("race");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, lower_address_initiates_first);
	tcase_add_test(tc, single_sa_is_kept);
	tcase_add_test(tc, crossed_only_lower_end_deletes_the_older);
	tcase_add_test(tc, waits_for_the_newest_to_settle);
	tcase_add_test(tc, leftover_deleted_by_either_end);
	tcase_add_test(tc, ties_and_three);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
