// REQUIRE_OK(x) and CHECK_OK(x): Catch assertions that x.ok(), which print x's status when it
// is not (REQUIRE(x.ok()) prints only "false"). x is a ledger::Status, a ledger::Result<T>, a
// rocksdb::Status or anything with ok() and ToString() or status().ToString().
// x is evaluated once, inside the assertion's own expression, so temporaries live through it.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <utility>

namespace ledger::testing {

// What an assertion on ok() shows: the status when it is not ok.
struct OkCheck {
  bool ok = false;
  std::string text;
  explicit operator bool() const { return ok; }
};

template <typename T>
OkCheck Ok(const T& value) {
  if (value.ok()) return OkCheck{true, "ok"};
  if constexpr (requires { value.status().ToString(); }) {
    return OkCheck{false, value.status().ToString()};
  } else if constexpr (requires { value.ToString(); }) {
    return OkCheck{false, value.ToString()};
  } else {
    return OkCheck{false, "not ok"};
  }
}

}  // namespace ledger::testing

namespace Catch {
template <>
struct StringMaker<ledger::testing::OkCheck> {
  static std::string convert(const ledger::testing::OkCheck& check) { return check.text; }
};
}  // namespace Catch

#define REQUIRE_OK(...) REQUIRE(::ledger::testing::Ok(__VA_ARGS__))
#define CHECK_OK(...) CHECK(::ledger::testing::Ok(__VA_ARGS__))
