// An RFC 4180 CSV reader over a buffer held in memory: quoted fields with doubled quotes,
// quoted newlines, CRLF or LF line ends, any one-byte delimiter, an optional UTF-8 byte order
// mark. It reports the line each record starts on and the verbatim bytes of the record, and
// stops at the first malformed record with the line and column of the problem. GuessDelimiter
// picks the delimiter from the header line. Not thread-safe; one reader per buffer.
#ifndef RECKON_INGEST_CSV_H_
#define RECKON_INGEST_CSV_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/result.h"

namespace reckon::ingest {

struct CsvRecord {
  std::int64_t line = 0;            // 1-based line where the record starts.
  std::string_view raw;             // The record's bytes, without its line end.
  std::vector<std::string> fields;  // Unquoted field values.
  // For each field, the text of its line before it (for column numbers in messages).
  std::vector<std::string_view> field_prefixes;

  // 1-based column, in characters, where field `i` starts.
  [[nodiscard]] std::int64_t FieldColumn(size_t i) const;
};

class CsvReader {
 public:
  // `data` must outlive the reader. A leading UTF-8 BOM is skipped.
  CsvReader(std::string_view data, char delimiter);

  // Reads the next record into `record`. Returns false at the end of the data, and
  // kInvalidArgument "line L, column C: ..." for an unclosed quote (a truncated file) or a
  // character after a closing quote.
  [[nodiscard]] Result<bool> Next(CsvRecord& record);

 private:
  std::string_view data_;
  size_t position_ = 0;
  std::int64_t line_ = 1;
  char delimiter_;
};

// The delimiter among ',', ';', '\t' and '|' that occurs most often outside quotes in the first
// line of `data`; ',' when none occurs.
[[nodiscard]] char GuessDelimiter(std::string_view data);

// Quotes a value for CSV output when it holds the delimiter, a quote or a line end.
[[nodiscard]] std::string CsvQuote(std::string_view value, char delimiter = ',');

}  // namespace reckon::ingest

#endif  // RECKON_INGEST_CSV_H_
