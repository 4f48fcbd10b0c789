/* Unit tests for lib/ipc.c: encoding, decoding, malformed packets, transport. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ipc.h"

START_TEST(test_roundtrip)
{
	struct ipc_msg m;
	struct ipc_view v;
	const char *s;
	uint32_t u;

	ipc_msg_init(&m, IPC_RTR_EXEC, 77);
	ck_assert_int_eq(ipc_msg_add_str(&m, IPC_F_LINE, "show ip route"), 0);
	ck_assert_int_eq(ipc_msg_add_u32(&m, IPC_F_STATUS, 3), 0);
	ck_assert_int_eq(ipc_msg_add_str(&m, IPC_F_PROMPT, ""), 0);
	ck_assert_int_eq(ipc_parse(m.buf, m.len, &v), 0);
	ck_assert_uint_eq(v.type, IPC_RTR_EXEC);
	ck_assert_uint_eq(v.seq, 77);
	ck_assert(ipc_get_str(&v, IPC_F_LINE, &s));
	ck_assert_str_eq(s, "show ip route");
	ck_assert(ipc_get_u32(&v, IPC_F_STATUS, &u));
	ck_assert_uint_eq(u, 3);
	ck_assert(ipc_get_str(&v, IPC_F_PROMPT, &s));
	ck_assert_str_eq(s, "");
	ck_assert(!ipc_get_str(&v, IPC_F_QUESTION, &s));
	/* Wrong shape: a string is not a u32 and the reverse. */
	ck_assert(!ipc_get_u32(&v, IPC_F_LINE, &u));
	ck_assert(!ipc_get_str(&v, IPC_F_STATUS, &s));
	ipc_msg_free(&m);
}
END_TEST

START_TEST(test_iterate_in_order)
{
	struct ipc_msg m;
	struct ipc_view v;
	size_t pos = 0, len;
	const void *val;
	uint16_t tag;
	int n = 0;

	ipc_msg_init(&m, IPC_DATA, 1);
	ipc_msg_add_str(&m, IPC_F_TEXT, "a");
	ipc_msg_add_str(&m, IPC_F_TEXT, "bc");
	ck_assert_int_eq(ipc_parse(m.buf, m.len, &v), 0);
	while (ipc_next(&v, &pos, &tag, &val, &len)) {
		ck_assert_uint_eq(tag, IPC_F_TEXT);
		ck_assert_str_eq(val, n == 0 ? "a" : "bc");
		n++;
	}
	ck_assert_int_eq(n, 2);
	ipc_msg_free(&m);
}
END_TEST

START_TEST(test_malformed_rejected)
{
	struct ipc_msg m;
	struct ipc_view v;
	uint8_t buf[64];
	uint32_t len;

	ipc_msg_init(&m, IPC_RTR_EXEC, 5);
	ipc_msg_add_str(&m, IPC_F_LINE, "end");
	memcpy(buf, m.buf, m.len);

	/* Shorter than a header. */
	ck_assert_int_eq(ipc_parse(buf, 5, &v), -EBADMSG);
	/* Length field disagreeing with the packet size. */
	ck_assert_int_eq(ipc_parse(buf, m.len - 1, &v), -EBADMSG);
	/* A field whose length runs past the end. */
	buf[IPC_HDR_LEN + 2] = 0xff;
	ck_assert_int_eq(ipc_parse(buf, m.len, &v), -EBADMSG);
	memcpy(buf, m.buf, m.len);
	/* A truncated field header at the end. */
	buf[m.len] = 1;
	len = (uint32_t)m.len + 2;
	memcpy(buf + 8, &len, 4);
	ck_assert_int_eq(ipc_parse(buf, len, &v), -EBADMSG);
	/* Too big. */
	ck_assert_int_eq(ipc_parse(buf, IPC_MAX_MSG + 1, &v), -EMSGSIZE);
	/* A string without its NUL is refused by the getter. */
	memcpy(buf, m.buf, m.len);
	buf[m.len - 1] = 'x';
	ck_assert_int_eq(ipc_parse(buf, m.len, &v), 0);
	{
		const char *s;

		ck_assert(!ipc_get_str(&v, IPC_F_LINE, &s));
	}
	ipc_msg_free(&m);
}
END_TEST

/* Every truncation and every byte flip of a valid packet parses or is
 * rejected; getters never read outside the packet (run under ASan/valgrind). */
