#!/bin/sh
# The reminder daemon end to end.  First the delivery machinery, on rows
# queued from outside as other parts of the program queue notifications:
# the text on stdin and the particulars in the environment, exactly once
# per row across a kill -9 and a restart, two daemons racing, quiet hours,
# failures, SIGHUP, SIGTERM and the pid file.  Then reminders planned by
# the daemon from a store made with the real commands, on a pinned clock
# (PRESCRIPCARE_NOW): due and missed, a caregiver's alerts in the person's
# and his own time zones, quiet hours that let only a critical medication
# through, the morning summary, a kill -9 and restart, and a revoke.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

daemons=""
cleanup() {
	for p in $daemons; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$WORK"
}
trap cleanup EXIT
export TZ=UTC

db="$WORK/home.db"
log="$WORK/deliveries"
expect 0 "init" -- pc --db "$db" init
sqlite3 "$db" <<'EOF'
INSERT INTO people DEFAULT VALUES;
INSERT INTO users (person_id, email, password_hash, public_key,
    secret_key_by_password, password_key_salt, secret_key_by_recovery,
    recovery_key_salt)
VALUES (1, 'ann@example.org', '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA',
    zeroblob(32), zeroblob(72), zeroblob(16), zeroblob(72), zeroblob(16));
-- A made-up drug: the shipped catalogue is loaded by init as well.  The
-- course is over, so the daemon plans nothing of its own in this store.
INSERT INTO drugs_master (drug_name) VALUES ('Examplomycin');
INSERT INTO user_medications (person_id, drug_id, strength, dosage_form,
    start_date, end_date) SELECT 1, drug_id, '500 mg', 'tablet',
    '2026-01-01', '2026-01-02'
    FROM drugs_master WHERE drug_name = 'Examplomycin';
INSERT INTO medication_schedules (medication_id, dose_time, dose_amount,
    dose_unit) VALUES (1, '08:00', 1, 'tablet');
INSERT INTO notification_preferences (user_id, quiet_hours_start,
    quiet_hours_end) VALUES (1, NULL, NULL);
EOF

# queue COUNT [TYPE]: COUNT rows due within the last hour, each later
# than any queued before, so the daemon takes them in the order of ids.
# They have no reminder kind, as rows other parts of the program queue,
# so the planner neither owns nor withdraws them.
queue() {
	sqlite3 -cmd '.timeout 10000' "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL
	    SELECT i + 1 FROM n WHERE i < $1)
	    INSERT INTO notification_queue (user_id, person_id,
	    notification_type, title, message, scheduled_for,
	    related_medication_id, related_schedule_id, slot_at)
	    SELECT 1, 1, '${2:-medication_reminder}', 'Dose due', '',
	    s + i, 1, 1, s + i FROM n, (SELECT coalesce(max(slot_at),
	    unixepoch() - 3000) AS s FROM notification_queue)"
}
q() { sqlite3 -cmd '.timeout 10000' "$db" "$1"; }
# q_is N SQL: the query's answer is N.
q_is() { [ "$(q "$2")" = "$1" ]; }

# The delivery command: one record per run, unless told to hang on one
# notification, named by its number or by KIND:EMAIL (then it notes its
# pid and waits to be killed).
cat > "$WORK/deliver.sh" <<EOF
#!/bin/sh
text=\$(cat)
if [ -e "$WORK/block" ] && { [ "\$PRESCRIPCARE_NOTIFICATION" = "\$(cat "$WORK/block")" ] ||
    [ "\$PRESCRIPCARE_KIND:\$PRESCRIPCARE_EMAIL" = "\$(cat "$WORK/block")" ]; }; then
	echo \$\$ > "$WORK/blocked"
	exec sleep 60
fi
{
	echo "id=\$PRESCRIPCARE_NOTIFICATION"
	echo "text=\$text"
	env | grep '^PRESCRIPCARE_' | sort
	echo "--"
} >> "\${1:-$log}"
EOF
# exec: the script itself is then the process that dies with the daemon.
deliver="exec sh $WORK/deliver.sh"

