// The case file. Store is the interface every backend implements (SQLite now, PostgreSQL
// later); nothing above the service layer knows which one is in use. All writes go through one
// path: BeginWrite() returns a WriteTransaction whose methods add or change records and, for
// each, append a Change (who, when, which record, old and new content hash) to the case's
// change log in the same database transaction. Commit() makes the records and their changes
// durable together and then tells the registered ChangeObservers; a transaction destroyed
// without Commit() leaves the case untouched. Reads return plain model values.
#ifndef RECKON_STORE_STORE_H_
#define RECKON_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/core/sha256.h"
#include "reckon/model/entities.h"

namespace reckon::store {

using model::Id;

// The kinds of record in a case, as named in the change log, the CLI and exports.
enum class RecordKind {
  kSource,
  kImport,
  kRawRecord,
  kPlace,
  kEvent,
  kPersonMention,
  kPerson,
  kOrganization,
  kOrganizationRelation,
  kMembership,
  kAct,
  kInvestigativeAction,
  kClaim,
  kLoss,
  kEvidenceItem,
  kEvidenceLink,
  kCustodyEvent,
  kLinkDecision,
  kLinkRun,
  kEstimateRun,
};

// "source", "import", "raw_record", "place", "event", "mention", "person", ...
[[nodiscard]] std::string_view RecordKindName(RecordKind kind);
// The kind named `name` (singular or plural: "acts" works). kInvalidArgument if none.
[[nodiscard]] Result<RecordKind> RecordKindFromName(std::string_view name);

// One entry of the change log.
struct Change {
  std::int64_t sequence = 0;  // 1, 2, 3, ... in commit order.
  std::string at;             // ISO 8601 UTC.
  std::string actor;
  std::string operation;  // "create" or "update".
  RecordKind kind = RecordKind::kSource;
  Id record_id = model::kNoId;
  std::string old_hash;  // Hex SHA-256 of the record's canonical form before; empty on create.
  std::string new_hash;  // Hex SHA-256 after.
  std::string reason;    // Why: "import #3 of list.csv", "add event", ...
};

// Told about every committed transaction's changes, in order, after they are durable.
// Implementations must not write to the store from OnCommit.
class ChangeObserver {
 public:
  virtual ~ChangeObserver() = default;
  virtual void OnCommit(std::span<const Change> changes) = 0;
};

// What one imported row yields: the verbatim row and the records derived from it. Stored as
// one change whose hash covers all of them (docs/formats/record-hash.md).
struct ImportedRow {
  model::RawRecord raw;
  std::optional<model::PersonMention> mention;
  std::optional<model::Act> act;  // Its victim is `mention` when both are present.
  std::optional<model::Loss> loss;
  std::optional<model::Claim> claim;
};

// Ids given to the records of an ImportedRow.
struct ImportedRowIds {
  Id raw = model::kNoId;
  Id mention = model::kNoId;
  Id person = model::kNoId;
  Id act = model::kNoId;
  Id loss = model::kNoId;
  Id claim = model::kNoId;
};

// One mention as record linkage reads it: what it says of the person, the act it reports (the
// mention's first act), and where it came from.
struct LinkMention {
  Id mention_id = model::kNoId;
  Id source_id = model::kNoId;
  std::string source_name;
  std::int64_t row = 0;  // The raw record's 1-based data row; 0 for mentions added by hand.
  Id person_id = model::kNoId;
  Id own_person_id = model::kNoId;  // The person made for the mention when it was written.
  model::PersonName name;
  std::string sex;
  DayNumber birth_earliest = kNoEarliest;
  DayNumber birth_latest = kNoLatest;
  AgeRange age;
  DayNumber act_earliest = kNoEarliest;
  DayNumber act_latest = kNoLatest;
  std::string place;  // The act's place name, or the residence's.
};

// Which person a mention belongs to.
struct PersonAssignment {
  Id mention_id = model::kNoId;
  Id person_id = model::kNoId;
  friend bool operator==(const PersonAssignment&, const PersonAssignment&) = default;
};

// A pair of mentions the latest linkage run linked ("link") or left for review ("review").
struct LinkPair {
  std::string kind;
  Id mention_a = model::kNoId;
  Id mention_b = model::kNoId;
  double probability = 0;
  bool decided = false;  // Linked by a person's decision rather than the model.
};

// The SHA-256 (hex) of an assignment, sorted by mention id: one line "mention_id person_id\n"
// per mention (docs/formats/case-schema.md). Link runs store it; verification recomputes it.
[[nodiscard]] std::string AssignmentSha256(std::span<const PersonAssignment> sorted);

// A write transaction: not thread-safe; one at a time per Store. Each Add* returns the new id,
// or kInvalidArgument when the record breaks a rule of the schema (an unknown id it refers to,
// a duplicate unique name: kAlreadyExists). After any error the transaction can only be
// dropped.
class WriteTransaction {
 public:
  virtual ~WriteTransaction() = default;

