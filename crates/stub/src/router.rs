//! Which documented operation a request is for: the path templates and methods come from the
//! fixtures (`path`, `method`), so the routes cannot drift from the contracts. A path that
//! matches a template with another method is a 405, anything else a 404.

use std::borrow::Cow;
use std::collections::BTreeMap;

use conformance_contract::Contracts;
use percent_encoding::percent_decode_str;

use crate::StubError;

/// The five documented operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpKind {
    /// `huawei-apig/postpaid-resize`.
    ApigResize,
    /// `huawei-cph/change-server-model`.
    CphChange,
    /// `hostway/service-action`.
    ServiceAction,
    /// `hostway-orders/add-service`.
    AddService,
    /// `hostway-orders/update-service`.
    UpdateService,
}

impl OpKind {
    /// Every operation, in declaration order (so `kind as usize` is its index here).
    pub const ALL: [OpKind; 5] =
        [OpKind::ApigResize, OpKind::CphChange, OpKind::ServiceAction, OpKind::AddService, OpKind::UpdateService];

    /// Its contract id.
    pub fn id(self) -> &'static str {
        match self {
            OpKind::ApigResize => "huawei-apig/postpaid-resize",
            OpKind::CphChange => "huawei-cph/change-server-model",
            OpKind::ServiceAction => "hostway/service-action",
            OpKind::AddService => "hostway-orders/add-service",
            OpKind::UpdateService => "hostway-orders/update-service",
        }
    }

    /// The operation with this contract id.
    pub fn from_id(id: &str) -> Option<OpKind> {
        OpKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// A path segment of a template.
#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param(String),
}

/// One route: an operation, its method and its path template.
#[derive(Debug, Clone)]
struct Route {
    kind: OpKind,
    method: String,
    segments: Vec<Segment>,
}

/// The outcome of routing a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Routed {
    /// An operation, with its path parameters (percent-decoded).
    Op(OpKind, BTreeMap<String, String>),
    /// A documented path with an undocumented method; the documented one.
    WrongMethod(String),
    /// No documented path.
    NotFound,
}

/// The route table.
#[derive(Debug, Clone)]
pub(crate) struct Router {
    routes: Vec<Route>,
}

impl Router {
    /// Builds the table from the contracts; every operation must be there.
    pub(crate) fn new(contracts: &Contracts) -> Result<Router, StubError> {
        let mut routes = Vec::new();
        for kind in OpKind::ALL {
            let op = contracts.operation(kind.id()).ok_or_else(|| StubError::MissingOperation(kind.id().into()))?;
            let c = op.contract();
            let segments = split(&c.path)
                .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => Segment::Param(name.to_string()),
                    None => Segment::Literal(s.to_string()),
                })
                .collect();
            routes.push(Route { kind, method: c.method.to_ascii_uppercase(), segments });
        }
        Ok(Router { routes })
    }

    /// Routes `method` and `path` (as sent: percent-encoded, one trailing `/` tolerated). A
    /// segment is percent-decoded only when it has a `%`, only templates with as many segments
    /// as the path are tried, and parameters are captured while matching, only for templates
    /// with the request's method (with the fixtures' templates, only the matched route's).
    pub(crate) fn route(&self, method: &str, path: &str) -> Routed {
        let encoded = path.as_bytes().contains(&b'%');
        // A segment that does not decode to UTF-8 matches no route.
        if encoded && split(path).any(|s| decode(s).is_none()) {
            return Routed::NotFound;
        }
        let count = segment_count(path);
        let mut wrong_method = None;
        for r in self.routes.iter().filter(|r| r.segments.len() == count) {
            if r.method.eq_ignore_ascii_case(method) {
                if let Some(params) = r.capture(path, encoded) {
                    return Routed::Op(r.kind, params);
                }
            } else if wrong_method.is_none() && r.walk(path, encoded, |_, _| {}) {
                wrong_method = Some(r.method.clone());
            }
        }
        wrong_method.map_or(Routed::NotFound, Routed::WrongMethod)
    }
}

impl Route {
    /// Whether `path` matches the template: as many segments, literals equal and parameters
    /// non-empty, once decoded (only an `encoded` path, one with a `%`, needs decoding). Calls
    /// `param(name, segment)` for each parameter on the way; stops at the first segment that
    /// differs.
    fn walk<'p>(&self, path: &'p str, encoded: bool, mut param: impl FnMut(&str, &'p str)) -> bool {
        let mut parts = split(path);
        let same = self.segments.iter().all(|seg| {
            parts.next().is_some_and(|part| match seg {
                Segment::Literal(l) if encoded => decode(part).is_some_and(|p| p == l.as_str()),
                Segment::Literal(l) => part == l,
                Segment::Param(name) if !part.is_empty() => {
                    param(name, part);
                    true
                }
                Segment::Param(_) => false,
            })
        });
        same && parts.next().is_none()
    }

