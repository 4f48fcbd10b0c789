/*
 * Client side of iked's control socket, for routerd (spec pushes) and the
 * show commands (list SAs). No strongSwan: only ike_spec.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ike_spec.h"

int iked_client_connect(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct timeval tv = {.tv_sec = 10};
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "socket path %s is too long", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		snprintf(err, errlen, "cannot reach iked at %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* iked answers from its main loop; never hang a shell on it */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

static int send_msg(int fd, const void *msg, size_t len, char *err, size_t errlen)
{
	if (send(fd, msg, len, MSG_NOSIGNAL) != (ssize_t)len) {
		snprintf(err, errlen, "cannot send to iked: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Receives one message into buf; returns its length or -1. */
static ssize_t recv_msg(int fd, void *buf, size_t size, char *err, size_t errlen)
{
	struct iked_msg_hdr *h = buf;
	ssize_t n = recv(fd, buf, size, 0);

	if (n < 0) {
		snprintf(err, errlen, "no answer from iked: %s", strerror(errno));
		return -1;
	}
	if (n == 0) {
		snprintf(err, errlen, "iked closed the connection");
		return -1;
	}
	if ((size_t)n < sizeof(*h) || h->len != (size_t)n || h->version != IKED_MSG_VERSION) {
		snprintf(err, errlen, "malformed answer from iked");
		return -1;
	}
	return n;
}

int iked_client_push(const char *path, const struct ike_spec *specs, int n,
		     const struct ike_globals *g, char *err, size_t errlen)
{
	struct iked_msg_hdr begin = {IKED_MSG_SPEC_BEGIN, IKED_MSG_VERSION, sizeof(begin)};
	struct iked_msg_hdr commit = {IKED_MSG_SPEC_COMMIT, IKED_MSG_VERSION, sizeof(commit)};
	struct iked_msg_globals mg = {{IKED_MSG_GLOBALS, IKED_MSG_VERSION, sizeof(mg)}, *g};
	struct iked_msg_spec ms = {.hdr = {IKED_MSG_SPEC, IKED_MSG_VERSION, sizeof(ms)}};
	struct iked_msg_error answer;
	int fd = iked_client_connect(path, err, errlen), i, rc = -1;

	if (fd < 0)
		return -1;
	if (send_msg(fd, &begin, sizeof(begin), err, errlen) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		ms.spec = specs[i];
		if (send_msg(fd, &ms, sizeof(ms), err, errlen) < 0)
			goto out;
	}
	if (send_msg(fd, &mg, sizeof(mg), err, errlen) < 0 ||
	    send_msg(fd, &commit, sizeof(commit), err, errlen) < 0 ||
	    recv_msg(fd, &answer, sizeof(answer), err, errlen) < 0)
		goto out;
	if (answer.hdr.type == IKED_MSG_OK) {
		rc = 0;
	} else if (answer.hdr.type == IKED_MSG_ERROR && answer.hdr.len == sizeof(answer)) {
		answer.text[sizeof(answer.text) - 1] = '\0';
		snprintf(err, errlen, "%s", answer.text);
	} else {
		snprintf(err, errlen, "unexpected answer %u from iked", answer.hdr.type);
	}
out:
	close(fd);
	return rc;
}

int iked_client_list(const char *path, int (*record)(void *ctx, const struct iked_msg_hdr *msg),
		     void *ctx, char *err, size_t errlen)
{
	struct iked_msg_hdr req = {IKED_MSG_LIST_SAS, IKED_MSG_VERSION, sizeof(req)};
	union {
		struct iked_msg_hdr hdr;
		struct iked_msg_sa sa;
		struct iked_msg_child child;
		struct iked_msg_error error;
	} m;
	int fd = iked_client_connect(path, err, errlen), rc = -1;

	if (fd < 0)
		return -1;
	if (send_msg(fd, &req, sizeof(req), err, errlen) < 0)
		goto out;
	for (;;) {
		ssize_t n = recv_msg(fd, &m, sizeof(m), err, errlen);

		if (n < 0)
			break;
		if (m.hdr.type == IKED_MSG_END) {
			rc = 0;
			break;
		}
		if ((m.hdr.type == IKED_MSG_SA && n == sizeof(m.sa)) ||
		    (m.hdr.type == IKED_MSG_CHILD && n == sizeof(m.child))) {
			if (record(ctx, &m.hdr) < 0) {
				snprintf(err, errlen, "listing stopped by the caller");
				break;
			}
		} else if (m.hdr.type == IKED_MSG_ERROR && n == sizeof(m.error)) {
			m.error.text[sizeof(m.error.text) - 1] = '\0';
			snprintf(err, errlen, "%s", m.error.text);
			break;
		} else {
			snprintf(err, errlen, "unexpected message %u from iked", m.hdr.type);
			break;
		}
	}
out:
	close(fd);
	return rc;
}

const char *iked_event_name(uint8_t type)
{
	switch (type) {
	case IKED_EV_IKE_UP:
		return "IKE SA up";
	case IKED_EV_IKE_DOWN:
		return "IKE SA down";
	case IKED_EV_CHILD_UP:
		return "IPsec SA up";
	case IKED_EV_CHILD_DOWN:
		return "IPsec SA down";
	case IKED_EV_RETRANSMIT:
		return "retransmit";
	case IKED_EV_RETRANSMIT_TIMEOUT:
		return "peer dead (retransmissions exhausted)";
	case IKED_EV_PEER_UNREACHABLE:
		return "peer unreachable";
	case IKED_EV_PROPOSAL_MISMATCH:
		return "proposal mismatch";
	case IKED_EV_AUTH_FAILED:
		return "authentication failed";
	}
	return "?";
}

int iked_client_subscribe(const char *path, char *err, size_t errlen)
{
	struct iked_msg_hdr req = {IKED_MSG_SUBSCRIBE, IKED_MSG_VERSION, sizeof(req)};
	struct timeval forever = {0};
	struct iked_msg_error answer;
	int fd = iked_client_connect(path, err, errlen);

	if (fd < 0)
		return -1;
	if (send_msg(fd, &req, sizeof(req), err, errlen) < 0 ||
	    recv_msg(fd, &answer, sizeof(answer), err, errlen) < 0) {
		close(fd);
		return -1;
	}
	if (answer.hdr.type != IKED_MSG_OK) {
		snprintf(err, errlen, "iked refused the subscription");
		close(fd);
		return -1;
	}
	/* events come when they come */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &forever, sizeof(forever));
	return fd;
}

int iked_client_next_event(int fd, struct iked_msg_event *ev, char *err, size_t errlen)
{
	ssize_t n = recv_msg(fd, ev, sizeof(*ev), err, errlen);

	if (n < 0)
		return -1;
	if (ev->hdr.type != IKED_MSG_EVENT || n != sizeof(*ev)) {
		snprintf(err, errlen, "unexpected message %u from iked", ev->hdr.type);
		return -1;
	}
	ev->name[sizeof(ev->name) - 1] = '\0';
	ev->remote[sizeof(ev->remote) - 1] = '\0';
	return 0;
}

/* One request answered by OK or ERROR. */
static int simple_request(const char *path, const void *req, size_t len, char *err, size_t errlen)
{
	struct iked_msg_error answer;
	int fd = iked_client_connect(path, err, errlen), rc = -1;

	if (fd < 0)
		return -1;
	if (send_msg(fd, req, len, err, errlen) == 0 &&
	    recv_msg(fd, &answer, sizeof(answer), err, errlen) >= 0) {
		if (answer.hdr.type == IKED_MSG_OK) {
			rc = 0;
		} else if (answer.hdr.type == IKED_MSG_ERROR && answer.hdr.len == sizeof(answer)) {
			answer.text[sizeof(answer.text) - 1] = '\0';
			snprintf(err, errlen, "%s", answer.text);
		} else {
			snprintf(err, errlen, "unexpected answer %u from iked", answer.hdr.type);
		}
	}
	close(fd);
	return rc;
}

int iked_client_clear(const char *path, uint32_t unique_id, const char *remote, char *err,
		      size_t errlen)
{
	struct iked_msg_clear req = {{IKED_MSG_CLEAR, IKED_MSG_VERSION, sizeof(req)}, unique_id, ""};

	snprintf(req.remote, sizeof(req.remote), "%s", remote ? remote : "");
	return simple_request(path, &req, sizeof(req), err, errlen);
}

int iked_client_initiate(const char *path, const char *name, char *err, size_t errlen)
{
	struct iked_msg_sa_ctl m = {.hdr = {IKED_MSG_INITIATE, IKED_MSG_VERSION, sizeof(m)}};

	if (!name || strlen(name) >= sizeof(m.name)) {
		snprintf(err, errlen, "bad spec name");
		return -1;
	}
	strcpy(m.name, name);
	return simple_request(path, &m, sizeof(m), err, errlen);
}

int iked_client_initiate_peer(const char *path, const char *name, const char *remote, char *err,
			      size_t errlen)
{
	struct iked_msg_initiate_peer m = {
	    .hdr = {IKED_MSG_INITIATE_PEER, IKED_MSG_VERSION, sizeof(m)}};

	if (!name || strlen(name) >= sizeof(m.name)) {
		snprintf(err, errlen, "bad spec name");
		return -1;
	}
	if (!remote || strlen(remote) >= sizeof(m.remote)) {
		snprintf(err, errlen, "bad peer address");
		return -1;
	}
	strcpy(m.name, name);
	strcpy(m.remote, remote);
	return simple_request(path, &m, sizeof(m), err, errlen);
}

int iked_client_terminate(const char *path, const char *name, uint32_t unique_id, char *err,
			  size_t errlen)
{
	struct iked_msg_sa_ctl m = {.hdr = {IKED_MSG_TERMINATE, IKED_MSG_VERSION, sizeof(m)},
				    .unique_id = unique_id};

	if (name && strlen(name) >= sizeof(m.name)) {
		snprintf(err, errlen, "bad spec name");
		return -1;
	}
	if (name)
		strcpy(m.name, name);
	return simple_request(path, &m, sizeof(m), err, errlen);
}
