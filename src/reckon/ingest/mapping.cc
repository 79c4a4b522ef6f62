#include "reckon/ingest/mapping.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "reckon/core/text.h"

namespace reckon::ingest {
namespace {

struct FieldInfo {
  Field field;
  std::string_view name;
  std::vector<std::string_view> aliases;
};

const std::vector<FieldInfo>& Fields() {
  static const std::vector<FieldInfo> kFields = {
      {Field::kIgnore, "ignore", {"skip"}},
      {Field::kName, "name", {"full_name", "fullname", "person", "victim", "victim_name", "фио"}},
      {Field::kGivenName, "given_name", {"first_name", "firstname", "forename", "имя"}},
      {Field::kPatronymic, "patronymic", {"father_name", "fathers_name", "отчество"}},
      {Field::kFamilyName, "family_name", {"surname", "last_name", "lastname", "фамилия"}},
      {Field::kSex, "sex", {"gender", "пол"}},
      {Field::kAge, "age", {"age_at_event", "возраст"}},
      {Field::kBirthDate, "birth_date", {"birth", "dob", "date_of_birth", "born"}},
      {Field::kBirthYear, "birth_year", {"year_of_birth", "yob"}},
      {Field::kHousehold, "household", {"household_id", "family", "family_id"}},
      {Field::kResidence, "residence", {"address", "home", "place_of_residence"}},
      {Field::kStatus, "status", {"fate", "person_status"}},
      {Field::kRole, "role", {}},
      {Field::kProtection, "protection", {"protection_level"}},
      {Field::kRecordId, "record_id", {"id", "source_id", "row_id", "record"}},
      {Field::kAct, "act", {"act_type", "violation", "type", "incident_type"}},
      {Field::kDate, "date", {"date_of_act", "incident_date", "event_date", "date_of_death"}},
      {Field::kPlace, "place", {"location", "place_of_act", "village", "town"}},
      {Field::kEvent, "event", {"incident", "event_name"}},
      {Field::kActStatus, "act_status", {"verification", "verification_status"}},
      {Field::kPerpetrator, "perpetrator", {"perpetrator_name", "alleged_perpetrator"}},
      {Field::kPerpetratorUnit, "perpetrator_unit", {"unit", "perpetrator_organization"}},
      {Field::kInvolvement, "involvement", {"mode_of_liability"}},
      {Field::kGroupSize, "group_size", {"number_of_victims", "victim_count"}},
      {Field::kGroupDescription, "group_description", {"group"}},
      {Field::kDescription, "description", {"notes", "note", "details", "summary"}},
      {Field::kLossKind, "loss_kind", {"loss", "loss_type", "property"}},
      {Field::kAmount, "amount", {"loss_amount", "damage"}},
      {Field::kCurrency, "currency", {}},
      {Field::kOwnerKind, "owner_kind", {"owner"}},
      {Field::kOwnerHousehold, "owner_household", {}},
      {Field::kMetric, "metric", {"claim_metric"}},
      {Field::kValue, "value", {"claimed_value", "figure"}},
      {Field::kUnit, "unit", {}},
      {Field::kCitation, "citation", {"cited_in", "reference"}},
      {Field::kStated, "stated", {"stated_on", "claim_date"}},
      {Field::kScopeAct, "scope_act", {"scope.act"}},
      {Field::kScopeSex, "scope_sex", {"scope.sex"}},
      {Field::kScopeAgeBand, "scope_age_band", {"scope.age_band"}},
      {Field::kScopePlace, "scope_place", {"scope.place"}},
      {Field::kScopeEvent, "scope_event", {"scope.event"}},
      {Field::kScopePeriod, "scope_period", {"scope.period"}},
      {Field::kScopeStatus, "scope_status", {"scope.status"}},
  };
  return kFields;
}

std::string NormalizeName(std::string_view name) {
  std::string folded = FoldForMatch(name);
  for (char& c : folded) {
    if (c == ' ' || c == '-' || c == '.') c = '_';
  }
  return folded;
}

RecordYield GroupOf(Field field) {
  if (field >= Field::kMetric) return RecordYield::kClaim;
  if (field >= Field::kLossKind) return RecordYield::kLoss;
  if (field >= Field::kAct) return RecordYield::kAct;
  return RecordYield::kPerson;
}

}  // namespace

std::string_view FieldName(Field field) {
  for (const FieldInfo& info : Fields()) {
    if (info.field == field) return info.name;
  }
  return "ignore";
}

std::optional<Field> FieldFromName(std::string_view name) {
  std::string normalized = NormalizeName(name);
  for (const FieldInfo& info : Fields()) {
    if (normalized == info.name) return info.field;
    for (std::string_view alias : info.aliases) {
      if (normalized == NormalizeName(alias)) return info.field;
    }
  }
  return std::nullopt;
}

std::vector<std::string> FieldNames() {
  std::vector<std::string> names;
  for (const FieldInfo& info : Fields()) {
    if (info.field != Field::kIgnore) names.emplace_back(info.name);
  }
  return names;
}

std::string_view YieldName(RecordYield yield) {
  switch (yield) {
    case RecordYield::kPerson:
      return "person";
    case RecordYield::kAct:
      return "act";
    case RecordYield::kLoss:
      return "loss";
    case RecordYield::kClaim:
      return "claim";
  }
  return "person";
}

Result<Mapping> Mapping::FromJson(std::string_view json) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the mapping is not a JSON object; see docs/formats/mapping.md");
  }
  Mapping mapping;
  auto field_of = [](const std::string& name, const std::string& where) -> Result<Field> {
    auto field = FieldFromName(name);
    if (!field) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          where + ": '" + name + "' is not a field; fields are: " + Join(FieldNames(), ", "));
    }
    return *field;
  };
  for (const auto& [key, value] : doc.items()) {
    if (key == "format") {
      if (!value.is_string() || (value != "csv" && value != "jsonl")) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "mapping 'format' must be \"csv\" or \"jsonl\"");
      }
      mapping.format_ = value.get<std::string>();
    } else if (key == "delimiter") {
      std::string d = value.is_string() ? value.get<std::string>() : "";
      if (d == "\\t" || d == "tab") d = "\t";
      if (d.size() != 1) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "mapping 'delimiter' must be one character (or \"tab\")");
      }
      mapping.delimiter_ = d[0];
    } else if (key == "date_order") {
      if (value == "dmy") {
        mapping.date_order_ = DateOrder::kDayMonthYear;
      } else if (value == "mdy") {
        mapping.date_order_ = DateOrder::kMonthDayYear;
      } else {
        return MakeError(ErrorCode::kInvalidArgument,
                         "mapping 'date_order' must be \"dmy\" or \"mdy\"");
      }
    } else if (key == "yields") {
      if (!value.is_array()) {
        return MakeError(ErrorCode::kInvalidArgument, "mapping 'yields' must be an array");
      }
      for (const auto& item : value) {
        std::string name = item.is_string() ? item.get<std::string>() : "";
        if (name == "person") {
          mapping.yields_.insert(RecordYield::kPerson);
        } else if (name == "act") {
          mapping.yields_.insert(RecordYield::kAct);
        } else if (name == "loss") {
          mapping.yields_.insert(RecordYield::kLoss);
        } else if (name == "claim") {
          mapping.yields_.insert(RecordYield::kClaim);
        } else {
          return MakeError(ErrorCode::kInvalidArgument,
                           "mapping 'yields': '" + name + "' is not person, act, loss or claim");
        }
      }
    } else if (key == "columns") {
      if (!value.is_object()) {
        return MakeError(ErrorCode::kInvalidArgument, "mapping 'columns' must be an object");
      }
      for (const auto& [column, target] : value.items()) {
        if (!target.is_string()) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "mapping 'columns': the target of '" + column + "' must be a string");
        }
        RECKON_ASSIGN_OR_RETURN(Field field, field_of(target.get<std::string>(),
                                                      "mapping 'columns' for '" + column + "'"));
        if (field == Field::kIgnore) {
          mapping.ignored_.insert(column);
        } else {
          mapping.columns_[column] = field;
        }
      }
    } else if (key == "constants") {
      if (!value.is_object()) {
        return MakeError(ErrorCode::kInvalidArgument, "mapping 'constants' must be an object");
      }
      for (const auto& [name, constant] : value.items()) {
        RECKON_ASSIGN_OR_RETURN(Field field, field_of(name, "mapping 'constants'"));
        if (!constant.is_string() && !constant.is_number()) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "mapping 'constants': '" + name + "' must be a string or number");
        }
        mapping.constants_[field] =
            constant.is_string() ? constant.get<std::string>() : constant.dump();
      }
    } else if (key == "values") {
      if (!value.is_object()) {
        return MakeError(ErrorCode::kInvalidArgument, "mapping 'values' must be an object");
      }
      for (const auto& [name, table] : value.items()) {
        RECKON_ASSIGN_OR_RETURN(Field field, field_of(name, "mapping 'values'"));
        if (!table.is_object()) {
          return MakeError(ErrorCode::kInvalidArgument,
                           "mapping 'values' for '" + name + "' must be an object");
        }
        for (const auto& [from, to] : table.items()) {
          if (!to.is_string()) {
            std::string message = "mapping 'values' for '" + name + "': '";
            message += from;
            message += "' must map to a string";
            return MakeError(ErrorCode::kInvalidArgument, std::move(message));
          }
          mapping.values_[field][from] = to.get<std::string>();
        }
      }
    } else if (key == "description" || key == "$schema") {
      continue;
    } else {
      return MakeError(ErrorCode::kInvalidArgument,
                       "mapping key '" + key +
                           "' is unknown; expected format, delimiter, date_order, yields, "
                           "columns, constants, values");
    }
  }
  return mapping;
}

