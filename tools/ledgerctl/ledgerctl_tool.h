// ledgerctl, the auditor's and operator's command line (docs/audit-guide.md,
// docs/operations.md), as a library: RunLedgerctl is the whole tool, and tools/ledgerctl's main
// only calls it (as RocksDB's ldb main calls LDBTool::Run). Its commands, one file each:
//
//   keys generate|public a signing key (private file, mode 0600) and its verifier key; the
//                        verifier key of a private key file (ledgerctl_keys.h)
//   keys rotate|history  hand the log over to a new signing key; print the key history
//   checkpoint           print the latest signed checkpoint; --sign signs the head first
//   prove inclusion      an RFC 9162 inclusion proof against a signed tree size
//   prove consistency    an RFC 9162 consistency proof between two sizes
//   receipt              a self-contained receipt file for one entry
//   export               a bundle of a range for offline verification (ledgerctl_proofs.h)
//   verify               a data directory, a bundle or a receipt, with public keys only
//                        (ledgerctl_verify.h)
//   project              bring the read models up to date (--rebuild: from position 0)
//   trajectory, shortfall, complaint, complaints    read the read models (ledgerctl_models.h)
//   tokens create|list|revoke    ledgerd's access tokens (ledgerctl_tokens.h)
//   recover [--check]    a ledger whose write-ahead log is damaged (ledgerctl_recover.h)
//   witness cosign       cosign a checkpoint that extends the last one cosigned
//                        (ledgerctl_witness.h)
//   erase                a person's personal payloads, on a stopped ledger (ledgerctl_erase.h)
//   backup create|list|verify|restore    backups with BackupEngine (ledgerctl_backup.h)
// Exit codes (ledgerctl_common.h): 0 ok; 1 the command found a problem or refused; 2 bad usage or
// an operating error.
//
// Stdout carries what a command prints (notes, proofs, reports); the log, RocksDB's too, goes
// to stderr at warning level and above.
// Thread safety: call from one thread at a time (it sets spdlog's default logger).
#pragma once

namespace ledger::tools {

// Parses `argv` (argv[0] the program name), runs the one command it names and returns the exit
// code; on bad usage, prints CLI11's message and returns 2 (0 for --help).
int RunLedgerctl(int argc, char** argv);

}  // namespace ledger::tools
