#!/bin/sh
# Accounts, grants and sealed health data through the real binary, with
# passwords given on a file descriptor as a script would.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

db="$WORK/house.db"
PW_ADMIN="admin horse battery"
PW_ADA="ada lantern orbit"
PW_CARER="carer pebble river"
PW_VIEWER="viewer maple cloud"

# secrets LINE...: the lines the next command reads from fd 3.
secrets() { printf '%s\n' "$@" > "$WORK/secrets"; }
as() { who=$1; shift; pc --db "$db" --user "$who" --password-fd 3 "$@"; }

expect 0 "init" -- pc --db "$db" init

# The first account needs no one and administers the store.
secrets "$PW_ADMIN"
expect 0 "first useradd" -- pc --db "$db" useradd admin@example.org \
	--password-fd 3 3<"$WORK/secrets"
contains "administers this store" "$out" "first account is admin"
admin_code=$(printf '%s\n' "$out" | sed -n 's/^ *\([A-Z2-7]\{4\}\(-[A-Z2-7]\{4\}\)\{5\}\)$/\1/p')
[ -n "$admin_code" ] && ok || fail "no recovery code shown: $out"

expect 64 "second useradd without --user" -- pc --db "$db" useradd \
	ada@example.org --password-fd 3 3<"$WORK/secrets"
contains "--user" "$err" "asks for an administrator"
secrets "wrong password!" "$PW_ADA"
expect 77 "useradd with a wrong admin password" -- as admin@example.org \
	useradd ada@example.org 3<"$WORK/secrets"
secrets "$PW_ADMIN" "short"
expect 65 "weak password" -- as admin@example.org useradd \
	ada@example.org 3<"$WORK/secrets"
contains "at least 10 characters" "$err" "password rule named"
secrets "$PW_ADMIN" "qwertyuiop"
expect 65 "common password" -- as admin@example.org useradd \
	ada@example.org 3<"$WORK/secrets"
for who in "ada:$PW_ADA:Ada:Lovelace" "carer:$PW_CARER:Charles:Carer" \
    "viewer:$PW_VIEWER:Vera:Viewer"; do
	IFS=: read -r name pw first last <<-END
	$who
	END
	secrets "$PW_ADMIN" "$pw"
	expect 0 "useradd $name" -- as admin@example.org useradd \
		"$name@example.org" --first "$first" --last "$last" \
		3<"$WORK/secrets"
done
secrets "$PW_ADMIN"
expect 65 "useradd twice" -- as admin@example.org useradd ada@example.org \
	3<"$WORK/secrets"

# Profiles: shown, changed, and bad values refused with the field named.
secrets "$PW_ADA"
expect 0 "profile" -- as ada@example.org profile 3<"$WORK/secrets"
contains "Lovelace" "$out" "profile shows the name"
for bad in height_cm=300 weight_kg=0 blood_type=C+ timezone=Mars/Base \
    date_of_birth=2999-01-01 date_of_birth=2023-02-29 quiet_hours=22-7 \
    phone_number=call-me; do
	expect 65 "profile --set $bad" -- as ada@example.org profile \
		--set "$bad" 3<"$WORK/secrets"
	contains "${bad%%=*}" "$err" "refusal names ${bad%%=*}"
done
expect 64 "unknown field" -- as ada@example.org profile --set shoe=42 \
	3<"$WORK/secrets"
expect 0 "profile --set" -- as ada@example.org profile \
	--set date_of_birth=1915-12-10 --set height_cm=165 \
	--set weight_kg=55.5 --set blood_type=ab- \
	--set timezone=Europe/London --set city=Marylebone \
	--set quiet_hours=22:30-06:45 3<"$WORK/secrets"
expect 0 "profile again" -- as ada@example.org profile 3<"$WORK/secrets"
contains "AB-" "$out" "blood type normalised"
contains "Europe/London" "$out" "time zone kept"
contains "22:30-06:45" "$out" "quiet hours kept"
contains "20.4" "$out" "bmi computed"

expect 0 "allergy add" -- as ada@example.org allergy add Zorvanilex \
	--type drug --severity severe --symptoms hives 3<"$WORK/secrets"
expect 65 "allergy without type" -- as ada@example.org allergy add Latex \
	--severity mild 3<"$WORK/secrets"
expect 0 "condition add" -- as ada@example.org condition add "Quellmoor syndrome" \
	--code Q87.89 --diagnosed 2001-05-04 3<"$WORK/secrets"
expect 65 "bad ICD-10 code" -- as ada@example.org condition add Gout \
	--code 12345 3<"$WORK/secrets"
