// Helpers for the suites that need a PostgreSQL server: the server's URL,
// one throwaway database per test, and a main() that reports "skipped"
// (exit 77, CTest SKIP_RETURN_CODE) when no server was given.
//
// scripts/test.sh starts a server (scripts/pg_test_server.sh) and exports
// CLASP_TEST_DATABASE_URL; the suites never pass silently without one.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace clasp::native::test {

inline std::optional<std::string> TestDatabaseUrl() {
  const char* url = std::getenv("CLASP_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

// `url` with its database replaced and `query` (already escaped) appended.
//   WithDatabase("postgresql://u@h:1/postgres", "t1", "") == "postgresql://u@h:1/t1"
inline std::string WithDatabase(const std::string& url, const std::string& db, const std::string& query) {
  const std::size_t authority = url.find("://");
  const std::size_t path = url.find('/', authority == std::string::npos ? 0 : authority + 3);
  std::string base = path == std::string::npos ? url.substr(0, url.find('?')) : url.substr(0, path);
  return base + "/" + db + (query.empty() ? "" : "?" + query);
}

// A libpq connection for the test's own SQL (setup, inspection).
class PgAdmin {
 public:
  explicit PgAdmin(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  }
  ~PgAdmin() { PQfinish(conn_); }
  PgAdmin(const PgAdmin&) = delete;
  PgAdmin& operator=(const PgAdmin&) = delete;
  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }

  // Runs `sql` (any number of statements); "" on success, else the error.
  std::string Exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    std::string error = (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) ? "" : PQresultErrorMessage(r);
    PQclear(r);
    return error;
  }

  // Every row of a one-statement query, columns joined by '|' (NULL as "∅").
  std::vector<std::string> Rows(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::vector<std::string> out;
    for (int i = 0; PQresultStatus(r) == PGRES_TUPLES_OK && i < PQntuples(r); ++i) {
      std::string row;
      for (int c = 0; c < PQnfields(r); ++c) {
        row += (c ? "|" : "") + std::string(PQgetisnull(r, i, c) ? "∅" : PQgetvalue(r, i, c));
      }
      out.push_back(row);
    }
    PQclear(r);
    return out;
  }

 private:
  PGconn* conn_;
};

// A fresh, empty database on the test server, dropped (with any sessions
// still attached) when the object dies.
class TempDatabase {
 public:
  explicit TempDatabase(const std::string& server_url) : server_url_(server_url) {
    static std::atomic<int> counter{0};
    name_ = "clasp_t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    PgAdmin admin(server_url_);
    admin.Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    error_ = admin.ok() ? admin.Exec("CREATE DATABASE " + name_) : "cannot connect to " + server_url_;
  }
  ~TempDatabase() { PgAdmin(server_url_).Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  const std::string& error() const { return error_; }
  // The database's URL; `query` adds connection options.
  std::string Url(const std::string& query = "") const { return WithDatabase(server_url_, name_, query); }

 private:
  std::string server_url_;
  std::string name_;
  std::string error_;
};

// Every statement the server runs goes to its log, with its parameters: the
// leak scan then sees whatever the adapter sends.
// agent_api_keys as the full Paperclip 2026.916.1 fixture declares it
// (../shared/fixtures/paperclip-2026.916.1-full-schema.sql): the small
// fixture leaves it out, a real Paperclip database always has it.
inline constexpr const char* kPaperclipAgentApiKeys = R"sql(
CREATE TABLE public.agent_api_keys (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    agent_id uuid NOT NULL,
    company_id uuid NOT NULL,
    name text NOT NULL,
    key_hash text NOT NULL,
    last_used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    scope_config jsonb,
    responsible_user_id text
);
ALTER TABLE ONLY public.agent_api_keys ADD CONSTRAINT agent_api_keys_pkey PRIMARY KEY (id);
CREATE INDEX agent_api_keys_company_agent_idx ON public.agent_api_keys USING btree (company_id, agent_id);
CREATE INDEX agent_api_keys_key_hash_idx ON public.agent_api_keys USING btree (key_hash);
ALTER TABLE ONLY public.agent_api_keys
    ADD CONSTRAINT agent_api_keys_agent_id_agents_id_fk FOREIGN KEY (agent_id) REFERENCES public.agents(id);
ALTER TABLE ONLY public.agent_api_keys
    ADD CONSTRAINT agent_api_keys_company_id_companies_id_fk FOREIGN KEY (company_id) REFERENCES public.companies(id);
)sql";

