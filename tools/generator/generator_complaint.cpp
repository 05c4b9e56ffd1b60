#include "tools/generator/generator_complaint.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "tools/generator/generator_personal.h"

namespace ledger::tools {
namespace {

using domain::Day;
using schema::ComplaintCategory;
using schema::ComplaintTarget;

const char kComplaintOrganisation[] = "complaint-organisation";

std::string StaffId(const char* format, int number) {
  char id[32];
  std::snprintf(id, sizeof(id), format, number);
  return id;
}

}  // namespace

ComplaintSim::ComplaintSim(std::string id, ComplaintSeed seed) : seed_(std::move(seed)) {
  cursor_.stream_id = "complaint-" + id;
  cursor_.subject_id = std::move(id);
}

ActorRef ComplaintSim::Staff() const {
  return {schema::Role::COMPLAINT_ORGANISATION, kComplaintOrganisation,
          handler_.empty() ? "intake-1" : handler_};
}

std::uint64_t ComplaintSim::Submit(SimContext& context, AppendRequest request) {
  return context.pump.Submit(cursor_, std::move(request));
}

Day ComplaintSim::File(SimContext& context, Day day) {
  Rng& rng = context.rng;
  today_ = received_on_ = day;
  // A late complaint is about the trajectory's first weeks; others about recent facts.
  facts_on_ = seed_.late ? seed_.contract_signed_on + rng.Between(0, 20)
                         : std::max(seed_.contract_signed_on,
                                    std::min(day, seed_.last_event_on) - rng.Between(0, 45));
  ComplaintTarget against = ComplaintTarget::AGENCY;
  std::string against_organisation = seed_.counsellor_organisation;
  switch (rng.Weighted({seed_.requested_offer ? 0.45 : 0.0, seed_.buddy_provider.empty() ? 0 : 0.1,
                        seed_.provider.empty() ? 0 : 0.3, 0.15})) {
    case 0:
      category_ = rng.Chance(0.6) ? ComplaintCategory::INSUFFICIENT_OFFER
                                  : ComplaintCategory::UNSUITABLE_OFFER;
      against = ComplaintTarget::DIRECTOR;
      against_organisation = seed_.director;
      break;
    case 1:
      category_ = ComplaintCategory::CONTROLLING_VOLUNTEER;
      against = ComplaintTarget::VOLUNTEER;
      against_organisation = seed_.buddy_provider;
      break;
    case 2:
      category_ =
          std::array{ComplaintCategory::ORGANISATION_CONDUCT, ComplaintCategory::DISCRIMINATION,
                     ComplaintCategory::ACCESSIBILITY}[rng.Weighted({0.5, 0.25, 0.25})];
      against = ComplaintTarget::PROVIDER;
      against_organisation = seed_.provider;
      break;
    default:
      category_ = std::array{ComplaintCategory::OTHER, ComplaintCategory::ORGANISATION_CONDUCT,
                             ComplaintCategory::DISCRIMINATION}[rng.Weighted({0.5, 0.3, 0.2})];
      break;
  }
  const bool written = rng.Chance(0.75);
  // A written complaint usually comes from the newcomer; the intake records oral ones.
  ActorRef actor = written && rng.Chance(0.8)
                       ? ActorRef{schema::Role::NEWCOMER, "self", seed_.subject_id}
                       : Staff();
  AppendRequest request = context.pump.Begin(cursor_, actor);
  EventDraft& draft = AppendPump::AddEvent(request, day);
  auto filed = draft.event().initComplaintFiled();
  filed.setComplainantId(seed_.subject_id);
  filed.setTrajectoryId(seed_.trajectory_id);
  filed.setCategory(category_);
  filed.setAgainst(against);
  filed.setAgainstOrganisation(against_organisation);
  domain::SetSchemaDate(filed.initFactsOccurredOn(), facts_on_);
  domain::SetSchemaDate(filed.initReceivedOn(), day);
  filed.setChannel(written ? schema::Channel::WRITTEN : schema::Channel::ORAL);
  FakePerson person = PersonFromSeed(seed_.person_seed);
  auto personal = draft.personal();
  personal.setFullName(person.full_name);
  personal.setContact(person.contact);
  personal.setFreeText(ComplaintFactsText(category_));
  filed_position_ = Submit(context, std::move(request));
  Plan(context);
  return plan_.front().on;
}

void ComplaintSim::Add(Day on, Step step) {
  if (!plan_.empty()) on = std::max(on, plan_.back().on);  // Steps never go back in time.
  plan_.push_back({on, step});
}

void ComplaintSim::Plan(SimContext& context) {
  Rng& rng = context.rng;
  const domain::Parameters& terms = context.parameters;
  const Day r = received_on_;
  const auto acknowledge = static_cast<std::int32_t>(terms.complaint_acknowledge_days);
  const auto refusal = static_cast<std::int32_t>(terms.complaint_refusal_days);
  const auto answer = static_cast<std::int32_t>(terms.complaint_answer_days);
  const auto answer_max = static_cast<std::int32_t>(terms.complaint_answer_days_max);
  // Acknowledged within the term, some late.
  Add(r + (rng.Chance(0.88) ? rng.Between(1, acknowledge)
                            : rng.Between(acknowledge + 1, acknowledge + 15)),
      Step::kAcknowledge);
  const Day acknowledged = plan_.back().on;
  switch (seed_.fate) {
    case ComplaintFate::kWithdrawn:
      if (rng.Chance(0.5)) {
        Add(acknowledged + rng.Between(0, 7), Step::kAssign);
        Add(plan_.back().on + rng.Between(3, 30), Step::kWithdraw);
      } else {
        Add(acknowledged + rng.Between(2, 20), Step::kWithdraw);
      }
      return;
    case ComplaintFate::kInadmissible:
      Add(r + rng.Between(std::min(3, refusal), refusal), Step::kInadmissible);
      return;
    default: break;
  }
  Add(acknowledged + rng.Between(0, 7), Step::kAssign);
  const Day assigned = plan_.back().on;
  const int links = rng.Between(1, 3);
  std::vector<Day> linked;
  for (int i = 0; i < links; ++i) linked.push_back(assigned + rng.Between(1, 12));
  std::sort(linked.begin(), linked.end());
  for (Day on : linked) Add(on, Step::kEvidence);
  const bool extended =
      answer_max > answer && (seed_.fate == ComplaintFate::kDecidedExtended ||
                              seed_.fate == ComplaintFate::kDecidedExtendedEscalated);
  if (extended) {  // Extended before the term runs out, to a deadline within the maximum.
    Add(r + rng.Between(std::max(1, answer - 15), answer - 1), Step::kExtend);
    answer_due_on_ = r + rng.Between(std::min(answer + 15, answer_max), answer_max);
    Add(r + rng.Between(answer + 1, answer_due_on_ - r), Step::kDecide);
  } else {  // Mostly answered within the term, some late.
    Add(r + (rng.Chance(0.9) ? rng.Between(std::min(20, answer), answer)
                             : rng.Between(answer + 1, answer + 15)),
        Step::kDecide);
  }
  if (seed_.fate == ComplaintFate::kDecidedEscalated ||
      seed_.fate == ComplaintFate::kDecidedExtendedEscalated) {
    Add(plan_.back().on + rng.Between(7, 60), Step::kEscalate);
  }
}

Day ComplaintSim::Wake(SimContext& context, Day day) {
  today_ = day;
  while (next_ < plan_.size() && plan_[next_].on <= day) Run(context, plan_[next_++].step);
  if (next_ == plan_.size()) return kNever;
  LEDGER_CHECK(plan_[next_].on > day, "a complaint is woken on a later day only");
  return plan_[next_].on;
}

void ComplaintSim::Run(SimContext& context, Step step) {
  Rng& rng = context.rng;
  if (step == Step::kExtend && answer_due_on_ > context.today) return;  // No future dates.
  if (step == Step::kAssign) handler_ = StaffId("handler-%02d", rng.Between(1, 12));
  if (step == Step::kEvidence) return LinkEvidence(context);
  AppendRequest request = context.pump.Begin(cursor_, Staff());
  EventDraft& draft = AppendPump::AddEvent(request, today_);
  auto event = draft.event();
  switch (step) {
    case Step::kAcknowledge:
      domain::SetSchemaDate(event.initComplaintAcknowledged().initAcknowledgedOn(), today_);
      break;
    case Step::kInadmissible: {
      using Ground = schema::InadmissibilityGround;
      auto inadmissible = event.initComplaintDeclaredInadmissible();
      // The age ground only when it holds; otherwise one of the grounds without a date.
      const auto age_max = static_cast<int>(context.parameters.complaint_facts_age_days_max);
      const bool facts_too_old = received_on_ - facts_on_ > age_max;
      const Ground ground =
          facts_too_old
              ? Ground::FACTS_OLDER_THAN_ONE_YEAR
              : std::array{Ground::ALREADY_HANDLED, Ground::OTHER_APPEAL_PENDING,
                           Ground::NO_INTEREST, Ground::MANIFESTLY_UNFOUNDED}[rng.Below(4)];
      inadmissible.setGround(ground);
      domain::SetSchemaDate(inadmissible.initMotivatedOn(), today_);
      draft.personal().setFreeText(InadmissibleText(ground));
      break;
    }
    case Step::kAssign: {
      auto assigned = event.initComplaintAssigned();
      assigned.setHandlerId(handler_);
      assigned.setHandlerOrganisation(kComplaintOrganisation);
      break;
    }
    case Step::kExtend:
      domain::SetSchemaDate(event.initComplaintExtended().initAnswerDueOn(), answer_due_on_);
      break;
    case Step::kDecide: {
      auto decided = event.initComplaintDecided();
      const schema::ComplaintOutcome outcome =
          std::array{schema::ComplaintOutcome::FOUNDED, schema::ComplaintOutcome::PARTLY_FOUNDED,
                     schema::ComplaintOutcome::UNFOUNDED}[rng.Weighted({0.3, 0.25, 0.45})];
      decided.setOutcome(outcome);
      domain::SetSchemaDate(decided.initDecidedOn(), today_);
      draft.personal().setFreeText(DecisionText(outcome));
      break;
    }
    case Step::kEscalate: {
      auto escalated = event.initComplaintEscalated();
      const bool discrimination = category_ == ComplaintCategory::DISCRIMINATION;
      escalated.setBody(!discrimination   ? schema::EscalationBody::FLEMISH_OMBUDSMAN
                        : rng.Chance(0.6) ? schema::EscalationBody::HUMAN_RIGHTS_INSTITUTE
                                          : schema::EscalationBody::UNIA);
      domain::SetSchemaDate(escalated.initEscalatedOn(), today_);
      break;
    }
    case Step::kWithdraw:
      domain::SetSchemaDate(event.initComplaintWithdrawn().initWithdrawnOn(), today_);
      break;
    case Step::kEvidence: break;
  }
  Submit(context, std::move(request));
}

// Evidence names positions that exist already: the trajectory's events seen before filing,
// or the complaint's own filing for a document.
void ComplaintSim::LinkEvidence(SimContext& context) {
  Rng& rng = context.rng;
  AppendRequest request = context.pump.Begin(cursor_, Staff());
  auto linked = AppendPump::AddEvent(request, today_).event().initComplaintEvidenceLinked();
  switch (rng.Weighted({0.35, 0.3, seed_.requested_offer ? 0.15 : 0.0, 0.2})) {
    case 0:
      linked.setKind(schema::EvidenceKind::LEDGER_ENTRY);
      linked.setPosition(seed_.offer_position.value_or(seed_.last_position));
      break;
    case 1:
      linked.setKind(schema::EvidenceKind::TRAJECTORY_STATUS);
      linked.setPosition(seed_.last_position);
      linked.setTrajectoryId(seed_.trajectory_id);
      break;
    case 2:
      linked.setKind(schema::EvidenceKind::SHORTFALL_EVIDENCE);
      linked.setPosition(seed_.last_position);
      linked.setTrajectoryId(seed_.trajectory_id);
      break;
    default:
      linked.setKind(schema::EvidenceKind::DOCUMENT);
      linked.setPosition(filed_position_);
      linked.setDocumentReference("doc-" + cursor_.subject_id + "-" + std::to_string(++evidence_));
      break;
  }
  Submit(context, std::move(request));
}

}  // namespace ledger::tools
