#include "harfact/har/reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "har/document.hpp"
#include "har/entry_parser.hpp"
#include "har/xml_import.hpp"

namespace harfact::har {

std::string_view read_status_name(read_status s) noexcept {
  switch (s) {
    case read_status::complete: return "complete";
    case read_status::salvaged: return "salvaged";
    case read_status::truncated: return "truncated";
    case read_status::failed: return "failed";
  }
  return "unknown";
}

std::string_view source_format_name(source_format f) noexcept {
  switch (f) {
    case source_format::har: return "har";
    case source_format::burp_xml: return "burp_xml";
    case source_format::charles_xml: return "charles_xml";
  }
  return "unknown";
}

struct reader::impl {
  explicit impl(const reader_options& o) : options(o), diags(o.diagnostics_per_code) {}

  reader_options options;
  std::unique_ptr<io::input> in;
  // The HAR text converted from an XML export; `in` stays the file (for hashes).
  std::unique_ptr<io::input> converted;
  harfact::diagnostics diags;
  log_info info;
  read_summary summary;
  detail::layout layout;
  std::unique_ptr<detail::entry_parser> parser;
  std::size_t cursor = 0;
  bool finished = false;
  bool have_prev = false;
  std::int64_t prev_us = 0;
  std::uint64_t prev_index = 0;
  std::uint64_t released = 0;  // the entry pass released the pages before this
  bool windowed = false;       // the text is a mapped file read window by window

  // Hands back the pages of [from, to) minus the last window before `to`,
  // once that is at least a window; returns the new release point.
  std::uint64_t release_window(std::uint64_t from, std::uint64_t to) {
    const std::uint64_t w = options.window_bytes;
    if (!windowed || to < from + 2 * w) return from;
    return std::max(from, source().release(from, to - w));
  }

  // What is read: the input, or the HAR text converted from it.
  io::input& source() const { return converted ? *converted : *in; }

  result<void> convert_xml(source_format kind);

  void finish() {
    if (finished) return;
    finished = true;
    summary.released_bytes = in->released_bytes() + (converted ? converted->released_bytes() : 0);
    if (!options.hash && in->mapped()) return;  // the caller asked for no hash
    summary.sha256 = io::to_hex(in->sha256_input());
    summary.sha256_text = io::to_hex(in->sha256_text());
  }

