/*
 * OWNER_IKE: keeps iked's specs equal to the map of the running model.
 *
 * Every change recomputes the whole map (a handful of specs) from the
 * change's new model and, when it differs from the last one, replaces
 * iked's specs with it in one request; iked only touches SAs whose spec
 * changed. Undo is the same with the older model, so a rollback restores
 * iked exactly.
 *
 * iked down: IOS accepts crypto configuration whatever the state of its
 * IKE process, so the change is accepted (the map is still checked here,
 * so what iked would refuse is refused all the same) and a watcher thread
 * pushes the full state when iked comes up. The watcher keeps one idle
 * connection to iked open: when it drops (iked stopped or restarted) it
 * reconnects, once a second, and pushes the full state again. While
 * connected it lists the SAs every SESSION_POLL_MS and logs sessions going
 * up and down with IOS's mnemonics (%CRYPTO-5-IKEV2_SESSION_STATUS).
 * The idle connection is an event subscription: CHILD SA events and the
 * listings drive the line protocol of the static VTIs (vti_line.c), handed
 * to the callback of owner_ike_on_vti_line() from the watcher thread.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "monitor_log.h"
#include "owner_ike.h"
#include "vti_line.h"

#define RECONNECT_MS 1000
#define SESSION_POLL_MS 2000

/* An established IKE SA, as last seen by the watcher. */
struct up_sa {
	uint32_t id;
	uint8_t version;
	uint16_t port;
	char remote[IKE_SPEC_ADDR_MAX];
	char remote_id[IKE_SPEC_ID_MAX];
};

struct up_set {
	struct up_sa *v;
	size_t n;
};

struct ike_owner {
	char *socket;
	pthread_mutex_t lock; /* everything below; held across a push */
	struct ike_map want;  /* what iked should have */
	bool synced;	      /* iked has it */
	bool unavailable_logged;
	int stop_pipe[2];
	pthread_t watcher;
	struct up_set up; /* the watcher's own */
	struct vti_line vti; /* the watcher's own */
	/* held across each call of vti_fn: once owner_ike_on_vti_line() has
	 * changed it, the old one is not running and never runs again */
	pthread_mutex_t vti_lock;
	vti_line_fn vti_fn;
	void *vti_arg;
};

static void __attribute__((format(printf, 1, 2)))
ike_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* iked_client reports transport failures with these words; anything else
 * is iked's own refusal of the specs. */
