// clasp — the command-line front end: `clasp --help`, `clasp help CMD`. The
// commands, their flags and their help are in cli/command_table.cpp.
#include <string>
#include <vector>

#include "cli/dispatch.h"

int main(int argc, char** argv) { return clasp::cli::Dispatch(std::vector<std::string>(argv + 1, argv + argc)); }
