#include "reckon/store/sqlite/sqlite_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <type_traits>
#include <utility>
#include <variant>

#include "reckon/core/sha256.h"
#include "reckon/core/text.h"
#include "reckon/store/canonical.h"
#include "reckon/store/schema.h"
#include "reckon/store/sqlite/statement.h"

namespace reckon::store {
namespace {

using sqlite::Database;
using sqlite::Statement;

bool FileExists(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0;
}

void BindDate(Statement& s, int index, const UncertainDate& date) {
  s.BindText(index, date.ToString());
  if (date.known() && date.earliest() > kNoEarliest) {
    s.BindInt(index + 1, date.earliest());
  } else {
    s.BindNull(index + 1);
  }
  if (date.known() && date.latest() < kNoLatest) {
    s.BindInt(index + 2, date.latest());
  } else {
    s.BindNull(index + 2);
  }
}

void BindAge(Statement& s, int index, const AgeRange& age) {
  if (age.known()) {
    s.BindInt(index, age.youngest);
    s.BindInt(index + 1, age.oldest);
  } else {
    s.BindNull(index);
    s.BindNull(index + 1);
  }
  s.BindInt(index + 2, age.approximate ? 1 : 0);
  s.BindText(index + 3, age.ToString());
}

UncertainDate ReadDate(const Statement& s, int column) {
  auto parsed = UncertainDate::Parse(s.View(column));
  return parsed ? *parsed : UncertainDate();
}

AgeRange ReadAge(const Statement& s, int column) {
  AgeRange age;
  if (!s.IsNull(column)) {
    age.youngest = static_cast<int>(s.Int(column));
    age.oldest = static_cast<int>(s.Int(column + 1));
  }
  age.approximate = s.Int(column + 2) != 0;
  return age;
}

constexpr const char* kMentionColumns =
    "id, raw_record_id, source_id, person_id, full_name, given_name, patronymic, family_name, "
    "sex, birth_text, age_youngest, age_oldest, age_approximate, household, residence_place_id, "
    "status, role, protection, source_key";

model::PersonMention ReadMention(const Statement& s) {
  model::PersonMention m;
  m.id = s.Int(0);
  m.raw_record_id = s.Int(1);
  m.source_id = s.Int(2);
  m.person_id = s.Int(3);
  m.name = {s.Text(4), s.Text(5), s.Text(6), s.Text(7)};
  m.sex = s.Text(8);
  m.birth = ReadDate(s, 9);
  m.age = ReadAge(s, 10);
  m.household = s.Text(13);
  m.residence_place_id = s.Int(14);
  m.status = s.Text(15);
  m.role = s.Text(16);
  m.protection = s.Text(17);
  m.source_key = s.Text(18);
  return m;
}

constexpr const char* kActColumns =
    "id, raw_record_id, source_id, type, victim_mention_id, group_size, group_size_approximate, "
    "group_description, event_id, date_text, place_id, status, description";

model::Act ReadAct(const Statement& s) {
  model::Act a;
  a.id = s.Int(0);
  a.raw_record_id = s.Int(1);
  a.source_id = s.Int(2);
  a.type = s.Text(3);
  a.victim_mention_id = s.Int(4);
  a.group_size = s.Int(5);
  a.group_size_approximate = s.Int(6) != 0;
  a.group_description = s.Text(7);
  a.event_id = s.Int(8);
  a.date = ReadDate(s, 9);
  a.place_id = s.Int(10);
  a.status = s.Text(11);
  a.description = s.Text(12);
  return a;
}

constexpr const char* kClaimColumns =
    "id, raw_record_id, source_id, metric, value, scope, unit, citation, stated_text";

model::Claim ReadClaim(const Statement& s) {
  model::Claim c;
  c.id = s.Int(0);
  c.raw_record_id = s.Int(1);
  c.source_id = s.Int(2);
  c.metric = s.Text(3);
  c.value = s.Double(4);
  c.scope = s.Text(5);
  c.unit = s.Text(6);
  c.citation = s.Text(7);
  c.stated = ReadDate(s, 8);
  return c;
}

constexpr const char* kLossColumns =
    "id, raw_record_id, source_id, kind, description, amount, currency, date_text, owner_kind, "
    "owner_mention_id, owner_household, place_id, event_id";

model::Loss ReadLoss(const Statement& s) {
  model::Loss l;
  l.id = s.Int(0);
  l.raw_record_id = s.Int(1);
  l.source_id = s.Int(2);
  l.kind = s.Text(3);
  l.description = s.Text(4);
  l.amount = s.OptionalDouble(5);
  l.currency = s.Text(6);
  l.date = ReadDate(s, 7);
  l.owner_kind = s.Text(8);
  l.owner_mention_id = s.Int(9);
  l.owner_household = s.Text(10);
  l.place_id = s.Int(11);
  l.event_id = s.Int(12);
  return l;
}

model::Source ReadSource(const Statement& s) {
  model::Source source;
  source.id = s.Int(0);
  source.name = s.Text(1);
  source.kind = s.Text(2);
  std::string_view reliability = s.View(3);
  source.reliability = reliability.empty() ? 'F' : reliability[0];
  source.credibility = static_cast<int>(s.Int(4));
  source.description = s.Text(5);
  return source;
}

constexpr const char* kSourceColumns = "id, name, kind, reliability, credibility, description";

// Readable listings: one SELECT per kind. "{where}" is replaced by the id filter.
struct Listing {
  RecordKind kind;
  const char* table_alias;
  const char* sql;
};

const Listing kListings[] = {
    {RecordKind::kSource, "s",
     "SELECT s.id, s.name, s.kind, s.reliability, s.credibility, s.description FROM sources s"},
    {RecordKind::kImport, "i",
     "SELECT i.id, s.name AS source, i.file_name, i.file_sha256, i.format, i.rows, i.rejected, "
     "i.imported_at, i.actor FROM imports i JOIN sources s ON s.id = i.source_id"},
    {RecordKind::kRawRecord, "r",
     "SELECT r.id, s.name AS source, r.import_id, r.line, r.row, r.content FROM raw_records r "
     "JOIN sources s ON s.id = r.source_id"},
    {RecordKind::kPlace, "p",
     "SELECT p.id, p.name, p.kind, parent.name AS parent, p.latitude, p.longitude, "
     "(SELECT group_concat(n.name, '; ') FROM place_names n WHERE n.place_id = p.id) AS "
     "other_names FROM places p LEFT JOIN places parent ON parent.id = p.parent_id"},
    {RecordKind::kEvent, "e",
     "SELECT e.id, e.name, e.date_text AS date, p.name AS place, parent.name AS parent, "
     "e.description FROM events e LEFT JOIN places p ON p.id = e.place_id LEFT JOIN events "
     "parent ON parent.id = e.parent_id"},
    {RecordKind::kPersonMention, "m",
     "SELECT m.id, m.person_id, s.name AS source, r.row AS source_row, m.full_name, m.given_name, "
     "m.patronymic, m.family_name, m.sex, m.birth_text AS birth, m.age_text AS age, m.household, "
     "rp.name AS residence, m.status, m.role, m.protection, m.source_key FROM person_mentions m "
     "JOIN sources s ON s.id = m.source_id LEFT JOIN raw_records r ON r.id = m.raw_record_id "
     "LEFT JOIN places rp ON rp.id = m.residence_place_id"},
    {RecordKind::kPerson, "p",
     "SELECT p.id, p.full_name, p.sex, p.birth_text AS birth, p.age_text AS age, p.household, "
     "p.status, p.protection, (SELECT count(*) FROM person_mentions m WHERE m.person_id = p.id) "
     "AS mentions, (SELECT group_concat(DISTINCT s.name) FROM person_mentions m JOIN sources s "
     "ON s.id = m.source_id WHERE m.person_id = p.id) AS sources FROM persons p"},
    {RecordKind::kOrganization, "o",
     "SELECT o.id, o.name, o.kind, parent.name AS parent FROM organizations o LEFT JOIN "
     "organizations parent ON parent.id = o.parent_id"},
    {RecordKind::kOrganizationRelation, "r",
     "SELECT r.id, a.name AS from_organization, r.relation, b.name AS to_organization, "
     "r.period_text AS period, s.name AS source FROM organization_relations r JOIN "
     "organizations a ON a.id = r.from_id JOIN organizations b ON b.id = r.to_id LEFT JOIN "
     "sources s ON s.id = r.source_id"},
    {RecordKind::kMembership, "m",
     "SELECT m.id, m.person_id, p.full_name AS person, o.name AS organization, m.position, "
     "m.period_text AS period, s.name AS source FROM memberships m JOIN persons p ON p.id = "
     "m.person_id JOIN organizations o ON o.id = m.organization_id LEFT JOIN sources s ON s.id = "
     "m.source_id"},
    {RecordKind::kAct, "a",
     "SELECT a.id, a.type, a.victim_mention_id, m.person_id AS victim_person_id, m.full_name AS "
     "victim, a.group_size, a.group_description, e.name AS event, a.date_text AS date, p.name AS "
     "place, a.status, s.name AS source, (SELECT group_concat(coalesce(o.name, pp.full_name, "
     "ap.name_as_given) || ' (' || ap.involvement || ')', '; ') FROM act_perpetrators ap LEFT "
     "JOIN organizations o ON o.id = ap.organization_id LEFT JOIN persons pp ON pp.id = "
     "ap.person_id WHERE ap.act_id = a.id) AS perpetrators, a.description FROM acts a JOIN "
     "sources s ON s.id = a.source_id LEFT JOIN person_mentions m ON m.id = a.victim_mention_id "
     "LEFT JOIN events e ON e.id = a.event_id LEFT JOIN places p ON p.id = a.place_id"},
    {RecordKind::kInvestigativeAction, "a",
     "SELECT a.id, a.kind, a.date_text AS date, p.name AS place, a.description, (SELECT "
     "group_concat(ap.person_id) FROM action_persons ap WHERE ap.action_id = a.id) AS persons, "
     "(SELECT group_concat(d.reference, '; ') FROM action_documents d WHERE d.action_id = a.id) "
     "AS documents, s.name AS source FROM investigative_actions a LEFT JOIN places p ON p.id = "
     "a.place_id LEFT JOIN sources s ON s.id = a.source_id"},
    {RecordKind::kClaim, "c",
     "SELECT c.id, s.name AS source, c.metric, c.value, c.unit, c.scope, c.citation, "
     "c.stated_text AS stated FROM claims c JOIN sources s ON s.id = c.source_id"},
    {RecordKind::kEvidenceItem, "e",
     "SELECT e.id, e.sha256, e.size, e.original_name, e.media_type, e.derived_from, e.derivation, "
     "e.collected_by, e.collected_at, p.name AS place, e.method, e.source_url, e.note FROM "
     "evidence_items e LEFT JOIN places p ON p.id = e.place_id"},
    {RecordKind::kEvidenceLink, "l",
     "SELECT l.id, l.item_id, l.kind, l.record_id FROM evidence_links l"},
    {RecordKind::kCustodyEvent, "c",
     "SELECT c.id, c.item_id, c.action, c.actor, c.at, c.place, c.purpose, c.authority, c.note "
     "FROM custody_events c"},
    {RecordKind::kLinkDecision, "d",
     "SELECT d.id, d.mention_a, d.mention_b, d.verdict, d.actor, d.at, d.reason FROM "
     "link_decisions d"},
    {RecordKind::kLinkRun, "r",
     "SELECT r.id, r.at, r.actor, r.mode, r.mentions, r.persons, r.max_mention_id, "
     "r.assignment_sha256 FROM link_runs r"},
    {RecordKind::kEstimateRun, "r",
     "SELECT r.id, r.at, r.actor, r.act, r.by_dimensions AS by, r.method, r.settings, r.tables, "
     "r.results FROM estimate_runs r"},
    {RecordKind::kLoss, "l",
     "SELECT l.id, s.name AS source, l.kind, l.description, l.amount, l.currency, l.date_text AS "
     "date, l.owner_kind, l.owner_mention_id, l.owner_household, p.name AS place, e.name AS event "
     "FROM losses l JOIN sources s ON s.id = l.source_id LEFT JOIN places p ON p.id = l.place_id "
     "LEFT JOIN events e ON e.id = l.event_id"},
};

class SqliteStore;

class SqliteWriteTransaction final : public WriteTransaction {
 public:
  SqliteWriteTransaction(SqliteStore& store, Database& db, std::string actor, std::string reason,
                         std::string at)
      : store_(store),
        db_(db),
        actor_(std::move(actor)),
        reason_(std::move(reason)),
        at_(std::move(at)) {}
  ~SqliteWriteTransaction() override;

  Result<Id> AddSource(const model::Source& source) override;
  Result<Id> AddImport(const model::Import& import) override;
  Result<ImportedRowIds> AddImportedRow(const ImportedRow& row) override;
  Result<Id> AddPlace(const model::Place& place) override;
  Result<Id> AddEvent(const model::Event& event) override;
  Result<Id> AddPersonMention(const model::PersonMention& mention) override;
  Result<Id> AddOrganization(const model::Organization& organization) override;
  Result<Id> AddOrganizationRelation(const model::OrganizationRelation& relation) override;
  Result<Id> AddMembership(const model::Membership& membership) override;
  Result<Id> AddAct(const model::Act& act) override;
  Result<Id> AddInvestigativeAction(const model::InvestigativeAction& action) override;
  Result<Id> AddClaim(const model::Claim& claim) override;
  Result<Id> AddLoss(const model::Loss& loss) override;
  Result<Id> AddEvidenceItem(const model::EvidenceItem& item) override;
  Result<Id> AddEvidenceLink(const model::EvidenceLink& link) override;
  Result<Id> AddCustodyEvent(const model::CustodyEvent& event) override;
  Status UpdateSource(const model::Source& source) override;
  Status FinishImport(Id import_id, std::int64_t rows, std::int64_t rejected) override;
  Result<Id> AddLinkDecision(const model::LinkDecision& decision) override;
  Result<Id> AddLinkRun(const model::LinkRun& run) override;
  Result<Id> AddEstimateRun(const model::EstimateRun& run) override;
  Status AssignPersons(std::span<const PersonAssignment> assignments) override;
  Status ReplaceLinkPairs(Id run_id, std::span<const LinkPair> pairs) override;
  Status Commit() override;

