#!/usr/bin/env bash
# The Go interoperability test (ctest go_interop): builds a ledger with the project's tools,
# writes signed checkpoints, inclusion and consistency proofs, receipts and bundles with
# ledgerctl, and has tlogcheck (tests/interop/tlogcheck, built offline against Debian's
# golang-golang-x-mod-dev) verify every one with golang.org/x/mod/sumdb/note and sumdb/tlog,
# and the cosignatures of two witnesses (ledgerctl witness cosign) with crypto/ed25519 from the
# C2SP tlog-cosignature specification.
# Then it changes one byte in each kind of file and requires tlogcheck to reject the copy, so
# the test cannot pass by checking nothing.
#
#   run_go_interop.sh LEDGERCTL LEDGER_DEMO GENERATE_LEDGER WORK_DIR
#
# Exit 0: all verified and all tampered copies rejected; 1: a failure; 77: Go is not installed
# (ctest reports the test as skipped). LEDGER_GO_X_MOD overrides where the x/mod sources are.
set -euo pipefail

# First, before anything else is run: a machine without Go may lack other tools too.
if ! command -v go >/dev/null 2>&1; then
  echo "SKIPPED: Go not installed (tools/setup.sh installs golang-go golang-golang-x-mod-dev)"
  exit 77
fi
if [ $# -ne 4 ]; then
  echo "usage: $0 LEDGERCTL LEDGER_DEMO GENERATE_LEDGER WORK_DIR" >&2
  exit 1
fi
# Absolute paths: the script works in WORK_DIR/run.
absolute() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
ctl=$(absolute "$1") demo=$(absolute "$2") generate=$(absolute "$3")
mkdir -p "$4"
work=$(absolute "$4")
here=$(cd "$(dirname "$0")" && pwd)
x_mod=${LEDGER_GO_X_MOD:-/usr/share/gocode/src/golang.org/x/mod}
if [ ! -f "$x_mod/sumdb/note/note.go" ] || [ ! -f "$x_mod/sumdb/tlog/tlog.go" ]; then
  echo "FAIL: Go is installed but golang.org/x/mod/sumdb is not in $x_mod" \
       "(tools/setup.sh installs golang-golang-x-mod-dev; LEDGER_GO_X_MOD names another copy)"
  exit 1
fi

# ---- build tlogcheck offline: no module proxy, no toolchain download, caches in WORK_DIR.
rm -rf "$work/run"
mkdir -p "$work/run" "$work/go"
cp -r "$here/tlogcheck" "$work/run/tlogcheck"
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS=-mod=mod GOSUMDB=off GOWORK=off
export GOCACHE="$work/go/cache" GOPATH="$work/go/path"
(cd "$work/run/tlogcheck" &&
  go mod edit -replace "golang.org/x/mod=$x_mod" &&
  go build -o "$work/run/tlogcheck.bin" .)
check="$work/run/tlogcheck.bin"
echo "built tlogcheck with $(go version) against $x_mod"

# ---- a ledger signed at 32, 57, 82, 132 and 207: a power of two (RFC 9162's proofs differ
# there) and sizes that are not. generate_ledger writes 32 entries for the first seed below
# that gives that many (it is deterministic: the first one does today); then demo trajectories
# add 25 entries each.
cd "$work/run"
"$ctl" keys generate --out ledger.key --public-out ledger.pub >/dev/null
"$ctl" keys generate --out other.key --public-out other.pub >/dev/null
for seed in 5 1 2 3 4 6 7 8 9 10; do
  rm -rf data
  "$generate" --data data --events 33 --seed "$seed" --start 2026-01-01 --today 2026-03-01 \
    --in-flight 1 >/dev/null
  "$ctl" checkpoint --data data --sign --key ledger.key > cp-32.note || true  # 0 entries.
  if [ "$(sed -n 2p cp-32.note)" = 32 ]; then break; fi
done
if [ "$(sed -n 2p cp-32.note)" != 32 ]; then
  echo "FAIL: no seed made generate_ledger write 32 entries: add one to the list above"; exit 1
fi
signed=(32 57 82 132 207)
for t in 1 2 3 4 5 6 7; do
  size=$("$demo" --data data --trajectory "T-2026-900$t" | sed -n 's/.*head (tree size): //p')
  if [ "$size" != $((32 + 25 * t)) ]; then
    echo "FAIL: ledger_demo left the ledger at size $size, expected $((32 + 25 * t))"; exit 1
  fi
  case " ${signed[*]} " in
    *" $size "*) "$ctl" checkpoint --data data --sign --key ledger.key > "cp-$size.note" ;;
  esac
done
# Two witnesses cosign 32, then 57 with the consistency proof between them (ledgerctl
# witness cosign); their lines are appended to the log's note, as ledgerd serves it.
"$ctl" prove consistency --data data --old 32 --new 57 > con-32-57.txt
cosigned=(-witness w1.pub -witness w2.pub -cosigned cp-57-cosigned.note)
cp cp-57.note cp-57-cosigned.note
for w in w1 w2; do
  "$ctl" keys generate --cosigner --name "witness.example/$w" --out "$w.key" \
    --public-out "$w.pub" >/dev/null
  "$ctl" witness cosign --key "$w.key" --log-key ledger.pub --state "$w.state" \
    --checkpoint cp-32.note >/dev/null
  "$ctl" witness cosign --key "$w.key" --log-key ledger.pub --state "$w.state" \
    --checkpoint cp-57.note --proof con-32-57.txt >> cp-57-cosigned.note
