//! The auth scheme kinds the five operations do not use, on the fictional sixth operation:
//! `http-basic` (the base64 of a user name and its password; a wrong password, another scheme
//! word or a value that does not decode is a 401; a forbidden user a 403) and `api-key` in the
//! query under a template (the key outside its template is a 401).

use conformance_stub::StubConfig;
use serde_json::{Value, json};

use crate::common::{Ctx, h, start_with};
use crate::sixth::{NIMBUS, fixture, fixtures_with_sixth};

/// The stub serving the sixth operation with `scheme` and `credentials` (secret keys of the
/// stub's values `values`).
async fn serving(scheme: Value, credentials: &[(&str, &str)]) -> (Ctx, std::path::PathBuf) {
    let dir = fixtures_with_sixth();
    let mut f = fixture();
    f["auth"]["scheme"] = scheme;
    f["auth"]["credentials"] = credentials
        .iter()
        .map(|(slot, _)| (slot.to_string(), json!(format!("nimbus-ocean.{slot}"))))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let profile = f["profile"].as_array_mut().expect("a profile");
    profile.retain(|k| k["key"] != "nimbus-ocean.token");
    for (slot, value) in credentials {
        profile.push(json!({ "key": format!("nimbus-ocean.{slot}"), "type": "string", "secret": true, "description": slot, "stub": value }));
    }
    std::fs::write(dir.join("nimbus-ocean/resize-volume.json"), f.to_string()).expect("fixture written");
    (start_with(StubConfig { fixtures_dir: dir.clone(), ..StubConfig::deterministic() }).await, dir)
}

fn body() -> Option<Vec<u8>> {
    Some(br#"{"size_gb": 200}"#.to_vec())
}

#[tokio::test]
async fn http_basic_takes_a_known_user_and_its_password() {
    let creds =
        [("username", "ann"), ("password", "pa:ss"), ("forbidden_username", "bob"), ("forbidden_password", "b")];
    let (ctx, dir) = serving(json!("http-basic"), &creds).await;
    let path = ctx.path(NIMBUS, &[]);
    let json_ct = h("Content-Type", "application/json");
    for (authorization, want) in [
        (conformance_contract::basic("ann", "pa:ss"), 202),
        (conformance_contract::basic("ann", "wrong"), 401),
        (conformance_contract::basic("bob", "b"), 403),
        (conformance_contract::basic("bob", "pa:ss"), 401),
        ("Bearer ann".to_string(), 401),
        ("Basic !!!".to_string(), 401),
    ] {
        let r = ctx.send("POST", &path, &[h("Authorization", authorization.clone()), json_ct.clone()], body()).await;
        assert_eq!(r.status, want, "{authorization}: {}", r.text());
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn an_api_key_in_the_query_is_read_in_its_template() {
    let scheme = json!({ "kind": "api-key", "in": "query", "name": "access", "template": "k-{}" });
    let (ctx, dir) = serving(scheme, &[("key", "s3cr3t+/")]).await;
    let path = ctx.path(NIMBUS, &[]);
    let json_ct = h("Content-Type", "application/json");
    for (query, want) in
        [("access=k-s3cr3t%2B%2F", 202), ("access=s3cr3t%2B%2F", 401), ("other=k-s3cr3t%2B%2F", 401), ("", 401)]
    {
        let r = ctx.send("POST", &format!("{path}?{query}"), std::slice::from_ref(&json_ct), body()).await;
        assert_eq!(r.status, want, "{query}: {}", r.text());
    }
    let _ = std::fs::remove_dir_all(dir);
}
