//! The contract as written in `fixtures/<vendor>/<operation>.json`: plain serde types, one per
//! part of a vendor page (operation, parameters, responses, examples, errata). The format is
//! documented in `fixtures/README.md`; unknown keys are rejected so a typo never goes unseen.
//! How the operation meets a target (profile keys, bindings, effects, answers) is in
//! [`crate::meets`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::meets::{
    AllowanceDoc, AnswerDoc, BindingDoc, Credentials, EffectDoc, ErrorBody, KeyDoc, ResourceDoc, Source, StateDoc,
    StubDoc,
};

/// Where on a vendor page an item comes from, and the words there it rests on (its anchor).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The vendor page's file name; filled from the contract's `source` when omitted.
    #[serde(default)]
    pub source: String,
    /// The table, section or example on that page.
    pub section: String,
    /// The page's own words that state the item (whitespace and markup normalized when found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// A standard the quote is taken from instead of a page (`RFC 9110`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
    /// The other places that state the same item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Anchor>,
    /// The erratum that explains the item where no words of a page state it (or pick it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erratum: Option<String>,
}

impl Provenance {
    /// Whether nothing is set (an item written without a provenance).
    pub fn is_unset(&self) -> bool {
        *self == Provenance::default()
    }
}

/// One more place that states an item: a quote, the section it stands in, and its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anchor {
    /// The vendor page's file name; the contract's `source` when omitted.
    #[serde(default)]
    pub source: String,
    /// The table, section or example on that page.
    pub section: String,
    /// The page's own words.
    pub quote: String,
    /// A standard the quote is taken from instead of a page (`RFC 9110`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
}

/// One documented operation, as written in its fixture file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// `<vendor>/<operation>`, equal to the fixture's path without `.json`.
    pub id: String,
    /// Vendor slug, also the Gherkin tag (`@huawei-apig`).
    pub vendor: String,
    /// Operation slug, also the Gherkin tag (`@postpaid-resize`).
    pub operation: String,
    /// The page's title.
    pub title: String,
    /// The vendor's own name for the page (`CreatePostPayResizeOrder.html`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_name: Option<String>,
    /// The page's one-line function.
    pub summary: String,
    /// The vendor page's file name.
    pub source: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template with `{name}` placeholders.
    pub path: String,
    /// Where the method and path are documented.
    pub provenance: Provenance,
    /// How the page says a client authenticates.
    pub auth: Auth,
    /// Path parameters.
    pub path_params: Vec<ParamDoc>,
    /// Documented query parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub query_params: Vec<crate::query::QueryParamDoc>,
    /// Documented request headers.
    pub request_headers: Vec<HeaderDoc>,
    /// The request body.
    pub request: RequestDoc,
    /// One entry per status.
    pub responses: Vec<ResponseDoc>,
    /// What the page says of any status it does not list: recorded, never checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_response: Option<crate::default_response::DefaultResponse>,
    /// Every documented (and every derived) example.
    pub examples: Vec<Example>,
    /// Documented validation rules, verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// Shared schemas, injected as `$defs` into every schema of this contract.
    #[serde(rename = "$defs", default, skip_serializing_if = "Map::is_empty")]
    pub defs: Map<String, Value>,
    /// Every place the page is wrong or inconsistent, and what the fixture holds instead.
    pub errata: Vec<Erratum>,
    /// The profile table of the operation (`huawei.apig`): its `base_url` is there.
    pub section: String,
    /// Every profile key the operation reads.
    pub profile: Vec<KeyDoc>,
    /// Where the account's values go in its requests.
    pub bindings: Vec<BindingDoc>,
    /// The resource a request addresses, when the operation has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<ResourceDoc>,
    /// Named test values steps can set a field to (`the unsupported billing cycle`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, Source>,
    /// The shape of the error bodies the page prints none for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_body: Option<ErrorBody>,
    /// The named rule hooks of the bundled stub (business rules no schema can say).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hooks: Vec<String>,
    /// Data only the bundled stub has.
    #[serde(default, skip_serializing_if = "is_default_stub")]
    pub stub: StubDoc,
    /// The note `conformance import` left: what it could not read, by problem code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import: Option<ImportNote>,
}

/// What an import could not read, and the decisions it left to the user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportNote {
    /// The tool that wrote the draft.
    pub tool: String,
    /// Each problem: a stable code, the page's line, what it is.
    pub problems: Vec<ImportProblem>,
}

/// One problem of an import.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportProblem {
    /// The stable code (`UNEXPECTED_COLUMNS`, `EXAMPLE_INVALID_JSON`, …).
    pub code: String,
    /// The page's line (0: the page as a whole).
    pub line: usize,
    /// What, in words.
    pub message: String,
}

fn is_default_stub(s: &StubDoc) -> bool {
    s.resources.is_empty()
}

pub use crate::scheme::AuthScheme;

