#include "redact/json_text.hpp"

#include <vector>

#include "harfact/har/model.hpp"
#include "harfact/report/json_writer.hpp"

namespace harfact::redact::detail {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The index of the closing quote of the string opening at `at`.
std::size_t string_end(std::string_view json, std::size_t at) noexcept {
  for (std::size_t i = at + 1; i < json.size(); ++i) {
    if (json[i] == '\\') {
      ++i;
    } else if (json[i] == '"') {
      return i;
    }
  }
  return json.size();
}

std::string decode_raw(std::string_view raw) {
  har::text t;
  t.raw = raw;
  t.flags = har::text::k_present;
  if (raw.find('\\') != std::string_view::npos) t.flags |= har::text::k_escaped;
  return har::to_string(t);
}

struct frame {
  bool array = false;
  std::size_t index = 0;
  std::string base;
  std::string key;
};

std::string join(const std::string& base, std::string_view part) {
  if (base.empty()) return std::string(part);
  std::string out = base;
  out += '.';
  out += part;
  return out;
}

std::string value_path(const frame& f) {
  return f.array ? join(f.base, std::to_string(f.index)) : join(f.base, f.key);
}

}  // namespace

void append_escaped(std::string& out, std::string_view s) { report::json_writer::escape(out, s); }

std::size_t value_end(std::string_view json, std::size_t at) {
  int depth = 0;
  for (std::size_t i = at; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '"') {
      i = string_end(json, i);
      if (depth == 0) return i + 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return i;
      if (--depth == 0) return i + 1;
    } else if (depth == 0 && (c == ',' || is_space(c))) {
      return i;
    }
  }
  return json.size();
}

std::optional<std::string> rewrite_json_strings(std::string_view json, const string_rewriter& fn) {
  std::size_t start = 0;
  while (start < json.size() && is_space(json[start])) ++start;
  if (start == json.size() || (json[start] != '{' && json[start] != '[')) return std::nullopt;
  std::vector<frame> frames;
  std::string out;
  std::size_t copied = 0;
  bool changed = false;
  for (std::size_t i = start; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '{' || c == '[') {
      frame f;
      f.array = c == '[';
      if (!frames.empty()) f.base = value_path(frames.back());
      frames.push_back(std::move(f));
    } else if (c == '}' || c == ']') {
      if (frames.empty()) break;
      frames.pop_back();
      if (frames.empty()) break;
    } else if (c == ',') {
      if (!frames.empty() && frames.back().array) ++frames.back().index;
    } else if (c == '"') {
      const std::size_t end = string_end(json, i);
      if (end == json.size()) return std::nullopt;
      std::size_t next = end + 1;
      while (next < json.size() && is_space(json[next])) ++next;
      const std::string_view raw = json.substr(i + 1, end - i - 1);
      if (next < json.size() && json[next] == ':' && !frames.empty() && !frames.back().array) {
        frames.back().key = decode_raw(raw);
      } else {
        const std::string path =
            frames.empty() ? std::string("(value)") : value_path(frames.back());
        const std::string_view key = frames.empty() ? std::string_view() : frames.back().key;
        if (auto replacement =
                fn(path.empty() ? std::string("(value)") : path, key, decode_raw(raw))) {
          out.append(json.substr(copied, i + 1 - copied));
          append_escaped(out, *replacement);
          copied = end;
          changed = true;
        }
      }
      i = end;
    }
  }
  if (!changed) return std::nullopt;
  out.append(json.substr(copied));
  return out;
}

std::optional<std::pair<std::size_t, std::size_t>> member_span(std::string_view json,
                                                               std::string_view name) {
  std::size_t i = 0;
  while (i < json.size() && is_space(json[i])) ++i;
  if (i == json.size() || json[i] != '{') return std::nullopt;
  ++i;
  while (i < json.size()) {
    while (i < json.size() && (is_space(json[i]) || json[i] == ',')) ++i;
    if (i >= json.size() || json[i] != '"') return std::nullopt;
    const std::size_t key_end = string_end(json, i);
    if (key_end == json.size()) return std::nullopt;
    const std::string key = decode_raw(json.substr(i + 1, key_end - i - 1));
    i = key_end + 1;
    while (i < json.size() && (is_space(json[i]) || json[i] == ':')) ++i;
    const std::size_t end = value_end(json, i);
    if (key == name) return std::make_pair(i, end);
    i = end;
  }
  return std::nullopt;
}

}  // namespace harfact::redact::detail
