/* The mode table: each mode's parent and prompt suffix. */
#include "config.h"

#include "cli_internal.h"

/* heading: what `?` on an empty line prints first. The EXEC, config and
 * interface ones are seen in IOS transcripts; the crypto ones follow them. */
static const struct {
	enum cli_mode parent;
	const char *suffix;
	const char *heading;
} modes[MODE_COUNT] = {
	[MODE_EXEC] = {MODE_EXEC, "", "Exec commands:"},
	[MODE_CONFIG] = {MODE_EXEC, "(config)", "Configure commands:"},
	[MODE_CONFIG_IF] = {MODE_CONFIG, "(config-if)", "Interface configuration commands:"},
	[MODE_IKEV2_PROPOSAL] = {MODE_CONFIG, "(config-ikev2-proposal)", "IKEv2 proposal commands:"},
	[MODE_IKEV2_POLICY] = {MODE_CONFIG, "(config-ikev2-policy)", "IKEv2 policy commands:"},
	[MODE_IKEV2_KEYRING] = {MODE_CONFIG, "(config-ikev2-keyring)", "IKEv2 keyring commands:"},
	[MODE_IKEV2_KEYRING_PEER] = {MODE_IKEV2_KEYRING, "(config-ikev2-keyring-peer)",
				     "IKEv2 keyring peer commands:"},
	[MODE_IKEV2_PROFILE] = {MODE_CONFIG, "(config-ikev2-profile)", "IKEv2 profile commands:"},
	[MODE_ISAKMP] = {MODE_CONFIG, "(config-isakmp)", "ISAKMP commands:"},
	[MODE_CRYPTO_TRANS] = {MODE_CONFIG, "(cfg-crypto-trans)",
			       "Crypto transform configuration commands:"},
	[MODE_IPSEC_PROFILE] = {MODE_CONFIG, "(ipsec-profile)", "IPsec profile commands:"},
};

const char *
cli_mode_help_heading(enum cli_mode mode)
{
	if ((unsigned)mode >= MODE_COUNT)
		return "";
	return modes[mode].heading;
}

enum cli_mode
cli_mode_parent(enum cli_mode mode)
{
	if ((unsigned)mode >= MODE_COUNT)
		return MODE_EXEC;
	return modes[mode].parent;
}

const char *
cli_mode_prompt_suffix(enum cli_mode mode)
{
	if ((unsigned)mode >= MODE_COUNT)
		return "";
	return modes[mode].suffix;
}
