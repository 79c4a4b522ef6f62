#include "reckon/evidence/log.h"

#include <sodium.h>

#include <map>

#include "reckon/core/encoding.h"

namespace reckon::evidence {
namespace {

constexpr std::int64_t kBatch = 50'000;

// Reads perfect subtrees from the store, with the batch being written laid over it.
class StoreTree final : public SubtreeSource {
 public:
  explicit StoreTree(store::Store& store) : store_(store) {}
  // Hashes appended in this batch, then hashes read before (a proof asks for the right edge of
  // the tree more than once), then the store.
  Result<Hash> Subtree(int level, std::uint64_t index) override {
    auto pending = pending_.find({level, index});
    if (pending != pending_.end()) return pending->second;
    auto read = read_.find({level, index});
    if (read != read_.end()) return read->second;
    RECKON_ASSIGN_OR_RETURN(Hash hash, store_.LogSubtree(level, static_cast<std::int64_t>(index)));
    if (read_.size() < kMaxRead) read_.emplace(std::pair{level, index}, hash);
    return hash;
  }
  void Add(int level, std::uint64_t index, const Hash& hash) { pending_[{level, index}] = hash; }
  void Clear() {
    pending_.clear();
    read_.clear();
  }

 private:
  static constexpr size_t kMaxRead = 4096;
  store::Store& store_;
  std::map<std::pair<int, std::uint64_t>, Hash> pending_;
  std::map<std::pair<int, std::uint64_t>, Hash> read_;
};

}  // namespace

std::string LeafData(const store::Change& change, std::string_view salt) {
  Sha256 commitment;
  commitment.Update(salt);
  commitment.Update("old=" + change.old_hash + "\nnew=" + change.new_hash +
                    "\nactor=" + change.actor + "\nreason=" + change.reason + "\n");
  Digest committed = commitment.Finish();
  return "reckon-leaf/1\nsequence=" + std::to_string(change.sequence) + "\nat=" + change.at +
         "\noperation=" + change.operation +
         "\nkind=" + std::string(store::RecordKindName(change.kind)) +
         "\nrecord=" + std::to_string(change.record_id) + "\ncommitment=" + HexOf(committed) + "\n";
}

Result<std::int64_t> CaseLog::Sync() {
  if (sodium_init() < 0) return MakeError(ErrorCode::kUnavailable, "libsodium did not start");
  RECKON_ASSIGN_OR_RETURN(std::int64_t size, store_.LogSize());
  std::int64_t after = 0;
  if (size > 0) {
    RECKON_ASSIGN_OR_RETURN(auto last, store_.ListLogLeaves(size - 1, 1));
    if (last.empty()) return MakeError(ErrorCode::kDataLoss, "the log's last leaf is missing");
    after = last[0].change_sequence;
  }
  StoreTree tree(store_);
  while (true) {
    RECKON_ASSIGN_OR_RETURN(auto changes, store_.ListChanges(after, kBatch));
    if (changes.empty()) return size;
    std::vector<store::LogLeaf> leaves;
    std::vector<store::LogNode> nodes;
    leaves.reserve(changes.size());
    for (const store::Change& change : changes) {
      store::LogLeaf leaf;
      leaf.index = size;
      leaf.change_sequence = change.sequence;
      leaf.salt.assign(32, '\0');
      randombytes_buf(leaf.salt.data(), leaf.salt.size());
      leaf.hash = HashLeaf(LeafData(change, leaf.salt));
      tree.Add(0, static_cast<std::uint64_t>(size), leaf.hash);
      // Every perfect subtree this leaf completes.
      const auto count = static_cast<std::uint64_t>(size) + 1;
      for (int level = 1; count % (std::uint64_t{1} << level) == 0; ++level) {
        const std::uint64_t index = (count >> level) - 1;
        RECKON_ASSIGN_OR_RETURN(Hash left, tree.Subtree(level - 1, 2 * index));
        RECKON_ASSIGN_OR_RETURN(Hash right, tree.Subtree(level - 1, 2 * index + 1));
        Hash node = HashChildren(left, right);
        tree.Add(level, index, node);
        nodes.push_back({level, static_cast<std::int64_t>(index), node});
      }
      leaves.push_back(std::move(leaf));
      ++size;
      after = change.sequence;
    }
    RECKON_TRY(store_.AppendLog(leaves, nodes));
    tree.Clear();
  }
}

Result<Hash> CaseLog::Root(std::int64_t size) {
  StoreTree tree(store_);
  return RootOf(tree, static_cast<std::uint64_t>(size));
}

Result<Hash> CaseLog::LeafHash(std::int64_t index) { return store_.LogSubtree(0, index); }

Result<std::vector<Hash>> CaseLog::InclusionProof(std::int64_t index, std::int64_t size) {
  RECKON_ASSIGN_OR_RETURN(std::int64_t log_size, store_.LogSize());
  if (size > log_size || index < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "the log has " + std::to_string(log_size) +
                                                      " leaves, not " + std::to_string(size));
  }
  StoreTree tree(store_);
  return evidence::InclusionProof(tree, static_cast<std::uint64_t>(index),
                                  static_cast<std::uint64_t>(size));
}

Result<std::vector<Hash>> CaseLog::ConsistencyProof(std::int64_t size1, std::int64_t size2) {
  RECKON_ASSIGN_OR_RETURN(std::int64_t log_size, store_.LogSize());
  if (size2 > log_size || size1 < 0) {
    return MakeError(ErrorCode::kInvalidArgument, "the log has " + std::to_string(log_size) +
                                                      " leaves, not " + std::to_string(size2));
  }
  StoreTree tree(store_);
  return evidence::ConsistencyProof(tree, static_cast<std::uint64_t>(size1),
                                    static_cast<std::uint64_t>(size2));
}

Result<std::string> CaseLog::Origin() {
  RECKON_ASSIGN_OR_RETURN(std::string id, store_.CaseId());
  return "reckon/" + id;
}

Result<std::string> CaseLog::SignCheckpoint(const SignerKey& key) {
  RECKON_ASSIGN_OR_RETURN(std::int64_t size, Sync());
  Checkpoint checkpoint;
  RECKON_ASSIGN_OR_RETURN(checkpoint.origin, Origin());
  checkpoint.size = static_cast<std::uint64_t>(size);
  RECKON_ASSIGN_OR_RETURN(checkpoint.root, Root(size));
  RECKON_ASSIGN_OR_RETURN(std::string note, SignNote(checkpoint.Body(), key));
  RECKON_TRY(store_.AddCheckpoint(size, note));
  return note;
}

}  // namespace reckon::evidence
