#include "reckon/ingest/csv.h"

#include "reckon/core/text.h"

namespace reckon::ingest {

std::int64_t CsvRecord::FieldColumn(size_t i) const {
  return static_cast<std::int64_t>(CountCodePoints(field_prefixes[i])) + 1;
}

CsvReader::CsvReader(std::string_view data, char delimiter) : data_(data), delimiter_(delimiter) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") position_ = 3;
}

Result<bool> CsvReader::Next(CsvRecord& record) {
  record.fields.clear();
  record.field_prefixes.clear();
  if (position_ >= data_.size()) return false;
  const size_t start = position_;
  record.line = line_;
  size_t line_start = position_;  // For column numbers.
  auto column_at = [&](size_t at) {
    return static_cast<std::int64_t>(CountCodePoints(data_.substr(line_start, at - line_start)) +
                                     1);
  };
  std::string field;
  while (true) {
    record.field_prefixes.push_back(data_.substr(line_start, position_ - line_start));
    field.clear();
    if (position_ < data_.size() && data_[position_] == '"') {
      const size_t quote_at = position_;
      const std::int64_t quote_line = line_;
      const std::int64_t quote_column = column_at(quote_at);
      ++position_;
      while (true) {
        size_t next = data_.find('"', position_);
        if (next == std::string_view::npos) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "line " + std::to_string(quote_line) + ", column " +
                               std::to_string(quote_column) +
                               ": a quoted field starts here and is never closed; the file may "
                               "be truncated, or a quote inside a field is not doubled");
        }
        for (size_t i = position_; i < next; ++i) {
          if (data_[i] == '\n') {
            ++line_;
            line_start = i + 1;
          }
        }
        field.append(data_.substr(position_, next - position_));
        position_ = next + 1;
        if (position_ < data_.size() && data_[position_] == '"') {
          field += '"';
          ++position_;
          continue;
        }
        break;
      }
      if (position_ < data_.size() && data_[position_] != delimiter_ && data_[position_] != '\n' &&
          data_[position_] != '\r') {
        return MakeError(ErrorCode::kInvalidArgument,
                         "line " + std::to_string(line_) + ", column " +
                             std::to_string(column_at(position_)) +
                             ": unexpected character after a closing quote; quotes inside a "
                             "quoted field must be doubled (\"\")");
      }
    } else {
      size_t end = position_;
      while (end < data_.size() && data_[end] != delimiter_ && data_[end] != '\n') ++end;
      size_t value_end = end;
      // A '\r' before the line end (or the end of the data) belongs to the line end.
      const bool at_line_end = end == data_.size() || data_[end] == '\n';
      if (at_line_end && value_end > position_ && data_[value_end - 1] == '\r') --value_end;
      field.assign(data_.substr(position_, value_end - position_));
      position_ = end;
    }
    record.fields.push_back(field);
    if (position_ < data_.size() && data_[position_] == delimiter_) {
      ++position_;
      continue;
    }
    // End of record: "\r\n", "\n", or end of data.
    size_t raw_end = position_;
    if (raw_end > start && data_[raw_end - 1] == '\r') --raw_end;
    if (position_ < data_.size() && data_[position_] == '\r') ++position_;
    if (position_ < data_.size() && data_[position_] == '\n') {
      ++position_;
      ++line_;
    }
    record.raw = data_.substr(start, raw_end - start);
    return true;
  }
}

char GuessDelimiter(std::string_view data) {
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  const char candidates[] = {',', ';', '\t', '|'};
  size_t counts[4] = {0, 0, 0, 0};
  bool quoted = false;
  for (char c : data) {
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '\n') break;
    if (quoted) continue;
    for (int i = 0; i < 4; ++i) {
      if (c == candidates[i]) ++counts[i];
    }
  }
  int best = 0;
  for (int i = 1; i < 4; ++i) {
    if (counts[i] > counts[best]) best = i;
  }
  return candidates[best];
}

std::string CsvQuote(std::string_view value, char delimiter) {
  bool needs =
      value.find_first_of(std::string{'"', '\n', '\r', delimiter}) != std::string_view::npos;
  if (!needs) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace reckon::ingest
