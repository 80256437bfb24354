//! The variations: each changes the wire answer as it says, on the standalone hyper adapter
//! (the one that shows all of them), read as raw bytes so framing and header spelling are
//! visible; the correct stub does not show them. Also: the mode is chosen in `StubConfig` or
//! switched through the admin API's `mode`.

use conformance_stub::{Mutation, ServeHandle, StubConfig, Variation, serve};
use serde_json::{Value, json};

use crate::common::{Ctx, start_with};
use crate::exchanges::{Exchange, documented};
use crate::wire::{Wire, fingerprint, send_raw, send_watching};

/// A standalone stub showing `variation`, and the exchanges for its seed.
async fn stub(variation: Option<Variation>) -> (ServeHandle, Ctx) {
    let config = StubConfig::deterministic().with_variation(variation);
    let handle = serve(config.clone(), "127.0.0.1:0".parse().expect("addr")).await.expect("serves");
    (handle, start_with(config).await)
}

fn find(ctx: &Ctx, name: &str) -> Exchange {
    documented(ctx).into_iter().find(|x| x.name == name).unwrap_or_else(|| panic!("no exchange {name}"))
}

/// The answer to the exchange `name` from a stub showing `variation` (watched for a close).
async fn answer(variation: Option<Variation>, name: &str) -> Wire {
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
    let e = answer(Some(Variation::HuaweiErrorRequestId), "apig-unauthorized").await.json();
    assert_eq!(e["error_code"], "APIC.7102");
    assert!(e["request_id"].as_str().is_some_and(|r| r.len() == 32), "{e}");
    let cph = answer(Some(Variation::HuaweiErrorRequestId), "cph-unauthorized").await.json();
    assert!(cph["request_id"].is_string(), "{cph}");

    let f = answer(Some(Variation::HostwayFaultExtraMember), "update-not-found").await.json();
    assert_eq!(f["itemNotFound"]["message"], "Resource not found");
    assert!(f["itemNotFound"]["requestId"].is_string(), "{f}");
    assert_eq!(f.as_object().map(|o| o.len()), Some(1), "the envelope keeps one member: {f}");

    let s = answer(Some(Variation::SuccessExtraMembers), "action-cost-fees").await.json();
    assert!(s["requestId"].is_string(), "{s}");
    assert!(s["total"]["note"].is_string() && s["links"][0]["note"].is_string(), "{s}");
    assert_eq!(s["total"]["amount"], "19.90");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_fees_keep_the_relations() {
    for (v, currency) in [(Variation::OtherAmounts, "USD"), (Variation::OtherCurrency, "EUR")] {
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
    let (handle, ctx) = stub(Some(Variation::OtherResourceIds)).await;
    let correct = StubConfig::deterministic().seed;
    let p = handle.profile();
    let w = p.hostway.as_ref().expect("hostway");
    assert_ne!(w.account_id, correct.hostway.account_id);
    assert_ne!(p.hostway_orders.as_ref().expect("orders").order_id, correct.orders.order_id);
    let cost = send_raw(handle.local_addr(), &find(&ctx, "action-cost-fees")).await.json();
    let href = cost["links"][0]["href"].as_str().expect("href");
    assert!(href.contains(&format!("/accounts/{}/", w.account_id)), "{href}");
    let apig = send_raw(handle.local_addr(), &find(&ctx, "apig-accepted")).await;
    assert_eq!(apig.status(), 202, "{}", apig.text());
    assert_eq!(apig.json()["instance_id"], ctx.seed().huawei.apig_instance_id.as_str());
    assert_ne!(ctx.seed().huawei.apig_instance_id, correct.huawei.apig_instance_id);
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn layout_and_order_change_but_not_the_values() {
    let correct = answer(None, "action-cost-fees").await.json();
    let r = answer(Some(Variation::MembersReordered), "action-cost-fees").await;
    assert!(r.text().starts_with("{\"subTotal\""), "{}", r.text());
    assert!(r.text().contains("{\"amount\":\"19.90\",\"currency\":\"USD\"}"), "{}", r.text());
    let p = answer(Some(Variation::PrettyJson), "action-cost-fees").await;
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
    let ct = answer(Some(Variation::ContentTypeCharset), "cph-ok").await;
    assert_eq!(ct.header("content-type"), Some("application/json;charset=UTF-8"), "{}", ct.head);

    let lower = answer(Some(Variation::LowercaseHeaderNames), "cph-ok").await;
    let names = lower.names();
    assert!(names.contains(&"content-type") && names.iter().all(|n| *n == n.to_ascii_lowercase()), "{names:?}");

    let chunked = answer(Some(Variation::Chunked), "action-cost-fees").await;
    assert_eq!(chunked.header("transfer-encoding"), Some("chunked"), "{}", chunked.head);
    assert!(chunked.header("content-length").is_none(), "{}", chunked.head);
    assert_eq!(chunked.json()["total"]["amount"], "19.90");

    let close = answer(Some(Variation::ConnectionClose), "apig-accepted").await;
    assert_eq!(close.header("connection"), Some("close"), "{}", close.head);
    assert!(close.closed, "the server closes the connection after the answer");

    let extra = answer(Some(Variation::ExtraHeaders), "update-service").await;
    assert_eq!(extra.status(), 204);
    assert!(extra.header("x-request-id").is_some_and(|v| !v.is_empty()), "{}", extra.head);
    assert_eq!(extra.header("cache-control"), Some("no-store"));
    assert!(extra.header("server").is_some_and(|s| s.starts_with("Apache/")), "{}", extra.head);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_401_location_and_self_links() {
    let html = answer(Some(Variation::Html401), "update-unauthorized").await;
    assert_eq!(html.status(), 401);
    assert!(html.header("content-type").is_some_and(|c| c.starts_with("text/html")), "{}", html.head);
    let text = html.text();
    assert!(text.contains("<title>401 Unauthorized</title>"), "{text}");
    assert!(
        text.contains("This server could not verify that you are authorized to access the document you requested."),
        "{text}"
    );

    let add = answer(Some(Variation::RelativeLocation), "add-service").await;
    assert_eq!(add.status(), 201);
    assert!(add.header("location").is_some_and(|l| l.starts_with("/orders/")), "{}", add.head);

    let cost = answer(Some(Variation::SelfLinkOtherOrigin), "action-cost-fees").await.json();
    let href = cost["links"][0]["href"].as_str().expect("href");
    assert!(
        href.starts_with("https://api.example.net/accounts/100001/products/200001/services/300001/action"),
        "{href}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_are_unique_and_parse_back() {
    assert!(Variation::all().len() >= 14, "at least 14 variations");
    let mut names = std::collections::BTreeSet::new();
    for v in Variation::all() {
        assert!(names.insert(v.name()), "duplicate {v}");
        assert!(!v.describe().is_empty());
        assert_eq!(v.name().parse::<Variation>(), Ok(*v));
    }
    for m in Mutation::all() {
        assert!(names.insert(m.name()), "{m} is also a variation's name");
    }
    assert!("nope".parse::<Variation>().is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_api_switches_the_mode() {
    let (handle, ctx) = stub(None).await;
    let c = crate::common::client();
    let base = handle.base_url();
    let mode = format!("{base}/__stub/mode");
    let got: Value = c.get(&mode).send().await.expect("GET").json().await.expect("JSON");
    assert_eq!(got["mutation"], Value::Null);
    assert_eq!(got["variations"].as_array().map(Vec::len), Some(Variation::all().len()));
    assert_eq!(got["mutations"].as_array().map(Vec::len), Some(Mutation::all().len()));

    let post = |body: Value| c.post(&mode).json(&body).send();
    assert_eq!(post(json!({ "variation": "pretty-json" })).await.expect("POST").status(), 204);
    let cost = send_raw(handle.local_addr(), &find(&ctx, "action-cost-fees")).await;
    assert!(cost.text().contains("\n  "), "pretty now: {}", cost.text());
    let got: Value = c.get(&mode).send().await.expect("GET").json().await.expect("JSON");
    assert_eq!(got["variation"], "pretty-json");
    // GET /__stub/mode itself is not varied: admin answers stay plain.
    assert_eq!(post(json!({ "mutation": "apig-202-as-200" })).await.expect("POST").status(), 204);
    let apig = send_raw(handle.local_addr(), &find(&ctx, "apig-accepted")).await;
    assert_eq!(apig.status(), 200, "the mutation shows");

    let bad = post(json!({ "variation": "nope" })).await.expect("POST");
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.expect("text").contains("unknown variation `nope`"));
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
    const PROBES: [&str; 5] =
        ["apig-unauthorized", "update-not-found", "action-cost-fees", "add-service", "update-unauthorized"];
    async fn prints(variation: Option<Variation>) -> Vec<String> {
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
    for v in Variation::all() {
        let got = prints(Some(*v)).await;
        let changed: Vec<&str> =
            PROBES.iter().zip(correct.iter().zip(&got)).filter(|(_, (a, b))| a != b).map(|(p, _)| *p).collect();
        assert!(!changed.is_empty(), "variation {v} changes none of the probes");
    }
}
