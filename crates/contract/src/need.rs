//! What a scenario may need from a target, as one type: [`Need`], with its tag key
//! (`@needs-<key>`), the profile keys that meet it, [`Need::is_met`] and parsing. The plan
//! skips a scenario whose needs a profile does not meet; the runner's steps ask for each
//! need they use, so a run can tell which needs a scenario really used.

use std::fmt;
use std::str::FromStr;

use crate::profile::Profile;

/// One thing a target profile supplies so a scenario can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Need {
    /// Huawei credentials with permission: a token, or AK/SK.
    HuaweiCredentials,
    /// Huawei AK/SK (the signing scenarios, also run when a token is given).
    AkSk,
    /// A valid Huawei token without permission (403).
    ForbiddenToken,
    /// An existing APIG gateway.
    ApigInstance,
    /// The APIG specification a gateway may be resized to.
    ApigTargetSpec,
    /// An existing CPH server.
    CphServer,
    /// The CPH server and phone flavors a server may change to.
    CphTargetFlavor,
    /// Hostway accounts API credentials and an account service.
    HostwayCredentials,
    /// The owner's `OwnerId` cookie and an order.
    OwnerCookie,
    /// An `OwnerId` without permission (403).
    ForbiddenOwner,
    /// A billing cycle within 1–120 the added service does not support.
    UnsupportedCycle,
    /// The billing cycles the added service supports.
    SupportedCycles,
    /// A header that makes the target answer a documented server fault.
    FaultInjection,
    /// Data only the bundled stub has (e.g. a flavor whose name is 64 bytes long); no real
    /// profile meets it.
    StubData,
}

impl Need {
    /// Every need, in table order.
    pub const ALL: [Need; 14] = [
        Need::HuaweiCredentials,
        Need::AkSk,
        Need::ForbiddenToken,
        Need::ApigInstance,
        Need::ApigTargetSpec,
        Need::CphServer,
        Need::CphTargetFlavor,
        Need::HostwayCredentials,
        Need::OwnerCookie,
        Need::ForbiddenOwner,
        Need::UnsupportedCycle,
        Need::SupportedCycles,
        Need::FaultInjection,
        Need::StubData,
    ];

