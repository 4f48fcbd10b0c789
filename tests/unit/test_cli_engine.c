/*
 * The command engine through its public interface: a small IOS command set
 * is registered and lines are run, helped and completed in sessions; every
 * check compares exact statuses, caret offsets and output bytes.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_engine.h"

struct app {
	char host[32];
	const char *secret; /* NULL: no enable secret configured */
	int checks;
};

static const char *
app_hostname(void *a)
{
	return ((struct app *)a)->host;
}

static bool
app_check(void *a, const char *pw, bool *configured)
{
	struct app *app = a;

	app->checks++;
	*configured = app->secret != NULL;
	return app->secret && strcmp(pw, app->secret) == 0;
}

/* Prints "[no |default ]tag: arg arg ...": what a handler was given. */
static enum cli_status
h_record(struct cli_cmd_ctx *ctx)
{
	cli_printf(ctx, "%s%s:", cli_ctx_negated(ctx) ? "no " : cli_ctx_default(ctx) ? "default " : "",
		   (const char *)cli_ctx_data(ctx));
	for (size_t i = 0; i < cli_ctx_argc(ctx); i++)
		cli_printf(ctx, " %s", cli_ctx_arg(ctx, i));
	cli_printf(ctx, "\n");
	return CLI_OK;
}

struct enter {
	const char *tag;
	enum cli_mode mode;
};

/* Records like h_record, then enters the submode named by the last argument. */
static enum cli_status
h_enter(struct cli_cmd_ctx *ctx)
{
	const struct enter *e = cli_ctx_data(ctx);

	cli_printf(ctx, "%s%s:", cli_ctx_negated(ctx) ? "no " : "", e->tag);
	for (size_t i = 0; i < cli_ctx_argc(ctx); i++)
		cli_printf(ctx, " %s", cli_ctx_arg(ctx, i));
	cli_printf(ctx, "\n");
	if (!cli_ctx_negated(ctx))
		cli_enter_mode(ctx, e->mode, cli_ctx_arg(ctx, cli_ctx_argc(ctx) - 1));
	return CLI_OK;
}

/* Shows what cli_ctx_after/find/token/context give. */
static enum cli_status
h_nhs(struct cli_cmd_ctx *ctx)
{
	const char *nbma = cli_ctx_after(ctx, "nbma"), *prio = cli_ctx_after(ctx, "priority");

	cli_printf(ctx, "nhs %s on %s nbma=%s multicast=%d priority=%s tok0=%s tok3=%s\n",
		   cli_ctx_arg(ctx, 3), cli_ctx_context(ctx, 0), nbma ? nbma : "-",
		   cli_ctx_find(ctx, "multicast") >= 0, prio ? prio : "-", cli_ctx_token(ctx, 0),
		   cli_ctx_token(ctx, 3));
	return CLI_OK;
}

static enum cli_status
h_peer_addr(struct cli_cmd_ctx *ctx)
{
	cli_printf(ctx, "peer %s in keyring %s: %s\n", cli_ctx_context(ctx, 0),
		   cli_ctx_context(ctx, 1), cli_ctx_arg(ctx, 1));
	return CLI_OK;
}

static enum cli_status
h_hostname(struct cli_cmd_ctx *ctx)
{
	struct app *app = cli_ctx_app(ctx);

	snprintf(app->host, sizeof(app->host), "%s", cli_ctx_arg(ctx, 1));
	return CLI_OK;
}

static enum cli_status
h_refuse(struct cli_cmd_ctx *ctx)
{
	if (strcmp(cli_ctx_arg(ctx, 1), "bad") == 0)
		return cli_ctx_invalid(ctx, 1);
	cli_error(ctx, "Cannot do %s", cli_ctx_arg(ctx, 1));
	return CLI_ERR_FAILED;
}

static struct enter e_if = {"interface", MODE_CONFIG_IF};
static struct enter e_prop = {"proposal", MODE_IKEV2_PROPOSAL};
static struct enter e_pol = {"policy", MODE_IKEV2_POLICY};
static struct enter e_kr = {"keyring", MODE_IKEV2_KEYRING};
static struct enter e_peer = {"peer", MODE_IKEV2_KEYRING_PEER};
static struct enter e_prof = {"profile", MODE_IKEV2_PROFILE};
static struct enter e_isakmp = {"isakmp", MODE_ISAKMP};
static struct enter e_ts = {"transform-set", MODE_CRYPTO_TRANS};
static struct enter e_ipsec = {"ipsec-profile", MODE_IPSEC_PROFILE};

#define CRYPTO "Encryption module\n"
#define IKEV2 "Configure IKEv2 Options\n"

