// harfact report: being built (issue 5); replaced by its implementation.
#include "cli.hpp"

namespace harfact::cli {

int cmd_report(const std::vector<std::string>& args) {
  (void)args;
  print_error("'report' is not available in this build yet");
  return exit_usage;
}

}  // namespace harfact::cli
