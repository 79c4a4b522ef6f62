// Verification of a whole case, as `reckon verify` runs it: the case file's structure, every
// record against the hash the change log holds for it, the chain of each record's changes,
// every log leaf against its change, every stored subtree hash against the leaves, and every
// checkpoint's signature and root. The report says exactly what failed and where.
#ifndef RECKON_EVIDENCE_VERIFY_H_
#define RECKON_EVIDENCE_VERIFY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/evidence/note.h"
#include "reckon/evidence/vault.h"
#include "reckon/store/store.h"

namespace reckon::evidence {

struct VerifyCheck {
  std::string name;  // "records", "log leaves", ...
  std::int64_t checked = 0;
  std::vector<std::string> failures;  // At most 20 listed; `failed` counts all.
  std::int64_t failed = 0;
  std::string note;  // Context ("signatures checked against the key given with --key").
};

struct VerifyReport {
  std::vector<VerifyCheck> checks;
  [[nodiscard]] bool ok() const {
    for (const auto& check : checks) {
      if (check.failed > 0) return false;
    }
    return true;
  }
};

// Verifies the case. `keys` are the verifier keys checkpoints must be signed by; when empty,
// signatures are not checked and the report says so. Problems found are in the report; the
// Result fails only when the case cannot be read at all.
// With `vault`, every evidence item's file is also re-hashed.
[[nodiscard]] Result<VerifyReport> VerifyCase(store::Store& store,
                                              const std::vector<VerifierKey>& keys,
                                              const Vault* vault = nullptr);

}  // namespace reckon::evidence

#endif  // RECKON_EVIDENCE_VERIFY_H_
