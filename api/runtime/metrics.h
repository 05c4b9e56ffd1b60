// Prometheus metrics for the server: counters, gauges, callback gauges and histograms, kept in a
// Registry that main owns and renders as text exposition format 0.0.4 for GET /metrics.
//
// There is no global registry: main creates one, registers every metric at startup, and hands
// the returned pointers to the code that updates them. Registration is validated (metric names
// [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* not starting with "__", histogram
// bounds strictly increasing) and a name already taken, including a histogram's _bucket, _sum
// and _count samples, is refused with an InvalidArgument status; main treats any refusal as a
// bug and aborts through Result::value().
//
// Labels: a metric registered with label names hands out one child per distinct value list
// through Labels(values...). The children of one metric are bounded (Registry's
// label_children_max, default kLabelChildrenMax); past that, new value lists all count in one
// child whose values are all "other", so a client cannot grow memory with random routes.
//
// Thread safety: everything is safe from any thread. Updating a child (Add, Set, Observe) is a
// relaxed atomic operation; Labels() takes a shared lock to find a child and the exclusive lock
// of that metric only to create one. Children and metrics are never removed: every pointer and
// reference handed out stays valid for the Registry's lifetime, so hot paths may keep them.
// Render() reads each atomic once; under concurrent updates a scrape may see a histogram's sum
// from a slightly different moment than its buckets, but _count always equals the +Inf bucket.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/runtime/label_children.h"
#include "ledger/base/status.h"

namespace ledger::api {

// Default bound on the label children of one metric.
inline constexpr std::size_t kLabelChildrenMax = 1000;

// A monotonic count for one label value list.
class CounterChild {
 public:
  void Add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down, for one label value list. Integers are exact up to 2^53.
class GaugeChild {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

// Observations counted in fixed buckets, for one label value list.
class HistogramChild {
 public:
  // `bucket_bounds_le` is owned by the Histogram and outlives this child.
  explicit HistogramChild(std::span<const double> bucket_bounds_le);
  // Counts `value` in the first bucket whose upper bound is >= value; NaN and values above the
  // last bound count only in +Inf.
  void Observe(double value);

  struct Snapshot {
    std::vector<std::uint64_t> cumulative_counts;  // One per bound, then +Inf.
    double sum = 0.0;
    std::uint64_t count = 0;  // Equals cumulative_counts.back().
  };
  Snapshot Read() const;

 private:
  std::span<const double> bucket_bounds_le_;
  // Not cumulative: counts_[i] holds observations in (bound[i-1], bound[i]]; the last is +Inf.
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0.0};
};

// What the Registry needs of every metric: a name, a help text, and its sample lines.
class Metric {
 public:
  virtual ~Metric() = default;
  const std::string& name() const { return name_; }
  // Appends "# HELP", "# TYPE" and every sample line.
  void Render(std::string& out) const;

 protected:
  Metric(std::string name, std::string help, std::string_view type);
  virtual void AppendSamples(std::string& out) const = 0;

 private:
  const std::string name_;
  const std::string help_;
  const std::string_view type_;
};

class Counter final : public Metric {
 public:
  Counter(std::string name, std::string help, std::vector<std::string> label_names,
          std::size_t label_children_max);
  // The child for these label values, one per label name (checked), each convertible to
  // std::string_view.
  template <typename... Values>
  CounterChild& Labels(const Values&... values) {
    const std::array<std::string_view, sizeof...(Values)> list{std::string_view(values)...};
    return children_.Get(list);
  }
  // For a counter without labels (checked).
  void Add(std::uint64_t n = 1);

 private:
  void AppendSamples(std::string& out) const override;
  LabelChildren<CounterChild> children_;
  CounterChild* const unlabelled_;  // Null when the counter has labels.
};

class Gauge final : public Metric {
 public:
  Gauge(std::string name, std::string help, std::vector<std::string> label_names,
        std::size_t label_children_max);
  template <typename... Values>
  GaugeChild& Labels(const Values&... values) {
    const std::array<std::string_view, sizeof...(Values)> list{std::string_view(values)...};
    return children_.Get(list);
  }
  // For a gauge without labels (checked).
  void Set(double value);
  void Add(double delta);

 private:
  void AppendSamples(std::string& out) const override;
  LabelChildren<GaugeChild> children_;
  GaugeChild* const unlabelled_;  // Null when the gauge has labels.
};

// A gauge whose value is read at scrape time, such as a queue length owned elsewhere; or, made
// by AddCallbackCounter, a counter kept elsewhere (the CPU time the kernel counts).
class CallbackGauge final : public Metric {
 public:
  CallbackGauge(std::string name, std::string help, std::function<double()> read,
                std::string_view type = "gauge");

 private:
  void AppendSamples(std::string& out) const override;
  const std::function<double()> read_;
};

class Histogram final : public Metric {
 public:
  Histogram(std::string name, std::string help, std::vector<double> bucket_bounds_le,
            std::vector<std::string> label_names, std::size_t label_children_max);
  template <typename... Values>
  HistogramChild& Labels(const Values&... values) {
    const std::array<std::string_view, sizeof...(Values)> list{std::string_view(values)...};
    return children_.Get(list);
  }
  // For a histogram without labels (checked).
  void Observe(double value);

 private:
  void AppendSamples(std::string& out) const override;
  const std::vector<double> bucket_bounds_le_;
  LabelChildren<HistogramChild> children_;
  HistogramChild* const unlabelled_;  // Null when the histogram has labels.
};

class Registry {
 public:
  // Precondition: label_children_max >= 1.
  explicit Registry(std::size_t label_children_max = kLabelChildrenMax);
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Each returns the new metric, owned by the Registry and valid for its lifetime, or
  // InvalidArgument naming the bad or already registered name, a repeated or reserved label
  // name ("le" in a histogram), or the first bound out of order. Nothing is registered on error.
  Result<Counter*> AddCounter(std::string name, std::string help,
                              std::vector<std::string> label_names = {});
  Result<Gauge*> AddGauge(std::string name, std::string help,
                          std::vector<std::string> label_names = {});
  // `read` runs on the thread that calls Render(), under the Registry's lock: it must be
  // thread-safe, must not throw, and must not call back into the Registry.
  Result<CallbackGauge*> AddCallbackGauge(std::string name, std::string help,
                                          std::function<double()> read);
  // The same for a value that only grows (TYPE counter); the name must end in _total.
  Result<CallbackGauge*> AddCallbackCounter(std::string name, std::string help,
                                            std::function<double()> read);
  // `bucket_bounds_le`: finite, strictly increasing upper bounds; +Inf is always added.
  Result<Histogram*> AddHistogram(std::string name, std::string help,
                                  std::vector<double> bucket_bounds_le,
                                  std::vector<std::string> label_names = {});

  // Every metric, in registration order, as text exposition format 0.0.4
  // (Content-Type: text/plain; version=0.0.4).
  std::string Render() const;

 private:
  // Checks names against the rules and the names taken; on success takes them.
  Status Reserve(const std::string& name, std::span<const std::string_view> sample_suffixes,
                 std::span<const std::string> label_names, std::string_view reserved_label);
  template <typename M>
  M* Keep(std::unique_ptr<M> metric);

  const std::size_t label_children_max_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Metric>> metrics_;
  std::set<std::string, std::less<>> sample_names_taken_;
};

}  // namespace ledger::api
