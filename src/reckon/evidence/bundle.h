// Exhibit bundles: evidence files with everything needed to check them without the case and
// without trusting reckon (docs/formats/bundle.md). A bundle is a folder holding the files, and
// bundle.json with each item's record, chain of custody, the log leaves that stand for them
// (with the salts and change fields that open their commitments), an inclusion proof for each
// leaf, and the signed checkpoint the proofs lead to. VerifyBundle is what `reckon-verify` runs.
#ifndef RECKON_EVIDENCE_BUNDLE_H_
#define RECKON_EVIDENCE_BUNDLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/evidence/note.h"
#include "reckon/evidence/vault.h"
#include "reckon/store/store.h"

namespace reckon::evidence {

// Writes the bundle of `items` into `directory` (created; kAlreadyExists if it holds a
// bundle.json). Needs a stored checkpoint covering every leaf: kFailedPrecondition otherwise.
// Returns the number of files written.
[[nodiscard]] Result<std::int64_t> ExportBundle(store::Store& store, const Vault& vault,
                                                const std::vector<model::Id>& items,
                                                const std::string& directory);

struct BundleCheck {
  std::string what;
  bool ok = false;
  std::string detail;
};

struct BundleReport {
  std::string checkpoint_origin;
  std::uint64_t checkpoint_size = 0;
  std::vector<BundleCheck> checks;
  [[nodiscard]] bool ok() const {
    for (const auto& check : checks) {
      if (!check.ok) return false;
    }
    return !checks.empty();
  }
};

// Checks a bundle: the checkpoint's signature with `keys`, each file's hash and size, each
// record's and custody event's hash against its leaf, each leaf's commitment and hash, and each
// inclusion proof against the checkpoint's root. kInvalidArgument when bundle.json cannot be
// read as a bundle; every other problem is a failed check in the report.
[[nodiscard]] Result<BundleReport> VerifyBundle(const std::string& directory,
                                                const std::vector<VerifierKey>& keys);

}  // namespace reckon::evidence

#endif  // RECKON_EVIDENCE_BUNDLE_H_
