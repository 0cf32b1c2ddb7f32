// harfact signatures list|check: the signature database in use.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "harfact/report/signatures_report.hpp"
#include "harfact/sig/check.hpp"
#include "harfact/sig/database.hpp"

namespace harfact::cli {

int cmd_signatures(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact signatures list|check [options]\n\n"
      "  list   the vendors and signatures of the database in use\n"
      "  check  the database itself: JSON Schemas, unique ids, every sample against the\n"
      "         whole database (a sample must match its own signature and no other\n"
      "         vendor's), decoder names, files MANIFEST.json does not list\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")(
      "signatures", po::value<std::string>()->default_value(""),
      "signature directory (default: the installed signatures/)")(
      "format,f", po::value<std::string>()->default_value("text"), "list: text or json")(
      "output,o", po::value<std::string>()->default_value("-"), "write to FILE (atomically)");
  po::options_description hidden;
  hidden.add_options()("action", po::value<std::vector<std::string>>(), "list or check");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "action", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 success; 1 check found problems; 2 usage error; "
                 "3 the database cannot be loaded.\n";
    return exit_ok;
  }
  const auto actions = vm.count("action") != 0U ? vm["action"].as<std::vector<std::string>>()
                                                : std::vector<std::string>{};
  if (actions.size() != 1 || (actions[0] != "list" && actions[0] != "check")) {
    print_error("say 'harfact signatures list' or 'harfact signatures check'");
    return exit_usage;
  }
  const auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    print_error(fmt::format("unknown --format '{}' (use text or json)", format));
    return exit_usage;
  }
  sig::database db = sig::database::empty();
  if (!load_signatures(vm["signatures"].as<std::string>(), db)) return exit_input;
  const std::string output = vm["output"].as<std::string>();
  if (actions[0] == "list") {
    return emit(
        output,
        format == "json" ? report::signatures_list_json(db) : report::signatures_list_text(db), {});
  }
  const sig::check_report r = sig::check_database(db);
  const std::string out = report::signatures_check_text(db, r);
  if (const int rc = emit(output, out, {}); rc != exit_ok) return rc;
  return r.ok() ? exit_ok : exit_fail_on;
}

}  // namespace harfact::cli