/// The documented authentication of an operation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// Which scheme.
    pub scheme: AuthScheme,
    /// What the page says about it.
    pub documented: String,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
    /// Which profile key holds each of the scheme's credentials.
    pub credentials: Credentials,
    /// The account's shared allowances the scheme's roles spend.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowances: Vec<AllowanceDoc>,
}

/// A documented path parameter.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamDoc {
    /// Its name in the path template.
    pub name: String,
    /// Mandatory per the page.
    pub required: bool,
    /// Documented type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Documented description.
    pub description: String,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
}

/// A documented request header.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderDoc {
    /// Header name as documented.
    pub name: String,
    /// Mandatory per the page.
    pub required: bool,
    /// Documented description.
    pub description: String,
    /// The documented value, where the page gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
}

/// A documented response header.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseHeaderDoc {
    /// Header name as documented.
    pub name: String,
    /// Documented description.
    pub description: String,
    /// The form its value keeps, where the page gives one (`integer`, `date-time`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Whether every answer of its status carries it (the default); false where the page marks
    /// it optional (`Mandatory: No`), anchored by the header's own provenance: a target may
    /// leave it out, and one it sends still keeps its `format`.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub required: bool,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
}

/// A limit JSON Schema cannot express.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// JSON pointer of the constrained string.
    pub pointer: String,
    /// Its maximum length in UTF-8 bytes.
    pub max_bytes: usize,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
}

/// The request body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDoc {
    /// Media type of the body.
    pub content_type: String,
    /// JSON Schema (draft 2020-12) built from the parameter tables.
    pub schema: Value,
    /// Limits beyond the schema.
    #[serde(default)]
    pub constraints: Vec<Constraint>,
    /// The page documents no request body (a GET, a DELETE): a request carries none.
    #[serde(default, skip_serializing_if = "is_false")]
    pub no_body: bool,
    /// The body's variants in scope, where the schema has several (`anyOf`/`oneOf`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<crate::variants::Variants>,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One status an operation answers with.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseDoc {
    /// HTTP status code.
    pub status: u16,
    /// The page's name for it ("ACCEPTED", "Not Found").
    pub meaning: String,
    /// The page's description, where it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// False for a status the page does not document but a target must answer.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub documented: bool,
    /// The erratum explaining an undocumented status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erratum: Option<String>,
    /// Documented response headers.
    pub headers: Vec<ResponseHeaderDoc>,
    /// What the body is.
    pub body: BodyDoc,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
    /// What answering this status means for the account.
    pub effect: EffectDoc,
    /// How a target answers it where the page prints no example (or what it computes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerDoc>,
    /// What answering it does to the resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<StateDoc>,
    /// How a scenario provokes it (statuses of 500 and more: the fault header, unsaid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provoked: Option<crate::provoke::Provoked>,
    /// The request value that chooses this success status (`{"body": "/dry_run", "equals": true}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<crate::choose::RequestValue>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// What a response body is, per the page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum BodyDoc {
    /// A JSON body with a schema.
    Json {
        /// JSON Schema (draft 2020-12).
        schema: Value,
        /// The vendor page, and the table or example on it, this comes from.
        provenance: Provenance,
    },
    /// Prose, not JSON.
    Text {
        /// A phrase the body must contain, where one is documented.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        contains: Option<String>,
        /// The vendor page, and the table or example on it, this comes from.
        provenance: Provenance,
    },
    /// No body.
    None {
        /// The vendor page, and the table or example on it, this comes from.
        provenance: Provenance,
    },
    /// The page says nothing of the body: only the status is checked.
    Unspecified {
        /// The vendor page, and the table or example on it, this comes from.
        provenance: Provenance,
    },
}

/// Request or response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// An example request body.
    Request,
    /// An example response body.
    Response,
}

/// A documented (or derived) example body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Unique within the contract, kebab-case.
    pub name: String,
    /// Request or response.
    pub direction: Direction,
    /// Status of a response example.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The request example a response example answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<String>,
    /// JSON body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Non-JSON body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Values that change per call.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volatile: Vec<Volatile>,
    /// The target's own data: only the JSON type (and a format, where given) is checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instance: Vec<Instance>,
    /// Relations between instance values that the page's numbers show.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Objects the page declares closed: a member it does not show is a mismatch there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<Closed>,
    /// Set on examples the page implies but does not print.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<Derived>,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
}

impl Example {
    /// True when the page prints this example.
    pub fn is_documented(&self) -> bool {
        self.derived.is_none()
    }
}

/// Why a derived example exists.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    /// The reason.
    pub why: String,
}

/// A value that changes per call, and the form it must keep.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Volatile {
    /// JSON pointer into the example body.
    pub pointer: String,
    /// The form the value keeps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// A string in which `{/pointer}` stands for the value at that pointer of the same body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// `path:<param>` or `body:<pointer>` of the request, which the value must repeat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub echoes: Option<String>,
    /// The erratum (of kind inference) the `format` rests on where no words of the page state
    /// it: a default run checks only the value's presence and JSON type (and its echo and
    /// template), and notes where the format would have failed; `--strict` checks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erratum: Option<String>,
}

