// Capture histories for multiple systems estimation: a CaptureTable counts, for every pattern of
// lists (which lists recorded a person), how many persons have that pattern; the all-absent
// pattern is the unknown the estimators solve for. Tables come from a case's linked persons
// (service layer) or from a CSV file in the format `reckon estimate table` writes: one 0/1
// column per list, optional stratum columns, then `count`. Values only; thread-compatible.
#ifndef RECKON_ESTIMATE_TABLE_H_
#define RECKON_ESTIMATE_TABLE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/result.h"

namespace reckon::estimate {

inline constexpr int kMaxLists = 16;
// The largest count a table may hold, in a cell or in all: more persons than live on Earth, and
// small enough that every total stays exact in the estimators' arithmetic.
inline constexpr double kMaxCount = 1e10;

// Bit i of a pattern is set when list i recorded the person.
using Pattern = std::uint32_t;

struct CaptureTable {
  std::vector<std::string> lists;
  std::map<Pattern, double> counts;  // Observed patterns only (never 0).
  std::vector<std::string> warnings;

  [[nodiscard]] int list_count() const { return static_cast<int>(lists.size()); }
  [[nodiscard]] double observed() const;
  [[nodiscard]] double CountOf(Pattern pattern) const;
  // Persons recorded by list i (its margin).
  [[nodiscard]] double ListTotal(int list) const;
};

// A table per stratum ("" when the file has no stratum columns), in the file's order of first
// appearance.
struct StratifiedTables {
  std::vector<std::string> strata;
  std::vector<CaptureTable> tables;
};

// Reads a table from CSV text. Columns named `count` (required) and any whose values are all 0/1
// are lists unless named in `stratum_columns`; other columns are strata. Errors are
// kInvalidArgument naming the line and column: a missing `count` column, a count that is negative
// or not a number, a list value other than 0 or 1, the all-zero pattern with a count, fewer than
// two lists, more than kMaxLists. A pattern given twice is merged (summed) with a warning.
[[nodiscard]] Result<StratifiedTables> ParseTable(std::string_view csv, std::string_view name);
// Reads a file. kNotFound when it cannot be read; otherwise as ParseTable.
[[nodiscard]] Result<StratifiedTables> ReadTable(const std::string& path);

// The table as CSV: one column per list, then `count`; patterns in decreasing binary order.
[[nodiscard]] std::string TableCsv(const CaptureTable& table);

// Checks what the estimators need: at least two lists, and every list overlapping some other
// (else there is nothing to estimate from). kFailedPrecondition with the reason.
[[nodiscard]] Status CheckEstimable(const CaptureTable& table);

// Warnings a statistician would want before trusting any estimate from the table: sparse cells,
// lists that record almost nobody.
[[nodiscard]] std::vector<std::string> Diagnose(const CaptureTable& table);

}  // namespace reckon::estimate

#endif  // RECKON_ESTIMATE_TABLE_H_
