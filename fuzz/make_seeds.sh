#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from a small generated
# ledger, signed with the fuzz-only keys of fuzz/keys. Run once after a change of a format;
# the seeds are committed, so the suite never needs this script.
# Usage: fuzz/make_seeds.sh [BUILD_DIR]   (default ./build: an ordinary build is enough)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
ctl="$build/tools/ledgerctl"
corpus=fuzz/corpus
keys=fuzz/keys
origin=trajectory-ledger.local/pnt  # The name of fuzz/keys/log.key.
tmp=$(mktemp -d)
pid=
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$corpus"/{note,key_history,receipt,bundle,token_file,http_request,rpc_request,command,config}

# A ledger of 1000 events, signed with the fuzz key, its checkpoints, receipts and a bundle.
mkdir -p "$tmp/data"
"$build/tools/generate_ledger" --data "$tmp/data/ledger" --events 1000 --seed 7 \
  --start 2025-09-01 --today 2026-11-30 >/dev/null
"$ctl" checkpoint --data "$tmp/data/ledger" --sign --key "$keys/log.key" --origin "$origin" \
  > "$corpus/note/checkpoint"
"$ctl" witness cosign --key "$keys/witness.key" --log-key "$keys/log.vkey" \
  --state "$tmp/witness.state" --checkpoint "$corpus/note/checkpoint" > "$tmp/cosignature"
cat "$corpus/note/checkpoint" "$tmp/cosignature" > "$corpus/note/cosigned"
"$ctl" receipt 3 --data "$tmp/data/ledger" --out "$corpus/receipt/entry-3"
"$ctl" receipt 0 --data "$tmp/data/ledger" --with-personal --out "$corpus/receipt/personal-0"
"$ctl" receipt 300 --data "$tmp/data/ledger" --out "$corpus/receipt/entry-300"
"$ctl" export --data "$tmp/data/ledger" --to 40 --out "$corpus/bundle/first-40"
"$ctl" export --data "$tmp/data/ledger" --from 900 --with-personal --out "$corpus/bundle/tail-personal"

# A key history of two rotations (fresh keys: the transitions are signed by both of theirs),
# and a bundle that carries it.
mkdir -p "$tmp/rotated"
cp -r "$tmp/data/ledger" "$tmp/rotated/ledger"
cp "$keys/log.key" "$tmp/rotated/signing.key"
"$ctl" keys rotate --data "$tmp/rotated" >/dev/null
"$ctl" checkpoint --data "$tmp/rotated/ledger" --sign --key "$tmp/rotated/signing.key" \
  --origin "$origin" >/dev/null || true
"$ctl" keys rotate --data "$tmp/rotated" >/dev/null
"$ctl" keys history --data "$tmp/rotated/ledger" > "$corpus/key_history/two-rotations"
"$ctl" export --data "$tmp/rotated/ledger" --from 990 --out "$corpus/bundle/rotated-tail"

# A token file of three principals, and one presented token.
"$ctl" tokens create --file "$tmp/tokens" --role counsellor --organisation agentschap-gent \
  --id tb-1 --scope 44021 --label "seed" > "$corpus/token_file/token"
"$ctl" tokens create --file "$tmp/tokens" --role auditor --id audit-1 \
  --expires-in-days 30 >/dev/null
"$ctl" tokens create --file "$tmp/tokens" --role newcomer --organisation self --id subject-1 \
  --scope T-1 --scope T-2 >/dev/null
cp "$tmp/tokens" "$corpus/token_file/tokens"

# Config files ledgerd accepts.
printf 'data = "./data"\nhttp = "127.0.0.1:8080"\nrpc = "127.0.0.1:8081"\nworkers = 16\n' \
  > "$corpus/config/basic.toml"
printf 'origin = "x.example/log"\nretention-days = 3650\nbackup-dir = "/b"\nbackup-keep = 3\n%s\n' \
  'witness-key = ["w+01020304+BBBB", "v+01020304+CCCC"]' > "$corpus/config/lists.toml"
printf '[section]\nlog-format = "json"\nlog-level = "debug"\nrequest-timeout-s = 30\n' \
  > "$corpus/config/section.toml"

# The events of the ledger as JSON, from ledgerd's /v1/log, regrouped into the commands that
# would have written them: seeds for the command and HTTP targets.
cp "$keys/log.key" "$tmp/data/signing.key"
"$build/tools/ledgerd" --data "$tmp/data" --http 127.0.0.1:0 --rpc 127.0.0.1:0 \
  --origin "$origin" > "$tmp/ledgerd.out" 2> "$tmp/ledgerd.err" &
