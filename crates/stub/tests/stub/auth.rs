//! Authentication per scheme: Huawei IAM token and AK/SK signing (good, wrong signature, wrong
//! secret key, unknown AK, stale and future dates, an AK without permission, the project in the
//! path and in `X-Project-Id`) on both Huawei operations; the Hostway `Authorization` header;
//! the order builder's `OwnerId` cookie, its owner and the owner of the order.

use serde_json::json;

use crate::common::{ADD, APIG, CPH, h, json_ct, start};
use crate::huawei::HwAuth;

#[tokio::test]
async fn huawei_token_and_signature_on_both_operations() {
    let ctx = start().await;
    let seed = json!({ "credentials": [
        { "scheme": "huawei-sdk-hmac", "kind": "ak", "value": "FORBIDDENAK", "paired": "forbidden-sk", "grant": "forbidden" }
    ] });
    let r = ctx.send("POST", "/__stub/seed", &[], Some(seed.to_string().into_bytes())).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let (ak, sk, project) = (ctx.value("huawei.ak"), ctx.value("huawei.sk"), ctx.value("huawei.project_id"));
    let targets = [(APIG, "resize-to-professional", "accepted", 202), (CPH, "change-flavor", "ok", 200)];
    for (op, request, ok, ok_status) in targets {
        let path = ctx.path(op, &[]);
        let req = ctx.body(op, request);
        let body = req.to_string().into_bytes();
        for auth in [ctx.token(), ctx.signed()] {
            let r = ctx.huawei(&path, &auth, &body, &[]).await;
            assert_eq!(r.status, ok_status, "{op} {auth:?}: {}", r.text());
            ctx.assert_example(op, ok, &r, &path, Some(&req));
        }
        let cases = [
            HwAuth::None,
            HwAuth::Token("bad-token".into()),
            HwAuth::Signed { ak: "NOSUCHAK".into(), sk: sk.clone(), skew: 0 },
            HwAuth::Signed { ak: ak.clone(), sk: "wrong-secret".into(), skew: 0 },
            HwAuth::Signed { ak: ak.clone(), sk: sk.clone(), skew: -3600 },
            HwAuth::Signed { ak: ak.clone(), sk: sk.clone(), skew: 3600 },
            HwAuth::BadSignature { ak: ak.clone(), sk: sk.clone() },
        ];
        for auth in &cases {
            let r = ctx.huawei(&path, auth, &body, &[]).await;
            ctx.assert_example(op, "unauthorized", &r, &path, None);
        }
        for bad in [h("Authorization", "SDK-HMAC-SHA256 garbage"), h("Authorization", "Basic abc")] {
            let r = ctx.huawei(&path, &HwAuth::None, &body, &[bad]).await;
            ctx.assert_example(op, "unauthorized", &r, &path, None);
        }
        let forbidden_ak = HwAuth::Signed { ak: "FORBIDDENAK".into(), sk: "forbidden-sk".into(), skew: 0 };
        for auth in [HwAuth::Token(ctx.value("huawei.forbidden_token")), forbidden_ak] {
            let r = ctx.huawei(&path, &auth, &body, &[]).await;
            ctx.assert_example(op, "forbidden", &r, &path, None);
        }
        // The project id may also come in X-Project-Id: the same one is fine, another is 403.
        let same = h("X-Project-Id", project.clone());
        for auth in [ctx.token(), ctx.signed()] {
            let r = ctx.huawei(&path, &auth, &body, std::slice::from_ref(&same)).await;
            assert_eq!(r.status, ok_status, "{op} with X-Project-Id: {}", r.text());
        }
        let other = h("X-Project-Id", "ffffffffffffffffffffffffffffffff");
        let r = ctx.huawei(&path, &ctx.signed(), &body, &[other]).await;
        ctx.assert_example(op, "forbidden", &r, &path, None);
    }
}

#[tokio::test]
async fn huawei_unknown_project_in_path_is_forbidden() {
    let ctx = start().await;
    let path = ctx.path(CPH, &[("project_id", "0000000000000000000000000000000f")]);
    let body = ctx.body(CPH, "change-flavor").to_string().into_bytes();
    let r = ctx.huawei(&path, &ctx.token(), &body, &[]).await;
    assert_eq!(r.status, 403, "{}", r.text());
}

