// Goal: expected versions parse from their text forms and reject every other form clearly.
#include <catch2/catch.hpp>

#include "ledger/base/types.h"
#include "tests/support/require_ok.h"

namespace ledger {
namespace {

TEST_CASE("expected versions parse from 'any', 'no-stream' and positive decimals", "[ledger]") {
  CHECK(ExpectedVersion::Parse("any")->kind() == ExpectedVersion::Kind::kAny);
  CHECK(ExpectedVersion::Parse("no-stream")->kind() == ExpectedVersion::Kind::kNoStream);
  auto exact = ExpectedVersion::Parse("42");
  REQUIRE_OK(exact);
  CHECK(exact->kind() == ExpectedVersion::Kind::kExact);
  CHECK(exact->version() == 42);
}

TEST_CASE("unknown expected-version forms are refused, naming the text", "[ledger]") {
  auto text = GENERATE("", "0", "-1", "-2", "ANY", "nostream", "3x", " 3", "1.5",
                       "99999999999999999999999");
  auto parsed = ExpectedVersion::Parse(text);
  INFO("text '" << text << "'");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().code() == Status::Code::kInvalidArgument);
  CHECK_THAT(parsed.status().message(), Catch::Contains("'" + std::string(text) + "'"));
}

TEST_CASE("exact version 0 is invalid: streams start at 1", "[ledger]") {
  Status status = ExpectedVersion::Exact(0).Validate();
  CHECK(status.code() == Status::Code::kInvalidArgument);
  CHECK_THAT(status.message(), Catch::Contains("no-stream"));
}

TEST_CASE("matching follows any, no stream and exact", "[ledger]") {
  CHECK(ExpectedVersion::Any().Matches(StreamVersion{0}));
  CHECK(ExpectedVersion::Any().Matches(StreamVersion{7}));
  CHECK(ExpectedVersion::NoStream().Matches(StreamVersion{0}));
  CHECK_FALSE(ExpectedVersion::NoStream().Matches(StreamVersion{1}));
  CHECK(ExpectedVersion::Exact(3).Matches(StreamVersion{3}));
  CHECK_FALSE(ExpectedVersion::Exact(3).Matches(StreamVersion{2}));
  CHECK_FALSE(ExpectedVersion::Exact(3).Matches(StreamVersion{0}));
}

TEST_CASE("status text names the code and the rejection", "[ledger]") {
  CHECK(Status::Ok().ToString() == "ok");
  CHECK(Status::Corruption("x at 3").ToString() == "corruption: x at 3");
  CHECK(Status::Rejected(RejectionCode::kWrongExpectedVersion, "m").ToString() ==
        "rejected (wrong_expected_version): m");
  CHECK(Status::Unauthenticated("token tlk_x is revoked").ToString() ==
        "unauthenticated: token tlk_x is revoked");
  CHECK(Status::PermissionDenied("m").ToString() == "permission_denied: m");
}

}  // namespace
}  // namespace ledger
