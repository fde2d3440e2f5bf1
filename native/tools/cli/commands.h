// commands.h — the `clasp` commands, one file each under native/tools/cli/.
//
// Each takes the arguments after its command word and returns an exit code
// (cli.h). The dispatcher in clasp_main.cpp maps words to these.
#pragma once

#include <string>
#include <vector>

namespace clasp::cli {

int RunValidate(const std::vector<std::string>& argv);     // validate env|vault-config
int RunClassifyKey(const std::vector<std::string>& argv);  // classify-key KEY...
int RunServe(const std::vector<std::string>& argv);        // serve
int RunBindings(const std::vector<std::string>& argv);     // bindings check|repair
int RunDoctor(const std::vector<std::string>& argv);       // doctor
int RunSecrets(const std::vector<std::string>& argv);      // secrets migrate-inline-env|declarations
int RunSecretsImport(const std::vector<std::string>& argv);  // secrets import-preview|import (from RunSecrets)
int RunSecretsDelete(const std::vector<std::string>& argv);  // secrets usage|delete (from RunSecrets)
int RunSecretsManage(const std::vector<std::string>& argv);  // secrets list|show|create|rotate (from RunSecrets)
int RunBackup(const std::vector<std::string>& argv);       // backup create|verify|restore
int RunRunEnv(const std::vector<std::string>& argv);       // run-env (--exec)
int RunRedact(const std::vector<std::string>& argv);       // redact [FILE...]
int RunKey(const std::vector<std::string>& argv);          // key rotate

}  // namespace clasp::cli
