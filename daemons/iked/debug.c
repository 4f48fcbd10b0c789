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

/* charon's messages of the level of its own `-d 1` log (what happens, not
 * the bytes) are IKEv2 default debugging; `internal` adds level 2. */
static logger_t logger;
static listener_t listener;
static int pipe_fds[2] = {-1, -1};
static uint32_t kinds;           /* main loop only */
static level_t level;            /* registered with the logger; read by get_level */
static unsigned long dropped;    /* total, atomic */
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

/* The kinds of a line of SA version VERSION: ISAKMP's for IKEv1, V2_KINDS
 * for IKEv2, and for a line of no SA both (v2_kinds for IKEv2's side). */
static uint32_t kinds_of(uint8_t version, uint32_t v2_kinds)
{
	if (version == 1)
		return IKED_DEBUG_ISAKMP;
	return version == 2 ? v2_kinds : v2_kinds | IKED_DEBUG_ISAKMP;
}

/* Writes LINE to the pipe; never waits. */
static void post(struct iked_msg_debug_line *line, uint32_t line_kinds)
{
	struct timespec now;

	line->kinds = line_kinds;
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
	if (!wanted_group(group))
		return LEVEL_SILENT;
	/* level 2 of the encoder and the sockets is every field of every
	 * packet: not what `internal` is about */
	return group == DBG_ENC || group == DBG_NET ? LEVEL_CTRL : level;
}

static void on_log(logger_t *l, debug_t group, level_t msg_level, int thread, ike_sa_t *ike_sa,
		   const char *message)
{
	struct iked_msg_debug_line line = {0};
	int n;

	(void)l;
	(void)thread;
	/* The packet lines below say this, with the SA and the payloads;
	 * what has no SA is not IKEv2 or ISAKMP debugging's to show. */
	if (group == DBG_NET && (!ike_sa || !strncmp(message, "sending packet", 14) ||
				 !strncmp(message, "received packet", 15)))
		return;
	if (group == DBG_ENC &&
	    (!strncmp(message, "parsed ", 7) || !strncmp(message, "generating ", 11)))
		return;
	n = prefix(line.text, sizeof(line.text), ike_sa, &line.version, &line.unique_id);
	snprintf(line.text + n, sizeof(line.text) - (size_t)n, "%s", message);
	if (msg_level <= LEVEL_CTRL)
		post(&line, kinds_of(line.version, IKED_DEBUG_IKEV2));
	else if (line.version != 1) /* ISAKMP debugging has no internal level */
		post(&line, IKED_DEBUG_IKEV2_INTERNAL);
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
			append(
			    line.text, len, &pos,
			    "ISAKMP (%u): received packet from %H dport %u sport %u Global (%s) %N",
			    line.unique_id, src, dst->get_port(dst), src->get_port(src),
			    initiator ? "I" : "R", exchange_type_names,
			    message->get_exchange_type(message));
		else
			append(line.text, len, &pos,
			       "ISAKMP:(%u):Sending packet to %H my_port %u peer_port %u (%s) %N",
			       line.unique_id, dst, src->get_port(src), dst->get_port(dst),
			       initiator ? "I" : "R", exchange_type_names,
			       message->get_exchange_type(message));
		append(line.text, len, &pos, "\nPayload contents:");
		payload_names(message, line.text, len, &pos);
		post(&line, IKED_DEBUG_ISAKMP);
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
	post(&line, IKED_DEBUG_IKEV2 | IKED_DEBUG_IKEV2_PACKET);
	return TRUE;
}

/* What went wrong, for `debug crypto ikev2 error` (IOS's IKEv2-ERROR lines). */
static const char *failure(alert_t alert)
{
	switch (alert) {
	case ALERT_RETRANSMIT_SEND_TIMEOUT:
		return "Maximum number of retransmissions reached";
	case ALERT_PEER_INIT_UNREACHABLE:
		return "The peer did not answer the initial exchange";
	case ALERT_PROPOSAL_MISMATCH_IKE:
		return "Failed to find a matching IKE proposal";
	case ALERT_PROPOSAL_MISMATCH_CHILD:
		return "Failed to find a matching IPsec proposal";
	case ALERT_TS_MISMATCH:
		return "Traffic selectors do not match";
	case ALERT_LOCAL_AUTH_FAILED:
		return "Failed to authenticate to the peer";
	case ALERT_PEER_AUTH_FAILED:
		return "Failed to authenticate the peer";
	case ALERT_AUTHORIZATION_FAILED:
		return "Authorization of the peer failed";
	case ALERT_INVALID_IKE_SPI:
		return "Couldn't find matching SA: Detected an invalid IKE SPI";
	case ALERT_PARSE_ERROR_HEADER:
	case ALERT_PARSE_ERROR_BODY:
		return "Failed to parse a packet";
	case ALERT_HALF_OPEN_TIMEOUT:
		return "Half-open SA timed out";
	case ALERT_INSTALL_CHILD_SA_FAILED:
		return "Failed to install the IPsec SA in the kernel";
	case ALERT_INSTALL_CHILD_POLICY_FAILED:
		return "Failed to install the IPsec policy in the kernel";
	default:
		return NULL;
	}
}

static bool on_alert(listener_t *l, ike_sa_t *ike_sa, alert_t alert, va_list args)
{
	struct iked_msg_debug_line line = {0};
	const char *what = failure(alert);
	uint8_t version;
	uint32_t id;

	(void)l;
	(void)args;
	if (!what)
		return TRUE;
	prefix(line.text, sizeof(line.text), ike_sa, &version, &id);
	line.version = version;
	line.unique_id = id;
	if (version == 1)
		snprintf(line.text, sizeof(line.text), "ISAKMP:(%u):%s", id, what);
	else if (version == 2)
		snprintf(line.text, sizeof(line.text),
			 "IKEv2-ERROR:(SESSION ID = %u,SA ID = %u):: %s", id, id, what);
	else
		snprintf(line.text, sizeof(line.text), "IKEv2-ERROR:%s", what);
	post(&line, kinds_of(version, IKED_DEBUG_IKEV2 | IKED_DEBUG_IKEV2_ERROR));
	return TRUE;
}

int iked_debug_start(void)
{
	if (pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	logger.log = on_log;
	logger.get_level = get_level;
	listener.message = on_message;
	listener.alert = on_alert;
	return pipe_fds[0];
}

void iked_debug_set_kinds(uint32_t want)
{
	level_t want_level = want & IKED_DEBUG_IKEV2_INTERNAL ? LEVEL_DIAG : LEVEL_CTRL;

	if (pipe_fds[0] < 0 || (!want == !kinds && (!want || want_level == level))) {
		kinds = want;
		return;
	}
	if (want) {
		/* add_logger again re-reads the levels */
		level = want_level;
		charon->bus->add_logger(charon->bus, &logger);
		if (!kinds)
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

unsigned long iked_debug_dropped(void)
{
	return __atomic_load_n(&dropped, __ATOMIC_RELAXED);
}
