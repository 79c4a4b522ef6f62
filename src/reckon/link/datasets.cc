#include "reckon/link/datasets.h"

#include <fstream>

#include "reckon/core/text.h"

namespace reckon::link {
namespace {

// Splits a line on `separator` (a string, as FEBRL's ", "), trimming each value.
std::vector<std::string> Fields(const std::string& line, std::string_view separator) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t at = line.find(separator, start);
    std::string_view value(line.data() + start,
                           (at == std::string::npos ? line.size() : at) - start);
    out.emplace_back(Trim(value));
    if (at == std::string::npos) return out;
    start = at + separator.size();
  }
}

// "19560409" or "1956-04-09" as a day number; kNoEarliest when it is not a valid date.
DayNumber ParseDay(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.size() != 8) return kNoEarliest;
  CivilDate date{std::stoi(digits.substr(0, 4)), std::stoi(digits.substr(4, 2)),
                 std::stoi(digits.substr(6, 2))};
  if (date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > DaysInMonth(date.year, date.month)) {
    return kNoEarliest;
  }
  return DaysFromCivil(date);
}

// Sets the record's birth to the day `text` names, if it is a valid date.
void SetBirthDay(const std::string& text, LinkRecord& record) {
  DayNumber birth = ParseDay(text);
  if (birth == kNoEarliest) return;
  record.birth_earliest = birth;
  record.birth_latest = birth;
}

Result<Dataset> ReadRows(
    const std::string& path, std::string_view separator, size_t columns,
    const std::function<void(const std::vector<std::string>&, Dataset&)>& add) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, path + ": cannot be read");
  Dataset dataset;
  std::string line;
  std::int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 || line.empty()) continue;
    std::vector<std::string> fields = Fields(line, separator);
    if (fields.size() != columns) {
      return MakeError(ErrorCode::kInvalidArgument,
                       path + ":" + std::to_string(number) + ": " + std::to_string(fields.size()) +
                           " fields, expected " + std::to_string(columns));
    }
    add(fields, dataset);
  }
  return dataset;
}

}  // namespace

Result<Dataset> ReadFebrl(const std::string& path) {
  auto dataset = ReadRows(path, ", ", 11, [](const std::vector<std::string>& f, Dataset& d) {
    LinkRecord record;
    record.id = static_cast<std::int64_t>(d.records.size()) + 1;
    record.name.given = f[1];
    record.name.family = f[2];
    SetBirthDay(f[9], record);
    record.extra = {f[7], f[4], f[3], f[6], f[8]};
    d.records.push_back(std::move(record));
    // rec-N-org, rec-N-dup-k: the person is N.
    std::vector<std::string_view> parts = Split(f[0], '-');
    d.truth.emplace_back(parts.size() >= 2 ? parts[1] : f[0]);
  });
  if (dataset) dataset->extra_names = {"postcode", "street", "street number", "suburb", "state"};
  return dataset;
}

Result<Dataset> ReadFake1000(const std::string& path) {
  auto dataset = ReadRows(path, ",", 7, [](const std::vector<std::string>& f, Dataset& d) {
    LinkRecord record;
    record.id = static_cast<std::int64_t>(d.records.size()) + 1;
    record.name.given = f[1];
    record.name.family = f[2];
    SetBirthDay(f[3], record);
    record.place = f[4];
    record.extra = {f[5]};
    d.records.push_back(std::move(record));
    d.truth.push_back(f[6]);
  });
  if (dataset) dataset->extra_names = {"email"};
  return dataset;
}

Result<Dataset> ReadRlData(const std::string& path) {
  return ReadRows(path, ",", 8, [](const std::vector<std::string>& quoted, Dataset& d) {
    std::vector<std::string> f;
    for (const std::string& value : quoted) {
      bool wrapped = value.size() >= 2 && value.front() == '"' && value.back() == '"';
      f.push_back(wrapped ? value.substr(1, value.size() - 2) : value);
    }
    auto join = [](const std::string& a, const std::string& b) {
      return b.empty() || b == "NA" ? a : a + " " + b;
    };
    LinkRecord record;
    record.id = static_cast<std::int64_t>(d.records.size()) + 1;
    record.name.given = join(f[0], f[1]);
    record.name.family = join(f[2], f[3]);
    auto pad = [](const std::string& v) { return v.size() == 1 ? "0" + v : v; };
    SetBirthDay(f[4] + pad(f[5]) + pad(f[6]), record);
    d.records.push_back(std::move(record));
    d.truth.push_back(f[7]);
  });
}

Result<std::vector<std::pair<std::string, std::string>>> ReadNamePairs(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, path + ": cannot be read");
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string_view> cells = Split(line, '\t');
    if (cells.size() < 2) continue;
    std::string cyrillic;
    for (char c : cells[1]) {
      if (c != ' ') cyrillic += c;
    }
    pairs.emplace_back(std::string(cells[0]), cyrillic);
  }
  return pairs;
}

}  // namespace reckon::link
