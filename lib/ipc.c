/* ipc: encoding, decoding and transport of lios messages (see ipc.h). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "ipc.h"

static void
put_u16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void
put_u32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint16_t
get_u16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t
get_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

void
ipc_msg_init(struct ipc_msg *m, uint16_t type, uint32_t seq)
{
	m->cap = 256;
	m->buf = malloc(m->cap);
	m->len = IPC_HDR_LEN;
	m->error = 0;
	if (!m->buf) {
		m->cap = 0;
		m->error = -ENOMEM;
		return;
	}
	put_u16(m->buf, type);
	put_u16(m->buf + 2, 0);
	put_u32(m->buf + 4, seq);
	put_u32(m->buf + 8, IPC_HDR_LEN);
}

void
ipc_msg_free(struct ipc_msg *m)
{
	free(m->buf);
	m->buf = NULL;
	m->len = m->cap = 0;
}

static int
msg_reserve(struct ipc_msg *m, size_t more)
{
	size_t want = m->len + more;
	uint8_t *nb;
	size_t ncap;

	if (want > IPC_MAX_MSG)
		return -EMSGSIZE;
	if (want <= m->cap)
		return 0;
	ncap = m->cap ? m->cap : 256;
	while (ncap < want)
		ncap *= 2;
	nb = realloc(m->buf, ncap);
	if (!nb)
		return -ENOMEM;
	m->buf = nb;
	m->cap = ncap;
	return 0;
}

/* Appends a field made of val followed by nul_pad NUL bytes (0 or 1). */
static int
msg_add_field(struct ipc_msg *m, uint16_t tag, const void *val, size_t len, size_t nul_pad)
{
	size_t flen = len + nul_pad;
	int err;

	if (m->error)
		return m->error;
	if (flen > UINT16_MAX) {
		m->error = -EMSGSIZE;
		return m->error;
	}
	err = msg_reserve(m, IPC_FIELD_HDR_LEN + flen);
	if (err) {
		m->error = err;
		return err;
	}
	put_u16(m->buf + m->len, tag);
	put_u16(m->buf + m->len + 2, (uint16_t)flen);
	if (len)
		memcpy(m->buf + m->len + IPC_FIELD_HDR_LEN, val, len);
	if (nul_pad)
		m->buf[m->len + IPC_FIELD_HDR_LEN + len] = '\0';
	m->len += IPC_FIELD_HDR_LEN + flen;
	put_u32(m->buf + 8, (uint32_t)m->len);
	return 0;
}

int
ipc_msg_add(struct ipc_msg *m, uint16_t tag, const void *val, size_t len)
{
	return msg_add_field(m, tag, val, len, 0);
}

int
ipc_msg_add_u32(struct ipc_msg *m, uint16_t tag, uint32_t v)
{
	return msg_add_field(m, tag, &v, sizeof(v), 0);
}

int
ipc_msg_add_strn(struct ipc_msg *m, uint16_t tag, const char *s, size_t len)
{
	/* An embedded NUL would silently cut the string at the other end. */
	if (memchr(s, '\0', len)) {
		if (!m->error)
			m->error = -EINVAL;
		return -EINVAL;
	}
	return msg_add_field(m, tag, s, len, 1);
}

int
ipc_msg_add_str(struct ipc_msg *m, uint16_t tag, const char *s)
{
	return ipc_msg_add_strn(m, tag, s, strlen(s));
}

int
ipc_parse(const void *pkt, size_t len, struct ipc_view *v)
{
	const uint8_t *p = pkt;
	size_t pos;

	if (len > IPC_MAX_MSG)
		return -EMSGSIZE;
	if (len < IPC_HDR_LEN)
		return -EBADMSG;
	if (get_u32(p + 8) != len)
		return -EBADMSG;
	/* Walk every field once so the getters can trust the layout. */
	for (pos = IPC_HDR_LEN; pos < len;) {
		size_t flen;

		if (len - pos < IPC_FIELD_HDR_LEN)
			return -EBADMSG;
		flen = get_u16(p + pos + 2);
		if (len - pos - IPC_FIELD_HDR_LEN < flen)
			return -EBADMSG;
		pos += IPC_FIELD_HDR_LEN + flen;
	}
	v->type = get_u16(p);
	v->flags = get_u16(p + 2);
	v->seq = get_u32(p + 4);
	v->body = p + IPC_HDR_LEN;
	v->body_len = len - IPC_HDR_LEN;
	return 0;
}

bool
ipc_next(const struct ipc_view *v, size_t *pos, uint16_t *tag, const void **val, size_t *len)
{
	size_t flen;

	if (*pos + IPC_FIELD_HDR_LEN > v->body_len)
		return false;
	flen = get_u16(v->body + *pos + 2);
	if (v->body_len - *pos - IPC_FIELD_HDR_LEN < flen)
		return false;
	*tag = get_u16(v->body + *pos);
	*val = v->body + *pos + IPC_FIELD_HDR_LEN;
	*len = flen;
	*pos += IPC_FIELD_HDR_LEN + flen;
	return true;
}

bool
ipc_get(const struct ipc_view *v, uint16_t tag, const void **val, size_t *len)
{
	size_t pos = 0;
	uint16_t t;

	while (ipc_next(v, &pos, &t, val, len))
		if (t == tag)
			return true;
	return false;
}

