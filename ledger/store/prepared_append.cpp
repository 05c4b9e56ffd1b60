#include "ledger/store/prepared_append.h"

#include <capnp/message.h>

#include <bit>
#include <cstring>
#include <set>

#include "ledger/base/check.h"
#include "ledger/base/limits.h"
#include "ledger/format/personal.h"

namespace ledger {
namespace {

static_assert(std::endian::native == std::endian::little,
              "StampSequenced writes Cap'n Proto's little-endian words directly");

// Placeholders for the sequenced fields: non-zero, so canonicalization, which trims trailing
// zero words, always keeps the first three data words of Entry (position, streamVersion,
// recordedAtUs) in place, whatever fields the schema gains later.
constexpr std::uint64_t kPlaceholder = ~std::uint64_t{0};
constexpr std::uint32_t kSequencedWords = 3;  // Position, stream version, recorded time.
constexpr std::uint32_t kOccurredWord = 3;    // Entry.occurredAtUs, right after the sequenced ones.
static_assert(kOccurredWord == kSequencedWords);

void AppendToFingerprint(std::string& input, std::string_view part) {
  input.append(std::to_string(part.size()));
  input.push_back(':');
  input.append(part);
}

Status CheckText(std::string_view what, std::string_view value, std::size_t max_bytes,
                 bool required) {
  if (required && value.empty()) return Status::InvalidArgument(std::string(what) + " is empty");
  if (value.size() > max_bytes) {
    return Status::InvalidArgument(std::string(what) + " has " + std::to_string(value.size()) +
                                   " bytes, over the limit of " + std::to_string(max_bytes));
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    if (c < 0x20 || c > 0x7e) {
      return Status::InvalidArgument(std::string(what) + " has a control or non-ASCII byte 0x" +
                                     BytesToHex(std::span<const std::uint8_t>(&c, 1)) +
                                     " at offset " + std::to_string(i));
    }
  }
  return Status::Ok();
}

Status ValidateRequestShape(const AppendRequest& request) {
  LEDGER_RETURN_IF_ERROR(CheckText("command id", request.command_id, limits::kCommandIdBytesMax,
                                   /*required=*/true));
  LEDGER_RETURN_IF_ERROR(
      CheckText("correlation id", request.correlation_id, limits::kCorrelationIdBytesMax, false));
  LEDGER_RETURN_IF_ERROR(
      CheckText("causation id", request.causation_id, limits::kCorrelationIdBytesMax, false));
  LEDGER_RETURN_IF_ERROR(CheckText("actor organisation", request.actor.organisation,
                                   limits::kActorFieldBytesMax, false));
  LEDGER_RETURN_IF_ERROR(
      CheckText("actor id", request.actor.id, limits::kActorFieldBytesMax, false));
  if (request.streams.empty()) {
    return Status::InvalidArgument("command '" + request.command_id + "' names no stream");
  }
  if (request.streams.size() > limits::kStreamsPerAppendMax) {
    return Status::InvalidArgument(
        "command '" + request.command_id + "' names " + std::to_string(request.streams.size()) +
        " streams, over the limit of " + std::to_string(limits::kStreamsPerAppendMax));
  }
  std::set<std::string_view> seen;
  std::size_t events = 0;
  for (const StreamAppend& stream : request.streams) {
    LEDGER_RETURN_IF_ERROR(ValidateStreamId(stream.stream_id));
    LEDGER_RETURN_IF_ERROR(stream.expected.Validate());
    if (!seen.insert(stream.stream_id).second) {
      return Status::InvalidArgument("stream '" + stream.stream_id +
                                     "' appears twice in one command");
    }
    if (stream.events.empty()) {
      return Status::InvalidArgument("stream '" + stream.stream_id + "' has no events to append");
    }
    events += stream.events.size();
  }
  if (events > limits::kEventsPerAppendMax) {
    return Status::InvalidArgument("command '" + request.command_id + "' has " +
                                   std::to_string(events) + " events, over the limit of " +
                                   std::to_string(limits::kEventsPerAppendMax));
  }
  return Status::Ok();
}

void FillEnvelope(const AppendRequest& request, const StreamAppend& stream, const EventDraft& draft,
                  schema::Entry::Builder entry) {
  entry.setPosition(kPlaceholder);
  entry.setStreamVersion(kPlaceholder);
  entry.setRecordedAtUs(static_cast<std::int64_t>(kPlaceholder));
  // A time the server filled in is a placeholder here, left out of the fingerprint and
  // patched in after it (PatchOccurredAt).
  entry.setOccurredAtUs(draft.occurred_at_by_server ? static_cast<std::int64_t>(kPlaceholder)
                                                    : draft.occurred_at_us);
  entry.setStreamId(stream.stream_id);
  schema::Actor::Builder actor = entry.initActor();
  actor.setRole(request.actor.role);
  actor.setOrganisation(request.actor.organisation);
  actor.setId(request.actor.id);
  entry.setCommandId(request.command_id);
  entry.setCorrelationId(request.correlation_id);
  entry.setCausationId(request.causation_id);
  entry.setEvent(draft.event());
}

// The root struct pointer of a prepared entry: offset 0, kind 0 (struct), then its data words
// (at least position, version, recorded and occurred times) and pointer count.
void CheckPreparedLayout(kj::ArrayPtr<const capnp::word> entry) {
  LEDGER_CHECK(entry.size() > kOccurredWord + 1, "prepared entry is too short");
  std::uint64_t root = 0;
  std::memcpy(&root, entry.begin(), sizeof(root));
  std::uint32_t offset_and_kind = static_cast<std::uint32_t>(root);
  std::uint32_t data_words = static_cast<std::uint32_t>(root >> 32) & 0xffff;
  std::uint32_t pointers = static_cast<std::uint32_t>(root >> 48);
  LEDGER_CHECK(offset_and_kind == 0 && data_words > kOccurredWord &&
                   data_words <= schema::Entry::_capnpPrivate::dataWordSize &&
                   pointers <= schema::Entry::_capnpPrivate::pointerCount,
               "entry was not prepared by PrepareAppend (unexpected root layout)");
}

// Writes the business time into data word kOccurredWord of a prepared entry (Entry.occurredAtUs
// is its fourth data word), where the placeholder was when the fingerprint was taken.
void PatchOccurredAt(kj::ArrayPtr<capnp::word> entry, std::int64_t occurred_at_us) {
  CheckPreparedLayout(entry);
  auto* words = reinterpret_cast<std::uint8_t*>(entry.begin());
  std::uint64_t value = static_cast<std::uint64_t>(occurred_at_us);
  std::memcpy(words + sizeof(capnp::word) * (1 + kOccurredWord), &value, sizeof(value));
}

Result<PreparedEvent> PrepareEvent(const AppendRequest& request, const StreamAppend& stream,
                                   std::size_t index, const EventDraft& draft,
                                   std::string& fingerprint_input) {
  std::string where = "event " + std::to_string(index) + " of stream '" + stream.stream_id + "'";
  if (draft.occurred_at_us <= 0) {
    return Status::InvalidArgument(where + " has occurred time " +
                                   std::to_string(draft.occurred_at_us) +
                                   " us: it must be set (microseconds since the epoch)");
  }
  // An event without a union member reads as its first member with every field empty;
  // sniff that case through the (absent) pointer of member 0.
  if (draft.event().which() == schema::Event::TRAJECTORY_OPENED &&
      !draft.event().hasTrajectoryOpened()) {
    return Status::InvalidArgument(where + " has no event kind set");
  }
  capnp::MallocMessageBuilder message(256);
  schema::Entry::Builder entry = message.initRoot<schema::Entry>();
  FillEnvelope(request, stream, draft, entry);

  PreparedEvent prepared;
  if (draft.has_personal()) {
    Result<SealedPersonal> sealed = SealPersonal(draft.personal());
    if (!sealed.ok()) return Status::InvalidArgument(where + ": " + sealed.status().message());
    // Fingerprint the content, not the random salt: a retry must fingerprint the same.
    fingerprint_input.append(sealed->stored, sizeof(Salt), std::string::npos);
    prepared.personal_stored = std::move(sealed->stored);
    kj::Array<capnp::word> unsalted = capnp::canonicalize(entry.asReader());
    fingerprint_input.append(reinterpret_cast<const char*>(unsalted.begin()),
                             unsalted.size() * sizeof(capnp::word));
    entry.setPersonalCommitment(kj::arrayPtr(sealed->commitment.data(), sealed->commitment.size()));
    prepared.entry = capnp::canonicalize(entry.asReader());
  } else {
    prepared.entry = capnp::canonicalize(entry.asReader());
    fingerprint_input.append(reinterpret_cast<const char*>(prepared.entry.begin()),
                             prepared.entry.size() * sizeof(capnp::word));
  }
  if (draft.occurred_at_by_server) PatchOccurredAt(prepared.entry, draft.occurred_at_us);
  std::size_t bytes = prepared.entry.size() * sizeof(capnp::word);
  if (bytes > limits::kEntryBytesMax) {
    return Status::InvalidArgument(where + " encodes to " + std::to_string(bytes) +
                                   " bytes, over the limit of " +
                                   std::to_string(limits::kEntryBytesMax));
  }
  return prepared;
}

}  // namespace

Status ValidateStreamId(std::string_view stream_id) {
  if (stream_id.empty()) return Status::InvalidArgument("stream id is empty");
  if (stream_id.size() > limits::kStreamIdBytesMax) {
    return Status::InvalidArgument("stream id has " + std::to_string(stream_id.size()) +
                                   " bytes, over the limit of " +
                                   std::to_string(limits::kStreamIdBytesMax));
  }
  for (std::size_t i = 0; i < stream_id.size(); ++i) {
    char c = stream_id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) {
      return Status::InvalidArgument("stream id '" + std::string(stream_id) +
                                     "' has a character outside [A-Za-z0-9-_.:] at offset " +
                                     std::to_string(i));
    }
  }
  return Status::Ok();
}

