//! What a stub starts with: where the fixtures are, the credentials it accepts, the resources
//! it seeds (ids listed in `DESIGN.md`), limits, and an optional [`Mutation`] or [`Variation`]
//! (the mode it starts in; the admin API can change it later). Ids are always
//! the same, so snapshots are stable; secrets are fixed by [`StubConfig::deterministic`] and
//! random per start by [`StubConfig::random_secrets`] (the standalone server's default).

use std::path::PathBuf;

use conformance_contract::Secret;

use crate::mutation::Mutation;
use crate::variation::Variation;

/// The documented APIG gateway id: the 202 example's `instance_id`, seeded so it matches.
pub const APIG_INSTANCE_ID: &str = "6a7d71827fd54572b1f31aa9548fcc81";
/// The documented CPH server id (the request example's `server_id`).
pub const CPH_SERVER_ID: &str = "a176d8625981453bbafbc0a321d8d6a1";
/// The request header that provokes a documented fault (`X-Stub-Fault: 500`).
pub const FAULT_HEADER: &str = "X-Stub-Fault";
/// The prefix of the admin API; no vendor path starts with it.
pub const ADMIN_PREFIX: &str = "/__stub/";

/// Everything a stub needs to start.
#[derive(Debug, Clone)]
pub struct StubConfig {
    /// The `fixtures/` folder the behaviour and every response body come from.
    pub fixtures_dir: PathBuf,
    /// Credentials and resources present after start and after every reset.
    pub seed: Seed,
    /// A deliberately wrong behaviour; `None` (the default) is the correct stub.
    pub mutation: Option<Mutation>,
    /// A legitimate variation of the documented answers; `None` (the default) answers as the
    /// examples. Set it with [`StubConfig::with_variation`], which also changes the seeded ids
    /// for [`Variation::OtherResourceIds`].
    pub variation: Option<Variation>,
    /// Request bodies longer than this are refused with 413 (default 1 MiB).
    pub max_body_bytes: usize,
    /// How far `X-Sdk-Date` may be from the stub's clock, in seconds (default 900).
    pub max_clock_skew_secs: u64,
    /// Services kept per order product; the oldest added one is dropped beyond it, so state
    /// stays bounded under sustained load (default 10 000).
    pub max_services_per_product: usize,
}

/// Huawei credentials and resources.
#[derive(Debug, Clone)]
pub struct HuaweiSeed {
    /// The project id paths (and `X-Project-Id`) must carry.
    pub project_id: String,
    /// An IAM token with permission.
    pub token: Secret,
    /// An IAM token known to the stub but without permission (403).
    pub forbidden_token: Secret,
    /// Access key with permission.
    pub ak: Secret,
    /// Its secret key.
    pub sk: Secret,
    /// Access key known to the stub but without permission (403).
    pub forbidden_ak: Secret,
    /// Its secret key.
    pub forbidden_sk: Secret,
    /// The pay-per-use gateway that exists.
    pub apig_instance_id: String,
    /// The cloud phone server that exists.
    pub cph_server_id: String,
}

/// Hostway accounts API credentials and resources.
#[derive(Debug, Clone)]
pub struct HostwaySeed {
    /// The whole `Authorization` header value the stub accepts.
    pub authorization: Secret,
    /// The account that exists (also the seeded order's account).
    pub account_id: String,
    /// A product of that account.
    pub product_id: String,
    /// An open service of that product.
    pub service_id: String,
    /// A closed service of that product (order-builder rule 5).
    pub closed_service_id: String,
    /// The service's specification before any change.
    pub service_specification: String,
    /// A specification the service may change to.
    pub target_service_specification: String,
}

/// Hostway order-builder credentials and resources.
#[derive(Debug, Clone)]
pub struct OrdersSeed {
    /// `OwnerId` cookie of the seeded order's owner.
    pub owner_id: Secret,
    /// An `OwnerId` known to the stub but without permission (403).
    pub forbidden_owner_id: Secret,
    /// An order with an account and one product.
    pub order_id: String,
    /// An order of the same owner to which no account has been added (404).
    pub order_without_account_id: String,
    /// The product in the order.
    pub product_id: String,
    /// A service already added to that product.
    pub service_id: String,
    /// The existing service's name.
    pub service_name: String,
    /// The specification new services are added with in examples.
    pub service_specification: String,
    /// Billing cycles (months) services support.
    pub supported_billing_cycles: Vec<u32>,
    /// A cycle within 1–120 that no service supports (400 computeFault).
    pub unsupported_billing_cycle: u32,
}

/// Credentials and resources present after start and after every reset.
#[derive(Debug, Clone)]
pub struct Seed {
    /// Huawei (APIG and CPH).
    pub huawei: HuaweiSeed,
    /// Hostway accounts API.
    pub hostway: HostwaySeed,
    /// Hostway order builder.
    pub orders: OrdersSeed,
}

impl Default for StubConfig {
    /// Random secrets (see [`StubConfig::random_secrets`]).
    fn default() -> Self {
        Self::random_secrets()
    }
}

fn secret(s: &str) -> Secret {
    Secret(s.to_string())
}