# start NAME ARGS...: a daemon in the background, its pid in $NAME and
# in $daemons (the binary itself, not a subshell, so signals reach it).
start() {
	name=$1; shift
	"$PRESCRIPCARE_BIN" --db "$db" remind --daemon --foreground "$@" \
		2>>"$WORK/$name.err" &
	eval "$name=\$!"
	daemons="$daemons $!"
}

# wait_until DESCRIPTION SECONDS COMMAND...: polls until COMMAND succeeds.
wait_until() {
	what=$1; limit=$(($2 * 10)); shift 2
	i=0
	while [ $i -lt $limit ]; do
		"$@" && { ok; return 0; }
		sleep 0.1; i=$((i + 1))
	done
	fail "$what: not within $((limit / 10)) s"
	return 1
}
delivered_count() {
	n=$(grep -c '^id=' "$log" 2>/dev/null)
	echo "${n:-0}"
}
has_deliveries() { [ "$(delivered_count)" -ge "$1" ]; }
all_delivered() {
	q_is 0 "SELECT count(*) FROM notification_queue WHERE status = 'pending'"
}

# delivered_ids: the numbers of every row the log delivered, one a line
# (a summary delivers several at once).
delivered_ids() { sed -n 's/^id=//p' "$log" | tr ' ' '\n'; }

# once_each: every row delivered is in the log exactly once.
once_each() {
	dups=$(delivered_ids | sort | uniq -d)
	[ -z "$dups" ] && ok || fail "delivered more than once: $dups"
	for id in $(q "SELECT notification_id FROM notification_queue WHERE status = 'delivered' AND delivery_method = 'command'"); do
		n=$(delivered_ids | grep -c "^$id\$")
		[ "$n" -eq 1 ] || { fail "row $id: $n deliveries"; return; }
	done
	ok
}

# Refusals.
expect 64 "remind without --daemon" -- pc --db "$db" remind
contains "usage: prescripcare remind --daemon" "$err" "usage line"
expect 64 "no command anywhere" -- pc --db "$db" remind --daemon
contains "remind_command" "$err" "says where a command can come from"
expect 64 "empty command" -- pc --db "$db" remind --daemon --command ''
expect 66 "no store" -- pc --db "$WORK/none.db" remind --daemon --command true
contains "prescripcare init" "$err" "missing store hint"

# Delivery: text on stdin, particulars in the environment, once each.
queue 5
start first --command "$deliver"
wait_until "five deliveries" 10 has_deliveries 5
wait_until "five rows recorded" 5 all_delivered
once_each
contains "text=Examplomycin 500 mg: 1 tablet due now (" "$(cat "$log")" "reminder text"
contains "PRESCRIPCARE_KIND=due" "$(cat "$log")" "kind variable"
contains "PRESCRIPCARE_MEDICATION=Examplomycin" "$(cat "$log")" "medication variable"
contains "PRESCRIPCARE_PERSON=1" "$(cat "$log")" "person variable"
contains "PRESCRIPCARE_EMAIL=ann@example.org" "$(cat "$log")" "email variable"
grep -Eq '^PRESCRIPCARE_DUE=20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z$' "$log" &&
	ok || fail "PRESCRIPCARE_DUE is not ISO 8601 UTC"
grep -q '^PRESCRIPCARE_DUE_LOCAL=20' "$log" && ok || fail "no local due time"
[ "$(q "SELECT count(*) FROM notification_history WHERE delivery_method = 'command' AND delivery_status = 'delivered'")" -eq 5 ] &&
	ok || fail "history of the five deliveries"

# A second daemon on the same pid file is refused while the first lives.
[ -s "$db.remind.pid" ] && [ "$(cat "$db.remind.pid")" -eq "$first" ] &&
	ok || fail "pid file holds the daemon's pid"
