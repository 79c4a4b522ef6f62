#include "reckon/estimate/table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "reckon/core/text.h"

namespace reckon::estimate {

double CaptureTable::observed() const {
  double total = 0;
  for (const auto& [pattern, count] : counts) total += count;
  return total;
}

double CaptureTable::CountOf(Pattern pattern) const {
  auto it = counts.find(pattern);
  return it == counts.end() ? 0.0 : it->second;
}

double CaptureTable::ListTotal(int list) const {
  double total = 0;
  for (const auto& [pattern, count] : counts) {
    if ((pattern >> list) & 1U) total += count;
  }
  return total;
}

namespace {

Error At(std::string_view name, std::int64_t line, size_t column, const std::string& what) {
  return Error{ErrorCode::kInvalidArgument, std::string(name) + ":" + std::to_string(line) + ":" +
                                                std::to_string(column + 1) + ": " + what};
}

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  for (std::string_view cell : Split(line, ',')) {
    std::string_view trimmed = Trim(cell);
    if (trimmed.size() >= 2 && trimmed.front() == '"' && trimmed.back() == '"') {
      trimmed = trimmed.substr(1, trimmed.size() - 2);
    }
    cells.emplace_back(trimmed);
  }
  return cells;
}

}  // namespace

Result<StratifiedTables> ParseTable(std::string_view csv, std::string_view name) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in{std::string(csv)};
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (rows.empty() && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    rows.push_back(Cells(line));
  }
  if (rows.empty() || (rows.size() == 1 && rows[0].size() <= 1 && rows[0][0].empty())) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(name) + ": the table is empty");
  }
  const std::vector<std::string>& header = rows[0];
  auto count_at = std::find(header.begin(), header.end(), "count");
  if (count_at == header.end()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(name) +
                         ":1: no 'count' column; the header must name one 0/1 "
                         "column per list, optional stratum columns, then count");
  }
  const size_t count_column = static_cast<size_t>(count_at - header.begin());
  // A column is a list when every value is 0 or 1.
  std::vector<bool> is_list(header.size(), true);
  is_list[count_column] = false;
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() == 1 && rows[r][0].empty()) continue;
    if (rows[r].size() != header.size()) {
      return tl::unexpected(At(name, static_cast<std::int64_t>(r) + 1, 0,
                               std::to_string(rows[r].size()) + " fields, the header has " +
                                   std::to_string(header.size())));
    }
    for (size_t c = 0; c < header.size(); ++c) {
      if (rows[r][c] != "0" && rows[r][c] != "1") is_list[c] = false;
    }
  }
  std::vector<size_t> list_columns;
  std::vector<size_t> stratum_columns;
  for (size_t c = 0; c < header.size(); ++c) {
    if (c == count_column) continue;
    (is_list[c] ? list_columns : stratum_columns).push_back(c);
  }
  if (list_columns.size() < 2) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(name) + ":1: " + std::to_string(list_columns.size()) +
                         " list column(s) with only 0 and 1; estimation needs at least two lists");
  }
  if (list_columns.size() > static_cast<size_t>(kMaxLists)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(name) + ":1: more than " + std::to_string(kMaxLists) + " lists");
  }
  StratifiedTables out;
  std::map<std::string, size_t> stratum_index;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() == 1 && row[0].empty()) continue;
    auto line = static_cast<std::int64_t>(r) + 1;
    std::string stratum;
    for (size_t c : stratum_columns) {
      stratum += (stratum.empty() ? "" : ";") + header[c] + "=" + row[c];
    }
    auto [it, inserted] = stratum_index.emplace(stratum, out.tables.size());
    if (inserted) {
      out.strata.push_back(stratum);
      CaptureTable table;
      for (size_t c : list_columns) table.lists.push_back(header[c]);
      out.tables.push_back(std::move(table));
    }
    CaptureTable& table = out.tables[it->second];
    double count = 0;
    try {
      size_t used = 0;
      count = std::stod(row[count_column], &used);
      if (used != row[count_column].size() || !std::isfinite(count)) {
        throw std::invalid_argument("count");
      }
    } catch (const std::exception&) {
      return tl::unexpected(
          At(name, line, count_column, "count '" + row[count_column] + "' is not a number"));
    }
    if (count < 0) {
      return tl::unexpected(
          At(name, line, count_column, "count " + row[count_column] + " is negative"));
    }
    if (count != std::floor(count)) {
      return tl::unexpected(At(
          name, line, count_column,
          "count " + row[count_column] + " is not a whole number; a count is a number of persons"));
    }
    if (count > kMaxCount) {
      return tl::unexpected(At(name, line, count_column,
                               "count " + row[count_column] +
                                   " is larger than any population (at most 10,000,000,000)"));
    }
    Pattern pattern = 0;
    for (size_t i = 0; i < list_columns.size(); ++i) {
      if (row[list_columns[i]] == "1") pattern |= Pattern{1} << i;
    }
    if (pattern == 0) {
      if (count > 0) {
        return tl::unexpected(At(name, line, list_columns[0],
                                 "the all-zero pattern has a count (" + row[count_column] +
                                     "): persons on no list are what estimation is for; remove "
                                     "the row"));
      }
      continue;
    }
    if (count == 0) continue;
    auto [cell, fresh] = table.counts.emplace(pattern, count);
    if (!fresh) {
      cell->second += count;
      table.warnings.push_back("line " + std::to_string(line) +
                               ": a pattern given twice; its counts were added together");
    }
  }
  return out;
}

