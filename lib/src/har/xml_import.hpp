// Internal: Burp Suite and Charles Proxy XML exports, converted to HAR 1.2 text.
//
// The reader reads HAR; these two proxies also save their history as XML. The
// importer parses such an export with pugixml and writes an equivalent HAR 1.2
// JSON text, one entry per Burp <item> or Charles <transaction>, which the
// reader then reads like any HAR. The file on disk is what is hashed; byte
// offsets of diagnostics refer to the converted text, and every entry carries
// `_xml.offset`, the byte offset of its element in the file, so each statement
// can still be traced to the exhibit's own bytes.
//
// What is kept: every element and attribute of an item is either mapped to a
// HAR member or copied as text into the entry's `_xml` object. Bodies are kept
// as the exporter stored them (Burp stores raw messages: chunked or compressed
// bodies stay chunked or compressed); a body that is not printable UTF-8 is
// written as base64 with `"encoding": "base64"`. Nothing is guessed: a time
// written in an ambiguous zone abbreviation keeps its local time without a zone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/core/diagnostic.hpp"
#include "harfact/core/result.hpp"
#include "harfact/har/reader.hpp"

namespace harfact::har::detail {

/// What an XML input is, from its prolog and root element: burp_xml for
/// `<items burpVersion=...>`, charles_xml for `<charles-session>`, har when it is
/// neither (the JSON reader then says what the input is). When the prolog cannot
/// be read, the first 4 KiB decide ("burpVersion", "charles-session"), so a damaged
/// export is still converted as far as it goes and its error is an XML error.
source_format detect_xml_capture(std::string_view text) noexcept;

/// The outcome of a conversion.
struct xml_conversion {
  std::string har;          ///< HAR 1.2 JSON text
  std::uint64_t items = 0;  ///< items (Burp) or transactions (Charles) converted
  std::string version;      ///< Burp's burpVersion; Charles's serialisation version
  /// Findings about the conversion itself (diag::converted_from_xml), offsets
  /// into `har`.
  std::vector<diagnostic> notes;
  /// The XML is malformed or cut after `items` complete items: the error to
  /// deliver after them, with where the XML stops (byte offset in the input).
  std::optional<harfact::error> cut;
  read_status cut_status = read_status::complete;
  std::uint64_t cut_offset = no_offset;
};

/// Converts the export in `text` (the whole input text; `begin` skips a byte
/// order mark). Fails (nothing to read) when the XML is larger than
/// `max_xml_bytes` (errc::too_large), when it is malformed before its root
/// element is complete enough to hold an item, or when its root element is not
/// the one of `kind` (errc::unsupported_format, with the XML parser's byte
/// offset, line and column). A HAR text larger than `max_har_bytes` fails with
/// errc::too_large.
result<xml_conversion> convert_xml_capture(std::string_view text, std::size_t begin,
                                           source_format kind, const std::string& label,
                                           std::uint64_t max_xml_bytes,
                                           std::uint64_t max_har_bytes);

}  // namespace harfact::har::detail