  [[nodiscard]] virtual Result<Id> AddSource(const model::Source& source) = 0;
  [[nodiscard]] virtual Result<Id> AddImport(const model::Import& import) = 0;
  // Writes the row and what it yields; a mention without a person gets a new Person of its own.
  [[nodiscard]] virtual Result<ImportedRowIds> AddImportedRow(const ImportedRow& row) = 0;
  [[nodiscard]] virtual Result<Id> AddPlace(const model::Place& place) = 0;
  [[nodiscard]] virtual Result<Id> AddEvent(const model::Event& event) = 0;
  [[nodiscard]] virtual Result<Id> AddPersonMention(const model::PersonMention& mention) = 0;
  [[nodiscard]] virtual Result<Id> AddOrganization(const model::Organization& organization) = 0;
  [[nodiscard]] virtual Result<Id> AddOrganizationRelation(
      const model::OrganizationRelation& relation) = 0;
  [[nodiscard]] virtual Result<Id> AddMembership(const model::Membership& membership) = 0;
  [[nodiscard]] virtual Result<Id> AddAct(const model::Act& act) = 0;
  [[nodiscard]] virtual Result<Id> AddInvestigativeAction(
      const model::InvestigativeAction& action) = 0;
  [[nodiscard]] virtual Result<Id> AddClaim(const model::Claim& claim) = 0;
  [[nodiscard]] virtual Result<Id> AddLoss(const model::Loss& loss) = 0;
  [[nodiscard]] virtual Result<Id> AddEvidenceItem(const model::EvidenceItem& item) = 0;
  [[nodiscard]] virtual Result<Id> AddEvidenceLink(const model::EvidenceLink& link) = 0;
  [[nodiscard]] virtual Result<Id> AddCustodyEvent(const model::CustodyEvent& event) = 0;
  [[nodiscard]] virtual Result<Id> AddLinkDecision(const model::LinkDecision& decision) = 0;
  [[nodiscard]] virtual Result<Id> AddLinkRun(const model::LinkRun& run) = 0;
  [[nodiscard]] virtual Result<Id> AddEstimateRun(const model::EstimateRun& run) = 0;
  // Moves each mention to the given person. A person left without mentions points to the person
  // that absorbed its own mention (merged_into); a person that gets its own mention back is
  // restored. The persons' values are then chosen again from their mentions by the rule in
  // docs/data-model.md. kInvalidArgument for an unknown mention or person.
  [[nodiscard]] virtual Status AssignPersons(std::span<const PersonAssignment> assignments) = 0;
  // Replaces the pairs of the latest run (derived data: not in the change log).
  [[nodiscard]] virtual Status ReplaceLinkPairs(Id run_id, std::span<const LinkPair> pairs) = 0;
  // Replaces the grading and description of a source (an update in the change log).
  [[nodiscard]] virtual Status UpdateSource(const model::Source& source) = 0;
  // Sets the row count and rejected count of an import once its rows are written.
  [[nodiscard]] virtual Status FinishImport(Id import_id, std::int64_t rows,
                                            std::int64_t rejected) = 0;

