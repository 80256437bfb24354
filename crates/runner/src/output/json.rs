//! Cucumber JSON, the format cucumber's own JSON writer and CI tools read: features with
//! `uri`, `elements` (scenarios) and `steps`, each step with a `result` whose `status` is
//! `passed`, `failed`, `skipped` or `undefined` and whose `duration` is in nanoseconds. A
//! scenario skipped for unmet needs has every step `skipped`, the first carrying the reason
//! as its `error_message`; a failed step's `error_message` is the failure's whole message
//! (location, step, reason, detail, exchange). A scenario's notes (members the pages do not
//! show) and what it did to the account (the terminal's words) are the `output` of its last
//! step that ran. Each feature's `uri` is its path under the features folder the run used.

use conformance_contract::Redacted;
use serde_json::{Value, json};

use crate::report::{Outcome, Report, StepStatus};

fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

fn tags(tags: &[String], line: usize) -> Value {
    tags.iter().map(|t| json!({ "name": format!("@{t}"), "line": line })).collect()
}

/// The (redacted) report as cucumber JSON.
pub fn render(report: &Redacted<Report>) -> String {
    let uri_prefix = if report.features_root.is_empty() { String::new() } else { format!("{}/", report.features_root) };
    let mut features = Vec::new();
    for f in &report.features {
        let mut elements = Vec::new();
        for s in report.scenarios.iter().filter(|s| s.feature == f.path) {
            let message = match &s.outcome {
                Outcome::Passed => None,
                Outcome::Failed(f) | Outcome::Errored(f) => Some(f.message()),
                Outcome::Skipped { reason } => Some(format!("skipped: {reason}")),
            };
            let skipped = matches!(s.outcome, Outcome::Skipped { .. });
            let last_ran = s.steps.iter().rposition(|st| st.status != StepStatus::Skipped);
            let steps: Vec<Value> = s
                .steps
                .iter()
                .enumerate()
                .map(|(i, st)| {
                    let status = match st.status {
                        StepStatus::Passed => "passed",
                        StepStatus::Failed => "failed",
                        StepStatus::Skipped => "skipped",
                        StepStatus::Undefined => "undefined",
                    };
                    let mut result = json!({ "status": status, "duration": st.duration.as_nanos() as u64 });
                    let carries = st.status == StepStatus::Failed || (skipped && i == 0);
                    if let (true, Some(m)) = (carries, &message) {
                        result["error_message"] = Value::String(m.clone());
                    }
                    let mut step = json!({
                        "keyword": st.keyword,
                        "name": st.text,
                        "line": st.line,
                        "result": result,
                    });
                    let account: Vec<String> = report.account_of(&s.id).map(|a| a.line()).collect();
                    if last_ran == Some(i) && !(s.notes.is_empty() && account.is_empty()) {
                        let notes = s.notes.iter().map(|n| format!("note: {n}"));
                        step["output"] = Value::Array(notes.chain(account).map(Value::String).collect());
                    }
                    step
                })
                .collect();
            let name = &s.name;
            elements.push(json!({
                "id": format!("{};{}", slug(&f.name), slug(name)),
                "keyword": "Scenario",
                "type": "scenario",
                "name": name,
                "description": "",
                "line": s.line,
                "tags": tags(&s.tags, s.line),
                "steps": steps,
            }));
        }
        if elements.is_empty() {
            continue;
        }
        features.push(json!({
            "uri": format!("{uri_prefix}{}", f.path),
            "id": slug(&f.name),
            "keyword": "Feature",
            "name": f.name,
            "description": "",
            "line": f.line,
            "tags": tags(&f.tags, f.line),
            "elements": elements,
        }));
    }
    serde_json::to_string_pretty(&Value::Array(features)).unwrap_or_else(|_| "[]".into())
}
