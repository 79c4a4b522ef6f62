#include "reckon/store/sqlite/statement.h"

namespace reckon::store::sqlite {

Error SqliteError(int code, std::string_view message) {
  ErrorCode kind = ErrorCode::kInternal;
  std::string_view advice;  // What to do, for the errors a user can act on.
  switch (code & 0xFF) {
    case SQLITE_CONSTRAINT:
      kind = (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
                 ? ErrorCode::kAlreadyExists
                 : ErrorCode::kInvalidArgument;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      kind = ErrorCode::kUnavailable;
      advice = "another process is writing the case; try again when it has finished";
      break;
    case SQLITE_FULL:
    case SQLITE_IOERR:
      kind = ErrorCode::kUnavailable;
      advice = "the disk refused; check its free space and health (a failed write changes nothing)";
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      kind = ErrorCode::kUnavailable;
      advice = "check that the case file and its directory can be read and written";
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      kind = ErrorCode::kDataLoss;
      advice =
          "the case file is damaged; 'reckon verify' shows what still checks, and a copy of the "
          "file from before the damage restores it";
      break;
    default:
      break;
  }
  std::string text = "case database: " + std::string(message);
  if (!advice.empty()) text += " (" + std::string(advice) + ")";
  return Error{kind, std::move(text)};
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(statement_);
  return tl::unexpected(SqliteError(sqlite3_extended_errcode(db), sqlite3_errmsg(db)));
}

Status Statement::Run() {
  while (true) {
    RECKON_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return {};
  }
}

Database::~Database() {
  for (auto& [sql, statement] : cache_) sqlite3_finalize(statement);
  sqlite3_close_v2(connection_);
}

Result<Statement> Database::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    sqlite3_reset(it->second);
    sqlite3_clear_bindings(it->second);
    return Statement(it->second);
  }
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v3(connection_, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (rc != SQLITE_OK) {
    return tl::unexpected(
        SqliteError(rc, std::string(sqlite3_errmsg(connection_)) + " in: " + sql));
  }
  cache_.emplace(sql, statement);
  return Statement(statement);
}

Status Database::Execute(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(connection_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return tl::unexpected(SqliteError(sqlite3_extended_errcode(connection_), text));
  }
  return {};
}

}  // namespace reckon::store::sqlite
