//! A profile's `[headers]`: extra headers a deployment requires on every request (a tenant, a
//! tracing id), by name. A credential header is refused: credentials come from the fixtures'
//! secret keys, which the run sends by role and redacts.

use std::collections::BTreeMap;

/// The `[headers]` table: header name → text; a credential header (one the run redacts, or a
/// scheme's `X-Security-Token`) is an error naming it, since credentials come from the
/// fixtures' keys, which the run knows to redact and to send by role.
pub(crate) fn parse(v: &toml::Value) -> Result<BTreeMap<String, String>, String> {
    let toml::Value::Table(t) = v else { return Err("headers: expected a table of header names".into()) };
    let mut out = BTreeMap::new();
    for (name, value) in t {
        let lower = name.to_ascii_lowercase();
        if crate::redact::SENSITIVE_HEADERS.contains(&lower.as_str()) || lower == "x-security-token" {
            return Err(format!(
                "headers: `{name}` is a credential header; give credentials in their keys (the run sends them by role \
                 and redacts them), not in [headers]"
            ));
        }
        if http_token(name).is_err() {
            return Err(format!("headers: `{name}` is no header name"));
        }
        let toml::Value::String(text) = value else {
            return Err(format!("headers.{name}: expected a string, got {}", value.type_str()));
        };
        if text.contains(['\r', '\n']) {
            return Err(format!("headers.{name}: a header value holds no line break"));
        }
        out.insert(name.clone(), text.clone());
    }
    Ok(out)
}

/// Whether `name` is an HTTP token (RFC 9110: the characters a header name may have).
fn http_token(name: &str) -> Result<(), ()> {
    let ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if ok { Ok(()) } else { Err(()) }
}
