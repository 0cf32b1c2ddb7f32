// harfact: `trackers`, which vendor each request of a capture belongs to.
//
// One pass over the capture (shared with inspect's summary): every request is
// matched against the signature database; each hit keeps its evidence (entry
// index, time as written, URL, signature id@rev, the other signatures that
// also matched) and whether it was first- or third-party to the page that made
// it (registrable domains, as inspect decides them).
//
// Thread safety: find_trackers() may run concurrently on different captures
// with the same database, matcher and public suffix list.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harfact/decode/decoder.hpp"
#include "harfact/inspect/inspect.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/filter_list.hpp"
#include "harfact/sig/matcher.hpp"

namespace harfact::trackers {

struct hit {
  std::uint64_t entry = 0;              ///< 0-based index in log.entries
  std::optional<std::int64_t> time_us;  ///< startedDateTime, when valid
  std::string time_original;            ///< startedDateTime as written
  std::string method, url, host;
  std::size_t page = 0;  ///< index into capture_summary::pages
  inspect::party party = inspect::party::unknown;
  const sig::signature* sig = nullptr;  ///< the most specific match
  const sig::vendor* vendor = nullptr;
  std::vector<const sig::signature*> also;  ///< other signatures that matched too
  std::optional<std::int64_t> status;       ///< response status
  decode::decoded decoded;  ///< what the request carried, by the signature's decoders
};

/// One data field a vendor received, over all its hits.
struct field_summary {
  std::string name;
  decode::field_kind kind = decode::field_kind::other;
  std::string meaning;
  bool uncertain = false;
  std::uint64_t hits = 0;  ///< hits that carried it
};

/// A value that looked like personal data, with where it was sent.
struct personal_data_hit {
  std::size_t hit = 0;  ///< index into result::hits
  std::string field;
  std::string kind;  ///< "email", "phone", "name"
};

struct vendor_hits {
  const sig::vendor* vendor = nullptr;
  std::vector<std::size_t> hits;  ///< indexes into result::hits, in entry order
  std::uint64_t third_party_hits = 0;
  std::vector<std::pair<std::string, std::uint64_t>> events;  ///< name, count; first-seen order
  std::vector<field_summary> fields;                          ///< first-seen order
  std::vector<personal_data_hit> personal_data;               ///< at most 100 listed
  std::uint64_t personal_data_total = 0;
  std::uint64_t body_not_captured = 0;  ///< hits whose body the capture did not keep
};

/// A request no signature classified but a broad filter list (EasyPrivacy,
/// EasyList, ...) blocks: an unclassified tracker, with the rule as evidence.
struct unclassified_hit {
  std::uint64_t entry = 0;
  std::optional<std::int64_t> time_us;
  std::string time_original;
  std::string method, url, host, registrable_domain;
  std::size_t page = 0;
  inspect::party party = inspect::party::unknown;
  sig::request_type type = sig::request_type::other;
  std::string list;  ///< list name
  std::uint32_t line = 0;
  std::string rule;  ///< as written in the list
};

struct result {
  inspect::capture_summary capture;
  std::vector<hit> hits;                       ///< in entry order
  std::vector<vendor_hits> vendors;            ///< in order of first hit
  std::vector<unclassified_hit> unclassified;  ///< in entry order
};

/// Reads one capture and finds its trackers. Never fails: problems are in
/// result::capture (as for inspect).
/// `lists` (may be null): broad filter lists consulted for the requests no
/// signature matched.
result find_trackers(const std::filesystem::path& path, const sig::matcher& matcher,
                     const net::public_suffix& psl, const inspect::inspect_options& options = {},
                     const sig::filter_engine* lists = nullptr);

}  // namespace harfact::trackers
