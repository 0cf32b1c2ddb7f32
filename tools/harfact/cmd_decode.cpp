// harfact decode KIND VALUE: one consent cookie, string or parameter, explained.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "harfact/consent/signal.hpp"
#include "harfact/io/read_file.hpp"
#include "harfact/report/consent_report.hpp"

namespace harfact::cli {

int cmd_decode(const std::vector<std::string>& args) {
  std::string kinds;
  for (const auto& d : consent::decoders()) {
    kinds += fmt::format("  {:<17} {}\n", d.kind, d.description);
  }
  po::options_description visible(
      "Usage: harfact decode [options] KIND VALUE\n"
      "       harfact decode [options] KIND -      (the value on standard input)\n\n"
      "Decodes one consent cookie, string or parameter as a lawyer pastes it in, and says\n"
      "what it means. Field names follow the specification's own names in snake_case;\n"
      "values as the specification encodes them, with a readable meaning beside them;\n"
      "what the sources mark uncertain is labelled so. Percent-encoding is undone first\n"
      "(repeatedly: cookie values are often encoded twice).\n\n"
      "Kinds:\n" +
      kinds + "\nOptions");
  visible.add_options()("help,h", "show this help")(
      "format,f", po::value<std::string>()->default_value("text"), "text or json")(
      "output,o", po::value<std::string>()->default_value("-"),
      "write to FILE (atomically) instead of standard output");
  po::options_description hidden;
  hidden.add_options()("args", po::value<std::vector<std::string>>(), "kind and value");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "args", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 decoded; 3 the value could not be decoded (the reason is "
                 "printed);\n2 usage error.\n";
    return exit_ok;
  }
  const auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    print_error(fmt::format("unknown --format '{}' (use text or json)", format));
    return exit_usage;
  }
  const auto pos = vm.count("args") != 0U ? vm["args"].as<std::vector<std::string>>()
                                          : std::vector<std::string>{};
  if (pos.size() != 2) {
    print_error(
        "give a kind and a value (usage: harfact decode KIND VALUE; kinds: harfact "
        "decode --help)");
    return exit_usage;
  }
  std::string value = pos[1];
  if (value == "-") {
    // A consent string or cookie is at most a few KiB; 16 MiB is room for any.
    auto read = io::read_stream_bounded(std::cin, std::uint64_t{16} << 20, "value", "-");
    if (!read) {
      print_error(read.error().message);
      return exit_input;
    }
    value = std::move(*read);
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  }
  const auto s = consent::decode(pos[0], value);
  if (!s) {
    std::string names;
    for (const auto& d : consent::decoders())
      names += (names.empty() ? "" : ", ") + std::string(d.kind);
    print_error(fmt::format("unknown kind '{}' (one of: {})", pos[0], names));
    return exit_usage;
  }
  report::envelope env;
  const std::string out = format == "json" ? report::decode_json(*s, env) : report::decode_text(*s);
  if (const int rc = emit(vm["output"].as<std::string>(), out, {}); rc != exit_ok) return rc;
  if (!s->ok) print_error(fmt::format("{}: {}", s->kind, s->error));
  return s->ok ? exit_ok : exit_input;
}

}  // namespace harfact::cli
