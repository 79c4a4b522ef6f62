// Fuzzes `reckon import` and `reckon-verify` with whole files. The first byte holds flags:
//   bit 0: the file is JSON Lines (else CSV);  bit 1: --skip-invalid;
//   bit 2: the input starts with a mapping file, ended by a line "%%";
//   bit 3: the input is a bundle.json for VerifyBundle instead.
// An import either succeeds or changes nothing; a crash or sanitizer report is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "reckon/core/clock.h"
#include "reckon/evidence/bundle.h"
#include "reckon/ingest/importer.h"
#include "reckon/ingest/mapping.h"
#include "reckon/model/vocabulary.h"
#include "reckon/store/sqlite/sqlite_store.h"

namespace {

using namespace reckon;

void Check(bool ok) {
  if (!ok) std::abort();
}

std::filesystem::path WorkDir() {
  static const std::filesystem::path dir = [] {
    auto path =
        std::filesystem::temp_directory_path() / ("reckon-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path / "bundle");
    return path;
  }();
  return dir;
}

void Write(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::int64_t Count(store::Store& store, store::RecordKind kind) {
  auto count = store.CountRecords(kind);
  Check(count.has_value());
  return *count;
}

// One case for many inputs; a new one every 1,000 so it stays small.
store::Store& Case() {
  static const FixedClock clock(1'700'000'000);
  static std::unique_ptr<store::Store> store;
  static int uses = 0;
  if (!store || ++uses % 1000 == 0) {
    store.reset();
    const auto path = WorkDir() / "case.reckon";
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path.string() + suffix);
    }
    auto created = store::OpenSqliteStore(path.string(), store::OpenMode::kCreate, clock);
    Check(created.has_value());
    store = std::move(*created);
  }
  return *store;
}

void Import(std::uint8_t flags, std::string_view text) {
  ingest::ImportOptions options;
  options.source_name = "Fuzz list";
  options.skip_invalid = (flags & 2) != 0;
  if ((flags & 4) != 0) {
    const size_t end = text.find("\n%%\n");
    if (end == std::string_view::npos) return;
    auto mapping = ingest::Mapping::FromJson(text.substr(0, end));
    if (!mapping) {
      Check(!mapping.error().message.empty());
      return;
    }
    options.mapping = std::move(*mapping);
    text.remove_prefix(end + 4);
  }
  const auto path = WorkDir() / ((flags & 1) != 0 ? "list.jsonl" : "list.csv");
  Write(path, text);
  options.path = path.string();
  options.rejects_path = (WorkDir() / "rejects").string();

  store::Store& store = Case();
  const std::int64_t raw = Count(store, store::RecordKind::kRawRecord);
  const std::int64_t mentions = Count(store, store::RecordKind::kPersonMention);
  const std::int64_t acts = Count(store, store::RecordKind::kAct);
  auto report = ingest::ImportFile(store, options, model::Vocabulary::Builtin());
  if (!report) {
    Check(!report.error().message.empty());
    Check(Count(store, store::RecordKind::kRawRecord) == raw);
    Check(Count(store, store::RecordKind::kPersonMention) == mentions);
    Check(Count(store, store::RecordKind::kAct) == acts);
    return;
  }
  if (report->already_imported) return;
  Check(Count(store, store::RecordKind::kRawRecord) == raw + report->rows_imported);
  Check(Count(store, store::RecordKind::kPersonMention) == mentions + report->mentions);
  Check(Count(store, store::RecordKind::kAct) == acts + report->acts);
  Check(report->rows_imported + report->rejected == report->rows_read);
}

void Bundle(std::string_view text) {
  Write(WorkDir() / "bundle" / "bundle.json", text);
  auto report = evidence::VerifyBundle((WorkDir() / "bundle").string(), {});
  if (!report) Check(!report.error().message.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if ((data[0] & 8) != 0) {
    Bundle(text);
  } else {
    Import(data[0], text);
  }
  return 0;
}