    /// The decoded parameters of `path` when it matches the template (see [`Route::walk`]).
    fn capture(&self, path: &str, encoded: bool) -> Option<BTreeMap<String, String>> {
        let mut params = BTreeMap::new();
        let matched = self.walk(path, encoded, |name, part| {
            if let Some(value) = decode(part) {
                params.insert(name.to_string(), value.into_owned());
            }
        });
        matched.then_some(params)
    }
}

/// A path segment percent-decoded (borrowed when it has no `%`); `None` when that is not UTF-8.
fn decode(segment: &str) -> Option<Cow<'_, str>> {
    if segment.contains('%') { percent_decode_str(segment).decode_utf8().ok() } else { Some(Cow::Borrowed(segment)) }
}

/// How many segments [`split`] gives for `path`.
fn segment_count(path: &str) -> usize {
    let p = path.strip_prefix('/').unwrap_or(path);
    let p = p.strip_suffix('/').unwrap_or(p);
    p.bytes().filter(|&b| b == b'/').count() + 1
}

/// The segments of a path without its leading and one trailing `/`: what `split('/')` gives,
/// by a plain byte search (paths are short; `str::split` sets up a `memchr` per segment).
fn split(path: &str) -> impl Iterator<Item = &str> {
    let p = path.strip_prefix('/').unwrap_or(path);
    let mut rest = Some(p.strip_suffix('/').unwrap_or(p));
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b'/') {
            Some(i) => {
                rest = r.get(i + 1..);
                r.get(..i)
            }
            None => rest.take(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_from_the_fixtures() {
        let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).expect("fixtures load");
        let r = Router::new(&contracts).expect("routes");
        match r.route("POST", "/v2/p/apigw/instances/i%20j/postpaid-resize/") {
            Routed::Op(OpKind::ApigResize, p) => assert_eq!(p.get("instance_id").map(String::as_str), Some("i j")),
            other => panic!("{other:?}"),
        }
        assert_eq!(r.route("GET", "/orders/o/account/products/p/services/s"), Routed::WrongMethod("PUT".into()));
        assert_eq!(r.route("POST", "/orders/o/account/products/p/services/s/x"), Routed::NotFound);
        assert_eq!(r.route("POST", "/v1//cloud-phone/servers/change-server-model"), Routed::NotFound);
        assert!(OpKind::ALL.iter().all(|k| OpKind::from_id(k.id()) == Some(*k)));
        // `StubCore` indexes by `kind as usize`: ALL is in declaration order.
        assert!(OpKind::ALL.iter().enumerate().all(|(i, k)| *k as usize == i));
        // Literals match once decoded; a segment that is not UTF-8 once decoded matches nothing.
        assert!(matches!(
            r.route("POST", "/v2/p/apigw/instances/i/postpaid%2Dresize"),
            Routed::Op(OpKind::ApigResize, _)
        ));
        assert_eq!(r.route("POST", "/v2/p/apigw/instances/%FF/postpaid-resize"), Routed::NotFound);
        assert_eq!(r.route("POST", "/v2/%FF/apigw/instances/i/postpaid-resize/x"), Routed::NotFound);
        assert_eq!(r.route("GET", "/v2/p/apigw/instances/i/postpaid-resize"), Routed::WrongMethod("POST".into()));
        assert_eq!(r.route("POST", "/v2/p/apigw/instances//postpaid-resize"), Routed::NotFound);
    }

    #[test]
    fn splits_as_str_split_does() {
        for path in ["", "/", "//", "///", "/a", "a", "/a/", "/a//", "/a/b/c", "a/b/", "//a//b//", "/é/ü/", "/a%2Fb/c"]
        {
            let p = path.strip_prefix('/').unwrap_or(path);
            let want: Vec<&str> = p.strip_suffix('/').unwrap_or(p).split('/').collect();
            assert_eq!(split(path).collect::<Vec<_>>(), want, "path {path:?}");
            assert_eq!(segment_count(path), want.len(), "path {path:?}");
        }
    }

    #[test]
    fn decodes_only_segments_with_a_percent() {
        assert!(matches!(decode("a-b"), Some(Cow::Borrowed("a-b"))));
        assert_eq!(decode("a%20b%2Fc").as_deref(), Some("a b/c"));
        assert_eq!(decode("100%").as_deref(), Some("100%"));
        assert_eq!(decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(decode("%FF"), None);
    }
}