    /// Its tag key: a scenario is tagged `@needs-<key>`.
    pub fn key(self) -> &'static str {
        match self {
            Need::HuaweiCredentials => "huawei-credentials",
            Need::AkSk => "ak-sk",
            Need::ForbiddenToken => "forbidden-token",
            Need::ApigInstance => "apig-instance",
            Need::ApigTargetSpec => "apig-target-spec",
            Need::CphServer => "cph-server",
            Need::CphTargetFlavor => "cph-target-flavor",
            Need::HostwayCredentials => "hostway-credentials",
            Need::OwnerCookie => "owner-cookie",
            Need::ForbiddenOwner => "forbidden-owner",
            Need::UnsupportedCycle => "unsupported-cycle",
            Need::SupportedCycles => "supported-cycles",
            Need::FaultInjection => "fault-injection",
            Need::StubData => "stub-data",
        }
    }

    /// The profile keys that meet it, as the README's needs table shows them.
    pub fn profile_keys(self) -> &'static str {
        match self {
            Need::HuaweiCredentials => "[huawei] token, or ak and sk",
            Need::AkSk => "[huawei] ak and sk",
            Need::ForbiddenToken => "[huawei] forbidden_token",
            Need::ApigInstance => "[huawei.apig] instance_id",
            Need::ApigTargetSpec => "[huawei.apig] target_spec_id",
            Need::CphServer => "[huawei.cph] server_id",
            Need::CphTargetFlavor => "[huawei.cph] server_model_name and phone_model_name",
            Need::HostwayCredentials => "[hostway]",
            Need::OwnerCookie => "[hostway-orders]",
            Need::ForbiddenOwner => "[hostway-orders] forbidden_owner_id",
            Need::UnsupportedCycle => "[hostway-orders] unsupported_billing_cycle",
            Need::SupportedCycles => "[hostway-orders] supported_billing_cycles",
            Need::FaultInjection => "[faults] header",
            Need::StubData => "[stub] seeded = true (only the bundled stub's own profile)",
        }
    }

    /// Whether `p` meets it.
    pub fn is_met(self, p: &Profile) -> bool {
        let h = p.huawei.as_ref();
        let o = p.hostway_orders.as_ref();
        match self {
            Need::HuaweiCredentials => h.is_some_and(|h| h.token.is_some() || (h.ak.is_some() && h.sk.is_some())),
            Need::AkSk => h.is_some_and(|h| h.ak.is_some() && h.sk.is_some()),
            Need::ForbiddenToken => h.is_some_and(|h| h.forbidden_token.is_some()),
            Need::ApigInstance => h.is_some_and(|h| h.apig.is_some()),
            Need::ApigTargetSpec => h.and_then(|h| h.apig.as_ref()).is_some_and(|a| a.target_spec_id.is_some()),
            Need::CphServer => h.is_some_and(|h| h.cph.is_some()),
            Need::CphTargetFlavor => h
                .and_then(|h| h.cph.as_ref())
                .is_some_and(|c| c.server_model_name.is_some() && c.phone_model_name.is_some()),
            Need::HostwayCredentials => p.hostway.is_some(),
            Need::OwnerCookie => o.is_some(),
            Need::ForbiddenOwner => o.is_some_and(|o| o.forbidden_owner_id.is_some()),
            Need::UnsupportedCycle => o.is_some_and(|o| o.unsupported_billing_cycle.is_some()),
            Need::SupportedCycles => {
                o.is_some_and(|o| o.supported_billing_cycles.as_ref().is_some_and(|c| !c.is_empty()))
            }
            Need::FaultInjection => p.faults.is_some(),
            Need::StubData => p.stub.as_ref().is_some_and(|s| s.seeded),
        }
    }

    /// Why `p` cannot meet it; `None` when it can.
    pub fn lacking(self, p: &Profile) -> Option<String> {
        (!self.is_met(p)).then(|| self.reason())
    }

    /// The reason a scenario needing it is skipped: `the profile gives no …`.
    pub fn reason(self) -> String {
        format!("the profile gives no {}", self.profile_keys())
    }

    /// The error of a step that used it without the scenario being tagged for it.
    pub fn unmet_message(self) -> String {
        format!("{} (the scenario should be tagged @needs-{})", self.reason(), self.key())
    }
}

impl fmt::Display for Need {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A tag key that names no need.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown need `{0}` (known: {known})", known = Need::ALL.map(Need::key).join(", "))]
pub struct UnknownNeed(pub String);

impl FromStr for Need {
    type Err = UnknownNeed;

    /// Parses a key (`apig-instance`), with or without the `needs-` prefix.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.strip_prefix("needs-").unwrap_or(s);
        Need::ALL.into_iter().find(|n| n.key() == key).ok_or_else(|| UnknownNeed(s.to_string()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::Need;

    #[test]
    fn keys_parse_back_and_are_unique() {
        for n in Need::ALL {
            assert_eq!(n.key().parse::<Need>(), Ok(n));
            assert_eq!(format!("needs-{n}").parse::<Need>(), Ok(n));
        }
        let mut keys: Vec<&str> = Need::ALL.iter().map(|n| n.key()).collect();
        keys.dedup();
        assert_eq!(keys.len(), Need::ALL.len());
    }

    #[test]
    fn an_unknown_key_lists_the_known_ones() {
        let e = "apig".parse::<Need>().unwrap_err().to_string();
        assert!(e.contains("unknown need `apig`") && e.contains("apig-instance, apig-target-spec"), "{e}");
    }

    #[test]
    fn an_empty_profile_meets_nothing() {
        let p = crate::Profile::default();
        for n in Need::ALL {
            assert_eq!(n.lacking(&p), Some(n.reason()), "{n}");
        }
    }
}
