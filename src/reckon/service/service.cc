#include "reckon/service/service.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reckon/core/encoding.h"
#include "reckon/core/text.h"
#include "reckon/evidence/bundle.h"
#include "reckon/evidence/exif.h"
#include "reckon/evidence/log.h"
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

Status LogCommittedWrite(Case& c) {
  auto synced = SyncLog(c);
  if (synced) return {};
  return MakeError(synced.error().code,
                   "the change was saved, but the transparency log could not be brought up to "
                   "date (" +
                       synced.error().message +
                       "); it catches up at the next write or 'reckon log checkpoint'");
}

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
  RECKON_ASSIGN_OR_RETURN(auto report, ingest::ImportFile(c.store(), options, c.vocabulary()));
  RECKON_TRY(LogCommittedWrite(c));
  return report;
}

namespace {

// What every `add` function works with.
struct AddContext {
  store::Store& store;
  store::WriteTransaction& write;
  const model::Vocabulary& vocabulary;
  Fields& fields;

  // The code for field `name` in vocabulary `vocabulary_name`, or `fallback` when absent.
  Result<std::string> Vocab(const std::string& name, std::string_view vocabulary_name,
                            std::string fallback) {
    std::string text = fields.Take(name);
    if (text.empty()) return fallback;
    auto code = vocabulary.Resolve(vocabulary_name, text);
    if (!code) return tl::unexpected(WithContext(code.error(), "--" + name));
    return *code;
  }
  Result<Id> PersonId(const std::string& name) {
    std::string text = fields.Take(name);
    if (text.empty()) return model::kNoId;
    Id id = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || ptr != text.data() + text.size()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--" + name + ": '" + text + "' is not a person id");
    }
    RECKON_TRY(store.GetPerson(id));
    return id;
  }
  // The mention that stands for person `person` in records of `source`: one from that source
  // if there is one, else the person's first.
  Result<Id> MentionOf(Id person, Id source) {
    if (person == model::kNoId) return model::kNoId;
    RECKON_ASSIGN_OR_RETURN(auto mentions, store.ListMentionsOfPerson(person));
    if (mentions.empty()) {
      return MakeError(ErrorCode::kFailedPrecondition,
                       "person " + std::to_string(person) + " has no mentions");
    }
    for (const auto& mention : mentions) {
      if (mention.source_id == source) return mention.id;
    }
    return mentions.front().id;
  }
  Result<Id> OrganizationId(const std::string& name) {
    return IdByName(fields.Take(name), "organization",
                    [&](const std::string& n) { return store.FindOrganization(n); });
  }
};

Result<Id> AddSource(AddContext& c) {
  model::Source source;
  RECKON_ASSIGN_OR_RETURN(source.name, c.fields.Required("name"));
  RECKON_ASSIGN_OR_RETURN(source.kind, c.Vocab("kind", "source_kind", "list"));
  std::string reliability = c.fields.Take("reliability");
  if (!reliability.empty()) {
    if (reliability.size() != 1 || reliability[0] < 'A' || reliability[0] > 'F') {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--reliability must be a letter A (reliable) to F (cannot be judged)");
    }
    source.reliability = reliability[0];
  }
  std::string credibility = c.fields.Take("credibility");
  if (!credibility.empty()) {
    if (credibility.size() != 1 || credibility[0] < '1' || credibility[0] > '6') {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--credibility must be a digit 1 (confirmed) to 6 (cannot be judged)");
    }
    source.credibility = credibility[0] - '0';
  }
  source.description = c.fields.Take("description");
  RECKON_TRY(c.fields.Done("a source", "name, kind, reliability, credibility, description"));
  return c.write.AddSource(source);
}

Result<Id> AddPlace(AddContext& c) {
  model::Place place;
  RECKON_ASSIGN_OR_RETURN(place.name, c.fields.Required("name"));
  place.kind = c.fields.Take("kind");
  RECKON_ASSIGN_OR_RETURN(place.parent_id, PlaceId(c.store, c.fields.Take("parent")));
  RECKON_ASSIGN_OR_RETURN(place.latitude, NumberField(c.fields.Take("latitude"), "latitude"));
  RECKON_ASSIGN_OR_RETURN(place.longitude, NumberField(c.fields.Take("longitude"), "longitude"));
  for (std::string_view other : Split(c.fields.Take("other-names"), ';')) {
    other = Trim(other);
    if (other.empty()) continue;
    size_t colon = other.find(':');
    if (colon == std::string_view::npos) {
      place.other_names.push_back({std::string(other), ""});
    } else {
      place.other_names.push_back(
          {std::string(Trim(other.substr(colon + 1))), std::string(Trim(other.substr(0, colon)))});
    }
  }
  RECKON_TRY(c.fields.Done("a place", "name, kind, parent, latitude, longitude, other-names"));
  return c.write.AddPlace(place);
}

