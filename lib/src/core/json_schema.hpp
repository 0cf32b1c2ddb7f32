// Internal: a minimal JSON Schema validator (the tests validate every JSON output
// against its committed schema; `harfact signatures check` validates the database).
//
// The JSON outputs of harfact are described by committed JSON Schemas (draft
// 2020-12); tests validate real outputs against them. This validator checks the
// subset of keywords those schemas use, and refuses everything else, so a schema
// can never silently rely on a keyword nobody checks.
//
// Supported
// ---------
//   type (a name or an array of names; "integer" is any number with no
//   fractional part, so 12.0 is an integer), properties, required,
//   additionalProperties (boolean or schema), items (one schema for every
//   element), enum, const, minimum, maximum (both inclusive), minLength (in
//   Unicode code points), minItems, $ref to a JSON pointer in the same document
//   ("#", "#/$defs/NAME", "#/definitions/NAME", ...), anyOf, oneOf, allOf, and
//   the boolean schemas true and false. $defs and definitions hold schemas.
//   Ignored annotations: $schema, $id, title, description, $comment, format,
//   examples, default.
//
// Not supported (reported as "unsupported keyword X"): everything else, e.g.
// pattern, patternProperties, prefixItems, exclusiveMinimum, maxLength,
// uniqueItems, not, if/then/else, dependentRequired, $anchor, remote $refs.
//
// Violations
// ----------
// Each violation is one human-readable line that starts with where it is:
//   "/files/0/bytes: expected integer"          (instance, RFC 6901 pointer;
//                                                "(root)" for the whole document)
//   "schema #/properties/x: unsupported keyword pattern"   (schema problems)
//   "instance: invalid JSON: ..." / "schema: invalid JSON: ..." (parse errors)
// Schema problems are found by walking the whole schema (including $defs and
// branches the instance never reaches) before the instance is checked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace harfact::detail {

/// Validates `instance_json` against `schema_json`. Returns the violations, in
/// document order where that is defined; an empty vector means valid. Parse
/// errors in either document are reported as violations, never thrown.
std::vector<std::string> validate_json(std::string_view schema_json,
                                       std::string_view instance_json);

}  // namespace harfact::detail