expect 65 "second daemon" -- pc --db "$db" remind --daemon --foreground --command true
contains "another reminder daemon (pid $first)" "$err" "names the live daemon"

# A row another process queues is delivered within moments.
queue 1
wait_until "row queued from outside" 5 has_deliveries 6

# SIGTERM: a clean exit that removes the pid file.
kill -TERM "$first"
wait "$first"; rc=$?
[ "$rc" -eq 0 ] && ok || fail "exit status after SIGTERM: $rc"
[ ! -e "$db.remind.pid" ] && ok || fail "pid file left after SIGTERM"

# Killed in the middle of a delivery: restarted, it delivers what was
# due, once each, including the row whose delivery was cut short.
: > "$log"
q "DELETE FROM notification_history; DELETE FROM notification_queue"
queue 10
fourth=$(q "SELECT notification_id FROM notification_queue ORDER BY notification_id LIMIT 1 OFFSET 3")
echo "$fourth" > "$WORK/block"
start killed --command "$deliver"
wait_until "the fourth delivery hangs" 10 test -s "$WORK/blocked"
kill -9 "$killed"
wait "$killed" 2>/dev/null
hung=$(cat "$WORK/blocked")
wait_until "the hung command dies with its daemon" 5 sh -c "! kill -0 $hung 2>/dev/null"
[ "$(delivered_count)" -eq 3 ] && ok || fail "before the kill: $(delivered_count) deliveries"
[ -e "$db.remind.pid" ] && ok || fail "a killed daemon leaves its pid file"
rm -f "$WORK/block"
start restarted --command "$deliver"
wait_until "all ten after the restart" 10 has_deliveries 10
wait_until "all ten recorded" 5 all_delivered
sleep 0.5
[ "$(delivered_count)" -eq 10 ] && ok || fail "after the restart: $(delivered_count) deliveries"
once_each
grep -q "^id=$fourth\$" "$log" && ok || fail "the cut-short row was not delivered again"
kill -TERM "$restarted"; wait "$restarted"

# Two daemons on one store (two pid files) race for every row: each row
# still goes out once.
: > "$log"
q "DELETE FROM notification_history; DELETE FROM notification_queue"
queue 30
start one --command "$deliver" --pid-file "$WORK/one.pid"
start two --command "$deliver" --pid-file "$WORK/two.pid"
wait_until "thirty deliveries by two daemons" 15 has_deliveries 30
wait_until "thirty recorded" 5 all_delivered
sleep 0.5
[ "$(delivered_count)" -eq 30 ] && ok || fail "two daemons: $(delivered_count) deliveries"
once_each
kill -TERM "$one" "$two"; wait "$one"; wait "$two"

# A failing command: recorded, and given up after max_retries.
q "DELETE FROM notification_history; DELETE FROM notification_queue"
queue 1
q "UPDATE notification_queue SET max_retries = 0"
start failing --command "cat >/dev/null; exit 3"
wait_until "failure recorded" 10 q_is 1 \
	"SELECT count(*) FROM notification_queue WHERE status = 'failed'"
contains "exited with status 3" "$(q "SELECT failure_reason FROM notification_queue")" "failure reason"
[ "$(q "SELECT count(*) FROM notification_history WHERE delivery_status = 'failed'")" -eq 1 ] &&
	ok || fail "failure in the history"
kill -TERM "$failing"; wait "$failing"

# Quiet hours around now: a dose reminder is not sent to the command,
# a missed-dose alert is held until the window ends.
: > "$log"
q "DELETE FROM notification_history; DELETE FROM notification_queue"
q "UPDATE notification_preferences SET quiet_hours_start = '$(date -u -d '-1 hour' +%H:%M)', quiet_hours_end = '$(date -u -d '+2 hours' +%H:%M)'"
queue 1
queue 1 missed_dose
start quiet --command "$deliver"
wait_until "the reminder shown silently" 10 q_is 1 \
	"SELECT count(*) FROM notification_queue WHERE status = 'delivered' AND delivery_method = 'in_app'"
