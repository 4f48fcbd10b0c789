#!/bin/sh
# The hand-written include/strongswan_config.h describes one strongSwan
# release; fail when the installed libcharon is another one (the ABI defines
# must then be checked again).
set -eu
probe=${builddir:-.}/tests/charon-probe
installed=$(dpkg-query -W -f='${Version}' strongswan-libcharon 2>/dev/null || true)
if [ -z "$installed" ]; then
	echo "strongswan-libcharon is not installed" >&2
	exit 1
fi
upstream=${installed%%-*}
built=$("$probe" | sed -n 's/^strongSwan \([^,]*\),.*/\1/p')
if [ "$built" != "$upstream" ]; then
	echo "strongswan_config.h is for strongSwan '$built', installed libcharon is $installed" >&2
	exit 1
fi
echo "strongSwan $built matches installed $installed"
