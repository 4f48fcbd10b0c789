/* The mode table: each mode's parent and prompt suffix. */
#include "config.h"

#include "cli_internal.h"

static const struct {
	enum cli_mode parent;
	const char *suffix;
} modes[MODE_COUNT] = {
	[MODE_EXEC] = {MODE_EXEC, ""},
	[MODE_CONFIG] = {MODE_EXEC, "(config)"},
	[MODE_CONFIG_IF] = {MODE_CONFIG, "(config-if)"},
	[MODE_IKEV2_PROPOSAL] = {MODE_CONFIG, "(config-ikev2-proposal)"},
	[MODE_IKEV2_POLICY] = {MODE_CONFIG, "(config-ikev2-policy)"},
	[MODE_IKEV2_KEYRING] = {MODE_CONFIG, "(config-ikev2-keyring)"},
	[MODE_IKEV2_KEYRING_PEER] = {MODE_IKEV2_KEYRING, "(config-ikev2-keyring-peer)"},
	[MODE_IKEV2_PROFILE] = {MODE_CONFIG, "(config-ikev2-profile)"},
	[MODE_ISAKMP] = {MODE_CONFIG, "(config-isakmp)"},
	[MODE_CRYPTO_TRANS] = {MODE_CONFIG, "(cfg-crypto-trans)"},
	[MODE_IPSEC_PROFILE] = {MODE_CONFIG, "(ipsec-profile)"},
};

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
