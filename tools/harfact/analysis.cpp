#include "analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "harfact/report/trackers_report.hpp"

namespace harfact::cli {

void add_analysis_options(po::options_description& d) {
  d.add_options()("signatures", po::value<std::string>()->default_value(""),
                  "signature directory (default: the installed signatures/)")(
      "no-signatures", "use no signature database")(
      "list", po::value<std::vector<std::string>>()->composing(),
      "a filter list in EasyList syntax (repeatable); its hits are unclassified trackers")(
      "no-default-lists",
      "do not load the EasyPrivacy and EasyList copies of Debian's uBlock Origin package")(
      "public-suffix", po::value<std::string>()->default_value(""),
      "Public Suffix List file (default: Debian's /usr/share/publicsuffix copy)")(
      "quiet,q", "no progress lines on standard error");
  add_limit_options(d);
}

// A limit on the command line: a whole number, optionally with a binary suffix
// (K, M, G, T, with or without "iB": 64K is 65536). Anything else, a sign
// included, is a usage error (boost would wrap "-1" to the largest value).
struct limit_value {
  std::uint64_t value = 0;
};

void validate(boost::any& v, const std::vector<std::string>& values, limit_value* /*unused*/,
              int /*unused*/) {
  po::validators::check_first_occurrence(v);
  const std::string& s = po::validators::get_single_string(values);
  std::size_t i = 0;
  std::uint64_t n = 0;
  bool overflow = false;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    overflow = overflow || __builtin_mul_overflow(n, 10, &n) ||
               __builtin_add_overflow(n, static_cast<std::uint64_t>(s[i] - '0'), &n);
    ++i;
  }
  if (i == 0) throw po::invalid_option_value(s);
  std::string_view suffix = std::string_view(s).substr(i);
  unsigned shift = 0;
  if (!suffix.empty()) {
    const std::string_view units = "KMGT";
    const auto at = units.find(suffix[0]);
    if (at == std::string_view::npos) throw po::invalid_option_value(s);
    shift = 10 * static_cast<unsigned>(at + 1);
    suffix.remove_prefix(1);
    if (!suffix.empty() && suffix != "iB" && suffix != "B") throw po::invalid_option_value(s);
  }
  if (shift != 0 && (n >> (64 - shift)) != 0) overflow = true;
  if (overflow) throw po::invalid_option_value(s);
  v = boost::any(limit_value{n << shift});
}

namespace {

po::typed_value<limit_value>* limit(std::uint64_t default_value, const char* shown) {
  return po::value<limit_value>()->default_value(limit_value{default_value}, shown);
}

std::string shown_bytes(std::uint64_t n) {
  if (n != 0 && n % (std::uint64_t{1} << 30) == 0) return fmt::format("{}GiB", n >> 30);
  if (n != 0 && n % (std::uint64_t{1} << 20) == 0) return fmt::format("{}MiB", n >> 20);
  return std::to_string(n);
}

}  // namespace

void add_limit_options(po::options_description& d) {
  const har::reader_options defaults;
  // The texts shown as defaults in --help must outlive the descriptions.
  static const std::string input_bytes = shown_bytes(defaults.input.max_bytes);
  static const std::string ratio = std::to_string(defaults.input.max_ratio);
  static const std::string entry_bytes = shown_bytes(defaults.max_entry_bytes);
  static const std::string depth = std::to_string(defaults.max_depth);
  static const std::string entries = std::to_string(defaults.max_entries);
  po::options_description limits(
      "Limits against hostile captures (each refusal or skip is reported; sizes take K, M, G)");
  limits.add_options()("max-input-bytes", limit(defaults.input.max_bytes, input_bytes.c_str()),
                       "refuse a compressed capture or standard input that decompresses to more "
                       "bytes (plain files are mapped, not limited)")(
      "max-ratio", limit(defaults.input.max_ratio, ratio.c_str()),
      "refuse a compressed capture that expands more than this ratio once past 64 MiB "
      "(a decompression bomb)")("max-entry-bytes",
                                limit(defaults.max_entry_bytes, entry_bytes.c_str()),
                                "skip an entry larger than this, with a diagnostic")(
      "max-depth", limit(defaults.max_depth, depth.c_str()),
      "skip an entry (ignore a log member) nested deeper than this, with a diagnostic")(
      "max-entries", limit(defaults.max_entries, entries.c_str()),
      "read at most this many entries; the rest are counted, with a diagnostic");
  d.add(limits);
}

har::reader_options reader_limits(const po::variables_map& vm) {
  har::reader_options r;
  r.input.max_bytes = vm["max-input-bytes"].as<limit_value>().value;
  r.input.max_ratio = vm["max-ratio"].as<limit_value>().value;
  r.max_entry_bytes = vm["max-entry-bytes"].as<limit_value>().value;
  r.max_depth = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(vm["max-depth"].as<limit_value>().value, 0xFFFFFFFFU));
  r.max_entries = vm["max-entries"].as<limit_value>().value;
  return r;
}

