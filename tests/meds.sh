#!/bin/sh
# Medications, doses, reports and their refusals through the real binary,
# with the clock pinned and every person in a time zone of their own.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

db="$WORK/meds.db"
PW_ADMIN="admin horse battery"
PW_ADA="ada lantern orbit"
PW_SAM="sam pebble river"
PW_VERA="vera maple cloud"
PW_NORA="nora quiet harbour"
# 10:00 in New York, which moved to summer time on 2026-03-08.
PRESCRIPCARE_NOW=2026-03-10T14:00:00Z
export PRESCRIPCARE_NOW

secrets() { printf '%s\n' "$@" > "$WORK/secrets"; }
as() { who=$1; shift; pc --db "$db" --user "$who@example.org" \
	--password-fd 3 "$@" 3<"$WORK/secrets"; }
ada() { secrets "$PW_ADA"; as ada "$@"; }
sam() { secrets "$PW_SAM"; as sam --person Ada "$@"; }

# A household: Ada, Sam who helps her, Vera who may only look, Nora who
# may not even look.
expect 0 "init" -- pc --db "$db" init
secrets "$PW_ADMIN"
expect 0 "admin" -- pc --db "$db" useradd admin@example.org \
	--password-fd 3 3<"$WORK/secrets"
for who in "ada:$PW_ADA:Ada:Example" "sam:$PW_SAM:Sam:Carer" \
    "vera:$PW_VERA:Vera:Viewer" "nora:$PW_NORA:Nora:Neighbour"; do
	IFS=: read -r name pw first last <<-END
	$who
	END
	secrets "$PW_ADMIN" "$pw"
	expect 0 "useradd $name" -- as admin useradd "$name@example.org" \
		--first "$first" --last "$last"
done
expect 0 "Ada's zone" -- ada profile --set timezone=America/New_York
expect 0 "grant Sam" -- ada grant sam@example.org --can view,record,edit
expect 0 "grant Vera" -- ada grant vera@example.org --can view
# A drug typed in by hand, beside the shipped catalogue.
sqlite3 "$db" "INSERT INTO drugs_master (drug_name, origin)
	VALUES ('Examplamine', 'user')"

# med add ------------------------------------------------------------------
expect 0 "med add metformin" -- ada med add Metformin --strength "500 mg" \
	--form tablet --schedule 08:00,20:00 --start 2026-03-01 \
	--quantity 60 --refills 2 --days-supply 30 \
	--prescriber "Dr Iris Example" --instructions "with breakfast, and supper"
contains "Added metformin 500 mg tablet for Ada Example" "$out" "added"
expect 0 "med add as needed" -- ada med add ibuprofen --strength "200 mg" \
	--form tablet --schedule "as needed max 3/day min 6h" \
	--start 2026-03-01
expect 0 "med add every other day" -- ada med add lisinopril \
	--strength "10 mg" --form tablet --schedule "every other day 09:00" \
	--start 2026-03-02 --critical
expect 0 "med add taper" -- ada med add prednisone --strength "10 mg" \
	--form tablet --start 2026-03-01 --schedule \
	"2026-03-01..2026-03-05 4 tablets 08:00; 2026-03-06..2026-03-15 2 tablets 08:00" \
	--end 2026-03-15
expect 0 "med add a hand-entered drug" -- ada med add examplamine \
	--strength "1 mg" --form capsule --schedule "mon,wed,fri 12:00" \
	--start 2026-03-02
expect 64 "med add without --strength" -- ada med add metformin \
	--form tablet --schedule 08:00
contains "--strength is required" "$err" "missing option named"
expect 65 "med add with a bad schedule" -- ada med add metformin \
	--strength "1 g" --form tablet --schedule "twice daily"
contains "twice" "$err" "bad schedule quoted"
expect 64 "med add with a bad date" -- ada med add metformin \
	--strength "1 g" --form tablet --schedule 08:00 --start 2026-02-30
