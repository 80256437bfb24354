//! The stub's own target profile: the TOML `cargo xtask conformance --profile` reads, with the
//! credentials, cookies and resource ids a client needs, the test data scenarios send (the
//! specification and flavors to change to, the billing cycles services support), the fault
//! header, `[safety]` allowing every class (nothing real changes or costs money here) and the
//! `[stub]` marker (the scenarios that need the stub's own data).

use conformance_contract::profile::{Apig, Cph, Faults, Hostway, HostwayOrders, Huawei, Safety, StubMarker};
use conformance_contract::{Effect, Profile, Secret};

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
            security_token: None,
            project_id_header: true,
            apig: Some(Apig {
                base_url: None,
                instance_id: h.apig_instance_id.clone(),
                target_spec_id: Some(TARGET_SPEC_ID.into()),
                current_spec_id: Some(CURRENT_SPEC_ID.into()),
            }),
            cph: Some(Cph {
                base_url: None,
                server_id: h.cph_server_id.clone(),
                server_model_name: Some(TARGET_FLAVOR.0.into()),
                phone_model_name: Some(TARGET_FLAVOR.1.into()),
                current_server_model_name: Some(CURRENT_FLAVOR.0.into()),
                current_phone_model_name: Some(CURRENT_FLAVOR.1.into()),
            }),
        }),
        hostway: Some(Hostway {
            base_url: None,
            authorization: w.authorization.clone(),
            account_id: w.account_id.clone(),
            product_id: w.product_id.clone(),
            service_id: w.service_id.clone(),
            target_service_specification: w.target_service_specification.clone(),
        }),
        hostway_orders: Some(HostwayOrders {
            base_url: None,
            owner_id: o.owner_id.clone(),
            forbidden_owner_id: Some(o.forbidden_owner_id.clone()),
            order_id: o.order_id.clone(),
            product_id: o.product_id.clone(),
            service_specification: o.service_specification.clone(),
            unsupported_billing_cycle: Some(o.unsupported_billing_cycle),
            supported_billing_cycles: Some(o.supported_billing_cycles.clone()),
            service_name: None,
        }),
        faults: Some(Faults { header: FAULT_HEADER.to_string() }),
        safety: Safety { allow: vec![Effect::Changes, Effect::Billable] },
        stub: Some(StubMarker { seeded: true }),
    }
}

/// The specification the stub's profile resizes its gateway to (the documented example's).
pub const TARGET_SPEC_ID: &str = "PROFESSIONAL";
/// The specification the stub's profile names as its gateway's current one.
pub const CURRENT_SPEC_ID: &str = "BASIC";
/// The server and phone flavors the stub's profile changes its server to (the documented
/// example's).
pub const TARGET_FLAVOR: (&str, &str) = ("physical.rx1.xlarge.special", "rx1.cp.sp.c105.d8.e5v5");
/// The flavors the stub's profile names as its server's current ones.
pub const CURRENT_FLAVOR: (&str, &str) = ("physical.rx1.xlarge", "rx1.cp.c60.d4.e4v4");

/// The profile as a file a user can save: a comment header, then the TOML.
pub fn profile_file(profile: &Profile) -> String {
    let base = profile.base_url.as_deref().unwrap_or("http://127.0.0.1:PORT");
    let mut out = String::new();
    out.push_str(&format!(
        "# target profile for: cargo xtask conformance (or conformance run) --base-url {base} --profile FILE\n"
    ));
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
