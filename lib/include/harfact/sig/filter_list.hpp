// harfact: a filter-list engine for EasyList/EasyPrivacy syntax (the "broad lists" tier).
//
// A request that a list blocks is reported as an unclassified tracker, citing the list, the
// line number and the rule text. The curated signature database (sig/database.hpp) says who
// a vendor is; a filter list only says "an ad blocker would block this".
//
// Supported syntax (network rules)
// --------------------------------
// Plain substrings, `*` wildcards, `^` separators (any character that is not a letter, a
// digit or one of `_-.%`, or the end of the URL), `|` anchors at the start and the end,
// `||` host anchors (the pattern starts at the start of the host or just after a '.' in
// it), `@@` exceptions, `/regex/` rules (RE2; a pattern RE2 cannot compile is counted as
// unsupported), `!` comments and `[Adblock Plus ...]` headers. Options: `third-party`/`3p`,
// `~third-party`/`first-party`/`1p`, `domain=a.com|~b.com` (also `from=`), the types
// `script`, `image`, `stylesheet`/`css`, `xmlhttprequest`/`xhr`, `subdocument`/`frame`,
// `font`, `media`, `object` (`object-subrequest`), `ping` (`beacon`), `websocket`, `other`,
// `document`/`doc`, `all`, and their negations `~script`..., `match-case`, `important`,
// `badfilter`.
//
// Semantics follow uBlock Origin (the reference engine):
// - Matching is case-insensitive unless `match-case` (which here applies to every rule
//   form; uBO honours it for regex rules only, and no EasyList rule uses it).
// - A rule without a type option applies to every type except `document`: a top-level
//   document only matches rules that name `document` (uBO's "strict blocking" of whole
//   sites is a browser feature, not a fact about a request). A rule with only negated
//   types applies to every type except `document` and the negated ones.
// - A pattern that is only a host name (`ads.example.com`, as in a hosts file) names that
//   host and its subdomains, like `||ads.example.com^`, unless the rule has `domain=`, a
//   negated type or `important` (uBO's reading; ABP reads it as a substring).
// - `domain=` is matched against the page host with its subdomains; the rule applies when
//   the page matches one of the positive entries (or there is none) and none of the `~`
//   entries. Entity (`example.*`) and regex entries are unsupported. An IPv6 page host may
//   be given with or without brackets.
// - An `@@...$document` exception allows the document request itself; it does not turn
//   filtering off for the page's other requests (uBO's engine; ABP would).
// - An exception cancels block rules; an `important` block rule is not cancelled by any
//   exception (uBO's semantics).
// - `badfilter` is applied: a rule `R$badfilter` cancels every rule equal to `R`
//   (same pattern, same options in any order), in any list loaded.
// - Preprocessor directives (`!#if`, `!#else`, `!#endif`, `!#include`) are comments: every
//   line is used, as uBO's npm build of its engine does. In EasyPrivacy they only guard
//   uBO-specific rules (`!#if ext_ublock`), which uBO uses too.
// - Only http, https, ws and wss URLs are matched: the requests a browser's content
//   blocker sees. Other schemes (data:, blob:, about:) never match.
// - A literal text is matched as a substring wherever it is in the URL. uBO sometimes
//   misses such a match when the text starts or ends inside a longer run of letters,
//   digits and '%' in the URL (its index requires whole tokens there): harfact does not
//   copy that.
//
// Cosmetic rules (`##`, `#@#`, `#?#`, `#$#`, `#%#`, scriptlets `##+js(...)`, HTML filters
// `##^`) are counted (`cosmetic_skipped`) and skipped by design. Network rules with any
// other option (`redirect=`, `rewrite=`, `removeparam`, `csp=`, `header=`, `method=`,
// `denyallow=`, `popup` alone, `generichide`, ...) are counted as unsupported under the
// option's name and skipped; a malformed rule is counted as `invalid`. Nothing in a list
// is ever fatal. uBO also blocks with `redirect=`/`rewrite=` rules (serving a stand-in
// resource); harfact skips them, so a request that only such a rule blocks is not
// reported: 14 rules in the Debian 12 copies of EasyPrivacy and EasyList.
//
// `unsupported_by_reason` keys: an option name as written, without `~` and value
// ("redirect", "csp", "popup", ...), or "regex" (RE2 cannot compile it), "domain_entity"
// (entity or regex entries in `domain=`), "non_ascii" (a pattern with non-ASCII
// characters), "invalid", or "cancelled_by_badfilter" (a rule cancelled by a `$badfilter`
// rule; the `$badfilter` rules themselves count as network rules).
//
// Lifetime
// --------
// Rule texts are owned by the engine; the string_views in a filter_hit stay valid until the
// engine is destroyed (moving the engine keeps them valid; adding lists does too).
//
// Thread safety
// -------------
// add_list(), add_file() and build() are not thread-safe. After build() the engine is
// immutable: match() may be called from any number of threads at once.
//
// Background build
// ----------------
// add_list() and add_file() only keep the list's text (add_file() reads the file, so that
// its errors come back at once). build() returns at once: it parses the lists added and
// indexes them on a thread of its own (on the calling thread when no thread can be
// started), and match(), blocks() and lists() wait for that work before they read the
// engine. A caller with other work to do meanwhile (`harfact trackers` reads the capture)
// gets the lists loaded for free on a second core. Calling lists() right after build()
// waits, as build() used to. An exception on that thread (out of memory) is thrown again
// by match(); lists() cannot throw and then returns what was counted.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/core/result.hpp"

