// harfact trackers FILE: which vendor each request belongs to.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "analysis.hpp"
#include "harfact/report/inspect_report.hpp"
#include "harfact/report/trackers_report.hpp"
#include "harfact/trackers/trackers.hpp"

namespace harfact::cli {

int cmd_trackers(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact trackers [options] FILE\n\n"
      "One row per vendor whose signatures matched a request of the capture: vendor,\n"
      "category, the theories commonly pleaded, hit count (and how many were\n"
      "third-party to their page), first and last hit (entry, time, URL), the\n"
      "signatures that matched (id@rev), the events and data fields the hits carried\n"
      "(decoded), and values that look like personal data. Requests no signature\n"
      "matched but a broad list blocks (EasyPrivacy/EasyList from Debian's uBlock Origin\n"
      "package by default, or --list) are listed as unclassified trackers with the list,\n"
      "line and rule. --hits lists every hit.\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")(
      "format,f", po::value<std::string>()->default_value("text"), "text, json or csv")(
      "output,o", po::value<std::string>()->default_value("-"),
      "write to FILE (atomically) instead of standard output")("hits", "list every hit");
  add_analysis_options(visible);
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "input file");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "file", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 the capture was read completely; 3 it could not be read as a "
                 "HAR\n(or the signature database could not be loaded); 4 it was read in part; 2 "
                 "usage error.\n"
              << k_exit3_note;
    return exit_ok;
  }
  const auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "json" && format != "csv") {
    print_error(fmt::format("unknown --format '{}' (use text, json or csv)", format));
    return exit_usage;
  }
  const auto files = vm.count("file") != 0U ? vm["file"].as<std::vector<std::string>>()
                                            : std::vector<std::string>{};
  if (files.size() != 1) {
    print_error("give exactly one capture (usage: harfact trackers [options] FILE)");
    return exit_usage;
  }
  analysis a;
  if (const int rc = load_analysis(vm, a); rc != exit_ok) return rc;
  std::vector<trackers::result> results;
  results.push_back(trackers::find_trackers(files[0], *a.matcher, *a.psl,
                                            capture_options(vm, files[0]), a.lists_or_null()));
  end_progress(vm);
  const auto& c = results.front().capture;
  if (!c.opened) return refuse_input(*c.error);

  report::envelope env;
  env.inputs = report::inspect_inputs({c});
  a.describe(env);
  report::trackers_options options;
  options.hits = vm.count("hits") != 0U;
  std::string out;
  if (format == "json") {
    out = report::trackers_json(results, env, options);
  } else if (format == "csv") {
    out = report::trackers_csv(results, options);
  } else {
    out = report::trackers_text(results, env, options);
  }
  if (const int rc = emit(vm["output"].as<std::string>(), out, files); rc != exit_ok) return rc;
  return inspect::exit_status({c});
}

}  // namespace harfact::cli
