//! Parallel resource chains (issue 24, item 8): what may change or charge runs as one chain
//! per resource of the account, in plan order within each chain, the chains side by side, so a
//! resource's settle wait does not hold up another's changes; `--concurrency 1` stays serial.
//! Shown by the order a loopback vendor receives the changes in, and by the plan's chains.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use conformance_runner::Report;

use crate::vendor::{REAL, Vendor};

async fn vendor_run(vendor: &Vendor, toml: &str, tags: &str, concurrency: usize) -> (Report, String) {
    crate::vendor::vendor_run(vendor, toml, tags, |opts| opts.concurrency = concurrency).await
}

/// Which resource each change went to, in the order the vendor received them.
fn order(vendor: &Vendor) -> Vec<&'static str> {
    let log = vendor.log.lock().unwrap();
    log.iter().map(|(_, p, _)| if p.ends_with("/postpaid-resize") { "gateway" } else { "phone" }).collect()
}

const TAGS: &str = "((@postpaid-resize and @status-202) or (@change-server-model and @status-200 and \
                    @example-change-flavor)) and not @needs-stub-data";

#[tokio::test]
async fn each_resource_is_a_chain_and_the_chains_run_side_by_side_unless_concurrency_is_1() {
    // AK/SK as well: each resource is changed up (token) and back (AK/SK), a wait between.
    let toml = REAL
        .replace("token = \"tok-1\"\n", "token = \"tok-1\"\nak = \"AK1\"\nsk = \"SK1\"\n")
        .replace("[huawei.apig]\n", "[huawei.apig]\nsettle_seconds = 1\n")
        .replace("[huawei.cph]\n", "[huawei.cph]\nsettle_seconds = 1\n");
    let vendor = Vendor::default();
    let (report, text) = vendor_run(&vendor, &toml, TAGS, 8).await;
    assert_eq!(report.exit_code(), 0, "{text}");
    assert!(text.contains("runs 2 chains side by side, each in plan order"), "{text}");
    assert!(text.contains("2 scenario(s), waits 1 s: cloud phone server /v1/p1/cloud-phone/servers/s1"), "{text}");
    assert!(text.contains("expected length: 1 s of settle waits (the longest chain), against 2 s one after"), "{text}");
    let got = order(&vendor);
    assert_eq!(got.len(), 4, "{got:?}\n{text}");
    // Each resource's second change waits for its first to settle; the other resource's first
    // change does not wait for it.
    let second_gateway = got.iter().rposition(|r| *r == "gateway").unwrap();
    let first_phone = got.iter().position(|r| *r == "phone").unwrap();
    assert!(first_phone < second_gateway, "side by side: {got:?}");

    let vendor = Vendor::default();
    let (report, text) = vendor_run(&vendor, &toml, TAGS, 1).await;
    assert_eq!(report.exit_code(), 0, "{text}");
    assert!(!text.contains("chains side by side"), "{text}");
    let got = order(&vendor);
    let last_gateway = got.iter().rposition(|r| *r == "gateway").unwrap();
    let first_phone = got.iter().position(|r| *r == "phone").unwrap();
    assert!(
        last_gateway < first_phone
            || got.iter().rposition(|r| *r == "phone").unwrap() < got.iter().position(|r| *r == "gateway").unwrap(),
        "one after another: {got:?}"
    );
}
