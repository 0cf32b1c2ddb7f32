// Internal: what the timeline keeps of each entry while the capture is read
// once (consent cookies, Sec-GPC, in-band consent parameters, consent-platform
// endpoints, initiators), so that nothing needs a second pass.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "harfact/har/model.hpp"
#include "harfact/timeline/timeline.hpp"

namespace harfact::timeline::detail {

/// The facts of one entry the timeline needs after the pass.
struct entry_fact {
  std::uint64_t index = 0;
  time_point time;
  std::size_t page = 0;
  std::string url, host;
  std::string initiator_url;   ///< the direct cause: top stack frame, else _initiator.url
  std::string initiator_via;   ///< "initiator stack" or "initiator url"
  std::string referer;
  bool document = false;       ///< a navigation (the page or a frame)
  bool code_load = false;      ///< a script, stylesheet or font (by _resourceType or MIME type)
  bool gpc = false;            ///< Sec-GPC: 1
  /// Consent-relevant query parameters as sent: gcs, gcd, npa, rdp, dma,
  /// gdpr, gdpr_consent, us_privacy, gpp, gpp_sid, dpo, dpoco, dpost, and the
  /// vendor-native flags of signals.md B.18 (asc, optOut, opt_out, dc_lat,
  /// tfua, tag_for_child_directed_treatment).
  std::vector<std::pair<std::string, std::string>> in_band;
  /// Consent cookies this request carried (name, value), in the Cookie header's order.
  std::vector<std::pair<std::string, std::string>> consent_cookies;
};

/// The decoder kind for a consent cookie name, or "" when it is not one.
/// `pair` is set when the decoder takes "name=value" (TrustArc, Sourcepoint).
std::string_view consent_cookie_kind(std::string_view name, bool* pair = nullptr) noexcept;

class collector {
 public:
  void on_entry(har::entry& e, std::size_t page);

  std::vector<entry_fact> entries;        ///< in entry order
  std::vector<observed_signal> signals;   ///< in entry order (sorted later)

 private:
  void observe(const entry_fact& f, std::string carrier, std::string name, std::string_view kind,
               std::string_view value);
  void cookies_of(har::entry& e, entry_fact& f);
  void set_cookies_of(har::entry& e, const entry_fact& f);
  void endpoints_of(har::entry& e, const entry_fact& f);

  /// Last value seen per carrier and name: a signal is recorded when it changes.
  std::unordered_map<std::string, std::string> last_;
};

}  // namespace harfact::timeline::detail
