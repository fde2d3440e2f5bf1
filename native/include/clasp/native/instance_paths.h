// clasp/native/instance_paths.h — where a clasp instance keeps its files.
//
// Paperclip's layout under clasp's own home: <home>/instances/<id>/, holding
// secrets/master.key (key_custody.h) and db/clasp.sqlite3 (sqlite_store.h).
//   home = CLASP_HOME (trimmed; "~" or a leading "~/" expanded from HOME;
//          resolved against the working directory), else $HOME/.clasp
//   id   = CLASP_INSTANCE_ID (trimmed) or "default"; must match
//          [A-Za-z0-9_-]+ so it can never climb out of instances/.
#pragma once

#include <string>

#include "clasp/native/status.h"
#include "clasp/native/system.h"

namespace clasp::native {

//   {CLASP_HOME:"/h"}                    -> "/h/instances/default"
//   {HOME:"/root", CLASP_INSTANCE_ID:"b"} -> "/root/.clasp/instances/b"
//   {CLASP_INSTANCE_ID:"../x"}           -> kFileIoError "Invalid CLASP_INSTANCE_ID '../x'."
//   {} (no HOME, no CLASP_HOME)          -> kFileIoError
Result<std::string> InstanceRoot(const EnvVars& vars, FileSystem& fs);

// Paperclip's own instance root (home-paths.js resolvePaperclipInstanceRoot),
// the same rules under PAPERCLIP_HOME (else $HOME/.paperclip) and
// PAPERCLIP_INSTANCE_ID: where Paperclip keeps the master key of the
// PostgreSQL database it serves.
//   {HOME:"/root"}                                  -> "/root/.paperclip/instances/default"
//   {PAPERCLIP_HOME:"~/pc", HOME:"/u", PAPERCLIP_INSTANCE_ID:"b"} -> "/u/pc/instances/b"
//   {PAPERCLIP_INSTANCE_ID:"a/b"}                   -> kFileIoError "Invalid PAPERCLIP_INSTANCE_ID 'a/b'."
Result<std::string> PaperclipInstanceRoot(const EnvVars& vars, FileSystem& fs);

}  // namespace clasp::native
