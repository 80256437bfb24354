//! The variations: each changes the wire answer as it says, on the standalone hyper adapter
//! (the one that shows all of them), read as raw bytes so framing and header spelling are
//! visible; the correct stub shows none of them. Also: the mode is chosen in `StubConfig` or
//! switched through the admin API's `mode`.

use conformance_stub::{ServeHandle, StubConfig, serve};
use serde_json::{Value, json};

use crate::common::{Ctx, start_with};
use crate::exchanges::{Exchange, documented};
use crate::wire::{Wire, fingerprint, send_raw, send_watching};

fn config(variation: Option<&str>) -> StubConfig {
    StubConfig::deterministic().with_variation(variation.map(String::from))
}

/// A standalone stub showing `variation`, and the exchanges for its profile.
async fn stub(variation: Option<&str>) -> (ServeHandle, Ctx) {
    let handle = serve(config(variation), "127.0.0.1:0".parse().expect("addr")).await.expect("serves");
    (handle, start_with(config(variation)).await)
}

fn find(ctx: &Ctx, name: &str) -> Exchange {
    let all = crate::probes::generic(ctx, &documented(ctx));
    all.into_iter().find(|x| x.name == name).unwrap_or_else(|| panic!("no exchange {name}"))
}

/// The answer to the exchange `name` from a stub showing `variation` (watched for a close).
async fn answer(variation: Option<&str>, name: &str) -> Wire {
    let (handle, ctx) = stub(variation).await;
    let wire = send_watching(handle.local_addr(), &find(&ctx, name)).await;
    handle.shutdown().await;
    wire
}

