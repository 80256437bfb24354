//! The steps of a draft that assemble its statuses and examples: the request examples (or one
//! derived from the table), every documented status and the undocumented ones a target must
//! answer, the response examples with what varies marked, an example that breaks its own table
//! reconciled ([`crate::fit`]), and the answers, derived bodies and header values the stub needs
//! where the page prints none.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::draft::Drafting;
use crate::problem::{Code, Problem};
use crate::read::ExampleDoc;
use crate::{examples, fit, headers, meets, quote, responses};

fn first_code_line(e: &ExampleDoc) -> String {
    let lines: Vec<&str> = e.code.iter().map(|(_, t)| t.as_str()).filter(|t| !t.trim().is_empty()).take(2).collect();
    lines.join(" ")
}

fn is_success(r: &Value) -> bool {
    r["status"].as_u64().is_some_and(|s| (200..300).contains(&s))
}

impl Drafting<'_, '_> {
    /// The page's request examples, reconciled with the body table; one derived when it has none.
    pub fn request_examples(&mut self) {
        let doc = self.doc;
        for (i, e) in doc.requests.iter().enumerate() {
            let b = match examples::body(e) {
                Ok(b) => b,
                Err(p) => {
                    self.problems.push(p);
                    continue;
                }
            };
            let title = e.title.as_ref().map(|t| examples::slug(&t.0)).filter(|s| !s.is_empty());
            let name = self.unique(title.unwrap_or_else(|| format!("request-{}", i + 1)));
            let quote = e.title.as_ref().map_or_else(|| first_code_line(e), |t| quote::sentence(&t.0));
            if fit::fit(&mut self.request["schema"], &b, "the example request", e.line, self.problems) {
                self.erratum(fit::erratum());
            }
            self.facts.request_body.get_or_insert(b.clone());
            self.facts.requests.push(name.clone());
            self.examples.push(json!({ "name": name, "direction": "request", "body": b, "provenance": { "section": "Example Requests", "quote": quote } }));
        }
        if self.facts.schema.is_some() {
            self.facts.schema = Some(self.request["schema"].clone());
        }
        if self.facts.requests.is_empty()
            && let Some(schema) = &self.facts.schema
        {
            let b = meets::derive_request(schema);
            self.facts.request_body = Some(b.clone());
            self.facts.requests.push("request".into());
            self.examples.push(json!({ "name": "request", "direction": "request", "body": b, "derived": { "why": "The page prints no example request: the importer made one from the required members of the body table." }, "provenance": { "section": "Request Parameters", "erratum": "import-request-derived" } }));
            self.erratum(meets::derived_erratum());
        }
        if self.doc.body.is_none() && self.facts.schema.is_some() {
            self.erratum(meets::no_body_table_erratum());
        }
    }

    /// Every documented status, then the undocumented ones a target must answer.
    pub fn statuses(&mut self) {
        let doc = self.doc;
        let statuses = responses::statuses(doc, self.problems);
        let listed: BTreeSet<u16> = statuses.iter().map(|s| s.code).collect();
        for s in &statuses {
            let r = json!({
                "status": s.code,
                "meaning": s.meaning,
                "headers": headers::of(doc, s.code),
                "body": responses::body(doc, s.code, &mut self.builder, self.problems),
                "provenance": responses::provenance(doc, s.code),
                "effect": responses::effect(&doc.method, s.code, self.facts.dry_run.as_deref()),
            });
            if (200..300).contains(&s.code) && s.code != 204 && doc.method != "GET" {
                let m = format!(
                    "the {} of {} {} is taken to change the account (`changes`), not to charge it: confirm, or make it `billable`",
                    s.code, doc.method, doc.path
                );
                self.problems.push(Problem::new(Code::EffectToConfirm, doc.uri_line, m));
            }
            self.facts.statuses.push(s.code);
            self.responses.push(r);
        }
        let provokes =
            responses::Provokes { body: self.facts.schema.is_some(), query: !self.facts.query_refusals.is_empty() };
        let refusable = provokes.body || provokes.query;
        for (code, meaning, erratum) in responses::undocumented(&listed, refusable, self.account.resource.is_some()) {
            self.undocumented(code, meaning, erratum, provokes);
        }
    }

    fn undocumented(&mut self, code: u16, meaning: &str, erratum: &str, provokes: responses::Provokes) {
        let not_stated = json!({ "section": "Status Codes", "erratum": erratum });
        let mut r = json!({ "status": code, "meaning": meaning, "documented": false, "erratum": erratum, "headers": [], "body": { "kind": "unspecified", "provenance": not_stated }, "provenance": not_stated, "effect": "none" });
        if let Some(table) = self.account.error_table(self.doc) {
            let mut schema = self.builder.object(table, None);
            schema["$schema"] = "https://json-schema.org/draft/2020-12/schema".into();
            r["body"] = json!({ "kind": "json", "schema": schema, "provenance": { "section": "Response Parameters", "quote": table.caption, "erratum": erratum } });
            r["answer"] =
                json!({ "fields": { "code": format!("STUB.{code}"), "message": "{reason}" }, "erratum": erratum });
        }
        self.responses.push(r);
        self.errata.push(responses::undocumented_erratum(code, erratum, provokes));
        self.facts.undocumented.push(code);
    }

