#include "pg_conn.h"

#include <charconv>

namespace clasp::native::pg {
namespace {

void DiscardNotice(void*, const char*) {}

long long ParseInt(const char* text) {
  long long value = 0;
  std::string_view s(text);
  std::from_chars(s.data(), s.data() + s.size(), value);
  return value;
}

std::vector<const char*> Values(const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p ? p->c_str() : nullptr);
  return values;
}

}  // namespace

std::string Rows::Text(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::optional<std::string> Rows::OptText(int row, int column) const {
  if (PQgetisnull(result_.get(), row, column)) return std::nullopt;
  return Text(row, column);
}

long long Rows::Int(int row, int column) const { return ParseInt(PQgetvalue(result_.get(), row, column)); }

std::optional<int> Rows::OptInt(int row, int column) const {
  if (PQgetisnull(result_.get(), row, column)) return std::nullopt;
  return static_cast<int>(Int(row, column));
}

bool Rows::Bool(int row, int column) const { return PQgetvalue(result_.get(), row, column)[0] == 't'; }

Result<std::unique_ptr<Conn>> Conn::Open(const std::string& conninfo) {
  PGconn* raw = PQconnectdb(conninfo.c_str());
  std::unique_ptr<Conn> conn(new Conn(raw));
  if (raw == nullptr) return FailResult<std::unique_ptr<Conn>>(Code::kStorageError, "PostgreSQL: out of memory");
  if (PQstatus(raw) != CONNECTION_OK) {
    // libpq's message names host and port, never the password.
    std::string message = PQerrorMessage(raw);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    return FailResult<std::unique_ptr<Conn>>(Code::kStorageUnavailable, "PostgreSQL: cannot connect: " + message);
  }
  PQsetNoticeProcessor(raw, DiscardNotice, nullptr);
  if (PQsetClientEncoding(raw, "UTF8") != 0) {
    return FailResult<std::unique_ptr<Conn>>(Code::kStorageError, "PostgreSQL: cannot set client encoding UTF8");
  }
  return Result<std::unique_ptr<Conn>>::Ok(std::move(conn));
}

Conn::~Conn() { PQfinish(conn_); }

Status Conn::Fail(PGresult* result) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  last_sqlstate_ = state ? state : "";
  // Only the primary message: DETAIL lines quote whole rows.
  std::string message = primary ? primary : PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  if (result) PQclear(result);
  // A lost connection or a server shutting down is unavailability (503,
  // retry later), not a broken query: SQLSTATE class 08 and 57P01..57P03.
  const bool gone = PQstatus(conn_) != CONNECTION_OK || last_sqlstate_.rfind("08", 0) == 0 ||
                    last_sqlstate_ == "57P01" || last_sqlstate_ == "57P02" || last_sqlstate_ == "57P03";
  return FailStatus(gone ? Code::kStorageUnavailable : Code::kStorageError, "PostgreSQL: " + message);
}

Result<std::string> Conn::Prepared(std::string_view sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    const std::string name = "clasp_" + std::to_string(prepared_.size());
    PGresult* prep = PQprepare(conn_, name.c_str(), std::string(sql).c_str(), 0, nullptr);
    if (PQresultStatus(prep) != PGRES_COMMAND_OK) return Forward<std::string>(Fail(prep));
    PQclear(prep);
    it = prepared_.emplace(std::string(sql), name).first;
  }
  return Result<std::string>::Ok(it->second);
}

Result<Rows> Conn::Query(std::string_view sql, const std::vector<Param>& params) {
  Result<std::string> name = Prepared(sql);
  if (!name.ok()) return Forward<Rows>(std::move(name));
  const std::vector<const char*> values = Values(params);
  PGresult* result =
      PQexecPrepared(conn_, name.value->c_str(), static_cast<int>(values.size()), values.data(), nullptr, nullptr, 0);
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) return Forward<Rows>(Fail(result));
  last_sqlstate_.clear();
  return Result<Rows>::Ok(Rows(result));
}

Status Conn::QueryEach(std::string_view sql, const std::vector<Param>& params,
                       const std::function<void(const Rows&)>& row) {
  Result<std::string> name = Prepared(sql);
  if (!name.ok()) return Forward<Done>(std::move(name));
  const std::vector<const char*> values = Values(params);
  if (PQsendQueryPrepared(conn_, name.value->c_str(), static_cast<int>(values.size()), values.data(), nullptr,
                          nullptr, 0) != 1) {
    return Fail(nullptr);
  }
  PQsetSingleRowMode(conn_);
  Status outcome = OkStatus();
  // Every result is read, also after a failure, so the connection is ready
  // for the next statement.
  while (PGresult* result = PQgetResult(conn_)) {
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_SINGLE_TUPLE && outcome.ok()) {
      row(Rows(result));
    } else if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_SINGLE_TUPLE) {
      PQclear(result);
    } else if (outcome.ok()) {
      outcome = Fail(result);
    } else {
      PQclear(result);
    }
  }
  if (outcome.ok()) last_sqlstate_.clear();
  return outcome;
}

Status Conn::Exec(std::string_view sql) {
  PGresult* result = PQexec(conn_, std::string(sql).c_str());
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return Fail(result);
  PQclear(result);
  last_sqlstate_.clear();
  return OkStatus();
}

Status Conn::EnsureConnected() {
  if (PQstatus(conn_) == CONNECTION_OK) return OkStatus();
  PQreset(conn_);
  prepared_.clear();
  if (PQstatus(conn_) != CONNECTION_OK) return FailStatus(Code::kStorageUnavailable, "PostgreSQL: connection lost");
  PQsetNoticeProcessor(conn_, DiscardNotice, nullptr);
  return OkStatus();
}

}  // namespace clasp::native::pg
