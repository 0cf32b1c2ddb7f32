// The XML-to-HAR converter shared by the Burp Suite and Charles readers
// (xml_import.cpp: the common parts; xml_burp.cpp, xml_charles.cpp: one format
// each). Internal to the library.
#pragma once

#include <cstdint>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "har/document.hpp"
#include "har/xml_import.hpp"
#include "har/xml_text.hpp"

namespace harfact::har::detail::xml {

// Text content of an element: its PCDATA and CDATA children concatenated (an
// exporter may split a body over several CDATA sections).
std::string text_of(pugi::xml_node n);
// Byte offset of an element's '<' in the parsed text.
std::uint64_t offset_of(pugi::xml_node n);
// HAR timings when the export has none: every phase unknown (-1).
void write_unknown_timings(json_text& j);

inline std::string_view format_words(source_format kind) {
  return kind == source_format::burp_xml ? "Burp Suite XML export" : "Charles session XML export";
}

class converter {
 public:
  converter(std::string_view xml, std::size_t begin, source_format kind, const std::string& label,
            std::uint64_t max_har_bytes)
      : xml_(xml), begin_(begin), kind_(kind), label_(label), max_har_bytes_(max_har_bytes) {}

  result<xml_conversion> run();

 private:
  harfact::error make(errc code, std::string message, std::uint64_t offset, std::int64_t entry,
                      std::string hint) const {
    location where;
    where.file = label_;
    where.byte_offset = offset;
    if (offset != no_offset) {
      const auto [line, column] = line_column(xml_, offset);
      where.line = line;
      where.column = column;
    }
    where.entry_index = entry;
    return make_error(code, std::move(message), std::move(where), std::move(hint));
  }

  void note(severity level, std::string message, std::string pointer = {}) {
    out_.notes.push_back(diagnostic{diag::converted_from_xml, level, std::move(message),
                                    static_cast<std::int64_t>(index_), std::move(pointer),
                                    entry_offset_});
  }

  void begin_log(std::string_view creator, std::string_view version, std::string_view comment);
  void burp_item(pugi::xml_node item);
  void charles_transaction(pugi::xml_node t);

  // The parts both formats share, from a parsed HTTP message.
  void write_request(std::string_view method, std::string_view url, std::string_view version,
                     const http_message& m);
  void write_response(std::optional<std::int64_t> status, std::string_view status_text,
                      std::string_view version, const http_message& m,
                      std::string_view mime_fallback);
  void write_body(std::string_view body, std::string_view text_key);
  void start_entry();
  void end_entry();

  std::string_view xml_;
  std::size_t begin_;
  source_format kind_;
  const std::string& label_;
  std::uint64_t max_har_bytes_;
  json_text j_;
  xml_conversion out_;
  std::uint64_t index_ = 0;         // entry being written
  std::uint64_t entry_offset_ = 0;  // its offset in the HAR text
  // Burp times in zones that are ambiguous or unknown: one note per zone.
  struct zoneless {
    std::string zone;
    bool ambiguous = false;
    std::uint64_t count = 0;
  };
  std::vector<zoneless> zoneless_;
};

}  // namespace harfact::har::detail::xml
