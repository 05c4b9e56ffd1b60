// Goal: erasing a person deletes every personal payload of theirs (as newcomer, as complainant,
// free text) from every file of the ledger directory, with one personErased event that keeps
// every proof valid; the audit tells an erasure from a loss; retries and bad requests answer
// clearly and change nothing.
// Method: a real ledger of 120 people (each a trajectory with name, national number and an
// activity's free text, hours, and a complaint with contact and facts; some complain without
// a trajectory), half of them flushed into table files and half still in the write-ahead log,
// with a checkpoint signed before. Each person's values are random, so a byte search of every
// file (tests/support/byte_search.h) finds exactly their copies.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

#include "ledger/base/limits.h"
#include "ledger/domain/erasure.h"
#include "ledger/domain/streams.h"
#include "ledger/format/hash.h"
#include "ledger/format/layout.h"
#include "ledger/integrity/audit.h"
#include "ledger/integrity/bundle.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/proof_verify.h"
#include "ledger/integrity/receipt.h"
#include "ledger/store/backup.h"
#include "ledger/store/bundle_export.h"
#include "ledger/store/checkpointer.h"
#include "ledger/store/directory_source.h"
#include "ledger/store/event_store.h"
#include "ledger/store/receipts.h"
#include "tests/support/byte_search.h"
#include "tests/support/domain_events.h"
#include "tests/support/require_ok.h"
#include "tests/support/signed_ledger.h"
#include "tests/support/temp_dir.h"

namespace ledger {
namespace {

using testing::FilesHolding;
using testing::On;

constexpr int kPeople = 120;
constexpr int kHoursPerTrajectory = 8;
const ActorRef kAdministrator{schema::Role::ADMINISTRATOR, "agency", "admin-1"};

// A random token of letters and digits: a value no other payload holds.
std::string Random(std::mt19937_64& random, std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (std::size_t i = 0; i < length; ++i) out += kAlphabet[random() % kAlphabet.size()];
  return out;
}

struct Person {
  std::string subject;
  std::string name;      // fullName on the opening and the filing.
  std::string number;    // nationalRegisterNumber on the opening.
  std::string activity;  // freeText of the activity registration.
  std::string contact;   // contact on the filing.
  std::string facts;     // freeText of the filing.
  bool has_trajectory = true;
  std::vector<std::string> Values() const {
    std::vector<std::string> values{name, contact, facts};
    if (has_trajectory) {
      values.push_back(number);
      values.push_back(activity);
    }
    return values;
  }
};

Person MakePerson(int i, std::mt19937_64& random) {
  return Person{.subject = "subject-" + std::to_string(i),
                .name = "Name " + Random(random, 24),
                .number = Random(random, 24),
                .activity = "walks with the buddy near " + Random(random, 24),
                .contact = "street " + Random(random, 24),
                .facts = "the offer never came because " + Random(random, 24),
                .has_trajectory = i % 10 != 3};
}

void Append(EventStore& store, AppendRequest request) {
  Result<AppendReceipt> receipt = store.Append(request);
  REQUIRE_OK(receipt);
}

AppendRequest One(const std::string& command, const ActorRef& actor, const std::string& stream) {
  return AppendRequest::ForStream(command, actor, stream, ExpectedVersion::Any());
}

// The person's trajectory (opening, activity, hours) and complaint, through the store.
void Write(EventStore& store, const Person& person) {
  std::string trajectory = "T-" + person.subject;
  std::int64_t at = domain::NoonUs(On(2026, 3, 10));
  if (person.has_trajectory) {
    AppendRequest open =
        One("open-" + trajectory, testing::Counsellor(), domain::TrajectoryStream(trajectory));
    EventDraft& opened = open.AddEvent(at);
    testing::Fill(opened.event(), testing::TrajectoryOpenedArgs{.subject_id = person.subject});
    opened.personal().setFullName(person.name);
    opened.personal().setNationalRegisterNumber(person.number);
    Append(store, std::move(open));
    AppendRequest activity =
        One("act-" + trajectory, testing::Counsellor(), domain::TrajectoryStream(trajectory));
    EventDraft& registered = activity.AddEvent(at);
    testing::Fill(registered.event(), testing::ActivityRegisteredArgs{});
    registered.personal().setFreeText(person.activity);
    Append(store, std::move(activity));
    for (int h = 0; h < kHoursPerTrajectory; ++h) {
      std::string id = "h-" + std::to_string(h);
      AppendRequest hours = One(id + "-" + trajectory, testing::Newcomer(person.subject),
                                domain::TrajectoryStream(trajectory));
      testing::Fill(hours.AddEvent(at).event(), testing::HoursLoggedArgs{.hours_entry_id = id});
      Append(store, std::move(hours));
    }
  }
  std::string complaint = "C-" + person.subject;
  AppendRequest file = One("file-" + complaint, testing::Newcomer(person.subject),
                           domain::ComplaintStream(complaint));
  EventDraft& filed = file.AddEvent(at);
  testing::Fill(filed.event(), testing::ComplaintFiledArgs{
                                   .complainant_id = person.subject,
                                   .trajectory_id = person.has_trajectory ? trajectory : ""});
  filed.personal().setFullName(person.name);
  filed.personal().setContact(person.contact);
  filed.personal().setFreeText(person.facts);
  Append(store, std::move(file));
}

// A ledger of kPeople people with a checkpoint signed over them: the first half flushed into
// table files (by a close and reopen), the second half only in the write-ahead log.
class PeopleLedger {
 public:
  PeopleLedger() : random_(std::random_device{}()) {
    auto signer = NoteSigner::Generate("erasure-test");
    REQUIRE_OK(signer);
    signer_ = std::make_unique<NoteSigner>(std::move(signer).value());
    for (int i = 0; i < kPeople; ++i) people_.push_back(MakePerson(i, random_));
    Open();
    for (int i = 0; i < kPeople / 2; ++i) Write(*store_, people_[i]);
    Reopen();
    for (int i = kPeople / 2; i < kPeople; ++i) Write(*store_, people_[i]);
    before_ = Sign();
  }

