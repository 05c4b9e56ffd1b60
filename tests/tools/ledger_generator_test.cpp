// Goal: the ledger generator writes a realistic ledger that keeps every rule of the domain, lands
// on its event budget, and is the same for the same seed. Method: generate about 20,000 events
// into a temporary ledger, read everything back through EventStore::ReadLog and ReadStream, and
// replay it through the domain folds with the rule checks of tests/support/rule_replay.h (which
// a hand-made broken ledger shows can fail); run the generate_ledger binary on a tiny ledger.
#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "ledger/domain/streams.h"
#include "tests/support/decision_replay.h"
#include "tests/support/log_check.h"
#include "tests/support/require_ok.h"
#include "tests/support/rule_replay.h"
#include "tests/support/run_program.h"
#include "tests/support/temp_dir.h"
#include "tools/generator/ledger_generator.h"

namespace ledger {
namespace {

using domain::Day;
using domain::DayFromCivil;
using Which = schema::Event::Which;

constexpr std::uint64_t kEvents = 20'000;
const Day kStart = DayFromCivil({2023, 1, 1});
const Day kToday = DayFromCivil({2025, 6, 30});

struct Generated {
  testing::TempDir dir;
  std::unique_ptr<EventStore> store;
  tools::GeneratorSummary summary;
};

std::unique_ptr<Generated> Generate(std::uint64_t seed, std::uint64_t events = kEvents) {
  auto generated = std::make_unique<Generated>();
  auto store = EventStore::Open({.path = generated->dir.path()});
  REQUIRE_OK(store);
  generated->store = std::move(store).value();
  tools::GeneratorOptions options;
  options.events = events;
  options.seed = seed;
  options.start = kStart;
  options.today = kToday;
  auto summary = tools::GenerateLedger(*generated->store, options, {});
  INFO(summary.status().ToString());
  REQUIRE_OK(summary);
  generated->summary = *summary;
  return generated;
}

// Every entry of the log, in position order.
std::vector<StoredEntry> ReadAll(const EventStore& store) {
  std::vector<StoredEntry> entries;
  for (Position next{0}; next.value < store.head().size;) {
    auto page = store.ReadLog(next, 1000);
    REQUIRE_OK(page);
    REQUIRE(!page->entries.empty());
    next.value += page->entries.size();
    for (StoredEntry& entry : page->entries) entries.push_back(std::move(entry));
  }
  return entries;
}

std::string Str(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }

TEST_CASE("a generated ledger lands on its budget with dense positions and a plausible mix",
          "[tools]") {
  auto generated = Generate(11);
  const tools::GeneratorSummary& summary = generated->summary;
  const std::uint64_t size = generated->store->head().size;
  CHECK(size == summary.events);
  CHECK(size <= kEvents);
  CHECK(size >= kEvents * 9 / 10);
  CHECK(summary.last_day >= kToday - 7);
  testing::LogFacts facts = testing::CheckLog(*generated->store);  // Positions, versions dense.
  CHECK(facts.size == size);

  tools::KindCounts kinds{};
  for (const StoredEntry& entry : ReadAll(*generated->store)) {
    kinds[static_cast<std::size_t>(entry.reader().getEvent().which())] += 1;
  }
  CHECK(kinds == summary.events_by_kind);
  for (std::size_t kind = 0; kind < tools::kEventKinds; ++kind) {
    INFO(tools::EventKindName(kind) << ": " << kinds[kind]);
    if (kind == static_cast<std::size_t>(Which::PERSON_ERASED)) {
      CHECK(kinds[kind] == 0);
    } else {
      CHECK(kinds[kind] > 0);
    }
  }
  auto share = [&](Which kind) { return double(kinds[static_cast<std::size_t>(kind)]) / size; };
  const double trajectories = kinds[static_cast<std::size_t>(Which::TRAJECTORY_OPENED)];
  // Sessions dominate; tens of events per trajectory; complaints for a few percent of them.
  CHECK(share(Which::HOURS_LOGGED) > 0.35);
  CHECK(share(Which::HOURS_LOGGED) < 0.75);
  CHECK(size / trajectories > 15);
  CHECK(size / trajectories < 80);
  CHECK(kinds[static_cast<std::size_t>(Which::COMPLAINT_FILED)] / trajectories > 0.01);
  CHECK(kinds[static_cast<std::size_t>(Which::COMPLAINT_FILED)] / trajectories < 0.05);
  CHECK(kinds[static_cast<std::size_t>(Which::EXEMPTION_GRANTED)] / trajectories > 0.02);
  CHECK(kinds[static_cast<std::size_t>(Which::EXEMPTION_GRANTED)] / trajectories < 0.08);
  CHECK(kinds[static_cast<std::size_t>(Which::HOURS_VOIDED)] <
        kinds[static_cast<std::size_t>(Which::HOURS_LOGGED)] / 20);
  CHECK(summary.trajectories == trajectories);
  CHECK(summary.trajectories_completed > trajectories / 2);
}

TEST_CASE("every generated event is accepted by the command rules", "[tools]") {
  auto generated = Generate(12);
  testing::DecisionReplay replay = testing::ReplayDecisions(*generated->store, kToday);
  std::ostringstream first;
  for (const std::string& refusal : replay.first_refusals) first << refusal << "\n";
  INFO(first.str());
  CHECK(replay.entries == generated->store->head().size);
  CHECK(replay.decided == replay.entries);
  CHECK(replay.refused == 0);
}

TEST_CASE("every generated event keeps the rules of its stream", "[tools]") {
  auto generated = Generate(12);
  testing::RuleReplay replay = testing::ReplayRules(*generated->store, kToday);
  CHECK(replay.entries == generated->store->head().size);
  std::ostringstream first;
  for (const std::string& violation : replay.violations) first << violation << "\n";
  INFO(first.str());
  CHECK(replay.violation_count == 0);

  // The rules had something to bite on: ineligible activities, attestations by contact
  // persons, exemptions, offers by directors, inadmissible complaints.
  std::set<std::string> exempted;
  std::map<std::string, std::set<std::string>> ineligible;  // Stream -> activity ids.
  std::uint64_t ineligible_total = 0, by_contact = 0, offers = 0, after_exemption = 0;
  for (const StoredEntry& entry : ReadAll(*generated->store)) {
    auto event = entry.reader().getEvent();
    const std::string stream = Str(entry.reader().getStreamId());
    after_exemption += exempted.count(stream);
    if (event.isExemptionGranted()) exempted.insert(stream);
    if (event.isActivityRegistered()) {
      auto registered = event.getActivityRegistered();
      if (!registered.getDutchLanguageContext() || !registered.getSocialParticipation()) {
        ineligible[stream].insert(Str(registered.getActivityId()));
        ineligible_total += 1;
      }
    }
    if (event.isHoursLogged()) {
      CHECK(ineligible[stream].count(Str(event.getHoursLogged().getActivityId())) == 0);
    }
    if (event.isHoursAttested()) {
      by_contact += entry.reader().getActor().getRole() == schema::Role::PROVIDER_CONTACT;
    }
    offers += event.isOfferMade();
  }
  CHECK(after_exemption == 0);
  CHECK(ineligible_total > 0);
  CHECK(exempted.size() > 0);
  CHECK(by_contact > 0);
  CHECK(offers > 0);
}

TEST_CASE("each stream reads back in the order its commands were issued", "[tools]") {
  auto generated = Generate(13);
  std::set<std::string> streams;
  for (const StoredEntry& entry : ReadAll(*generated->store)) {
    streams.insert(Str(entry.reader().getStreamId()));
  }
  REQUIRE(streams.size() > 500);
  for (const std::string& stream : streams) {
    auto subject = domain::ParseStream(stream);
    REQUIRE(subject);
    const std::string prefix = std::string(subject->id) + "/cmd-";
    std::uint64_t expected_version = 1;
    std::uint64_t command = 0;
    std::string last_command_id;
    for (StreamVersion from{1};;) {
      auto page = generated->store->ReadStream(stream, from, 1000);
      REQUIRE_OK(page);
      for (const StoredEntry& entry : page->entries) {
        INFO(stream << " version " << entry.reader().getStreamVersion());
        REQUIRE(entry.reader().getStreamVersion() == expected_version++);
        const std::string command_id = Str(entry.reader().getCommandId());
        if (command_id != last_command_id) {  // Commands 1, 2, 3, ... in version order.
          REQUIRE(command_id == prefix + std::to_string(++command));
          last_command_id = command_id;
        }
      }
      if (!page->next_version) break;
      from = *page->next_version;
    }
    REQUIRE(expected_version > 1);
  }
}

// The parts of an entry that a seed decides: all but the recorded time and the commitment to
// personal fields (which is salted at random).
std::string Decided(const StoredEntry& entry) {
  auto reader = entry.reader();
  std::ostringstream text;
  text << reader.getStreamId().cStr() << "|" << reader.getStreamVersion() << "|"
       << reader.getOccurredAtUs() << "|" << reader.getCommandId().cStr() << "|"
       << reader.getActor().getOrganisation().cStr() << "|" << reader.getActor().getId().cStr()
       << "|" << capnp::canonicalize(reader.getEvent()).asBytes().size() << "|";
  kj::Array<capnp::word> canonical = capnp::canonicalize(reader.getEvent());
  text.write(reinterpret_cast<const char*>(canonical.asBytes().begin()),
             static_cast<std::streamsize>(canonical.asBytes().size()));
  if (entry.personal()) text << entry.personal()->reader().getFullName().cStr();
  return text.str();
}

TEST_CASE("the same seed generates the same events, another seed others", "[tools]") {
  auto first = Generate(21, 5000);
  auto again = Generate(21, 5000);
  auto other = Generate(22, 5000);
  std::vector<StoredEntry> a = ReadAll(*first->store);
  std::vector<StoredEntry> b = ReadAll(*again->store);
  std::vector<StoredEntry> c = ReadAll(*other->store);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("position " << i);
    REQUIRE(Decided(a[i]) == Decided(b[i]));
  }
  std::size_t same = 0;
  for (std::size_t i = 0; i < std::min(a.size(), c.size()); ++i) {
    same += Decided(a[i]) == Decided(c[i]);
  }
  CHECK(same < a.size() / 10);
}

TEST_CASE("the generator checks its options and fills only an empty ledger", "[tools]") {
  testing::TempDir dir;
  auto store = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(store);
  tools::GeneratorOptions options;
  options.events = 100;
  options.start = kStart;
  options.today = kStart + 30;
  struct Case {
    const char* name;
    std::function<void(tools::GeneratorOptions&)> change;
  };
  const Case cases[] = {
      {"no events", [](tools::GeneratorOptions& o) { o.events = 0; }},
      {"today before start", [](tools::GeneratorOptions& o) { o.today = o.start - 1; }},
      {"no window", [](tools::GeneratorOptions& o) { o.commands_in_flight_max = 0; }},
      {"bad parameters", [](tools::GeneratorOptions& o) { o.parameters.required_hours = 0; }},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    tools::GeneratorOptions bad = options;
    c.change(bad);
    auto summary = tools::GenerateLedger(**store, bad, {});
    CHECK(summary.status().code() == Status::Code::kInvalidArgument);
    CHECK((*store)->head().size == 0);
  }
  auto summary = tools::GenerateLedger(**store, options, {});
  REQUIRE_OK(summary);
  CHECK(summary->events > 0);
  auto again = tools::GenerateLedger(**store, options, {});
  CHECK(again.status().code() == Status::Code::kInvalidArgument);
  CHECK(again.status().message().find("empty ledger") != std::string::npos);
}

// ---- the replay itself: a hand-made ledger that breaks one rule per command

void Append(EventStore& store, const std::string& stream, ActorRef actor, Day day,
            const std::function<void(EventDraft&)>& fill) {
  static int commands = 0;
  AppendRequest request = AppendRequest::ForStream(
      "broken/cmd-" + std::to_string(++commands), std::move(actor), stream, ExpectedVersion::Any());
  fill(request.AddEvent(domain::NoonUs(day)));
  auto receipt = store.Append(request);
  REQUIRE_OK(receipt);
}

TEST_CASE("the rule replay finds each broken rule of a hand-made ledger", "[tools]") {
  testing::TempDir dir;
  auto opened = EventStore::Open({.path = dir.path()});
  REQUIRE_OK(opened);
  EventStore& store = **opened;
  const std::string trajectory = "trajectory-T-broken";
  const ActorRef counsellor{schema::Role::COUNSELLOR, "agency-office-gent", "tb-0001"};
  const ActorRef newcomer{schema::Role::NEWCOMER, "self", "subject-1"};
  const Day day = DayFromCivil({2024, 1, 10});
  Append(store, trajectory, counsellor, day, [&](EventDraft& draft) {
    auto event = draft.event().initTrajectoryOpened();
    event.setSubjectId("subject-1");
    event.setMunicipalityCode("44021");
    domain::SetSchemaDate(event.initContractSignedOn(), day);
    event.setPerspective(schema::Perspective::SOCIAL);
    event.setRequiredHours(40);
    draft.personal().setFullName("Amina Haddad");
    draft.personal().setNationalRegisterNumber("90021512345");  // Wrong check digits.
  });
  Append(store, trajectory, counsellor, day, [&](EventDraft& draft) {
    auto event = draft.event().initDirectorAssigned();
    event.setPerspective(schema::Perspective::SOCIAL);
    event.setDirectorOrganisation("municipality-44021");
  });
  for (const char* id : {"act-1", "act-2"}) {
    Append(store, trajectory, counsellor, day + 1, [&](EventDraft& draft) {
      auto event = draft.event().initActivityRegistered();
      event.setActivityId(id);
      event.setProviderOrganisation("club-gent-1");
      event.setContactPersonId("cp-1");
      event.setDutchLanguageContext(std::string(id) == "act-1");
      event.setSocialParticipation(true);
    });
  }
  auto log = [&](const char* entry, const char* activity, Day on) {
    Append(store, trajectory, newcomer, on, [&](EventDraft& draft) {
      auto event = draft.event().initHoursLogged();
      event.setHoursEntryId(entry);
      event.setActivityId(activity);
      domain::SetSchemaDate(event.initSessionOn(), on);
      event.setMinutes(120);
    });
  };
  log("h-1", "act-2", day + 2);  // Ineligible activity.
  log("h-2", "act-1", day + 2);
  Append(store, trajectory, {schema::Role::PROVIDER_CONTACT, "club-gent-1", "cp-9"}, day + 3,
         [&](EventDraft& draft) {
           auto event = draft.event().initHoursAttested();
           event.setActivityId("act-1");
           event.setContactPersonId("cp-1");
           event.setProofReference("bvd-1");
           event.getScope().initHoursEntryIds(1).set(0, "h-2");
         });
  Append(store, trajectory, newcomer, day + 3, [&](EventDraft& draft) {
    auto event = draft.event().initOfferRequested();
    event.setRequestId("req-1");
    event.setPerspective(schema::Perspective::SOCIAL);
    domain::SetSchemaDate(event.initAvailableFrom(), day + 3);
    event.setMinimumHours(20);
  });
  Append(store, trajectory, {schema::Role::DIRECTOR, "VDAB", "vdab-regie-001"}, day + 4,
         [&](EventDraft& draft) {
           auto event = draft.event().initOfferMade();
           event.setOfferId("offer-1");
           event.setRequestId("req-1");
           event.setPerspective(schema::Perspective::SOCIAL);
           event.setOfferedHours(20);
           domain::SetSchemaDate(event.initMadeOn(), day + 4);
         });
  Append(store, trajectory, counsellor, day + 5, [&](EventDraft& draft) {
    domain::SetSchemaDate(draft.event().initExemptionGranted().initGrantedOn(), day + 5);
  });
  log("h-3", "act-1", day + 6);  // After the exemption.
  const std::string complaint = "complaint-C-broken";
  Append(store, complaint, newcomer, day + 20, [&](EventDraft& draft) {
    auto event = draft.event().initComplaintFiled();
    event.setComplainantId("subject-1");
    event.setTrajectoryId("T-broken");
    event.setAgainstOrganisation("municipality-44021");
    domain::SetSchemaDate(event.initFactsOccurredOn(), day + 4);
    domain::SetSchemaDate(event.initReceivedOn(), day + 20);
    draft.personal().setFullName("Amina Haddad");
  });
  const ActorRef handler{schema::Role::COMPLAINT_ORGANISATION, "complaint-organisation", "h-1"};
  Append(store, complaint, handler, day + 25, [&](EventDraft& draft) {
    domain::SetSchemaDate(draft.event().initComplaintAcknowledged().initAcknowledgedOn(), day + 25);
  });
  Append(store, complaint, handler, day + 24, [&](EventDraft& draft) {
    auto event = draft.event().initComplaintDeclaredInadmissible();
    event.setGround(schema::InadmissibilityGround::FACTS_OLDER_THAN_ONE_YEAR);
    domain::SetSchemaDate(event.initMotivatedOn(), day + 24);
  });

  testing::RuleReplay replay = testing::ReplayRules(store, day + 30);
  std::string all;
  for (const std::string& violation : replay.violations) all += violation + "\n";
  INFO(all);
  const char* expected[] = {
      "not 11 digits with valid check digits",
      "hours on an ineligible activity",
      "not the contact person",
      "not the perspective's director",
      "event after the exemption",
      "dated before the complaint's previous event",
      "facts are not older than one year",
  };
  for (const char* part : expected) CHECK(all.find(part) != std::string::npos);
  CHECK(replay.violation_count == std::size(expected));
}

}  // namespace
}  // namespace ledger
