/*
 * `show dmvpn` and `show ip nhrp` rendered from a cache built with a fake
 * clock: exact IOS layout (expected text written from the row format in
 * notes/ios-reference.md section 2), and the ntc-templates TextFSM parser
 * that network tools use must read the right records from it.
 * The TextFSM part runs /usr/bin/python3 with the template from COMPAT_DIR
 * (environment, else the compile-time search path) and is skipped when the
 * template or python3-textfsm is missing.
 */
#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nhrp_show.h"

#define TUN0 7
#define TUN1 9
#define NOW 40000000ull
#define DAY 86400ull
#define WEEK (7 * DAY)

static uint64_t fake_now;

static uint64_t
fake_clock(void *ctx)
{
	(void)ctx;
	return fake_now;
}

static struct nhrp_addr
a4(uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
	struct nhrp_addr a;
	const uint8_t b[4] = {b0, b1, b2, b3};

	nhrp_addr_set(&a, b, 4);
	return a;
}

static struct nhrp_registration
reg(uint8_t addr, uint8_t nbma, uint16_t holdtime, bool unique)
{
	return (struct nhrp_registration){
		.ifindex = TUN0,
		.proto = a4(172, 16, 0, addr),
		.prefix_len = 0xff,
		.nbma = a4(198, 51, 100, nbma),
		.mtu = 1400,
		.holdtime = holdtime,
		.unique = unique,
	};
}

static const struct nhrp_show_if ifs[] = {
	{.ifindex = TUN0, .name = "Tunnel0", .role = "Hub"},
	{.ifindex = TUN1, .name = "Tunnel1", .role = "Spoke"},
};

/* 198.51.100.12 is still negotiating IPsec. */
static const char *
state_of(void *ctx, const struct nhrp_cache_entry *e)
{
	(void)ctx;
	if (e->nbma.len == 4 && e->nbma.bytes[3] == 12)
		return "IKE";
	return NULL;
}

static const struct nhrp_show_ctx show_ctx = {
	.ifs = ifs,
	.n_ifs = 2,
	.state = state_of,
};

static struct nhrp_cache cache;

/* Spokes: 172.16.0.13 and .14 share NBMA .13; .11 is at NBMA .11. */
static const uint8_t spokes[] = {13, 14, 11};

static void
register_now(const uint8_t *addrs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct nhrp_registration r = reg(addrs[i], addrs[i] == 14 ? 13 : addrs[i], 7200, true);

		ck_assert_int_eq(nhrp_cache_register(&cache, &r), NHRP_CODE_SUCCESS);
	}
}

/* Re-registers every 3000 s (holdtime 7200), the last time at t. */
static void
refresh_until(uint64_t t, const uint8_t *addrs, size_t n)
{
	while (fake_now < t) {
		fake_now = fake_now + 3000 < t ? fake_now + 3000 : t;
		register_now(addrs, n);
	}
}

/* A hub on Tunnel0 and a spoke on Tunnel1, built in time order. */
static void
build(void)
{
	struct nhrp_registration r;
	struct nhrp_addr p, n;

	nhrp_cache_init(&cache, fake_clock, NULL);

	fake_now = NOW - 48 * WEEK;
	p = a4(172, 16, 0, 100);
	n = a4(203, 0, 113, 100);
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_STATIC, TUN0, &p, &n), 0);

	fake_now = NOW - (3 * WEEK + 5 * DAY);
	p = a4(10, 0, 0, 1);
	n = a4(203, 0, 113, 1);
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_NHS, TUN1, &p, &n), 0);
	p = a4(10, 0, 0, 11);
	n = a4(198, 51, 100, 11);
	ck_assert_int_eq(nhrp_cache_add_config(&cache, NHRP_CACHE_LOCAL, TUN1, &p, &n), 0);

	fake_now = NOW - (6 * DAY + 12 * 3600);
	register_now(spokes, 2);
	refresh_until(NOW - (3 * 3600 + 19 * 60 + 46), spokes, 2);
	register_now(spokes + 2, 1);
	/* Refreshes keep the up time; .13 and .14 stop refreshing here. */
	refresh_until(NOW - 7000, spokes, 3);
	refresh_until(NOW - 200, spokes + 2, 1);
	/* Behind a NAT, registered with no-unique. */
	r = reg(12, 12, 600, false);
	r.claimed_nbma = a4(192, 168, 1, 12);
	ck_assert_int_eq(nhrp_cache_register(&cache, &r), 0);

	refresh_until(NOW - 100, spokes + 2, 1);
	r = reg(11, 11, 7200, true);
	ck_assert_int_eq(nhrp_cache_set_flags(&cache, TUN0, &r.proto, NHRP_CACHE_F_USED, 0), 0);

	fake_now = NOW - 59; /* a spoke-to-spoke shortcut */
	p = a4(10, 0, 0, 22);
	n = a4(198, 51, 100, 22);
	ck_assert_int_eq(nhrp_cache_resolved(&cache, TUN1, &p, 32, &n, 1400, 7200), 0);
	ck_assert_int_eq(nhrp_cache_set_flags(&cache, TUN1, &p,
					      NHRP_CACHE_F_ROUTER | NHRP_CACHE_F_NHOP |
						      NHRP_CACHE_F_RIB,
					      0),
			 0);

	fake_now = NOW - 2;
	p = a4(172, 16, 0, 50);
	ck_assert_int_eq(nhrp_cache_resolve_start(&cache, TUN0, &p, 30), 0);

	fake_now = NOW;
}

