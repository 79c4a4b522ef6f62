#include "reckon/core/encoding.h"

#include <gtest/gtest.h>

namespace reckon {
namespace {

// RFC 4648 section 10 test vectors.
TEST(Base64, MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(*Base64Decode("Zm9vYg=="), "foob");
}

TEST(Base64, RejectsNonCanonicalAndGarbage) {
  EXPECT_EQ(Base64Decode("Zg=").error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(Base64Decode("Zh=="));  // Padding bits set.
  EXPECT_FALSE(Base64Decode("Zm9v YmFy"));
  EXPECT_FALSE(Base64Decode("Zm9v-mFy"));
}

TEST(Hex, RoundTripsAndRejectsBadDigits) {
  EXPECT_EQ(HexEncode(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(*HexDecode("00FF10"), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(HexDecode("abc"));
  EXPECT_FALSE(HexDecode("zz"));
}

}  // namespace
}  // namespace reckon