done
# The verifier key as `keys public` derives it from the private key file, as ledgerd's is.
"$ctl" keys public --key ledger.key > derived.pub

# Inclusion proofs at every signed size: first, last and inner indices, both halves of
# power-of-two subtrees; consistency proofs between every pair of signed sizes.
args=(-key ledger.pub -bundle all.bundle "${cosigned[@]}")
for s in "${signed[@]}"; do
  args+=(-note "cp-$s.note")
  for i in 0 7 31 32 56 64 127 206; do
    if [ "$i" -lt "$s" ]; then
      "$ctl" prove inclusion --data data --index "$i" --size "$s" > "inc-$i-$s.txt"
      args+=(-inclusion "inc-$i-$s.txt")
    fi
  done
  for n in "${signed[@]}"; do
    if [ "$s" -lt "$n" ]; then
      "$ctl" prove consistency --data data --old "$s" --new "$n" > "con-$s-$n.txt"
      args+=(-consistency "con-$s-$n.txt")
    fi
  done
done
for p in 0 7 31 32 130 206; do
  "$ctl" receipt "$p" --data data --out "r$p.receipt" >/dev/null
  args+=(-receipt "r$p.receipt")
done
"$ctl" export --data data --with-personal --out all.bundle >/dev/null
"$ctl" export --data data --from 30 --to 110 --out range.bundle >/dev/null

echo "== tlogcheck on everything ledgerctl wrote"
if ! "$check" "${args[@]}" > all.out; then
  cat all.out
  echo "FAIL: Go's sumdb/note and sumdb/tlog rejected a file the project wrote"
  exit 1
fi
tail -1 all.out
if ! "$check" -key derived.pub -bundle range.bundle > range.out; then
  cat range.out
  echo "FAIL: Go's sumdb packages rejected the range bundle"
  exit 1
fi
tail -1 range.out

