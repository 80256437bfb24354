//! The benchmarked request: an operation's documented request example, named in
//! `crates/bench/bench.toml` (the APIG resize), built from its contract in `fixtures/` and a
//! target profile the way the runner builds it (the fixture's bindings for the ids and the
//! body, the credentials with permission of its auth scheme), answered by the documented 2xx
//! it expects. No id, token, path or body is written here.

use std::collections::BTreeMap;

use bytes::Bytes;
use conformance_contract::{BindContext, Contracts, Profile, Role};
use http_body_util::Full;
use serde::Deserialize;

/// `bench.toml`: which request is benchmarked.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The operation's id.
    pub operation: String,
    /// Its request example.
    pub example: String,
}

impl Choice {
    /// The choice in `crates/bench/bench.toml`.
    pub fn configured() -> Result<Choice, String> {
        let path = crate::workspace().join("crates/bench/bench.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// One request, ready to be sent many times (`Debug` masks the credentials).
#[derive(Clone)]
pub struct BenchRequest {
    /// HTTP method (`POST`).
    pub method: http::Method,
    /// The path template, for reports (no ids).
    pub template: String,
    /// The rendered path.
    pub path: String,
    /// The credential headers (secrets: never printed).
    pub credentials: Vec<(String, String)>,
    /// The request body (JSON).
    pub body: Bytes,
    /// The status the documented answer has (202).
    pub expected_status: u16,
}

impl std::fmt::Debug for BenchRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let credentials: Vec<(&str, &str)> = self.credentials.iter().map(|(k, _)| (k.as_str(), "***")).collect();
        f.debug_struct("BenchRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("credentials", &credentials)
            .field("expected_status", &self.expected_status)
            .finish_non_exhaustive()
    }
}

impl BenchRequest {
    /// The documented request example `choice` names, with the ids and credentials of
    /// `profile`.
    pub fn documented(contracts: &Contracts, profile: &Profile, choice: &Choice) -> Result<BenchRequest, String> {
        let (id, name) = (&choice.operation, &choice.example);
        let op = contracts.operation(id).ok_or_else(|| format!("the fixtures have no operation {id}"))?;
        let c = op.contract();
        let example = op.example(name).ok_or_else(|| format!("{id} has no example {name}"))?;
        let mut body = example.body.clone().ok_or_else(|| format!("example {name} has no JSON body"))?;
        let expected_status = c
            .examples
            .iter()
            .find(|e| e.answers.as_deref() == Some(name.as_str()))
            .and_then(|e| e.status)
            .filter(|s| (200..300).contains(s))
            .ok_or_else(|| format!("{id} documents no 2xx answer to {name}"))?;
        let cx = BindContext { harmless: false, run_id: "bench", created: &[] };
        let mut used = Vec::new();
        let params = op.bind_path(profile, &cx, &BTreeMap::new(), &mut used).map_err(|e| e.to_string())?;
        op.bind_body(profile, &mut body, &cx, &mut used).map_err(|e| e.to_string())?;
        op.fill_templates(profile, &mut body, &cx, &mut used).map_err(|e| e.to_string())?;
        let auth = &c.auth;
        let slot = |s: &str| profile.get(auth.credentials.get(s)?).map(conformance_contract::bind::as_text);
        let mut credentials = auth.scheme.extra_headers(&slot);
        let plain = auth.scheme.headers(Role::Valid, &slot)?;
        credentials
            .extend(plain.ok_or_else(|| format!("{id}: the profile's credentials sign each request: give a token"))?);
        let path = conformance_contract::render_path(&c.path, &params).map_err(|e| e.to_string())?;
        let method = http::Method::from_bytes(c.method.as_bytes()).map_err(|e| format!("method {}: {e}", c.method))?;
        let body = Bytes::from(serde_json::to_vec(&body).map_err(|e| e.to_string())?);
        Ok(BenchRequest { method, template: c.path.clone(), path, credentials, body, expected_status })
    }

    /// The request for a server at `authority` (`127.0.0.1:PORT`, sent as `Host`).
    pub fn to_http(&self, authority: &str) -> Result<http::Request<Full<Bytes>>, http::Error> {
        let mut b = http::Request::builder()
            .method(self.method.clone())
            .uri(&self.path)
            .header(http::header::HOST, authority)
            .header(http::header::CONTENT_TYPE, "application/json");
        for (k, v) in &self.credentials {
            b = b.header(k.as_str(), v.as_str());
        }
        b.body(Full::new(self.body.clone()))
    }

    /// The request as bytes on the wire (HTTP/1.1, keep-alive, `Content-Length`), for a server
    /// at `authority`: what the load generator writes, unchanged, for every request. It holds
    /// the token, so it is never printed.
    pub fn wire(&self, authority: &str) -> Bytes {
        let credentials: String =
            self.credentials.iter().map(|(k, v)| format!("{}: {v}\r\n", k.to_ascii_lowercase())).collect();
        let head = format!(
            "{} {} HTTP/1.1\r\nhost: {authority}\r\ncontent-type: application/json\r\n{credentials}content-length: {}\r\n\r\n",
            self.method,
            self.path,
            self.body.len()
        );
        let mut wire = head.into_bytes();
        wire.extend_from_slice(&self.body);
        Bytes::from(wire)
    }

    /// `POST <path template> → <status>`, for reports.
    pub fn describe(&self) -> String {
        format!("{} {} → {}", self.method, self.template, self.expected_status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stub_profile(contracts: &Contracts) -> Profile {
        let mut p = Profile::default();
        for k in contracts.keys().declared() {
            if let Some(v) = &k.doc.stub {
                let v = v.as_str().map_or_else(|| v.clone(), |s| serde_json::Value::from(s.replace("{random}", "r")));
                p.set(&k.doc.key, v, contracts.keys());
            }
        }
        p
    }

    #[test]
    fn the_configured_example_with_the_profiles_ids_and_credentials() {
        let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).expect("fixtures load");
        let choice = Choice::configured().expect("bench.toml");
        let profile = stub_profile(&contracts);
        let r = BenchRequest::documented(&contracts, &profile, &choice).expect("request");
        let op = contracts.operation(&choice.operation).expect("the configured operation");
        assert_eq!(r.method.as_str(), op.contract().method);
        assert!(r.path.starts_with('/') && !r.path.contains('{'), "{}", r.path);
        assert!((200..300).contains(&r.expected_status));
        let secrets = profile.secrets();
        assert!(r.credentials.iter().any(|(_, v)| secrets.iter().any(|s| v.contains(s.as_str()))));
        let req = r.to_http("127.0.0.1:9").expect("request");
        assert_eq!(req.headers()["host"], "127.0.0.1:9");
        assert!(!format!("{r:?}").contains(secrets[0].as_str()), "the credentials stay out of Debug");
        let wire = r.wire("127.0.0.1:9");
        let mut headers = [httparse::EMPTY_HEADER; 8];
        let mut parsed = httparse::Request::new(&mut headers);
        let head = match parsed.parse(&wire).expect("valid HTTP/1.1") {
            httparse::Status::Complete(n) => n,
            httparse::Status::Partial => panic!("the head is complete"),
        };
        assert_eq!(parsed.path, Some(r.path.as_str()));
        let h = |n: &str| parsed.headers.iter().find(|h| h.name == n).map(|h| h.value.to_vec());
        assert_eq!(h("content-length"), Some(r.body.len().to_string().into_bytes()));
        assert_eq!(&wire[head..], &r.body[..], "the body follows the head, whole");
    }

    #[test]
    fn a_profile_without_its_ids_is_refused_with_the_key() {
        let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).expect("fixtures load");
        let choice = Choice::configured().expect("bench.toml");
        let err = BenchRequest::documented(&contracts, &Profile::default(), &choice).expect_err("no ids");
        assert!(err.contains("the profile gives no"), "{err}");
    }
}
