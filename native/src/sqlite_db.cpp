#include "sqlite_db.h"

#include <mutex>
#include <thread>

namespace clasp::native::sqlite {

Stmt::~Stmt() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Stmt::RecordError() {
  if (!error_) error_ = db_->LastFailure("");
}

Stmt& Stmt::Bind(int index, std::string_view text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    RecordError();
  }
  return *this;
}

Stmt& Stmt::Bind(int index, const std::optional<std::string>& text) {
  if (text) return Bind(index, std::string_view(*text));
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) RecordError();
  return *this;
}

Stmt& Stmt::Bind(int index, long long number) {
  if (sqlite3_bind_int64(stmt_, index, number) != SQLITE_OK) RecordError();
  return *this;
}

Stmt& Stmt::BindOptional(int index, const std::optional<int>& number) {
  if (number) return Bind(index, static_cast<long long>(*number));
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) RecordError();
  return *this;
}

bool Stmt::Step() {
  if (error_) return false;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) RecordError();
  return false;
}

Status Stmt::Run() {
  while (Step()) {
  }
  return status();
}

Status Stmt::status() const {
  if (error_) return Status::Fail(*error_);
  return OkStatus();
}

std::string Stmt::Text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::optional<std::string> Stmt::OptText(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return Text(column);
}

long long Stmt::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<int> Stmt::OptInt(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return static_cast<int>(sqlite3_column_int64(stmt_, column));
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path) {
  // SQLite's memory statistics take one process-wide mutex on every
  // allocation, which the server's threads then queue on. Only possible
  // before SQLite initialises, i.e. before the first open.
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  std::unique_ptr<Db> db(new Db(raw));
  if (rc != SQLITE_OK) {
    return FailResult<std::unique_ptr<Db>>(Code::kStorageError,
                                           "SQLite: cannot open " + path + ": " + (raw ? db->LastError() : "out of memory"));
  }
  return Result<std::unique_ptr<Db>>::Ok(std::move(db));
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Stmt>> Db::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
      return Forward<std::unique_ptr<Stmt>>(Fail("prepare"));
    }
    it = cache_.emplace(std::string(sql), stmt).first;
  }
  return Result<std::unique_ptr<Stmt>>::Ok(std::make_unique<Stmt>(this, it->second));
}

Status Db::Run(std::string_view sql) {
  auto stmt = Prepare(sql);
  if (!stmt.ok()) return Forward<Done>(std::move(stmt));
  return (*stmt.value)->Run();
}

Status Db::Exec(std::string_view sql) {
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return Fail("exec");
  return OkStatus();
}

Result<long long> Db::PragmaInt(std::string_view pragma) {
  sqlite3_stmt* stmt = nullptr;
  const std::string sql = "PRAGMA " + std::string(pragma);
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return Forward<long long>(Fail("pragma"));
  long long value = 0;
  const int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Forward<long long>(Fail("pragma"));
  return Result<long long>::Ok(value);
}

namespace {

constexpr auto kBusyBudget = std::chrono::seconds(5);
constexpr int kFullCheckpointPages = 1000;      // SQLite's default
constexpr int kRelaxedCheckpointPages = 10000;  // ~40 MB of WAL

// sqlite3_busy_handler callback: `count` is 0 on the first retry of a lock.
int RetrySoon(void* started, int count) {
  auto& start = *static_cast<std::chrono::steady_clock::time_point*>(started);
  const auto now = std::chrono::steady_clock::now();
  if (count == 0) start = now;
  if (now - start >= kBusyBudget) return 0;
  std::this_thread::sleep_for(std::chrono::microseconds(count < 100 ? 20 : 500));
  return 1;
}

}  // namespace

Status Db::PrepareTransaction(bool full) {
  if (!synchronous_full_ && sqlite3_busy_handler(db_, RetrySoon, &busy_since_) != SQLITE_OK) return Fail("busy handler");
  if (synchronous_full_ == full) return OkStatus();
  if (auto s = Exec(full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"); !s.ok()) return s;
  sqlite3_wal_autocheckpoint(db_, full ? kFullCheckpointPages : kRelaxedCheckpointPages);
  synchronous_full_ = full;
  return OkStatus();
}

Diagnostic Db::LastFailure(std::string_view what) const {
  const int primary = sqlite3_errcode(db_) & 0xff;
  const Code code = primary == SQLITE_BUSY || primary == SQLITE_LOCKED ? Code::kStorageUnavailable : Code::kStorageError;
  std::string message = "SQLite";
  if (!what.empty()) message.append(" ").append(what);
  message.append(": ").append(LastError());
  return MakeDiagnostic(code, "", std::move(message));
}

Status Db::Fail(std::string_view what) const { return Status::Fail(LastFailure(what)); }

}  // namespace clasp::native::sqlite
