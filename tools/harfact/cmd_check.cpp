// harfact check: being built (issue 5); replaced by its implementation.
#include "cli.hpp"

namespace harfact::cli {

int cmd_check(const std::vector<std::string>& args) {
  (void)args;
  print_error("'check' is not available in this build yet");
  return exit_usage;
}

}  // namespace harfact::cli
