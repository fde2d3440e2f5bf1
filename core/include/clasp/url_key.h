// clasp/url_key.h — the board's URL keys for agents and projects, as
// Paperclip derives them for the `href` of a binding's target
// (GET /secrets/:id/usage).
//
// Key: JS trim(), toLowerCase(), every run of characters outside [a-z0-9]
// becomes "-", leading and trailing "-" removed; empty -> nullopt.
//   AgentUrlKey("  Research Bot ") -> "research-bot";  AgentUrlKey("!!!") -> nullopt
// Projects: when the name had non-ASCII characters (which the key drops),
// the first 8 hex digits of the project's UUID are appended.
//   ProjectUrlKey("Café ops", "8f884973-c29b-44e4-8ea3-6413437f8081") -> "caf-ops-8f884973"
//   ProjectUrlKey("Ops", id) -> "ops";  ProjectUrlKey("", "not-a-uuid") -> "not-a-uuid"
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace clasp {

std::optional<std::string> AgentUrlKey(std::string_view name);

// Never empty: falls back to the id's own key, then "project".
std::string ProjectUrlKey(std::string_view name, std::string_view id);

}  // namespace clasp
