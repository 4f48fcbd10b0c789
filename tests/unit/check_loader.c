/* Unit tests: the configuration commands through the real engine, the
 * loader, parse(print(c)) == c, no/default forms, saving, and transactions
 * refused by an owner through a command. */
#include "config.h"

#include <check.h>
#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "router_priv.h"

static char tmpdir[64];

static void
setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_loader.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	setenv("SOURCE_DATE_EPOCH", "0", 1);
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

static struct router *
new_router(const char *startup)
{
	struct router_options opt = { .dry_run = true, .startup_path = startup };
	struct router *r = router_new(&opt);

	ck_assert_ptr_nonnull(r);
	return r;
}

static const char *
write_file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* Loads text; returns the number of bad lines, errors into errbuf. */
static int
load(struct router *r, const char *text, char *errbuf, size_t errlen)
{
	const char *path = write_file("in.cfg", text);
	FILE *err = fmemopen(errbuf, errlen, "w");
	int bad;

	ck_assert_ptr_nonnull(err);
	bad = router_load_file(r, path, err);
	fclose(err);
	return bad;
}

/* Runs one line in a session; returns the status, output into out. */
static enum cli_status
run(struct cli_session *s, const char *line, char **out)
{
	size_t pos = 0, len;
	enum cli_status st = cli_session_exec(s, line, &pos);
	char *o = cli_session_take_output(s, &len);

	if (out)
		*out = o ? o : strdup("");
	else
		free(o);
	return st;
}

static const char everything[] =
	"hostname R1\n"
	"enable secret 5 $6$abcdefgh$/NYke8V2fMl4nSWNfG8MY7HdlT.AKK58RBOoX9ICvlxhQuAFZuCLMf32sWNHYKBvznmgKorbQsEH3vFKOt2PO.\n"
	"username admin privilege 15 secret 5 $6$abcdefgh$/NYke8V2fMl4nSWNfG8MY7HdlT.AKK58RBOoX9ICvlxhQuAFZuCLMf32sWNHYKBvznmgKorbQsEH3vFKOt2PO.\n"
	"username ops password 0 Pw#1!\n"
	"crypto ikev2 proposal P1\n"
	" encryption aes-cbc-256 aes-cbc-128\n"
	" encryption 3des des\n"
	" integrity sha256 sha1\n"
	" prf sha256\n"
	" group 14 19\n"
	"crypto ikev2 policy POL\n"
	" match address local 198.51.100.1\n"
	" proposal P1\n"
	"crypto ikev2 keyring KR\n"
	" peer A\n"
	"  address 198.51.100.2\n"
	"  pre-shared-key local Ss2026#Wan\n"
	"  pre-shared-key remote Other!Key\n"
	" peer B\n"
	"  address 10.0.0.0 255.0.0.0\n"
	"  pre-shared-key 0 Both#Ways\n"
	"crypto ikev2 profile PROF\n"
	" match identity remote address 198.51.100.2 255.255.255.255\n"
	" match identity remote address 10.0.0.0 255.0.0.0\n"
	" match address local interface GigabitEthernet0/0\n"
	" identity local fqdn r1.example.net\n"
	" authentication remote pre-share\n"
	" authentication local pre-share\n"
	" keyring local KR\n"
	" lifetime 3600\n"
	" dpd 10 3 periodic\n"
	"crypto ikev2 dpd 10 2 on-demand\n"
	"crypto isakmp policy 20\n"
	" encr 3des\n"
	" hash md5\n"
	" authentication pre-share\n"
	" group 2\n"
	" lifetime 3600\n"
	"crypto isakmp policy 10\n"
	" encryption aes 256\n"
	" hash sha256\n"
	" authentication pre-share\n"
	" group 14\n"
	"crypto isakmp key K#1!x address 198.51.100.2\n"
	"crypto isakmp key 0 Wild address 0.0.0.0 0.0.0.0 no-xauth\n"
	"crypto isakmp keepalive 10 3 periodic\n"
	"crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n"
	" mode transport\n"
	"crypto ipsec transform-set TS2 esp-gcm 256\n"
	"crypto ipsec profile IP1\n"
	" set security-association lifetime seconds 1800\n"
	" set security-association lifetime kilobytes 10000\n"
	" set transform-set TS TS2\n"
	" set pfs group14\n"
	" set ikev2-profile PROF\n"
	"interface Tunnel1\n"
	" description p2p GRE over IPsec #1\n"
	" bandwidth 100000\n"
	" ip address 10.9.9.1 255.255.255.252\n"
	" ip mtu 1400\n"
	" ip tcp adjust-mss 1360\n"
	" keepalive 5 4\n"
	" tunnel source 198.51.100.1\n"
	" tunnel destination 198.51.100.2\n"
	" tunnel key 4294967295\n"
	" tunnel protection ipsec profile IP1 shared\n"
	"interface Tunnel0\n"
	" ip address 172.16.0.11 255.255.255.0\n"
	" ip address 172.16.1.11 255.255.255.0 secondary\n"
	" ip nhrp authentication NHRPkey\n"
	" ip nhrp map multicast 203.0.113.1\n"
	" ip nhrp map multicast dynamic\n"
	" ip nhrp map 172.16.0.1 203.0.113.1\n"
	" ip nhrp network-id 100\n"
	" ip nhrp holdtime 300\n"
	" ip nhrp nhs 172.16.0.1 nbma 203.0.113.1 multicast priority 3 cluster 2\n"
	" ip nhrp nhs dynamic nbma 203.0.113.9\n"
	" ip nhrp registration timeout 100\n"
	" ip nhrp registration no-unique\n"
	" ip nhrp redirect timeout 5\n"
	" ip nhrp shortcut\n"
	" shutdown\n"
	" tunnel source GigabitEthernet0/0\n"
	" tunnel mode gre multipoint\n"
	" tunnel protection ipsec profile default\n"
	"interface Tunnel5\n"
	" tunnel mode ipsec ipv4\n"
	" keepalive\n"
	"interface GigabitEthernet0/0\n"
	" ip address 198.51.100.1 255.255.255.0\n"
	" no ip redirects\n"
	"interface Loopback0\n"
	" ip address 192.0.2.1 255.255.255.255\n"
	"ip route 0.0.0.0 0.0.0.0 198.51.100.254\n"
	"ip route 10.0.0.0 255.0.0.0 Tunnel1 10.9.9.2 20 name via-t1 permanent\n"
	"ip route 192.168.0.0 255.255.0.0 Null0\n";

