// harfact consent FILE: the consent-state transitions and the decoded signals.
#include <fmt/format.h>

#include <iostream>

#include "analysis.hpp"
#include "harfact/report/consent_report.hpp"
#include "harfact/report/inspect_report.hpp"
#include "harfact/timeline/timeline.hpp"

namespace harfact::cli {

int cmd_consent(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact consent [options] FILE\n\n"
      "The consent-state transitions of a capture, each with the entry and the signal that\n"
      "proves it (consent-platform loads, consent cookies first appearing or changing in\n"
      "Cookie and Set-Cookie headers, consent-logging calls, Google gcs/gcd, TCF, US Privacy\n"
      "and GPP strings, Sec-GPC), the consent platforms seen, the region their rules applied\n"
      "(from the platform's own geolocation answer where the capture kept it), and every\n"
      "decoded signal. Missing evidence yields 'unknown', never a guess.\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")(
      "format,f", po::value<std::string>()->default_value("text"), "text or json")(
      "output,o", po::value<std::string>()->default_value("-"),
      "write to FILE (atomically) instead of standard output");
  add_analysis_options(visible);
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "input file");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "file", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 the capture was read completely; 3 it could not be read as a "
                 "HAR\n(or a database could not be loaded); 4 it was read in part; 2 usage "
                 "error.\n"
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
  if (files.size() != 1) {
    print_error("give exactly one capture (usage: harfact consent [options] FILE)");
    return exit_usage;
  }
  analysis a;
  if (const int rc = load_analysis(vm, a); rc != exit_ok) return rc;
  const timeline::result r = timeline::reconstruct(
      files[0], *a.matcher, *a.psl, capture_options(vm, files[0]), a.lists_or_null());
  end_progress(vm);
  const auto& c = r.trackers.capture;
  if (!c.opened) return refuse_input(*c.error);
  report::envelope env;
  env.inputs = report::inspect_inputs({c});
  a.describe(env);
  const std::string out =
      format == "json" ? report::consent_json(r, env) : report::consent_text(r, env);
  if (const int rc = emit(vm["output"].as<std::string>(), out, files); rc != exit_ok) return rc;
  return inspect::exit_status({c});
}

}  // namespace harfact::cli
