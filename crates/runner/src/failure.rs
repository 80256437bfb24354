//! Why a scenario did not pass, as data, the way hurl keeps a `RunnerError` (its kind and its
//! source info) and renders it only when it is shown: the [`Kind`] of check (or the class of
//! transport error), a one-line [`Failure::reason`], further lines of detail (each schema
//! violation, the example diff, the cause chain), the exchange ([`Transcript`]: the request
//! sent and what came back), and the [`Location`] (feature file relative to the features folder
//! used, line, step). A step returns it; cucumber carries it as the step's panic payload; the
//! collector downcasts it and adds the location; every reporter reads these fields, and none
//! parses a message back. [`Failure::message`] is the whole text, as the terminal shows it.

use std::fmt::Write as _;

use conformance_contract::{Redact, Redactor};

pub use crate::transcript::{Request, Response, Transcript};
use crate::wire::{ErrorClass, TransportError};

/// What kind of check failed, or why none could run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// The status is not the documented one (or not a refusal where one is expected).
    Status,
    /// The body does not match the documented schema (or is not JSON labelled JSON).
    Schema,
    /// The body is not the documented example (literal values, volatile forms, instance types).
    Example,
    /// A relation between instance values does not hold (a sum, one currency).
    Relation,
    /// A documented header is missing or names no new resource.
    Header,
    /// The body does not contain the documented text.
    Text,
    /// A body where the documentation shows none.
    NoBody,
    /// Members the documentation does not show, under `--strict-members`.
    Members,
    /// A request could not complete: one error class (the scenario errored).
    Transport(ErrorClass),
    /// A set-up request (creating what the scenario needs first) was not answered as documented.
    Setup,
    /// In a replay, the scenario sent a request the recording does not hold.
    Replay,
    /// The step could not run as written (a name the fixtures do not have, a bad value).
    Step,
    /// A hook of the run failed (the scenario errored).
    Hook,
    /// The scenario never finished (the scenario errored).
    Unfinished,
    /// Putting a resource back as the run found it failed (the scenario errored).
    Restore,
    /// The run's bound on what it creates was reached: the request was not sent (the scenario
    /// errored).
    Bound,
}

impl Kind {
    /// A stable id, for tools (JUnit `type`, recordings, rules): `status`, `schema`, …,
    /// `transport-<class>`.
    pub fn id(&self) -> String {
        match self {
            Kind::Status => "status".into(),
            Kind::Schema => "schema".into(),
            Kind::Example => "example".into(),
            Kind::Relation => "relation".into(),
            Kind::Header => "header".into(),
            Kind::Text => "text".into(),
            Kind::NoBody => "no-body".into(),
            Kind::Members => "members".into(),
            Kind::Transport(class) => format!("transport-{}", class.id()),
            Kind::Setup => "setup".into(),
            Kind::Replay => "replay".into(),
            Kind::Step => "step".into(),
            Kind::Hook => "hook".into(),
            Kind::Unfinished => "unfinished".into(),
            Kind::Restore => "restore".into(),
            Kind::Bound => "bound".into(),
        }
    }

    /// What was checked, in words (`the status`, `a transport error (read-timeout)`).
    pub fn describe(&self) -> String {
        match self {
            Kind::Status => "the status".into(),
            Kind::Schema => "the body against the documented schema".into(),
            Kind::Example => "the body against the documented example".into(),
            Kind::Relation => "a relation between documented values".into(),
            Kind::Header => "a documented header".into(),
            Kind::Text => "the documented text".into(),
            Kind::NoBody => "that there is no body".into(),
            Kind::Members => "undocumented members (--strict-members)".into(),
            Kind::Transport(class) => format!("a transport error ({})", class.id()),
            Kind::Setup => "a set-up request".into(),
            Kind::Replay => "the recording".into(),
            Kind::Step => "the step as written".into(),
            Kind::Hook => "a hook of the run".into(),
            Kind::Unfinished => "the scenario's end".into(),
            Kind::Restore => "restoring a resource".into(),
            Kind::Bound => "the run's bound on what it creates".into(),
        }
    }

