// Every bound and limit of the ledger core, in one place (tigerbeetle's constants.zig).
//
// Names carry their unit last. None of these shapes stored data: changing one needs no format
// change (the sizes that do, hashes and salts, are types: Hash in format/hash.h, Salt in
// format/personal.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ledger::limits {

// Input accepted by EventStore::Append.
inline constexpr std::size_t kStreamIdBytesMax = 128;
inline constexpr std::size_t kCommandIdBytesMax = 128;
inline constexpr std::size_t kCorrelationIdBytesMax = 128;
inline constexpr std::size_t kActorFieldBytesMax = 128;
// Canonical size of one entry (envelope and event, without personal data).
inline constexpr std::size_t kEntryBytesMax = 64 * 1024;
// Canonical size of one event's personal payload.
inline constexpr std::size_t kPersonalBytesMax = 64 * 1024;
inline constexpr std::size_t kEventsPerAppendMax = 8192;
inline constexpr std::size_t kStreamsPerAppendMax = 64;
// The positions one personErased event lists: they must fit in one entry of kEntryBytesMax
// (8 bytes each). An erasure of more payloads appends several such events at once.
inline constexpr std::size_t kErasedPositionsPerEventMax = 4096;
// Personal payloads one append may delete (AppendRequest::erase_personal): 256 personErased
// events' worth, 8 MiB of positions held while the erasure is decided.
inline constexpr std::size_t kErasedPositionsMax = 256 * kErasedPositionsPerEventMax;

// Group commit: what one synced WriteBatch may hold (store/sequencer.h). Callers wait while
// the open group is full.
inline constexpr std::size_t kGroupCommitEventsMax = 16384;  // Events in one WriteBatch.
// Entry and personal payload bytes in one WriteBatch.
inline constexpr std::size_t kGroupCommitBytesMax = 32 << 20;

// Reads: the most entries one page may ask for.
inline constexpr std::size_t kPageSizeMax = 10000;

// In-memory cache of stream heads kept by the sequencer; cleared when it grows past this.
inline constexpr std::size_t kStreamHeadCacheMax = 1 << 20;

// Signed notes (integrity/note.h): the largest note accepted, and the most signature lines
// (the C2SP spec asks verifiers to accept at least 16; Go's note package allows 100).
inline constexpr std::size_t kNoteBytesMax = 1 << 20;
inline constexpr std::size_t kNoteSignatureLinesMax = 100;
// Key transitions in a log's key history (integrity/key_history.h): a key a year for a
// lifetime of the log, with room to spare.
inline constexpr std::size_t kKeyTransitionsMax = 256;

}  // namespace ledger::limits
