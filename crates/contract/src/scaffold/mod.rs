//! The skeleton of a new operation: a fixture that loads and a feature that runs, for a method,
//! a path and an auth scheme, so that adding a vendor page starts from something green and is
//! then filled in from the page (README, "Adding an operation"). For a vendor that has
//! operations already it reuses their scheme's credential keys, their path parameters' keys and
//! their table pattern ([`Vendor`]). Pure: it returns the two files' texts; the command line
//! writes them.

mod vendor;

use serde_json::{Map, Value, json};

use crate::model::AuthScheme;

pub use vendor::Vendor;

/// What to scaffold.
#[derive(Debug, Clone)]
pub struct Scaffold<'a> {
    /// `<vendor>/<operation>`.
    pub id: &'a str,
    /// HTTP method.
    pub method: &'a str,
    /// Path template with `{name}` placeholders.
    pub path: &'a str,
    /// The auth scheme.
    pub scheme: AuthScheme,
    /// The documented success status.
    pub status: u16,
    /// The operation's profile table (`--section`; default: the vendor's pattern, else the
    /// vendor's name).
    pub section: Option<&'a str>,
    /// What the vendor's operations share (`Vendor::default()` for a new vendor).
    pub vendor: &'a Vendor,
}

/// Why a skeleton cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ScaffoldError(String);

fn slug_ok(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

impl Scaffold<'_> {
    /// The fixture (JSON) and the feature (Gherkin).
    pub fn render(&self) -> Result<(String, String), ScaffoldError> {
        let bad = |m: String| Err(ScaffoldError(m));
        let Some((vendor, operation)) = self.id.split_once('/') else {
            return bad(format!("{:?} is not <vendor>/<operation>", self.id));
        };
        if !slug_ok(vendor) || !slug_ok(operation) {
            return bad(format!("{:?}: vendor and operation are lower-case words joined by '-'", self.id));
        }
        if !self.path.starts_with('/') {
            return bad(format!("the path {:?} must start with /", self.path));
        }
        if !(200..300).contains(&self.status) {
            return bad(format!("{} is not a success status (2xx)", self.status));
        }
        let method = self.method.to_ascii_uppercase();
        if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method.as_str()) {
            return bad(format!("{} is not an HTTP method the fixtures know", self.method));
        }
        let params: Vec<&str> = crate::path::placeholders(self.path).collect();
        // A quote to replace by the page's words: `docs check` reports each as drift until then.
        let todo = |what: &str| json!({ "section": format!("TODO: {what}"), "quote": "TODO: the page's words" });
        let table =
            self.section.map(String::from).or_else(|| self.vendor.section.clone()).unwrap_or(vendor.to_string());
        let (mut profile, credentials, allowances) = self.credentials(&table);
        let mut path_params = Vec::new();
        let mut bindings = Vec::new();
        for p in &params {
            let reused = self.vendor.path_keys.get(*p).and_then(|k| self.vendor.keys.get(k));
            let key = reused.map_or_else(|| format!("{table}.{p}"), |d| d.key.clone());
            if !profile.iter().any(|k| k["key"] == key.as_str()) {
                profile.push(match reused {
                    Some(d) => serde_json::to_value(d).map_err(|e| ScaffoldError(e.to_string()))?,
                    None => json!({ "key": key, "type": "string", "description": format!("TODO: the {p} of an existing resource"), "stub": format!("stub-{p}") }),
                });
            }
            path_params.push(json!({ "name": p, "required": true, "type": "string", "description": "TODO", "provenance": todo("the path parameters' table") }));
            bindings.push(json!({ "at": format!("path:{p}"), "from": { "key": key } }));
        }
        let json_schema = json!({ "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object" });
        let fixture = json!({
            "id": self.id,
            "vendor": vendor,
            "operation": operation,
            "title": "TODO: the page's title",
            "summary": "TODO: the page's one-line function",
            "source": "TODO-page-file-name.txt",
            "method": method,
            "path": self.path,
            "provenance": todo("where the page gives the method and path"),
            "auth": { "scheme": &self.scheme, "documented": "TODO: what the page says of authentication", "provenance": todo("the request headers' table"), "credentials": credentials, "allowances": allowances },
            "section": table,
            "path_params": path_params,
            "request_headers": [],
            "request": { "content_type": "application/json", "schema": json_schema, "constraints": [], "provenance": todo("the request body's table") },
            "profile": profile,
            "bindings": bindings,
            "responses": [
                { "status": self.status, "meaning": "TODO", "headers": [], "body": { "kind": "unspecified", "provenance": todo("the response") }, "provenance": todo("the status codes"), "effect": "billable" },
                { "status": 401, "meaning": "Unauthorized", "headers": [], "body": { "kind": "unspecified", "provenance": todo("the response") }, "provenance": todo("the status codes"), "effect": "none" }
            ],
            "examples": [
                { "name": "request", "direction": "request", "body": {}, "provenance": todo("the example request") }
            ],
            "errata": []
        });
        let text = serde_json::to_string_pretty(&fixture).map_err(|e| ScaffoldError(e.to_string()))?;
        let feature = format!(
            "@{vendor} @{operation}\nFeature: TODO: the page's title\n  {method} {path} (TODO: the vendor page's file name). Bodies are read from\n  fixtures/{id}.json by their example names.\n\n  @status-{status} @example-request\n  Scenario: The documented request is accepted\n    Given credentials with permission\n    When I send the documented example request \"request\"\n    Then the response status is {status}\n\n  @status-401\n  Scenario: A request without credentials is unauthorized\n    Given no credentials\n    When I send the documented example request \"request\"\n    Then the response status is 401\n",
            path = self.path,
            id = self.id,
            status = self.status,
        );
        Ok((format!("{text}\n"), feature))
    }
}