expect 0 "allergy list" -- as ada@example.org allergy list 3<"$WORK/secrets"
contains "Zorvanilex" "$out" "allergy listed"
expect 0 "condition list" -- as ada@example.org condition list \
	3<"$WORK/secrets"
contains "Quellmoor syndrome" "$out" "condition listed"
ada_id=$(sqlite3 "$db" "SELECT person_id FROM users WHERE email = 'ada@example.org'")

# A caregiver without a grant: refused on every path.
secrets "$PW_CARER"
for cmd in "profile" "profile --set city=X" "allergy list" \
    "allergy add Nuts --type food --severity mild" "condition list" \
    "condition add Gout" "grant viewer@example.org --can view" \
    "revoke viewer@example.org" "grants"; do
	# shellcheck disable=SC2086
	expect 77 "carer without grant: $cmd" -- as carer@example.org \
		--person "$ada_id" $cmd 3<"$WORK/secrets"
	contains "no access" "$err" "carer refusal explains: $cmd"
done
expect 66 "carer cannot find Ada by name" -- as carer@example.org \
	--person Ada allergy list 3<"$WORK/secrets"
secrets "$PW_ADMIN"
expect 77 "admin without grant" -- as admin@example.org --person "$ada_id" \
	allergy list 3<"$WORK/secrets"

# A view grant: reads work, writes are refused with what to ask for.
secrets "$PW_ADA"
expect 0 "grant view" -- as ada@example.org grant carer@example.org \
	--can view 3<"$WORK/secrets"
contains "now has access to" "$out" "grant confirmed"
expect 64 "grant unknown permission" -- as ada@example.org grant \
	carer@example.org --can fly 3<"$WORK/secrets"
expect 0 "grants" -- as ada@example.org grants 3<"$WORK/secrets"
contains "carer@example.org" "$out" "grant listed"
secrets "$PW_CARER"
expect 0 "carer reads by name" -- as carer@example.org --person \
	"ada lovelace" allergy list 3<"$WORK/secrets"
contains "Zorvanilex" "$out" "carer sees the allergy"
expect 77 "view-only carer adds" -- as carer@example.org --person Ada \
	allergy add Nuts --type food --severity mild 3<"$WORK/secrets"
contains "grant \"edit\"" "$err" "refusal names the permission"

# Someone looked after, with a record of their own.
expect 0 "person add" -- as carer@example.org person add --first Dora \
	--last Carer --dob 1941-02-03 3<"$WORK/secrets"
expect 0 "allergy for Dora" -- as carer@example.org --person Dora \
	allergy add Brimazotine --type drug --severity moderate 3<"$WORK/secrets"
# One refused --set leaves the others unwritten too.
expect 64 "quiet hours on another's record" -- as carer@example.org \
	--person Dora profile --set city=Nowhereton \
	--set quiet_hours=22:00-07:00 3<"$WORK/secrets"
expect 0 "Dora's profile" -- as carer@example.org --person Dora profile \
	3<"$WORK/secrets"
case $out in *Nowhereton*) fail "a refused profile change was half saved" ;;
	*) ok ;; esac
expect 0 "person list" -- as carer@example.org person list \
	3<"$WORK/secrets"
contains "Dora Carer" "$out" "Dora listed"
contains "Ada Lovelace" "$out" "Ada listed"

# Revoking ends access at once.
secrets "$PW_ADA"
expect 0 "revoke" -- as ada@example.org revoke carer@example.org \
	3<"$WORK/secrets"
expect 66 "revoke twice" -- as ada@example.org revoke carer@example.org \
	3<"$WORK/secrets"
secrets "$PW_CARER"
expect 77 "carer after revoke" -- as carer@example.org --person "$ada_id" \
	allergy list 3<"$WORK/secrets"
[ "$(sqlite3 "$db" "SELECT key_version FROM people WHERE person_id = $ada_id")" = 2 ] &&
	ok || fail "data key not rotated"

# Providers: the carer, also a pharmacist, enters herself in the
# directory; Ada links her, and the link's rights are what she may do.
secrets "$PW_CARER"
expect 65 "provider with a mistyped NPI" -- as carer@example.org provider \
	add --first-name Charles --last-name Carer --npi 1234567890 \
	3<"$WORK/secrets"
contains "check digit" "$err" "the NPI's check digit named"
expect 77 "provider tied to another's login" -- as carer@example.org \
	provider add --first-name Ada --last-name Lovelace \
	--account ada@example.org 3<"$WORK/secrets"
