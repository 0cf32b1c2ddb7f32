// harfact timeline FILE: consent state over time, tracker hits in firing
// order with their initiator chains, and findings with evidence.
#include <fmt/format.h>

#include <iostream>

#include "analysis.hpp"
#include "harfact/report/inspect_report.hpp"
#include "harfact/report/timeline_report.hpp"
#include "harfact/timeline/timeline.hpp"

namespace harfact::cli {

int cmd_timeline(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact timeline [options] FILE\n\n"
      "Reconstructs, from the capture alone, the consent state at every instant (no_cmp,\n"
      "pre_banner, banner_shown, accepted, rejected, partial, unknown; GPC) and puts every\n"
      "tracker hit on it in firing order, with the purpose it serves, the state in force for\n"
      "that purpose, what restricts it (dpo=LDU, npa=1, ...) and the chain of scripts that\n"
      "caused it (page -> tag manager -> library -> hit). Findings follow, each with severity,\n"
      "evidence (entries, times, parameters, signature id@rev) and an explanation: fired before\n"
      "any consent UI, before a choice, after an opt-out, despite GPC, with consent; form or\n"
      "typed content sent; session-replay streams; chat content; sensitive pages. Events\n"
      "closer than the timestamps' precision are reported as of indeterminate order.\n\n"
      "Formats: text (for people), json (one document with a top-level findings array),\n"
      "csv (one row per event), ndjson (the stable intermediate: a header record, then\n"
      "transitions, hits, events and findings, one JSON object per line), timesketch (JSON\n"
      "Lines with message, datetime and timestamp_desc, for Timesketch import).\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")("format,f",
                                                    po::value<std::string>()->default_value("text"),
                                                    "text, json, csv, ndjson or timesketch")(
      "output,o", po::value<std::string>()->default_value("-"),
      "write to FILE (atomically) instead of standard output");
  add_analysis_options(visible);
  add_fail_on_option(visible);
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "input file");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "file", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 the capture was read completely; 1 a --fail-on finding exists; "
                 "3 it\ncould not be read as a HAR (or a database could not be loaded); 4 it was "
                 "read in part;\n2 usage error.\n"
              << k_exit3_note;
    return exit_ok;
  }
  const auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "json" && format != "csv" && format != "ndjson" &&
      format != "timesketch") {
    print_error(
        fmt::format("unknown --format '{}' (use text, json, csv, ndjson or timesketch)", format));
    return exit_usage;
  }
  const auto files = vm.count("file") != 0U ? vm["file"].as<std::vector<std::string>>()
                                            : std::vector<std::string>{};
  if (files.size() != 1) {
    print_error("give exactly one capture (usage: harfact timeline [options] FILE)");
    return exit_usage;
  }
  std::vector<timeline::finding_kind> fail_kinds;
  if (!parse_fail_on(vm, fail_kinds)) return exit_usage;
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
  std::string out;
  if (format == "json") {
    out = report::timeline_json(r, env);
  } else if (format == "csv") {
    out = report::timeline_csv(r);
  } else if (format == "ndjson") {
    out = report::timeline_ndjson(r, env);
  } else if (format == "timesketch") {
    out = report::timeline_timesketch(r);
  } else {
    out = report::timeline_text(r, env);
  }
  if (const int rc = emit(vm["output"].as<std::string>(), out, files); rc != exit_ok) return rc;
  // Input problems outrank the gate: a partial capture cannot pass it.
  if (const int rc = inspect::exit_status({c}); rc != exit_ok) return rc;
  return fails_on(r.findings, fail_kinds) ? exit_fail_on : exit_ok;
}

}  // namespace harfact::cli
