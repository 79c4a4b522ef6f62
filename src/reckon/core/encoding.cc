#include "reckon/core/encoding.h"

#include <sodium.h>

namespace reckon {

std::string Base64Encode(std::string_view bytes) {
  const size_t length = sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  std::string out(length, '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(length - 1);  // Drop the terminating NUL.
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t length = 0;
  const char* end = nullptr;
  int rc = sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                             text.size(), nullptr, &length, &end, sodium_base64_VARIANT_ORIGINAL);
  if (rc != 0 || end != text.data() + text.size()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + std::string(text.substr(0, 60)) + "' is not valid base64");
  }
  out.resize(length);
  // Canonical form only: re-encoding must give the same text (no stray padding bits).
  if (Base64Encode(out) != text) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + std::string(text.substr(0, 60)) + "' is not canonical base64");
  }
  return out;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

Result<std::string> HexDecode(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (text.size() % 2 != 0) {
    return MakeError(ErrorCode::kInvalidArgument, "hex text has an odd number of digits");
  }
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    int high = value(text[i]);
    int low = value(text[i + 1]);
    if (high < 0 || low < 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "'" + std::string(text.substr(i, 2)) + "' is not a hex byte");
    }
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

}  // namespace reckon
