// Always-on invariant checks for the ledger's own bugs, never for input.
//
// LEDGER_CHECK(cond, message) logs at critical level with the file and line, then aborts,
// in every build type. Input errors are Status values (status.h), not checks.
#pragma once

#include <string>

namespace ledger {
[[noreturn]] void CheckFailed(const char* file, int line, const std::string& message);
}  // namespace ledger

#define LEDGER_CHECK_FAIL(message) ::ledger::CheckFailed(__FILE__, __LINE__, (message))
#define LEDGER_CHECK(cond, message)                                                \
  do {                                                                             \
    if (!(cond))                                                                   \
      ::ledger::CheckFailed(__FILE__, __LINE__,                                    \
                            std::string("check failed: " #cond ": ") + (message)); \
  } while (false)
