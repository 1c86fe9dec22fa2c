//! The OpenAPI 3.1 document of the JSON API, served at `/openapi.json`. Written by hand next to
//! the handlers it describes; a test checks that every route of the API is in it and that
//! every parameter it lists is one the handler accepts.

use axum::response::Response;
use serde_json::{json, Value};

use super::api::{self, json_response};

pub(super) async fn document() -> Response {
    json_response(&spec())
}

fn param(name: &str, required: bool, schema: Value, description: &str) -> Value {
    json!({
        "name": name, "in": "query", "required": required,
        "schema": schema, "description": description,
    })
}

fn format_param() -> Value {
    param(
        "format",
        false,
        json!({"type": "string", "enum": ["json", "csv"], "default": "json"}),
        "json, or csv (spreadsheet-safe, as a download)",
    )
}

fn lang_param() -> Value {
    param(
        "lang",
        false,
        json!({"type": "string", "enum": ["vi", "en"]}),
        "accepted for links shared with the pages; the API's documents are language-neutral",
    )
}

fn errors() -> Value {
    let e = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    json!({
        "400": e("a parameter or body field has a wrong value (`field`, `value`, `expected`)"),
        "401": e("the Authorization header is malformed or the token unknown"),
        "404": e("unknown university, field, researcher or path"),
        "408": e("the request took longer than the server's --timeout"),
        "413": e("the body is larger than the server's --max-body"),
    })
}

fn ok(description: &str, schema: Value) -> Value {
    json!({
        "description": description,
        "content": {
            "application/json": {"schema": schema},
            "text/csv": {"schema": {"type": "string"}},
        },
    })
}

fn get(summary: &str, params: Vec<Value>, response: Value) -> Value {
    let mut responses = errors();
    responses["200"] = response;
    json!({"get": {"summary": summary, "parameters": params, "responses": responses}})
}

