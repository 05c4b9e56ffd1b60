#!/usr/bin/env bash
# The main job: set up, build, load a realistic demo data set into ./data on first run, and
# start ledgerd on it (HTTP 127.0.0.1:8080, RPC 127.0.0.1:8081) until Ctrl-C or SIGTERM.
#
# First run: generate_ledger writes a generated history (DEMO_EVENTS events, default 200000)
# into ./data/ledger, ledger_demo adds the demo trajectory T-2026-0001 (newcomer subject-8c1f,
# municipality 44021), and ledgerctl creates one token per demo role into
# ./data/demo-tokens.env (mode 0600) for the curl examples of README.md. ledgerd then prints
# the administrator token once. Later runs reuse ./data. Extra arguments go to ledgerd
# (see ./build/tools/ledgerd --help), e.g. --http 127.0.0.1:9090.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh ledgerd ledgerctl generate_ledger ledger_demo
data=./data
ctl=./build/tools/ledgerctl

if [[ -f "$data/CURRENT" ]]; then
  echo "run.sh: $data holds a ledger in the layout of an older version (the ledger at its top);" \
       "move it away (mv $data $data.old) and run again" >&2
  exit 1
fi

if [[ ! -d "$data/ledger" ]]; then
  mkdir -p "$data"
  echo "run.sh: generating ${DEMO_EVENTS:-200000} events of demo history into $data/ledger"
  ./build/tools/generate_ledger --data "$data/ledger" --events "${DEMO_EVENTS:-200000}" --seed 42
  ./build/tools/ledger_demo --data "$data/ledger" >/dev/null
  echo "run.sh: added the demo trajectory T-2026-0001"
fi

if [[ ! -f "$data/demo-tokens.env" ]]; then
  token() { "$ctl" tokens create --file "$data/tokens" --label demo "$@" 2>/dev/null | head -n1; }
  umask 077
  {
    echo "# Demo tokens of tools/run.sh (secrets: keep this file private)."
    echo "COUNSELLOR=$(token --role counsellor --organisation agentschap-integratie-gent \
      --id tb-0417 --scope 44021)"
    echo "NEWCOMER=$(token --role newcomer --organisation self --id subject-8c1f \
      --scope T-2026-0001)"
    echo "PROVIDER=$(token --role providerContact --organisation vzw-samen-gent --id cp-samen-01)"
    echo "DIRECTOR=$(token --role director --organisation stad-gent --id regie-03)"
    echo "COMPLAINTS=$(token --role complaintOrganisation --organisation klachtenorgaan \
      --id handler-01)"
    echo "AUDITOR=$(token --role auditor --id audit-01)"
    echo "REPORTING=$(token --role reportingJob --id report-job-01)"
  } > "$data/demo-tokens.env"
  echo "run.sh: demo tokens in $data/demo-tokens.env (source it for the README's curl examples)"
fi

exec ./build/tools/ledgerd --data "$data" "$@"
