//! The benchmarked request: the documented APIG resize example
//! (`POST /v2/{project_id}/apigw/instances/{instance_id}/postpaid-resize` with the page's
//! request body, authenticated by `X-Auth-Token`), built from the contract in `fixtures/` and a
//! target profile (no id, token or body is written here), answered 202 with fresh job ids.

use std::collections::BTreeMap;

use bytes::Bytes;
use conformance_contract::{Contracts, Profile, Secret};
use http_body_util::Full;

/// The operation benchmarked.
pub const OPERATION: &str = "huawei-apig/postpaid-resize";
/// Its documented request example.
pub const REQUEST_EXAMPLE: &str = "resize-to-professional";

/// One request, ready to be sent many times.
#[derive(Debug, Clone)]
pub struct BenchRequest {
    /// HTTP method (`POST`).
    pub method: http::Method,
    /// The path template, for reports (no ids).
    pub template: String,
    /// The rendered path.
    pub path: String,
    /// `X-Auth-Token`.
    pub token: Secret,
    /// The request body (JSON).
    pub body: Bytes,
    /// The status the documented answer has (202).
    pub expected_status: u16,
}

impl BenchRequest {
    /// The documented example of [`OPERATION`] with the ids and token of `profile`.
    pub fn documented(contracts: &Contracts, profile: &Profile) -> Result<BenchRequest, String> {
        let op = contracts.operation(OPERATION).ok_or_else(|| format!("the fixtures have no operation {OPERATION}"))?;
        let c = op.contract();
        let example =
            op.example(REQUEST_EXAMPLE).ok_or_else(|| format!("{OPERATION} has no example {REQUEST_EXAMPLE}"))?;
        let body = example.body.as_ref().ok_or_else(|| format!("example {REQUEST_EXAMPLE} has no JSON body"))?;
        let expected_status = c
            .examples
            .iter()
            .find(|e| e.answers.as_deref() == Some(REQUEST_EXAMPLE))
            .and_then(|e| e.status)
            .ok_or_else(|| format!("{OPERATION} documents no answer to {REQUEST_EXAMPLE}"))?;
        let huawei = profile.huawei.as_ref().ok_or("the profile has no [huawei] section")?;
        let token = huawei.token.clone().ok_or("the profile has no huawei.token")?;
        let instance = huawei.apig.as_ref().ok_or("the profile has no huawei.apig.instance_id")?;
        let params = BTreeMap::from([
            ("project_id".to_string(), huawei.project_id.clone()),
            ("instance_id".to_string(), instance.instance_id.clone()),
        ]);
        let path = conformance_contract::render_path(&c.path, &params).map_err(|e| e.to_string())?;
        let method = http::Method::from_bytes(c.method.as_bytes()).map_err(|e| format!("method {}: {e}", c.method))?;
        let body = Bytes::from(serde_json::to_vec(body).map_err(|e| e.to_string())?);
        Ok(BenchRequest { method, template: c.path.clone(), path, token, body, expected_status })
    }

    /// The request for a server at `authority` (`127.0.0.1:PORT`, sent as `Host`).
    pub fn to_http(&self, authority: &str) -> Result<http::Request<Full<Bytes>>, http::Error> {
        http::Request::builder()
            .method(self.method.clone())
            .uri(&self.path)
            .header(http::header::HOST, authority)
            .header(http::header::CONTENT_TYPE, "application/json")
            .header("X-Auth-Token", self.token.expose())
            .body(Full::new(self.body.clone()))
    }

    /// The request as bytes on the wire (HTTP/1.1, keep-alive, `Content-Length`), for a server
    /// at `authority`: what the load generator writes, unchanged, for every request. It holds
    /// the token, so it is never printed.
    pub fn wire(&self, authority: &str) -> Bytes {
        let head = format!(
            "{} {} HTTP/1.1\r\nhost: {authority}\r\ncontent-type: application/json\r\nx-auth-token: {}\r\ncontent-length: {}\r\n\r\n",
            self.method,
            self.path,
            self.token.expose(),
            self.body.len()
        );
        let mut wire = head.into_bytes();
        wire.extend_from_slice(&self.body);
        Bytes::from(wire)
    }

    /// `POST /v2/{project_id}/apigw/instances/{instance_id}/postpaid-resize → 202`, for reports.
    pub fn describe(&self) -> String {
        format!("{} {} → {}", self.method, self.template, self.expected_status)
    }
}

#[cfg(test)]
mod tests {
    use conformance_contract::profile::{Apig, Huawei};

    use super::*;

    fn profile() -> Profile {
        Profile {
            huawei: Some(Huawei {
                project_id: "p1".into(),
                token: Some(Secret("tok".into())),
                apig: Some(Apig { instance_id: "i1".into(), ..Apig::default() }),
                ..Huawei::default()
            }),
            ..Profile::default()
        }
    }

    #[test]
    fn the_documented_example_with_the_profiles_ids() {
        let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).expect("fixtures load");
        let r = BenchRequest::documented(&contracts, &profile()).expect("request");
        assert_eq!(r.method, http::Method::POST);
        assert_eq!(r.path, "/v2/p1/apigw/instances/i1/postpaid-resize");
        assert_eq!(r.expected_status, 202);
        let body: serde_json::Value = serde_json::from_slice(&r.body).expect("json");
        assert_eq!(body, serde_json::json!({ "spec_id": "PROFESSIONAL" }));
        let req = r.to_http("127.0.0.1:9").expect("request");
        assert_eq!(req.headers()["x-auth-token"], "tok");
        assert_eq!(req.headers()["host"], "127.0.0.1:9");
        assert!(!format!("{r:?}").contains("tok\""), "the token stays out of Debug");
        let wire = r.wire("127.0.0.1:9");
        let mut headers = [httparse::EMPTY_HEADER; 8];
        let mut parsed = httparse::Request::new(&mut headers);
        let head = match parsed.parse(&wire).expect("valid HTTP/1.1") {
            httparse::Status::Complete(n) => n,
            httparse::Status::Partial => panic!("the head is complete"),
        };
        assert_eq!((parsed.method, parsed.path), (Some("POST"), Some("/v2/p1/apigw/instances/i1/postpaid-resize")));
        let h = |n: &str| parsed.headers.iter().find(|h| h.name == n).map(|h| h.value.to_vec());
        assert_eq!(h("x-auth-token"), Some(b"tok".to_vec()));
        assert_eq!(h("content-length"), Some(r.body.len().to_string().into_bytes()));
        assert_eq!(&wire[head..], &r.body[..], "the body follows the head, whole");
    }

    #[test]
    fn a_profile_without_token_is_refused() {
        let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).expect("fixtures load");
        let mut p = profile();
        if let Some(h) = p.huawei.as_mut() {
            h.token = None;
        }
        let err = BenchRequest::documented(&contracts, &p).expect_err("no token");
        assert!(err.contains("token"), "{err}");
    }
}
