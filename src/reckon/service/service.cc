#include "reckon/service/service.h"

#include <charconv>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reckon/core/text.h"
#include "reckon/ingest/csv.h"
#include "reckon/store/sqlite/sqlite_store.h"

namespace reckon::service {
namespace {

using model::Id;

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, path + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Fields of an `add` request, consumed one by one so leftovers can be reported.
class Fields {
 public:
  explicit Fields(const std::vector<std::pair<std::string, std::string>>& fields) {
    for (const auto& [key, value] : fields) values_[key] = value;
  }
  std::string Take(const std::string& key) {
    auto it = values_.find(key);
    if (it == values_.end()) return "";
    std::string value = it->second;
    values_.erase(it);
    return value;
  }
  Result<std::string> Required(const std::string& key) {
    std::string value = Take(key);
    if (value.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, "--" + key + " is required");
    }
    return value;
  }
  Status Done(const std::string& kind, const std::string& accepted) {
    if (values_.empty()) return {};
    return MakeError(
        ErrorCode::kInvalidArgument,
        "'" + values_.begin()->first + "' is not a field of " + kind + "; accepted: " + accepted);
  }

 private:
  std::map<std::string, std::string> values_;
};

Result<UncertainDate> DateField(const std::string& text, const std::string& name) {
  auto date = UncertainDate::Parse(text);
  if (!date) return tl::unexpected(WithContext(date.error(), "--" + name));
  return *date;
}

Result<std::optional<double>> NumberField(const std::string& text, const std::string& name) {
  if (text.empty()) return std::optional<double>();
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "--" + name + ": '" + text + "' is not a number");
  }
  return std::optional<double>(value);
}

// The id of the record of `kind` named `name` (0 for an empty name), looked up with `find`.
// kNotFound says how to add it.
template <typename Find>
Result<Id> IdByName(const std::string& name, std::string_view kind, Find find) {
  if (name.empty()) return model::kNoId;
  RECKON_ASSIGN_OR_RETURN(auto found, find(name));
  if (!found) {
    return MakeError(ErrorCode::kNotFound, "no " + std::string(kind) + " named '" + name +
                                               "'; add it with 'reckon add " + std::string(kind) +
                                               " --name ...'");
  }
  return found->id;
}

Result<Id> SourceId(store::Store& store, const std::string& name) {
  return IdByName(name, "source", [&](const std::string& n) { return store.FindSource(n); });
}

Result<Id> PlaceId(store::Store& store, const std::string& name) {
  return IdByName(name, "place", [&](const std::string& n) { return store.FindPlace(n); });
}

Result<Id> EventId(store::Store& store, const std::string& name) {
  return IdByName(name, "event", [&](const std::string& n) { return store.FindEvent(n); });
}

}  // namespace

Result<std::unique_ptr<Case>> Case::Create(const std::string& path, const Clock& clock) {
  RECKON_ASSIGN_OR_RETURN(auto store,
                          store::OpenSqliteStore(path, store::OpenMode::kCreate, clock));
  return std::unique_ptr<Case>(new Case(path, std::move(store)));
}

Result<std::unique_ptr<Case>> Case::Open(const std::string& path, const Clock& clock) {
  RECKON_ASSIGN_OR_RETURN(auto store,
                          store::OpenSqliteStore(path, store::OpenMode::kOpenExisting, clock));
  return std::unique_ptr<Case>(new Case(path, std::move(store)));
}

Result<ingest::ImportReport> Import(Case& c, const ImportRequest& request,
                                    std::function<void(std::int64_t, std::int64_t)> progress) {
  ingest::ImportOptions options;
  options.path = request.file;
  options.source_name = request.source;
  options.format = request.format;
  options.skip_invalid = request.skip_invalid;
  options.rejects_path = request.rejects_file;
  options.actor = request.actor;
  options.progress = std::move(progress);
  if (!request.mapping_file.empty()) {
    RECKON_ASSIGN_OR_RETURN(std::string text, ReadText(request.mapping_file));
    auto mapping = ingest::Mapping::FromJson(text);
    if (!mapping) return tl::unexpected(WithContext(mapping.error(), request.mapping_file));
    options.mapping = std::move(*mapping);
  }
  return ingest::ImportFile(c.store(), options, c.vocabulary());
}