wait_until "the alert held" 5 q_is 1 \
	"SELECT count(*) FROM notification_queue WHERE notification_type = 'missed_dose' AND status = 'pending' AND held_until > unixepoch()"
[ "$(delivered_count)" -eq 0 ] && ok || fail "quiet hours: the command ran"
kill -TERM "$quiet"; wait "$quiet"
q "UPDATE notification_preferences SET quiet_hours_start = NULL, quiet_hours_end = NULL"

# SIGHUP reads the configuration again: a new command takes over.
q "DELETE FROM notification_history; DELETE FROM notification_queue"
mkdir -p "$XDG_CONFIG_HOME/prescripcare"
echo "remind_command = $deliver $WORK/before" > "$XDG_CONFIG_HOME/prescripcare/config"
start hup
queue 1
wait_until "delivered by the configured command" 10 test -s "$WORK/before"
echo "remind_command = $deliver $WORK/after" > "$XDG_CONFIG_HOME/prescripcare/config"
kill -HUP "$hup"
sleep 0.5
queue 1
wait_until "delivered by the reloaded command" 10 test -s "$WORK/after"
[ "$(grep -c '^id=' "$WORK/before")" -eq 1 ] && ok || fail "old command used after SIGHUP"
kill -TERM "$hup"; wait "$hup"
rm "$XDG_CONFIG_HOME/prescripcare/config"

# Detached: the command returns once the daemon is ready.
expect 0 "detached daemon" -- pc --db "$db" remind --daemon --command true --pid-file "$WORK/bg.pid"
bg=$(cat "$WORK/bg.pid")
daemons="$daemons $bg"
kill -0 "$bg" 2>/dev/null && ok || fail "detached daemon not running"
kill -TERM "$bg"
wait_until "detached daemon removes its pid file" 5 test ! -e "$WORK/bg.pid"

# Planned reminders ------------------------------------------------------
#
# Ann lives in New York (EDT, UTC-4, from 2026-03-08) with quiet hours
# 22:00-07:00; Bob, in London (UTC in March), may receive her alerts and
# keeps the default quiet hours on his own clock.  Accounts, profiles,
# the grant, medications and the fill are made with the real commands;
# only the made-up drugs are typed into the catalogue with sqlite3.
db="$WORK/planned.db"
log="$WORK/planned.log"
PW_ANN="ann lantern orbit"
PW_BOB="bob pebble river"
secrets() { printf '%s\n' "$@" > "$WORK/secrets"; }
as() {
	who=$1; shift
	pc --db "$db" --user "$who" --password-fd 3 "$@" 3<"$WORK/secrets"
}

expect 0 "init the planned store" -- pc --db "$db" init
secrets "$PW_ANN"
expect 0 "useradd ann" -- pc --db "$db" useradd ann@example.org \
	--first Ann --last Example --password-fd 3 3<"$WORK/secrets"
secrets "$PW_ANN" "$PW_BOB"
expect 0 "useradd bob" -- as ann@example.org useradd bob@example.org \
	--first Bob --last Carer
secrets "$PW_ANN"
expect 0 "ann's zone and quiet hours" -- as ann@example.org profile \
	--set timezone=America/New_York --set quiet_hours=22:00-07:00
expect 0 "grant bob alerts" -- as ann@example.org grant bob@example.org \
	--can view,alerts
secrets "$PW_BOB"
expect 0 "bob's zone" -- as bob@example.org profile \
	--set timezone=Europe/London
ann=$(q "SELECT user_id FROM users WHERE email = 'ann@example.org'")
bob=$(q "SELECT user_id FROM users WHERE email = 'bob@example.org'")
person=$(q "SELECT person_id FROM users WHERE email = 'ann@example.org'")