 private:
  // Runs `statement` (an INSERT) and returns the new row's id.
  Result<Id> Insert(Statement statement);
  Status Record(std::string_view operation, RecordKind kind, Id id, std::string old_hash,
                std::string_view canonical);
  // Logs the creation of `record`, just inserted with `id`, and returns the id.
  template <typename T>
  Result<Id> Logged(RecordKind kind, Id id, T record) {
    record.id = id;
    RECKON_TRY(Record("create", kind, id, "", CanonicalForm(record)));
    return id;
  }
  Result<Id> InsertMention(const model::PersonMention& mention, Id* person_id);
  Result<Id> InsertAct(const model::Act& act);
  Result<Id> InsertClaim(const model::Claim& claim);
  Result<Id> InsertLoss(const model::Loss& loss);
  Status Guard() const {
    if (done_) {
      return MakeError(ErrorCode::kFailedPrecondition, "the write transaction has ended");
    }
    return {};
  }

  SqliteStore& store_;
  Database& db_;
  std::string actor_;
  std::string reason_;
  std::string at_;
  std::vector<Change> changes_;
  bool done_ = false;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Database> db, std::string path, const Clock& clock,
              StoreOptions options)
      : db_(std::move(db)), path_(std::move(path)), clock_(clock), options_(std::move(options)) {}

  Status Initialize(OpenMode mode);

  Result<std::unique_ptr<WriteTransaction>> BeginWrite(std::string actor,
                                                       std::string reason) override;
  void AddObserver(ChangeObserver* observer) override { observers_.push_back(observer); }
  Result<std::int64_t> SchemaVersion() override;

  Result<model::Source> GetSource(Id id) override;
  Result<std::optional<model::Source>> FindSource(std::string_view name) override;
  Result<std::vector<model::Source>> ListSources() override;
  Result<std::optional<model::Import>> FindImport(Id source_id,
                                                  std::string_view file_sha256) override;
  Result<model::RawRecord> GetRawRecord(Id id) override;
  Result<model::Place> GetPlace(Id id) override;
  Result<std::optional<model::Place>> FindPlace(std::string_view name) override;
  Result<model::Event> GetEvent(Id id) override;
  Result<std::optional<model::Event>> FindEvent(std::string_view name) override;
  Result<model::PersonMention> GetPersonMention(Id id) override;
  Result<model::Person> GetPerson(Id id) override;
  Result<std::vector<model::PersonMention>> ListMentionsOfPerson(Id id) override;
  Result<model::Act> GetAct(Id id) override;
  Result<std::vector<model::Act>> ListActsOfMention(Id mention_id) override;
  Result<std::optional<model::Organization>> FindOrganization(std::string_view name) override;
  Result<std::vector<model::Claim>> ListClaims() override;
  Result<model::EvidenceItem> GetEvidenceItem(Id id) override;
  Result<std::optional<model::EvidenceItem>> FindEvidenceBySha256(std::string_view sha256) override;
  Result<std::vector<model::EvidenceItem>> ListEvidenceItems() override;
  Result<std::vector<model::EvidenceLink>> ListEvidenceLinks(Id item_id) override;
  Result<std::vector<model::CustodyEvent>> ListCustody(Id item_id) override;
  Result<std::vector<model::Loss>> ListLosses() override;
  Result<std::vector<model::InvestigativeAction>> ListActions() override;
  Result<std::int64_t> CountRecords(RecordKind kind) override;
  Result<Table> ListRecords(RecordKind kind, const ListOptions& options) override;
  Status ScanActs(const ActScan& scan, const std::function<Status(const ActFact&)>& visit) override;
  Status ScanPersonSexes(const IdRange& range,
                         const std::function<Status(Id, std::string_view)>& visit) override;
  Result<Id> MaxPersonId() override;
  Result<std::pair<IdRange, std::int64_t>> ActIds() override;
  Result<std::unique_ptr<Store>> OpenReader() override;
  Status CheckIntegrity() override;
  Status ScanPersons(const std::function<Status(const PersonFact&)>& visit) override;
  Status ScanLinkMentions(const std::function<Status(const LinkMention&)>& visit) override;
  Result<std::vector<model::LinkDecision>> ListLinkDecisions() override;
  Result<std::optional<model::LinkRun>> LatestLinkRun() override;
  Result<model::EstimateRun> GetEstimateRun(Id id) override;
  Result<std::vector<LinkPair>> ListLinkPairs(std::string_view kind, std::int64_t limit,
                                              Id mention) override;
  Result<std::string> StoredAssignmentSha256(Id max_mention_id) override;
  Result<std::vector<SearchHit>> Search(std::string_view query, std::int64_t limit) override;
  Result<std::vector<Change>> ListChanges(std::int64_t after_sequence, std::int64_t limit) override;
  Result<std::string> RecordHash(RecordKind kind, Id id) override;
  Status ScanRecordHashes(
      const std::function<Status(RecordKind, Id, const std::string&)>& visit) override;
  Result<std::int64_t> LogSize() override;
  Status AppendLog(std::span<const LogLeaf> leaves, std::span<const LogNode> nodes) override;
  Result<Digest> LogSubtree(int level, std::int64_t index) override;
  Result<std::vector<LogLeaf>> ListLogLeaves(std::int64_t from, std::int64_t limit) override;
  Result<std::optional<LogLeaf>> FindLogLeaf(std::int64_t change_sequence) override;
  Result<std::optional<Change>> LatestChange(RecordKind kind, Id id) override;
  Result<Id> AddCheckpoint(std::int64_t size, std::string_view note) override;
  Result<std::vector<StoredCheckpoint>> ListCheckpoints() override;
  Result<std::string> CaseId() override;

  bool HasObservers() const { return !observers_.empty(); }

  void EndWrite(std::span<const Change> committed) {
    in_write_ = false;
    if (!committed.empty()) {
      for (ChangeObserver* observer : observers_) observer->OnCommit(committed);
    }
  }

 private:
  friend class SqliteWriteTransaction;
  Result<model::Import> GetImport(Id id);
  Result<model::Organization> GetOrganization(Id id);
  Result<model::InvestigativeAction> GetAction(Id id);
  Result<std::vector<model::Perpetrator>> ListPerpetrators(Id act_id);
  Result<model::Claim> GetClaim(Id id);
  Result<model::Loss> GetLoss(Id id);
  Result<ImportedRow> GetImportedRow(Id raw_id);
  Status RefreshSearchIndex();
  Result<std::string> SearchText(RecordKind kind, Id id);

  std::unique_ptr<Database> db_;
  std::string path_;
  const Clock& clock_;
  StoreOptions options_;
  std::vector<ChangeObserver*> observers_;
  bool in_write_ = false;
};

Error NotFound(std::string_view kind, Id id) {
  return Error{ErrorCode::kNotFound,
               std::string("no ") + std::string(kind) + " with id " + std::to_string(id)};
}

// ---------------------------------------------------------------------------------------------
// Write path.

SqliteWriteTransaction::~SqliteWriteTransaction() {
  if (!done_) {
    (void)db_.Execute("ROLLBACK");
    store_.EndWrite({});
  }
}

Result<Id> SqliteWriteTransaction::Insert(Statement statement) {
  RECKON_TRY(statement.Run());
  return sqlite3_last_insert_rowid(db_.connection());
}

Status SqliteWriteTransaction::Record(std::string_view operation, RecordKind kind, Id id,
                                      std::string old_hash, std::string_view canonical) {
  Change change;
  change.at = at_;
  change.actor = actor_;
  change.operation = std::string(operation);
  change.kind = kind;
  change.record_id = id;
  change.old_hash = std::move(old_hash);
  change.new_hash = Sha256Hex(canonical);
  change.reason = reason_;
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_.Prepare("INSERT INTO changes(at, actor, operation, kind, record_id, "
                                      "old_hash, new_hash, reason) VALUES (?,?,?,?,?,?,?,?)"));
  s.BindView(1, change.at);
  s.BindView(2, change.actor);
  s.BindView(3, change.operation);
  s.BindText(4, RecordKindName(kind));
  s.BindInt(5, id);
  s.BindView(6, change.old_hash);
  s.BindView(7, change.new_hash);
  s.BindView(8, change.reason);
  RECKON_ASSIGN_OR_RETURN(change.sequence, Insert(s));
  // Observers are told after commit; without observers nothing needs the list.
  if (store_.HasObservers()) changes_.push_back(std::move(change));
  return {};
}

Result<Id> SqliteWriteTransaction::AddSource(const model::Source& source) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_.Prepare("INSERT INTO sources(name, kind, reliability, credibility, "
                                      "description) VALUES (?,?,?,?,?)"));
  s.BindText(1, source.name);
  s.BindText(2, source.kind);
  s.BindText(3, std::string(1, source.reliability));
  s.BindInt(4, source.credibility);
  s.BindText(5, source.description);
  auto id = Insert(s);
  if (!id && id.error().code == ErrorCode::kAlreadyExists) {
    return MakeError(ErrorCode::kAlreadyExists,
                     "a source named '" + source.name + "' already exists");
  }
  if (!id) return id;
  model::Source stored = source;
  stored.id = *id;
  RECKON_TRY(Record("create", RecordKind::kSource, *id, "", CanonicalForm(stored)));
  return *id;
}

Status SqliteWriteTransaction::UpdateSource(const model::Source& source) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(model::Source before, store_.GetSource(source.id));
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_.Prepare("UPDATE sources SET kind = ?, reliability = ?, "
                                      "credibility = ?, description = ? WHERE id = ?"));
  s.BindText(1, source.kind);
  s.BindText(2, std::string(1, source.reliability));
  s.BindInt(3, source.credibility);
  s.BindText(4, source.description);
  s.BindInt(5, source.id);
  RECKON_TRY(s.Run());
  model::Source after = source;
  after.name = before.name;
  return Record("update", RecordKind::kSource, source.id, Sha256Hex(CanonicalForm(before)),
                CanonicalForm(after));
}

Result<Id> SqliteWriteTransaction::AddImport(const model::Import& import) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Statement s, db_.Prepare("INSERT INTO imports(source_id, file_name, "
                                                   "file_sha256, format, mapping, imported_at, "
                                                   "actor) VALUES (?,?,?,?,?,?,?)"));
  s.BindInt(1, import.source_id);
  s.BindText(2, import.file_name);
  s.BindText(3, import.file_sha256);
  s.BindText(4, import.format);
  model::Import stored = import;
  if (stored.imported_at.empty()) stored.imported_at = at_;
  s.BindText(5, import.mapping);
  s.BindText(6, stored.imported_at);
  s.BindText(7, import.actor);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  stored.id = id;
  RECKON_TRY(Record("create", RecordKind::kImport, id, "", CanonicalForm(stored)));
  return id;
}

Status SqliteWriteTransaction::FinishImport(Id import_id, std::int64_t rows,
                                            std::int64_t rejected) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(model::Import before, store_.GetImport(import_id));
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_.Prepare("UPDATE imports SET rows = ?, rejected = ? WHERE id = ?"));
  s.BindInt(1, rows);
  s.BindInt(2, rejected);
  s.BindInt(3, import_id);
  RECKON_TRY(s.Run());
  model::Import after = before;
  after.rows = rows;
  after.rejected = rejected;
  return Record("update", RecordKind::kImport, import_id, Sha256Hex(CanonicalForm(before)),
                CanonicalForm(after));
}