START_TEST(test_parse_print_parse)
{
	struct router *a = new_router(NULL), *b = new_router(NULL);
	char err[4096] = "";
	size_t la, lb;
	char *ta, *tb;

	ck_assert_msg(load(a, everything, err, sizeof(err)) == 0, "errors: %s", err);
	ta = router_running_config(a, &la);
	ck_assert_msg(load(b, ta, err, sizeof(err)) == 0, "errors: %s", err);
	tb = router_running_config(b, &lb);
	ck_assert(model_equal(router_running(a), router_running(b)));
	ck_assert_str_eq(ta, tb);
	/* Spot checks of the layout. */
	ck_assert_ptr_nonnull(strstr(ta, "crypto isakmp policy 10\n encr aes 256\n hash sha256\n"
					 " authentication pre-share\n group 14\n!\n"
					 "crypto isakmp policy 20\n"));
	ck_assert_ptr_nonnull(strstr(ta, "  pre-shared-key local Ss2026#Wan\n"
					 "  pre-shared-key remote Other!Key\n !\n"));
	ck_assert_ptr_nonnull(strstr(ta, "  pre-shared-key Both#Ways\n"));
	ck_assert_ptr_nonnull(strstr(ta, "interface Loopback0\n ip address 192.0.2.1 255.255.255.255\n!\n"
					 "interface Tunnel0\n"));
	ck_assert_ptr_nonnull(strstr(ta, " ip address 172.16.1.11 255.255.255.0 secondary\n"
					 " ip address 172.16.0.11 255.255.255.0\n"));
	ck_assert_ptr_nonnull(strstr(ta, " keepalive 5 4\n"));
	ck_assert_ptr_nonnull(strstr(ta, " description p2p GRE over IPsec #1\n bandwidth 100000\n"));
	ck_assert_ptr_nonnull(strstr(ta, " encryption aes-cbc-256 aes-cbc-128 3des\n encryption des\n"));
	ck_assert_ptr_nonnull(strstr(ta, "interface Tunnel5\n no ip address\n keepalive\n"
					 " tunnel mode ipsec ipv4\n!\n"));
	ck_assert_ptr_null(strstr(ta, "crypto isakmp key 0 "));
	ck_assert_ptr_nonnull(strstr(ta, "crypto isakmp key Wild address 0.0.0.0 0.0.0.0 no-xauth\n"));
	ck_assert_ptr_nonnull(strstr(ta, "crypto isakmp keepalive 10 3 periodic\n"));
	ck_assert_ptr_nonnull(strstr(ta, "ip route 10.0.0.0 255.0.0.0 Tunnel1 10.9.9.2 20 name via-t1 permanent\n"));
	ck_assert_ptr_nonnull(strstr(ta, " tunnel protection ipsec profile IP1 shared\n"));
	free(ta);
	free(tb);
	router_free(a);
	router_free(b);
}
END_TEST

