#!/usr/bin/env bash
# The transparency-log commands end to end: key, checkpoints, proofs, verification, and what
# verification says after the case is tampered with. Usage: log.sh RECKON_BINARY
set -u
reckon="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
verifier_binary="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
testdata="$(cd "$(dirname "$0")/../testdata/evidence" && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
passed=0
failed=0
check() {  # check NAME EXPECTED_EXIT COMMAND...
  local name=$1 want=$2
  shift 2
  "$@" > out.txt 2> err.txt
  local got=$?
  if [ "$got" = "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name: exit $got, wanted $want"; cat out.txt err.txt | head -10
  fi
}
printf 'name,sex,age,act,place\nA B,f,30,killing,Old Mill\nC D,m,12,injury,Riverside\n' > list.csv
check init 0 "$reckon" --case c.reckon init
check import 0 "$reckon" --case c.reckon import list.csv --source "List"
check keygen 0 "$reckon" --json log keygen --name reckon-test --out signing.key
verifier=$(grep -o '"verifier_key": "[^"]*"' out.txt | cut -d'"' -f4)
check keygen_no_overwrite 4 "$reckon" log keygen --name reckon-test --out signing.key
check checkpoint 0 "$reckon" --case c.reckon log checkpoint --key signing.key --out first.txt
grep -q "^— reckon-test " first.txt || { failed=$((failed + 1)); echo "FAILED: no signature line"; }
check add 0 "$reckon" --case c.reckon add source --name "Field team"
check checkpoint_again 0 "$reckon" --case c.reckon log checkpoint --key signing.key
check prove 0 "$reckon" --case c.reckon log prove --record raw_record:1
grep -q '"format": "reckon-inclusion-proof/1"' out.txt || { failed=$((failed + 1)); echo "FAILED: proof format"; }
check prove_uncovered 5 "$reckon" --case c.reckon log prove --leaf 99
check consistency 0 "$reckon" --case c.reckon log consistency first.txt
grep -q '"format": "reckon-consistency-proof/1"' out.txt || { failed=$((failed + 1)); echo "FAILED: consistency format"; }
check verify_with_key 0 "$reckon" --case c.reckon verify --key "$verifier"
check other_key 0 "$reckon" --json log keygen --name reckon-test --out other.key
other=$(grep -o '"verifier_key": "[^"]*"' out.txt | cut -d'"' -f4)
check verify_other_key 1 "$reckon" --case c.reckon verify --key "$other"
check verify_malformed_key 2 "$reckon" --case c.reckon verify --key "reckon-test+00000000+AVjMum16xphdS3d4WixxuCgmfcL2l2yRQS4ubEwMf0zD"
printf '\xff\xd8\xff\xe0 a photograph (test bytes)' > photo.jpg
head -c 2500000 /dev/urandom > video.bin
check evidence_add 0 "$reckon" --case c.reckon evidence add photo.jpg video.bin --collected-by "Team 2" --collected-at 2031-03-04T10:00:00Z
grep -q "added evidence #1: photo.jpg (.*image/jpeg" out.txt || { failed=$((failed + 1)); echo "FAILED: evidence add output"; cat out.txt; }
check evidence_duplicate 0 "$reckon" --case c.reckon evidence add photo.jpg
grep -q "already in the case as evidence #1" out.txt || { failed=$((failed + 1)); echo "FAILED: duplicate"; }
check custody 0 "$reckon" --case c.reckon evidence custody 1 --action transferred --actor "Evidence unit" --authority "Order 17"
check custody_bad_action 2 "$reckon" --case c.reckon evidence custody 1 --action teleported --actor X
check evidence_link 0 "$reckon" --case c.reckon evidence link 1 --record act:1
check evidence_show 0 "$reckon" --case c.reckon evidence show 1
grep -q "transferred by Evidence unit, authority: Order 17" out.txt || { failed=$((failed + 1)); echo "FAILED: custody chain"; cat out.txt; }
check checkpoint_with_evidence 0 "$reckon" --case c.reckon log checkpoint --key signing.key
check verify_with_evidence 0 "$reckon" --case c.reckon verify --key "$verifier"
cp "$testdata/exif-test.jpg" exif.jpg
check evidence_exif 0 "$reckon" --case c.reckon evidence add exif.jpg
id=$(sed -n 's/^added evidence #\([0-9]*\).*/\1/p' out.txt)
check evidence_exif_show 0 "$reckon" --case c.reckon evidence show "$id"
grep -q 'the file says: {"taken_at": "2031-04-02T09:30:15", "device": "TestCam X100", "latitude": 40.505000, "longitude": 46.260000}' out.txt || { failed=$((failed + 1)); echo "FAILED: exif"; cat out.txt; }
# The same EXIF as the Exif item of a HEIC file, 2 MiB in: beyond what is read first, where the
# file's item locations say it is.
be32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)); }
filler=2097152
item_length=$((4 + 6 + 215))
{
  printf "$(be32 24)ftypheic$(be32 0)mif1heic"
  printf "$(be32 112)meta$(be32 0)"
  printf "$(be32 33)hdlr$(be32 0)$(be32 0)pict"; head -c 13 /dev/zero
  printf "$(be32 35)iinf$(be32 0)\\x00\\x01$(be32 21)infe\\x02\\x00\\x00\\x00\\x00\\x01\\x00\\x00Exif\\x00"
  printf "$(be32 32)iloc\\x01\\x00\\x00\\x00\\x44\\x00\\x00\\x01\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x01"
  printf "$(be32 $((24 + 112 + 8 + filler + 8)))$(be32 $item_length)"
  printf "$(be32 $((8 + filler)))free"; head -c $filler /dev/zero
  printf "$(be32 $((8 + item_length)))mdat$(be32 6)Exif\\x00\\x00"
  dd if=exif.jpg bs=1 skip=12 count=215 status=none
} > photo.heic
check evidence_heic 0 "$reckon" --case c.reckon evidence add photo.heic
grep -q "image/heic" out.txt || { failed=$((failed + 1)); echo "FAILED: heic media type"; cat out.txt; }
id=$(sed -n 's/^added evidence #\([0-9]*\).*/\1/p' out.txt)
check evidence_heic_show 0 "$reckon" --case c.reckon evidence show "$id"
grep -q 'the file says: {"taken_at": "2031-04-02T09:30:15", "device": "TestCam X100", "latitude": 40.505000, "longitude": 46.260000}' out.txt || { failed=$((failed + 1)); echo "FAILED: heic exif"; cat out.txt; }
check checkpoint_after_exif 0 "$reckon" --case c.reckon log checkpoint --key signing.key
check export_bundle 0 "$reckon" --case c.reckon evidence export 1 2 --out bundle
check bundle_verifies 0 "$verifier_binary" bundle --key "$verifier"
grep -q "the bundle verifies" out.txt || { failed=$((failed + 1)); echo "FAILED: bundle verdict"; cat out.txt; }
check disclosed_in_chain 0 "$reckon" --case c.reckon evidence show 1
grep -q "disclosed by reckon" out.txt || { failed=$((failed + 1)); echo "FAILED: export not recorded as disclosure"; cat out.txt; }
check bundle_other_key 1 "$verifier_binary" bundle --key "$other"
cp -r bundle bundle-edited
sed -i 's/"actor": "Evidence unit"/"actor": "Someone else"/' bundle-edited/bundle.json
check bundle_edited_custody 1 "$verifier_binary" bundle-edited --key "$verifier"
grep -q "FAILED  .*custody event .*record matches its logged hash" out.txt || { failed=$((failed + 1)); echo "FAILED: edited custody not named"; cat out.txt; }
cp -r bundle bundle-file
photo=$(ls bundle-file/files/*photo.jpg)
chmod u+w "$photo"; printf 'Y' | dd of="$photo" bs=1 seek=2 conv=notrunc 2>/dev/null
check bundle_altered_file 1 "$verifier_binary" bundle-file --key "$verifier"
grep -q "FAILED  evidence 1 (photo.jpg): file hashes" out.txt || { failed=$((failed + 1)); echo "FAILED: altered file not named"; }
check bundle_missing 2 "$verifier_binary" no-such-bundle --key "$verifier"
blob=$(ls c.reckon.blobs/*/* | head -1)
chmod u+w "$blob"; printf 'X' | dd of="$blob" bs=1 seek=3 conv=notrunc 2>/dev/null
check verify_flipped_blob 1 "$reckon" --case c.reckon verify --key "$verifier"
grep -q "FAILED  evidence files: 4 checked, 1 failed" out.txt || { failed=$((failed + 1)); echo "FAILED: flipped blob not named"; cat out.txt; }
rm -f "$blob"
check verify_missing_blob 1 "$reckon" --case c.reckon verify --key "$verifier"
grep -q "is missing from the vault" out.txt || { failed=$((failed + 1)); echo "FAILED: missing blob not named"; }
sqlite3 c.reckon "UPDATE person_mentions SET full_name = 'Someone Else' WHERE id = 2"
check verify_after_tamper 1 "$reckon" --case c.reckon verify --key "$verifier"
grep -q "FAILED  records: .* 1 failed" out.txt || { failed=$((failed + 1)); echo "FAILED: tamper not named"; cat out.txt; }
echo "cli log: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
