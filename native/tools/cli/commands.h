// commands.h — the `clasp` commands, one file each under native/tools/cli/.
//
// Each takes the arguments after its command word, already checked against
// the command table (command_table.h), and returns an exit code (cli.h);
// each *Help() is the command's long help, printed under its flags.
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
int RunAgents(const std::vector<std::string>& argv);       // agents list|show
int RunBind(const std::vector<std::string>& argv);         // bind --agent A KEY SECRET[@V]
int RunUnbind(const std::vector<std::string>& argv);       // unbind --agent A KEY
int RunCompletion(const std::vector<std::string>& argv);   // completion bash|zsh|fish
int RunMan(const std::vector<std::string>& argv);          // man

const char* ServeHelp();
const char* ValidateHelp();
const char* ClassifyKeyHelp();
const char* BindingsHelp();
const char* DoctorHelp();
const char* SecretsHelp();
const char* SecretsManageHelp();
const char* SecretsDeleteHelp();
const char* SecretsImportHelp();
const char* BackupHelp();
const char* RunEnvHelp();
const char* RedactHelp();
const char* KeyHelp();
const char* AgentsHelp();
const char* BindHelp();
const char* CompletionHelp();
const char* ManHelp();

}  // namespace clasp::cli