    /// True when no check could run (the scenario errored, JUnit `<error>`), false when a
    /// check failed (JUnit `<failure>`).
    pub fn is_error(&self) -> bool {
        matches!(self, Kind::Transport(_) | Kind::Hook | Kind::Unfinished | Kind::Restore | Kind::Bound)
    }
}

/// Where a failure happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The features folder as the run names it (`features`, or `--features DIR` as given).
    pub root: String,
    /// The feature file relative to that folder (`huawei-apig/postpaid-resize.feature`).
    pub file: String,
    /// The failing step's line.
    pub line: usize,
    /// The failing step, keyword and text (`Then the response status is 202`).
    pub step: String,
}

impl Location {
    /// `root/file`, the path a person (or a CI annotation) opens.
    pub fn path(&self) -> String {
        if self.root.is_empty() { self.file.clone() } else { format!("{}/{}", self.root, self.file) }
    }
}

/// Why a scenario did not pass; see the module doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What was checked.
    pub kind: Kind,
    /// One line: what was expected and what came (`expected status 202 (ACCEPTED), got 200`).
    pub reason: String,
    /// Further lines, each ending in a newline (each schema violation, the diff, the cause
    /// chain); empty when the reason says it all.
    pub detail: String,
    /// The exchange, when a request was sent (boxed: a failure travels through many
    /// `Result`s).
    pub exchange: Option<Box<Transcript>>,
    /// Where: set by the collector once the step has failed ([`Failure::at`]).
    pub location: Option<Box<Location>>,
    /// The words of the page the failed check rests on ([`crate::basis`]).
    pub basis: Vec<crate::basis::Basis>,
}

impl Failure {
    /// A failure of `kind` for `reason`; a reason of several lines keeps its first as the
    /// reason and the rest as detail.
    pub fn new(kind: Kind, reason: impl Into<String>) -> Failure {
        let reason = reason.into();
        let reason = reason.trim_end();
        let (first, rest) = reason.split_once('\n').unwrap_or((reason, ""));
        let detail = rest.lines().map(|l| format!("{l}\n")).collect();
        Failure {
            kind,
            reason: first.trim_end().to_string(),
            detail,
            exchange: None,
            location: None,
            basis: Vec::new(),
        }
    }

    /// With these lines of detail after any already there.
    pub fn with_detail(mut self, detail: impl AsRef<str>) -> Failure {
        for l in detail.as_ref().trim_end().lines() {
            self.detail.push_str(l);
            self.detail.push('\n');
        }
        self
    }

    /// Resting on these words of a page (after any already there).
    pub fn with_basis(mut self, basis: impl IntoIterator<Item = crate::basis::Basis>) -> Failure {
        for b in basis {
            if !self.basis.contains(&b) {
                self.basis.push(b);
            }
        }
        self
    }

    /// The reason, then what the check rests on (its first basis): one line for the outputs
    /// that show one (annotations, SARIF's message, JUnit's message, table cells).
    pub fn headline(&self) -> String {
        match self.basis.first() {
            Some(b) => format!("{}; {b}", self.reason),
            None => self.reason.clone(),
        }
    }

    /// With this exchange.
    pub(crate) fn with_exchange(mut self, exchange: Option<Transcript>) -> Failure {
        self.exchange = exchange.map(Box::new);
        self
    }

    /// Located at `location`.
    pub fn at(mut self, location: Location) -> Failure {
        self.location = Some(Box::new(location));
        self
    }

    /// A request that could not complete: its class, summary, URL, cause chain and hint.
    pub(crate) fn transport(e: &TransportError, exchange: Transcript) -> Failure {
        let mut detail = format!("  url: {}\n", e.url);
        if !e.chain.is_empty() {
            let _ = writeln!(detail, "  cause: {}", e.chain.join(": "));
        }
        let _ = writeln!(detail, "  hint: {}", e.class.hint());
        Failure::new(Kind::Transport(e.class.clone()), format!("the request could not be completed: {}", e.summary))
            .with_detail(detail)
            .with_exchange(Some(exchange))
    }

