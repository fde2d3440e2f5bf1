// A thin RAII layer over the SQLite C API: one connection, cached prepared
// statements, typed binds and reads. Internal to the SQLite adapter.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "clasp/native/status.h"

namespace clasp::native::sqlite {

class Db;

// A prepared statement borrowed from the connection's cache; reset and
// cleared when it goes out of scope so the next borrower starts clean.
class Stmt {
 public:
  Stmt(Db* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int index, std::string_view text);
  Stmt& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Stmt& Bind(int index, const std::optional<std::string>& text);
  Stmt& Bind(int index, long long number);
  Stmt& BindOptional(int index, const std::optional<int>& number);

  // Steps once: true with a row, false when done; errors land in status().
  bool Step();
  // Steps to completion (for writes).
  Status Run();
  // The first bind or step error, if any.
  Status status() const;

  std::string Text(int column) const;
  std::optional<std::string> OptText(int column) const;
  long long Int(int column) const;
  std::optional<int> OptInt(int column) const;

 private:
  void RecordError();

  Db* db_;
  sqlite3_stmt* stmt_;
  std::optional<Diagnostic> error_;
};

class Db {
 public:
  static Result<std::unique_ptr<Db>> Open(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // The cached prepared statement for `sql`. One borrower per statement at a
  // time: a caller must not prepare the same SQL again while holding it.
  Result<std::unique_ptr<Stmt>> Prepare(std::string_view sql);
  // Runs one or more statements without results (DDL, BEGIN, COMMIT).
  Status Exec(std::string_view sql);
  // One statement through the statement cache: BEGIN, COMMIT and the like,
  // which run on every transaction and need not be parsed each time.
  Status Run(std::string_view sql);
  // Rows written by this connection so far (sqlite3_total_changes64).
  long long TotalChanges() const { return sqlite3_total_changes64(db_); }
  Result<long long> PragmaInt(std::string_view pragma);
  // Call before each BEGIN. `full`: synchronous = FULL and the default WAL
  // auto-checkpoint (1000 pages); otherwise synchronous = NORMAL and a
  // checkpoint only past 10000 pages (see sqlite_store.h). PRAGMAs are
  // issued only when the level changes. The first call also replaces the
  // busy_timeout handler with one of the same 5-second budget that retries
  // every few tens of microseconds (SQLite's sleeps 1, 2, 5, 10 … ms, far
  // longer than a resolve holds the write lock).
  Status PrepareTransaction(bool full);
  std::string LastError() const { return sqlite3_errmsg(db_); }
  // The last failure as a diagnostic: kStorageUnavailable (503) when a lock
  // stayed held past the busy budget, so callers can say "retry"; otherwise
  // kStorageError. `what` names the operation ("exec", "prepare", …).
  Diagnostic LastFailure(std::string_view what) const;
  Status Fail(std::string_view what) const;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
  std::optional<bool> synchronous_full_;  // unknown until PrepareTransaction
  std::chrono::steady_clock::time_point busy_since_;  // RetrySoon's first retry
};

}  // namespace clasp::native::sqlite
