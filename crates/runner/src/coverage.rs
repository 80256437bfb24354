//! Docs coverage and tag hygiene, as data a test can assert on: every documented status and
//! every documented example in the fixtures must have a scenario tagged for it
//! (`@status-<code>` / `@example-<name>` with its operation's tags), every such tag must name
//! something the contract has, and every scenario must carry the `@needs-…` its steps imply.

use conformance_contract::Contracts;
use regex::Regex;

use crate::plan::Plan;

/// What the docs document and no scenario checks, one line each (empty when complete).
pub fn coverage_gaps(contracts: &Contracts, plan: &Plan) -> Vec<String> {
    let mut gaps = Vec::new();
    for op in contracts.operations() {
        let c = op.contract();
        let tagged = |tag: &str| {
            plan.scenarios()
                .any(|(f, s)| f.vendor == c.vendor && f.operation == c.operation && s.tags.iter().any(|t| t == tag))
        };
        for r in c.responses.iter().filter(|r| r.documented) {
            if !tagged(&format!("status-{}", r.status)) {
                gaps.push(format!(
                    "{}: documented status {} ({}) has no scenario tagged @status-{}",
                    c.id, r.status, r.meaning, r.status
                ));
            }
        }
        for e in c.examples.iter().filter(|e| e.is_documented()) {
            if !tagged(&format!("example-{}", e.name)) {
                gaps.push(format!(
                    "{}: documented example {:?} has no scenario tagged @example-{}",
                    c.id, e.name, e.name
                ));
            }
        }
    }
    gaps
}

/// Tags that name no status or example of their operation, and scenarios missing the
/// `@needs-…` their steps imply, one line each (empty when clean).
pub fn tag_problems(contracts: &Contracts, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    for (f, s) in plan.scenarios() {
        let Some(op) = contracts.operation(&format!("{}/{}", f.vendor, f.operation)) else { continue };
        for t in &s.tags {
            let known = t == &f.vendor
                || t == &f.operation
                || t == "serial"
                || ["status-", "example-", "needs-"].iter().any(|p| t.starts_with(p));
            if !known {
                out.push(format!("{}: @{t} is not in the tag vocabulary", s.id));
            }
            if let Some(code) = t.strip_prefix("status-") {
                let known = code == "4xx" || code.parse::<u16>().ok().and_then(|c| op.response(c)).is_some();
                if !known {
                    out.push(format!("{}: @{t} is not a status of {}", s.id, op.id()));
                }
            }
            if let Some(name) = t.strip_prefix("example-")
                && op.example(name).is_none()
            {
                out.push(format!("{}: @{t} is not an example of {}", s.id, op.id()));
            }
        }
        for need in implied_needs(&f.vendor, s.steps.iter().map(|(_, text, _)| text.as_str())) {
            if !s.needs.iter().any(|n| n == need) {
                out.push(format!("{}: its steps need @needs-{need}", s.id));
            }
        }
    }
    out
}

/// The needs a vendor's scenarios and these step texts imply.
pub fn implied_needs<'a>(vendor: &str, steps: impl Iterator<Item = &'a str>) -> Vec<&'static str> {
    let table: [(&str, &'static str); 9] = [
        (r"token with permission$", "huawei-credentials"),
        (r"token without permission$", "forbidden-token"),
        (r"^AK/SK signing", "ak-sk"),
        (r"^valid Hostway credentials$", "hostway-credentials"),
        (r"^the order owner's cookie$|^a service added to the order$|^I add a service to the order$", "owner-cookie"),
        (r"^an OwnerId cookie without permission$", "forbidden-owner"),
        (r"unsupported billing cycle$", "unsupported-cycle"),
        (r"with the documented fault \d+ injected$", "fault-injection"),
        (r#"documented example request "update-name-and-cycle"$"#, "hostway-credentials"),
    ];
    let mut needs: Vec<&'static str> = match vendor {
        "huawei-apig" => vec!["apig-instance"],
        "huawei-cph" => vec!["cph-server"],
        "hostway" => vec!["hostway-credentials"],
        "hostway-orders" => vec!["owner-cookie"],
        _ => Vec::new(),
    };
    let steps: Vec<&str> = steps.collect();
    for (pattern, need) in table {
        let Ok(re) = Regex::new(pattern) else { continue };
        if steps.iter().any(|s| re.is_match(s)) && !needs.contains(&need) {
            // Removing associatedTo before sending lifts the account-service need.
            let lifted = need == "hostway-credentials"
                && vendor == "hostway-orders"
                && steps.contains(&r#"the field "associatedTo" is removed"#);
            if !lifted {
                needs.push(need);
            }
        }
    }
    needs
}