expect 0 "provider add" -- as carer@example.org provider add \
	--first-name Charles --last-name Carer --title PharmD \
	--practice "Corner Pharmacy" --npi 1234567893 \
	--account carer@example.org 3<"$WORK/secrets"
provider=$(printf '%s\n' "$out" | sed -n 's/^Provider \([0-9]*\) added.*/\1/p')
[ -n "$provider" ] && ok || fail "no provider id in: $out"
expect 0 "provider list" -- as carer@example.org provider list corner \
	3<"$WORK/secrets"
contains "NPI 1234567893" "$out" "directory lists the NPI"
expect 77 "provider not yet linked" -- as carer@example.org --person \
	"$ada_id" allergy list 3<"$WORK/secrets"
secrets "$PW_ADA"
expect 64 "link without a type" -- as ada@example.org provider link \
	"$provider" 3<"$WORK/secrets"
expect 64 "link with an unknown right" -- as ada@example.org provider link \
	"$provider" --as pharmacist --can record 3<"$WORK/secrets"
expect 66 "link to no provider" -- as ada@example.org provider link 999 \
	--as pharmacist 3<"$WORK/secrets"
expect 0 "provider link" -- as ada@example.org provider link "$provider" \
	--as pharmacist --can view 3<"$WORK/secrets"
expect 0 "providers" -- as ada@example.org providers 3<"$WORK/secrets"
contains "pharmacist since" "$out" "the link is listed"
contains "may view" "$out" "its rights are listed"
secrets "$PW_CARER"
expect 0 "linked pharmacist reads" -- as carer@example.org --person \
	"$ada_id" allergy list 3<"$WORK/secrets"
contains "Zorvanilex" "$out" "the pharmacist sees the allergy"
expect 77 "view-only pharmacist edits" -- as carer@example.org --person \
	"$ada_id" condition add Gout 3<"$WORK/secrets"
expect 77 "a pharmacist does not link providers" -- as carer@example.org \
	--person "$ada_id" provider unlink "$provider" 3<"$WORK/secrets"
secrets "$PW_ADA"
expect 0 "provider unlink" -- as ada@example.org provider unlink \
	"$provider" 3<"$WORK/secrets"
expect 66 "unlink twice" -- as ada@example.org provider unlink \
	"$provider" 3<"$WORK/secrets"
secrets "$PW_CARER"
expect 77 "pharmacist after unlink" -- as carer@example.org --person \
	"$ada_id" allergy list 3<"$WORK/secrets"
[ "$(sqlite3 "$db" "SELECT key_version FROM people WHERE person_id = $ada_id")" = 3 ] &&
	ok || fail "data key not rotated at unlink"

# Lockout, and an administrator lifting it.
secrets "not the password"
for i in 1 2 3 4; do
	expect 77 "failed login $i" -- as viewer@example.org profile \
		3<"$WORK/secrets"
done
expect 75 "fifth failure locks" -- as viewer@example.org profile \
	3<"$WORK/secrets"
contains "locked" "$err" "lock message"
contains "until" "$err" "lock says until when"
secrets "$PW_VIEWER"
expect 75 "locked with the right password" -- as viewer@example.org \
	profile 3<"$WORK/secrets"
secrets "$PW_ADMIN"
expect 0 "admin unlocks" -- as admin@example.org usermod \
	viewer@example.org --unlock 3<"$WORK/secrets"
secrets "$PW_VIEWER"
expect 0 "login after unlock" -- as viewer@example.org profile \
	3<"$WORK/secrets"
secrets "$PW_ADMIN"
expect 0 "suspend" -- as admin@example.org usermod viewer@example.org \
	--status suspended 3<"$WORK/secrets"
secrets "$PW_VIEWER"
expect 77 "suspended login" -- as viewer@example.org profile \
	3<"$WORK/secrets"
contains "suspended" "$err" "suspension named"
secrets "$PW_ADA"
expect 77 "only an admin suspends" -- as ada@example.org usermod \
	carer@example.org --status suspended 3<"$WORK/secrets"

# Passwords: change, then recovery with the code shown at creation.
secrets "$PW_ADA" "ada brand new words"
expect 0 "passwd" -- as ada@example.org passwd 3<"$WORK/secrets"
secrets "$PW_ADA"
expect 77 "old password refused" -- as ada@example.org profile \
	3<"$WORK/secrets"
secrets "ada brand new words"
expect 0 "new password works" -- as ada@example.org allergy list \
	3<"$WORK/secrets"
contains "Zorvanilex" "$out" "data unchanged after passwd"
secrets "$admin_code" "admin recovered words"
expect 0 "passwd --recover" -- as admin@example.org passwd --recover \
	3<"$WORK/secrets"
