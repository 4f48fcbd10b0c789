/*
 * hostname, enable secret, username, and the `version` line of a show-run.
 *
 * Secrets are stored hashed with crypt(3) SHA-512 ("$6$...") and printed as
 * `enable secret 5 $6$...`: type 5 is IOS's "crypt(3) hash follows" type
 * (MD5-crypt on IOS), the one form that tools copying configurations treat
 * as "already hashed, paste verbatim". On input, type 5 accepts any hash
 * crypt(3) here can verify ($1$, $5$, $6$, $y$); type 0 or no type means
 * clear text, hashed at once. Type 8/9 (PBKDF2/scrypt in Cisco's own
 * encoding) are refused: glibc's crypt cannot verify them.
 */
#include "config.h"

#include <crypt.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "lios.h"
#include "router_priv.h"

static bool
hash_secret(const char *clear, char *out, size_t outlen)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data data;
	const char *h;

	if (!crypt_gensalt_rn("$6$", 0, NULL, 0, salt, sizeof(salt)))
		return false;
	memset(&data, 0, sizeof(data));
	h = crypt_r(clear, salt, &data);
	if (!h || h[0] == '*')
		return false;
	return model_strset(out, outlen, h);
}

static bool
hash_usable(const char *hash)
{
	struct crypt_data data;
	const char *h;

	if (hash[0] != '$')
		return false;
	memset(&data, 0, sizeof(data));
	h = crypt_r("probe", hash, &data);
	return h && h[0] != '*';
}

/* The secret as typed after "secret": "[0|5] VALUE"; hashed into out. */
static const char *
take_secret(struct cli_cmd_ctx *ctx, char *out, size_t outlen)
{
	size_t n = cli_ctx_argc(ctx);
	const char *value = cli_ctx_arg(ctx, n - 1);
	bool hashed = cli_ctx_find(ctx, "5") >= 0 && cli_ctx_find(ctx, "5") == (int)n - 2;

	if (hashed) {
		if (!hash_usable(value) || !model_strset(out, outlen, value))
			return "Invalid encrypted secret";
		return NULL;
	}
	if (strlen(value) > 25)
		return "Secret is too long (at most 25 characters)";
	if (!hash_secret(value, out, outlen))
		return "Could not hash the secret";
	return NULL;
}