impl Scaffold<'_> {
    /// The key declarations, `slot → key` map and allowances of the scheme's credentials: the
    /// vendor's where it has operations of this scheme, else new keys in `table`.
    fn credentials(&self, table: &str) -> (Vec<Value>, Map<String, Value>, Value) {
        let mut profile = Vec::new();
        let mut credentials = Map::new();
        let v = self.vendor;
        if v.scheme.as_ref() == Some(&self.scheme) && !v.credentials.is_empty() {
            for (slot, key) in &v.credentials {
                credentials.insert(slot.clone(), key.clone().into());
                profile.extend(v.keys.get(key).and_then(|d| serde_json::to_value(d).ok()));
            }
            return (profile, credentials, serde_json::to_value(&v.allowances).unwrap_or_default());
        }
        for slot in self.scheme.slots().iter().filter(|s| s.required) {
            let key = format!("{table}.{}", slot.name);
            credentials.insert(slot.name.into(), key.clone().into());
            let stub = if slot.secret {
                Value::from(format!("stub-{}-{{random}}", slot.name.replace('_', "-")))
            } else {
                Value::from(format!("stub-{}", slot.name.replace('_', "-")))
            };
            let mut k = json!({ "key": key, "type": "string", "description": format!("TODO: the {} credential", slot.name), "stub": stub });
            if slot.secret {
                k["secret"] = true.into();
            }
            profile.push(k);
        }
        (profile, credentials, json!([]))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{Scaffold, Vendor};
    use crate::AuthScheme;

    #[test]
    fn a_skeleton_loads_beside_the_fixtures() {
        let dir = tempfile::tempdir().unwrap();
        let s = Scaffold {
            id: "acme/resize-thing",
            method: "post",
            path: "/v1/{tenant}/things/{thing_id}/resize",
            scheme: AuthScheme::HttpBearer,
            status: 202,
            section: None,
            vendor: &Vendor::default(),
        };
        let (fixture, feature) = s.render().unwrap();
        std::fs::create_dir_all(dir.path().join("acme")).unwrap();
        std::fs::write(dir.path().join("acme/resize-thing.json"), fixture).unwrap();
        let contracts = crate::Contracts::load(dir.path()).unwrap();
        let op = contracts.operation("acme/resize-thing").unwrap();
        assert_eq!(op.contract().method, "POST");
        assert!(contracts.keys().is_secret("acme.token"));
        assert!(contracts.keys().get("acme.thing_id").is_some());
        assert!(feature.contains("@acme @resize-thing") && feature.contains("Then the response status is 202"));
        let bad = Scaffold { id: "Acme", ..s };
        assert!(bad.render().unwrap_err().to_string().contains("<vendor>/<operation>"));
    }

    /// A new Huawei service reuses the vendor's credentials, its `[huawei]` keys and its
    /// `huawei.<service>` tables, and loads beside the fixtures; `--section` overrides the table.
    #[test]
    fn a_skeleton_for_a_known_vendor_reuses_its_keys_and_tables() {
        let contracts = crate::Contracts::load(crate::default_fixtures_dir()).unwrap();
        let vendor = Vendor::of(&contracts, "huawei-ecs");
        assert_eq!(vendor.section.as_deref(), Some("huawei.ecs"));
        let s = Scaffold {
            id: "huawei-ecs/resize",
            method: "POST",
            path: "/v1/{project_id}/cloudservers/{server_id}/resize",
            scheme: vendor.scheme.clone().unwrap(),
            status: 200,
            section: None,
            vendor: &vendor,
        };
        let (fixture, _) = s.render().unwrap();
        let v: serde_json::Value = serde_json::from_str(&fixture).unwrap();
        assert_eq!(v["section"], "huawei.ecs");
        assert_eq!(v["auth"]["credentials"]["token"], "huawei.token", "{fixture}");
        let keys: Vec<&str> = v["profile"].as_array().unwrap().iter().filter_map(|k| k["key"].as_str()).collect();
        assert!(keys.contains(&"huawei.project_id") && keys.contains(&"huawei.ecs.server_id"), "{keys:?}");
        assert!(!keys.iter().any(|k| k.starts_with("huawei-ecs")), "no new top-level table: {keys:?}");
        let dir = tempfile::tempdir().unwrap();
        copy(&crate::default_fixtures_dir(), dir.path());
        std::fs::create_dir_all(dir.path().join("huawei-ecs")).unwrap();
        std::fs::write(dir.path().join("huawei-ecs/resize.json"), fixture).unwrap();
        let loaded = crate::Contracts::load(dir.path()).unwrap();
        assert!(loaded.keys().sections().contains("huawei.ecs"));

        let own = Scaffold { section: Some("huawei.elastic"), ..s.clone() };
        let v: serde_json::Value = serde_json::from_str(&own.render().unwrap().0).unwrap();
        assert_eq!(v["section"], "huawei.elastic");
        let other = Vendor::of(&contracts, "hostway-orders");
        assert_eq!(other.section.as_deref(), Some("hostway-orders"), "a vendor's own table");
        assert_eq!(Vendor::of(&contracts, "acme-cloud").scheme, None, "a new vendor shares nothing");
    }

    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            if e.path().is_dir() {
                copy(&e.path(), &to.join(e.file_name()));
            } else {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    }
}