contains "YYYY-MM-DD" "$err" "date format named"
expect 64 "med add ending before it starts" -- ada med add metformin \
	--strength "1 g" --form tablet --schedule 08:00 --start 2026-03-05 \
	--end 2026-03-01
expect 64 "med add with negative refills" -- ada med add metformin \
	--strength "1 g" --form tablet --schedule 08:00 --refills -1
contains "from 0 to 99" "$err" "refill range named"
expect 64 "med add with an unknown option" -- ada med add metformin \
	--strength "1 g" --form tablet --schedule 08:00 --colour blue
contains "unknown option \"--colour\"" "$err" "unknown option named"
expect 66 "med add of an unknown drug" -- ada med add metformn \
	--strength "1 g" --form tablet --schedule 08:00
contains "did you mean" "$err" "suggestion offered"
contains "metformin" "$err" "the right name suggested"
n=$(sqlite3 "$db" "SELECT count(*) FROM user_medications")
[ "$n" = 5 ] && ok || fail "refused adds changed the store: $n medications"

# med list, and what is sealed ----------------------------------------------
expect 0 "med list" -- ada med list
contains "08:00,20:00" "$out" "schedule listed"
contains "prescriber: Dr Iris Example" "$out" "prescriber opened"
contains "instructions: with breakfast, and supper" "$out" "instructions"
contains "critical" "$out" "critical marked"
for planted in "Iris Example" "with breakfast"; do
	if grep -a -q -F "$planted" "$db" "$db-wal" 2>/dev/null; then
		fail "\"$planted\" in clear in the store"
	else ok; fi
done

# Permissions: checked before anything is done ------------------------------
secrets "$PW_NORA"
expect 77 "no grant: today" -- as nora --person 2 today
expect 77 "no grant: med add" -- as nora --person 2 med add metformin \
	--strength "1 g" --form tablet --schedule 08:00
secrets "$PW_VERA"
expect 0 "view only: today" -- as vera --person Ada today
contains "metformin 500 mg" "$out" "viewer sees the list"
expect 77 "view only: take" -- as vera --person Ada take metformin
contains "grant \"record\"" "$err" "refusal names the permission"
expect 77 "view only: med pause" -- as vera --person Ada med pause metformin
expect 77 "view only: fill" -- as vera --person Ada fill add metformin \
	--quantity 60 --days-supply 30
expect 77 "view only: archive" -- as vera --person Ada archive
n=$(sqlite3 "$db" "SELECT count(*) FROM dose_events")
[ "$n" = 0 ] && ok || fail "refused commands recorded doses: $n"

# today, take, and no double dose -------------------------------------------
expect 0 "today" -- ada today
contains "Ada Example, Tuesday 2026-03-10 (America/New_York)" "$out" \
	"today's heading in Ada's zone"
contains "08:00  missed" "$out" "a missed dose"
contains "20:00  pending" "$out" "a pending dose"
contains "as needed" "$out" "as-needed line"
expect 0 "take at 08:05" -- ada take metformin --at 08:05 --with-food
contains "taken at 08:05, recorded by Ada Example" "$out" "who and when"
contains "after the fact" "$out" "retrospective noted"
[ "$(sqlite3 "$db" "SELECT actual_datetime FROM dose_events")" = \
    "$(date -u -d 2026-03-10T12:05:00Z +%s)" ] && ok ||
	fail "08:05 New York is not 12:05 UTC"
expect 65 "a second dose of the same slot" -- ada take metformin --at 08:30
contains "already recorded: taken at 08:05, recorded by Ada Example" \
	"$err" "what is known"
contains "--confirm" "$err" "how to proceed"
expect 0 "a confirmed second record" -- ada take metformin --at 08:30 \
	--confirm
contains "replaces" "$out" "replacement said"
[ "$(sqlite3 "$db" "SELECT count(*) FROM dose_events")" = 1 ] && ok ||
	fail "a confirmed record added a dose"
expect 64 "take at 25:00" -- ada take metformin --at 25:00
contains "HH:MM" "$err" "time format named"
expect 64 "take tomorrow" -- ada take metformin --at 2026-03-11T08:00
contains "later than now" "$err" "future refused"
expect 64 "take an amount of 0" -- ada take metformin --amount 0
expect 64 "with and without food" -- ada take metformin --with-food \
	--without-food