bool
ipc_get_u32(const struct ipc_view *v, uint16_t tag, uint32_t *out)
{
	const void *val;
	size_t len;

	if (!ipc_get(v, tag, &val, &len) || len != sizeof(uint32_t))
		return false;
	*out = get_u32(val);
	return true;
}

bool
ipc_get_str(const struct ipc_view *v, uint16_t tag, const char **out)
{
	const void *val;
	size_t len;

	if (!ipc_get(v, tag, &val, &len) || len == 0)
		return false;
	/* Exactly one NUL, at the end. */
	if (memchr(val, '\0', len) != (const uint8_t *)val + len - 1)
		return false;
	*out = val;
	return true;
}

/* mkdir -p for the directory part of path. */
static int
make_parent_dirs(const char *path)
{
	char *dir = strdup(path);
	char *p;
	int ret = 0;

	if (!dir)
		return -ENOMEM;
	p = strrchr(dir, '/');
	if (!p || p == dir) {
		free(dir);
		return 0;
	}
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
				ret = -errno;
				break;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	return ret;
}

static int
fill_addr(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path))
		return -ENAMETOOLONG;
	strcpy(sa->sun_path, path);
	return 0;
}

int
ipc_connect(const char *path)
{
	struct sockaddr_un sa;
	int fd, err;

	err = fill_addr(&sa, path);
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int
ipc_listen(const char *path, unsigned mode)
{
	struct sockaddr_un sa;
	int fd, err;

	err = fill_addr(&sa, path);
	if (err)
		return err;
	err = make_parent_dirs(path);
	if (err)
		return err;
	/* A socket file that nobody answers on is left over from a crash. */
	fd = ipc_connect(path);
	if (fd >= 0) {
		close(fd);
		return -EADDRINUSE;
	}
	if (fd == -ECONNREFUSED)
		unlink(path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || chmod(path, mode) < 0 ||
	    listen(fd, 16) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

static int
msg_send(int fd, struct ipc_msg *m, int flags)
{
	ssize_t n;

	if (m->error)
		return m->error;
	do
		n = send(fd, m->buf, m->len, MSG_NOSIGNAL | flags);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if ((size_t)n != m->len)
		return -EMSGSIZE;
	return 0;
}

int
ipc_send(int fd, struct ipc_msg *m)
{
	return msg_send(fd, m, 0);
}

int
ipc_send_nowait(int fd, struct ipc_msg *m)
{
	return msg_send(fd, m, MSG_DONTWAIT);
}

int
ipc_recv(int fd, void *buf, struct ipc_view *v)
{
	struct iovec iov = { .iov_base = buf, .iov_len = IPC_MAX_MSG };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;
	int err;

	do
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return 0;
	if (mh.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	err = ipc_parse(buf, (size_t)n, v);
	return err ? err : 1;
}

int
ipc_send_ok(int fd, uint32_t seq)
{
	struct ipc_msg m;
	int err;

	ipc_msg_init(&m, IPC_OK, seq);
	err = ipc_send(fd, &m);
	ipc_msg_free(&m);
	return err;
}

int
ipc_send_err(int fd, uint32_t seq, uint32_t code, const char *text)
{
	struct ipc_msg m;
	int err;

	ipc_msg_init(&m, IPC_ERR, seq);
	ipc_msg_add_u32(&m, IPC_F_CODE, code);
	ipc_msg_add_str(&m, IPC_F_TEXT, text);
	err = ipc_send(fd, &m);
	ipc_msg_free(&m);
	return err;
}

int
ipc_send_text(int fd, uint32_t seq, uint16_t tag, const char *text, size_t len)
{
	size_t off = 0;

	while (off < len) {
		size_t chunk = len - off > IPC_TEXT_CHUNK ? IPC_TEXT_CHUNK : len - off;
		struct ipc_msg m;
		int err;

		ipc_msg_init(&m, IPC_DATA, seq);
		ipc_msg_add_strn(&m, tag, text + off, chunk);
		err = ipc_send(fd, &m);
		ipc_msg_free(&m);
		if (err)
			return err;
		off += chunk;
	}
	return 0;
}

int
ipc_call(int fd, struct ipc_msg *req, void *buf, ipc_msg_fn on_data, ipc_msg_fn on_event,
	 void *arg, struct ipc_view *end)
{
	uint32_t seq, code;
	struct ipc_view v;
	int n;

	if (req->error)
		return req->error;
	seq = get_u32(req->buf + 4);
	n = ipc_send(fd, req);
	if (n)
		return n == -EPIPE ? -ECONNRESET : n;
	for (;;) {
		n = ipc_recv(fd, buf, &v);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0)
			return n;
		if (v.seq == 0 && v.type != IPC_ERR) {
			if (on_event)
				on_event(&v, arg);
			continue;
		}
		if (v.seq != seq && v.seq != 0)
			continue; /* the answer to a request given up on */
		switch (v.type) {
		case IPC_DATA:
			if (on_data)
				on_data(&v, arg);
			continue;
		case IPC_ERR:
			if (end)
				*end = v;
			if (!ipc_get_u32(&v, IPC_F_CODE, &code) || code == 0 || code > INT_MAX)
				code = EPROTO;
			return -(int)code;
		case IPC_OK:
		case IPC_END:
			if (end)
				*end = v;
			return 0;
		default:
			return -EPROTO;
		}
	}
}
