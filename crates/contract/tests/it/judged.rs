//! The strictness policy's judgements: a `volatile[]` or `instance[]` format, or a relation,
//! that names its erratum (an inference: no words of the page state it) is relaxed by default
//! to what the page supports (the value's presence and JSON type, its echo and template) and
//! reported where it would have failed, naming the erratum; under `--strict` it is a mismatch.

use crate::common::{self, Case};

use std::collections::BTreeMap;

use conformance_contract::{Checked, ExampleMismatch, check_example_as};
use serde_json::{Value, json};

/// The checks of a [`Case`] this file makes.
trait Judged {
    fn check(&self, body: &Value, strict: bool) -> Result<Checked, ExampleMismatch>;
    fn judged(&self, body: &Value, pointer: &str, erratum: &str) -> ExampleMismatch;
}

impl Judged for Case {
    fn check(&self, body: &Value, strict: bool) -> Result<Checked, ExampleMismatch> {
        check_example_as(&self.example, body, &self.context(), strict)
    }

    /// Passes by default with exactly one relaxed judgement, at `pointer` naming `erratum`, and
    /// fails under `--strict`; returns the strict mismatch.
    fn judged(&self, body: &Value, pointer: &str, erratum: &str) -> ExampleMismatch {
        let checked = self.check(body, false).unwrap_or_else(|m| panic!("a default run fails it:\n{m}"));
        assert_eq!(checked.relaxed.len(), 1, "{:?}", checked.relaxed);
        let r = &checked.relaxed[0];
        assert_eq!((r.pointer.as_str(), r.erratum.as_str()), (pointer, erratum), "{r}");
        let text = r.to_string();
        assert!(text.contains(&format!("erratum `{erratum}`")) && text.contains("--strict"), "{text}");
        self.check(body, true).expect_err("--strict holds the judgement")
    }
}

#[test]
fn the_page_s_own_values_have_no_relaxed_judgement() {
    let c = common::contracts();
    for (op, name) in [
        ("huawei-cph/change-server-model", "ok"),
        ("huawei-apig/postpaid-resize", "accepted"),
        ("hostway/service-action", "cost-fees"),
        ("hostway-orders/update-service", "bad-gateway"),
    ] {
        let case = Case::new(&c, op, name, None);
        for strict in [false, true] {
            let checked = case.check(&case.body, strict).unwrap_or_else(|m| panic!("{op} {name}:\n{m}"));
            assert_eq!(checked.relaxed, [], "{op} {name}");
        }
    }
}

#[test]
fn an_id_form_read_from_one_example_is_a_note_by_default_and_a_mismatch_under_strict() {
    let c = common::contracts();
    let cph = Case::new(&c, "huawei-cph/change-server-model", "ok", None);
    let uuid = cph.edited(|b| b["request_id"] = json!("1564567b-8bab-40f3-4711-234cb80d8574"));
    let err = cph.judged(&uuid, "/request_id", "cph-response-id-forms");
    assert_eq!(err.volatile.len(), 1, "{err}");
    assert_eq!(err.volatile[0].pointer, "/request_id");
    let order = cph.edited(|b| b["order_id"] = json!("order-42"));
    cph.judged(&order, "/order_id", "cph-response-id-forms");

    // What the page's words support still holds by default: the value is there, a string.
    let missing = cph.edited(|b| {
        b.as_object_mut().expect("object").remove("request_id");
    });
    let err = cph.check(&missing, false).expect_err("a missing request_id");
    assert!(err.volatile.iter().any(|v| v.pointer == "/request_id" && v.message == "missing"), "{err}");
    let number = cph.edited(|b| b["order_id"] = json!(17));
    let err = cph.check(&number, false).expect_err("an order id that is no string");
    assert!(err.volatile.iter().any(|v| v.pointer == "/order_id" && v.message.contains("expected a string")), "{err}");
}