Result<Id> AddEvent(AddContext& c) {
  model::Event event;
  RECKON_ASSIGN_OR_RETURN(event.name, c.fields.Required("name"));
  RECKON_ASSIGN_OR_RETURN(event.date, DateField(c.fields.Take("date"), "date"));
  RECKON_ASSIGN_OR_RETURN(event.place_id, PlaceId(c.store, c.fields.Take("place")));
  RECKON_ASSIGN_OR_RETURN(event.parent_id, EventId(c.store, c.fields.Take("parent")));
  event.description = c.fields.Take("description");
  RECKON_TRY(c.fields.Done("an event", "name, date, place, parent, description"));
  return c.write.AddEvent(event);
}

Result<Id> AddOrganization(AddContext& c) {
  model::Organization organization;
  RECKON_ASSIGN_OR_RETURN(organization.name, c.fields.Required("name"));
  organization.kind = c.fields.Take("kind");
  RECKON_ASSIGN_OR_RETURN(organization.parent_id, c.OrganizationId("parent"));
  RECKON_TRY(c.fields.Done("an organization", "name, kind, parent"));
  return c.write.AddOrganization(organization);
}

Result<Id> AddRelation(AddContext& c) {
  model::OrganizationRelation relation;
  RECKON_ASSIGN_OR_RETURN(relation.from_id, c.OrganizationId("from"));
  RECKON_ASSIGN_OR_RETURN(relation.to_id, c.OrganizationId("to"));
  if (relation.from_id == model::kNoId || relation.to_id == model::kNoId) {
    return MakeError(ErrorCode::kInvalidArgument, "--from and --to name two organizations");
  }
  RECKON_ASSIGN_OR_RETURN(relation.relation, c.fields.Required("relation"));
  RECKON_ASSIGN_OR_RETURN(relation.period, DateField(c.fields.Take("period"), "period"));
  RECKON_ASSIGN_OR_RETURN(relation.source_id, SourceId(c.store, c.fields.Take("source")));
  RECKON_TRY(c.fields.Done("a relation", "from, to, relation, period, source"));
  return c.write.AddOrganizationRelation(relation);
}

Result<Id> AddMembership(AddContext& c) {
  model::Membership membership;
  RECKON_ASSIGN_OR_RETURN(membership.person_id, c.PersonId("person"));
  RECKON_ASSIGN_OR_RETURN(membership.organization_id, c.OrganizationId("organization"));
  if (membership.person_id == model::kNoId || membership.organization_id == model::kNoId) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "--person (a person id) and --organization (a name) are required");
  }
  membership.position = c.fields.Take("position");
  RECKON_ASSIGN_OR_RETURN(membership.period, DateField(c.fields.Take("period"), "period"));
  RECKON_ASSIGN_OR_RETURN(membership.source_id, SourceId(c.store, c.fields.Take("source")));
  RECKON_TRY(c.fields.Done("a membership", "person, organization, position, period, source"));
  return c.write.AddMembership(membership);
}

