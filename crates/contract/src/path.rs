//! Rendering a path from its template (RFC 6570 simple expansion: each value percent-encoded).

use std::collections::BTreeMap;

use iri_string::spec::UriSpec;
use iri_string::template::UriTemplateStr;
use iri_string::template::simple_context::SimpleContext;

use crate::error::PathError;

/// Renders `template` (`/v2/{project_id}/...`) with `params`; every placeholder must have a value.
pub fn render(template: &str, params: &BTreeMap<String, String>) -> Result<String, PathError> {
    let malformed =
        |e: iri_string::template::Error| PathError::Template { template: template.into(), reason: e.to_string() };
    let parsed = UriTemplateStr::new(template).map_err(malformed)?;
    for name in placeholders(template) {
        if !params.contains_key(name) {
            return Err(PathError::Missing(name.into()));
        }
    }
    let mut ctx = SimpleContext::new();
    for (k, v) in params {
        ctx.insert(k.as_str(), v.as_str());
    }
    Ok(parsed.expand::<UriSpec, _>(&ctx).map_err(malformed)?.to_string())
}

/// The parameters of `path` (as sent: percent-encoded, one trailing `/` tolerated) when it
/// matches `template` segment by segment; `None` when it does not.
pub fn matches(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let split =
        |p: &str| p.trim_end_matches('/').trim_start_matches('/').split('/').map(String::from).collect::<Vec<_>>();
    let (t, p) = (split(template), split(path));
    if t.len() != p.len() {
        return None;
    }
    let mut out = BTreeMap::new();
    for (seg, part) in t.iter().zip(&p) {
        let decoded = percent_encoding::percent_decode_str(part).decode_utf8().ok()?.into_owned();
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) if !decoded.is_empty() => {
                out.insert(name.to_string(), decoded);
            }
            Some(_) => return None,
            None if *seg == decoded => {}
            None => return None,
        }
    }
    Some(out)
}

/// The placeholder names of a template, in order.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(kv: &[(&str, &str)]) -> BTreeMap<String, String> {
        kv.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect()
    }

    #[test]
    fn renders_and_encodes() {
        let t = "/v2/{project_id}/apigw/instances/{instance_id}/postpaid-resize";
        let out = render(t, &params(&[("project_id", "p1"), ("instance_id", "a b/c")])).expect("renders");
        assert_eq!(out, "/v2/p1/apigw/instances/a%20b%2Fc/postpaid-resize");
    }

    #[test]
    fn a_path_matches_its_template() {
        let t = "/orders/{orderId}/services/{serviceId}";
        assert_eq!(matches(t, "/orders/o%201/services/s/"), Some(params(&[("orderId", "o 1"), ("serviceId", "s")])));
        assert_eq!(matches(t, "/orders/o/services"), None);
        assert_eq!(matches(t, "/orders//services/s"), None);
        assert_eq!(matches(t, "/order/o/services/s"), None);
    }

    #[test]
    fn missing_parameter_is_named() {
        let err = render("/orders/{orderId}/x", &params(&[])).expect_err("must fail");
        assert_eq!(err.to_string(), "path parameter `orderId` has no value");
    }
}
