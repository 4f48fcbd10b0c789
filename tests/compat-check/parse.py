#!/usr/bin/python3
"""parse.py TEMPLATE FIELD=VALUE... < output

Parses show output with an ntc-templates TextFSM template and checks that
some record has every FIELD=VALUE given (a record matches when all its
named fields are equal). Prints the records; exit 0 when a record matches
(or when no FIELD=VALUE is given and there is at least one record)."""
import sys

import textfsm

with open(sys.argv[1]) as f:
    fsm = textfsm.TextFSM(f)
rows = [dict(zip(fsm.header, r)) for r in fsm.ParseText(sys.stdin.read())]
for r in rows:
    print({k: v for k, v in r.items() if v not in ("", [])})
want = dict(a.split("=", 1) for a in sys.argv[2:])
if not rows:
    print("no records", file=sys.stderr)
    sys.exit(1)
if want and not any(all(r.get(k) == v for k, v in want.items()) for r in rows):
    print("no record with %s" % want, file=sys.stderr)
    sys.exit(1)