static enum cli_status
cmd_hostname(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_system *s = model_system_edit(m);
	const char *name;

	if (cmd_reset(ctx)) {
		model_strset(s->hostname, sizeof(s->hostname), "");
		return cmd_commit(ctx, m);
	}
	name = cli_ctx_arg(ctx, 1);
	/* RFC 1123 labels, as IOS enforces: letters, digits, hyphens. */
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-')
			return cmd_fail(ctx, m, "Hostname contains one or more illegal characters.");
	if (!isalpha((unsigned char)name[0]) || name[strlen(name) - 1] == '-')
		return cmd_fail(ctx, m, "Hostname must start with a letter and end with a letter or digit.");
	if (strcmp(name, "Router") == 0) /* the default, kept as unset */
		name = "";
	if (!model_strset(s->hostname, sizeof(s->hostname), name))
		return cmd_fail(ctx, m, "Hostname is too long (at most 63 characters).");
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_enable_secret(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	struct m_system *s = model_system_edit(m);
	const char *err;

	if (cmd_reset(ctx)) {
		model_strset(s->enable_secret, sizeof(s->enable_secret), "");
		return cmd_commit(ctx, m);
	}
	if ((err = take_secret(ctx, s->enable_secret, sizeof(s->enable_secret))))
		return cmd_fail(ctx, m, "%s", err);
	return cmd_commit(ctx, m);
}

static enum cli_status
cmd_username(struct cli_cmd_ctx *ctx)
{
	struct model *m = cmd_begin(ctx);
	const char *name = cli_ctx_arg(ctx, 1);
	struct m_user *u;
	unsigned priv;
	const char *err;

	if (cmd_reset(ctx)) {
		if (!model_del(m, MK_USER, name))
			return cmd_fail(ctx, m, "User %s not found", name);
		return cmd_commit(ctx, m);
	}
	if (strlen(name) >= MODEL_NAME_LEN)
		return cmd_fail(ctx, m, "User name is too long (at most 63 characters)");
	u = (struct m_user *)model_edit(m, MK_USER, name, true);
	if (cmd_uint(ctx, "privilege", &priv)) {
		u->has_privilege = priv != 1; /* 1 is the default */
		u->privilege = u->has_privilege ? priv : 0;
	}
	if (cli_ctx_find(ctx, "secret") >= 0) {
		if ((err = take_secret(ctx, u->secret, sizeof(u->secret))))
			return cmd_fail(ctx, m, "%s", err);
		u->has_secret = true;
		u->has_password = false;
		memset(u->password, 0, sizeof(u->password));
	} else if (cli_ctx_find(ctx, "password") >= 0) {
		const char *pw = cli_ctx_arg(ctx, cli_ctx_argc(ctx) - 1);

		if (!model_strset(u->password, sizeof(u->password), pw))
			return cmd_fail(ctx, m, "Password is too long");
		u->has_password = true;
		u->has_secret = false;
		memset(u->secret, 0, sizeof(u->secret));
	}
	return cmd_commit(ctx, m);
}

/* A show-run starts with "version X": accepted and ignored, as on IOS. */
static enum cli_status
cmd_version(struct cli_cmd_ctx *ctx)
{
	(void)ctx;
	return CLI_OK;
}

static const struct cli_cmd system_cmds[] = {
	{ MODE_CONFIG, "hostname WORD", "Set system's network name\nThis system's network name",
	  cmd_hostname, CLI_F_NO, NULL },
	{ MODE_CONFIG, "enable secret [{0|5}] WORD",
	  "Modify enable password parameters\n"
	  "Assign the privileged level secret (MAX of 25 characters)\n"
	  "Specifies an UNENCRYPTED password will follow\n"
	  "Specifies a HASHED secret (crypt(3)) will follow\n"
	  "The UNENCRYPTED (cleartext) 'enable' secret, or the hash after 5",
	  cmd_enable_secret, CLI_F_NO, NULL },
	{ MODE_CONFIG, "username WORD [privilege <0-15>] secret [{0|5}] WORD",
	  "Establish User Name Authentication\n"
	  "User name\n"
	  "Set user privilege level\n"
	  "User privilege level\n"
	  "Specify the secret for the user\n"
	  "Specifies an UNENCRYPTED secret will follow\n"
	  "Specifies a HASHED secret (crypt(3)) will follow\n"
	  "The UNENCRYPTED (cleartext) user secret, or the hash after 5",
	  cmd_username, 0, NULL },
	{ MODE_CONFIG, "username WORD [privilege <0-15>] password [0] WORD",
	  "Establish User Name Authentication\n"
	  "User name\n"
	  "Set user privilege level\n"
	  "User privilege level\n"
	  "Specify the password for the user\n"
	  "Specifies an UNENCRYPTED password will follow\n"
	  "The UNENCRYPTED (cleartext) user password",
	  cmd_username, 0, NULL },
	{ MODE_CONFIG, "username WORD privilege <0-15>",
	  "Establish User Name Authentication\nUser name\nSet user privilege level\n"
	  "User privilege level",
	  cmd_username, 0, NULL },
	{ MODE_CONFIG, "no username WORD",
	  "Negate a command or set its defaults\nEstablish User Name Authentication\nUser name",
	  cmd_username, 0, NULL },
	{ MODE_CONFIG, "version LINE", "Version\nVersion number (ignored)", cmd_version,
	  CLI_F_HIDDEN, NULL },
};

void
cmds_register_system(struct cli_tree *t)
{
	cli_register_all(t, system_cmds, LIOS_ARRAY_SIZE(system_cmds));
}