Result<Id> SqliteWriteTransaction::InsertMention(const model::PersonMention& m, Id* person_id) {
  Id person = m.person_id;
  if (person == model::kNoId) {
    // Until linkage, a new mention is a person of its own, with the mention's values.
    RECKON_ASSIGN_OR_RETURN(
        Statement p,
        db_.Prepare("INSERT INTO persons(full_name, given_name, patronymic, family_name, sex, "
                    "birth_text, birth_earliest, birth_latest, age_youngest, age_oldest, "
                    "age_approximate, age_text, household, residence_place_id, status, "
                    "protection) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    p.BindView(1, m.name.full);
    p.BindView(2, m.name.given);
    p.BindView(3, m.name.patronymic);
    p.BindView(4, m.name.family);
    p.BindView(5, m.sex);
    BindDate(p, 6, m.birth);
    BindAge(p, 9, m.age);
    p.BindView(13, m.household);
    p.BindId(14, m.residence_place_id);
    p.BindView(15, m.status);
    p.BindView(16, m.protection);
    RECKON_ASSIGN_OR_RETURN(person, Insert(p));
  }
  RECKON_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("INSERT INTO person_mentions(raw_record_id, source_id, person_id, full_name, "
                  "given_name, patronymic, family_name, sex, birth_text, birth_earliest, "
                  "birth_latest, age_youngest, age_oldest, age_approximate, age_text, household, "
                  "residence_place_id, status, role, protection, source_key, own_person_id) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  s.BindId(1, m.raw_record_id);
  s.BindInt(2, m.source_id);
  s.BindInt(3, person);
  s.BindView(4, m.name.full);
  s.BindView(5, m.name.given);
  s.BindView(6, m.name.patronymic);
  s.BindView(7, m.name.family);
  s.BindView(8, m.sex);
  BindDate(s, 9, m.birth);
  BindAge(s, 12, m.age);
  s.BindView(16, m.household);
  s.BindId(17, m.residence_place_id);
  s.BindView(18, m.status);
  s.BindView(19, m.role);
  s.BindView(20, m.protection);
  s.BindView(21, m.source_key);
  s.BindInt(22, person);
  *person_id = person;
  return Insert(s);
}

Result<Id> SqliteWriteTransaction::InsertAct(const model::Act& a) {
  RECKON_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("INSERT INTO acts(raw_record_id, source_id, type, victim_mention_id, "
                  "group_size, group_size_approximate, group_description, event_id, date_text, "
                  "date_earliest, date_latest, place_id, status, description) VALUES "
                  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  s.BindId(1, a.raw_record_id);
  s.BindInt(2, a.source_id);
  s.BindView(3, a.type);
  s.BindId(4, a.victim_mention_id);
  s.BindInt(5, a.group_size);
  s.BindInt(6, a.group_size_approximate ? 1 : 0);
  s.BindView(7, a.group_description);
  s.BindId(8, a.event_id);
  BindDate(s, 9, a.date);
  s.BindId(12, a.place_id);
  s.BindView(13, a.status);
  s.BindView(14, a.description);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  for (const model::Perpetrator& p : a.perpetrators) {
    RECKON_ASSIGN_OR_RETURN(
        Statement ps,
        db_.Prepare("INSERT INTO act_perpetrators(act_id, person_id, "
                    "organization_id, name_as_given, involvement) VALUES (?,?,?,?,?)"));
    ps.BindInt(1, id);
    ps.BindId(2, p.person_id);
    ps.BindId(3, p.organization_id);
    ps.BindText(4, p.name_as_given);
    ps.BindText(5, p.involvement);
    RECKON_TRY(ps.Run());
  }
  return id;
}

Result<Id> SqliteWriteTransaction::InsertClaim(const model::Claim& c) {
  RECKON_ASSIGN_OR_RETURN(
      Statement s, db_.Prepare("INSERT INTO claims(raw_record_id, source_id, metric, value, scope, "
                               "unit, citation, stated_text) VALUES (?,?,?,?,?,?,?,?)"));
  s.BindId(1, c.raw_record_id);
  s.BindInt(2, c.source_id);
  s.BindText(3, c.metric);
  s.BindDouble(4, c.value);
  s.BindText(5, c.scope);
  s.BindText(6, c.unit);
  s.BindText(7, c.citation);
  s.BindText(8, c.stated.ToString());
  return Insert(s);
}

Result<Id> SqliteWriteTransaction::InsertLoss(const model::Loss& l) {
  RECKON_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("INSERT INTO losses(raw_record_id, source_id, kind, description, amount, "
                  "currency, date_text, owner_kind, owner_mention_id, owner_household, place_id, "
                  "event_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"));
  s.BindId(1, l.raw_record_id);
  s.BindInt(2, l.source_id);
  s.BindText(3, l.kind);
  s.BindText(4, l.description);
  s.BindOptionalDouble(5, l.amount);
  s.BindText(6, l.currency);
  s.BindText(7, l.date.ToString());
  s.BindText(8, l.owner_kind);
  s.BindId(9, l.owner_mention_id);
  s.BindText(10, l.owner_household);
  s.BindId(11, l.place_id);
  s.BindId(12, l.event_id);
  return Insert(s);
}

Result<ImportedRowIds> SqliteWriteTransaction::AddImportedRow(const ImportedRow& row) {
  RECKON_TRY(Guard());
  ImportedRowIds ids;
  ImportedRow stored = row;
  RECKON_ASSIGN_OR_RETURN(Statement s, db_.Prepare("INSERT INTO raw_records(import_id, source_id, "
                                                   "line, row, content) VALUES (?,?,?,?,?)"));
  s.BindInt(1, row.raw.import_id);
  s.BindInt(2, row.raw.source_id);
  s.BindInt(3, row.raw.line);
  s.BindInt(4, row.raw.row);
  s.BindView(5, row.raw.content);
  RECKON_ASSIGN_OR_RETURN(ids.raw, Insert(s));
  stored.raw.id = ids.raw;
  if (stored.mention) {
    stored.mention->raw_record_id = ids.raw;
    RECKON_ASSIGN_OR_RETURN(ids.mention, InsertMention(*stored.mention, &ids.person));
    stored.mention->id = ids.mention;
  }
  if (stored.act) {
    stored.act->raw_record_id = ids.raw;
    if (stored.mention) stored.act->victim_mention_id = ids.mention;
    RECKON_ASSIGN_OR_RETURN(ids.act, InsertAct(*stored.act));
    stored.act->id = ids.act;
  }
  if (stored.loss) {
    stored.loss->raw_record_id = ids.raw;
    if (stored.mention && stored.loss->owner_kind == "person") {
      stored.loss->owner_mention_id = ids.mention;
    }
    RECKON_ASSIGN_OR_RETURN(ids.loss, InsertLoss(*stored.loss));
    stored.loss->id = ids.loss;
  }
  if (stored.claim) {
    stored.claim->raw_record_id = ids.raw;
    RECKON_ASSIGN_OR_RETURN(ids.claim, InsertClaim(*stored.claim));
    stored.claim->id = ids.claim;
  }
  RECKON_TRY(Record("create", RecordKind::kRawRecord, ids.raw, "", CanonicalForm(stored)));
  return ids;
}

Result<Id> SqliteWriteTransaction::AddPlace(const model::Place& place) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_.Prepare("INSERT INTO places(name, folded_name, kind, parent_id, "
                                      "latitude, longitude) VALUES (?,?,?,?,?,?)"));
  s.BindText(1, place.name);
  s.BindText(2, FoldForMatch(place.name));
  s.BindText(3, place.kind);
  s.BindId(4, place.parent_id);
  s.BindOptionalDouble(5, place.latitude);
  s.BindOptionalDouble(6, place.longitude);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  for (const model::PlaceName& other : place.other_names) {
    RECKON_ASSIGN_OR_RETURN(Statement n, db_.Prepare("INSERT INTO place_names(place_id, name, "
                                                     "folded_name, language) VALUES (?,?,?,?)"));
    n.BindInt(1, id);
    n.BindText(2, other.name);
    n.BindText(3, FoldForMatch(other.name));
    n.BindText(4, other.language);
    RECKON_TRY(n.Run());
  }
  return Logged(RecordKind::kPlace, id, place);
}

Result<Id> SqliteWriteTransaction::AddEvent(const model::Event& event) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_.Prepare("INSERT INTO events(name, folded_name, description, "
                                      "date_text, date_earliest, date_latest, place_id, "
                                      "parent_id) VALUES (?,?,?,?,?,?,?,?)"));
  s.BindText(1, event.name);
  s.BindText(2, FoldForMatch(event.name));
  s.BindText(3, event.description);
  BindDate(s, 4, event.date);
  s.BindId(7, event.place_id);
  s.BindId(8, event.parent_id);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  return Logged(RecordKind::kEvent, id, event);
}

Result<Id> SqliteWriteTransaction::AddPersonMention(const model::PersonMention& mention) {
  RECKON_TRY(Guard());
  Id person = model::kNoId;
  RECKON_ASSIGN_OR_RETURN(Id id, InsertMention(mention, &person));
  return Logged(RecordKind::kPersonMention, id, mention);
}

Result<Id> SqliteWriteTransaction::AddOrganization(const model::Organization& organization) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Statement s, db_.Prepare("INSERT INTO organizations(name, folded_name, "
                                                   "kind, parent_id) VALUES (?,?,?,?)"));
  s.BindText(1, organization.name);
  s.BindText(2, FoldForMatch(organization.name));
  s.BindText(3, organization.kind);
  s.BindId(4, organization.parent_id);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  return Logged(RecordKind::kOrganization, id, organization);
}

Result<Id> SqliteWriteTransaction::AddOrganizationRelation(
    const model::OrganizationRelation& relation) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_.Prepare("INSERT INTO organization_relations(from_id, to_id, "
                                      "relation, period_text, source_id) VALUES (?,?,?,?,?)"));
  s.BindInt(1, relation.from_id);
  s.BindInt(2, relation.to_id);
  s.BindText(3, relation.relation);
  s.BindText(4, relation.period.ToString());
  s.BindId(5, relation.source_id);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  RECKON_TRY(
      Record("create", RecordKind::kOrganizationRelation, id, "", CanonicalForm(id, relation)));
  return id;
}

Result<Id> SqliteWriteTransaction::AddMembership(const model::Membership& membership) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_.Prepare("INSERT INTO memberships(person_id, organization_id, "
                                      "position, period_text, source_id) VALUES (?,?,?,?,?)"));
  s.BindInt(1, membership.person_id);
  s.BindInt(2, membership.organization_id);
  s.BindText(3, membership.position);
  s.BindText(4, membership.period.ToString());
  s.BindId(5, membership.source_id);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  RECKON_TRY(Record("create", RecordKind::kMembership, id, "", CanonicalForm(id, membership)));
  return id;
}

Result<Id> SqliteWriteTransaction::AddAct(const model::Act& act) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Id id, InsertAct(act));
  return Logged(RecordKind::kAct, id, act);
}

Result<Id> SqliteWriteTransaction::AddInvestigativeAction(
    const model::InvestigativeAction& action) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(
      Statement s, db_.Prepare("INSERT INTO investigative_actions(kind, date_text, date_earliest, "
                               "date_latest, place_id, description, source_id) VALUES "
                               "(?,?,?,?,?,?,?)"));
  s.BindText(1, action.kind);
  BindDate(s, 2, action.date);
  s.BindId(5, action.place_id);
  s.BindText(6, action.description);
  s.BindId(7, action.source_id);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  for (Id person : action.person_ids) {
    RECKON_ASSIGN_OR_RETURN(
        Statement p, db_.Prepare("INSERT INTO action_persons(action_id, person_id) VALUES (?,?)"));
    p.BindInt(1, id);
    p.BindInt(2, person);
    RECKON_TRY(p.Run());
  }
  for (const std::string& document : action.documents) {
    RECKON_ASSIGN_OR_RETURN(
        Statement d,
        db_.Prepare("INSERT INTO action_documents(action_id, reference) VALUES (?,?)"));
    d.BindInt(1, id);
    d.BindText(2, document);
    RECKON_TRY(d.Run());
  }
  return Logged(RecordKind::kInvestigativeAction, id, action);
}

Result<Id> SqliteWriteTransaction::AddClaim(const model::Claim& claim) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Id id, InsertClaim(claim));
  return Logged(RecordKind::kClaim, id, claim);
}

Result<Id> SqliteWriteTransaction::AddLoss(const model::Loss& loss) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Id id, InsertLoss(loss));
  return Logged(RecordKind::kLoss, id, loss);
}

Result<Id> SqliteWriteTransaction::AddEvidenceItem(const model::EvidenceItem& e) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("INSERT INTO evidence_items(sha256, size, original_name, media_type, "
                  "derived_from, derivation, collected_by, collected_at, place_id, method, "
                  "source_url, note, capture_metadata) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  s.BindText(1, e.sha256);
  s.BindInt(2, e.size);
  s.BindText(3, e.original_name);
  s.BindText(4, e.media_type);
  s.BindId(5, e.derived_from);
  s.BindText(6, e.derivation);
  s.BindText(7, e.collected_by);
  s.BindText(8, e.collected_at);
  s.BindId(9, e.place_id);
  s.BindText(10, e.method);
  s.BindText(11, e.source_url);
  s.BindText(12, e.note);
  s.BindText(13, e.capture_metadata);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  return Logged(RecordKind::kEvidenceItem, id, e);
}

Result<Id> SqliteWriteTransaction::AddEvidenceLink(const model::EvidenceLink& link) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(Statement s, db_.Prepare("INSERT INTO evidence_links(item_id, kind, "
                                                   "record_id) VALUES (?,?,?)"));
  s.BindInt(1, link.item_id);
  s.BindText(2, link.kind);
  s.BindInt(3, link.record_id);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  RECKON_TRY(Record("create", RecordKind::kEvidenceLink, id, "", CanonicalForm(id, link)));
  return id;
}

Result<Id> SqliteWriteTransaction::AddCustodyEvent(const model::CustodyEvent& c) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(
      Statement s, db_.Prepare("INSERT INTO custody_events(item_id, action, actor, at, place, "
                               "purpose, authority, note) VALUES (?,?,?,?,?,?,?,?)"));
  model::CustodyEvent stored = c;
  if (stored.at.empty()) stored.at = at_;
  s.BindInt(1, c.item_id);
  s.BindText(2, c.action);
  s.BindText(3, c.actor);
  s.BindText(4, stored.at);
  s.BindText(5, c.place);
  s.BindText(6, c.purpose);
  s.BindText(7, c.authority);
  s.BindText(8, c.note);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  stored.id = id;
  RECKON_TRY(Record("create", RecordKind::kCustodyEvent, id, "", CanonicalForm(stored)));
  return id;
}

constexpr const char* kLinkDecisionColumns = "id, mention_a, mention_b, verdict, actor, at, reason";

model::LinkDecision ReadLinkDecision(const Statement& s) {
  return {s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6)};
}

constexpr const char* kLinkRunColumns =
    "id, at, actor, mode, settings, model, summary, mentions, persons, max_mention_id, "
    "assignment_sha256";

model::LinkRun ReadLinkRun(const Statement& s) {
  model::LinkRun r;
  r.id = s.Int(0);
  r.at = s.Text(1);
  r.actor = s.Text(2);
  r.mode = s.Text(3);
  r.settings = s.Text(4);
  r.model = s.Text(5);
  r.summary = s.Text(6);
  r.mentions = s.Int(7);
  r.persons = s.Int(8);
  r.max_mention_id = s.Int(9);
  r.assignment_sha256 = s.Text(10);
  return r;
}

