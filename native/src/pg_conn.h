// A thin RAII layer over libpq: one connection, statements prepared once per
// connection, text-format parameters and results. Internal to the PostgreSQL
// adapter.
#pragma once

#include <libpq-fe.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clasp/native/status.h"

namespace clasp::native::pg {

// NULL or the parameter's text form (PostgreSQL infers the column type).
using Param = std::optional<std::string>;

// The rows of one successful query. Columns are read as text, which is what
// the adapter asks for (ids as uuid text, jsonb as text, timestamps as ISO).
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result, &PQclear) {}
  int size() const { return PQntuples(result_.get()); }
  std::string Text(int row, int column) const;
  std::optional<std::string> OptText(int row, int column) const;
  long long Int(int row, int column) const;
  std::optional<int> OptInt(int row, int column) const;
  bool Bool(int row, int column) const;

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

class Conn {
 public:
  // Connects with a libpq connection string or postgresql:// URL. Server
  // notices are discarded (they can quote row data).
  static Result<std::unique_ptr<Conn>> Open(const std::string& conninfo);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs `sql` (one statement, $1.. placeholders) as a statement prepared
  // on first use. Failures are kStorageError "PostgreSQL: <primary message>"
  // and leave their SQLSTATE in last_sqlstate().
  Result<Rows> Query(std::string_view sql, const std::vector<Param>& params);
  // Query, one row at a time (libpq's single-row mode): `row` gets a Rows of
  // size 1 per row as it arrives, so a million-row listing never sits in
  // memory twice (as a PGresult and as the caller's rows). A failure after
  // some rows still fails the whole call.
  Status QueryEach(std::string_view sql, const std::vector<Param>& params, const std::function<void(const Rows&)>& row);
  // Runs one or more parameterless statements (DDL, BEGIN, COMMIT).
  Status Exec(std::string_view sql);
  const std::string& last_sqlstate() const { return last_sqlstate_; }
  // Reconnects when the server dropped the connection; prepared statements
  // are re-prepared lazily.
  Status EnsureConnected();

 private:
  explicit Conn(PGconn* conn) : conn_(conn) {}
  Status Fail(PGresult* result);
  // The prepared statement's name, preparing `sql` on first use.
  Result<std::string> Prepared(std::string_view sql);
  PGconn* conn_;
  std::map<std::string, std::string, std::less<>> prepared_;
  std::string last_sqlstate_;
};

}  // namespace clasp::native::pg
