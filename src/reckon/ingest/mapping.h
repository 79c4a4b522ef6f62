// How the columns of an imported file become fields of reckon records. A Mapping names, for
// each column, the Field it fills (or that it is ignored), constant values for fields the file
// lacks, value translations ("М" -> "male"), the delimiter and the order of day and month. It is
// read from a JSON mapping file (docs/formats/mapping.md) or made by default from a header whose
// names are reckon's field names or their common aliases. The record kinds a row yields
// (person, act, loss, claim) follow from the fields mapped unless the mapping lists them.
#ifndef RECKON_INGEST_MAPPING_H_
#define RECKON_INGEST_MAPPING_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/date.h"
#include "reckon/core/result.h"

namespace reckon::ingest {

enum class Field {
  kIgnore,
  // Person.
  kName,
  kGivenName,
  kPatronymic,
  kFamilyName,
  kSex,
  kAge,
  kBirthDate,
  kBirthYear,
  kHousehold,
  kResidence,
  kStatus,
  kRole,
  kProtection,
  kRecordId,
  // Act.
  kAct,
  kDate,
  kPlace,
  kEvent,
  kActStatus,
  kPerpetrator,
  kPerpetratorUnit,
  kInvolvement,
  kGroupSize,
  kGroupDescription,
  kDescription,
  // Loss.
  kLossKind,
  kAmount,
  kCurrency,
  kOwnerKind,
  kOwnerHousehold,
  // Claim.
  kMetric,
  kValue,
  kUnit,
  kCitation,
  kStated,
  kScopeAct,
  kScopeSex,
  kScopeAgeBand,
  kScopePlace,
  kScopeEvent,
  kScopePeriod,
  kScopeStatus,
};

enum class RecordYield { kPerson, kAct, kLoss, kClaim };

// The canonical name of a field ("given_name"), as used in mapping files and exports.
[[nodiscard]] std::string_view FieldName(Field field);
// The field a name or alias denotes ("Surname", "last name" -> family_name), after folding
// case and treating spaces, '-' and '.' as '_'. nullopt when none.
[[nodiscard]] std::optional<Field> FieldFromName(std::string_view name);
// All canonical field names, for messages and docs.
[[nodiscard]] std::vector<std::string> FieldNames();
[[nodiscard]] std::string_view YieldName(RecordYield yield);

class Mapping {
 public:
  // Parses a mapping file's JSON. Returns kInvalidArgument naming the key that is wrong.
  [[nodiscard]] static Result<Mapping> FromJson(std::string_view json);

  // Fields for each column of `header`, in order. Returns kInvalidArgument listing every
  // column that is neither mapped, ignored, nor a known field name.
  [[nodiscard]] Result<std::vector<Field>> Resolve(const std::vector<std::string>& header) const;

  // The kinds of record a row yields given the resolved columns and the constants.
  [[nodiscard]] std::set<RecordYield> Yields(const std::vector<Field>& columns) const;

  // The value to store for `field` from `text`: translated through "values" when listed.
  [[nodiscard]] std::string_view Translate(Field field, std::string_view text) const;

  // The mapping as JSON (stored with each import so it can be repeated).
  [[nodiscard]] std::string ToJson() const;

  char delimiter() const { return delimiter_; }  // 0: guess from the header.
  void set_delimiter(char delimiter) { delimiter_ = delimiter; }
  DateOrder date_order() const { return date_order_; }
  const std::map<Field, std::string>& constants() const { return constants_; }
  std::string_view format() const { return format_; }  // "", "csv" or "jsonl".

 private:
  std::string format_;
  char delimiter_ = 0;
  DateOrder date_order_ = DateOrder::kDayMonthYear;
  std::map<std::string, Field> columns_;  // Column name (exact) -> field.
  std::set<std::string> ignored_;
  std::map<Field, std::string> constants_;
  std::map<Field, std::map<std::string, std::string>> values_;
  std::set<RecordYield> yields_;  // Empty: follow the fields.
};

}  // namespace reckon::ingest

#endif  // RECKON_INGEST_MAPPING_H_
