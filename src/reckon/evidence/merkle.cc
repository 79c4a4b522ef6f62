#include "reckon/evidence/merkle.h"

#include <bit>
#include <string>

namespace reckon::evidence {
namespace {

// The largest power of two smaller than n (n >= 2).
std::uint64_t SplitPoint(std::uint64_t n) { return std::bit_floor(n - 1); }

Error Invalid(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message)};
}

// The root of leaves [begin, end), end > begin; `begin` is a multiple of the largest power of two
// not above end - begin, as it always is in RFC 9162's recursion.
Result<Hash> RangeRoot(SubtreeSource& tree, std::uint64_t begin, std::uint64_t end) {
  const std::uint64_t n = end - begin;
  if (std::has_single_bit(n) && begin % n == 0) {
    return tree.Subtree(std::countr_zero(n), begin / n);
  }
  const std::uint64_t k = SplitPoint(n);
  RECKON_ASSIGN_OR_RETURN(Hash left, RangeRoot(tree, begin, begin + k));
  RECKON_ASSIGN_OR_RETURN(Hash right, RangeRoot(tree, begin + k, end));
  return HashChildren(left, right);
}

// PATH(m, D[begin:end]) of RFC 9162, innermost sibling first.
Status Path(SubtreeSource& tree, std::uint64_t m, std::uint64_t begin, std::uint64_t end,
            std::vector<Hash>& out) {
  const std::uint64_t n = end - begin;
  if (n == 1) return {};
  const std::uint64_t k = SplitPoint(n);
  if (m < k) {
    RECKON_TRY(Path(tree, m, begin, begin + k, out));
    RECKON_ASSIGN_OR_RETURN(Hash sibling, RangeRoot(tree, begin + k, end));
    out.push_back(sibling);
  } else {
    RECKON_TRY(Path(tree, m - k, begin + k, end, out));
    RECKON_ASSIGN_OR_RETURN(Hash sibling, RangeRoot(tree, begin, begin + k));
    out.push_back(sibling);
  }
  return {};
}

// SUBPROOF(m, D[begin:end], b) of RFC 9162.
Status Subproof(SubtreeSource& tree, std::uint64_t m, std::uint64_t begin, std::uint64_t end,
                bool whole, std::vector<Hash>& out) {
  const std::uint64_t n = end - begin;
  if (m == n) {
    if (!whole) {
      RECKON_ASSIGN_OR_RETURN(Hash root, RangeRoot(tree, begin, end));
      out.push_back(root);
    }
    return {};
  }
  const std::uint64_t k = SplitPoint(n);
  if (m <= k) {
    RECKON_TRY(Subproof(tree, m, begin, begin + k, whole, out));
    RECKON_ASSIGN_OR_RETURN(Hash right, RangeRoot(tree, begin + k, end));
    out.push_back(right);
  } else {
    RECKON_TRY(Subproof(tree, m - k, begin + k, end, false, out));
    RECKON_ASSIGN_OR_RETURN(Hash left, RangeRoot(tree, begin, begin + k));
    out.push_back(left);
  }
  return {};
}

bool Odd(std::uint64_t x) { return (x & 1) != 0; }

}  // namespace

Hash HashLeaf(std::string_view data) {
  Sha256 hasher;
  hasher.Update(std::string_view("\x00", 1));
  hasher.Update(data);
  return hasher.Finish();
}

Hash HashNode(std::string_view left, std::string_view right) {
  std::string input = "\x01";
  input.append(left);
  input.append(right);
  return Sha256Of(input);
}

Hash HashChildren(const Hash& left, const Hash& right) {
  return HashNode(std::string_view(reinterpret_cast<const char*>(left.data()), left.size()),
                  std::string_view(reinterpret_cast<const char*>(right.data()), right.size()));
}

Hash EmptyRoot() { return Sha256Of(""); }

Result<Hash> RootOf(SubtreeSource& tree, std::uint64_t size) {
  if (size == 0) return EmptyRoot();
  return RangeRoot(tree, 0, size);
}

