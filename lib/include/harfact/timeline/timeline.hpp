// harfact: the timeline reconstructor (DESIGN.md: timeline).
//
// From one capture alone: what the consent state was at every instant, every
// tracker hit in firing order with the consent state in force for its purpose
// and the chain of scripts that caused it, and findings with their evidence.
//
// Evidence, and only evidence
// ---------------------------
// Transitions of the consent state machine are inferred from what the capture
// holds: consent-platform script and configuration loads (signatures of
// category consent_platform), consent cookies first appearing or changing in
// request Cookie headers and Set-Cookie responses, consent-logging requests,
// Google gcs/gcd changes, TCF/USP/GPP strings, the Sec-GPC header and CMP
// geolocation answers. Each transition names the entry and the signal that
// proves it. Where evidence is missing the state is `unknown`, never a guess.
//
// Timing honesty
// --------------
// Order is decided from startedDateTime at the precision the exporter wrote
// (whole seconds, milliseconds, microseconds). Two events closer than that
// precision are of indeterminate order. A consent cookie written by script is
// seen only on the next request that carries it (signals.md B.0), so a choice
// proven by a cookie happened at some instant after the previous request to the
// same site and before the proving one: hits inside that window are also of
// indeterminate order, never "before" or "after".
//
// Thread safety: reconstruct() may run concurrently on different captures with
// the same matcher, lists and public suffix list.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/consent/signal.hpp"
#include "harfact/trackers/trackers.hpp"

