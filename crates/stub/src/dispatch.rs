//! Where a request goes: the admin API (`/__stub/…`) or the per-request pipeline (`engine`).
//! Above both and the core they read ([`StubCore`] is their shared data, and knows neither),
//! so the stub's modules form no circle.

use crate::config::ADMIN_PREFIX;
use crate::core::StubCore;
use crate::request::{Req, StubRequest, StubResponse};
use crate::{admin, engine};

impl StubCore {
    /// Answers one request. Never panics on input; 5xx only for a fault that was asked for.
    pub fn handle(&self, req: &StubRequest) -> StubResponse {
        dispatch(self, &req.view())
    }

    /// Answers one request, read through a borrowed view (the standalone adapter's way).
    pub(crate) fn handle_view(&self, req: &Req<'_>) -> StubResponse {
        dispatch(self, req)
    }
}

/// The admin API for its paths (a body within the cap), else the pipeline, which answers a body
/// over the cap on any path.
fn dispatch(core: &StubCore, req: &Req<'_>) -> StubResponse {
    let admin_path = req.path.starts_with(ADMIN_PREFIX) || req.path == "/__stub";
    if admin_path && req.body.len() <= core.config().max_body_bytes {
        return admin::handle(core, req);
    }
    engine::handle(core, req)
}