static char *
render(int (*show)(FILE *, const struct nhrp_cache *, const struct nhrp_show_ctx *))
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(show(f, &cache, &show_ctx), 0);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

static const char expected_dmvpn[] =
	"Legend: Attrb --> S - Static, D - Dynamic, I - Incomplete\n"
	"        N - NATed, L - Local, X - No Socket\n"
	"        T1 - Route Installed, T2 - Nexthop-override\n"
	"        C - CTS Capable\n"
	"        # Ent --> Number of NHRP entries with same NBMA peer\n"
	"        NHS Status: E --> Expecting Replies, R --> Responding, W --> Waiting\n"
	"        UpDn Time --> Up or Down Time for a Tunnel\n"
	"==========================================================================\n"
	"\n"
	"Interface: Tunnel0, IPv4 NHRP Details\n"
	"Type:Hub, NHRP Peers:5,\n"
	"\n"
	" # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb\n"
	" ----- --------------- --------------- ----- -------- -----\n"
	"     1 198.51.100.11       172.16.0.11    UP 03:19:46     D\n"
	"     1 198.51.100.12       172.16.0.12   IKE 00:03:20    DN\n"
	"     2 198.51.100.13       172.16.0.13    UP    6d12h     D\n"
	"                           172.16.0.14    UP    6d12h     D\n"
	"     1 203.0.113.100      172.16.0.100    UP    48w0d     S\n"
	"     1 UNKNOWN             172.16.0.50  NHRP 00:00:02     I\n"
	"\n"
	"Interface: Tunnel1, IPv4 NHRP Details\n"
	"Type:Spoke, NHRP Peers:2,\n"
	"\n"
	" # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb\n"
	" ----- --------------- --------------- ----- -------- -----\n"
	"     1 198.51.100.22         10.0.0.22    UP 00:00:59   DT1\n"
	"     1 203.0.113.1            10.0.0.1    UP     3w5d     S\n";

static const char expected_ip_nhrp[] =
	"172.16.0.11/32 via 172.16.0.11\n"
	"   Tunnel0 created 03:19:46, expire 01:58:20\n"
	"   Type: dynamic, Flags: unique registered used\n"
	"   NBMA address: 198.51.100.11\n"
	"172.16.0.12/32 via 172.16.0.12\n"
	"   Tunnel0 created 00:03:20, expire 00:06:40\n"
	"   Type: dynamic, Flags: registered\n"
	"   NBMA address: 198.51.100.12\n"
	"    (Claimed NBMA address: 192.168.1.12)\n"
	"172.16.0.13/32 via 172.16.0.13\n"
	"   Tunnel0 created 6d12h, expire 00:03:20\n"
	"   Type: dynamic, Flags: unique registered\n"
	"   NBMA address: 198.51.100.13\n"
	"172.16.0.14/32 via 172.16.0.14\n"
	"   Tunnel0 created 6d12h, expire 00:03:20\n"
	"   Type: dynamic, Flags: unique registered\n"
	"   NBMA address: 198.51.100.13\n"
	"172.16.0.50/32\n"
	"   Tunnel0 created 00:00:02, expire 00:00:28\n"
	"   Type: incomplete, Flags:\n"
	"172.16.0.100/32 via 172.16.0.100\n"
	"   Tunnel0 created 48w0d, never expire\n"
	"   Type: static, Flags:\n"
	"   NBMA address: 203.0.113.100\n"
	"10.0.0.1/32 via 10.0.0.1\n"
	"   Tunnel1 created 3w5d, never expire\n"
	"   Type: static, Flags:\n"
	"   NBMA address: 203.0.113.1\n"
	"10.0.0.22/32 via 10.0.0.22\n"
	"   Tunnel1 created 00:00:59, expire 01:59:01\n"
	"   Type: dynamic, Flags: router nhop rib\n"
	"   NBMA address: 198.51.100.22\n";

