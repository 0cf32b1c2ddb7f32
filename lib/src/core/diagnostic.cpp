#include "harfact/core/diagnostic.hpp"

namespace harfact {

std::string_view severity_name(severity s) noexcept {
  switch (s) {
    case severity::info: return "info";
    case severity::warning: return "warning";
    case severity::error: return "error";
  }
  return "unknown";
}

std::string_view diag_name(diag code) noexcept {
  switch (code) {
    case diag::missing_field: return "missing_field";
    case diag::wrong_type: return "wrong_type";
    case diag::bad_timestamp: return "bad_timestamp";
    case diag::timestamp_no_zone: return "timestamp_no_zone";
    case diag::negative_timing: return "negative_timing";
    case diag::absurd_value: return "absurd_value";
    case diag::unknown_pageref: return "unknown_pageref";
    case diag::out_of_order: return "out_of_order";
    case diag::duplicate_key: return "duplicate_key";
    case diag::invalid_entry: return "invalid_entry";
    case diag::jsonp_wrapper: return "jsonp_wrapper";
    case diag::byte_order_mark: return "byte_order_mark";
    case diag::transcoded_utf16: return "transcoded_utf16";
    case diag::trailing_data: return "trailing_data";
    case diag::unknown_version: return "unknown_version";
    case diag::duplicate_page_id: return "duplicate_page_id";
    case diag::invalid_number: return "invalid_number";
    case diag::not_an_object: return "not_an_object";
    case diag::info_after_entries: return "info_after_entries";
    case diag::invalid_escape: return "invalid_escape";
    case diag::invalid_url: return "invalid_url";
    case diag::invalid_member: return "invalid_member";
    case diag::limit_exceeded: return "limit_exceeded";
    case diag::converted_from_xml: return "converted_from_xml";
    case diag::nul_character: return "nul_character";
  }
  return "unknown";
}

bool diagnostics::add(diagnostic d) {
  const auto code = static_cast<std::size_t>(d.code);
  if (per_code_.size() <= code) per_code_.resize(code + 1, 0);
  ++total_;
  ++by_severity_[static_cast<int>(d.level)];
  if (per_code_[code]++ >= keep_per_code_) return false;
  kept_.push_back(std::move(d));
  return true;
}

std::uint64_t diagnostics::count(diag code) const noexcept {
  const auto i = static_cast<std::size_t>(code);
  return i < per_code_.size() ? per_code_[i] : 0;
}

}  // namespace harfact