    /// The page's response examples, what varies in them marked.
    pub fn response_examples(&mut self) {
        let doc = self.doc;
        let params: Vec<String> = self.account.params.iter().map(|p| p.name.clone()).collect();
        for (i, e) in doc.responses.iter().enumerate() {
            let Some(status) = e.status.filter(|_| !e.code.is_empty()) else { continue };
            let b = match examples::body(e) {
                Ok(b) => b,
                Err(p) => {
                    self.problems.push(p);
                    continue;
                }
            };
            let title = e.title.as_ref().filter(|t| t.1 == e.line + 2).map(|t| examples::slug(&t.0));
            let name =
                self.unique(title.filter(|s| !s.is_empty()).unwrap_or_else(|| format!("status-{status}-{}", i + 1)));
            let problems = &mut *self.problems;
            if let Some(r) = self.responses.iter_mut().find(|r| r["status"] == status && r["body"]["kind"] == "json")
                && fit::fit(&mut r["body"]["schema"], &b, &format!("the example of {status}"), e.line, problems)
            {
                self.erratum(fit::erratum());
            }
            let data = self.facts.read && (200..300).contains(&status);
            let mut marks = if data { examples::Marks::default() } else { examples::mark(&b, &params) };
            if data {
                let m = format!(
                    "the example of {status} holds the target's own data: compared by schema only; mark its constants and compare it"
                );
                self.problems.push(Problem::new(Code::ExampleIsData, e.line, m));
            }
            if meets::not_provoked_literally(status, self.account.resource.is_some()) {
                meets::error_fields_instance(&b, &mut marks);
            }
            let provenance = responses::provenance(doc, status);
            let quote = provenance["also"].as_array().and_then(|a| a.last()).and_then(|a| a["quote"].as_str());
            let quote = quote.map_or_else(|| format!("Status code: {status}"), String::from);
            let mut ex = json!({ "name": name, "direction": "response", "status": status, "body": b, "provenance": { "section": "Example Responses", "quote": quote } });
            if (200..300).contains(&status)
                && let Some(r) = self.facts.requests.first()
            {
                ex["answers"] = r.clone().into();
            }
            if !marks.instance.is_empty() {
                self.erratum(meets::instance_erratum());
            }
            for (key, list) in [("volatile", marks.volatile), ("instance", marks.instance)] {
                if !list.is_empty() {
                    ex[key] = Value::Array(list);
                }
            }
            self.facts.responses.push((status, name));
            self.examples.push(ex);
        }
    }

    /// Where the page prints no example: a refusal answered in the error shape, a success
    /// answered with a body derived from its table.
    pub fn answers(&mut self) {
        let examples = &self.examples;
        let mut assumed = false;
        for r in self.responses.iter_mut().filter(|r| r["documented"] != false && !is_success(r)) {
            if !examples.iter().any(|e| e["status"] == r["status"])
                && self.account.errors
                && r["body"]["kind"] == "json"
            {
                r["answer"] = json!({ "fields": { "code": format!("STUB.{}", r["status"]), "message": "{reason}" }, "erratum": "import-answer-assumed" });
                assumed = true;
            }
        }
        if assumed {
            self.erratum(meets::answer_erratum());
        }
        let bare: Vec<Value> = self
            .responses
            .iter()
            .filter(|r| is_success(r) && r["body"]["kind"] == "json")
            .filter(|r| !self.examples.iter().any(|e| e["status"] == r["status"]))
            .cloned()
            .collect();
        for r in bare {
            let name = self.unique(format!("derived-{}", r["status"]));
            let mut ex = json!({ "name": name, "direction": "response", "status": r["status"], "body": meets::derive_full(&r["body"]["schema"]), "derived": { "why": "The page prints no JSON example of this success: the stub answers one made from its table." }, "provenance": { "section": "Response Parameters", "erratum": "import-request-derived" } });
            if let Some(q) = self.facts.requests.first() {
                ex["answers"] = q.clone().into();
            }
            self.examples.push(ex);
            self.erratum(meets::derived_erratum());
        }
    }

    /// The values the stub answers the documented headers with (on each status's answer), and
    /// the statuses that keep documented headers.
    pub fn header_answers(&mut self) {
        let mut any = false;
        for r in &mut self.responses {
            let example = self.examples.iter().find(|e| e["direction"] == "response" && e["status"] == r["status"]);
            let example = example.and_then(|e| e["name"].as_str());
            any |= headers::answer(self.doc, r, example, self.problems);
        }
        if any {
            self.erratum(headers::value_erratum());
        }
        let kept = self.responses.iter().filter(|r| r["headers"].as_array().is_some_and(|h| !h.is_empty()));
        self.facts.headers = kept.filter_map(|r| r["status"].as_u64().and_then(|s| u16::try_from(s).ok())).collect();
    }
}
