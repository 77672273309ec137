#!/bin/sh
# The drug commands of the real binary: check (statuses, JSON, allergies,
# conditions, duplicates, food), search, about, the importers and the
# catalogue upgrade.  Most runs use the made-up catalogue of tests/data;
# the last ones load the catalogue that ships.
. "${TESTS_SRCDIR:-$(dirname "$0")}/lib.sh"

SHIPPED=$PRESCRIPCARE_DATADIR
FIXTURES=$TESTS_SRCDIR/data
PRESCRIPCARE_DATADIR=$FIXTURES
export PRESCRIPCARE_DATADIR
db=$WORK/drugs.db

# Without any store or account, check answers from the shipped catalogue.
expect 2 "check without a store" -- pc --db "$WORK/none.db" check warfarin ibuprofen
contains "major     DD  ibuprofen + warfarin" "$out" "major interaction"
contains "does not replace the judgement" "$out" "disclaimer"
[ ! -e "$WORK/none.db" ] && ok || fail "check created a store"

expect 0 "init loads the catalogue" -- pc --db "$db" init
contains "Drug catalogue 2026.1.0 loaded: 21 drugs" "$out" "load message"

# Exit statuses: nothing, minor or moderate only, major.
expect 0 "nothing found" -- pc --db "$db" check lisinopril levothyroxine
contains "No interaction" "$out" "nothing message"
expect 1 "moderate only" -- pc --db "$db" check warfarin ciprofloxacin
contains "moderate  DD  ciprofloxacin + warfarin" "$out" "moderate rule"
expect 1 "minor interaction" -- pc --db "$db" check acetaminophen warfarin
contains "minor     DD  acetaminophen + warfarin" "$out" "minor rule"
expect 2 "major" -- pc --db "$db" check warfarin naproxen
contains "rule: @nsaid + @anticoagulant (score 8, established)" "$out" "class rule named"

# A+B and B+A.
expect 2 "one order" -- pc --db "$db" check warfarin Advil sertraline
first=$out
expect 2 "other order" -- pc --db "$db" check sertraline advil WARFARIN
[ "$first" = "$out" ] && ok || fail "order changed the answer"

expect 2 "penicillin allergy" -- pc --db "$db" check amoxicillin cephalexin --allergy penicillin
contains "major     DA  amoxicillin (penicillin)" "$out" "penicillin flagged"
contains "moderate  DA  cephalexin (penicillin)" "$out" "cephalosporin caution"
expect 2 "allergy by brand" -- pc --db "$db" check bactrim --allergy "sulfa drugs"
contains "DA  sulfamethoxazole/trimethoprim" "$out" "sulfa allergy"
expect 0 "unknown allergy is said" -- pc --db "$db" check levothyroxine --allergy latex
contains "\"latex\" matches no known allergen" "$err" "unmatched allergy warning"

expect 2 "condition" -- pc --db "$db" check propranolol ibuprofen --condition J45.909 --condition n18.4
contains "major     DC  propranolol (J45.909)" "$out" "asthma rule"
contains "major     DC  ibuprofen (N18.4)" "$out" "kidney rule"
expect 65 "bad condition" -- pc --db "$db" check warfarin --condition kidneys
contains "not an ICD-10 code" "$err" "condition message"

expect 1 "therapeutic duplication" -- pc --db "$db" check ibuprofen naproxen
contains "moderate  TD  ibuprofen + naproxen (NSAID)" "$out" "same class"
expect 2 "duplication beside a major" -- pc --db "$db" check atorvastatin simvastatin
contains "TD  atorvastatin + simvastatin (statin)" "$out" "statins"
expect 1 "ingredient duplication" -- pc --db "$db" check tylenol norco
contains "ID  acetaminophen + hydrocodone/acetaminophen (acetaminophen)" "$out" "same ingredient"
expect 2 "food" -- pc --db "$db" check simvastatin
contains "major     DF  simvastatin (grapefruit juice)" "$out" "food finding"

