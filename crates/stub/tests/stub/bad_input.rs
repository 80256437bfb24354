//! Bad input never crashes the stub and never gets a 5xx that was not asked for: malformed JSON,
//! wrong types, missing or extra members, a 10 MiB body (413), an unknown path (404), a wrong
//! method (405 with `Allow`), garbage bytes and headers — each a clear 4xx in the operation's
//! error shape (for a path no operation has: the shape of the closest route under a vendor's base
//! path, else a neutral `{"error": …}`).

use serde_json::{Value, json};

use crate::common::{ACTION, ADD, APIG, CPH, Ctx, UPDATE, h, json_ct, start};

/// An operation, its path, its method and valid credentials.
type Target = (&'static str, String, &'static str, Vec<(String, String)>);

/// Every operation's path, method and valid credentials.
fn all_paths(ctx: &Ctx) -> Vec<Target> {
    let token = h("X-Auth-Token", ctx.value("huawei.token"));
    vec![
        (APIG, ctx.path(APIG, &[]), "POST", vec![token.clone(), h("Content-Type", "application/json")]),
        (CPH, ctx.path(CPH, &[]), "POST", vec![token, h("Content-Type", "application/json")]),
        (ACTION, ctx.action_path(), "POST", vec![ctx.hostway_auth()]),
        (ADD, ctx.add_path(), "POST", vec![ctx.owner(), json_ct()]),
        (UPDATE, ctx.update_path(&ctx.seeded_service()), "PUT", vec![ctx.owner(), json_ct()]),
    ]
}

fn in_vendor_shape(op: &str, v: &Value) -> bool {
    if op.starts_with("huawei") {
        v["error_code"].is_string() && v["error_msg"].is_string()
    } else {
        v.as_object()
            .is_some_and(|o| o.len() == 1 && o.values().all(|f| f["code"].is_number() && f["guid"].is_string()))
    }
}

#[tokio::test]
async fn malformed_bodies_are_400_in_the_vendor_shape() {
    let ctx = start().await;
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let bodies: Vec<Vec<u8>> = vec![
        b"{".to_vec(),
        b"{\"a\":}".to_vec(),
        b"".to_vec(),
        b"[]".to_vec(),
        b"42".to_vec(),
        b"\xff\xfe\x00".to_vec(),
        br#"{"spec_id": 5, "server_id": [], "server_model_name": {}, "billingCycle": {}, "name": [], "action": null}"#
            .to_vec(),
        garbage,
    ];
    for (op, path, method, headers) in all_paths(&ctx) {
        for b in &bodies {
            let r = ctx.send(method, &path, &headers, Some(b.clone())).await;
            assert_eq!(r.status, 400, "{method} {path} {:?}: {}", String::from_utf8_lossy(b), r.text());
            assert!(in_vendor_shape(op, &r.json()), "{op}: {}", r.text());
        }
    }
}

#[tokio::test]
async fn missing_and_extra_members() {
    let ctx = start().await;
    let token = ctx.token();
    let cph = ctx.path(CPH, &[]);
    for missing in ["server_id", "server_model_name", "phone_model_name"] {
        let mut body = ctx.body(CPH, "change-flavor");
        body.as_object_mut().expect("object").remove(missing);
        let r = ctx.huawei(&cph, &token, body.to_string().as_bytes(), &[]).await;
        assert_eq!(r.status, 400, "{missing}");
        assert!(
            r.json()["error_msg"].as_str().is_some_and(|m| m.starts_with("Invalid request body: ")),
            "{}",
            r.text()
        );
    }
    let mut long = ctx.body(CPH, "change-flavor");
    long["server_model_name"] = json!("x".repeat(65));
    assert_eq!(ctx.huawei(&cph, &token, long.to_string().as_bytes(), &[]).await.status, 400);
    // 64 bytes is fine; 22 three-byte characters (66 bytes, 22 characters) is not.
    long["server_model_name"] = json!("x".repeat(64));
    assert_eq!(ctx.huawei(&cph, &token, long.to_string().as_bytes(), &[]).await.status, 200);
    long["server_model_name"] = json!("€".repeat(22));
    assert_eq!(ctx.huawei(&cph, &token, long.to_string().as_bytes(), &[]).await.status, 400);
    long["server_model_name"] = json!("x");
    long["extend_param"] = json!({ "is_auto_pay": 2 });
    assert_eq!(ctx.huawei(&cph, &token, long.to_string().as_bytes(), &[]).await.status, 400);
    // An unknown cloud phone server (named by the body): 404 naming it, not 5xx.
    long["extend_param"] = json!({ "is_auto_pay": 0 });
    long["server_id"] = json!("ffffffffffffffffffffffffffffffff");
    let r = ctx.huawei(&cph, &token, long.to_string().as_bytes(), &[]).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error_msg"], "The cloud phone server ffffffffffffffffffffffffffffffff does not exist");
    // Extra members: the schemas allow them, so they are accepted, never a 5xx.
    let extra = json!({ "spec_id": "PROFESSIONAL", "unexpected": { "deep": [1, 2] } });
    assert_eq!(ctx.huawei(&ctx.path(APIG, &[]), &token, extra.to_string().as_bytes(), &[]).await.status, 202);
    let extra = json!({ "name": "n", "billingCycle": 12, "relatedTo": [], "zzz": true });
    assert_eq!(ctx.update(&ctx.seeded_service(), &extra).await.status, 204);
    // An unknown gateway: 404 in the Huawei shape, naming it.
    let path = ctx.path(APIG, &[("instance_id", &"0".repeat(32))]);
    let r = ctx.huawei(&path, &token, b"{}", &[]).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["error_code"], "APIG.3030");
    assert!(r.json()["error_msg"].as_str().is_some_and(|m| m.contains(&"0".repeat(32))));
}