    /// The same failure met while setting up (creating what the scenario needs first): its
    /// reason says so; a set-up answer that is not the documented one is [`Kind::Setup`], a
    /// set-up request that could not complete keeps its transport class.
    pub(crate) fn setting_up(mut self) -> Failure {
        if !self.reason.starts_with("setting up: ") {
            self.reason = format!("setting up: {}", self.reason);
        }
        if !self.kind.is_error() && self.kind != Kind::Step {
            self.kind = Kind::Setup;
        }
        self
    }

    /// True when no check could run (errored), false when a check failed.
    pub fn is_error(&self) -> bool {
        self.kind.is_error()
    }

    /// The whole text: `--> <file>:<line>`, the step, the reason, the detail, the exchange.
    pub fn message(&self) -> String {
        let mut out = String::new();
        if let Some(at) = &self.location {
            let _ = writeln!(out, "--> {}:{}\n    {}", at.path(), at.line, at.step.trim());
        }
        let _ = writeln!(out, "{}", self.reason);
        for b in &self.basis {
            let _ = writeln!(out, "{b}");
        }
        out.push_str(&self.detail);
        if let Some(ex) = &self.exchange {
            out.push_str(&crate::exchange::render(ex));
        }
        out
    }
}

impl From<String> for Failure {
    /// A step that could not run as written.
    fn from(reason: String) -> Failure {
        Failure::new(Kind::Step, reason)
    }
}

impl From<&str> for Failure {
    fn from(reason: &str) -> Failure {
        Failure::new(Kind::Step, reason)
    }
}

impl Redact for Failure {
    fn redact(&mut self, r: &Redactor) {
        self.reason.redact(r);
        self.detail.redact(r);
        if let Some(ex) = &mut self.exchange {
            ex.redact(r);
        }
        if let Some(at) = &mut self.location {
            at.step.redact(r);
        }
    }
}

/// The reason of a request a signal kept from being sent.
const NOT_SENT: &str = "not sent: the run was interrupted";

/// The failure of a scenario whose next request a signal kept from being sent.
pub(crate) fn not_sent(signal: crate::interrupt::Signal) -> Failure {
    Failure::new(Kind::Unfinished, format!("{NOT_SENT} ({signal})"))
}

/// Whether `f` is a request a signal kept from being sent.
pub(crate) fn is_not_sent(f: &Failure) -> bool {
    f.kind == Kind::Unfinished && f.reason.starts_with(NOT_SENT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Sent;

    #[test]
    fn a_reason_of_several_lines_keeps_one_and_the_rest_is_detail() {
        let f = Failure::new(Kind::Schema, "the body does not match:\n  - at /a: missing\n");
        assert_eq!((f.reason.as_str(), f.detail.as_str()), ("the body does not match:", "  - at /a: missing\n"));
        assert!(!f.is_error());
        assert!(Failure::new(Kind::Transport(ErrorClass::Refused), "x").is_error());
    }

    #[test]
    fn the_message_points_at_the_step_then_says_why() {
        let f = Failure::new(Kind::Status, "expected status 202, got 200").at(Location {
            root: "my/features".into(),
            file: "a/b.feature".into(),
            line: 7,
            step: "Then the response status is 202".into(),
        });
        assert_eq!(
            f.message(),
            "--> my/features/a/b.feature:7\n    Then the response status is 202\nexpected status 202, got 200\n"
        );
    }

    #[test]
    fn credential_headers_and_secrets_are_redacted() {
        let sent = Sent {
            method: "POST".into(),
            url: "http://h/p/s3cret".into(),
            headers: vec![("X-Auth-Token".into(), "tok".into()), ("X-Other".into(), "has s3cret".into())],
            body: b"{\"k\": \"s3cret\"}".to_vec(),
            repeatable: false,
            provoked: None,
        };
        let t = Transcript::new(&sent, None, &Redactor::new(["s3cret".to_string()]));
        let shown = crate::exchange::render(&t);
        assert!(!shown.contains("s3cret") && !shown.contains("tok"), "{shown}");
        assert!(shown.contains("X-Auth-Token: [REDACTED]"), "{shown}");
    }
}
