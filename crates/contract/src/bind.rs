//! How a profile's values go into a request: path parameters, the example values that name
//! the target's resources or test data (a gateway's target or current specification, the
//! flavors to change to, the billing cycles a service supports, created services' names with
//! a per-run suffix), `{placeholders}` of URLs in example bodies, each vendor's base URL and
//! its extra headers. Each function pushes the [`Need`]s it used to `used`, so a run can check
//! scenario tags against the needs really used.

use serde_json::Value;

use crate::need::Need;
use crate::profile::Profile;

/// The name of created services when the profile gives no `service_name`.
pub const DEFAULT_SERVICE_NAME: &str = "conformance";

/// How example values are bound for one scenario.
#[derive(Debug, Clone, Copy)]
pub struct Binding<'a> {
    /// The scenario expects a refusal (`@effect-none`): ask for the resource's current
    /// specification or flavor where the profile names one, so a target that wrongly accepts
    /// the request changes nothing.
    pub harmless: bool,
    /// The run's id, appended to the names of created services.
    pub run_id: &'a str,
}

/// A value could not be bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    /// The profile does not meet a need the request uses.
    #[error("{}", .0.unmet_message())]
    Unmet(Need),
    /// Anything else (a placeholder with no value).
    #[error("{0}")]
    Other(String),
}

fn vendor(op: &str) -> &str {
    op.split('/').next().unwrap_or_default()
}

fn set(body: &mut Value, pointer: &str, value: impl Into<Value>) {
    if let Some(slot) = body.pointer_mut(pointer) {
        *slot = value.into();
    }
}

impl Profile {
    /// Records `need` as used; `Err` when this profile does not meet it.
    pub fn need(&self, need: Need, used: &mut Vec<Need>) -> Result<(), BindError> {
        used.push(need);
        if need.is_met(self) { Ok(()) } else { Err(BindError::Unmet(need)) }
    }

    /// The value of path parameter `name` of operation `op` (`huawei-apig/postpaid-resize`).
    pub fn path_param(&self, op: &str, name: &str, used: &mut Vec<Need>) -> Result<String, BindError> {
        let h = self.huawei.as_ref();
        let (w, o) = (self.hostway.as_ref(), self.hostway_orders.as_ref());
        let (need, value) = match (vendor(op), name) {
            ("huawei-apig", "project_id") => (Need::ApigInstance, h.map(|h| h.project_id.clone())),
            ("huawei-apig", "instance_id") => {
                (Need::ApigInstance, h.and_then(|h| h.apig.as_ref()).map(|a| a.instance_id.clone()))
            }
            ("huawei-cph", "project_id") => (Need::CphServer, h.map(|h| h.project_id.clone())),
            ("hostway", "accountId") => (Need::HostwayCredentials, w.map(|w| w.account_id.clone())),
            ("hostway", "productId") => (Need::HostwayCredentials, w.map(|w| w.product_id.clone())),
            ("hostway", "serviceId") => (Need::HostwayCredentials, w.map(|w| w.service_id.clone())),
            ("hostway-orders", "orderId") => (Need::OwnerCookie, o.map(|o| o.order_id.clone())),
            ("hostway-orders", "productId") => (Need::OwnerCookie, o.map(|o| o.product_id.clone())),
            _ => {
                return Err(BindError::Other(format!(
                    "no value for path parameter {name} of {op}: add a service first"
                )));
            }
        };
        self.need(need, used)?;
        value.ok_or(BindError::Unmet(need))
    }