#[test]
fn an_echo_and_a_template_rest_on_the_page_and_hold_by_default() {
    let c = common::contracts();
    let params: BTreeMap<String, String> =
        [("project_id", "p1"), ("instance_id", "gw-1")].map(|(k, v)| (k.to_string(), v.to_string())).into();
    let apig = Case::new(&c, "huawei-apig/postpaid-resize", "accepted", Some(params));
    // A gateway id of another form, repeated as the path names it: a note only.
    apig.judged(&apig.body, "/instance_id", "apig-response-id-forms");
    let other = apig.edited(|b| b["instance_id"] = json!("gw-2"));
    let err = apig.check(&other, false).expect_err("the answer names another gateway");
    assert!(err.volatile.iter().any(|v| v.pointer == "/instance_id" && v.message.contains("must repeat")), "{err}");
    let job = apig.edited(|b| b["job_id"] = json!("task-7"));
    let err = apig.check(&job, false).expect_err("the message no longer repeats the job id");
    assert!(err.volatile.iter().any(|v| v.pointer == "/message"), "{err}");

    let update = Case::new(&c, "hostway-orders/update-service", "bad-gateway", None);
    let upper = update.edited(|b| {
        let guid = "8CED5FE7-F6A9-4E8F-8700-CC80BB5BA7BC";
        b["computeFault"]["guid"] = json!(guid);
        b["computeFault"]["errorRefId"] = json!(guid);
    });
    update.judged(&upper, "/computeFault/guid", "update-guid-timestamp-forms");
    let iso = update.edited(|b| b["computeFault"]["timestamp"] = json!("2014-09-10T20:59:50Z"));
    update.judged(&iso, "/computeFault/timestamp", "update-guid-timestamp-forms");
    let unrelated = update.edited(|b| b["computeFault"]["errorRefId"] = json!("another"));
    assert!(update.check(&unrelated, false).is_err(), "errorRefId repeats the guid on the page");
}

#[test]
fn the_fees_relations_and_forms_are_judgements_the_json_types_are_not() {
    let c = common::contracts();
    let cost = Case::new(&c, "hostway/service-action", "cost-fees", None);
    let sum = cost.edited(|b| b["total"]["amount"] = json!("29.90"));
    let err = cost.judged(&sum, "/total/amount", "action-cost-total-arithmetic");
    assert_eq!(err.relations.len(), 1, "{err}");
    let mixed = cost.edited(|b| b["subTotal"]["currency"] = json!("EUR"));
    cost.judged(&mixed, "/subTotal/currency", "action-taxes-no-currency");
    let comma = cost.edited(|b| b["oneTimeFee"]["amount"] = json!("9,95"));
    let err = cost.judged(&comma, "/oneTimeFee/amount", "action-cost-fees-instance");
    assert_eq!(err.instance[0].pointer, "/oneTimeFee/amount", "{err}");
    let lower = cost.edited(|b| {
        for m in ["oneTimeFee", "total", "subTotal"] {
            b[m]["currency"] = json!("usd");
        }
    });
    let checked = cost.check(&lower, false).unwrap_or_else(|m| panic!("{m}"));
    let relaxed: Vec<(&str, &str)> = checked.relaxed.iter().map(|r| (r.pointer.as_str(), r.erratum.as_str())).collect();
    let e = "action-cost-fees-instance";
    assert_eq!(relaxed, [("/oneTimeFee/currency", e), ("/total/currency", e), ("/subTotal/currency", e)]);
    assert_eq!(cost.check(&lower, true).expect_err("--strict").instance.len(), 3);

    // The JSON type is the example's own, and a member the page shows stays required.
    let number = cost.edited(|b| b["total"]["amount"] = json!(19.9));
    let err = cost.check(&number, false).expect_err("a JSON number");
    assert!(err.instance.iter().any(|v| v.pointer == "/total/amount"), "{err}");
    let no_currency = cost.edited(|b| {
        b["total"].as_object_mut().expect("object").remove("currency");
    });
    assert!(cost.check(&no_currency, false).is_err(), "the total's currency is on the page");
}
