#include "ledger/integrity/base64.h"

#include <array>

namespace ledger {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::int8_t kNotInAlphabet = -1;

// kValues[c] is the 6-bit value of alphabet character c, or kNotInAlphabet.
constexpr std::array<std::int8_t, 256> MakeValues() {
  std::array<std::int8_t, 256> values{};
  values.fill(kNotInAlphabet);
  for (int i = 0; i < 64; ++i) values[static_cast<unsigned char>(kAlphabet[i])] = i;
  return values;
}
constexpr std::array<std::int8_t, 256> kValues = MakeValues();

Status BadCharacter(std::size_t offset) {
  return Status::InvalidArgument("base64: character at offset " + std::to_string(offset) +
                                 " is not in the standard alphabet");
}

}  // namespace

std::string Base64Encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t group =
        std::uint32_t{bytes[i]} << 16 | std::uint32_t{bytes[i + 1]} << 8 | bytes[i + 2];
    out.push_back(kAlphabet[group >> 18 & 0x3f]);
    out.push_back(kAlphabet[group >> 12 & 0x3f]);
    out.push_back(kAlphabet[group >> 6 & 0x3f]);
    out.push_back(kAlphabet[group & 0x3f]);
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  std::uint32_t group = std::uint32_t{bytes[i]} << 16;
  if (rest == 2) group |= std::uint32_t{bytes[i + 1]} << 8;
  out.push_back(kAlphabet[group >> 18 & 0x3f]);
  out.push_back(kAlphabet[group >> 12 & 0x3f]);
  out.push_back(rest == 2 ? kAlphabet[group >> 6 & 0x3f] : '=');
  out.push_back('=');
  return out;
}

Result<std::vector<std::uint8_t>> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Status::InvalidArgument("base64: length " + std::to_string(text.size()) +
                                   " is not a multiple of 4");
  }
  // Padding: at most two '=' and only at the end; everything before is alphabet.
  std::size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  std::size_t data_chars = text.size() - padding;
  std::vector<std::uint8_t> out;
  out.reserve(data_chars / 4 * 3 + 2);
  std::uint32_t group = 0;
  for (std::size_t i = 0; i < data_chars; ++i) {
    std::int8_t value = kValues[static_cast<unsigned char>(text[i])];
    if (value == kNotInAlphabet) {
      if (text[i] == '=') {
        return Status::InvalidArgument("base64: padding '=' at offset " + std::to_string(i) +
                                       " before the last two characters");
      }
      return BadCharacter(i);
    }
    group = group << 6 | static_cast<std::uint32_t>(value);
    if (i % 4 == 3) {
      out.push_back(static_cast<std::uint8_t>(group >> 16));
      out.push_back(static_cast<std::uint8_t>(group >> 8));
      out.push_back(static_cast<std::uint8_t>(group));
      group = 0;
    }
  }
  // The last group holds 4 - padding characters: 18 bits (two bytes) or 12 bits (one byte),
  // whose low 2 or 4 bits are unused and must be zero for the text to be canonical.
  if (padding == 2) {
    if ((group & 0x0f) != 0) {
      return Status::InvalidArgument("base64: unused bits before the padding at offset " +
                                     std::to_string(data_chars - 1) + " are not zero");
    }
    out.push_back(static_cast<std::uint8_t>(group >> 4));
  } else if (padding == 1) {
    if ((group & 0x03) != 0) {
      return Status::InvalidArgument("base64: unused bits before the padding at offset " +
                                     std::to_string(data_chars - 1) + " are not zero");
    }
    out.push_back(static_cast<std::uint8_t>(group >> 10));
    out.push_back(static_cast<std::uint8_t>(group >> 2));
  }
  return out;
}

}  // namespace ledger