expect 2 "json" -- pc --db "$db" check warfarin ibuprofen --format json
contains '"worst":"major"' "$out" "json worst"
contains '"code":"DD","severity":"major","score":8,"drugs":["ibuprofen","warfarin"]' "$out" "json finding"
if command -v python3 >/dev/null 2>&1; then
	printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["findings"][0]["rule"] == "@nsaid + @anticoagulant"' &&
		ok || fail "json does not parse"
fi

expect 66 "unknown drug" -- pc --db "$db" check warfarn ibuprofen
contains "unknown drug \"warfarn\"; did you mean: warfarin" "$err" "suggestion"
expect 64 "no drug" -- pc --db "$db" check --allergy penicillin
expect 64 "bad format" -- pc --db "$db" check warfarin --format xml
contains "--format must be text or json" "$err" "format message"

# Search.
expect 0 "typo" -- pc --db "$db" search metfromin
[ "$(echo "$out" | head -n 1)" = metformin ] && ok || fail "typo search: $out"
expect 0 "accent and case" -- pc --db "$db" search MÉTFORMIN --format json
contains '"match":"exact","matched":"metformin"' "$out" "accent search"
expect 0 "brand with an accent" -- pc --db "$db" search aspegic
contains "aspirin (Aspégic)" "$out" "accented brand"
expect 0 "prefix as typed" -- pc --db "$db" search hydro
contains "hydrocodone/acetaminophen" "$out" "prefix search"
expect 1 "nothing found" -- pc --db "$db" search qqqzzz
contains "No drug matches" "$err" "no match message"
expect 64 "bad limit" -- pc --db "$db" search a --limit 0

expect 0 "about" -- pc --db "$db" about
contains "Shipped drug catalogue: version 2026.1.0" "$out" "shipped version"
contains "test suite only" "$out" "sources"
contains "does not replace the judgement of a pharmacist or doctor" "$out" "about disclaimer"

# Imports: a file with an error changes nothing.
cat > "$WORK/bad.csv" <<'EOF'
a,b,severity,score,evidence,mechanism,clinical_effect,management,source
metformin,sertraline,major,9,theoretical,,made-up effect,,test
sertraline,@maoi,major,eleven,established,,made-up,,test
EOF
# Imports change what every record is screened against: administrators only.
printf '%s\n' "admin horse battery" > "$WORK/secrets"
expect 0 "administrator" -- pc --db "$db" useradd admin@example.org \
	--password-fd 3 3<"$WORK/secrets"
printf '%s\n' "admin horse battery" "pharm cedar lantern" > "$WORK/secrets2"
expect 0 "second account" -- pc --db "$db" --user admin@example.org \
	--password-fd 3 useradd pharm@example.org 3<"$WORK/secrets2"
imp() { pc --db "$db" --user admin@example.org --password-fd 3 import "$@" \
	3<"$WORK/secrets"; }
expect 64 "import without an account" -- pc --db "$db" import interactions \
	"$WORK/bad.csv"
printf '%s\n' "pharm cedar lantern" > "$WORK/secrets3"
expect 77 "import by a non-administrator" -- pc --db "$db" --user \
	pharm@example.org --password-fd 3 import interactions "$WORK/bad.csv" \
	3<"$WORK/secrets3"
contains "only an administrator may import" "$err" "import refusal"
expect 65 "bad import" -- imp interactions "$WORK/bad.csv"
contains "bad.csv:3:24: score must be a whole number" "$err" "import error position"
expect 1 "nothing imported" -- pc --db "$db" check metformin sertraline
head -n 2 "$WORK/bad.csv" > "$WORK/good.csv"
expect 0 "good import" -- imp interactions "$WORK/good.csv"
contains "Imported 1 interaction rules" "$out" "import summary"
expect 2 "imported rule screens" -- pc --db "$db" check metformin sertraline
expect 65 "unknown ingredient" -- imp interactions "$FIXTURES/catalogue/drugs.csv"
contains "the header must be" "$err" "header check"
expect 64 "import usage" -- imp frobs x
expect 66 "import without a store" -- pc --db "$WORK/nothing.db" import rxnorm "$FIXTURES/rxnorm"

