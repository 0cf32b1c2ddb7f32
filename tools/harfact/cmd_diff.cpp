// harfact diff EXHIBIT OURS [MORE...]: the exhibit against our own captures of
// the same site, aligned by page, vendor, event and consent state, as a
// point-by-point rebuttal list.
#include <fmt/format.h>

#include <iostream>

#include "analysis.hpp"
#include "harfact/check/diff.hpp"
#include "harfact/check/verify.hpp"
#include "harfact/report/diff_report.hpp"
#include "harfact/report/inspect_report.hpp"

namespace harfact::cli {

namespace {

// One capture as diff reads it: verify's integrity checks with the timeline of
// the same pass.
check::verify_result analyse(const po::variables_map& vm, const analysis& a,
                             const std::string& file) {
  check::verify_result v =
      check::verify(file, *a.matcher, *a.psl, capture_options(vm, file), a.lists_or_null());
  end_progress(vm);
  return v;
}

}  // namespace

int cmd_diff(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact diff [options] EXHIBIT OURS [MORE...]\n\n"
      "Compares the exhibit with one or more captures of our own, semantically: pages by their\n"
      "main document (query dropped), vendors by id, events by vendor and name, the data each\n"
      "vendor received, the consent flow and the consent state in force when each vendor first\n"
      "sent data, the region the consent platform applied, GPC, and how each capture was made.\n"
      "Every difference says what it is, the entries that show it on each side, and its most\n"
      "likely reason (different_consent_state, different_region_rule, scanner_markers, cache,\n"
      "site_changed, extension_interference, sanitized_export, different_browser, unknown), by a\n"
      "fixed precedence; it is a likelihood unless marked observed. Differences come in rebuttal\n"
      "order: a tracker that sent data only in the exhibit, and only before consent there, "
      "first.\n\n"
      "Formats: text (for people), json (schema lib/schema/diff.schema.json).\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")(
      "format,f", po::value<std::string>()->default_value("text"), "text or json")(
      "output,o", po::value<std::string>()->default_value("-"),
      "write to FILE (atomically) instead of standard output");
  add_analysis_options(visible);
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "input files");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "file", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 every capture was read completely; 3 a capture could not be read "
                 "as a HAR\n(or a database could not be loaded); 4 a capture was read in part; 2 "
                 "usage error\n(fewer than two captures).\n"
              << k_exit3_note;
    return exit_ok;
  }
  const auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    print_error(fmt::format("unknown --format '{}' (use text or json)", format));
    return exit_usage;
  }
  const auto files = vm.count("file") != 0U ? vm["file"].as<std::vector<std::string>>()
                                            : std::vector<std::string>{};
  if (files.size() < 2) {
    print_error(
        "give the exhibit and at least one capture of our own (usage: harfact diff [options] "
        "EXHIBIT OURS [MORE...])");
    return exit_usage;
  }
  analysis a;
  if (const int rc = load_analysis(vm, a); rc != exit_ok) return rc;

  std::vector<check::verify_result> results;
  results.reserve(files.size());
  std::vector<inspect::capture_summary> summaries;
  for (const auto& file : files) {
    results.push_back(analyse(vm, a, file));
    summaries.push_back(results.back().timeline.trackers.capture);
  }
  // A difference with a side missing would say nothing: every capture is needed.
  if (const int rc = refuse_unreadable(summaries, true); rc != exit_ok) return rc;
  std::vector<const check::verify_result*> ours;
  for (std::size_t i = 1; i < results.size(); ++i) ours.push_back(&results[i]);
  const check::diff_result d = check::diff(results[0], ours);

  report::envelope env;
  env.inputs = report::inspect_inputs(summaries);
  for (std::size_t i = 0; i < env.inputs.size(); ++i) {
    env.inputs[i].label = i == 0 ? std::string("exhibit") : fmt::format("ours[{}]", i);
  }
  a.describe(env);
  const std::string out = format == "json" ? report::diff_json(d, env) : report::diff_text(d, env);
  if (const int rc = emit(vm["output"].as<std::string>(), out, files); rc != exit_ok) return rc;
  return inspect::exit_status(summaries);
}

}  // namespace harfact::cli
