/* routerd's NHRP owner against a stand-in dmvpnd on a real control socket:
 * the configuration text generated from the model, acceptance while dmvpnd
 * is down, the full push when it comes up, refusals passed back to the
 * transaction, and show queries. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "../../daemons/dmvpnd/dmvpn_ctl.h"
#include "../../daemons/dmvpnd/nhrp_conf.h"
#include "ipc.h"
#include "owner_nhrp.h"

static char dir[64], sock_path[128];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/test_dmvpnd_owner.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sock_path, sizeof(sock_path), "%s/dmvpnd.sock", dir);
}

static void
teardown(void)
{
	unlink(sock_path);
	rmdir(dir);
}

static struct model *
dmvpn_model(unsigned holdtime)
{
	struct model *m = model_new();
	struct m_interface *f = (struct m_interface *)model_edit(m, MK_INTERFACE, "Tunnel0", true);
	struct m_interface *lo = (struct m_interface *)model_edit(m, MK_INTERFACE, "Loopback0", true);

	lo->has_address = true;
	model_parse_ip("192.168.2.1", &lo->address.addr);
	f->has_address = true;
	model_parse_ip("10.0.0.2", &f->address.addr);
	model_parse_ip("255.255.255.0", &f->address.mask);
	f->tunnel.mode = TUNNEL_GRE_MULTIPOINT;
	f->nhrp.has_network_id = true;
	f->nhrp.network_id = 1;
	strcpy(f->nhrp.auth, "lios");
	f->nhrp.has_holdtime = true;
	f->nhrp.holdtime = holdtime;
	f->nhrp.n_nhs = 1;
	model_parse_ip("10.0.0.1", &f->nhrp.nhs[0].proto);
	f->nhrp.nhs[0].has_nbma = true;
	model_parse_ip("192.0.2.1", &f->nhrp.nhs[0].nbma);
	f->nhrp.nhs[0].multicast = true;
	f->nhrp.n_map = 1;
	model_parse_ip("10.0.0.9", &f->nhrp.map[0].proto);
	model_parse_ip("192.0.2.9", &f->nhrp.map[0].nbma);
	f->nhrp.shortcut = true;
	f->nhrp.has_reg_timeout = true;
	f->nhrp.reg_timeout = 30;
	return m;
}

static const char *expected_text = "interface Tunnel0\n"
				   " address 10.0.0.2/24\n"
				   " network-id 1\n"
				   " authentication lios\n"
				   " holdtime 600\n"
				   " nhs 10.0.0.1 nbma 192.0.2.1 multicast\n"
				   " map 10.0.0.9 192.0.2.9\n"
				   " registration timeout 30\n"
				   " shortcut\n";

static char *
text_of(const struct model *m)
{
	char *t = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&t, &n);

	owner_nhrp_config_text(m, NULL, f);
	fclose(f);
	return t;
}

static int
apply(struct owner *o, const struct model *m, char *why, size_t whylen)
{
	struct owner_change c = {
		.op = CHANGE_MODIFY,
		.kind = MK_INTERFACE,
		.aspect = ASPECT_NHRP,
		.owner = OWNER_NHRP,
		.new_model = m,
	};

	return o->apply(o, &c, why, whylen);
}

START_TEST(test_config_text)
{
	struct model *m = dmvpn_model(600);
	struct m_interface *f = (struct m_interface *)model_edit(m, MK_INTERFACE, "Tunnel0", false);
	char *t = text_of(m);

	ck_assert_str_eq(t, expected_text);
	free(t);
	/* tunnel protection: dmvpnd also learns the name of the tunnel's %any
	 * IKE spec (ike_map names it after the interface) */
	f->protection.set = true;
	snprintf(f->protection.profile, sizeof(f->protection.profile), "DMVPN-IPSEC");
	t = text_of(m);
	ck_assert_ptr_nonnull(strstr(t, " protection ipsec profile DMVPN-IPSEC spec Tunnel0\n"));
	free(t);
	f->protection.set = false;
	/* a point-to-point tunnel, or no network-id: no NHRP */
	f->tunnel.mode = TUNNEL_GRE_IP;
	t = text_of(m);
	ck_assert_str_eq(t, "");
	free(t);
	model_free(m);
}
END_TEST

