//! Item 6: bad input never crashes the stub and never gets a 5xx that was not asked for:
//! malformed JSON, wrong types, missing or extra members, a 10 MiB body (413), an unknown path
//! (404), a wrong method (405), garbage bytes — each a clear 4xx in the vendor's shape.

use serde_json::{Value, json};

use crate::common::{Ctx, h, json_ct, start};

fn all_paths(ctx: &Ctx) -> Vec<(String, Vec<(String, String)>)> {
    let token = h("X-Auth-Token", ctx.seed().huawei.token.0.clone());
    vec![
        (ctx.apig_path(), vec![token.clone(), h("Content-Type", "application/json")]),
        (ctx.cph_path(), vec![token, h("Content-Type", "application/json")]),
        (ctx.action_path(), vec![ctx.hostway_auth()]),
        (ctx.add_path(), vec![ctx.owner(), json_ct()]),
        (ctx.update_path(&ctx.seed().orders.service_id), vec![ctx.owner(), json_ct()]),
    ]
}

fn method_of(path: &str) -> &'static str {
    if path.ends_with("/services") || path.contains("/v") || path.ends_with("/action") { "POST" } else { "PUT" }
}

#[tokio::test]
async fn malformed_bodies_are_4xx_in_the_vendor_shape() {
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
    for (path, headers) in all_paths(&ctx) {
        let method = method_of(&path);
        for b in &bodies {
            let r = ctx.send(method, &path, &headers, Some(b.clone())).await;
            assert_eq!(r.status, 400, "{method} {path} {:?}: {}", String::from_utf8_lossy(b), r.text());
            let v: Value = r.json();
            let huawei = path.starts_with("/v");
            assert!(
                if huawei {
                    v["error_code"].is_string() && v["error_msg"].is_string()
                } else {
                    v["badRequest"].is_object()
                },
                "{v}"
            );
        }
    }
}

#[tokio::test]
async fn missing_and_extra_members() {
    let ctx = start().await;
    let token = ctx.token();
    // CPH: each required member missing → 400; the 65-byte model name → 400.
    for missing in ["server_id", "server_model_name", "phone_model_name"] {
        let mut body = ctx.expanded(crate::exchanges::CPH, "change-flavor");
        body.as_object_mut().expect("object").remove(missing);
        let r = ctx.huawei(&ctx.cph_path(), &token, body.to_string().as_bytes(), &[]).await;
        assert_eq!(r.status, 400, "{missing}");
    }
    let mut long = ctx.expanded(crate::exchanges::CPH, "change-flavor");
    long["server_model_name"] = json!("x".repeat(65));
    assert_eq!(ctx.huawei(&ctx.cph_path(), &token, long.to_string().as_bytes(), &[]).await.status, 400);
    // 64 bytes is fine; 22 three-byte characters (66 bytes, 22 characters) is not.
    long["server_model_name"] = json!("x".repeat(64));
    assert_eq!(ctx.huawei(&ctx.cph_path(), &token, long.to_string().as_bytes(), &[]).await.status, 200);
    long["server_model_name"] = json!("€".repeat(22));
    assert_eq!(ctx.huawei(&ctx.cph_path(), &token, long.to_string().as_bytes(), &[]).await.status, 400);
    long["server_model_name"] = json!("x");
    long["extend_param"] = json!({ "is_auto_pay": 2 });
    assert_eq!(ctx.huawei(&ctx.cph_path(), &token, long.to_string().as_bytes(), &[]).await.status, 400);
    // Unknown CPH server: 404, not 5xx.
    long["extend_param"] = json!({ "is_auto_pay": 0 });
    long["server_id"] = json!("ffffffffffffffffffffffffffffffff");
    assert_eq!(ctx.huawei(&ctx.cph_path(), &token, long.to_string().as_bytes(), &[]).await.status, 404);
    // Extra members: the schemas allow them (errata add-related-to-vs-associated-to,
    // update-associated-to-vs-related-to), so they are accepted, never a 5xx.
    let extra = json!({ "spec_id": "PROFESSIONAL", "unexpected": { "deep": [1, 2] } });
    assert_eq!(ctx.huawei(&ctx.apig_path(), &token, extra.to_string().as_bytes(), &[]).await.status, 202);
    let extra = json!({ "name": "n", "billingCycle": 12, "relatedTo": [], "zzz": true });
    assert_eq!(ctx.update(&ctx.seed().orders.service_id, &extra).await.status, 204);
    // Unknown APIG gateway: 404 in the Huawei shape.
    let path = format!("/v2/{}/apigw/instances/{}/postpaid-resize", ctx.seed().huawei.project_id, "0".repeat(32));
    let r = ctx.huawei(&path, &token, b"{}", &[]).await;
    assert_eq!(r.status, 404);
    assert!(r.json()["error_code"].is_string());
}

#[tokio::test]
async fn ten_mib_body_is_413_not_buffered_into_a_5xx() {
    let ctx = start().await;
    let big = vec![b'{'; 10 * 1024 * 1024];
    for (path, headers) in all_paths(&ctx) {
        let r = ctx.send(method_of(&path), &path, &headers, Some(big.clone())).await;
        assert_eq!(r.status, 413, "{path}: {}", r.text());
        assert!(r.json().is_object());
    }
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods() {
    let ctx = start().await;
    for path in [
        "/",
        "/nope",
        "/v2/x/apigw",
        "/orders",
        "/accounts/a/products/p/services/s",
        "/v1//cloud-phone/servers/change-server-model",
        "/%ff%fe",
    ] {
        let r = ctx.send("POST", path, &[], Some(b"{}".to_vec())).await;
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert!(r.json().is_object(), "{path}");
    }
    for (path, _) in all_paths(&ctx) {
        for m in ["GET", "DELETE", "PATCH", if method_of(&path) == "PUT" { "POST" } else { "PUT" }] {
            let r = ctx.send(m, &path, &[], None).await;
            assert_eq!(r.status, 405, "{m} {path}");
            assert_eq!(r.header("allow").as_deref(), Some(method_of(&path)));
        }
    }
    // The trailing slash of the action's documented self-link reaches the same operation.
    let r = ctx
        .send("POST", &format!("{}/", ctx.action_path()), &[ctx.hostway_auth()], Some(br#"{"action":"cost"}"#.to_vec()))
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn garbage_headers_do_not_break_it() {
    let ctx = start().await;
    let body = ctx.expanded(crate::exchanges::APIG, "resize-to-professional").to_string().into_bytes();
    let odd = [
        h("Authorization", "SDK-HMAC-SHA256 Access=, SignedHeaders=, Signature="),
        h("Authorization", "SDK-HMAC-SHA256 Access=STUBAKPERMITTED00001, SignedHeaders=x-nope, Signature=00"),
        h("X-Sdk-Date", "yesterday"),
        h("Cookie", ";;;=;OwnerId"),
        h("X-Auth-Token", ""),
    ];
    for hd in odd {
        let r = ctx.huawei(&ctx.apig_path(), &crate::common::HwAuth::None, &body, std::slice::from_ref(&hd)).await;
        assert_eq!(r.status, 401, "{hd:?}: {}", r.text());
        let r = ctx.send("POST", &ctx.add_path(), std::slice::from_ref(&hd), Some(body.clone())).await;
        assert!((400..500).contains(&r.status), "{hd:?}: {}", r.status);
    }
}
