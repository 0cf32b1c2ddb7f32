// Internal: parses one entry span into the model with simdjson On-Demand.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "har/document.hpp"
#include "harfact/core/diagnostic.hpp"
#include "harfact/har/model.hpp"
#include "harfact/har/reader.hpp"

namespace harfact::har::detail {

class entry_parser {
 public:
  /// `text` is the whole JSON text; bytes up to `padded_size` may be read.
  entry_parser(std::string_view text, std::size_t padded_size, const reader_options& options,
               diagnostics& diags);
  ~entry_parser();
  entry_parser(const entry_parser&) = delete;
  entry_parser& operator=(const entry_parser&) = delete;

  /// Page ids known from log.pages (for pageref checks).
  void set_page_ids(std::vector<std::string> ids);

  /// Parses the entry at `s` (index `index`) into `e`. Returns false when the
  /// entry is not an object or is malformed; a diagnostic says why.
  bool parse(const span& s, std::uint64_t index, entry& e);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Fills `info` from the members of `log` the first pass located (simdjson's
/// DOM: they are small). Problems become diagnostics.
void parse_info(std::string_view text, const layout& l, const reader_options& options,
                diagnostics& diags, log_info& info);

}  // namespace harfact::har::detail
