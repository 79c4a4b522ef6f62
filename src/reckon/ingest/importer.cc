#include "reckon/ingest/importer.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "reckon/core/sha256.h"
#include "reckon/core/text.h"
#include "reckon/ingest/csv.h"

namespace reckon::ingest {
namespace {

using model::Id;

// A value from one row: the field it fills, its text, and where it stood.
struct Cell {
  Field field;
  std::string_view text;
  // The text of the line before the value, for its column number; nullopt where there is no
  // column (constants, JSON Lines).
  std::optional<std::string_view> line_prefix;
  std::string_view column_name;

  // 1-based character column; 0 when there is none.
  std::int64_t Column() const {
    return line_prefix ? static_cast<std::int64_t>(CountCodePoints(*line_prefix)) + 1 : 0;
  }
};

struct RowProblem {
  std::int64_t column;
  std::string field;
  std::string message;
};

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kNotFound, path + ": cannot open: " + std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kUnavailable, path + ": read error");
  return buffer.str();
}

// Line and character column of byte `offset` in `data`.
std::pair<std::int64_t, std::int64_t> Position(std::string_view data, size_t offset) {
  std::int64_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (data[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::string_view before = data.substr(line_start, offset - line_start);
  // The bytes before `offset` on this line are valid UTF-8 (offset is the first invalid one).
  return {line, static_cast<std::int64_t>(CountCodePoints(before)) + 1};
}

std::optional<double> ParseDecimal(std::string_view text) {
  std::string cleaned;
  for (char c : text) {
    if (c == ' ' || c == '_' || c == '\'') continue;  // Thousands separators.
    cleaned += c;
  }
  if (cleaned.empty()) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(cleaned.data(), cleaned.data() + cleaned.size(), value);
  if (ec != std::errc() || ptr != cleaned.data() + cleaned.size()) return std::nullopt;
  return value;
}

// Turns the cells of one row into an ImportedRow. Looks up or creates places, events and
// organizations inside the import's transaction, remembering them for later rows.
class RowBuilder {
 public:
  RowBuilder(store::Store& store, store::WriteTransaction& write, const model::Vocabulary& vocab,
             const Mapping& mapping, std::set<RecordYield> yields, ImportReport& report)
      : store_(store),
        write_(write),
        vocab_(vocab),
        mapping_(mapping),
        yields_(std::move(yields)),
        report_(report) {}

  // Fills `row` from `cells`; returns the problems found (none: the row is valid).
  std::vector<RowProblem> Build(const std::vector<Cell>& cells, Id source_id,
                                store::ImportedRow& row) {
    problems_.clear();
    model::PersonMention mention;
    mention.source_id = source_id;
    model::Act act;
    act.source_id = source_id;
    model::Loss loss;
    loss.source_id = source_id;
    model::Claim claim;
    claim.source_id = source_id;
    std::string place_name, event_name, residence_name, unit_name, perpetrator_name;
    std::string involvement = "unknown";
    std::string scope_act, scope_sex, scope_age_band, scope_place, scope_event, scope_period,
        scope_status;
    std::string description;
    bool have_value = false;
    bool act_given = false;

    for (const Cell& cell : cells) {
      std::string_view text = Trim(mapping_.Translate(cell.field, Trim(cell.text)));
      if (text.empty()) continue;
      current_ = &cell;
      switch (cell.field) {
        case Field::kIgnore:
          break;
        case Field::kName:
          mention.name.full = text;
          break;
        case Field::kGivenName:
          mention.name.given = text;
          break;
        case Field::kPatronymic:
          mention.name.patronymic = text;
          break;
        case Field::kFamilyName:
          mention.name.family = text;
          break;
        case Field::kSex:
          Vocab("sex", text, mention.sex);
          break;
        case Field::kAge: {
          auto age = AgeRange::Parse(text);
          if (age) {
            mention.age = *age;
          } else {
            Problem(age.error().message);
          }
          break;
        }
        case Field::kBirthDate:
          Date(text, mention.birth);
          break;
        case Field::kBirthYear: {
          if (text.size() != 4 || !std::all_of(text.begin(), text.end(), ::isdigit)) {
            Problem("'" + std::string(text) + "' is not a year of birth: expected four digits");
          } else {
            Date(text, mention.birth);
          }
          break;
        }
        case Field::kHousehold:
          mention.household = text;
          break;
        case Field::kResidence:
          residence_name = text;
          break;
        case Field::kStatus:
          Vocab("person_status", text, mention.status);
          break;
        case Field::kRole:
          Vocab("role", text, mention.role);
          break;
        case Field::kProtection:
          Vocab("protection", text, mention.protection);
          break;
        case Field::kRecordId:
          mention.source_key = text;
          break;
        case Field::kAct:
          act_given = true;
          Vocab("act", text, act.type);
          break;
        case Field::kDate:
          Date(text, act.date);
          break;
        case Field::kPlace:
          place_name = text;
          break;
        case Field::kEvent:
          event_name = text;
          break;
        case Field::kActStatus:
          Vocab("act_status", text, act.status);
          break;
        case Field::kPerpetrator:
          perpetrator_name = text;
          break;
        case Field::kPerpetratorUnit:
          unit_name = text;
          break;
        case Field::kInvolvement:
          Vocab("involvement", text, involvement);
          break;
        case Field::kGroupSize: {
          std::string_view digits = text;
          if (!digits.empty() && digits.front() == '~') {
            act.group_size_approximate = true;
            digits.remove_prefix(1);
          }
          auto size = ParseDecimal(digits);
          if (!size || *size < 1 ||
              *size != static_cast<double>(static_cast<std::int64_t>(*size))) {
            Problem("'" + std::string(text) +
                    "' is not a group size: expected a whole number "
                    ">= 1, optionally with ~ for an approximate figure");
          } else {
            act.group_size = static_cast<std::int64_t>(*size);
          }
          break;
        }
        case Field::kGroupDescription:
          act.group_description = text;
          break;
        case Field::kDescription:
          description = text;
          break;
        case Field::kLossKind:
          Vocab("loss_kind", text, loss.kind);
          break;
        case Field::kAmount: {
          auto amount = ParseDecimal(text);
          if (!amount || *amount < 0) {
            Problem("'" + std::string(text) +
                    "' is not an amount: expected a number >= 0 such "
                    "as 12500 or 12500.50");
          } else {
            loss.amount = amount;
          }
          break;
        }
        case Field::kCurrency: {
          std::string code(text);
          for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          if (code.size() != 3 || !std::all_of(code.begin(), code.end(), ::isalpha)) {
            Problem("'" + std::string(text) +
                    "' is not a currency: expected an ISO 4217 code "
                    "such as USD or EUR");
          } else {
            loss.currency = code;
          }
          break;
        }
        case Field::kOwnerKind:
          Vocab("owner_kind", text, loss.owner_kind);
          break;
        case Field::kOwnerHousehold:
          loss.owner_household = text;
          break;
        case Field::kMetric:
          Vocab("claim_metric", text, claim.metric);
          break;
        case Field::kValue: {
          auto value = ParseDecimal(text);
          if (!value || *value < 0) {
            Problem("'" + std::string(text) + "' is not a claimed figure: expected a number >= 0");
          } else {
            claim.value = *value;
            have_value = true;
          }
          break;
        }
        case Field::kUnit:
          claim.unit = text;
          break;
        case Field::kCitation:
          claim.citation = text;
          break;
        case Field::kStated:
          Date(text, claim.stated);
          break;
        case Field::kScopeAct:
          Vocab("act", text, scope_act);
          break;
        case Field::kScopeSex:
          Vocab("sex", text, scope_sex);
          break;
        case Field::kScopeAgeBand:
          scope_age_band = AsciiLower(text);
          break;
        case Field::kScopePlace:
          scope_place = text;
          break;
        case Field::kScopeEvent:
          scope_event = text;
          break;
        case Field::kScopePeriod: {
          UncertainDate period;
          Date(text, period);
          scope_period = period.ToString();
          break;
        }
        case Field::kScopeStatus:
          Vocab("act_status", text, scope_status);
          break;
      }
    }
    current_ = nullptr;

    bool wants_person = yields_.count(RecordYield::kPerson) != 0;
    bool wants_act = yields_.count(RecordYield::kAct) != 0;
    bool wants_loss = yields_.count(RecordYield::kLoss) != 0;
    bool wants_claim = yields_.count(RecordYield::kClaim) != 0;
    if (wants_person && mention.name.full.empty()) {
      std::vector<std::string> parts;
      for (const std::string* part :
           {&mention.name.family, &mention.name.given, &mention.name.patronymic}) {
        if (!part->empty()) parts.push_back(*part);
      }
      mention.name.full = Join(parts, " ");
    }
    if (wants_act && act.type.empty() && !act_given) {
      Problem("no act type: map a column to 'act' or set it under \"constants\" in the mapping",
              "act");
    }
    if (wants_act && !wants_person && act.group_size == 0) {
      Problem("an act without a named victim needs a group_size", "group_size");
    }
    if (wants_claim && claim.metric.empty()) Problem("a claim needs a 'metric'", "metric");
    if (wants_claim && !have_value) Problem("a claim needs a 'value'", "value");
    if (wants_loss && loss.amount && loss.currency.empty()) {
      Problem("an amount needs a 'currency'", "currency");
    }
    if (!problems_.empty()) return problems_;

    // The row is valid: resolve names to records (creating them if new).
    Id place = ResolvePlace(place_name);
    Id event = ResolveEvent(event_name);
    if (!problems_.empty()) return problems_;
    if (wants_person) {
      mention.residence_place_id = ResolvePlace(residence_name);
      row.mention = std::move(mention);
    }
    if (wants_act) {
      act.place_id = place;
      act.event_id = event;
      act.description = description;
      if (!perpetrator_name.empty() || !unit_name.empty()) {
        model::Perpetrator perpetrator;
        perpetrator.name_as_given = perpetrator_name;
        perpetrator.organization_id = ResolveOrganization(unit_name);
        perpetrator.involvement = involvement;
        act.perpetrators.push_back(std::move(perpetrator));
      }
      row.act = std::move(act);
    }
    if (wants_loss) {
      loss.place_id = place;
      loss.event_id = event;
      loss.date = row.act ? row.act->date : loss.date;
      if (!wants_act) loss.description = description;
      if (wants_person && loss.owner_kind == "unknown") loss.owner_kind = "person";
      if (loss.owner_household.empty() && row.mention) {
        loss.owner_household = row.mention->household;
      }
      row.loss = std::move(loss);
    }
    if (wants_claim) {
      std::vector<std::string> scope;
      auto add = [&](const char* name, const std::string& value) {
        if (!value.empty()) scope.push_back(std::string(name) + "=" + value);
      };
      add("act", scope_act);
      add("sex", scope_sex);
      add("age_band", scope_age_band);
      add("place", scope_place.empty() ? "" : places_.Name(ResolvePlace(scope_place)));
      add("event", scope_event.empty() ? "" : events_.Name(ResolveEvent(scope_event)));
      add("period", scope_period);
      add("status", scope_status);
      claim.scope = Join(scope, ";");
      row.claim = std::move(claim);
    }
    return problems_;
  }

 private:
  void Problem(std::string message, std::string field = "") {
    RowProblem problem;
    problem.column = current_ != nullptr ? current_->Column() : 0;
    problem.field =
        current_ != nullptr ? std::string(FieldName(current_->field)) : std::move(field);
    if (current_ != nullptr && !current_->column_name.empty() &&
        current_->column_name != problem.field) {
      problem.field += " (column '" + std::string(current_->column_name) + "')";
    }
    problem.message = std::move(message);
    problems_.push_back(std::move(problem));
  }

  void Vocab(std::string_view name, std::string_view text, std::string& out) {
    auto cached = vocab_cache_.find({std::string(name), std::string(text)});
    if (cached != vocab_cache_.end()) {
      out = cached->second;
      return;
    }
    auto code = vocab_.Resolve(name, text);
    if (!code) {
      Problem(code.error().message + " (or translate it under \"values\" in the mapping)");
      return;
    }
    vocab_cache_[{std::string(name), std::string(text)}] = *code;
    out = *code;
  }

  void Date(std::string_view text, UncertainDate& out) {
    auto date = UncertainDate::Parse(text, mapping_.date_order());
    if (date) {
      out = *date;
    } else {
      Problem(date.error().message);
    }
  }

  // Ids of named records already seen in this import, and the names they are stored under.
  struct NamedRecords {
    std::unordered_map<std::string, Id> ids;    // As written in the file.
    std::unordered_map<Id, std::string> names;  // As stored in the case.
    std::string Name(Id id) const {
      auto it = names.find(id);
      return it == names.end() ? "" : it->second;
    }
  };

  // The id of the record named `name`: from this import's cache, else found in the case with
  // `find`, else made with `create` (counted in `created`). A failure becomes a row problem.
  template <typename Find, typename Create>
  Id ResolveNamed(NamedRecords& records, const std::string& name, const char* field, Find find,
                  Create create, std::int64_t& created) {
    if (name.empty()) return model::kNoId;
    auto cached = records.ids.find(name);
    if (cached != records.ids.end()) return cached->second;
    auto found = find(name);
    if (!found) {
      Problem(found.error().message, field);
      return model::kNoId;
    }
    Id id = model::kNoId;
    std::string stored_name = name;
    if (found->has_value()) {
      id = (*found)->id;
      stored_name = (*found)->name;
    } else {
      auto made = create(name);
      if (!made) {
        Problem("cannot record " + std::string(field) + " '" + name + "': " + made.error().message,
                field);
        return model::kNoId;
      }
      id = *made;
      ++created;
    }
    records.ids[name] = id;
    records.names[id] = stored_name;
    return id;
  }

  Id ResolvePlace(const std::string& name) {
    return ResolveNamed(
        places_, name, "place", [&](const std::string& n) { return store_.FindPlace(n); },
        [&](const std::string& n) {
          model::Place place;
          place.name = n;
          return write_.AddPlace(place);
        },
        report_.places_created);
  }

  Id ResolveEvent(const std::string& name) {
    return ResolveNamed(
        events_, name, "event", [&](const std::string& n) { return store_.FindEvent(n); },
        [&](const std::string& n) {
          model::Event event;
          event.name = n;
          return write_.AddEvent(event);
        },
        report_.events_created);
  }

  Id ResolveOrganization(const std::string& name) {
    return ResolveNamed(
        organizations_, name, "perpetrator_unit",
        [&](const std::string& n) { return store_.FindOrganization(n); },
        [&](const std::string& n) {
          model::Organization organization;
          organization.name = n;
          organization.kind = "unit";
          return write_.AddOrganization(organization);
        },
        report_.organizations_created);
  }

  struct PairHash {
    size_t operator()(const std::pair<std::string, std::string>& p) const {
      return std::hash<std::string>()(p.first) * 31 + std::hash<std::string>()(p.second);
    }
  };

  store::Store& store_;
  store::WriteTransaction& write_;
  const model::Vocabulary& vocab_;
  const Mapping& mapping_;
  std::set<RecordYield> yields_;
  ImportReport& report_;
  const Cell* current_ = nullptr;
  std::vector<RowProblem> problems_;
  std::unordered_map<std::pair<std::string, std::string>, std::string, PairHash> vocab_cache_;
  NamedRecords places_;
  NamedRecords events_;
  NamedRecords organizations_;
};

// Appends the mapping's constants for fields the row leaves empty.
void AddConstants(const Mapping& mapping, std::vector<Cell>& cells) {
  for (const auto& [field, value] : mapping.constants()) {
    bool present = false;
    for (const Cell& cell : cells) {
      if (cell.field == field && !Trim(cell.text).empty()) present = true;
    }
    if (!present) cells.push_back({field, value, std::nullopt, "constant"});
  }
}

// One row as read from the file: where it stands, its bytes, its cells, and any problem found
// while reading it (a wrong field count, a line that is not a JSON object).
struct RowInput {
  std::int64_t line = 0;
  std::string_view raw;
  std::vector<Cell> cells;
  std::vector<RowProblem> problems;
};

// Reads the rows of one format. Cells view memory owned by the reader until the next call.
class RowReader {
 public:
  virtual ~RowReader() = default;
  // The next non-blank row; false at the end. kInvalidArgument for a file that cannot be read
  // further (an unclosed quote, an unknown column).
  [[nodiscard]] virtual Result<bool> Next(RowInput& input) = 0;
  // What rows yield; valid after the first Next().
  [[nodiscard]] virtual std::set<RecordYield> Yields() const = 0;
  // A rejected row as the rejects file holds it, and the header that file starts with.
  [[nodiscard]] virtual std::string RejectedLine(const RowInput& input,
                                                 const std::string& message) const = 0;
  [[nodiscard]] virtual std::string RejectsHeader() const = 0;
};

class CsvRows final : public RowReader {
 public:
  // Reads and resolves the header. Sets the mapping's delimiter to the one used.
  static Result<std::unique_ptr<RowReader>> Open(std::string_view data, const std::string& path,
                                                 Mapping& mapping) {
    char delimiter = mapping.delimiter() != 0 ? mapping.delimiter() : GuessDelimiter(data);
    mapping.set_delimiter(delimiter);
    auto rows = std::unique_ptr<CsvRows>(new CsvRows(data, path, delimiter));
    CsvRecord& record = rows->record_;
    auto first = rows->reader_.Next(record);
    if (!first) return tl::unexpected(WithContext(first.error(), path));
    rows->header_ = record.fields;
    rows->header_line_ = std::string(record.raw);
    if (rows->header_.size() == 1) {
      for (char candidate : {',', ';', '\t', '|'}) {
        if (candidate != delimiter && rows->header_[0].find(candidate) != std::string::npos) {
          std::string message = path + ":1: the header has one column but contains '";
          message += candidate == '\t' ? std::string("tab") : std::string(1, candidate);
          message += "'; the delimiter may be wrong: set \"delimiter\" in the mapping";
          return MakeError(ErrorCode::kInvalidArgument, std::move(message));
        }
      }
    }
    auto resolved = mapping.Resolve(rows->header_);
    if (!resolved) return tl::unexpected(WithContext(resolved.error(), path + ":1"));
    rows->columns_ = std::move(*resolved);
    rows->yields_ = mapping.Yields(rows->columns_);
    return std::unique_ptr<RowReader>(std::move(rows));
  }

  Result<bool> Next(RowInput& input) override {
    while (true) {
      auto more = reader_.Next(record_);
      if (!more) return tl::unexpected(WithContext(more.error(), path_));
      if (!*more) return false;
      if (record_.fields.size() == 1 && Trim(record_.fields[0]).empty()) continue;  // Blank.
      break;
    }
    input.line = record_.line;
    input.raw = record_.raw;
    input.cells.clear();
    input.problems.clear();
    if (record_.fields.size() != header_.size()) {
      input.problems.push_back({0, "",
                                "the row has " + std::to_string(record_.fields.size()) +
                                    " fields but the header has " + std::to_string(header_.size()) +
                                    "; check the delimiter and quoting"});
      return true;
    }
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i] == Field::kIgnore) continue;
      input.cells.push_back(
          {columns_[i], record_.fields[i], record_.field_prefixes[i], header_[i]});
    }
    return true;
  }

  std::set<RecordYield> Yields() const override { return yields_; }

  std::string RejectedLine(const RowInput& input, const std::string& message) const override {
    return std::string(input.raw) + delimiter_ + CsvQuote(message, delimiter_);
  }

  std::string RejectsHeader() const override {
    return header_line_ + delimiter_ + "reckon_error\n";
  }

 private:
  CsvRows(std::string_view data, std::string path, char delimiter)
      : reader_(data, delimiter), path_(std::move(path)), delimiter_(delimiter) {}

  CsvReader reader_;
  CsvRecord record_;
  std::string path_;
  char delimiter_;
  std::vector<std::string> header_;
  std::string header_line_;
  std::vector<Field> columns_;
  std::set<RecordYield> yields_;
};

