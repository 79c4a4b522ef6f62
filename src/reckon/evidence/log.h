// The transparency log of a case: one Merkle leaf (RFC 9162) per entry of the case's change log,
// appended by Sync() after writes. A leaf holds the change's sequence, time, operation, record
// kind and id, and a salted commitment to the content hashes, actor and reason: never names or
// other protected content, so checkpoints and proofs can be published (docs/formats/merkle-log.md).
// CaseLog reads and appends through the Store; it is not thread-safe.
#ifndef RECKON_EVIDENCE_LOG_H_
#define RECKON_EVIDENCE_LOG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/evidence/merkle.h"
#include "reckon/evidence/note.h"
#include "reckon/store/store.h"

namespace reckon::evidence {

// The bytes a change's leaf hashes (docs/formats/merkle-log.md).
[[nodiscard]] std::string LeafData(const store::Change& change, std::string_view salt);

class CaseLog {
 public:
  explicit CaseLog(store::Store& store) : store_(store) {}

  // Appends a leaf for every change not yet in the log, in batches that each commit whole.
  // Returns the log's size. A crash between batches loses nothing: the next Sync goes on.
  [[nodiscard]] Result<std::int64_t> Sync();
  [[nodiscard]] Result<std::int64_t> Size() { return store_.LogSize(); }
  [[nodiscard]] Result<Hash> Root(std::int64_t size);
  [[nodiscard]] Result<Hash> LeafHash(std::int64_t index);
  [[nodiscard]] Result<std::vector<Hash>> InclusionProof(std::int64_t index, std::int64_t size);
  [[nodiscard]] Result<std::vector<Hash>> ConsistencyProof(std::int64_t size1, std::int64_t size2);
  // "reckon/<case id>".
  [[nodiscard]] Result<std::string> Origin();
  // Syncs, signs a checkpoint of the whole log with `key`, stores and returns the signed note.
  [[nodiscard]] Result<std::string> SignCheckpoint(const SignerKey& key);

 private:
  store::Store& store_;
};

}  // namespace reckon::evidence

#endif  // RECKON_EVIDENCE_LOG_H_