# Examplomycin at 08:00, with 5 tablets filled on 2026-03-05 and none
# recorded taken: they last until 2026-03-15, and the refill warning
# (7 days before) is due at once.  At night: two vitamins and a critical
# medication.
q "INSERT INTO drugs_master (drug_name, origin) VALUES ('Examplomycin', 'user'),
    ('Nightamin', 'user'), ('Sleepizol', 'user'), ('Criticalin', 'user')"
secrets "$PW_ANN"
for med in "Examplomycin 08:00" "Nightamin 23:00" "Sleepizol 23:15" \
    "Criticalin 23:30 --critical"; do
	# shellcheck disable=SC2086
	set -- $med
	name=$1; at=$2; shift 2
	expect 0 "med add $name" -- as ann@example.org med add "$name" \
		--strength "500 mg" --form tablet --schedule "$at" \
		--start 2026-03-01 "$@"
done
PRESCRIPCARE_NOW=2026-03-05T15:00:00Z expect 0 "fill add" -- \
	as ann@example.org fill add examplomycin --quantity 5 --days-supply 5 \
	--date 2026-03-05

# records FILTER: how many deliveries in the log have every VAR=VALUE
# line of FILTER (space separated).
records() {
	awk -v want="$1" '
	BEGIN { n = split(want, w, " ") }
	/^--$/ {
		hit = 1
		for (i = 1; i <= n; i++) if (!(w[i] in seen)) hit = 0
		if (hit) c++
		split("", seen)
		next
	}
	{ seen[$0] = 1 }
	END { print c + 0 }' "$log" 2>/dev/null || echo 0
}
has_records() { [ "$(records "$2")" -ge "$1" ]; }

# run_at INSTANT NAME: a daemon whose clock stands at INSTANT.
run_at() {
	PRESCRIPCARE_NOW=$1 start "$2" --command "$deliver $log"
}
# end_run PID TOTAL WHEN: lets a daemon settle, stops it, and checks the
# log holds TOTAL deliveries in all.
end_run() {
	sleep 0.5
	kill -TERM "$1"; wait "$1"
	[ "$(delivered_count)" -eq "$2" ] && ok ||
		fail "$3: $(delivered_count) deliveries, not $2"
}

# 08:10 in New York: the 08:00 dose is due (ten minutes late, within
# the grace period; its advance reminder is past use and not sent), and
# the refill warning goes to Ann and to Bob.
run_at 2026-03-10T12:10:00Z plan1
wait_until "the dose due" 10 has_records 1 "PRESCRIPCARE_KIND=due"
wait_until "refill warnings" 5 has_records 2 "PRESCRIPCARE_KIND=refill"
end_run "$plan1" 3 "08:10"
grep -q '^text=Examplomycin 500 mg: 1 tablet due now (08:00)$' "$log" &&
	ok || fail "due text on Ann's clock: $(grep '^text=' "$log")"
[ "$(records "PRESCRIPCARE_KIND=due PRESCRIPCARE_DUE_LOCAL=2026-03-10T08:00:00-04:00 PRESCRIPCARE_DUE=2026-03-10T12:00:00Z")" -eq 1 ] &&
	ok || fail "due time in Ann's zone"
[ "$(records "PRESCRIPCARE_KIND=refill PRESCRIPCARE_EMAIL=bob@example.org PRESCRIPCARE_PERSON=$person")" -eq 1 ] &&
	ok || fail "Bob's refill warning"
grep -q "^text=For person $person: Examplomycin 500 mg: the supply runs out on 2026-03-15; time to refill\$" "$log" &&
	ok || fail "Bob's refill text"

