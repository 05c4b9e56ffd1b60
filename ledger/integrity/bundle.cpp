#include "ledger/integrity/bundle.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ledger/format/layout.h"

namespace ledger {
namespace {

using layout::AppendBigEndian32;
using layout::AppendBigEndian64;
using layout::ReadBigEndian32;
using layout::ReadBigEndian64;

enum RecordType : std::uint8_t {
  kRange = 1,
  kPrefixNode = 2,
  kEntry = 3,
  kPersonal = 4,
  kCheckpoint = 5,
  kConsistency = 6,
  kTrailer = 7,
  kErased = 8,
  kKeyTransition = 9,
};

// Records must come in this order of rank (personal also right after an entry).
int Rank(std::uint8_t type) {
  switch (type) {
    case kRange: return 0;
    case kPrefixNode: return 1;
    case kKeyTransition: return 2;
    case kCheckpoint: return 3;
    case kConsistency: return 4;
    case kEntry:
    case kPersonal:
    case kErased: return 5;
    case kTrailer: return 6;
  }
  return -1;
}

bool InOrder(std::uint8_t previous, std::uint8_t next) {
  if (Rank(next) < 0 || Rank(next) < Rank(previous)) return false;
  if (next == kPersonal || next == kErased) return previous == kEntry;
  if (next == kRange) return false;  // Only once, first.
  return true;
}

std::string ErrnoText() { return std::strerror(errno); }

}  // namespace

// ---- Writer

Result<std::unique_ptr<BundleWriter>> BundleWriter::Create(const std::string& path,
                                                           std::uint64_t first, std::uint64_t end) {
  if (first > end) {
    return Status::InvalidArgument("bundle range [" + std::to_string(first) + ", " +
                                   std::to_string(end) + ") is empty backwards");
  }
  std::unique_ptr<BundleWriter> writer(new BundleWriter());
  writer->path_ = path;
  writer->file_ = std::fopen(path.c_str(), "wb");
  if (writer->file_ == nullptr) {
    return Status::IoError("cannot create bundle '" + path + "': " + ErrnoText());
  }
  if (std::fwrite(kBundleMagic.data(), 1, kBundleMagic.size(), writer->file_) !=
      kBundleMagic.size()) {
    return Status::IoError("writing bundle '" + path + "': " + ErrnoText());
  }
  writer->digest_.Update(kBundleMagic);
  std::string range;
  AppendBigEndian64(range, first);
  AppendBigEndian64(range, end);
  writer->last_type_ = 0;
  LEDGER_RETURN_IF_ERROR(writer->Record(kRange, range));
  return writer;
}

BundleWriter::~BundleWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

Status BundleWriter::Record(std::uint8_t type, std::string_view payload) {
  if (file_ == nullptr) return Status::InvalidArgument("the bundle is already finished");
  if (last_type_ != 0 && !InOrder(last_type_, type)) {
    return Status::InvalidArgument("bundle record type " + std::to_string(type) +
                                   " cannot follow type " + std::to_string(last_type_));
  }
  if (payload.size() > kBundleRecordBytesMax) {
    return Status::InvalidArgument("bundle record of " + std::to_string(payload.size()) +
                                   " bytes is over the limit");
  }
  std::string header(1, static_cast<char>(type));
  AppendBigEndian32(header, static_cast<std::uint32_t>(payload.size()));
  if (std::fwrite(header.data(), 1, header.size(), file_) != header.size() ||
      std::fwrite(payload.data(), 1, payload.size(), file_) != payload.size()) {
    return Status::IoError("writing bundle '" + path_ + "': " + ErrnoText());
  }
  if (type != kTrailer) {
    digest_.Update(header);
    digest_.Update(payload);
  }
  last_type_ = type;
  return Status::Ok();
}

Status BundleWriter::AddPrefixNode(NodeId id, const Hash& hash) {
  std::string payload(1, static_cast<char>(id.level));
  AppendBigEndian64(payload, id.index);
  payload.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  return Record(kPrefixNode, payload);
}

Status BundleWriter::AddKeyTransition(std::string_view note) {
  return Record(kKeyTransition, note);
}

Status BundleWriter::AddCheckpoint(std::string_view note) { return Record(kCheckpoint, note); }

Status BundleWriter::AddConsistency(std::uint64_t old_size, std::uint64_t new_size,
                                    const std::vector<Hash>& proof) {
  std::string payload;
  AppendBigEndian64(payload, old_size);
  AppendBigEndian64(payload, new_size);
  for (const Hash& hash : proof) {
    payload.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  }
  return Record(kConsistency, payload);
}

Status BundleWriter::AddEntry(Position position, std::string_view bytes) {
  std::string payload;
  payload.reserve(8 + bytes.size());
  AppendBigEndian64(payload, position.value);
  payload.append(bytes);
  return Record(kEntry, payload);
}

Status BundleWriter::AddPersonal(Position position, std::string_view stored) {
  std::string payload;
  AppendBigEndian64(payload, position.value);
  payload.append(stored);
  return Record(kPersonal, payload);
}

Status BundleWriter::AddErased(Position position, std::uint64_t erased_by) {
  std::string payload;
  AppendBigEndian64(payload, position.value);
  AppendBigEndian64(payload, erased_by);
  return Record(kErased, payload);
}

Status BundleWriter::Finish(const Hash& end_root) {
  std::string payload(reinterpret_cast<const char*>(end_root.data()), end_root.size());
  Hash digest = digest_.Finish();
  payload.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  LEDGER_RETURN_IF_ERROR(Record(kTrailer, payload));
  bool flushed = std::fflush(file_) == 0 && fsync(fileno(file_)) == 0;
  bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!flushed || !closed) {
    return Status::IoError("finishing bundle '" + path_ + "': " + ErrnoText());
  }
  return Status::Ok();
}

