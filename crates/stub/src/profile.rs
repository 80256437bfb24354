//! The stub's own target profile: the TOML `cargo xtask conformance --profile` reads, with the
//! credentials, cookies and resource ids a client needs and the fault header.

use conformance_contract::profile::{Apig, Cph, Faults, Hostway, HostwayOrders, Huawei};
use conformance_contract::{Profile, Secret};

use crate::config::{FAULT_HEADER, StubConfig};

/// The profile of a stub with `config` serving at `base_url` (`http://127.0.0.1:PORT`).
pub fn profile(config: &StubConfig, base_url: &str) -> Profile {
    let (h, w, o) = (&config.seed.huawei, &config.seed.hostway, &config.seed.orders);
    Profile {
        base_url: Some(base_url.trim_end_matches('/').to_string()),
        huawei: Some(Huawei {
            project_id: h.project_id.clone(),
            token: Some(h.token.clone()),
            forbidden_token: Some(h.forbidden_token.clone()),
            ak: Some(h.ak.clone()),
            sk: Some(h.sk.clone()),
            apig: Some(Apig { instance_id: h.apig_instance_id.clone() }),
            cph: Some(Cph { server_id: h.cph_server_id.clone() }),
        }),
        hostway: Some(Hostway {
            authorization: w.authorization.clone(),
            account_id: w.account_id.clone(),
            product_id: w.product_id.clone(),
            service_id: w.service_id.clone(),
            target_service_specification: w.target_service_specification.clone(),
        }),
        hostway_orders: Some(HostwayOrders {
            owner_id: o.owner_id.clone(),
            forbidden_owner_id: Some(o.forbidden_owner_id.clone()),
            order_id: o.order_id.clone(),
            product_id: o.product_id.clone(),
            service_specification: o.service_specification.clone(),
            unsupported_billing_cycle: Some(o.unsupported_billing_cycle),
        }),
        faults: Some(Faults { header: FAULT_HEADER.to_string() }),
    }
}

/// The profile as a file a user can save: a comment header, then the TOML.
pub fn profile_file(profile: &Profile) -> String {
    let base = profile.base_url.as_deref().unwrap_or("http://127.0.0.1:PORT");
    let mut out = String::new();
    out.push_str(&format!("# target profile for: cargo xtask conformance --base-url {base} --profile FILE\n"));
    out.push_str("# written by the bundled stub; its secrets are valid only for this stub instance.\n");
    out.push_str(&profile.to_toml());
    out
}

/// Every secret the stub accepts (for redaction), including those the profile does not list.
pub fn secrets(config: &StubConfig) -> Vec<String> {
    let (h, w, o) = (&config.seed.huawei, &config.seed.hostway, &config.seed.orders);
    let all: [&Secret; 9] = [
        &h.token,
        &h.forbidden_token,
        &h.ak,
        &h.sk,
        &h.forbidden_ak,
        &h.forbidden_sk,
        &w.authorization,
        &o.owner_id,
        &o.forbidden_owner_id,
    ];
    all.iter().map(|s| s.0.clone()).collect()
}
