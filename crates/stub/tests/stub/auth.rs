//! Item 2: auth as each vendor documents it. Huawei token and AK/SK signing (good, wrong
//! signature, unknown AK, stale date, forbidden AK, project id header) on both operations;
//! the Hostway `Authorization` header; the order builder's `OwnerId` cookie.

use serde_json::json;

use crate::common::{HwAuth, h, json_ct, params, start};
use crate::exchanges::{APIG, CPH};

#[tokio::test]
async fn huawei_token_and_signature_on_both_operations() {
    let ctx = start().await;
    let hw = ctx.seed().huawei.clone();
    let apig_body = ctx.expanded(APIG, "resize-to-professional").to_string().into_bytes();
    let cph_body = ctx.expanded(CPH, "change-flavor").to_string().into_bytes();
    let targets = [(APIG, ctx.apig_path(), apig_body, "accepted", 202), (CPH, ctx.cph_path(), cph_body, "ok", 200)];
    for (op, path, body, ok, ok_status) in &targets {
        let p = if *op == APIG {
            params(&[("project_id", &hw.project_id), ("instance_id", &hw.apig_instance_id)])
        } else {
            params(&[("project_id", &hw.project_id)])
        };
        let req: serde_json::Value = serde_json::from_slice(body).expect("json");
        for auth in [ctx.token(), ctx.signed()] {
            let r = ctx.huawei(path, &auth, body, &[]).await;
            assert_eq!(r.status, *ok_status, "{op} {auth:?}: {}", r.text());
            ctx.assert_example(op, ok, &r, path, &p, Some(&req));
        }
        let unknown_ak = HwAuth::Signed { ak: "NOSUCHAK".into(), sk: hw.sk.0.clone(), skew: 0 };
        let wrong_sk = HwAuth::Signed { ak: hw.ak.0.clone(), sk: "wrong-secret".into(), skew: 0 };
        let stale = HwAuth::Signed { ak: hw.ak.0.clone(), sk: hw.sk.0.clone(), skew: -3600 };
        let future = HwAuth::Signed { ak: hw.ak.0.clone(), sk: hw.sk.0.clone(), skew: 3600 };
        let flipped = HwAuth::BadSignature { ak: hw.ak.0.clone(), sk: hw.sk.0.clone() };
        let cases = [HwAuth::None, HwAuth::Token("bad-token".into()), unknown_ak, wrong_sk, stale, future, flipped];
        for auth in &cases {
            let r = ctx.huawei(path, auth, body, &[]).await;
            ctx.assert_example(op, "unauthorized", &r, path, &p, None);
        }
        let malformed = [h("Authorization", "SDK-HMAC-SHA256 garbage"), h("Authorization", "Basic abc")];
        for bad in malformed {
            let r = ctx.huawei(path, &HwAuth::None, body, &[bad]).await;
            ctx.assert_example(op, "unauthorized", &r, path, &p, None);
        }
        let forbidden_ak = HwAuth::Signed { ak: hw.forbidden_ak.0.clone(), sk: hw.forbidden_sk.0.clone(), skew: 0 };
        for auth in [HwAuth::Token(hw.forbidden_token.0.clone()), forbidden_ak] {
            let r = ctx.huawei(path, &auth, body, &[]).await;
            ctx.assert_example(op, "forbidden", &r, path, &p, None);
        }
        // The project id may also come in X-Project-Id: the same one is fine, another is 403.
        let same = h("X-Project-Id", hw.project_id.clone());
        for auth in [ctx.token(), ctx.signed()] {
            let r = ctx.huawei(path, &auth, body, std::slice::from_ref(&same)).await;
            assert_eq!(r.status, *ok_status, "{op} with X-Project-Id: {}", r.text());
        }
        let other = h("X-Project-Id", "ffffffffffffffffffffffffffffffff");
        let r = ctx.huawei(path, &ctx.signed(), body, &[other]).await;
        ctx.assert_example(op, "forbidden", &r, path, &p, None);
    }
}

#[tokio::test]
async fn huawei_unknown_project_in_path_is_forbidden() {
    let ctx = start().await;
    let path = format!("/v1/{}/cloud-phone/servers/change-server-model", "0000000000000000000000000000000f");
    let body = ctx.expanded(CPH, "change-flavor").to_string().into_bytes();
    let r = ctx.huawei(&path, &ctx.token(), &body, &[]).await;
    assert_eq!(r.status, 403, "{}", r.text());
}

#[tokio::test]
async fn hostway_authorization_header() {
    let ctx = start().await;
    let body = ctx.expanded(crate::exchanges::ACTION, "validate").to_string().into_bytes();
    let path = ctx.action_path();
    let ok = ctx.send("POST", &path, &[ctx.hostway_auth()], Some(body.clone())).await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    for headers in [vec![], vec![h("Authorization", "Basic d3Jvbmc6d3Jvbmc=")], vec![h("Authorization", "")]] {
        let r = ctx.send("POST", &path, &headers, Some(body.clone())).await;
        assert_eq!(r.status, 401, "{headers:?}: {}", r.text());
        assert!(r.json()["unauthorized"]["message"].is_string(), "Hostway envelope: {}", r.text());
    }
}

#[tokio::test]
async fn owner_cookie_401_and_403_on_both_order_operations() {
    let ctx = start().await;
    let add = json!({ "name": "n", "serviceSpecification": "https://api.hostway.com/serviceSpecifications/1001", "billingCycle": 1 });
    let upd = json!({ "name": "n", "billingCycle": 12 });
    let seeded = ctx.update_path(&ctx.seed().orders.service_id);
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
        let mixed = h("Cookie", format!("a=b; OwnerId={}; c=d", ctx.seed().orders.owner_id.0));
        let r = ctx.send(method, path, &[json_ct(), mixed], raw).await;
        assert_eq!(r.status, *ok, "{}", r.text());
    }
}

#[tokio::test]
async fn an_owner_of_another_order_is_forbidden() {
    let ctx = start().await;
    let seed = json!({
        "owners": { "other-owner": "permitted" },
        "orders": [{ "order_id": "other-order", "owner_id": "other-owner", "account_id": "100001", "products": ["p1"] }]
    });
    let r = ctx.send("POST", "/__stub/seed", &[], Some(seed.to_string().into_bytes())).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let body = json!({ "name": "n", "serviceSpecification": "s", "billingCycle": 1 }).to_string().into_bytes();
    let theirs = ctx
        .send("POST", "/orders/other-order/account/products/p1/services", &[ctx.owner(), json_ct()], Some(body.clone()))
        .await;
    assert_eq!(theirs.status, 403, "{}", theirs.text());
    let own = h("Cookie", "OwnerId=other-owner");
    let r = ctx.send("POST", "/orders/other-order/account/products/p1/services", &[own, json_ct()], Some(body)).await;
    assert_eq!(r.status, 201, "{}", r.text());
}
