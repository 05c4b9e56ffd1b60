// The layout of ledgerd's data directory and the secrets it creates on first start.
//
// <data>/ledger              the event store (ledger/store/event_store.h)
// <data>/ledger.projections  the read models (projections/projection_db.h), as ledgerctl expects
// <data>/tokens              the access tokens, hashed (api/auth/token_store.h)
// <data>/signing.key         the checkpoint signer's private key text (mode 0600)
// <data>/verifier.key        its public verifier key line, for auditors (0644; rewritten from
//                            signing.key at every start, so it always matches)
// <data>/report.key          32 random bytes, hex: the key of the reports' pseudonyms (0600)
// <data>/exports             export bundles being streamed (GET /v1/export), each removed once
//                            sent; emptied at every start (a download cut short may leave one)
// A key file is created only when missing and never overwritten; a damaged one is an error
// naming the file. A directory that is itself a ledger (the layout older tools wrote) is refused
// with a message saying so, rather than mixed with a new layout.
// Thread safety: call from one thread at start-up.
#pragma once

#include <string>

#include "ledger/base/status.h"
#include "ledger/integrity/note_keys.h"
#include "projections/reporting/pseudonym.h"

namespace ledger::api {

struct DataDir {
  std::string root;
  std::string ledger() const { return root + "/ledger"; }
  std::string projections() const { return root + "/ledger.projections"; }
  std::string tokens() const { return root + "/tokens"; }
  std::string signing_key() const { return root + "/signing.key"; }
  std::string verifier_key() const { return root + "/verifier.key"; }
  std::string report_key() const { return root + "/report.key"; }
  std::string exports() const { return root + "/exports"; }
  // Creates exports() if missing and removes what an earlier run left in it.
  Status PrepareExports() const;

  // Creates the directory when missing; refuses one that holds a ledger at its top.
  static Result<DataDir> Prepare(std::string root);
  // The signer named `origin`, generated and saved on first start.
  Result<NoteSigner> LoadOrCreateSigner(const std::string& origin) const;
  // Writes the signer's verifier key line to verifier_key() (atomically, world-readable).
  Status WriteVerifierKey(const NoteSigner& signer) const;
  Result<::projections::reporting::PseudonymKey> LoadOrCreateReportKey() const;
};

}  // namespace ledger::api
