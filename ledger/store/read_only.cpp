#include "ledger/store/read_only.h"

#include "ledger/store/database.h"

namespace ledger {

void DatabaseCloser::operator()(Database* database) const { delete database; }

Result<ReadOnlyDatabase> OpenReadOnly(const std::string& path) {
  Result<std::unique_ptr<Database>> database =
      Database::Open({.path = path, .create_if_missing = false, .read_only = true});
  if (!database.ok()) return database.status();
  return ReadOnlyDatabase(std::move(database).value().release());
}

}  // namespace ledger
