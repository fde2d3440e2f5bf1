// The PostgreSQL schema: Paperclip's secrets tables, created only where they
// are missing, and checked column by column where they exist.
#pragma once

#include "clasp/native/status.h"
#include "pg_conn.h"

namespace clasp::native::pg_schema {

// Brings the database behind `conn` to a state the adapter can use:
// * no company_secrets table (an empty database): creates Paperclip
//   2026.916.1's secrets tables and indexes with the same names and types
//   (uuid, text, integer, jsonb, boolean, timestamptz), under an advisory
//   lock so two clasp processes starting together create them once;
// * company_secrets present (a Paperclip database, or one clasp created):
//   creates nothing, so clasp needs no DDL privilege there.
// Then every column the adapter reads or writes must exist with its type;
// otherwise kStorageError "PostgreSQL schema is not compatible: <table>.<column> ...".
Status Prepare(pg::Conn& conn);

}  // namespace clasp::native::pg_schema
