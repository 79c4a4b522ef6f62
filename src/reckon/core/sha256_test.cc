#include "reckon/core/sha256.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace reckon {
namespace {

// FIPS 180-2 examples.
TEST(Sha256, MatchesPublishedVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, StreamingEqualsOneShot) {
  Sha256 hasher;
  hasher.Update("ab");
  hasher.Update("c");
  EXPECT_EQ(HexOf(hasher.Finish()), Sha256Hex("abc"));
}

TEST(Sha256, HashesFilesAndReportsMissingOnes) {
  std::string path = ::testing::TempDir() + "/sha_test.txt";
  { std::ofstream(path) << "abc"; }
  auto digest = Sha256OfFile(path);
  ASSERT_TRUE(digest);
  EXPECT_EQ(HexOf(*digest), Sha256Hex("abc"));
  auto missing = Sha256OfFile(path + ".nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace reckon
