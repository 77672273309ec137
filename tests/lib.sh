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

# The terminal interface is driven for real: the program runs in a tmux
# pane on its own server, keys are typed with send-keys and the screen is
# read with capture-pane.
TMUX_SOCKET="prescripcare-test-$$"
tmux_run() {
	# tmux_run COLUMNS ROWS COMMAND...
	cols=$1; rows=$2; shift 2
	tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s ui -x "$cols" \
		-y "$rows" "$@"
	trap 'tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null; rm -rf "$WORK"' EXIT
}
tmux_keys() { tmux -L "$TMUX_SOCKET" send-keys -t ui "$@"; }
tmux_screen() { tmux -L "$TMUX_SOCKET" capture-pane -p -t ui 2>/dev/null; }
tmux_resize() {
	tmux -L "$TMUX_SOCKET" resize-window -t ui -x "$1" -y "$2"
}
tmux_alive() { tmux -L "$TMUX_SOCKET" has-session -t ui 2>/dev/null; }

# retry COMMAND...: runs COMMAND every tenth of a second until it
# succeeds, for up to five seconds; returns 1 when it never does.
retry() {
	i=0
	while [ $i -lt 50 ]; do
		"$@" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

screen_has() { case $(tmux_screen) in *"$1"*) return 0 ;; esac; return 1; }
line_holds() {
	case $(tmux_screen | grep -F -- "$1") in *"$2"*) return 0 ;; esac
	return 1
}
pane_gone() { ! tmux_alive; }

# wait_screen TEXT DESCRIPTION: waits up to five seconds for TEXT.
wait_screen() {
	retry screen_has "$1" && { ok; return 0; }
	fail "$2: no \"$1\" on screen:"
	tmux_screen >&2
	return 1
}

# wait_exit DESCRIPTION: waits up to five seconds for the program to end.
wait_exit() {
	retry pane_gone && { ok; return 0; }
	fail "$1: still running"
}

# lacks TEXT DESCRIPTION: TEXT is not on the screen now.  Call it after a
# wait_screen for something drawn at the same time, so the frame is ready.
lacks() {
	case $(tmux_screen) in
	*"$1"*) fail "$2: \"$1\" is on screen:"; tmux_screen >&2 ;;
	*) ok ;;
	esac
}

# line_has LABEL TEXT DESCRIPTION: waits up to five seconds for the screen
# line holding LABEL to hold TEXT too, as a form's reason next to a field.
line_has() {
	retry line_holds "$1" "$2" && { ok; return 0; }
	fail "$3: the line of \"$1\" lacks \"$2\":"
	tmux_screen >&2
	return 1
}

# The screen with its colours and attributes as escape sequences.
tmux_screen_escapes() {
	tmux -L "$TMUX_SOCKET" capture-pane -e -p -t ui 2>/dev/null
}
