#include "ledger/store/append_request.h"

#include "ledger/base/check.h"

namespace ledger {
namespace {
// Most events are a few hundred bytes: start small instead of capnp's 8 KiB default segment.
constexpr unsigned kFirstSegmentWords = 64;
}  // namespace

EventDraft::EventDraft()
    : event_message_(std::make_unique<capnp::MallocMessageBuilder>(kFirstSegmentWords)) {
  event_message_->initRoot<schema::Event>();
}

schema::Event::Builder EventDraft::event() { return event_message_->getRoot<schema::Event>(); }

schema::Event::Reader EventDraft::event() const {
  return event_message_->getRoot<schema::Event>().asReader();
}

void EventDraft::SetEvent(schema::Event::Reader event) { event_message_->setRoot(event); }

void EventDraft::SetPersonal(schema::PersonalData::Reader personal) {
  if (!personal_message_) {
    personal_message_ = std::make_unique<capnp::MallocMessageBuilder>(kFirstSegmentWords);
  }
  personal_message_->setRoot(personal);
}

schema::PersonalData::Builder EventDraft::personal() {
  if (!personal_message_) {
    personal_message_ = std::make_unique<capnp::MallocMessageBuilder>(kFirstSegmentWords);
    personal_message_->initRoot<schema::PersonalData>();
  }
  return personal_message_->getRoot<schema::PersonalData>();
}

schema::PersonalData::Reader EventDraft::personal() const {
  LEDGER_CHECK(personal_message_ != nullptr, "event has no personal payload");
  return personal_message_->getRoot<schema::PersonalData>().asReader();
}

AppendRequest AppendRequest::ForStream(std::string command_id, ActorRef actor,
                                       std::string stream_id, ExpectedVersion expected) {
  AppendRequest request;
  request.command_id = std::move(command_id);
  request.actor = std::move(actor);
  request.streams.push_back(StreamAppend{std::move(stream_id), expected, {}});
  return request;
}

EventDraft& AppendRequest::AddEvent(std::int64_t occurred_at_us) {
  LEDGER_CHECK(!streams.empty(), "AddEvent needs a stream first");
  EventDraft& draft = streams.back().events.emplace_back();
  draft.occurred_at_us = occurred_at_us;
  return draft;
}

}  // namespace ledger