// Adds a person as one source names them; returns the new person's id.
Result<Id> AddPerson(AddContext& c) {
  model::PersonMention mention;
  RECKON_ASSIGN_OR_RETURN(std::string source, c.fields.Required("source"));
  RECKON_ASSIGN_OR_RETURN(mention.source_id, SourceId(c.store, source));
  mention.name.full = c.fields.Take("name");
  mention.name.given = c.fields.Take("given-name");
  mention.name.patronymic = c.fields.Take("patronymic");
  mention.name.family = c.fields.Take("family-name");
  if (mention.name.full.empty()) {
    std::vector<std::string> parts;
    for (const auto* part : {&mention.name.family, &mention.name.given, &mention.name.patronymic}) {
      if (!part->empty()) parts.push_back(*part);
    }
    mention.name.full = Join(parts, " ");
  }
  RECKON_ASSIGN_OR_RETURN(mention.sex, c.Vocab("sex", "sex", "unknown"));
  RECKON_ASSIGN_OR_RETURN(mention.birth, DateField(c.fields.Take("birth"), "birth"));
  auto age = AgeRange::Parse(c.fields.Take("age"));
  if (!age) return tl::unexpected(WithContext(age.error(), "--age"));
  mention.age = *age;
  mention.household = c.fields.Take("household");
  RECKON_ASSIGN_OR_RETURN(mention.residence_place_id, PlaceId(c.store, c.fields.Take("residence")));
  RECKON_ASSIGN_OR_RETURN(mention.status, c.Vocab("status", "person_status", "unknown"));
  RECKON_ASSIGN_OR_RETURN(mention.role, c.Vocab("role", "role", "victim"));
  RECKON_ASSIGN_OR_RETURN(mention.protection, c.Vocab("protection", "protection", "restricted"));
  mention.source_key = c.fields.Take("record-id");
  RECKON_TRY(c.fields.Done("a person",
                           "source, name, given-name, patronymic, family-name, sex, birth, age, "
                           "household, residence, status, role, protection, record-id"));
  RECKON_ASSIGN_OR_RETURN(Id mention_id, c.write.AddPersonMention(mention));
  RECKON_ASSIGN_OR_RETURN(auto stored, c.store.GetPersonMention(mention_id));
  return stored.person_id;
}

Result<Id> AddAct(AddContext& c) {
  model::Act act;
  RECKON_ASSIGN_OR_RETURN(std::string source, c.fields.Required("source"));
  RECKON_ASSIGN_OR_RETURN(act.source_id, SourceId(c.store, source));
  RECKON_ASSIGN_OR_RETURN(std::string type, c.fields.Required("type"));
  RECKON_ASSIGN_OR_RETURN(act.type, c.vocabulary.Resolve("act", type));
  RECKON_ASSIGN_OR_RETURN(Id victim, c.PersonId("victim"));
  RECKON_ASSIGN_OR_RETURN(act.victim_mention_id, c.MentionOf(victim, act.source_id));
  std::string group_size = c.fields.Take("group-size");
  if (!group_size.empty()) {
    act.group_size_approximate = group_size.front() == '~';
    RECKON_ASSIGN_OR_RETURN(
        auto size,
        NumberField(act.group_size_approximate ? group_size.substr(1) : group_size, "group-size"));
    if (!size || *size < 1 || *size != static_cast<double>(static_cast<std::int64_t>(*size))) {
      return MakeError(ErrorCode::kInvalidArgument, "--group-size must be a whole number >= 1");
    }
    act.group_size = static_cast<std::int64_t>(*size);
  }
  if ((act.victim_mention_id == model::kNoId) == (act.group_size == 0)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "give either --victim (a person id) or --group-size for unnamed victims");
  }
  act.group_description = c.fields.Take("group-description");
  RECKON_ASSIGN_OR_RETURN(act.date, DateField(c.fields.Take("date"), "date"));
  RECKON_ASSIGN_OR_RETURN(act.place_id, PlaceId(c.store, c.fields.Take("place")));
  RECKON_ASSIGN_OR_RETURN(act.event_id, EventId(c.store, c.fields.Take("event")));
  RECKON_ASSIGN_OR_RETURN(act.status, c.Vocab("status", "act_status", "alleged"));
  act.description = c.fields.Take("description");
  model::Perpetrator perpetrator;
  perpetrator.name_as_given = c.fields.Take("perpetrator");
  RECKON_ASSIGN_OR_RETURN(perpetrator.person_id, c.PersonId("perpetrator-person"));
  RECKON_ASSIGN_OR_RETURN(perpetrator.organization_id, c.OrganizationId("unit"));
  RECKON_ASSIGN_OR_RETURN(perpetrator.involvement,
                          c.Vocab("involvement", "involvement", "unknown"));
  if (!perpetrator.name_as_given.empty() || perpetrator.person_id != model::kNoId ||
      perpetrator.organization_id != model::kNoId) {
    act.perpetrators.push_back(std::move(perpetrator));
  }
  RECKON_TRY(c.fields.Done("an act",
                           "source, type, victim, group-size, group-description, date, place, "
                           "event, status, description, perpetrator, perpetrator-person, unit, "
                           "involvement"));
  return c.write.AddAct(act);
}