  // Makes everything durable. kUnavailable when the disk refuses (nothing is then written).
  [[nodiscard]] virtual Status Commit() = 0;
};

// A fact about one act, as the counting layer needs it: flat, ids and codes only.
struct ActFact {
  Id act_id = model::kNoId;
  std::string_view type;  // Valid during the callback only.
  std::string_view status;
  Id source_id = model::kNoId;
  Id event_id = model::kNoId;
  Id place_id = model::kNoId;
  DayNumber date_earliest = kNoEarliest;
  DayNumber date_latest = kNoLatest;
  std::int64_t group_size = 0;
  // The victim, when named: the resolved person and what is known of them.
  Id victim_mention_id = model::kNoId;
  Id victim_person_id = model::kNoId;
  std::string_view victim_sex;
  AgeRange victim_age;  // Age at the act as the mention gives it (unknown if not given).
  DayNumber victim_birth_earliest = kNoEarliest;  // The mention's birth interval, if given.
  DayNumber victim_birth_latest = kNoLatest;
};

struct PersonFact {
  Id person_id = model::kNoId;
  std::string_view sex;
  std::string_view status;
  std::string_view household;
  Id source_id = model::kNoId;  // One fact per (person, source of a mention).
  Id mention_id = model::kNoId;
  std::string_view role;
};

struct SearchHit {
  RecordKind kind = RecordKind::kPersonMention;
  Id record_id = model::kNoId;
  std::string snippet;
};

// A generic table for listing and export: column names and rows of text (nullopt for NULL).
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

// One leaf of the transparency log: which change it stands for, its salt and its hash.
struct LogLeaf {
  std::int64_t index = 0;  // 0-based.
  std::int64_t change_sequence = 0;
  std::string salt;  // 32 random bytes.
  Digest hash{};
};

// A perfect subtree of the log: level >= 1 (level 0 are the leaves), index, hash.
struct LogNode {
  int level = 1;
  std::int64_t index = 0;
  Digest hash{};
};

struct StoredCheckpoint {
  std::int64_t id = 0;
  std::int64_t size = 0;
  std::string note;  // The signed note, as published.
  std::string created_at;
};

// A closed range of record ids.
struct IdRange {
  Id first = 1;
  Id last = INT64_MAX;
};

// The parts of an ActFact a scan fills besides the act's id and type, its victim (mention and
// person) and its group size; the others keep their defaults. Fewer parts read faster.
enum ActPart : unsigned {
  kActStatus = 1U << 0,
  kActSource = 1U << 1,
  kActEvent = 1U << 2,
  kActPlace = 1U << 3,
  kActDates = 1U << 4,
  kVictimSex = 1U << 5,
  kVictimAge = 1U << 6,  // Age and birth interval.
  kAllActParts = (1U << 7) - 1,
};

struct ActScan {
  IdRange range;
  unsigned parts = kAllActParts;
};

struct ListOptions {
  std::int64_t limit = 100;  // <= 0: no limit.
  std::int64_t offset = 0;
  std::vector<Id> ids;  // When not empty, only these records.
};

// A case file. Thread safety: one Store per thread, or external locking.
class Store {
 public:
  virtual ~Store() = default;

  // Opens another connection to the same case, for reading from another thread (the new
  // Store is independent: one thread each). It sees what was committed when it reads.
  // kUnavailable when the case cannot be opened again.
  [[nodiscard]] virtual Result<std::unique_ptr<Store>> OpenReader() = 0;

  // Starts the single write path. kFailedPrecondition when another transaction is open.
  [[nodiscard]] virtual Result<std::unique_ptr<WriteTransaction>> BeginWrite(
      std::string actor, std::string reason) = 0;
  // Registers an observer for the life of the Store; the Store does not own it.
  virtual void AddObserver(ChangeObserver* observer) = 0;

  [[nodiscard]] virtual Result<std::int64_t> SchemaVersion() = 0;

