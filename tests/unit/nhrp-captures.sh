#!/bin/sh
# Decodes every NHRP packet of the captures in $NHRP_CAPTURE_DIR (pcap or
# pcapng, taken from real routers: IOS, FRR, OpenNHRP) with our codec.
# tshark extracts the GRE 0x2001 payloads; packets Wireshark itself calls
# malformed are left out. Fails if we refuse any of the others.
# Skipped (77) without tshark or without a capture directory: captures
# from other projects are not part of this tree.
set -u
dir=${NHRP_CAPTURE_DIR:-}
decoder=${NHRP_DECODE_HEX:-tests/unit/nhrp_decode_hex}
if [ -z "$dir" ] || [ ! -d "$dir" ] || ! command -v tshark >/dev/null 2>&1; then
	echo "no NHRP_CAPTURE_DIR or no tshark: skipped"
	exit 77
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for f in "$dir"/*.pcap "$dir"/*.pcapng; do
	[ -f "$f" ] || continue
	# Frame numbers Wireshark finds malformed, to leave out.
	bad=$(tshark -r "$f" -Y 'nhrp && _ws.malformed' -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
	tshark -r "$f" --disable-protocol nhrp -Y 'gre.proto == 0x2001' \
		-T fields -e frame.number -e data.data 2>/dev/null |
	while IFS='	' read -r num hex; do
		case " $bad " in *" $num "*) continue ;; esac
		printf '%s#%s\t%s\n' "$(basename "$f")" "$num" "$hex"
	done
done > "$tmp"
"$decoder" < "$tmp"