START_TEST(test_mutations_never_crash)
{
	struct ipc_msg m;
	struct ipc_view v;
	size_t i, cut;

	ipc_msg_init(&m, IPC_END, 9);
	ipc_msg_add_u32(&m, IPC_F_STATUS, 1);
	ipc_msg_add_str(&m, IPC_F_MESSAGE, "% Incomplete command.");
	ipc_msg_add_str(&m, IPC_F_PROMPT, "R1#");
	for (cut = 0; cut <= m.len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, m.buf, cut);
		if (ipc_parse(copy, cut, &v) == 0) {
			const char *s;
			uint32_t u;

			ipc_get_str(&v, IPC_F_PROMPT, &s);
			ipc_get_u32(&v, IPC_F_STATUS, &u);
		}
		free(copy);
	}
	for (i = 0; i < m.len; i++) {
		uint8_t *copy = malloc(m.len);
		int b;

		for (b = 0; b < 256; b += 17) {
			memcpy(copy, m.buf, m.len);
			copy[i] = (uint8_t)b;
			if (ipc_parse(copy, m.len, &v) == 0) {
				const char *s;
				uint32_t u;

				ipc_get_str(&v, IPC_F_MESSAGE, &s);
				ipc_get_u32(&v, IPC_F_STATUS, &u);
			}
		}
		free(copy);
	}
	ipc_msg_free(&m);
}
END_TEST

START_TEST(test_builder_limits)
{
	struct ipc_msg m;
	char *big = malloc(70000);

	memset(big, 'x', 70000);
	ipc_msg_init(&m, IPC_DATA, 1);
	/* A field longer than u16 is refused and the error sticks. */
	ck_assert_int_eq(ipc_msg_add_strn(&m, IPC_F_TEXT, big, 70000), -EMSGSIZE);
	ck_assert_int_eq(ipc_msg_add_u32(&m, IPC_F_STATUS, 1), -EMSGSIZE);
	ck_assert_int_eq(ipc_send(-1, &m), -EMSGSIZE);
	ipc_msg_free(&m);

	/* Embedded NUL refused. */
	ipc_msg_init(&m, IPC_DATA, 1);
	ck_assert_int_eq(ipc_msg_add_strn(&m, IPC_F_TEXT, "a\0b", 3), -EINVAL);
	ipc_msg_free(&m);
	free(big);
}
END_TEST

START_TEST(test_socketpair_transport)
{
	int sv[2];
	uint8_t *buf = malloc(IPC_MAX_MSG);
	struct ipc_view v;
	char *text = malloc(100000);
	size_t got = 0;
	const char *s;
	uint32_t code;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	memset(text, 'y', 100000);
	/* Large text is split into DATA records that reassemble exactly;
	 * sent from a child so the socket buffer can't block us. */
	if (fork() == 0) {
		close(sv[1]);
		ipc_send_text(sv[0], 3, IPC_F_TEXT, text, 100000);
		ipc_send_err(sv[0], 4, EINVAL, "bad line");
		_exit(0);
	}
	close(sv[0]);
	while (got < 100000) {
		ck_assert_int_eq(ipc_recv(sv[1], buf, &v), 1);
		ck_assert_uint_eq(v.type, IPC_DATA);
		ck_assert_uint_eq(v.seq, 3);
		ck_assert(ipc_get_str(&v, IPC_F_TEXT, &s));
		ck_assert_uint_le(strlen(s), IPC_TEXT_CHUNK);
		got += strlen(s);
	}
	ck_assert_uint_eq(got, 100000);
	ck_assert_int_eq(ipc_recv(sv[1], buf, &v), 1);
	ck_assert_uint_eq(v.type, IPC_ERR);
	ck_assert(ipc_get_u32(&v, IPC_F_CODE, &code));
	ck_assert_uint_eq(code, EINVAL);
	ck_assert(ipc_get_str(&v, IPC_F_TEXT, &s));
	ck_assert_str_eq(s, "bad line");
	/* Orderly close. */
	ck_assert_int_eq(ipc_recv(sv[1], buf, &v), 0);
	close(sv[1]);
	free(buf);
	free(text);
}
END_TEST

START_TEST(test_recv_malformed_packet)
{
	int sv[2];
	uint8_t *buf = malloc(IPC_MAX_MSG);
	struct ipc_view v;
	uint8_t junk[7] = { 1, 2, 3, 4, 5, 6, 7 };

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	ck_assert_int_eq(send(sv[0], junk, sizeof(junk), 0), (ssize_t)sizeof(junk));
	ck_assert_int_eq(ipc_recv(sv[1], buf, &v), -EBADMSG);
	close(sv[0]);
	close(sv[1]);
	free(buf);
}
END_TEST