Result<Id> AddLoss(AddContext& c) {
  model::Loss loss;
  RECKON_ASSIGN_OR_RETURN(std::string source, c.fields.Required("source"));
  RECKON_ASSIGN_OR_RETURN(loss.source_id, SourceId(c.store, source));
  RECKON_ASSIGN_OR_RETURN(loss.kind, c.Vocab("kind", "loss_kind", "other"));
  loss.description = c.fields.Take("description");
  RECKON_ASSIGN_OR_RETURN(loss.amount, NumberField(c.fields.Take("amount"), "amount"));
  loss.currency = c.fields.Take("currency");
  for (char& ch : loss.currency) {
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  const bool currency_ok =
      loss.currency.size() == 3 && std::all_of(loss.currency.begin(), loss.currency.end(),
                                               [](char ch) { return ch >= 'A' && ch <= 'Z'; });
  if (loss.amount && (*loss.amount < 0 || !currency_ok)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "--amount must be >= 0 and come with a three-letter --currency such as USD");
  }
  RECKON_ASSIGN_OR_RETURN(loss.date, DateField(c.fields.Take("date"), "date"));
  RECKON_ASSIGN_OR_RETURN(loss.owner_kind, c.Vocab("owner-kind", "owner_kind", "unknown"));
  RECKON_ASSIGN_OR_RETURN(Id owner, c.PersonId("owner-person"));
  RECKON_ASSIGN_OR_RETURN(loss.owner_mention_id, c.MentionOf(owner, loss.source_id));
  if (owner != model::kNoId && loss.owner_kind == "unknown") loss.owner_kind = "person";
  loss.owner_household = c.fields.Take("owner-household");
  RECKON_ASSIGN_OR_RETURN(loss.place_id, PlaceId(c.store, c.fields.Take("place")));
  RECKON_ASSIGN_OR_RETURN(loss.event_id, EventId(c.store, c.fields.Take("event")));
  RECKON_TRY(c.fields.Done("a loss",
                           "source, kind, description, amount, currency, date, owner-kind, "
                           "owner-person, owner-household, place, event"));
  return c.write.AddLoss(loss);
}

Result<Id> AddClaim(AddContext& c) {
  model::Claim claim;
  RECKON_ASSIGN_OR_RETURN(std::string source, c.fields.Required("source"));
  RECKON_ASSIGN_OR_RETURN(claim.source_id, SourceId(c.store, source));
  RECKON_ASSIGN_OR_RETURN(std::string metric, c.fields.Required("metric"));
  RECKON_ASSIGN_OR_RETURN(claim.metric, c.vocabulary.Resolve("claim_metric", metric));
  RECKON_ASSIGN_OR_RETURN(std::string value_text, c.fields.Required("value"));
  RECKON_ASSIGN_OR_RETURN(auto value, NumberField(value_text, "value"));
  claim.value = *value;
  claim.unit = c.fields.Take("unit");
  claim.citation = c.fields.Take("citation");
  RECKON_ASSIGN_OR_RETURN(claim.stated, DateField(c.fields.Take("stated"), "stated"));
  std::vector<std::string> scope;
  RECKON_ASSIGN_OR_RETURN(std::string act, c.Vocab("act", "act", ""));
  if (!act.empty()) scope.push_back("act=" + act);
  RECKON_ASSIGN_OR_RETURN(std::string sex, c.Vocab("sex", "sex", ""));
  if (!sex.empty()) scope.push_back("sex=" + sex);
  std::string band = c.fields.Take("age-band");
  if (!band.empty()) scope.push_back("age_band=" + AsciiLower(band));
  RECKON_ASSIGN_OR_RETURN(Id place_id, PlaceId(c.store, c.fields.Take("place")));
  if (place_id != model::kNoId) {
    RECKON_ASSIGN_OR_RETURN(auto stored, c.store.GetPlace(place_id));
    scope.push_back("place=" + stored.name);
  }
  RECKON_ASSIGN_OR_RETURN(Id event_id, EventId(c.store, c.fields.Take("event")));
  if (event_id != model::kNoId) {
    RECKON_ASSIGN_OR_RETURN(auto stored, c.store.GetEvent(event_id));
    scope.push_back("event=" + stored.name);
  }
  RECKON_ASSIGN_OR_RETURN(auto period, DateField(c.fields.Take("period"), "period"));
  if (period.known()) scope.push_back("period=" + period.ToString());
  claim.scope = Join(scope, ";");
  RECKON_TRY(c.fields.Done("a claim",
                           "source, metric, value, unit, citation, stated, act, sex, age-band, "
                           "place, event, period"));
  return c.write.AddClaim(claim);
}