expect 66 "take an unknown medication" -- ada take aspirin
contains "med list" "$err" "how to see the list"

# A caregiver records; each side names him as it may.
expect 0 "Sam records" -- sam take lisinopril --at 09:10
contains "recorded by Sam Carer" "$out" "Sam named by his name"
expect 0 "Ada sees Sam's record" -- ada today
contains "recorded by sam@example.org" "$out" "Ada sees Sam's email"
[ "$(sqlite3 "$db" "SELECT recorded_via FROM dose_events
	WHERE medication_id = 3")" = caregiver ] && ok ||
	fail "caregiver record not marked"

# As needed: recorded freely, with a warning past the limits.
expect 0 "first as-needed dose" -- ada take ibuprofen --at 09:00
expect 0 "second as-needed dose" -- ada take ibuprofen
contains "warning" "$err" "as-needed warning"
contains "360 minutes" "$err" "the gap named"

# Ambiguous names: two strengths of one drug.
expect 0 "a second metformin" -- ada med add metformin \
	--strength "1000 mg" --form tablet --schedule 09:30
expect 64 "ambiguous name" -- ada take metformin --at 09:50
contains "names 2 medications" "$err" "ambiguity said"
contains "metformin 1000 mg (#6" "$err" "candidates listed"
expect 0 "named with its strength" -- ada take "Metformin 1000 mg" \
	--at 09:50
expect 0 "stop by number" -- ada med stop "#6" --reason "doubled by mistake"

# skip, snooze, undo ---------------------------------------------------------
expect 64 "skip without a reason" -- ada skip prednisone
expect 0 "skip" -- ada skip prednisone --at 08:00 \
	--reason 'felt sick, "dizzy"'
contains "skipped at" "$out" "skip recorded"
expect 64 "snooze for 7 minutes" -- ada snooze examplamine --minutes 7
contains "5, 10 or 30" "$err" "snooze choices named"
PRESCRIPCARE_NOW=2026-03-11T16:05:00Z expect 0 "snooze" -- ada snooze \
	examplamine --minutes 30
contains "snoozed until 12:35" "$out" "snooze end in Ada's zone"
PRESCRIPCARE_NOW=2026-03-11T16:40:00Z expect 0 "take after a snooze" -- \
	ada take examplamine
PRESCRIPCARE_NOW=2026-03-11T16:41:00Z expect 0 "undo" -- ada undo
contains "Undone: Examplamine 1 mg" "$out" "undo names the dose"
contains "earlier record is back" "$out" "the snooze is back"
PRESCRIPCARE_NOW=2026-03-11T16:42:00Z expect 0 "undo one medication" -- \
	ada undo ibuprofen
contains "open again" "$out" "the record is gone"
expect 0 "undo by Sam" -- sam undo
expect 66 "nothing left for Sam to undo" -- sam undo
contains "no dose to undo" "$err" "nothing to undo said"

# pause, resume ---------------------------------------------------------------
expect 0 "pause" -- ada med pause lisinopril
expect 65 "take a paused medication" -- ada take lisinopril
contains "med resume" "$err" "how to resume"
expect 65 "pause twice" -- ada med pause lisinopril
expect 0 "resume" -- ada med resume lisinopril
expect 64 "stop without a reason" -- ada med stop lisinopril
expect 0 "med list --all" -- ada med list --all
contains "stopped because: doubled by mistake" "$out" "reason opened"
expect 0 "med list" -- ada med list
case $out in *"1000 mg"*) fail "stopped medication in the short list" ;;
	*) ok ;; esac

# fills and refills ------------------------------------------------------------
expect 0 "fill" -- ada fill add "metformin 500 mg" --quantity 60 \
	--days-supply 30 --date 2026-03-01
contains "2 refill(s) left" "$out" "the first fill spends no refill"
expect 65 "refill too soon" -- ada fill add "metformin 500 mg" \
	--quantity 60 --days-supply 30