static bool
transport_error(const char *err)
{
	static const char *const prefixes[] = {
		"cannot reach iked", "cannot send to iked", "no answer from iked",
		"malformed answer from iked", "socket path",
	};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (!strncmp(err, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* Pushes st->want; lock held. Returns 0 (pushed, or iked unreachable:
 * left to the watcher) or -1 with iked's refusal. */
static int
push_locked(struct ike_owner *st, char *why, size_t whylen)
{
	char err[300];

	if (iked_client_push(st->socket, st->want.specs, st->want.n, &st->want.globals, err,
			     sizeof(err)) == 0) {
		if (!st->synced || st->unavailable_logged)
			ike_log("routerd: %d IKE spec(s) pushed to iked", st->want.n);
		st->synced = true;
		st->unavailable_logged = false;
		return 0;
	}
	st->synced = false;
	if (transport_error(err)) {
		if (!st->unavailable_logged)
			ike_log("routerd: %%CRYPTO-4-IKE_UNAVAILABLE: %s; the crypto "
				"configuration is kept and pushed when iked is up",
				err);
		st->unavailable_logged = true;
		return 0;
	}
	snprintf(why, whylen, "%s", err);
	return -1;
}

/* Makes iked's specs those of model M. */
static int
apply_model(struct ike_owner *st, const struct model *m, char *why, size_t whylen)
{
	struct ike_map next, prev;
	bool was_synced;
	int rc;

	if (ike_map_build(m, &next, why, whylen) < 0)
		return -1;
	pthread_mutex_lock(&st->lock);
	if (ike_map_equal(&next, &st->want) && (st->synced || st->unavailable_logged)) {
		pthread_mutex_unlock(&st->lock);
		ike_map_free(&next);
		return 0;
	}
	if (next.notes[0] && strcmp(next.notes, st->want.notes))
		ike_log("routerd: IKE: %.*s", (int)strcspn(next.notes, "\n"), next.notes);
	prev = st->want;
	was_synced = st->synced;
	st->want = next;
	rc = push_locked(st, why, whylen);
	if (rc < 0) {
		/* iked kept its old specs: so does the owner */
		st->want = prev;
		st->synced = was_synced;
		ike_map_free(&next);
	} else {
		ike_map_free(&prev);
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

static int
ike_apply(struct owner *o, const struct owner_change *c, char *why, size_t whylen)
{
	return apply_model(o->ctx, c->new_model, why, whylen);
}

int
owner_ike_resync(struct owner *o, const struct model *m, char *why, size_t whylen)
{
	if (!o || o->apply != ike_apply)
		return 0;
	return apply_model(o->ctx, m, why, whylen);
}

static int
collect_up(void *arg, const struct iked_msg_hdr *msg)
{
	const struct iked_msg_sa *sa = (const void *)msg;
	struct up_set *set = arg;

	if (msg->type != IKED_MSG_SA || strcmp(sa->state, "ESTABLISHED"))
		return 0;
	set->v = realloc(set->v, (set->n + 1) * sizeof(*set->v));
	if (!set->v)
		abort();
	set->v[set->n] = (struct up_sa){ .id = sa->unique_id, .version = sa->version,
					 .port = sa->remote_port };
	snprintf(set->v[set->n].remote, sizeof(set->v[set->n].remote), "%s", sa->remote);
	snprintf(set->v[set->n].remote_id, sizeof(set->v[set->n].remote_id), "%s", sa->remote_id);
	set->n++;
	return 0;
}

/* One listing feeds both the session log and the VTI line protocol. */
struct sa_listing {
	struct up_set *up;
	struct vti_line *vti;
};

static int
collect(void *arg, const struct iked_msg_hdr *msg)
{
	struct sa_listing *l = arg;

	collect_up(l->up, msg);
	return vti_line_list_record(l->vti, msg);
}

/* The tracker's reports, to whoever listens now. */
static void
vti_report(void *arg, const char *ifname, bool up)
{
	struct ike_owner *st = arg;

	pthread_mutex_lock(&st->vti_lock);
	if (st->vti_fn)
		st->vti_fn(st->vti_arg, ifname, up);
	pthread_mutex_unlock(&st->vti_lock);
}

static bool
up_has(const struct up_set *set, uint32_t id)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].id == id)
			return true;
	return false;
}

static void
log_session(const struct up_sa *sa, bool up)
{
	char line[MONITOR_LOG_MAX];

	if (sa->version == 2)
		snprintf(line, sizeof(line),
			 "%%CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is %s. Peer %s:%u Id: %s",
			 up ? "UP" : "DOWN", sa->remote, sa->port, sa->remote_id);
	else
		snprintf(line, sizeof(line),
			 "%%CRYPTO-5-SESSION_STATUS: Crypto tunnel is %s. Peer %s:%u Id: %s",
			 up ? "UP" : "DOWN", sa->remote, sa->port, sa->remote_id);
	ike_log("%s", line);
	/* and, stamped, to the sessions with `terminal monitor` */
	monitor_log(line, false);
}

/* Logs the IKE SAs established or gone since the last poll (gone: all of
 * them when iked is unreachable, as its SAs went with it). */
static void
poll_sessions(struct ike_owner *st, bool reachable)
{
	struct up_set now = { 0 };
	struct sa_listing listing = { .up = &now, .vti = &st->vti };
	char err[300];

	pthread_mutex_lock(&st->lock);
	vti_line_want(&st->vti, &st->want);
	pthread_mutex_unlock(&st->lock);
	vti_line_list_begin(&st->vti);
	if (reachable && iked_client_list(st->socket, collect, &listing, err, sizeof(err)) < 0) {
		free(now.v);
		return; /* try again at the next poll */
	}
	/* the line protocol first: routes follow the SA as soon as can be */
	vti_line_list_end(&st->vti, vti_report, st);
	for (size_t i = 0; i < now.n; i++)
		if (!up_has(&st->up, now.v[i].id))
			log_session(&now.v[i], true);
	for (size_t i = 0; i < st->up.n; i++)
		if (!up_has(&now, st->up.v[i].id))
			log_session(&st->up.v[i], false);
	free(st->up.v);
	st->up = now;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A CHILD SA event moves a VTI's line at once, in the order iked saw
 * them (a listing now could already show the SA that replaced a cleared
 * one, and hide the moment between); one the tracker cannot place asks
 * for a listing. */
static void
on_event(struct ike_owner *st, const struct iked_msg_event *ev)
{
	if (vti_line_event(&st->vti, ev, vti_report, st))
		poll_sessions(st, true);
}

/* Waits until the connection (an event subscription) drops or stop is
 * asked, listing the SAs every SESSION_POLL_MS; true = stop. */
static bool
wait_drop(struct ike_owner *st, int fd)
{
	struct pollfd p[2] = { { .fd = st->stop_pipe[0], .events = POLLIN },
			       { .fd = fd, .events = POLLIN } };
	long long next_poll = now_ms() + SESSION_POLL_MS;

	for (;;) {
		long long left = next_poll - now_ms();
		int n = poll(p, fd >= 0 ? 2 : 1,
			     fd >= 0 ? (int)(left > 0 ? left : 0) : RECONNECT_MS);

		if (n < 0 && errno == EINTR)
			continue;
		if (p[0].revents)
			return true;
		if (fd >= 0 && n == 0) {
			poll_sessions(st, true);
			next_poll = now_ms() + SESSION_POLL_MS;
			continue;
		}
		if (fd < 0 || n == 0)
			return false;
		if (p[1].revents) {
			struct iked_msg_event ev;
			char err[300];

			if (iked_client_next_event(fd, &ev, err, sizeof(err)) < 0)
				return false;
			on_event(st, &ev);
		}
	}
}

static void *
watcher(void *arg)
{
	struct ike_owner *st = arg;
	bool was_up = false;

	for (;;) {
		char err[300], why[300];
		int fd = iked_client_subscribe(st->socket, err, sizeof(err));

		if (fd >= 0) {
			pthread_mutex_lock(&st->lock);
			if (!was_up || !st->synced) {
				if (was_up)
					ike_log("routerd: iked reconnected, pushing the full IKE state");
				if (push_locked(st, why, sizeof(why)) < 0)
					ike_log("routerd: iked refused the IKE state: %s", why);
			}
			pthread_mutex_unlock(&st->lock);
			was_up = true;
			poll_sessions(st, true); /* a restarted routerd finds its SAs */
		} else if (was_up) {
			pthread_mutex_lock(&st->lock);
			st->synced = false;
			pthread_mutex_unlock(&st->lock);
			ike_log("routerd: lost iked (%s); reconnecting", err);
			was_up = false;
		}
		if (wait_drop(st, fd)) {
			if (fd >= 0)
				close(fd);
			return NULL;
		}
		if (fd >= 0) {
			close(fd);
			/* dropped: the next connection is a new iked */
			pthread_mutex_lock(&st->lock);
			st->synced = false;
			pthread_mutex_unlock(&st->lock);
			was_up = false;
			ike_log("routerd: iked went away; pushing again when it is back");
			poll_sessions(st, false);
			usleep(200 * 1000); /* let a restarting iked bind its socket */
		}
	}
}

static void
ike_free(struct owner *o)
{
	struct ike_owner *st = o->ctx;

	if (!st)
		return;
	if (write(st->stop_pipe[1], "x", 1) == 1)
		pthread_join(st->watcher, NULL);
	close(st->stop_pipe[0]);
	close(st->stop_pipe[1]);
	ike_map_free(&st->want);
	free(st->up.v);
	vti_line_free(&st->vti);
	pthread_mutex_destroy(&st->vti_lock);
	pthread_mutex_destroy(&st->lock);
	free(st->socket);
	free(st);
}

struct owner *
owner_ike_new(const char *iked_socket)
{
	struct owner *o = calloc(1, sizeof(*o));
	struct ike_owner *st = calloc(1, sizeof(*st));
	sigset_t all, old;

	if (!o || !st || pipe(st->stop_pipe) < 0)
		abort();
	st->socket = strdup(iked_socket);
	pthread_mutex_init(&st->lock, NULL);
	pthread_mutex_init(&st->vti_lock, NULL);
	o->name = "iked";
	o->apply = ike_apply;
	o->free = ike_free;
	o->ctx = st;
	/* The watcher takes no signals: routerd's main loop handles them
	 * (SIGTERM must reach its signalfd, not kill the process here). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&st->watcher, NULL, watcher, st) != 0)
		abort();
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return o;
}

const char *
owner_ike_socket(const struct owner *o)
{
	return o && o->apply == ike_apply ? ((struct ike_owner *)o->ctx)->socket : NULL;
}

bool
owner_ike_synced(const struct owner *o)
{
	struct ike_owner *st;
	bool synced;

	if (!o || o->apply != ike_apply)
		return false;
	st = o->ctx;
	pthread_mutex_lock(&st->lock);
	synced = st->synced;
	pthread_mutex_unlock(&st->lock);
	return synced;
}

void
owner_ike_on_vti_line(struct owner *o, vti_line_fn fn, void *arg)
{
	struct ike_owner *st;

	if (!o || o->apply != ike_apply)
		return;
	st = o->ctx;
	pthread_mutex_lock(&st->vti_lock);
	st->vti_fn = fn;
	st->vti_arg = arg;
	pthread_mutex_unlock(&st->vti_lock);
}
