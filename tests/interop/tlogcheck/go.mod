// tlogcheck: the ledger's audit files checked with Go's reference packages (tests/interop).
// Built offline: run_go_interop.sh copies this module and points the replace below at the
// sources Debian's golang-golang-x-mod-dev installs; no module proxy is contacted.
module trajectory-ledger.invalid/tlogcheck

go 1.19

require golang.org/x/mod v0.0.0

replace golang.org/x/mod => /usr/share/gocode/src/golang.org/x/mod
