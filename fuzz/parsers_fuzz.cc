// Fuzzes every parser of text that comes from outside: the first byte picks the parser, the rest
// is its input. Each parser must return a value or an error; a crash, a sanitizer report or a
// value that does not survive its own round trip is a finding.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/date.h"
#include "reckon/estimate/loglinear.h"
#include "reckon/estimate/table.h"
#include "reckon/evidence/exif.h"
#include "reckon/evidence/note.h"
#include "reckon/ingest/csv.h"
#include "reckon/ingest/mapping.h"
#include "reckon/model/vocabulary.h"
#include "reckon/names/names.h"
#include "reckon/stats/count.h"

namespace {

using namespace reckon;

// Stops the run: libFuzzer keeps the input that led here.
void Check(bool ok) {
  if (!ok) std::abort();
}

void Dates(std::string_view text, bool month_first) {
  auto order = month_first ? DateOrder::kMonthDayYear : DateOrder::kDayMonthYear;
  auto date = UncertainDate::Parse(text, order);
  if (!date) return;
  auto again = UncertainDate::Parse(date->ToString());
  Check(again.has_value() && *again == *date);
}

void Ages(std::string_view text) {
  auto age = AgeRange::Parse(text);
  if (!age) return;
  Check(age->youngest <= age->oldest && age->oldest <= AgeRange::kMaxAge);
  auto again = AgeRange::Parse(age->ToString());
  Check(again.has_value() && *again == *age);
}

void Csv(std::string_view data, char delimiter) {
  ingest::CsvReader reader(data, delimiter);
  ingest::CsvRecord record;
  for (int i = 0; i < 100000; ++i) {
    auto more = reader.Next(record);
    if (!more || !*more) return;
    for (size_t f = 0; f < record.fields.size(); ++f) Check(record.FieldColumn(f) >= 1);
  }
}

void Names(std::string_view text) {
  const size_t half = text.size() / 2;
  model::PersonName name;
  name.full = std::string(text.substr(0, half));
  name.family = std::string(text.substr(half));
  (void)names::ParseName(name);
  (void)names::DetectScript(text);
  std::string key = names::LatinKey(text);
  std::string skeleton = names::Skeleton(key);
  (void)names::PhoneticKey(skeleton);
  (void)names::SurnameStem(skeleton);
  (void)names::TurkicSkeleton(key);
  (void)names::WesternSkeleton(key);
  double jw = names::JaroWinkler(text.substr(0, half), text.substr(half));
  Check(jw >= 0.0 && jw <= 1.0);
  Check(names::DamerauLevenshtein(text.substr(0, half), text.substr(half)) >= 0);
  auto a = names::MakeWord(text.substr(0, half));
  auto b = names::MakeWord(text.substr(half));
  double similarity = names::WordSimilarity(a, b);
  Check(similarity >= 0.0 && similarity <= 1.0);
  (void)names::Equivalent(a, b);
}

void Notes(std::string_view text) {
  static const auto signer = evidence::SignerKey::Generate("fuzz.example/log");
  static const std::vector<evidence::VerifierKey> known = {signer->Verifier()};
  (void)evidence::OpenNote(text, known);
  (void)evidence::VerifierKey::Parse(text);
  (void)evidence::SignerKey::Parse(text);
  auto checkpoint = evidence::Checkpoint::Parse(text);
  if (checkpoint) {
    auto again = evidence::Checkpoint::Parse(checkpoint->Body());
    Check(again.has_value() && again->Body() == checkpoint->Body());
  }
}

void Estimation(std::string_view text) {
  (void)estimate::ParseTable(text, "fuzz.csv");
  (void)estimate::ParseModel(text, {"A", "B", "C", "D"});
}

void Counts(std::string_view text) {
  (void)stats::ParseAgeBands(text);
  (void)stats::DimensionFromName(text);
}

// The first 64 bytes as the head of the file, the whole input as the file behind `read_at`.
void Exif(std::string_view file) {
  auto read_at = [file](std::uint64_t offset, std::size_t length) {
    if (offset >= file.size()) return std::string();
    return std::string(file.substr(offset, length));
  };
  (void)evidence::ParseCaptureMetadata(file.substr(0, std::min<size_t>(file.size(), 64)), read_at);
  (void)evidence::ParseCaptureMetadata(file);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 12) {
    case 0:
      Dates(text, false);
      break;
    case 1:
      Dates(text, true);
      break;
    case 2:
      Ages(text);
      break;
    case 3:
      Csv(text, ',');
      break;
    case 4:
      Csv(text, ingest::GuessDelimiter(text));
      break;
    case 5:
      (void)ingest::Mapping::FromJson(text);
      break;
    case 6:
      Names(text);
      break;
    case 7:
      Notes(text);
      break;
    case 8:
      Estimation(text);
      break;
    case 9:
      Counts(text);
      break;
    case 10:
      (void)evidence::ParseCaptureMetadata(text);
      break;
    default:
      (void)model::Vocabulary::FromJson(text, text);
      break;
  }
  return 0;
}
