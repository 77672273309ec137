#!/bin/sh
# Turns the numbered migration files into a C array, so that the SQL stays
# readable SQL in the source tree and still ships inside the binary.
#   sql2c.sh OUTPUT.c NNN-name.sql...
set -eu
out=$1
shift
tmp=$out.tmp
{
	echo '/* Generated from src/store/migrations by build-aux/sql2c.sh. */'
	echo '#include "config.h"'
	echo '#include <stddef.h>'
	echo
	echo '#include "store/migrations.h"'
	echo
	echo 'const struct migration store_migrations[] = {'
	for f in "$@"; do
		base=$(basename "$f" .sql)
		version=$(echo "$base" | sed 's/^0*\([0-9][0-9]*\)-.*/\1/')
		echo "	{ $version, \"$base\","
		sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/	  "/' -e 's/$/\\n"/' "$f"
		echo '	},'
	done
	echo '	{ 0, NULL, NULL }'
	echo '};'
} > "$tmp"
mv "$tmp" "$out"