contains "refill too soon" "$err" "too soon said"
contains "2026-03-25" "$err" "when it is due"
contains "--override" "$err" "how to override"
expect 0 "refill with --override" -- ada fill add "metformin 500 mg" \
	--quantity 60 --days-supply 30 --override
contains "came too soon" "$out" "override noted"
contains "1 refill(s) left" "$out" "a refill spent"
expect 64 "fill of nothing" -- ada fill add "metformin 500 mg" \
	--quantity 0 --days-supply 30
expect 65 "fill in the future" -- ada fill add "metformin 500 mg" \
	--quantity 60 --days-supply 30 --date 2026-04-01
contains "once it is dispensed" "$err" "a future fill is refused with why"
expect 64 "fill without days of supply" -- ada fill add "metformin 500 mg" \
	--quantity 60

# Pharmacies: a directory that fills name.
expect 64 "pharmacy of an unknown type" -- ada pharmacy add \
	--name "Corner Pharmacy" --type kiosk --phone-number "+1 555 0199" \
	--address "1 Example Street" --city Springfield --state IL \
	--postal-code 62701 --country US
contains "retail, hospital" "$err" "the types are named"
expect 0 "pharmacy add" -- ada pharmacy add --name "Corner Pharmacy" \
	--type retail --phone-number "+1 555 0199" \
	--address "1 Example Street" --city Springfield --state IL \
	--postal-code 62701 --country US
pharmacy=$(printf '%s\n' "$out" | sed -n 's/^Pharmacy \([0-9]*\) added.*/\1/p')
expect 0 "pharmacy list" -- ada pharmacy list corner
contains "Corner Pharmacy, +1 555 0199" "$out" "the directory lists it"
expect 66 "fill at no such pharmacy" -- ada fill add "metformin 500 mg" \
	--quantity 60 --days-supply 30 --pharmacy 999 --override
fills=$(sqlite3 "$db" "SELECT count(*) FROM medication_fills")
expect 0 "fill at the pharmacy" -- ada fill add "metformin 500 mg" \
	--quantity 60 --days-supply 30 --pharmacy "#$pharmacy" --override
last_fill="SELECT pharmacy_id FROM medication_fills
    ORDER BY fill_id DESC LIMIT 1"
[ "$(sqlite3 "$db" "SELECT count(*) FROM medication_fills")" -eq \
    $((fills + 1)) ] && [ "$(sqlite3 "$db" "$last_fill")" = "$pharmacy" ] &&
	ok || fail "the fill does not name the pharmacy"
expect 0 "refills" -- ada refills
contains "too soon to refill until 2026-04-03" "$out" "refill status"
contains "no fill recorded" "$out" "no fill for the others"

# history ---------------------------------------------------------------------
expect 0 "history as CSV" -- ada history --from 2026-03-09 --to 2026-03-10 \
	--format csv
first=$(printf '%s\n' "$out" | head -n 1 | tr -d '\r')
[ "$first" = "Medication,Scheduled,Recorded,Status,Amount,Recorded by,Note" ] &&
	ok || fail "CSV header: $first"
contains "metformin 500 mg,2026-03-10 08:00,2026-03-10 08:30,taken,1 tablet,Ada Example,recorded after the fact" \
	"$out" "a taken dose in local time"
contains "prednisone 10 mg,2026-03-10 08:00,2026-03-10 10:00,skipped,,Ada Example,\"recorded after the fact; felt sick, \"\"dizzy\"\"\"" \
	"$out" "RFC 4180 quoting of the reason"
contains "metformin 500 mg,2026-03-09 20:00,,missed,,," "$out" \
	"an unrecorded dose is missed"
case $(printf '%s' "$out" | head -c 200 | od -c) in *'\r  \n'*) ok ;;
	*) fail "CSV lines do not end in CRLF" ;; esac
expect 0 "history as text" -- ada history
contains "Doses of Ada Example from 2026-02-09 to 2026-03-10" "$out" \
	"default range"
