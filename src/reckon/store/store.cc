#include "reckon/store/store.h"

#include <utility>

#include "reckon/core/sha256.h"

namespace reckon::store {
namespace {

constexpr std::pair<RecordKind, std::string_view> kNames[] = {
    {RecordKind::kSource, "source"},
    {RecordKind::kImport, "import"},
    {RecordKind::kRawRecord, "raw_record"},
    {RecordKind::kPlace, "place"},
    {RecordKind::kEvent, "event"},
    {RecordKind::kPersonMention, "mention"},
    {RecordKind::kPerson, "person"},
    {RecordKind::kOrganization, "organization"},
    {RecordKind::kOrganizationRelation, "organization_relation"},
    {RecordKind::kMembership, "membership"},
    {RecordKind::kAct, "act"},
    {RecordKind::kInvestigativeAction, "action"},
    {RecordKind::kClaim, "claim"},
    {RecordKind::kLoss, "loss"},
    {RecordKind::kEvidenceItem, "evidence"},
    {RecordKind::kEvidenceLink, "evidence_link"},
    {RecordKind::kCustodyEvent, "custody_event"},
    {RecordKind::kLinkDecision, "link_decision"},
    {RecordKind::kLinkRun, "link_run"},
    {RecordKind::kEstimateRun, "estimate_run"},
};

}  // namespace

std::string AssignmentSha256(std::span<const PersonAssignment> sorted) {
  Sha256 hash;
  std::string line;
  for (const PersonAssignment& a : sorted) {
    line = std::to_string(a.mention_id) + " " + std::to_string(a.person_id) + "\n";
    hash.Update(line);
  }
  return HexOf(hash.Finish());
}

std::string_view RecordKindName(RecordKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

Result<RecordKind> RecordKindFromName(std::string_view name) {
  for (const auto& [kind, singular] : kNames) {
    if (name == singular) return kind;
  }
  // Plurals: "sources", "acts", "losses", "raw_records", "persons".
  for (const auto& [kind, singular] : kNames) {
    std::string plural = std::string(singular) + (singular.back() == 's' ? "es" : "s");
    if (name == plural) return kind;
  }
  std::string names;
  for (const auto& [kind, singular] : kNames) {
    names += (names.empty() ? "" : ", ") + std::string(singular);
  }
  return MakeError(
      ErrorCode::kInvalidArgument,
      "'" + std::string(name) + "' is not a kind of record; expected one of: " + names);
}

}  // namespace reckon::store
