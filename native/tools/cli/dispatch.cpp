// The dispatcher and the help, both read from the table (dispatch.h).
#include "dispatch.h"

#include <algorithm>
#include <iostream>

#include "cli.h"

namespace clasp::cli {
namespace {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates, std::string_view prefix) {
  const std::string best = Suggest(word, candidates);
  return best.empty() ? "" : " (did you mean '" + std::string(prefix) + best + "'?)";
}

std::vector<std::string> VisibleCommands() {
  std::vector<std::string> out;
  for (const CommandSpec& c : Commands()) {
    if (!c.hidden) out.emplace_back(c.word);
  }
  out.emplace_back("help");
  return out;
}

std::vector<std::string> Names(const std::vector<FlagSpec>& flags) {
  std::vector<std::string> out;
  for (const FlagSpec& f : flags) {
    if (!f.hidden) out.emplace_back(f.name);
  }
  return out;
}

std::string FlagLabel(const FlagSpec& f) {
  return "--" + std::string(f.name) + (f.value.empty() ? "" : " " + std::string(f.value));
}

void PrintFlags(std::ostream& out, const std::vector<FlagSpec>& flags) {
  std::size_t width = std::string("-h, --help").size();
  for (const FlagSpec& f : flags) width = std::max(width, FlagLabel(f).size());
  out << "flags:\n";
  for (const FlagSpec& f : flags) {
    if (f.hidden) continue;
    const std::string label = FlagLabel(f);
    out << "  " << label << std::string(width - label.size() + 2, ' ') << f.help << "\n";
  }
  out << "  -h, --help" << std::string(width - 10 + 2, ' ') << "this help\n";
}

// The words of a command line, sorted out by the table's value flags.
struct Scan {
  std::vector<std::string> flags;        // names, without "--"
  std::vector<std::string> short_flags;  // "-x" words other than -h
  std::vector<std::string> positionals;
  bool help = false;
};

Scan ScanLine(const CommandSpec& command, const std::vector<std::string>& argv) {
  const std::vector<std::string> value_flags = command.ValueFlags();
  Scan scan;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help") {
      scan.help = true;
    } else if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      const std::string name = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
      scan.flags.push_back(name);
      const bool takes_value = std::find(value_flags.begin(), value_flags.end(), name) != value_flags.end();
      if (takes_value && arg.find('=') == std::string::npos) ++i;
    } else if (arg.size() > 1 && arg[0] == '-') {
      scan.short_flags.push_back(arg);
    } else {
      scan.positionals.push_back(arg);
    }
  }
  return scan;
}

std::string Who(const CommandSpec& command, const SubcommandSpec* sub) {
  return std::string(command.word) + (sub ? " " + std::string(sub->word) : "");
}

// A flag the command line has and its (sub)command does not take: a usage
// error naming who does take it, or the nearest flag.
std::optional<std::string> UnknownFlag(const CommandSpec& command, const SubcommandSpec* sub, const Scan& scan) {
  const std::vector<FlagSpec>& allowed = sub ? sub->flags : command.flags;
  for (const std::string& name : scan.flags) {
    if (std::any_of(allowed.begin(), allowed.end(), [&](const FlagSpec& f) { return f.name == name; })) continue;
    std::string takers;
    for (const SubcommandSpec& other : command.subcommands) {
      if (other.Flag(name)) takers += (takers.empty() ? "" : ", ") + std::string(other.word);
    }
    if (!takers.empty()) return "--" + TerminalSafe(name) + " is not a flag of this command (" + takers + " takes it)";
    return "unknown flag --" + TerminalSafe(name) + DidYouMean(name, Names(allowed), "--");
  }
  if (!scan.short_flags.empty()) return "unknown flag " + TerminalSafe(scan.short_flags.front());
  return std::nullopt;
}

std::string SubcommandList(const CommandSpec& command) {
  std::string out;
  for (const SubcommandSpec& s : command.subcommands) out += (out.empty() ? "" : ", ") + std::string(s.word);
  return out;
}

int RunChecked(const CommandSpec& command, const std::vector<std::string>& argv) {
  const Scan scan = ScanLine(command, argv);
  SetJsonErrors(std::find(scan.flags.begin(), scan.flags.end(), "json") != scan.flags.end());
  const SubcommandSpec* sub = nullptr;
  if (!command.subcommands.empty()) {
    if (scan.positionals.empty()) {
      if (scan.help) return PrintCommandHelp(std::cout, command, nullptr), kExitOk;
      return UsageError(command.word, std::string(command.word) + " needs a subcommand: " + SubcommandList(command));
    }
    const std::string& word = scan.positionals.front();
    sub = command.Sub(word);
    if (!sub) {
      std::vector<std::string> words;
      for (const SubcommandSpec& s : command.subcommands) words.emplace_back(s.word);
      return UsageError(command.word, "unknown subcommand '" + TerminalSafe(word) + "'" + DidYouMean(word, words, ""));
    }
  }
  if (scan.help) return PrintCommandHelp(std::cout, command, sub), kExitOk;
  if (auto bad = UnknownFlag(command, sub, scan)) return UsageError(Who(command, sub), *bad);
  return command.run(argv);
}

