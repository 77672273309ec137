#!/bin/sh
# The reminder daemon end to end: delivery through a command with the text
# on stdin and the particulars in the environment, exactly once per row,
# across a kill -9 and a restart, with two daemons racing, quiet hours,
# failures, SIGHUP, SIGTERM and the pid file.
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
-- A made-up drug: the shipped catalogue is loaded by init as well.
INSERT INTO drugs_master (drug_name) VALUES ('Examplomycin');
INSERT INTO user_medications (person_id, drug_id, strength, dosage_form,
    start_date) SELECT 1, drug_id, '500 mg', 'tablet', '2026-01-01'
    FROM drugs_master WHERE drug_name = 'Examplomycin';
INSERT INTO medication_schedules (medication_id, dose_time, dose_amount,
    dose_unit) VALUES (1, '08:00', 1, 'tablet');
INSERT INTO notification_preferences (user_id, quiet_hours_start,
    quiet_hours_end) VALUES (1, NULL, NULL);
EOF

# queue COUNT [KIND]: COUNT rows due within the last hour, each later
# than any queued before, so the daemon takes them in the order of ids.
queue() {
	sqlite3 -cmd '.timeout 10000' "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL
	    SELECT i + 1 FROM n WHERE i < $1)
	    INSERT INTO notification_queue (user_id, person_id,
	    notification_type, reminder_kind, title, message, scheduled_for,
	    related_medication_id, related_schedule_id, slot_at)
	    SELECT 1, 1, 'medication_reminder', '${2:-due}', 'Dose due', '',
	    s + i, 1, 1, s + i FROM n, (SELECT coalesce(max(slot_at),
	    unixepoch() - 3000) AS s FROM notification_queue)"
}
q() { sqlite3 -cmd '.timeout 10000' "$db" "$1"; }
# q_is N SQL: the query's answer is N.
q_is() { [ "$(q "$2")" = "$1" ]; }

# The delivery command: one record per run, unless told to hang on one
# notification (then it notes its pid and waits to be killed).
cat > "$WORK/deliver.sh" <<EOF
#!/bin/sh
text=\$(cat)
if [ -e "$WORK/block" ] && [ "\$PRESCRIPCARE_NOTIFICATION" = "\$(cat "$WORK/block")" ]; then
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
		2>"$WORK/$name.err" &
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

# once_each: every row delivered is in the log exactly once.
once_each() {
	dups=$(grep '^id=' "$log" | sort | uniq -d)
	[ -z "$dups" ] && ok || fail "delivered more than once: $dups"
	for id in $(q "SELECT notification_id FROM notification_queue WHERE status = 'delivered' AND delivery_method = 'command'"); do
		[ "$(grep -c "^id=$id\$" "$log")" -eq 1 ] ||
			{ fail "row $id: $(grep -c "^id=$id\$" "$log") deliveries"; return; }
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
queue 1 due
queue 1 missed
start quiet --command "$deliver"
wait_until "the reminder shown silently" 10 q_is 1 \
	"SELECT count(*) FROM notification_queue WHERE status = 'delivered' AND delivery_method = 'in_app'"
wait_until "the alert held" 5 q_is 1 \
	"SELECT count(*) FROM notification_queue WHERE reminder_kind = 'missed' AND status = 'pending' AND held_until > unixepoch()"
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

# Whatever the daemons said on stderr: no sanitizer reports among it.
for f in "$WORK"/*.err; do
	if grep -q "Sanitizer\|runtime error" "$f"; then
		fail "$(basename "$f" .err): $(cat "$f")"
	else ok; fi
done

finish
