// Every bound of the access-token store (api/auth), in one place, as ledger/base/limits.h does for
// the ledger core. Names carry their unit last.
// Thread safety: constants.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ledger::api::limits {

// Records one token file may hold, revoked ones included (Create refuses the next with Busy).
inline constexpr std::size_t kTokensMax = 100'000;
// A principal's organisation and id (printable ASCII, no blanks).
inline constexpr std::size_t kPrincipalFieldBytesMax = 128;
// A token's free label (printable ASCII, spaces allowed).
inline constexpr std::size_t kTokenLabelBytesMax = 128;
// Entries in one principal's scope, and the bytes of one entry ("<trajectory>/<activity>" is at
// most 100 + 1 + 100 bytes, see ledger/domain/streams.h).
inline constexpr std::size_t kScopeEntriesMax = 256;
inline constexpr std::size_t kScopeEntryBytesMax = 256;
// The whole token file; a larger one is refused as corrupt rather than read into memory.
inline constexpr std::size_t kTokenFileBytesMax = 64 << 20;
// Authenticate looks at the file's identity (inode, size, times) at most this often.
inline constexpr std::int64_t kTokenReloadIntervalUs = 200'000;
// How long a writer waits for another process's lock on the token file before giving up (Busy).
inline constexpr std::int64_t kTokenLockWaitUsMax = 5'000'000;

}  // namespace ledger::api::limits
