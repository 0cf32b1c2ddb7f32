// harfact check --allegations CLAIMS.json EXHIBIT: the claims of a demand
// letter against the exhibit, a verdict each with its evidence and reason.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include "analysis.hpp"
#include "harfact/check/allegations.hpp"
#include "harfact/io/read_file.hpp"
#include "harfact/io/sha256.hpp"
#include "harfact/report/check_report.hpp"
#include "harfact/report/inspect_report.hpp"

namespace harfact::cli {

namespace {

void print_problem(const harfact::error& e) {
  print_error(fmt::format("{}: {}", describe(e.where), e.message));
  if (!e.hint.empty()) std::cerr << "hint: " << e.hint << '\n';
}

}  // namespace

int cmd_check(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact check --allegations CLAIMS.json [options] EXHIBIT\n\n"
      "Checks each claim of a demand letter (a JSON file: id, the letter's words, the vendor,\n"
      "the kind of claim, optionally a field, a page and a time; see\n"
      "testdata/allegations/README.md) against the exhibit's timeline. Kinds: tracker_present,\n"
      "fired_before_consent, fired_after_opt_out, fired_despite_gpc, transmitted_field,\n"
      "captured_form_input, intercepted_chat. Each claim gets a verdict: supported,\n"
      "contradicted, not_evidenced (the capture neither shows nor refutes it) or indeterminate\n"
      "(the capture cannot show it: truncated, cookies stripped, bodies not kept, times too\n"
      "close to order), with a one-paragraph reason and its evidence (entry, time, URL, field,\n"
      "signature id@rev). Claims the capture shows to be wrong on the facts (the vendor never\n"
      "fired, fired only with consent, never received the field) are listed first.\n\n"
      "Formats: text (for people), json (lib/schema/check.schema.json).\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")("allegations,a", po::value<std::string>(),
                                                    "the claims file (JSON; required)")(
      "format,f", po::value<std::string>()->default_value("text"), "text or json")(
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
              << "\nExit codes: 0 every claim was checked on a completely read capture; 1 a "
                 "--fail-on\nfinding exists in the exhibit's timeline; 2 usage error; 3 the "
                 "claims file or the\ncapture could not be read (or a claim names a vendor the "
                 "database does not know);\n4 the capture was read in part (verdicts cover what "
                 "was read).\n"
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
  if (vm.count("allegations") == 0U) {
    print_error("give the claims file with --allegations CLAIMS.json");
    return exit_usage;
  }
  if (files.size() != 1) {
    print_error("give exactly one exhibit (usage: harfact check --allegations CLAIMS.json FILE)");
    return exit_usage;
  }
  std::vector<timeline::finding_kind> fail_kinds;
  if (!parse_fail_on(vm, fail_kinds)) return exit_usage;

  // The claims file: read here once, so that its hash and the claims come
  // from the same bytes.
  const std::string claims_path = vm["allegations"].as<std::string>();
  std::string claims_text;
  {
    auto read = io::read_file_bounded(claims_path, check::k_max_claims_bytes, "claims file");
    if (!read && read.error().code == errc::too_large) return refuse_input(read.error());
    if (!read) {
      print_error(fmt::format("{}: cannot read the claims file", claims_path));
      return exit_input;
    }
    claims_text = std::move(*read);
  }
  auto claims = check::parse_claims(claims_text, claims_path);
  if (!claims) {
    print_problem(claims.error());
    return exit_input;
  }
  analysis a;
  if (const int rc = load_analysis(vm, a); rc != exit_ok) return rc;
  if (auto known = check::check_vendor_ids(*claims, a.db, claims_path); !known) {
    print_problem(known.error());
    return exit_input;
  }

  // The timeline is all the claims are judged against; verify()'s integrity
  // checks would add nothing to a verdict, so the capture is read once here.
  check::verify_result exhibit;
  exhibit.timeline = timeline::reconstruct(files[0], *a.matcher, *a.psl,
                                           capture_options(vm, files[0]), a.lists_or_null());
  end_progress(vm);
  const auto& c = exhibit.timeline.trackers.capture;
  if (!c.opened) return refuse_input(*c.error);
  const auto results = check::check_claims(*claims, exhibit, &a.db);

  report::envelope env;
  report::input_ref claims_ref;
  claims_ref.label = "claims";
  claims_ref.path = claims_path;
  claims_ref.bytes = claims_text.size();
  claims_ref.sha256 = io::to_hex(io::sha256::of(claims_text));
  env.inputs.push_back(std::move(claims_ref));
  for (auto& in : report::inspect_inputs({c})) {
    in.label = "exhibit";
    env.inputs.push_back(std::move(in));
  }
  a.describe(env);
  const std::string out = format == "json" ? report::check_json(results, exhibit.timeline, env)
                                           : report::check_text(results, exhibit.timeline, env);
  if (const int rc = emit(vm["output"].as<std::string>(), out, {files[0], claims_path});
      rc != exit_ok) {
    return rc;
  }
  // Input problems outrank the gate: a partial capture cannot pass it.
  if (const int rc = inspect::exit_status({c}); rc != exit_ok) return rc;
  return fails_on(exhibit.timeline.findings, fail_kinds) ? exit_fail_on : exit_ok;
}

}  // namespace harfact::cli