# 09:00 in New York: the dose went unrecorded; both hear of it, the time
# on Ann's clock in Bob's too.
run_at 2026-03-10T13:00:00Z plan2
wait_until "missed-dose alerts" 10 has_records 2 "PRESCRIPCARE_KIND=missed"
end_run "$plan2" 5 "09:00"
[ "$(records "PRESCRIPCARE_KIND=missed PRESCRIPCARE_EMAIL=bob@example.org PRESCRIPCARE_DUE_LOCAL=2026-03-10T08:00:00-04:00")" -eq 1 ] &&
	ok || fail "Bob's missed-dose alert, on Ann's clock"

# 23:40 in New York, inside Ann's quiet hours: the two vitamins are shown
# on screens only; the critical medication goes to the command.
run_at 2026-03-11T03:40:00Z plan3
wait_until "the vitamins shown silently" 10 q_is 2 \
	"SELECT count(*) FROM notification_queue WHERE status = 'delivered' AND delivery_method = 'in_app'"
wait_until "the critical dose sent" 5 has_records 1 "PRESCRIPCARE_CRITICAL=1"
end_run "$plan3" 6 "23:40"
[ "$(records "PRESCRIPCARE_KIND=due PRESCRIPCARE_MEDICATION=Criticalin PRESCRIPCARE_DUE_LOCAL=2026-03-10T23:30:00-04:00")" -eq 1 ] &&
	ok || fail "the critical reminder"

# 00:50 in New York, 04:50 in London: both quiet.  The vitamins' alerts
# are held, each until the end of the recipient's own night; the critical
# medication's alert reaches both at once.
run_at 2026-03-11T04:50:00Z plan4
wait_until "critical alerts sent" 10 has_records 2 "PRESCRIPCARE_KIND=missed PRESCRIPCARE_CRITICAL=1"
wait_until "alerts held" 5 q_is 4 \
	"SELECT count(*) FROM notification_queue WHERE status = 'pending' AND held_until IS NOT NULL"
end_run "$plan4" 8 "00:50"
[ "$(q "SELECT group_concat(DISTINCT held_until) FROM notification_queue WHERE status = 'pending' AND user_id = $ann AND held_until IS NOT NULL")" = \
    "$(q "SELECT unixepoch('2026-03-11T11:00:00')")" ] &&
	ok || fail "Ann's alerts held until 07:00 New York"
[ "$(q "SELECT group_concat(DISTINCT held_until) FROM notification_queue WHERE status = 'pending' AND user_id = $bob AND held_until IS NOT NULL")" = \
    "$(q "SELECT unixepoch('2026-03-11T07:00:00')")" ] &&
	ok || fail "Bob's alerts held until 07:00 London"
[ "$(records "PRESCRIPCARE_CRITICAL=0")" -eq 5 ] &&
	ok || fail "at night only critical ones went to the command"

# 07:00 in London: Bob's morning summary; Ann still sleeps.
run_at 2026-03-11T07:00:00Z plan5
wait_until "Bob's morning summary" 10 has_records 1 "PRESCRIPCARE_KIND=summary PRESCRIPCARE_EMAIL=bob@example.org"
end_run "$plan5" 9 "07:00 London"
[ "$(records "PRESCRIPCARE_KIND=summary PRESCRIPCARE_COUNT=2")" -eq 1 ] &&
	ok || fail "two alerts in Bob's summary"

# 07:00 in New York: Ann's summary.  The daemon is killed while the
# command delivers it; restarted, it delivers it, once.
echo "summary:ann@example.org" > "$WORK/block"
rm -f "$WORK/blocked"
run_at 2026-03-11T11:00:00Z killed2
wait_until "Ann's summary hangs" 10 test -s "$WORK/blocked"
kill -9 "$killed2"
wait "$killed2" 2>/dev/null
hung=$(cat "$WORK/blocked")
wait_until "the hung command dies with its daemon" 5 sh -c "! kill -0 $hung 2>/dev/null"
rm -f "$WORK/block"
run_at 2026-03-11T11:00:00Z restarted2
wait_until "Ann's summary after the restart" 10 has_records 1 "PRESCRIPCARE_KIND=summary PRESCRIPCARE_EMAIL=ann@example.org"
end_run "$restarted2" 10 "07:00 New York"
once_each
contains "While quiet hours lasted, 2 notifications were held:" "$(cat "$log")" "summary text"
[ "$(q "SELECT count(*) FROM notification_queue WHERE status = 'pending' AND max(scheduled_for, coalesce(held_until, 0)) <= unixepoch('2026-03-11T11:00:00')")" -eq 0 ] &&
	ok || fail "something due by 07:00 New York is still pending"

