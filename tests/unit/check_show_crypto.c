/* The show crypto renderers on synthetic SA records (values as iked sent
 * them in the routerd-ikev2 lab): exact IOS rows, and the two detail
 * outputs parsed by the ntc-templates with Debian's python3-textfsm. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "router_priv.h"
#include "show_crypto.h"

/* The project's copy of the templates; NTC_TEMPLATES overrides. */
static const char *
templates(void)
{
	const char *d = getenv("NTC_TEMPLATES");

	return d ? d : "/work/shared/compat/ntc-templates";
}

static struct crypto_sas sas;
static struct crypto_peer peers[2];
static struct crypto_view view;

static void
setup(void)
{
	struct iked_msg_sa s = { .hdr = { IKED_MSG_SA, IKED_MSG_VERSION, sizeof(s) } };
	struct iked_msg_child c = { .hdr = { IKED_MSG_CHILD, IKED_MSG_VERSION, sizeof(c) } };
	struct iked_msg_sa v1;

	memset(&sas, 0, sizeof(sas));
	s.unique_id = 2;
	strcpy(s.name, "Tunnel0");
	s.version = 2;
	s.initiator = 1;
	strcpy(s.state, "ESTABLISHED");
	strcpy(s.local, "192.0.2.1");
	strcpy(s.remote, "192.0.2.2");
	s.local_port = s.remote_port = 500;
	strcpy(s.local_id, "192.0.2.1");
	strcpy(s.remote_id, "192.0.2.2");
	s.spi_i = 0x5D4519820D6B9F4Aull;
	s.spi_r = 0x65D3D6F7D18D5A47ull;
	strcpy(s.encr, "AES_CBC");
	s.encr_keysize = 256;
	strcpy(s.integ, "HMAC_SHA2_256_128");
	strcpy(s.prf, "PRF_HMAC_SHA2_256");
	strcpy(s.dh, "MODP_2048");
	s.dh_group = 14;
	s.lifetime = 86400;
	s.active_time = 471;
	s.dpd = (struct ike_dpd){ IKE_DPD_PERIODIC, 10, 2 };
	s.n_child = 1;
	crypto_sas_add(&sas, &s.hdr);
	c.ike_unique_id = 2;
	c.unique_id = 1;
	strcpy(c.name, "Tunnel0");
	strcpy(c.state, "INSTALLED");
	c.mode = IKE_MODE_TRANSPORT;
	c.spi_in = 0xC76AB07C;
	c.spi_out = 0xCF5B0F7A;
	strcpy(c.encr, "AES_CBC");
	c.encr_keysize = 256;
	strcpy(c.integ, "HMAC_SHA2_256_128");
	strcpy(c.local_ts, "192.0.2.1/32[gre]");
	strcpy(c.remote_ts, "192.0.2.2/32[gre]");
	c.packets_in = 6;
	c.packets_out = 7;
	c.bytes_in = c.bytes_out = 4096;
	c.life_in = 3589;
	crypto_sas_add(&sas, &c.hdr);
	/* an IKEv1 SA where we responded */
	v1 = s;
	v1.unique_id = 5;
	v1.version = 1;
	v1.initiator = 0;
	strcpy(v1.name, "Tunnel1");
	strcpy(v1.remote, "198.51.100.2");
	crypto_sas_add(&sas, &v1.hdr);
	memset(peers, 0, sizeof(peers));
	strcpy(peers[0].name, "Tunnel0");
	strcpy(peers[0].ifname, "Tunnel0");
	strcpy(peers[0].profile, "LAB-IKEV2");
	strcpy(peers[0].out_if, "GigabitEthernet0/0");
	strcpy(peers[0].local, "192.0.2.1");
	strcpy(peers[0].remote, "192.0.2.2");
	peers[0].proto = 47;
	peers[0].initiate = true;
	/* configured, no SA: listed DOWN by show crypto session */
	strcpy(peers[1].name, "Tunnel7");
	strcpy(peers[1].ifname, "Tunnel7");
	strcpy(peers[1].local, "192.0.2.1");
	strcpy(peers[1].remote, "192.0.2.7");
	peers[1].proto = 47;
	peers[1].initiate = true;
	view = (struct crypto_view){ .sas = &sas, .peers = peers, .n_peers = 2 };
}