  void Open() {
    auto store = EventStore::Open({.path = path()});
    REQUIRE_OK(store);
    store_ = std::move(store).value();
    Result<NoteSigner> copy = NoteSigner::FromPrivateKeyText(signer_->PrivateKeyText());
    REQUIRE_OK(copy);
    auto checkpointer = Checkpointer::Start(*store_, std::move(copy).value(),
                                            {.origin = signer_->name(), .background = false});
    REQUIRE_OK(checkpointer);
    checkpointer_ = std::move(checkpointer).value();
  }
  void Close() {
    checkpointer_.reset();
    store_.reset();
  }
  void Reopen() {
    Close();
    Open();
  }
  StoredCheckpoint Sign() {
    Result<StoredCheckpoint> signed_now = checkpointer_->SignNow();
    REQUIRE_OK(signed_now);
    return *signed_now;
  }

  Result<domain::ErasureResult> Erase(const std::string& subject, const std::string& command,
                                      const ActorRef& actor = kAdministrator) {
    return domain::EraseSubject(*store_,
                                {.command_id = command,
                                 .actor = actor,
                                 .subject_id = subject,
                                 .legal_basis = "GDPR art. 17(1)(a)",
                                 .request_reference = "DPO-2026-0042"},
                                domain::NoonUs(On(2026, 11, 20)));
  }

  Result<AuditReport> AuditNow(std::optional<std::string> saved = std::nullopt) {
    // Read-only beside the open store, as an auditor beside ledgerd.
    auto source = DirectorySource::Open(path());
    if (!source.ok()) return source.status();
    return Audit(**source, {.keys = testing::KeysOf(*signer_),
                            .saved_checkpoint = saved,
                            .allow_unsigned_tail = true});
  }

  std::string path() const { return dir_.Sub("ledger"); }
  EventStore& store() { return *store_; }
  const Person& person(int i) const { return people_[static_cast<std::size_t>(i)]; }
  const StoredCheckpoint& before() const { return before_; }
  const NoteSigner& signer() const { return *signer_; }