class JsonlRows final : public RowReader {
 public:
  JsonlRows(std::string_view data, std::string path, const Mapping& mapping)
      : data_(data), path_(std::move(path)), mapping_(mapping) {}

  Result<bool> Next(RowInput& input) override {
    std::string_view text;
    while (true) {
      if (position_ >= data_.size()) return false;
      size_t end = data_.find('\n', position_);
      if (end == std::string_view::npos) end = data_.size();
      text = data_.substr(position_, end - position_);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      position_ = end + 1;
      ++line_;
      if (!Trim(text).empty()) break;
    }
    input.line = line_;
    input.raw = text;
    input.cells.clear();
    input.problems.clear();
    values_.clear();
    nlohmann::json object = nlohmann::json::parse(text, nullptr, false);
    if (object.is_discarded() || !object.is_object()) {
      input.problems.push_back({1, "",
                                "not a JSON object; each line must be one object such as "
                                "{\"name\": \"...\", \"act\": \"killing\"}"});
      return true;
    }
    values_.reserve(object.size());  // Cells view these strings: no reallocation below.
    for (const auto& [key, value] : object.items()) {
      RECKON_ASSIGN_OR_RETURN(Field field, FieldOf(key));
      if (field == Field::kIgnore) continue;
      if (value.is_string()) {
        values_.push_back(value.get<std::string>());
      } else if (value.is_number() || value.is_boolean()) {
        values_.push_back(value.dump());
      } else if (value.is_null()) {
        values_.emplace_back();
      } else {
        input.problems.push_back({0, std::string(FieldName(field)),
                                  "key '" + key +
                                      "' holds an array or object; expected a "
                                      "string, number or null"});
        continue;
      }
      input.cells.push_back({field, values_.back(), std::nullopt, FieldName(field)});
    }
    if (!yields_) {
      // Rows yield what the keys of the first object name.
      std::vector<Field> fields;
      for (const auto& [key, field] : key_fields_) fields.push_back(field);
      yields_ = mapping_.Yields(fields);
    }
    return true;
  }

