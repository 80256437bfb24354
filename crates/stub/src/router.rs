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
    /// Every operation.
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
pub enum Routed {
    /// An operation, with its path parameters (percent-decoded).
    Op(OpKind, BTreeMap<String, String>),
    /// A documented path with an undocumented method; the documented one.
    WrongMethod(String),
    /// No documented path.
    NotFound,
}

/// The route table.
#[derive(Debug, Clone)]
pub struct Router {
    routes: Vec<Route>,
}

impl Router {
    /// Builds the table from the contracts; every operation must be there.
    pub fn new(contracts: &Contracts) -> Result<Router, StubError> {
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
    /// segment is percent-decoded only when it has a `%`, and only the matched route's
    /// parameters are allocated.
    pub fn route(&self, method: &str, path: &str) -> Routed {
        // A segment that does not decode to UTF-8 matches no route.
        if path.contains('%') && split(path).any(|s| decode(s).is_none()) {
            return Routed::NotFound;
        }
        let mut wrong_method = None;
        for r in self.routes.iter().filter(|r| r.matches(path)) {
            if r.method.eq_ignore_ascii_case(method) {
                return Routed::Op(r.kind, r.params(path));
            }
            wrong_method.get_or_insert_with(|| r.method.clone());
        }
        wrong_method.map_or(Routed::NotFound, Routed::WrongMethod)
    }
}

impl Route {
    /// Whether `path` matches the template: as many segments, literals equal and parameters
    /// non-empty, once decoded. Stops at the first segment that differs.
    fn matches(&self, path: &str) -> bool {
        let mut parts = split(path);
        let same = self.segments.iter().all(|seg| {
            parts.next().is_some_and(|part| match seg {
                Segment::Literal(l) => decode(part).is_some_and(|p| p == l.as_str()),
                Segment::Param(_) => !part.is_empty(),
            })
        });
        same && parts.next().is_none()
    }

    /// The decoded parameters of a `path` that [`Route::matches`].
    fn params(&self, path: &str) -> BTreeMap<String, String> {
        let mut params = BTreeMap::new();
        for (seg, part) in self.segments.iter().zip(split(path)) {
            if let (Segment::Param(name), Some(value)) = (seg, decode(part)) {
                params.insert(name.clone(), value.into_owned());
            }
        }
        params
    }
}

/// A path segment percent-decoded (borrowed when it has no `%`); `None` when that is not UTF-8.
fn decode(segment: &str) -> Option<Cow<'_, str>> {
    if segment.contains('%') { percent_decode_str(segment).decode_utf8().ok() } else { Some(Cow::Borrowed(segment)) }
}

/// The segments of a path without its leading and one trailing `/`.
fn split(path: &str) -> impl Iterator<Item = &str> {
    let p = path.strip_prefix('/').unwrap_or(path);
    let p = p.strip_suffix('/').unwrap_or(p);
    p.split('/')
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
    fn decodes_only_segments_with_a_percent() {
        assert!(matches!(decode("a-b"), Some(Cow::Borrowed("a-b"))));
        assert_eq!(decode("a%20b%2Fc").as_deref(), Some("a b/c"));
        assert_eq!(decode("100%").as_deref(), Some("100%"));
        assert_eq!(decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(decode("%FF"), None);
    }
}
