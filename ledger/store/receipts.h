// Proofs and receipts served from a ledger directory's stored tree, always against a tree
// size that has a signed checkpoint (integrity/receipt.h for the receipt format).
// Thread safety: stateless over RocksDB; any thread.
#pragma once

#include <cstdint>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/format/hash.h"
#include "ledger/integrity/receipt.h"
#include "ledger/store/checkpoint_store.h"

namespace ledger {

class Database;  // store/database.h

// The stored checkpoint of exactly `size`; NotFound (naming the size) when none was signed.
Result<StoredCheckpoint> SignedCheckpointOfSize(const Database& database, std::uint64_t size);

// RFC 9162 proofs from the stored nodes; InvalidArgument for sizes past the head.
Result<std::vector<Hash>> StoredInclusionProof(const Database& database, std::uint64_t index,
                                               std::uint64_t size);
Result<std::vector<Hash>> StoredConsistencyProof(const Database& database, std::uint64_t old_size,
                                                 std::uint64_t new_size);

// A receipt for the entry at `position`, proven against the signed checkpoint of `tree_size`,
// or with 0 the latest signed checkpoint (the one witnesses cosign, so the receipt carries
// their cosignatures as stored with it). NotFound when no checkpoint was signed (of that
// size); InvalidArgument when the checkpoint does not cover `position`. The personal payload
// goes in only when `with_personal` is set (it is personal data).
Result<Receipt> MakeReceipt(const Database& database, Position position, bool with_personal,
                            std::uint64_t tree_size = 0);

}  // namespace ledger
