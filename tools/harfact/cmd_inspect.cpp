// harfact inspect FILE...: an exact account of each capture.
#include <fmt/format.h>

#include <iostream>

#include "analysis.hpp"
#include "cli.hpp"
#include "harfact/inspect/inspect.hpp"
#include "harfact/report/inspect_report.hpp"

namespace harfact::cli {

int cmd_inspect(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact inspect [options] FILE...\n\n"
      "Summarises each capture: bytes and SHA-256, exporter, HAR version, pages with their\n"
      "main document, entries and time span, hosts grouped first- or third-party by\n"
      "registrable domain, status and MIME histograms, bytes transferred, whether cookies\n"
      "were stripped by a sanitizing export, and every deviation from HAR 1.2 found.\n"
      "FILE may be .har, .har.gz, .har.zst or zlib (detected by content); '-' reads stdin.\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")(
      "format,f", po::value<std::string>()->default_value("text"), "output format: text or json")(
      "output,o", po::value<std::string>()->default_value("-"),
      "write to FILE (atomically) instead of standard output")(
      "public-suffix", po::value<std::string>()->default_value(""),
      "Public Suffix List file (default: Debian's /usr/share/publicsuffix copy)")(
      "max-diagnostics", po::value<std::size_t>()->default_value(20),
      "diagnostics listed per capture in text output (all are counted)")(
      "quiet,q", "no progress lines on standard error");
  add_limit_options(visible);
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "input files");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "file", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 every capture read completely; 3 a file could not be "
                 "read as a HAR;\n4 a capture was read in part (truncated or "
                 "salvaged); 2 usage error.\nA capture that cannot be read is named on standard "
                 "error and in "
                 "the report;\nwhen none can be read, nothing is written.\n";
    return exit_ok;
  }
  const auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    print_error(fmt::format("unknown --format '{}' (use text or json)", format));
    return exit_usage;
  }
  if (vm.count("file") == 0U) {
    print_error("no input files (usage: harfact inspect [options] FILE...)");
    return exit_usage;
  }
  const auto files = vm["file"].as<std::vector<std::string>>();

  auto psl = net::public_suffix::load(vm["public-suffix"].as<std::string>());
  if (!psl) {
    print_error(psl.error().message);
    return exit_input;
  }
  // Progress on a terminal only: which file, and within a large file how far.
  const bool progress = vm.count("quiet") == 0U && stderr_is_tty();
  std::vector<inspect::capture_summary> captures;
  captures.reserve(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    inspect::inspect_options options;
    options.reader = reader_limits(vm);
    if (progress) {
      if (files.size() > 1) {
        std::cerr << fmt::format("\r[{}/{}] {}\x1b[K", i + 1, files.size(), files[i]);
      }
      options.progress = [&, i](std::uint64_t entries, std::uint64_t offset, std::uint64_t total) {
        std::cerr << fmt::format(
            "\r[{}/{}] {}: {} entries, {:.0f}%\x1b[K", i + 1, files.size(), files[i], entries,
            total == 0 ? 100.0 : 100.0 * static_cast<double>(offset) / static_cast<double>(total));
      };
    }
    captures.push_back(inspect::inspect_capture(files[i], *psl, options));
  }
  if (progress) std::cerr << "\r\x1b[K";
  // The report covers the captures that could be read, and names the others.
  if (const int rc = refuse_unreadable(captures, false); rc != exit_ok) return rc;

  report::envelope env;
  env.inputs = report::inspect_inputs(captures);
  env.public_suffix_sha256 = psl->sha256();
  std::string out;
  if (format == "json") {
    out = report::inspect_json(captures, env);
  } else {
    report::text_options options;
    options.max_diagnostics = vm["max-diagnostics"].as<std::size_t>();
    out = report::inspect_text(captures, env, options);
  }
  if (const int rc = emit(vm["output"].as<std::string>(), out, files); rc != exit_ok) return rc;
  return inspect::exit_status(captures);
}

}  // namespace harfact::cli
