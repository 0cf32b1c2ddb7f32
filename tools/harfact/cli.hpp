// The harfact tool: shared pieces of the subcommands. The tool only parses
// options, prints and sets exit codes; everything else is the library's.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/core/result.hpp"
#include "harfact/sig/database.hpp"

namespace harfact::cli {

/// Exit codes (README, "Exit codes"; DESIGN.md contracts).
enum exit_code : int {
  exit_ok = 0,
  exit_fail_on = 1,
  exit_usage = 2,
  exit_input = 3,
  exit_partial = 4,
};

namespace po = boost::program_options;

/// Parses `args` for a subcommand; prints the error and returns false on a
/// usage error. `positional` names the option that collects file arguments.
bool parse(const std::vector<std::string>& args, const po::options_description& visible,
           const po::options_description& hidden, const char* positional, po::variables_map& vm);

/// Writes `content` to `output` ("-" or empty: stdout) atomically. Refuses to
/// write over any of `inputs`. Returns an exit code (0 on success).
int emit(const std::string& output, std::string_view content,
         const std::vector<std::string>& inputs);

/// Loads the signature database from `dir` (empty: the default directory);
/// prints the error (with its location and hint) and returns false on failure.
bool load_signatures(const std::string& dir, sig::database& out);

/// The help's last line for commands that read captures (see refuse_input).
inline constexpr const char* k_exit3_note =
    "An input that cannot be read is named on standard error, and then nothing is written.\n";

/// "harfact: error: <message>" on stderr.
void print_error(std::string_view message);

/// An input that could not be read at all: prints "harfact: error: <where>:
/// <message>", its hint, and "nothing was written"; returns exit_input. No
/// command writes a report when it could read none of the captures it needs.
int refuse_input(const harfact::error& e);

/// True when stderr is a terminal (progress lines go there only then).
bool stderr_is_tty();

int cmd_inspect(const std::vector<std::string>& args);
int cmd_signatures(const std::vector<std::string>& args);
int cmd_trackers(const std::vector<std::string>& args);
int cmd_timeline(const std::vector<std::string>& args);
int cmd_consent(const std::vector<std::string>& args);
int cmd_decode(const std::vector<std::string>& args);
int cmd_verify(const std::vector<std::string>& args);
int cmd_check(const std::vector<std::string>& args);
int cmd_diff(const std::vector<std::string>& args);
int cmd_report(const std::vector<std::string>& args);
int cmd_redact(const std::vector<std::string>& args);
int cmd_batch(const std::vector<std::string>& args);

}  // namespace harfact::cli
