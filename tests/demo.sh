#!/bin/sh
# "prescripcare demo": a made-up household on a fresh store, whose listed
# accounts log in and whose months of history the reports show.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

db="$WORK/demo.db"
PRESCRIPCARE_NOW=2026-03-10T15:00:00Z	# 09:00 in Chicago
export PRESCRIPCARE_NOW

# The accounts and passwords the README lists.
ACCOUNTS="admin@example.org:admin-demo-pass ada@example.org:ada-demo-pass
clara@example.org:clara-demo-pass pat@example.org:pat-demo-pass"

as() { who=$1; pw=$2; shift 2; printf '%s\n' "$pw" > "$WORK/secrets"
	pc --db "$db" --user "$who" --password-fd 3 "$@" 3<"$WORK/secrets"; }
ada() { as ada@example.org ada-demo-pass "$@"; }
clara() { as clara@example.org clara-demo-pass "$@"; }
pat() { as pat@example.org pat-demo-pass "$@"; }

expect 0 "demo on a new store" -- pc --db "$db" demo
for pair in $ACCOUNTS; do
	contains "${pair%%:*}" "$out" "demo lists ${pair%%:*}"
	contains "${pair#*:}" "$out" "demo prints the password of ${pair%%:*}"
done
[ "$(stat -c %a "$db")" = 600 ] && ok || fail "demo store mode"

for pair in $ACCOUNTS; do
	expect 0 "${pair%%:*} logs in" -- as "${pair%%:*}" "${pair#*:}" \
		person list
done

# Ada's day and her months of doses.
expect 0 "today" -- ada today
contains "Ada Example, Tuesday 2026-03-10 (America/Chicago)" "$out" \
	"today in the household's zone"
contains "metformin 500 mg" "$out" "a medication of Ada's"
contains "08:00" "$out" "a dose time"
expect 0 "history" -- ada history --from 2025-12-10 --format csv
rows=$(printf '%s\n' "$out" | grep -c ',taken,')
[ "$rows" -gt 250 ] && ok || fail "only $rows doses taken in the history"
contains ",skipped," "$out" "some doses skipped"
contains ",missed," "$out" "some doses missed"
contains "late" "$out" "some doses late"
# Ada may not open Clara's record, so Clara is named by her email.
contains "clara@example.org" "$out" "some recorded by Clara"
expect 0 "adherence" -- ada adherence --from 2025-12-10 --by month \
	--format json
if command -v python3 >/dev/null 2>&1; then
	printf '%s' "$out" | python3 -c 'import json,sys
d=json.load(sys.stdin)
t=d["overall"]["total"]
assert t["scheduled"]>300 and 70<=t["percent"]<=97, t
assert t["taken"]+t["skipped"]+t["missed"]+t["partial"]==t["scheduled"], t
assert len(d["medications"])==3, d["medications"]
assert all(m["refills"] for m in d["medications"]), d["medications"]
assert d["overall"]["longest_streak"]>0, d["overall"]' && ok ||
		fail "adherence: $out"
fi
expect 0 "adherence as text" -- ada adherence
contains "whole range" "$out" "adherence totals"
expect 0 "refills" -- ada refills
contains "too soon to refill" "$out" "a refill too soon"

# Walter has no login; Clara looks after him, Pat may only look.
expect 0 "Walter's day" -- clara --person Walter today
contains "Walter Example" "$out" "Walter's list"
contains "levothyroxine" "$out" "Walter's medication"
expect 0 "Walter's medications" -- pat --person Walter med list --all
contains "stopped because:" "$out" "a stopped medication with its reason"
contains "completed" "$out" "a finished taper"
contains "every other day" "$out" "an every-other-day schedule"
expect 77 "the pharmacist cannot record" -- pat --person Walter take \
	levothyroxine
expect 0 "Ada's allergies" -- clara --person Ada allergy list
contains "Penicillin" "$out" "Ada's allergy"
expect 0 "Walter's conditions" -- clara --person Walter condition list
contains "I48.91" "$out" "Walter's condition"
expect 0 "the administrator's audit log" -- as admin@example.org \
	admin-demo-pass audit --limit 20

# The made-up health data is sealed like real data.
for planted in "hives and swelling" "Iris Example" "Walter" \
    "12 Example Lane" "knee pain" "1949-05-14"; do
	if grep -a -q -F "$planted" "$db" "$db-wal" 2>/dev/null; then
		fail "\"$planted\" in clear in the demo store"
	else ok; fi
done

expect 0 "doctor" -- pc --db "$db" doctor
expect 65 "demo again" -- pc --db "$db" demo
contains "already holds accounts" "$err" "second demo refused"
expect 64 "demo with an argument" -- pc --db "$WORK/other.db" demo now

finish