Result<Id> Add(Case& c, const AddRequest& request) {
  store::Store& store = c.store();
  const model::Vocabulary& vocabulary = c.vocabulary();
  Fields fields(request.fields);
  RECKON_ASSIGN_OR_RETURN(auto write, store.BeginWrite(request.actor, "add " + request.kind));
  Id id = model::kNoId;
  if (request.kind == "source") {
    model::Source source;
    RECKON_ASSIGN_OR_RETURN(source.name, fields.Required("name"));
    std::string kind = fields.Take("kind");
    if (!kind.empty()) {
      RECKON_ASSIGN_OR_RETURN(source.kind, vocabulary.Resolve("source_kind", kind));
    }
    std::string reliability = fields.Take("reliability");
    if (!reliability.empty()) {
      if (reliability.size() != 1 || reliability[0] < 'A' || reliability[0] > 'F') {
        return MakeError(ErrorCode::kInvalidArgument,
                         "--reliability must be a letter A (reliable) to F (cannot be judged)");
      }
      source.reliability = reliability[0];
    }
    std::string credibility = fields.Take("credibility");
    if (!credibility.empty()) {
      if (credibility.size() != 1 || credibility[0] < '1' || credibility[0] > '6') {
        return MakeError(ErrorCode::kInvalidArgument,
                         "--credibility must be a digit 1 (confirmed) to 6 (cannot be judged)");
      }
      source.credibility = credibility[0] - '0';
    }
    source.description = fields.Take("description");
    RECKON_TRY(fields.Done("a source", "name, kind, reliability, credibility, description"));
    RECKON_ASSIGN_OR_RETURN(id, write->AddSource(source));
  } else if (request.kind == "place") {
    model::Place place;
    RECKON_ASSIGN_OR_RETURN(place.name, fields.Required("name"));
    place.kind = fields.Take("kind");
    RECKON_ASSIGN_OR_RETURN(place.parent_id, PlaceId(store, fields.Take("parent")));
    RECKON_ASSIGN_OR_RETURN(place.latitude, NumberField(fields.Take("latitude"), "latitude"));
    RECKON_ASSIGN_OR_RETURN(place.longitude, NumberField(fields.Take("longitude"), "longitude"));
    for (std::string_view other : Split(fields.Take("other-names"), ';')) {
      other = Trim(other);
      if (other.empty()) continue;
      size_t colon = other.find(':');
      if (colon == std::string_view::npos) {
        place.other_names.push_back({std::string(other), ""});
      } else {
        place.other_names.push_back({std::string(Trim(other.substr(colon + 1))),
                                     std::string(Trim(other.substr(0, colon)))});
      }
    }
    RECKON_TRY(fields.Done("a place", "name, kind, parent, latitude, longitude, other-names"));
    RECKON_ASSIGN_OR_RETURN(id, write->AddPlace(place));
  } else if (request.kind == "event") {
    model::Event event;
    RECKON_ASSIGN_OR_RETURN(event.name, fields.Required("name"));
    RECKON_ASSIGN_OR_RETURN(event.date, DateField(fields.Take("date"), "date"));
    RECKON_ASSIGN_OR_RETURN(event.place_id, PlaceId(store, fields.Take("place")));
    RECKON_ASSIGN_OR_RETURN(event.parent_id, EventId(store, fields.Take("parent")));
    event.description = fields.Take("description");
    RECKON_TRY(fields.Done("an event", "name, date, place, parent, description"));
    RECKON_ASSIGN_OR_RETURN(id, write->AddEvent(event));
  } else if (request.kind == "organization") {
    model::Organization organization;
    RECKON_ASSIGN_OR_RETURN(organization.name, fields.Required("name"));
    organization.kind = fields.Take("kind");
    RECKON_ASSIGN_OR_RETURN(organization.parent_id, IdByName(fields.Take("parent"), "organization",
                                                             [&](const std::string& n) {
                                                               return store.FindOrganization(n);
                                                             }));
    RECKON_TRY(fields.Done("an organization", "name, kind, parent"));
    RECKON_ASSIGN_OR_RETURN(id, write->AddOrganization(organization));
  } else if (request.kind == "claim") {
    model::Claim claim;
    RECKON_ASSIGN_OR_RETURN(std::string source, fields.Required("source"));
    RECKON_ASSIGN_OR_RETURN(claim.source_id, SourceId(store, source));
    RECKON_ASSIGN_OR_RETURN(std::string metric, fields.Required("metric"));
    RECKON_ASSIGN_OR_RETURN(claim.metric, vocabulary.Resolve("claim_metric", metric));
    RECKON_ASSIGN_OR_RETURN(std::string value_text, fields.Required("value"));
    RECKON_ASSIGN_OR_RETURN(auto value, NumberField(value_text, "value"));
    claim.value = *value;
    claim.unit = fields.Take("unit");
    claim.citation = fields.Take("citation");
    RECKON_ASSIGN_OR_RETURN(claim.stated, DateField(fields.Take("stated"), "stated"));
    std::vector<std::string> scope;
    std::string act = fields.Take("act");
    if (!act.empty()) {
      RECKON_ASSIGN_OR_RETURN(std::string code, vocabulary.Resolve("act", act));
      scope.push_back("act=" + code);
    }
    std::string sex = fields.Take("sex");
    if (!sex.empty()) {
      RECKON_ASSIGN_OR_RETURN(std::string code, vocabulary.Resolve("sex", sex));
      scope.push_back("sex=" + code);
    }
    std::string band = fields.Take("age-band");
    if (!band.empty()) scope.push_back("age_band=" + AsciiLower(band));
    std::string place = fields.Take("place");
    if (!place.empty()) {
      RECKON_ASSIGN_OR_RETURN(Id place_id, PlaceId(store, place));
      RECKON_ASSIGN_OR_RETURN(auto stored, store.GetPlace(place_id));
      scope.push_back("place=" + stored.name);
    }
    std::string event = fields.Take("event");
    if (!event.empty()) {
      RECKON_ASSIGN_OR_RETURN(Id event_id, EventId(store, event));
      RECKON_ASSIGN_OR_RETURN(auto stored, store.GetEvent(event_id));
      scope.push_back("event=" + stored.name);
    }
    std::string period = fields.Take("period");
    if (!period.empty()) {
      RECKON_ASSIGN_OR_RETURN(auto date, DateField(period, "period"));
      scope.push_back("period=" + date.ToString());
    }
    claim.scope = Join(scope, ";");
    RECKON_TRY(fields.Done("a claim",
                           "source, metric, value, unit, citation, stated, act, sex, "
                           "age-band, place, event, period"));
    RECKON_ASSIGN_OR_RETURN(id, write->AddClaim(claim));
  } else if (request.kind == "action") {
    model::InvestigativeAction action;
    RECKON_ASSIGN_OR_RETURN(std::string kind, fields.Required("kind"));
    RECKON_ASSIGN_OR_RETURN(action.kind, vocabulary.Resolve("action_kind", kind));
    RECKON_ASSIGN_OR_RETURN(action.date, DateField(fields.Take("date"), "date"));
    RECKON_ASSIGN_OR_RETURN(action.place_id, PlaceId(store, fields.Take("place")));
    action.description = fields.Take("description");
    RECKON_ASSIGN_OR_RETURN(action.source_id, SourceId(store, fields.Take("source")));
    for (std::string_view person : Split(fields.Take("persons"), ',')) {
      person = Trim(person);
      if (person.empty()) continue;
      Id person_id = 0;
      auto [ptr, ec] = std::from_chars(person.data(), person.data() + person.size(), person_id);
      if (ec != std::errc() || ptr != person.data() + person.size()) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "--persons: '" + std::string(person) + "' is not a person id");
      }
      RECKON_TRY(store.GetPerson(person_id));
      action.person_ids.push_back(person_id);
    }
    for (std::string_view document : Split(fields.Take("documents"), ';')) {
      if (!Trim(document).empty()) action.documents.emplace_back(Trim(document));
    }
    RECKON_TRY(fields.Done("an investigative action",
                           "kind, date, place, description, source, persons, documents"));
    RECKON_ASSIGN_OR_RETURN(id, write->AddInvestigativeAction(action));
  } else {
    return MakeError(ErrorCode::kInvalidArgument,
                     "cannot add '" + request.kind +
                         "'; use source, place, event, organization, claim or action (persons, "
                         "acts and losses come in through 'reckon import')");
  }
  RECKON_TRY(write->Commit());
  return id;
}

