#include "reckon/evidence/vault.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "reckon/core/sha256.h"

namespace reckon::evidence {
namespace {

namespace fs = std::filesystem;

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::path(::testing::TempDir()) /
        ("vault_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir_);
  }
  std::string Write(const std::string& name, const std::string& content) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  fs::path dir_;
};

TEST_F(VaultTest, StoresByContentOnceAndReadOnly) {
  Vault vault((dir_ / "blobs").string());
  std::string content(3 * 1024 * 1024 + 17, 'x');  // Several pieces.
  auto first = vault.Add(Write("a.bin", content));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->sha256, Sha256Hex(content));
  EXPECT_EQ(first->size, static_cast<std::int64_t>(content.size()));
  EXPECT_FALSE(first->already_stored);
  EXPECT_TRUE(fs::exists(vault.PathOf(first->sha256)));
  EXPECT_EQ(fs::status(vault.PathOf(first->sha256)).permissions() & fs::perms::owner_write,
            fs::perms::none);
  auto again = vault.Add(Write("copy-of-a.bin", content));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->already_stored);
  EXPECT_TRUE(vault.Check(first->sha256, first->size));
  // No temporary files are left behind.
  int entries = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir_ / "blobs")) {
    entries += entry.is_regular_file();
  }
  EXPECT_EQ(entries, 1);
}

TEST_F(VaultTest, DetectsFlippedTruncatedAndMissingBlobs) {
  Vault vault((dir_ / "blobs").string());
  auto blob =
      vault.Add(Write("photo.jpg", "\xFF\xD8\xFF\xE0 not really a photo, but a JPEG header"));
  ASSERT_TRUE(blob);
  EXPECT_EQ(blob->media_type, "image/jpeg");
  const std::string path = vault.PathOf(blob->sha256);
  fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(10);
    file.put('X');
  }
  EXPECT_EQ(vault.Check(blob->sha256, blob->size).error().code, ErrorCode::kDataLoss);
  fs::resize_file(path, 5);
  auto truncated = vault.Check(blob->sha256, blob->size);
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.error().message.find("5 bytes"), std::string::npos);
  fs::remove(path);
  EXPECT_EQ(vault.Check(blob->sha256, blob->size).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(vault.Add((dir_ / "none").string()).error().code, ErrorCode::kNotFound);
}

TEST(DetectMediaType, KnowsCommonEvidenceFormats) {
  EXPECT_EQ(DetectMediaType("\x89PNG\r\n\x1A\n...."), "image/png");
  EXPECT_EQ(DetectMediaType("%PDF-1.7\n"), "application/pdf");
  EXPECT_EQ(DetectMediaType(std::string("\0\0\0\x18"
                                        "ftypmp42",
                                        12)),
            "video/mp4");
  EXPECT_EQ(DetectMediaType(std::string("RIFF\x24\x08\0\0WAVEfmt ", 16)), "audio/wav");
  EXPECT_EQ(DetectMediaType(std::string("RIFF\x24\x08\0\0WEBPVP8X", 16)), "image/webp");
  EXPECT_EQ(DetectMediaType(std::string("\0\0\0\x18"
                                        "ftypheic",
                                        12)),
            "image/heic");
  EXPECT_EQ(DetectMediaType(std::string("\0\0\0\x18"
                                        "ftypavif",
                                        12)),
            "image/avif");
  EXPECT_EQ(DetectMediaType(std::string("II*\0\x08\0\0\0", 8)), "image/tiff");
  EXPECT_EQ(DetectMediaType("Свидетель показал..."), "text/plain");
  EXPECT_EQ(DetectMediaType(std::string("\x01\x02\0\x03", 4)), "application/octet-stream");
}

}  // namespace
}  // namespace reckon::evidence
