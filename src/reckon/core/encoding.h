// Byte encodings used in reckon's published formats: standard base64 (RFC 4648, with padding)
// and lower-case hex. Decoding is strict: anything but the canonical encoding is an error.
// Thread-safe.
#ifndef RECKON_CORE_ENCODING_H_
#define RECKON_CORE_ENCODING_H_

#include <string>
#include <string_view>

#include "reckon/core/result.h"

namespace reckon {

[[nodiscard]] std::string Base64Encode(std::string_view bytes);
// kInvalidArgument for characters outside the alphabet, bad padding or a non-canonical form.
[[nodiscard]] Result<std::string> Base64Decode(std::string_view text);
[[nodiscard]] std::string HexEncode(std::string_view bytes);
// Accepts upper or lower case; kInvalidArgument for odd length or non-hex characters.
[[nodiscard]] Result<std::string> HexDecode(std::string_view text);

}  // namespace reckon

#endif  // RECKON_CORE_ENCODING_H_
