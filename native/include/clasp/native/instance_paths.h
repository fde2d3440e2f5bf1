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
#include <string_view>
#include <vector>

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

// The home alone: {CLASP_HOME:"/h"} -> "/h".
Result<std::string> ClaspHome(const EnvVars& vars, FileSystem& fs);

// The directories clasp keeps private (0700), outermost first: the home,
// <home>/instances, the instance root, its db/ and its secrets/.
//   {CLASP_HOME:"/h"} -> /h, /h/instances, /h/instances/default,
//                        /h/instances/default/db, /h/instances/default/secrets
Result<std::vector<std::string>> InstanceDirectories(const EnvVars& vars, FileSystem& fs);

// Makes <instance root>/<leaf> (leaf "db" or "secrets") ready to hold
// clasp's files and returns its path: the home's parents are created as
// `mkdir -p` would (0700), then each of the home, instances/, the instance
// root and the leaf is created 0700 or, when it exists and is the running
// user's, tightened to 0700. A symbolic link among them is refused (a link
// above the home is the operator's layout and is followed). One of another
// user is left as it is, with a warning in the Result:
//   "/h belongs to uid 65534, not to the running user: clasp leaves its permissions (755) as they are"
Result<std::string> PrepareInstanceDirectory(const EnvVars& vars, FileSystem& fs, std::string_view leaf);

// The warning above, for the doctor too.
std::string DirectoryNotOwnedMessage(const std::string& dir, const KeptPath& found);

// Permission bits as three octal digits: PermissionText(0755) == "755", PermissionText(0600) == "600".
std::string PermissionText(std::uint32_t mode);

}  // namespace clasp::native
