// Counting with provenance. Count() breaks persons or acts down by any combination of
// dimensions (act type, victim sex, age band, event, place, month, year, act status, source),
// keeps named victims and group victims ("about 40 unidentified bodies") apart, can list the
// records behind every figure, and puts the claims of sources with the same scope beside it.
// Persons are counted once per group however many lists name them: after linkage, the same
// query counts resolved persons. Summarize() gives the case summary the CLI prints.
#ifndef RECKON_STATS_COUNT_H_
#define RECKON_STATS_COUNT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/model/entities.h"
#include "reckon/store/store.h"

namespace reckon::stats {

enum class Dimension { kAct, kSex, kAgeBand, kEvent, kPlace, kMonth, kYear, kStatus, kSource };
enum class Unit { kPersons, kActs };

[[nodiscard]] std::string_view DimensionName(Dimension dimension);
// Parses "act", "sex", "age_band" (or "age"), "event", "place", "month" (or "period"), "year",
// "status", "source". kInvalidArgument lists the names otherwise.
[[nodiscard]] Result<Dimension> DimensionFromName(std::string_view name);

// Age bands: contiguous, from 0, the last open-ended. A victim whose age range straddles two
// bands, or whose age is unknown, falls in "unknown".
struct AgeBand {
  int youngest;
  int oldest;
  std::string label;
};
// The default: child 0-17, adult 18-59, elderly 60+.
[[nodiscard]] std::vector<AgeBand> DefaultAgeBands();
// Parses "0-17,18-59,60+" (labels are the ranges) or "child=0-17,adult=18-59,elderly=60+".
[[nodiscard]] Result<std::vector<AgeBand>> ParseAgeBands(std::string_view text);
[[nodiscard]] std::string AgeBandOf(const AgeRange& age, const std::vector<AgeBand>& bands);

// The labels of the month ("2031-03") and year dimensions of a date interval; "unknown" when
// the interval is open or spans more than one month (year).
[[nodiscard]] std::string FormatMonth(DayNumber earliest, DayNumber latest);
[[nodiscard]] std::string FormatYear(DayNumber earliest, DayNumber latest);

// The victim's age at the act: the age the source gives, else the range of ages possible for
// someone born within the birth interval at a date within the act's date interval.
[[nodiscard]] AgeRange VictimAgeAt(const store::ActFact& fact);

struct CountQuery {
  Unit unit = Unit::kPersons;
  std::vector<Dimension> by;
  std::map<Dimension, std::string> where;  // Only facts whose label equals the value.
  std::vector<AgeBand> age_bands = DefaultAgeBands();
  bool explain = false;
};

// A claim shown beside a figure.
struct ClaimBeside {
  model::Id claim_id = model::kNoId;
  std::string source;
  double value = 0;
  std::string citation;
};

struct CountRow {
  std::vector<std::string> keys;   // One label per dimension of `by`.
  std::int64_t count = 0;          // Distinct named persons, or acts.
  std::int64_t group_victims = 0;  // Sum of group sizes of acts with unnamed group victims.
  std::int64_t group_acts = 0;
  std::vector<model::Id> ids;  // With explain: the persons (or acts) counted.
  std::vector<ClaimBeside> claims;
};

struct CountResult {
  std::vector<Dimension> by;
  Unit unit = Unit::kPersons;
  std::vector<CountRow> rows;  // Sorted by keys.
  CountRow total;
};

// Runs the query. Returns kInvalidArgument for a dimension that does not fit the unit or a
// filter value that is malformed; store errors pass through.
[[nodiscard]] Result<CountResult> Count(store::Store& store, const CountQuery& query);

// The case summary. Fate unknown: persons whose status is "missing", or victims of
// hostage-taking, enforced disappearance or detention, whom no source records dead or alive
// and who are not victims of a killing. Households destroyed: household keys with at least two
// recorded members, every one of them killed.
struct Summary {
  std::int64_t sources = 0;
  std::int64_t raw_records = 0;
  std::int64_t mentions = 0;
  std::int64_t persons = 0;
  bool linked = false;  // Whether record linkage has resolved the mentions into persons.
  std::int64_t acts = 0;
  CountResult victims_by_act;          // Persons by act type.
  CountResult victims_by_act_and_age;  // Persons by act type and age band.
  CountResult victims_by_act_and_sex;
  std::int64_t fate_unknown = 0;
  std::vector<model::Id> fate_unknown_ids;
  std::int64_t households_destroyed = 0;
  std::vector<std::string> households_destroyed_keys;
  std::map<std::string, double> losses_by_currency;
  std::map<std::string, std::int64_t> losses_count_by_currency;
  std::map<std::string, std::int64_t> actions_by_kind;
  std::map<std::string, std::int64_t> persons_by_role;
  std::vector<ClaimBeside> fate_unknown_claims;
  std::vector<ClaimBeside> households_claims;
  std::map<std::string, std::vector<ClaimBeside>> loss_claims;  // By currency.
};

[[nodiscard]] Result<Summary> Summarize(store::Store& store);

}  // namespace reckon::stats

#endif  // RECKON_STATS_COUNT_H_