Result<store::Table> List(Case& c, std::string_view kind, std::int64_t limit, std::int64_t offset) {
  RECKON_ASSIGN_OR_RETURN(store::RecordKind record_kind, store::RecordKindFromName(kind));
  store::ListOptions options;
  options.limit = limit;
  options.offset = offset;
  return c.store().ListRecords(record_kind, options);
}

Result<ShowResult> Show(Case& c, std::string_view kind, Id id) {
  RECKON_ASSIGN_OR_RETURN(store::RecordKind record_kind, store::RecordKindFromName(kind));
  store::ListOptions options;
  options.ids = {id};
  ShowResult result;
  RECKON_ASSIGN_OR_RETURN(result.record, c.store().ListRecords(record_kind, options));
  if (result.record.rows.empty()) {
    return MakeError(ErrorCode::kNotFound, "no " + std::string(store::RecordKindName(record_kind)) +
                                               " with id " + std::to_string(id));
  }
  if (record_kind == store::RecordKind::kPerson) {
    RECKON_ASSIGN_OR_RETURN(auto mentions, c.store().ListMentionsOfPerson(id));
    store::ListOptions mention_ids;
    store::ListOptions act_ids;
    store::ListOptions raw_ids;
    for (const auto& mention : mentions) {
      mention_ids.ids.push_back(mention.id);
      if (mention.raw_record_id != model::kNoId) raw_ids.ids.push_back(mention.raw_record_id);
      RECKON_ASSIGN_OR_RETURN(auto acts, c.store().ListActsOfMention(mention.id));
      for (const auto& act : acts) act_ids.ids.push_back(act.id);
    }
    RECKON_ASSIGN_OR_RETURN(auto mention_table,
                            c.store().ListRecords(store::RecordKind::kPersonMention, mention_ids));
    result.related.emplace_back("mentions", std::move(mention_table));
    if (!act_ids.ids.empty()) {
      RECKON_ASSIGN_OR_RETURN(auto act_table,
                              c.store().ListRecords(store::RecordKind::kAct, act_ids));
      result.related.emplace_back("acts", std::move(act_table));
    }
    if (!raw_ids.ids.empty()) {
      RECKON_ASSIGN_OR_RETURN(auto raw_table,
                              c.store().ListRecords(store::RecordKind::kRawRecord, raw_ids));
      result.related.emplace_back("rows as the sources wrote them", std::move(raw_table));
    }
  }
  return result;
}