Result<Id> AddAction(AddContext& c) {
  model::InvestigativeAction action;
  RECKON_ASSIGN_OR_RETURN(std::string kind, c.fields.Required("kind"));
  RECKON_ASSIGN_OR_RETURN(action.kind, c.vocabulary.Resolve("action_kind", kind));
  RECKON_ASSIGN_OR_RETURN(action.date, DateField(c.fields.Take("date"), "date"));
  RECKON_ASSIGN_OR_RETURN(action.place_id, PlaceId(c.store, c.fields.Take("place")));
  action.description = c.fields.Take("description");
  RECKON_ASSIGN_OR_RETURN(action.source_id, SourceId(c.store, c.fields.Take("source")));
  for (std::string_view person : Split(c.fields.Take("persons"), ',')) {
    person = Trim(person);
    if (person.empty()) continue;
    Id person_id = 0;
    auto [ptr, ec] = std::from_chars(person.data(), person.data() + person.size(), person_id);
    if (ec != std::errc() || ptr != person.data() + person.size()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--persons: '" + std::string(person) + "' is not a person id");
    }
    RECKON_TRY(c.store.GetPerson(person_id));
    action.person_ids.push_back(person_id);
  }
  for (std::string_view document : Split(c.fields.Take("documents"), ';')) {
    if (!Trim(document).empty()) action.documents.emplace_back(Trim(document));
  }
  RECKON_TRY(c.fields.Done("an investigative action",
                           "kind, date, place, description, source, persons, documents"));
  return c.write.AddInvestigativeAction(action);
}

using AddFunction = Result<Id> (*)(AddContext&);
constexpr std::pair<std::string_view, AddFunction> kAdders[] = {
    {"source", AddSource},     {"place", AddPlace},
    {"event", AddEvent},       {"organization", AddOrganization},
    {"relation", AddRelation}, {"membership", AddMembership},
    {"person", AddPerson},     {"act", AddAct},
    {"loss", AddLoss},         {"claim", AddClaim},
    {"action", AddAction},
};

}  // namespace

Result<Id> Add(Case& c, const AddRequest& request) {
  AddFunction add = nullptr;
  std::vector<std::string> kinds;
  for (const auto& [kind, function] : kAdders) {
    if (kind == request.kind) add = function;
    kinds.emplace_back(kind);
  }
  if (add == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "cannot add '" + request.kind + "'; use " + Join(kinds, ", "));
  }
  Fields fields(request.fields);
  RECKON_ASSIGN_OR_RETURN(auto write, c.store().BeginWrite(request.actor, "add " + request.kind));
  AddContext context{c.store(), *write, c.vocabulary(), fields};
  RECKON_ASSIGN_OR_RETURN(Id id, add(context));
  RECKON_TRY(write->Commit());
  RECKON_TRY(LogCommittedWrite(c));
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
    if (std::find(query.by.begin(), query.by.end(), dimension) != query.by.end()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "--by names " + std::string(stats::DimensionName(dimension)) +
                           " twice; name each dimension once");
    }
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

Result<std::string> GenerateLogKey(const std::string& name, const std::string& out) {
  RECKON_ASSIGN_OR_RETURN(auto key, evidence::SignerKey::Generate(name));
  struct stat info;
  if (::stat(out.c_str(), &info) == 0) {
    return MakeError(ErrorCode::kAlreadyExists, out +
                                                    ": a file is already there; a key is never "
                                                    "overwritten");
  }
  {
    std::ofstream file(out, std::ios::trunc);
    file << key.ToString() << "\n";
    if (!file) return MakeError(ErrorCode::kUnavailable, out + ": cannot write the key");
  }
  ::chmod(out.c_str(), 0600);
  return key.Verifier().ToString();
}

Result<evidence::SignerKey> ReadSignerKey(const std::string& path) {
  RECKON_ASSIGN_OR_RETURN(std::string text, ReadText(path));
  auto key = evidence::SignerKey::Parse(text);
  if (!key) return tl::unexpected(WithContext(key.error(), path));
  return key;
}

