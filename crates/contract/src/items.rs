//! An operation's anchored items found by what a step names: a status (and the `when` or
//! `provoked` that gives a request it), an example, a response's body or header, a member of
//! the request body, the body's variants; and the rules whose words an item quotes too. The
//! runner records what each scenario rests on with them (the scenario-to-item map), and quotes
//! their anchors when a check fails.

use serde_json::Value;

use crate::anchored::Item;
use crate::load::Operation;

impl Operation {
    /// The item of the documented status `status`.
    pub fn status_item(&self, status: u16) -> Option<&Item> {
        let i = self.contract().responses.iter().position(|r| r.status == status)?;
        self.item(&format!("responses[{i}]"))
    }

    /// The item of the body documented for `status`.
    pub fn body_item(&self, status: u16) -> Option<&Item> {
        let i = self.contract().responses.iter().position(|r| r.status == status)?;
        self.item(&format!("responses[{i}].body"))
    }

    /// The item of the header `name` documented for `status` (names compared ignoring case).
    pub fn header_item(&self, status: u16, name: &str) -> Option<&Item> {
        let i = self.contract().responses.iter().position(|r| r.status == status)?;
        let j = self.contract().responses[i].headers.iter().position(|h| h.name.eq_ignore_ascii_case(name))?;
        self.item(&format!("responses[{i}].headers[{j}]"))
    }

    /// The items that say why a request gets the documented `status`, beyond the status
    /// itself: its `when` where the request's body has the value that chooses it, and its
    /// `provoked` where the request provokes it (`fault`: it asked for a documented fault, as a
    /// scenario expecting the status does; or the body has the shape's value).
    pub fn chosen_items(&self, status: u16, body: Option<&Value>, fault: bool) -> Vec<&Item> {
        let Some(i) = self.contract().responses.iter().position(|r| r.status == status) else { return Vec::new() };
        let r = &self.contract().responses[i];
        let mut out = Vec::new();
        if r.when.as_ref().is_some_and(|w| w.holds(body)) {
            out.extend(self.item(&format!("responses[{i}].when")));
        }
        let provoked = r.provoked.as_ref().is_some_and(|p| match p.request() {
            Some(shape) => shape.holds(body),
            None => fault,
        });
        if provoked {
            out.extend(self.item(&format!("responses[{i}].provoked")));
        }
        out
    }

    /// The item of the request body's variants, where `body` is a variant in scope.
    pub fn variant_item(&self, body: &Value) -> Option<&Item> {
        self.variant_of(body)?;
        self.item("request.variants")
    }

    /// The item of the example called `name`.
    pub fn example_item(&self, name: &str) -> Option<&Item> {
        let i = self.contract().examples.iter().position(|e| e.name == name)?;
        self.item(&format!("examples[{i}]"))
    }

    /// The items of the request body's member at `pointer` (`/name`, `/a/b`): its property
    /// schema, and the constraints on it.
    pub fn member_items(&self, pointer: &str) -> Vec<&Item> {
        let mut schema = String::from("request.schema#");
        for seg in pointer.split('/').filter(|s| !s.is_empty()) {
            schema.push_str("/properties/");
            schema.push_str(seg);
        }
        let mut out: Vec<&Item> = self.item(&schema).into_iter().collect();
        for (i, c) in self.contract().request.constraints.iter().enumerate() {
            if c.pointer == pointer
                && let Some(item) = self.item(&format!("request.constraints[{i}]"))
            {
                out.push(item);
            }
        }
        out
    }

    /// The items of the response members at `pointer` of the body documented for `status`.
    pub fn response_member_item(&self, status: u16, pointer: &str) -> Option<&Item> {
        let i = self.contract().responses.iter().position(|r| r.status == status)?;
        let mut field = format!("responses[{i}].body.schema#");
        for seg in pointer.split('/').filter(|s| !s.is_empty() && s.parse::<usize>().is_err()) {
            field.push_str("/properties/");
            field.push_str(seg);
        }
        self.item(&field)
    }

    /// The rules (`rules[i]` items) that rest on words the item at `field` quotes as well: one
    /// of its anchors (on the same page) holds the rule's quote, or the rule's quote holds it. A
    /// scenario resting on the item rests on those words, so on the rule (no step names a rule).
    /// The items every request rests on (method and path, auth, path parameters, headers, the
    /// request body as a whole) lead to no rule: they would tie every rule to every scenario.
    pub fn rules_sharing_words(&self, field: &str) -> Vec<&Item> {
        let wide = ["provenance", "auth.provenance", "request"];
        if wide.contains(&field)
            || field.starts_with("path_params[")
            || field.starts_with("query_params[")
            || field.starts_with("request_headers[")
        {
            return Vec::new();
        }
        let Some(item) = self.item(field) else { return Vec::new() };
        let anchors = |i: &Item| -> Vec<(String, String)> {
            let p = &i.provenance;
            let main = p.quote.iter().filter(|_| p.standard.is_none()).map(|q| (p.source.clone(), q.clone()));
            let also = p.also.iter().filter(|a| a.standard.is_none()).map(|a| (a.source.clone(), a.quote.clone()));
            main.chain(also)
                .map(|(s, q)| (s, crate::anchor::normalize(&q).join(" ")))
                .filter(|(_, q)| !q.is_empty())
                .collect()
        };
        let mine = anchors(item);
        let shares = |(s, q): &(String, String)| {
            mine.iter().any(|(ms, mq)| ms == s && (mq.contains(q.as_str()) || q.contains(mq.as_str())))
        };
        (0..self.contract().rules.len())
            .filter_map(|i| self.item(&format!("rules[{i}]")))
            .filter(|rule| anchors(rule).iter().any(shares))
            .collect()
    }
}