#[tokio::test]
async fn hostway_authorization_header() {
    let ctx = start().await;
    let body = ctx.body(crate::common::ACTION, "validate").to_string().into_bytes();
    let path = ctx.action_path();
    let ok = ctx.send("POST", &path, &[ctx.hostway_auth()], Some(body.clone())).await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    for headers in [vec![], vec![h("Authorization", "Basic d3Jvbmc6d3Jvbmc=")], vec![h("Authorization", "")]] {
        let r = ctx.send("POST", &path, &headers, Some(body.clone())).await;
        assert_eq!(r.status, 401, "{headers:?}: {}", r.text());
        assert!(r.json()["unauthorized"]["message"].is_string(), "Hostway envelope: {}", r.text());
        assert_eq!(r.header("www-authenticate").as_deref(), Some("Basic realm=\"Hostway API\""), "the answer's header");
    }
}

#[tokio::test]
async fn owner_cookie_401_and_403_on_both_order_operations() {
    let ctx = start().await;
    let add = json!({ "name": "n", "serviceSpecification": crate::common::SPEC, "billingCycle": 1 });
    let upd = json!({ "name": "n", "billingCycle": 12 });
    let seeded = ctx.update_path(&ctx.seeded_service());
    let calls = [("POST", ctx.add_path(), add, 201), ("PUT", seeded, upd, 204)];
    let prose = "This server could not verify that you are authorized to access the document you requested.";
    for (method, path, body, ok) in &calls {
        let raw = Some(body.to_string().into_bytes());
        let missing = ctx.send(method, path, &[json_ct()], raw.clone()).await;
        let wrong = ctx.send(method, path, &[json_ct(), h("Cookie", "OwnerId=nobody")], raw.clone()).await;
        let other_cookie = ctx.send(method, path, &[json_ct(), h("Cookie", "Session=x")], raw.clone()).await;
        for r in [&missing, &wrong, &other_cookie] {
            assert_eq!(r.status, 401, "{method} {path}: {}", r.text());
            assert!(r.text().contains(prose), "documented prose: {}", r.text());
        }
        let forbidden = ctx.send(method, path, &[json_ct(), ctx.forbidden_owner()], raw.clone()).await;
        assert_eq!(forbidden.status, 403, "{}", forbidden.text());
        assert_eq!(forbidden.json()["forbidden"]["message"], "Unauthorized: Service failed permission check");
        // Among other cookies, the OwnerId one is found.
        let mixed = h("Cookie", format!("a=b; OwnerId={}; c=d", ctx.value("hostway-orders.owner_id")));
        let r = ctx.send(method, path, &[json_ct(), mixed], raw).await;
        assert_eq!(r.status, *ok, "{}", r.text());
    }
}

#[tokio::test]
async fn an_owner_of_another_order_is_forbidden() {
    let ctx = start().await;
    let seed = json!({
        "credentials": [{ "scheme": { "kind": "api-key", "in": "cookie", "name": "OwnerId" }, "kind": "key", "value": "other-owner" }],
        "resources": [{ "path": "/orders/other-order/account/products/p1", "attributes": { "owner": "other-owner", "account": "100001" } }]
    });
    let r = ctx.send("POST", "/__stub/seed", &[], Some(seed.to_string().into_bytes())).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let path = ctx.path(ADD, &[("orderId", "other-order"), ("productId", "p1")]);
    let body =
        json!({ "name": "n", "serviceSpecification": crate::common::SPEC, "billingCycle": 1 }).to_string().into_bytes();
    let theirs = ctx.send("POST", &path, &[ctx.owner(), json_ct()], Some(body.clone())).await;
    assert_eq!(theirs.status, 403, "{}", theirs.text());
    let own = h("Cookie", "OwnerId=other-owner");
    let r = ctx.send("POST", &path, &[own, json_ct()], Some(body)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(!ctx.state().await.to_string().contains("other-owner"), "a seeded secret stays out of the dump");
}