/// The document.
pub fn spec() -> Value {
    let field = |req: bool| {
        param(
            "field",
            req,
            json!({"type": "string"}),
            "field id or name (Vietnamese or English, with or without diacritics)",
        )
    };
    let university = || {
        param(
            "university",
            false,
            json!({"type": "string"}),
            "university id or any name (abbreviations, with or without diacritics)",
        )
    };
    let top = |max: usize, d: &str| {
        param(
            "top",
            false,
            json!({"type": "integer", "minimum": 1, "maximum": max}),
            d,
        )
    };
    let array = json!({"type": "array", "items": {"type": "object"}});
    let mut teams_responses = errors();
    teams_responses["200"] = ok(
        "the teams, best first, or why the call is infeasible",
        json!({"$ref": "#/components/schemas/Teams"}),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "hoptac API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Research collaboration matching across the consortium's universities: partners, researcher pairs, teams for a call, shared labs. Every score is a sum of named components with explanations. Requests without an Authorization header are answered for the public; `Authorization: Bearer <token>` gives the audience the server's tokens file maps the token to. Documents are those of the command line's --format json (see the render module docs).",
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {
                        "type": "object",
                        "required": ["status", "code", "message"],
                        "properties": {
                            "status": {"type": "integer"},
                            "code": {"type": "string", "enum": ["invalid", "ambiguous", "invalid_call", "unauthorized", "not_found", "method_not_allowed", "timeout", "too_large", "internal"]},
                            "message": {"type": "string"},
                            "field": {"type": "string", "description": "the parameter or body field at fault"},
                            "value": {"type": "string"},
                            "expected": {"type": "string"},
                            "candidates": {"type": "array", "items": {"type": "string"}},
                            "problems": {"type": "array", "items": {"type": "string"}},
                        },
                    }},
                },
                "Call": {
                    "type": "object",
                    "description": "a call, as the TOML call format of `hoptac teams --call` written in JSON",
                    "additionalProperties": false,
                    "required": ["fields"],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "fields": {"type": "array", "items": {"oneOf": [
                            {"type": "string"},
                            {"type": "object", "required": ["field"], "properties": {"field": {"type": "string"}, "min_level": {"type": "number"}}},
                        ]}},
                        "min_level": {"type": "number"},
                        "size": {"oneOf": [{"type": "integer"}, {"type": "string", "example": "3-5"}, {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}]},
                        "min_universities": {"type": "integer"},
                        "min_regions": {"type": "integer"},
                        "max_per_university": {"type": "integer"},
                        "include": {"type": "array", "items": {"type": "string"}},
                        "exclude": {"type": "array", "items": {"type": "string"}},
                        "rules": {"type": "array", "items": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}, "count": {"type": "integer"}}}},
                        "preferences": {"type": "object", "properties": {"capacity": {"type": "number"}, "seniority": {"type": "number"}}},
                        "lab_fields": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "Teams": {
                    "type": "object",
                    "required": ["call", "found", "teams", "infeasible"],
                    "properties": {
                        "call": {"type": "string"},
                        "description": {"type": "string"},
                        "found": {"type": "boolean"},
                        "solver": {"type": "string"},
                        "pool": {"type": "integer"},
                        "teams": {"type": "array", "items": {"type": "object"}, "description": "the `teams` schema of the render::teams module doc"},
                        "infeasible": {"type": "array", "items": {"type": "string"}, "description": "why no team exists (empty when teams were found)"},
                    },
                },
            },
        },
        "security": [{}, {"bearer": []}],
        "paths": {
            "/api/v1/overview": get("counts and the stats tables", vec![format_param(), lang_param()], ok("counts", json!({"type": "object"}))),
            "/api/v1/partners": get(
                "partner universities in a field, every score explained (without a university: the full matrix)",
                vec![field(true), university(), top(api::MAX_TOP, "best N per university"),
                     param("mode", false, json!({"type": "string", "enum": ["strengthen", "new"], "default": "strengthen"}), "strengthen: existing ties raise the score; new: they lower it"),
                     param("region", false, json!({"type": "string", "enum": ["north", "central", "south", "international"]}), "only partners in this region"),
                     param("min_papers", false, json!({"type": "integer", "minimum": 0}), "only partners with at least this many joint papers (in from..to when given)"),
                     param("from", false, json!({"type": "integer"}), "first year joint papers are counted in"),
                     param("to", false, json!({"type": "integer"}), "last year joint papers are counted in"),
                     format_param(), lang_param()],
                ok("the `rank` schema, each item with `joint_papers` (in the window)", array.clone()),
            ),
            "/api/v1/pairs": get(
                "researchers at different universities who should meet",
                vec![field(true), university(), top(crate::query::MAX_PAIRS, "pairs (default 20)"),
                     param("max_per_researcher", false, json!({"type": "integer", "minimum": 0, "default": 2}), "each researcher in at most N pairs (0: no limit)"),
                     format_param(), lang_param()],
                ok("the `pairs` schema", array.clone()),
            ),
            "/api/v1/teams": {"post": {
                "summary": "teams for one call, with their explanations, or why it is infeasible",
                "parameters": [param("format", false, json!({"type": "string", "enum": ["json", "csv"]}), "json or csv")],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": false, "required": ["call"],
                    "properties": {
                        "call": {"$ref": "#/components/schemas/Call"},
                        "top": {"type": "integer", "minimum": 1, "maximum": crate::query::MAX_TEAMS, "default": 3},
                        "solver": {"type": "string", "enum": ["auto", "exact", "heuristic"], "default": "auto"},
                    },
                }}}},
                "responses": teams_responses,
            }},
            "/api/v1/labs": get(
                "shared-lab opportunities (with a university: what it can borrow and offer)",
                vec![param("field", false, json!({"type": "string"}), "field id or name"), university(), top(api::MAX_TOP, "best N per list"), format_param(), lang_param()],
                ok("the opportunities schema of render::labs", array.clone()),
            ),
            "/api/v1/equipment": get(
                "labs whose equipment matches every word (case and diacritics ignored)",
                vec![param("text", true, json!({"type": "string"}), "words to search for"), format_param(), lang_param()],
                ok("the equipment schema of render::labs", array),
            ),
            "/api/v1/researchers/{id}": {"get": {
                "summary": "one researcher: fields, co-authors, the labs of their university",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    top(100_000, "co-authors (default 50)"), format_param(), lang_param(),
                ],
                "responses": {
                    "200": ok("the schema of render::researcher", json!({"type": "object"})),
                    "404": errors()["404"].clone(),
                    "400": errors()["400"].clone(),
                    "401": errors()["401"].clone(),
                },
            }},
        },
    })
}