START_TEST(test_duration_format)
{
	static const struct {
		uint64_t s;
		const char *text;
	} cases[] = {
		{0, "00:00:00"},
		{3 * 3600 + 19 * 60 + 46, "03:19:46"},
		{DAY - 1, "23:59:59"},
		{DAY, "1d00h"},
		{DAY + 2 * 3600 + 59, "1d02h"},
		{6 * DAY + 12 * 3600, "6d12h"},
		{WEEK, "1w0d"},
		{3 * WEEK + 5 * DAY + 3600, "3w5d"},
		{48 * WEEK, "48w0d"},
		{365 * DAY + 2 * WEEK, "1y2w"},
	};
	char buf[16];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_str_eq(nhrp_show_duration(buf, sizeof(buf), cases[i].s), cases[i].text);
}
END_TEST

START_TEST(test_show_dmvpn_layout)
{
	char *text;

	build();
	text = render(nhrp_show_dmvpn);
	ck_assert_str_eq(text, expected_dmvpn);
	free(text);
	nhrp_cache_free(&cache);
}
END_TEST

START_TEST(test_show_dmvpn_empty)
{
	static const struct nhrp_show_ctx none = {0};
	const char *legend_end = strstr(expected_dmvpn, "\nInterface");
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	nhrp_cache_init(&cache, fake_clock, NULL);
	/* No NHRP interface: just the legend. */
	f = open_memstream(&text, &len);
	ck_assert_int_eq(nhrp_show_dmvpn(f, &cache, &none), 0);
	fclose(f);
	ck_assert_uint_eq(strlen(text), (size_t)(legend_end - expected_dmvpn));
	ck_assert_int_eq(strncmp(text, expected_dmvpn, strlen(text)), 0);
	free(text);
	/* Interfaces without peers still get their block. */
	text = render(nhrp_show_dmvpn);
	ck_assert_str_eq(text + (legend_end - expected_dmvpn),
			 "\n"
			 "Interface: Tunnel0, IPv4 NHRP Details\n"
			 "Type:Hub, NHRP Peers:0,\n"
			 "\n"
			 " # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb\n"
			 " ----- --------------- --------------- ----- -------- -----\n"
			 "\n"
			 "Interface: Tunnel1, IPv4 NHRP Details\n"
			 "Type:Spoke, NHRP Peers:0,\n"
			 "\n"
			 " # Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb\n"
			 " ----- --------------- --------------- ----- -------- -----\n");
	free(text);
}
END_TEST

START_TEST(test_show_ip_nhrp_layout)
{
	char *text;

	build();
	text = render(nhrp_show_ip_nhrp);
	ck_assert_str_eq(text, expected_ip_nhrp);
	free(text);
	nhrp_cache_free(&cache);
}
END_TEST