  std::set<RecordYield> Yields() const override {
    return yields_.value_or(std::set<RecordYield>());
  }

  std::string RejectedLine(const RowInput& input, const std::string&) const override {
    return std::string(input.raw);
  }

  std::string RejectsHeader() const override { return ""; }

 private:
  Result<Field> FieldOf(const std::string& key) {
    auto known = key_fields_.find(key);
    if (known != key_fields_.end()) return known->second;
    auto resolved = mapping_.Resolve({key});
    if (!resolved) {
      return tl::unexpected(WithContext(resolved.error(), path_ + ":" + std::to_string(line_)));
    }
    key_fields_[key] = (*resolved)[0];
    return (*resolved)[0];
  }

  std::string_view data_;
  std::string path_;
  const Mapping& mapping_;
  size_t position_ = 0;
  std::int64_t line_ = 0;
  std::vector<std::string> values_;
  std::unordered_map<std::string, Field> key_fields_;
  std::optional<std::set<RecordYield>> yields_;
};

}  // namespace

std::string FormatRowError(const std::string& file, const RowError& error) {
  std::string out = file + ":" + std::to_string(error.line);
  if (error.column > 0) out += ":" + std::to_string(error.column);
  out += ": ";
  if (!error.field.empty()) out += "field " + error.field + ": ";
  return out + error.message;
}

