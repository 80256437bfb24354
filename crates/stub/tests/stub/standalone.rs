//! The standalone hyper server (`serve`): the same documented answers as the in-process stub,
//! a 413 for an oversized body (read through a bounded reader), keep-alive across requests,
//! and a graceful shutdown that frees the port.

use std::net::SocketAddr;

use conformance_stub::{StubConfig, serve};
use serde_json::json;

use crate::common::{client, h, send_to, start};
use crate::exchanges::documented;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_documented_examples_and_refuses_big_bodies() {
    // The in-process stub gives the exchanges (paths, bodies, credentials: the same config).
    let ctx = start().await;
    let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
    let handle = serve(StubConfig::deterministic(), addr).await.expect("serves");
    let base = handle.base_url();
    assert_eq!(handle.profile().base_url.as_deref(), Some(base.as_str()));
    let c = client();
    for x in documented(&ctx) {
        let r = send_to(&c, &base, x.method, &x.path, &x.headers, x.raw_body()).await;
        match x.example {
            Some(name) => ctx.assert_example(x.op, name, &r, &x.path, &x.params, x.body.as_ref()),
            None => assert_eq!(r.status, x.status, "{}: {}", x.name, r.text()),
        }
        if x.name == "add-service" {
            let loc = r.header("location").expect("Location");
            assert!(loc.starts_with(&base), "{loc} is on the standalone server");
        }
    }
    // Oversized: 10 MiB with a Content-Length, and 2 MiB streamed without one.
    let big = vec![b'x'; 10 * 1024 * 1024];
    let r = send_to(&c, &base, "POST", &ctx.apig_path(), &[h("X-Auth-Token", "t")], Some(big)).await;
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error_code"].is_string());
    let status = chunked_post(handle.local_addr(), &ctx.add_path(), 32, 64 * 1024).await;
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    // Still serving after that, and admin works.
    let r = send_to(&c, &base, "POST", "/__stub/reset", &[], None).await;
    assert_eq!(r.status, 204);
    let r = send_to(&c, &base, "GET", "/nope", &[], None).await;
    assert_eq!(r.status, 404);
    let r = send_to(
        &c,
        &base,
        "POST",
        &ctx.action_path(),
        &[ctx.hostway_auth()],
        Some(json!({"action": "cost"}).to_string().into_bytes()),
    )
    .await;
    assert_eq!(r.status, 200);

    let port = handle.local_addr();
    handle.shutdown().await;
    assert!(c.get(format!("http://{port}/__stub/state")).send().await.is_err(), "stopped after shutdown");
    let again = serve(StubConfig::deterministic(), port).await.expect("the port is free again");
    again.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_handles_concurrent_clients() {
    let handle = serve(StubConfig::deterministic(), "127.0.0.1:0".parse().expect("addr")).await.expect("serves");
    let base = handle.base_url();
    let cfg = StubConfig::deterministic();
    let w = cfg.seed.hostway;
    let path = format!("/accounts/{}/products/{}/services/{}/action", w.account_id, w.product_id, w.service_id);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (base, path, auth) = (base.clone(), path.clone(), w.authorization.0.clone());
        tasks.push(tokio::spawn(async move {
            let c = client();
            for _ in 0..50 {
                let r = send_to(&c, &base, "POST", &path, &[h("Authorization", auth.clone())], Some(br#"{"action":"validate","actionData":{"targetServiceSpecification":"https://api.hostway.com/serviceSpecifications/2"}}"#.to_vec())).await;
                assert_eq!(r.status, 200);
            }
        }));
    }
    for t in tasks {
        t.await.expect("client task");
    }
    handle.shutdown().await;
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