expect 0 "rxnorm" -- imp rxnorm "$FIXTURES/rxnorm"
contains "Imported 9 drugs with 5 ingredients and 2 brand names" "$out" "rxnorm summary"
rxnorm_err=$err
expect 2 "imported product screens" -- pc --db "$db" check "Advil 200 MG Oral Tablet" warfarin
expect 0 "imported product found" -- pc --db "$db" search ketorolac
contains "ketorolac tromethamine 10 MG Oral Tablet" "$out" "rxnorm search"
mkdir "$WORK/rx"
cp "$FIXTURES/rxnorm/RXNCONSO.RRF" "$WORK/rx/"
echo "9000050|ENG|P|broken" >> "$WORK/rx/RXNCONSO.RRF"
cp "$FIXTURES/rxnorm/RXNREL.RRF" "$WORK/rx/"
expect 65 "broken rxnorm" -- imp rxnorm "$WORK/rx"
contains "RXNCONSO.RRF:21:" "$err" "rrf error position"
expect 0 "audit" -- pc --db "$db" --user admin@example.org --password-fd 3 \
	audit 3<"$WORK/secrets"
contains "interaction import: 1 rules" "$out" "import audited"
contains "RxNorm import: 9 drugs" "$out" "rxnorm import audited"

# Long imports show progress on a terminal only.
case $rxnorm_err in *%*) fail "progress without a terminal" ;; *) ok ;; esac
if command -v script >/dev/null 2>&1; then
	script -qec "\"$PRESCRIPCARE_BIN\" --db \"$db\" --user admin@example.org --password-fd 3 import rxnorm \"$FIXTURES/rxnorm\" 3<\"$WORK/secrets\"" /dev/null > "$WORK/tty" 2>&1
	contains "RXNCONSO.RRF: 100%" "$(cat "$WORK/tty")" "progress on a terminal"
fi

# A newer catalogue is loaded on the next open, keeping imported rules.
mkdir -p "$WORK/next/catalogue"
cp "$FIXTURES/catalogue/"* "$WORK/next/catalogue/"
echo 2026.5.0 > "$WORK/next/catalogue/VERSION"
sed 's/^acetaminophen,warfarin,minor,3/acetaminophen,warfarin,major,7/' \
	"$FIXTURES/catalogue/interactions.csv" > "$WORK/next/catalogue/interactions.csv"
PRESCRIPCARE_DATADIR=$WORK/next
expect 2 "upgraded on open" -- pc --db "$db" check acetaminophen warfarin
contains "major     DD  acetaminophen + warfarin" "$out" "new rule in force"
expect 2 "import kept" -- pc --db "$db" check metformin sertraline
expect 0 "about after upgrade" -- pc --db "$db" about
contains "2026.5.0" "$out" "new version shown"

# The catalogue that ships loads and screens.
if [ -f "$SHIPPED/catalogue/VERSION" ]; then
	PRESCRIPCARE_DATADIR=$SHIPPED
	expect 0 "shipped catalogue" -- pc --db "$WORK/shipped.db" init
	contains "Drug catalogue $(cat "$SHIPPED/catalogue/VERSION") loaded" "$out" "shipped load"
	expect 2 "shipped: warfarin and an NSAID" -- pc --db "$WORK/shipped.db" check warfarin ibuprofen
	expect 2 "shipped: penicillin allergy" -- pc --db "$WORK/shipped.db" check amoxicillin --allergy penicillin
	expect 0 "shipped: search" -- pc --db "$WORK/shipped.db" search metfromin
	contains "metformin" "$out" "shipped search"
fi

finish
