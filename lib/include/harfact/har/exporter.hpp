// harfact: which program wrote a HAR.
#pragma once

#include <string_view>

#include "harfact/har/model.hpp"

namespace harfact::har {

/// A known HAR exporter. `id` is a stable snake_case name ("chrome_devtools",
/// "firefox_devtools", "other"); `name` is for people ("Chrome DevTools").
struct exporter {
  std::string_view id;
  std::string_view name;
  /// True when the exporter is a browser's own developer tools (the export a
  /// person makes by hand); false for proxies, test tools and libraries.
  bool browser_devtools = false;
};

/// Identifies the exporter from log.creator (and log.browser). Unknown creators
/// give {"other", "unknown exporter"}; a missing creator {"none", "no creator"}.
exporter identify_exporter(const log_info& info) noexcept;

}  // namespace harfact::har