  // Checks the case file's structure (pages, indexes, references between records). Returns
  // kDataLoss naming the first problems found.
  [[nodiscard]] virtual Status CheckIntegrity() = 0;

  // Typed reads. Get* return kNotFound when there is no record with that id.
  [[nodiscard]] virtual Result<model::Source> GetSource(Id id) = 0;
  [[nodiscard]] virtual Result<std::optional<model::Source>> FindSource(std::string_view name) = 0;
  [[nodiscard]] virtual Result<std::vector<model::Source>> ListSources() = 0;
  [[nodiscard]] virtual Result<std::optional<model::Import>> FindImport(
      Id source_id, std::string_view file_sha256) = 0;
  [[nodiscard]] virtual Result<model::RawRecord> GetRawRecord(Id id) = 0;
  [[nodiscard]] virtual Result<model::Place> GetPlace(Id id) = 0;
  // Finds a place by its name or one of its other names, compared after Unicode folding.
  [[nodiscard]] virtual Result<std::optional<model::Place>> FindPlace(std::string_view name) = 0;
  [[nodiscard]] virtual Result<model::Event> GetEvent(Id id) = 0;
  [[nodiscard]] virtual Result<std::optional<model::Event>> FindEvent(std::string_view name) = 0;
  [[nodiscard]] virtual Result<model::PersonMention> GetPersonMention(Id id) = 0;
  [[nodiscard]] virtual Result<model::Person> GetPerson(Id id) = 0;
  [[nodiscard]] virtual Result<std::vector<model::PersonMention>> ListMentionsOfPerson(Id id) = 0;
  [[nodiscard]] virtual Result<model::Act> GetAct(Id id) = 0;
  [[nodiscard]] virtual Result<std::vector<model::Act>> ListActsOfMention(Id mention_id) = 0;
  [[nodiscard]] virtual Result<std::optional<model::Organization>> FindOrganization(
      std::string_view name) = 0;
  [[nodiscard]] virtual Result<std::vector<model::Claim>> ListClaims() = 0;
  [[nodiscard]] virtual Result<model::EvidenceItem> GetEvidenceItem(Id id) = 0;
  [[nodiscard]] virtual Result<std::optional<model::EvidenceItem>> FindEvidenceBySha256(
      std::string_view sha256) = 0;
  [[nodiscard]] virtual Result<std::vector<model::EvidenceItem>> ListEvidenceItems() = 0;
  [[nodiscard]] virtual Result<std::vector<model::EvidenceLink>> ListEvidenceLinks(Id item_id) = 0;
  [[nodiscard]] virtual Result<std::vector<model::CustodyEvent>> ListCustody(Id item_id) = 0;
  [[nodiscard]] virtual Result<std::vector<model::Loss>> ListLosses() = 0;
  [[nodiscard]] virtual Result<std::vector<model::InvestigativeAction>> ListActions() = 0;

  // Number of records of a kind (persons: those not merged into another).
  [[nodiscard]] virtual Result<std::int64_t> CountRecords(RecordKind kind) = 0;
  // A listing of records of a kind with readable columns (names rather than ids where useful).
  [[nodiscard]] virtual Result<Table> ListRecords(RecordKind kind, const ListOptions& options) = 0;

  // Calls `visit` once per act whose id is in `scan.range`, in id order, filling the parts of
  // the fact `scan.parts` asks for. Stops and returns the first error from visit.
  [[nodiscard]] virtual Status ScanActs(const ActScan& scan,
                                        const std::function<Status(const ActFact&)>& visit) = 0;
  // Calls `visit` once per person whose id is in `range` with its sex, in id order: a count by
  // sex reads these once rather than looking each victim's person up (after linkage, persons
  // are not in act order).
  [[nodiscard]] virtual Status ScanPersonSexes(
      const IdRange& range, const std::function<Status(Id, std::string_view)>& visit) = 0;
  // The largest person id (0 if none).
  [[nodiscard]] virtual Result<Id> MaxPersonId() = 0;
  // The smallest and largest act ids, and the number of acts (0 and an empty range if none).
  [[nodiscard]] virtual Result<std::pair<IdRange, std::int64_t>> ActIds() = 0;
  // Calls `visit` once per (person, mention) pair.
  [[nodiscard]] virtual Status ScanPersons(
      const std::function<Status(const PersonFact&)>& visit) = 0;

