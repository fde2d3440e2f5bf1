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

}  // namespace clasp::native
