#include "reckon/core/date.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "reckon/core/text.h"

namespace reckon {
namespace {

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Parses an unsigned decimal number that makes up all of `text`: digits only, no sign.
std::optional<int> ParseNumber(std::string_view text) {
  if (text.size() > 9 || !AllDigits(text)) return std::nullopt;
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

Result<CivilDate> CheckCivil(std::string_view text, int year, int month, int day) {
  if (year < 1 || year > 9999) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        std::string(text) + ": year " + std::to_string(year) + " is out of range 1..9999");
  }
  if (month < 1 || month > 12) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(text) + ": month " + std::to_string(month) + " is not 1..12");
  }
  int days = DaysInMonth(year, month);
  if (day < 1 || day > days) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string(text) + ": " + kMonthNames[month - 1] + " " +
                         std::to_string(year) + " has " + std::to_string(days) + " days");
  }
  return CivilDate{year, month, day};
}

// A single point-like date: a day, a month or a year, as an interval and its precision.
struct Point {
  DatePrecision precision;
  DayNumber earliest;
  DayNumber latest;
};

Result<Point> ParsePoint(std::string_view text, DateOrder order) {
  text = Trim(text);
  auto bad = [&]() {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + std::string(text) +
                         "' is not a date; expected YYYY-MM-DD, YYYY-MM, YYYY, DD.MM.YYYY, a range "
                         "A/B, 'before X', 'after X' or '~X'");
  };
  if (AllDigits(text) && text.size() == 4) {
    int year = *ParseNumber(text);
    RECKON_TRY(CheckCivil(text, year, 1, 1));
    return Point{DatePrecision::kYear, DaysFromCivil({year, 1, 1}), DaysFromCivil({year, 12, 31})};
  }
  if (AllDigits(text) && text.size() == 8) {  // YYYYMMDD
    int year = *ParseNumber(text.substr(0, 4));
    int month = *ParseNumber(text.substr(4, 2));
    int day = *ParseNumber(text.substr(6, 2));
    RECKON_ASSIGN_OR_RETURN(CivilDate civil, CheckCivil(text, year, month, day));
    DayNumber d = DaysFromCivil(civil);
    return Point{DatePrecision::kDay, d, d};
  }
  // Split on the first separator kind found.
  char separator = 0;
  for (char c : text) {
    if (c == '-' || c == '.' || c == '/') {
      separator = c;
      break;
    }
  }
  if (separator == 0) return bad();
  std::vector<std::string_view> parts = Split(text, separator);
  for (auto part : parts) {
    if (!AllDigits(part)) return bad();
  }
  if (separator == '-' && parts[0].size() == 4) {  // ISO
    int year = *ParseNumber(parts[0]);
    if (parts.size() == 2 && parts[1].size() <= 2) {
      int month = *ParseNumber(parts[1]);
      RECKON_TRY(CheckCivil(text, year, month, 1));
      return Point{DatePrecision::kMonth, DaysFromCivil({year, month, 1}),
                   DaysFromCivil({year, month, DaysInMonth(year, month)})};
    }
    if (parts.size() == 3 && parts[1].size() <= 2 && parts[2].size() <= 2) {
      RECKON_ASSIGN_OR_RETURN(
          CivilDate civil, CheckCivil(text, year, *ParseNumber(parts[1]), *ParseNumber(parts[2])));
      DayNumber d = DaysFromCivil(civil);
      return Point{DatePrecision::kDay, d, d};
    }
    return bad();
  }
  if (parts.back().size() != 4) return bad();
  int year = *ParseNumber(parts.back());
  if (parts.size() == 2 && parts[0].size() <= 2) {  // MM.YYYY
    int month = *ParseNumber(parts[0]);
    RECKON_TRY(CheckCivil(text, year, month, 1));
    return Point{DatePrecision::kMonth, DaysFromCivil({year, month, 1}),
                 DaysFromCivil({year, month, DaysInMonth(year, month)})};
  }
  if (parts.size() == 3 && parts[0].size() <= 2 && parts[1].size() <= 2) {
    int first = *ParseNumber(parts[0]);
    int second = *ParseNumber(parts[1]);
    bool month_first = order == DateOrder::kMonthDayYear;
    RECKON_ASSIGN_OR_RETURN(CivilDate civil, CheckCivil(text, year, month_first ? first : second,
                                                        month_first ? second : first));
    DayNumber d = DaysFromCivil(civil);
    return Point{DatePrecision::kDay, d, d};
  }
  return bad();
}

std::string FormatPoint(DatePrecision precision, DayNumber earliest) {
  CivilDate c = CivilFromDays(earliest);
  char buffer[16];
  switch (precision) {
    case DatePrecision::kYear:
      std::snprintf(buffer, sizeof buffer, "%04d", c.year);
      return buffer;
    case DatePrecision::kMonth:
      std::snprintf(buffer, sizeof buffer, "%04d-%02d", c.year, c.month);
      return buffer;
    default:
      return FormatDay(earliest);
  }
}