#[tokio::test]
async fn ten_mib_body_is_413_not_buffered_into_a_5xx() {
    let ctx = start().await;
    let big = vec![b'{'; 10 * 1024 * 1024];
    for (op, path, method, headers) in all_paths(&ctx) {
        let r = ctx.send(method, &path, &headers, Some(big.clone())).await;
        assert_eq!(r.status, 413, "{path}: {}", r.text());
        assert!(in_vendor_shape(op, &r.json()), "{op}: {}", r.text());
        assert!(r.text().contains(&(1024 * 1024).to_string()), "names the limit: {}", r.text());
    }
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods() {
    let ctx = start().await;
    // A path under a vendor's base path is answered in that vendor's shape; any other in none.
    let cases = [
        ("/", None),
        ("/nope", None),
        ("/v2/x/apigw", Some(APIG)),
        ("/v1/p/cloud-phone", Some(CPH)),
        ("/orders", Some(ADD)),
        ("/accounts/a/products/p/services/s", Some(ACTION)),
        ("/v1//cloud-phone/servers/change-server-model", Some(CPH)),
        ("/%ff%fe", None),
    ];
    for (path, shape) in cases {
        let r = ctx.send("POST", path, &[], Some(b"{}".to_vec())).await;
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        match shape {
            Some(shape) => assert!(in_vendor_shape(shape, &r.json()), "{path} in {shape}'s shape: {}", r.text()),
            None => assert_eq!(r.json(), json!({ "error": "no documented operation has this path" }), "{path}"),
        }
    }
    for (op, path, method, _) in all_paths(&ctx) {
        for m in ["GET", "DELETE", "PATCH", if method == "PUT" { "POST" } else { "PUT" }] {
            let r = ctx.send(m, &path, &[], None).await;
            assert_eq!(r.status, 405, "{m} {path}");
            assert_eq!(r.header("allow").as_deref(), Some(method));
            assert!(in_vendor_shape(op, &r.json()), "{op}: {}", r.text());
            assert!(r.text().contains(&format!("Method {m} is not allowed here")), "{}", r.text());
        }
    }
    // The trailing slash of the action's documented self-link reaches the same operation.
    let body = br#"{"action":"cost"}"#.to_vec();
    let r = ctx.send("POST", &format!("{}/", ctx.action_path()), &[ctx.hostway_auth()], Some(body)).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn garbage_headers_do_not_break_it() {
    let ctx = start().await;
    let body = ctx.body(APIG, "resize-to-professional").to_string().into_bytes();
    let odd = [
        h("Authorization", "SDK-HMAC-SHA256 Access=, SignedHeaders=, Signature="),
        h("Authorization", "SDK-HMAC-SHA256 Access=STUBAKPERMITTED00001, SignedHeaders=x-nope, Signature=00"),
        h("X-Sdk-Date", "yesterday"),
        h("Cookie", ";;;=;OwnerId"),
        h("X-Auth-Token", ""),
    ];
    for hd in odd {
        let r = ctx.huawei(&ctx.path(APIG, &[]), &crate::huawei::HwAuth::None, &body, std::slice::from_ref(&hd)).await;
        assert_eq!(r.status, 401, "{hd:?}: {}", r.text());
        let r = ctx.send("POST", &ctx.add_path(), std::slice::from_ref(&hd), Some(body.clone())).await;
        assert!((400..500).contains(&r.status), "{hd:?}: {}", r.status);
    }
}

/// A request made of pieces: methods, paths (documented ones with odd segments, unknown ones,
/// admin ones), headers and bodies, many combinations, straight into the core.
#[test]
fn no_combination_of_bad_pieces_panics_or_gets_a_5xx() {
    let core = conformance_stub::StubCore::new(conformance_stub::StubConfig::deterministic()).expect("core");
    let templates: Vec<String> = core.contracts().operations().iter().map(|o| o.contract().path.clone()).collect();
    let mut paths: Vec<String> = Vec::new();
    for t in &templates {
        for fill in ["x", "%FF", "%2F", "..", "é", "0", "a%20b"] {
            paths.push(t.split('/').map(|s| if s.starts_with('{') { fill } else { s }).collect::<Vec<_>>().join("/"));
        }
    }
    paths.extend(
        ["", "/", "//", "/__stub", "/__stub/", "/__stub/seed", "/__stub/mode", "/__stub/faults", "/%"]
            .map(String::from),
    );
    let bodies: [&[u8]; 6] = [
        b"",
        b"{}",
        b"[",
        b"{\"a\":1}",
        b"\x00\xff",
        br#"{"name":"","billingCycle":-1,"action":"change","size":1e999}"#,
    ];
    let headers = [
        vec![],
        vec![("X-Stub-Fault".to_string(), "999".to_string())],
        vec![
            ("Cookie".to_string(), "OwnerId=".to_string()),
            ("Authorization".to_string(), "SDK-HMAC-SHA256".to_string()),
        ],
        vec![("X-Auth-Token".to_string(), "\u{0}".to_string()), ("Host".to_string(), "é".to_string())],
    ];
    let mut n = 0;
    for path in &paths {
        for method in ["GET", "POST", "PUT", "DELETE", "BREW"] {
            for body in bodies {
                for hs in &headers {
                    let req = conformance_stub::StubRequest {
                        method: method.into(),
                        path: path.clone(),
                        query: "a=%".into(),
                        headers: hs.clone(),
                        body: bytes::Bytes::copy_from_slice(body),
                    };
                    let r = core.handle(&req);
                    assert!(r.status < 500, "{method} {path} {hs:?}: {}", r.status);
                    n += 1;
                }
            }
        }
    }
    assert!(n > 3000, "{n} requests");
}
