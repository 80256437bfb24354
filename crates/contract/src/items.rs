//! An operation's anchored items found by what a step names: a status, an example, a
//! response's body or header, a member of the request body. The runner records what each
//! scenario rests on with them (the scenario-to-item map), and quotes their anchors when a
//! check fails.

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
}