Result<Id> SqliteWriteTransaction::AddLinkDecision(const model::LinkDecision& d) {
  RECKON_TRY(Guard());
  if (d.verdict != "same" && d.verdict != "different") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a link decision is 'same' or 'different', not '" + d.verdict + "'");
  }
  if (d.mention_a == d.mention_b) {
    return MakeError(ErrorCode::kInvalidArgument, "a link decision needs two different mentions");
  }
  RECKON_ASSIGN_OR_RETURN(
      Statement s, db_.Prepare("INSERT INTO link_decisions(mention_a, mention_b, verdict, actor, "
                               "at, reason) VALUES (?,?,?,?,?,?)"));
  model::LinkDecision stored = d;
  if (stored.at.empty()) stored.at = at_;
  if (stored.actor.empty()) stored.actor = actor_;
  s.BindInt(1, d.mention_a);
  s.BindInt(2, d.mention_b);
  s.BindText(3, d.verdict);
  s.BindText(4, stored.actor);
  s.BindText(5, stored.at);
  s.BindText(6, d.reason);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  return Logged(RecordKind::kLinkDecision, id, stored);
}

Result<Id> SqliteWriteTransaction::AddLinkRun(const model::LinkRun& r) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("INSERT INTO link_runs(at, actor, mode, settings, model, summary, mentions, "
                  "persons, max_mention_id, assignment_sha256) VALUES (?,?,?,?,?,?,?,?,?,?)"));
  model::LinkRun stored = r;
  if (stored.at.empty()) stored.at = at_;
  if (stored.actor.empty()) stored.actor = actor_;
  s.BindText(1, stored.at);
  s.BindText(2, stored.actor);
  s.BindText(3, r.mode);
  s.BindText(4, r.settings);
  s.BindText(5, r.model);
  s.BindText(6, r.summary);
  s.BindInt(7, r.mentions);
  s.BindInt(8, r.persons);
  s.BindInt(9, r.max_mention_id);
  s.BindText(10, r.assignment_sha256);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  return Logged(RecordKind::kLinkRun, id, stored);
}

constexpr const char* kEstimateRunColumns =
    "id, at, actor, act, by_dimensions, method, settings, tables, results";

model::EstimateRun ReadEstimateRun(const Statement& s) {
  return {s.Int(0),  s.Text(1), s.Text(2), s.Text(3), s.Text(4),
          s.Text(5), s.Text(6), s.Text(7), s.Text(8)};
}

Result<Id> SqliteWriteTransaction::AddEstimateRun(const model::EstimateRun& r) {
  RECKON_TRY(Guard());
  RECKON_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare("INSERT INTO estimate_runs(at, actor, act, by_dimensions, method, settings, "
                  "tables, results) VALUES (?,?,?,?,?,?,?,?)"));
  model::EstimateRun stored = r;
  if (stored.at.empty()) stored.at = at_;
  if (stored.actor.empty()) stored.actor = actor_;
  s.BindText(1, stored.at);
  s.BindText(2, stored.actor);
  s.BindText(3, r.act);
  s.BindText(4, r.by);
  s.BindText(5, r.method);
  s.BindText(6, r.settings);
  s.BindText(7, r.tables);
  s.BindText(8, r.results);
  RECKON_ASSIGN_OR_RETURN(Id id, Insert(s));
  return Logged(RecordKind::kEstimateRun, id, stored);
}

Status SqliteWriteTransaction::AssignPersons(std::span<const PersonAssignment> assignments) {
  RECKON_TRY(Guard());
  RECKON_TRY(
      db_.Execute("CREATE TEMP TABLE IF NOT EXISTS touched_persons(id INTEGER PRIMARY KEY)"));
  RECKON_TRY(db_.Execute("DELETE FROM touched_persons"));
  // Statements are taken from the cache for each use: a cached statement comes back reset, so
  // new bindings take effect.
  constexpr const char* kRead = "SELECT person_id, own_person_id FROM person_mentions WHERE id = ?";
  constexpr const char* kExists = "SELECT 1 FROM persons WHERE id = ?";
  constexpr const char* kMove = "UPDATE person_mentions SET person_id = ? WHERE id = ?";
  constexpr const char* kMerged = "UPDATE persons SET merged_into = ? WHERE id = ?";
  constexpr const char* kTouch = "INSERT OR IGNORE INTO touched_persons(id) VALUES (?)";
  for (const PersonAssignment& a : assignments) {
    RECKON_ASSIGN_OR_RETURN(Statement read, db_.Prepare(kRead));
    read.BindInt(1, a.mention_id);
    RECKON_ASSIGN_OR_RETURN(bool found, read.Step());
    if (!found) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "mention " + std::to_string(a.mention_id) + " does not exist");
    }
    Id current = read.Int(0);
    Id own = read.IsNull(1) ? current : read.Int(1);
    if (current == a.person_id) continue;
    RECKON_ASSIGN_OR_RETURN(Statement exists, db_.Prepare(kExists));
    exists.BindInt(1, a.person_id);
    RECKON_ASSIGN_OR_RETURN(bool person_found, exists.Step());
    if (!person_found) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "person " + std::to_string(a.person_id) + " does not exist");
    }
    RECKON_ASSIGN_OR_RETURN(Statement move, db_.Prepare(kMove));
    move.BindInt(1, a.person_id);
    move.BindInt(2, a.mention_id);
    RECKON_TRY(move.Run());
    RECKON_ASSIGN_OR_RETURN(Statement merged, db_.Prepare(kMerged));
    if (own == a.person_id) {
      merged.BindNull(1);
    } else {
      merged.BindInt(1, a.person_id);
    }
    merged.BindInt(2, own);
    RECKON_TRY(merged.Run());
    for (Id person : {current, a.person_id, own}) {
      RECKON_ASSIGN_OR_RETURN(Statement touch, db_.Prepare(kTouch));
      touch.BindInt(1, person);
      RECKON_TRY(touch.Run());
    }
  }
  // A person that holds its own mention again is no longer merged; the values of every touched
  // person are chosen again from its mentions (docs/data-model.md): the most common known sex
  // and status, and the names, birth and household of its first mention that gives each.
  RECKON_TRY(db_.Execute(
      "UPDATE persons SET merged_into = NULL WHERE id IN (SELECT id FROM touched_persons) AND "
      "EXISTS (SELECT 1 FROM person_mentions m WHERE m.person_id = persons.id)"));
  RECKON_TRY(db_.Execute(R"sql(
UPDATE persons SET
  full_name = coalesce((SELECT m.full_name FROM person_mentions m WHERE m.person_id = persons.id
    AND m.full_name <> '' ORDER BY m.id LIMIT 1), full_name),
  given_name = coalesce((SELECT m.given_name FROM person_mentions m WHERE m.person_id = persons.id
    AND m.given_name <> '' ORDER BY m.id LIMIT 1), given_name),
  patronymic = coalesce((SELECT m.patronymic FROM person_mentions m WHERE m.person_id = persons.id
    AND m.patronymic <> '' ORDER BY m.id LIMIT 1), patronymic),
  family_name = coalesce((SELECT m.family_name FROM person_mentions m WHERE
    m.person_id = persons.id AND m.family_name <> '' ORDER BY m.id LIMIT 1), family_name),
  sex = coalesce((SELECT m.sex FROM person_mentions m WHERE m.person_id = persons.id AND
    m.sex <> 'unknown' GROUP BY m.sex ORDER BY count(*) DESC, min(m.id) LIMIT 1), sex),
  status = coalesce((SELECT m.status FROM person_mentions m WHERE m.person_id = persons.id AND
    m.status <> 'unknown' GROUP BY m.status ORDER BY count(*) DESC, min(m.id) LIMIT 1), status),
  birth_text = coalesce((SELECT m.birth_text FROM person_mentions m WHERE
    m.person_id = persons.id AND m.birth_text <> '' ORDER BY m.id LIMIT 1), birth_text),
  birth_earliest = coalesce((SELECT m.birth_earliest FROM person_mentions m WHERE
    m.person_id = persons.id AND m.birth_text <> '' ORDER BY m.id LIMIT 1), birth_earliest),
  birth_latest = coalesce((SELECT m.birth_latest FROM person_mentions m WHERE
    m.person_id = persons.id AND m.birth_text <> '' ORDER BY m.id LIMIT 1), birth_latest),
  household = coalesce((SELECT m.household FROM person_mentions m WHERE m.person_id = persons.id
    AND m.household <> '' ORDER BY m.id LIMIT 1), household)
WHERE id IN (SELECT id FROM touched_persons)
)sql"));
  return {};
}

Status SqliteWriteTransaction::ReplaceLinkPairs(Id run_id, std::span<const LinkPair> pairs) {
  RECKON_TRY(Guard());
  RECKON_TRY(db_.Execute("DELETE FROM link_pairs"));
  for (const LinkPair& pair : pairs) {
    RECKON_ASSIGN_OR_RETURN(
        Statement s, db_.Prepare("INSERT INTO link_pairs(run_id, kind, mention_a, mention_b, "
                                 "probability, decided) VALUES (?,?,?,?,?,?)"));
    s.BindInt(1, run_id);
    s.BindText(2, pair.kind);
    s.BindInt(3, pair.mention_a);
    s.BindInt(4, pair.mention_b);
    s.BindDouble(5, pair.probability);
    s.BindInt(6, pair.decided ? 1 : 0);
    RECKON_TRY(s.Run());
  }
  return {};
}

Status SqliteWriteTransaction::Commit() {
  RECKON_TRY(Guard());
  RECKON_TRY(db_.Execute("COMMIT"));
  done_ = true;
  store_.EndWrite(changes_);
  return {};
}

// ---------------------------------------------------------------------------------------------
// Opening and reading.

Status SqliteStore::Initialize(OpenMode mode) {
  RECKON_TRY(db_->Execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;"));
  // Reading the schema fails here for files that are not SQLite databases.
  auto has_version = db_->Prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!has_version) {
    if (has_version.error().code == ErrorCode::kDataLoss) {
      return MakeError(ErrorCode::kDataLoss,
                       "the file is not a reckon case (not an SQLite database, or corrupt)");
    }
    return tl::unexpected(has_version.error());
  }
  auto stepped = has_version->Step();
  if (!stepped) {
    return MakeError(ErrorCode::kDataLoss,
                     "the file is not a reckon case (not an SQLite database, or corrupt): " +
                         stepped.error().message);
  }
  bool versioned = has_version->Int(0) > 0;
  (void)has_version->Step();
  if (!versioned) {
    if (mode == OpenMode::kOpenExisting) {
      auto tables = db_->Prepare("SELECT count(*) FROM sqlite_master");
      if (tables && tables->Step() && tables->Int(0) > 0) {
        return MakeError(ErrorCode::kDataLoss,
                         "the file is an SQLite database but not a reckon case");
      }
    }
    RECKON_TRY(db_->Execute("PRAGMA journal_mode = WAL;"));
    RECKON_TRY(db_->Execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
        "applied_at TEXT NOT NULL)"));
  }
  RECKON_TRY(db_->Execute(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -131072; "
      "PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 4294967296;"));
  RECKON_ASSIGN_OR_RETURN(std::int64_t version, SchemaVersion());
  if (version > CurrentSchemaVersion()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the case has schema version " + std::to_string(version) +
                         ", newer than this reckon understands (" +
                         std::to_string(CurrentSchemaVersion()) + "); use a newer reckon");
  }
  for (const Migration& migration : Migrations()) {
    if (migration.version <= version) continue;
    RECKON_TRY(db_->Execute("BEGIN IMMEDIATE"));
    auto applied = db_->Execute(std::string(migration.sql));
    if (applied) {
      auto record = db_->Prepare(
          "INSERT INTO schema_version(version, description, applied_at) VALUES (?,?,?)");
      if (record) {
        record->BindInt(1, migration.version);
        record->BindText(2, migration.description);
        record->BindText(3, clock_.NowIso());
        applied = record->Run();
      } else {
        applied = tl::unexpected(record.error());
      }
    }
    if (!applied) {
      (void)db_->Execute("ROLLBACK");
      return tl::unexpected(WithContext(
          applied.error(), "migrating to schema version " + std::to_string(migration.version)));
    }
    RECKON_TRY(db_->Execute("COMMIT"));
  }
  return {};
}

Result<std::int64_t> SqliteStore::SchemaVersion() {
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_->Prepare("SELECT coalesce(max(version), 0) FROM schema_version"));
  RECKON_TRY(s.Step());
  std::int64_t version = s.Int(0);
  RECKON_TRY(s.Run());
  return version;
}

Result<std::unique_ptr<WriteTransaction>> SqliteStore::BeginWrite(std::string actor,
                                                                  std::string reason) {
  if (in_write_) {
    return MakeError(ErrorCode::kFailedPrecondition, "another write transaction is open");
  }
  RECKON_TRY(db_->Execute("BEGIN IMMEDIATE"));
  in_write_ = true;
  return std::unique_ptr<WriteTransaction>(new SqliteWriteTransaction(
      *this, *db_, std::move(actor), std::move(reason), clock_.NowIso()));
}

// Binds `key` to ?1: an id, or text.
void BindKey(Statement& s, Id key) { s.BindInt(1, key); }
void BindKey(Statement& s, std::string_view key) { s.BindText(1, key); }

// Runs `sql` with `key` bound to ?1 (unless it is std::monostate) and reads the single row with
// `read`; nullopt when there is no row.
template <typename Key, typename Read>
auto FetchOptional(Database& db, const std::string& sql, Key key, Read read)
    -> Result<std::optional<decltype(read(std::declval<const Statement&>()))>> {
  using T = decltype(read(std::declval<const Statement&>()));
  RECKON_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  if constexpr (!std::is_same_v<Key, std::monostate>) BindKey(s, key);
  RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<T>();
  std::optional<T> value(read(s));
  RECKON_TRY(s.Run());
  return value;
}