  // Calls `visit` once per person mention, in id order.
  [[nodiscard]] virtual Status ScanLinkMentions(
      const std::function<Status(const LinkMention&)>& visit) = 0;
  [[nodiscard]] virtual Result<std::vector<model::LinkDecision>> ListLinkDecisions() = 0;
  [[nodiscard]] virtual Result<std::optional<model::LinkRun>> LatestLinkRun() = 0;
  [[nodiscard]] virtual Result<model::EstimateRun> GetEstimateRun(Id id) = 0;
  // Pairs of the latest run of one kind, most probable first; with `mention` set, only the
  // pairs that involve it.
  [[nodiscard]] virtual Result<std::vector<LinkPair>> ListLinkPairs(std::string_view kind,
                                                                    std::int64_t limit,
                                                                    Id mention) = 0;
  // AssignmentSha256 of the mentions with ids up to `max_mention_id` as stored now.
  [[nodiscard]] virtual Result<std::string> StoredAssignmentSha256(Id max_mention_id) = 0;

  // Full-text search over names, descriptions and citations, folded for case and diacritics.
  // Brings the search index up to date with the change log first.
  [[nodiscard]] virtual Result<std::vector<SearchHit>> Search(std::string_view query,
                                                              std::int64_t limit) = 0;

  // The change log from `after_sequence` on, at most `limit` entries.
  [[nodiscard]] virtual Result<std::vector<Change>> ListChanges(std::int64_t after_sequence,
                                                                std::int64_t limit) = 0;
  // The transparency log's storage (the hashing is the evidence module's). Leaves and nodes are
  // appended together in one transaction; kFailedPrecondition if a leaf's index is not the
  // next one.
  [[nodiscard]] virtual Result<std::int64_t> LogSize() = 0;
  [[nodiscard]] virtual Status AppendLog(std::span<const LogLeaf> leaves,
                                         std::span<const LogNode> nodes) = 0;
  // The hash of perfect subtree (level, index); level 0 is a leaf. kNotFound if absent.
  [[nodiscard]] virtual Result<Digest> LogSubtree(int level, std::int64_t index) = 0;
  [[nodiscard]] virtual Result<std::vector<LogLeaf>> ListLogLeaves(std::int64_t from,
                                                                   std::int64_t limit) = 0;
  // The leaf that stands for change `sequence`, if it is logged yet.
  [[nodiscard]] virtual Result<std::optional<LogLeaf>> FindLogLeaf(
      std::int64_t change_sequence) = 0;
  // The latest change of a record, if it has any.
  [[nodiscard]] virtual Result<std::optional<Change>> LatestChange(RecordKind kind, Id id) = 0;
  [[nodiscard]] virtual Result<Id> AddCheckpoint(std::int64_t size, std::string_view note) = 0;
  [[nodiscard]] virtual Result<std::vector<StoredCheckpoint>> ListCheckpoints() = 0;
  // A random id made when the case was created; names the log ("reckon/<id>").
  [[nodiscard]] virtual Result<std::string> CaseId() = 0;

  // Calls `visit` with the content hash of every record that has one (all kinds but persons),
  // recomputed from what is stored now, reading each table in one pass. For verification.
  [[nodiscard]] virtual Status ScanRecordHashes(
      const std::function<Status(RecordKind kind, Id id, const std::string& hash)>& visit) = 0;

  // Recomputes the content hash of a record from what is stored now (for verification).
  [[nodiscard]] virtual Result<std::string> RecordHash(RecordKind kind, Id id) = 0;
};

}  // namespace reckon::store

#endif  // RECKON_STORE_STORE_H_
