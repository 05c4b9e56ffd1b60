// The trajectory simulator: opening, the calendar of its processes, suspensions, perspective
// changes, exemption and the hand-over of complaints. Activities and hours are in
// generator_hours.cpp, the offer process in generator_offers.cpp.
#include "tools/generator/generator_trajectory.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "tools/generator/generator_personal.h"

namespace ledger::tools {
namespace {

using domain::Day;

// Late complaints are planned from the contract date; they must stay within the driver's
// calendar horizon.
constexpr std::int32_t kLateComplaintDaysMax = 900;

}  // namespace

TrajectorySim::TrajectorySim(std::string id, std::uint64_t person_seed)
    : person_seed_(person_seed) {
  cursor_.stream_id = "trajectory-" + id;
  cursor_.subject_id = std::move(id);
  timers_.fill(kNever);
}

ActorRef TrajectorySim::Counsellor(const SimContext& context) const {
  return {schema::Role::COUNSELLOR, context.world.regions[region_].counsellor_organisation,
          *counsellor_};
}

ActorRef TrajectorySim::Newcomer() const {
  char id[32];
  std::snprintf(id, sizeof(id), "subject-%016" PRIx64, person_seed_);
  return {schema::Role::NEWCOMER, "self", id};
}

std::uint64_t TrajectorySim::Submit(SimContext& context, AppendRequest request, Day day) {
  const std::size_t count = request.streams[0].events.size();
  const std::uint64_t first = context.pump.Submit(cursor_, std::move(request));
  last_position_ = first + count - 1;
  last_event_on_ = std::max(last_event_on_, day);
  return first;
}

Day TrajectorySim::Open(SimContext& context, Day day) {
  Rng& rng = context.rng;
  today_ = opened_on_ = last_event_on_ = day;
  const Municipality& municipality = context.world.PickMunicipality(rng);
  region_ = municipality.region;
  counsellor_ = &rng.Pick(context.world.regions[region_].counsellors);
  contract_signed_on_ = std::max(context.start, day - rng.Between(0, 21));
  perspective_ = static_cast<schema::Perspective>(rng.Weighted({0.33, 0.17, 0.5}));
  for (int p = 0; p < 3; ++p) {
    directors_[p] = &context.world.DirectorFor(municipality, static_cast<schema::Perspective>(p));
  }
  fate_ = context.fates.Deal(rng);
  const std::uint32_t required_minutes = context.parameters.required_hours * 60;
  // Most log a little over the required hours; those who stall stop at 5 to 30; those to be
  // exempted keep going until the exemption (found work, fell ill) ends their trajectory.
  switch (fate_) {
    case Fate::kComplete: target_minutes_ = required_minutes + 30 * rng.Between(0, 16); break;
    case Fate::kStall: target_minutes_ = 30 * rng.Between(10, 60); break;
    case Fate::kExempt: target_minutes_ = 2 * required_minutes; break;
  }
  pace_days_ = static_cast<std::uint8_t>(rng.Between(3, 9));

  AppendRequest request = context.pump.Begin(cursor_, Counsellor(context));
  EventDraft& opening = AppendPump::AddEvent(request, day);
  auto opened = opening.event().initTrajectoryOpened();
  opened.setSubjectId(Newcomer().id);
  opened.setMunicipalityCode(municipality.nis_code);
  domain::SetSchemaDate(opened.initContractSignedOn(), contract_signed_on_);
  opened.setObligation(rng.Chance(0.4) ? schema::Obligation::OBLIGATED
                                       : schema::Obligation::OPTIONAL);
  opened.setPerspective(perspective_);
  opened.setRequiredHours(static_cast<std::uint16_t>(context.parameters.required_hours));
  FakePerson person = PersonFromSeed(person_seed_);
  auto personal = opening.personal();
  personal.setFullName(person.full_name);
  personal.setNationalRegisterNumber(person.national_register_number);
  personal.setContact(person.contact);
  auto assigned = AppendPump::AddEvent(request, day).event().initDirectorAssigned();
  assigned.setPerspective(perspective_);
  assigned.setDirectorOrganisation(*directors_[static_cast<int>(perspective_)]);
  opened_position_ = Submit(context, std::move(request), day);

  Set(kRegister, day + rng.Between(2, 21));
  if (rng.Chance(0.55)) Set(kRequest, day + rng.Between(1, 40));
  if (fate_ == Fate::kExempt) Set(kExempt, day + rng.Between(20, 150));
  if (rng.Chance(0.1)) Set(kSuspensionStart, day + rng.Between(15, 90));
  if (rng.Chance(0.05)) Set(kPerspective, day + rng.Between(15, 90));
  if (context.complaints.Take()) {
    complaint_planned_ = true;
    complaint_fate_ = context.complaint_fates.Deal(rng);
    // A late complaint is filed some weeks after its facts (the trajectory's first weeks)
    // passed the admissible age.
    const std::int32_t late_on =
        static_cast<std::int32_t>(context.parameters.complaint_facts_age_days_max) + 35 +
        rng.Between(0, 120);
    complaint_late_ = complaint_fate_ == ComplaintFate::kInadmissible &&
                      context.inadmissible_filings.Deal(rng) == Filing::kLate &&
                      late_on < kLateComplaintDaysMax;
    Set(kComplaint, complaint_late_ ? contract_signed_on_ + late_on : day + rng.Between(20, 200));
  }
  return *std::min_element(timers_.begin(), timers_.end());
}

Day TrajectorySim::Wake(SimContext& context, Day day) {
  today_ = day;
  for (int t = 0; t < kTimers && !finished_; ++t) {
    if (timers_[t] > day) continue;
    timers_[t] = kNever;
    Run(context, static_cast<Timer>(t));
  }
  Day next = *std::min_element(timers_.begin(), timers_.end());
  if (next == kNever && !finished_) Finish(context);  // Nothing more will happen.
  if (finished_) return kNever;
  LEDGER_CHECK(next > day, "a trajectory is woken on a later day only");
  return next;
}

void TrajectorySim::Run(SimContext& context, Timer timer) {
  switch (timer) {
    case kExempt: return Exempt(context);
    case kSuspensionEnd: return EndSuspension(context);
    case kSuspensionStart: return StartSuspension(context);
    case kPerspective: return ChangePerspective(context);
    case kRegister: {  // One to three activities at first, one at a time later.
      const int count =
          activities_.empty() ? 1 + static_cast<int>(context.rng.Weighted({0.35, 0.4, 0.25})) : 1;
      return RegisterActivities(context, count, nullptr);
    }
    case kOfferActivity:
      if (accepted_offer_ >= 0) RegisterActivities(context, 1, &offers_[accepted_offer_]);
      accepted_offer_ = -1;
      return;
    case kRequest: return RequestOffer(context);
    case kOffer: return MakeOffer(context);
    case kRespond: return Respond(context);
    case kSession: return TakeSession(context);
    case kFix: return Fix(context);
    case kAttest: return Attest(context);
    case kComplaint: return HandOverComplaint(context, today_ + 1);
    case kTimers: break;
  }
}

void TrajectorySim::StartSuspension(SimContext& context) {
  Rng& rng = context.rng;
  const Day planned_end = today_ + rng.Between(14, 90);
  // A planned end past today would be a business date in the future.
  if (suspended_ || logging_done_ || planned_end > context.today) return;
  LogSessions(context);  // Sessions before the suspension are logged first.
  static constexpr schema::SuspensionGround kGrounds[] = {schema::SuspensionGround::MEDICAL,
                                                          schema::SuspensionGround::PERSONAL,
                                                          schema::SuspensionGround::OTHER};
  const schema::SuspensionGround ground = kGrounds[rng.Weighted({0.45, 0.4, 0.15})];
  AppendRequest request = context.pump.Begin(cursor_, Counsellor(context));
  EventDraft& draft = AppendPump::AddEvent(request, today_);
  auto started = draft.event().initSuspensionStarted();
  started.setSuspensionId(Numbered("susp-", suspensions_ + 1));
  started.setGround(ground);
  domain::SetSchemaDate(started.initStartsOn(), today_);
  domain::SetSchemaDate(started.initEndsOn(), planned_end);
  if (ground == schema::SuspensionGround::OTHER || rng.Chance(0.3)) {
    draft.personal().setFreeText(FreeText(TextTopic::kSuspension, rng));
  }
  Submit(context, std::move(request), today_);
  suspensions_ += 1;
  suspended_ = true;
  suspended_days_.push_back({today_, kNever});
  Set(kSession, kNever);
  Set(kSuspensionEnd, std::max(today_ + 7, planned_end + rng.Between(-10, 10)));
}

void TrajectorySim::EndSuspension(SimContext& context) {
  Rng& rng = context.rng;
  AppendRequest request = context.pump.Begin(cursor_, Counsellor(context));
  auto ended = AppendPump::AddEvent(request, today_).event().initSuspensionEnded();
  ended.setSuspensionId(Numbered("susp-", suspensions_));
  domain::SetSchemaDate(ended.initEndedOn(), today_);
  Submit(context, std::move(request), today_);
  suspended_ = false;
  suspended_days_.back().second = today_;
  ResumeSessions(context, 7);
  if (rng.Chance(0.2)) Set(kSuspensionStart, today_ + rng.Between(30, 150));
}

void TrajectorySim::ChangePerspective(SimContext& context) {
  const int shift = 1 + static_cast<int>(context.rng.Below(2));
  const auto perspective =
      static_cast<schema::Perspective>((static_cast<int>(perspective_) + shift) % 3);
  AppendRequest request = context.pump.Begin(cursor_, Counsellor(context));
  auto changed = AppendPump::AddEvent(request, today_).event().initPerspectiveChanged();
  changed.setPerspective(perspective);
  domain::SetSchemaDate(changed.initEffectiveOn(), today_);
  // Directors were known for every perspective at opening; the new one is assigned now.
  auto assigned = AppendPump::AddEvent(request, today_).event().initDirectorAssigned();
  assigned.setPerspective(perspective);
  assigned.setDirectorOrganisation(*directors_[static_cast<int>(perspective)]);
  Submit(context, std::move(request), today_);
  perspective_ = perspective;
}

void TrajectorySim::Exempt(SimContext& context) {
  Rng& rng = context.rng;
  static constexpr schema::ExemptionGround kGrounds[] = {
      schema::ExemptionGround::WORK_OR_STUDY, schema::ExemptionGround::MEDICAL,
      schema::ExemptionGround::ALREADY_INTEGRATED, schema::ExemptionGround::OTHER};
  const schema::ExemptionGround ground = kGrounds[rng.Weighted({0.45, 0.25, 0.2, 0.1})];
  AppendRequest request = context.pump.Begin(cursor_, Counsellor(context));
  EventDraft& draft = AppendPump::AddEvent(request, today_);
  auto granted = draft.event().initExemptionGranted();
  granted.setGround(ground);
  domain::SetSchemaDate(granted.initGrantedOn(), today_);
  if (ground == schema::ExemptionGround::OTHER || rng.Chance(0.3)) {
    draft.personal().setFreeText(FreeText(TextTopic::kExemption, rng));
  }
  Submit(context, std::move(request), today_);
  context.trajectories_exempted += 1;
  Finish(context);  // No event at all follows an exemption.
}

void TrajectorySim::HandOverComplaint(SimContext& context, Day file_on) {
  if (!complaint_planned_) return;
  complaint_planned_ = false;
  ComplaintSeed seed;
  seed.trajectory_id = cursor_.subject_id;
  seed.subject_id = Newcomer().id;
  seed.person_seed = person_seed_;
  seed.region = region_;
  seed.contract_signed_on = contract_signed_on_;
  seed.last_event_on = last_event_on_;
  seed.director = *directors_[static_cast<int>(perspective_)];
  for (const Activity& activity : activities_) {
    const Provider& provider = context.world.providers[activity.provider];
    if (seed.provider.empty() || context.rng.Chance(0.5)) seed.provider = provider.organisation;
    if (provider.kind == schema::ActivityKind::BUDDY_PROJECT) {
      seed.buddy_provider = provider.organisation;
    }
  }
  seed.counsellor_organisation = context.world.regions[region_].counsellor_organisation;
  seed.opened_position = opened_position_;
  seed.last_position = last_position_;
  seed.offer_position = offer_position_;
  seed.requested_offer = !requests_.empty();
  seed.fate = complaint_fate_;
  seed.late = complaint_late_;
  seed.file_on = file_on;
  context.handed_over.push_back(std::move(seed));
}

bool TrajectorySim::Suspended(Day day) const {
  for (const auto& [from, to] : suspended_days_) {
    if (day >= from && day <= to) return true;
  }
  return false;
}

Day TrajectorySim::SessionFloor(const Activity& activity) const {
  return std::max(contract_signed_on_, activity.registered_on);
}

bool TrajectorySim::HasEligibleActivity() const {
  return std::any_of(activities_.begin(), activities_.end(),
                     [](const Activity& activity) { return activity.eligible; });
}

void TrajectorySim::ResumeSessions(SimContext& context, int within_days) {
  if (logging_done_ || suspended_ || !HasEligibleActivity()) return;
  Set(kSession, today_ + context.rng.Between(1, within_days));
}

void TrajectorySim::FinishIfDone(SimContext& context) {
  for (const Activity& activity : activities_) {
    if (!activity.pending.empty()) return;
  }
  if (logging_done_ && !suspended_) Finish(context);
}

void TrajectorySim::Finish(SimContext& context) {
  // A complaint still to come is handed over now, filed on its planned day.
  HandOverComplaint(context, std::max(timers_[kComplaint], today_ + 1));
  timers_.fill(kNever);
  finished_ = true;
}

}  // namespace ledger::tools