// As FetchOptional, but no row is kNotFound naming `what` and the id.
template <typename Read>
auto FetchOne(Database& db, const std::string& sql, Id id, std::string_view what, Read read)
    -> Result<decltype(read(std::declval<const Statement&>()))> {
  RECKON_ASSIGN_OR_RETURN(auto value, FetchOptional(db, sql, id, read));
  if (!value) return tl::unexpected(NotFound(what, id));
  return std::move(*value);
}

// Runs `sql` (with `key` bound to ?1 unless it is std::monostate) and reads every row.
template <typename Key, typename Read>
auto FetchAll(Database& db, const std::string& sql, Key key, Read read)
    -> Result<std::vector<decltype(read(std::declval<const Statement&>()))>> {
  std::vector<decltype(read(std::declval<const Statement&>()))> values;
  RECKON_ASSIGN_OR_RETURN(Statement s, db.Prepare(sql));
  if constexpr (!std::is_same_v<Key, std::monostate>) BindKey(s, key);
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return values;
    values.push_back(read(s));
  }
}

Id ReadId(const Statement& s) { return s.Int(0); }

std::string Select(const char* columns, const char* rest) {
  return std::string("SELECT ") + columns + " " + rest;
}

Result<model::Source> SqliteStore::GetSource(Id id) {
  return FetchOne(*db_, Select(kSourceColumns, "FROM sources WHERE id = ?"), id, "source",
                  ReadSource);
}

Result<std::optional<model::Source>> SqliteStore::FindSource(std::string_view name) {
  return FetchOptional(*db_, Select(kSourceColumns, "FROM sources WHERE name = ?"), name,
                       ReadSource);
}

Result<std::vector<model::Source>> SqliteStore::ListSources() {
  return FetchAll(*db_, Select(kSourceColumns, "FROM sources ORDER BY id"), std::monostate(),
                  ReadSource);
}

constexpr const char* kImportColumns =
    "id, source_id, file_name, file_sha256, format, mapping, rows, rejected, imported_at, actor";

model::Import ReadImport(const Statement& s) {
  model::Import i;
  i.id = s.Int(0);
  i.source_id = s.Int(1);
  i.file_name = s.Text(2);
  i.file_sha256 = s.Text(3);
  i.format = s.Text(4);
  i.mapping = s.Text(5);
  i.rows = s.Int(6);
  i.rejected = s.Int(7);
  i.imported_at = s.Text(8);
  i.actor = s.Text(9);
  return i;
}

Result<std::optional<model::Import>> SqliteStore::FindImport(Id source_id,
                                                             std::string_view file_sha256) {
  RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare(Select(kImportColumns,
                                                           "FROM imports WHERE source_id = ? "
                                                           "AND file_sha256 = ?")));
  s.BindInt(1, source_id);
  s.BindText(2, file_sha256);
  RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<model::Import>();
  std::optional<model::Import> import(ReadImport(s));
  RECKON_TRY(s.Run());
  return import;
}

Result<model::Import> SqliteStore::GetImport(Id id) {
  return FetchOne(*db_, Select(kImportColumns, "FROM imports WHERE id = ?"), id, "import",
                  ReadImport);
}

Result<model::RawRecord> SqliteStore::GetRawRecord(Id id) {
  return FetchOne(*db_,
                  "SELECT id, import_id, source_id, line, row, content FROM raw_records WHERE "
                  "id = ?",
                  id, "raw record", [](const Statement& s) {
                    return model::RawRecord{s.Int(0), s.Int(1), s.Int(2),
                                            s.Int(3), s.Int(4), s.Text(5)};
                  });
}

Result<model::Place> SqliteStore::GetPlace(Id id) {
  RECKON_ASSIGN_OR_RETURN(
      model::Place place,
      FetchOne(*db_,
               "SELECT id, name, kind, parent_id, latitude, longitude FROM places WHERE id = ?", id,
               "place", [](const Statement& s) {
                 model::Place p;
                 p.id = s.Int(0);
                 p.name = s.Text(1);
                 p.kind = s.Text(2);
                 p.parent_id = s.Int(3);
                 p.latitude = s.OptionalDouble(4);
                 p.longitude = s.OptionalDouble(5);
                 return p;
               }));
  RECKON_ASSIGN_OR_RETURN(
      place.other_names,
      FetchAll(*db_, "SELECT name, language FROM place_names WHERE place_id = ? ORDER BY rowid", id,
               [](const Statement& s) {
                 return model::PlaceName{s.Text(0), s.Text(1)};
               }));
  return place;
}

// Finds a record by the folded form of its name with `sql` (which selects its id) and reads it
// with `get`.
template <typename Get>
auto FindByFoldedName(Database& db, const std::string& sql, std::string_view name, Get get)
    -> Result<std::optional<typename decltype(get(Id()))::value_type>> {
  using T = typename decltype(get(Id()))::value_type;
  const std::string folded = FoldForMatch(name);
  RECKON_ASSIGN_OR_RETURN(auto id, FetchOptional(db, sql, std::string_view(folded), ReadId));
  if (!id) return std::optional<T>();
  RECKON_ASSIGN_OR_RETURN(T record, get(*id));
  return std::optional<T>(std::move(record));
}

Result<std::optional<model::Place>> SqliteStore::FindPlace(std::string_view name) {
  return FindByFoldedName(*db_,
                          "SELECT id FROM places WHERE folded_name = ?1 UNION ALL SELECT "
                          "place_id FROM place_names WHERE folded_name = ?1 LIMIT 1",
                          name, [&](Id id) { return GetPlace(id); });
}

Result<model::Event> SqliteStore::GetEvent(Id id) {
  return FetchOne(*db_,
                  "SELECT id, name, description, date_text, place_id, parent_id FROM events WHERE "
                  "id = ?",
                  id, "event", [](const Statement& s) {
                    model::Event e;
                    e.id = s.Int(0);
                    e.name = s.Text(1);
                    e.description = s.Text(2);
                    e.date = ReadDate(s, 3);
                    e.place_id = s.Int(4);
                    e.parent_id = s.Int(5);
                    return e;
                  });
}

Result<std::optional<model::Event>> SqliteStore::FindEvent(std::string_view name) {
  return FindByFoldedName(*db_, "SELECT id FROM events WHERE folded_name = ? ORDER BY id LIMIT 1",
                          name, [&](Id id) { return GetEvent(id); });
}

Result<model::PersonMention> SqliteStore::GetPersonMention(Id id) {
  return FetchOne(*db_, Select(kMentionColumns, "FROM person_mentions WHERE id = ?"), id,
                  "person mention", ReadMention);
}

Result<model::Person> SqliteStore::GetPerson(Id id) {
  return FetchOne(*db_,
                  "SELECT id, full_name, given_name, patronymic, family_name, sex, birth_text, "
                  "age_youngest, age_oldest, age_approximate, household, residence_place_id, "
                  "status, protection FROM persons WHERE id = ?",
                  id, "person", [](const Statement& s) {
                    model::Person p;
                    p.id = s.Int(0);
                    p.name = {s.Text(1), s.Text(2), s.Text(3), s.Text(4)};
                    p.sex = s.Text(5);
                    p.birth = ReadDate(s, 6);
                    p.age = ReadAge(s, 7);
                    p.household = s.Text(10);
                    p.residence_place_id = s.Int(11);
                    p.status = s.Text(12);
                    p.protection = s.Text(13);
                    return p;
                  });
}

Result<std::vector<model::PersonMention>> SqliteStore::ListMentionsOfPerson(Id id) {
  return FetchAll(*db_,
                  Select(kMentionColumns, "FROM person_mentions WHERE person_id = ? ORDER BY id"),
                  id, ReadMention);
}

Result<std::vector<model::Perpetrator>> SqliteStore::ListPerpetrators(Id act_id) {
  return FetchAll(*db_,
                  "SELECT person_id, organization_id, name_as_given, involvement FROM "
                  "act_perpetrators WHERE act_id = ? ORDER BY rowid",
                  act_id, [](const Statement& s) {
                    return model::Perpetrator{s.Int(0), s.Int(1), s.Text(2), s.Text(3)};
                  });
}

Result<model::Act> SqliteStore::GetAct(Id id) {
  RECKON_ASSIGN_OR_RETURN(
      model::Act act,
      FetchOne(*db_, Select(kActColumns, "FROM acts WHERE id = ?"), id, "act", ReadAct));
  RECKON_ASSIGN_OR_RETURN(act.perpetrators, ListPerpetrators(id));
  return act;
}

Result<std::vector<model::Act>> SqliteStore::ListActsOfMention(Id mention_id) {
  RECKON_ASSIGN_OR_RETURN(
      auto acts,
      FetchAll(*db_, Select(kActColumns, "FROM acts WHERE victim_mention_id = ? ORDER BY id"),
               mention_id, ReadAct));
  for (model::Act& act : acts) {
    RECKON_ASSIGN_OR_RETURN(act.perpetrators, ListPerpetrators(act.id));
  }
  return acts;
}

Result<model::Organization> SqliteStore::GetOrganization(Id id) {
  return FetchOne(*db_, "SELECT id, name, kind, parent_id FROM organizations WHERE id = ?", id,
                  "organization", [](const Statement& s) {
                    return model::Organization{s.Int(0), s.Text(1), s.Text(2), s.Int(3)};
                  });
}

Result<std::optional<model::Organization>> SqliteStore::FindOrganization(std::string_view name) {
  return FindByFoldedName(*db_,
                          "SELECT id FROM organizations WHERE folded_name = ? ORDER BY id LIMIT 1",
                          name, [&](Id id) { return GetOrganization(id); });
}

Result<model::Claim> SqliteStore::GetClaim(Id id) {
  return FetchOne(*db_, Select(kClaimColumns, "FROM claims WHERE id = ?"), id, "claim", ReadClaim);
}

Result<std::vector<model::Claim>> SqliteStore::ListClaims() {
  return FetchAll(*db_, Select(kClaimColumns, "FROM claims ORDER BY id"), std::monostate(),
                  ReadClaim);
}

Result<model::Loss> SqliteStore::GetLoss(Id id) {
  return FetchOne(*db_, Select(kLossColumns, "FROM losses WHERE id = ?"), id, "loss", ReadLoss);
}

Result<std::vector<model::Loss>> SqliteStore::ListLosses() {
  return FetchAll(*db_, Select(kLossColumns, "FROM losses ORDER BY id"), std::monostate(),
                  ReadLoss);
}

constexpr const char* kEvidenceColumns =
    "id, sha256, size, original_name, media_type, derived_from, derivation, collected_by, "
    "collected_at, place_id, method, source_url, note, capture_metadata";

model::EvidenceItem ReadEvidence(const Statement& s) {
  model::EvidenceItem e;
  e.id = s.Int(0);
  e.sha256 = s.Text(1);
  e.size = s.Int(2);
  e.original_name = s.Text(3);
  e.media_type = s.Text(4);
  e.derived_from = s.Int(5);
  e.derivation = s.Text(6);
  e.collected_by = s.Text(7);
  e.collected_at = s.Text(8);
  e.place_id = s.Int(9);
  e.method = s.Text(10);
  e.source_url = s.Text(11);
  e.note = s.Text(12);
  e.capture_metadata = s.Text(13);
  return e;
}

model::CustodyEvent ReadCustody(const Statement& s) {
  return model::CustodyEvent{s.Int(0),  s.Int(1),  s.Text(2), s.Text(3), s.Text(4),
                             s.Text(5), s.Text(6), s.Text(7), s.Text(8)};
}

constexpr const char* kCustodyColumns =
    "id, item_id, action, actor, at, place, purpose, authority, note";

Result<model::EvidenceItem> SqliteStore::GetEvidenceItem(Id id) {
  return FetchOne(*db_, Select(kEvidenceColumns, "FROM evidence_items WHERE id = ?"), id,
                  "evidence item", ReadEvidence);
}

Result<std::optional<model::EvidenceItem>> SqliteStore::FindEvidenceBySha256(
    std::string_view sha256) {
  return FetchOptional(*db_,
                       Select(kEvidenceColumns,
                              "FROM evidence_items WHERE sha256 = ? AND "
                              "derived_from IS NULL ORDER BY id LIMIT 1"),
                       sha256, ReadEvidence);
}

Result<std::vector<model::EvidenceItem>> SqliteStore::ListEvidenceItems() {
  return FetchAll(*db_, Select(kEvidenceColumns, "FROM evidence_items ORDER BY id"),
                  std::monostate(), ReadEvidence);
}

Result<std::vector<model::EvidenceLink>> SqliteStore::ListEvidenceLinks(Id item_id) {
  return FetchAll(
      *db_, "SELECT item_id, kind, record_id FROM evidence_links WHERE item_id = ? ORDER BY id",
      item_id, [](const Statement& s) {
        return model::EvidenceLink{s.Int(0), s.Text(1), s.Int(2)};
      });
}

Result<std::vector<model::CustodyEvent>> SqliteStore::ListCustody(Id item_id) {
  return FetchAll(*db_,
                  Select(kCustodyColumns, "FROM custody_events WHERE item_id = ? ORDER BY id"),
                  item_id, ReadCustody);
}

Result<model::InvestigativeAction> SqliteStore::GetAction(Id id) {
  RECKON_ASSIGN_OR_RETURN(
      model::InvestigativeAction action,
      FetchOne(*db_,
               "SELECT id, kind, date_text, place_id, description, source_id FROM "
               "investigative_actions WHERE id = ?",
               id, "investigative action", [](const Statement& s) {
                 model::InvestigativeAction a;
                 a.id = s.Int(0);
                 a.kind = s.Text(1);
                 a.date = ReadDate(s, 2);
                 a.place_id = s.Int(3);
                 a.description = s.Text(4);
                 a.source_id = s.Int(5);
                 return a;
               }));
  RECKON_ASSIGN_OR_RETURN(
      action.person_ids,
      FetchAll(*db_, "SELECT person_id FROM action_persons WHERE action_id = ? ORDER BY rowid", id,
               ReadId));
  RECKON_ASSIGN_OR_RETURN(
      action.documents,
      FetchAll(*db_, "SELECT reference FROM action_documents WHERE action_id = ? ORDER BY rowid",
               id, [](const Statement& s) { return s.Text(0); }));
  return action;
}

