// The tool: options and databases shared by every analysing command
// (trackers, timeline, consent): --signatures, --no-signatures, --list,
// --no-default-lists, --public-suffix, --quiet; and progress on a terminal.
#pragma once

#include <optional>
#include <string>

#include "cli.hpp"
#include "harfact/har/reader.hpp"
#include "harfact/inspect/inspect.hpp"
#include "harfact/net/public_suffix.hpp"
#include "harfact/report/envelope.hpp"
#include "harfact/sig/filter_list.hpp"
#include "harfact/sig/matcher.hpp"
#include "harfact/timeline/timeline.hpp"

namespace harfact::cli {

/// Adds the shared options to `d` (the limits of add_limit_options included).
void add_analysis_options(po::options_description& d);

/// A limit given on the command line (see add_limit_options).
struct limit_value;

/// The limits that hold against hostile captures: --max-input-bytes,
/// --max-ratio, --max-entry-bytes, --max-depth, --max-entries.
void add_limit_options(po::options_description& d);
/// Reader options with the limits `vm` names (add_limit_options).
har::reader_options reader_limits(const po::variables_map& vm);

struct analysis {
  sig::database db = sig::database::empty();
  sig::filter_engine lists;
  bool lists_used = false;
  std::optional<net::public_suffix> psl;
  std::optional<sig::matcher> matcher;

  const sig::filter_engine* lists_or_null() const { return lists_used ? &lists : nullptr; }
  /// The envelope's database, lists and public suffix parts.
  void describe(report::envelope& env) const;
};

/// Loads what the options name. Prints the problem and returns its exit code
/// (2 usage, 3 input) on failure; 0 on success.
int load_analysis(const po::variables_map& vm, analysis& out);

/// --fail-on KIND[,KIND...] (timeline, check, report).
void add_fail_on_option(po::options_description& d);
/// The finding kinds --fail-on names; prints the problem and returns false on
/// an unknown kind (a usage error).
bool parse_fail_on(const po::variables_map& vm, std::vector<timeline::finding_kind>& kinds);
/// True when `findings` holds one of `kinds`.
bool fails_on(const std::vector<timeline::finding>& findings,
              const std::vector<timeline::finding_kind>& kinds);

/// Options for one capture: progress lines on a terminal unless --quiet.
inspect::inspect_options capture_options(const po::variables_map& vm, const std::string& file);
/// Prints the error of each capture that could not be read. When `all_needed`
/// and one could not, or when none could, prints "nothing was written" and
/// returns exit_input (the command writes no report); else exit_ok.
int refuse_unreadable(const std::vector<inspect::capture_summary>& captures, bool all_needed);
/// Clears the progress line, if one was drawn.
void end_progress(const po::variables_map& vm);

}  // namespace harfact::cli
