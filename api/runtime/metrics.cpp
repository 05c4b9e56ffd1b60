// Prometheus metrics: registration checks, histogram buckets, and rendering.
#include "api/runtime/metrics.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "api/runtime/metric_text.h"
#include "ledger/base/check.h"

namespace ledger::api {
namespace {

// The child of a metric without labels, or null when it has labels.
template <typename Child>
Child* UnlabelledChild(LabelChildren<Child>& children) {
  if (!children.label_names().empty()) return nullptr;
  return &children.Get({});
}

template <typename Child>
Child& CheckedUnlabelled(Child* child, const std::string& name) {
  if (child == nullptr) LEDGER_CHECK_FAIL("metric " + name + " has labels: use Labels(...)");
  return *child;
}

// `name{labels} value` lines for the children of a counter or gauge.
template <typename Child>
void AppendChildSamples(std::string& out, const std::string& name,
                        const LabelChildren<Child>& children) {
  children.ForEach([&](const std::vector<std::string>& values, const Child& child) {
    out += name;
    AppendLabels(out, children.label_names(), values);
    out += ' ';
    AppendSampleValue(out, child.value());
    out += '\n';
  });
}

std::string SampleText(double value) {
  std::string text;
  AppendSampleValue(text, value);
  return text;
}

// The sample names each metric type takes: a histogram's samples would collide with a counter
// named like one of them.
constexpr std::string_view kPlainSuffixes[] = {""};
constexpr std::string_view kHistogramSuffixes[] = {"", "_bucket", "_sum", "_count"};

}  // namespace

HistogramChild::HistogramChild(std::span<const double> bucket_bounds_le)
    : bucket_bounds_le_(bucket_bounds_le),
      counts_(new std::atomic<std::uint64_t>[bucket_bounds_le.size() + 1]) {
  for (std::size_t i = 0; i <= bucket_bounds_le_.size(); ++i) counts_[i].store(0);
}

void HistogramChild::Observe(double value) {
  // NaN compares false with every bound, so lower_bound would place it first; +Inf is honest.
  const std::size_t bucket =
      std::isnan(value)
          ? bucket_bounds_le_.size()
          : static_cast<std::size_t>(
                std::lower_bound(bucket_bounds_le_.begin(), bucket_bounds_le_.end(), value) -
                bucket_bounds_le_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

HistogramChild::Snapshot HistogramChild::Read() const {
  Snapshot snapshot;
  snapshot.cumulative_counts.reserve(bucket_bounds_le_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bucket_bounds_le_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative_counts.push_back(running);
  }
  snapshot.count = running;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

Metric::Metric(std::string name, std::string help, std::string_view type)
    : name_(std::move(name)), help_(std::move(help)), type_(type) {}

void Metric::Render(std::string& out) const {
  out += "# HELP ";
  out += name_;
  out += ' ';
  AppendEscapedHelp(out, help_);
  out += "\n# TYPE ";
  out += name_;
  out += ' ';
  out += type_;
  out += '\n';
  AppendSamples(out);
}

Counter::Counter(std::string name, std::string help, std::vector<std::string> label_names,
                 std::size_t label_children_max)
    : Metric(std::move(name), std::move(help), "counter"),
      children_(std::move(label_names), label_children_max,
                [] { return std::make_unique<CounterChild>(); }),
      unlabelled_(UnlabelledChild(children_)) {}

void Counter::Add(std::uint64_t n) { CheckedUnlabelled(unlabelled_, name()).Add(n); }

void Counter::AppendSamples(std::string& out) const { AppendChildSamples(out, name(), children_); }

Gauge::Gauge(std::string name, std::string help, std::vector<std::string> label_names,
             std::size_t label_children_max)
    : Metric(std::move(name), std::move(help), "gauge"),
      children_(std::move(label_names), label_children_max,
                [] { return std::make_unique<GaugeChild>(); }),
      unlabelled_(UnlabelledChild(children_)) {}

void Gauge::Set(double value) { CheckedUnlabelled(unlabelled_, name()).Set(value); }
void Gauge::Add(double delta) { CheckedUnlabelled(unlabelled_, name()).Add(delta); }

void Gauge::AppendSamples(std::string& out) const { AppendChildSamples(out, name(), children_); }

CallbackGauge::CallbackGauge(std::string name, std::string help, std::function<double()> read,
                             std::string_view type)
    : Metric(std::move(name), std::move(help), type), read_(std::move(read)) {}

void CallbackGauge::AppendSamples(std::string& out) const {
  out += name();
  out += ' ';
  AppendSampleValue(out, read_());
  out += '\n';
}

Histogram::Histogram(std::string name, std::string help, std::vector<double> bucket_bounds_le,
                     std::vector<std::string> label_names, std::size_t label_children_max)
    : Metric(std::move(name), std::move(help), "histogram"),
      bucket_bounds_le_(std::move(bucket_bounds_le)),
      children_(std::move(label_names), label_children_max,
                [this] { return std::make_unique<HistogramChild>(bucket_bounds_le_); }),
      unlabelled_(UnlabelledChild(children_)) {}

void Histogram::Observe(double value) { CheckedUnlabelled(unlabelled_, name()).Observe(value); }

void Histogram::AppendSamples(std::string& out) const {
  // The le texts are the same for every child.
  std::vector<std::string> les;
  for (const double bound : bucket_bounds_le_) AppendSampleValue(les.emplace_back(), bound);
  les.emplace_back("+Inf");
  const std::vector<std::string>& label_names = children_.label_names();
  children_.ForEach([&](const std::vector<std::string>& values, const HistogramChild& child) {
    const HistogramChild::Snapshot snapshot = child.Read();
    for (std::size_t i = 0; i < les.size(); ++i) {
      out += name();
      out += "_bucket";
      AppendLabels(out, label_names, values, les[i]);
      out += ' ';
      AppendSampleValue(out, snapshot.cumulative_counts[i]);
      out += '\n';
    }
    out += name();
    out += "_sum";
    AppendLabels(out, label_names, values);
    out += ' ';
    AppendSampleValue(out, snapshot.sum);
    out += '\n';
    out += name();
    out += "_count";
    AppendLabels(out, label_names, values);
    out += ' ';
    AppendSampleValue(out, snapshot.count);
    out += '\n';
  });
}

Registry::Registry(std::size_t label_children_max) : label_children_max_(label_children_max) {
  LEDGER_CHECK(label_children_max_ >= 1, "a metric holds at least one child");
}

Result<Counter*> Registry::AddCounter(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  std::lock_guard lock(mutex_);
  LEDGER_RETURN_IF_ERROR(Reserve(name, kPlainSuffixes, label_names, {}));
  return Keep(std::make_unique<Counter>(std::move(name), std::move(help), std::move(label_names),
                                        label_children_max_));
}

Result<Gauge*> Registry::AddGauge(std::string name, std::string help,
                                  std::vector<std::string> label_names) {
  std::lock_guard lock(mutex_);
  LEDGER_RETURN_IF_ERROR(Reserve(name, kPlainSuffixes, label_names, {}));
  return Keep(std::make_unique<Gauge>(std::move(name), std::move(help), std::move(label_names),
                                      label_children_max_));
}

Result<CallbackGauge*> Registry::AddCallbackGauge(std::string name, std::string help,
                                                  std::function<double()> read) {
  LEDGER_CHECK(read != nullptr, "callback gauge " + name + " needs a function");
  std::lock_guard lock(mutex_);
  LEDGER_RETURN_IF_ERROR(Reserve(name, kPlainSuffixes, {}, {}));
  return Keep(std::make_unique<CallbackGauge>(std::move(name), std::move(help), std::move(read)));
}

Result<CallbackGauge*> Registry::AddCallbackCounter(std::string name, std::string help,
                                                    std::function<double()> read) {
  LEDGER_CHECK(read != nullptr, "callback counter " + name + " needs a function");
  if (!name.ends_with("_total")) {
    return Status::InvalidArgument("counter " + name + ": a counter's name ends in _total");
  }
  std::lock_guard lock(mutex_);
  LEDGER_RETURN_IF_ERROR(Reserve(name, kPlainSuffixes, {}, {}));
  return Keep(std::make_unique<CallbackGauge>(std::move(name), std::move(help), std::move(read),
                                              "counter"));
}

Result<Histogram*> Registry::AddHistogram(std::string name, std::string help,
                                          std::vector<double> bucket_bounds_le,
                                          std::vector<std::string> label_names) {
  for (std::size_t i = 0; i < bucket_bounds_le.size(); ++i) {
    const double bound = bucket_bounds_le[i];
    if (!std::isfinite(bound)) {
      return Status::InvalidArgument("histogram " + name + ": bucket bound " + std::to_string(i) +
                                     " is " + SampleText(bound) + ", not finite");
    }
    if (i > 0 && !(bound > bucket_bounds_le[i - 1])) {
      return Status::InvalidArgument("histogram " + name + ": bucket bound " + std::to_string(i) +
                                     " (" + SampleText(bound) + ") is not above bound " +
                                     std::to_string(i - 1) + " (" +
                                     SampleText(bucket_bounds_le[i - 1]) + ")");
    }
  }
  std::lock_guard lock(mutex_);
  LEDGER_RETURN_IF_ERROR(Reserve(name, kHistogramSuffixes, label_names, "le"));
  return Keep(std::make_unique<Histogram>(std::move(name), std::move(help),
                                          std::move(bucket_bounds_le), std::move(label_names),
                                          label_children_max_));
}

std::string Registry::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& metric : metrics_) metric->Render(out);
  return out;
}

Status Registry::Reserve(const std::string& name, std::span<const std::string_view> suffixes,
                         std::span<const std::string> label_names,
                         std::string_view reserved_label) {
  if (!IsValidMetricName(name)) {
    return Status::InvalidArgument("metric name \"" + name +
                                   "\" does not match [a-zA-Z_:][a-zA-Z0-9_:]*");
  }
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    const std::string& label = label_names[i];
    if (!IsValidLabelName(label)) {
      return Status::InvalidArgument("metric " + name + ": label name \"" + label +
                                     "\" does not match [a-zA-Z_][a-zA-Z0-9_]* or starts with __");
    }
    if (!reserved_label.empty() && label == reserved_label) {
      return Status::InvalidArgument("metric " + name + ": label name \"" + label +
                                     "\" is reserved for this metric type");
    }
    if (std::find(label_names.begin(), label_names.begin() + i, label) != label_names.begin() + i) {
      return Status::InvalidArgument("metric " + name + ": label name \"" + label +
                                     "\" is repeated");
    }
  }
  for (const std::string_view suffix : suffixes) {
    const std::string sample_name = name + std::string(suffix);
    if (sample_names_taken_.contains(sample_name)) {
      return Status::InvalidArgument("metric " + name + ": the name " + sample_name +
                                     " is already registered");
    }
  }
  for (const std::string_view suffix : suffixes) {
    sample_names_taken_.insert(name + std::string(suffix));
  }
  return Status::Ok();
}

template <typename M>
M* Registry::Keep(std::unique_ptr<M> metric) {
  M* kept = metric.get();
  metrics_.push_back(std::move(metric));
  return kept;
}

}  // namespace ledger::api
