// LabelChildren<Child>: the bounded set of label-value children behind one metric (internal to
// metrics.h).
//
// A metric with label names {route, code} has one child per distinct pair of values, created on
// first use. A client that sends random routes must not grow memory without bound, so past
// `children_max` children every new value set lands in one overflow child whose values are all
// "other" (kOverflowLabelValue); existing children keep counting.
//
// Thread safety: Get() and ForEach() may be called from any thread. Looking up an existing child
// takes a shared lock; creating one takes the exclusive lock. Children are never removed, so a
// returned reference stays valid for the lifetime of the LabelChildren, and callers on hot paths
// may keep it to skip the lookup.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/base/check.h"

namespace ledger::api {

inline constexpr std::string_view kOverflowLabelValue = "other";

// Orders label value lists, and compares a stored list with a looked-up span without copying.
struct LabelValuesLess {
  using is_transparent = void;
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return std::lexicographical_compare(
        a.begin(), a.end(), b.begin(), b.end(),
        [](std::string_view x, std::string_view y) { return x < y; });
  }
};

template <typename Child>
class LabelChildren {
 public:
  using Factory = std::function<std::unique_ptr<Child>()>;

  // Precondition: children_max >= 1. A metric without labels has exactly one child, with no
  // values.
  LabelChildren(std::vector<std::string> label_names, std::size_t children_max, Factory factory)
      : label_names_(std::move(label_names)),
        children_max_(children_max),
        factory_(std::move(factory)) {
    LEDGER_CHECK(children_max_ >= 1, "a metric holds at least one child");
  }

  const std::vector<std::string>& label_names() const { return label_names_; }

  // The child for `values`, created if new (or the overflow child, past children_max).
  // Precondition, checked: one value per label name.
  Child& Get(std::span<const std::string_view> values) {
    LEDGER_CHECK(values.size() == label_names_.size(),
                 "got " + std::to_string(values.size()) + " label values for " +
                     std::to_string(label_names_.size()) + " label names");
    {
      std::shared_lock lock(mutex_);
      auto found = children_.find(values);
      if (found != children_.end()) return *found->second;
    }
    std::unique_lock lock(mutex_);
    auto found = children_.find(values);
    if (found != children_.end()) return *found->second;
    if (children_.size() >= children_max_) return OverflowLocked();
    std::vector<std::string> key(values.begin(), values.end());
    return *children_.emplace(std::move(key), factory_()).first->second;
  }

  // Calls visit(values, child) for each child, in order of label values, under the shared lock:
  // `visit` must not call Get().
  template <typename Visit>
  void ForEach(Visit&& visit) const {
    std::shared_lock lock(mutex_);
    for (const auto& [values, child] : children_) visit(values, *child);
  }

  std::size_t size() const {
    std::shared_lock lock(mutex_);
    return children_.size();
  }

 private:
  // The child whose values are all "other". It may hold the one place past children_max.
  Child& OverflowLocked() {
    std::vector<std::string> key(label_names_.size(), std::string(kOverflowLabelValue));
    auto found = children_.find(key);
    if (found != children_.end()) return *found->second;
    return *children_.emplace(std::move(key), factory_()).first->second;
  }

  const std::vector<std::string> label_names_;
  const std::size_t children_max_;
  const Factory factory_;
  mutable std::shared_mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Child>, LabelValuesLess> children_;
};

}  // namespace ledger::api
