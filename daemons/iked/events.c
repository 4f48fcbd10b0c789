/*
 * Bus listener -> pipe (see events.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <library.h>
#include <daemon.h>
#include <bus/listeners/listener.h>

#include "events.h"

static listener_t listener;
static int pipe_fds[2] = {-1, -1};
static volatile unsigned long dropped;

static void post(ike_sa_t *ike_sa, uint8_t type, uint32_t n)
{
	struct iked_msg_event ev = {
		.hdr = {IKED_MSG_EVENT, IKED_MSG_VERSION, sizeof(ev)},
		.type = type,
		.n = n,
	};
	struct timespec now;
	host_t *other;

	clock_gettime(CLOCK_REALTIME, &now);
	ev.when_sec = now.tv_sec;
	ev.when_nsec = (int32_t)now.tv_nsec;
	if (ike_sa) {
		ev.unique_id = ike_sa->get_unique_id(ike_sa);
		ev.version = ike_sa->get_version(ike_sa) == IKEV1 ? 1 : 2;
		snprintf(ev.name, sizeof(ev.name), "%s", ike_sa->get_name(ike_sa));
		other = ike_sa->get_other_host(ike_sa);
		if (other)
			snprintf(ev.remote, sizeof(ev.remote), "%H", other);
	}
	/* Never block a charon thread: drop and count when the loop lags. */
	if (write(pipe_fds[1], &ev, sizeof(ev)) != (ssize_t)sizeof(ev))
		__atomic_add_fetch(&dropped, 1, __ATOMIC_RELAXED);
}

static bool on_ike_updown(listener_t *l, ike_sa_t *ike_sa, bool up)
{
	post(ike_sa, up ? IKED_EV_IKE_UP : IKED_EV_IKE_DOWN, 0);
	return TRUE;
}

static bool on_child_updown(listener_t *l, ike_sa_t *ike_sa, child_sa_t *child_sa, bool up)
{
	post(ike_sa, up ? IKED_EV_CHILD_UP : IKED_EV_CHILD_DOWN,
	     child_sa->get_unique_id(child_sa));
	return TRUE;
}

static bool on_alert(listener_t *l, ike_sa_t *ike_sa, alert_t alert, va_list args)
{
	switch (alert) {
	case ALERT_RETRANSMIT_SEND: {
		packet_t *packet = va_arg(args, packet_t *);
		u_int n = va_arg(args, u_int);

		(void)packet;
		post(ike_sa, IKED_EV_RETRANSMIT, n);
		break;
	}
	case ALERT_RETRANSMIT_SEND_TIMEOUT:
		post(ike_sa, IKED_EV_RETRANSMIT_TIMEOUT, 0);
		break;
	case ALERT_PEER_INIT_UNREACHABLE:
		post(ike_sa, IKED_EV_PEER_UNREACHABLE, 0);
		break;
	case ALERT_PROPOSAL_MISMATCH_IKE:
	case ALERT_PROPOSAL_MISMATCH_CHILD:
		post(ike_sa, IKED_EV_PROPOSAL_MISMATCH, 0);
		break;
	case ALERT_LOCAL_AUTH_FAILED:
	case ALERT_PEER_AUTH_FAILED:
		post(ike_sa, IKED_EV_AUTH_FAILED, 0);
		break;
	default:
		break;
	}
	return TRUE;
}

int iked_events_start(void)
{
	if (pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	listener.ike_updown = on_ike_updown;
	listener.child_updown = on_child_updown;
	listener.alert = on_alert;
	charon->bus->add_listener(charon->bus, &listener);
	return pipe_fds[0];
}

void iked_events_stop(void)
{
	if (pipe_fds[0] < 0)
		return;
	charon->bus->remove_listener(charon->bus, &listener);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	pipe_fds[0] = pipe_fds[1] = -1;
}

int iked_events_read(int fd, struct iked_msg_event *ev)
{
	ssize_t n = read(fd, ev, sizeof(*ev));

	if (n == (ssize_t)sizeof(*ev))
		return 1;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return -1;
}

unsigned long iked_events_dropped(void)
{
	return __atomic_load_n(&dropped, __ATOMIC_RELAXED);
}
