// TokenStore: the access tokens ledgerd authenticates callers by, kept in one text file. Start
// here for api/auth; ledgerctl's "tokens" commands use it too.
//
// A token ("tlk_<id>_<secret>", token_text.h) is shown once, when created; the file keeps only
// SHA-256 of its secret (token_file.h defines the format). Every write (Create, Revoke,
// EnsureAdministrator) takes an exclusive lock on "<path>.lock", re-reads the file, changes it and
// replaces it atomically and durably (locked_file.h), so several processes may write one file.
// Authenticate serves from an in-memory index; at most every kTokenReloadIntervalUs of the
// injected clock it checks the file's version (inode, size, times) and reloads it when another
// process changed it, so a revocation elsewhere takes effect within about that interval. When a
// reload finds the file missing or corrupt, Authenticate fails closed with that status until a
// later check reads a good file.
// Thread safety: every method may be called from any thread at once; Authenticate only takes a
// shared lock except when it reloads.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "api/auth/locked_file.h"
#include "api/auth/principal.h"
#include "api/auth/token_file.h"
#include "ledger/base/clock.h"
#include "ledger/base/status.h"

namespace ledger::api {

// A token just created: `token` is its text, shown this once and stored nowhere.
struct IssuedToken {
  std::string token;
  TokenRecord record;
};

class TokenStore {
 public:
  // Opens the token file at `path`, creating it (header only, mode 0600) when missing; its
  // directory must exist. `clock` gives creation, expiry and revocation times and paces reloads;
  // it must outlive the store. Corruption when the file does not parse (token_file.h).
  static Result<std::unique_ptr<TokenStore>> Open(std::string path, Clock& clock);

  // Creates a token for `principal` (its token_id is ignored and set to the new id). expires_at_s
  // is unix seconds and must lie in the future; nullopt means it never expires. InvalidArgument
  // for a principal that fails ValidatePrincipal or a bad label or expiry; Busy when the file
  // holds kTokensMax tokens.
  Result<IssuedToken> Create(const Principal& principal, std::optional<std::int64_t> expires_at_s,
                             std::string label);

  // Every token in the file as it is now, revoked and expired ones included, in creation order
  // (at most kTokensMax). Never includes a secret or its hash.
  Result<std::vector<TokenRecord>> List();

  // Revokes the token with id `id` (12 hex digits, or "tlk_" and those). NotFound for an unknown
  // id; revoking a revoked token is Ok and keeps the first revocation time.
  Status Revoke(std::string_view id);

  // The principal of the bearer token `bearer` (the token text alone, without "Bearer ").
  // Unauthenticated for a malformed text, an unknown id, a wrong secret, a revoked or an expired
  // token, each with its own message naming the token by id only ("token tlk_<id> is revoked").
  // Corruption or IoError when the file could not be reloaded (see above).
  Result<Principal> Authenticate(std::string_view bearer);

  // Creates the first administrator token (role administrator, id "admin", label "first
  // start") when the file holds no unrevoked administrator token, and returns it; nullopt when
  // there is one already. For ledgerd's first start.
  Result<std::optional<IssuedToken>> EnsureAdministrator();

  const std::string& path() const { return path_; }

 private:
  struct Index {
    std::vector<StoredToken> tokens;                     // file order
    std::unordered_map<std::string, std::size_t> by_id;  // id -> place in tokens
  };

  TokenStore(std::string path, Clock& clock) : path_(std::move(path)), clock_(clock) {}

  std::int64_t NowSeconds() { return clock_.NowUs() / 1'000'000; }
  // Reads and parses the file as it is now, without locks.
  Result<std::pair<Index, FileVersion>> ReadIndex();
  // Installs `index`, read from the file at `version`. Caller holds write_mutex_.
  void Install(Index index, FileVersion version);
  // Reloads the file when kTokenReloadIntervalUs passed since the last check and it changed.
  void MaybeReload();
  // Under the file lock: reads the file, lets `change` edit the tokens (returning false to write
  // nothing), writes the file, installs the result.
  template <typename Change>
  Status Modify(Change change);

  const std::string path_;
  Clock& clock_;
  std::mutex write_mutex_;         // one writer or reloader in this process at a time
  std::shared_mutex index_mutex_;  // guards index_, version_ and load_error_
  Index index_;
  FileVersion version_;
  Status load_error_;  // of the last reload; Authenticate fails with it
  std::atomic<std::int64_t> last_check_us_{0};
};

}  // namespace ledger::api
