/*
 * Messages between ish and the daemons (and later between the daemons):
 * Unix SOCK_SEQPACKET sockets, one message per packet.
 *
 * A message is a fixed header followed by typed fields (TLVs):
 *
 *   header  u16 type | u16 flags | u32 seq | u32 len (header + body)
 *   field   u16 tag  | u16 len   | value (len bytes, no padding)
 *
 * Integers are in host byte order: both ends are on the same machine.
 * A reply carries the request's seq and is one of: OK, ERR {code, text},
 * or a run of DATA records ended by END (END may carry fields itself).
 * Requests use seq >= 1; what a daemon sends unasked (events, log lines)
 * carries seq 0 and may arrive before a reply. An ERR with seq 0 answers
 * whatever is pending (the peer could not read the request, or refused
 * the connection).
 * Strings are stored with their terminating NUL so the decoder can hand
 * out pointers into the packet; a string field without it is malformed.
 *
 * The decoder checks the whole packet before giving anything out: a bad
 * length, a field running past the end, or a packet bigger than
 * IPC_MAX_MSG is rejected with -EBADMSG / -EMSGSIZE, never read past.
 */
#ifndef LIOS_IPC_H
#define LIOS_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IPC_HDR_LEN 12u
#define IPC_FIELD_HDR_LEN 4u
/* Largest packet: well under the default Unix socket send buffer. */
#define IPC_MAX_MSG 65536u
/* Largest text chunk ipc_send_text() puts in one DATA record. */
#define IPC_TEXT_CHUNK 32768u

/* Generic message types, shared by every daemon. */
enum ipc_type {
	IPC_OK = 1,
	IPC_ERR = 2,  /* fields: IPC_F_CODE (u32, an errno), IPC_F_TEXT */
	IPC_DATA = 3, /* one record of a reply */
	IPC_END = 4,  /* end of a run of DATA records */

	/* routerd sessions (ish -> routerd). Each is answered by DATA
	 * records holding IPC_F_TEXT (output) and an END holding the
	 * session state (IPC_F_STATUS ... IPC_F_TERM_WIDTH below). */
	IPC_RTR_EXEC = 0x100,	  /* IPC_F_LINE: run a line (or answer a question) */
	IPC_RTR_HELP = 0x101,	  /* IPC_F_LINE: `?` help for a partial line */
	IPC_RTR_COMPLETE = 0x102, /* IPC_F_LINE: Tab; END has IPC_F_LINE if it completes */
	IPC_RTR_PROMPT = 0x103,	  /* no fields: just the session state */
	/* routerd -> ish, unasked (seq 0): a log line for `terminal monitor`,
	 * in IPC_F_TEXT. It may arrive at any time, also before a reply. */
	IPC_RTR_LOG = 0x180,
};

/* Field tags. Generic ones first, then per-protocol ranges. */
enum ipc_tag {
	IPC_F_CODE = 1, /* u32 */
	IPC_F_TEXT = 2, /* string */

	/* routerd sessions */
	IPC_F_LINE = 0x100,	  /* string: the command line */
	IPC_F_STATUS = 0x101,	  /* u32: enum cli_status */
	IPC_F_ERR_POS = 0x102,	  /* u32: byte offset of the bad character */
	IPC_F_MESSAGE = 0x103,	  /* string: the IOS error message for STATUS */
	IPC_F_PROMPT = 0x104,	  /* string: the prompt for the next line */
	IPC_F_QUESTION = 0x105,	  /* string: a pending question ("Password: ") */
	IPC_F_ECHO = 0x106,	  /* u32: 0 = read the answer without echo */
	IPC_F_TERM_LENGTH = 0x107, /* u32: terminal length (0 = no paging) */
	IPC_F_TERM_WIDTH = 0x108, /* u32: terminal width */
	IPC_F_PRIVILEGE = 0x109,  /* u32 */
};

/* A message being built. */
struct ipc_msg {
	uint8_t *buf; /* header + body */
	size_t len;
	size_t cap;
	int error; /* sticky: set by the first failing add, reported by send */
};

/* A received message: checked, with pointers into the packet buffer. */
struct ipc_view {
	uint16_t type;
	uint16_t flags;
	uint32_t seq;
	const uint8_t *body;
	size_t body_len;
};

/* Building. */
void ipc_msg_init(struct ipc_msg *m, uint16_t type, uint32_t seq);
void ipc_msg_free(struct ipc_msg *m);
int ipc_msg_add(struct ipc_msg *m, uint16_t tag, const void *val, size_t len);
int ipc_msg_add_u32(struct ipc_msg *m, uint16_t tag, uint32_t v);
int ipc_msg_add_str(struct ipc_msg *m, uint16_t tag, const char *s);
/* Like ipc_msg_add_str for a string of len bytes that need not end in NUL. */
int ipc_msg_add_strn(struct ipc_msg *m, uint16_t tag, const char *s, size_t len);

/* Decoding: 0, or -EBADMSG / -EMSGSIZE for a malformed packet. */
int ipc_parse(const void *pkt, size_t len, struct ipc_view *v);
/* The first field with tag: true and its value, or false. */
bool ipc_get(const struct ipc_view *v, uint16_t tag, const void **val, size_t *len);
/* Typed getters: false if absent or of the wrong size/shape. */
bool ipc_get_u32(const struct ipc_view *v, uint16_t tag, uint32_t *out);
bool ipc_get_str(const struct ipc_view *v, uint16_t tag, const char **out);
/* Iterates fields: start with *pos = 0; false at the end. */
bool ipc_next(const struct ipc_view *v, size_t *pos, uint16_t *tag, const void **val,
	      size_t *len);

/* Transport. All return 0 (or a fd) on success and -errno on failure. */
/* Creates the listening socket: makes the directory (mkdir -p), refuses
 * to take over a socket someone still answers on (-EADDRINUSE), removes a
 * stale one, binds and chmods to mode. */
int ipc_listen(const char *path, unsigned mode);
int ipc_connect(const char *path);
int ipc_send(int fd, struct ipc_msg *m);
/* Like ipc_send, but -EAGAIN instead of waiting when the peer's queue is full. */
int ipc_send_nowait(int fd, struct ipc_msg *m);
/* Receives one packet into buf (IPC_MAX_MSG bytes) and parses it.
 * Returns 1 with *v filled, 0 on an orderly close, -errno on error
 * (-EMSGSIZE for a truncated packet, -EBADMSG for a malformed one). */
int ipc_recv(int fd, void *buf, struct ipc_view *v);

/* A client's round trip: sends req, then reads until its answer ends.
 * Each DATA record of the answer goes to on_data, each unasked message
 * (seq 0, other than ERR) to on_event; either may be NULL. Returns 0 after
 * OK or END (*end, if given, is that message: valid until buf is reused),
 * -code for ERR (its text in *end), -ECONNRESET if the peer closed, or
 * another -errno. buf holds IPC_MAX_MSG bytes. */
typedef void (*ipc_msg_fn)(const struct ipc_view *v, void *arg);
int ipc_call(int fd, struct ipc_msg *req, void *buf, ipc_msg_fn on_data, ipc_msg_fn on_event,
	     void *arg, struct ipc_view *end);

/* Reply helpers. */
int ipc_send_ok(int fd, uint32_t seq);
int ipc_send_err(int fd, uint32_t seq, uint32_t code, const char *text);
/* Sends text as DATA records of at most IPC_TEXT_CHUNK bytes in tag. */
int ipc_send_text(int fd, uint32_t seq, uint16_t tag, const char *text, size_t len);

#endif