static void
teardown(void)
{
	crypto_sas_free(&sas);
}

/* Parses text with TEMPLATE; returns the records as "K=V|K=V...\n" lines. */
static char *
textfsm(const char *template, const char *text)
{
	char in[] = "/tmp/check_show_crypto.XXXXXX", cmd[512];
	int fd = mkstemp(in);
	FILE *p;
	static char out[16384];
	size_t n;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "/usr/bin/python3 -c 'import sys,textfsm\n"
		 "t=textfsm.TextFSM(open(sys.argv[1]))\n"
		 "for r in t.ParseText(open(sys.argv[2]).read()):\n"
		 " print(\"|\".join(h+\"=\"+v for h,v in zip(t.header,r)))' %s/%s %s",
		 templates(), template, in);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	ck_assert_int_eq(pclose(p), 0);
	unlink(in);
	return out;
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

START_TEST(ikev2_sa_rows)
{
	struct strbuf b = { 0 };

	show_crypto_ikev2_sa(&b, &view, false);
	ck_assert_str_eq(b.s,
			 " IPv4 Crypto IKEv2  SA\n\n"
			 "Tunnel-id Local                 Remote                fvrf/ivrf            Status\n"
			 "2         192.0.2.1/500         192.0.2.2/500         none/none            READY\n"
			 "      Encr: AES-CBC, keysize: 256, PRF: SHA256, Hash: SHA256, DH Grp:14, "
			 "Auth sign: PSK, Auth verify: PSK\n"
			 "      Life/Active Time: 86400/471 sec\n\n"
			 " IPv6 Crypto IKEv2  SA\n\n");
	sb_free(&b);
	show_crypto_ikev2_sa(&b, &view, true);
	ck_assert_ptr_nonnull(strstr(b.s, "      Local spi: 5D4519820D6B9F4A       Remote spi: "
					  "65D3D6F7D18D5A47\n"));
	ck_assert_ptr_nonnull(strstr(b.s, "      DPD configured for 10 seconds, retry 2\n"));
	ck_assert_ptr_nonnull(strstr(b.s, "      Initiator of SA : Yes\n"));
	sb_free(&b);
}
END_TEST

START_TEST(isakmp_sa_rows)
{
	struct strbuf b = { 0 };

	show_crypto_isakmp_sa(&b, &view);
	/* we responded: dst is us */
	ck_assert_str_eq(b.s, "IPv4 Crypto ISAKMP SA\n"
			      "dst             src             state          conn-id status\n"
			      "192.0.2.1       198.51.100.2    QM_IDLE              5 ACTIVE\n"
			      "\nIPv6 Crypto ISAKMP SA\n\n");
	sb_free(&b);
}
END_TEST

START_TEST(session_detail_parses)
{
	struct strbuf b = { 0 };
	char *rec;

	show_crypto_session(&b, &view, true);
	rec = textfsm("cisco_ios_show_crypto_session_detail.textfsm", b.s);
	/* two IKE SAs and the DOWN peer */
	ck_assert_int_eq(count_lines(rec), 3);
	ck_assert_msg(strstr(rec, "INTERFACE=Tunnel0|SESSION_STATUS=UP-ACTIVE|PROFILE=LAB-IKEV2|"
				  "UPTIME=00:07:51|PEER=192.0.2.2|PORT=500|FVRF=(none)|IVRF=(none)"),
		      "%s", rec);
	ck_assert_msg(strstr(rec, "LOCAL_IP=192.0.2.1|LOCAL_PORT=500|REMOTE_IP=192.0.2.2|"
				  "REMOTE_PORT=500|IKEV1_STATUS=Active|CAPABILITIES=D|CONN_ID=2|"
				  "LIFETIME=23:52:09|PERMIT=47|SRC_HOST=192.0.2.1|SRC_MASK=|"
				  "DST_HOST=192.0.2.2|DST_MASK=|ACTIVE_SA=2|ORIGIN=crypto map"),
		      "%s", rec);
	ck_assert_msg(strstr(rec, "INTERFACE=Tunnel7|SESSION_STATUS=DOWN|"), "%s", rec);
	sb_free(&b);
}
END_TEST

