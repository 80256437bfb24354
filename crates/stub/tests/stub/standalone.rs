//! The standalone hyper server (`serve`): the same documented answers as the in-process stub,
//! a 413 for an oversized body (read through a bounded reader), keep-alive across requests, a
//! graceful shutdown that frees the port; and `run_standalone`'s output: the profile alone on
//! stdout (it parses), the banner naming the mode on stderr, a warning when bound beyond
//! loopback.

use std::net::SocketAddr;

use conformance_contract::Profile;
use conformance_stub::serve::run_until;
use conformance_stub::{StubConfig, serve};
use serde_json::json;

use crate::common::{client, h, send_to, start};
use crate::exchanges::documented;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_documented_examples_and_refuses_big_bodies() {
    // The in-process stub gives the exchanges (paths, bodies, credentials: the same config).
    let ctx = start().await;
    let handle = serve(StubConfig::deterministic(), "127.0.0.1:0".parse().expect("addr")).await.expect("serves");
    let base = handle.base_url();
    assert_eq!(handle.profile().base_url(), Some(base.as_str()));
    assert_eq!(handle.secrets(), ctx.stub.secrets(), "the same deterministic secrets");
    let c = client();
    for x in documented(&ctx) {
        let r = send_to(&c, &base, x.method, &x.path, &x.headers, x.raw_body()).await;
        match x.example {
            Some(name) => ctx.assert_example(x.op, name, &r, &x.path, x.body.as_ref()),
            None => assert_eq!(r.status, x.status, "{}: {}", x.name, r.text()),
        }
        if x.name == "add-service" {
            let loc = r.header("location").expect("Location");
            assert!(loc.starts_with(&base), "{loc} is on the standalone server");
        }
    }
    // Oversized: 10 MiB with a Content-Length, and 2 MiB streamed without one.
    let big = vec![b'x'; 10 * 1024 * 1024];
    let r = send_to(&c, &base, "POST", &ctx.path(crate::common::APIG, &[]), &[h("X-Auth-Token", "t")], Some(big)).await;
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error_code"].is_string(), "in the operation's shape: {}", r.text());
    let status = chunked_post(handle.local_addr(), &ctx.add_path(), 32, 64 * 1024).await;
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    // Still serving after that, and admin works.
    assert_eq!(send_to(&c, &base, "POST", "/__stub/reset", &[], None).await.status, 204);
    assert_eq!(send_to(&c, &base, "GET", "/nope", &[], None).await.status, 404);
    let cost = Some(json!({"action": "cost"}).to_string().into_bytes());
    assert_eq!(send_to(&c, &base, "POST", &ctx.action_path(), &[ctx.hostway_auth()], cost).await.status, 200);

    let port = handle.local_addr();
    handle.shutdown().await;
    assert!(c.get(format!("http://{port}/__stub/state")).send().await.is_err(), "stopped after shutdown");
    let again = serve(StubConfig::deterministic(), port).await.expect("the port is free again");
    again.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_handles_concurrent_clients() {
    let ctx = start().await;
    let handle = serve(StubConfig::deterministic(), "127.0.0.1:0".parse().expect("addr")).await.expect("serves");
    let base = handle.base_url();
    let body = ctx.body(crate::common::ACTION, "validate").to_string().into_bytes();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (base, path, auth, body) = (base.clone(), ctx.action_path(), ctx.hostway_auth(), body.clone());
        tasks.push(tokio::spawn(async move {
            let c = client();
            for _ in 0..50 {
                let r = send_to(&c, &base, "POST", &path, std::slice::from_ref(&auth), Some(body.clone())).await;
                assert_eq!(r.status, 200);
            }
        }));
    }
    for t in tasks {
        t.await.expect("client task");
    }
    handle.shutdown().await;
}

/// `run_until` with a stop that fires at once: what it wrote to stdout and stderr.
async fn run(config: StubConfig, addr: &str) -> (String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    run_until(config, addr.parse().expect("addr"), &mut out, &mut err, async { Ok(()) }).await.expect("runs");
    (String::from_utf8(out).expect("UTF-8"), String::from_utf8(err).expect("UTF-8"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdout_is_a_profile_and_the_banner_goes_to_stderr() {
    let (out, err) = run(StubConfig::random_secrets(), "127.0.0.1:0").await;
    let contracts = conformance_contract::Contracts::load(conformance_contract::default_fixtures_dir()).expect("load");
    let p = Profile::parse(&out, "stub.toml", |_| None, contracts.keys()).expect("stdout is a profile");
    assert!(p.base_url().is_some_and(|b| b.starts_with("http://127.0.0.1:")), "{out}");
    assert!(p.stub_instance().is_some() && !p.secrets().is_empty());
    assert!(!out.contains("listening"), "nothing but the profile on stdout: {out}");
    assert!(err.contains("Stub listening on http://127.0.0.1:") && err.contains("no mutation, no variation"), "{err}");
    assert!(!err.contains("warning"), "loopback: no warning: {err}");
    for s in p.secrets() {
        assert!(!err.contains(&s), "no secret on stderr");
    }
    let (_, err) = run(
        StubConfig::deterministic().with_mutation(Some("huawei-apig/postpaid-resize:success-status".into())),
        "127.0.0.1:0",
    )
    .await;
    assert!(err.contains("mutation `huawei-apig/postpaid-resize:success-status`"), "the banner names the mode: {err}");
    let (_, err) = run(StubConfig::deterministic().with_variation(Some("pretty-json".into())), "127.0.0.1:0").await;
    assert!(err.contains("variation `pretty-json`"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binding_beyond_loopback_warns_that_the_admin_api_is_open() {
    let (out, err) = run(StubConfig::deterministic(), "0.0.0.0:0").await;
    assert!(err.contains("warning: bound to 0.0.0.0:"), "{err}");
    assert!(err.contains("no authentication"), "{err}");
    assert!(!out.contains("warning"), "{out}");
}

#[tokio::test]
async fn an_unknown_mode_is_refused_at_start_listing_the_known_ones() {
    for (config, kind) in [
        (StubConfig::deterministic().with_mutation(Some("nope".into())), "mutation"),
        (StubConfig::deterministic().with_variation(Some("nope".into())), "variation"),
    ] {
        let e = conformance_stub::StubCore::new(config).expect_err("refused").to_string();
        assert!(e.starts_with(&format!("unknown {kind} `nope`; known: ")), "{e}");
        assert!(
            e.contains(if kind == "mutation" { "huawei-apig/postpaid-resize:success-status" } else { "pretty-json" }),
            "{e}"
        );
    }
}

/// POSTs `n` chunks of `size` bytes with `Transfer-Encoding: chunked` (no Content-Length) over
/// a raw socket; the response's status line.
async fn chunked_post(addr: SocketAddr, path: &str, n: usize, size: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut sock = tokio::net::TcpStream::connect(addr).await.expect("connects");
    let head =
        format!("POST {path} HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    sock.write_all(head.as_bytes()).await.expect("head");
    let chunk = vec![b'y'; size];
    for _ in 0..n {
        let sent = async {
            sock.write_all(format!("{size:x}\r\n").as_bytes()).await?;
            sock.write_all(&chunk).await?;
            sock.write_all(b"\r\n").await
        };
        if sent.await.is_err() {
            break;
        }
    }
    let _ = sock.write_all(b"0\r\n\r\n").await;
    let mut out = Vec::new();
    let _ = sock.read_to_end(&mut out).await;
    String::from_utf8_lossy(&out).lines().next().unwrap_or_default().to_string()
}
