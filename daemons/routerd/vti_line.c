/*
 * VTI line protocol from iked's CHILD SAs (see vti_line.h).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "owner_ike.h"
#include "vti_line.h"

static struct vti_line_if *
find_spec(struct vti_line *vl, const char *spec)
{
	for (size_t i = 0; i < vl->n; i++)
		if (strcmp(vl->v[i].spec, spec) == 0)
			return &vl->v[i];
	return NULL;
}

void
vti_line_want(struct vti_line *vl, const struct ike_map *map)
{
	for (size_t i = 0; i < vl->n; i++)
		vl->v[i].wanted = false;
	for (int i = 0; i < map->n; i++) {
		struct vti_line_if *f = NULL;

		if (!map->specs[i].mark)
			continue; /* GRE protection, mGRE: their line is not the SA's */
		for (size_t j = 0; j < vl->n && !f; j++)
			if (strcmp(vl->v[j].spec, map->specs[i].name) == 0 &&
			    strcmp(vl->v[j].ifname, map->ifname[i]) == 0)
				f = &vl->v[j];
		if (!f) {
			struct vti_line_if *v = realloc(vl->v, (vl->n + 1) * sizeof(*v));

			if (!v)
				abort();
			vl->v = v;
			f = &vl->v[vl->n++];
			memset(f, 0, sizeof(*f));
			snprintf(f->spec, sizeof(f->spec), "%s", map->specs[i].name);
			snprintf(f->ifname, sizeof(f->ifname), "%s", map->ifname[i]);
		}
		f->wanted = true;
	}
}

void
vti_line_list_begin(struct vti_line *vl)
{
	for (size_t i = 0; i < vl->n; i++)
		vl->v[i].n_next = 0;
	vl->ike_alive = false;
}

/* charon's states in which a CHILD SA carries traffic (a rekeyed one until
 * its successor is installed), and those of an IKE SA that still has them. */
static bool
child_alive(const char *state)
{
	static const char *const alive[] = { "INSTALLED", "UPDATING", "REKEYING", "REKEYED" };

	for (size_t i = 0; i < sizeof(alive) / sizeof(alive[0]); i++)
		if (strcmp(state, alive[i]) == 0)
			return true;
	return false;
}

static bool
ike_alive(const char *state)
{
	return strcmp(state, "ESTABLISHED") == 0 || strcmp(state, "REKEYING") == 0 ||
	       strcmp(state, "REKEYED") == 0 || strcmp(state, "PASSIVE") == 0;
}

int
vti_line_list_record(void *arg, const struct iked_msg_hdr *msg)
{
	struct vti_line *vl = arg;

	if (msg->type == IKED_MSG_SA) {
		const struct iked_msg_sa *sa = (const void *)msg;

		vl->ike_alive = ike_alive(sa->state);
	} else if (msg->type == IKED_MSG_CHILD) {
		const struct iked_msg_child *c = (const void *)msg;
		struct vti_line_if *f;
		char name[IKE_SPEC_NAME_MAX];

		snprintf(name, sizeof(name), "%.*s", (int)sizeof(c->name), c->name);
		f = find_spec(vl, name);
		if (f && vl->ike_alive && child_alive(c->state)) {
			if (f->n_next < VTI_LINE_IDS)
				f->next_ids[f->n_next] = c->unique_id;
			f->n_next++;
		}
	}
	return 0;
}

void
vti_line_list_end(struct vti_line *vl, vti_line_fn fn, void *arg)
{
	size_t keep = 0;

	for (size_t i = 0; i < vl->n; i++) {
		struct vti_line_if f = vl->v[i];
		bool up = f.wanted && f.n_next > 0;

		if (up != f.up)
			fn(arg, f.ifname, up);
		f.up = up;
		memcpy(f.ids, f.next_ids, sizeof(f.ids));
		f.n_ids = f.n_next < VTI_LINE_IDS ? f.n_next : VTI_LINE_IDS;
		if (f.wanted)
			vl->v[keep++] = f;
	}
	vl->n = keep;
}

static int
id_index(const struct vti_line_if *f, uint32_t id)
{
	for (unsigned i = 0; i < f->n_ids; i++)
		if (f->ids[i] == id)
			return (int)i;
	return -1;
}

bool
vti_line_event(struct vti_line *vl, const struct iked_msg_event *ev, vti_line_fn fn, void *arg)
{
	char name[IKE_SPEC_NAME_MAX];
	struct vti_line_if *f;
	int i;

	if (ev->type != IKED_EV_CHILD_DOWN && ev->type != IKED_EV_CHILD_UP)
		return false;
	snprintf(name, sizeof(name), "%.*s", (int)sizeof(ev->name), ev->name);
	f = find_spec(vl, name);
	if (!f || !f->wanted)
		return false;
	i = id_index(f, ev->n);
	if (ev->type == IKED_EV_CHILD_UP) {
		if (i < 0 && f->n_ids < VTI_LINE_IDS)
			f->ids[f->n_ids++] = ev->n;
		if (!f->up) {
			f->up = true;
			fn(arg, f->ifname, true);
		}
		return false;
	}
	if (i < 0)
		return true; /* a rekeyed one: the listing tells what is left */
	f->ids[i] = f->ids[--f->n_ids];
	if (f->n_ids == 0 && f->up) {
		f->up = false;
		fn(arg, f->ifname, false);
	}
	return false;
}

bool
vti_line_up(const struct vti_line *vl, const char *ifname)
{
	for (size_t i = 0; i < vl->n; i++)
		if (strcmp(vl->v[i].ifname, ifname) == 0)
			return vl->v[i].up;
	return false;
}

void
vti_line_free(struct vti_line *vl)
{
	free(vl->v);
	vl->v = NULL;
	vl->n = 0;
}