// Paperclip's user secret tables as the full fixture declares them (the
// secrets-only schema fixture lacks them; foreign keys left out: they name
// tables that fixture does not have).
inline constexpr const char* kPaperclipUserSecrets = R"sql(
CREATE TABLE public.user_secret_declarations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    company_id uuid NOT NULL,
    user_secret_definition_id uuid NOT NULL,
    target_type text NOT NULL,
    target_id text NOT NULL,
    config_path text NOT NULL,
    env_key text NOT NULL,
    version_selector text DEFAULT 'latest'::text NOT NULL,
    required boolean DEFAULT true NOT NULL,
    allow_missing_override boolean DEFAULT false NOT NULL,
    label text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.company_memberships (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    company_id uuid NOT NULL,
    principal_type text NOT NULL,
    principal_id text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    membership_role text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE ONLY public.company_memberships ADD CONSTRAINT company_memberships_pkey PRIMARY KEY (id);
CREATE UNIQUE INDEX company_memberships_company_principal_unique_idx ON public.company_memberships USING btree (company_id, principal_type, principal_id);
CREATE TABLE public.user_secret_definitions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    company_id uuid NOT NULL,
    key text NOT NULL,
    name text NOT NULL,
    description text,
    status text DEFAULT 'active'::text NOT NULL,
    provider text DEFAULT 'local_encrypted'::text NOT NULL,
    managed_mode text DEFAULT 'paperclip_managed'::text NOT NULL,
    provider_config_id uuid,
    provider_metadata jsonb,
    usage_guidance text,
    created_by_agent_id uuid,
    created_by_user_id text,
    updated_by_agent_id uuid,
    updated_by_user_id text,
    deleted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE ONLY public.user_secret_declarations ADD CONSTRAINT user_secret_declarations_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.user_secret_definitions ADD CONSTRAINT user_secret_definitions_pkey PRIMARY KEY (id);
CREATE INDEX user_secret_declarations_company_idx ON public.user_secret_declarations USING btree (company_id);
CREATE INDEX user_secret_declarations_company_required_idx ON public.user_secret_declarations USING btree (company_id, required);
CREATE INDEX user_secret_declarations_definition_idx ON public.user_secret_declarations USING btree (user_secret_definition_id);
CREATE INDEX user_secret_declarations_required_override_idx ON public.user_secret_declarations USING btree (company_id, allow_missing_override) WHERE (allow_missing_override = true);
CREATE INDEX user_secret_declarations_target_idx ON public.user_secret_declarations USING btree (company_id, target_type, target_id);
CREATE UNIQUE INDEX user_secret_declarations_target_path_uq ON public.user_secret_declarations USING btree (company_id, target_type, target_id, config_path);
CREATE UNIQUE INDEX user_secret_definitions_company_key_uq ON public.user_secret_definitions USING btree (company_id, key) WHERE (deleted_at IS NULL);
CREATE INDEX user_secret_definitions_company_provider_idx ON public.user_secret_definitions USING btree (company_id, provider);
CREATE INDEX user_secret_definitions_company_status_idx ON public.user_secret_definitions USING btree (company_id, status);
CREATE INDEX user_secret_definitions_provider_config_idx ON public.user_secret_definitions USING btree (provider_config_id);
)sql";

inline constexpr const char* kLogStatements = "options=-c%20log_statement%3Dall";

}  // namespace clasp::native::test

// main() for a suite that needs PostgreSQL: without CLASP_TEST_DATABASE_URL
// it says so and exits 77, which CTest reports as skipped.
#define CLASP_PG_TEST_MAIN()                                                                          \
  int main(int argc, char* argv[]) {                                                                  \
    if (!clasp::native::test::TestDatabaseUrl()) {                                                    \
      std::fprintf(stderr,                                                                            \
                   "SKIPPED: CLASP_TEST_DATABASE_URL is not set, so the PostgreSQL tests did not run " \
                   "(scripts/test.sh starts a server; or: export CLASP_TEST_DATABASE_URL=$("          \
                   "scripts/pg_test_server.sh start))\n");                                            \
      return 77;                                                                                      \
    }                                                                                                 \
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);                            \
  }
