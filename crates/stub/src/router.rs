//! Which documented operation a request is for: the path templates and methods come from the
//! fixtures (`path`, `method`), so the routes cannot drift from the contracts. A path that
//! matches a template with another method is a 405, anything else a 404.

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

    /// Routes `method` and `path` (as sent: percent-encoded, one trailing `/` tolerated).
    pub fn route(&self, method: &str, path: &str) -> Routed {
        let Some(parts) = split(path).map(|s| percent_decode_str(s).decode_utf8().ok()).collect::<Option<Vec<_>>>()
        else {
            return Routed::NotFound;
        };
        let mut wrong_method = None;
        for r in &self.routes {
            let Some(params) = r.matches(&parts) else { continue };
            if r.method.eq_ignore_ascii_case(method) {
                return Routed::Op(r.kind, params);
            }
            wrong_method.get_or_insert_with(|| r.method.clone());
        }
        wrong_method.map_or(Routed::NotFound, Routed::WrongMethod)
    }
}

impl Route {
    fn matches(&self, parts: &[std::borrow::Cow<'_, str>]) -> Option<BTreeMap<String, String>> {
        if parts.len() != self.segments.len() {
            return None;
        }
        let mut params = BTreeMap::new();
        for (seg, part) in self.segments.iter().zip(parts) {
            match seg {
                Segment::Literal(l) if l == part => {}
                Segment::Param(name) if !part.is_empty() => {
                    params.insert(name.clone(), part.to_string());
                }
                _ => return None,
            }
        }
        Some(params)
    }
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
    }
}