Result<std::vector<store::SearchHit>> Search(Case& c, std::string_view query, std::int64_t limit) {
  return c.store().Search(query, limit);
}

Result<stats::CountResult> Count(Case& c, const CountRequest& request) {
  stats::CountQuery query;
  if (request.unit == "persons" || request.unit == "victims") {
    query.unit = stats::Unit::kPersons;
  } else if (request.unit == "acts") {
    query.unit = stats::Unit::kActs;
  } else {
    return MakeError(ErrorCode::kInvalidArgument,
                     "--unit '" + request.unit + "': use persons or acts");
  }
  for (const std::string& name : request.by) {
    RECKON_ASSIGN_OR_RETURN(auto dimension, stats::DimensionFromName(name));
    query.by.push_back(dimension);
  }
  for (const std::string& filter : request.where) {
    size_t equals = filter.find('=');
    if (equals == std::string::npos) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--where '" + filter + "': expected dimension=value, e.g. act=killing");
    }
    RECKON_ASSIGN_OR_RETURN(auto dimension, stats::DimensionFromName(filter.substr(0, equals)));
    std::string value = filter.substr(equals + 1);
    if (dimension == stats::Dimension::kAct) {
      RECKON_ASSIGN_OR_RETURN(value, c.vocabulary().Resolve("act", value));
    } else if (dimension == stats::Dimension::kSex) {
      RECKON_ASSIGN_OR_RETURN(value, c.vocabulary().Resolve("sex", value));
    }
    query.where[dimension] = value;
  }
  if (!request.age_bands.empty()) {
    RECKON_ASSIGN_OR_RETURN(query.age_bands, stats::ParseAgeBands(request.age_bands));
  }
  query.explain = request.explain;
  return stats::Count(c.store(), query);
}

Result<stats::Summary> Summarize(Case& c) { return stats::Summarize(c.store()); }

Result<store::Table> Explain(Case& c, stats::Unit unit, const std::vector<Id>& ids) {
  store::Table table;
  if (unit == stats::Unit::kActs) {
    store::ListOptions options;
    options.ids = ids;
    options.limit = 0;
    return c.store().ListRecords(store::RecordKind::kAct, options);
  }
  table.columns = {"person_id", "mention_id", "name", "source", "source_row", "raw_record_id"};
  RECKON_ASSIGN_OR_RETURN(auto sources, c.store().ListSources());
  std::map<Id, std::string> source_names;
  for (const auto& source : sources) source_names[source.id] = source.name;
  for (Id person : ids) {
    RECKON_ASSIGN_OR_RETURN(auto mentions, c.store().ListMentionsOfPerson(person));
    for (const auto& mention : mentions) {
      std::string row_number;
      if (mention.raw_record_id != model::kNoId) {
        RECKON_ASSIGN_OR_RETURN(auto raw, c.store().GetRawRecord(mention.raw_record_id));
        row_number = std::to_string(raw.row);
      }
      table.rows.push_back({std::to_string(person), std::to_string(mention.id), mention.name.full,
                            source_names[mention.source_id], row_number,
                            std::to_string(mention.raw_record_id)});
    }
  }
  return table;
}

