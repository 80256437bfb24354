//! Huawei requests for the tests: an IAM token, an AK/SK signature (`conformance-signing`, the
//! runner's own signer) with a chosen clock skew or a flipped digit, or no credentials.

use conformance_signing::{Credentials, RequestParts, format_sdk_date};

use crate::common::{Ctx, Resp, h};

/// How a Huawei request authenticates.
#[derive(Debug, Clone)]
pub enum HwAuth {
    None,
    Token(String),
    /// AK/SK signature; `skew` seconds added to the X-Sdk-Date.
    Signed {
        ak: String,
        sk: String,
        skew: i64,
    },
    /// Signed, then one hex digit of the signature flipped.
    BadSignature {
        ak: String,
        sk: String,
    },
}

impl Ctx {
    pub fn token(&self) -> HwAuth {
        HwAuth::Token(self.value("huawei.token"))
    }

    pub fn signed(&self) -> HwAuth {
        HwAuth::Signed { ak: self.value("huawei.ak"), sk: self.value("huawei.sk"), skew: 0 }
    }

    /// A Huawei POST with `auth` and `extra` headers.
    pub async fn huawei(&self, path: &str, auth: &HwAuth, body: &[u8], extra: &[(String, String)]) -> Resp {
        let mut headers = vec![h("Content-Type", "application/json")];
        headers.extend(extra.iter().cloned());
        match auth {
            HwAuth::None => {}
            HwAuth::Token(t) => headers.push(h("X-Auth-Token", t.clone())),
            HwAuth::Signed { ak, sk, skew } => self.sign(&mut headers, path, body, (ak, sk), *skew, false),
            HwAuth::BadSignature { ak, sk } => self.sign(&mut headers, path, body, (ak, sk), 0, true),
        }
        self.send("POST", path, &headers, Some(body.to_vec())).await
    }

    fn sign(
        &self,
        headers: &mut Vec<(String, String)>,
        path: &str,
        body: &[u8],
        key: (&str, &str),
        skew: i64,
        bad: bool,
    ) {
        let now = conformance_signing::unix_now();
        headers.push(h("X-Sdk-Date", format_sdk_date(now.saturating_add_signed(skew))));
        headers.push(h("Host", self.host()));
        let parts = RequestParts { method: "POST", path, query: "", headers, body };
        let mut auth = conformance_signing::sign(&Credentials::new(key.0, key.1), &parts).expect("signs");
        if bad {
            let last = auth.pop().expect("non-empty");
            auth.push(if last == '0' { '1' } else { '0' });
        }
        headers.retain(|(k, _)| k != "Host");
        headers.push(h("Authorization", auth));
    }
}
