#include "reckon/evidence/note.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "reckon/core/encoding.h"

namespace reckon::evidence {
namespace {

nlohmann::json Vectors() {
  std::ifstream in(std::filesystem::path(RECKON_SOURCE_DIR) /
                   "tests/testdata/evidence/signed-note-vectors.json");
  return nlohmann::json::parse(in)["vectors"];
}

// Runs every C2SP / Go signed-note and checkpoint vector.
TEST(SignedNote, PublishedVectors) {
  int checked = 0;
  for (const auto& vector : Vectors()) {
    SCOPED_TRACE(vector["id"].get<std::string>());
    std::string expect = vector.value("expect", "");
    if (vector.contains("bad_verifier_keys")) {
      for (const auto& key : vector["bad_verifier_keys"]) {
        auto parsed = VerifierKey::Parse(key.get<std::string>());
        ASSERT_FALSE(parsed);
        EXPECT_NE(parsed.error().message.find("malformed verifier key"), std::string::npos);
      }
      ++checked;
      continue;
    }
    std::vector<VerifierKey> known;
    if (vector.contains("verifier_keys")) {
      for (const auto& key : vector["verifier_keys"]) {
        auto parsed = VerifierKey::Parse(key.get<std::string>());
        ASSERT_TRUE(parsed) << parsed.error().message;
        EXPECT_EQ(parsed->ToString(), key.get<std::string>());
        known.push_back(*parsed);
      }
    }
    if (vector.contains("signer_key")) {
      auto signer = SignerKey::Parse(vector["signer_key"].get<std::string>());
      ASSERT_TRUE(signer) << signer.error().message;
      EXPECT_EQ(signer->ToString(), vector["signer_key"].get<std::string>());
      auto note = SignNote(vector["text"].get<std::string>(), *signer);
      ASSERT_TRUE(note);
      EXPECT_EQ(*note, vector["expect_signed_note"].get<std::string>());
      EXPECT_TRUE(OpenNote(*note, {signer->Verifier()}));
      ++checked;
    }
    std::string text;
    if (vector.contains("note") || vector.contains("note_hex")) {
      std::string note = vector.contains("note")
                             ? vector["note"].get<std::string>()
                             : *HexDecode(vector["note_hex"].get<std::string>());
      auto opened = OpenNote(note, known);
      if (expect == "ok") {
        ASSERT_TRUE(opened) << opened.error().message;
        if (vector.contains("expect_text")) {
          EXPECT_EQ(opened->text, vector["expect_text"]);
        }
        if (vector.contains("expect_verified")) {
          EXPECT_EQ(opened->signed_by, vector["expect_verified"].get<std::vector<std::string>>());
        }
        text = opened->text;
      } else {
        ASSERT_FALSE(opened);
        std::string want = expect.substr(std::string("error:").size());
        EXPECT_NE(opened.error().message.find(want), std::string::npos)
            << opened.error().message << " / want " << want;
      }
      ++checked;
    } else if (vector.contains("text")) {
      text = vector["text"].get<std::string>();
    }
    if (vector.contains("expect_checkpoint")) {
      auto checkpoint = Checkpoint::Parse(text);
      ASSERT_TRUE(checkpoint) << checkpoint.error().message;
      const auto& want = vector["expect_checkpoint"];
      EXPECT_EQ(checkpoint->origin, want["origin"]);
      EXPECT_EQ(checkpoint->size, want["size"].get<std::uint64_t>());
      EXPECT_EQ(Base64Encode(std::string(checkpoint->root.begin(), checkpoint->root.end())),
                want["root_b64"]);
      ++checked;
    }
  }
  EXPECT_GE(checked, 19);
}

TEST(SignedNote, GeneratedKeysSignCheckpointsThatVerify) {
  auto key = SignerKey::Generate("reckon/test-case");
  ASSERT_TRUE(key);
  auto round = SignerKey::Parse(key->ToString());
  ASSERT_TRUE(round);
  EXPECT_EQ(round->seed, key->seed);
  Checkpoint checkpoint;
  checkpoint.origin = "reckon/test-case";
  checkpoint.size = 42;
  checkpoint.root = HashLeaf("x");
  auto note = SignNote(checkpoint.Body(), *key);
  ASSERT_TRUE(note);
  auto opened = OpenNote(*note, {key->Verifier()});
  ASSERT_TRUE(opened) << opened.error().message;
  auto parsed = Checkpoint::Parse(opened->text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->size, 42u);
  EXPECT_EQ(parsed->root, checkpoint.root);
  // A changed size no longer verifies.
  std::string forged = *note;
  forged.replace(forged.find("\n42\n"), 4, "\n43\n");
  EXPECT_EQ(OpenNote(forged, {key->Verifier()}).error().code, ErrorCode::kDataLoss);
  // Another key's signature is not accepted as this one's.
  auto other = SignerKey::Generate("reckon/test-case");
  EXPECT_EQ(OpenNote(*note, {other->Verifier()}).error().code, ErrorCode::kPermissionDenied);
}

// The 914 C2SP/CCTV edge cases: reckon accepts exactly the signatures free of low-order and
// non-canonical points, of low-order residues and of re-encoded k (43 of them; pinned).
TEST(Ed25519, EdgeCaseVectorsFollowTheDocumentedRule) {
  std::ifstream in(std::filesystem::path(RECKON_SOURCE_DIR) /
                   "tests/testdata/evidence/cctv-ed25519/ed25519vectors.json");
  auto vectors = nlohmann::json::parse(in);
  ASSERT_EQ(vectors.size(), 914u);
  const std::set<std::string> refused = {"low_order_A",     "low_order_R",     "low_order_residue",
                                         "non_canonical_A", "non_canonical_R", "reencoded_k"};
  int accepted = 0;
  for (const auto& vector : vectors) {
    bool valid = Ed25519Verify(*HexDecode(vector["key"].get<std::string>()),
                               vector["msg"].get<std::string>(),
                               *HexDecode(vector["sig"].get<std::string>()));
    bool expected = true;
    for (const auto& flag : vector["flags"]) expected = expected && refused.count(flag) == 0;
    EXPECT_EQ(valid, expected) << "vector " << vector["number"];
    accepted += valid;
  }
  EXPECT_EQ(accepted, 43);
}

TEST(Checkpoint, RejectsMalformedBodies) {
  EXPECT_FALSE(Checkpoint::Parse("origin\n12\n"));
  EXPECT_FALSE(Checkpoint::Parse("origin\n012\nrKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja/1nk427v383cs=\n"));
  EXPECT_FALSE(Checkpoint::Parse("origin\n12\nshort=\n"));
  EXPECT_FALSE(Checkpoint::Parse("origin\n12\nrKbDipCvhuX1GZ7g5BBe8sA6BbJ7ja/1nk427v383cs="));
}

}  // namespace
}  // namespace reckon::evidence
