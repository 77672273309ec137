#!/bin/sh
# The command line of the foundation: store creation, doctor, backup,
# refusals and exit statuses.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

expect 0 "version" -- pc --version
contains "prescripcare " "$out" "version line"
expect 0 "help" -- pc --help
contains "doctor" "$out" "help lists commands"
expect 64 "unknown command" -- pc frobnicate
contains "unknown command" "$err" "unknown command message"
expect 64 "option without value" -- pc --db
contains "needs a value" "$err" "missing option value"

# The default store lives under XDG_DATA_HOME, private.
expect 0 "init default" -- pc init
db="$XDG_DATA_HOME/prescripcare/prescripcare.db"
[ "$(stat -c %a "$db")" = 600 ] && ok || fail "store mode $(stat -c %a "$db")"
[ "$(stat -c %a "$(dirname "$db")")" = 700 ] && ok || fail "folder mode"
expect 0 "doctor default" -- pc doctor
contains "integrity" "$out" "doctor integrity line"
expect 0 "doctor quick" -- pc doctor --quick
contains "journal mode" "$out" "doctor quick lines"
expect 64 "doctor bad option" -- pc doctor --fast

# --db, PRESCRIPCARE_DB and the config file choose another store.
expect 0 "init --db" -- pc --db "$WORK/a.db" init
[ -f "$WORK/a.db" ] && ok || fail "--db store missing"
PRESCRIPCARE_DB="$WORK/b.db" expect 0 "init env" -- pc init
[ -f "$WORK/b.db" ] && ok || fail "PRESCRIPCARE_DB store missing"
mkdir -p "$XDG_CONFIG_HOME/prescripcare"
echo "db = $WORK/c.db" > "$XDG_CONFIG_HOME/prescripcare/config"
expect 0 "init config" -- pc init
[ -f "$WORK/c.db" ] && ok || fail "config store missing"
expect 0 "option beats config" -- pc init --db "$WORK/d.db"
[ -f "$WORK/d.db" ] && ok || fail "--db after the command"
echo "colour = blue" > "$XDG_CONFIG_HOME/prescripcare/config"
expect 65 "bad config" -- pc doctor
contains "config:1: unknown setting" "$err" "config error names the line"
rm "$XDG_CONFIG_HOME/prescripcare/config"

expect 0 "shared init" -- pc --db "$WORK/house.db" init --shared
[ "$(stat -c %a "$WORK/house.db")" = 660 ] && ok || fail "shared mode"

# Refusals.
chmod 644 "$WORK/a.db"
expect 77 "world readable" -- pc --db "$WORK/a.db" doctor
contains "chmod 600" "$err" "permission fix"
chmod 600 "$WORK/a.db"
expect 66 "missing store" -- pc --db "$WORK/none.db" doctor
contains "prescripcare init" "$err" "missing store hint"
head -c 8192 /dev/urandom > "$WORK/junk.db"; chmod 600 "$WORK/junk.db"
expect 74 "garbage file" -- pc --db "$WORK/junk.db" doctor
contains "not an SQLite database" "$err" "garbage message"
sqlite3 "$WORK/a.db" "PRAGMA user_version = 999" 2>/dev/null ||
	python3 -c "import sqlite3;c=sqlite3.connect('$WORK/a.db');c.execute('PRAGMA user_version=999');c.commit()"
expect 69 "newer store" -- pc --db "$WORK/a.db" doctor
contains "newer PrescripCare" "$err" "newer message"

# Backup.
expect 0 "backup" -- pc --db "$WORK/b.db" backup "$WORK/b-copy.db"
expect 0 "doctor on backup" -- pc --db "$WORK/b-copy.db" doctor
expect 65 "backup over a file" -- pc --db "$WORK/b.db" backup "$WORK/b-copy.db"
contains "already exists" "$err" "backup refusal"

# The interface needs a terminal and says so.
expect 64 "ui without tty" -- pc --db "$WORK/b.db"
contains "needs a terminal" "$err" "ui message"

# The manual page: clean under mandoc's lint, and it documents every
# command the program lists in its help.
manual="$TESTS_SRCDIR/../man/prescripcare.1"
if command -v mandoc >/dev/null 2>&1; then
	lint=$(mandoc -Tlint -Wwarning "$manual" 2>&1) && [ -z "$lint" ] &&
		ok || fail "mandoc -Tlint: $lint"
fi
expect 0 "--help" -- pc --help
for cmd in $(printf '%s\n' "$out" | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
	grep -q "^\.It Cm $cmd\( \|$\)\|^\.Cm $cmd\( \|$\)" "$manual" &&
		ok || fail "the manual does not document \"$cmd\""
done

finish
