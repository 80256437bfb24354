//! The plan says the risks before the first request (issue 24): the scenarios that sign with
//! the real AK and a wrong secret key, and the lockout they risk; the restores, counted in the
//! headline; per resource, what each billable request costs in the page's words.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;
use crate::real_target::{ALLOW_ALL, FULL};

async fn planned(toml: &str, tags: &str) -> String {
    let (_dir, path) = common::profile_file(toml);
    let (mut opts, capture) = common::quiet();
    (opts.base_url, opts.profile, opts.tags) = (Some("http://127.0.0.1:9".into()), Some(path), Some(tags.into()));
    opts.dry_run = true;
    // Not quiet: -q leaves the plan's scenario list out.
    opts.quiet = false;
    conformance_runner::run(opts).await.expect("plans");
    capture.lock().unwrap().clone()
}

#[tokio::test]
async fn the_plan_names_the_wrong_signatures_the_restores_and_the_costs() {
    let text = planned(&format!("{FULL}{ALLOW_ALL}"), "@huawei-apig or @huawei-cph").await;
    let risk = text.lines().find(|l| l.contains("risk: ")).unwrap_or_else(|| panic!("no risk line:\n{text}"));
    assert!(risk.contains("spend the account's wrong-signature allowance of [huawei] ak"), "{risk}");
    assert!(risk.contains("locks an AK/SK pair for five minutes"), "{risk}");
    assert!(
        text.contains("    - huawei-apig/postpaid-resize.feature::A resize signed with a wrong secret key"),
        "{text}"
    );
    assert!(text.contains("each billable request creates a specification change order"), "{text}");
    let listed =
        text.lines().find(|l| l.contains("] huawei-apig/postpaid-resize.feature::A resize signed with a wrong"));
    assert!(
        listed.is_some_and(|l| l.ends_with("; it spends the account's wrong-signature allowance of [huawei] ak")),
        "{listed:?}"
    );
    assert!(text.contains("each billable request creates an order: an upgrade is paid extra"), "{text}");

    // A token only: the resize up is set back by a restore, counted in the headline.
    let text = planned(common::APIG, "@postpaid-resize and @status-202").await;
    let headline = text.lines().find(|l| l.starts_with("plan: ")).unwrap();
    assert!(
        headline.contains("up to 2 may create an order or a charge (1 of them the restores at the end)"),
        "{headline}"
    );
}
