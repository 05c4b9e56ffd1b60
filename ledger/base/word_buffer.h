// Aligned words for Cap'n Proto readers. A message is read from aligned 8-byte words, and bytes
// read from RocksDB or a file are not aligned: WordBuffer copies them into words it owns, grown
// as needed and reused across calls, so a loop over many entries allocates rarely.
// std::vector<capnp::word> is not an option: capnp::word cannot be copied, and clang refuses
// the vector (gcc happens to accept it).
// Thread safety: a plain value; one thread at a time (thread_local where it is shared).
#pragma once

#include <capnp/common.h>
#include <kj/array.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>

namespace ledger {

class WordBuffer {
 public:
  // Forgets what it holds (keeping the room).
  void Clear() { size_ = 0; }
  // Words held.
  std::size_t size() const { return size_; }
  // Makes room for `words` in all without another allocation.
  void Reserve(std::size_t words) { Grow(words); }

  // Appends the bytes as words (a trailing partial word is dropped: callers check that the
  // length is a whole number of words) and returns the offset of the first.
  std::size_t Append(std::span<const std::uint8_t> bytes) {
    std::size_t count = bytes.size() / sizeof(capnp::word);
    std::size_t at = size_;
    Grow(size_ + count);
    std::memcpy(words_.begin() + at, bytes.data(), count * sizeof(capnp::word));
    size_ += count;
    return at;
  }
  std::size_t Append(kj::ArrayPtr<const capnp::word> words) {
    return Append(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(words.begin()), words.size() * sizeof(capnp::word)));
  }

  // Clear, then Append: the bytes as words, valid until the next change.
  kj::ArrayPtr<const capnp::word> Assign(std::span<const std::uint8_t> bytes) {
    Clear();
    Append(bytes);
    return Slice(0, size_);
  }

  // `count` words from `offset`. Precondition: within size(). Valid until the next change.
  kj::ArrayPtr<const capnp::word> Slice(std::size_t offset, std::size_t count) const {
    return kj::ArrayPtr<const capnp::word>(words_.begin() + offset, count);
  }

 private:
  void Grow(std::size_t words) {
    if (words <= words_.size()) return;
    kj::Array<capnp::word> larger = kj::heapArray<capnp::word>(std::max(words, words_.size() * 2));
    if (size_ > 0) std::memcpy(larger.begin(), words_.begin(), size_ * sizeof(capnp::word));
    words_ = kj::mv(larger);
  }

  kj::Array<capnp::word> words_;
  std::size_t size_ = 0;
};

}  // namespace ledger