Result<std::vector<Field>> Mapping::Resolve(const std::vector<std::string>& header) const {
  std::vector<Field> fields;
  std::vector<std::string> unknown;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string& column = header[i];
    if (ignored_.count(column) != 0) {
      fields.push_back(Field::kIgnore);
      continue;
    }
    auto mapped = columns_.find(column);
    if (mapped != columns_.end()) {
      fields.push_back(mapped->second);
      continue;
    }
    auto known = FieldFromName(column);
    if (known) {
      fields.push_back(*known);
      continue;
    }
    unknown.push_back("'" + column + "' (column " + std::to_string(i + 1) + ")");
    fields.push_back(Field::kIgnore);
  }
  if (!unknown.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "unknown column" + std::string(unknown.size() > 1 ? "s " : " ") +
                         Join(unknown, ", ") +
                         ": name a field in a mapping file (--mapping), or map the column to "
                         "\"ignore\"; known fields are: " +
                         Join(FieldNames(), ", "));
  }
  std::set<Field> seen;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] == Field::kIgnore) continue;
    if (!seen.insert(fields[i]).second) {
      return MakeError(ErrorCode::kInvalidArgument, "column '" + header[i] + "' (column " +
                                                        std::to_string(i + 1) + ") fills field '" +
                                                        std::string(FieldName(fields[i])) +
                                                        "', which another column fills already");
    }
  }
  return fields;
}

