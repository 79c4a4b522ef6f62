// Small string helpers used across reckon: trimming and splitting, strict UTF-8 validation
// (reporting where a file's bytes stop being UTF-8), Unicode case folding and normalization
// through ICU (NFKC with case folding, as used for search and for matching vocabulary and
// place names), and code-point columns for error messages. All functions are thread-safe.
#ifndef RECKON_CORE_TEXT_H_
#define RECKON_CORE_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reckon {

// Removes ASCII white space from both ends.
[[nodiscard]] std::string_view Trim(std::string_view text);
// Splits on every occurrence of `separator`; "a,,b" gives {"a", "", "b"}.
[[nodiscard]] std::vector<std::string_view> Split(std::string_view text, char separator);
// Joins with `separator` between items.
[[nodiscard]] std::string Join(const std::vector<std::string>& items, std::string_view separator);
// Lower-cases ASCII letters only.
[[nodiscard]] std::string AsciiLower(std::string_view text);

// Returns the byte offset of the first byte that does not belong to well-formed UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF count as ill-formed), or nullopt when all of
// `text` is valid.
[[nodiscard]] std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

// Number of code points in the valid UTF-8 `text` (for 1-based column numbers).
[[nodiscard]] std::size_t CountCodePoints(std::string_view text);

// NFKC normalization with full Unicode case folding (ICU's "nfkc_cf"), white space collapsed
// to single spaces and trimmed. "  ƏLİYEV  Əli " gives "əli̇yev əli". Invalid UTF-8 is folded
// after replacement with U+FFFD.
[[nodiscard]] std::string FoldForMatch(std::string_view text);

// Escapes `text` for a JSON string literal (without the quotes).
[[nodiscard]] std::string JsonEscape(std::string_view text);

}  // namespace reckon

#endif  // RECKON_CORE_TEXT_H_
