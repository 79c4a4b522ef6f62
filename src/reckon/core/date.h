// Calendar dates as investigators know them: often uncertain. An UncertainDate is an interval
// of days [earliest, latest] with a kind saying how the source expressed it (an exact day, a
// month, a year, a range, before or after a day, approximately). Days are counted from
// 1970-01-01 in the proleptic Gregorian calendar. AgeRange is an age in whole years, also an
// interval. Parsing reports exactly what is wrong with a text; all types are plain values.
#ifndef RECKON_CORE_DATE_H_
#define RECKON_CORE_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "reckon/core/result.h"

namespace reckon {

// Day number: days since 1970-01-01 (negative before).
using DayNumber = std::int32_t;

inline constexpr DayNumber kNoEarliest = -1'000'000;  // Open lower bound (before year -770).
inline constexpr DayNumber kNoLatest = 3'000'000;     // Open upper bound (after year 10183).

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Day number of a valid civil date (algorithm "days_from_civil", H. Hinnant, public domain).
[[nodiscard]] DayNumber DaysFromCivil(const CivilDate& date);
// Civil date of a day number (inverse of DaysFromCivil).
[[nodiscard]] CivilDate CivilFromDays(DayNumber days);
[[nodiscard]] int DaysInMonth(int year, int month);
// "YYYY-MM-DD".
[[nodiscard]] std::string FormatDay(DayNumber days);
// Completed years from `from` to `to` (to >= from), as an age is counted.
[[nodiscard]] int CompletedYears(DayNumber from, DayNumber to);

// How a date was given by its source.
enum class DatePrecision : std::uint8_t {
  kUnknown,      // No date.
  kDay,          // 2020-02-26
  kMonth,        // 2020-02
  kYear,         // 2020
  kRange,        // 2020-02-01/2020-02-10
  kBefore,       // before 2020-03-01 (on or before the day before it)
  kAfter,        // after 2020-03-01
  kApproximate,  // ~2020-02-26: widened by 7 days, a month or a year, by the anchor's precision
};

// Order of day and month in numeric dates that are not ISO ("01.02.2020", "01/02/2020").
enum class DateOrder : std::uint8_t { kDayMonthYear, kMonthDayYear };

class UncertainDate {
 public:
  UncertainDate() = default;

  // Parses the forms listed in docs/data-model.md: ISO day, month and year; DD.MM.YYYY,
  // DD/MM/YYYY (or MM/DD/YYYY by `order`); ranges "A/B" or "A..B"; "before X" or "<X";
  // "after X" or ">X"; "~X", "c. X", "about X". Empty text gives an unknown date.
  // Returns kInvalidArgument with a message naming the problem (e.g. "2021-02-29: February 2021
  // has 28 days") when the text is not a date or names an impossible one.
  [[nodiscard]] static Result<UncertainDate> Parse(std::string_view text,
                                                   DateOrder order = DateOrder::kDayMonthYear);
  [[nodiscard]] static UncertainDate Day(DayNumber day);
  [[nodiscard]] static UncertainDate Year(int year);
  [[nodiscard]] static UncertainDate Between(DayNumber earliest, DayNumber latest);

  [[nodiscard]] DatePrecision precision() const { return precision_; }
  [[nodiscard]] bool known() const { return precision_ != DatePrecision::kUnknown; }
  [[nodiscard]] DayNumber earliest() const { return earliest_; }
  [[nodiscard]] DayNumber latest() const { return latest_; }

  // Canonical text; Parse(ToString()) gives back an equal value. Empty when unknown.
  [[nodiscard]] std::string ToString() const;

  friend bool operator==(const UncertainDate&, const UncertainDate&) = default;

 private:
  DatePrecision precision_ = DatePrecision::kUnknown;
  DayNumber earliest_ = kNoEarliest;
  DayNumber latest_ = kNoLatest;
  std::string anchor_;  // For kApproximate: the text after "~", canonical.
};

// An age in completed years, as an interval: "34" is [34,34], "30-35" is [30,35], "~34" and
// "34?" are [32,36]. Unknown ages are [0, kMaxAge] with known() false.
struct AgeRange {
  static constexpr int kMaxAge = 130;
  int youngest = 0;
  int oldest = kMaxAge;
  bool approximate = false;

  [[nodiscard]] bool known() const { return !(youngest == 0 && oldest == kMaxAge); }
  // Parses an age. Returns kInvalidArgument for text that is not an age or is out of 0..130.
  [[nodiscard]] static Result<AgeRange> Parse(std::string_view text);
  [[nodiscard]] std::string ToString() const;
  friend bool operator==(const AgeRange&, const AgeRange&) = default;
};

// The age range at `event` of someone born within `birth`; unknown if either is unknown.
[[nodiscard]] AgeRange AgeAt(const UncertainDate& birth, const UncertainDate& event);
// The same for intervals of day numbers (open bounds give an unknown age).
[[nodiscard]] AgeRange AgeBetween(DayNumber birth_earliest, DayNumber birth_latest,
                                  DayNumber event_earliest, DayNumber event_latest);

}  // namespace reckon

#endif  // RECKON_CORE_DATE_H_
