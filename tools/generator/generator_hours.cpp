// The trajectory simulator's activities and hours (generator_trajectory.h): the counsellor
// registers activities with their checks; sessions take place every few days on eligible ones
// and are logged alone or several at once; each activity's contact person attests the entries
// still to attest every few weeks; a few entries are corrected (then attested again) or voided.
#include <algorithm>

#include "tools/generator/generator_personal.h"
#include "tools/generator/generator_trajectory.h"

namespace ledger::tools {
namespace {

using domain::Day;
using schema::ActivityKind;

// Sessions last whole half hours, never past the session maximum.
std::uint16_t SessionMinutes(const SimContext& context, int minutes) {
  return static_cast<std::uint16_t>(
      std::min<std::uint32_t>(minutes, context.parameters.session_minutes_max));
}

ActivityKind PickActivityKind(Rng& rng) {
  // Buddy projects and volunteering common, language internships rarer.
  static constexpr ActivityKind kKinds[] = {ActivityKind::BUDDY_PROJECT,
                                            ActivityKind::INTRODUCTORY_INTERNSHIP,
                                            ActivityKind::VOLUNTEERING,
                                            ActivityKind::LANGUAGE_INTERNSHIP,
                                            ActivityKind::ASSOCIATION_INTRODUCTION,
                                            ActivityKind::OTHER};
  return kKinds[rng.Weighted({0.27, 0.12, 0.22, 0.07, 0.18, 0.14})];
}

}  // namespace

void TrajectorySim::RegisterActivities(SimContext& context, int count, const Offer* from_offer) {
  Rng& rng = context.rng;
  AppendRequest request = context.pump.Begin(cursor_, Counsellor(context));
  for (int i = 0; i < count; ++i) {
    Activity activity;
    ActivityKind kind = from_offer ? from_offer->kind : PickActivityKind(rng);
    activity.provider =
        from_offer ? from_offer->provider : context.world.PickProvider(region_, kind, rng);
    const Provider& provider = context.world.providers[activity.provider];
    activity.contact = static_cast<std::uint8_t>(rng.Below(provider.contacts.size()));
    // An offered activity was chosen as suitable; a few others fail a check.
    const bool dutch = from_offer != nullptr || !rng.Chance(0.03);
    const bool social = from_offer != nullptr || !rng.Chance(0.025);
    activity.eligible = dutch && social;
    activity.registered_on = today_;
    EventDraft& draft = AppendPump::AddEvent(request, today_);
    auto registered = draft.event().initActivityRegistered();
    registered.setActivityId(Numbered("act-", activities_.size() + 1));
    registered.setKind(kind);
    registered.setProviderOrganisation(provider.organisation);
    registered.setContactPersonId(provider.contacts[activity.contact]);
    registered.setDutchLanguageContext(dutch);
    registered.setSocialParticipation(social);
    if (rng.Chance(0.15)) draft.personal().setFreeText(FreeText(TextTopic::kActivity, rng));
    activities_.push_back(std::move(activity));
  }
  Submit(context, std::move(request), today_);
  if (!HasEligibleActivity()) {
    Set(kRegister, today_ + rng.Between(7, 21));
  } else if (timers_[kSession] == kNever) {
    ResumeSessions(context, 7);
  }
}

void TrajectorySim::TakeSession(SimContext& context) {
  Rng& rng = context.rng;
  if (logging_done_ || suspended_ || !HasEligibleActivity()) return;
  std::vector<std::uint16_t> eligible;
  for (std::size_t a = 0; a < activities_.size(); ++a) {
    if (activities_[a].eligible) eligible.push_back(static_cast<std::uint16_t>(a));
  }
  // A session today, on the newest eligible activity or another one.
  const std::uint16_t a = rng.Chance(0.5) ? eligible.back() : rng.Pick(eligible);
  const std::uint16_t minutes = SessionMinutes(context, 30 * rng.Between(2, 8));
  if (unlogged_.empty()) {  // How many sessions will be logged together, in one command.
    batch_ = static_cast<std::uint8_t>(1 + rng.Weighted({0.15, 0.15, 0.2, 0.25, 0.25}));
  }
  unlogged_.push_back({today_, a, minutes});
  unlogged_minutes_ += minutes;
  const bool target_reached = logged_minutes_ + unlogged_minutes_ >= target_minutes_;
  if (unlogged_.size() >= batch_ || target_reached) LogSessions(context);
  if (target_reached) {
    logging_done_ = true;
    Set(kAttest, std::min(timers_[kAttest], today_ + rng.Between(3, 14)));
    return;
  }
  Day next = today_ + rng.Between(std::max(1, pace_days_ - 2), pace_days_ + 3);
  if (rng.Chance(0.05)) next = next + rng.Between(14, 45);  // A holiday, an illness.
  Set(kSession, next);
  if (timers_[kAttest] == kNever) Set(kAttest, today_ + rng.Between(28, 63));
  if (rng.Chance(0.06) && timers_[kRegister] == kNever && activities_.size() < 5) {
    Set(kRegister, today_ + rng.Between(5, 30));
  }
}

void TrajectorySim::LogSessions(SimContext& context) {
  Rng& rng = context.rng;
  if (unlogged_.empty()) return;
  // The newcomer logs a session the day it happens; several at once come from the signed
  // proof of participation, logged by the newcomer or registered by the counsellor.
  const bool by_newcomer = rng.Chance(unlogged_.size() == 1 ? 0.9 : 0.5);
  AppendRequest request =
      context.pump.Begin(cursor_, by_newcomer ? Newcomer() : Counsellor(context));
  for (const Session& session : unlogged_) {
    const auto index = static_cast<std::uint16_t>(hours_.size());
    auto logged = AppendPump::AddEvent(request, session.on).event().initHoursLogged();
    logged.setHoursEntryId(Numbered("h-", index + 1));
    logged.setActivityId(Numbered("act-", session.activity + 1));
    domain::SetSchemaDate(logged.initSessionOn(), session.on);
    logged.setMinutes(session.minutes);
    hours_.push_back({session.activity, session.on, session.minutes, false, false});
    activities_[session.activity].pending.push_back(index);
    logged_minutes_ += session.minutes;
    if (fix_entry_ < 0 && rng.Chance(0.05)) {
      fix_entry_ = index;
      Set(kFix, today_ + rng.Between(2, 30));
    }
  }
  Submit(context, std::move(request), today_);
  unlogged_.clear();
  unlogged_minutes_ = 0;
}

void TrajectorySim::Attest(SimContext& context) {
  Rng& rng = context.rng;
  const int year = domain::CivilFromDay(today_).year;
  for (std::size_t a = 0; a < activities_.size(); ++a) {
    Activity& activity = activities_[a];
    if (activity.pending.empty()) continue;
    const Provider& provider = context.world.providers[activity.provider];
    const std::string& contact = provider.contacts[activity.contact];
    AppendRequest request = context.pump.Begin(
        cursor_, {schema::Role::PROVIDER_CONTACT, provider.organisation, contact});
    auto attested = AppendPump::AddEvent(request, today_).event().initHoursAttested();
    attested.setActivityId(Numbered("act-", a + 1));
    attested.setContactPersonId(contact);
    attested.setProofReference("bvd-" + std::to_string(year) + "-" + cursor_.subject_id + "-" +
                               std::to_string(++proofs_));
    if (rng.Chance(0.2)) {
      // Every pending entry of the activity, and no other unattested one, lies in this period.
      Day from = kNever, to{INT32_MIN};
      for (std::uint16_t index : activity.pending) {
        from = std::min(from, hours_[index].session_on);
        to = std::max(to, hours_[index].session_on);
      }
      auto period = attested.getScope().initPeriod();
      domain::SetSchemaDate(period.initFrom(), from);
      domain::SetSchemaDate(period.initTo(), to);
    } else {
      auto ids =
          attested.getScope().initHoursEntryIds(static_cast<unsigned>(activity.pending.size()));
      for (std::size_t i = 0; i < activity.pending.size(); ++i) {
        ids.set(static_cast<unsigned>(i), Numbered("h-", activity.pending[i] + 1));
      }
    }
    Submit(context, std::move(request), today_);
    for (std::uint16_t index : activity.pending) {
      hours_[index].attested = true;
      attested_minutes_ += hours_[index].minutes;
    }
    activity.pending.clear();
  }
  if (!completed_ && attested_minutes_ >= context.parameters.required_hours * 60) {
    completed_ = true;
    context.trajectories_completed += 1;
  }
  if (logging_done_) {
    FinishIfDone(context);
  } else {
    Set(kAttest, today_ + rng.Between(28, 63));
  }
}

void TrajectorySim::Fix(SimContext& context) {
  Rng& rng = context.rng;
  const int index = fix_entry_;
  fix_entry_ = -1;
  if (index < 0 || hours_[index].voided) return;
  Hours& hours = hours_[index];
  Activity& activity = activities_[hours.activity];
  AppendRequest request = context.pump.Begin(cursor_, Counsellor(context));
  EventDraft& draft = AppendPump::AddEvent(request, today_);
  const std::string id = Numbered("h-", index + 1);
  if (rng.Chance(0.6)) {
    std::uint16_t minutes = SessionMinutes(context, 30 * rng.Between(1, 8));
    if (minutes == hours.minutes) minutes = SessionMinutes(context, minutes + 30);
    Day session = hours.session_on;
    Day moved = session - rng.Between(1, 2);
    if (rng.Chance(0.3) && moved >= SessionFloor(activity) && !Suspended(moved)) session = moved;
    auto corrected = draft.event().initHoursCorrected();
    corrected.setHoursEntryId(id);
    domain::SetSchemaDate(corrected.initSessionOn(), session);
    corrected.setMinutes(minutes);
    if (rng.Chance(0.4)) draft.personal().setFreeText(FreeText(TextTopic::kCorrection, rng));
    logged_minutes_ = logged_minutes_ - hours.minutes + minutes;
    if (hours.attested) {  // The proof attested the old values: it must be attested again.
      hours.attested = false;
      attested_minutes_ -= hours.minutes;
      activity.pending.push_back(static_cast<std::uint16_t>(index));
      if (timers_[kAttest] == kNever) Set(kAttest, today_ + rng.Between(7, 28));
    }
    hours.minutes = minutes;
    hours.session_on = session;
  } else {
    static constexpr schema::VoidReason kReasons[] = {
        schema::VoidReason::LOGGED_IN_ERROR, schema::VoidReason::DUPLICATE,
        schema::VoidReason::OTHER, schema::VoidReason::NOT_ELIGIBLE};
    const schema::VoidReason reason = kReasons[rng.Weighted({0.4, 0.3, 0.2, 0.1})];
    auto voided = draft.event().initHoursVoided();
    voided.setHoursEntryId(id);
    voided.setReason(reason);
    if (reason == schema::VoidReason::OTHER) {
      draft.personal().setFreeText(FreeText(TextTopic::kVoid, rng));
    }
    hours.voided = true;
    logged_minutes_ -= hours.minutes;
    if (hours.attested) attested_minutes_ -= hours.minutes;
    std::erase(activity.pending, static_cast<std::uint16_t>(index));
  }
  Submit(context, std::move(request), today_);
  if (logging_done_ && logged_minutes_ < target_minutes_) {
    logging_done_ = false;
    ResumeSessions(context, 10);
  }
}

}  // namespace ledger::tools