Result<std::vector<Hash>> InclusionProof(SubtreeSource& tree, std::uint64_t index,
                                         std::uint64_t size) {
  if (index >= size) {
    return tl::unexpected(Invalid("leaf " + std::to_string(index) + " is not in a tree of " +
                                  std::to_string(size) + " leaves"));
  }
  std::vector<Hash> proof;
  RECKON_TRY(Path(tree, index, 0, size, proof));
  return proof;
}

Result<std::vector<Hash>> ConsistencyProof(SubtreeSource& tree, std::uint64_t size1,
                                           std::uint64_t size2) {
  if (size1 == 0 || size1 > size2) {
    return tl::unexpected(Invalid("no consistency proof from size " + std::to_string(size1) +
                                  " to size " + std::to_string(size2) +
                                  ": the first size must be 1 to the second"));
  }
  std::vector<Hash> proof;
  RECKON_TRY(Subproof(tree, size1, 0, size2, true, proof));
  return proof;
}

Status VerifyInclusion(const Hash& leaf_hash, std::uint64_t index, std::uint64_t size,
                       std::span<const Hash> proof, const Hash& root) {
  if (index >= size) {
    return tl::unexpected(Invalid("leaf index " + std::to_string(index) +
                                  " is not below the tree size " + std::to_string(size)));
  }
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return tl::unexpected(Invalid("the inclusion proof has too many hashes"));
    if (Odd(fn) || fn == sn) {
      r = HashChildren(p, r);
      while (!Odd(fn) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = HashChildren(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return tl::unexpected(Invalid("the inclusion proof has too few hashes"));
  if (r != root) {
    return MakeError(ErrorCode::kDataLoss,
                     "the inclusion proof does not lead to the root: the leaf is not in this tree");
  }
  return {};
}

Status VerifyConsistency(std::uint64_t size1, std::uint64_t size2, std::span<const Hash> proof,
                         const Hash& root1, const Hash& root2) {
  if (size1 > size2) {
    return tl::unexpected(Invalid("the first tree (" + std::to_string(size1) +
                                  ") is larger than the second (" + std::to_string(size2) + ")"));
  }
  if (size1 == 0) {
    return tl::unexpected(Invalid("a consistency proof from an empty tree proves nothing"));
  }
  if (size1 == size2) {
    if (!proof.empty()) {
      return tl::unexpected(Invalid("trees of equal size need an empty consistency proof"));
    }
    if (root1 != root2) {
      return MakeError(ErrorCode::kDataLoss, "two trees of the same size have different roots");
    }
    return {};
  }
  if (proof.empty()) return tl::unexpected(Invalid("the consistency proof is empty"));
  std::vector<Hash> path;
  if (std::has_single_bit(size1)) path.push_back(root1);
  path.insert(path.end(), proof.begin(), proof.end());
  std::uint64_t fn = size1 - 1;
  std::uint64_t sn = size2 - 1;
  while (Odd(fn)) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return tl::unexpected(Invalid("the consistency proof has too many hashes"));
    if (Odd(fn) || fn == sn) {
      fr = HashChildren(c, fr);
      sr = HashChildren(c, sr);
      while (!Odd(fn) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = HashChildren(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return tl::unexpected(Invalid("the consistency proof has too few hashes"));
  if (fr != root1 || sr != root2) {
    return MakeError(ErrorCode::kDataLoss,
                     "the consistency proof fails: the second tree does not extend the first");
  }
  return {};
}

void MemoryTree::Append(const Hash& leaf_hash) {
  if (levels_.empty()) levels_.emplace_back();
  levels_[0].push_back(leaf_hash);
  // Complete every perfect subtree the new leaf closes.
  for (size_t level = 0; levels_[level].size() % 2 == 0; ++level) {
    if (level + 1 == levels_.size()) levels_.emplace_back();
    const auto& row = levels_[level];
    levels_[level + 1].push_back(HashChildren(row[row.size() - 2], row.back()));
  }
}

Result<Hash> MemoryTree::Subtree(int level, std::uint64_t index) {
  if (level < 0 || static_cast<size_t>(level) >= levels_.size() ||
      index >= levels_[static_cast<size_t>(level)].size()) {
    return MakeError(ErrorCode::kNotFound, "no subtree at level " + std::to_string(level) +
                                               " index " + std::to_string(index));
  }
  return levels_[static_cast<size_t>(level)][index];
}

}  // namespace reckon::evidence
