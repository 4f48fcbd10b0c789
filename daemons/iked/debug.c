/*
 * charon's logger and packets -> IOS-like debug lines -> pipe (see debug.h).
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <library.h>
#include <daemon.h>
#include <bus/listeners/listener.h>
#include <bus/listeners/logger.h>
#include <encoding/payloads/notify_payload.h>

#include "debug.h"

/* The level charon's own `-d 1` log uses: what happens, not the bytes. */
#define IKED_DEBUG_LEVEL LEVEL_CTRL

static logger_t logger;
static listener_t listener;
static int pipe_fds[2] = {-1, -1};
static uint32_t kinds;		 /* main loop only */
static unsigned long dropped;	 /* total, atomic */
static uint32_t dropped_pending; /* not yet reported in a line, atomic */

/* "IKEv2:(SESSION ID = 3,SA ID = 3):", "ISAKMP:(3):" or "IKE:". IOS has a
 * session id beside the SA id; an IKE SA here is its own session. */
static int prefix(char *buf, size_t len, ike_sa_t *ike_sa, uint8_t *version, uint32_t *id)
{
	*version = 0;
	*id = 0;
	if (!ike_sa)
		return snprintf(buf, len, "IKE:");
	*id = ike_sa->get_unique_id(ike_sa);
	if (ike_sa->get_version(ike_sa) == IKEV1) {
		*version = 1;
		return snprintf(buf, len, "ISAKMP:(%u):", *id);
	}
	*version = 2;
	return snprintf(buf, len, "IKEv2:(SESSION ID = %u,SA ID = %u):", *id, *id);
}

/* Writes LINE to the pipe; never waits. */
static void post(struct iked_msg_debug_line *line)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	line->hdr = (struct iked_msg_hdr){IKED_MSG_DEBUG_LINE, IKED_MSG_VERSION, sizeof(*line)};
	line->when_sec = now.tv_sec;
	line->when_nsec = (int32_t)now.tv_nsec;
	line->dropped = __atomic_exchange_n(&dropped_pending, 0, __ATOMIC_RELAXED);
	if (write(pipe_fds[1], line, sizeof(*line)) != (ssize_t)sizeof(*line)) {
		__atomic_add_fetch(&dropped, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&dropped_pending, line->dropped + 1, __ATOMIC_RELAXED);
	}
}

static bool wanted_group(debug_t group)
{
	return group == DBG_IKE || group == DBG_CFG || group == DBG_CHD || group == DBG_ENC ||
	       group == DBG_NET;
}

static level_t get_level(logger_t *l, debug_t group)
{
	(void)l;
	return wanted_group(group) ? IKED_DEBUG_LEVEL : LEVEL_SILENT;
}

static void on_log(logger_t *l, debug_t group, level_t level, int thread, ike_sa_t *ike_sa,
		   const char *message)
{
	struct iked_msg_debug_line line = {0};
	int n;

	(void)l;
	(void)level;
	(void)thread;
	/* The packet lines below say this, with the SA and the payloads;
	 * what has no SA is not IKEv2 or ISAKMP debugging's to show. */
	if (group == DBG_NET && (!ike_sa || !strncmp(message, "sending packet", 14) ||
				 !strncmp(message, "received packet", 15)))
		return;
	if (group == DBG_ENC && (!strncmp(message, "parsed ", 7) ||
				 !strncmp(message, "generating ", 11)))
		return;
	n = prefix(line.text, sizeof(line.text), ike_sa, &line.version, &line.unique_id);
	snprintf(line.text + n, sizeof(line.text) - (size_t)n, "%s", message);
	post(&line);
}

/* Appends to BUF at *pos, never past its end. */
static void __attribute__((format(printf, 4, 5)))
append(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*pos >= len - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		*pos = *pos + (size_t)n < len ? *pos + (size_t)n : len - 1;
}

/* IOS's payload names: "SA KE N VID NOTIFY(NAT_DETECTION_SOURCE_IP) ...". */
static void payload_names(message_t *message, char *buf, size_t len, size_t *pos)
{
	enumerator_t *e = message->create_payload_enumerator(message);
	payload_t *p;

	while (e->enumerate(e, &p)) {
		payload_type_t t = p->get_type(p);

		switch (t) {
		case PLV2_NONCE:
			append(buf, len, pos, " N");
			break;
		case PLV1_NONCE:
			append(buf, len, pos, " NONCE");
			break;
		case PLV1_NOTIFY:
		case PLV2_NOTIFY:
			append(buf, len, pos, " NOTIFY(%N)", notify_type_names,
			       ((notify_payload_t *)p)->get_notify_type((notify_payload_t *)p));
			break;
		case PLV1_VENDOR_ID:
		case PLV2_VENDOR_ID:
			append(buf, len, pos, " VID");
			break;
		case PLV1_DELETE:
		case PLV2_DELETE:
			append(buf, len, pos, " DELETE");
			break;
		case PLV2_CONFIGURATION:
			append(buf, len, pos, " CFG");
			break;
		case PLV2_ENCRYPTED:
			append(buf, len, pos, " ENCR");
			break;
		default:
			append(buf, len, pos, " %N", payload_type_short_names, t);
			break;
		}
	}
	e->destroy(e);
}