 private:
  testing::TempDir dir_;
  std::mt19937_64 random_;
  std::unique_ptr<NoteSigner> signer_;
  std::vector<Person> people_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<Checkpointer> checkpointer_;
  StoredCheckpoint before_;
};

// Every value of `person` is in some file under `root` (the search can find what it looks for).
void CheckFound(const std::string& root, const Person& person) {
  for (const std::string& value : person.Values()) {
    INFO(person.subject << " value '" << value << "'");
    CHECK_FALSE(FilesHolding(root, value).empty());
  }
}

// No value of `person` is in any file under `root`.
void CheckGone(const std::string& root, const Person& person) {
  for (const std::string& value : person.Values()) {
    std::vector<std::string> files = FilesHolding(root, value);
    INFO(person.subject << " value '" << value << "' is still in "
                        << (files.empty() ? "no file" : files.front()));
    CHECK(files.empty());
  }
}

// Every entry of the subject's streams that commits to a payload reads it (or not).
void CheckReads(const EventStore& store, const std::string& subject, PersonalState expected) {
  Result<domain::SubjectPayloads> payloads = domain::FindSubjectPayloads(store, subject);
  REQUIRE_OK(payloads);
  REQUIRE_FALSE(payloads->stream_ids.empty());
  if (expected == PersonalState::kPresent) {
    CHECK(payloads->absent.empty());
    CHECK_FALSE(payloads->stored.empty());
  } else {
    CHECK(payloads->stored.empty());
    CHECK_FALSE(payloads->absent.empty());
  }
}

TEST_CASE("an erased newcomer's and complainant's values are in no file of the ledger",
          "[ledger]") {
  PeopleLedger ledger;
  const Person& early = ledger.person(4);         // Trajectory and complaint, in table files.
  const Person& late = ledger.person(95);         // Trajectory and complaint, in the WAL.
  const Person& complainant = ledger.person(13);  // Complaint only, no trajectory.
  REQUIRE_FALSE(complainant.has_trajectory);
  for (const Person* person : {&early, &late, &complainant}) CheckFound(ledger.path(), *person);

  std::uint64_t head = ledger.store().head().size;
  Result<domain::ErasureResult> erased = ledger.Erase(early.subject, "erase-early");
  REQUIRE_OK(erased);
  CHECK(erased->receipt.outcome == AppendOutcome::kAppended);
  CHECK(erased->receipt.first_position.value == head);
  CHECK(erased->stream_id == "erasure-" + early.subject);
  CHECK(erased->erased_positions.size() == 3);  // Opening, activity, filing.
  CHECK(erased->streams_searched == static_cast<std::uint64_t>(kPeople + kPeople * 9 / 10));
  // Gone as soon as the erasure answers (before later flushes could trigger a compaction).
  CheckGone(ledger.path(), early);
  REQUIRE_OK(ledger.Erase(late.subject, "erase-late"));
  Result<domain::ErasureResult> only_complaint = ledger.Erase(complainant.subject, "erase-c");
  REQUIRE_OK(only_complaint);
  CHECK(only_complaint->erased_positions.size() == 1);

  for (const Person* person : {&early, &late, &complainant}) {
    CheckGone(ledger.path(), *person);
    CheckReads(ledger.store(), person->subject, PersonalState::kAbsent);
  }
  // Everyone else keeps their payloads, and the entries are the ones signed before.
  CheckReads(ledger.store(), ledger.person(5).subject, PersonalState::kPresent);
  CheckFound(ledger.path(), ledger.person(96));
  Result<Checkpoint> before =
      OpenCheckpoint(ledger.before().note, testing::KeysOf(ledger.signer()));
  REQUIRE_OK(before);
  CHECK(*ledger.store().RootAt(ledger.before().size) == before->root);
  Result<std::optional<Position>> at =
      domain::FindErasureOf(ledger.store(), early.subject, erased->erased_positions.front());
  REQUIRE_OK(at);
  CHECK(*at == std::optional<Position>(erased->receipt.first_position));

  // After a restart too: nothing came back from a log replay.
  ledger.Reopen();
  CheckGone(ledger.path(), early);
  CheckGone(ledger.path(), late);
}

TEST_CASE("after an erasure the audit passes, counts it, and older proofs still verify",
          "[ledger]") {
  PeopleLedger ledger;
  const Person& person = ledger.person(7);
  Result<domain::SubjectPayloads> payloads =
      domain::FindSubjectPayloads(ledger.store(), person.subject);
  REQUIRE_OK(payloads);
  Position opening = payloads->stored.front();
  // A receipt made before, with the payload it commits to.
  Result<Receipt> receipt = MakeReceipt(ledger.store().database(), opening, true);
  REQUIRE_OK(receipt);

  Result<domain::ErasureResult> erased = ledger.Erase(person.subject, "erase-7");
  REQUIRE_OK(erased);
  StoredCheckpoint after = ledger.Sign();

  Result<AuditReport> report = ledger.AuditNow(ledger.before().note);
  REQUIRE_OK(report);
  INFO((report->finding ? report->finding->ToString() : "no finding"));
  CHECK_FALSE(report->finding.has_value());
  CHECK(report->size == after.size);
  CHECK(report->signed_size == after.size);
  CHECK(report->payloads_erased == erased->erased_positions.size());
  REQUIRE(report->erasures.size() == 1);
  CHECK(report->erasures[0].position == erased->receipt.first_position.value);
  CHECK(report->erasures[0].payloads_erased == 3);

  // The checkpoint signed before is consistent with the one after.
  Result<std::vector<Hash>> proof =
      StoredConsistencyProof(ledger.store().database(), ledger.before().size, after.size);
  REQUIRE_OK(proof);
  auto keys = testing::KeysOf(ledger.signer());
  Result<Checkpoint> old_checkpoint = OpenCheckpoint(ledger.before().note, keys);
  Result<Checkpoint> new_checkpoint = OpenCheckpoint(after.note, keys);
  REQUIRE_OK(old_checkpoint);
  REQUIRE_OK(new_checkpoint);
  CHECK(VerifyConsistency(old_checkpoint->size, new_checkpoint->size, old_checkpoint->root,
                          new_checkpoint->root, *proof)
            .ok());
  // The receipt made before verifies: its entry and payload still match the commitment.
  Result<Checkpoint> receipt_checkpoint = VerifyReceipt(*receipt, keys);
  INFO((receipt_checkpoint.ok() ? "" : receipt_checkpoint.status().ToString()));
  CHECK_OK(receipt_checkpoint);
}

TEST_CASE("a payload deleted without an erasure is a finding at its position", "[ledger]") {
  PeopleLedger ledger;
  REQUIRE_OK(ledger.Erase(ledger.person(2).subject, "erase-2"));
  Result<domain::SubjectPayloads> victim =
      domain::FindSubjectPayloads(ledger.store(), ledger.person(40).subject);
  REQUIRE_OK(victim);
  Position lost = victim->stored[1];
  ledger.Close();
  testing::Tamper(ledger.path(), [&](const Database& db) {
    REQUIRE_OK(db.db()->Delete({}, db.personal(), layout::PositionKey(lost)));
  });
  ledger.Open();
  Result<AuditReport> report = ledger.AuditNow();
  REQUIRE_OK(report);
  REQUIRE(report->finding.has_value());
  CHECK(report->finding->kind == FindingKind::kPersonalMissing);
  CHECK(report->finding->position == lost.value);
  // The reader says "absent" but finds no erasure listing it.
  Result<std::optional<Position>> erasure =
      domain::FindErasureOf(ledger.store(), ledger.person(40).subject, lost);
  REQUIRE_OK(erasure);
  CHECK_FALSE(erasure->has_value());
}

TEST_CASE("an erasure event whose payloads are still stored is a finding", "[ledger]") {
  PeopleLedger ledger;
  Result<domain::SubjectPayloads> payloads =
      domain::FindSubjectPayloads(ledger.store(), ledger.person(9).subject);
  REQUIRE_OK(payloads);
  // A personErased entry appended without deleting anything: it claims what did not happen.
  AppendRequest claim = One("false-claim", kAdministrator, domain::ErasureStream("subject-9"));
  testing::Fill(claim.AddEvent(domain::NoonUs(On(2026, 11, 20))).event(),
                testing::PersonErasedArgs{.subject_id = "subject-9",
                                          .erased_positions = {payloads->stored[0].value}});
  Append(ledger.store(), std::move(claim));
  Result<AuditReport> report = ledger.AuditNow();
  REQUIRE_OK(report);
  REQUIRE(report->finding.has_value());
  CHECK(report->finding->kind == FindingKind::kErasureIncomplete);
  CHECK(report->finding->position == payloads->stored[0].value);
}

TEST_CASE("an erasure is idempotent and refuses clearly what it cannot do", "[ledger]") {
  PeopleLedger ledger;
  const Person& person = ledger.person(21);
  Result<domain::ErasureResult> first = ledger.Erase(person.subject, "erase-21");
  REQUIRE_OK(first);
  std::uint64_t head = ledger.store().head().size;

  SECTION("the same command id answers alreadyAppended with the original erasure") {
    Result<domain::ErasureResult> again = ledger.Erase(person.subject, "erase-21");
    REQUIRE_OK(again);
    CHECK(again->receipt.outcome == AppendOutcome::kAlreadyAppended);
    CHECK(again->receipt.first_position == first->receipt.first_position);
    CHECK(again->erased_positions == first->erased_positions);
  }
  SECTION("an erased subject, under a new command id, is subject_already_erased") {
    Result<domain::ErasureResult> again = ledger.Erase(person.subject, "erase-21-bis");
    REQUIRE_FALSE(again.ok());
    CHECK(again.status().rejection() == RejectionCode::kSubjectAlreadyErased);
    CHECK_THAT(again.status().message(),
               Catch::Contains("erased at position " +
                               std::to_string(first->receipt.first_position.value)));
  }
  SECTION("an unknown subject is subject_not_found") {
    Result<domain::ErasureResult> unknown = ledger.Erase("subject-nobody", "erase-nobody");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.status().rejection() == RejectionCode::kSubjectNotFound);
    CHECK_THAT(unknown.status().message(), Catch::Contains("'subject-nobody'"));
  }
  SECTION("the command id of another subject's erasure is command_id_reused") {
    Result<domain::ErasureResult> reused = ledger.Erase(ledger.person(22).subject, "erase-21");
    REQUIRE_FALSE(reused.ok());
    CHECK(reused.status().rejection() == RejectionCode::kCommandIdReused);
    CheckReads(ledger.store(), ledger.person(22).subject, PersonalState::kPresent);
  }
  SECTION("only an administrator or the system erases") {
    Result<domain::ErasureResult> refused =
        ledger.Erase(ledger.person(22).subject, "erase-22", testing::Counsellor());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.status().rejection() == RejectionCode::kRoleNotPermitted);
    CheckReads(ledger.store(), ledger.person(22).subject, PersonalState::kPresent);
  }
  SECTION("a missing legal basis or a bad subject id is invalid and changes nothing") {
    Result<domain::ErasureResult> no_basis =
        domain::EraseSubject(ledger.store(),
                             {.command_id = "erase-22",
                              .actor = kAdministrator,
                              .subject_id = ledger.person(22).subject,
                              .legal_basis = "",
                              .request_reference = "DPO-1"},
                             domain::NoonUs(On(2026, 11, 20)));
    CHECK(no_basis.status().code() == Status::Code::kInvalidArgument);
    CHECK_THAT(no_basis.status().message(), Catch::Contains("legalBasis"));
    Result<domain::ErasureResult> bad_id = ledger.Erase("subject with spaces", "erase-x");
    CHECK(bad_id.status().code() == Status::Code::kInvalidArgument);
    CheckReads(ledger.store(), ledger.person(22).subject, PersonalState::kPresent);
  }
  CHECK(ledger.store().head().size == head);
}