Result<std::vector<evidence::VerifierKey>> ReadVerifierKeys(const std::string& text_or_path) {
  std::string text = text_or_path;
  if (text.find('+') == std::string::npos) {
    RECKON_ASSIGN_OR_RETURN(text, ReadText(text_or_path));
  }
  std::vector<evidence::VerifierKey> keys;
  for (std::string_view line : Split(text, '\n')) {
    if (Trim(line).empty()) continue;
    RECKON_ASSIGN_OR_RETURN(auto key, evidence::VerifierKey::Parse(line));
    keys.push_back(std::move(key));
  }
  if (keys.empty()) return MakeError(ErrorCode::kInvalidArgument, "no verifier key given");
  return keys;
}

Result<std::int64_t> SyncLog(Case& c) { return evidence::CaseLog(c.store()).Sync(); }

Result<std::string> SignCheckpoint(Case& c, const std::string& key_file) {
  RECKON_ASSIGN_OR_RETURN(auto key, ReadSignerKey(key_file));
  return evidence::CaseLog(c.store()).SignCheckpoint(key);
}

namespace {

std::string B64(const evidence::Hash& hash) {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

Result<std::pair<store::StoredCheckpoint, evidence::Checkpoint>> LatestCheckpoint(Case& c) {
  RECKON_ASSIGN_OR_RETURN(auto checkpoints, c.store().ListCheckpoints());
  if (checkpoints.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the log has no checkpoint yet; sign one with 'reckon log checkpoint'");
  }
  const auto& latest = checkpoints.back();
  size_t split = latest.note.rfind("\n\n");
  RECKON_ASSIGN_OR_RETURN(auto body, evidence::Checkpoint::Parse(latest.note.substr(0, split + 1)));
  return std::pair{latest, body};
}

nlohmann::ordered_json HashList(const std::vector<evidence::Hash>& hashes) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& hash : hashes) list.push_back(B64(hash));
  return list;
}

}  // namespace

Result<std::string> ProveInclusion(Case& c, const InclusionRequest& request) {
  evidence::CaseLog log(c.store());
  RECKON_TRY(log.Sync());
  std::int64_t leaf = request.leaf;
  if (!request.record.empty()) {
    size_t colon = request.record.find(':');
    if (colon == std::string::npos) {
      return MakeError(ErrorCode::kInvalidArgument, "--record takes kind:id, e.g. mention:12");
    }
    RECKON_ASSIGN_OR_RETURN(auto kind, store::RecordKindFromName(request.record.substr(0, colon)));
    RECKON_ASSIGN_OR_RETURN(auto id, NumberField(request.record.substr(colon + 1), "record"));
    auto record_id = static_cast<Id>(id.value_or(0));
    RECKON_ASSIGN_OR_RETURN(auto change, c.store().LatestChange(kind, record_id));
    if (!change) {
      return MakeError(ErrorCode::kNotFound, "no change of " + request.record +
                                                 " in the change log (records imported from a "
                                                 "file are logged as their raw_record)");
    }
    RECKON_ASSIGN_OR_RETURN(auto found, c.store().FindLogLeaf(change->sequence));
    if (!found) return MakeError(ErrorCode::kFailedPrecondition, "that change is not logged yet");
    leaf = found->index;
  }
  RECKON_ASSIGN_OR_RETURN(auto latest, LatestCheckpoint(c));
  const auto size = static_cast<std::int64_t>(latest.second.size);
  if (leaf < 0 || leaf >= size) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "leaf " + std::to_string(leaf) + " is not covered by the latest checkpoint (" +
                         std::to_string(size) + " leaves); sign a new checkpoint first");
  }
  RECKON_ASSIGN_OR_RETURN(auto proof, log.InclusionProof(leaf, size));
  RECKON_ASSIGN_OR_RETURN(auto leaf_hash, log.LeafHash(leaf));
  nlohmann::ordered_json out;
  out["format"] = "reckon-inclusion-proof/1";
  out["leaf_index"] = leaf;
  out["tree_size"] = size;
  out["leaf_hash"] = B64(leaf_hash);
  out["proof"] = HashList(proof);
  out["checkpoint"] = latest.first.note;
  return out.dump(2);
}