bool StartsWithWord(std::string_view text, std::string_view word, std::string_view* rest) {
  if (text.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
  }
  *rest = Trim(text.substr(word.size()));
  return true;
}

}  // namespace

DayNumber DaysFromCivil(const CivilDate& date) {
  int y = date.year - (date.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int mp = (date.month + 9) % 12;
  const int doy = (153 * mp + 2) / 5 + date.day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(DayNumber days) {
  int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int day = doy - (153 * mp + 2) / 5 + 1;
  const int month = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeap(year)) return 29;
  return kDays[month - 1];
}

std::string FormatDay(DayNumber days) {
  CivilDate c = CivilFromDays(days);
  if (c.year < 0 || c.year > 9999) {
    char buffer[24];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", c.year, c.month, c.day);
    return buffer;
  }
  // "YYYY-MM-DD" without printf: this runs for every date written or hashed.
  std::string out = "0000-00-00";
  auto put = [&out](size_t at, int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      out[at + static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, c.year, 4);
  put(5, c.month, 2);
  put(8, c.day, 2);
  return out;
}

int CompletedYears(DayNumber from, DayNumber to) {
  CivilDate a = CivilFromDays(from);
  CivilDate b = CivilFromDays(to);
  int years = b.year - a.year;
  if (b.month < a.month || (b.month == a.month && b.day < a.day)) --years;
  return years;
}

Result<UncertainDate> UncertainDate::Parse(std::string_view text, DateOrder order) {
  text = Trim(text);
  UncertainDate result;
  if (text.empty()) return result;
  std::string_view rest;
  if (text[0] == '~' || StartsWithWord(text, "c.", &rest) || StartsWithWord(text, "about", &rest) ||
      StartsWithWord(text, "approx", &rest)) {
    if (text[0] == '~') rest = Trim(text.substr(1));
    RECKON_ASSIGN_OR_RETURN(Point p, ParsePoint(rest, order));
    CivilDate lo = CivilFromDays(p.earliest);
    CivilDate hi = CivilFromDays(p.latest);
    result.precision_ = DatePrecision::kApproximate;
    switch (p.precision) {
      case DatePrecision::kYear:
        result.earliest_ = DaysFromCivil({lo.year - 1, 1, 1});
        result.latest_ = DaysFromCivil({hi.year + 1, 12, 31});
        break;
      case DatePrecision::kMonth: {
        CivilDate before =
            lo.month == 1 ? CivilDate{lo.year - 1, 12, 1} : CivilDate{lo.year, lo.month - 1, 1};
        CivilDate after =
            hi.month == 12 ? CivilDate{hi.year + 1, 1, 1} : CivilDate{hi.year, hi.month + 1, 1};
        after.day = DaysInMonth(after.year, after.month);
        result.earliest_ = DaysFromCivil(before);
        result.latest_ = DaysFromCivil(after);
        break;
      }
      default:
        result.earliest_ = p.earliest - 7;
        result.latest_ = p.latest + 7;
    }
    result.anchor_ = FormatPoint(p.precision, p.earliest);
    return result;
  }
  if (text[0] == '<' || StartsWithWord(text, "before", &rest)) {
    if (text[0] == '<') rest = Trim(text.substr(1));
    RECKON_ASSIGN_OR_RETURN(Point p, ParsePoint(rest, order));
    result.precision_ = DatePrecision::kBefore;
    result.latest_ = p.earliest - 1;
    result.anchor_ = FormatPoint(p.precision, p.earliest);
    return result;
  }
  if (text[0] == '>' || StartsWithWord(text, "after", &rest)) {
    if (text[0] == '>') rest = Trim(text.substr(1));
    RECKON_ASSIGN_OR_RETURN(Point p, ParsePoint(rest, order));
    result.precision_ = DatePrecision::kAfter;
    result.earliest_ = p.latest + 1;
    result.anchor_ = FormatPoint(p.precision, p.earliest);
    return result;
  }
  size_t range_at = text.find("..");
  size_t range_length = 2;
  if (range_at == std::string_view::npos) {
    // "A/B" is a range only when both halves are dates (DD/MM/YYYY uses '/' too).
    size_t slash = text.find('/');
    if (slash != std::string_view::npos && slash >= 4 && text.find('-') != std::string_view::npos) {
      range_at = slash;
      range_length = 1;
    }
  }
  if (range_at != std::string_view::npos) {
    RECKON_ASSIGN_OR_RETURN(Point from, ParsePoint(text.substr(0, range_at), order));
    RECKON_ASSIGN_OR_RETURN(Point to, ParsePoint(text.substr(range_at + range_length), order));
    if (to.latest < from.earliest) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "'" + std::string(text) + "': the range ends before it starts");
    }
    return Between(from.earliest, to.latest);
  }
  RECKON_ASSIGN_OR_RETURN(Point p, ParsePoint(text, order));
  result.precision_ = p.precision;
  result.earliest_ = p.earliest;
  result.latest_ = p.latest;
  return result;
}

UncertainDate UncertainDate::Day(DayNumber day) {
  UncertainDate d;
  d.precision_ = DatePrecision::kDay;
  d.earliest_ = d.latest_ = day;
  return d;
}