// ---- Reader

Result<std::unique_ptr<BundleSource>> BundleSource::Open(const std::string& path) {
  std::unique_ptr<BundleSource> source(new BundleSource());
  source->path_ = path;
  source->file_ = std::fopen(path.c_str(), "rb");
  if (source->file_ == nullptr) {
    return Status::NotFound("cannot read bundle '" + path + "': " + ErrnoText());
  }
  LEDGER_RETURN_IF_ERROR(source->CheckFraming());
  LEDGER_RETURN_IF_ERROR(source->LoadHeader());
  return source;
}

BundleSource::~BundleSource() {
  if (file_ != nullptr) std::fclose(file_);
}

Result<std::optional<BundleSource::RawRecord>> BundleSource::ReadRecord() {
  RawRecord record;
  record.offset = offset_;
  unsigned char header[5];
  std::size_t got = std::fread(header, 1, sizeof(header), file_);
  if (got == 0 && std::feof(file_)) return std::optional<RawRecord>();
  if (got != sizeof(header)) {
    return Status::Corruption("bundle '" + path_ + "' ends inside a record header at byte " +
                              std::to_string(offset_));
  }
  record.type = header[0];
  std::uint32_t length = ReadBigEndian32(reinterpret_cast<const char*>(header + 1));
  if (length > kBundleRecordBytesMax) {
    return Status::Corruption("bundle '" + path_ + "' has a record of " + std::to_string(length) +
                              " bytes at byte " + std::to_string(offset_));
  }
  record.payload.resize(length);
  if (std::fread(record.payload.data(), 1, length, file_) != length) {
    return Status::Corruption("bundle '" + path_ + "' ends inside a record at byte " +
                              std::to_string(offset_));
  }
  offset_ += sizeof(header) + length;
  return std::optional<RawRecord>(std::move(record));
}

Status BundleSource::CheckFraming() {
  static_assert(kBundleMagic.size() == kBundleMagicVersion1.size() &&
                kBundleMagic.size() == kBundleMagicVersion2.size());
  std::string magic(kBundleMagic.size(), '\0');
  bool read = std::fread(magic.data(), 1, magic.size(), file_) == magic.size();
  version_ = !read                           ? 0
             : magic == kBundleMagic         ? 3
             : magic == kBundleMagicVersion2 ? 2
             : magic == kBundleMagicVersion1 ? 1
                                             : 0;
  if (version_ == 0) {
    return Status::Corruption("'" + path_ + "' is not a ledger bundle (bad magic line)");
  }
  offset_ = magic.size();
  Sha256Stream digest;
  digest.Update(magic);
  std::uint8_t previous = 0;
  while (true) {
    Result<std::optional<RawRecord>> record = ReadRecord();
    if (!record.ok()) return record.status();
    if (!record->has_value()) {
      return Status::Corruption("bundle '" + path_ + "' has no trailer: it was cut off at byte " +
                                std::to_string(offset_));
    }
    RawRecord& r = **record;
    std::string where = " at byte " + std::to_string(r.offset) + " of '" + path_ + "'";
    bool known =
        !(version_ < 2 && r.type == kErased) && !(version_ < 3 && r.type == kKeyTransition);
    if (!known || (previous == 0 ? r.type != kRange : !InOrder(previous, r.type))) {
      return Status::Corruption("bundle record of type " + std::to_string(r.type) +
                                " out of place" + where);
    }
    previous = r.type;
    if (r.type != kTrailer) {
      std::string header(1, static_cast<char>(r.type));
      AppendBigEndian32(header, static_cast<std::uint32_t>(r.payload.size()));
      digest.Update(header);
      digest.Update(r.payload);
      continue;
    }
    if (r.payload.size() != 64) return Status::Corruption("malformed trailer" + where);
    Hash expected;
    std::memcpy(expected.data(), r.payload.data() + 32, 32);
    if (digest.Finish() != expected) {
      return Status::Corruption("the bundle's bytes do not match its trailer's digest" + where);
    }
    Hash root;
    std::memcpy(root.data(), r.payload.data(), 32);
    claimed_.root = root;
    claimed_.what = "the bundle trailer";
    claimed_.extract = true;
    if (std::fgetc(file_) != EOF) return Status::Corruption("bytes after the trailer" + where);
    return Status::Ok();
  }
}

