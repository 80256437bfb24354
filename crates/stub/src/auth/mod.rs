//! Who is calling, by the operation's auth scheme: one module per kind of the registry
//! (`conformance_contract::scheme`: [`http`] bearer and basic, [`api_key`], [`huawei_sdk_hmac`]), each saying which credentials its slots give (the stub's
//! own profile values of the fixture's `auth.credentials`: a slot `X` is permitted, a slot
//! `forbidden_X` forbidden) and how a request presents them. The engine turns the
//! [`Verdict`] into the operation's 401 or 403 answer.

mod api_key;
mod http;
mod huawei_sdk_hmac;

use conformance_contract::meets::Source;
use conformance_contract::{AuthScheme, Operation};

use crate::StubError;
use crate::params::Params;
use crate::profile::StubValues;
use crate::request::Req;
use crate::state::{Credential, Grant, Keyring, Shared};

/// The outcome of an authentication check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Authenticated and permitted; the credential that identifies the caller, where the
    /// scheme has one that rules may compare (the order builder's owner).
    Permitted(Option<String>),
    /// No, malformed or wrong credentials (401); the reason is for logs and tests only.
    Unauthorized(String),
    /// Known credentials without permission (403).
    Forbidden(String),
}

impl Verdict {
    /// The verdict for a credential found with `grant`.
    fn of(grant: Grant, principal: Option<String>) -> Verdict {
        match grant {
            Grant::Permitted => Verdict::Permitted(principal),
            Grant::Forbidden => Verdict::Forbidden("the credential has no permission for this operation".into()),
        }
    }
}

/// How an operation's scheme is checked, compiled from its fixture.
#[derive(Debug, Clone)]
pub(crate) struct AuthPlan {
    scheme: AuthScheme,
    /// The path parameter bound to the scheme's `project` credential key, if any.
    project_param: Option<String>,
}

/// What a check reads besides the request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Check<'a> {
    /// The decoded path parameters.
    pub params: &'a Params<'a>,
    /// The state (its keyring).
    pub state: &'a Shared,
    /// The clock, read only for a signature.
    pub now: fn() -> u64,
    /// How far a signature's date may be off.
    pub max_skew: u64,
}

/// The credential kinds a scheme accepts (what `POST /__stub/seed` may add).
pub(crate) fn kinds(scheme: &AuthScheme) -> &'static [&'static str] {
    match scheme {
        AuthScheme::HuaweiSdkHmac => huawei_sdk_hmac::KINDS,
        AuthScheme::HttpBearer => http::BEARER_KINDS,
        AuthScheme::HttpBasic => http::BASIC_KINDS,
        AuthScheme::ApiKey(_) => api_key::KINDS,
    }
}

impl AuthPlan {
    /// The plan for `op`; its credentials (the stub's values of its slots) go into `keyring`.
    pub(crate) fn compile(op: &Operation, values: &StubValues, keyring: &mut Keyring) -> Result<AuthPlan, StubError> {
        let auth = &op.contract().auth;
        let slot = |name: &str| {
            let key = auth.credentials.get(name)?;
            Some((values.text(key)?, op.contract().profile.iter().any(|k| &k.key == key && k.secret)))
        };
        for slot_def in auth.scheme.slots() {
            let name = slot_def.name;
            let Some((value, secret)) = slot(name) else { continue };
            let (prefix, kind, grant) = match name.strip_prefix("forbidden_") {
                Some(kind) => ("forbidden_", kind, Grant::Forbidden),
                None => ("", name, Grant::Permitted),
            };
            let Some(kind) = kinds(&auth.scheme).iter().find(|k| **k == kind) else { continue };
            let paired = pair(&auth.scheme, kind).and_then(|p| slot(&format!("{prefix}{p}"))).map(|(v, _)| v);
            keyring.add(auth.scheme.clone(), kind, value, Credential { grant, paired, secret });
        }
        let project_key = auth.credentials.get("project");
        let project_param = op.contract().bindings.iter().find_map(|b| match (&b.at, &b.from) {
            (conformance_contract::meets::At::Path(p), Source::Key(k)) if Some(k) == project_key => Some(p.clone()),
            _ => None,
        });
        Ok(AuthPlan { scheme: auth.scheme.clone(), project_param })
    }

    /// The verdict for `req`.
    pub(crate) fn check(&self, req: &Req<'_>, cx: &Check<'_>) -> Verdict {
        match &self.scheme {
            AuthScheme::HuaweiSdkHmac => {
                let project = self.project_param.as_ref().and_then(|p| cx.params.get(p));
                huawei_sdk_hmac::check(req, project, cx)
            }
            AuthScheme::HttpBearer => http::bearer(req, cx),
            AuthScheme::HttpBasic => http::basic(req, cx),
            AuthScheme::ApiKey(k) => api_key::check(req, &self.scheme, k, cx),
        }
    }
}

/// The slot whose value comes with a credential of `kind` (a secret key with its access key).
fn pair(scheme: &AuthScheme, kind: &str) -> Option<&'static str> {
    match scheme {
        AuthScheme::HuaweiSdkHmac => huawei_sdk_hmac::pair(kind),
        AuthScheme::HttpBasic => http::pair(kind),
        AuthScheme::HttpBearer | AuthScheme::ApiKey(_) => None,
    }
}
