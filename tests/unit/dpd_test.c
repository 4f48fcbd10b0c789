/*
 * IOS DPD scheduling (daemons/iked/dpd.c) against a fake clock and a fake
 * peer: each second the peer may send ESP, we may send ESP, and a live peer
 * answers a liveness check one second later.
 */
#include <check.h>
#include <string.h>

#include "dpd.h"

#define T0 1000 /* established */
#define MAX_EVENTS 64

struct sim {
	/* the world */
	time_t peer_dies;   /* from then on the peer is silent; 0 never */
	time_t in_from, in_until;   /* peer sends ESP each second in [from, until) */
	time_t out_from, out_until; /* we send ESP each second in [from, until) */
	bool poll_only_at_wake;     /* like iked: poll at the times dpd asks for */
	/* what the SA's statistics show */
	struct dpd_usage use;
	time_t reply_at;
	/* what dpd did */
	time_t sends[MAX_EVENTS];
	int n_sends;
	time_t dead_at;
};

static bool alive(const struct sim *s, time_t t)
{
	return !s->peer_dies || t < s->peer_dies;
}

static void run(struct sim *s, struct dpd_sa *sa, time_t until)
{
	time_t t, wake = T0;

	s->use.last_in = T0;
	for (t = T0; t <= until && !s->dead_at; t++) {
		enum dpd_action a;

		if (t >= s->in_from && t < s->in_until && alive(s, t))
			s->use.last_in = t;
		if (t >= s->out_from && t < s->out_until)
			s->use.last_out = t;
		if (s->reply_at == t) {
			s->use.last_in = t;
			s->reply_at = 0;
		}
		if (s->poll_only_at_wake && (!wake || t < wake))
			continue;
		a = dpd_poll(sa, t, &s->use, &wake);
		if (a == DPD_IDLE && !wake)
			wake = sa->cfg.mode == IKE_DPD_OFF ? 0 : t; /* answered: again now */
		if (a == DPD_IDLE && wake == t)
			a = dpd_poll(sa, t, &s->use, &wake);
		ck_assert_msg(!wake || wake > t || a != DPD_IDLE, "wake %ld not after %ld",
			      (long)wake, (long)t);
		if (a == DPD_SEND) {
			ck_assert_int_lt(s->n_sends, MAX_EVENTS);
			s->sends[s->n_sends++] = t;
			if (alive(s, t))
				s->reply_at = t + 1;
		} else if (a == DPD_DEAD) {
			s->dead_at = t;
		}
	}
}

static void setup_sa(struct dpd_sa *sa, int version, struct ike_dpd profile,
		     struct ike_dpd global)
{
	struct ike_globals g = {0};
	struct ike_spec spec;

	ike_spec_init(&spec);
	spec.version = (uint8_t)version;
	spec.dpd = profile;
	if (version == 1)
		g.isakmp_keepalive = global;
	else
		g.ikev2_dpd = global;
	dpd_sa_init(sa, &spec, &g, T0);
}

static const struct ike_dpd none = {IKE_DPD_OFF, 0, 0};
static const struct ike_dpd periodic_10_2 = {IKE_DPD_PERIODIC, 10, 2};
static const struct ike_dpd on_demand_10_3 = {IKE_DPD_ON_DEMAND, 10, 3};

START_TEST(periodic_checks_every_interval_despite_traffic)
{
	struct sim s = {.in_from = T0, .in_until = T0 + 1000, .out_from = T0, .out_until = T0 + 1000};
	struct dpd_sa sa;
	int i;

	setup_sa(&sa, 2, none, periodic_10_2);
	run(&s, &sa, T0 + 55);
	ck_assert_int_eq(s.n_sends, 5);
	for (i = 0; i < 5; i++)
		ck_assert_int_eq(s.sends[i], T0 + 10 * (i + 1));
	ck_assert_int_eq(s.dead_at, 0);
}
END_TEST

START_TEST(periodic_same_when_polled_only_at_wake)
{
	struct sim s = {.poll_only_at_wake = true};
	struct dpd_sa sa;

	setup_sa(&sa, 2, none, periodic_10_2);
	run(&s, &sa, T0 + 35);
	ck_assert_int_eq(s.n_sends, 3);
	ck_assert_int_eq(s.sends[0], T0 + 10);
	ck_assert_int_eq(s.sends[2], T0 + 30);
}
END_TEST

START_TEST(on_demand_silent_while_traffic_flows_both_ways)
{
	struct sim s = {.in_from = T0, .in_until = T0 + 500, .out_from = T0, .out_until = T0 + 500};
	struct dpd_sa sa;

	setup_sa(&sa, 2, none, on_demand_10_3);
	run(&s, &sa, T0 + 400);
	ck_assert_int_eq(s.n_sends, 0);
}
END_TEST

