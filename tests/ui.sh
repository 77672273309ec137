#!/bin/sh
# The terminal interface, driven in a real terminal through tmux.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

command -v tmux >/dev/null || { echo "tmux is not installed"; exit 77; }

expect 0 "init" -- pc --db "$WORK/ui.db" init
tmux_run 80 24 env TERM=xterm-256color LC_ALL=C.UTF-8 \
	"$PRESCRIPCARE_BIN" --db "$WORK/ui.db"
wait_screen "PrescripCare" "first screen"
wait_screen "$WORK/ui.db" "store path shown"
tmux_resize 60 20
wait_screen "PrescripCare" "redrawn after resize"
tmux_resize 80 24
tmux_keys q
wait_exit "quits on q"
finish
