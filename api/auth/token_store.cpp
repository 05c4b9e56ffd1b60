#include "api/auth/token_store.h"

#include <sys/stat.h>

#include <unordered_set>

#include "api/auth/limits.h"
#include "api/auth/token_text.h"

namespace ledger::api {
namespace {

constexpr int kIdAttemptsMax = 16;  // 48-bit random ids: a collision even once is unlikely.

// Appends a new token for `principal` to `tokens` and returns it with its text. The caller
// validated the principal, label and expiry.
Result<IssuedToken> AddToken(std::vector<StoredToken>& tokens, Principal principal,
                             std::int64_t expires_at_s, std::string label, std::int64_t now_s) {
  if (tokens.size() >= limits::kTokensMax) {
    return Status::Busy("the token file holds " + std::to_string(tokens.size()) +
                        " tokens, the limit; remove revoked ones first");
  }
  std::unordered_set<std::string> ids;
  for (const StoredToken& token : tokens) ids.insert(token.record.id);
  for (int attempt = 0; attempt < kIdAttemptsMax; ++attempt) {
    Result<NewTokenText> text = GenerateTokenText();
    if (!text.ok()) return text.status();
    if (ids.contains(text->id)) continue;
    principal.token_id = text->id;
    StoredToken stored{.record = {.id = text->id,
                                  .principal = std::move(principal),
                                  .created_at_s = now_s,
                                  .expires_at_s = expires_at_s,
                                  .revoked_at_s = 0,
                                  .label = std::move(label)},
                       .secret_hash = text->secret_hash};
    tokens.push_back(stored);
    return IssuedToken{.token = std::move(text->text), .record = std::move(stored.record)};
  }
  return Status::Busy("no unused token id found in " + std::to_string(kIdAttemptsMax) +
                      " random draws");
}

// The 12 hex digits of `id`, given bare or as "tlk_<id>". The text of a whole token is refused
// without being echoed, as it holds a secret.
Result<std::string_view> TokenIdArgument(std::string_view id) {
  if (id.starts_with(kTokenPrefix)) {
    std::string_view rest = id.substr(kTokenPrefix.size());
    if (IsTokenId(rest)) return rest;
    return Status::InvalidArgument(
        "give the token's id (12 hex digits, as 'tokens list' shows), not the token itself");
  }
  if (IsTokenId(id)) return id;
  return Status::InvalidArgument("token id " + QuoteValue(id) + " is not 12 lower-case hex digits");
}

bool IsUsableAdministrator(const TokenRecord& record, std::int64_t now_s) {
  return record.principal.role == schema::Role::ADMINISTRATOR && record.revoked_at_s == 0 &&
         (record.expires_at_s == 0 || now_s < record.expires_at_s);
}

}  // namespace

Result<std::unique_ptr<TokenStore>> TokenStore::Open(std::string path, Clock& clock) {
  std::unique_ptr<TokenStore> store(new TokenStore(std::move(path), clock));
  const std::string& file = store->path_;
  Result<FileVersion> existing = StatFile(file);
  if (!existing.ok() && existing.status().code() != Status::Code::kNotFound) {
    return existing.status();
  }
  if (!existing.ok()) {
    std::size_t slash = file.rfind('/');
    std::string directory = slash == std::string::npos ? "." : file.substr(0, slash + 1);
    struct stat info;
    if (::stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
      return Status::NotFound("the directory '" + directory + "' of the token file '" + file +
                              "' does not exist");
    }
    Result<FileLock> lock = FileLock::Acquire(file + ".lock", limits::kTokenLockWaitUsMax);
    if (!lock.ok()) return lock.status();
    // Another process may have created it while this one waited for the lock.
    Result<FileVersion> created = StatFile(file);
    if (!created.ok() && created.status().code() != Status::Code::kNotFound) {
      return created.status();
    }
    if (!created.ok()) LEDGER_RETURN_IF_ERROR(ReplaceFile(file, FormatTokenFile({})));
  }
  auto read = store->ReadIndex();
  if (!read.ok()) return read.status();
  {
    std::lock_guard writer(store->write_mutex_);
    store->Install(std::move(read->first), read->second);
  }
  store->last_check_us_.store(clock.NowUs());
  return store;
}

Result<IssuedToken> TokenStore::Create(const Principal& principal,
                                       std::optional<std::int64_t> expires_at_s,
                                       std::string label) {
  LEDGER_RETURN_IF_ERROR(ValidatePrincipal(principal));
  LEDGER_RETURN_IF_ERROR(ValidateLabel(label));
  std::int64_t now_s = NowSeconds();
  if (expires_at_s && *expires_at_s <= now_s) {
    return Status::InvalidArgument("expires_at " + std::to_string(*expires_at_s) +
                                   " is not after now, " + std::to_string(now_s) +
                                   " (unix seconds)");
  }
  std::optional<IssuedToken> issued;
  Status status = Modify([&](std::vector<StoredToken>& tokens) -> Result<bool> {
    Result<IssuedToken> added =
        AddToken(tokens, principal, expires_at_s.value_or(0), std::move(label), now_s);
    if (!added.ok()) return added.status();
    issued = std::move(added).value();
    return true;
  });
  if (!status.ok()) return status;
  return std::move(issued).value();
}

Result<std::vector<TokenRecord>> TokenStore::List() {
  auto read = ReadIndex();
  if (!read.ok()) return read.status();
  std::vector<TokenRecord> records;
  records.reserve(read->first.tokens.size());
  for (StoredToken& token : read->first.tokens) records.push_back(std::move(token.record));
  return records;
}

Status TokenStore::Revoke(std::string_view id_argument) {
  Result<std::string_view> id = TokenIdArgument(id_argument);
  if (!id.ok()) return id.status();
  std::int64_t now_s = NowSeconds();
  return Modify([&](std::vector<StoredToken>& tokens) -> Result<bool> {
    for (StoredToken& token : tokens) {
      if (token.record.id != *id) continue;
      if (token.record.revoked_at_s != 0) return false;
      token.record.revoked_at_s = now_s;
      return true;
    }
    return Status::NotFound("no token " + TokenName(*id) + " in " + path_);
  });
}

Result<Principal> TokenStore::Authenticate(std::string_view bearer) {
  Result<PresentedToken> presented = ParseTokenText(bearer);
  if (!presented.ok()) return presented.status();
  MaybeReload();
  std::int64_t now_s = NowSeconds();
  std::string name = TokenName(presented->id);
  std::shared_lock reader(index_mutex_);
  if (!load_error_.ok()) return load_error_;
  auto found = index_.by_id.find(presented->id);
  if (found == index_.by_id.end()) return Status::Unauthenticated("token " + name + " is unknown");
  const StoredToken& token = index_.tokens[found->second];
  // The secret is checked first, so only its holder learns whether a token is revoked or expired.
  if (!SameHash(token.secret_hash, presented->secret_hash)) {
    return Status::Unauthenticated("token " + name + " has a wrong secret");
  }
  const TokenRecord& record = token.record;
  if (record.revoked_at_s != 0) {
    return Status::Unauthenticated("token " + name + " is revoked (since " +
                                   std::to_string(record.revoked_at_s) + ", unix seconds)");
  }
  if (record.expires_at_s != 0 && now_s >= record.expires_at_s) {
    return Status::Unauthenticated("token " + name + " expired at " +
                                   std::to_string(record.expires_at_s) + " (unix seconds)");
  }
  return record.principal;
}

Result<std::optional<IssuedToken>> TokenStore::EnsureAdministrator() {
  std::int64_t now_s = NowSeconds();
  std::optional<IssuedToken> issued;
  Status status = Modify([&](std::vector<StoredToken>& tokens) -> Result<bool> {
    for (const StoredToken& token : tokens) {
      if (IsUsableAdministrator(token.record, now_s)) return false;
    }
    Principal admin{.role = schema::Role::ADMINISTRATOR, .organisation = "", .id = "admin"};
    Result<IssuedToken> added = AddToken(tokens, admin, 0, "first start", now_s);
    if (!added.ok()) return added.status();
    issued = std::move(added).value();
    return true;
  });
  if (!status.ok()) return status;
  return issued;
}

Result<std::pair<TokenStore::Index, FileVersion>> TokenStore::ReadIndex() {
  Result<FileContents> contents = ReadWholeFile(path_, limits::kTokenFileBytesMax);
  if (!contents.ok()) return contents.status();
  Result<std::vector<StoredToken>> tokens = ParseTokenFile(contents->text, path_);
  if (!tokens.ok()) return tokens.status();
  Index index;
  index.tokens = std::move(tokens).value();
  for (std::size_t i = 0; i < index.tokens.size(); ++i) index.by_id[index.tokens[i].record.id] = i;
  return std::make_pair(std::move(index), contents->version);
}

void TokenStore::Install(Index index, FileVersion version) {
  std::unique_lock writer(index_mutex_);
  index_ = std::move(index);
  version_ = version;
  load_error_ = Status::Ok();
}

void TokenStore::MaybeReload() {
  std::int64_t now_us = clock_.NowUs();
  std::int64_t last_us = last_check_us_.load();
  // A clock that went back also triggers a check, rather than none until it catches up.
  if (now_us >= last_us && now_us - last_us < limits::kTokenReloadIntervalUs) return;
  if (!last_check_us_.compare_exchange_strong(last_us, now_us)) return;  // Another thread checks.
  // A writer in this process installs what it wrote; the next check sees later changes.
  std::unique_lock writer(write_mutex_, std::try_to_lock);
  if (!writer.owns_lock()) return;
  // Every write grows the file (a new line, or a revocation time over a 0), so a replaced file
  // differs in size from the one it replaced even when the inode is reused within a time tick.
  Result<FileVersion> version = StatFile(path_);
  {
    std::shared_lock reader(index_mutex_);
    if (version.ok() && *version == version_ && load_error_.ok()) return;
  }
  auto read = ReadIndex();
  if (read.ok()) {
    Install(std::move(read->first), read->second);
    return;
  }
  std::unique_lock failed(index_mutex_);
  index_ = Index{};
  load_error_ = read.status();
}

template <typename Change>
Status TokenStore::Modify(Change change) {
  std::lock_guard writer(write_mutex_);
  Result<FileLock> lock = FileLock::Acquire(path_ + ".lock", limits::kTokenLockWaitUsMax);
  if (!lock.ok()) return lock.status();
  auto read = ReadIndex();
  if (!read.ok()) return read.status();
  std::vector<StoredToken>& tokens = read->first.tokens;
  Result<bool> changed = change(tokens);
  if (!changed.ok()) return changed.status();
  if (!*changed) {
    Install(std::move(read->first), read->second);
    return Status::Ok();
  }
  std::string text = FormatTokenFile(tokens);
  if (text.size() > limits::kTokenFileBytesMax) {
    return Status::Busy("the token file would grow to " + std::to_string(text.size()) +
                        " bytes, over the limit of " + std::to_string(limits::kTokenFileBytesMax));
  }
  LEDGER_RETURN_IF_ERROR(ReplaceFile(path_, text));
  Result<FileVersion> version = StatFile(path_);
  if (!version.ok()) return version.status();
  Index index{.tokens = std::move(tokens), .by_id = {}};
  for (std::size_t i = 0; i < index.tokens.size(); ++i) index.by_id[index.tokens[i].record.id] = i;
  Install(std::move(index), *version);
  return Status::Ok();
}

}  // namespace ledger::api
