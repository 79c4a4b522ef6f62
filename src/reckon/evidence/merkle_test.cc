#include "reckon/evidence/merkle.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "reckon/core/encoding.h"

namespace reckon::evidence {
namespace {

namespace fs = std::filesystem;

fs::path TestData() { return fs::path(RECKON_SOURCE_DIR) / "tests/testdata/evidence"; }

nlohmann::json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// A hash from base64 or hex; nullopt when it is not exactly 32 bytes.
std::optional<Hash> ToHash(const std::string& bytes) {
  if (bytes.size() != 32) return std::nullopt;
  Hash hash;
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}
std::optional<Hash> FromBase64(const nlohmann::json& value) {
  if (!value.is_string()) return std::nullopt;
  auto bytes = Base64Decode(value.get<std::string>());
  return bytes ? ToHash(*bytes) : std::nullopt;
}
Hash FromHex(const std::string& text) { return *ToHash(*HexDecode(text)); }

// Parses a probe's proof; nullopt when an entry is not a 32-byte hash (such a proof is rejected).
std::optional<std::vector<Hash>> ProofOf(const nlohmann::json& value) {
  std::vector<Hash> proof;
  if (value.is_null()) return proof;
  for (const auto& item : value) {
    auto hash = FromBase64(item);
    if (!hash) return std::nullopt;
    proof.push_back(*hash);
  }
  return proof;
}

std::vector<fs::path> Probes(const std::string& kind) {
  std::vector<fs::path> probes;
  for (const auto& entry : fs::recursive_directory_iterator(TestData() / kind)) {
    if (entry.path().extension() == ".json") probes.push_back(entry.path());
  }
  std::sort(probes.begin(), probes.end());
  return probes;
}

TEST(MerkleProbes, InclusionProbesOfTransparencyDevAgree) {
  int valid = 0;
  auto probes = Probes("inclusion");
  ASSERT_EQ(probes.size(), 98u);
  for (const auto& path : probes) {
    SCOPED_TRACE(path.filename().string());
    auto probe = ReadJson(path);
    auto root = FromBase64(probe["root"]);
    auto leaf = FromBase64(probe["leafHash"]);
    auto proof = ProofOf(probe["proof"]);
    bool ok = root && leaf && proof &&
              VerifyInclusion(*leaf, probe["leafIdx"].get<std::uint64_t>(),
                              probe["treeSize"].get<std::uint64_t>(), *proof, *root)
                  .has_value();
    EXPECT_EQ(ok, !probe["wantErr"].get<bool>()) << probe["desc"];
    valid += ok;
  }
  EXPECT_EQ(valid, 6);
}

// Probes where reckon decides differently from transparency-dev/merkle, and why.
const std::map<std::string, std::string> kDeliberateDifferences = {
    {"sizes-are-equal-one-and-proof-is-empty.json",
     "its roots are 12 bytes; reckon rejects any hash that is not 32 bytes"},
};

TEST(MerkleProbes, ConsistencyProbesOfTransparencyDevAgree) {
  int valid = 0;
  auto probes = Probes("consistency");
  ASSERT_EQ(probes.size(), 98u);
  for (const auto& path : probes) {
    SCOPED_TRACE(path.filename().string());
    auto probe = ReadJson(path);
    auto root1 = FromBase64(probe["root1"]);
    auto root2 = FromBase64(probe["root2"]);
    auto proof = ProofOf(probe["proof"]);
    bool ok = root1 && root2 && proof &&
              VerifyConsistency(probe["size1"].get<std::uint64_t>(),
                                probe["size2"].get<std::uint64_t>(), *proof, *root1, *root2)
                  .has_value();
    bool want_ok = !probe["wantErr"].get<bool>();
    if (kDeliberateDifferences.count(path.filename().string()) != 0) want_ok = !want_ok;
    EXPECT_EQ(ok, want_ok) << probe["desc"];
    valid += ok;
  }
  EXPECT_EQ(valid, 5);  // The 6 valid probes, less the deliberate difference above.
}

class ReferenceTree : public ::testing::Test {
 protected:
  void SetUp() override {
    reference_ = ReadJson(TestData() / "rfc6962-reference-tree.json");
    for (const auto& leaf : reference_["leaves_hex"]) {
      tree_.Append(HashLeaf(*HexDecode(leaf.get<std::string>())));
    }
  }
  nlohmann::json reference_;
  MemoryTree tree_;
};

TEST_F(ReferenceTree, RootsOfEverySizeMatch) {
  const auto& roots = reference_["root_hashes_by_size"];
  ASSERT_EQ(roots.size(), 9u);
  for (std::uint64_t size = 0; size < roots.size(); ++size) {
    EXPECT_EQ(*RootOf(tree_, size), FromHex(roots[size])) << size;
  }
}

TEST_F(ReferenceTree, HasherVectorsMatch) {
  for (const auto& vector : reference_["hasher_vectors"]) {
    std::string kind = vector["kind"];
    Hash want = FromHex(vector["want"]);
    if (kind == "empty") {
      EXPECT_EQ(EmptyRoot(), want);
    } else if (kind == "leaf") {
      EXPECT_EQ(HashLeaf(*HexDecode(vector["input_hex"].get<std::string>())), want);
    } else if (kind == "node") {
      EXPECT_EQ(HashNode(*HexDecode(vector["left_hex"].get<std::string>()),
                         *HexDecode(vector["right_hex"].get<std::string>())),
                want);
    }
  }
}

TEST_F(ReferenceTree, ProofsAreGeneratedExactlyAndVerify) {
  for (const auto& item : reference_["inclusion_proofs"]) {
    std::uint64_t index = item["leaf_index_0based"];
    std::uint64_t size = item["tree_size"];
    std::vector<Hash> want;
    for (const auto& hash : item["proof"]) want.push_back(FromHex(hash));
    auto proof = InclusionProof(tree_, index, size);
    ASSERT_TRUE(proof);
    EXPECT_EQ(*proof, want) << index << " in " << size;
    EXPECT_TRUE(
        VerifyInclusion(FromHex(item["leaf_hash"]), index, size, *proof, FromHex(item["root"])));
  }
  for (const auto& item : reference_["consistency_proofs"]) {
    std::uint64_t size1 = item["size1"];
    std::uint64_t size2 = item["size2"];
    std::vector<Hash> want;
    for (const auto& hash : item["proof"]) want.push_back(FromHex(hash));
    auto proof = ConsistencyProof(tree_, size1, size2);
    ASSERT_TRUE(proof);
    EXPECT_EQ(*proof, want) << size1 << " to " << size2;
    EXPECT_TRUE(
        VerifyConsistency(size1, size2, *proof, FromHex(item["root1"]), FromHex(item["root2"])));
  }
}

// Every proof between every pair of sizes up to 70 verifies, and fails on a flipped bit.
TEST(MemoryTree, AllProofsUpToSeventyLeavesVerifyAndDetectTampering) {
  MemoryTree tree;
  std::vector<Hash> leaves;
  for (int i = 0; i < 70; ++i) {
    leaves.push_back(HashLeaf("leaf " + std::to_string(i)));
    tree.Append(leaves.back());
  }
  for (std::uint64_t size = 1; size <= 70; ++size) {
    Hash root = *RootOf(tree, size);
    for (std::uint64_t index = 0; index < size; ++index) {
      auto proof = InclusionProof(tree, index, size);
      ASSERT_TRUE(proof);
      ASSERT_TRUE(VerifyInclusion(leaves[index], index, size, *proof, root));
      if (!proof->empty()) {
        (*proof)[0][0] ^= 1;
        EXPECT_EQ(VerifyInclusion(leaves[index], index, size, *proof, root).error().code,
                  ErrorCode::kDataLoss);
      }
    }
    for (std::uint64_t size1 = 1; size1 <= size; ++size1) {
      auto proof = ConsistencyProof(tree, size1, size);
      ASSERT_TRUE(proof);
      Hash root1 = *RootOf(tree, size1);
      ASSERT_TRUE(VerifyConsistency(size1, size, *proof, root1, root));
      if (size1 < size) {
        Hash wrong = root1;
        wrong[5] ^= 0x40;
        EXPECT_FALSE(VerifyConsistency(size1, size, *proof, wrong, root));
      }
    }
  }
  EXPECT_EQ(InclusionProof(tree, 70, 70).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ConsistencyProof(tree, 0, 5).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace reckon::evidence