Status BundleSource::LoadHeader() {
  if (std::fseek(file_, static_cast<long>(kBundleMagic.size()), SEEK_SET) != 0) {
    return Status::IoError("rewinding bundle '" + path_ + "': " + ErrnoText());
  }
  offset_ = kBundleMagic.size();
  std::map<std::uint64_t, Hash> prefix_by_level_index;
  std::vector<std::pair<NodeId, Hash>> prefix_nodes;
  while (true) {
    Result<std::optional<RawRecord>> record = ReadRecord();
    if (!record.ok()) return record.status();
    RawRecord& r = **record;  // CheckFraming proved a trailer follows.
    std::string where = " at byte " + std::to_string(r.offset);
    const char* p = r.payload.data();
    switch (r.type) {
      case kRange:
        if (r.payload.size() != 16) return Status::Corruption("malformed range" + where);
        first_ = ReadBigEndian64(p);
        claimed_.size = ReadBigEndian64(p + 8);
        break;
      case kPrefixNode:
        if (r.payload.size() != 41) return Status::Corruption("malformed prefix node" + where);
        prefix_nodes.push_back(
            {NodeId{static_cast<std::uint8_t>(p[0]), ReadBigEndian64(p + 1)}, Hash{}});
        std::memcpy(prefix_nodes.back().second.data(), p + 9, 32);
        break;
      case kKeyTransition:
        key_history_ += r.payload + "\n";  // Checked by the audit (KeyHistory::Parse).
        break;
      case kCheckpoint: notes_.push_back(SourceCheckpoint{r.payload, std::nullopt}); break;
      case kConsistency: {
        if (r.payload.size() < 16 || (r.payload.size() - 16) % 32 != 0) {
          return Status::Corruption("malformed consistency proof" + where);
        }
        std::vector<Hash> proof((r.payload.size() - 16) / 32);
        for (std::size_t i = 0; i < proof.size(); ++i) {
          std::memcpy(proof[i].data(), p + 16 + 32 * i, 32);
        }
        proofs_[{ReadBigEndian64(p), ReadBigEndian64(p + 8)}] = std::move(proof);
        break;
      }
      default:
        pending_ = std::move(r);  // The first entry, or the trailer of an empty range.
        Result<MerkleFrontier> prefix =
            MerkleFrontier::Load(first_, [&](NodeId id) -> Result<Hash> {
              for (const auto& [node, hash] : prefix_nodes) {
                if (node == id) return hash;
              }
              return Status::Corruption("the bundle lacks prefix node (level " +
                                        std::to_string(id.level) + ", index " +
                                        std::to_string(id.index) + ")");
            });
        if (!prefix.ok()) return prefix.status();
        prefix_ = std::move(prefix).value();
        return Status::Ok();
    }
  }
}

Result<std::optional<SourceEntry>> BundleSource::Next() {
  RawRecord record;
  if (pending_) {
    record = std::move(*pending_);
    pending_.reset();
  } else {
    Result<std::optional<RawRecord>> read = ReadRecord();
    if (!read.ok()) return read.status();
    record = std::move(**read);
  }
  if (record.type == kTrailer) return std::optional<SourceEntry>();
  if (record.type != kEntry || record.payload.size() < 8) {
    return Status::Corruption("expected an entry record at byte " + std::to_string(record.offset));
  }
  entry_ = std::move(record);
  Position position{ReadBigEndian64(entry_.payload.data())};
  Result<std::optional<RawRecord>> ahead = ReadRecord();
  if (!ahead.ok()) return ahead.status();
  std::optional<std::string_view> personal;
  std::optional<std::uint64_t> erased_by;
  RawRecord& next = **ahead;
  if (next.type == kPersonal || next.type == kErased) {
    bool shaped = next.type == kPersonal ? next.payload.size() >= 8 : next.payload.size() == 16;
    if (!shaped || ReadBigEndian64(next.payload.data()) != position.value) {
      return Status::Corruption(std::string(next.type == kPersonal ? "personal" : "erased") +
                                " record at byte " + std::to_string(next.offset) +
                                " does not belong to the entry before it");
    }
    if (next.type == kErased) erased_by = ReadBigEndian64(next.payload.data() + 8);
    personal_ = std::move(next);
    if (!erased_by) personal = std::string_view(personal_.payload).substr(8);
  } else {
    pending_ = std::move(next);
  }
  auto bytes = std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(entry_.payload.data()) + 8, entry_.payload.size() - 8);
  return std::optional<SourceEntry>(
      SourceEntry{position, bytes, personal, std::nullopt, erased_by});
}

Result<std::optional<std::vector<Hash>>> BundleSource::Consistency(std::uint64_t old_size,
                                                                   std::uint64_t new_size) {
  auto it = proofs_.find({old_size, new_size});
  if (it == proofs_.end()) return std::optional<std::vector<Hash>>();
  return std::optional<std::vector<Hash>>(it->second);
}

}  // namespace ledger