namespace harfact::timeline {

/// Consent states (DESIGN.md).
enum class state : std::uint8_t {
  no_cmp,        ///< no consent platform seen anywhere in the capture
  pre_banner,    ///< a consent platform is seen later; not loaded yet
  banner_shown,  ///< the consent platform loaded; no choice recorded
  accepted,      ///< a choice granting every non-necessary purpose it names
  rejected,      ///< a choice denying every non-necessary purpose it names
  partial,       ///< a choice granting some purposes and denying others
  unknown,       ///< a choice was made but what it was cannot be read
};
std::string_view state_name(state s) noexcept;

/// A point in time as the capture recorded it.
struct time_point {
  std::optional<std::int64_t> us;  ///< microseconds since the epoch, UTC
  std::string original;            ///< the exporter's text
  std::int64_t precision_us = 1;   ///< resolution of `original` (1 s -> 1000000)
};

/// A consent signal read from the capture.
struct observed_signal {
  std::uint64_t entry = 0;
  time_point time;
  /// Where it was read: "request cookie", "set-cookie", "query", "request header",
  /// "response body", "request body", "url".
  std::string carrier;
  std::string name;  ///< cookie, parameter or header name ("OptanonConsent", "gcd")
  std::string host;  ///< request host
  consent::signal decoded;
  bool first = false;  ///< first time this name was seen in this carrier
};

/// One state of the consent state machine, from the instant proven to the next.
struct transition {
  timeline::state state = state::unknown;
  bool gpc = false;  ///< Sec-GPC: 1 was being sent
  std::optional<std::uint64_t> entry;  ///< proving entry; nullopt for none
  time_point time;
  /// For a choice proven by a cookie: the last request to the same site before
  /// the proving one that did not carry it. The choice lies in (window, time].
  std::optional<std::int64_t> window_start_us;
  std::string signal;  ///< what proves it, for people
  std::optional<std::size_t> observed;  ///< index into result::signals
  std::array<consent::grant, consent::purpose_count> purposes{};
  std::array<std::string, consent::purpose_count> purpose_source;
  std::optional<bool> sale_opt_out;
};

/// A link of an initiator chain, from the page down to the hit's direct cause.
struct chain_link {
  std::optional<std::uint64_t> entry;  ///< the entry that loaded `url`, when in the capture
  std::string url;
  std::string via;  ///< "page", "initiator stack", "initiator url", "referer"
};

/// How a hit stands relative to the consent state.
enum class position : std::uint8_t {
  no_consent_ui,   ///< no CMP at all, or before it loaded
  before_choice,   ///< CMP loaded, no choice yet
  denied,          ///< after a choice (or opt-out signal) denying the hit's purpose
  granted,         ///< after a choice granting it
  unknown,         ///< after a choice that cannot be read for this purpose
  indeterminate,   ///< too close to a transition to say before or after
};
std::string_view position_name(position p) noexcept;

/// A tracker hit on the timeline.
struct annotated_hit {
  std::size_t hit = 0;  ///< index into result::trackers.hits
  consent::purpose purpose = consent::purpose::analytics;
  std::string purpose_basis;        ///< why this purpose
  std::size_t transition = 0;       ///< index of the transition in force
  timeline::position position = position::unknown;
  consent::grant grant = consent::grant::unknown;  ///< the purpose's state in force
  bool gpc = false;
  std::optional<bool> sale_opt_out;
  bool fires = false;  ///< sends data (beacon, stream, chat, sync), not a script load
  std::vector<std::string> restrictions;  ///< "dpo=LDU", "npa=1", "gcs=G100 (ad_storage denied)"
  std::vector<std::string> in_band;       ///< consent fields the hit carried: "gcs=G111"
  std::vector<chain_link> chain;
};

enum class finding_kind : std::uint8_t {
  fired_before_consent_ui,
  fired_before_choice,
  fired_after_opt_out,
  fired_despite_gpc,
  fired_with_consent,
  form_content_sent,
  session_replay_stream,
  chat_content_sent,
  sensitive_page_data,
  order_indeterminate,
};
std::string_view finding_kind_name(finding_kind k) noexcept;

enum class severity : std::uint8_t { info, low, medium, high };
std::string_view severity_name(severity s) noexcept;

/// One piece of evidence of a finding.
struct evidence {
  std::uint64_t entry = 0;
  time_point time;
  std::string url;
  std::string detail;     ///< the parameter, cookie or field: "ev=PageView", "cd[buttonText]"
  std::string signature;  ///< id@rev, when a signature matched
};

struct finding {
  finding_kind kind = finding_kind::fired_with_consent;
  timeline::severity severity = severity::info;
  std::string vendor_id;  ///< "" when not about one vendor
  std::vector<std::uint64_t> entries;
  std::vector<evidence> items;  ///< at most 20 listed; `entries` holds all
  std::string explanation;
};

/// A point on the timeline (plaso style: observed data and a time description).
struct event {
  time_point time;
  std::string timestamp_desc;  ///< "request_started", "consent_signal_sent", ...
  std::optional<std::uint64_t> entry;
  std::string type;     ///< "page", "tracker_hit", "consent_transition", "consent_signal", ...
  std::string message;  ///< one line for people
  std::vector<std::pair<std::string, std::string>> data;  ///< typed details, stable order
};

struct result {
  trackers::result trackers;
  std::vector<observed_signal> signals;  ///< in time order
  std::vector<transition> transitions;   ///< in time order; never empty when the capture opened
  std::vector<annotated_hit> hits;       ///< in firing order
  std::vector<finding> findings;
  std::vector<event> events;  ///< in time order
  std::vector<std::string> cmps;  ///< vendor ids of consent platforms seen
  std::string region;             ///< region the CMP applied ("US-CA"), "" unknown
  std::string region_source;      ///< what says so
  std::uint64_t gpc_requests = 0;  ///< requests that carried Sec-GPC: 1
  std::uint64_t requests = 0;
  std::int64_t precision_us = 1;  ///< coarsest timestamp precision among entries
  bool cookies_stripped = false;  ///< sanitized export: no cookies anywhere
  /// Conclusions this capture cannot support (e.g. with cookies stripped).
  std::vector<std::string> not_establishable;
};

/// Reads one capture and reconstructs its timeline. Never fails: read problems
/// are in result::trackers.capture, as for inspect.
result reconstruct(const std::filesystem::path& path, const sig::matcher& matcher,
                   const net::public_suffix& psl, const inspect::inspect_options& options = {},
                   const sig::filter_engine* lists = nullptr);

}  // namespace harfact::timeline