static const struct cli_cmd commands[] = {
	{MODE_EXEC, "show interfaces [IFNAME]",
	 "Show running system information\nInterface status and configuration\nInterface name",
	 h_record, 0, "show-if"},
	{MODE_EXEC, "show ip route", "Show running system information\nIP information\nIP routing table",
	 h_record, 0, "show-route"},
	{MODE_EXEC, "show version", "Show running system information\nSystem hardware and software status",
	 h_record, 0, "show-version"},
	{MODE_EXEC, "clear crypto sa", "Reset functions\nClear crypto\nIPSEC SA", h_record, CLI_F_PRIV15,
	 "clear"},
	{MODE_EXEC, "debug crypto ikev2", "Debugging functions\nCryptographic subsystem\nIKEv2",
	 h_record, CLI_F_PRIV15 | CLI_F_NO, "debug"},
	{MODE_EXEC, "refuse WORD", "A command that refuses\nWhat", h_refuse, 0, NULL},

	{MODE_CONFIG, "hostname WORD", "Set system's network name\nThis system's network name",
	 h_hostname, 0, NULL},
	{MODE_CONFIG, "interface IFNAME", "Select an interface to configure\nInterface name", h_enter,
	 CLI_F_NO_FULL, &e_if},
	{MODE_CONFIG, "crypto ikev2 dpd <10-3600> <2-60> {on-demand|periodic}",
	 CRYPTO IKEV2 "Enable IKE liveness check for peers\n"
		      "DPD interval in seconds\nRetry interval in seconds when there is no reply\n"
		      "Send a DPD only when there is no traffic\nSend a DPD periodically",
	 h_record, CLI_F_NO, "dpd"},
	{MODE_CONFIG, "crypto ikev2 proposal WORD", CRYPTO IKEV2 "Define IKEv2 proposals\nProposal name",
	 h_enter, CLI_F_NO_FULL, &e_prop},
	{MODE_CONFIG, "crypto ikev2 policy WORD", CRYPTO IKEV2 "Define IKEv2 policies\nPolicy name",
	 h_enter, 0, &e_pol},
	{MODE_CONFIG, "crypto ikev2 keyring WORD", CRYPTO IKEV2 "Define IKEv2 keyrings\nKeyring name",
	 h_enter, 0, &e_kr},
	{MODE_CONFIG, "crypto ikev2 profile WORD", CRYPTO IKEV2 "Define IKEv2 profiles\nProfile name",
	 h_enter, 0, &e_prof},
	{MODE_CONFIG, "crypto isakmp policy <1-10000>",
	 CRYPTO "Configure ISAKMP Policy\nSet policy for an ISAKMP protection suite\nPriority",
	 h_enter, 0, &e_isakmp},
	{MODE_CONFIG,
	 "crypto ipsec transform-set WORD {esp-aes [{128|192|256}]|esp-3des} "
	 "{esp-sha-hmac|esp-sha256-hmac}",
	 CRYPTO "Configure IPSEC policy\nDefine transform and settings\nTransform set tag\n"
		"ESP transform using AES cipher\n128 bit keys\n192 bit keys\n256 bit keys\n"
		"ESP transform using 3DES cipher\nESP transform using HMAC-SHA1 auth\n"
		"ESP transform using HMAC-SHA256 auth",
	 h_enter, 0, &e_ts},
	{MODE_CONFIG, "crypto ipsec profile WORD",
	 CRYPTO "Configure IPSEC policy\nConfigure an ipsec policy profile\nProfile name", h_enter, 0,
	 &e_ipsec},
	{MODE_CONFIG, "ip route A.B.C.D A.B.C.D A.B.C.D",
	 "Global IP configuration subcommands\nEstablish static routes\nDestination prefix\n"
	 "Destination prefix mask\nForwarding router's address",
	 h_record, CLI_F_NO_FULL, "route"},
	{MODE_CONFIG, "ip prefix-list WORD permit A.B.C.D/M",
	 "Global IP configuration subcommands\nBuild a prefix list\nName\nSpecify packets to forward\n"
	 "IP prefix <network>/<length>",
	 h_record, 0, "prefix-list"},
	{MODE_CONFIG, "refuse WORD", "A command that refuses\nWhat", h_refuse, 0, NULL},
	{MODE_CONFIG, "service internal", "Modify use of network based services\nInternal commands",
	 h_record, CLI_F_HIDDEN, "service"},

	{MODE_CONFIG_IF, "ip address A.B.C.D A.B.C.D [secondary]",
	 "Interface Internet Protocol config commands\nSet the IP address of an interface\n"
	 "IP address\nIP subnet mask\nMake this IP address a secondary address",
	 h_record, CLI_F_NO, "address"},
	{MODE_CONFIG_IF, "ip nhrp nhs A.B.C.D [nbma A.B.C.D] [multicast] [priority <0-255>]",
	 "Interface Internet Protocol config commands\nNHRP interface subcommands\n"
	 "Specify a next hop server\nNext hop server address\nNBMA address\nNBMA address\n"
	 "Use this NBMA mapping for broadcasts/multicasts\nNHS priority\nPriority",
	 h_nhs, CLI_F_NO, NULL},
	{MODE_CONFIG_IF, "ip redirects", "Interface Internet Protocol config commands\nEnable sending ICMP Redirect messages",
	 h_record, CLI_F_NO, "redirects"},
	{MODE_CONFIG_IF, "description LINE", "Interface specific description\nUp to 240 characters",
	 h_record, CLI_F_NO, "description"},
	{MODE_CONFIG_IF, "shutdown", "Shutdown the selected interface", h_record, CLI_F_NO, "shutdown"},
	{MODE_CONFIG_IF, "tunnel mode gre {ip|multipoint}",
	 "Protocol-over-protocol tunneling\nTunnel encapsulation method\nGeneric route encapsulation protocol\n"
	 "over IP\nover IP (multipoint)",
	 h_record, CLI_F_NO, "tunnel-mode"},
	{MODE_CONFIG_IF, "tunnel key <0-4294967295>",
	 "Protocol-over-protocol tunneling\nSecurity or selector key\nkey", h_record, CLI_F_NO, "key"},
	{MODE_CONFIG_IF, "tunnel source {IFNAME|A.B.C.D}",
	 "Protocol-over-protocol tunneling\nSource of tunnel packets\nInterface\nIP address", h_record, 0,
	 "source"},

	{MODE_IKEV2_PROPOSAL, "encryption {aes-cbc-128|aes-cbc-256}",
	 "Set encryption algorithm(s)\nAES-CBC-128\nAES-CBC-256", h_record, 0, "encryption"},
	{MODE_IKEV2_PROPOSAL, "group {1|2|14}",
	 "Set the Diffie-Hellman group(s)\nDH 768 MODP\nDH 1024 MODP\nDH 2048 MODP", h_record, 0,
	 "group"},
	{MODE_IKEV2_PROPOSAL, "integrity {sha1|sha256}", "Set integrity hash algorithm(s)\nSHA-1\nSHA-256",
	 h_record, 0, "integrity"},
	{MODE_IKEV2_PROFILE, "match identity remote address A.B.C.D [A.B.C.D]",
	 "Match values of peer\nPeer's identity\nRemote identity\nIP address\nAddress\nMask", h_record, 0,
	 "match"},
	{MODE_IKEV2_PROFILE, "authentication {remote|local} pre-share",
	 "Set authentication method\nRemote\nLocal\nPre-shared key", h_record, 0, "authentication"},
	{MODE_IKEV2_PROFILE, "keyring local WORD", "Set keyring\nLocal keyring\nName", h_record, 0,
	 "profile-keyring"},
	{MODE_IPSEC_PROFILE, "set ikev2-profile WORD",
	 "Specify profile configuration parameters\nSpecify ikev2 profile\nProfile name", h_record, 0,
	 "set-ikev2"},
	{MODE_CONFIG_IF, "ip mtu <68-1500>", "IP\nSet IP Maximum Transmission Unit\nMTU (bytes)", h_record,
	 CLI_F_NO, "mtu"},
	{MODE_CONFIG_IF, "ip nhrp authentication WORD", "IP\nNHRP\nAuthentication string\nString",
	 h_record, CLI_F_NO, "nhrp-auth"},
	{MODE_CONFIG_IF, "ip nhrp map multicast {dynamic|A.B.C.D}",
	 "IP\nNHRP\nStatic mapping\nMulticast\nDynamic\nNBMA address", h_record, CLI_F_NO, "nhrp-mcast"},
	{MODE_CONFIG_IF, "ip nhrp network-id <1-4294967295>", "IP\nNHRP\nNetwork id\nId", h_record,
	 CLI_F_NO, "network-id"},
	{MODE_CONFIG_IF, "ip nhrp holdtime <1-65535>", "IP\nNHRP\nHoldtime\nSeconds", h_record, CLI_F_NO,
	 "holdtime"},
	{MODE_CONFIG_IF, "ip nhrp redirect", "IP\nNHRP\nRedirect", h_record, CLI_F_NO, "redirect"},
	{MODE_CONFIG_IF, "ip tcp adjust-mss <500-1460>", "IP\nTCP\nAdjust the MSS\nBytes", h_record,
	 CLI_F_NO, "mss"},
	{MODE_CONFIG_IF, "tunnel protection ipsec profile WORD [shared]",
	 "Tunnel\nProtection\nIPsec\nProfile\nName\nShared", h_record, CLI_F_NO, "protection"},
	{MODE_IKEV2_POLICY, "proposal WORD", "Specify Proposal\nProposal name", h_record, 0, "proposal"},
	{MODE_IKEV2_KEYRING, "peer WORD", "Configure a Peer and associated keys\nName", h_enter, 0,
	 &e_peer},
	{MODE_IKEV2_KEYRING_PEER, "address A.B.C.D [A.B.C.D]",
	 "Specify IPv4/IPv6 address of peer\nIPv4 address\nMask", h_peer_addr, 0, NULL},
	{MODE_IKEV2_KEYRING_PEER, "pre-shared-key [{local|remote}] WORD",
	 "Specify the pre-shared key\nLocal key\nRemote key\nThe key", h_record, 0, "psk"},
	{MODE_IKEV2_PROFILE, "dpd <10-3600> <2-60> {on-demand|periodic}",
	 "Enable IKE liveness check for peers\nDPD interval in seconds\nRetry interval\n"
	 "On demand\nPeriodic",
	 h_record, CLI_F_NO, "profile-dpd"},
	{MODE_ISAKMP, "encryption {des|3des|aes}", "Set encryption algorithm\nDES\n3DES\nAES",
	 h_record, 0, "isakmp-encr"},
	{MODE_CRYPTO_TRANS, "mode {tunnel|transport}", "encapsulation mode\ntunnel\ntransport",
	 h_record, 0, "ts-mode"},
	{MODE_IPSEC_PROFILE, "set transform-set WORD",
	 "Specify profile configuration parameters\nSpecify list of transform sets\nTransform set name",
	 h_record, 0, "set-ts"},
};

static const struct cli_iftype iftypes[] = {
	{"Tunnel", "Tunnel interface", "<0-2147483647>", "Tunnel interface number"},
	{"GigabitEthernet", "GigabitEthernet IEEE 802.3z", "<0-9>", "GigabitEthernet interface number"},
	{"Loopback", "Loopback interface", "<0-2147483647>", "Loopback interface number"},
};

static struct app app;
static struct cli_tree *tree;
static struct cli_session *s;
static char *out;
static size_t pos;

static struct cli_tree *
make_tree(void)
{
	struct cli_tree *t = cli_tree_new();

	cli_register_all(t, commands, sizeof(commands) / sizeof(commands[0]));
	cli_tree_set_enable_check(t, app_check);
	return t;
}

static void
setup(void)
{
	memset(&app, 0, sizeof(app));
	strcpy(app.host, "R1");
	tree = make_tree();
	s = cli_session_new(tree, &app, 15);
	cli_session_set_hostname_fn(s, app_hostname);
	out = NULL;
	pos = 12345;
}

static void
teardown(void)
{
	free(out);
	out = NULL;
	cli_session_free(s);
	cli_tree_free(tree);
}

static enum cli_status
run(const char *line)
{
	enum cli_status st = cli_session_exec(s, line, &pos);

	free(out);
	out = cli_session_take_output(s, NULL);
	return st;
}

static enum cli_status
help(const char *line)
{
	enum cli_status st = cli_session_help(s, line, &pos);

	free(out);
	out = cli_session_take_output(s, NULL);
	return st;
}

static void
to_mode(const char *const *lines)
{
	for (; *lines; lines++)
		ck_assert_int_eq(run(*lines), CLI_OK);
}

#define RUN_OK(line, expect)                                                                      \
	do {                                                                                      \
		ck_assert_int_eq(run(line), CLI_OK);                                              \
		ck_assert_str_eq(out, expect);                                                    \
	} while (0)

#define RUN_INVALID(line, at)                                                                     \
	do {                                                                                      \
		ck_assert_int_eq(run(line), CLI_ERR_INVALID);                                     \
		ck_assert_uint_eq(pos, at);                                                       \
		ck_assert_str_eq(out, "");                                                        \
	} while (0)

/* --- Prompts and modes ------------------------------------------------------ */