impl StubConfig {
    /// Fixed ids and fixed secrets: for tests and snapshots.
    pub fn deterministic() -> Self {
        StubConfig {
            fixtures_dir: conformance_contract::default_fixtures_dir(),
            seed: Seed {
                huawei: HuaweiSeed {
                    project_id: "0b1f8c6e2a4d4e0f9c3b5a7d9e1f2a3b".into(),
                    token: secret("stub-iam-token-permitted"),
                    forbidden_token: secret("stub-iam-token-forbidden"),
                    ak: secret("STUBAKPERMITTED00001"),
                    sk: secret("stub-sk-permitted-0123456789abcdef"),
                    forbidden_ak: secret("STUBAKFORBIDDEN00001"),
                    forbidden_sk: secret("stub-sk-forbidden-0123456789abcdef"),
                    apig_instance_id: APIG_INSTANCE_ID.into(),
                    cph_server_id: CPH_SERVER_ID.into(),
                },
                hostway: HostwaySeed {
                    // base64("stub-user:stub-password")
                    authorization: secret("Basic c3R1Yi11c2VyOnN0dWItcGFzc3dvcmQ="),
                    account_id: "100001".into(),
                    product_id: "200001".into(),
                    service_id: "300001".into(),
                    closed_service_id: "300002".into(),
                    service_specification: "https://api.hostway.com/serviceSpecifications/1001".into(),
                    target_service_specification: "https://api.hostway.com/serviceSpecifications/2002".into(),
                },
                orders: OrdersSeed {
                    owner_id: secret("stub-owner-permitted"),
                    forbidden_owner_id: secret("stub-owner-forbidden"),
                    order_id: "0e6c8f3e-6d4a-4a43-9a2e-5b8f1f0c7a11".into(),
                    order_without_account_id: "7d2b9c41-0f5e-4b8a-a1c3-d4e5f6a7b8c9".into(),
                    product_id: "5c0b8a52-2f1e-4f8e-9d63-7e4b1a2c3d40".into(),
                    service_id: "9a1d3e5f-7b2c-4d6e-8f01-23456789abcd".into(),
                    service_name: "seeded.service".into(),
                    service_specification: "https://api.hostway.com/serviceSpecifications/1001".into(),
                    supported_billing_cycles: vec![1, 3, 6, 12, 24, 36, 120],
                    unsupported_billing_cycle: 7,
                },
            },
            mutation: None,
            variation: None,
            max_body_bytes: 1024 * 1024,
            max_clock_skew_secs: 900,
            max_services_per_product: 10_000,
        }
    }

    /// The deterministic ids with fresh random tokens, keys and cookies.
    pub fn random_secrets() -> Self {
        let mut c = Self::deterministic();
        let rnd = || uuid::Uuid::new_v4().simple().to_string();
        let h = &mut c.seed.huawei;
        h.token = Secret(format!("stub-token-{}", rnd()));
        h.forbidden_token = Secret(format!("stub-forbidden-{}", rnd()));
        h.ak = Secret(rnd()[..20].to_uppercase());
        h.sk = Secret(rnd());
        h.forbidden_ak = Secret(rnd()[..20].to_uppercase());
        h.forbidden_sk = Secret(rnd());
        c.seed.hostway.authorization = Secret(format!("Basic {}", base64(format!("stub:{}", rnd()).as_bytes())));
        c.seed.orders.owner_id = Secret(rnd());
        c.seed.orders.forbidden_owner_id = Secret(rnd());
        c
    }

    /// This config with `mutation` set.
    pub fn with_mutation(mut self, mutation: Option<Mutation>) -> Self {
        self.mutation = mutation;
        self
    }

    /// This config with `variation` set. [`Variation::OtherResourceIds`] also replaces every
    /// seeded id and name (secrets are kept), so the stub's profile names other resources.
    pub fn with_variation(mut self, variation: Option<Variation>) -> Self {
        if variation == Some(Variation::OtherResourceIds) && self.variation != variation {
            other_resource_ids(&mut self.seed);
        }
        self.variation = variation;
        self
    }
}

/// Ids and names unlike the pages' (40-hex order builder ids, as Hostway's own examples show;
/// other hex32 Huawei ids; other numbers for the accounts API), for
/// [`Variation::OtherResourceIds`].
fn other_resource_ids(seed: &mut Seed) {
    let h = &mut seed.huawei;
    h.project_id = "3c9e1b7a5f2d4c8e9a0b1c2d3e4f5a6b".into();
    h.apig_instance_id = "e4d3c2b1a0f94e8d7c6b5a4938271605".into();
    h.cph_server_id = "0d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4".into();
    let w = &mut seed.hostway;
    w.account_id = "4471902".into();
    w.product_id = "8820017".into();
    w.service_id = "9931150".into();
    w.closed_service_id = "9931151".into();
    w.service_specification = "https://api.hostway.com/serviceSpecifications/7310".into();
    w.target_service_specification = "https://api.hostway.com/serviceSpecifications/7311".into();
    let o = &mut seed.orders;
    o.order_id = "5d41402abc4b2a76b9719d911017c592ae9f3c11".into();
    o.order_without_account_id = "7b52009b64fd0a2a49e6d8a939753077792b0554".into();
    o.product_id = "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12".into();
    o.service_id = "de9f2c7fd25e1b3afad3e85a0bd17d9b100db4b3".into();
    o.service_name = "web-01.example.net".into();
    o.service_specification = "https://api.hostway.com/serviceSpecifications/7310".into();
}

/// Standard base64 with padding (for a well-formed `Basic` credential).
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_deterministic_credential() {
        assert_eq!(super::base64(b"stub-user:stub-password"), "c3R1Yi11c2VyOnN0dWItcGFzc3dvcmQ=");
        assert_eq!(super::base64(b"ab"), "YWI=");
        assert_eq!(super::base64(b"a"), "YQ==");
    }
}