Result<std::string> ProveConsistency(Case& c, const std::string& old_checkpoint) {
  size_t split = old_checkpoint.rfind("\n\n");
  std::string body =
      split == std::string::npos ? old_checkpoint : old_checkpoint.substr(0, split + 1);
  RECKON_ASSIGN_OR_RETURN(auto old, evidence::Checkpoint::Parse(body));
  evidence::CaseLog log(c.store());
  RECKON_ASSIGN_OR_RETURN(std::string origin, log.Origin());
  if (old.origin != origin) {
    return MakeError(ErrorCode::kInvalidArgument, "the old checkpoint is for log '" + old.origin +
                                                      "', not this case's '" + origin + "'");
  }
  RECKON_ASSIGN_OR_RETURN(auto latest, LatestCheckpoint(c));
  RECKON_ASSIGN_OR_RETURN(auto proof,
                          log.ConsistencyProof(static_cast<std::int64_t>(old.size),
                                               static_cast<std::int64_t>(latest.second.size)));
  nlohmann::ordered_json out;
  out["format"] = "reckon-consistency-proof/1";
  out["size1"] = old.size;
  out["size2"] = latest.second.size;
  out["proof"] = HashList(proof);
  out["old_checkpoint"] = old_checkpoint;
  out["new_checkpoint"] = latest.first.note;
  return out.dump(2);
}

Result<evidence::VerifyReport> Verify(Case& c, const std::vector<evidence::VerifierKey>& keys) {
  evidence::Vault vault = c.vault();
  return evidence::VerifyCase(c.store(), keys, &vault);
}

Result<std::vector<EvidenceAdded>> AddEvidence(Case& c, const EvidenceAddRequest& request) {
  if (request.files.empty()) return MakeError(ErrorCode::kInvalidArgument, "name the files to add");
  std::string derivation;
  if (request.derived_from != model::kNoId) {
    RECKON_TRY(c.store().GetEvidenceItem(request.derived_from));
    std::string given = request.derivation.empty() ? "working_copy" : request.derivation;
    RECKON_ASSIGN_OR_RETURN(derivation, c.vocabulary().Resolve("derivation", given));
  } else if (!request.derivation.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "--derivation goes with --derived-from");
  }
  RECKON_ASSIGN_OR_RETURN(Id place, PlaceId(c.store(), request.place));
  evidence::Vault vault = c.vault();
  std::vector<EvidenceAdded> added;
  for (const std::string& file : request.files) {
    RECKON_ASSIGN_OR_RETURN(auto blob, vault.Add(file));
    EvidenceAdded result{model::kNoId, file, blob.sha256, blob.size, blob.media_type, false};
    if (request.derived_from == model::kNoId) {
      RECKON_ASSIGN_OR_RETURN(auto existing, c.store().FindEvidenceBySha256(blob.sha256));
      if (existing) {
        result.id = existing->id;
        result.duplicate = true;
        added.push_back(result);
        continue;
      }
    }
    model::EvidenceItem item;
    item.sha256 = blob.sha256;
    item.size = blob.size;
    size_t slash = file.find_last_of('/');
    item.original_name = slash == std::string::npos ? file : file.substr(slash + 1);
    item.media_type = blob.media_type;
    item.derived_from = request.derived_from;
    item.derivation = derivation;
    item.collected_by = request.collected_by;
    item.collected_at = request.collected_at;
    item.place_id = place;
    item.method = request.method;
    item.source_url = request.source_url;
    item.note = request.note;
    if (blob.media_type == "image/jpeg" || blob.media_type == "image/png" ||
        blob.media_type == "image/tiff" || blob.media_type == "image/webp" ||
        blob.media_type == "image/heic" || blob.media_type == "image/heif" ||
        blob.media_type == "image/avif") {
      // EXIF sits in the first segments or chunks of JPEG, PNG and TIFF files, and a HEIF file
      // says there where its Exif item is; a WebP file keeps it after the image data, so up to
      // 16 MiB of it are read.
      const size_t head_size = size_t{1} << (blob.media_type == "image/webp" ? 24 : 20);
      std::ifstream stored(vault.PathOf(blob.sha256), std::ios::binary);
      std::string head(head_size, '\0');
      stored.read(head.data(), static_cast<std::streamsize>(head.size()));
      head.resize(static_cast<size_t>(stored.gcount()));
      auto read_at = [&](std::uint64_t offset, size_t length) {
        std::string bytes(length, '\0');
        stored.clear();
        stored.seekg(static_cast<std::streamoff>(offset));
        stored.read(bytes.data(), static_cast<std::streamsize>(length));
        bytes.resize(static_cast<size_t>(std::max<std::streamsize>(stored.gcount(), 0)));
        return bytes;
      };
      evidence::CaptureMetadata metadata = evidence::ParseCaptureMetadata(head, read_at);
      if (!metadata.empty()) item.capture_metadata = metadata.ToJson();
    }
    RECKON_ASSIGN_OR_RETURN(
        auto write, c.store().BeginWrite(request.actor, "add evidence " + item.original_name));
    RECKON_ASSIGN_OR_RETURN(result.id, write->AddEvidenceItem(item));
    model::CustodyEvent collected;
    collected.item_id = result.id;
    collected.action = request.derived_from == model::kNoId ? "collected" : "copied";
    collected.actor = request.collected_by.empty() ? request.actor : request.collected_by;
    collected.at = request.collected_at;
    collected.place = request.place;
    collected.purpose = request.method;
    RECKON_TRY(write->AddCustodyEvent(collected));
    RECKON_TRY(write->Commit());
    added.push_back(result);
  }
  RECKON_TRY(LogCommittedWrite(c));
  return added;
}