static struct in_addr
in4(const char *s)
{
	struct in_addr a;

	ck_assert_int_eq(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static const char expected_dmvpn_detail[] =
	"\n"
	"Interface Tunnel0 is up/up, Addr. is 172.16.0.100, VRF \"\"\n"
	"   Tunnel Src./Dest. addr: 203.0.113.100/MGRE, Tunnel VRF \"\"\n"
	"   Protocol/Transport: \"multi-GRE/IP\", Protect \"\"\n"
	"   Interface State Control: Disabled\n"
	"Type:Hub, Total NBMA Peers (v4/v6): 5\n"
	"\n"
	"# Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb    Target Network\n"
	"----- --------------- --------------- ----- -------- ----- -----------------\n"
	"    1 198.51.100.11       172.16.0.11    UP 03:19:46     D     172.16.0.11/32\n"
	"    1 198.51.100.12       172.16.0.12   IKE 00:03:20    DN     172.16.0.12/32\n"
	"    2 198.51.100.13       172.16.0.13    UP    6d12h     D     172.16.0.13/32\n"
	"                          172.16.0.14    UP    6d12h     D     172.16.0.14/32\n"
	"    1 203.0.113.100      172.16.0.100    UP    48w0d     S    172.16.0.100/32\n"
	"    1 UNKNOWN             172.16.0.50  NHRP 00:00:02     I     172.16.0.50/32\n"
	"\n"
	"Interface Tunnel1 is up/up, Addr. is 10.0.0.11, VRF \"\"\n"
	"   Tunnel Src./Dest. addr: 198.51.100.11/MGRE, Tunnel VRF \"\"\n"
	"   Protocol/Transport: \"multi-GRE/IP\", Protect \"DMVPN-IPSEC\"\n"
	"   Interface State Control: Disabled\n"
	"IPv4 NHS:\n"
	"10.0.0.1  RE priority = 0 cluster = 0\n"
	"10.0.0.2  E priority = 2 cluster = 0\n"
	"Type:Spoke, Total NBMA Peers (v4/v6): 2\n"
	"\n"
	"# Ent  Peer NBMA Addr Peer Tunnel Add State  UpDn Tm Attrb    Target Network\n"
	"----- --------------- --------------- ----- -------- ----- -----------------\n"
	"    1 198.51.100.22         10.0.0.22    UP 00:00:59   DT1       10.0.0.22/32\n"
	"    1 203.0.113.1            10.0.0.1    UP     3w5d     S        10.0.0.1/32\n";

START_TEST(test_show_dmvpn_detail_layout)
{
	struct nhrp_show_ctx ctx = show_ctx;
	const char *legend_end = strstr(expected_dmvpn, "\nInterface");
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	struct nhrp_show_nhs nhs[] = {
		{.proto = in4("10.0.0.1"), .status = "RE"},
		{.proto = in4("10.0.0.2"), .status = "E", .priority = 2},
	};
	struct nhrp_show_if ifs_detail[] = {
		{.ifindex = TUN0, .name = "Tunnel0", .role = "Hub", .addr = in4("172.16.0.100"), .source = in4("203.0.113.100")},
		{.ifindex = TUN1, .name = "Tunnel1", .role = "Spoke", .addr = in4("10.0.0.11"), .source = in4("198.51.100.11"),
		 .protect = "DMVPN-IPSEC", .nhs = nhs, .n_nhs = 2},
	};

	ctx.ifs = ifs_detail;
	ctx.detail = true;
	build();
	f = open_memstream(&text, &len);
	ck_assert_int_eq(nhrp_show_dmvpn(f, &cache, &ctx), 0);
	fclose(f);
	/* The same legend, then the detail blocks. */
	ck_assert_int_eq(strncmp(text, expected_dmvpn, (size_t)(legend_end - expected_dmvpn)), 0);
	ck_assert_str_eq(text + (legend_end - expected_dmvpn), expected_dmvpn_detail);
	free(text);
	nhrp_cache_free(&cache);
}
END_TEST

static const char *
template_path(char *buf, size_t size)
{
	const char *env = getenv("COMPAT_DIR");
	char list[4096];
	char *save = NULL;

	snprintf(list, sizeof(list), "%s", env && *env ? env : NHRP_COMPAT_DIRS);
	for (char *dir = strtok_r(list, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(buf, size, "%s/ntc-templates/cisco_ios_show_dmvpn.textfsm", dir);
		if (access(buf, R_OK) == 0)
			return buf;
	}
	return NULL;
}

START_TEST(test_show_dmvpn_textfsm)
{
	static const char script[] =
		"import sys, textfsm\n"
		"t = textfsm.TextFSM(open(sys.argv[1]))\n"
		"for r in t.ParseText(open(sys.argv[2]).read()):\n"
		"    print('|'.join(r))\n";
	char tpl[4096], out_path[] = "/tmp/nhrp-show-XXXXXX", py_path[] = "/tmp/nhrp-fsm-XXXXXX";
	char cmd[8192], line[256], records[2048] = "";
	char *text;
	FILE *f, *p;
	int fd;

	if (!template_path(tpl, sizeof(tpl)) ||
	    system("/usr/bin/python3 -c 'import textfsm' >/dev/null 2>&1") != 0) {
		fprintf(stderr, "textfsm or the ntc template not found: skipped\n");
		return;
	}
	build();
	text = render(nhrp_show_dmvpn);
	fd = mkstemp(out_path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	fd = mkstemp(py_path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(script, f);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s' '%s' '%s' 2>&1", py_path, tpl, out_path);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	while (fgets(line, sizeof(line), p))
		strncat(records, line, sizeof(records) - strlen(records) - 1);
	ck_assert_int_eq(pclose(p), 0);
	unlink(out_path);
	unlink(py_path);
	/* One record per peer row; the continuation row of a shared NBMA peer
	 * is skipped by the template, as with real IOS output. */
	ck_assert_str_eq(records, "198.51.100.11|172.16.0.11|UP|03:19:46|D\n"
				  "198.51.100.12|172.16.0.12|IKE|00:03:20|DN\n"
				  "198.51.100.13|172.16.0.13|UP|6d12h|D\n"
				  "203.0.113.100|172.16.0.100|UP|48w0d|S\n"
				  "UNKNOWN|172.16.0.50|NHRP|00:00:02|I\n"
				  "198.51.100.22|10.0.0.22|UP|00:00:59|DT1\n"
				  "203.0.113.1|10.0.0.1|UP|3w5d|S\n");
	free(text);
	nhrp_cache_free(&cache);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("nhrp_show");
	TCase *tc = tcase_create("show");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_duration_format);
	tcase_add_test(tc, test_show_dmvpn_layout);
	tcase_add_test(tc, test_show_dmvpn_detail_layout);
	tcase_add_test(tc, test_show_dmvpn_empty);
	tcase_add_test(tc, test_show_ip_nhrp_layout);
	tcase_add_test(tc, test_show_dmvpn_textfsm);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
