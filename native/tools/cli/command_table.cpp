// The command table (command_table.h): every command, subcommand and flag.
#include "command_table.h"

#include <algorithm>

#include "commands.h"

namespace clasp::cli {
namespace {

// Flags many commands share, worded once.
const FlagSpec kJson{"json", "", "one JSON document on stdout, errors included"};
const FlagSpec kHome{"home", "DIR", "clasp's home (SQLite store, master key) instead of CLASP_HOME or ~/.clasp"};
const FlagSpec kDatabaseUrl{"database-url", "URL", "a PostgreSQL store (postgres:// or postgresql://) instead of DATABASE_URL"};
const FlagSpec kCompany{"company", "NAME|ID", "the company (optional when the store has one)"};
const FlagSpec kCompanyId{"company-id", "ID", "the company's id"};
const FlagSpec kApply{"apply", "", "write the changes (a dry run without it)"};
const FlagSpec kPaperclipCompat{"paperclip-compat", "", "exactly Paperclip's sensitive-key rules (SENS-1 only)"};
const FlagSpec kDeploymentMode{"deployment-mode", "MODE", "local_trusted or authenticated (PAPERCLIP_DEPLOYMENT_MODE)"};
const FlagSpec kAgent{"agent", "NAME|ID", "the agent, by name or id"};
const FlagSpec kProject{"project", "NAME|ID", "the project whose env goes on top of the agent's"};
const FlagSpec kValueFile{"value-file", "FILE|-", "read the value from FILE, or stdin with -; else a prompt"};
const FlagSpec kValueRefused{"value", "VALUE", "refused: a value is never an argument", true};
const FlagSpec kPassphraseFile{"passphrase-file", "FILE", "the archive's passphrase (else typed at a prompt)"};
const FlagSpec kKeyFile{"key-file", "KEYFILE", "the master key kept apart by create --key-separately"};
const FlagSpec kPlaintext{"allow-plaintext-archive", "", "accept an unencrypted archive of an older clasp"};
const FlagSpec kSql{"sql", "", "print the repair as SQL for Paperclip's schema"};
const FlagSpec kAgents{"agents", "FILE", "Paperclip's GET /api/companies/:id/agents export"};
const FlagSpec kUsage{"usage", "FILE", "a GET /api/secrets/:id/usage export (repeat per secret)"};
const FlagSpec kProjects{"projects", "FILE", "Paperclip's projects export"};
const FlagSpec kSecretId{"id", "SECRET_ID", "the secret's id"};

std::vector<FlagSpec> With(std::vector<FlagSpec> flags) { return flags; }

std::vector<CommandSpec> Build() {
  const std::vector<FlagSpec> store = {kHome, kDatabaseUrl};
  const auto plus = [&](std::vector<FlagSpec> flags) {
    flags.insert(flags.end(), store.begin(), store.end());
    flags.push_back(kJson);
    return flags;
  };
  std::vector<CommandSpec> table;
  table.push_back({"serve", "", "Paperclip's secrets API and the web page on 127.0.0.1", RunServe, ServeHelp,
                   With({{"port", "N", "the port to listen on (3100; 0 picks one)"},
                         {"host", "ADDR", "the address to bind (127.0.0.1; others need authenticated mode)"},
                         kHome, kDatabaseUrl, kDeploymentMode,
                         {"board-token-file", "FILE", "the board token for authenticated mode"},
                         {"web-root", "DIR", "serve the page from DIR instead of the copy in the binary"},
                         {"threads", "N", "I/O threads (one per core)"},
                         {"store-threads", "N", "threads of their own for store calls"},
                         {"allowed-hostname", "HOST", "one more Host the server answers (repeatable)"},
                         {"trust-proxy", "", "read X-Forwarded-Host instead of Host"},
                         {"header-timeout-ms", "MS", "time for a request's headers (10000)"},
                         {"request-timeout-ms", "MS", "time for a whole request (30000)"},
                         {"idle-timeout-ms", "MS", "keep-alive idle time (5000)"}}),
                   {}});
  table.push_back({"validate", "", "validate an agent env or a vault config file", RunValidate, ValidateHelp, {},
                   {{"env", "FILE|-", "an agent env: the core's diagnostics",
                     {{"strict", "", "strict secret mode: sensitive keys must be secret refs"}, kPaperclipCompat, kJson}},
                    {"vault-config", "FILE|-", "a provider vault's config",
                     {{"provider", "P", "aws_secrets_manager, gcp_secret_manager or vault"}, kJson}}}});
  table.push_back({"classify-key", "KEY...", "which sensitive-key rules a key name matches", RunClassifyKey,
                   ClassifyKeyHelp, {kJson}, {}});
  const std::vector<FlagSpec> source = {kDatabaseUrl, kAgents, kUsage, kProjects, kCompanyId, kHome, kSql, kJson};
  auto check = source, repair = source;
  check.push_back({"plan", "", "add the repair to the report"});
  check.push_back({"allow-unchecked", "", "exit 0 even when refs without a usage file were not checked"});
  repair.push_back(kApply);
  table.push_back({"bindings", "", "env refs against binding rows: check, or repair", RunBindings, BindingsHelp, {},
                   {{"check", "", "report every env ref and binding row that disagree", check},
                    {"repair", "", "the repair (dry run), written with --apply", repair}}});
  table.push_back({"doctor", "", "master key, strict mode, store, vaults and binding desyncs at a glance", RunDoctor,
                   DoctorHelp, {kHome, kDatabaseUrl, kDeploymentMode, kJson}, {}});
  table.push_back({"secrets", "", "a company's secrets: list, show, create, rotate, delete, import", RunSecrets,
                   SecretsHelp, {},
                   {{"list", "", "every live company secret", plus({kCompany}), SecretsManageHelp},
                    {"show", "SECRET", "one secret's metadata, never its value", plus({kCompany}), SecretsManageHelp},
                    {"create", "NAME", "a new local_encrypted secret",
                     plus({kCompany, {"key", "KEY", "the env-style key (NAME normalised by default)"},
                           {"description", "TEXT", "a description"}, kValueFile, kValueRefused}), SecretsManageHelp},
                    {"rotate", "SECRET", "a new version that becomes current", plus({kCompany, kValueFile, kValueRefused}), SecretsManageHelp},
                    {"usage", "SECRET", "every binding row and env ref that uses the secret", plus({kCompany, kSecretId}), SecretsDeleteHelp},
                    {"delete", "SECRET", "delete an unused secret (--force: in use too)",
                     plus({kCompany, kSecretId, {"force", "", "delete even while the secret is in use"}}), SecretsDeleteHelp},
                    {"migrate-inline-env", "", "plain sensitive env values become managed secrets",
                     plus({kCompanyId, kApply, kPaperclipCompat})},
                    {"declarations", "", "the env input declarations a company export would emit",
                     plus({kCompanyId, {"kind", "secret|all", "only secrets, or every input"}, kPaperclipCompat})},
                    {"import-preview", "FILE|-", "AWS ListSecrets page: what an import would do",
                     plus({kCompanyId, {"provider-config-id", "VID", "the aws_secrets_manager vault"}}), SecretsImportHelp},
                    {"import", "FILE|-", "AWS ListSecrets page as external-reference secrets",
                     plus({kCompanyId, {"provider-config-id", "VID", "the aws_secrets_manager vault"}, kApply}), SecretsImportHelp}}});
  table.push_back({"agents", "", "a company's agents: list, show", RunAgents, AgentsHelp, {},
                   {{"list", "", "every agent of the company", plus({kCompany})},
                    {"show", "AGENT", "one agent: its env keys and bindings, never a value", plus({kCompany})}}});
  table.push_back({"bind", "KEY SECRET[@VERSION]", "set an agent's or project's env KEY to a secret ref", RunBind,
                   BindHelp, plus({kAgent, {"project", "NAME|ID", "bind in the project's env instead"}, kCompany}), {}});
  table.push_back({"unbind", "KEY", "remove a secret ref from an agent's or project's env", RunUnbind, BindHelp,
                   plus({kAgent, {"project", "NAME|ID", "unbind from the project's env instead"}, kCompany}), {}});
  table.push_back({"backup", "", "the store and its master key in one sealed archive: create, verify, restore",
                   RunBackup, BackupHelp, {},
                   {{"create", "OUT", "write an archive",
                     {kHome, kDatabaseUrl, kPassphraseFile,
                      {"key-separately", "KEYFILE", "write the master key to KEYFILE, not the archive"}, kJson}},
                    {"verify", "ARCHIVE", "check an archive end to end", {kPassphraseFile, kKeyFile, kPlaintext, kJson}},
                    {"restore", "ARCHIVE", "write an archive's store and key into the home",
                     {kHome, kPassphraseFile, kKeyFile, kPlaintext,
                      {"force", "", "replace a store holding secrets or another key"}, kJson}}}});
  table.push_back({"run-env", "", "the env an agent's run gets: the manifest, or --exec a command with it", RunRunEnv,
                   RunEnvHelp,
                   plus({kAgent, kProject, {"exec", "", "run the command after -- with the env"},
                         {"inherit-env", "", "pass clasp's own environment underneath, less its credentials"},
                         {"no-mask", "", "replace clasp with the command, output unmasked"}}),
                   {}});
  table.push_back({"redact", "[FILE...]", "a transcript or log with the values an agent's run gets masked",
                   RunRedact, RedactHelp,
                   plus({kAgent, kProject, {"report", "", "say on stderr which secrets occurred"}}), {}});
  table.push_back({"key", "", "rotate: re-encrypt every value under a new master key", RunKey, KeyHelp, {},
                   {{"rotate", "", "a dry run, or the rotation with --apply",
                     {{"new-key-file", "FILE", "the new key (else 32 random bytes)"}, kApply,
                      {"backup-out", "ARCHIVE", "the backup taken first (--apply)"}, kPassphraseFile,
                      {"keep-old", "", "keep the keyring with the old key"},
                      {"batch-size", "N", "rows per transaction (500)"}, kHome, kDatabaseUrl, kJson}}}});
  table.push_back({"completion", "bash|zsh|fish", "print a shell completion script", RunCompletion, CompletionHelp, {},
                   {}, true});
  table.push_back({"man", "", "print the clasp(1) man page (roff)", RunMan, ManHelp, {}, {}, true});
  return table;
}

}  // namespace

const FlagSpec* SubcommandSpec::Flag(std::string_view name) const {
  auto it = std::find_if(flags.begin(), flags.end(), [&](const FlagSpec& f) { return f.name == name; });
  return it == flags.end() ? nullptr : &*it;
}

const SubcommandSpec* CommandSpec::Sub(std::string_view name) const {
  auto it = std::find_if(subcommands.begin(), subcommands.end(), [&](const SubcommandSpec& s) { return s.word == name; });
  return it == subcommands.end() ? nullptr : &*it;
}

const FlagSpec* CommandSpec::Flag(std::string_view name) const {
  auto it = std::find_if(flags.begin(), flags.end(), [&](const FlagSpec& f) { return f.name == name; });
  return it == flags.end() ? nullptr : &*it;
}

std::vector<std::string> CommandSpec::ValueFlags() const {
  std::vector<std::string> out;
  const auto add = [&](const std::vector<FlagSpec>& list) {
    for (const FlagSpec& f : list) {
      if (!f.value.empty() && std::find(out.begin(), out.end(), f.name) == out.end()) out.emplace_back(f.name);
    }
  };
  add(flags);
  for (const SubcommandSpec& s : subcommands) add(s.flags);
  return out;
}

const std::vector<CommandSpec>& Commands() {
  static const std::vector<CommandSpec> table = Build();
  return table;
}

const CommandSpec* FindCommand(std::string_view word) {
  for (const CommandSpec& c : Commands()) {
    if (c.word == word) return &c;
  }
  return nullptr;
}

std::vector<std::string> ValueFlagsOf(std::string_view command) { return FindCommand(command)->ValueFlags(); }

}  // namespace clasp::cli