Result<std::vector<model::InvestigativeAction>> SqliteStore::ListActions() {
  RECKON_ASSIGN_OR_RETURN(
      auto ids,
      FetchAll(*db_, "SELECT id FROM investigative_actions ORDER BY id", std::monostate(), ReadId));
  std::vector<model::InvestigativeAction> actions;
  for (Id id : ids) {
    RECKON_ASSIGN_OR_RETURN(auto action, GetAction(id));
    actions.push_back(std::move(action));
  }
  return actions;
}

const char* TableOf(RecordKind kind) {
  switch (kind) {
    case RecordKind::kSource:
      return "sources";
    case RecordKind::kImport:
      return "imports";
    case RecordKind::kRawRecord:
      return "raw_records";
    case RecordKind::kPlace:
      return "places";
    case RecordKind::kEvent:
      return "events";
    case RecordKind::kPersonMention:
      return "person_mentions";
    case RecordKind::kPerson:
      return "persons";
    case RecordKind::kOrganization:
      return "organizations";
    case RecordKind::kOrganizationRelation:
      return "organization_relations";
    case RecordKind::kMembership:
      return "memberships";
    case RecordKind::kAct:
      return "acts";
    case RecordKind::kInvestigativeAction:
      return "investigative_actions";
    case RecordKind::kClaim:
      return "claims";
    case RecordKind::kLoss:
      return "losses";
    case RecordKind::kEvidenceItem:
      return "evidence_items";
    case RecordKind::kEvidenceLink:
      return "evidence_links";
    case RecordKind::kCustodyEvent:
      return "custody_events";
    case RecordKind::kLinkDecision:
      return "link_decisions";
    case RecordKind::kLinkRun:
      return "link_runs";
    case RecordKind::kEstimateRun:
      return "estimate_runs";
  }
  return "sources";
}

Result<std::int64_t> SqliteStore::CountRecords(RecordKind kind) {
  // Persons absorbed by a merge are not persons of the case any more.
  const char* where = kind == RecordKind::kPerson ? " WHERE merged_into IS NULL" : "";
  RECKON_ASSIGN_OR_RETURN(
      Statement s, db_->Prepare(std::string("SELECT count(*) FROM ") + TableOf(kind) + where));
  RECKON_TRY(s.Step());
  std::int64_t count = s.Int(0);
  RECKON_TRY(s.Run());
  return count;
}

Result<Table> SqliteStore::ListRecords(RecordKind kind, const ListOptions& options) {
  const Listing* listing = nullptr;
  for (const Listing& candidate : kListings) {
    if (candidate.kind == kind) listing = &candidate;
  }
  if (listing == nullptr) {
    return MakeError(ErrorCode::kInternal, "no listing for " + std::string(RecordKindName(kind)));
  }
  std::string sql = listing->sql;
  if (!options.ids.empty()) {
    sql += std::string(" WHERE ") + listing->table_alias + ".id IN (";
    for (size_t i = 0; i < options.ids.size(); ++i) {
      sql += (i == 0 ? "" : ",") + std::to_string(options.ids[i]);
    }
    sql += ")";
  }
  sql += std::string(" ORDER BY ") + listing->table_alias + ".id";
  if (options.limit > 0) {
    sql += " LIMIT " + std::to_string(options.limit) + " OFFSET " +
           std::to_string(std::max<std::int64_t>(0, options.offset));
  }
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db_->connection(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return tl::unexpected(
        sqlite::SqliteError(sqlite3_errcode(db_->connection()), sqlite3_errmsg(db_->connection())));
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owner(raw, sqlite3_finalize);
  Statement s(raw);
  Table table;
  for (int c = 0; c < s.ColumnCount(); ++c) table.columns.push_back(s.ColumnName(c));
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    std::vector<std::optional<std::string>> values;
    for (int c = 0; c < s.ColumnCount(); ++c) {
      if (s.IsNull(c)) {
        values.emplace_back(std::nullopt);
      } else {
        values.emplace_back(s.Text(c));
      }
    }
    table.rows.push_back(std::move(values));
  }
  return table;
}

Result<std::pair<IdRange, std::int64_t>> SqliteStore::ActIds() {
  // Three statements: SQLite finds a lone min() or max() at the end of the rowid tree and
  // counts from the smallest index, but min, max and count in one statement scan the table
  // (70 ms for 1,000,000 acts, against under 5 ms).
  std::pair<IdRange, std::int64_t> ids{{1, 0}, 0};
  for (auto [sql, value] : {std::pair{"SELECT coalesce(min(id), 1) FROM acts", &ids.first.first},
                            std::pair{"SELECT coalesce(max(id), 0) FROM acts", &ids.first.last},
                            std::pair{"SELECT count(*) FROM acts", &ids.second}}) {
    RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare(sql));
    RECKON_TRY(s.Step());
    *value = s.Int(0);
    RECKON_TRY(s.Run());
  }
  return ids;
}

Status SqliteStore::CheckIntegrity() {
  std::vector<std::string> problems;
  auto collect = [&](const std::string& sql, bool ok_row) -> Status {
    RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare(sql));
    while (true) {
      RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return {};
      std::string text = s.ColumnCount() == 1 ? s.Text(0)
                                              : s.Text(0) + " row " + s.Text(1) +
                                                    " refers to a missing " + s.Text(2);
      if (!(ok_row && text == "ok") && problems.size() < 20) problems.push_back(text);
    }
  };
  auto checked = collect("PRAGMA integrity_check(20)", true);
  if (!checked) return tl::unexpected(WithContext(checked.error(), "checking the case file"));
  RECKON_TRY(collect("PRAGMA foreign_key_check", false));
  if (problems.empty()) return {};
  return MakeError(ErrorCode::kDataLoss, path_ + " is damaged: " + Join(problems, "; "));
}

Result<std::unique_ptr<Store>> SqliteStore::OpenReader() {
  return OpenSqliteStore(path_, OpenMode::kOpenExisting, clock_, options_);
}

Status SqliteStore::ScanActs(const ActScan& scan,
                             const std::function<Status(const ActFact&)>& visit) {
  // Only the columns and joins the parts need; open bounds come back as the sentinels, so each
  // column is read with one call.
  const unsigned parts = scan.parts;
  auto has = [&](unsigned part) { return (parts & part) != 0; };
  std::string sql = "SELECT a.id, a.type, a.group_size, a.victim_mention_id, m.person_id";
  if (has(kActStatus)) sql += ", a.status";
  if (has(kActSource)) sql += ", a.source_id";
  if (has(kActEvent)) sql += ", a.event_id";
  if (has(kActPlace)) sql += ", a.place_id";
  if (has(kActDates)) {
    sql += ", coalesce(a.date_earliest, " + std::to_string(kNoEarliest) +
           "), coalesce(a.date_latest, " + std::to_string(kNoLatest) + ")";
  }
  if (has(kVictimSex)) sql += ", p.sex";
  if (has(kVictimAge)) {
    sql += ", coalesce(m.age_youngest, 0), coalesce(m.age_oldest, " +
           std::to_string(AgeRange::kMaxAge) + "), coalesce(m.birth_earliest, " +
           std::to_string(kNoEarliest) + "), coalesce(m.birth_latest, " +
           std::to_string(kNoLatest) + ")";
  }
  sql += " FROM acts a LEFT JOIN person_mentions m ON m.id = a.victim_mention_id";
  if (has(kVictimSex)) sql += " LEFT JOIN persons p ON p.id = m.person_id";
  sql += " WHERE a.id BETWEEN ? AND ? ORDER BY a.id";
  RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare(sql));
  s.BindInt(1, scan.range.first);
  s.BindInt(2, scan.range.last);
  ActFact fact;
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    fact.act_id = s.Int(0);
    fact.type = s.View(1);
    fact.group_size = s.Int(2);
    fact.victim_mention_id = s.Int(3);
    fact.victim_person_id = s.Int(4);
    int column = 5;
    if (has(kActStatus)) fact.status = s.View(column++);
    if (has(kActSource)) fact.source_id = s.Int(column++);
    if (has(kActEvent)) fact.event_id = s.Int(column++);
    if (has(kActPlace)) fact.place_id = s.Int(column++);
    if (has(kActDates)) {
      fact.date_earliest = static_cast<DayNumber>(s.Int(column++));
      fact.date_latest = static_cast<DayNumber>(s.Int(column++));
    }
    if (has(kVictimSex)) fact.victim_sex = s.View(column++);
    if (has(kVictimAge)) {
      fact.victim_age.youngest = static_cast<int>(s.Int(column++));
      fact.victim_age.oldest = static_cast<int>(s.Int(column++));
      fact.victim_birth_earliest = static_cast<DayNumber>(s.Int(column++));
      fact.victim_birth_latest = static_cast<DayNumber>(s.Int(column++));
    }
    RECKON_TRY(visit(fact));
  }
  return {};
}

Result<Id> SqliteStore::MaxPersonId() {
  RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare("SELECT coalesce(max(id), 0) FROM persons"));
  RECKON_TRY(s.Step());
  Id id = s.Int(0);
  RECKON_TRY(s.Run());
  return id;
}

Status SqliteStore::ScanPersonSexes(const IdRange& range,
                                    const std::function<Status(Id, std::string_view)>& visit) {
  RECKON_ASSIGN_OR_RETURN(
      Statement s,
      db_->Prepare("SELECT id, sex FROM persons WHERE id BETWEEN ? AND ? ORDER BY id"));
  s.BindInt(1, range.first);
  s.BindInt(2, range.last);
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return {};
    RECKON_TRY(visit(s.Int(0), s.View(1)));
  }
}

Status SqliteStore::ScanPersons(const std::function<Status(const PersonFact&)>& visit) {
  RECKON_ASSIGN_OR_RETURN(
      Statement s, db_->Prepare("SELECT p.id, p.sex, p.status, p.household, m.source_id, m.id, "
                                "m.role FROM persons p JOIN person_mentions m ON m.person_id = "
                                "p.id ORDER BY p.id, m.id"));
  PersonFact fact;
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    fact.person_id = s.Int(0);
    fact.sex = s.View(1);
    fact.status = s.View(2);
    fact.household = s.View(3);
    fact.source_id = s.Int(4);
    fact.mention_id = s.Int(5);
    fact.role = s.View(6);
    RECKON_TRY(visit(fact));
  }
  return {};
}

Status SqliteStore::ScanLinkMentions(const std::function<Status(const LinkMention&)>& visit) {
  RECKON_ASSIGN_OR_RETURN(
      Statement s,
      db_->Prepare(
          "SELECT m.id, m.source_id, s.name, coalesce(r.row, 0), m.person_id, "
          "coalesce(m.own_person_id, m.person_id), m.full_name, m.given_name, m.patronymic, "
          "m.family_name, m.sex, m.birth_earliest, m.birth_latest, m.age_youngest, m.age_oldest, "
          "a.date_earliest, a.date_latest, coalesce(ap.name, rp.name, '') "
          "FROM person_mentions m JOIN sources s ON s.id = m.source_id "
          "LEFT JOIN raw_records r ON r.id = m.raw_record_id "
          "LEFT JOIN acts a ON a.id = (SELECT min(x.id) FROM acts x WHERE x.victim_mention_id = "
          "m.id) LEFT JOIN places ap ON ap.id = a.place_id "
          "LEFT JOIN places rp ON rp.id = m.residence_place_id ORDER BY m.id"));
  LinkMention mention;
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    mention.mention_id = s.Int(0);
    mention.source_id = s.Int(1);
    mention.source_name = s.Text(2);
    mention.row = s.Int(3);
    mention.person_id = s.Int(4);
    mention.own_person_id = s.Int(5);
    mention.name = {s.Text(6), s.Text(7), s.Text(8), s.Text(9)};
    mention.sex = s.Text(10);
    mention.birth_earliest = s.IsNull(11) ? kNoEarliest : static_cast<DayNumber>(s.Int(11));
    mention.birth_latest = s.IsNull(12) ? kNoLatest : static_cast<DayNumber>(s.Int(12));
    mention.age = AgeRange{};
    if (!s.IsNull(13) && !s.IsNull(14)) {
      mention.age.youngest = static_cast<int>(s.Int(13));
      mention.age.oldest = static_cast<int>(s.Int(14));
    }
    mention.act_earliest = s.IsNull(15) ? kNoEarliest : static_cast<DayNumber>(s.Int(15));
    mention.act_latest = s.IsNull(16) ? kNoLatest : static_cast<DayNumber>(s.Int(16));
    mention.place = s.Text(17);
    RECKON_TRY(visit(mention));
  }
  return {};
}

Result<std::vector<model::LinkDecision>> SqliteStore::ListLinkDecisions() {
  return FetchAll(*db_, Select(kLinkDecisionColumns, "FROM link_decisions ORDER BY id"),
                  std::monostate(), ReadLinkDecision);
}

Result<std::optional<model::LinkRun>> SqliteStore::LatestLinkRun() {
  return FetchOptional(*db_, Select(kLinkRunColumns, "FROM link_runs ORDER BY id DESC LIMIT 1"),
                       std::monostate(), ReadLinkRun);
}

Result<model::EstimateRun> SqliteStore::GetEstimateRun(Id id) {
  return FetchOne(*db_, Select(kEstimateRunColumns, "FROM estimate_runs WHERE id = ?"), id,
                  "estimate run", ReadEstimateRun);
}

