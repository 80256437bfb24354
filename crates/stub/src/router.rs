//! Which documented operation a request is for: the path templates and methods come from the
//! fixtures (`path`, `method`), operations by their index in `Contracts::operations()`. A path
//! that matches a template with another method is a 405, anything else a 404; for those, and
//! for a body over the cap, [`Router::closest`] names the operation whose error shape answers
//! (the route sharing most leading path segments).

use std::borrow::Cow;

use conformance_contract::Contracts;

use crate::StubError;
use crate::params::Params;
use crate::paths::{decode, split, split_into};

/// Paths with more segments than this match no route (no documented path comes near).
const MAX_SEGMENTS: usize = 32;

/// A path segment of a template.
#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param(String),
}

/// One route: an operation, its method and its path template.
#[derive(Debug, Clone)]
struct Route {
    op: usize,
    method: String,
    segments: Vec<Segment>,
}

/// The outcome of routing a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Routed<'a> {
    /// An operation, with its path parameters (percent-decoded).
    Op(usize, Params<'a>),
    /// A documented path with an undocumented method: the operation and its method.
    WrongMethod(usize, String),
    /// No documented path.
    NotFound,
}

/// The route table.
#[derive(Debug, Clone)]
pub(crate) struct Router {
    routes: Vec<Route>,
}

impl Router {
    /// One route per operation.
    pub(crate) fn new(contracts: &Contracts) -> Result<Router, StubError> {
        let mut routes = Vec::new();
        for (op, o) in contracts.operations().iter().enumerate() {
            let c = o.contract();
            let mut segments = Vec::new();
            for s in split(&c.path) {
                let seg = match s.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
                    Some(name) => Segment::Param(name.to_string()),
                    None if s.contains(['{', '}']) => {
                        return Err(StubError::fixture(o.id(), "path", "a placeholder must be a whole segment"));
                    }
                    None => Segment::Literal(s.to_string()),
                };
                segments.push(seg);
            }
            if segments.len() > MAX_SEGMENTS {
                return Err(StubError::fixture(o.id(), "path", format!("more than {MAX_SEGMENTS} segments")));
            }
            routes.push(Route { op, method: c.method.to_ascii_uppercase(), segments });
        }
        Ok(Router { routes })
    }

    /// Routes `method path`.
    pub(crate) fn route<'a>(&'a self, method: &str, path: &'a str) -> Routed<'a> {
        // The segments, split once; a path longer than every route matches none.
        let mut parts = [""; MAX_SEGMENTS];
        let Some((count, encoded)) = split_into(path, &mut parts) else { return Routed::NotFound };
        let parts = &parts[..count];
        // A segment that does not decode to UTF-8 matches no route.
        if encoded && parts.iter().any(|s| decode(s).is_none()) {
            return Routed::NotFound;
        }
        let mut wrong_method = None;
        for r in self.routes.iter().filter(|r| r.segments.len() == count) {
            if r.method.eq_ignore_ascii_case(method) {
                if let Some(params) = r.capture(parts, encoded) {
                    return Routed::Op(r.op, params);
                }
            } else if wrong_method.is_none() && r.walk(parts, encoded, |_, _| {}) {
                wrong_method = Some((r.op, r.method.clone()));
            }
        }
        wrong_method.map_or(Routed::NotFound, |(op, m)| Routed::WrongMethod(op, m))
    }

    /// The operation whose route shares most leading segments with `path` (a literal equal
    /// once decoded, or any non-empty segment for a parameter), at least one of them a literal
    /// (its vendor's base path); the first one on a tie. `None`: no vendor's base path matches,
    /// and the answer is in no vendor's shape.
    pub(crate) fn closest(&self, path: &str) -> Option<usize> {
        let shared = |r: &Route| {
            let leading = r.segments.iter().zip(split(path)).take_while(|(seg, part)| match seg {
                Segment::Literal(l) => decode(part).is_some_and(|p| p == l.as_str()),
                Segment::Param(_) => !part.is_empty(),
            });
            leading.fold((0, 0), |(n, lit), (seg, _)| (n + 1, lit + usize::from(matches!(seg, Segment::Literal(_)))))
        };
        let mut best: Option<(usize, usize)> = None;
        for r in &self.routes {
            let (n, literals) = shared(r);
            if literals > 0 && best.is_none_or(|(_, m)| n > m) {
                best = Some((r.op, n));
            }
        }
        best.map(|(op, _)| op)
    }
}

impl Route {
    /// Whether the path's segments `parts` match the template: as many, literals equal and
    /// parameters non-empty, once decoded (only an `encoded` path, one with a `%`, needs
    /// decoding). Calls `param(name, segment)` for each parameter on the way.
    fn walk<'a, 'p>(&'a self, parts: &[&'p str], encoded: bool, mut param: impl FnMut(&'a str, &'p str)) -> bool {
        self.segments.len() == parts.len()
            && self.segments.iter().zip(parts).all(|(seg, &part)| match seg {
                Segment::Literal(l) if encoded => decode(part).is_some_and(|p| p == l.as_str()),
                Segment::Literal(l) => part == l,
                Segment::Param(name) if !part.is_empty() => {
                    param(name, part);
                    true
                }
                Segment::Param(_) => false,
            })
    }

    /// The decoded parameters when the path's segments match the template (see [`Route::walk`]),
    /// in one pass: the first few are held inline, so a path of another operation costs no
    /// allocation.
    fn capture<'a>(&'a self, parts: &[&'a str], encoded: bool) -> Option<Params<'a>> {
        let mut params = Params::new();
        let matched = self.walk(parts, encoded, |name, part| {
            let value = if encoded { decode(part) } else { Some(Cow::Borrowed(part)) };
            if let Some(value) = value {
                params.push(name, value);
            }
        });
        matched.then_some(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router() -> (Contracts, Router) {
        let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).expect("fixtures load");
        let r = Router::new(&contracts).expect("routes");
        (contracts, r)
    }

    fn index(c: &Contracts, method: &str) -> usize {
        c.operations().iter().position(|o| o.contract().method == method).expect("an operation with that method")
    }

    #[test]
    fn routes_from_the_fixtures() {
        let (c, r) = router();
        let put = index(&c, "PUT");
        let template = c.operations()[put].contract().path.clone();
        let path: String =
            template.split('/').map(|s| if s.starts_with('{') { "x%2Dy" } else { s }).collect::<Vec<_>>().join("/");
        match r.route("PUT", &path) {
            Routed::Op(op, params) => {
                assert_eq!(op, put);
                assert!(params.iter().count() > 0 && params.iter().all(|(_, v)| v == "x-y"), "{params:?}");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(r.route("GET", &path), Routed::WrongMethod(put, "PUT".into()));
        assert_eq!(r.route("PUT", &format!("{path}/more")), Routed::NotFound);
        assert!(matches!(r.route("PUT", &format!("{path}/")), Routed::Op(..)), "one trailing slash is tolerated");
        assert_eq!(r.route("PUT", &path.replace("x%2Dy", "%FF")), Routed::NotFound);
        assert_eq!(r.route("PUT", &path.replacen("x%2Dy", "", 1)), Routed::NotFound);
        assert_eq!(r.closest(&format!("{path}/more/and/more")), Some(put));
        assert_eq!(r.closest("/nowhere/at/all"), None, "no vendor's base path");
    }
}