namespace harfact::sig {

/// What kind of resource a request fetched, in filter-list terms.
enum class request_type : std::uint8_t {
  document,     ///< top-level page
  subdocument,  ///< frame or iframe
  stylesheet,
  script,
  image,
  font,
  media,
  object,
  xmlhttprequest,  ///< XMLHttpRequest, fetch, EventSource
  ping,            ///< navigator.sendBeacon, <a ping>
  websocket,
  other,
};

/// Stable name: "document", "subdocument", "stylesheet", "script", "image", "font", "media",
/// "object", "xmlhttprequest", "ping", "websocket", "other".
std::string_view request_type_name(request_type t) noexcept;

/// The request type of a HAR entry.
///
/// `resource_type` is the exporter's `_resourceType` (Chrome DevTools) or WebPageTest's
/// `_request_type`, compared without regard to case:
///
/// | resource_type                                        | request_type   |
/// | ---------------------------------------------------- | -------------- |
/// | document, main_frame                                 | document       |
/// | sub_frame, subdocument                               | subdocument    |
/// | stylesheet, script, image, font, media, ping, websocket, object, other | same |
/// | texttrack (WebVTT: Chromium loads it as media)       | media          |
/// | xhr, fetch, eventsource, xmlhttprequest              | xmlhttprequest |
/// | beacon                                               | ping           |
/// | manifest, signedexchange, cspviolationreport, csp_report, preflight | other |
///
/// Chrome writes `document` for iframes too: a caller that knows the page's own document
/// entry should pass `subdocument` for the other document entries.
///
/// Otherwise (empty or unknown), from the response MIME type (parameters ignored) and the
/// initiator type (Chrome's `_initiator.type`, WebPageTest's `_initiator_type`):
///
/// | MIME type                                                 | request_type           |
/// | --------------------------------------------------------- | ---------------------- |
/// | text/html, application/xhtml+xml                          | subdocument when the initiator is
/// `parser` or `script` (a frame), else document | | text/css | stylesheet             | |
/// application/javascript, text/javascript, application/x-javascript, application/ecmascript,
/// text/ecmascript | script | | image/*                                                   | image |
/// | font/*, application/font-woff(2), application/x-font-*, application/vnd.ms-fontobject,
/// application/font-sfnt | font | | audio/*, video/*, text/vtt, application/vnd.apple.mpegurl,
/// application/x-mpegurl, application/dash+xml | media | | application/x-shockwave-flash,
/// application/java-archive, application/x-java-applet | object | | application/json, text/json,
/// *+json (not manifest+json), text/event-stream | xmlhttprequest | | application/manifest+json |
/// other                  | | text/plain, application/xml, text/xml, *+xml              |
/// xmlhttprequest when the initiator is `script`, else other | | anything else, or no MIME type |
/// other                  |
request_type infer_request_type(std::string_view resource_type, std::string_view mime_type,
                                std::string_view initiator_type) noexcept;

/// One request to match.
struct filter_request {
  std::string_view url;        ///< absolute URL as requested
  std::string_view page_host;  ///< host of the page (for `domain=`); empty when unknown
  request_type type = request_type::other;
  bool third_party = false;  ///< registrable domain differs from the page's
};

/// The rule that decided a request.
struct filter_hit {
  std::size_t list = 0;    ///< index in lists()
  std::uint32_t line = 0;  ///< 1-based line in the list
  std::string_view rule;   ///< the rule text as written (trimmed)
  bool exception = false;  ///< true: an `@@` rule allowed a request that a rule blocked
};

/// Counts for one loaded list. rules = network_rules + cosmetic_skipped + unsupported.
struct list_stats {
  std::string name, path, sha256;
  std::uint64_t rules = 0;          ///< lines that are rules (not blank, not comments)
  std::uint64_t network_rules = 0;  ///< network rules in effect (after build())
  std::uint64_t cosmetic_skipped = 0;
  std::uint64_t unsupported = 0;  ///< network rules not applied, see unsupported_by_reason
  std::map<std::string, std::uint64_t> unsupported_by_reason;
};

namespace detail {
struct engine_access;  // the library's own tests (lib/src/sig/filter_engine.hpp)
}

/// The engine: lists are added, then build() indexes them; match() is then thread-safe.
class filter_engine {
 public:
  filter_engine();
  ~filter_engine();
  filter_engine(filter_engine&&) noexcept;
  filter_engine& operator=(filter_engine&&) noexcept;
  filter_engine(const filter_engine&) = delete;
  filter_engine& operator=(const filter_engine&) = delete;

