// harfact: fact-checks HAR captures. One binary, one subcommand per verb.
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "harfact/core/build_info.hpp"

namespace {

constexpr std::string_view k_usage =
    "harfact: fact-checks HAR (HTTP Archive) captures.\n"
    "\n"
    "Usage: harfact <command> [options] [FILE...]\n"
    "\n"
    "Commands:\n"
    "  inspect     an exact account of each capture: hashes, exporter, pages, hosts\n"
    "              (first/third party), histograms, cookies stripped?, diagnostics\n"
    "  trackers    which vendor each request belongs to: category, theories pleaded,\n"
    "              hits with entry, time and signature id@rev, data fields sent\n"
    "  timeline    consent state over time, tracker hits in firing order with their\n"
    "              initiator chains, and findings with evidence\n"
    "  consent     the consent-state transitions, the signals that prove them, the\n"
    "              region the consent platform applied\n"
    "  decode      explain one consent cookie, TCF/GPP/USP string or gcs/gcd value\n"
    "  verify      the integrity of a capture: exporter, sanitizing, truncation, order,\n"
    "              editing, automation, cache, extensions, clocks, profile, region\n"
    "  check       the claims of a demand letter against the exhibit: a verdict each\n"
    "  diff        the exhibit against our own captures: differences and their reasons\n"
    "  report      everything above in one report: HTML, Markdown, JSON or JUnit\n"
    "  batch       many captures with a pool of threads: a result each, an NDJSON summary;\n"
    "              resumable, --shard K/N for distributed runs\n"
    "  redact      a shareable copy: cookies, tokens and personal data masked,\n"
    "              consent state kept; with the list of what was changed\n"
    "  signatures  list the signature database in use, or check it\n"
    "  help        show this help, or a command's: harfact help inspect\n"
    "\n"
    "Options: --help, --version\n"
    "\n"
    "Exit codes: 0 success; 1 a --fail-on condition was met; 2 usage error;\n"
    "3 input error (unreadable, not JSON, not a capture); 4 partial input\n"
    "(truncated or salvaged; results cover what was read).\n";

int main_help(const std::string& command) {
  using namespace harfact::cli;
  if (command == "inspect") return cmd_inspect({"--help"});
  if (command == "signatures") return cmd_signatures({"--help"});
  if (command == "trackers") return cmd_trackers({"--help"});
  if (command == "timeline") return cmd_timeline({"--help"});
  if (command == "consent") return cmd_consent({"--help"});
  if (command == "decode") return cmd_decode({"--help"});
  if (command == "verify") return cmd_verify({"--help"});
  if (command == "check") return cmd_check({"--help"});
  if (command == "diff") return cmd_diff({"--help"});
  if (command == "report") return cmd_report({"--help"});
  if (command == "redact") return cmd_redact({"--help"});
  if (command == "batch") return cmd_batch({"--help"});
  print_error("unknown command '" + command + "'");
  std::cerr << k_usage;
  return exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace harfact::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << k_usage;
    return exit_usage;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h") {
    std::cout << k_usage;
    return exit_ok;
  }
  if (command == "help") {
    if (args.empty()) {
      std::cout << k_usage;
      return exit_ok;
    }
    return main_help(args.front());
  }
  if (command == "--version" || command == "version") {
    std::cout << "harfact " << harfact::tool_version() << " (simdjson "
              << harfact::simdjson_implementation() << ")\n";
    return exit_ok;
  }
  try {
    if (command == "inspect") return cmd_inspect(args);
    if (command == "signatures") return cmd_signatures(args);
    if (command == "trackers") return cmd_trackers(args);
    if (command == "timeline") return cmd_timeline(args);
    if (command == "consent") return cmd_consent(args);
    if (command == "decode") return cmd_decode(args);
    if (command == "verify") return cmd_verify(args);
    if (command == "check") return cmd_check(args);
    if (command == "diff") return cmd_diff(args);
    if (command == "report") return cmd_report(args);
    if (command == "redact") return cmd_redact(args);
    if (command == "batch") return cmd_batch(args);
  } catch (const std::exception& e) {
    print_error(std::string("internal error: ") + e.what());
    return exit_input;
  }
  print_error("unknown command '" + command + "'");
  std::cerr << k_usage;
  return exit_usage;
}
