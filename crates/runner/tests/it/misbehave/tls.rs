//! An `https://` server with a self-signed certificate for `localhost` / 127.0.0.1 (made for
//! these tests only, valid to 2126; its key protects nothing), answering every request with a
//! 404: a client that does not trust the certificate fails it; `--insecure` gets through. A
//! second one serves a certificate a private CA issued, which `--cacert` trusts.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use rustls_pki_types::pem::PemObject as _;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

const CERT: &str = "-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUXNgaaHg4201Ya15DOEpNBbBtWAkwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwMTExMTAxM1oYDzIxMjYxMTA3
MTExMDEzWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAASDBeZKtmToJ38B9rD4WwGYqxe/NUwlnMUlsHv7lN9Yu6h3DFSHkh46
NNWzxojmbQgBGZjTh1KcdZmFrZyaaGREo28wbTAdBgNVHQ4EFgQUBXHG03sZXU49
v9szH4s87PRCKb4wHwYDVR0jBBgwFoAUBXHG03sZXU49v9szH4s87PRCKb4wDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
zj0EAwIDSAAwRQIgLcJiTIXHettAsPIFyxo5FJDjTZDw0z2AXPUAVAKbmPgCIQCk
bz/fyZZJc3YFyUQtLZl/cypaHrkwNBBGTE9U5l2cfw==
-----END CERTIFICATE-----
";
const KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgW4pei7an+ko7vFzH
Rj9WjkDeaoCZZrr7Cq/EiE5BrsShRANCAASDBeZKtmToJ38B9rD4WwGYqxe/NUwl
nMUlsHv7lN9Yu6h3DFSHkh46NNWzxojmbQgBGZjTh1KcdZmFrZyaaGRE
-----END PRIVATE KEY-----
";

/// A private CA (`--cacert`) for the tests of a server whose certificate it issued (made for
/// these tests only, valid to 2126; its key is not kept).
pub const PRIVATE_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBozCCAUmgAwIBAgIUKz0AgAazTPMIlhrNhTzwnzeSJ0IwCgYIKoZIzj0EAwIw
HjEcMBoGA1UEAwwTY29uZm9ybWFuY2UgdGVzdCBDQTAgFw0yNjEyMDYxMTQ4MjZa
GA8yMTI2MTExMjExNDgyNlowHjEcMBoGA1UEAwwTY29uZm9ybWFuY2UgdGVzdCBD
QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABFoBCvfEjfhNuyYdfh5DS+5/fG0+
o1aM6aJPDTLsBxJG/ORqaRywntZUaQLQHSGcRCrUz9waOk5GDRyVQSkkHUmjYzBh
MB0GA1UdDgQWBBSts1tMxxhv45Y083PGoK/r65xagDAfBgNVHSMEGDAWgBSts1tM
xxhv45Y083PGoK/r65xagDAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIB
BjAKBggqhkjOPQQDAgNIADBFAiEAyJsj2EzQpp1+jlz23+0ZldCh2VnHZefquOHk
0vyuQwwCIH/I2TUKumX5946dZQ9u2oKuUOpvSQ8msQLh1DuoXo7C
-----END CERTIFICATE-----
";
/// The certificate the private CA issued for `localhost` / 127.0.0.1.
const ISSUED: &str = "-----BEGIN CERTIFICATE-----
MIIBxTCCAWygAwIBAgIUDQLQAiI6S2+jR0YGQ5DbtDuQtNEwCgYIKoZIzj0EAwIw
HjEcMBoGA1UEAwwTY29uZm9ybWFuY2UgdGVzdCBDQTAgFw0yNjEyMDYxMTQ4MjZa
GA8yMTI2MTExMjExNDgyNlowFDESMBAGA1UEAwwJbG9jYWxob3N0MFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEieiG2HVfsHpBzEfWTI3nFmPBeTI+UfauQRjaRHF8
rABSJoEQqpcrGpob//uKo/7Xb5Vj+VTDbkZ7eLWzfhKi1KOBjzCBjDAaBgNVHREE
EzARgglsb2NhbGhvc3SHBH8AAAEwCQYDVR0TBAIwADATBgNVHSUEDDAKBggrBgEF
BQcDATAOBgNVHQ8BAf8EBAMCB4AwHQYDVR0OBBYEFJjSA6/X44wGwVod/cJuOgLt
potMMB8GA1UdIwQYMBaAFK2zW0zHGG/jljTzc8agr+vrnFqAMAoGCCqGSM49BAMC
A0cAMEQCIB3xd+MhVJc5ONqOnJfE2IzAax3V+J8L8qBz/nvTvm7yAiA/e4FG727Q
bmHraGY8uOTv0mfXVoondLUIkGKpL/lCQQ==
-----END CERTIFICATE-----
";
const ISSUED_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgJh2DvAuo1L65ceRy
q0oXaBWtkKS/60wUq86VJ//IYNmhRANCAASJ6IbYdV+wekHMR9ZMjecWY8F5Mj5R
9q5BGNpEcXysAFImgRCqlysamhv/+4qj/tdvlWP5VMNuRnt4tbN+EqLU
-----END PRIVATE KEY-----
";

/// Serves on a random loopback port; its `https://127.0.0.1:<port>` URL.
pub async fn start() -> (String, tokio::task::JoinHandle<()>) {
    serve(CERT, KEY).await
}

/// Serves with the certificate the private CA issued ([`PRIVATE_CA`]).
pub async fn start_issued() -> (String, tokio::task::JoinHandle<()>) {
    serve(ISSUED, ISSUED_KEY).await
}

async fn serve(cert: &str, key: &str) -> (String, tokio::task::JoinHandle<()>) {
    let certs = vec![CertificateDer::from_pem_slice(cert.as_bytes()).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(key.as_bytes()).unwrap();
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else { return };
                let mut buf = vec![0u8; 8192];
                while let Ok(n) = tls.read(&mut buf).await {
                    if n == 0 {
                        return;
                    }
                    let answer = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";
                    if tls.write_all(answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, task)
}