START_TEST(on_demand_silent_when_we_send_nothing)
{
	struct sim s = {.peer_dies = T0 + 1};
	struct dpd_sa sa;

	setup_sa(&sa, 2, none, on_demand_10_3);
	run(&s, &sa, T0 + 400);
	ck_assert_int_eq(s.n_sends, 0);
	ck_assert_int_eq(s.dead_at, 0);
}
END_TEST

START_TEST(on_demand_silent_when_traffic_stops_both_ways)
{
	/* both ways until T0+50, then idle: an idle tunnel is not checked */
	struct sim s = {.in_from = T0, .in_until = T0 + 50, .out_from = T0, .out_until = T0 + 50};
	struct dpd_sa sa;

	setup_sa(&sa, 2, none, on_demand_10_3);
	run(&s, &sa, T0 + 400);
	ck_assert_int_eq(s.n_sends, 0);
}
END_TEST

START_TEST(on_demand_checks_interval_after_last_inbound)
{
	/* both ways until T0+50, then only we send: check at 49 + 10 */
	struct sim s = {.in_from = T0, .in_until = T0 + 50, .out_from = T0, .out_until = T0 + 500};
	struct dpd_sa sa;

	setup_sa(&sa, 2, none, on_demand_10_3);
	run(&s, &sa, T0 + 60);
	ck_assert_int_eq(s.n_sends, 1);
	ck_assert_int_eq(s.sends[0], T0 + 49 + 10);
}
END_TEST

START_TEST(on_demand_checks_as_soon_as_we_send_into_silence)
{
	/* the peer has been silent since T0; we start sending at T0+100 */
	struct sim s = {.out_from = T0 + 100, .out_until = T0 + 500, .poll_only_at_wake = true};
	struct dpd_sa sa;

	setup_sa(&sa, 2, none, on_demand_10_3);
	run(&s, &sa, T0 + 100 + DPD_POLL_INTERVAL);
	ck_assert_int_eq(s.n_sends, 1);
	ck_assert_int_le(s.sends[0], T0 + 100 + DPD_POLL_INTERVAL);
	ck_assert_int_ge(s.sends[0], T0 + 100);
}
END_TEST

START_TEST(on_demand_answered_check_is_not_repeated_while_peer_answers)
{
	/* we send, the peer only answers checks: one check per interval */
	struct sim s = {.out_from = T0, .out_until = T0 + 500};
	struct dpd_sa sa;

	setup_sa(&sa, 2, none, on_demand_10_3);
	run(&s, &sa, T0 + 40);
	ck_assert_int_eq(s.n_sends, 3);
	ck_assert_int_eq(s.sends[0], T0 + 10);
	/* answer at +11, next due 10 s after it */
	ck_assert_int_eq(s.sends[1], T0 + 21);
	ck_assert_int_eq(s.dead_at, 0);
}
END_TEST

START_TEST(ikev2_dead_after_five_retries_charon_retransmits)
{
	struct sim s = {.peer_dies = T0 + 15};
	struct dpd_sa sa;

	setup_sa(&sa, 2, none, periodic_10_2);
	run(&s, &sa, T0 + 100);
	/* T0+10 answered; T0+20 unanswered; the retransmissions are charon's */
	ck_assert_int_eq(s.n_sends, 2);
	ck_assert_int_eq(s.sends[1], T0 + 20);
	ck_assert_int_eq(s.dead_at, T0 + 20 + 6 * 2);
}
END_TEST

START_TEST(ikev1_keepalive_defaults_and_retransmissions)
{
	/* crypto isakmp keepalive 10: retry 2, on-demand */
	struct sim s = {.peer_dies = T0 + 30, .in_from = T0, .in_until = T0 + 1000,
			.out_from = T0, .out_until = T0 + 1000};
	struct ike_dpd keepalive;
	struct dpd_sa sa;
	char err[128];
	int i;

	ck_assert_int_eq(ike_dpd_parse("10", 1, &keepalive, err, sizeof(err)), 0);
	setup_sa(&sa, 1, none, keepalive);
	ck_assert(sa.we_retransmit);
	run(&s, &sa, T0 + 200);
	/* last inbound T0+29: R_U_THERE at +39, then +41 ... +49, dead at +51 */
	ck_assert_int_eq(s.n_sends, 1 + IKE_DPD_RETRANSMITS);
	for (i = 0; i < s.n_sends; i++)
		ck_assert_int_eq(s.sends[i], T0 + 39 + 2 * i);
	ck_assert_int_eq(s.dead_at, T0 + 39 + 6 * 2);
}
END_TEST