expect 64 "history in xml" -- ada history --format xml
expect 64 "history backwards" -- ada history --from 2026-03-10 \
	--to 2026-03-01
contains "--to comes before --from" "$err" "backwards range named"
secrets "$PW_NORA"
expect 77 "no grant: history" -- as nora --person 2 history

# adherence ----------------------------------------------------------------------
expect 0 "adherence as JSON" -- ada adherence --from 2026-03-01 --to \
	2026-03-10 --by month --format json
contains "\"medication\": \"metformin 500 mg\"" "$out" "medication in JSON"
contains "\"overall\": {\"medication\": \"all\"" "$out" "overall in JSON"
contains "\"pdc\":" "$out" "PDC in JSON"
contains "\"current_streak\":" "$out" "streaks in JSON"
if command -v python3 >/dev/null 2>&1; then
	printf '%s' "$out" | python3 -c 'import json,sys
d=json.load(sys.stdin)
m=[x for x in d["medications"] if x["medication"]=="metformin 500 mg"][0]
# 18 doses before today, and the 08:00 one; 20:00 is not due yet.
assert m["total"]["scheduled"]==19, m["total"]
assert m["total"]["taken"]==1, m["total"]
assert m["total"]["missed"]==18, m["total"]
assert m["periods"][0]["open"] and m["periods"][0]["scheduled"]==19
assert m["refills"]["index_date"]=="2026-03-01", m["refills"]
assert d["overall"]["total"]["skipped"]==1, d["overall"]' && ok ||
		fail "adherence JSON: $out"
fi
expect 0 "adherence as CSV" -- ada adherence --from 2026-03-01 \
	--format csv
contains "medication,period,start,end,scheduled,taken" "$out" "CSV header"
contains "metformin 500 mg,total,2026-03-01,2026-03-10,19,1,0,0,0,18,5.3" "$out" \
	"CSV total"
expect 0 "adherence as text" -- ada adherence --by day
contains "whole range" "$out" "text total"
contains "streaks of full days" "$out" "text streaks"
expect 64 "adherence by fortnight" -- ada adherence --by fortnight
contains "day, week, month or year" "$err" "periods named"
expect 64 "adherence in yaml" -- ada adherence --format yaml

# travel and archive --------------------------------------------------------------
expect 64 "travel to nowhere" -- ada travel Mars/Base
contains "tz database" "$err" "zone refused"
expect 0 "travel" -- ada travel Asia/Tokyo --from 2026-03-12
contains "local time in Asia/Tokyo" "$out" "travel said"
expect 0 "today while away" -- ada today --date 2026-03-12
contains "(Asia/Tokyo)" "$out" "the day follows Tokyo"
expect 65 "travel in the past" -- ada travel Asia/Tokyo --from 2026-03-01
expect 0 "home" -- ada travel home --from 2026-03-20
contains "home time (America/New_York)" "$out" "home again"
expect 0 "archive one's own" -- ada archive
contains "nothing moved" "$out" "nothing old enough"
PRESCRIPCARE_NOW=2028-06-01T12:00:00Z expect 0 "archive years later" -- \
	ada archive
contains "to the archive" "$out" "moved said"
[ "$(sqlite3 "$db" "SELECT count(*) FROM dose_events")" = 0 ] && ok ||
	fail "doses left after the archive"
PRESCRIPCARE_NOW=2028-06-01T12:00:00Z expect 0 "history from the archive" \
	-- ada history --from 2026-03-10 --to 2026-03-10 --format csv
contains "08:30,taken" "$out" "archived doses still in the history"
secrets "$PW_ADMIN"
expect 0 "admin archives every record" -- as admin archive
contains "anyone" "$out" "store-wide archive"

# Screening on med add --------------------------------------------------------
# Ada takes ibuprofen: aspirin with it is a moderate interaction, warfarin
# a major one.
meds_count() { sqlite3 "$db" "SELECT count(*) FROM user_medications"; }
before=$(meds_count)
expect 0 "a moderate interaction saved" -- ada med add aspirin \
	--strength "81 mg" --form tablet --schedule 08:00
