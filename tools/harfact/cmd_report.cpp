// harfact report EXHIBIT [--allegations F] [--compare OURS ...]: everything in
// one report (HTML, Markdown, JSON or JUnit).
#include <fmt/format.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "analysis.hpp"
#include "harfact/check/allegations.hpp"
#include "harfact/check/diff.hpp"
#include "harfact/check/verify.hpp"
#include "harfact/har/timestamp.hpp"
#include "harfact/io/read_file.hpp"
#include "harfact/io/sha256.hpp"
#include "harfact/report/full_report.hpp"
#include "harfact/report/inspect_report.hpp"

namespace harfact::cli {

namespace {

// Shell-quotes an argument for the chain of custody's command line.
std::string quoted(const std::string& a) {
  if (!a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_./=:,+@%") == std::string::npos) {
    return a;
  }
  std::string out = "'";
  for (const char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The visitor's local zone, by IANA name, through the C library's zone data
// (GCC 12 has no std::chrono time zones). The tool sets TZ once, before any
// thread starts; the library never touches it.
bool use_zone(const std::string& zone) {
  if (zone.empty()) return true;
  if (zone.find("..") != std::string::npos ||
      !std::filesystem::exists(std::filesystem::path("/usr/share/zoneinfo") / zone)) {
    return false;
  }
  ::setenv("TZ", zone.c_str(), 1);
  ::tzset();
  return true;
}

std::string local_time(std::int64_t us) {
  const std::time_t s =
      static_cast<std::time_t>(us >= 0 ? us / 1'000'000 : (us - 999'999) / 1'000'000);
  std::tm tm{};
  ::localtime_r(&s, &tm);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %Z", &tm);
  return std::string(buf, n);
}

}  // namespace

int cmd_report(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact report [options] EXHIBIT.har\n\n"
      "Everything harfact knows about an exhibit in one report that can be read without help\n"
      "and reproduced by anyone: the chain of custody (SHA-256 of every input, harfact's\n"
      "version, the signature database, lists and public-suffix data with their hashes, the\n"
      "command line), a summary, the limitations (what the capture cannot show; third-party\n"
      "hosts nothing classified), the allegations with their verdicts (--allegations), an SVG\n"
      "timeline of consent-state bands and tracker hits, the findings with stable ids and\n"
      "evidence, the integrity checks, the comparison with our own captures (--compare), and\n"
      "every tracker request in firing order. Same inputs, version and databases: the same\n"
      "bytes.\n\n"
      "Formats: html (self-contained, no script), md (Markdown), json\n"
      "(lib/schema/report.schema.json), junit (JUnit XML: one test case per finding kind and\n"
      "per integrity check, for a CI gate).\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")(
      "format,f", po::value<std::string>()->default_value("html"), "html, md, json or junit")(
      "output,o", po::value<std::string>()->default_value("-"),
      "write to FILE (atomically) instead of standard output")(
      "allegations", po::value<std::string>()->default_value(""),
      "a claims file (see harfact check) to give verdicts on")(
      "compare", po::value<std::vector<std::string>>()->composing(),
      "one of our own captures to compare the exhibit with (repeatable)")(
      "tz", po::value<std::string>()->default_value(""),
      "also show times in this IANA zone, e.g. America/Los_Angeles (UTC is always shown)")(
      "analysis-time",
      "record when the analysis ran (the report is then no longer "
      "byte-for-byte reproducible)");
  add_analysis_options(visible);
  add_fail_on_option(visible);
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "exhibit");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "file", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 report written; 1 a --fail-on finding exists (or, with junit, "
                 "the gate\nfailed); 3 an input could not be read (or a database, or the claims "
                 "file); 4 an input\nwas read in part; 2 usage error.\n"
              << k_exit3_note;
    return exit_ok;
  }
  const auto format = vm["format"].as<std::string>();
  if (format != "html" && format != "md" && format != "json" && format != "junit") {
    print_error(fmt::format("unknown --format '{}' (use html, md, json or junit)", format));
    return exit_usage;
  }
  const auto files = vm.count("file") != 0U ? vm["file"].as<std::vector<std::string>>()
                                            : std::vector<std::string>{};
  if (files.size() != 1) {
    print_error(
        "give exactly one exhibit (usage: harfact report [options] EXHIBIT.har; our own "
        "captures go with --compare)");
    return exit_usage;
  }
  std::vector<timeline::finding_kind> fail_kinds;
  if (!parse_fail_on(vm, fail_kinds)) return exit_usage;
  const auto zone = vm["tz"].as<std::string>();
  if (!use_zone(zone)) {
    print_error(
        fmt::format("--tz: unknown time zone '{}' (an IANA name such as "
                    "America/Los_Angeles, from /usr/share/zoneinfo)",
                    zone));
    return exit_usage;
  }
  const auto compare = vm.count("compare") != 0U ? vm["compare"].as<std::vector<std::string>>()
                                                 : std::vector<std::string>{};
  std::vector<std::string> inputs = files;
  inputs.insert(inputs.end(), compare.begin(), compare.end());

  std::vector<check::claim> claims;
  const auto claims_path = vm["allegations"].as<std::string>();
  if (!claims_path.empty()) {
    auto loaded = check::load_claims(claims_path);
    if (!loaded) {
      print_error(fmt::format("{}: {}", describe(loaded.error().where), loaded.error().message));
      return exit_input;
    }
    claims = std::move(*loaded);
    inputs.push_back(claims_path);
  }

  analysis a;
  if (const int rc = load_analysis(vm, a); rc != exit_ok) return rc;
  const check::verify_result exhibit =
      check::verify(files[0], *a.matcher, *a.psl, capture_options(vm, files[0]), a.lists_or_null());
  std::vector<check::verify_result> ours;
  ours.reserve(compare.size());
  for (const auto& c : compare) {
    ours.push_back(check::verify(c, *a.matcher, *a.psl, capture_options(vm, c), a.lists_or_null()));
  }
  end_progress(vm);
  std::vector<inspect::capture_summary> captures{exhibit.timeline.trackers.capture};
  for (const auto& o : ours) captures.push_back(o.timeline.trackers.capture);
  if (const int rc = refuse_unreadable(captures, true); rc != exit_ok) return rc;

  std::vector<check::claim_result> verdicts;
  if (!claims_path.empty()) verdicts = check::check_claims(claims, exhibit);
  std::vector<const check::verify_result*> ours_ptrs;
  for (const auto& o : ours) ours_ptrs.push_back(&o);
  check::diff_result differences;
  if (!ours.empty()) differences = check::diff(exhibit, ours_ptrs);

  report::report_inputs in;
  in.exhibit = &exhibit;
  in.claims = claims_path.empty() ? nullptr : &verdicts;
  in.compared = ours_ptrs;
  in.diff = ours.empty() ? nullptr : &differences;
  in.command_line = "harfact report";
  for (const auto& arg : args) in.command_line += " " + quoted(arg);
  if (vm.count("analysis-time") != 0U) {
    in.analysis_time =
        har::format_rfc3339_utc(std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count());
  }
  if (!zone.empty()) in.local_time = local_time;
  in.gate = fail_kinds;

  report::envelope env;
  env.inputs = report::inspect_inputs(captures);
  if (!env.inputs.empty()) env.inputs.front().label = "exhibit";
  for (std::size_t i = 1; i < env.inputs.size(); ++i)
    env.inputs[i].label = fmt::format("ours[{}]", i - 1);
  if (!claims_path.empty()) {
    // The claims file is an input too: its hash belongs in the chain of custody.
    report::input_ref ref;
    ref.label = "allegations";
    ref.path = claims_path;
    // Loaded above, so it exists and is within the limit.
    auto read = io::read_file_bounded(claims_path, check::k_max_claims_bytes, "claims file");
    const std::string bytes = read ? std::move(*read) : std::string();
    ref.bytes = bytes.size();
    ref.sha256 = io::to_hex(io::sha256::of(bytes));
    env.inputs.push_back(std::move(ref));
  }
  a.describe(env);

  std::string out;
  if (format == "html") {
    out = report::report_html(in, env);
  } else if (format == "md") {
    out = report::report_markdown(in, env);
  } else if (format == "json") {
    out = report::report_json(in, env);
  } else {
    out = report::report_junit(in, env);
  }
  if (const int rc = emit(vm["output"].as<std::string>(), out, inputs); rc != exit_ok) return rc;
  if (const int rc = inspect::exit_status(captures); rc != exit_ok) return rc;
  if (fails_on(exhibit.timeline.findings, fail_kinds)) return exit_fail_on;
  return exit_ok;
}

}  // namespace harfact::cli