# ---- negative checks: one changed byte, and tlogcheck must fail naming it.
failures=0
expect_fail() {  # expect_fail LABEL PATTERN TLOGCHECK_ARGS...
  local label=$1 pattern=$2 rc=0
  shift 2
  "$check" "$@" > neg.out 2>&1 || rc=$?
  if [ "$rc" -eq 1 ] && grep -q -- "$pattern" neg.out; then
    echo "ok   rejected: $label ($(grep -m1 '^FAIL' neg.out | cut -c1-110))"
  else
    echo "FAIL: tlogcheck did not reject $label as expected (exit $rc, expected 1 and" \
         "'$pattern'):"
    cat neg.out
    failures=$((failures + 1))
  fi
}
# Replaces the character at column COL (1-based; negative: from the end) of LINE with the
# next one of its alphabet (hex or base64), so the copy still parses and only a check of the
# hashes or the signature can reject it.
flip_char() {  # flip_char IN OUT LINE COL hex|base64
  perl -pe 'BEGIN { $alphabet = $ARGV[0] eq "hex" ? "0123456789abcdef"
                      : join("", "A".."Z", "a".."z", "0".."9", "+", "/"); shift @ARGV }
    if ($. == '"$3"') { my $c = '"$4"'; $c = length($_) + $c - 1 if $c < 0;
      my $i = index($alphabet, substr($_, $c - 1, 1)); die "no $ARGV[0] digit" if $i < 0;
      substr($_, $c - 1, 1) = substr($alphabet, ($i + 1) % length($alphabet), 1) }' \
    "$5" "$1" > "$2"
  if cmp -s "$1" "$2"; then echo "FAIL: flip_char changed nothing in $1"; exit 1; fi
}
# Changes one byte inside the first record of TYPE at payload offset OFFSET (counted after the
# first NTH_NEWLINE newlines of the payload) and recomputes the trailer's digest, as a forger
# would. MODE xor flips a bit; base64 takes the next base64 digit, so a note still parses.
flip_bundle() {  # flip_bundle IN OUT TYPE OFFSET NTH_NEWLINE xor|base64
  perl -MDigest::SHA=sha256 -e '
    my ($in, $out, $type, $offset, $nl, $mode) = @ARGV;
    my $alphabet = join("", "A".."Z", "a".."z", "0".."9", "+", "/");
    open(my $f, "<:raw", $in) or die "$in: $!"; local $/; my $d = <$f>; close $f;
    my $off = length("trajectory-ledger bundle 3\n"); my $at;
    while ($off < length($d)) {
      my ($t, $n) = unpack("C N", substr($d, $off, 5));
      if ($t == $type && !defined $at) {
        my $p = 0; for (1 .. ($nl // 0)) { $p = index($d, "\n", $off + 5 + $p) - $off - 5 + 1 }
        $at = $off + 5 + $p + $offset;
      }
      if ($t == 7) {
        die "no record of type $type" unless defined $at;
        my $old = substr($d, $at, 1); my $i = index($alphabet, $old);
        die "no base64 digit at byte $at" if $mode eq "base64" && $i < 0;
        substr($d, $at, 1) = $mode eq "base64" ? substr($alphabet, ($i + 1) % 64, 1)
                                               : chr(ord($old) ^ 1);
        substr($d, $off + 5 + 32, 32) = sha256(substr($d, 0, $off)); last
      }
      $off += 5 + $n;
    }
    open(my $o, ">:raw", $out) or die; print $o $d; close $o;' "$@"
}

flip_char inc-7-57.txt inc-bad.txt 3 5 hex
expect_fail "an inclusion proof with one hash changed" "FAIL inclusion" \
  -key ledger.pub -bundle all.bundle -inclusion inc-bad.txt
sed '1s/index 7 /index 6 /' inc-7-57.txt > inc-index-bad.txt
expect_fail "an inclusion proof for another index" "FAIL inclusion" \
  -key ledger.pub -bundle all.bundle -inclusion inc-index-bad.txt
flip_char con-32-82.txt con-bad.txt 2 1 hex
expect_fail "a consistency proof with one hash changed" "FAIL consistency" \
  -key ledger.pub -bundle all.bundle -consistency con-bad.txt
flip_char cp-82.note cp-root-bad.note 3 10 base64
expect_fail "a note with its root changed" "invalid signature" \
  -key ledger.pub -note cp-root-bad.note
flip_char cp-82.note cp-sig-bad.note 5 -10 base64
expect_fail "a note with its signature changed" "invalid signature" \
  -key ledger.pub -note cp-sig-bad.note
expect_fail "a note under another key" "no verifiable signatures" -key other.pub -note cp-82.note
flip_char r7.receipt r7-bad.receipt 4 40 base64
expect_fail "a receipt with its entry changed" "FAIL receipt.*tlog.CheckRecord" \
  -key ledger.pub -receipt r7-bad.receipt
flip_bundle all.bundle note-bad.bundle 5 3 2 base64
expect_fail "a bundle with a checkpoint's root changed (digest recomputed)" \
  "invalid signature" -key ledger.pub -bundle note-bad.bundle
flip_bundle all.bundle entry-bad.bundle 3 20 0 xor
expect_fail "a bundle with an entry changed (digest recomputed)" \
  "gives .* the trailer says" -key ledger.pub -bundle entry-bad.bundle
flip_bundle range.bundle proof-bad.bundle 6 16 0 xor
expect_fail "a range bundle with a consistency proof changed (digest recomputed)" \
  "tlog.CheckTree" -key ledger.pub -bundle proof-bad.bundle
# Cosignatures: one changed signature digit; a witness's line moved onto another checkpoint.
flip_char cp-57-cosigned.note cp-57-cosig-bad.note 6 -10 base64
expect_fail "a cosignature with its signature changed" "does not verify with ed25519" \
  -key ledger.pub -witness w1.pub -cosigned cp-57-cosig-bad.note
{ cat cp-82.note; tail -n 2 cp-57-cosigned.note; } > cp-82-moved.note
expect_fail "cosignatures of 57 moved onto 82" "does not verify with ed25519" \
  -key ledger.pub -witness w1.pub -witness w2.pub -cosigned cp-82-moved.note
{ cat cp-57.note; tail -n 1 cp-57-cosigned.note; } > cp-57-w2-only.note
expect_fail "a note cosigned by another witness only" "no cosignature line of witness" \
  -key ledger.pub -witness w1.pub -cosigned cp-57-w2-only.note

# ---- a key rotation (ledgerctl keys rotate, on a data directory laid out as ledgerd's): the
# bundle carries the key transition, and tlogcheck, given only the first key, follows it to
# the new key's checkpoints with note.Open; a bundle whose transition lost a signature byte,
# and the first key's checkpoint forged past the rotation, are rejected.
mkdir -p rotated
cp -r data rotated/ledger
cp ledger.key rotated/signing.key
"$ctl" keys rotate --data rotated > rotate.out
"$demo" --data rotated/ledger --trajectory T-2026-9201 >/dev/null
"$ctl" checkpoint --data rotated/ledger --sign --key rotated/signing.key > cp-rotated.note
"$ctl" export --data rotated/ledger --out rotated.bundle >/dev/null
if ! "$check" -key ledger.pub -bundle rotated.bundle > rotated.out ||
   ! grep -q "key transition 1" rotated.out; then
  cat rotate.out rotated.out
  echo "FAIL: Go's sumdb/note did not follow the key history of a rotated log"
  exit 1
fi
grep "key transition" rotated.out
flip_bundle rotated.bundle transition-bad.bundle 9 -10 7 base64
expect_fail "a key transition with a signature changed (digest recomputed)" \
  "FAIL bundle .*key transition" -key ledger.pub -bundle transition-bad.bundle

if [ "$failures" -ne 0 ]; then
  echo "FAIL: $failures tampered files passed Go's checks"
  exit 1
fi
echo "PASS: Go's sumdb/note and sumdb/tlog accept the project's files and reject the tampered ones"