START_TEST(test_no_forms_restore_defaults)
{
	struct router *r = new_router(NULL), *fresh = new_router(NULL);
	struct cli_session *s = cli_session_new(r->tree, r, 15);
	char err[4096] = "";
	static const char *const undo[] = {
		"no hostname", "no enable secret", "no username admin", "no username ops",
		"interface Tunnel1", "no tunnel protection", "exit",
		"interface Tunnel0", "no tunnel protection ipsec profile default", "exit",
		"no ip route 0.0.0.0 0.0.0.0 198.51.100.254",
		"no ip route 10.0.0.0 255.0.0.0",
		"no ip route 192.168.0.0 255.255.0.0 Null0",
		"no crypto ipsec profile IP1", "no crypto ipsec transform-set TS",
		"no crypto ipsec transform-set TS2", "no crypto ikev2 profile PROF",
		"no crypto ikev2 keyring KR", "no crypto ikev2 policy POL",
		"no crypto ikev2 proposal P1", "no crypto ikev2 dpd",
		"no crypto isakmp policy 10", "no crypto isakmp policy 20",
		"no crypto isakmp key K#1!x address 198.51.100.2",
		"no crypto isakmp key Wild address 0.0.0.0 0.0.0.0",
		"default crypto isakmp keepalive",
		"no interface Tunnel0", "no interface Tunnel1", "no interface Tunnel5",
		"no interface Loopback0", "default interface GigabitEthernet0/0",
	};
	char *out;

	ck_assert_msg(load(r, everything, err, sizeof(err)) == 0, "errors: %s", err);
	cli_session_set_mode(s, MODE_CONFIG, NULL);
	for (size_t i = 0; i < sizeof(undo) / sizeof(undo[0]); i++) {
		enum cli_status st = run(s, undo[i], &out);

		ck_assert_msg(st == CLI_OK, "%s: %d %s", undo[i], st, out);
		free(out);
	}
	ck_assert(model_equal(r->running, fresh->running));
	cli_session_free(s);
	router_free(r);
	router_free(fresh);
}
END_TEST

