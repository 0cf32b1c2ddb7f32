// harfact verify FILE: the integrity of a capture itself, check by check
// (pass, warn, fail), with evidence.
#include <fmt/format.h>

#include <iostream>

#include "analysis.hpp"
#include "harfact/check/verify.hpp"
#include "harfact/har/timestamp.hpp"
#include "harfact/report/inspect_report.hpp"
#include "harfact/report/verify_report.hpp"

namespace harfact::cli {

int cmd_verify(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact verify [options] FILE\n\n"
      "Checks the capture itself before anything is concluded from it. Each check passes,\n"
      "warns or fails, with evidence (entries, values) and a sentence on why it matters for\n"
      "an exhibit: who exported it (and whether cookies were stripped), whether the file is\n"
      "whole, whether the recording starts at a page load, pages without entries, bodies not\n"
      "kept; entry order, timings against time, pauses, the capturing clock (future dates,\n"
      "dates before the exporter existed, zone changes, servers' Date headers); signs of\n"
      "editing (duplicated entries, sizes against bodies, queryString against the URL, cookie\n"
      "arrays against headers, duplicate JSON members, entries written unlike the rest or\n"
      "unlike the exporter); responses from cache or a service worker, the cache disabled,\n"
      "extension traffic, headless or automated browsers, a profile that already held\n"
      "cookies; and the region the consent platform applied. The checks and their order are\n"
      "listed in the README (harfact verify).\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")(
      "format,f", po::value<std::string>()->default_value("text"), "text or json")(
      "output,o", po::value<std::string>()->default_value("-"),
      "write to FILE (atomically) instead of standard output")("strict",
                                                               "exit 1 when any check fails")(
      "now", po::value<std::string>(),
      "judge \"in the future\" against this RFC 3339 time instead of the clock (for "
      "reproducible output)");
  add_analysis_options(visible);
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "input file");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "file", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 the capture was read completely (whatever the checks found); 1 "
                 "with --strict,\na check failed; 3 it could not be read as a HAR (or a database "
                 "could not be loaded);\n4 it was read in part; 2 usage error.\n"
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
    print_error("give exactly one capture (usage: harfact verify [options] FILE)");
    return exit_usage;
  }
  check::verify_options vopts;
  if (vm.count("now") != 0U) {
    std::string why;
    const auto now = har::parse_timestamp(vm["now"].as<std::string>(), &why);
    if (!now) {
      print_error(
          fmt::format("--now '{}' is not a date-time ({}); use RFC 3339, e.g. "
                      "2026-06-01T00:00:00Z",
                      vm["now"].as<std::string>(), why));
      return exit_usage;
    }
    vopts.now_us = now->us;
  }
  analysis a;
  if (const int rc = load_analysis(vm, a); rc != exit_ok) return rc;
  const check::verify_result r = check::verify(
      files[0], *a.matcher, *a.psl, capture_options(vm, files[0]), a.lists_or_null(), vopts);
  end_progress(vm);
  const auto& c = r.timeline.trackers.capture;
  if (!c.opened) return refuse_input(*c.error);

  report::envelope env;
  env.inputs = report::inspect_inputs({c});
  a.describe(env);
  const std::string out =
      format == "json" ? report::verify_json(r, env) : report::verify_text(r, env);
  if (const int rc = emit(vm["output"].as<std::string>(), out, files); rc != exit_ok) return rc;
  // Input problems outrank the gate, as for every command.
  if (const int rc = inspect::exit_status({c}); rc != exit_ok) return rc;
  return vm.count("strict") != 0U && check::overall(r) == check::status::fail ? exit_fail_on
                                                                              : exit_ok;
}

}  // namespace harfact::cli