    /// Replaces the values of a request example of `op` that name the target's resources or
    /// test data with the profile's.
    pub fn bind_example(
        &self,
        body: &mut Value,
        op: &str,
        b: Binding<'_>,
        used: &mut Vec<Need>,
    ) -> Result<(), BindError> {
        let h = self.huawei.as_ref();
        match vendor(op) {
            "huawei-apig" if body.pointer("/spec_id").is_some() => {
                let apig = h.and_then(|h| h.apig.as_ref());
                let spec = if b.harmless {
                    apig.and_then(|a| a.current_spec_id.clone().or_else(|| a.target_spec_id.clone()))
                } else {
                    self.need(Need::ApigTargetSpec, used)?;
                    Some(apig.and_then(|a| a.target_spec_id.clone()).ok_or(BindError::Unmet(Need::ApigTargetSpec))?)
                };
                if let Some(spec) = spec {
                    set(body, "/spec_id", spec);
                }
            }
            "huawei-cph" => {
                let cph = h.and_then(|h| h.cph.as_ref());
                if body.pointer("/server_id").is_some() {
                    self.need(Need::CphServer, used)?;
                    set(body, "/server_id", cph.map(|c| c.server_id.clone()).ok_or(BindError::Unmet(Need::CphServer))?);
                }
                let pair = |a: &Option<String>, b: &Option<String>| a.clone().zip(b.clone());
                let flavor = if b.harmless {
                    cph.and_then(|c| {
                        pair(&c.current_server_model_name, &c.current_phone_model_name)
                            .or_else(|| pair(&c.server_model_name, &c.phone_model_name))
                    })
                } else if body.pointer("/server_model_name").is_some() {
                    self.need(Need::CphTargetFlavor, used)?;
                    let target = cph.and_then(|c| pair(&c.server_model_name, &c.phone_model_name));
                    Some(target.ok_or(BindError::Unmet(Need::CphTargetFlavor))?)
                } else {
                    None
                };
                if let Some((server, phone)) = flavor {
                    set(body, "/server_model_name", server);
                    set(body, "/phone_model_name", phone);
                }
            }
            "hostway" if body.pointer("/actionData/targetServiceSpecification").is_some() => {
                self.need(Need::HostwayCredentials, used)?;
                let spec = self.hostway.as_ref().map(|w| w.target_service_specification.clone());
                set(
                    body,
                    "/actionData/targetServiceSpecification",
                    spec.ok_or(BindError::Unmet(Need::HostwayCredentials))?,
                );
            }
            "hostway-orders" => {
                let o = self.hostway_orders.as_ref();
                if body.pointer("/serviceSpecification").is_some() {
                    self.need(Need::OwnerCookie, used)?;
                    let spec = o.map(|o| o.service_specification.clone());
                    set(body, "/serviceSpecification", spec.ok_or(BindError::Unmet(Need::OwnerCookie))?);
                }
                let prefix = o.and_then(|o| o.service_name.as_deref()).unwrap_or(DEFAULT_SERVICE_NAME);
                set(body, "/name", format!("{prefix}-{}", b.run_id));
                let cycles = o.and_then(|o| o.supported_billing_cycles.as_deref()).unwrap_or_default();
                // A new service gets the first supported cycle, an update the last one.
                let cycle = if op.ends_with("/add-service") { cycles.first() } else { cycles.last() };
                if let Some(c) = cycle {
                    set(body, "/billingCycle", *c);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The smallest (`largest == false`) or largest billing cycle the added service supports.
    pub fn supported_cycle(&self, largest: bool, used: &mut Vec<Need>) -> Result<u32, BindError> {
        self.need(Need::SupportedCycles, used)?;
        let cycles = self.hostway_orders.as_ref().and_then(|o| o.supported_billing_cycles.as_ref());
        let pick = cycles.and_then(|c| if largest { c.iter().max() } else { c.iter().min() });
        pick.copied().ok_or(BindError::Unmet(Need::SupportedCycles))
    }

    /// Fills the `{orderId}`-style placeholders of a URL in an example body; `first_service`
    /// is the service the scenario added first (order-service URLs name it).
    pub fn fill(&self, s: &str, first_service: Option<&str>, used: &mut Vec<Need>) -> Result<String, BindError> {
        if !s.contains('{') {
            return Ok(s.to_string());
        }
        let mut vars: Vec<(&str, String)> = Vec::new();
        if s.contains("/orders/") {
            self.need(Need::OwnerCookie, used)?;
            let o = self.hostway_orders.as_ref().ok_or(BindError::Unmet(Need::OwnerCookie))?;
            vars.push(("{orderId}", o.order_id.clone()));
            vars.push(("{productId}", o.product_id.clone()));
            if let Some(first) = first_service {
                vars.push(("{serviceId}", first.to_string()));
            } else if s.contains("{serviceId}") {
                return Err(BindError::Other(format!(
                    "{s:?} names a service in the order: add one first (\"a service added to the order\")"
                )));
            }
        } else if s.contains("/accounts/") {
            self.need(Need::HostwayCredentials, used)?;
            let h = self.hostway.as_ref().ok_or(BindError::Unmet(Need::HostwayCredentials))?;
            vars.push(("{accountId}", h.account_id.clone()));
            vars.push(("{productId}", h.product_id.clone()));
            vars.push(("{serviceId}", h.service_id.clone()));
        }
        let filled = vars.iter().fold(s.to_string(), |acc, (k, v)| acc.replace(k, v));
        match filled.find('{').zip(filled.find('}')) {
            Some((a, b)) if a < b => {
                Err(BindError::Other(format!("no value for placeholder {} in {s:?}", &filled[a..=b])))
            }
            _ => Ok(filled),
        }
    }

    /// [`Profile::fill`] on every string of a JSON value.
    pub fn fill_json(&self, v: &mut Value, first_service: Option<&str>, used: &mut Vec<Need>) -> Result<(), BindError> {
        match v {
            Value::String(s) => *s = self.fill(s, first_service, used)?,
            Value::Array(a) => a.iter_mut().try_for_each(|x| self.fill_json(x, first_service, used))?,
            Value::Object(o) => o.values_mut().try_for_each(|x| self.fill_json(x, first_service, used))?,
            _ => {}
        }
        Ok(())
    }

    /// The base URL the profile gives for `op`'s vendor (`[huawei.apig] base_url`, …); `None`:
    /// the run's.
    pub fn base_url_for(&self, op: &str) -> Option<&str> {
        let h = self.huawei.as_ref();
        let url = match vendor(op) {
            "huawei-apig" => h.and_then(|h| h.apig.as_ref()).and_then(|a| a.base_url.as_deref()),
            "huawei-cph" => h.and_then(|h| h.cph.as_ref()).and_then(|c| c.base_url.as_deref()),
            "hostway" => self.hostway.as_ref().and_then(|w| w.base_url.as_deref()),
            "hostway-orders" => self.hostway_orders.as_ref().and_then(|o| o.base_url.as_deref()),
            _ => None,
        };
        url.map(|u| u.trim_end_matches('/'))
    }

    /// Each vendor section the profile has, by the operation vendor it serves
    /// (`huawei-apig`, …), with the base URL it gives, if any.
    pub fn vendor_base_urls(&self) -> Vec<(&'static str, Option<&str>)> {
        let h = self.huawei.as_ref();
        let mut out = Vec::new();
        if let Some(a) = h.and_then(|h| h.apig.as_ref()) {
            out.push(("huawei-apig", a.base_url.as_deref()));
        }
        if let Some(c) = h.and_then(|h| h.cph.as_ref()) {
            out.push(("huawei-cph", c.base_url.as_deref()));
        }
        if let Some(w) = &self.hostway {
            out.push(("hostway", w.base_url.as_deref()));
        }
        if let Some(o) = &self.hostway_orders {
            out.push(("hostway-orders", o.base_url.as_deref()));
        }
        out.into_iter().map(|(v, u)| (v, u.map(|u| u.trim_end_matches('/')))).collect()
    }

    /// The extra headers every request of `op` carries (signed with AK/SK): Huawei's
    /// `X-Project-Id` and `X-Security-Token`.
    pub fn extra_headers(&self, op: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(h) = self.huawei.as_ref().filter(|_| vendor(op).starts_with("huawei-")) {
            if h.project_id_header {
                out.push(("X-Project-Id".to_string(), h.project_id.clone()));
            }
            if let Some(t) = &h.security_token {
                out.push(("X-Security-Token".to_string(), t.expose().to_string()));
            }
        }
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use serde_json::json;

    use super::{BindError, Binding};
    use crate::{Need, Profile};

    fn profile() -> Profile {
        Profile::parse(
            r#"
            [huawei]
            project_id = "p1"
            project_id_header = true
            security_token = "st"
            [huawei.apig]
            base_url = "https://apig.example/"
            instance_id = "i1"
            target_spec_id = "ENTERPRISE"
            current_spec_id = "BASIC"
            [huawei.cph]
            server_id = "s1"
            server_model_name = "target.server"
            phone_model_name = "target.phone"
            [hostway-orders]
            owner_id = "o"
            order_id = "ord"
            product_id = "prod"
            service_specification = "spec"
            supported_billing_cycles = [3, 24]
            service_name = "mine"
            "#,
            "t",
            |_| None,
        )
        .unwrap()
    }

    const RUN: Binding<'static> = Binding { harmless: false, run_id: "r1" };

    #[test]
    fn a_refusal_asks_for_the_current_specification_and_a_change_for_the_target() {
        let p = profile();
        let mut used = Vec::new();
        let mut body = json!({"spec_id": "PROFESSIONAL"});
        p.bind_example(&mut body, "huawei-apig/postpaid-resize", RUN, &mut used).unwrap();
        assert_eq!(body, json!({"spec_id": "ENTERPRISE"}));
        assert_eq!(used, [Need::ApigTargetSpec]);
        let mut used = Vec::new();
        let harmless = Binding { harmless: true, ..RUN };
        p.bind_example(&mut body, "huawei-apig/postpaid-resize", harmless, &mut used).unwrap();
        assert_eq!(body, json!({"spec_id": "BASIC"}));
        assert!(used.is_empty());
    }

    #[test]
    fn flavors_cycles_and_names_come_from_the_profile() {
        let p = profile();
        let mut used = Vec::new();
        let mut cph = json!({"server_id": "x", "server_model_name": "a", "phone_model_name": "b"});
        p.bind_example(&mut cph, "huawei-cph/change-server-model", RUN, &mut used).unwrap();
        assert_eq!(
            cph,
            json!({"server_id": "s1", "server_model_name": "target.server", "phone_model_name": "target.phone"})
        );
        assert_eq!(used, [Need::CphServer, Need::CphTargetFlavor]);
        let mut add = json!({"name": "john.smith1", "serviceSpecification": "x", "billingCycle": 1});
        p.bind_example(&mut add, "hostway-orders/add-service", RUN, &mut used).unwrap();
        assert_eq!(add, json!({"name": "mine-r1", "serviceSpecification": "spec", "billingCycle": 3}));
        let mut update = json!({"name": "Service Name", "billingCycle": 12});
        p.bind_example(&mut update, "hostway-orders/update-service", RUN, &mut used).unwrap();
        assert_eq!(update, json!({"name": "mine-r1", "billingCycle": 24}));
        assert_eq!(p.supported_cycle(true, &mut used), Ok(24));
    }

    #[test]
    fn a_missing_need_is_named() {
        let p = Profile::default();
        let mut used = Vec::new();
        let mut body = json!({"spec_id": "PROFESSIONAL"});
        let e = p.bind_example(&mut body, "huawei-apig/postpaid-resize", RUN, &mut used).unwrap_err();
        assert_eq!(e, BindError::Unmet(Need::ApigTargetSpec));
        assert!(e.to_string().contains("[huawei.apig] target_spec_id"), "{e}");
        assert_eq!(
            p.path_param("hostway/service-action", "accountId", &mut used),
            Err(BindError::Unmet(Need::HostwayCredentials))
        );
    }

    #[test]
    fn endpoints_and_headers_are_per_vendor() {
        let p = profile();
        assert_eq!(p.base_url_for("huawei-apig/postpaid-resize"), Some("https://apig.example"));
        assert_eq!(p.base_url_for("huawei-cph/change-server-model"), None);
        let headers = p.extra_headers("huawei-cph/change-server-model");
        assert_eq!(headers, [("X-Project-Id".into(), "p1".into()), ("X-Security-Token".into(), "st".into())]);
        assert!(p.extra_headers("hostway-orders/add-service").is_empty());
        assert!(p.secrets().contains(&"st".to_string()));
    }

    #[test]
    fn placeholders_are_filled_from_the_profile_and_the_first_service() {
        let p = profile();
        let mut used = Vec::new();
        let url = "https://x/orders/{orderId}/account/products/{productId}/services/{serviceId}";
        assert_eq!(
            p.fill(url, Some("s9"), &mut used).unwrap(),
            "https://x/orders/ord/account/products/prod/services/s9"
        );
        assert!(matches!(p.fill(url, None, &mut used), Err(BindError::Other(_))));
        assert_eq!(
            p.fill("https://x/accounts/{accountId}", None, &mut used),
            Err(BindError::Unmet(Need::HostwayCredentials))
        );
    }
}
