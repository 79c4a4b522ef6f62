// The application API: one function per user action, used by the CLI (and later the HTTP
// server) alike. A Case is an open case file with the vocabulary and clock it uses. Functions
// take request structs, return results or Errors, and never print: formatting is the caller's.
#ifndef RECKON_SERVICE_SERVICE_H_
#define RECKON_SERVICE_SERVICE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/clock.h"
#include "reckon/core/result.h"
#include "reckon/evidence/note.h"
#include "reckon/evidence/verify.h"
#include "reckon/ingest/importer.h"
#include "reckon/model/vocabulary.h"
#include "reckon/stats/count.h"
#include "reckon/store/store.h"
#include "reckon/synth/synth.h"

namespace reckon::service {

// An open case. Not thread-safe.
class Case {
 public:
  // Creates a new, empty case file. kAlreadyExists if `path` exists.
  [[nodiscard]] static Result<std::unique_ptr<Case>> Create(const std::string& path,
                                                            const Clock& clock);
  // Opens an existing case. kNotFound, kDataLoss or kFailedPrecondition as OpenSqliteStore.
  [[nodiscard]] static Result<std::unique_ptr<Case>> Open(const std::string& path,
                                                          const Clock& clock);

  store::Store& store() { return *store_; }
  // The evidence vault beside the case file ("<case>.blobs").
  evidence::Vault vault() const { return evidence::Vault(path_ + ".blobs"); }
  const model::Vocabulary& vocabulary() const { return model::Vocabulary::Builtin(); }
  const std::string& path() const { return path_; }

