// harfact redact IN -o OUT: a shareable copy of a capture, with the list of
// what was masked. The masking rules are the library's (redact/redact.hpp).
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analysis.hpp"
#include "harfact/io/read_file.hpp"
#include "harfact/redact/redact.hpp"
#include "harfact/report/inspect_report.hpp"

namespace harfact::cli {

namespace {

bool same_file(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") return false;
  if (a == b) return true;
  std::error_code ec;
  return std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec) &&
         std::filesystem::equivalent(a, b, ec);
}

// A device such as /dev/null is written to, never replaced by a rename.
int write_output(const std::string& path, std::string_view content,
                 const std::vector<std::string>& inputs) {
  std::error_code ec;
  if (path != "-" && std::filesystem::exists(path, ec) &&
      !std::filesystem::is_regular_file(path, ec)) {
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) {
      print_error("cannot write " + path);
      return exit_input;
    }
    return exit_ok;
  }
  return emit(path, content, inputs);
}

}  // namespace

int cmd_redact(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact redact [options] IN -o OUT\n\n"
      "Writes a shareable copy of a capture: cookie values (except consent cookies, which\n"
      "record a choice), authorization and API-key headers, tokens, session ids, JWTs and\n"
      "API keys in URLs and bodies, emails, phone numbers, names, hashed user data, client\n"
      "ids of tracker hits, and values typed into forms are replaced by same-shape\n"
      "placeholders (REDACTED-<kind>-<8 hex>, keyed HMAC-SHA-256). Structure, timings, hosts,\n"
      "paths, parameter names, pixel ids and consent signals are kept, so that the copy\n"
      "gives the same vendors, timeline and findings. The copy is HAR 1.2 JSON, written\n"
      "atomically; the input is never modified. --changes lists every masked value (entry,\n"
      "JSON pointer, kind, reason), never the value itself.\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")(
      "output,o", po::value<std::string>(),
      "write the redacted copy to OUT (required; - for "
      "standard output)")("changes", po::value<std::string>(),
                          "write the list of changes to FILE (- for standard output)")(
      "dry-run", "write no copy, only the list of changes (review what would be masked)")(
      "format,f", po::value<std::string>()->default_value("json"),
      "format of the list of changes: json or text")(
      "key-file", po::value<std::string>(),
      "key the placeholders with the bytes of FILE (the same key gives the same placeholders: "
      "to redact several captures consistently); default: a random key per run");
  add_analysis_options(visible);
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "input file");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "file", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 the whole capture was redacted; 2 usage error; 3 it could not "
                 "be read\n(nothing is written) or an output could not be written; 4 it was "
                 "read in part: the copy\nholds what was read, closed into valid JSON.\n";
    return exit_ok;
  }
  const auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    print_error(fmt::format("unknown --format '{}' (use text or json)", format));
    return exit_usage;
  }
  const auto files = vm.count("file") != 0U ? vm["file"].as<std::vector<std::string>>()
                                            : std::vector<std::string>{};
  const bool dry_run = vm.count("dry-run") != 0U;
  if (files.size() != 1 || (vm.count("output") == 0U) == !dry_run) {
    print_error(
        "give one capture and -o OUT, or --dry-run (usage: harfact redact [options] IN -o OUT)");
    return exit_usage;
  }
  const std::string& in = files[0];
  const std::string out = dry_run ? std::string() : vm["output"].as<std::string>();
  const std::string changes = vm.count("changes") != 0U ? vm["changes"].as<std::string>() : "";
  if (same_file(out, in) || same_file(changes, in)) {
    print_error("refusing to write over the input " + in);
    return exit_usage;
  }
  if (!changes.empty() && !out.empty() && (changes == out || same_file(changes, out))) {
    print_error("-o and --changes name the same file");
    return exit_usage;
  }
  redact::options opts;
  opts.reader = reader_limits(vm);
  if (vm.count("key-file") != 0U) {
    const std::string path = vm["key-file"].as<std::string>();
    // A key is a few dozen bytes; 64 KiB stops a device or pipe that never ends.
    auto read = io::read_file_bounded(path, std::uint64_t{64} << 10, "key file");
    if (!read) {
      print_error("--key-file " + read.error().message);
      return exit_usage;
    }
    opts.key = std::move(*read);
    while (!opts.key.empty() && (opts.key.back() == '\n' || opts.key.back() == '\r')) {
      opts.key.pop_back();
    }
    if (opts.key.empty()) {
      print_error("--key-file " + path + ": empty");
      return exit_usage;
    }
  }
  analysis a;
  if (const int rc = load_analysis(vm, a); rc != exit_ok) return rc;
  auto r = redact::redact_file(in, opts, a.matcher ? &*a.matcher : nullptr);
  if (!r) return refuse_input(r.error());
  if (r->read_error) {
    print_error(fmt::format("{}: {} (the copy holds the {} entries read before it)",
                            describe(r->read_error->where), r->read_error->message,
                            r->input.entries_read));
  }
  if (!dry_run) {
    if (const int rc = write_output(out, r->har, files); rc != exit_ok) return rc;
  }
  if (!changes.empty()) {
    report::envelope env;
    report::input_ref ref;
    ref.label = "capture";
    ref.path = in;
    ref.bytes = r->input.input_bytes;
    if (!r->input.sha256.empty()) ref.sha256 = r->input.sha256;
    if (!r->input.sha256_text.empty()) ref.sha256_decompressed = r->input.sha256_text;
    env.inputs.push_back(std::move(ref));
    a.describe(env);
    const std::string list =
        format == "json" ? redact::changes_json(*r, env) : redact::changes_text(*r);
    if (const int rc = write_output(changes, list, {in}); rc != exit_ok) return rc;
  }
  if (vm.count("quiet") == 0U) {
    std::uint64_t values = 0;
    for (const auto& c : r->changes) values += c.count;
    std::cerr << fmt::format("harfact: masked {} values in {} strings of {} entries{}\n", values,
                             r->changes.size(), r->entries,
                             out.empty() || out == "-" ? std::string() : "; wrote " + out);
    for (const auto& n : r->notes) std::cerr << "note: " << n << '\n';
  }
  return r->input.status == har::read_status::complete ? exit_ok : exit_partial;
}

}  // namespace harfact::cli