START_TEST(test_listen_connect)
{
	char dir[] = "/tmp/ipc-test-XXXXXX";
	char path[128];
	struct stat st;
	int lfd, cfd, afd, lfd2;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a/b/sock", dir);
	lfd = ipc_listen(path, 0660);
	ck_assert_int_ge(lfd, 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0660);
	cfd = ipc_connect(path);
	ck_assert_int_ge(cfd, 0);
	afd = accept(lfd, NULL, NULL);
	ck_assert_int_ge(afd, 0);
	/* A live socket is not taken over. */
	ck_assert_int_eq(ipc_listen(path, 0660), -EADDRINUSE);
	close(afd);
	close(cfd);
	close(lfd);
	/* A stale one is. */
	lfd2 = ipc_listen(path, 0600);
	ck_assert_int_ge(lfd2, 0);
	close(lfd2);
	unlink(path);
	snprintf(path, sizeof(path), "%s/a/b", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/a", dir);
	rmdir(path);
	rmdir(dir);
	ck_assert_int_eq(ipc_connect("/nonexistent/dir/sock"), -ENOENT);
}
END_TEST

struct collected {
	int data, events;
	char text[64];
};

static void
collect_data(const struct ipc_view *v, void *arg)
{
	struct collected *c = arg;
	const char *s;

	c->data++;
	if (ipc_get_str(v, IPC_F_TEXT, &s))
		strncat(c->text, s, sizeof(c->text) - strlen(c->text) - 1);
}

static void
collect_event(const struct ipc_view *v, void *arg)
{
	((struct collected *)arg)->events++;
}

/* The peer of test_call: answers three requests, then hangs up. */
static void
call_peer(int fd)
{
	uint8_t *buf = malloc(IPC_MAX_MSG);
	struct ipc_view v;
	struct ipc_msg m;

	/* 1: an event, a stale answer, two records, END with a field */
	ipc_recv(fd, buf, &v);
	ipc_msg_init(&m, 0x999, 0);
	ipc_send(fd, &m);
	ipc_msg_free(&m);
	ipc_send_text(fd, v.seq - 1, IPC_F_TEXT, "stale", 5);
	ipc_send_text(fd, v.seq, IPC_F_TEXT, "ab", 2);
	ipc_send_text(fd, v.seq, IPC_F_TEXT, "cd", 2);
	ipc_msg_init(&m, IPC_END, v.seq);
	ipc_msg_add_u32(&m, IPC_F_STATUS, 7);
	ipc_send(fd, &m);
	ipc_msg_free(&m);
	/* 2: ERR */
	ipc_recv(fd, buf, &v);
	ipc_send_err(fd, v.seq, ENOENT, "no such thing");
	/* 3: nothing, the peer goes away */
	ipc_recv(fd, buf, &v);
	free(buf);
	_exit(0);
}

START_TEST(test_call)
{
	uint8_t *buf = malloc(IPC_MAX_MSG);
	struct collected c = { 0 };
	struct ipc_view end;
	struct ipc_msg m;
	const char *s;
	uint32_t u;
	int sv[2];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	if (fork() == 0) {
		close(sv[1]);
		call_peer(sv[0]);
	}
	close(sv[0]);
	ipc_msg_init(&m, IPC_RTR_PROMPT, 10);
	ck_assert_int_eq(ipc_call(sv[1], &m, buf, collect_data, collect_event, &c, &end), 0);
	ipc_msg_free(&m);
	ck_assert_int_eq(c.events, 1);
	ck_assert_int_eq(c.data, 2); /* the stale record was skipped */
	ck_assert_str_eq(c.text, "abcd");
	ck_assert_uint_eq(end.type, IPC_END);
	ck_assert(ipc_get_u32(&end, IPC_F_STATUS, &u));
	ck_assert_uint_eq(u, 7);

	ipc_msg_init(&m, IPC_RTR_PROMPT, 11);
	ck_assert_int_eq(ipc_call(sv[1], &m, buf, NULL, NULL, NULL, &end), -ENOENT);
	ipc_msg_free(&m);
	ck_assert(ipc_get_str(&end, IPC_F_TEXT, &s));
	ck_assert_str_eq(s, "no such thing");

	ipc_msg_init(&m, IPC_RTR_PROMPT, 12);
	ck_assert_int_eq(ipc_call(sv[1], &m, buf, NULL, NULL, NULL, NULL), -ECONNRESET);
	ipc_msg_free(&m);
	close(sv[1]);
	free(buf);
}
END_TEST

static Suite *
ipc_suite(void)
{
	Suite *s = suite_create("ipc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_iterate_in_order);
	tcase_add_test(tc, test_malformed_rejected);
	tcase_add_test(tc, test_mutations_never_crash);
	tcase_add_test(tc, test_builder_limits);
	tcase_add_test(tc, test_socketpair_transport);
	tcase_add_test(tc, test_recv_malformed_packet);
	tcase_add_test(tc, test_listen_connect);
	tcase_add_test(tc, test_call);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ipc_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