TEST_CASE("an erasure of more payloads than one event lists appends several, all or none",
          "[ledger]") {
  PeopleLedger ledger;
  // A person whose trajectory holds 4,100 activities with free text: 4,101 payloads with the
  // opening, more than the 4,096 one personErased event may list.
  const std::string subject = "subject-many";
  const std::string trajectory = domain::TrajectoryStream("T-many");
  std::int64_t at = domain::NoonUs(On(2026, 3, 10));
  AppendRequest open = One("open-many", testing::Counsellor(), trajectory);
  EventDraft& opened = open.AddEvent(at);
  testing::Fill(opened.event(), testing::TrajectoryOpenedArgs{.subject_id = subject});
  opened.personal().setFullName("Name of many");
  Append(ledger.store(), std::move(open));
  AppendRequest activities = One("activities-many", testing::Counsellor(), trajectory);
  constexpr std::size_t kActivities = limits::kErasedPositionsPerEventMax + 4;
  for (std::size_t i = 0; i < kActivities; ++i) {
    EventDraft& registered = activities.AddEvent(at);
    testing::Fill(registered.event(), testing::ActivityRegisteredArgs{});
    registered.personal().setFreeText("remark " + std::to_string(i));
  }
  Append(ledger.store(), std::move(activities));

  Result<domain::ErasureResult> erased = ledger.Erase(subject, "erase-many");
  REQUIRE_OK(erased);
  CHECK(erased->erased_positions.size() == kActivities + 1);
  CHECK(erased->receipt.count == 2);
  CheckReads(ledger.store(), subject, PersonalState::kAbsent);
  // The events split the positions in order: 4,096 in the first, the rest in the second.
  std::vector<Position> listed;
  for (std::uint32_t i = 0; i < erased->receipt.count; ++i) {
    Result<StoredEntry> entry =
        ledger.store().ReadEntry(Position{erased->receipt.first_position.value + i});
    REQUIRE_OK(entry);
    REQUIRE(entry->reader().getEvent().isPersonErased());
    auto positions = entry->reader().getEvent().getPersonErased().getErasedPositions();
    CHECK(positions.size() == (i == 0 ? limits::kErasedPositionsPerEventMax : 5));
    for (std::uint64_t position : positions) listed.push_back(Position{position});
  }
  CHECK(listed == erased->erased_positions);

  Result<AuditReport> report = ledger.AuditNow();
  REQUIRE_OK(report);
  INFO((report->finding ? report->finding->ToString() : "no finding"));
  CHECK_FALSE(report->finding.has_value());
  CHECK(report->payloads_erased == kActivities + 1);
  CHECK(report->erasures.size() == 2);

  // A retry answers the whole erasure: both events and every position.
  Result<domain::ErasureResult> again = ledger.Erase(subject, "erase-many");
  REQUIRE_OK(again);
  CHECK(again->receipt.outcome == AppendOutcome::kAlreadyAppended);
  CHECK(again->receipt.count == 2);
  CHECK(again->receipt.first_position == erased->receipt.first_position);
  CHECK(again->erased_positions == erased->erased_positions);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Rewrites the bundle at `in` into `out` as a forger would: `magic` for its magic line, `edit`
// applied to every record's (type, payload), and the trailer's digest recomputed.
void RewriteBundle(const std::string& in, const std::string& out, std::string_view magic,
                   const std::function<void(std::uint8_t&, std::string&)>& edit) {
  std::string data = ReadAll(in);
  std::string result(magic);
  Sha256Stream digest;
  digest.Update(magic);
  for (std::size_t off = kBundleMagic.size(); off < data.size();) {
    auto type = static_cast<std::uint8_t>(data[off]);
    std::uint32_t length = layout::ReadBigEndian32(data.data() + off + 1);
    std::string payload = data.substr(off + 5, length);
    off += 5 + length;
    if (type != 7) edit(type, payload);
    std::string header(1, static_cast<char>(type));
    if (type == 7) {  // The trailer: the root, then the digest of everything before.
      Hash sum = digest.Finish();
      payload.replace(32, 32, reinterpret_cast<const char*>(sum.data()), sum.size());
    }
    layout::AppendBigEndian32(header, static_cast<std::uint32_t>(payload.size()));
    if (type != 7) {
      digest.Update(header);
      digest.Update(payload);
    }
    result += header + payload;
  }
  std::ofstream(out, std::ios::binary) << result;
}

Result<AuditReport> AuditBundle(const std::string& path, const NoteSigner& signer) {
  auto source = BundleSource::Open(path);
  if (!source.ok()) return source.status();
  return Audit(**source, {.keys = testing::KeysOf(signer)});
}

TEST_CASE(
    "bundles exported before and after an erasure verify, and the one after carries no "
    "erased value and says which positions went",
    "[ledger]") {
  PeopleLedger ledger;
  testing::TempDir dir;
  const Person& person = ledger.person(7);
  const ExportOptions with_personal{
      .with_personal = true, .erasure_stream_prefix = std::string(domain::kErasureStreamPrefix)};
  const std::string before = dir.Sub("before") + "/ledger.bundle";
  const std::string after = dir.Sub("after") + "/ledger.bundle";
  std::filesystem::create_directories(dir.Sub("before"));
  std::filesystem::create_directories(dir.Sub("after"));
  const Database& db = ledger.store().database();
  REQUIRE_OK(ExportBundle(db, "test", before, with_personal));

  Result<domain::ErasureResult> erased = ledger.Erase(person.subject, "erase-7");
  REQUIRE_OK(erased);
  const std::uint64_t erasure = erased->receipt.first_position.value;
  ledger.Sign();
  Result<ExportSummary> summary = ExportBundle(db, "test", after, with_personal);
  REQUIRE_OK(summary);
  CHECK(summary->erased_payloads == erased->erased_positions.size());
  Result<ExportSummary> without =
      ExportBundle(db, "test", dir.Sub("without.bundle"),
                   {.erasure_stream_prefix = std::string(domain::kErasureStreamPrefix)});
  REQUIRE_OK(without);
  CHECK(without->personal_payloads == 0);
  CHECK(without->erased_payloads == erased->erased_positions.size());

  CheckFound(dir.Sub("before"), person);  // The search finds what the bundle carries...
  CheckGone(dir.Sub("after"), person);    // ...and the bundle made after carries none of it.
  for (const std::string& path : {before, after, dir.Sub("without.bundle")}) {
    INFO(path);
    Result<AuditReport> report = AuditBundle(path, ledger.signer());
    REQUIRE_OK(report);
    INFO((report->finding ? report->finding->ToString() : "no finding"));
    CHECK_FALSE(report->finding.has_value());
    if (path == before) {
      CHECK(report->payloads_erased == 0);
      continue;
    }
    CHECK(report->payloads_erased == erased->erased_positions.size());
    REQUIRE(report->erasures.size() == 1);
    CHECK(report->erasures[0].position == erasure);
  }

  SECTION("an erased record naming an event that does not list it is a finding") {
    std::uint64_t victim = erased->erased_positions.front().value;
    RewriteBundle(after, dir.Sub("forged.bundle"), kBundleMagic,
                  [&](std::uint8_t& type, std::string& payload) {
                    if (type != 8 || layout::ReadBigEndian64(payload.data()) != victim) return;
                    payload = payload.substr(0, 8);
                    layout::AppendBigEndian64(payload, erasure - 1);  // Some other entry.
                  });
    Result<AuditReport> report = AuditBundle(dir.Sub("forged.bundle"), ledger.signer());
    REQUIRE_OK(report);
    REQUIRE(report->finding.has_value());
    CHECK(report->finding->kind == FindingKind::kErasureIncomplete);
    CHECK(report->finding->position == victim);
  }
  SECTION("a bundle that carries a payload its erasure lists is a finding") {
    // The victim's payload record of the bundle made before, in place of its erased record.
    std::uint64_t victim = erased->erased_positions.front().value;
    std::string payload_before;
    RewriteBundle(before, dir.Sub("scratch.bundle"), kBundleMagic,
                  [&](std::uint8_t& type, std::string& payload) {
                    if (type == 4 && layout::ReadBigEndian64(payload.data()) == victim) {
                      payload_before = payload;
                    }
                  });
    REQUIRE_FALSE(payload_before.empty());
    RewriteBundle(after, dir.Sub("carried.bundle"), kBundleMagic,
                  [&](std::uint8_t& type, std::string& payload) {
                    if (type != 8 || layout::ReadBigEndian64(payload.data()) != victim) return;
                    type = 4;
                    payload = payload_before;
                  });
    Result<AuditReport> report = AuditBundle(dir.Sub("carried.bundle"), ledger.signer());
    REQUIRE_OK(report);
    REQUIRE(report->finding.has_value());
    CHECK(report->finding->kind == FindingKind::kErasureIncomplete);
    CHECK(report->finding->position == victim);
  }
  SECTION("a version-1 bundle still verifies, and may not hold erased records") {
    RewriteBundle(before, dir.Sub("v1.bundle"), kBundleMagicVersion1,
                  [](std::uint8_t&, std::string&) {});
    Result<AuditReport> old = AuditBundle(dir.Sub("v1.bundle"), ledger.signer());
    REQUIRE_OK(old);
    CHECK_FALSE(old->finding.has_value());
    RewriteBundle(after, dir.Sub("v1-erased.bundle"), kBundleMagicVersion1,
                  [](std::uint8_t&, std::string&) {});
    auto refused = BundleSource::Open(dir.Sub("v1-erased.bundle"));
    CHECK(refused.status().code() == Status::Code::kCorruption);
  }
}

TEST_CASE("the store refuses to delete payloads of entries not below the append", "[ledger]") {
  PeopleLedger ledger;
  std::uint64_t head = ledger.store().head().size;
  AppendRequest request = One("bad-erasure", kAdministrator, domain::ErasureStream("subject-1"));
  testing::Fill(request.AddEvent(domain::NoonUs(On(2026, 11, 20))).event(),
                testing::PersonErasedArgs{.subject_id = "subject-1", .erased_positions = {}});
  request.erase_personal = {Position{3}, Position{head}};
  Result<AppendReceipt> refused = ledger.store().Append(request);
  CHECK(refused.status().code() == Status::Code::kInvalidArgument);
  request.erase_personal = {Position{5}, Position{3}};
  refused = ledger.store().Append(request);
  CHECK(refused.status().code() == Status::Code::kInvalidArgument);
  CHECK(ledger.store().head().size == head);
  Result<StoredEntry> kept = ledger.store().ReadEntry(Position{3});
  REQUIRE_OK(kept);
  CHECK(kept->personal_state() != PersonalState::kAbsent);
}

TEST_CASE("an erasure written but not purged is purged when the ledger opens again", "[ledger]") {
  PeopleLedger ledger;
  const Person& person = ledger.person(30);
  Result<domain::SubjectPayloads> payloads =
      domain::FindSubjectPayloads(ledger.store(), person.subject);
  REQUIRE_OK(payloads);
  // What a crash between the erasure's synced write and its purge leaves: the deletions and
  // meta/purge-pending on disk, the values still in table files.
  AppendRequest request = One("erase-30", kAdministrator, domain::ErasureStream(person.subject));
  std::vector<std::uint64_t> listed;
  for (Position p : payloads->stored) listed.push_back(p.value);
  testing::Fill(
      request.AddEvent(domain::NoonUs(On(2026, 11, 20))).event(),
      testing::PersonErasedArgs{.subject_id = person.subject, .erased_positions = listed});
  request.erase_personal = payloads->stored;
  Append(ledger.store(), std::move(request));
  ledger.Close();
  CheckFound(ledger.path(), ledger.person(31));  // The search still finds what is there.
  bool still_there = false;
  for (const std::string& value : person.Values()) {
    still_there = still_there || !FilesHolding(ledger.path(), value).empty();
  }
  CHECK(still_there);  // Person 30 is in the first half: in table files, not yet compacted.

  ledger.Open();
  CheckGone(ledger.path(), person);
  Result<AuditReport> report = ledger.AuditNow();
  REQUIRE_OK(report);
  CHECK_FALSE(report->finding.has_value());
  CHECK(report->payloads_erased == listed.size());
}

TEST_CASE("a backup made after an erasure holds none of the erased values, and restores erased",
          "[ledger]") {
  PeopleLedger ledger;
  const Person& erased = ledger.person(4);
  testing::TempDir backups_dir;
  std::string backups = backups_dir.Sub("backups");
  auto set = BackupSet::Open(backups, /*create=*/true);
  REQUIRE_OK(set);
  AuditOptions keys{.keys = testing::KeysOf(ledger.signer())};
  Result<BackupSummary> before = ledger.store().BackUp(**set);
  REQUIRE_OK(before);
  CheckFound(backups, erased);  // The search finds the values in a backup that holds them.

  REQUIRE_OK(ledger.Erase(erased.subject, "erase-before-backup"));
  Result<BackupSummary> after = ledger.store().BackUp(**set);
  REQUIRE_OK(after);
  std::string restored = backups_dir.Sub("restored");
  Result<BackupReport> back = (*set)->Restore(after->id, restored, keys);
  REQUIRE_OK(back);
  CHECK(back->report.payloads_erased == 3);
  CheckGone(restored, erased);
  CheckFound(restored, ledger.person(5));
  {
    auto copy = EventStore::Open({.path = restored, .create_if_missing = false});
    REQUIRE_OK(copy);
    CheckReads(**copy, erased.subject, PersonalState::kAbsent);
  }
  // Once the backup from before the erasure is gone, no backup file holds the values.
  REQUIRE_OK((*set)->KeepNewest(1));
  CheckGone(backups, erased);
  CheckFound(backups, ledger.person(5));
}

}  // namespace
}  // namespace ledger