/// Named forms of volatile values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Lower-case hyphenated UUID.
    Uuid,
    /// 32 lower-case hex digits.
    Hex32,
    /// `JOB-` and 32 lower-case hex digits.
    JobId,
    /// `YYYY-MM-DD hh:mm:ss`.
    Timestamp,
    /// `CS`, 10 digits, 5 upper-case letters or digits.
    CphOrderId,
    /// Digit groups joined by `-`, as `00301-25217-0--0`.
    CphProductId,
    /// An absolute URL whose path is the request's path (a trailing `/` allowed).
    SelfLink,
    /// Any string.
    AnyString,
    /// A decimal number written as a string: digits, an optional `.` and digits, an optional
    /// leading `-` (`"19.90"`, `"0"`).
    Decimal,
    /// A currency code of the ISO 4217 form: three upper-case letters (`"USD"`).
    Currency,
    /// An integer: a JSON integer in a body (the stub answers the example's own), decimal
    /// digits with an optional leading `-` in a header.
    Integer,
    /// An RFC 3339 date-time (`2026-12-06T11:50:12Z`, `2026-12-06T12:50:12.5+01:00`).
    DateTime,
}

/// A value that is the target's own data (an amount, a name, an id): any value of the
/// example's JSON type is accepted, in the `format` where one is given.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// JSON pointer into the example body; a `*` token stands for every item of an array.
    pub pointer: String,
    /// The form the value keeps, where the page shows one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Why this is the target's data and not a constant of the page.
    pub why: String,
    /// The erratum (of kind inference) the `format` rests on where no words of the page state
    /// it: a default run checks only the JSON type, and notes where the format would have
    /// failed; `--strict` checks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erratum: Option<String>,
}

/// A relation between instance values that holds whatever the values are.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Relation {
    /// The decimal string at `total` equals the sum of the decimal strings at `parts`.
    Sum {
        /// JSON pointer of the total.
        total: String,
        /// JSON pointers of the parts.
        parts: Vec<String>,
        /// Where the page shows it.
        why: String,
        /// The erratum (of kind inference) it rests on where no words of the page state it: a
        /// default run does not check it and notes where it would have failed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        erratum: Option<String>,
    },
    /// The values at `pointers` are equal, and so is any value at `if_present` that an
    /// answer carries (pointers the page leaves out, e.g. a currency its example omits).
    Same {
        /// JSON pointers into the example body.
        pointers: Vec<String>,
        /// JSON pointers the example does not have, held to the same value when present.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        if_present: Vec<String>,
        /// Where the page shows it.
        why: String,
        /// The erratum (of kind inference) it rests on where no words of the page state it: a
        /// default run does not check it and notes where it would have failed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        erratum: Option<String>,
    },
}

impl Relation {
    /// The erratum it rests on, if it is a judgement.
    pub fn erratum(&self) -> Option<&str> {
        match self {
            Relation::Sum { erratum, .. } | Relation::Same { erratum, .. } => erratum.as_deref(),
        }
    }
}

impl Example {
    /// The errata of kind inference its strictness policy's entries name (`volatile[]`,
    /// `instance[]`, `relations[]`), in order, each once: the judgements a check of it makes,
    /// which a default run relaxes.
    pub fn judgements(&self) -> Vec<&str> {
        let all = self.volatile.iter().map(|v| v.erratum.as_deref());
        let all = all.chain(self.instance.iter().map(|i| i.erratum.as_deref()));
        let mut out: Vec<&str> = Vec::new();
        for e in all.chain(self.relations.iter().map(Relation::erratum)).flatten() {
            if !out.contains(&e) {
                out.push(e);
            }
        }
        out
    }
}

/// An object the page says admits no other members.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closed {
    /// JSON pointer of the object (`""` is the whole body); a `*` token stands for every item.
    pub pointer: String,
    /// Where the page says the object is closed.
    pub provenance: Provenance,
}

/// A documented validation rule.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Short id.
    pub id: String,
    /// The page's words.
    pub text: String,
    /// Why no scenario can test it (a precondition with no documented refusal): the plan and
    /// the report list it instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub untestable: Option<String>,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
}

/// A place where the page is wrong or inconsistent.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erratum {
    /// Short id, unique within the contract.
    pub id: String,
    /// What the page says.
    pub doc_says: String,
    /// What the fixture holds instead.
    pub fixture_holds: String,
    /// Why it deviates from the page.
    pub why: String,
    /// A contradiction (the page says two things; the fixture picks words) or an inference (the
    /// page is silent; the fixture decides).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ErratumKind>,
    /// The vendor page, and the table or example on it, this comes from.
    pub provenance: Provenance,
}

/// What kind of judgement an erratum records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErratumKind {
    /// The page says two things and the fixture picks one; checks rest on the words picked.
    Contradiction,
    /// The page is silent and the fixture decides; checks resting only on it run under `--strict`.
    Inference,
}