START_TEST(t_prompts_every_mode)
{
	static const struct {
		enum cli_mode mode;
		const char *prompt;
	} want[] = {
		{MODE_EXEC, "R1#"},
		{MODE_CONFIG, "R1(config)#"},
		{MODE_CONFIG_IF, "R1(config-if)#"},
		{MODE_IKEV2_PROPOSAL, "R1(config-ikev2-proposal)#"},
		{MODE_IKEV2_POLICY, "R1(config-ikev2-policy)#"},
		{MODE_IKEV2_KEYRING, "R1(config-ikev2-keyring)#"},
		{MODE_IKEV2_KEYRING_PEER, "R1(config-ikev2-keyring-peer)#"},
		{MODE_IKEV2_PROFILE, "R1(config-ikev2-profile)#"},
		{MODE_ISAKMP, "R1(config-isakmp)#"},
		{MODE_CRYPTO_TRANS, "R1(cfg-crypto-trans)#"},
		{MODE_IPSEC_PROFILE, "R1(ipsec-profile)#"},
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		cli_session_set_mode(s, want[i].mode, NULL);
		ck_assert_int_eq(cli_session_mode(s), want[i].mode);
		ck_assert_str_eq(cli_session_prompt(s), want[i].prompt);
	}
	cli_session_set_mode(s, MODE_EXEC, NULL);
	cli_session_set_privilege(s, 1);
	ck_assert_str_eq(cli_session_prompt(s), "R1>");
	cli_session_set_hostname_fn(s, NULL);
	ck_assert_str_eq(cli_session_prompt(s), "Router>");
}
END_TEST

START_TEST(t_prompts_by_commands)
{
	static const struct {
		const char *line, *prompt;
	} steps[] = {
		{"configure terminal", "R1(config)#"},
		{"crypto ikev2 proposal P", "R1(config-ikev2-proposal)#"},
		{"crypto ikev2 policy POL", "R1(config-ikev2-policy)#"},
		{"crypto ikev2 keyring KR", "R1(config-ikev2-keyring)#"},
		{"peer B", "R1(config-ikev2-keyring-peer)#"},
		{"crypto ikev2 profile PR", "R1(config-ikev2-profile)#"},
		{"crypto isakmp policy 10", "R1(config-isakmp)#"},
		{"crypto ipsec transform-set TS esp-aes 256 esp-sha-hmac", "R1(cfg-crypto-trans)#"},
		{"crypto ipsec profile IP", "R1(ipsec-profile)#"},
		{"interface Tunnel0", "R1(config-if)#"},
		{"hostname Hub", "Hub(config)#"}, /* runs in config */
		{"end", "Hub#"},
	};

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		ck_assert_int_eq(run(steps[i].line), CLI_OK);
		ck_assert_str_eq(cli_session_prompt(s), steps[i].prompt);
	}
}
END_TEST

START_TEST(t_configure_terminal_banner)
{
	RUN_OK("configure terminal", "Enter configuration commands, one per line.  End with CNTL/Z.\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG);
}
END_TEST

START_TEST(t_configure_asks)
{
	const char *q = NULL;
	bool echo = false;

	ck_assert_int_eq(run("configure"), CLI_ASK);
	ck_assert_str_eq(out, "");
	ck_assert(cli_session_asking(s, &q, &echo));
	ck_assert_str_eq(q, "Configuring from terminal, memory, or network [terminal]? ");
	ck_assert(echo);
	RUN_OK("", "Enter configuration commands, one per line.  End with CNTL/Z.\n");
	ck_assert(!cli_session_asking(s, NULL, NULL));
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG);

	ck_assert_int_eq(run("end"), CLI_OK);
	ck_assert_int_eq(run("conf"), CLI_ASK);
	ck_assert_int_eq(run("t"), CLI_OK);
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG);

	ck_assert_int_eq(run("end"), CLI_OK);
	ck_assert_int_eq(run("configure"), CLI_ASK);
	ck_assert_int_eq(run("floppy"), CLI_ERR_FAILED);
	ck_assert_str_eq(out, "?Must be \"terminal\", \"memory\" or \"network\"\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_EXEC);
}
END_TEST

/* --- Abbreviation and matching ---------------------------------------------- */