Result<StratifiedTables> ReadTable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, path + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ParseTable(buffer.str(), path);
}

std::string TableCsv(const CaptureTable& table) {
  std::string out;
  for (const std::string& list : table.lists) out += list + ",";
  out += "count\n";
  const int j = table.list_count();
  for (Pattern p = (Pattern{1} << j) - 1; p >= 1; --p) {
    for (int i = 0; i < j; ++i) out += ((p >> i) & 1U) ? "1," : "0,";
    double count = table.CountOf(p);
    char number[32];
    std::snprintf(number, sizeof number, "%.15g", count);
    out += number;
    out += "\n";
  }
  return out;
}

Status CheckEstimable(const CaptureTable& table) {
  const int j = table.list_count();
  if (j < 2) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "one list alone says nothing about the persons it missed; estimation needs "
                     "at least two lists");
  }
  if (table.observed() <= 0) {
    return MakeError(ErrorCode::kFailedPrecondition, "the table records nobody");
  }
  if (table.observed() > kMaxCount) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the table records more persons than any population (at most "
                     "10,000,000,000)");
  }
  for (int i = 0; i < j; ++i) {
    if (table.ListTotal(i) <= 0) {
      return MakeError(
          ErrorCode::kFailedPrecondition,
          "list '" + table.lists[static_cast<size_t>(i)] + "' records nobody; leave it out");
    }
  }
  bool any_overlap = false;
  for (const auto& [pattern, count] : table.counts) {
    if ((pattern & (pattern - 1)) != 0) any_overlap = true;
  }
  if (!any_overlap) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "no person is on more than one list: overlaps are what estimation learns "
                     "from, so there is no estimate (the lists may not have been linked)");
  }
  return {};
}

std::vector<std::string> Diagnose(const CaptureTable& table) {
  std::vector<std::string> warnings = table.warnings;
  const int j = table.list_count();
  const int cells = (1 << j) - 1;
  int sparse = 0;
  for (Pattern p = 1; p <= static_cast<Pattern>(cells); ++p) {
    if (table.CountOf(p) < 5) ++sparse;
  }
  if (2 * sparse > cells) {
    warnings.push_back(std::to_string(sparse) + " of the " + std::to_string(cells) +
                       " list patterns hold fewer than 5 persons: the table is sparse, and "
                       "log-linear estimates and intervals are unreliable");
  }
  const double observed = table.observed();
  for (int i = 0; i < j; ++i) {
    double total = table.ListTotal(i);
    if (total < 10 || total < 0.01 * observed) {
      char line[160];
      std::snprintf(line, sizeof line, "list '%s' records only %.0f of %.0f persons",
                    table.lists[static_cast<size_t>(i)].c_str(), total, observed);
      warnings.emplace_back(line);
    }
  }
  return warnings;
}

}  // namespace reckon::estimate