fn amount(v: &Value, fee: &str) -> f64 {
    v[fee]["amount"].as_str().unwrap_or_else(|| panic!("{fee} amount is a string: {v}")).parse().expect("decimal")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_correct_stub_shows_no_variation() {
    let cost = answer(None, "action-cost-fees").await;
    assert!(cost.names().contains(&"Content-Type"), "Title-Case by default: {}", cost.head);
    assert!(cost.header("content-length").is_some() && cost.header("transfer-encoding").is_none(), "{}", cost.head);
    assert_eq!(cost.header("content-type"), Some("application/json"));
    assert!(!cost.closed, "keep-alive by default");
    for absent in ["connection", "x-request-id", "server", "cache-control"] {
        assert!(cost.header(absent).is_none(), "{absent}: {}", cost.head);
    }
    assert!(cost.text().starts_with("{\"links\""), "{}", cost.text());
    assert_eq!(cost.json()["total"], json!({ "currency": "USD", "amount": "19.90" }));
    let add = answer(None, "add-service").await;
    assert!(add.header("location").is_some_and(|l| l.starts_with("http://")), "{}", add.head);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extra_members_appear_where_each_variation_says() {
    let e = answer(Some("error-extra-member"), "apig-unauthorized").await.json();
    assert_eq!(e["error_code"], "APIC.7102");
    assert!(e["trace_id"].as_str().is_some_and(|r| r.len() == 32), "{e}");
    let cph = answer(Some("error-extra-member"), "cph-unauthorized").await.json();
    assert!(cph["trace_id"].is_string(), "{cph}");
    let envelope = answer(Some("error-extra-member"), "update-not-found").await.json();
    assert!(envelope["itemNotFound"].get("trace_id").is_none() && envelope.get("trace_id").is_none(), "{envelope}");

    let f = answer(Some("error-envelope-extra-member"), "update-not-found").await.json();
    assert_eq!(f["itemNotFound"]["message"], "Resource not found");
    assert!(f["itemNotFound"]["traceId"].is_string(), "{f}");
    assert_eq!(f.as_object().map(|o| o.len()), Some(1), "the envelope keeps one member: {f}");

    let s = answer(Some("success-extra-members"), "action-cost-fees").await.json();
    assert!(s["requestRef"].is_string(), "{s}");
    assert!(s["total"]["note"].is_string() && s["links"][0]["note"].is_string(), "{s}");
    assert_eq!(s["total"]["amount"], "19.90");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_fees_keep_the_relations() {
    for (v, currency) in [("hostway-actions:other-amounts", "USD"), ("hostway-actions:other-currency", "EUR")] {
        let c = answer(Some(v), "action-cost-fees").await.json();
        assert_ne!(c["total"]["amount"], "19.90", "{v}: other amounts: {c}");
        let sum = amount(&c, "subTotal") + amount(&c, "taxes");
        assert!((amount(&c, "total") - sum).abs() < 1e-9, "{v}: total = subTotal + taxes: {c}");
        for fee in ["oneTimeFee", "taxes", "total", "subTotal"] {
            let cur = c[fee]["currency"].as_str();
            assert!(cur.is_none() || cur == Some(currency), "{v}: one currency: {c}");
        }
        assert_eq!(c["total"]["currency"], currency);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_resource_ids_change_the_profile_and_the_links() {
    let (handle, ctx) = stub(Some("other-resource-ids")).await;
    let correct = start_with(StubConfig::deterministic()).await;
    let p = handle.profile();
    for key in ["hostway.account_id", "hostway-orders.order_id", "huawei.apig.instance_id"] {
        assert_ne!(p.get(key), correct.profile.get(key), "{key} differs");
    }
    let cost = send_raw(handle.local_addr(), &find(&ctx, "action-cost-fees")).await.json();
    let href = cost["links"][0]["href"].as_str().expect("href");
    assert!(href.contains(&format!("/accounts/{}/", ctx.value("hostway.account_id"))), "{href}");
    let apig = send_raw(handle.local_addr(), &find(&ctx, "apig-accepted")).await;
    assert_eq!(apig.status(), 202, "{}", apig.text());
    assert_eq!(apig.json()["instance_id"], ctx.value("huawei.apig.instance_id").as_str());
    for name in ["update-service", "add-service", "action-change", "cph-ok"] {
        let r = send_raw(handle.local_addr(), &find(&ctx, name)).await;
        assert!((200..300).contains(&r.status()), "{name} on the other ids: {}", r.text());
    }
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn layout_and_order_change_but_not_the_values() {
    let correct = answer(None, "action-cost-fees").await.json();
    let r = answer(Some("members-reordered"), "action-cost-fees").await;
    assert!(r.text().starts_with("{\"subTotal\""), "{}", r.text());
    assert!(r.text().contains("{\"amount\":\"19.90\",\"currency\":\"USD\"}"), "{}", r.text());
    let p = answer(Some("pretty-json"), "action-cost-fees").await;
    assert!(p.text().contains("\n  \"links\": ["), "{}", p.text());
    let (mut a, mut b, mut c) = (correct.clone(), r.json(), p.json());
    for v in [&mut a, &mut b, &mut c] {
        v["links"][0]["href"] = Value::Null;
    }
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_and_framing_vary_as_described() {
    let ct = answer(Some("content-type-charset"), "cph-ok").await;
    assert_eq!(ct.header("content-type"), Some("application/json;charset=UTF-8"), "{}", ct.head);

    let lower = answer(Some("lowercase-header-names"), "cph-ok").await;
    let names = lower.names();
    assert!(names.contains(&"content-type") && names.iter().all(|n| *n == n.to_ascii_lowercase()), "{names:?}");

    let chunked = answer(Some("chunked"), "action-cost-fees").await;
    assert_eq!(chunked.header("transfer-encoding"), Some("chunked"), "{}", chunked.head);
    assert!(chunked.header("content-length").is_none(), "{}", chunked.head);
    assert_eq!(chunked.json()["total"]["amount"], "19.90");

    let close = answer(Some("connection-close"), "apig-accepted").await;
    assert_eq!(close.header("connection"), Some("close"), "{}", close.head);
    assert!(close.closed, "the server closes the connection after the answer");

    let extra = answer(Some("extra-headers"), "update-service").await;
    assert_eq!(extra.status(), 204);
    assert!(extra.header("x-request-id").is_some_and(|v| !v.is_empty()), "{}", extra.head);
    assert_eq!(extra.header("cache-control"), Some("no-store"));
    assert!(extra.header("server").is_some_and(|s| s.starts_with("Apache/")), "{}", extra.head);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_401_location_and_self_links() {
    let html = answer(Some("html-401"), "update-unauthorized").await;
    assert_eq!(html.status(), 401);
    assert!(html.header("content-type").is_some_and(|c| c.starts_with("text/html")), "{}", html.head);
    let text = html.text();
    assert!(text.contains("<title>401 Unauthorized</title>"), "{text}");
    assert!(
        text.contains("This server could not verify that you are authorized to access the document you requested."),
        "{text}"
    );
    let json_401 = answer(Some("html-401"), "apig-unauthorized").await;
    assert_eq!(json_401.header("content-type"), Some("application/json"), "a JSON 401 stays JSON");

    let add = answer(Some("relative-location"), "add-service").await;
    assert_eq!(add.status(), 201);
    assert!(add.header("location").is_some_and(|l| l.starts_with("/orders/")), "{}", add.head);

    let cost = answer(Some("self-link-other-origin"), "action-cost-fees").await.json();
    let href = cost["links"][0]["href"].as_str().expect("href");
    assert!(
        href.starts_with("https://api.example.net/accounts/100001/products/200001/services/300001/action"),
        "{href}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_api_switches_the_mode() {
    let (handle, ctx) = stub(None).await;
    let c = crate::common::client();
    let mode = format!("{}/__stub/mode", handle.base_url());
    let got: Value = c.get(&mode).send().await.expect("GET").json().await.expect("JSON");
    assert_eq!(got["mutation"], Value::Null);
    assert_eq!(got["variations"].as_array().map(Vec::len), Some(handle.core().modes().variations.len()));
    assert_eq!(got["mutations"].as_array().map(Vec::len), Some(handle.core().modes().mutations.len()));
    assert!(got["variations"].as_array().is_some_and(|v| v.iter().any(|x| x["at_start_only"] == true)), "{got}");

    let post = |body: Value| c.post(&mode).json(&body).send();
    assert_eq!(post(json!({ "variation": "pretty-json" })).await.expect("POST").status(), 204);
    let cost = send_raw(handle.local_addr(), &find(&ctx, "action-cost-fees")).await;
    assert!(cost.text().contains("\n  "), "pretty now: {}", cost.text());
    let got: Value = c.get(&mode).send().await.expect("GET").json().await.expect("JSON");
    assert_eq!(got["variation"], "pretty-json");
    assert!(
        !c.get(&mode).send().await.expect("GET").text().await.expect("text").contains("\n  "),
        "admin answers are never varied"
    );
    assert_eq!(
        post(json!({ "mutation": "huawei-apig/postpaid-resize:success-status" })).await.expect("POST").status(),
        204
    );
    let apig = send_raw(handle.local_addr(), &find(&ctx, "apig-accepted")).await;
    assert_eq!(apig.status(), 200, "the mutation shows");

    let bad = post(json!({ "variation": "nope" })).await.expect("POST");
    assert_eq!(bad.status(), 400);
    let text = bad.text().await.expect("text");
    assert!(text.contains("unknown variation `nope`") && text.contains("pretty-json"), "lists the known ones: {text}");
    let at_start = post(json!({ "variation": "other-resource-ids" })).await.expect("POST");
    assert_eq!(at_start.status(), 400, "other-resource-ids changes the profile: only at start");
    assert_eq!(post(json!({ "colour": "red" })).await.expect("POST").status(), 400);

    assert_eq!(c.delete(&mode).send().await.expect("DELETE").status(), 204);
    assert_eq!(send_raw(handle.local_addr(), &find(&ctx, "apig-accepted")).await.status(), 202);
    assert_eq!(handle.core().variation(), None);
    handle.shutdown().await;
}

/// Guards the list: every variation, present and future, changes at least one of a few probes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_variation_is_visible_on_the_wire() {
    const PROBES: [&str; 7] = [
        "apig-unauthorized",
        "update-not-found",
        "action-cost-fees",
        "add-service",
        "update-unauthorized",
        // Before any change of the gateway: a change to the specification it has.
        "postpaid-resize:change-to-current",
        "apig-accepted",
    ];
    async fn prints(variation: Option<&str>) -> Vec<String> {
        let (handle, ctx) = stub(variation).await;
        let mut out = Vec::new();
        for name in PROBES {
            out.push(fingerprint(&send_raw(handle.local_addr(), &find(&ctx, name)).await));
        }
        handle.shutdown().await;
        out
    }
    let correct = prints(None).await;
    assert_eq!(correct, prints(None).await, "the fingerprints are stable for the correct stub");
    let variations = conformance_stub::modes(
        &conformance_contract::Contracts::load(conformance_contract::default_fixtures_dir()).expect("load"),
    )
    .expect("modes")
    .variations;
    assert!(variations.len() >= 16, "{} variations", variations.len());
    for v in &variations {
        let got = prints(Some(&v.name)).await;
        let changed: Vec<&str> =
            PROBES.iter().zip(correct.iter().zip(&got)).filter(|(_, (a, b))| a != b).map(|(p, _)| *p).collect();
        assert!(!changed.is_empty(), "variation {} changes none of the probes", v.name);
    }
}