UncertainDate UncertainDate::Year(int year) {
  UncertainDate d;
  d.precision_ = DatePrecision::kYear;
  d.earliest_ = DaysFromCivil({year, 1, 1});
  d.latest_ = DaysFromCivil({year, 12, 31});
  return d;
}

UncertainDate UncertainDate::Between(DayNumber earliest, DayNumber latest) {
  if (earliest == latest) return Day(earliest);
  UncertainDate d;
  CivilDate lo = CivilFromDays(earliest);
  CivilDate hi = CivilFromDays(latest);
  if (lo.day == 1 && hi.year == lo.year && hi.month == lo.month &&
      hi.day == DaysInMonth(hi.year, hi.month)) {
    d.precision_ = DatePrecision::kMonth;
  } else if (lo.month == 1 && lo.day == 1 && hi.year == lo.year && hi.month == 12 && hi.day == 31) {
    d.precision_ = DatePrecision::kYear;
  } else {
    d.precision_ = DatePrecision::kRange;
  }
  d.earliest_ = earliest;
  d.latest_ = latest;
  return d;
}

std::string UncertainDate::ToString() const {
  switch (precision_) {
    case DatePrecision::kUnknown:
      return "";
    case DatePrecision::kDay:
    case DatePrecision::kMonth:
    case DatePrecision::kYear:
      return FormatPoint(precision_, earliest_);
    case DatePrecision::kRange:
      return FormatDay(earliest_) + "/" + FormatDay(latest_);
    case DatePrecision::kBefore:
      return "before " + anchor_;
    case DatePrecision::kAfter:
      return "after " + anchor_;
    case DatePrecision::kApproximate:
      return "~" + anchor_;
  }
  return "";
}

Result<AgeRange> AgeRange::Parse(std::string_view text) {
  text = Trim(text);
  AgeRange age;
  if (text.empty()) return age;
  auto bad = [&](std::string_view why) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "'" + std::string(text) + "' is not an age: " + std::string(why));
  };
  bool approximate = false;
  if (text.front() == '~') {
    approximate = true;
    text = Trim(text.substr(1));
  } else if (text.back() == '?') {
    approximate = true;
    text = Trim(text.substr(0, text.size() - 1));
  }
  int youngest = 0;
  int oldest = 0;
  size_t dash = text.find('-');
  if (dash != std::string_view::npos && dash > 0) {
    auto a = ParseNumber(Trim(text.substr(0, dash)));
    auto b = ParseNumber(Trim(text.substr(dash + 1)));
    if (!a || !b) return bad("expected a whole number of years, a range like 30-35, or ~34");
    youngest = *a;
    oldest = *b;
  } else {
    auto a = ParseNumber(text);
    if (!a) return bad("expected a whole number of years, a range like 30-35, or ~34");
    youngest = oldest = *a;
  }
  if (oldest < youngest) return bad("the range ends before it starts");
  if (oldest > kMaxAge) return bad("ages run from 0 to 130");
  if (approximate) {
    youngest = std::max(0, youngest - 2);
    oldest = std::min(kMaxAge, oldest + 2);
    if (youngest == 0 && oldest == kMaxAge) return age;  // Widened to every age: unknown.
  }
  age.youngest = youngest;
  age.oldest = oldest;
  age.approximate = approximate;
  return age;
}

std::string AgeRange::ToString() const {
  if (!known()) return "";
  if (approximate) {
    // The text Parse widened by two years each way. A bound it clipped at 0 (or kMaxAge) came
    // from any of 0-2 (or kMaxAge-2 to kMaxAge): take the one nearest the other bound.
    int low = youngest + 2;
    int high = oldest - 2;
    if (youngest == 0) low = std::min(high, 2);
    if (oldest == kMaxAge) high = std::max(low, kMaxAge - 2);
    if (low == high) return "~" + std::to_string(low);
    if (low < high) return "~" + std::to_string(low) + "-" + std::to_string(high);
  }
  if (youngest == oldest) return std::to_string(youngest);
  return std::to_string(youngest) + "-" + std::to_string(oldest);
}

AgeRange AgeAt(const UncertainDate& birth, const UncertainDate& event) {
  if (!birth.known() || !event.known()) return AgeRange();
  return AgeBetween(birth.earliest(), birth.latest(), event.earliest(), event.latest());
}

AgeRange AgeBetween(DayNumber birth_earliest, DayNumber birth_latest, DayNumber event_earliest,
                    DayNumber event_latest) {
  AgeRange age;
  if (birth_earliest <= kNoEarliest || birth_latest >= kNoLatest || event_earliest <= kNoEarliest ||
      event_latest >= kNoLatest || event_latest < birth_earliest) {
    return age;
  }
  age.youngest = std::max(0, CompletedYears(birth_latest, std::max(event_earliest, birth_latest)));
  age.oldest = std::min(AgeRange::kMaxAge, CompletedYears(birth_earliest, event_latest));
  if (age.oldest < age.youngest) age.oldest = age.youngest;
  return age;
}

}  // namespace reckon
