#include "tools/generator/demo_trajectory.h"

#include <chrono>

namespace ledger::tools {
namespace {

using schema::Role;

struct Day {
  int year;
  unsigned month;
  unsigned day;
};

void SetDate(schema::Date::Builder date, Day day) {
  date.setYear(static_cast<std::int16_t>(day.year));
  date.setMonth(static_cast<std::uint8_t>(day.month));
  date.setDay(static_cast<std::uint8_t>(day.day));
}

Day AddDays(Day day, int days) {
  using namespace std::chrono;
  year_month_day date{
      sys_days{year_month_day{year{day.year}, month{day.month}, std::chrono::day{day.day}}} +
      std::chrono::days{days}};
  return Day{static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
             static_cast<unsigned>(date.day())};
}

// 10:00 UTC on `day`, in microseconds since the epoch.
std::int64_t MorningUs(Day day) {
  using namespace std::chrono;
  sys_days date = year_month_day{year{day.year}, month{day.month}, std::chrono::day{day.day}};
  return duration_cast<microseconds>((date + hours{10}).time_since_epoch()).count();
}

class Builder {
 public:
  explicit Builder(std::string trajectory_id)
      : trajectory_id_(std::move(trajectory_id)), stream_("trajectory-" + trajectory_id_) {}

  EventDraft& Command(ActorRef actor, Day occurred) {
    ExpectedVersion expected =
        commands_.empty() ? ExpectedVersion::NoStream() : ExpectedVersion::Any();
    std::string id = trajectory_id_ + "/cmd-" + std::to_string(commands_.size() + 1);
    commands_.push_back(AppendRequest::ForStream(id, std::move(actor), stream_, expected));
    commands_.back().correlation_id = trajectory_id_;
    return commands_.back().AddEvent(MorningUs(occurred));
  }

  std::vector<AppendRequest> Take() { return std::move(commands_); }

 private:
  std::string trajectory_id_;
  std::string stream_;
  std::vector<AppendRequest> commands_;
};

const ActorRef kCounsellor{Role::COUNSELLOR, "agentschap-integratie-gent", "tb-0417"};
const ActorRef kNewcomer{Role::NEWCOMER, "self", "subject-8c1f"};
const ActorRef kDirector{Role::DIRECTOR, "stad-gent", "regie-03"};

struct Activity {
  const char* id;
  schema::ActivityKind kind;
  const char* provider;
  const char* contact;
};

const Activity kActivities[] = {
    {"act-buddy", schema::ActivityKind::BUDDY_PROJECT, "vzw-samen-gent", "cp-samen-01"},
    {"act-taalstage", schema::ActivityKind::LANGUAGE_INTERNSHIP, "wzc-heiveld", "cp-heiveld-02"},
    {"act-vrijwilliger", schema::ActivityKind::VOLUNTEERING, "kringloop-gent", "cp-kring-07"},
};

void OpenTrajectory(Builder& b) {
  EventDraft& open = b.Command(kCounsellor, {2026, 3, 2});
  auto opened = open.event().initTrajectoryOpened();
  opened.setSubjectId("subject-8c1f");
  opened.setMunicipalityCode("44021");
  SetDate(opened.initContractSignedOn(), {2026, 3, 2});
  opened.setObligation(schema::Obligation::OBLIGATED);
  opened.setPerspective(schema::Perspective::SOCIAL);
  opened.setRequiredHours(40);
  auto personal = open.personal();
  personal.setFullName("Amina Haddad");
  personal.setNationalRegisterNumber("90021512345");

  auto director = b.Command(kCounsellor, {2026, 3, 2}).event().initDirectorAssigned();
  director.setPerspective(schema::Perspective::SOCIAL);
  director.setDirectorOrganisation("stad-gent");
}

void RegisterActivities(Builder& b) {
  for (const Activity& activity : kActivities) {
    auto registered = b.Command(kCounsellor, {2026, 3, 9}).event().initActivityRegistered();
    registered.setActivityId(activity.id);
    registered.setKind(activity.kind);
    registered.setProviderOrganisation(activity.provider);
    registered.setContactPersonId(activity.contact);
    registered.setDutchLanguageContext(true);
    registered.setSocialParticipation(true);
  }
}

// Fourteen weekly sessions spread over the activities, 3 hours each: 42 hours in all.
void LogAndAttestHours(Builder& b) {
  for (unsigned week = 0; week < 14; ++week) {
    const Activity& activity = kActivities[week % 3];
    Day day = AddDays({2026, 3, 11}, static_cast<int>(week) * 7);
    auto logged = b.Command(kNewcomer, day).event().initHoursLogged();
    logged.setHoursEntryId("h-" + std::to_string(week + 1));
    logged.setActivityId(activity.id);
    SetDate(logged.initSessionOn(), day);
    logged.setMinutes(180);
  }
  for (const Activity& activity : kActivities) {
    ActorRef contact{Role::PROVIDER_CONTACT, activity.provider, activity.contact};
    auto attested = b.Command(contact, {2026, 6, 20}).event().initHoursAttested();
    attested.setActivityId(activity.id);
    attested.setContactPersonId(activity.contact);
    attested.setProofReference(std::string("bvd-2026-") + activity.id);
    auto period = attested.getScope().initPeriod();
    SetDate(period.initFrom(), {2026, 3, 1});
    SetDate(period.initTo(), {2026, 6, 20});
  }
}

void RequestAndAcceptOffer(Builder& b) {
  auto requested = b.Command(kNewcomer, {2026, 3, 3}).event().initOfferRequested();
  requested.setRequestId("req-1");
  requested.setPerspective(schema::Perspective::SOCIAL);
  SetDate(requested.initAvailableFrom(), {2026, 3, 3});
  requested.setMinimumHours(20);

  auto made = b.Command(kDirector, {2026, 3, 20}).event().initOfferMade();
  made.setOfferId("offer-1");
  made.setRequestId("req-1");
  made.setPerspective(schema::Perspective::SOCIAL);
  made.setActivityKind(schema::ActivityKind::LANGUAGE_INTERNSHIP);
  made.setProviderOrganisation("wzc-heiveld");
  made.setOfferedHours(24);
  SetDate(made.initMadeOn(), {2026, 3, 20});

  auto accepted = b.Command(kNewcomer, {2026, 3, 23}).event().initOfferAccepted();
  accepted.setOfferId("offer-1");
  SetDate(accepted.initAcceptedOn(), {2026, 3, 23});
}

}  // namespace

std::vector<AppendRequest> DemoTrajectory(const std::string& trajectory_id) {
  Builder builder(trajectory_id);
  OpenTrajectory(builder);
  RequestAndAcceptOffer(builder);
  RegisterActivities(builder);
  LogAndAttestHours(builder);
  return builder.Take();
}

}  // namespace ledger::tools