START_TEST(ipsec_sa_detail_parses)
{
	struct strbuf b = { 0 };
	char *rec;

	show_crypto_ipsec_sa(&b, &view, true);
	rec = textfsm("cisco_ios_show_crypto_ipsec_sa_detail.textfsm", b.s);
	ck_assert_int_eq(count_lines(rec), 2); /* inbound and outbound ESP SA */
	ck_assert_msg(strstr(rec, "INTERFACE=Tunnel0|CRYPTO_MAP_TAG=Tunnel0-head-0|"
				  "LOCAL_ADDR=192.0.2.1|PROTECTED_VRF=(none)|"
				  "LOCAL_IDENT_ADDR=192.0.2.1|LOCAL_IDENT_MASK=255.255.255.255|"
				  "LOCAL_IDENT_PROT=47|LOCAL_IDENT_PORT=0|"),
		      "%s", rec);
	ck_assert_msg(strstr(rec, "PKTS_ENCAPS=7|PKTS_ENCRYPT=7|PKTS_DIGEST=7|PKTS_DECAPS=6|"),
		      "%s", rec);
	ck_assert_msg(strstr(rec, "SA_ORIENTATION=inbound|SA_TYPE=esp|SA_SPI_HEX=0xC76AB07C|"
				  "SA_SPI_DEC=3345657980|SA_TRANSFORM=esp-256-aes esp-sha256-hmac|"
				  "SA_IN_USE_SETTINGS=Transport|"),
		      "%s", rec);
	ck_assert_msg(strstr(rec, "SA_ORIENTATION=outbound|SA_TYPE=esp|SA_SPI_HEX=0xCF5B0F7A|"),
		      "%s", rec);
	ck_assert_msg(strstr(rec, "SA_LIFETIME_KBYTES=4607992|SA_LIFETIME_SEC=3589|SA_IV_SIZE=16|"
				  "SA_REPLAY_DETECTION_SUPPORT=Y|SA_REPLAY_WINDOW_SIZE=32|"
				  "SA_STATUS=ACTIVE(ACTIVE)"),
		      "%s", rec);
	sb_free(&b);
}
END_TEST

START_TEST(algorithm_names)
{
	struct iked_msg_child c = { 0 };
	char t[64];

	ck_assert_str_eq(show_crypto_ike_hash("HMAC_SHA1_96"), "SHA96");
	ck_assert_str_eq(show_crypto_ike_hash("PRF_HMAC_SHA2_384"), "SHA384");
	ck_assert_str_eq(show_crypto_ike_encr("AES_GCM_16"), "AES-GCM");
	strcpy(c.encr, "AES_CBC");
	c.encr_keysize = 128;
	strcpy(c.integ, "HMAC_SHA1_96");
	show_crypto_esp_transform(&c, t, sizeof(t));
	ck_assert_str_eq(t, "esp-128-aes esp-sha-hmac");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("show_crypto");
	TCase *t = tcase_create("render");
	SRunner *sr;
	int failed;

	if (access("/usr/bin/python3", X_OK) != 0 || access(templates(), R_OK) != 0 ||
	    system("/usr/bin/python3 -c 'import textfsm' 2>/dev/null") != 0) {
		fprintf(stderr, "check_show_crypto: needs /usr/bin/python3 with textfsm and %s\n",
			templates());
		return 77;
	}
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, ikev2_sa_rows);
	tcase_add_test(t, isakmp_sa_rows);
	tcase_add_test(t, session_detail_parses);
	tcase_add_test(t, ipsec_sa_detail_parses);
	tcase_add_test(t, algorithm_names);
	suite_add_tcase(s, t);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
