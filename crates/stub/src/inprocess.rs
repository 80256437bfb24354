//! The in-process stub: a wiremock `MockServer` on a random loopback port with ONE catch-all
//! mock whose responder hands every request to the core. For the runner's default target and
//! for tests, which are short-lived: wiremock keeps a copy of each request a mock matched, so
//! the long-running standalone server is [`crate::serve`] instead (see `DESIGN.md`).

use std::sync::Arc;

use bytes::Bytes;
use conformance_contract::Profile;
use http::{HeaderName, HeaderValue};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers};

use crate::StubError;
use crate::config::StubConfig;
use crate::core::StubCore;
use crate::request::{StubRequest, StubResponse};

/// A running in-process stub; it stops when dropped.
#[derive(Debug)]
pub struct Stub {
    /// Kept only to be dropped with the stub: dropping it stops the server.
    _server: MockServer,
    core: Arc<StubCore>,
    base_url: String,
}

/// The wiremock responder: request → core → response template.
struct Responder(Arc<StubCore>);

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body = Bytes::copy_from_slice(&request.body);
        let req =
            StubRequest::from_http(&request.method, request.url.path(), request.url.query(), &request.headers, body);
        template(self.0.handle(&req))
    }
}

fn template(resp: StubResponse) -> ResponseTemplate {
    let mut t = ResponseTemplate::new(resp.status);
    let mut content_type = None;
    for (k, v) in &resp.headers {
        if k.eq_ignore_ascii_case("content-type") {
            content_type = Some(v.to_string());
            continue;
        }
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(k.as_bytes()), HeaderValue::from_str(v)) {
            t = t.append_header(name, value);
        }
    }
    if !resp.body.is_empty() {
        let mime = content_type.filter(|c| c.parse::<HeaderValue>().is_ok());
        t = t.set_body_raw(resp.body.to_vec(), mime.as_deref().unwrap_or("application/octet-stream"));
    }
    t
}

impl Stub {
    /// Loads the fixtures and starts serving on `127.0.0.1` at a random port.
    pub async fn start(config: StubConfig) -> Result<Stub, StubError> {
        Self::start_with_core(Arc::new(StubCore::new(config)?)).await
    }

    /// Serves an existing core (e.g. one whose contracts are already loaded).
    pub async fn start_with_core(core: Arc<StubCore>) -> Result<Stub, StubError> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")
            .map_err(|source| StubError::Bind { addr: "127.0.0.1:0".into(), source })?;
        let server = MockServer::builder().listener(listener).disable_request_recording().start().await;
        Mock::given(matchers::any()).respond_with(Responder(Arc::clone(&core))).mount(&server).await;
        let base_url = server.uri();
        Ok(Stub { _server: server, core, base_url })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Its target profile: base URL, credentials, resource ids and the fault header.
    pub fn profile(&self) -> Profile {
        self.core.profile(&self.base_url)
    }

    /// Every secret it accepts (for redaction).
    pub fn secrets(&self) -> Vec<String> {
        self.core.secrets()
    }

    /// The core, for in-process admin access (reset, state, seed).
    pub fn core(&self) -> &Arc<StubCore> {
        &self.core
    }
}