  void check_order(const entry& e) {
    if (!e.started.valid) return;
    if (have_prev && e.started.us < prev_us) {
      diags.add(diagnostic{
          diag::out_of_order, severity::warning,
          fmt::format("entry {} started at {}, before entry {} ({})", e.index,
                      format_rfc3339_utc(e.started.us), prev_index, format_rfc3339_utc(prev_us)),
          static_cast<std::int64_t>(e.index),
          fmt::format("/log/entries/{}/startedDateTime", e.index), e.started_text.offset});
    }
    have_prev = true;
    prev_us = e.started.us;
    prev_index = e.index;
  }
};

result<void> reader::impl::convert_xml(source_format kind) {
  auto conv = detail::convert_xml_capture(in->text(), in->bom_size(), kind, in->label(),
                                          options.max_xml_bytes, options.input.max_bytes);
  if (!conv) return std::move(conv).error();
  auto text = io::input::from_memory(conv->har, in->label(), options.input);
  if (!text) return std::move(text).error();
  converted = std::move(*text);
  summary.source = kind;
  summary.converted_bytes = converted->text_bytes();
  const std::string_view what = kind == source_format::burp_xml
                                    ? "a Burp Suite XML export (burpVersion "
                                    : "a Charles session XML export (serialisation version ";
  diags.add(diagnostic{
      diag::converted_from_xml,
      severity::info,
      fmt::format("the input is {}{}) and was converted to HAR 1.2 text, {} {}{} to {} "
                  "entr{}; byte offsets in diagnostics refer to the converted text, each "
                  "entry's _xml.offset to the file",
                  what, conv->version.empty() ? "unknown" : conv->version, conv->items,
                  kind == source_format::burp_xml ? "item" : "transaction",
                  conv->items == 1 ? "" : "s", conv->items, conv->items == 1 ? "y" : "ies"),
      no_entry,
      {},
      no_offset});
  for (auto& d : conv->notes) diags.add(std::move(d));
  if (conv->cut) {
    layout.pending = std::move(conv->cut);
    layout.status = conv->cut_status;
    layout.cut_offset = conv->cut_offset;
  }
  return {};
}

reader::reader() = default;
reader::~reader() = default;

result<std::unique_ptr<reader>> reader::open(const std::filesystem::path& path,
                                             const reader_options& options) {
  auto in = io::input::open(path, options.input);
  if (!in) return std::move(in).error();
  return open_input(std::move(*in), options);
}

result<std::unique_ptr<reader>> reader::open_memory(std::string_view bytes, std::string label,
                                                    const reader_options& options) {
  auto in = io::input::from_memory(bytes, std::move(label), options.input);
  if (!in) return std::move(in).error();
  return open_input(std::move(*in), options);
}

result<std::unique_ptr<reader>> reader::open_input(std::unique_ptr<io::input> in,
                                                   const reader_options& options) {
  std::unique_ptr<reader> r(new reader());
  r->impl_ = std::make_unique<impl>(options);
  impl& m = *r->impl_;
  m.in = std::move(in);
  io::input& input = *m.in;
  m.summary.label = input.label();
  m.summary.input_bytes = input.input_bytes();
  m.summary.text_bytes = input.text_bytes();
  m.summary.compression = input.compression_kind();
  m.summary.encoding = input.encoding_kind();

  if (input.encoding_kind() == io::encoding::utf8_bom) {
    m.diags.add(diagnostic{diag::byte_order_mark,
                           severity::info,
                           "the file starts with a UTF-8 byte order mark (skipped)",
                           no_entry,
                           {},
                           0});
  } else if (input.encoding_kind() == io::encoding::utf16le ||
             input.encoding_kind() == io::encoding::utf16be) {
    m.diags.add(diagnostic{diag::transcoded_utf16,
                           severity::info,
                           fmt::format("the file is {} and was transcoded to UTF-8; byte offsets "
                                       "refer to the UTF-8 text",
                                       io::encoding_name(input.encoding_kind())),
                           no_entry,
                           {},
                           no_offset});
  }

  // Burp Suite and Charles XML exports become HAR text first (the whole file is
  // read for that, so a mapped file is hashed on the background thread meanwhile).
  const source_format xml = detail::detect_xml_capture(input.text().substr(input.bom_size()));
  const std::uint64_t size = input.text().size();
  const bool windowed = input.mapped() && options.window_bytes != 0 &&
                        size > options.window_from_bytes && size > 2 * options.window_bytes;
  // (An XML export is converted into memory: only the file's hash is windowed.)
  m.windowed = windowed && xml == source_format::har;
  bool inline_hash = false;
  if (input.mapped() && options.hash) {
    if (options.background_hash || xml != source_format::har) {
      input.hash_in_background(windowed);
    } else {
      inline_hash = true;
    }
  }
  // The split reports its progress: hash inline, and release what it has passed.
  std::uint64_t split_released = 0;
  std::function<void(std::uint64_t)> progress;
  if (inline_hash || windowed) {
    progress = [&m, &input, &split_released, inline_hash](std::uint64_t offset) {
      if (inline_hash) input.hash_through(offset);
      split_released = m.release_window(split_released, offset);
    };
  }
  if (xml != source_format::har) {
    if (auto c = m.convert_xml(xml); !c) return std::move(c).error();
  }
  io::input& source = m.source();
  const detail::release_fn release = [&m](std::uint64_t from, std::uint64_t to) {
    return m.release_window(from, to);
  };
  auto layout = detail::scan_document(source.text(), source.bom_size(), source.label(), options,
                                      m.diags, progress, release);
  if (!layout) return std::move(layout).error();
  // An XML fault found by the conversion is delivered after the entries before it.
  if (m.layout.pending && !layout->pending) {
    layout->pending = std::move(m.layout.pending);
    layout->status = m.layout.status;
    layout->cut_offset = m.layout.cut_offset;
  }
  m.layout = std::move(*layout);
  m.summary.jsonp_wrapped = m.layout.jsonp;
  m.summary.entries_declared = m.layout.entries.size();
  m.summary.entries_over_limit = m.layout.entries_over_limit;
  m.summary.status = m.layout.status;
  m.summary.cut_offset = m.layout.cut_offset;

  detail::parse_info(source.text(), m.layout, options, m.diags, m.info);
  // The parser keeps a reference to the options: give it the reader's own copy.
  m.parser = std::make_unique<detail::entry_parser>(source.text(), source.padded_size(), m.options,
                                                    m.diags);
  std::vector<std::string> ids;
  ids.reserve(m.info.pages.size());
  for (const auto& p : m.info.pages) ids.push_back(p.id);
  m.parser->set_page_ids(std::move(ids));
  return r;
}

const log_info& reader::info() const noexcept { return impl_->info; }
const read_summary& reader::summary() const noexcept { return impl_->summary; }
const harfact::diagnostics& reader::diagnostics() const noexcept { return impl_->diags; }
std::string_view reader::text() const noexcept { return impl_->source().text(); }
void reader::finish() { impl_->finish(); }

std::pair<std::uint32_t, std::uint32_t> reader::line_column(std::uint64_t offset) const {
  return detail::line_column(
      impl_->source().text(), offset,
      [this](std::uint64_t from, std::uint64_t to) { return impl_->release_window(from, to); });
}

void reader::locate(std::vector<diagnostic>& diagnostics) const {
  const std::string_view t = impl_->source().text();
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    if (diagnostics[i].byte_offset != no_offset) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return diagnostics[a].byte_offset < diagnostics[b].byte_offset;
  });
  detail::line_cursor c;
  const detail::release_fn release = [this](std::uint64_t from, std::uint64_t to) {
    return impl_->release_window(from, to);
  };
  for (const std::size_t i : order) {
    const std::size_t target =
        std::min<std::size_t>(static_cast<std::size_t>(diagnostics[i].byte_offset), t.size());
    detail::advance_lines(t, c, target, release);
    diagnostics[i].line = static_cast<std::uint32_t>(std::min<std::uint64_t>(c.line, 0xffffffffu));
    diagnostics[i].column =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(target - c.line_start + 1, 0xffffffffu));
  }
}

result<bool> reader::next(entry& e) {
  impl& m = *impl_;
  while (m.cursor < m.layout.entries.size()) {
    const detail::span s = m.layout.entries[m.cursor];
    const std::uint64_t index = m.cursor++;
    m.released = m.release_window(m.released, s.begin);
    if (m.parser->parse(s, index, e)) {
      m.check_order(e);
      ++m.summary.entries_read;
      return true;
    }
    ++m.summary.entries_skipped;
    if (m.summary.status == read_status::complete) m.summary.status = read_status::salvaged;
  }
  m.finish();
  if (m.layout.pending) {
    harfact::error err = std::move(*m.layout.pending);
    m.layout.pending.reset();
    return err;
  }
  return false;
}

}  // namespace harfact::har
