// Standard base64 with padding (RFC 4648 section 4), as signed notes and checkpoints use it.
//
// Encoding always pads to a multiple of four characters. Decoding is strict, so every byte
// string has exactly one accepted text: the length must be a multiple of four, only the 64
// alphabet characters appear before the padding, padding is at most two '=' at the very end,
// and the unused low bits of the last character are zero (RFC 4648 section 3.5). No whitespace
// or line breaks are skipped. Errors name the offset and never echo the input, which may be a
// secret key. Thread safety: pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"

namespace ledger {

// The padded base64 text of `bytes` ("" for no bytes).
std::string Base64Encode(std::span<const std::uint8_t> bytes);

// The bytes of `text`, or InvalidArgument naming the first thing wrong and its offset.
Result<std::vector<std::uint8_t>> Base64Decode(std::string_view text);

}  // namespace ledger
