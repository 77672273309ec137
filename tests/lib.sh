# Shared helpers for the end-to-end scripts: each runs the real binary on
# stores in a fresh temporary folder and counts what it checked.

set -u
: "${PRESCRIPCARE_BIN:?run through make check}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/prescripcare-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export HOME="$WORK/home" XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"
mkdir -p "$HOME"
unset PRESCRIPCARE_DB PRESCRIPCARE_NOW
LC_ALL=C.UTF-8
export LC_ALL
passed=0
failed=0

pc() { "$PRESCRIPCARE_BIN" "$@"; }

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# expect STATUS DESCRIPTION -- COMMAND...: runs it, keeps its output in
# $out and $err, and checks the exit status.
expect() {
	want=$1; what=$2; shift 3
	"$@" >"$WORK/out" 2>"$WORK/err"
	got=$?
	out=$(cat "$WORK/out"); err=$(cat "$WORK/err")
	if [ "$got" -eq "$want" ]; then ok; else
		fail "$what: exit $got, wanted $want; stderr: $err"; fi
}

# contains TEXT HAYSTACK DESCRIPTION
contains() {
	case $2 in *"$1"*) ok ;; *) fail "$3: no \"$1\" in: $2" ;; esac
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