Result<std::vector<LinkPair>> SqliteStore::ListLinkPairs(std::string_view kind, std::int64_t limit,
                                                         Id mention) {
  RECKON_ASSIGN_OR_RETURN(
      Statement s,
      db_->Prepare("SELECT kind, mention_a, mention_b, probability, decided FROM link_pairs "
                   "WHERE kind = ?1 AND (?2 = 0 OR mention_a = ?2 OR mention_b = ?2) "
                   "ORDER BY probability DESC, mention_a, mention_b LIMIT ?3"));
  s.BindText(1, kind);
  s.BindInt(2, mention);
  s.BindInt(3, limit > 0 ? limit : -1);
  std::vector<LinkPair> pairs;
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return pairs;
    pairs.push_back({s.Text(0), s.Int(1), s.Int(2), s.Double(3), s.Int(4) != 0});
  }
}

Result<std::string> SqliteStore::StoredAssignmentSha256(Id max_mention_id) {
  RECKON_ASSIGN_OR_RETURN(
      auto assignments,
      FetchAll(*db_, "SELECT id, person_id FROM person_mentions WHERE id <= ? ORDER BY id",
               max_mention_id, [](const Statement& s) {
                 return PersonAssignment{s.Int(0), s.Int(1)};
               }));
  return AssignmentSha256(assignments);
}

Result<std::string> SqliteStore::SearchText(RecordKind kind, Id id) {
  switch (kind) {
    case RecordKind::kPersonMention: {
      RECKON_ASSIGN_OR_RETURN(model::PersonMention m, GetPersonMention(id));
      return m.name.full + " " + m.name.given + " " + m.name.patronymic + " " + m.name.family;
    }
    case RecordKind::kEvent: {
      RECKON_ASSIGN_OR_RETURN(model::Event e, GetEvent(id));
      return e.name + " " + e.description;
    }
    case RecordKind::kPlace: {
      RECKON_ASSIGN_OR_RETURN(model::Place p, GetPlace(id));
      std::string text = p.name;
      for (const auto& other : p.other_names) text += " " + other.name;
      return text;
    }
    case RecordKind::kAct: {
      RECKON_ASSIGN_OR_RETURN(model::Act a, GetAct(id));
      return a.description + " " + a.group_description;
    }
    case RecordKind::kInvestigativeAction: {
      RECKON_ASSIGN_OR_RETURN(model::InvestigativeAction a, GetAction(id));
      return a.description + " " + Join(a.documents, " ");
    }
    case RecordKind::kClaim: {
      RECKON_ASSIGN_OR_RETURN(model::Claim c, GetClaim(id));
      return c.citation;
    }
    case RecordKind::kLoss: {
      RECKON_ASSIGN_OR_RETURN(model::Loss l, GetLoss(id));
      return l.description;
    }
    case RecordKind::kSource: {
      RECKON_ASSIGN_OR_RETURN(model::Source s, GetSource(id));
      return s.name + " " + s.description;
    }
    case RecordKind::kOrganization: {
      RECKON_ASSIGN_OR_RETURN(model::Organization o, GetOrganization(id));
      return o.name;
    }
    default:
      return std::string();
  }
}

Status SqliteStore::RefreshSearchIndex() {
  RECKON_ASSIGN_OR_RETURN(Statement watermark, db_->Prepare("SELECT CAST(value AS INTEGER) FROM "
                                                            "meta WHERE key = "
                                                            "'search_index_sequence'"));
  RECKON_TRY(watermark.Step());
  std::int64_t after = watermark.Int(0);
  RECKON_TRY(watermark.Run());
  RECKON_ASSIGN_OR_RETURN(Statement pending, db_->Prepare("SELECT sequence, kind, record_id FROM "
                                                          "changes WHERE sequence > ? ORDER BY "
                                                          "sequence"));
  pending.BindInt(1, after);
  std::vector<std::pair<RecordKind, Id>> records;
  std::int64_t last = after;
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, pending.Step());
    if (!row) break;
    last = pending.Int(0);
    auto kind = RecordKindFromName(pending.View(1));
    if (kind) records.emplace_back(*kind, pending.Int(2));
  }
  if (last == after) return {};
  RECKON_TRY(db_->Execute("BEGIN IMMEDIATE"));
  auto status = [&]() -> Status {
    for (auto [kind, id] : records) {
      std::vector<std::pair<RecordKind, Id>> targets;
      if (kind == RecordKind::kRawRecord) {
        // An imported row: index what it yields.
        for (auto [derived_kind, table] :
             {std::pair{RecordKind::kPersonMention, "person_mentions"},
              std::pair{RecordKind::kAct, "acts"}, std::pair{RecordKind::kClaim, "claims"},
              std::pair{RecordKind::kLoss, "losses"}}) {
          RECKON_ASSIGN_OR_RETURN(Statement d, db_->Prepare(std::string("SELECT id FROM ") + table +
                                                            " WHERE raw_record_id = ?"));
          d.BindInt(1, id);
          while (true) {
            RECKON_ASSIGN_OR_RETURN(bool row, d.Step());
            if (!row) break;
            targets.emplace_back(derived_kind, d.Int(0));
          }
        }
      } else {
        targets.emplace_back(kind, id);
      }
      for (auto [target_kind, target_id] : targets) {
        RECKON_ASSIGN_OR_RETURN(std::string text, SearchText(target_kind, target_id));
        text = FoldForMatch(text);
        if (text.empty()) continue;
        RECKON_ASSIGN_OR_RETURN(Statement del, db_->Prepare("DELETE FROM search_index WHERE kind "
                                                            "= ? AND record_id = ?"));
        del.BindText(1, RecordKindName(target_kind));
        del.BindInt(2, target_id);
        RECKON_TRY(del.Run());
        RECKON_ASSIGN_OR_RETURN(Statement ins, db_->Prepare("INSERT INTO search_index(kind, "
                                                            "record_id, text) VALUES (?,?,?)"));
        ins.BindText(1, RecordKindName(target_kind));
        ins.BindInt(2, target_id);
        ins.BindText(3, text);
        RECKON_TRY(ins.Run());
      }
    }
    RECKON_ASSIGN_OR_RETURN(Statement set, db_->Prepare("UPDATE meta SET value = ? WHERE key = "
                                                        "'search_index_sequence'"));
    set.BindText(1, std::to_string(last));
    return set.Run();
  }();
  if (!status) {
    (void)db_->Execute("ROLLBACK");
    return status;
  }
  return db_->Execute("COMMIT");
}

Result<std::vector<SearchHit>> SqliteStore::Search(std::string_view query, std::int64_t limit) {
  if (in_write_) {
    return MakeError(ErrorCode::kFailedPrecondition, "cannot search inside a write transaction");
  }
  RECKON_TRY(RefreshSearchIndex());
  // Every word of the query must match the start of a word; quoting keeps FTS syntax inert.
  std::string expression;
  const std::string folded = FoldForMatch(query);
  for (std::string_view word : Split(folded, ' ')) {
    if (word.empty()) continue;
    std::string quoted;
    for (char c : word) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    expression += (expression.empty() ? "" : " ") + std::string("\"") + quoted + "\"*";
  }
  if (expression.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "the search query is empty");
  }
  RECKON_ASSIGN_OR_RETURN(
      Statement s,
      db_->Prepare("SELECT kind, record_id, snippet(search_index, 2, '[', ']', '...', 12) FROM "
                   "search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?"));
  s.BindText(1, expression);
  s.BindInt(2, limit);
  std::vector<SearchHit> hits;
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    auto kind = RecordKindFromName(s.View(0));
    if (!kind) continue;
    hits.push_back({*kind, s.Int(1), s.Text(2)});
  }
  return hits;
}

Result<std::vector<Change>> SqliteStore::ListChanges(std::int64_t after_sequence,
                                                     std::int64_t limit) {
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_->Prepare("SELECT sequence, at, actor, operation, kind, record_id, "
                                       "old_hash, new_hash, reason FROM changes WHERE sequence > "
                                       "? ORDER BY sequence LIMIT ?"));
  s.BindInt(1, after_sequence);
  s.BindInt(2, limit);
  std::vector<Change> changes;
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    Change change;
    change.sequence = s.Int(0);
    change.at = s.Text(1);
    change.actor = s.Text(2);
    change.operation = s.Text(3);
    auto kind = RecordKindFromName(s.View(4));
    if (!kind) {
      return MakeError(ErrorCode::kDataLoss, "change " + std::to_string(change.sequence) +
                                                 " names an unknown record kind '" + s.Text(4) +
                                                 "'");
    }
    change.kind = *kind;
    change.record_id = s.Int(5);
    change.old_hash = s.Text(6);
    change.new_hash = s.Text(7);
    change.reason = s.Text(8);
    changes.push_back(std::move(change));
  }
  return changes;
}

Status SqliteStore::ScanRecordHashes(
    const std::function<Status(RecordKind, Id, const std::string&)>& visit) {
  // Records written on their own: few, read one by one.
  const std::pair<RecordKind, const char*> kSingles[] = {
      {RecordKind::kSource, "SELECT id FROM sources"},
      {RecordKind::kImport, "SELECT id FROM imports"},
      {RecordKind::kPlace, "SELECT id FROM places"},
      {RecordKind::kEvent, "SELECT id FROM events"},
      {RecordKind::kOrganization, "SELECT id FROM organizations"},
      {RecordKind::kOrganizationRelation, "SELECT id FROM organization_relations"},
      {RecordKind::kMembership, "SELECT id FROM memberships"},
      {RecordKind::kInvestigativeAction, "SELECT id FROM investigative_actions"},
      {RecordKind::kPersonMention, "SELECT id FROM person_mentions WHERE raw_record_id IS NULL"},
      {RecordKind::kAct, "SELECT id FROM acts WHERE raw_record_id IS NULL"},
      {RecordKind::kClaim, "SELECT id FROM claims WHERE raw_record_id IS NULL"},
      {RecordKind::kLoss, "SELECT id FROM losses WHERE raw_record_id IS NULL"},
      {RecordKind::kEvidenceItem, "SELECT id FROM evidence_items"},
      {RecordKind::kEvidenceLink, "SELECT id FROM evidence_links"},
      {RecordKind::kCustodyEvent, "SELECT id FROM custody_events"},
      {RecordKind::kLinkDecision, "SELECT id FROM link_decisions"},
      {RecordKind::kLinkRun, "SELECT id FROM link_runs"},
      {RecordKind::kEstimateRun, "SELECT id FROM estimate_runs"},
  };
  for (const auto& [kind, sql] : kSingles) {
    RECKON_ASSIGN_OR_RETURN(auto ids, FetchAll(*db_, sql, std::monostate(), ReadId));
    for (Id id : ids) {
      RECKON_ASSIGN_OR_RETURN(std::string hash, RecordHash(kind, id));
      RECKON_TRY(visit(kind, id, hash));
    }
  }

  // Imported rows: the raw records and what each yields, merged from one ordered pass over each
  // table (the first record of each table per row, as GetImportedRow reads it).
  RECKON_ASSIGN_OR_RETURN(
      auto acts_with_perpetrators,
      FetchAll(*db_, "SELECT DISTINCT act_id FROM act_perpetrators", std::monostate(), ReadId));
  std::sort(acts_with_perpetrators.begin(), acts_with_perpetrators.end());
  struct Cursor {
    Statement statement;
    bool valid = false;
    Id raw = 0;  // raw_record_id of the current row.
  };
  auto open_cursor = [&](const std::string& sql) -> Result<Cursor> {
    RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare(sql));
    Cursor cursor{s};
    RECKON_ASSIGN_OR_RETURN(cursor.valid, cursor.statement.Step());
    if (cursor.valid) cursor.raw = cursor.statement.Int(1);
    return cursor;
  };
  // Moves `cursor` to the first row of raw record `raw`, if there is one; true when it is there.
  auto seek = [](Cursor& cursor, Id raw) -> Result<bool> {
    while (cursor.valid && cursor.raw < raw) {
      RECKON_ASSIGN_OR_RETURN(cursor.valid, cursor.statement.Step());
      if (cursor.valid) cursor.raw = cursor.statement.Int(1);
    }
    return cursor.valid && cursor.raw == raw;
  };
  const std::string order = " WHERE raw_record_id IS NOT NULL ORDER BY raw_record_id, id";
  RECKON_ASSIGN_OR_RETURN(Cursor mentions,
                          open_cursor(Select(kMentionColumns, "FROM person_mentions") + order));
  RECKON_ASSIGN_OR_RETURN(Cursor acts, open_cursor(Select(kActColumns, "FROM acts") + order));
  RECKON_ASSIGN_OR_RETURN(Cursor losses, open_cursor(Select(kLossColumns, "FROM losses") + order));
  RECKON_ASSIGN_OR_RETURN(Cursor claims, open_cursor(Select(kClaimColumns, "FROM claims") + order));
  RECKON_ASSIGN_OR_RETURN(
      Statement raws,
      db_->Prepare(
          "SELECT id, import_id, source_id, line, row, content FROM raw_records ORDER BY id"));
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row_found, raws.Step());
    if (!row_found) break;
    ImportedRow row;
    row.raw = {raws.Int(0), raws.Int(1), raws.Int(2), raws.Int(3), raws.Int(4), raws.Text(5)};
    RECKON_ASSIGN_OR_RETURN(bool has_mention, seek(mentions, row.raw.id));
    if (has_mention) row.mention = ReadMention(mentions.statement);
    RECKON_ASSIGN_OR_RETURN(bool has_act, seek(acts, row.raw.id));
    if (has_act) {
      row.act = ReadAct(acts.statement);
      if (std::binary_search(acts_with_perpetrators.begin(), acts_with_perpetrators.end(),
                             row.act->id)) {
        RECKON_ASSIGN_OR_RETURN(row.act->perpetrators, ListPerpetrators(row.act->id));
      }
    }
    RECKON_ASSIGN_OR_RETURN(bool has_loss, seek(losses, row.raw.id));
    if (has_loss) row.loss = ReadLoss(losses.statement);
    RECKON_ASSIGN_OR_RETURN(bool has_claim, seek(claims, row.raw.id));
    if (has_claim) row.claim = ReadClaim(claims.statement);
    RECKON_TRY(visit(RecordKind::kRawRecord, row.raw.id, Sha256Hex(CanonicalForm(row))));
  }
  for (Cursor* cursor : {&mentions, &acts, &losses, &claims}) {
    sqlite3_reset(cursor->statement.get());
  }
  return {};
}