START_TEST(ikev1_retransmissions_when_polled_only_at_wake)
{
	struct sim s = {.peer_dies = T0 + 1, .poll_only_at_wake = true};
	struct ike_dpd keepalive = {IKE_DPD_PERIODIC, 10, 3};
	struct dpd_sa sa;
	int i;

	setup_sa(&sa, 1, none, keepalive);
	run(&s, &sa, T0 + 200);
	ck_assert_int_eq(s.n_sends, 6);
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(s.sends[i], T0 + 10 + 3 * i);
	ck_assert_int_eq(s.dead_at, T0 + 10 + 18);
}
END_TEST

START_TEST(late_answer_stops_retransmissions)
{
	/* the peer is silent from +1 to +44, answers again afterwards */
	struct sim s = {.peer_dies = T0 + 1};
	struct dpd_sa sa;

	setup_sa(&sa, 1, none, (struct ike_dpd){IKE_DPD_PERIODIC, 10, 5});
	run(&s, &sa, T0 + 12);
	ck_assert_int_eq(s.n_sends, 1);
	/* an inbound packet at +13 proves the peer alive */
	s.peer_dies = 0;
	s.use.last_in = T0 + 13;
	ck_assert_int_eq(dpd_pending(&sa), true);
	{
		time_t wake;

		ck_assert_int_eq(dpd_poll(&sa, T0 + 15, &s.use, &wake), DPD_IDLE);
		ck_assert_int_eq(dpd_pending(&sa), false);
		ck_assert_int_eq(wake, T0 + 20);
		ck_assert_int_eq(dpd_poll(&sa, T0 + 80, &s.use, &wake), DPD_SEND);
	}
}
END_TEST

START_TEST(profile_dpd_overrides_global)
{
	struct sim s = {.poll_only_at_wake = true};
	struct dpd_sa sa;

	setup_sa(&sa, 2, (struct ike_dpd){IKE_DPD_PERIODIC, 30, 5}, on_demand_10_3);
	run(&s, &sa, T0 + 65);
	ck_assert_int_eq(s.n_sends, 2);
	ck_assert_int_eq(s.sends[0], T0 + 30);
	ck_assert_int_eq(s.sends[1], T0 + 60);
	ck_assert_int_eq(sa.cfg.retry, 5);
}
END_TEST

START_TEST(off_never_checks)
{
	struct sim s = {.out_from = T0, .out_until = T0 + 1000, .peer_dies = T0 + 1};
	struct dpd_sa sa;
	time_t wake = 1;

	setup_sa(&sa, 2, none, none);
	run(&s, &sa, T0 + 500);
	ck_assert_int_eq(s.n_sends, 0);
	ck_assert_int_eq(dpd_poll(&sa, T0 + 600, &s.use, &wake), DPD_IDLE);
	ck_assert_int_eq(wake, 0);
}
END_TEST

START_TEST(seen_prefers_the_kernel_time_when_it_moved)
{
	struct dpd_seen d;

	dpd_seen_init(&d, 1000, T0 + 5);
	ck_assert_int_eq(d.last, T0 + 5);
	/* no new bytes: nothing seen, whatever the clock */
	ck_assert_int_eq(dpd_seen_update(&d, 1000, T0 + 5, T0 + 30), T0 + 5);
	/* new bytes, the kernel stamped them at +31: that is when */
	ck_assert_int_eq(dpd_seen_update(&d, 1200, T0 + 31, T0 + 33), T0 + 31);
	/* new bytes, kernel time stuck (first-use backend): this look */
	ck_assert_int_eq(dpd_seen_update(&d, 1300, T0 + 31, T0 + 40), T0 + 40);
	/* a kernel time that moved without bytes is not traffic */
	ck_assert_int_eq(dpd_seen_update(&d, 1300, T0 + 45, T0 + 46), T0 + 40);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dpd");
	TCase *tc = tcase_create("ios");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, periodic_checks_every_interval_despite_traffic);
	tcase_add_test(tc, periodic_same_when_polled_only_at_wake);
	tcase_add_test(tc, on_demand_silent_while_traffic_flows_both_ways);
	tcase_add_test(tc, on_demand_silent_when_we_send_nothing);
	tcase_add_test(tc, on_demand_silent_when_traffic_stops_both_ways);
	tcase_add_test(tc, on_demand_checks_interval_after_last_inbound);
	tcase_add_test(tc, on_demand_checks_as_soon_as_we_send_into_silence);
	tcase_add_test(tc, on_demand_answered_check_is_not_repeated_while_peer_answers);
	tcase_add_test(tc, ikev2_dead_after_five_retries_charon_retransmits);
	tcase_add_test(tc, ikev1_keepalive_defaults_and_retransmissions);
	tcase_add_test(tc, ikev1_retransmissions_when_polled_only_at_wake);
	tcase_add_test(tc, late_answer_stops_retransmissions);
	tcase_add_test(tc, profile_dpd_overrides_global);
	tcase_add_test(tc, off_never_checks);
	tcase_add_test(tc, seen_prefers_the_kernel_time_when_it_moved);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