Result<std::int64_t> Export(Case& c, const ExportRequest& request, std::string* text_out) {
  if (request.format != "csv" && request.format != "jsonl") {
    return MakeError(ErrorCode::kInvalidArgument, "--format must be csv or jsonl");
  }
  store::Table table;
  if (request.kind == "mentions" || request.kind == "mention") {
    table.columns = {"record_id", "name",  "given_name", "patronymic", "family_name",
                     "sex",       "age",   "birth_date", "household",  "residence",
                     "status",    "role",  "protection", "act",        "date",
                     "place",     "event", "act_status", "description"};
    store::ListOptions all;
    all.limit = 0;
    RECKON_ASSIGN_OR_RETURN(auto mentions,
                            c.store().ListRecords(store::RecordKind::kPersonMention, all));
    std::map<Id, std::string> place_names, event_names;
    auto place_name = [&](Id id) -> std::string {
      if (id == model::kNoId) return "";
      if (!place_names.count(id)) {
        auto place = c.store().GetPlace(id);
        place_names[id] = place ? place->name : "";
      }
      return place_names[id];
    };
    auto event_name = [&](Id id) -> std::string {
      if (id == model::kNoId) return "";
      if (!event_names.count(id)) {
        auto event = c.store().GetEvent(id);
        event_names[id] = event ? event->name : "";
      }
      return event_names[id];
    };
    for (const auto& listed : mentions.rows) {
      Id id = std::stoll(*listed[0]);
      RECKON_ASSIGN_OR_RETURN(auto m, c.store().GetPersonMention(id));
      RECKON_ASSIGN_OR_RETURN(auto acts, c.store().ListActsOfMention(id));
      std::vector<std::optional<std::string>> base = {
          m.source_key,     m.name.full,
          m.name.given,     m.name.patronymic,
          m.name.family,    m.sex,
          m.age.ToString(), m.birth.ToString(),
          m.household,      place_name(m.residence_place_id),
          m.status,         m.role,
          m.protection};
      if (acts.empty()) {
        auto row = base;
        row.resize(table.columns.size(), std::string());
        table.rows.push_back(std::move(row));
      }
      for (const auto& act : acts) {
        auto row = base;
        row.insert(row.end(), {act.type, act.date.ToString(), place_name(act.place_id),
                               event_name(act.event_id), act.status, act.description});
        table.rows.push_back(std::move(row));
      }
    }
  } else {
    RECKON_ASSIGN_OR_RETURN(store::RecordKind kind, store::RecordKindFromName(request.kind));
    store::ListOptions all;
    all.limit = 0;
    RECKON_ASSIGN_OR_RETURN(table, c.store().ListRecords(kind, all));
  }
  std::ostringstream out;
  if (request.format == "csv") {
    for (size_t i = 0; i < table.columns.size(); ++i) {
      out << (i ? "," : "") << ingest::CsvQuote(table.columns[i]);
    }
    out << "\n";
    for (const auto& row : table.rows) {
      for (size_t i = 0; i < row.size(); ++i) {
        out << (i ? "," : "") << (row[i] ? ingest::CsvQuote(*row[i]) : "");
      }
      out << "\n";
    }
  } else {
    for (const auto& row : table.rows) {
      nlohmann::ordered_json object;
      for (size_t i = 0; i < row.size(); ++i) {
        if (row[i] && !row[i]->empty()) {
          object[table.columns[i]] = *row[i];
        } else {
          object[table.columns[i]] = nullptr;
        }
      }
      out << object.dump() << "\n";
    }
  }
  if (request.out.empty() || request.out == "-") {
    if (text_out != nullptr) *text_out = out.str();
  } else {
    std::ofstream file(request.out, std::ios::binary | std::ios::trunc);
    file << out.str();
    if (!file) return MakeError(ErrorCode::kUnavailable, request.out + ": cannot write");
  }
  return static_cast<std::int64_t>(table.rows.size());
}

Result<synth::SynthResult> Synth(const synth::SynthOptions& options) {
  return synth::Generate(options);
}

}  // namespace reckon::service
