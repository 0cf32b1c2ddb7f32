#include "harfact/report/envelope.hpp"

#include "harfact/core/build_info.hpp"

namespace harfact::report {

void write_envelope(json_writer& w, const envelope& e) {
  w.member("schema_version", e.schema_version);
  w.key("tool").begin_object();
  w.member("name", "harfact");
  w.member("version", tool_version());
  w.member("simdjson_implementation", simdjson_implementation());
  w.end_object();
  w.key("inputs").begin_array();
  for (const auto& in : e.inputs) {
    w.begin_object();
    w.member("label", in.label);
    w.member("path", in.path);
    w.member("bytes", in.bytes);
    w.member("sha256", in.sha256);
    w.member("sha256_decompressed", in.sha256_decompressed);
    w.end_object();
  }
  w.end_array();
  w.key("signatures").begin_object();
  w.member("db_version", e.db_version);
  w.member("sha256", e.db_sha256);
  w.key("lists").begin_array();
  for (const auto& l : e.lists) {
    w.begin_object();
    w.member("path", l.path);
    w.member("sha256", l.sha256);
    w.member("rules", l.rules);
    w.end_object();
  }
  w.end_array();
  w.member("public_suffix_sha256", e.public_suffix_sha256);
  w.end_object();
}

}  // namespace harfact::report
