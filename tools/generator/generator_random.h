// The ledger generator's randomness: one seeded generator, and two ways of drawing rare cases
// that keep their share even in a small ledger.
//
// Rng is xoshiro256** seeded through splitmix64, with its own integer and real draws, so a seed
// gives the same ledger on every platform and standard library (std:: distributions differ
// between implementations). Quota hands out a fixed share of "yes" answers evenly (3% of
// trajectories get a complaint: exactly one in every 33 or 34), and Deck deals a shuffled
// pack of outcomes, so that a 20,000-event ledger already holds every kind of complaint fate.
// Thread safety: plain values; one thread each.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "ledger/base/check.h"

namespace ledger::tools {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (std::uint64_t& word : state_) word = SplitMix(seed);
  }

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  // Uniform in [0, bound), bound >= 1 (Lemire's multiply-shift; the bias is below 2^-32 for
  // the small bounds used here).
  std::uint32_t Below(std::uint32_t bound) {
    LEDGER_CHECK(bound > 0, "Rng::Below needs a positive bound");
    return static_cast<std::uint32_t>(((Next() >> 32) * bound) >> 32);
  }
  // Uniform in [low, high], low <= high.
  std::int32_t Between(std::int32_t low, std::int32_t high) {
    LEDGER_CHECK(low <= high, "Rng::Between needs low <= high");
    return low + static_cast<std::int32_t>(Below(static_cast<std::uint32_t>(high - low) + 1));
  }
  // Uniform in [0, 1).
  double Real() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double probability) { return Real() < probability; }
  // An index drawn with the given (not necessarily normalised) weights.
  std::size_t Weighted(std::initializer_list<double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = Real() * total;
    std::size_t index = 0;
    for (double w : weights) {
      if (x < w) return index;
      x -= w;
      ++index;
    }
    return weights.size() - 1;
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    LEDGER_CHECK(!items.empty(), "Rng::Pick from an empty list");
    return items[Below(static_cast<std::uint32_t>(items.size()))];
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t SplitMix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::uint64_t state_[4];
};

// Says yes to a fixed share of the calls, spread evenly: the n-th yes comes at call
// ceil((n - phase) / share). The phase is drawn once, so different seeds differ.
class Quota {
 public:
  Quota(double share, Rng& rng) : share_(share), credit_(rng.Real()) {}
  bool Take() {
    credit_ += share_;
    if (credit_ < 1.0) return false;
    credit_ -= 1.0;
    return true;
  }

 private:
  double share_;
  double credit_;
};

// Deals outcomes from a pack holding each outcome as often as its count, reshuffling when the
// pack is empty: every outcome appears once per pack, in a random order.
template <typename Outcome>
class Deck {
 public:
  Deck(std::initializer_list<std::pair<Outcome, int>> counts) {
    for (const auto& [outcome, count] : counts) {
      for (int i = 0; i < count; ++i) pack_.push_back(outcome);
    }
    LEDGER_CHECK(!pack_.empty(), "a deck needs cards");
    next_ = pack_.size();
  }
  Outcome Deal(Rng& rng) {
    if (next_ == pack_.size()) {
      for (std::size_t i = pack_.size() - 1; i > 0; --i) {
        std::swap(pack_[i], pack_[rng.Below(static_cast<std::uint32_t>(i + 1))]);
      }
      next_ = 0;
    }
    return pack_[next_++];
  }

 private:
  std::vector<Outcome> pack_;
  std::size_t next_ = 0;
};

}  // namespace ledger::tools