  /// Adds a list (its text, copied) with a name (e.g. "EasyPrivacy") and a path (for
  /// reports). Never fails on a bad rule: counts it. The SHA-256 of `text` is recorded.
  void add_list(std::string name, std::string path, std::string_view text);

  /// Loads a list file (errors: io_open or io_read, naming the path). An empty name takes
  /// the list's `! Title:` header, else the file name.
  result<void> add_file(const std::filesystem::path& path, std::string name = {});

  /// Builds the index (and applies `$badfilter` rules). Call after adding lists, and again
  /// after adding more. Immutable and thread-safe afterwards. The work is done on a
  /// thread of its own (see "Background build" above).
  void build();

  /// The rule that decides the request, or nullopt when no block rule applies (or the
  /// engine was not built since the last list was added).
  ///
  /// - A block rule applies: a hit with `exception == false`: the request is blocked.
  /// - A block rule applies but an `@@` exception cancels it: a hit on the exception,
  ///   with `exception == true`: the request is allowed (see blocks()).
  ///
  /// When several rules apply, the hit cites the earliest one in load order (list order,
  /// then line), so results do not depend on the index.
  std::optional<filter_hit> match(const filter_request& r) const;

  /// True when a block rule applies and no exception cancels it.
  bool blocks(const filter_request& r) const {
    const auto hit = match(r);
    return hit && !hit->exception;
  }

  /// The lists in the order added (once build() is done; lists added and not built yet are
  /// parsed for their counts first).
  const std::vector<list_stats>& lists() const noexcept;

  /// The EasyPrivacy and EasyList copies shipped by Debian's webext-ublock-origin-firefox or
  /// webext-ublock-origin-chromium package, EasyPrivacy first; only those that exist.
  static std::vector<std::filesystem::path> default_list_paths();

 private:
  friend struct detail::engine_access;
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace harfact::sig