# Ann revokes Bob's grant: his alert about the 11th's 08:00 dose, queued
# already, never goes out, and the daemon withdraws it.
secrets "$PW_ANN"
expect 0 "revoke bob" -- as ann@example.org revoke bob@example.org
[ "$(q "SELECT count(*) FROM notification_queue WHERE user_id = $bob AND status = 'pending'")" -gt 0 ] &&
	ok || fail "nothing queued for Bob to withhold"
run_at 2026-03-11T13:00:00Z plan6
wait_until "Ann's alert of the 11th" 10 has_records 2 "PRESCRIPCARE_KIND=missed PRESCRIPCARE_EMAIL=ann@example.org PRESCRIPCARE_CRITICAL=0"
wait_until "Bob's rows withdrawn" 5 q_is 0 \
	"SELECT count(*) FROM notification_queue WHERE user_id = $bob AND status = 'pending'"
end_run "$plan6" 12 "13:00 New York"
[ "$(records "PRESCRIPCARE_EMAIL=bob@example.org")" -eq 4 ] &&
	ok || fail "Bob heard after the revoke"

# Ann takes the 12th's 08:00 dose at 08:05 with the take command: the
# reminders queued for it leave the queue in the same transaction, and a
# daemon later that morning has nothing to say about it.
slot12=$(q "SELECT unixepoch('2026-03-12T12:00:00')")
[ "$(q "SELECT count(*) FROM notification_queue
    WHERE slot_at = $slot12 AND status = 'pending'")" -gt 0 ] &&
	ok || fail "nothing queued for the 12th's dose"
secrets "$PW_ANN"
PRESCRIPCARE_NOW=2026-03-12T12:06:00Z expect 0 "take at 08:05" -- \
	as ann@example.org take examplomycin --at 08:05
[ "$(q "SELECT count(*) FROM notification_queue
    WHERE slot_at = $slot12 AND closed_at IS NULL")" -eq 0 ] &&
	ok || fail "the dose's reminders are still open"
missed=$(records "PRESCRIPCARE_KIND=missed PRESCRIPCARE_EMAIL=ann@example.org")
run_at 2026-03-12T13:30:00Z plan7
wait_until "the night's three alerts, late" 10 has_records $((missed + 3)) \
	"PRESCRIPCARE_KIND=missed PRESCRIPCARE_EMAIL=ann@example.org"
sleep 0.5
kill -TERM "$plan7"; wait "$plan7"
[ "$(records "PRESCRIPCARE_DUE=2026-03-12T12:00:00Z")" -eq 0 ] &&
	ok || fail "a reminder about the dose taken"
[ "$(q "SELECT count(*) FROM audit_logs WHERE action_type = 'reminder_sent'")" -eq \
    "$(q "SELECT count(*) FROM notification_queue WHERE status = 'delivered'")" ] &&
	ok || fail "one audit row per delivery"
[ "$(q "SELECT count(*) FROM audit_logs WHERE action_type = 'reminder_sent' AND (new_values LIKE '%Examplo%' OR new_values LIKE '%Critical%')")" -eq 0 ] &&
	ok || fail "a medication named in the audit trail"

# Whatever the daemons said on stderr: no sanitizer reports among it.
for f in "$WORK"/*.err; do
	if grep -q "Sanitizer\|runtime error" "$f"; then
		fail "$(basename "$f" .err): $(cat "$f")"
	else ok; fi
done

finish