contains "moderate  DD  aspirin + ibuprofen" "$out" "moderate printed"
contains "Added aspirin 81 mg" "$out" "moderate saved"
[ "$(meds_count)" = $((before + 1)) ] && ok || fail "moderate not saved"
before=$(meds_count)
expect 0 "med list before screening" -- ada med list --all
list_before=$out
expect 65 "a major interaction refused" -- ada med add warfarin \
	--strength "5 mg" --form tablet --schedule 18:00 \
	--prescriber "Dr Omar Sample"
contains "major" "$out" "severity printed"
contains "DD  ibuprofen + warfarin" "$out" "conflict code and drugs printed"
contains "management:" "$out" "management printed"
contains "Nothing was saved" "$err" "refusal says nothing changed"
contains "--override SERVICE:RESULT" "$err" "refusal says how to go ahead"
contains "--override-note" "$err" "refusal asks for a note"
[ "$(meds_count)" = "$before" ] && ok || fail "a refused add was saved"
expect 0 "med list after the refusal" -- ada med list --all
[ "$out" = "$list_before" ] && ok || fail "med list changed by a refusal"
expect 64 "override without a colon" -- ada med add warfarin \
	--strength "5 mg" --form tablet --schedule 18:00 --override M0 \
	--override-note "checked"
contains "SERVICE:RESULT, such as M0:1B" "$err" "override form named"
expect 64 "override without a note" -- ada med add warfarin \
	--strength "5 mg" --form tablet --schedule 18:00 --override M0:1B
contains "--override-note" "$err" "the note asked for"
expect 64 "a note without an override" -- ada med add warfarin \
	--strength "5 mg" --form tablet --schedule 18:00 --override-note x
expect 64 "override with no professional service" -- ada med add warfarin \
	--strength "5 mg" --form tablet --schedule 18:00 --override 00:1B \
	--override-note "checked"
contains "professional service" "$err" "service code refused"
expect 64 "override with a result that does not dispense" -- ada med add \
	warfarin --strength "5 mg" --form tablet --schedule 18:00 \
	--override M0:2A --override-note "checked"
[ "$(meds_count)" = "$before" ] && ok || fail "a bad override saved"
expect 0 "a major interaction overridden" -- ada med add warfarin \
	--strength "5 mg" --form tablet --schedule 18:00 \
	--prescriber "Dr Omar Sample" --override M0:1B \
	--override-note "prescriber keeps both; INR checked weekly"
contains "ibuprofen + warfarin" "$out" "the finding still printed"
contains "Added warfarin 5 mg tablet" "$out" "saved"
contains "overridden with M0:1B" "$out" "override said"
[ "$(meds_count)" = $((before + 1)) ] && ok || fail "override not saved"
[ "$(sqlite3 "$db" "SELECT DISTINCT service_code || ':' || result_code || ':' ||
	conflict_code FROM dur_overrides")" = \
    "M0:1B:DD" ] && ok || fail "override row not as given"
if grep -a -q -F "INR checked weekly" "$db" "$db-wal" 2>/dev/null; then
	fail "override note in clear in the store"
else ok; fi
secrets "$PW_ADMIN"
expect 0 "audit shows the override" -- as admin audit --limit 500
contains " override " "$out" "override in the audit"
# Added by the command line, read back by the same service as the screens.
expect 0 "med list shows the new prescriber" -- ada med list
contains "prescriber: Dr Omar Sample" "$out" "prescriber opened"
# Usage of every command.
for cmd in "med" "med frob" "fill" "fill add" "take" "skip" "snooze" \
    "undo a b" "history extra" "refills extra" "archive extra" "travel" \
    "today extra"; do
	# shellcheck disable=SC2086
	expect 64 "usage: $cmd" -- ada $cmd
	contains "usage: prescripcare" "$err" "usage shown for $cmd"
done

doctor_out=$(pc --db "$db" doctor 2>&1) && ok || fail "doctor: $doctor_out"

finish