pid=$!
for _ in $(seq 100); do grep -q listening "$tmp/ledgerd.out" && break; sleep 0.1; done
port=$(sed -n 's/.*http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/ledgerd.out")
admin=$(sed -n 's/^administrator token[^:]*: //p' "$tmp/ledgerd.out")
for _ in $(seq 300); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1
done
auditor=$(curl -sf -X POST "http://127.0.0.1:$port/v1/admin/tokens" \
  -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"role":"auditor","id":"seeds"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -sf "http://127.0.0.1:$port/v1/log?from=0&limit=1000" -H "Authorization: Bearer $auditor" \
  > "$tmp/log.json"
python3 - "$tmp/log.json" "$corpus" <<'PY'
import json, sys, collections
log, corpus = json.load(open(sys.argv[1])), sys.argv[2]
streams = collections.OrderedDict()
for entry in log["entries"]:
    e = entry["entry"]
    streams.setdefault(e["streamId"], []).append(e)
roles = {"system": 0, "newcomer": 1, "counsellor": 2, "director": 3, "providerContact": 4,
         "volunteer": 5, "complaintOrganisation": 6, "auditor": 7, "reportingJob": 8,
         "administrator": 9}
written = 0
wanted = {"trajectory": 16, "complaint": 8}
for stream, entries in streams.items():
    kind, _, sid = stream.partition("-")
    if wanted.get(kind, 0) == 0:
        continue
    wanted[kind] -= 1
    events = [{"event": e["event"]} for e in entries[:12]]
    field = "trajectoryId" if kind == "trajectory" else "complaintId"
    body = json.dumps({field: sid, "commandId": "seed-%d" % written, "events": events},
                      separators=(",", ":"))
    role = roles.get(entries[0]["actor"]["role"], 2)
    open("%s/command/%s-%02d" % (corpus, kind, written), "wb").write(bytes([role]) + body.encode())
    path = "/v1/%s/%s/commands" % ({"trajectory": "trajectories", "complaint": "complaints"}[kind], sid)
    open("%s/http_request/post-%02d" % (corpus, written), "w").write("POST %s\n%s" % (path, body))
    written += 1
gets = ["GET /v1/trajectories?municipality=44021&status=inProgress&limit=50&after=T-1",
        "GET /v1/trajectories/T-2026-0001?atLeastPosition=12&waitMs=100&evaluationDay=2026-11-30",
        "GET /v1/trajectories/T-2026-0001/shortfall?asOfPosition=40",
        "GET /v1/complaints?list=open&limit=10", "GET /v1/complaints/C-1/reads?after=5",
        "GET /v1/proofs/inclusion?position=3&treeSize=400",
        "GET /v1/proofs/consistency?fromSize=10&treeSize=400",
        "GET /v1/subjects/subject-1/export?receipts=true",
        "GET /v1/reports/evaluation?fromMonth=2026-01&toMonth=2026-06",
        "GET /v1/admin/tokens?includeRevoked=true", "DELETE /v1/admin/tokens/tok-1"]
for i, line in enumerate(gets):
    open("%s/http_request/get-%02d" % (corpus, i), "w").write(line + "\n")
open("%s/http_request/post-token" % corpus, "w").write(
    'POST /v1/admin/tokens\n{"role":"counsellor","organisation":"o","id":"i","scope":["44021"]}')
open("%s/http_request/post-cosign" % corpus, "w").write(
    'POST /v1/checkpoint/cosignatures\n{"note":"x\\n","signatures":"y\\n"}')
PY

# RPC requests: Cap'n Proto messages, from the text format.
rpc() {
  printf '%s\n' "$1" > "$corpus/rpc_request/$2"
  capnp convert text:binary -I. api/schema/ledger.capnp "$1" <<< "$3" >> "$corpus/rpc_request/$2"
}
rpc CommandRequest command '(trajectoryId = "T-1", commandId = "c-1", expectedVersion = "any",
  events = [(event = (hoursLogged = (hoursEntryId = "h-1", activityId = "act-1",
  sessionOn = (year = 2026, month = 11, day = 2), minutes = 90)))])'
rpc TrajectoryListRequest list '(municipality = "44021", limit = 20, atLeastPosition = 7)'
rpc ProofRequest inclusion '(position = 3, treeSize = 400)'
echo "seeds: $(find "$corpus" -type f | wc -l) files in $corpus"
