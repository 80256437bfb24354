//! What a run needs to know of the resource an operation changes, read from its fixture: the
//! attributes a success sets and the body pointers they come from (`responses[].state.set`),
//! the values its `change` bindings change (each an attribute of the operation's `resource`,
//! with the profile keys of its target and of its value at the start), the resource's path as
//! a request addresses it, the account resource the profile names (its path rendered from the
//! profile's bindings, when no value of it is one the run creates), the request that sets it
//! back, and how long a change of it takes to complete.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::bind::{BindContext, as_text, resolve};
use crate::load::Operation;
use crate::meets::{At, Source};
use crate::model::Direction;
use crate::profile::Profile;

/// One value a `change` binding changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changed<'a> {
    /// The body pointer it goes to.
    pub pointer: &'a str,
    /// The resource's attribute a success sets from it.
    pub attribute: &'a str,
    /// The profile key of the value to change to.
    pub target: &'a str,
    /// The profile key of the resource's value at the start of a run.
    pub current: Option<&'a str>,
}

impl Operation {
    /// The attributes a success sets on the addressed resource, each with the body pointer it
    /// comes from: every 2xx's `state.set`, each attribute once, in attribute order.
    pub fn sets(&self) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = Vec::new();
        let sets = self.contract().responses.iter().filter(|r| (200..300).contains(&r.status));
        for (attr, at) in sets.filter_map(|r| r.state.as_ref()).flat_map(|s| s.set.iter()) {
            if let At::Body(p) = at
                && !out.iter().any(|(a, _)| a == attr)
            {
                out.push((attr.as_str(), p.as_str()));
            }
        }
        out
    }

    /// The values the operation's `change` bindings change, in binding order; a binding whose
    /// pointer no success sets is left out (the loader refuses such a fixture).
    pub fn changes(&self) -> Vec<Changed<'_>> {
        let sets = self.sets();
        self.contract()
            .bindings
            .iter()
            .filter_map(|b| {
                let (At::Body(pointer), Source::Change { target, current }) = (&b.at, &b.from) else { return None };
                let (attribute, _) = sets.iter().find(|(_, p)| p == pointer)?;
                Some(Changed { pointer, attribute, target, current: current.as_deref() })
            })
            .collect()
    }

    /// The request example that sets the resource back: the resource's `restore`, else the
    /// first request example that has every change binding's pointer.
    pub fn restore_example(&self) -> Option<&str> {
        let c = self.contract();
        if let Some(name) = c.resource.as_ref().and_then(|r| r.restore.as_deref()) {
            return Some(name);
        }
        let changes = self.changes();
        c.examples
            .iter()
            .filter(|e| e.direction == Direction::Request)
            .find(|e| e.body.as_ref().is_some_and(|b| changes.iter().all(|ch| b.pointer(ch.pointer).is_some())))
            .map(|e| e.name.as_str())
    }

    /// The path of the resource a request with these path parameters and this body addresses
    /// (`/v2/p1/apigw/instances/i1`); `None` without a resource, or when a value is missing.
    pub fn resource_path(&self, params: &BTreeMap<String, String>, body: Option<&Value>) -> Option<String> {
        let template = &self.contract().resource.as_ref()?.path;
        fill(template, |name| match name.strip_prefix("body:") {
            Some(p) => body?.pointer(p).map(as_text),
            None => params.get(name).cloned(),
        })
    }

    /// The resource of the account the profile names: the resource's path rendered from the
    /// profile's bindings. `None` without a resource, when the profile lacks a value of it, or
    /// when a value names a resource the run creates (that is no resource of the account).
    pub fn account_resource(&self, p: &Profile) -> Option<String> {
        let c = self.contract();
        let template = &c.resource.as_ref()?.path;
        let cx = BindContext { harmless: false, run_id: "", created: &[] };
        fill(template, |name| {
            let at = match name.strip_prefix("body:") {
                Some(ptr) => At::Body(ptr.to_string()),
                None => At::Path(name.to_string()),
            };
            let b = c.bindings.iter().find(|b| b.at == at)?;
            if matches!(b.from, Source::Created(_)) {
                return None;
            }
            resolve(&b.from, None, p, &cx, &mut Vec::new()).ok().map(|v| as_text(&v))
        })
    }

    /// The seconds a run waits between two changes of the resource, against a real target:
    /// the profile's `[<section>] settle_seconds`, else the fixture's `resource.settle`, else 0.
    pub fn settle_seconds(&self, p: &Profile) -> u64 {
        let c = self.contract();
        p.settle_seconds(&c.section)
            .unwrap_or_else(|| c.resource.as_ref().and_then(|r| r.settle.as_ref()).map_or(0, |s| s.seconds))
    }
}

/// `template` with each `{name}` replaced by `value(name)`; `None` when one has none.
fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        out.push_str(&rest[..open]);
        out.push_str(&value(&rest[open + 1..close])?);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use crate::{Contracts, Profile, default_fixtures_dir};

    #[test]
    fn each_change_binding_names_the_attribute_it_changes_and_the_resource_is_the_profiles() {
        let contracts = Contracts::load(default_fixtures_dir()).unwrap();
        let cph = contracts.operation("huawei-cph/change-server-model").unwrap();
        let changes: Vec<(&str, &str, Option<&str>)> =
            cph.changes().iter().map(|c| (c.pointer, c.attribute, c.current)).collect();
        assert_eq!(
            changes,
            [
                ("/server_model_name", "server_model_name", Some("huawei.cph.current_server_model_name")),
                ("/phone_model_name", "phone_model_name", Some("huawei.cph.current_phone_model_name")),
            ]
        );
        assert_eq!(cph.restore_example(), Some("change-flavor"));
        let p = Profile::parse(
            "[huawei]\nproject_id = \"p1\"\n[huawei.cph]\nserver_id = \"s1\"\nsettle_seconds = 7\n",
            "p",
            |_| None,
            contracts.keys(),
        )
        .unwrap();
        assert_eq!(cph.account_resource(&p).as_deref(), Some("/v1/p1/cloud-phone/servers/s1"));
        assert_eq!(cph.settle_seconds(&p), 7);
        assert_eq!(cph.settle_seconds(&Profile::default()), 120, "the page's \"about 2 minutes\"");
        let params = BTreeMap::from([("project_id".to_string(), "p1".to_string())]);
        let path = cph.resource_path(&params, Some(&json!({"server_id": "x"})));
        assert_eq!(path.as_deref(), Some("/v1/p1/cloud-phone/servers/x"));
        assert_eq!(cph.resource_path(&params, None), None);

        let update = contracts.operation("hostway-orders/update-service").unwrap();
        assert!(update.changes().is_empty());
        assert_eq!(
            update.sets(),
            [("associatedTo", "/associatedTo"), ("billingCycle", "/billingCycle"), ("name", "/name")]
        );
        let every = Profile::every_key(contracts.keys());
        assert_eq!(update.account_resource(&every), None, "a service the run adds is no resource of the account");
        let action = contracts.operation("hostway/service-action").unwrap();
        assert_eq!(action.restore_example(), Some("change"));
        assert_eq!(action.settle_seconds(&Profile::default()), 0);
    }
}
