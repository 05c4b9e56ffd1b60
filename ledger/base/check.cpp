#include "ledger/base/check.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace ledger {

void CheckFailed(const char* file, int line, const std::string& message) {
  spdlog::critical("{}:{}: {}", file, line, message);
  spdlog::shutdown();  // Flush every sink before dying.
  std::abort();
}

}  // namespace ledger
