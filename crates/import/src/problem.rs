//! What an import could not read, by stable code. The codes the vendor's own SDK generator
//! names (opentelekomcloud/gen-sdk-toolset: `UNEXPECTED_COLUMNS`, `NESTED_TABLE_NOT_FOUND`,
//! `EXAMPLE_INVALID_JSON`, `PATH_PARAMETER_NOT_IN_URI`, `MALFORMED_GRID_TABLE`,
//! `UNKNOWN_TYPE_FORMAT`) keep its names; the rest are the harness's own.

use serde_json::{Value, json};

/// A stable problem code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A table whose header is not one of the layout's.
    UnexpectedColumns,
    /// A table that is neither a grid nor a simple table this reader can read.
    MalformedGridTable,
    /// A `:ref:` to a table the page does not have.
    NestedTableNotFound,
    /// An example that is not JSON.
    ExampleInvalidJson,
    /// An example that breaks its own table (a limit, a type, a required member).
    ExampleContradictsTable,
    /// A path parameter of the table that is not in the URI, or the other way round.
    PathParameterNotInUri,
    /// A type the reader does not know.
    UnknownTypeFormat,
    /// A documented status with no parameter table.
    StatusWithoutTable,
    /// A status documented in one place and not in another (the status table, the parameters).
    StatusNotListed,
    /// A documented status no generic step can provoke.
    StatusNotProvoked,
    /// A documented response header left out of the draft: no scenario provokes its status, or
    /// the stub has no answer to carry it on.
    HeaderNotChecked,
    /// A query parameter of a type the model cannot hold (an array, an object): left out.
    QueryParameter,
    /// A mandatory query parameter whose value the page does not state: the draft's is assumed.
    QueryValueAssumed,
    /// A limit the page says a target converts a value to, rather than refuses: not checked.
    LimitNotRefused,
    /// A quote of the draft that is not found again in the page (an importer defect).
    AnchorNotFound,
    /// A success's effect and billing, decided by convention: the user confirms them.
    EffectToConfirm,
    /// A precondition with no documented refusal: recorded as an untestable rule.
    UntestableRule,
    /// A read's success example: the target's own data, compared by schema only.
    ExampleIsData,
}

impl Code {
    /// The stable name.
    pub fn name(self) -> &'static str {
        match self {
            Code::UnexpectedColumns => "UNEXPECTED_COLUMNS",
            Code::MalformedGridTable => "MALFORMED_GRID_TABLE",
            Code::NestedTableNotFound => "NESTED_TABLE_NOT_FOUND",
            Code::ExampleInvalidJson => "EXAMPLE_INVALID_JSON",
            Code::ExampleContradictsTable => "EXAMPLE_CONTRADICTS_TABLE",
            Code::PathParameterNotInUri => "PATH_PARAMETER_NOT_IN_URI",
            Code::UnknownTypeFormat => "UNKNOWN_TYPE_FORMAT",
            Code::StatusWithoutTable => "STATUS_WITHOUT_TABLE",
            Code::StatusNotListed => "STATUS_NOT_LISTED",
            Code::StatusNotProvoked => "STATUS_NOT_PROVOKED",
            Code::HeaderNotChecked => "HEADER_NOT_CHECKED",
            Code::QueryParameter => "QUERY_PARAMETER",
            Code::QueryValueAssumed => "QUERY_VALUE_ASSUMED",
            Code::LimitNotRefused => "LIMIT_NOT_REFUSED",
            Code::AnchorNotFound => "ANCHOR_NOT_FOUND",
            Code::EffectToConfirm => "EFFECT_TO_CONFIRM",
            Code::UntestableRule => "UNTESTABLE_RULE",
            Code::ExampleIsData => "EXAMPLE_IS_DATA",
        }
    }

    /// A decision for the user rather than something the reader failed at.
    pub fn is_decision(self) -> bool {
        matches!(self, Code::EffectToConfirm | Code::UntestableRule | Code::ExampleIsData)
    }
}

/// One problem: its code, the page's line, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The code.
    pub code: Code,
    /// The line of the page (1-based; 0 for the page as a whole).
    pub line: usize,
    /// What, in words.
    pub message: String,
}

impl Problem {
    /// A problem.
    pub fn new(code: Code, line: usize, message: impl Into<String>) -> Problem {
        Problem { code, line, message: message.into() }
    }

    /// Its form in the fixture's `import` note.
    pub fn to_json(&self) -> Value {
        json!({ "code": self.code.name(), "line": self.line, "message": self.message })
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: line {}: {}", self.code.name(), self.line, self.message)
    }
}