namespace {

// The deletions of an erasure: strictly increasing and bounded. Fingerprinted only when
// present, so that every other command's fingerprint stays what it always was.
Status PrepareErasures(const AppendRequest& request, PreparedAppend& prepared,
                       std::string& fingerprint_input) {
  const std::vector<Position>& positions = request.erase_personal;
  if (positions.empty()) return Status::Ok();
  if (positions.size() > limits::kErasedPositionsMax) {
    return Status::InvalidArgument("erase_personal lists " + std::to_string(positions.size()) +
                                   " positions, over the maximum of " +
                                   std::to_string(limits::kErasedPositionsMax));
  }
  for (std::size_t i = 1; i < positions.size(); ++i) {
    if (positions[i].value <= positions[i - 1].value) {
      return Status::InvalidArgument("erase_personal is not strictly increasing: position " +
                                     std::to_string(positions[i].value) + " follows " +
                                     std::to_string(positions[i - 1].value));
    }
  }
  AppendToFingerprint(fingerprint_input, "erase_personal");
  for (Position position : positions) {
    AppendToFingerprint(fingerprint_input, std::to_string(position.value));
  }
  prepared.erase_personal = positions;
  return Status::Ok();
}

}  // namespace

Result<PreparedAppend> PrepareAppend(const AppendRequest& request) {
  LEDGER_RETURN_IF_ERROR(ValidateRequestShape(request));
  PreparedAppend prepared;
  prepared.command_id = request.command_id;
  std::string fingerprint_input;
  LEDGER_RETURN_IF_ERROR(PrepareErasures(request, prepared, fingerprint_input));
  for (const StreamAppend& stream : request.streams) {
    AppendToFingerprint(fingerprint_input, stream.stream_id);
    AppendToFingerprint(fingerprint_input,
                        stream.stated_expected.value_or(stream.expected).ToString());
    PreparedStream& out = prepared.streams.emplace_back();
    out.stream_id = stream.stream_id;
    out.expected = stream.expected;
    out.events.reserve(stream.events.size());
    for (std::size_t i = 0; i < stream.events.size(); ++i) {
      Result<PreparedEvent> event =
          PrepareEvent(request, stream, i, stream.events[i], fingerprint_input);
      if (!event.ok()) return event.status();
      prepared.byte_count +=
          event->entry.size() * sizeof(capnp::word) + event->personal_stored.size();
      out.events.push_back(std::move(event).value());
    }
    prepared.event_count += stream.events.size();
  }
  prepared.fingerprint = Sha256(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(fingerprint_input.data()), fingerprint_input.size()));
  return prepared;
}

void StampSequenced(kj::ArrayPtr<capnp::word> entry, Position position, StreamVersion version,
                    std::int64_t recorded_at_us) {
  CheckPreparedLayout(entry);
  auto* words = reinterpret_cast<std::uint8_t*>(entry.begin());
  std::uint64_t fields[3] = {position.value, version.value,
                             static_cast<std::uint64_t>(recorded_at_us)};
  std::memcpy(words + sizeof(capnp::word), fields, sizeof(fields));
}

}  // namespace ledger