START_TEST(t_abbreviations)
{
	RUN_OK("conf t", "Enter configuration commands, one per line.  End with CNTL/Z.\n");
	RUN_OK("int tun0", "interface: interface tun0\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG_IF);
	RUN_OK("ip addr 10.0.0.1 255.255.255.0 sec",
	       "address: ip address 10.0.0.1 255.255.255.0 secondary\n");
	RUN_OK("IP ADDRESS 10.0.0.1 255.255.255.0", "address: ip address 10.0.0.1 255.255.255.0\n");
	RUN_OK("do sh ver", "show-version: show version\n");
	RUN_OK("cry ikev2 dpd 10 2 on", "dpd: crypto ikev2 dpd 10 2 on-demand\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG);
}
END_TEST

START_TEST(t_interface_two_words)
{
	to_mode((const char *[]){"conf t", NULL});
	RUN_OK("interface Tunnel 0", "interface: interface Tunnel0\n");
	ck_assert_str_eq(cli_session_prompt(s), "R1(config-if)#");
	RUN_OK("interface GigabitEthernet 0/0", "interface: interface GigabitEthernet0/0\n");
	RUN_OK("interface gi0/0.100", "interface: interface gi0/0.100\n");
	RUN_INVALID("interface 0/0", 10);
	RUN_INVALID("interface Tun#0", 13);
}
END_TEST

START_TEST(t_exact_keyword_beats_prefix)
{
	to_mode((const char *[]){"conf t", "crypto ikev2 proposal P", NULL});
	RUN_OK("group 1", "group: group 1\n");
	RUN_OK("group 14", "group: group 14\n");
	RUN_INVALID("group 4", 6);
}
END_TEST

START_TEST(t_keyword_prefix_beats_word)
{
	to_mode((const char *[]){"conf t", "crypto ikev2 keyring KR", "peer B", NULL});
	RUN_OK("pre-shared-key lo Secret", "psk: pre-shared-key local Secret\n");
	RUN_OK("pre-shared-key Secret", "psk: pre-shared-key Secret\n");
	ck_assert_int_eq(run("pre-shared-key re"), CLI_ERR_INCOMPLETE);
}
END_TEST

START_TEST(t_ambiguous)
{
	char *msg;

	ck_assert_int_eq(run("show i"), CLI_ERR_AMBIGUOUS);
	ck_assert_str_eq(out, "");
	msg = cli_status_message(CLI_ERR_AMBIGUOUS, "  show i  ");
	ck_assert_str_eq(msg, "% Ambiguous command:  \"show i\"");
	free(msg);
	/* "d" is debug or disable */
	ck_assert_int_eq(run("d crypto"), CLI_ERR_AMBIGUOUS);
	ck_assert_int_eq(run("show in"), CLI_OK);
	ck_assert_str_eq(out, "show-if: show interfaces\n");
}
END_TEST

START_TEST(t_incomplete)
{
	char *msg;

	ck_assert_int_eq(run("show"), CLI_ERR_INCOMPLETE);
	to_mode((const char *[]){"conf t", NULL});
	ck_assert_int_eq(run("crypto ikev2 dpd 10"), CLI_ERR_INCOMPLETE);
	ck_assert_int_eq(run("crypto ikev2 dpd 10 2"), CLI_ERR_INCOMPLETE);
	ck_assert_int_eq(run("interface"), CLI_ERR_INCOMPLETE);
	ck_assert_str_eq(out, "");
	msg = cli_status_message(CLI_ERR_INCOMPLETE, "x");
	ck_assert_str_eq(msg, "% Incomplete command.");
	free(msg);
	msg = cli_status_message(CLI_ERR_INVALID, "x");
	ck_assert_str_eq(msg, "% Invalid input detected at '^' marker.");
	free(msg);
	ck_assert_ptr_null(cli_status_message(CLI_OK, "x"));
	ck_assert_ptr_null(cli_status_message(CLI_ERR_FAILED, "x"));
}
END_TEST

START_TEST(t_invalid_caret)
{
	RUN_INVALID("shiw version", 2);   /* "sh" fits show: under the 'i' */
	RUN_INVALID("xyzzy now", 0);
	RUN_INVALID("show versiom", 11);  /* under the 'm' */
	RUN_INVALID("show version now", 13); /* an extra word */
	RUN_INVALID("show interaface", 10);  /* IOS: under the 'a' after "inter" */
	RUN_INVALID("   show version now", 16);
	to_mode((const char *[]){"conf t", NULL});
	RUN_INVALID("host name S2", 10); /* IOS: host = hostname, S2 is extra */
	RUN_INVALID("crypto ikev2 dpd 5 2 periodic", 17);     /* out of range: word start */
	RUN_INVALID("crypto ikev2 dpd 10 61 periodic", 20);
	RUN_INVALID("crypto ikev2 dpd 10 2x periodic", 21);   /* the 'x' */
	RUN_INVALID("crypto ikev2 dpd 10 2 periodically", 30);
	RUN_INVALID("crypto ikev2 dpd 10 2 sometimes", 22);
	RUN_INVALID("crypto ikev2 dpd 10 2 periodic now", 31);
	RUN_INVALID("crypto ikev2 dpd 99999999999 2 periodic", 17);
	RUN_INVALID("ip route 1.2.3.x 255.0.0.0 10.0.0.1", 15);
	RUN_INVALID("ip route 1.2.3.400 255.0.0.0 10.0.0.1", 15);
	RUN_INVALID("ip route 1.2.3 255.0.0.0 10.0.0.1", 14);  /* just after the word */
	RUN_INVALID("ip route 1.2.3.4.5 255.0.0.0 10.0.0.1", 16);
	RUN_INVALID("ip route 1.2.3.4 255.0.0.0 10.0.0.1 7", 36);
	RUN_INVALID("ip prefix-list L permit 10.0.0.0/33", 33);
	RUN_INVALID("ip prefix-list L permit 10.0.0.0", 32);
	RUN_OK("ip prefix-list L permit 10.0.0.0/8", "prefix-list: ip prefix-list L permit 10.0.0.0/8\n");
	/* a number for a keyword-only choice */
	RUN_INVALID("crypto ipsec transform-set TS esp-aes 512 esp-sha-hmac", 38);
}
END_TEST

START_TEST(t_exec_unknown_word_is_a_host)
{
	static const char unknown[] = "Translating \"xyzzy\"\n"
				      "% Unknown command or computer name, or unable to find "
				      "computer address\n";

	ck_assert_int_eq(run(" xyzzy "), CLI_ERR_FAILED);
	ck_assert_str_eq(out, unknown);
	cli_session_set_privilege(s, 1);
	ck_assert_int_eq(run("xyzzy"), CLI_ERR_FAILED);
	ck_assert_str_eq(out, unknown);
	/* not in config mode, and not for an ambiguous or incomplete word */
	ck_assert_int_eq(run("show"), CLI_ERR_INCOMPLETE);
	cli_session_set_privilege(s, 15);
	ck_assert_int_eq(run("d"), CLI_ERR_AMBIGUOUS);
	to_mode((const char *[]){"conf t", NULL});
	RUN_INVALID("xyzzy", 0);
	/* do runs in EXEC */
	ck_assert_int_eq(run("do xyzzy"), CLI_ERR_FAILED);
	ck_assert_str_eq(out, unknown);
}
END_TEST

START_TEST(t_hidden_commands)
{
	char *c;

	to_mode((const char *[]){"conf t", NULL});
	RUN_OK("serv int", "service: service internal\n");
	ck_assert_int_eq(help("serv?"), CLI_ERR_FAILED);
	ck_assert_str_eq(out, "% Unrecognized command\n");
	ck_assert_ptr_null(cli_session_complete(s, "serv"));
	/* once typed, its own words are helped */
	ck_assert_int_eq(help("service ?"), CLI_OK);
	ck_assert_str_eq(out, "");
	c = cli_session_complete(s, "s");
	ck_assert_ptr_null(c);
}
END_TEST

START_TEST(t_numbers)
{
	to_mode((const char *[]){"conf t", "interface Tunnel0", NULL});
	RUN_OK("tunnel key 4294967295", "key: tunnel key 4294967295\n");
	RUN_OK("tunnel key 0", "key: tunnel key 0\n");
	RUN_OK("tunnel key 007", "key: tunnel key 007\n");
	RUN_INVALID("tunnel key 4294967296", 11);
	RUN_INVALID("tunnel key -1", 11);
	RUN_INVALID("tunnel key +1", 11);
	RUN_INVALID("tunnel key 0x10", 12);
}
END_TEST

START_TEST(t_alternatives_and_optional_groups)
{
	to_mode((const char *[]){"conf t", NULL});
	RUN_OK("crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac",
	       "transform-set: crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac\n");
	RUN_OK("crypto ipsec transform-set TS esp-aes esp-sha-hmac",
	       "transform-set: crypto ipsec transform-set TS esp-aes esp-sha-hmac\n");
	RUN_OK("crypto ipsec transform-set TS esp-3des esp-sha-hmac",
	       "transform-set: crypto ipsec transform-set TS esp-3des esp-sha-hmac\n");
	RUN_INVALID("crypto ipsec transform-set TS esp-3des 256 esp-sha-hmac", 39);
	RUN_OK("mode transport", "ts-mode: mode transport\n");
}
END_TEST

START_TEST(t_ctx_accessors)
{
	to_mode((const char *[]){"conf t", "interface Tunnel0", NULL});
	RUN_OK("ip nhrp nhs 172.16.0.1 nbma 203.0.113.1 multicast priority 3",
	       "nhs 172.16.0.1 on Tunnel0 nbma=203.0.113.1 multicast=1 priority=3 tok0=ip "
	       "tok3=A.B.C.D\n");
	RUN_OK("ip nhrp nhs 172.16.0.1 priority 7",
	       "nhs 172.16.0.1 on Tunnel0 nbma=- multicast=0 priority=7 tok0=ip tok3=A.B.C.D\n");
	/* the order of the optional groups is the syntax order */
	RUN_INVALID("ip nhrp nhs 172.16.0.1 multicast nbma 1.1.1.1", 33);
	RUN_OK("description  DMVPN hub | to spokes ", "description: description DMVPN hub | to spokes\n");
}
END_TEST

START_TEST(t_handler_errors)
{
	ck_assert_int_eq(run("refuse it"), CLI_ERR_FAILED);
	ck_assert_str_eq(out, "% Cannot do it\n");
	ck_assert_int_eq(run("refuse   bad"), CLI_ERR_INVALID);
	ck_assert_uint_eq(pos, 9);
}
END_TEST

/* --- no / default -------------------------------------------------------------- */

START_TEST(t_no_default_forms)
{
	to_mode((const char *[]){"conf t", "interface Tunnel0", NULL});
	RUN_OK("no ip address", "no address: ip address\n");
	RUN_OK("no ip address 10.0.0.1", "no address: ip address 10.0.0.1\n");
	RUN_OK("no ip address 10.0.0.1 255.0.0.0 secondary",
	       "no address: ip address 10.0.0.1 255.0.0.0 secondary\n");
	RUN_OK("default ip address", "default address: ip address\n");
	RUN_OK("no shut", "no shutdown: shutdown\n");
	RUN_OK("no ip redirects", "no redirects: ip redirects\n");
	RUN_OK("no ip nhrp nhs", "nhs (null) on Tunnel0 nbma=- multicast=0 priority=- tok0=ip tok3=(null)\n");
	RUN_OK("no description", "no description: description\n");
	/* the leading keyword run is "tunnel mode gre" */
	ck_assert_int_eq(run("no tunnel mode"), CLI_ERR_INCOMPLETE);
	RUN_OK("no tunnel mode gre", "no tunnel-mode: tunnel mode gre\n");
	RUN_OK("no tunnel mode gre multipoint", "no tunnel-mode: tunnel mode gre multipoint\n");
	RUN_INVALID("no ip address 10.0.0.1 255.0.0.0 primary", 33);
	ck_assert_int_eq(run("no"), CLI_ERR_INCOMPLETE);
	RUN_OK("no crypto ikev2 dpd", "no dpd: crypto ikev2 dpd\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG);
	RUN_OK("default crypto ikev2 dpd 10", "default dpd: crypto ikev2 dpd 10\n");
	/* CLI_F_NO_FULL keeps the arguments required */
	ck_assert_int_eq(run("no interface"), CLI_ERR_INCOMPLETE);
	RUN_OK("no interface Tunnel0", "no interface: interface Tunnel0\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG);
	ck_assert_int_eq(run("no ip route 1.0.0.0 255.0.0.0"), CLI_ERR_INCOMPLETE);
	RUN_OK("no ip route 1.0.0.0 255.0.0.0 2.2.2.2", "no route: ip route 1.0.0.0 255.0.0.0 2.2.2.2\n");
	/* hostname has no no form */
	RUN_INVALID("no hostname", 3);
}
END_TEST

START_TEST(t_no_help_texts)
{
	to_mode((const char *[]){"conf t", NULL});
	ck_assert_int_eq(help("de?"), CLI_OK);
	ck_assert_str_eq(out, "default  \n");
	ck_assert_int_eq(help("n"), CLI_OK);
	ck_assert_str_eq(out, "no  \n");
	ck_assert_int_eq(help("?"), CLI_OK);
	ck_assert_str_eq(out, "Configure commands:\n"
			      "  crypto     Encryption module\n"
			      "  default    Set a command to its defaults\n"
			      "  do         To run exec commands in config mode\n"
			      "  end        Exit from configure mode\n"
			      "  exit       Exit from configure mode\n"
			      "  hostname   Set system's network name\n"
			      "  interface  Select an interface to configure\n"
			      "  ip         Global IP configuration subcommands\n"
			      "  no         Negate a command or set its defaults\n"
			      "  refuse     A command that refuses\n");
	ck_assert_int_eq(help("no ?"), CLI_OK);
	ck_assert_str_eq(out, "  crypto     Encryption module\n"
			      "  interface  Select an interface to configure\n"
			      "  ip         Global IP configuration subcommands\n");
}
END_TEST

/* --- Parent-mode fallback ------------------------------------------------------- */

START_TEST(t_parent_fallback)
{
	to_mode((const char *[]){"conf t", "interface Tunnel0", NULL});
	RUN_OK("interface Tunnel1", "interface: interface Tunnel1\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG_IF);
	RUN_OK("ip nhrp nhs 10.0.0.1", "nhs 10.0.0.1 on Tunnel1 nbma=- multicast=0 priority=- tok0=ip tok3=A.B.C.D\n");
	/* "ip" exists in config-if, "ip route" only in config */
	RUN_OK("ip route 0.0.0.0 0.0.0.0 10.0.0.1", "route: ip route 0.0.0.0 0.0.0.0 10.0.0.1\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG);

	to_mode((const char *[]){"crypto ikev2 keyring KR", "peer A", NULL});
	RUN_OK("address 10.0.0.2", "peer A in keyring KR: 10.0.0.2\n");
	/* peer B: one level up, in the keyring */
	RUN_OK("peer B", "peer: peer B\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_IKEV2_KEYRING_PEER);
	RUN_OK("address 10.0.0.3 255.255.255.255", "peer B in keyring KR: 10.0.0.3\n");
	/* two levels up */
	RUN_OK("crypto ikev2 proposal X", "proposal: crypto ikev2 proposal X\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_IKEV2_PROPOSAL);
	ck_assert_str_eq(cli_session_prompt(s), "R1(config-ikev2-proposal)#");
}
END_TEST

START_TEST(t_fallback_errors)
{
	to_mode((const char *[]){"conf t", "interface Tunnel0", NULL});
	/* invalid everywhere: the current mode's error, mode unchanged */
	RUN_INVALID("shutdown now", 9);
	RUN_INVALID("bogus", 0);
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG_IF);
	/* the furthest error wins: incomplete in config beats invalid here */
	ck_assert_int_eq(run("interface"), CLI_ERR_INCOMPLETE);
	ck_assert_int_eq(run("ip address 10.0.0.1"), CLI_ERR_INCOMPLETE);
	RUN_INVALID("ip route 1.2.3.4 1.2.3.4 x", 25);
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG_IF);
	/* EXEC commands are not reached from config without do ("sh" fits shutdown) */
	RUN_INVALID("show version", 2);
}
END_TEST

/* A show-run pasted into config mode: indentation is only looks, the
 * parent-mode fallback puts every line where it belongs. */
static const struct {
	const char *line;
	enum cli_mode mode_after;
} hub_config[] = {
	{"crypto ikev2 proposal DMVPN-PROP", MODE_IKEV2_PROPOSAL},
	{" encryption aes-cbc-256", MODE_IKEV2_PROPOSAL},
	{" integrity sha256", MODE_IKEV2_PROPOSAL},
	{" group 14", MODE_IKEV2_PROPOSAL},
	{"!", MODE_IKEV2_PROPOSAL},
	{"crypto ikev2 policy DMVPN-POL", MODE_IKEV2_POLICY},
	{" proposal DMVPN-PROP", MODE_IKEV2_POLICY},
	{"!", MODE_IKEV2_POLICY},
	{"crypto ikev2 keyring DMVPN-KR", MODE_IKEV2_KEYRING},
	{" peer ANY", MODE_IKEV2_KEYRING_PEER},
	{"  address 0.0.0.0 0.0.0.0", MODE_IKEV2_KEYRING_PEER},
	{"  pre-shared-key Dmvpn-S3cret", MODE_IKEV2_KEYRING_PEER},
	{" !", MODE_IKEV2_KEYRING_PEER},
	{"!", MODE_IKEV2_KEYRING_PEER},
	{"crypto ikev2 profile DMVPN-IKEV2", MODE_IKEV2_PROFILE},
	{" match identity remote address 0.0.0.0", MODE_IKEV2_PROFILE},
	{" authentication remote pre-share", MODE_IKEV2_PROFILE},
	{" authentication local pre-share", MODE_IKEV2_PROFILE},
	{" keyring local DMVPN-KR", MODE_IKEV2_PROFILE},
	{" dpd 30 5 on-demand", MODE_IKEV2_PROFILE},
	{"!", MODE_IKEV2_PROFILE},
	{"crypto ipsec transform-set DMVPN-TS esp-aes 256 esp-sha256-hmac ", MODE_CRYPTO_TRANS},
	{" mode transport", MODE_CRYPTO_TRANS},
	{"!", MODE_CRYPTO_TRANS},
	{"crypto ipsec profile DMVPN-IPSEC", MODE_IPSEC_PROFILE},
	{" set transform-set DMVPN-TS", MODE_IPSEC_PROFILE},
	{" set ikev2-profile DMVPN-IKEV2", MODE_IPSEC_PROFILE},
	{"!", MODE_IPSEC_PROFILE},
	{"interface Tunnel0", MODE_CONFIG_IF},
	{" description DMVPN hub", MODE_CONFIG_IF},
	{" ip address 172.16.0.1 255.255.255.0", MODE_CONFIG_IF},
	{" no ip redirects", MODE_CONFIG_IF},
	{" ip mtu 1400", MODE_CONFIG_IF},
	{" ip nhrp authentication NHRPkey", MODE_CONFIG_IF},
	{" ip nhrp map multicast dynamic", MODE_CONFIG_IF},
	{" ip nhrp network-id 100", MODE_CONFIG_IF},
	{" ip nhrp holdtime 300", MODE_CONFIG_IF},
	{" ip nhrp redirect", MODE_CONFIG_IF},
	{" ip tcp adjust-mss 1360", MODE_CONFIG_IF},
	{" tunnel source GigabitEthernet0/0", MODE_CONFIG_IF},
	{" tunnel mode gre multipoint", MODE_CONFIG_IF},
	{" tunnel key 100", MODE_CONFIG_IF},
	{" tunnel protection ipsec profile DMVPN-IPSEC", MODE_CONFIG_IF},
	{"!", MODE_CONFIG_IF},
	{"interface GigabitEthernet0/0", MODE_CONFIG_IF},
	{" ip address 203.0.113.1 255.255.255.0", MODE_CONFIG_IF},
	{"!", MODE_CONFIG_IF},
	{"crypto ikev2 dpd 10 3 on-demand", MODE_CONFIG},
	{"ip route 0.0.0.0 0.0.0.0 203.0.113.254", MODE_CONFIG},
	{"end", MODE_EXEC},
};

START_TEST(t_paste_show_run)
{
	to_mode((const char *[]){"configure terminal", NULL});
	for (size_t i = 0; i < sizeof(hub_config) / sizeof(hub_config[0]); i++) {
		enum cli_status st = run(hub_config[i].line);

		ck_assert_msg(st == CLI_OK, "\"%s\": status %d at %zu", hub_config[i].line, st, pos);
		ck_assert_msg(cli_session_mode(s) == hub_config[i].mode_after, "\"%s\": mode %d",
			      hub_config[i].line, cli_session_mode(s));
	}
}
END_TEST

/* --- exit / end / do -------------------------------------------------------------- */

START_TEST(t_exit_end)
{
	to_mode((const char *[]){"conf t", "crypto ikev2 keyring KR", "peer A", NULL});
	RUN_OK("exit", "");
	ck_assert_int_eq(cli_session_mode(s), MODE_IKEV2_KEYRING);
	RUN_OK("exit", "");
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG);
	RUN_OK("exit", "");
	ck_assert_int_eq(cli_session_mode(s), MODE_EXEC);
	ck_assert_int_eq(run("exit"), CLI_QUIT);
	ck_assert_int_eq(run("logout"), CLI_QUIT);
	ck_assert_int_eq(run("quit"), CLI_QUIT);

	to_mode((const char *[]){"conf t", "crypto ikev2 keyring KR", "peer A", NULL});
	RUN_OK("end", "");
	ck_assert_int_eq(cli_session_mode(s), MODE_EXEC);
	ck_assert_str_eq(cli_session_prompt(s), "R1#");
}
END_TEST

START_TEST(t_do)
{
	to_mode((const char *[]){"conf t", "interface Tunnel0", NULL});
	RUN_OK("do show interfaces Tunnel0", "show-if: show interfaces Tunnel0\n");
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG_IF);
	RUN_OK("do   show ip route", "show-route: show ip route\n");
	RUN_INVALID("do shiw ver", 5);
	RUN_INVALID("do  show ip bgp", 12);
	ck_assert_int_eq(run("do show i"), CLI_ERR_AMBIGUOUS);
	ck_assert_int_eq(run("do"), CLI_ERR_INCOMPLETE);
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG_IF);
	/* do disable drops to EXEC */
	RUN_OK("do disable", "");
	ck_assert_int_eq(cli_session_mode(s), MODE_EXEC);
	ck_assert_str_eq(cli_session_prompt(s), "R1>");
	/* there is no do in EXEC */
	cli_session_set_privilege(s, 15);
	RUN_INVALID("do show version", 1); /* "d" fits disable and debug */
}
END_TEST

/* --- Privilege and enable ---------------------------------------------------------- */

START_TEST(t_privilege_gating)
{
	cli_session_set_privilege(s, 1);
	RUN_INVALID("configure terminal", 0);
	RUN_INVALID("clear crypto sa", 0);
	RUN_INVALID("no debug crypto ikev2", 0);
	RUN_OK("show version", "show-version: show version\n");
	RUN_OK("terminal length 0", "");
	ck_assert_uint_eq(cli_session_terminal(s)->length, 0);
	/* "d" is not ambiguous at privilege 1: debug is hidden */
	RUN_OK("di", "");
	ck_assert_int_eq(help("?"), CLI_OK);
	ck_assert_str_eq(out, "Exec commands:\n"
			      "  disable   Turn off privileged commands\n"
			      "  enable    Turn on privileged commands\n"
			      "  exit      Exit from the EXEC\n"
			      "  logout    Exit from the EXEC\n"
			      "  refuse    A command that refuses\n"
			      "  show      Show running system information\n"
			      "  terminal  Set terminal line parameters\n");
	ck_assert_ptr_null(cli_session_complete(s, "conf"));
	cli_session_set_privilege(s, 15);
	RUN_OK("no debug crypto ikev2", "no debug: debug crypto ikev2\n");
	RUN_OK("clear crypto sa", "clear: clear crypto sa\n");
}
END_TEST

START_TEST(t_enable_no_secret)
{
	cli_session_set_privilege(s, 1);
	ck_assert_int_eq(run("enable"), CLI_ERR_FAILED);
	ck_assert_str_eq(out, "% No password set\n");
	ck_assert_int_eq(cli_session_privilege(s), 1);
	ck_assert(!cli_session_asking(s, NULL, NULL));
}
END_TEST

START_TEST(t_enable_secret)
{
	const char *q;
	bool echo = true;

	app.secret = "s3cret";
	cli_session_set_privilege(s, 1);
	ck_assert_str_eq(cli_session_prompt(s), "R1>");
	ck_assert_int_eq(run("enable"), CLI_ASK);
	ck_assert(cli_session_asking(s, &q, &echo));
	ck_assert_str_eq(q, "Password: ");
	ck_assert(!echo);
	ck_assert_int_eq(run("wrong"), CLI_ASK);
	ck_assert_int_eq(run("s3cret\r\n"), CLI_OK);
	ck_assert_int_eq(cli_session_privilege(s), 15);
	ck_assert_str_eq(cli_session_prompt(s), "R1#");
	RUN_OK("disable", "");
	ck_assert_int_eq(cli_session_privilege(s), 1);

	ck_assert_int_eq(run("en"), CLI_ASK);
	ck_assert_int_eq(run("a"), CLI_ASK);
	ck_assert_int_eq(run("b"), CLI_ASK);
	ck_assert_int_eq(run("c"), CLI_ERR_FAILED);
	ck_assert_str_eq(out, "% Bad secrets\n");
	ck_assert_int_eq(cli_session_privilege(s), 1);
	ck_assert(!cli_session_asking(s, NULL, NULL));
	/* enable at 15 does nothing */
	cli_session_set_privilege(s, 15);
	app.checks = 0;
	RUN_OK("enable", "");
	ck_assert_int_eq(app.checks, 0);
}
END_TEST

/* --- Terminal and history ------------------------------------------------------------ */

START_TEST(t_terminal)
{
	struct cli_terminal *t = cli_session_terminal(s);

	ck_assert_uint_eq(t->length, 24);
	ck_assert_uint_eq(t->width, 80);
	ck_assert(!t->monitor);
	RUN_OK("terminal length 40", "");
	RUN_OK("term wid 132", "");
	RUN_OK("terminal monitor", "");
	ck_assert_uint_eq(t->length, 40);
	ck_assert_uint_eq(t->width, 132);
	ck_assert(t->monitor);
	RUN_OK("terminal no monitor", "");
	ck_assert(!t->monitor);
	RUN_INVALID("terminal length 513", 16);
}
END_TEST

START_TEST(t_history)
{
	char line[16];

	cli_session_history_add(s, "conf t");
	cli_session_history_add(s, "");
	cli_session_history_add(s, "show history\n");
	RUN_OK("show history", "  conf t\n  show history\n");
	for (int i = 0; i < 12; i++) {
		snprintf(line, sizeof(line), "l%d", i);
		cli_session_history_add(s, line);
	}
	RUN_OK("show hist", "  l2\n  l3\n  l4\n  l5\n  l6\n  l7\n  l8\n  l9\n  l10\n  l11\n");
}
END_TEST

START_TEST(t_blank_and_comment_lines)
{
	to_mode((const char *[]){"conf t", NULL});
	RUN_OK("", "");
	RUN_OK("   ", "");
	RUN_OK("!", "");
	RUN_OK(" ! interface Tunnel0", "");
	ck_assert_int_eq(cli_session_mode(s), MODE_CONFIG);
}
END_TEST

/* --- Help and Tab -------------------------------------------------------------------- */

START_TEST(t_help_rows)
{
	to_mode((const char *[]){"conf t", NULL});
	ck_assert_int_eq(help("crypto ikev2 ?"), CLI_OK);
	ck_assert_str_eq(out, "  dpd       Enable IKE liveness check for peers\n"
			      "  keyring   Define IKEv2 keyrings\n"
			      "  policy    Define IKEv2 policies\n"
			      "  profile   Define IKEv2 profiles\n"
			      "  proposal  Define IKEv2 proposals\n");
	ck_assert_int_eq(help("crypto ikev2 dpd ?"), CLI_OK);
	ck_assert_str_eq(out, "  <10-3600>  DPD interval in seconds\n");
	ck_assert_int_eq(help("crypto ikev2 dpd 10 2 ?"), CLI_OK);
	ck_assert_str_eq(out, "  on-demand  Send a DPD only when there is no traffic\n"
			      "  periodic   Send a DPD periodically\n");
	ck_assert_int_eq(help("cry ikev2 dpd 10 2 per ?"), CLI_OK);
	ck_assert_str_eq(out, "  <cr>\n");
	ck_assert_int_eq(help("ip route ?"), CLI_OK);
	ck_assert_str_eq(out, "  A.B.C.D  Destination prefix\n");
	ck_assert_int_eq(help("interface Tunnel0 ?"), CLI_OK);
	ck_assert_str_eq(out, "  <cr>\n");
	to_mode((const char *[]){"interface Tunnel0", NULL});
	ck_assert_int_eq(help("ip address 10.0.0.1 255.0.0.0 ?"), CLI_OK);
	ck_assert_str_eq(out, "  secondary  Make this IP address a secondary address\n"
			      "  <cr>\n");
	ck_assert_int_eq(help("no ip address ?"), CLI_OK);
	ck_assert_str_eq(out, "  A.B.C.D  IP address\n  <cr>\n");
	ck_assert_int_eq(help("tunnel source ?"), CLI_OK);
	ck_assert_str_eq(out, "  IFNAME   Interface\n  A.B.C.D  IP address\n");
	ck_assert_int_eq(help("description ?"), CLI_OK);
	ck_assert_str_eq(out, "  LINE  Up to 240 characters\n");
	/* help falls back to the parent modes like a line does */
	ck_assert_int_eq(help("crypto ikev2 dpd ?"), CLI_OK);
	ck_assert_str_eq(out, "  <10-3600>  DPD interval in seconds\n");
	ck_assert_int_eq(help("do ?"), CLI_OK);
	ck_assert_str_eq(out, "  LINE  Exec Command\n");
	ck_assert_int_eq(help("do s?"), CLI_OK);
	ck_assert_str_eq(out, "show  \n");
	ck_assert_int_eq(help("do show ?"), CLI_OK);
	ck_assert_str_eq(out, "  history     Display the session command history\n"
			      "  interfaces  Interface status and configuration\n"
			      "  ip          IP information\n"
			      "  version     System hardware and software status\n");
}
END_TEST

START_TEST(t_help_output_modifiers)
{
	ck_assert_int_eq(help("show version ?"), CLI_OK);
	ck_assert_str_eq(out, "  |  Output Modifiers\n  <cr>\n");
	ck_assert_int_eq(help("sh int ?"), CLI_OK);
	ck_assert_str_eq(out, "  IFNAME  Interface name\n"
			      "  |       Output Modifiers\n"
			      "  <cr>\n");
	/* not for other commands, nor where the show command cannot run yet */
	ck_assert_int_eq(help("clear crypto sa ?"), CLI_OK);
	ck_assert_str_eq(out, "  <cr>\n");
	ck_assert_int_eq(help("show ip ?"), CLI_OK);
	ck_assert_str_eq(out, "  route  IP routing table\n");
	to_mode((const char *[]){"conf t", NULL});
	ck_assert_int_eq(help("do show history ?"), CLI_OK);
	ck_assert_str_eq(out, "  |  Output Modifiers\n  <cr>\n");
}
END_TEST

START_TEST(t_help_words)
{
	ck_assert_int_eq(help("show i?"), CLI_OK);
	ck_assert_str_eq(out, "interfaces  ip  \n");
	ck_assert_int_eq(help("show i"), CLI_OK);
	ck_assert_str_eq(out, "interfaces  ip  \n");
	ck_assert_int_eq(help("SH?"), CLI_OK);
	ck_assert_str_eq(out, "show  \n");
	ck_assert_int_eq(help("xyz?"), CLI_ERR_FAILED);
	ck_assert_str_eq(out, "% Unrecognized command\n");
	ck_assert_int_eq(help("show xyz ?"), CLI_ERR_INVALID);
	ck_assert_uint_eq(pos, 5);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(help("show i ?"), CLI_ERR_AMBIGUOUS);
	to_mode((const char *[]){"conf t", NULL});
	ck_assert_int_eq(help("crypto ikev2 dpd 1?"), CLI_OK);
	ck_assert_str_eq(out, "<10-3600>  \n");
	ck_assert_int_eq(help("crypto ikev2 dpd 5?"), CLI_OK); /* 50..3600 */
	ck_assert_str_eq(out, "<10-3600>  \n");
	ck_assert_int_eq(help("crypto ikev2 dpd 5000?"), CLI_ERR_FAILED);
	ck_assert_str_eq(out, "% Unrecognized command\n");
	/* a word only the parent mode knows */
	to_mode((const char *[]){"interface Tunnel0", NULL});
	ck_assert_int_eq(help("cry?"), CLI_OK);
	ck_assert_str_eq(out, "crypto  \n");
	ck_assert_int_eq(help("t?"), CLI_OK);
	ck_assert_str_eq(out, "tunnel  \n");
	/* wrapped at the terminal width */
	cli_session_terminal(s)->width = 20;
	ck_assert_int_eq(help("crypto ikev2 p?"), CLI_OK);
	ck_assert_str_eq(out, "policy  profile  \nproposal  \n");
}
END_TEST

START_TEST(t_interface_types_help)
{
	char *c;

	cli_tree_set_iftypes(tree, iftypes, sizeof(iftypes) / sizeof(iftypes[0]));
	to_mode((const char *[]){"conf t", NULL});
	ck_assert_int_eq(help("interface ?"), CLI_OK);
	ck_assert_str_eq(out, "  GigabitEthernet  GigabitEthernet IEEE 802.3z\n"
			      "  Loopback         Loopback interface\n"
			      "  Tunnel           Tunnel interface\n");
	to_mode((const char *[]){"crypto ikev2 proposal P", NULL});
	ck_assert_int_eq(help(" ?"), CLI_OK);
	/* no "no"/"default" here: nothing in this mode has a no form */
	ck_assert_str_eq(out, "IKEv2 proposal commands:\n"
			      "  do          To run exec commands in config mode\n"
			      "  encryption  Set encryption algorithm(s)\n"
			      "  end         Exit from configure mode\n"
			      "  exit        Exit from crypto ikev2 proposal sub mode\n"
			      "  group       Set the Diffie-Hellman group(s)\n"
			      "  integrity   Set integrity hash algorithm(s)\n");
	/* the rest of this test runs in the parent mode by fallback */
	ck_assert_int_eq(help("interface tu?"), CLI_OK);
	ck_assert_str_eq(out, "Tunnel  \n");
	ck_assert_int_eq(help("interface Tunnel ?"), CLI_OK);
	ck_assert_str_eq(out, "  <0-2147483647>  Tunnel interface number\n");
	ck_assert_int_eq(help("interface Tunnel0?"), CLI_OK);
	ck_assert_str_eq(out, "<0-2147483647>  \n");
	ck_assert_int_eq(help("interface Tunnel 0?"), CLI_OK);
	ck_assert_str_eq(out, "<0-2147483647>  \n");
	ck_assert_int_eq(help("interface Tunnel0 ?"), CLI_OK);
	ck_assert_str_eq(out, "  <cr>\n");
	ck_assert_int_eq(help("interface x?"), CLI_ERR_FAILED);
	c = cli_session_complete(s, "interface tu");
	ck_assert_str_eq(c, "interface Tunnel");
	free(c);
	c = cli_session_complete(s, "int g");
	ck_assert_str_eq(c, "int GigabitEthernet");
	free(c);
	ck_assert_ptr_null(cli_session_complete(s, "interface Tunnel0"));
	/* matching itself is unchanged: any name is passed on */
	RUN_OK("interface eth0", "interface: interface eth0\n");
	ck_assert_int_eq(help("tunnel source ?"), CLI_OK);
	ck_assert_str_eq(out, "  A.B.C.D          IP address\n"
			      "  GigabitEthernet  GigabitEthernet IEEE 802.3z\n"
			      "  Loopback         Loopback interface\n"
			      "  Tunnel           Tunnel interface\n");
	/* replaced, then cleared */
	cli_tree_set_iftypes(tree, iftypes, 1);
	ck_assert_int_eq(help("tunnel source ?"), CLI_OK);
	ck_assert_str_eq(out, "  A.B.C.D  IP address\n  Tunnel   Tunnel interface\n");
	cli_tree_set_iftypes(tree, NULL, 0);
	ck_assert_int_eq(help("tunnel source ?"), CLI_OK);
	ck_assert_str_eq(out, "  IFNAME   Interface\n  A.B.C.D  IP address\n");
}
END_TEST

START_TEST(t_tab)
{
	char *c;

	c = cli_session_complete(s, "conf");
	ck_assert_str_eq(c, "configure ");
	free(c);
	c = cli_session_complete(s, "conf t");
	ck_assert_str_eq(c, "conf terminal ");
	free(c);
	c = cli_session_complete(s, "SH");
	ck_assert_str_eq(c, "show ");
	free(c);
	ck_assert_ptr_null(cli_session_complete(s, "show i"));
	ck_assert_ptr_null(cli_session_complete(s, "show "));
	ck_assert_ptr_null(cli_session_complete(s, ""));
	ck_assert_ptr_null(cli_session_complete(s, "xyz"));
	ck_assert_ptr_null(cli_session_complete(s, "qu")); /* hidden */
	to_mode((const char *[]){"conf t", "interface Tunnel0", NULL});
	c = cli_session_complete(s, "ip addr 1.1.1.1 255.0.0.0 se");
	ck_assert_str_eq(c, "ip addr 1.1.1.1 255.0.0.0 secondary ");
	free(c);
	c = cli_session_complete(s, "do sh ver");
	ck_assert_str_eq(c, "do sh version ");
	free(c);
	/* a keyword typed in full wins, as in matching ("1" and "14") */
	to_mode((const char *[]){"crypto ikev2 proposal P", NULL});
	c = cli_session_complete(s, "group 1");
	ck_assert_str_eq(c, "group 1 ");
	free(c);
	c = cli_session_complete(s, "GROUP 14");
	ck_assert_str_eq(c, "GROUP 14 ");
	free(c);
	to_mode((const char *[]){"interface Tunnel0", NULL});
	/* from the parent mode */
	c = cli_session_complete(s, "cry");
	ck_assert_str_eq(c, "crypto ");
	free(c);
	c = cli_session_complete(s, "crypto ikev2 prop");
	ck_assert_str_eq(c, "crypto ikev2 proposal ");
	free(c);
}
END_TEST

START_TEST(t_output_buffer)
{
	size_t len = 99;
	char *p = cli_session_take_output(s, &len);

	ck_assert_str_eq(p, "");
	ck_assert_uint_eq(len, 0);
	free(p);
	ck_assert_int_eq(cli_session_exec(s, "show version", NULL), CLI_OK);
	ck_assert_int_eq(cli_session_exec(s, "show ip route", NULL), CLI_OK);
	p = cli_session_take_output(s, &len);
	ck_assert_str_eq(p, "show-version: show version\nshow-route: show ip route\n");
	ck_assert_uint_eq(len, strlen(p));
	free(p);
}
END_TEST

/* --- Robustness: random lines never crash and keep the invariants -------------------- */

static const char *const vocab[] = {
	"show", "sh", "i", "ip", "interfaces", "no", "default", "do", "conf", "t", "crypto",
	"ikev2", "dpd", "10", "2", "periodic", "on", "interface", "Tunnel", "0", "tun0",
	"address", "1.2.3.4", "255.255.255.0", "1.2.3", "300.1.1.1", "secondary", "nhrp", "nhs",
	"nbma", "multicast", "priority", "256", "peer", "keyring", "proposal", "exit", "end",
	"description", "x", "|", "?", "!", "enable", "disable", "terminal", "length", "-1",
	"4294967296", "pre-shared-key", "local", "group", "1", "14", "\t", "", "ÿ", "a/b.c:d",
	"Tu", "Gig", "source", "tunnel", "Tunnel0?", "0?", "?",
};

START_TEST(t_random_lines)
{
	char line[256];
	unsigned seed = 20261128;

	app.secret = "pw";
	for (int i = 0; i < 20000; i++) {
		if (i == 10000) /* the second half with interface types for ? and Tab */
			cli_tree_set_iftypes(tree, iftypes, sizeof(iftypes) / sizeof(iftypes[0]));
		size_t n = 0, words = (size_t)(rand_r(&seed) % 8);
		enum cli_status st;
		char *c;

		line[0] = '\0';
		for (size_t w = 0; w < words; w++) {
			const char *v = vocab[(size_t)rand_r(&seed) % (sizeof(vocab) / sizeof(vocab[0]))];

			n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s",
					      rand_r(&seed) % 5 ? " " : "  ", v);
		}
		switch (rand_r(&seed) % 3) {
		case 0:
			pos = 0;
			st = run(line);
			ck_assert(st >= CLI_OK && st <= CLI_QUIT);
			if (st == CLI_ERR_INVALID)
				ck_assert_uint_le(pos, strlen(line));
			if (st == CLI_QUIT)
				cli_session_set_mode(s, MODE_EXEC, NULL);
			break;
		case 1:
			pos = 0;
			st = help(line);
			ck_assert(st == CLI_OK || st == CLI_ERR_INVALID || st == CLI_ERR_AMBIGUOUS ||
				  st == CLI_ERR_FAILED);
			if (st == CLI_ERR_INVALID)
				ck_assert_uint_le(pos, strlen(line));
			break;
		default:
			c = cli_session_complete(s, line);
			if (c) {
				ck_assert_uint_gt(strlen(c), 0);
				ck_assert_int_eq(c[strlen(c) - 1], ' ');
			}
			free(c);
			break;
		}
		ck_assert(cli_session_mode(s) < MODE_COUNT);
		if (rand_r(&seed) % 50 == 0)
			cli_session_set_privilege(s, rand_r(&seed) % 2 ? 15 : 1);
	}
}
END_TEST

/* --- Registration errors abort ------------------------------------------------------- */

static void
register_one(const char *syntax, const char *help)
{
	struct cli_tree *t = cli_tree_new();
	struct cli_cmd c = {MODE_CONFIG, syntax, help, h_record, 0, "x"};

	cli_register(t, &c);
	cli_tree_free(t);
}

START_TEST(t_good_syntax_registers)
{
	struct cli_tree *t = cli_tree_new();
	struct cli_session *ss;
	struct cli_cmd c[] = {
		{MODE_CONFIG, "a [b [c] d] {e|f g} LINE", "a\nb\nc\nd\ne\nf\ng\nline", h_record, 0,
		 "nested"},
		{MODE_CONFIG, "x y", "x\ny\n", h_record, 0, "trailing-newline"},
	};
	static const struct {
		const char *line, *out;
		enum cli_status st;
	} runs[] = {
		{"a e rest of it", "nested: a e rest of it\n", CLI_OK},
		{"a b d f g z", "nested: a b d f g z\n", CLI_OK},
		{"a b c d e z", "nested: a b c d e z\n", CLI_OK},
		{"a b e z", "", CLI_ERR_INVALID}, /* d is required inside [b ... d] */
		{"a f z", "", CLI_ERR_INVALID},	 /* "f g" is one alternative */
		{"x y", "trailing-newline: x y\n", CLI_OK},
	};

	cli_register_all(t, c, 2);
	ss = cli_session_new(t, NULL, 15);
	cli_session_set_mode(ss, MODE_CONFIG, NULL);
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		char *o;

		ck_assert_int_eq(cli_session_exec(ss, runs[i].line, NULL), runs[i].st);
		o = cli_session_take_output(ss, NULL);
		ck_assert_str_eq(o, runs[i].out);
		free(o);
	}
	cli_session_free(ss);
	cli_tree_free(t);
}
END_TEST

START_TEST(t_bad_bracket)
{
	register_one("a [b", "a\nb");
}
END_TEST

START_TEST(t_bad_help_count)
{
	register_one("crypto ikev2 dpd <10-3600>", "Crypto\nIKEv2\nDPD");
}
END_TEST

START_TEST(t_bad_help_extra)
{
	register_one("crypto", "Crypto\nextra");
}
END_TEST

START_TEST(t_bad_token)
{
	register_one("crypto NAME", "Crypto\nName");
}
END_TEST

START_TEST(t_bad_range)
{
	register_one("x <10-2>", "x\nrange");
}
END_TEST

START_TEST(t_bad_line_not_last)
{
	register_one("x LINE y", "x\nline\ny");
}
END_TEST

START_TEST(t_bad_empty_match)
{
	register_one("[x]", "x");
}
END_TEST

START_TEST(t_bad_duplicate)
{
	struct cli_tree *t = cli_tree_new();
	struct cli_cmd c = {MODE_CONFIG, "ip routing", "IP\nRouting", h_record, 0, "x"};

	cli_register(t, &c);
	cli_register(t, &c);
}
END_TEST

START_TEST(t_no_form_without_leading_keywords)
{
	struct cli_cmd c = {MODE_CONFIG, "{alpha|beta} WORD", "Alpha\nBeta\nName", h_record, CLI_F_NO,
			    "greek"};

	cli_register(tree, &c);
	to_mode((const char *[]){"conf t", NULL});
	RUN_OK("alpha x", "greek: alpha x\n");
	ck_assert_int_eq(run("no"), CLI_ERR_INCOMPLETE);
	RUN_OK("no beta", "no greek: beta\n");
	RUN_OK("default alpha y", "default greek: alpha y\n");
}
END_TEST

START_TEST(t_explicit_beats_generated_no)
{
	struct cli_tree *t = make_tree();
	struct cli_cmd c = {MODE_CONFIG_IF, "no ip redirects", "Negate\nIP\nRedirects", h_record, 0,
			    "explicit"};

	cli_register(t, &c);
	cli_session_free(s);
	cli_tree_free(tree);
	tree = t;
	s = cli_session_new(tree, &app, 15);
	to_mode((const char *[]){"conf t", "interface Tunnel0", NULL});
	RUN_OK("no ip redirects", "no explicit: ip redirects\n");
	RUN_OK("ip redirects", "redirects: ip redirects\n");
}
END_TEST

static Suite *
engine_suite(void)
{
	Suite *su = suite_create("cli_engine");
	TCase *tc = tcase_create("session");
	TCase *reg = tcase_create("register");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_prompts_every_mode);
	tcase_add_test(tc, t_prompts_by_commands);
	tcase_add_test(tc, t_configure_terminal_banner);
	tcase_add_test(tc, t_configure_asks);
	tcase_add_test(tc, t_abbreviations);
	tcase_add_test(tc, t_interface_two_words);
	tcase_add_test(tc, t_exact_keyword_beats_prefix);
	tcase_add_test(tc, t_keyword_prefix_beats_word);
	tcase_add_test(tc, t_ambiguous);
	tcase_add_test(tc, t_incomplete);
	tcase_add_test(tc, t_invalid_caret);
	tcase_add_test(tc, t_exec_unknown_word_is_a_host);
	tcase_add_test(tc, t_hidden_commands);
	tcase_add_test(tc, t_numbers);
	tcase_add_test(tc, t_alternatives_and_optional_groups);
	tcase_add_test(tc, t_ctx_accessors);
	tcase_add_test(tc, t_handler_errors);
	tcase_add_test(tc, t_no_default_forms);
	tcase_add_test(tc, t_no_help_texts);
	tcase_add_test(tc, t_parent_fallback);
	tcase_add_test(tc, t_fallback_errors);
	tcase_add_test(tc, t_paste_show_run);
	tcase_add_test(tc, t_exit_end);
	tcase_add_test(tc, t_do);
	tcase_add_test(tc, t_privilege_gating);
	tcase_add_test(tc, t_enable_no_secret);
	tcase_add_test(tc, t_enable_secret);
	tcase_add_test(tc, t_terminal);
	tcase_add_test(tc, t_history);
	tcase_add_test(tc, t_blank_and_comment_lines);
	tcase_add_test(tc, t_help_rows);
	tcase_add_test(tc, t_help_words);
	tcase_add_test(tc, t_help_output_modifiers);
	tcase_add_test(tc, t_tab);
	tcase_add_test(tc, t_interface_types_help);
	tcase_add_test(tc, t_output_buffer);
	tcase_add_test(tc, t_explicit_beats_generated_no);
	tcase_add_test(tc, t_no_form_without_leading_keywords);
	tcase_add_test(tc, t_random_lines);
	suite_add_tcase(su, tc);

	tcase_add_test(reg, t_good_syntax_registers);
	tcase_add_test_raise_signal(reg, t_bad_bracket, SIGABRT);
	tcase_add_test_raise_signal(reg, t_bad_help_count, SIGABRT);
	tcase_add_test_raise_signal(reg, t_bad_help_extra, SIGABRT);
	tcase_add_test_raise_signal(reg, t_bad_token, SIGABRT);
	tcase_add_test_raise_signal(reg, t_bad_range, SIGABRT);
	tcase_add_test_raise_signal(reg, t_bad_line_not_last, SIGABRT);
	tcase_add_test_raise_signal(reg, t_bad_empty_match, SIGABRT);
	tcase_add_test_raise_signal(reg, t_bad_duplicate, SIGABRT);
	suite_add_tcase(su, reg);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(engine_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
