//! What the operations a vendor already has share, which a new operation's skeleton reuses: its
//! auth scheme, the profile keys of the scheme's credentials (with their declarations and the
//! account's allowances), the keys its path parameters are bound from, and the pattern of its
//! tables (`huawei-apig` → `[huawei.apig]`, so `huawei-ecs` → `[huawei.ecs]`; `hostway-orders`
//! → `[hostway-orders]`). A vendor's family is its operations of the same vendor, else of the
//! same first word (`huawei-ecs` beside `huawei-apig` and `huawei-cph`).

use std::collections::BTreeMap;

use crate::load::Contracts;
use crate::meets::{AllowanceDoc, At, KeyDoc, Source};
use crate::model::{AuthScheme, Contract};

/// What a new operation of `vendor` reuses; empty for a vendor with no operation yet.
#[derive(Debug, Clone, Default)]
pub struct Vendor {
    /// The family's auth scheme (its first operation's).
    pub scheme: Option<AuthScheme>,
    /// Its credentials (`slot → key`), of that scheme.
    pub credentials: BTreeMap<String, String>,
    /// The allowances its scheme's roles spend.
    pub allowances: Vec<AllowanceDoc>,
    /// The declaration of every key the family declares.
    pub keys: BTreeMap<String, KeyDoc>,
    /// The key each path parameter is bound from (`project_id → huawei.project_id`).
    pub path_keys: BTreeMap<String, String>,
    /// The new operation's table, by the family's pattern.
    pub section: Option<String>,
}

impl Vendor {
    /// What the operations of `vendor`'s family in `contracts` share.
    pub fn of(contracts: &Contracts, vendor: &str) -> Vendor {
        let first = |v: &str| v.split('-').next().unwrap_or(v).to_string();
        let all: Vec<&Contract> = contracts.operations().iter().map(|o| o.contract()).collect();
        let same: Vec<&Contract> = all.iter().copied().filter(|c| c.vendor == vendor).collect();
        let family = if same.is_empty() {
            all.into_iter().filter(|c| first(&c.vendor) == first(vendor)).collect()
        } else {
            same
        };
        let Some(lead) = family.first() else { return Vendor::default() };
        let mut v = Vendor {
            scheme: Some(lead.auth.scheme.clone()),
            credentials: lead.auth.credentials.clone(),
            allowances: lead.auth.allowances.clone(),
            section: section(&family, vendor),
            ..Vendor::default()
        };
        for c in &family {
            for k in &c.profile {
                v.keys.entry(k.key.clone()).or_insert_with(|| k.clone());
            }
            for b in &c.bindings {
                if let (At::Path(p), Source::Key(key)) = (&b.at, &b.from) {
                    v.path_keys.entry(p.clone()).or_insert_with(|| key.clone());
                }
            }
        }
        v
    }
}

/// The table a new operation of `vendor` gets: its vendor's own where the vendor has operations,
/// else by the family's pattern — `<first word>.<rest>` where every member's table is so, the
/// vendor's name where every member's is its own vendor's.
fn section(family: &[&Contract], vendor: &str) -> Option<String> {
    if let Some(c) = family.iter().find(|c| c.vendor == vendor) {
        return Some(c.section.clone());
    }
    let dotted = |v: &str| v.split_once('-').map(|(a, b)| format!("{a}.{b}"));
    if family.iter().all(|c| dotted(&c.vendor).as_deref() == Some(c.section.as_str())) {
        return dotted(vendor);
    }
    family.iter().all(|c| c.section == c.vendor).then(|| vendor.to_string())
}