Result<ImportedRow> SqliteStore::GetImportedRow(Id raw_id) {
  ImportedRow row;
  RECKON_ASSIGN_OR_RETURN(row.raw, GetRawRecord(raw_id));
  auto first_id = [&](const char* table) -> Result<Id> {
    RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare(std::string("SELECT id FROM ") + table +
                                                      " WHERE raw_record_id = ? ORDER BY id "
                                                      "LIMIT 1"));
    s.BindInt(1, raw_id);
    RECKON_ASSIGN_OR_RETURN(bool found, s.Step());
    Id id = found ? s.Int(0) : model::kNoId;
    RECKON_TRY(s.Run());
    return id;
  };
  RECKON_ASSIGN_OR_RETURN(Id mention, first_id("person_mentions"));
  if (mention != model::kNoId) {
    RECKON_ASSIGN_OR_RETURN(row.mention, GetPersonMention(mention));
  }
  RECKON_ASSIGN_OR_RETURN(Id act, first_id("acts"));
  if (act != model::kNoId) {
    RECKON_ASSIGN_OR_RETURN(row.act, GetAct(act));
  }
  RECKON_ASSIGN_OR_RETURN(Id loss, first_id("losses"));
  if (loss != model::kNoId) {
    RECKON_ASSIGN_OR_RETURN(row.loss, GetLoss(loss));
  }
  RECKON_ASSIGN_OR_RETURN(Id claim, first_id("claims"));
  if (claim != model::kNoId) {
    RECKON_ASSIGN_OR_RETURN(row.claim, GetClaim(claim));
  }
  return row;
}

Digest DigestFromBlob(const Statement& s, int column) {
  Digest digest{};
  auto bytes = s.View(column);
  if (bytes.size() == digest.size()) std::copy(bytes.begin(), bytes.end(), digest.begin());
  return digest;
}

Result<std::int64_t> SqliteStore::LogSize() {
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_->Prepare("SELECT coalesce(max(leaf_index) + 1, 0) FROM log_leaves"));
  RECKON_TRY(s.Step());
  std::int64_t size = s.Int(0);
  RECKON_TRY(s.Run());
  return size;
}

Status SqliteStore::AppendLog(std::span<const LogLeaf> leaves, std::span<const LogNode> nodes) {
  if (in_write_) {
    return MakeError(ErrorCode::kFailedPrecondition, "cannot append to the log inside a write");
  }
  RECKON_TRY(db_->Execute("BEGIN IMMEDIATE"));
  auto appended = [&]() -> Status {
    RECKON_ASSIGN_OR_RETURN(std::int64_t next, LogSize());
    for (const LogLeaf& leaf : leaves) {
      if (leaf.index != next++) {
        return MakeError(ErrorCode::kFailedPrecondition,
                         "log leaf " + std::to_string(leaf.index) + " is not the next one");
      }
      RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare("INSERT INTO log_leaves(leaf_index, "
                                                        "change_sequence, salt, leaf_hash) "
                                                        "VALUES (?,?,?,?)"));
      s.BindInt(1, leaf.index);
      s.BindInt(2, leaf.change_sequence);
      sqlite3_bind_blob(s.get(), 3, leaf.salt.data(), static_cast<int>(leaf.salt.size()),
                        SQLITE_STATIC);
      sqlite3_bind_blob(s.get(), 4, leaf.hash.data(), static_cast<int>(leaf.hash.size()),
                        SQLITE_STATIC);
      RECKON_TRY(s.Run());
    }
    for (const LogNode& node : nodes) {
      RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare("INSERT INTO log_nodes(level, node_index, "
                                                        "hash) VALUES (?,?,?)"));
      s.BindInt(1, node.level);
      s.BindInt(2, node.index);
      sqlite3_bind_blob(s.get(), 3, node.hash.data(), static_cast<int>(node.hash.size()),
                        SQLITE_STATIC);
      RECKON_TRY(s.Run());
    }
    return {};
  }();
  if (!appended) {
    (void)db_->Execute("ROLLBACK");
    return appended;
  }
  return db_->Execute("COMMIT");
}

Result<Digest> SqliteStore::LogSubtree(int level, std::int64_t index) {
  if (level == 0) {
    RECKON_ASSIGN_OR_RETURN(
        auto hash, FetchOptional(*db_, "SELECT leaf_hash FROM log_leaves WHERE leaf_index = ?",
                                 index, [](const Statement& s) { return DigestFromBlob(s, 0); }));
    if (!hash) return MakeError(ErrorCode::kNotFound, "no log leaf " + std::to_string(index));
    return *hash;
  }
  RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare("SELECT hash FROM log_nodes WHERE level = ? "
                                                    "AND node_index = ?"));
  s.BindInt(1, level);
  s.BindInt(2, index);
  RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) {
    return MakeError(ErrorCode::kNotFound, "no log node at level " + std::to_string(level) +
                                               " index " + std::to_string(index));
  }
  Digest hash = DigestFromBlob(s, 0);
  RECKON_TRY(s.Run());
  return hash;
}

Result<std::vector<LogLeaf>> SqliteStore::ListLogLeaves(std::int64_t from, std::int64_t limit) {
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_->Prepare("SELECT leaf_index, change_sequence, salt, leaf_hash FROM "
                                       "log_leaves WHERE leaf_index >= ? ORDER BY leaf_index "
                                       "LIMIT ?"));
  s.BindInt(1, from);
  s.BindInt(2, limit);
  std::vector<LogLeaf> leaves;
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return leaves;
    leaves.push_back({s.Int(0), s.Int(1), s.Text(2), DigestFromBlob(s, 3)});
  }
}

Result<std::optional<LogLeaf>> SqliteStore::FindLogLeaf(std::int64_t change_sequence) {
  return FetchOptional(*db_,
                       "SELECT leaf_index, change_sequence, salt, leaf_hash FROM log_leaves WHERE "
                       "change_sequence = ?",
                       change_sequence, [](const Statement& s) {
                         return LogLeaf{s.Int(0), s.Int(1), s.Text(2), DigestFromBlob(s, 3)};
                       });
}

Result<std::optional<Change>> SqliteStore::LatestChange(RecordKind kind, Id id) {
  RECKON_ASSIGN_OR_RETURN(Statement s,
                          db_->Prepare("SELECT max(sequence) FROM changes WHERE kind = ? AND "
                                       "record_id = ?"));
  s.BindText(1, RecordKindName(kind));
  s.BindInt(2, id);
  RECKON_TRY(s.Step());
  if (s.IsNull(0)) return std::optional<Change>();
  std::int64_t sequence = s.Int(0);
  RECKON_TRY(s.Run());
  RECKON_ASSIGN_OR_RETURN(auto changes, ListChanges(sequence - 1, 1));
  if (changes.empty()) return std::optional<Change>();
  return std::optional<Change>(std::move(changes[0]));
}

Result<Id> SqliteStore::AddCheckpoint(std::int64_t size, std::string_view note) {
  RECKON_ASSIGN_OR_RETURN(Statement s, db_->Prepare("INSERT INTO log_checkpoints(size, note, "
                                                    "created_at) VALUES (?,?,?)"));
  s.BindInt(1, size);
  s.BindText(2, note);
  s.BindText(3, clock_.NowIso());
  RECKON_TRY(s.Run());
  return sqlite3_last_insert_rowid(db_->connection());
}

Result<std::vector<StoredCheckpoint>> SqliteStore::ListCheckpoints() {
  return FetchAll(*db_, "SELECT id, size, note, created_at FROM log_checkpoints ORDER BY id",
                  std::monostate(), [](const Statement& s) {
                    return StoredCheckpoint{s.Int(0), s.Int(1), s.Text(2), s.Text(3)};
                  });
}

Result<std::string> SqliteStore::CaseId() {
  RECKON_ASSIGN_OR_RETURN(auto id, FetchOptional(*db_, "SELECT value FROM meta WHERE key = ?",
                                                 std::string_view("case_id"),
                                                 [](const Statement& s) { return s.Text(0); }));
  if (!id) return MakeError(ErrorCode::kDataLoss, "the case has no id");
  return *id;
}

// The hex SHA-256 of a record's canonical form, or the error that kept it from being read.
template <typename T>
Result<std::string> HashOf(const Result<T>& record) {
  if (!record) return tl::unexpected(record.error());
  return Sha256Hex(CanonicalForm(*record));
}

Result<std::string> SqliteStore::RecordHash(RecordKind kind, Id id) {
  switch (kind) {
    case RecordKind::kSource:
      return HashOf(GetSource(id));
    case RecordKind::kImport:
      return HashOf(GetImport(id));
    case RecordKind::kRawRecord:
      return HashOf(GetImportedRow(id));
    case RecordKind::kPlace:
      return HashOf(GetPlace(id));
    case RecordKind::kEvent:
      return HashOf(GetEvent(id));
    case RecordKind::kPersonMention:
      return HashOf(GetPersonMention(id));
    case RecordKind::kOrganization:
      return HashOf(GetOrganization(id));
    case RecordKind::kAct:
      return HashOf(GetAct(id));
    case RecordKind::kInvestigativeAction:
      return HashOf(GetAction(id));
    case RecordKind::kClaim:
      return HashOf(GetClaim(id));
    case RecordKind::kLoss:
      return HashOf(GetLoss(id));
    case RecordKind::kOrganizationRelation: {
      RECKON_ASSIGN_OR_RETURN(Statement s,
                              db_->Prepare("SELECT from_id, to_id, relation, period_text, "
                                           "source_id FROM organization_relations WHERE id = ?"));
      s.BindInt(1, id);
      RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return tl::unexpected(NotFound("organization relation", id));
      model::OrganizationRelation r{s.Int(0), s.Int(1), s.Text(2), ReadDate(s, 3), s.Int(4)};
      RECKON_TRY(s.Run());
      return Sha256Hex(CanonicalForm(id, r));
    }
    case RecordKind::kMembership: {
      RECKON_ASSIGN_OR_RETURN(Statement s,
                              db_->Prepare("SELECT person_id, organization_id, position, "
                                           "period_text, source_id FROM memberships WHERE id = ?"));
      s.BindInt(1, id);
      RECKON_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) return tl::unexpected(NotFound("membership", id));
      model::Membership m{s.Int(0), s.Int(1), s.Text(2), ReadDate(s, 3), s.Int(4)};
      RECKON_TRY(s.Run());
      return Sha256Hex(CanonicalForm(id, m));
    }
    case RecordKind::kEvidenceItem:
      return HashOf(GetEvidenceItem(id));
    case RecordKind::kEvidenceLink: {
      RECKON_ASSIGN_OR_RETURN(
          auto link,
          FetchOne(*db_, "SELECT item_id, kind, record_id FROM evidence_links WHERE id = ?", id,
                   "evidence link", [](const Statement& s) {
                     return model::EvidenceLink{s.Int(0), s.Text(1), s.Int(2)};
                   }));
      return Sha256Hex(CanonicalForm(id, link));
    }
    case RecordKind::kCustodyEvent:
      return HashOf(FetchOne(*db_, Select(kCustodyColumns, "FROM custody_events WHERE id = ?"), id,
                             "custody event", ReadCustody));
    case RecordKind::kLinkDecision:
      return HashOf(FetchOne(*db_, Select(kLinkDecisionColumns, "FROM link_decisions WHERE id = ?"),
                             id, "link decision", ReadLinkDecision));
    case RecordKind::kLinkRun:
      return HashOf(FetchOne(*db_, Select(kLinkRunColumns, "FROM link_runs WHERE id = ?"), id,
                             "link run", ReadLinkRun));
    case RecordKind::kEstimateRun:
      return HashOf(GetEstimateRun(id));
    case RecordKind::kPerson:
      return MakeError(ErrorCode::kInvalidArgument,
                       "persons are derived from mentions and have no content hash");
  }
  return MakeError(ErrorCode::kInternal, "unknown record kind");
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, OpenMode mode,
                                               const Clock& clock, const StoreOptions& options) {
  bool exists = FileExists(path);
  if (mode == OpenMode::kCreate && exists) {
    return MakeError(ErrorCode::kAlreadyExists,
                     path + ": a file already exists there; choose another path or open it");
  }
  if (mode == OpenMode::kOpenExisting && !exists) {
    return MakeError(ErrorCode::kNotFound,
                     path + ": no case file; create one with 'reckon init' or name it with --case");
  }
  // reckon keeps no SQLite memory statistics; without them SQLite's allocator takes no lock.
  static const int kConfigured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kConfigured;
  sqlite3* connection = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
              (mode == OpenMode::kCreate ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &connection, flags,
                           options.vfs.empty() ? nullptr : options.vfs.c_str());
  auto db = std::make_unique<sqlite::Database>(connection);
  if (rc != SQLITE_OK) {
    return tl::unexpected(WithContext(
        sqlite::SqliteError(rc, connection ? sqlite3_errmsg(connection) : sqlite3_errstr(rc)),
        path));
  }
  sqlite3_extended_result_codes(connection, 1);
  auto store = std::make_unique<SqliteStore>(std::move(db), path, clock, options);
  auto status = store->Initialize(mode);
  if (!status) return tl::unexpected(WithContext(status.error(), path));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace reckon::store
