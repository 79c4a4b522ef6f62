// Canonical forms of records: the exact bytes whose SHA-256 is a record's content hash in the
// change log (docs/formats/record-hash.md). A canonical form lists a record's kind, id and every
// stored field in a fixed order, one "name=value" line each, with '\' and newlines escaped. Two
// records with equal stored content always give equal bytes.
#ifndef RECKON_STORE_CANONICAL_H_
#define RECKON_STORE_CANONICAL_H_

#include <string>

#include "reckon/model/entities.h"
#include "reckon/store/store.h"

namespace reckon::store {

[[nodiscard]] std::string CanonicalForm(const model::Source& source);
[[nodiscard]] std::string CanonicalForm(const model::Import& import);
[[nodiscard]] std::string CanonicalForm(const model::RawRecord& raw);
[[nodiscard]] std::string CanonicalForm(const model::Place& place);
[[nodiscard]] std::string CanonicalForm(const model::Event& event);
[[nodiscard]] std::string CanonicalForm(const model::PersonMention& mention);
[[nodiscard]] std::string CanonicalForm(const model::Organization& organization);
[[nodiscard]] std::string CanonicalForm(Id id, const model::OrganizationRelation& relation);
[[nodiscard]] std::string CanonicalForm(Id id, const model::Membership& membership);
[[nodiscard]] std::string CanonicalForm(const model::Act& act);
[[nodiscard]] std::string CanonicalForm(const model::InvestigativeAction& action);
[[nodiscard]] std::string CanonicalForm(const model::Claim& claim);
[[nodiscard]] std::string CanonicalForm(const model::Loss& loss);
[[nodiscard]] std::string CanonicalForm(const model::EvidenceItem& item);
[[nodiscard]] std::string CanonicalForm(Id id, const model::EvidenceLink& link);
[[nodiscard]] std::string CanonicalForm(const model::CustodyEvent& event);
[[nodiscard]] std::string CanonicalForm(const model::LinkDecision& decision);
[[nodiscard]] std::string CanonicalForm(const model::LinkRun& run);
[[nodiscard]] std::string CanonicalForm(const model::EstimateRun& run);
// An imported row: the raw record's form followed by those of the records it yields.
[[nodiscard]] std::string CanonicalForm(const ImportedRow& row);

}  // namespace reckon::store

#endif  // RECKON_STORE_CANONICAL_H_
