/*
 * Client side of iked's debug stream (include/ike_spec.h, IKED_MSG_DEBUG).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ike_spec.h"

int iked_client_debug(const char *path, uint32_t kinds, char *err, size_t errlen)
{
	struct iked_msg_debug req = {{IKED_MSG_DEBUG, IKED_MSG_VERSION, sizeof(req)}, kinds};
	struct timeval forever = {0};
	struct iked_msg_error answer;
	int fd = iked_client_connect(path, err, errlen);
	ssize_t n;

	if (fd < 0)
		return -1;
	if (send(fd, &req, sizeof(req), MSG_NOSIGNAL) != (ssize_t)sizeof(req)) {
		snprintf(err, errlen, "cannot send to iked: %s", strerror(errno));
		close(fd);
		return -1;
	}
	n = recv(fd, &answer, sizeof(answer), 0);
	if (n < (ssize_t)sizeof(answer.hdr) || answer.hdr.len != (size_t)n ||
	    answer.hdr.type != IKED_MSG_OK) {
		if (n < 0)
			snprintf(err, errlen, "no answer from iked: %s", strerror(errno));
		else if (n >= (ssize_t)sizeof(answer) && answer.hdr.type == IKED_MSG_ERROR)
			snprintf(err, errlen, "iked refused debugging: %.200s", answer.text);
		else
			snprintf(err, errlen, "iked refused debugging");
		close(fd);
		return -1;
	}
	/* lines come when charon has something to say */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &forever, sizeof(forever));
	return fd;
}

int iked_client_debug_change(int fd, uint32_t kinds, char *err, size_t errlen)
{
	struct iked_msg_debug req = {{IKED_MSG_DEBUG, IKED_MSG_VERSION, sizeof(req)}, kinds};

	if (send(fd, &req, sizeof(req), MSG_NOSIGNAL) != (ssize_t)sizeof(req)) {
		snprintf(err, errlen, "cannot send to iked: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int iked_client_next_debug(int fd, struct iked_msg_debug_line *line, char *err, size_t errlen)
{
	ssize_t n = recv(fd, line, sizeof(*line), 0);

	if (n < 0) {
		snprintf(err, errlen, "lost iked: %s", strerror(errno));
		return -1;
	}
	if (n == 0) {
		snprintf(err, errlen, "iked closed the connection");
		return -1;
	}
	if (n == (ssize_t)sizeof(line->hdr) && line->hdr.type == IKED_MSG_OK &&
	    line->hdr.len == sizeof(line->hdr))
		return 1;
	if (n != (ssize_t)sizeof(*line) || line->hdr.type != IKED_MSG_DEBUG_LINE ||
	    line->hdr.len != sizeof(*line) || line->hdr.version != IKED_MSG_VERSION) {
		snprintf(err, errlen, "unexpected message from iked");
		return -1;
	}
	line->text[sizeof(line->text) - 1] = '\0';
	return 0;
}