Result<Id> AddCustody(Case& c, const CustodyRequest& request) {
  RECKON_TRY(c.store().GetEvidenceItem(request.item));
  model::CustodyEvent event;
  event.item_id = request.item;
  RECKON_ASSIGN_OR_RETURN(event.action, c.vocabulary().Resolve("custody_action", request.action));
  if (request.actor.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "--actor: who did it is part of the chain");
  }
  event.actor = request.actor;
  event.at = request.at;
  event.place = request.place;
  event.purpose = request.purpose;
  event.authority = request.authority;
  event.note = request.note;
  RECKON_ASSIGN_OR_RETURN(auto write,
                          c.store().BeginWrite(request.actor, "custody " + event.action));
  RECKON_ASSIGN_OR_RETURN(Id id, write->AddCustodyEvent(event));
  RECKON_TRY(write->Commit());
  RECKON_TRY(LogCommittedWrite(c));
  return id;
}

Result<Id> LinkEvidence(Case& c, Id item, const std::string& record, const std::string& actor) {
  RECKON_TRY(c.store().GetEvidenceItem(item));
  size_t colon = record.find(':');
  if (colon == std::string::npos) {
    return MakeError(ErrorCode::kInvalidArgument, "--record takes kind:id, e.g. act:12");
  }
  RECKON_ASSIGN_OR_RETURN(auto kind, store::RecordKindFromName(record.substr(0, colon)));
  RECKON_ASSIGN_OR_RETURN(auto id, NumberField(record.substr(colon + 1), "record"));
  store::ListOptions options;
  options.ids = {static_cast<Id>(id.value_or(0))};
  RECKON_ASSIGN_OR_RETURN(auto found, c.store().ListRecords(kind, options));
  if (found.rows.empty()) return MakeError(ErrorCode::kNotFound, "no record " + record);
  RECKON_ASSIGN_OR_RETURN(auto write, c.store().BeginWrite(actor, "link evidence"));
  RECKON_ASSIGN_OR_RETURN(
      Id link,
      write->AddEvidenceLink({item, std::string(store::RecordKindName(kind)), options.ids[0]}));
  RECKON_TRY(write->Commit());
  RECKON_TRY(LogCommittedWrite(c));
  return link;
}

Result<std::int64_t> ExportEvidence(Case& c, const EvidenceExportRequest& request) {
  RECKON_TRY(SyncLog(c));
  RECKON_ASSIGN_OR_RETURN(
      std::int64_t files,
      evidence::ExportBundle(c.store(), c.vault(), request.items, request.directory));
  RECKON_ASSIGN_OR_RETURN(auto write, c.store().BeginWrite(request.actor, "export bundle"));
  for (Id item : request.items) {
    model::CustodyEvent disclosed;
    disclosed.item_id = item;
    disclosed.action = "disclosed";
    disclosed.actor = request.actor;
    disclosed.purpose = request.purpose;
    disclosed.authority = request.authority;
    disclosed.note = "exhibit bundle written to " + request.directory;
    RECKON_TRY(write->AddCustodyEvent(disclosed));
  }
  RECKON_TRY(write->Commit());
  RECKON_TRY(LogCommittedWrite(c));
  return files;
}

Result<EvidenceView> ShowEvidence(Case& c, Id item) {
  EvidenceView view;
  RECKON_ASSIGN_OR_RETURN(view.item, c.store().GetEvidenceItem(item));
  RECKON_ASSIGN_OR_RETURN(view.links, c.store().ListEvidenceLinks(item));
  RECKON_ASSIGN_OR_RETURN(view.custody, c.store().ListCustody(item));
  view.blob_path = c.vault().PathOf(view.item.sha256);
  return view;
}

}  // namespace reckon::service
