// The PostgreSQL schema: Paperclip's tables clasp uses, created only in an
// empty database, and checked column by column where they exist.
#pragma once

#include <string_view>

#include "clasp/native/status.h"
#include "pg_conn.h"

namespace clasp::native::pg_schema {

// Brings the database behind `conn` to a state the adapter can use:
// * no company_secrets table (an empty database): creates Paperclip
//   2026.916.1's tables that clasp uses (companies, agents, projects,
//   company_secret_provider_configs, the secrets tables, activity_log,
//   agent_api_keys) and their indexes with the same names and types (uuid,
//   text, integer, jsonb, boolean, timestamptz), under an advisory lock so two clasp
//   processes starting together create them once;
// * company_secrets present (a Paperclip database, or one clasp created):
//   creates nothing, so clasp needs no DDL privilege there, except
//   agent_api_keys when it is missing (a database an older clasp created;
//   Paperclip's always has it) and clasp's own clasp_key_check (key_check.h)
//   when it is missing (always, the first time, on a Paperclip database);
//   a read-only open needs neither.
// Then Check, and what inserts need: every NOT NULL column clasp does not
// write has a default, and company_secret_provider_configs_default_uq (one
// default per company and provider) exists. Otherwise kStorageError
// "PostgreSQL schema is not compatible: <table>.<column> ...".
Status Prepare(pg::Conn& conn);

// Creates and changes nothing: every column the adapter reads or writes
// must exist with its type (a missing table fails on its first column).
//   a Paperclip 2026.916.1 database        -> ok
//   one without activity_log               -> "... activity_log.id is missing"
Status Check(pg::Conn& conn);

// The DDL Prepare runs in an empty database (pg_schema_ddl.cpp).
std::string_view CreateSql();
// agent_api_keys and its indexes (pg_schema_ddl.cpp), which Prepare also
// adds on its own to a clasp database that predates it.
std::string_view AgentKeysSql();
// clasp_key_check (pg_schema_ddl.cpp), created on every read-write open that
// lacks it.
std::string_view KeyCheckSql();
// user_secret_definitions and user_secret_declarations (Paperclip's).
std::string_view UserSecretsSql();

}  // namespace clasp::native::pg_schema