START_TEST(test_no_inside_blocks)
{
	struct router *r = new_router(NULL);
	struct cli_session *s = cli_session_new(r->tree, r, 15);
	char err[4096] = "";
	const struct m_interface *t;
	const struct m_ikev2_proposal *p;

	ck_assert_int_eq(load(r, everything, err, sizeof(err)), 0);
	cli_session_set_mode(s, MODE_CONFIG, NULL);
	ck_assert_int_eq(run(s, "interface Tunnel0", NULL), CLI_OK);
	ck_assert_int_eq(run(s, "no ip nhrp nhs 172.16.0.1", NULL), CLI_OK);
	ck_assert_int_eq(run(s, "no ip nhrp map multicast dynamic", NULL), CLI_OK);
	ck_assert_int_eq(run(s, "no ip nhrp map 172.16.0.1 203.0.113.1", NULL), CLI_OK);
	ck_assert_int_eq(run(s, "default ip nhrp holdtime", NULL), CLI_OK);
	ck_assert_int_eq(run(s, "no ip nhrp redirect", NULL), CLI_OK);
	ck_assert_int_eq(run(s, "no shutdown", NULL), CLI_OK);
	ck_assert_int_eq(run(s, "no ip address 172.16.0.11 255.255.255.0", NULL), CLI_ERR_FAILED);
	ck_assert_int_eq(run(s, "no ip address 172.16.1.11 255.255.255.0 secondary", NULL), CLI_OK);
	t = model_interface(r->running, "Tunnel0");
	ck_assert_uint_eq(t->nhrp.n_nhs, 1);
	ck_assert_uint_eq(t->nhrp.nhs[0].proto, 0);
	ck_assert(!t->nhrp.map_mcast_dynamic);
	ck_assert_uint_eq(t->nhrp.n_map_mcast, 1);
	ck_assert_uint_eq(t->nhrp.n_map, 0);
	ck_assert(!t->nhrp.has_holdtime && !t->nhrp.redirect && !t->shutdown);
	ck_assert_uint_eq(t->n_secondary, 0);
	ck_assert_int_eq(run(s, "crypto ikev2 proposal P1", NULL), CLI_OK);
	ck_assert_int_eq(run(s, "no encryption aes-cbc-256", NULL), CLI_OK);
	ck_assert_int_eq(run(s, "no group", NULL), CLI_OK);
	p = (const void *)model_get(r->running, MK_IKEV2_PROPOSAL, "P1");
	ck_assert_uint_eq(p->n_encr, 3);
	ck_assert_uint_eq(p->encr[0], ENCR_AES_CBC_128);
	ck_assert_uint_eq(p->encr[2], ENCR_DES);
	ck_assert_uint_eq(p->n_group, 0);

	/* Keyring peer: one key both ways, then one side changed. */
	{
		const struct m_ikev2_keyring *k;
		char *text;

		ck_assert_int_eq(run(s, "crypto ikev2 keyring KR", NULL), CLI_OK);
		ck_assert_int_eq(run(s, "peer B", NULL), CLI_OK);
		ck_assert_int_eq(run(s, "pre-shared-key local New#1", NULL), CLI_OK);
		k = (const void *)model_get(r->running, MK_IKEV2_KEYRING, "KR");
		ck_assert(!k->peer[1].psk_both);
		text = router_running_config(r, NULL);
		ck_assert_ptr_nonnull(strstr(text, " peer B\n  address 10.0.0.0 255.0.0.0\n"
						   "  pre-shared-key local New#1\n"
						   "  pre-shared-key remote Both#Ways\n !\n"));
		free(text);
		ck_assert_int_eq(run(s, "no pre-shared-key", NULL), CLI_OK);
		k = (const void *)model_get(r->running, MK_IKEV2_KEYRING, "KR");
		ck_assert_str_eq(k->peer[1].psk_local, "");
		ck_assert_str_eq(k->peer[1].psk_remote, "");
		ck_assert_int_eq(run(s, "pre-shared-key 6 Enc", NULL), CLI_ERR_FAILED);
	}
	cli_session_free(s);
	router_free(r);
}
END_TEST

START_TEST(test_abbreviations_and_names)
{
	struct router *r = new_router(NULL);
	char err[4096] = "";
	char *text;

	ck_assert_msg(load(r,
			   "int gi0/1\n"
			   " ip add 192.0.2.9 255.255.255.0\n"
			   "int tun 7\n"
			   " tun sou Gig0/1\n"
			   " tun mo gre multi\n"
			   " ip nh net 7\n"
			   "crypto isa pol 5\n"
			   " encr aes 192\n"
			   " hash sha\n"
			   " auth pre\n"
			   " gr 1\n"
			   " life 86400\n",
			   err, sizeof(err)) == 0,
		      "errors: %s", err);
	text = router_running_config(r, NULL);
	ck_assert_ptr_nonnull(strstr(text, "interface Tunnel7\n no ip address\n ip nhrp network-id 7\n"
					   " tunnel source GigabitEthernet0/1\n"
					   " tunnel mode gre multipoint\n!\n"));
	ck_assert_ptr_nonnull(strstr(text, "interface GigabitEthernet0/1\n"));
	/* Defaults (sha, group 1, 86400) are not printed. */
	ck_assert_ptr_nonnull(strstr(text, "crypto isakmp policy 5\n encr aes 192\n"
					   " authentication pre-share\n!\n"));
	free(text);
	router_free(r);
}
END_TEST

