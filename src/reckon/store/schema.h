// The case schema as a list of forward migrations. Migration N takes a case at schema version
// N-1 to version N; a case file records its version in the schema_version table. The SQL is
// SQLite's dialect; docs/formats/case-schema.md describes every table and column.
#ifndef RECKON_STORE_SCHEMA_H_
#define RECKON_STORE_SCHEMA_H_

#include <string_view>
#include <vector>

namespace reckon::store {

struct Migration {
  int version;
  std::string_view description;
  std::string_view sql;
};

// All migrations, in version order. The last one's version is the current schema version.
[[nodiscard]] const std::vector<Migration>& Migrations();
[[nodiscard]] int CurrentSchemaVersion();

}  // namespace reckon::store

#endif  // RECKON_STORE_SCHEMA_H_
