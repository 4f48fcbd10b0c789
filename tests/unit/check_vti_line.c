/*
 * The VTI line-protocol tracker (vti_line.c) fed by a fake SA source:
 * listings of iked's SAs built here, message by message, as iked sends
 * them, and CHILD SA events. Checks which VTIs it reports up and down.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "owner_ike.h"
#include "vti_line.h"

/* What the tracker reported, in order: "+Tunnel1 -Tunnel2 ". */
static char reported[256];

static void
record(void *arg, const char *ifname, bool up)
{
	size_t n = strlen(reported);

	(void)arg;
	snprintf(reported + n, sizeof(reported) - n, "%c%s ", up ? '+' : '-', ifname);
}

static const char *
take(void)
{
	static char out[256];

	snprintf(out, sizeof(out), "%s", reported);
	reported[0] = '\0';
	return out;
}

/* The map of a router with VTIs Tunnel1 and Tunnel2 (marks 2, 3) and a GRE
 * tunnel Tunnel5 with protection (no mark). */
static void
map_of(struct ike_map *map, bool with_tunnel2)
{
	static const struct {
		const char *name;
		uint32_t mark;
	} specs[] = { { "Tunnel1", 2 }, { "Tunnel2", 3 }, { "Tunnel5", 0 } };

	memset(map, 0, sizeof(*map));
	map->specs = calloc(3, sizeof(*map->specs));
	map->ifname = calloc(3, sizeof(*map->ifname));
	ck_assert(map->specs && map->ifname);
	for (size_t i = 0; i < 3; i++) {
		if (!with_tunnel2 && i == 1)
			continue;
		snprintf(map->specs[map->n].name, sizeof(map->specs[map->n].name), "%s", specs[i].name);
		map->specs[map->n].mark = specs[i].mark;
		snprintf(map->ifname[map->n], sizeof(map->ifname[map->n]), "%s", specs[i].name);
		map->n++;
	}
}

/* One IKE SA in STATE with one CHILD SA of spec NAME in CSTATE, whose
 * unique id is the first digit of its name + 100 * ID (IKE SA: 0). */
static void
feed_id(struct vti_line *vl, const char *name, const char *state, const char *cstate, uint32_t id)
{
	struct iked_msg_sa sa = { .hdr = { IKED_MSG_SA, IKED_MSG_VERSION, sizeof(sa) } };
	struct iked_msg_child c = { .hdr = { IKED_MSG_CHILD, IKED_MSG_VERSION, sizeof(c) } };

	snprintf(sa.name, sizeof(sa.name), "%s", name);
	snprintf(sa.state, sizeof(sa.state), "%s", state);
	sa.n_child = 1;
	snprintf(c.name, sizeof(c.name), "%s", name);
	snprintf(c.state, sizeof(c.state), "%s", cstate);
	c.unique_id = (uint32_t)(name[strcspn(name, "0123456789")] - '0') + 100 * id;
	ck_assert_int_eq(vti_line_list_record(vl, &sa.hdr), 0);
	ck_assert_int_eq(vti_line_list_record(vl, &c.hdr), 0);
}

static void
feed(struct vti_line *vl, const char *name, const char *state, const char *cstate)
{
	feed_id(vl, name, state, cstate, 0);
}

/* An event about the CHILD SA fed with this id; true: list now. */
static bool
event_id(struct vti_line *vl, uint8_t type, const char *name, uint32_t id)
{
	struct iked_msg_event ev = { .hdr = { IKED_MSG_EVENT, IKED_MSG_VERSION, sizeof(ev) },
				     .type = type };

	snprintf(ev.name, sizeof(ev.name), "%s", name);
	ev.n = (uint32_t)(name[strcspn(name, "0123456789")] - '0') + 100 * id;
	return vti_line_event(vl, &ev, record, NULL);
}

static bool
event(struct vti_line *vl, uint8_t type, const char *name)
{
	return event_id(vl, type, name, 0);
}

/* Installed CHILD SAs bring their VTIs up, once; a listing without them
 * takes them down; a GRE tunnel's SA is not a line protocol. */
START_TEST(test_listing_drives_line)
{
	struct vti_line vl = { 0 };
	struct ike_map map;

	map_of(&map, true);
	vti_line_want(&vl, &map);
	vti_line_list_begin(&vl);
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), ""); /* they start down */
	ck_assert(!vti_line_up(&vl, "Tunnel1"));

	vti_line_list_begin(&vl);
	feed(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED");
	feed(&vl, "Tunnel5", "ESTABLISHED", "INSTALLED");
	feed(&vl, "Tunnel2", "CONNECTING", "CREATED");
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "+Tunnel1 ");
	ck_assert(vti_line_up(&vl, "Tunnel1"));
	ck_assert(!vti_line_up(&vl, "Tunnel2"));
	ck_assert(!vti_line_up(&vl, "Tunnel5"));

	/* the same again: nothing to report; Tunnel2 comes up */
	vti_line_list_begin(&vl);
	feed(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED");
	feed(&vl, "Tunnel2", "ESTABLISHED", "INSTALLED");
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "+Tunnel2 ");

	/* a rekey in progress keeps it up; an IKE SA being deleted does not */
	vti_line_list_begin(&vl);
	feed(&vl, "Tunnel1", "ESTABLISHED", "REKEYED");
	feed(&vl, "Tunnel1", "ESTABLISHED", "INSTALLING");
	feed(&vl, "Tunnel2", "DELETING", "INSTALLED");
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "-Tunnel2 ");

	/* iked gone (a listing with no message): all down */
	vti_line_list_begin(&vl);
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "-Tunnel1 ");
	vti_line_free(&vl);
	ike_map_free(&map);
}
END_TEST

