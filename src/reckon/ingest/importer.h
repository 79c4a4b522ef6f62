// Imports a CSV or JSON Lines file into a case as one transaction: every row is kept verbatim as
// a raw record with its source, the file's SHA-256 and its line, and yields the records its
// mapping names (a person mention, an act, a loss, a claim). A file with any invalid row imports
// nothing and the error names file, line, column, field, value and what was expected; with
// skip_invalid the valid rows are imported and the others written to a rejects file. Importing
// the same file for the same source again changes nothing and says so.
#ifndef RECKON_INGEST_IMPORTER_H_
#define RECKON_INGEST_IMPORTER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/ingest/mapping.h"
#include "reckon/model/vocabulary.h"
#include "reckon/store/store.h"

namespace reckon::ingest {

struct ImportOptions {
  std::string path;
  std::string source_name;
  std::optional<Mapping> mapping;  // Default mapping from the header when absent.
  std::string format;              // "csv" or "jsonl"; from the mapping or extension if empty.
  bool skip_invalid = false;
  std::string rejects_path;  // Default: PATH.rejects.csv (or .jsonl).
  std::string actor = "reckon";
  // Called now and then with bytes read so far and the file size.
  std::function<void(std::int64_t done, std::int64_t total)> progress;
};

// One problem with one row.
struct RowError {
  std::int64_t line = 0;
  std::int64_t column = 0;  // 0 when it concerns the whole row.
  std::string field;        // The reckon field, when one is concerned.
  std::string message;
};

struct ImportReport {
  std::string file;
  std::string file_sha256;
  std::string source;
  bool source_created = false;
  bool already_imported = false;  // Nothing was written: this file was imported before.
  model::Id import_id = model::kNoId;
  std::string format;
  char delimiter = ',';
  std::int64_t rows_read = 0;
  std::int64_t rows_imported = 0;
  std::int64_t rejected = 0;
  std::int64_t mentions = 0;
  std::int64_t acts = 0;
  std::int64_t losses = 0;
  std::int64_t claims = 0;
  std::int64_t places_created = 0;
  std::int64_t events_created = 0;
  std::int64_t organizations_created = 0;
  std::vector<RowError> errors;  // Rows rejected under skip_invalid.
  std::string rejects_path;
};

// Imports options.path into `store`. Returns the report, or: kNotFound (no such file),
// kInvalidArgument (malformed file or rows, unknown columns, bad mapping: nothing imported),
// kUnavailable (the disk refused; nothing imported). Borrows everything; keeps nothing.
[[nodiscard]] Result<ImportReport> ImportFile(store::Store& store, const ImportOptions& options,
                                              const model::Vocabulary& vocabulary);

// Formats a row error as "file:line:column: field 'x': message".
[[nodiscard]] std::string FormatRowError(const std::string& file, const RowError& error);

}  // namespace reckon::ingest

#endif  // RECKON_INGEST_IMPORTER_H_
