// What a caller hands to EventStore::Append, and what it gets back.
//
// An AppendRequest is one command: a command id (the idempotency key), the acting principal,
// correlation and causation ids, and one or more StreamAppends, each with its expected version
// and events. All of a request's events are appended atomically at consecutive positions, stream
// by stream in request order, or none are.
// Thread safety: plain values; build one on any thread, then move it into Append.
#pragma once

#include <capnp/message.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/types.h"
#include "ledger/schema/events.capnp.h"

namespace ledger {

// One event to append: the domain fact, its business time and optional personal fields.
class EventDraft {
 public:
  EventDraft();
  EventDraft(EventDraft&&) noexcept = default;
  EventDraft& operator=(EventDraft&&) noexcept = default;

  // The event to fill in (exactly one union member must be set).
  schema::Event::Builder event();
  schema::Event::Reader event() const;
  // Replaces the event (or the personal fields) with a copy of `event` (`personal`), e.g. one
  // decoded from a client's request.
  void SetEvent(schema::Event::Reader event);
  void SetPersonal(schema::PersonalData::Reader personal);
  // The personal fields; the first call attaches a personal payload to this event.
  schema::PersonalData::Builder personal();
  bool has_personal() const { return personal_message_ != nullptr; }
  // Precondition: has_personal().
  schema::PersonalData::Reader personal() const;

  // Business time, microseconds since the Unix epoch (when the fact happened).
  std::int64_t occurred_at_us = 0;
  // True when the writer did not state the business time and the server filled in its own
  // "now": the idempotency fingerprint then leaves the time out, so a retry (with another
  // "now") is still the same command and needs no look at the first attempt.
  bool occurred_at_by_server = false;

 private:
  std::unique_ptr<capnp::MallocMessageBuilder> event_message_;
  std::unique_ptr<capnp::MallocMessageBuilder> personal_message_;
};

struct StreamAppend {
  std::string stream_id;
  ExpectedVersion expected = ExpectedVersion::Any();
  std::vector<EventDraft> events;
  // The expectation the client stated, when `expected` is a stricter one derived from it (the
  // domain's command handler appends with the exact version it decided on). The idempotency
  // fingerprint uses this one, so a retried command matches its first attempt.
  std::optional<ExpectedVersion> stated_expected;
};

struct ActorRef {
  schema::Role role = schema::Role::SYSTEM;
  std::string organisation;
  std::string id;
};

struct AppendRequest {
  std::string command_id;  // Required: 1 to limits::kCommandIdBytesMax bytes.
  ActorRef actor;
  std::string correlation_id;  // Optional.
  std::string causation_id;    // Optional.
  std::vector<StreamAppend> streams;
  // Positions whose personal payloads this append deletes, in the same synced WriteBatch as
  // its entries (an erasure: the payloads go if and only if the personErased event that lists
  // them is appended). Strictly increasing, at most limits::kErasedPositionsMax, each below
  // the append's first position; part of the idempotency fingerprint. Usually empty.
  std::vector<Position> erase_personal;

  // Convenience for the common single-stream command.
  static AppendRequest ForStream(std::string command_id, ActorRef actor, std::string stream_id,
                                 ExpectedVersion expected);
  // Adds an event to the last stream; returns it for filling in.
  EventDraft& AddEvent(std::int64_t occurred_at_us);
};

enum class AppendOutcome : std::uint8_t {
  kAppended = 1,         // This call wrote the events.
  kAlreadyAppended = 2,  // The command id was seen before; these are the original positions.
};

struct AppendReceipt {
  AppendOutcome outcome = AppendOutcome::kAppended;
  Position first_position;  // The events occupy [first_position, first_position + count).
  std::uint32_t count = 0;
  // Per stream of the request, in request order: the stream's version after the append.
  std::vector<StreamVersion> last_versions;
  // The recorded time of the entries (kAppended only; 0 for kAlreadyAppended).
  std::int64_t recorded_at_us = 0;
};

}  // namespace ledger