START_TEST(test_ifmap_names)
{
	const char *map = write_file("ifmap", "# IOS name, Linux name\nGigabitEthernet0/0 eth0\n"
					      "Gi0/1 eth1\n");
	struct router_options opt = { .dry_run = false, .ifmap_path = map };
	struct router *r = router_new(&opt);
	char err[4096] = "";
	char *text;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(load(r, "interface eth0\n ip address 192.0.2.1 255.255.255.0\n"
				 "interface Tunnel0\n tunnel source eth1\n"
				 "interface Gi0/2\n",
			      err, sizeof(err)),
			 1);
	ck_assert_ptr_nonnull(strstr(err, "in.cfg:5: % Interface GigabitEthernet0/2 is not in the interface map"));
	text = router_running_config(r, NULL);
	ck_assert_ptr_nonnull(strstr(text, "interface GigabitEthernet0/0\n ip address 192.0.2.1"));
	ck_assert_ptr_nonnull(strstr(text, " tunnel source GigabitEthernet0/1\n"));
	free(text);
	router_free(r);
}
END_TEST

START_TEST(test_loader_reports_and_continues)
{
	struct router *r = new_router(NULL);
	char err[4096] = "";

	ck_assert_int_eq(load(r,
			      "interface Tunnel0\n"
			      " tunnel mode gre multipont\n"
			      " ip nhrp authentication toolongkey\n"
			      " ip mtu 1400\n"
			      "crypto ikev2 dpd 10\n"
			      "bogus command\n"
			      "interface Tunnel1\n"
			      " tunnel protection ipsec profile NOPE\n",
			      err, sizeof(err)),
			 5);
	ck_assert_ptr_nonnull(strstr(err, "in.cfg:2: % Invalid input detected at '^' marker.\n"));
	ck_assert_ptr_nonnull(strstr(err, "in.cfg:3: % NHRP authentication string is limited to 8 characters\n"));
	ck_assert_ptr_nonnull(strstr(err, "in.cfg:5: % Incomplete command.\n"));
	ck_assert_ptr_nonnull(strstr(err, "in.cfg:6: % Invalid input detected at '^' marker.\n"));
	ck_assert_ptr_nonnull(strstr(err, "in.cfg:8: % IPSEC profile NOPE not found\n"));
	/* The good line between bad ones was applied. */
	ck_assert_uint_eq(model_interface(r->running, "Tunnel0")->mtu, 1400);
	router_free(r);
}
END_TEST

/* Lines at depth 0 leave the submode even when the command also exists in
 * the submode: the indentation decides. */
START_TEST(test_loader_depth_picks_mode)
{
	struct router *r = new_router(NULL);
	char err[4096] = "";
	const struct m_ikev2_keyring *k;

	ck_assert_msg(load(r,
			   "crypto ikev2 keyring KR\n"
			   " peer A\n"
			   "  address 192.0.2.1\n"
			   " peer B\n"
			   "  address 192.0.2.2\n"
			   "crypto ikev2 keyring KR2\n"
			   " peer C\n",
			   err, sizeof(err)) == 0,
		      "errors: %s", err);
	k = (const void *)model_get(r->running, MK_IKEV2_KEYRING, "KR");
	ck_assert_uint_eq(k->n_peer, 2);
	ck_assert_str_eq(k->peer[1].name, "B");
	k = (const void *)model_get(r->running, MK_IKEV2_KEYRING, "KR2");
	ck_assert_uint_eq(k->n_peer, 1);
	router_free(r);
}
END_TEST

START_TEST(test_enable_secret_hashed)
{
	struct router *r = new_router(NULL);
	struct cli_session *s = cli_session_new(r->tree, r, 15);
	const char *h;
	char line[256];
	struct crypt_data cd;

	cli_session_set_mode(s, MODE_CONFIG, NULL);
	ck_assert_int_eq(run(s, "enable secret Cisco#123", NULL), CLI_OK);
	h = model_system(r->running)->enable_secret;
	ck_assert(strncmp(h, "$6$", 3) == 0);
	memset(&cd, 0, sizeof(cd));
	ck_assert_str_eq(crypt_r("Cisco#123", h, &cd), h);
	snprintf(line, sizeof(line), "enable secret 5 %s", h);
	ck_assert_int_eq(run(s, line, NULL), CLI_OK);
	ck_assert_str_eq(model_system(r->running)->enable_secret, line + 16);
	ck_assert_int_eq(run(s, "enable secret 5 nothash", NULL), CLI_ERR_FAILED);
	cli_session_free(s);
	router_free(r);
}
END_TEST