/* Events move the line at once, in their order: the SA down, then the
 * new one up (clear crypto session), without waiting for a listing. */
START_TEST(test_event_down_then_up)
{
	struct vti_line vl = { 0 };
	struct ike_map map;

	map_of(&map, true);
	vti_line_want(&vl, &map);
	vti_line_list_begin(&vl);
	feed(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED");
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "+Tunnel1 ");

	ck_assert(!event(&vl, IKED_EV_CHILD_UP, "Tunnel1")); /* known */
	ck_assert(!event(&vl, IKED_EV_CHILD_DOWN, "Tunnel5")); /* GRE */
	ck_assert(!event(&vl, IKED_EV_IKE_DOWN, "Tunnel1"));
	ck_assert_str_eq(take(), "");
	ck_assert(!event(&vl, IKED_EV_CHILD_DOWN, "Tunnel1"));
	ck_assert_str_eq(take(), "-Tunnel1 ");
	ck_assert(!vti_line_up(&vl, "Tunnel1"));
	ck_assert(!event_id(&vl, IKED_EV_CHILD_UP, "Tunnel1", 1));
	ck_assert_str_eq(take(), "+Tunnel1 ");
	/* the listing agrees: nothing more */
	vti_line_list_begin(&vl);
	feed_id(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED", 1);
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "");
	/* a CHILD SA it never heard of (made by a rekey) going down: the
	 * caller is asked to list; the line stays as it is until then */
	ck_assert(event_id(&vl, IKED_EV_CHILD_DOWN, "Tunnel1", 5));
	ck_assert_str_eq(take(), "");
	vti_line_free(&vl);
	ike_map_free(&map);
}
END_TEST

/* Two SAs at once (both ends initiated): one of them deleted leaves the
 * line up; the other one deleted takes it down. Both cleared and a new
 * one made within a millisecond: down, then up. */
START_TEST(test_duplicate_sa_deleted)
{
	struct vti_line vl = { 0 };
	struct ike_map map;

	map_of(&map, true);
	vti_line_want(&vl, &map);
	vti_line_list_begin(&vl);
	feed_id(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED", 1);
	feed_id(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED", 2);
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "+Tunnel1 ");
	ck_assert(!event_id(&vl, IKED_EV_CHILD_DOWN, "Tunnel1", 1));
	ck_assert_str_eq(take(), "");
	vti_line_list_begin(&vl);
	feed_id(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED", 2);
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "");
	ck_assert(!event_id(&vl, IKED_EV_CHILD_DOWN, "Tunnel1", 2));
	ck_assert_str_eq(take(), "-Tunnel1 ");

	vti_line_list_begin(&vl);
	feed_id(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED", 3);
	feed_id(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED", 4);
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "+Tunnel1 ");
	ck_assert(!event_id(&vl, IKED_EV_CHILD_DOWN, "Tunnel1", 4));
	ck_assert(!event_id(&vl, IKED_EV_CHILD_DOWN, "Tunnel1", 3));
	ck_assert(!event_id(&vl, IKED_EV_CHILD_UP, "Tunnel1", 5));
	ck_assert_str_eq(take(), "-Tunnel1 +Tunnel1 ");
	vti_line_free(&vl);
	ike_map_free(&map);
}
END_TEST

/* A VTI that leaves the map (no interface, no protection) is reported
 * down by the next listing, and then forgotten. */
START_TEST(test_map_change)
{
	struct vti_line vl = { 0 };
	struct ike_map both, one;

	map_of(&both, true);
	map_of(&one, false);
	vti_line_want(&vl, &both);
	vti_line_list_begin(&vl);
	feed(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED");
	feed(&vl, "Tunnel2", "ESTABLISHED", "INSTALLED");
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "+Tunnel1 +Tunnel2 ");

	vti_line_want(&vl, &one);
	vti_line_list_begin(&vl);
	feed(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED");
	feed(&vl, "Tunnel2", "ESTABLISHED", "INSTALLED"); /* not ours any more */
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "-Tunnel2 ");
	ck_assert_uint_eq(vl.n, 1);
	ck_assert(!event(&vl, IKED_EV_CHILD_DOWN, "Tunnel2")); /* not a VTI now */
	ck_assert_str_eq(take(), "");

	/* back: down until a listing shows its SA */
	vti_line_want(&vl, &both);
	ck_assert(!vti_line_up(&vl, "Tunnel2"));
	vti_line_list_begin(&vl);
	feed(&vl, "Tunnel1", "ESTABLISHED", "INSTALLED");
	feed(&vl, "Tunnel2", "ESTABLISHED", "INSTALLED");
	vti_line_list_end(&vl, record, NULL);
	ck_assert_str_eq(take(), "+Tunnel2 ");
	vti_line_free(&vl);
	ike_map_free(&both);
	ike_map_free(&one);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("vti_line");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_listing_drives_line);
	tcase_add_test(tc, test_event_down_then_up);
	tcase_add_test(tc, test_duplicate_sa_deleted);
	tcase_add_test(tc, test_map_change);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