static bool on_message(listener_t *l, ike_sa_t *ike_sa, message_t *message, bool incoming,
		       bool plain)
{
	struct iked_msg_debug_line line = {0};
	host_t *src = message->get_source(message), *dst = message->get_destination(message);
	ike_sa_id_t *id = message->get_ike_sa_id(message);
	size_t pos, len = sizeof(line.text);

	(void)l;
	/* Once per packet, with the payloads in clear (before encryption on
	 * the way out, after decryption on the way in). */
	if (!plain || !ike_sa || !src || !dst)
		return TRUE;
	pos = (size_t)prefix(line.text, len, ike_sa, &line.version, &line.unique_id);
	if (line.version == 1) {
		bool initiator = ike_sa->get_id(ike_sa)->is_initiator(ike_sa->get_id(ike_sa));

		/* IOS writes this one "ISAKMP (N): received ..." */
		pos = 0;
		if (incoming)
			append(line.text, len, &pos,
			       "ISAKMP (%u): received packet from %H dport %u sport %u Global (%s) %N",
			       line.unique_id, src,
			       dst->get_port(dst), src->get_port(src), initiator ? "I" : "R",
			       exchange_type_names, message->get_exchange_type(message));
		else
			append(line.text, len, &pos,
			       "ISAKMP:(%u):Sending packet to %H my_port %u peer_port %u (%s) %N",
			       line.unique_id, dst,
			       src->get_port(src), dst->get_port(dst), initiator ? "I" : "R",
			       exchange_type_names, message->get_exchange_type(message));
		append(line.text, len, &pos, "\nPayload contents:");
		payload_names(message, line.text, len, &pos);
		post(&line);
		return TRUE;
	}
	if (incoming)
		append(line.text, len, &pos, "Received Packet [From %H:%u/To %H:%u/VRF i0:f0]", src,
		       src->get_port(src), dst, dst->get_port(dst));
	else
		append(line.text, len, &pos, "Sending Packet [To %H:%u/From %H:%u/VRF i0:f0]", dst,
		       dst->get_port(dst), src, src->get_port(src));
	if (id)
		append(line.text, len, &pos,
		       "\nInitiator SPI : %016llX - Responder SPI : %016llX Message id: %u",
		       (unsigned long long)be64toh(id->get_initiator_spi(id)),
		       (unsigned long long)be64toh(id->get_responder_spi(id)),
		       message->get_message_id(message));
	append(line.text, len, &pos, "\nIKEv2 %N Exchange %s\nPayload contents:\n",
	       exchange_type_names, message->get_exchange_type(message),
	       message->get_request(message) ? "REQUEST" : "RESPONSE");
	payload_names(message, line.text, len, &pos);
	post(&line);
	return TRUE;
}

int iked_debug_start(void)
{
	if (pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	logger.log = on_log;
	logger.get_level = get_level;
	listener.message = on_message;
	return pipe_fds[0];
}

void iked_debug_set_kinds(uint32_t want)
{
	if (pipe_fds[0] < 0 || !want == !kinds) {
		kinds = want;
		return;
	}
	if (want) {
		charon->bus->add_logger(charon->bus, &logger);
		charon->bus->add_listener(charon->bus, &listener);
	} else {
		charon->bus->remove_listener(charon->bus, &listener);
		charon->bus->remove_logger(charon->bus, &logger);
	}
	kinds = want;
}

uint32_t iked_debug_kinds(void)
{
	return kinds;
}

void iked_debug_stop(void)
{
	if (pipe_fds[0] < 0)
		return;
	iked_debug_set_kinds(0);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	pipe_fds[0] = pipe_fds[1] = -1;
}

int iked_debug_read(int fd, struct iked_msg_debug_line *line)
{
	ssize_t n = read(fd, line, sizeof(*line));

	if (n == (ssize_t)sizeof(*line))
		return 1;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	return -1;
}

uint32_t iked_debug_line_kinds(const struct iked_msg_debug_line *line)
{
	if (line->version == 1)
		return IKED_DEBUG_ISAKMP;
	if (line->version == 2)
		return IKED_DEBUG_IKEV2;
	return IKED_DEBUG_IKEV2 | IKED_DEBUG_ISAKMP;
}

unsigned long iked_debug_dropped(void)
{
	return __atomic_load_n(&dropped, __ATOMIC_RELAXED);
}