int Help(const std::vector<std::string>& words) {
  if (words.empty()) return PrintTopHelp(std::cout), kExitOk;
  const CommandSpec* command = FindCommand(words[0]);
  if (!command) {
    return UsageError("help", "unknown command '" + TerminalSafe(words[0]) + "'" +
                                  DidYouMean(words[0], VisibleCommands(), ""));
  }
  const SubcommandSpec* sub = words.size() > 1 ? command->Sub(words[1]) : nullptr;
  if (words.size() > 1 && !sub) {
    return UsageError("help", "clasp " + std::string(command->word) + " has no subcommand '" + TerminalSafe(words[1]) + "'");
  }
  if (words.size() > 2) return UsageError("help", "help takes a command and at most one subcommand");
  PrintCommandHelp(std::cout, *command, sub);
  return kExitOk;
}

}  // namespace

std::string Suggest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 3;
  for (const std::string& c : candidates) {
    const std::size_t d = EditDistance(word, c);
    if (d < best_distance && d * 2 < std::max(word.size(), c.size())) best = c, best_distance = d;
  }
  if (!best.empty()) return best;
  // A unique prefix ("sec" for "secrets") is what tab would have completed.
  for (const std::string& c : candidates) {
    if (word.size() >= 2 && c.compare(0, word.size(), word) == 0) {
      if (!best.empty()) return "";
      best = c;
    }
  }
  return best;
}

void PrintTopHelp(std::ostream& out) {
  out << "clasp " << CLASP_VERSION << ": the secrets policy core for Paperclip-style agent servers\n\n"
      << "usage: clasp <command> [<subcommand>] [flags]\n"
      << "       clasp help <command> [<subcommand>]   (or clasp <command> --help)\n\ncommands:\n";
  std::size_t width = 0;
  for (const CommandSpec& c : Commands()) width = std::max(width, c.word.size());
  for (const CommandSpec& c : Commands()) {
    if (c.hidden) continue;
    out << "  " << c.word << std::string(width - c.word.size() + 2, ' ') << c.summary << "\n";
  }
  out << "\nflags:\n  -h, --help     this help\n  -V, --version  the version\n\n" << kExitCodesHelp;
}

void PrintCommandHelp(std::ostream& out, const CommandSpec& command, const SubcommandSpec* sub) {
  out << "clasp " << Who(command, sub) << ": " << (sub ? sub->summary : command.summary) << "\n\n";
  if (!sub && !command.subcommands.empty()) {
    std::size_t width = 0;
    for (const SubcommandSpec& s : command.subcommands) width = std::max(width, s.word.size() + 1 + s.args.size());
    out << "subcommands (clasp " << command.word << " SUBCOMMAND --help for its flags):\n";
    for (const SubcommandSpec& s : command.subcommands) {
      const std::string label = std::string(s.word) + (s.args.empty() ? "" : " " + std::string(s.args));
      out << "  " << label << std::string(width - label.size() + 2, ' ') << s.summary << "\n";
    }
  } else {
    PrintFlags(out, sub ? sub->flags : command.flags);
  }
  out << "\n" << (sub && sub->details ? sub->details() : command.details()) << "\n" << kExitCodesHelp;
}

int Dispatch(const std::vector<std::string>& args) {
  if (args.empty()) return PrintTopHelp(std::cerr), kExitUsage;
  const std::string& first = args[0];
  if (first == "-h" || first == "--help") return PrintTopHelp(std::cout), kExitOk;
  if (first == "-V" || first == "--version" || first == "version") {
    return std::cout << "clasp " << CLASP_VERSION << "\n", kExitOk;
  }
  if (first == "help") return Help(std::vector<std::string>(args.begin() + 1, args.end()));
  const CommandSpec* command = FindCommand(first);
  if (!command) {
    const std::string what = first.size() > 1 && first[0] == '-' ? "unknown flag " : "unknown command ";
    return UsageError("", what + "'" + TerminalSafe(first) + "'" + DidYouMean(first, VisibleCommands(), ""));
  }
  return RunChecked(*command, std::vector<std::string>(args.begin() + 1, args.end()));
}

}  // namespace clasp::cli
