//! The step vocabulary, one table ([`vocabulary`]): each step's keyword, pattern, one-line
//! description, example and function, grouped by domain concept as the cucumber-rs book
//! advises: `credentials` (the role a scenario's credentials take, by the operation's auth
//! scheme), `bodies` (a documented example request, then edits), `query` (a documented query
//! parameter left out or set), `requests` (sending, faults),
//! `resources` (resources that do not exist, created ones and the header that names them),
//! `checks` (what came back against the contract) and `headers` (the documented response headers). No step names an operation: every one works
//! for any operation whose fixture says how it meets a target.
//!
//! The same table runs a scenario twice: planned (a profile with every key, nothing sent),
//! which finds what it needs, does and spends, and then for real, as cucumber's only step (a
//! catch-all that dispatches here). A step text that matches no pattern is found by the plan,
//! before any request.

mod bodies;
mod checks;
mod credentials;
mod headers;
mod query;
mod requests;
mod resources;

use std::sync::OnceLock;

use futures::future::LocalBoxFuture;
use regex::Regex;

use crate::failure::Failure;
use crate::world::ConformanceWorld;

/// What a step function returns: `Err` with why the scenario does not pass (a check that
/// failed, a request that could not complete, a step that cannot run as written).
pub(crate) type StepFuture<'a> = LocalBoxFuture<'a, Result<(), Failure>>;

/// A step function: the World and the pattern's captures (empty for a group that did not take
/// part).
pub(crate) type StepFn = for<'a> fn(&'a mut ConformanceWorld, &'a [String]) -> StepFuture<'a>;

/// The keyword a step is written with (`And`/`But` take the one before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    /// A precondition.
    Given,
    /// The action.
    When,
    /// A check.
    Then,
}

impl Keyword {
    /// Its word.
    pub fn word(self) -> &'static str {
        match self {
            Keyword::Given => "Given",
            Keyword::When => "When",
            Keyword::Then => "Then",
        }
    }

    /// Of a parsed Gherkin step.
    pub(crate) fn of(ty: cucumber::gherkin::StepType) -> Keyword {
        match ty {
            cucumber::gherkin::StepType::Given => Keyword::Given,
            cucumber::gherkin::StepType::When => Keyword::When,
            cucumber::gherkin::StepType::Then => Keyword::Then,
        }
    }
}

/// One step of the vocabulary.
#[derive(Clone, Copy)]
pub struct Step {
    /// Its keyword.
    pub keyword: Keyword,
    /// The regular expression its text matches, anchored.
    pub pattern: &'static str,
    /// What it does, in one line.
    pub describe: &'static str,
    /// A text it matches, as a feature writes it.
    pub example: &'static str,
    pub(crate) run: StepFn,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Step").field("keyword", &self.keyword).field("pattern", &self.pattern).finish()
    }
}

/// A sync step's result as a step future.
pub(crate) fn done<'a, E: Into<Failure>>(r: Result<(), E>) -> StepFuture<'a> {
    Box::pin(std::future::ready(r.map_err(Into::into)))
}

/// Every step, by domain.
pub fn vocabulary() -> &'static [(Step, Regex)] {
    static ALL: OnceLock<Vec<(Step, Regex)>> = OnceLock::new();
    ALL.get_or_init(|| {
        [
            credentials::STEPS,
            bodies::STEPS,
            query::STEPS,
            resources::STEPS,
            requests::STEPS,
            checks::STEPS,
            headers::STEPS,
        ]
        .concat()
        .into_iter()
        .map(|s| {
            // The patterns are constants of this crate, checked by a test.
            let re = Regex::new(s.pattern).unwrap_or_else(|e| unreachable!("step pattern {}: {e}", s.pattern));
            (s, re)
        })
        .collect()
    })
}

/// The step `text` written with `keyword` matches no step, or several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    /// What is wrong.
    pub message: String,
    /// The closest known steps, as examples.
    pub closest: Vec<String>,
}

/// The step `text` (written with `keyword`) is, with its captures.
pub(crate) fn find(keyword: Keyword, text: &str) -> Result<(&'static Step, Vec<String>), Unmatched> {
    let found: Vec<_> = vocabulary().iter().filter(|(s, re)| s.keyword == keyword && re.is_match(text)).collect();
    match found.as_slice() {
        [(step, re)] => {
            let caps = re.captures(text).map_or_else(Vec::new, |c| {
                c.iter().skip(1).map(|m| m.map_or_else(String::new, |m| m.as_str().to_string())).collect()
            });
            Ok((step, caps))
        }
        [] => Err(Unmatched {
            message: format!("no {} step matches {text:?}", keyword.word()),
            closest: closest(keyword, text),
        }),
        many => Err(Unmatched {
            message: format!("{} steps match {text:?}", many.len()),
            closest: many.iter().map(|(s, _)| s.example.to_string()).collect(),
        }),
    }
}

/// The three known steps most like `text` (by edit distance to their examples), the same
/// keyword first.
fn closest(keyword: Keyword, text: &str) -> Vec<String> {
    let mut all: Vec<(usize, String)> = vocabulary()
        .iter()
        .map(|(s, _)| {
            let penalty = if s.keyword == keyword { 0 } else { 8 };
            (strsim::levenshtein(text, s.example) + penalty, format!("{} {}", s.keyword.word(), s.example))
        })
        .collect();
    all.sort();
    all.into_iter().take(3).map(|(_, e)| e).collect()
}

/// Runs the step `text` (written with `keyword`) on `w`.
pub(crate) async fn run(w: &mut ConformanceWorld, keyword: Keyword, text: &str) -> Result<(), Failure> {
    let (step, caps) =
        find(keyword, text).map_err(|u| format!("{}; the closest known: {}", u.message, u.closest.join(" | ")))?;
    (step.run)(w, &caps).await
}

/// cucumber's only step of each keyword: dispatches to the vocabulary, and fails the step
/// (a panic, cucumber's way) with the [`Failure`] as the payload, which the collector
/// downcasts.
fn dispatch(w: &mut ConformanceWorld, ctx: cucumber::step::Context) -> LocalBoxFuture<'_, ()> {
    Box::pin(async move {
        let keyword = Keyword::of(ctx.step.ty);
        if let Err(failure) = run(w, keyword, &ctx.step.value).await {
            std::panic::panic_any(failure);
        }
    })
}

/// The catch-all step registered with cucumber for every keyword.
pub(crate) const DISPATCH: cucumber::Step<ConformanceWorld> = dispatch;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{Keyword, find, vocabulary};

    #[test]
    fn every_example_matches_its_own_step_and_no_other() {
        for (s, _) in vocabulary() {
            let (found, _) = find(s.keyword, s.example).unwrap_or_else(|u| panic!("{}: {}", s.example, u.message));
            assert_eq!(found.pattern, s.pattern, "{}", s.example);
        }
    }

    #[test]
    fn an_unknown_step_suggests_the_closest() {
        let u = find(Keyword::Then, "the response status was 200").expect_err("no step says \"was\"");
        assert!(u.message.contains("no Then step matches"), "{}", u.message);
        assert_eq!(u.closest.first().map(String::as_str), Some("Then the response status is 202"));
    }
}
