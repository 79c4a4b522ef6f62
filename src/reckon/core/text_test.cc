#include "reckon/core/text.h"

#include <gtest/gtest.h>

namespace reckon {
namespace {

TEST(FindInvalidUtf8, AcceptsWellFormedText) {
  EXPECT_FALSE(FindInvalidUtf8("Əliyev Алиев Ալիև 😀 plain ascii text here"));
}

TEST(FindInvalidUtf8, ReportsTheFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("abc\xff"), 3u);
  EXPECT_EQ(FindInvalidUtf8("ab\xc3"), 2u);                    // Truncated sequence.
  EXPECT_EQ(FindInvalidUtf8("\xc0\xaf"), 0u);                  // Overlong '/'.
  EXPECT_EQ(FindInvalidUtf8("x\xed\xa0\x80"), 1u);             // Surrogate.
  EXPECT_EQ(FindInvalidUtf8("12345678\xf4\x90\x80\x80"), 8u);  // Above U+10FFFF.
}

TEST(FoldForMatch, FoldsCaseWidthAndSpaces) {
  EXPECT_EQ(FoldForMatch("  ALIYEV   Ali "), "aliyev ali");
  EXPECT_EQ(FoldForMatch("АЛИЕВ"), "алиев");
  EXPECT_EQ(FoldForMatch("ＡＢＣ"), "abc");  // Full-width letters.
  EXPECT_EQ(FoldForMatch("Straße"), "strasse");
}

TEST(Split, KeepsEmptyParts) {
  auto parts = Split("a,,b", ',');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], "");
  EXPECT_EQ(CountCodePoints("Əli"), 3u);
}

TEST(JsonEscape, EscapesControlCharacters) {
  EXPECT_EQ(JsonEscape("a\"b\\c\n\x01"), "a\\\"b\\\\c\\n\\u0001");
}

}  // namespace
}  // namespace reckon
