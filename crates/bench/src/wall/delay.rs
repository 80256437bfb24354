//! A target that answers slowly, as a real vendor does: a loopback HTTP/1.1 proxy in front of
//! the standalone stub that holds each request for a fixed delay before passing it on, one
//! upstream keep-alive connection per client connection. The `Host` header passes unchanged,
//! so AK/SK signatures made for the proxy's address verify at the stub.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};

/// Serves the proxy to `upstream` at a free loopback port; its address. It runs until the
/// runtime ends.
pub async fn start(upstream: SocketAddr, delay: Duration) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(connection(stream, upstream, delay));
        }
    });
    Ok(addr)
}

/// One client connection: each request waits `delay`, then goes upstream on this connection's
/// own upstream connection.
async fn connection(stream: TcpStream, upstream: SocketAddr, delay: Duration) {
    let Ok(up) = TcpStream::connect(upstream).await else { return };
    let _ = up.set_nodelay(true);
    let Ok((sender, conn)) = hyper::client::conn::http1::handshake::<_, Incoming>(TokioIo::new(up)).await else {
        return;
    };
    tokio::spawn(conn);
    let sender = Arc::new(tokio::sync::Mutex::new(sender));
    let svc = service_fn(move |req: hyper::Request<Incoming>| {
        let sender = Arc::clone(&sender);
        async move {
            tokio::time::sleep(delay).await;
            let mut s = sender.lock().await;
            s.ready().await?;
            s.send_request(req).await
        }
    });
    let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
}