void analysis::describe(report::envelope& env) const {
  if (psl) env.public_suffix_sha256 = psl->sha256();
  report::describe_database(env, db);
  report::describe_lists(env, lists);
}

int load_analysis(const po::variables_map& vm, analysis& out) {
  if (vm.count("no-signatures") != 0U && !vm["signatures"].as<std::string>().empty()) {
    print_error("--signatures and --no-signatures exclude each other");
    return exit_usage;
  }
  if (vm.count("no-signatures") == 0U &&
      !load_signatures(vm["signatures"].as<std::string>(), out.db)) {
    return exit_input;
  }
  // Broad lists: the ones given, and by default Debian's EasyPrivacy and EasyList.
  std::vector<std::filesystem::path> list_paths;
  if (vm.count("no-default-lists") == 0U) list_paths = sig::filter_engine::default_list_paths();
  if (vm.count("list") != 0U) {
    for (const auto& p : vm["list"].as<std::vector<std::string>>()) list_paths.emplace_back(p);
  }
  for (const auto& p : list_paths) {
    if (auto added = out.lists.add_file(p); !added) {
      print_error(fmt::format("{}: {}", describe(added.error().where), added.error().message));
      return exit_input;
    }
  }
  out.lists.build();
  out.lists_used = !list_paths.empty();
  auto psl = net::public_suffix::load(vm["public-suffix"].as<std::string>());
  if (!psl) {
    print_error(psl.error().message);
    return exit_input;
  }
  out.psl.emplace(std::move(*psl));
  out.matcher.emplace(out.db);
  return exit_ok;
}

void add_fail_on_option(po::options_description& d) {
  d.add_options()("fail-on", po::value<std::string>()->default_value(""),
                  "exit 1 when a finding of one of these kinds exists (comma-separated, e.g. "
                  "fired_before_consent_ui,fired_after_opt_out; 'any' for every kind but "
                  "fired_with_consent)");
}

bool parse_fail_on(const po::variables_map& vm, std::vector<timeline::finding_kind>& kinds) {
  kinds.clear();
  std::string_view rest = vm["fail-on"].as<std::string>();
  constexpr int k_kinds = static_cast<int>(timeline::finding_kind::order_indeterminate) + 1;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view name = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (name.empty()) continue;
    if (name == "any") {
      for (int i = 0; i < k_kinds; ++i) {
        const auto k = static_cast<timeline::finding_kind>(i);
        if (k != timeline::finding_kind::fired_with_consent) kinds.push_back(k);
      }
      continue;
    }
    bool known = false;
    for (int i = 0; i < k_kinds; ++i) {
      const auto k = static_cast<timeline::finding_kind>(i);
      if (timeline::finding_kind_name(k) == name) {
        kinds.push_back(k);
        known = true;
      }
    }
    if (!known) {
      std::string all;
      for (int i = 0; i < k_kinds; ++i) {
        all += (i != 0 ? ", " : "") +
               std::string(timeline::finding_kind_name(static_cast<timeline::finding_kind>(i)));
      }
      print_error(fmt::format("--fail-on: unknown finding kind '{}' (one of: any, {})", name, all));
      return false;
    }
  }
  return true;
}

bool fails_on(const std::vector<timeline::finding>& findings,
              const std::vector<timeline::finding_kind>& kinds) {
  for (const auto& f : findings) {
    if (std::find(kinds.begin(), kinds.end(), f.kind) != kinds.end()) return true;
  }
  return false;
}

inspect::inspect_options capture_options(const po::variables_map& vm, const std::string& file) {
  inspect::inspect_options options;
  options.reader = reader_limits(vm);
  if (vm.count("quiet") == 0U && stderr_is_tty()) {
    options.progress = [file](std::uint64_t entries, std::uint64_t offset, std::uint64_t total) {
      std::cerr << fmt::format(
          "\r{}: {} entries, {:.0f}%\x1b[K", file, entries,
          total == 0 ? 100.0 : 100.0 * static_cast<double>(offset) / static_cast<double>(total));
    };
  }
  return options;
}

int refuse_unreadable(const std::vector<inspect::capture_summary>& captures, bool all_needed) {
  std::size_t unreadable = 0;
  for (const auto& c : captures) {
    if (c.opened) continue;
    ++unreadable;
    print_error(fmt::format("{}: {}", describe(c.error->where), c.error->message));
    if (!c.error->hint.empty()) std::cerr << "hint: " << c.error->hint << '\n';
  }
  if (unreadable == 0 || (!all_needed && unreadable < captures.size())) return exit_ok;
  std::cerr << "nothing was written\n";
  return exit_input;
}

void end_progress(const po::variables_map& vm) {
  if (vm.count("quiet") == 0U && stderr_is_tty()) std::cerr << "\r\x1b[K";
}

}  // namespace harfact::cli