 private:
  Case(std::string path, std::unique_ptr<store::Store> store)
      : path_(std::move(path)), store_(std::move(store)) {}
  std::string path_;
  std::unique_ptr<store::Store> store_;
};

struct ImportRequest {
  std::string file;
  std::string source;
  std::string mapping_file;  // Empty: default mapping.
  std::string format;
  bool skip_invalid = false;
  std::string rejects_file;
  std::string actor = "reckon";
};

// Imports a file (see ingest::ImportFile). kInvalidArgument for a bad mapping file.
[[nodiscard]] Result<ingest::ImportReport> Import(
    Case& c, const ImportRequest& request,
    std::function<void(std::int64_t, std::int64_t)> progress = nullptr);

// `reckon add KIND --field value ...`: adds one record from named fields (strings), checking
// vocabulary and dates. Returns the new id. kInvalidArgument names a bad or unknown field.
struct AddRequest {
  std::string kind;  // source, place, event, claim, action, organization, loss, act, person
  std::vector<std::pair<std::string, std::string>> fields;
  std::string actor = "reckon";
};
[[nodiscard]] Result<model::Id> Add(Case& c, const AddRequest& request);

[[nodiscard]] Result<store::Table> List(Case& c, std::string_view kind, std::int64_t limit,
                                        std::int64_t offset);

// A record and what hangs on it: for a person, each mention with its source, raw row and acts.
struct ShowResult {
  store::Table record;
  std::vector<std::pair<std::string, store::Table>> related;  // Title and table.
};
[[nodiscard]] Result<ShowResult> Show(Case& c, std::string_view kind, model::Id id);

[[nodiscard]] Result<std::vector<store::SearchHit>> Search(Case& c, std::string_view query,
                                                           std::int64_t limit);

struct CountRequest {
  std::string unit = "persons";    // persons | acts
  std::vector<std::string> by;     // Dimension names.
  std::vector<std::string> where;  // "dimension=value".
  std::string age_bands;           // Empty: default bands.
  bool explain = false;
};
[[nodiscard]] Result<stats::CountResult> Count(Case& c, const CountRequest& request);
[[nodiscard]] Result<stats::Summary> Summarize(Case& c);

// Explanation rows for the ids behind a figure: for persons, each mention with source and row.
[[nodiscard]] Result<store::Table> Explain(Case& c, stats::Unit unit,
                                           const std::vector<model::Id>& ids);

struct ExportRequest {
  std::string kind = "mentions";  // mentions (importable rows), or any record kind
  std::string format = "csv";     // csv | jsonl
  std::string out;                // File path; "-" for standard output.
};
// Writes the export and returns the number of rows. The "mentions" export has the columns of
// the default import mapping, so it imports back to the same mentions and acts.
[[nodiscard]] Result<std::int64_t> Export(Case& c, const ExportRequest& request,
                                          std::string* text_out = nullptr);

[[nodiscard]] Result<synth::SynthResult> Synth(const synth::SynthOptions& options);

// --- The transparency log (docs/formats/merkle-log.md, checkpoint.md, proofs.md). ---

// Makes a signing key named `name`, writes it to `out` (mode 0600; kAlreadyExists if the file
// exists) and returns the verifier key to publish.
[[nodiscard]] Result<std::string> GenerateLogKey(const std::string& name, const std::string& out);
// Reads a signer key from a file; kInvalidArgument for a malformed key.
[[nodiscard]] Result<evidence::SignerKey> ReadSignerKey(const std::string& path);
// Verifier keys from the text given on the command line or in a file: one key per line.
[[nodiscard]] Result<std::vector<evidence::VerifierKey>> ReadVerifierKeys(
    const std::string& text_or_path);

// Logs the changes not yet logged; returns the log size.
[[nodiscard]] Result<std::int64_t> SyncLog(Case& c);
// After a committed write: brings the transparency log up to date. The write stands whatever
// happens here, so a failure says so (with the code of SyncLog's error) rather than suggest
// that nothing was written.
[[nodiscard]] Status LogCommittedWrite(Case& c);
// Logs, then signs and stores a checkpoint of the whole log; returns the signed note.
[[nodiscard]] Result<std::string> SignCheckpoint(Case& c, const std::string& key_file);

struct InclusionRequest {
  std::int64_t leaf = -1;  // A leaf index, or
  std::string record;      // "kind:id": the leaf of the record's latest change.
};
// An inclusion proof against the latest checkpoint, as the JSON of docs/formats/proofs.md.
// kFailedPrecondition when there is no checkpoint or it does not cover the leaf yet.
[[nodiscard]] Result<std::string> ProveInclusion(Case& c, const InclusionRequest& request);
// A consistency proof from an earlier checkpoint (its signed note's text) to the latest one.
[[nodiscard]] Result<std::string> ProveConsistency(Case& c, const std::string& old_checkpoint);

[[nodiscard]] Result<evidence::VerifyReport> Verify(Case& c,
                                                    const std::vector<evidence::VerifierKey>& keys);

// --- The evidence vault and chain of custody. ---

struct EvidenceAddRequest {
  std::vector<std::string> files;
  std::string collected_by;
  std::string collected_at;  // ISO 8601; now when empty.
  std::string place;         // A place name of the case.
  std::string method;
  std::string source_url;
  std::string note;
  model::Id derived_from = model::kNoId;  // For a working copy, transcoding, redaction, ...
  std::string derivation;
  std::string actor = "reckon";
};
struct EvidenceAdded {
  model::Id id = model::kNoId;
  std::string file;
  std::string sha256;
  std::int64_t size = 0;
  std::string media_type;
  bool duplicate = false;  // The same content was already an item: that item's id.
};
// Stores each file in the vault and records it with a "collected" custody event, one
// transaction per file. A file already in the case as an original is reported, not added.
[[nodiscard]] Result<std::vector<EvidenceAdded>> AddEvidence(Case& c,
                                                             const EvidenceAddRequest& request);

struct CustodyRequest {
  model::Id item = model::kNoId;
  std::string action;  // custody_action vocabulary
  std::string actor;
  std::string at;  // ISO 8601; now when empty.
  std::string place;
  std::string purpose;
  std::string authority;
  std::string note;
};
[[nodiscard]] Result<model::Id> AddCustody(Case& c, const CustodyRequest& request);
// Links an item to a record given as "kind:id" (event, act, person, mention, action, ...).
[[nodiscard]] Result<model::Id> LinkEvidence(Case& c, model::Id item, const std::string& record,
                                             const std::string& actor);

struct EvidenceView {
  model::EvidenceItem item;
  std::vector<model::EvidenceLink> links;
  std::vector<model::CustodyEvent> custody;
  std::string blob_path;
};
[[nodiscard]] Result<EvidenceView> ShowEvidence(Case& c, model::Id item);
// Writes an exhibit bundle of `items` into `directory` (docs/formats/bundle.md), then records a
// "disclosed" custody event for each item (after the bundle's checkpoint, so not in the bundle).
// Returns the number of files. Needs a checkpoint that covers the items' records.
struct EvidenceExportRequest {
  std::vector<model::Id> items;
  std::string directory;
  std::string actor = "reckon";  // Who discloses.
  std::string purpose;           // To whom, why.
  std::string authority;
};
[[nodiscard]] Result<std::int64_t> ExportEvidence(Case& c, const EvidenceExportRequest& request);

}  // namespace reckon::service

#endif  // RECKON_SERVICE_SERVICE_H_
