//! The API's error bodies and the query-string reader that produces most of them.
//!
//! Every error is `{"error": {"status", "code", "message", "field"?, "value"?, "expected"?,
//! "candidates"?}}` with a stable `code`: `invalid` (400: a parameter or body field with the
//! wrong value; `field` names it, `expected` says what would do), `ambiguous` (400, with
//! `candidates`), `invalid_call` (400: the team call, every problem in `problems`),
//! `unauthorized` (401), `not_found` (404: an unknown university, field, researcher or path),
//! `method_not_allowed` (405), `timeout` (408), `too_large` (413), `internal` (500).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use crate::query;
use crate::resolve::ResolveError;

/// An error answer (boxed: results stay small on the success path).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError(pub Box<ErrorBody>);

impl std::ops::Deref for ApiError {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ErrorBody {
        &mut self.0
    }
}

/// What an error answer says.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorBody {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    pub value: Option<String>,
    pub expected: Option<String>,
    pub candidates: Vec<String>,
    pub problems: Vec<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError(Box::new(ErrorBody {
            status,
            code,
            message: message.into(),
            field: None,
            value: None,
            expected: None,
            candidates: Vec::new(),
            problems: Vec::new(),
        }))
    }

    /// 400: `field` has `value`, but `expected` was expected.
    pub fn invalid(field: &str, value: &str, expected: &str) -> ApiError {
        let mut e = ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid",
            format!("{field} {value:?}: expected {expected}"),
        );
        e.field = Some(field.to_string());
        e.value = Some(value.to_string());
        e.expected = Some(expected.to_string());
        e
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn body(&self) -> Value {
        let mut m = Map::new();
        m.insert("status".into(), json!(self.status.as_u16()));
        m.insert("code".into(), json!(self.code));
        m.insert("message".into(), json!(self.message));
        for (k, v) in [
            ("field", &self.field),
            ("value", &self.value),
            ("expected", &self.expected),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), json!(v));
            }
        }
        if !self.candidates.is_empty() {
            m.insert("candidates".into(), json!(self.candidates));
        }
        if !self.problems.is_empty() {
            m.insert("problems".into(), json!(self.problems));
        }
        json!({ "error": Value::Object(m) })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = serde_json::to_string_pretty(&self.body()).unwrap_or_default();
        body.push('\n');
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response()
    }
}

impl From<query::Error> for ApiError {
    fn from(e: query::Error) -> ApiError {
        let message = e.to_string();
        match e {
            query::Error::Invalid {
                field,
                value,
                expected,
            } => ApiError::invalid(field, &value, expected),
            query::Error::Resolve(ResolveError::Unknown {
                kind,
                name,
                candidates,
            }) => {
                let mut e = ApiError::not_found(message);
                e.field = Some(kind.to_string());
                e.value = Some(name);
                e.candidates = candidates;
                e
            }
            query::Error::Resolve(ResolveError::Ambiguous {
                kind,
                name,
                candidates,
            }) => {
                let mut e = ApiError::new(StatusCode::BAD_REQUEST, "ambiguous", message);
                e.field = Some(kind.to_string());
                e.value = Some(name);
                e.expected = Some("an id or a fuller name".into());
                e.candidates = candidates;
                e
            }
            query::Error::Call(c) => {
                let mut e = ApiError::new(StatusCode::BAD_REQUEST, "invalid_call", message);
                e.field = Some("call".into());
                e.problems = c.problems.iter().map(|p| p.to_string()).collect();
                e
            }
            _ => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message),
        }
    }
}

/// The query string of a request: `name=value` pairs, read strictly (an unknown name or a
/// malformed value is a 400 that names it).
#[derive(Clone, Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn new(pairs: Vec<(String, String)>) -> Params {
        Params { pairs }
    }

    /// Refuses any name not in `known`.
    pub fn only(&self, known: &[&str]) -> Result<(), ApiError> {
        for (k, _) in &self.pairs {
            if !known.contains(&k.as_str()) {
                return Err(ApiError::invalid(
                    k,
                    &self.raw(k).unwrap_or_default(),
                    &format!("a known parameter: {}", known.join(", ")),
                ));
            }
        }
        Ok(())
    }

    fn raw(&self, name: &str) -> Option<String> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }

    /// The last value of `name`, trimmed; empty counts as absent (an empty form field).
    pub fn text(&self, name: &str) -> Option<String> {
        self.raw(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// Every value of `name`, each split at commas, trimmed, empties dropped.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    pub fn parsed<T: std::str::FromStr>(
        &self,
        name: &str,
        expected: &str,
    ) -> Result<Option<T>, ApiError> {
        match self.text(name) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| ApiError::invalid(name, &v, expected)),
        }
    }

    /// A whole number in `lo..=hi`.
    pub fn count(&self, name: &str, lo: usize, hi: usize) -> Result<Option<usize>, ApiError> {
        let expected = format!("a whole number from {lo} to {hi}");
        match self.parsed::<usize>(name, &expected)? {
            Some(n) if n < lo || n > hi => Err(ApiError::invalid(name, &n.to_string(), &expected)),
            n => Ok(n),
        }
    }

    /// One of `choices` (case-insensitive).
    pub fn choice(
        &self,
        name: &str,
        choices: &[&'static str],
    ) -> Result<Option<&'static str>, ApiError> {
        match self.text(name) {
            None => Ok(None),
            Some(v) => choices
                .iter()
                .find(|c| c.eq_ignore_ascii_case(&v))
                .copied()
                .map(Some)
                .ok_or_else(|| {
                    ApiError::invalid(name, &v, &format!("one of {}", choices.join(", ")))
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &[(&str, &str)]) -> Params {
        Params::new(
            q.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
        )
    }

    #[test]
    fn parameters_are_read_strictly() {
        let q = p(&[
            ("top", "5"),
            ("fields", "water:0.7, ai"),
            ("fields", "energy"),
            ("x", " "),
        ]);
        assert_eq!(q.count("top", 1, 10), Ok(Some(5)));
        assert_eq!(q.text("x"), None);
        assert_eq!(q.list("fields"), ["water:0.7", "ai", "energy"]);
        let e = q.count("top", 1, 3).unwrap_err();
        assert_eq!(
            (e.status, e.field.as_deref(), e.expected.as_deref()),
            (
                StatusCode::BAD_REQUEST,
                Some("top"),
                Some("a whole number from 1 to 3")
            )
        );
        let e = q.only(&["top", "fields"]).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("x"));
        let e = p(&[("mode", "old")])
            .choice("mode", &["strengthen", "new"])
            .unwrap_err();
        assert_eq!(e.expected.as_deref(), Some("one of strengthen, new"));
        assert_eq!(
            p(&[("mode", "NEW")]).choice("mode", &["strengthen", "new"]),
            Ok(Some("new"))
        );
    }

    #[test]
    fn query_errors_keep_their_field() {
        let e: ApiError = query::Error::Resolve(ResolveError::Unknown {
            kind: "field",
            name: "watr".into(),
            candidates: vec!["water".into()],
        })
        .into();
        assert_eq!(e.status, StatusCode::NOT_FOUND);
        let b = e.body();
        assert_eq!(b["error"]["code"], "not_found");
        assert_eq!(b["error"]["field"], "field");
        assert_eq!(b["error"]["candidates"][0], "water");
    }
}