contains "Recovery code" "$out" "a new recovery code is shown"
secrets "$admin_code" "admin other words!!"
expect 77 "spent recovery code" -- as admin@example.org passwd --recover \
	3<"$WORK/secrets"

# The audit log, for the administrator only, with where logins came from.
secrets "admin recovered words"
SSH_CLIENT="203.0.113.9 52222 22" expect 0 "audit" -- as admin@example.org \
	audit --limit 500 3<"$WORK/secrets"
for action in login logout login_failed lockout grant revoke create \
    update password_change read; do
	contains " $action " "$out" "audit has $action"
done
contains "from 203.0.113.9" "$out" "audit has the SSH client"
secrets "ada brand new words"
expect 77 "audit for a non-admin" -- as ada@example.org audit \
	3<"$WORK/secrets"
sqlite3 "$db" "UPDATE audit_logs SET description = 'x'" 2>/dev/null &&
	fail "audit row changed" || ok
sqlite3 "$db" "DELETE FROM audit_logs" 2>/dev/null &&
	fail "audit row deleted" || ok

# Nothing sensitive in clear in the files.
# Made-up allergens and conditions: real names stand in the drug catalogue.
for planted in Lovelace Zorvanilex hives Quellmoor Q87.89 Marylebone \
    1915-12-10 Dora Brimazotine "$PW_ADA" "$admin_code"; do
	if grep -a -q -F -e "$planted" "$db" "$db-wal" 2>/dev/null; then
		fail "\"$planted\" in clear in the store"
	else ok; fi
done
grep -a -q -F "ada@example.org" "$db" && ok || fail "grep finds nothing"

# Secrets only from a terminal or the descriptor, never the arguments.
: > "$WORK/empty"
expect 64 "password-fd runs dry" -- as ada@example.org profile \
	3<"$WORK/empty"
contains "ran out of lines" "$err" "dry descriptor named"
if command -v setsid >/dev/null 2>&1; then
	expect 64 "no terminal" -- setsid -w "$PRESCRIPCARE_BIN" --db "$db" \
		--user ada@example.org profile </dev/null
	contains "--password-fd" "$err" "no terminal says what to do"
fi
expect 64 "no --user" -- pc --db "$db" profile
contains "--user" "$err" "missing --user named"

# Two-factor login: a wrong code is refused; with python3 at hand, a real
# code is computed from the enrolment's secret as a phone would.
secrets "ada brand new words" "000000"
expect 77 "totp enable with a wrong code" -- as ada@example.org totp \
	enable 3<"$WORK/secrets"
contains "otpauth://totp/PrescripCare:ada%40example.org?secret=" "$out" \
	"enrolment URI"
contains "█" "$out" "QR code drawn"
if command -v python3 >/dev/null 2>&1; then
	totp() {
		python3 -c 'import base64,hmac,hashlib,struct,sys,time
s=sys.argv[1]; k=base64.b32decode(s+"="*(-len(s)%8))
t=int(time.time()+int(sys.argv[2]))//30
h=hmac.new(k,struct.pack(">Q",t),hashlib.sha1).digest(); o=h[-1]&15
print("%06d"%((struct.unpack(">I",h[o:o+4])[0]&0x7fffffff)%1000000))' "$@"
	}
	mkfifo "$WORK/fifo"
	as ada@example.org totp enable 3<"$WORK/fifo" >"$WORK/totp" 2>&1 &
	pid=$!
	exec 4>"$WORK/fifo"
	printf '%s\n' "ada brand new words" >&4
	i=0
	while ! grep -q '^otpauth:' "$WORK/totp" && [ $i -lt 100 ]; do
		sleep 0.1; i=$((i + 1))
	done
	secret=$(sed -n 's/^otpauth:.*secret=\([A-Z2-7]*\).*/\1/p' "$WORK/totp")
	totp "$secret" -30 >&4
	exec 4>&-
	wait $pid && ok || fail "totp enable: $(cat "$WORK/totp")"
	secrets "ada brand new words"
	expect 64 "login without the code" -- as ada@example.org profile \
		3<"$WORK/secrets"
	secrets "ada brand new words" "$(totp "$secret" 0)"
	expect 0 "login with the code" -- as ada@example.org profile \
		3<"$WORK/secrets"
	secrets "ada brand new words" "$(totp "$secret" 30)"
	expect 0 "totp disable" -- as ada@example.org totp disable \
		3<"$WORK/secrets"
	secrets "ada brand new words"
	expect 0 "login without a code again" -- as ada@example.org profile \
		3<"$WORK/secrets"
fi

finish
