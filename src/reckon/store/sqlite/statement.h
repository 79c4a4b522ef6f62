// A thin RAII layer over sqlite3 prepared statements, private to the SQLite store. Statement
// binds parameters by 1-based index, steps, and reads columns by 0-based index; Database owns
// the connection and caches prepared statements by SQL text. SqliteError() turns a SQLite
// result code into reckon's ErrorCode. Not thread-safe.
#ifndef RECKON_STORE_SQLITE_STATEMENT_H_
#define RECKON_STORE_SQLITE_STATEMENT_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "reckon/core/result.h"

namespace reckon::store::sqlite {

// Maps a SQLite result code and message to an Error.
[[nodiscard]] Error SqliteError(int code, std::string_view message);

class Statement {
 public:
  explicit Statement(sqlite3_stmt* statement) : statement_(statement) {}

  void BindInt(int index, std::int64_t value) { sqlite3_bind_int64(statement_, index, value); }
  void BindText(int index, std::string_view value) {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
  }
  // Binds text without copying: `value` must stay valid until the statement is stepped and
  // reset (use for fields of records that outlive the insert, never for temporaries).
  void BindView(int index, std::string_view value) {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_STATIC);
  }
  void BindDouble(int index, double value) { sqlite3_bind_double(statement_, index, value); }
  void BindNull(int index) { sqlite3_bind_null(statement_, index); }
  // Binds NULL for id 0 (no reference).
  void BindId(int index, std::int64_t id) {
    if (id == 0) {
      BindNull(index);
    } else {
      BindInt(index, id);
    }
  }
  void BindOptionalDouble(int index, const std::optional<double>& value) {
    if (value) {
      BindDouble(index, *value);
    } else {
      BindNull(index);
    }
  }

  // Steps once: true when a row is available, false when done.
  [[nodiscard]] Result<bool> Step();
  // Steps until done (for statements that return no rows).
  [[nodiscard]] Status Run();

  [[nodiscard]] bool IsNull(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
  }
  [[nodiscard]] std::int64_t Int(int column) const {
    return sqlite3_column_int64(statement_, column);
  }
  [[nodiscard]] double Double(int column) const {
    return sqlite3_column_double(statement_, column);
  }
  [[nodiscard]] std::string_view View(int column) const {
    const auto* text = sqlite3_column_text(statement_, column);
    if (text == nullptr) return {};
    return std::string_view(reinterpret_cast<const char*>(text),
                            static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
  }
  [[nodiscard]] std::string Text(int column) const { return std::string(View(column)); }
  [[nodiscard]] std::optional<double> OptionalDouble(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Double(column);
  }
  [[nodiscard]] int ColumnCount() const { return sqlite3_column_count(statement_); }
  [[nodiscard]] std::string ColumnName(int column) const {
    return sqlite3_column_name(statement_, column);
  }

  sqlite3_stmt* get() const { return statement_; }

 private:
  sqlite3_stmt* statement_;
};

class Database {
 public:
  explicit Database(sqlite3* connection) : connection_(connection) {}
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // A cached statement for `sql`, reset and with bindings cleared. kInternal on a bad SQL text.
  [[nodiscard]] Result<Statement> Prepare(const std::string& sql);
  // Runs one or more statements with no parameters.
  [[nodiscard]] Status Execute(const std::string& sql);

  sqlite3* connection() const { return connection_; }

 private:
  sqlite3* connection_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace reckon::store::sqlite

#endif  // RECKON_STORE_SQLITE_STATEMENT_H_
