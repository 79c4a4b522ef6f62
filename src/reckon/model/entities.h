// The entities of a reckon case, as plain values with no I/O. Imported material arrives as
// RawRecord rows kept verbatim; each row yields mentions (a PersonMention, an Act, a Loss, a
// Claim) attributed to one Source. Linkage later clusters person mentions into Persons; until
// then every mention is its own Person. Controlled fields (act type, sex, status, role, ...)
// hold codes from the vocabularies in data/vocab/ (see vocabulary.h). Ids are positive; 0 means
// "none". Dates and ages are intervals because sources are often uncertain.
#ifndef RECKON_MODEL_ENTITIES_H_
#define RECKON_MODEL_ENTITIES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/date.h"

namespace reckon::model {

using Id = std::int64_t;
inline constexpr Id kNoId = 0;

// Who asserts something: an organization, a list, a document, a testimony. Graded with the
// admiralty scale investigators use: reliability of the source A (reliable) to F (cannot be
// judged), credibility of the information 1 (confirmed) to 6 (cannot be judged).
struct Source {
  Id id = kNoId;
  std::string name;
  std::string kind = "list";  // source_kind vocabulary
  char reliability = 'F';
  int credibility = 6;
  std::string description;
};

// One import of one file: its hash makes re-imports of the same file no-ops.
struct Import {
  Id id = kNoId;
  Id source_id = kNoId;
  std::string file_name;
  std::string file_sha256;
  std::string format;   // "csv" or "jsonl"
  std::string mapping;  // The mapping used, as JSON text.
  std::int64_t rows = 0;
  std::int64_t rejected = 0;
  std::string imported_at;
  std::string actor;
};

// One row of an imported file, verbatim. Never modified after it is written.
struct RawRecord {
  Id id = kNoId;
  Id import_id = kNoId;
  Id source_id = kNoId;
  std::int64_t line = 0;  // 1-based line where the row starts in the file.
  std::int64_t row = 0;   // 1-based data row (header excluded).
  std::string content;    // The row's bytes as they stood in the file.
};

struct PlaceName {
  std::string name;
  std::string language;  // BCP 47 tag or empty.
};

struct Place {
  Id id = kNoId;
  std::string name;  // The name used in reckon's own output.
  std::string kind;  // settlement, district, region, country, site, ...
  Id parent_id = kNoId;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::vector<PlaceName> other_names;
};

// Something that happened at a time and place; events nest (a chain of events).
struct Event {
  Id id = kNoId;
  std::string name;
  std::string description;
  UncertainDate date;
  Id place_id = kNoId;
  Id parent_id = kNoId;
};

struct PersonName {
  std::string full;  // As written by the source.
  std::string given;
  std::string patronymic;
  std::string family;

