// Merkle trees as RFC 9162 (Certificate Transparency 2.0) defines them: SHA-256, leaf hash
// H(0x00 || data), interior node H(0x01 || left || right), the root of an empty tree H("").
// A tree is read through a SubtreeSource, which gives the hash of any perfect subtree (2^level
// leaves starting at a multiple of 2^level); roots, inclusion proofs and consistency proofs of
// any size are built from O(log n) of them (O(log^2 n) on the right edge). Verification needs no
// tree at all. MemoryTree is a SubtreeSource held in memory.
//
// Decided edge cases (docs/formats/merkle-log.md): every hash is exactly 32 bytes (Hash is a
// fixed array; parsers reject other lengths); a consistency proof from size 0 is refused, as
// transparency-dev/merkle does (an empty tree proves nothing); equal sizes are consistent only
// with an empty proof and equal roots.
#ifndef RECKON_EVIDENCE_MERKLE_H_
#define RECKON_EVIDENCE_MERKLE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/core/sha256.h"

namespace reckon::evidence {

using Hash = Digest;

[[nodiscard]] Hash HashLeaf(std::string_view data);
[[nodiscard]] Hash HashChildren(const Hash& left, const Hash& right);
// H(0x01 || left || right) for byte strings of any length (HashChildren is this for hashes).
[[nodiscard]] Hash HashNode(std::string_view left, std::string_view right);
[[nodiscard]] Hash EmptyRoot();

// Gives hashes of perfect subtrees of a tree. Implementations may read storage.
class SubtreeSource {
 public:
  virtual ~SubtreeSource() = default;
  // The hash of leaves [index * 2^level, (index + 1) * 2^level). Returns kNotFound when the tree
  // is not that large, or the storage's error.
  [[nodiscard]] virtual Result<Hash> Subtree(int level, std::uint64_t index) = 0;
};

// The root of the first `size` leaves.
[[nodiscard]] Result<Hash> RootOf(SubtreeSource& tree, std::uint64_t size);
// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 2.1.3.1).
// kInvalidArgument when index >= size.
[[nodiscard]] Result<std::vector<Hash>> InclusionProof(SubtreeSource& tree, std::uint64_t index,
                                                       std::uint64_t size);
// The proof that the tree of size1 leaves is a prefix of the tree of size2 (RFC 9162 2.1.4.1).
// kInvalidArgument when size1 is 0 or greater than size2.
[[nodiscard]] Result<std::vector<Hash>> ConsistencyProof(SubtreeSource& tree, std::uint64_t size1,
                                                         std::uint64_t size2);

// Checks an inclusion proof (RFC 9162 2.1.3.2). kDataLoss when the proof does not lead to
// `root`; kInvalidArgument when the sizes or the proof's length cannot be right.
[[nodiscard]] Status VerifyInclusion(const Hash& leaf_hash, std::uint64_t index, std::uint64_t size,
                                     std::span<const Hash> proof, const Hash& root);
// Checks a consistency proof (RFC 9162 2.1.4.2), with the edge cases decided above.
[[nodiscard]] Status VerifyConsistency(std::uint64_t size1, std::uint64_t size2,
                                       std::span<const Hash> proof, const Hash& root1,
                                       const Hash& root2);

// A tree in memory: appends leaf hashes and keeps every perfect subtree. Not thread-safe.
class MemoryTree final : public SubtreeSource {
 public:
  void Append(const Hash& leaf_hash);
  [[nodiscard]] std::uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }
  Result<Hash> Subtree(int level, std::uint64_t index) override;

 private:
  std::vector<std::vector<Hash>> levels_;  // levels_[l][i]: perfect subtree (l, i).
};

}  // namespace reckon::evidence

#endif  // RECKON_EVIDENCE_MERKLE_H_
