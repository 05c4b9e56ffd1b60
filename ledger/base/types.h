// Vocabulary types of the ledger: positions, stream versions, expected versions.
//
// "Position" is the global log index (dense from 0); "version" is the per-stream count (dense
// from 1). They are distinct types so one can never be passed for the other.
// Thread safety: plain values.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/status.h"

namespace ledger {

struct Position {
  std::uint64_t value = 0;
  friend auto operator<=>(const Position&, const Position&) = default;
};

struct StreamVersion {
  std::uint64_t value = 0;  // 0 means "no event yet"; the first event is version 1.
  friend auto operator<=>(const StreamVersion&, const StreamVersion&) = default;
};

// What an append expects of its stream before it writes.
class ExpectedVersion {
 public:
  enum class Kind : std::uint8_t {
    kAny = 0,       // Append whatever the stream's version is.
    kNoStream = 1,  // The stream must not exist yet.
    kExact = 2,     // The stream's last version must equal version().
  };

  static ExpectedVersion Any() { return ExpectedVersion(Kind::kAny, 0); }
  static ExpectedVersion NoStream() { return ExpectedVersion(Kind::kNoStream, 0); }
  // Precondition checked by Validate(): version >= 1 (use NoStream() for an empty stream).
  static ExpectedVersion Exact(std::uint64_t version) {
    return ExpectedVersion(Kind::kExact, version);
  }
  // Parses the text form used on command lines and wires: "any", "no-stream", or a decimal
  // version >= 1. Anything else is InvalidArgument naming the text.
  static Result<ExpectedVersion> Parse(std::string_view text);

  Kind kind() const { return kind_; }
  std::uint64_t version() const { return version_; }
  // InvalidArgument for Exact(0).
  Status Validate() const;
  // True when a stream whose last version is `actual` (0: no stream) satisfies this.
  bool Matches(StreamVersion actual) const;
  // "any", "no stream" or "version N", for messages.
  std::string ToString() const;
  // The one refusal for a stream not at this expectation: Rejected(kWrongExpectedVersion)
  // naming the stream, this expectation and the actual version (0: no stream). The store and
  // the command handler both answer with it, in the same words.
  Status Refusal(std::string_view stream_id, StreamVersion actual) const;

 private:
  ExpectedVersion(Kind kind, std::uint64_t version) : kind_(kind), version_(version) {}
  Kind kind_;
  std::uint64_t version_;
};

}  // namespace ledger