START_TEST(test_write_and_copy)
{
	char path[128], tmp[140], *out, *saved;
	struct router *r, *back;
	struct cli_session *s;
	const char *q;
	char err[4096] = "";
	size_t len;

	snprintf(path, sizeof(path), "%s/startup-config", tmpdir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	r = new_router(path);
	s = cli_session_new(r->tree, r, 15);
	ck_assert_int_eq(load(r, everything, err, sizeof(err)), 0);
	ck_assert_int_eq(run(s, "show startup-config", &out), CLI_OK);
	ck_assert_str_eq(out, "startup-config is not present\n");
	free(out);
	ck_assert_int_eq(run(s, "write memory", &out), CLI_OK);
	ck_assert_str_eq(out, "Building configuration...\n[OK]\n");
	free(out);
	ck_assert_int_ne(access(path, F_OK), -1);
	ck_assert_int_eq(access(tmp, F_OK), -1);
	saved = startup_read(r, &len);
	ck_assert(strncmp(saved, "!\n! Last configuration change at", 32) == 0);
	ck_assert_int_eq(run(s, "show startup-config", &out), CLI_OK);
	ck_assert(strncmp(out, "Using ", 6) == 0);
	ck_assert_ptr_nonnull(strstr(out, saved));
	free(out);
	/* What was saved loads back into the same configuration. */
	back = new_router(path);
	ck_assert_int_eq(router_load_file(back, path, stderr), 0);
	ck_assert(model_equal(r->running, back->running));
	router_free(back);
	free(saved);

	unlink(path);
	ck_assert_int_eq(run(s, "copy running-config startup-config", &out), CLI_ASK);
	free(out);
	ck_assert(cli_session_asking(s, &q, NULL));
	ck_assert_str_eq(q, "Destination filename [startup-config]? ");
	ck_assert_int_eq(run(s, "", &out), CLI_OK);
	ck_assert_str_eq(out, "Building configuration...\n[OK]\n");
	free(out);
	ck_assert_int_ne(access(path, F_OK), -1);
	cli_session_free(s);
	router_free(r);
}
END_TEST

START_TEST(test_show_running_interface)
{
	struct router *r = new_router(NULL);
	struct cli_session *s = cli_session_new(r->tree, r, 15);
	char err[4096] = "", *out;

	ck_assert_int_eq(load(r, everything, err, sizeof(err)), 0);
	ck_assert_int_eq(run(s, "show running-config interface lo0", &out), CLI_OK);
	ck_assert_str_eq(out, "Building configuration...\n\nCurrent configuration : 64 bytes\n!\n"
			      "interface Loopback0\n ip address 192.0.2.1 255.255.255.255\nend\n");
	free(out);
	ck_assert_int_eq(run(s, "show running-config interface Tunnel9", &out), CLI_ERR_FAILED);
	free(out);
	ck_assert_int_eq(run(s, "show version", &out), CLI_OK);
	ck_assert_ptr_nonnull(strstr(out, "R1 uptime is "));
	ck_assert_ptr_nonnull(strstr(out, ", Version " PACKAGE_VERSION ", RELEASE SOFTWARE"));
	free(out);
	cli_session_free(s);
	router_free(r);
}
END_TEST

START_TEST(test_refusal_through_command)
{
	struct router *r = new_router(NULL);
	struct cli_session *s = cli_session_new(r->tree, r, 15);
	struct owner_fake_state st = { .reason = "GRE key change refused by the kernel" };
	char err[4096] = "", *before, *after, *out;

	ck_assert_int_eq(load(r, everything, err, sizeof(err)), 0);
	for (int i = 0; i < OWNER_COUNT; i++)
		router_set_owner(r, (enum owner_id)i, owner_fake_new("fake", &st));
	before = router_running_config(r, NULL);
	cli_session_set_mode(s, MODE_CONFIG, NULL);
	ck_assert_int_eq(run(s, "interface Tunnel1", NULL), CLI_OK);
	/* The key change is a link change and a protection change: refuse
	 * the second, the first must be undone. */
	st.calls = 0;
	st.refuse_at = 2;
	ck_assert_int_eq(run(s, "tunnel key 7", &out), CLI_ERR_FAILED);
	ck_assert_str_eq(out, "% GRE key change refused by the kernel\n");
	free(out);
	ck_assert_int_eq(st.applied, 0);
	ck_assert_uint_eq(st.undone, 1);
	after = router_running_config(r, NULL);
	ck_assert_str_eq(before, after);
	free(after);
	/* Accepted once the owner agrees. */
	st.refuse_at = 0;
	ck_assert_int_eq(run(s, "tunnel key 7", NULL), CLI_OK);
	ck_assert_uint_eq(model_interface(r->running, "Tunnel1")->tunnel.key, 7);
	free(before);
	cli_session_free(s);
	router_free(r);
}
END_TEST

/* show version must satisfy the ntc-templates parser that inventory tools
 * (Netmiko use_textfsm) apply: one record with version and hostname. */
START_TEST(test_show_version_textfsm)
{
	static const char *const templates[] = {
		TOP_SRCDIR "/../shared/compat/ntc-templates/cisco_ios_show_version.textfsm",
		"/work/shared/compat/ntc-templates/cisco_ios_show_version.textfsm",
	};
	struct router *r = new_router(NULL);
	struct cli_session *s = cli_session_new(r->tree, r, 15);
	const char *tpl = NULL, *path;
	char *out, cmd[1024];

	cli_session_set_mode(s, MODE_CONFIG, NULL);
	ck_assert_int_eq(run(s, "hostname Edge-7", NULL), CLI_OK);
	cli_session_set_mode(s, MODE_EXEC, NULL);
	ck_assert_int_eq(run(s, "show version", &out), CLI_OK);
	path = write_file("version.txt", out);
	free(out);
	for (size_t i = 0; i < sizeof(templates) / sizeof(templates[0]); i++)
		if (access(templates[i], R_OK) == 0)
			tpl = templates[i];
	if (!tpl || access("/usr/bin/python3", X_OK) != 0 ||
	    system("/usr/bin/python3 -c 'import textfsm' 2>/dev/null") != 0) {
		fprintf(stderr, "test_show_version_textfsm: no template or textfsm, parser not run\n");
	} else {
		snprintf(cmd, sizeof(cmd),
			 "/usr/bin/python3 -c 'import textfsm,sys\n"
			 "t=textfsm.TextFSM(open(sys.argv[1]))\n"
			 "r=[dict(zip(t.header,x)) for x in t.ParseText(open(sys.argv[2]).read())]\n"
			 "ok=len(r)==1 and r[0][\"VERSION\"]==\"%s\" and r[0][\"HOSTNAME\"]==\"Edge-7\" "
			 "and r[0][\"SOFTWARE_IMAGE\"] and r[0][\"UPTIME\"]==\"0 minutes\" and r[0][\"SERIAL\"]\n"
			 "print(r)\nsys.exit(0 if ok else 1)' %s %s",
			 PACKAGE_VERSION, tpl, path);
		ck_assert_int_eq(system(cmd), 0);
	}
	cli_session_free(s);
	router_free(r);
}
END_TEST

START_TEST(test_help_names_and_pipe)
{
	struct router *r = new_router(NULL);
	struct cli_session *s = cli_session_new(r->tree, r, 15);
	size_t pos = 0, len;
	char *out;

	cli_session_set_mode(s, MODE_CONFIG, NULL);
	ck_assert_int_eq(cli_session_help(s, "interface ", &pos), CLI_OK);
	out = cli_session_take_output(s, &len);
	ck_assert_ptr_nonnull(strstr(out, "Tunnel"));
	ck_assert_ptr_nonnull(strstr(out, "GigabitEthernet"));
	free(out);
	cli_session_set_mode(s, MODE_EXEC, NULL);
	ck_assert_int_eq(cli_session_help(s, "show running-config ", &pos), CLI_OK);
	out = cli_session_take_output(s, &len);
	ck_assert_ptr_nonnull(strstr(out, "Output Modifiers"));
	ck_assert_ptr_nonnull(strstr(out, "interface"));
	free(out);
	cli_session_free(s);
	router_free(r);
}
END_TEST

static Suite *
loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("commands");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_parse_print_parse);
	tcase_add_test(tc, test_no_forms_restore_defaults);
	tcase_add_test(tc, test_no_inside_blocks);
	tcase_add_test(tc, test_abbreviations_and_names);
	tcase_add_test(tc, test_ifmap_names);
	tcase_add_test(tc, test_loader_reports_and_continues);
	tcase_add_test(tc, test_loader_depth_picks_mode);
	tcase_add_test(tc, test_enable_secret_hashed);
	tcase_add_test(tc, test_write_and_copy);
	tcase_add_test(tc, test_show_running_interface);
	tcase_add_test(tc, test_refusal_through_command);
	tcase_add_test(tc, test_show_version_textfsm);
	tcase_add_test(tc, test_help_names_and_pipe);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(loader_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