std::set<RecordYield> Mapping::Yields(const std::vector<Field>& columns) const {
  if (!yields_.empty()) return yields_;
  std::set<RecordYield> yields;
  auto add = [&](Field field) {
    // Shared fields (date, place, event, description) do not by themselves make an act.
    if (field == Field::kIgnore || field == Field::kDate || field == Field::kPlace ||
        field == Field::kEvent || field == Field::kDescription) {
      return;
    }
    yields.insert(GroupOf(field));
  };
  for (Field field : columns) add(field);
  for (const auto& [field, value] : constants_) add(field);
  if (yields.empty() &&
      std::any_of(columns.begin(), columns.end(), [](Field f) { return f != Field::kIgnore; })) {
    yields.insert(RecordYield::kAct);
  }
  return yields;
}

std::string_view Mapping::Translate(Field field, std::string_view text) const {
  if (values_.empty()) return text;
  auto table = values_.find(field);
  if (table == values_.end()) return text;
  auto hit = table->second.find(std::string(text));
  return hit == table->second.end() ? text : std::string_view(hit->second);
}

std::string Mapping::ToJson() const {
  nlohmann::json doc = nlohmann::json::object();
  if (!format_.empty()) doc["format"] = format_;
  if (delimiter_ != 0) doc["delimiter"] = std::string(1, delimiter_);
  doc["date_order"] = date_order_ == DateOrder::kDayMonthYear ? "dmy" : "mdy";
  if (!yields_.empty()) {
    doc["yields"] = nlohmann::json::array();
    for (RecordYield y : yields_) doc["yields"].push_back(std::string(YieldName(y)));
  }
  nlohmann::json columns = nlohmann::json::object();
  for (const auto& [column, field] : columns_) columns[column] = std::string(FieldName(field));
  for (const auto& column : ignored_) columns[column] = "ignore";
  if (!columns.empty()) doc["columns"] = columns;
  for (const auto& [field, value] : constants_) {
    doc["constants"][std::string(FieldName(field))] = value;
  }
  for (const auto& [field, table] : values_) {
    for (const auto& [from, to] : table) doc["values"][std::string(FieldName(field))][from] = to;
  }
  return doc.dump();
}

}  // namespace reckon::ingest