  // The name to show: as written, or its parts in the order given, patronymic, family.
  [[nodiscard]] std::string Display() const {
    if (!full.empty()) return full;
    std::string out;
    for (const std::string* part : {&given, &patronymic, &family}) {
      if (part->empty()) continue;
      if (!out.empty()) out += ' ';
      out += *part;
    }
    return out;
  }
};

// A person as one source names them: one per raw record that names someone.
struct PersonMention {
  Id id = kNoId;
  Id raw_record_id = kNoId;
  Id source_id = kNoId;
  Id person_id = kNoId;  // The resolved person this mention belongs to.
  PersonName name;
  std::string sex = "unknown";  // sex vocabulary
  UncertainDate birth;          // Birth date or year, when given.
  AgeRange age;                 // Age at the event, when given.
  std::string household;        // The source's household or family key, when given.
  Id residence_place_id = kNoId;
  std::string status = "unknown";         // person_status vocabulary
  std::string role = "victim";            // role vocabulary
  std::string protection = "restricted";  // protection vocabulary
  std::string source_key;  // The source's own identifier for the row, when it has one.
};

// A resolved person. Counting is over persons. Fields hold the values chosen from the person's
// mentions by the documented rule (docs/data-model.md); disagreements stay on the mentions.
struct Person {
  Id id = kNoId;
  PersonName name;
  std::string sex = "unknown";
  UncertainDate birth;
  AgeRange age;
  std::string household;
  Id residence_place_id = kNoId;
  std::string status = "unknown";
  std::string protection = "restricted";
};

struct Organization {
  Id id = kNoId;
  std::string name;
  std::string kind;  // armed unit, police, ministry, militia, ...
  Id parent_id = kNoId;
};

// A command or structural relation between organizations ("commands", "part_of").
struct OrganizationRelation {
  Id from_id = kNoId;
  Id to_id = kNoId;
  std::string relation;
  UncertainDate period;
  Id source_id = kNoId;
};

struct Membership {
  Id person_id = kNoId;
  Id organization_id = kNoId;
  std::string position;
  UncertainDate period;
  Id source_id = kNoId;
};

// Who is alleged to have taken part in an act, and how.
struct Perpetrator {
  Id person_id = kNoId;                 // A known person, or
  Id organization_id = kNoId;           // an organization or unit, or
  std::string name_as_given;            // only a name or description as the source gives it.
  std::string involvement = "unknown";  // involvement vocabulary
};

// An act of a type from data/vocab/acts.json. Its victim is a named person (victim_mention_id)
// or a group with an approximate size ("about 40 unidentified bodies").
struct Act {
  Id id = kNoId;
  Id raw_record_id = kNoId;
  Id source_id = kNoId;
  std::string type;
  Id victim_mention_id = kNoId;
  std::int64_t group_size = 0;  // > 0 only for group victims.
  bool group_size_approximate = false;
  std::string group_description;
  Id event_id = kNoId;
  UncertainDate date;
  Id place_id = kNoId;
  std::string status = "alleged";  // act_status vocabulary
  std::string description;
  std::vector<Perpetrator> perpetrators;
};

// An investigative step: interview, examination, inspection, exhumation, ...
struct InvestigativeAction {
  Id id = kNoId;
  std::string kind;  // action_kind vocabulary
  UncertainDate date;
  Id place_id = kNoId;
  std::string description;
  std::vector<Id> person_ids;          // Persons involved (interviewee, examined person, ...).
  std::vector<std::string> documents;  // References of resulting documents.
  Id source_id = kNoId;
};

// A figure a source asserts: "613 killed, 63 of them children". The scope is a canonical list of
// dimension=value pairs joined by ';' in dimension order ("act=killing;age_band=child").
struct Claim {
  Id id = kNoId;
  Id raw_record_id = kNoId;
  Id source_id = kNoId;
  std::string metric;  // claim_metric vocabulary
  double value = 0;
  std::string scope;
  std::string unit;  // Currency for "loss"; empty otherwise.
  std::string citation;
  UncertainDate stated;
};

// Damage: an amount in a currency, owned by a person, household, the state or an organization.
struct Loss {
  Id id = kNoId;
  Id raw_record_id = kNoId;
  Id source_id = kNoId;
  std::string kind = "other";  // loss_kind vocabulary
  std::string description;
  std::optional<double> amount;
  std::string currency;  // ISO 4217 code.
  UncertainDate date;
  std::string owner_kind = "unknown";  // owner_kind vocabulary
  Id owner_mention_id = kNoId;
  std::string owner_household;
  Id place_id = kNoId;
  Id event_id = kNoId;
};

// An evidence file in the case's vault, addressed by its SHA-256. The original is the
// evidentiary copy and is never modified; a derivative (working copy, transcoded, redacted,
// translated) is an item of its own that names what it derives from.
struct EvidenceItem {
  Id id = kNoId;
  std::string sha256;  // Hex; names the blob.
  std::int64_t size = 0;
  std::string original_name;
  std::string media_type;
  Id derived_from = kNoId;
  std::string derivation;  // "", or working_copy, transcoded, redacted, translated, other.
  std::string collected_by;
  std::string collected_at;  // As given (ISO 8601).
  Id place_id = kNoId;
  std::string method;
  std::string source_url;
  std::string note;
  std::string capture_metadata;  // JSON object of what the file itself says (EXIF, ...).
};

// What an evidence item concerns: an event, act, person, investigative action, ...
struct EvidenceLink {
  Id item_id = kNoId;
  std::string kind;  // A record kind name ("act", "person", ...).
  Id record_id = kNoId;
};

// One step of the chain of custody. Append-only.
struct CustodyEvent {
  Id id = kNoId;
  Id item_id = kNoId;
  std::string action;  // custody_action vocabulary
  std::string actor;
  std::string at;  // ISO 8601.
  std::string place;
  std::string purpose;
  std::string authority;
  std::string note;
};

// A person's decision about two mentions: the same person ("same") or not ("different").
// Append-only; the latest decision on a pair wins, and decisions win over the linkage model.
struct LinkDecision {
  Id id = kNoId;
  Id mention_a = kNoId;
  Id mention_b = kNoId;
  std::string verdict;  // "same" or "different".
  std::string actor;
  std::string at;  // ISO 8601.
  std::string reason;
};

// One run of record linkage and the assignment of mentions to persons it left: settings and
// model as JSON, counts, and the SHA-256 of the assignment (docs/formats/case-schema.md) so that
// verification can tell a later change to it.
struct LinkRun {
  Id id = kNoId;
  std::string at;
  std::string actor;
  std::string mode;      // "full", "incremental".
  std::string settings;  // JSON.
  std::string model;     // JSON.
  std::string summary;   // JSON: stages, counts, warnings.
  std::int64_t mentions = 0;
  std::int64_t persons = 0;
  Id max_mention_id = kNoId;  // The run covers mentions up to this id.
  std::string assignment_sha256;
};

// One estimation run over the case, stored so that a figure in a report can be reproduced: the
// capture tables it used (the data snapshot), its settings with the seed, and its results.
struct EstimateRun {
  Id id = kNoId;
  std::string at;
  std::string actor;
  std::string act;       // Victims of this act type.
  std::string by;        // Strata dimensions, comma-separated; empty for none.
  std::string method;    // "loglinear", "lcmcr" or "all".
  std::string settings;  // JSON.
  std::string tables;    // The capture tables as CSV (a `stratum` column when stratified).
  std::string results;   // JSON, as `reckon --json estimate` prints it.
};

}  // namespace reckon::model

#endif  // RECKON_MODEL_ENTITIES_H_
