#include "ledger/base/types.h"

#include <charconv>

namespace ledger {

Result<ExpectedVersion> ExpectedVersion::Parse(std::string_view text) {
  if (text == "any") return Any();
  if (text == "no-stream") return NoStream();
  std::uint64_t version = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, version);
  if (text.empty() || ec != std::errc() || ptr != end || version == 0) {
    return Status::InvalidArgument("unknown expected version '" + std::string(text) +
                                   "': use 'any', 'no-stream' or a version of 1 or more");
  }
  return Exact(version);
}

Status ExpectedVersion::Validate() const {
  if (kind_ == Kind::kExact && version_ == 0) {
    return Status::InvalidArgument(
        "expected version 0 is not a version: streams start at 1; use 'no-stream'");
  }
  if (kind_ != Kind::kAny && kind_ != Kind::kNoStream && kind_ != Kind::kExact) {
    return Status::InvalidArgument("unknown expected version kind " +
                                   std::to_string(static_cast<int>(kind_)));
  }
  return Status::Ok();
}

bool ExpectedVersion::Matches(StreamVersion actual) const {
  switch (kind_) {
    case Kind::kAny: return true;
    case Kind::kNoStream: return actual.value == 0;
    case Kind::kExact: return actual.value == version_;
  }
  return false;
}

std::string ExpectedVersion::ToString() const {
  switch (kind_) {
    case Kind::kAny: return "any";
    case Kind::kNoStream: return "no stream";
    case Kind::kExact: return "version " + std::to_string(version_);
  }
  return "unknown";
}

Status ExpectedVersion::Refusal(std::string_view stream_id, StreamVersion actual) const {
  std::string actual_text =
      actual.value == 0 ? "no stream" : "version " + std::to_string(actual.value);
  return Status::Rejected(RejectionCode::kWrongExpectedVersion,
                          "wrong expected version on stream '" + std::string(stream_id) +
                              "': expected " + ToString() + ", actual " + actual_text);
}

}  // namespace ledger