Result<ImportReport> ImportFile(store::Store& store, const ImportOptions& options,
                                const model::Vocabulary& vocabulary) {
  ImportReport report;
  report.file = options.path;
  report.source = options.source_name;
  if (options.source_name.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "name the source of the file with --source");
  }
  RECKON_ASSIGN_OR_RETURN(std::string data, ReadWholeFile(options.path));
  const std::string name = BaseName(options.path);
  if (Trim(data).empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     options.path + ": the file is empty; expected a header line and rows");
  }
  report.file_sha256 = Sha256Hex(data);

  Mapping mapping = options.mapping ? *options.mapping : Mapping();
  report.format = options.format;
  if (report.format.empty()) report.format = std::string(mapping.format());
  if (report.format.empty()) {
    bool jsonl = options.path.ends_with(".jsonl") || options.path.ends_with(".ndjson");
    report.format = jsonl ? "jsonl" : "csv";
  }
  if (report.format != "csv" && report.format != "jsonl") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "format '" + report.format + "' is not supported; use csv or jsonl");
  }
  if (auto bad = FindInvalidUtf8(data)) {
    auto [line, column] = Position(data, *bad);
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(data[*bad]));
    return MakeError(ErrorCode::kInvalidArgument,
                     options.path + ":" + std::to_string(line) + ":" + std::to_string(column) +
                         ": byte " + byte + " (offset " + std::to_string(*bad) +
                         ") is not valid UTF-8; save the file as UTF-8 and import it again");
  }

  RECKON_ASSIGN_OR_RETURN(auto existing_source, store.FindSource(options.source_name));
  if (existing_source) {
    RECKON_ASSIGN_OR_RETURN(auto previous,
                            store.FindImport(existing_source->id, report.file_sha256));
    if (previous) {
      report.already_imported = true;
      report.import_id = previous->id;
      report.rows_imported = previous->rows;
      report.rejected = previous->rejected;
      return report;
    }
  }

  RECKON_ASSIGN_OR_RETURN(
      auto write, store.BeginWrite(options.actor, "import " + name + " as " + options.source_name));
  Id source_id;
  if (existing_source) {
    source_id = existing_source->id;
  } else {
    model::Source source;
    source.name = options.source_name;
    RECKON_ASSIGN_OR_RETURN(source_id, write->AddSource(source));
    report.source_created = true;
  }

  std::unique_ptr<RowReader> rows;
  if (report.format == "csv") {
    RECKON_ASSIGN_OR_RETURN(rows, CsvRows::Open(data, options.path, mapping));
    report.delimiter = mapping.delimiter();
  } else {
    rows = std::make_unique<JsonlRows>(data, options.path, mapping);
  }

  model::Import import;
  import.source_id = source_id;
  import.file_name = name;
  import.file_sha256 = report.file_sha256;
  import.format = report.format;
  import.mapping = mapping.ToJson();
  import.actor = options.actor;
  RECKON_ASSIGN_OR_RETURN(report.import_id, write->AddImport(import));

  std::vector<RowError> errors;
  std::vector<std::string> rejected_rows;
  const std::int64_t total = static_cast<std::int64_t>(data.size());
  std::optional<RowBuilder> builder;
  RowInput input;
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool more, rows->Next(input));
    if (!more) break;
    ++report.rows_read;
    if ((report.rows_read & 0xFFF) == 0 && options.progress) {
      options.progress(static_cast<std::int64_t>(input.raw.data() - data.data()), total);
    }
    store::ImportedRow row;
    std::vector<RowProblem> problems = std::move(input.problems);
    if (problems.empty()) {
      if (!builder) builder.emplace(store, *write, vocabulary, mapping, rows->Yields(), report);
      AddConstants(mapping, input.cells);
      problems = builder->Build(input.cells, source_id, row);
    }
    if (!problems.empty()) {
      for (auto& problem : problems) {
        errors.push_back({input.line, problem.column, problem.field, problem.message});
      }
      rejected_rows.push_back(rows->RejectedLine(input, problems.front().message));
      continue;
    }
    row.raw = {0,          report.import_id, source_id,
               input.line, report.rows_read, std::string(input.raw)};
    RECKON_ASSIGN_OR_RETURN(auto ids, write->AddImportedRow(row));
    ++report.rows_imported;
    report.mentions += ids.mention != model::kNoId;
    report.acts += ids.act != model::kNoId;
    report.losses += ids.loss != model::kNoId;
    report.claims += ids.claim != model::kNoId;
  }
  if (options.progress) options.progress(total, total);

  report.rejected = static_cast<std::int64_t>(rejected_rows.size());
  if (!errors.empty() && !options.skip_invalid) {
    std::string message = options.path + ": " + std::to_string(rejected_rows.size()) + " of " +
                          std::to_string(report.rows_read) +
                          " rows are invalid; nothing was imported. Fix the file, or use "
                          "--skip-invalid to import the valid rows and write the others to a "
                          "rejects file.";
    const size_t shown = std::min<size_t>(errors.size(), 20);
    for (size_t i = 0; i < shown; ++i) message += "\n  " + FormatRowError(options.path, errors[i]);
    if (errors.size() > shown) {
      message += "\n  ... and " + std::to_string(errors.size() - shown) + " more problems";
    }
    return MakeError(ErrorCode::kInvalidArgument, message);
  }
  if (report.rows_imported == 0 && report.rows_read == 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     options.path + ": the file has a header but no rows; nothing was imported");
  }
  RECKON_TRY(write->FinishImport(report.import_id, report.rows_imported, report.rejected));
  RECKON_TRY(write->Commit());
  report.errors = std::move(errors);
  if (!rejected_rows.empty()) {
    report.rejects_path = options.rejects_path.empty() ? options.path + ".rejects." + report.format
                                                       : options.rejects_path;
    std::ofstream out(report.rejects_path, std::ios::binary | std::ios::trunc);
    out << rows->RejectsHeader();
    for (const std::string& rejected : rejected_rows) out << rejected << '\n';
    if (!out) {
      return MakeError(ErrorCode::kUnavailable,
                       "the valid rows were imported, but the rejects file " + report.rejects_path +
                           " could not be written");
    }
  }
  return report;
}

}  // namespace reckon::ingest