START_TEST(test_config_text_nhs_features)
{
	struct model *m = dmvpn_model(600);
	struct m_interface *f = (struct m_interface *)model_edit(m, MK_INTERFACE, "Tunnel0", false);
	struct nhrp_conf conf;
	char err[128], *t;

	/* nhs dynamic, clusters, max-connections and fallback reach dmvpnd,
	 * whose parser takes them */
	f->nhrp.n_nhs = 2;
	f->nhrp.nhs[1].has_nbma = true;
	model_parse_ip("192.0.2.5", &f->nhrp.nhs[1].nbma);
	f->nhrp.nhs[1].has_cluster = true;
	f->nhrp.nhs[1].cluster = 2;
	f->nhrp.has_nhs_max_conn[2] = true;
	f->nhrp.nhs_max_conn[2] = 1;
	f->nhrp.has_nhs_fallback = true;
	f->nhrp.nhs_fallback = 20;
	t = text_of(m);
	ck_assert_msg(strstr(t, " nhs dynamic nbma 192.0.2.5 cluster 2\n"
				" nhs cluster 2 max-connections 1\n nhs fallback 20\n"),
		      "%s", t);
	ck_assert_msg(nhrp_conf_parse(t, &conf, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(conf.ifs[0].n_nhs, 2);
	ck_assert_uint_eq(conf.ifs[0].nhs[1].proto.s_addr, 0);
	ck_assert_uint_eq(conf.ifs[0].max_conn[2], 1);
	ck_assert_uint_eq(conf.ifs[0].fallback, 20);
	free(t);
	model_free(m);
}
END_TEST

/* The stand-in dmvpnd: accepts one connection, answers each request with
 * what the test scripted, records the configurations it received. */
struct fake {
	int listen_fd;
	char received[4][1024];
	unsigned n_received;
	bool refuse;
	unsigned requests;
};

static void *
fake_serve(void *arg)
{
	struct fake *fk = arg;
	uint8_t *buf = malloc(IPC_MAX_MSG);
	struct pollfd p = { .fd = fk->listen_fd, .events = POLLIN };
	int fd;

	if (poll(&p, 1, 5000) != 1 || (fd = accept(fk->listen_fd, NULL, NULL)) < 0) {
		free(buf);
		return NULL;
	}
	for (;;) {
		struct ipc_view v;
		const char *s;

		p.fd = fd;
		if (poll(&p, 1, 5000) != 1 || ipc_recv(fd, buf, &v) <= 0)
			break;
		fk->requests++;
		if (v.type == DMVPN_CTL_CONFIG && ipc_get_str(&v, IPC_F_TEXT, &s)) {
			if (fk->n_received < 4)
				snprintf(fk->received[fk->n_received++], 1024, "%s", s);
			if (fk->refuse)
				ipc_send_err(fd, v.seq, EINVAL, "line 5: bad holdtime");
			else
				ipc_send_ok(fd, v.seq);
		} else if (v.type == DMVPN_CTL_SHOW && ipc_get_str(&v, IPC_F_LINE, &s)) {
			struct ipc_msg end;
			char text[64];

			snprintf(text, sizeof(text), "show %s from dmvpnd\n", s);
			ipc_send_text(fd, v.seq, IPC_F_TEXT, text, strlen(text));
			ipc_msg_init(&end, IPC_END, v.seq);
			ipc_send(fd, &end);
			ipc_msg_free(&end);
		} else {
			ipc_send_err(fd, v.seq, EOPNOTSUPP, "no");
		}
	}
	close(fd);
	free(buf);
	return NULL;
}

START_TEST(test_push_when_dmvpnd_comes_up)
{
	struct owner *o = owner_nhrp_new(NULL, sock_path);
	struct model *m = dmvpn_model(600);
	struct fake fk = { 0 };
	pthread_t th;
	char why[256] = "";

	/* dmvpnd is down: the configuration is accepted all the same. */
	ck_assert_int_eq(apply(o, m, why, sizeof(why)), 0);
	/* It comes up: the owner connects within a second or two and pushes
	 * the whole configuration. */
	fk.listen_fd = ipc_listen(sock_path, 0600);
	ck_assert_int_ge(fk.listen_fd, 0);
	pthread_create(&th, NULL, fake_serve, &fk);
	for (int i = 0; i < 50 && fk.n_received == 0; i++)
		usleep(100000);
	ck_assert_uint_eq(fk.n_received, 1);
	ck_assert_str_eq(fk.received[0], expected_text);
	/* The same configuration again is not pushed twice. */
	ck_assert_int_eq(apply(o, m, why, sizeof(why)), 0);
	ck_assert_uint_eq(fk.n_received, 1);
	owner_free(o); /* closes the connection: the server thread ends */
	pthread_join(th, NULL);
	close(fk.listen_fd);
	model_free(m);
}
END_TEST

START_TEST(test_refusal_and_show)
{
	struct owner *o = owner_nhrp_new(NULL, sock_path);
	struct model *m1 = dmvpn_model(600), *m2 = dmvpn_model(900);
	struct fake fk = { 0 };
	pthread_t th;
	char why[256] = "", err[128] = "", *out = NULL;
	size_t len = 0;
	FILE *f;

	fk.listen_fd = ipc_listen(sock_path, 0600);
	ck_assert_int_ge(fk.listen_fd, 0);
	pthread_create(&th, NULL, fake_serve, &fk);
	ck_assert_int_eq(apply(o, m1, why, sizeof(why)), 0);
	ck_assert_uint_eq(fk.n_received, 1);
	/* A running dmvpnd that refuses makes the transaction fail. */
	fk.refuse = true;
	ck_assert_int_eq(apply(o, m2, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "dmvpnd: line 5: bad holdtime");
	ck_assert_ptr_nonnull(strstr(fk.received[1], " holdtime 900\n"));
	/* show is asked of dmvpnd and its text comes back as is */
	f = open_memstream(&out, &len);
	ck_assert_int_eq(owner_nhrp_query(owner_nhrp_of(o), DMVPN_CTL_SHOW, "dmvpn", f, err,
					  sizeof(err)),
			 0);
	fclose(f);
	ck_assert_str_eq(out, "show dmvpn from dmvpnd\n");
	free(out);
	owner_free(o);
	pthread_join(th, NULL);
	close(fk.listen_fd);
	model_free(m1);
	model_free(m2);
}
END_TEST

START_TEST(test_show_when_down)
{
	struct owner *o = owner_nhrp_new(NULL, sock_path);
	char err[128] = "";
	FILE *f = fopen("/dev/null", "w");

	ck_assert_int_lt(owner_nhrp_query(owner_nhrp_of(o), DMVPN_CTL_SHOW, "dmvpn", f, err,
					  sizeof(err)),
			 0);
	ck_assert_ptr_nonnull(strstr(err, "dmvpnd is not running"));
	ck_assert_ptr_null(owner_nhrp_of(NULL));
	fclose(f);
	owner_free(o);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("dmvpnd_owner");
	TCase *tc = tcase_create("owner");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_config_text);
	tcase_add_test(tc, test_config_text_nhs_features);
	tcase_add_test(tc, test_push_when_dmvpnd_comes_up);
	tcase_add_test(tc, test_refusal_and_show);
	tcase_add_test(tc, test_show_when_down);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
