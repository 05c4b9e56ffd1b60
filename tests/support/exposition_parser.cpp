// A strict reader of Prometheus text exposition format 0.0.4, for tests.
#include "tests/support/exposition_parser.h"

#include <cstdlib>
#include <optional>

namespace ledger::testing {
namespace {

bool IsNameChar(char c, bool first) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  return letter || (!first && c >= '0' && c <= '9');
}

// Reads a name at `pos`, advancing past it; empty when none.
std::string ReadName(std::string_view line, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < line.size() && IsNameChar(line[pos], pos == start)) ++pos;
  return std::string(line.substr(start, pos - start));
}

// Reads `"..."` at `pos` with \\, \" and \n escapes; nullopt when malformed.
std::optional<std::string> ReadQuoted(std::string_view line, std::size_t& pos) {
  if (pos >= line.size() || line[pos] != '"') return std::nullopt;
  std::string value;
  for (++pos; pos < line.size(); ++pos) {
    const char c = line[pos];
    if (c == '"') {
      ++pos;
      return value;
    }
    if (c != '\\') {
      value += c;
      continue;
    }
    if (++pos >= line.size()) return std::nullopt;
    switch (line[pos]) {
      case '\\': value += '\\'; break;
      case '"': value += '"'; break;
      case 'n': value += '\n'; break;
      default: return std::nullopt;
    }
  }
  return std::nullopt;
}

std::optional<double> ReadValue(std::string_view text) {
  if (text == "+Inf") return 1.0 / 0.0;
  if (text == "-Inf") return -1.0 / 0.0;
  if (text == "NaN") return 0.0 / 0.0;
  if (text.empty()) return std::nullopt;
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

std::optional<std::string> UnescapeHelp(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (++i >= text.size()) return std::nullopt;
    if (text[i] == '\\')
      out += '\\';
    else if (text[i] == 'n')
      out += '\n';
    else
      return std::nullopt;
  }
  return out;
}

std::optional<ExpositionSample> ParseSample(std::string_view line) {
  ExpositionSample sample;
  std::size_t pos = 0;
  sample.name = ReadName(line, pos);
  if (sample.name.empty()) return std::nullopt;
  if (pos < line.size() && line[pos] == '{') {
    ++pos;
    while (pos < line.size() && line[pos] != '}') {
      const std::string label = ReadName(line, pos);
      if (label.empty() || pos >= line.size() || line[pos] != '=') return std::nullopt;
      ++pos;
      std::optional<std::string> value = ReadQuoted(line, pos);
      if (!value || !sample.labels.emplace(label, *value).second) return std::nullopt;
      if (pos < line.size() && line[pos] == ',') ++pos;
    }
    if (pos >= line.size()) return std::nullopt;
    ++pos;  // '}'
  }
  if (pos >= line.size() || line[pos] != ' ') return std::nullopt;
  sample.value_text = std::string(line.substr(pos + 1));
  const std::optional<double> value = ReadValue(sample.value_text);
  if (!value) return std::nullopt;
  sample.value = *value;
  return sample;
}

// The metric family a sample belongs to, given the TYPE lines seen so far.
bool HasFamily(const Exposition& exposition, const std::string& sample_name) {
  if (exposition.type.contains(sample_name)) return true;
  for (const std::string_view suffix : {"_bucket", "_sum", "_count"}) {
    if (!sample_name.ends_with(suffix)) continue;
    const std::string family = sample_name.substr(0, sample_name.size() - suffix.size());
    auto found = exposition.type.find(family);
    if (found != exposition.type.end() && found->second == "histogram") return true;
  }
  return false;
}

}  // namespace

std::vector<ExpositionSample> Exposition::Find(
    std::string_view name, const std::map<std::string, std::string>& labels) const {
  std::vector<ExpositionSample> found;
  for (const ExpositionSample& sample : samples) {
    if (sample.name != name) continue;
    bool all = true;
    for (const auto& [label, value] : labels) {
      auto it = sample.labels.find(label);
      all = all && it != sample.labels.end() && it->second == value;
    }
    if (all) found.push_back(sample);
  }
  return found;
}

Result<Exposition> ParseExposition(std::string_view text) {
  Exposition exposition;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      return Status::InvalidArgument("line " + std::to_string(line_number) + " has no newline");
    }
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end + 1);
    const auto bad = [&](std::string_view why) {
      return Status::InvalidArgument("line " + std::to_string(line_number) + " (" +
                                     std::string(line) + "): " + std::string(why));
    };
    for (const std::string_view keyword : {"# HELP ", "# TYPE "}) {
      if (!line.starts_with(keyword)) continue;
      const std::string_view rest = line.substr(keyword.size());
      const std::size_t space = rest.find(' ');
      if (space == std::string_view::npos) return bad("no text after the name");
      const std::string name(rest.substr(0, space));
      if (keyword == "# TYPE ") {
        if (!exposition.type.emplace(name, rest.substr(space + 1)).second) return bad("twice");
      } else {
        std::optional<std::string> help = UnescapeHelp(rest.substr(space + 1));
        if (!help) return bad("bad escape in help");
        if (!exposition.help.emplace(name, *help).second) return bad("twice");
      }
    }
    if (line.starts_with("#")) continue;
    std::optional<ExpositionSample> sample = ParseSample(line);
    if (!sample) return bad("not a sample line");
    if (!HasFamily(exposition, sample->name)) return bad("sample before its TYPE line");
    exposition.samples.push_back(std::move(*sample));
  }
  return exposition;
}

}  // namespace ledger::testing
