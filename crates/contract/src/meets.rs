//! How an operation meets a target, as written in its fixture beside what the page documents:
//! the profile keys it reads ([`KeyDoc`]), where their values go in a request ([`BindingDoc`]),
//! which credentials its auth scheme takes from which keys ([`Credentials`]) and which shared
//! allowances of the account a scenario may spend ([`AllowanceDoc`]), the effect of each
//! documented status ([`EffectDoc`]), how a target answers a status the page prints no example
//! for ([`AnswerDoc`], [`ErrorBody`]), what a success does to the resource ([`StateDoc`]), the
//! resource a request addresses ([`ResourceDoc`]), named test values ([`Source`]) and the
//! bundled stub's extra data ([`StubDoc`]). The format is documented in `fixtures/README.md`;
//! nothing here names an operation: a new page is data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::Provenance;

/// What a scenario does to the target when the target is correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Nothing changes: a refusal (or a read such as a cost query) is expected.
    None,
    /// A resource is changed, at no cost.
    Changes,
    /// An order or a charge can be created.
    Billable,
    /// A change that can never be undone (a disk resized cannot shrink): never part of an
    /// up-and-back plan, never restored, run only with `--allow irreversible` on the command
    /// line (a profile cannot allow it).
    Irreversible,
}

impl Effect {
    /// Every class, least first.
    pub const ALL: [Effect; 4] = [Effect::None, Effect::Changes, Effect::Billable, Effect::Irreversible];

    /// Its tag key (`effect-<key>`) and its name in `[safety] allow` and `--allow`.
    pub fn key(self) -> &'static str {
        match self {
            Effect::None => "none",
            Effect::Changes => "changes",
            Effect::Billable => "billable",
            Effect::Irreversible => "irreversible",
        }
    }

    /// The class of a tag (`effect-changes`), if it is an effect tag.
    pub fn from_tag(tag: &str) -> Option<Effect> {
        let key = tag.strip_prefix("effect-")?;
        Effect::ALL.into_iter().find(|e| e.key() == key)
    }

    /// What a request of this class does, in words (`may create an order or a charge`).
    pub fn does(self) -> &'static str {
        match self {
            Effect::Irreversible => "changes a resource for good: it can never be set back",
            Effect::Billable => "may create an order or a charge",
            Effect::Changes => "changes a resource",
            Effect::None => "changes nothing",
        }
    }
}

impl std::str::FromStr for Effect {
    type Err = String;

    /// `changes`, `billable` or `irreversible` (what may be allowed; the last only on the
    /// command line).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "changes" => Ok(Effect::Changes),
            "billable" => Ok(Effect::Billable),
            "irreversible" => Ok(Effect::Irreversible),
            _ => Err(format!("{s:?} is not a class that can be allowed (changes, billable, irreversible)")),
        }
    }
}

/// The JSON type of a profile key's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyType {
    /// A string.
    String,
    /// A whole number.
    Integer,
    /// A list of whole numbers.
    Integers,
    /// `true` or `false`.
    Boolean,
}

/// A profile key an operation reads (`huawei.apig.instance_id`: table `[huawei.apig]`, key
/// `instance_id`). Several operations may declare the same key; they must agree on its type
/// and whether it is a secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyDoc {
    /// Dotted: the table path, then the key.
    pub key: String,
    /// Its value's type.
    #[serde(rename = "type")]
    pub ty: KeyType,
    /// A credential: redacted from every output, `--record` included.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub secret: bool,
    /// What it is, for the profile reference and for errors.
    pub description: String,
    /// The bundled stub's value (absent: the stub's profile leaves the key out); in a string,
    /// `{random}` is replaced by a fresh value at every start (a fixed one in deterministic
    /// stubs), so secrets differ per stub.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stub: Option<Value>,
    /// The stub's value under the `other-resource-ids` variation (default: `stub`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stub_other: Option<Value>,
}

/// Which profile key holds each credential of the operation's auth scheme (`slot → key`);
/// the slots are the scheme's own (`conformance_contract::scheme`).
pub type Credentials = BTreeMap<String, String>;

/// An allowance of the account that scenarios share, such as the few wrong signatures a real
/// AK may take before it is locked.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowanceDoc {
    /// Its name, the one a credential role spends (`wrong-signature`).
    pub name: String,
    /// How many scenarios of a run against a real target may spend it.
    pub per_run: usize,
    /// The profile key whose value is the account the allowance belongs to (`huawei.ak`):
    /// operations whose pool key has the same value share one allowance.
    pub pool: String,
    /// Why the account has this limit.
    pub why: String,
}

/// Where a bound value goes: `path:<param>`, `query:<param>` or `body:<JSON pointer>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum At {
    /// A path parameter.
    Path(String),
    /// A query parameter.
    Query(String),
    /// A value of the request body.
    Body(String),
}

impl At {
    /// Parses `path:<param>`, `query:<param>` or `body:/<pointer>`.
    pub fn parse(s: &str) -> Option<At> {
        match s.split_once(':')? {
            ("path", p) if !p.is_empty() => Some(At::Path(p.to_string())),
            ("query", p) if !p.is_empty() => Some(At::Query(p.to_string())),
            ("body", p) if p.starts_with('/') => Some(At::Body(p.to_string())),
            _ => None,
        }
    }
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            At::Path(p) => write!(f, "path:{p}"),
            At::Query(p) => write!(f, "query:{p}"),
            At::Body(p) => write!(f, "body:{p}"),
        }
    }
}

impl Serialize for At {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        At::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("`{s}` is not `path:<param>`, `query:<param>` or `body:/<pointer>`"))
        })
    }
}

/// Which of the resources a scenario created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Which {
    /// The first it created.
    First,
    /// The last it created.
    Last,
}

/// Which item of a list key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum End {
    /// The first item.
    First,
    /// The last item.
    Last,
    /// The smallest.
    Min,
    /// The largest.
    Max,
}

/// Where a value comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Source {
    /// A profile key's value, as it is.
    Key(String),
    /// A value the operation changes: a success sends `target`; a request a correct target
    /// refuses sends `current` (the resource's value now), so a wrong target that accepts it
    /// changes nothing; without `current`, `target`.
    Change {
        /// The value to change to.
        target: String,
        /// The value the resource has.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        current: Option<String>,
    },
    /// One item of a list key.
    Pick {
        /// The list key.
        key: String,
        /// Which item.
        end: End,
    },
    /// The id of a resource the scenario created.
    Created(Which),
    /// A name unique to the run: `<prefix>-<run id>`, the prefix a profile key's value or
    /// `default`.
    Name {
        /// The key of the prefix.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prefix: Option<String>,
        /// The prefix when the key is not given.
        default: String,
    },
    /// The example's string with each `{placeholder}` filled from its source.
    Template(BTreeMap<String, Source>),
}

/// A value of the account bound into every request of the operation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BindingDoc {
    /// Where it goes; a `body:` binding applies to a request example that has that pointer.
    pub at: At,
    /// Where it comes from.
    pub from: Source,
    /// The noun of the resource this value names (`gateway`): "a gateway that does not exist"
    /// replaces it with an id no target knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<String>,
    /// Without the key in the profile the example's value stays, and nothing is needed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
}

/// A condition on the request under which a status has another effect.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffectWhen {
    /// The request body's pointer.
    pub body: String,
    /// The value it has.
    pub equals: Value,
    /// The effect then.
    pub effect: Effect,
}

/// What answering a status means for the target's account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EffectDoc {
    /// Always this.
    Fixed(Effect),
    /// `default`, unless a condition of `when` holds (the first that does).
    Conditional {
        /// The effect when no condition holds.
        default: Effect,
        /// Conditions in order.
        when: Vec<EffectWhen>,
    },
}

impl EffectDoc {
    /// The effect for a request with this body.
    pub fn for_body(&self, body: Option<&Value>) -> Effect {
        match self {
            EffectDoc::Fixed(e) => *e,
            EffectDoc::Conditional { default, when } => when
                .iter()
                .find(|w| body.and_then(|b| b.pointer(&w.body)) == Some(&w.equals))
                .map_or(*default, |w| w.effect),
        }
    }

    /// The largest effect it can have.
    pub fn worst(&self) -> Effect {
        match self {
            EffectDoc::Fixed(e) => *e,
            EffectDoc::Conditional { default, when } => {
                when.iter().map(|w| w.effect).chain([*default]).max().unwrap_or(*default)
            }
        }
    }
}

/// How a target answers a status where the page prints no example, or the parts of a printed
/// one a target computes (the `details` of a refusal). The bundled stub answers this way; the
/// suite never asserts what the page does not print.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerDoc {
    /// A response example of this status, instantiated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// Where the computed refusal details go in the example's body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details_at: Option<String>,
    /// Values for the placeholders of the contract's [`ErrorBody`] template (`code`, `message`,
    /// `kind`, `details`).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub fields: Map<String, Value>,
    /// A prose body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Extra response headers (`WWW-Authenticate`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The erratum that says why this answer is assumed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erratum: Option<String>,
}

/// The shape of the operation's error bodies where its page prints none: a JSON template in
/// which a string `"{name}"` stands for a value (`{status}` the status as a number, `{uuid}` a
/// fresh one, `{details}` the refusal's details, any other name a field of the answer) and
/// `{name}` inside a longer string or a member name is replaced by text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    /// The template.
    pub template: Value,
    /// How a target answers what no operation documents: `no-route`, `wrong-method`,
    /// `too-large`, `bad-fault-header`, as fields of the template.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stub_answers: BTreeMap<String, AnswerDoc>,
    /// Where the shape comes from.
    pub provenance: Provenance,
}

/// What a success does to the resource the request addresses.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateDoc {
    /// Attributes of the resource set from the request (`attribute → body:/pointer`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, At>,
    /// A new resource under the addressed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creates: Option<CreatesDoc>,
}

/// A resource a success creates, named by a response header.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreatesDoc {
    /// What it is (`service`): "a service added to the order" creates one first.
    pub noun: String,
    /// The header that names it (`Location`).
    pub header: String,
    /// Its attributes, from the request (`attribute → body:/pointer`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, At>,
    /// The request that creates one as set-up: a request example, members removed.
    pub setup: SetupDoc,
}

/// The set-up request of a [`CreatesDoc`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetupDoc {
    /// The request example.
    pub example: String,
    /// Pointers removed from it (relations to resources that do not exist yet).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
}

/// The resource a request addresses: its path (`{param}` for a path parameter, `{body:/p}` for
/// a value of the body). A target answers the documented not-found for one that does not
/// exist. Its `change` bindings change the attributes a success's `state.set` sets from their
/// pointers: a run knows their values at its start (the bindings' `current` keys), changes
/// them up and back, and at its end sets back any that is not at its start value with the
/// `restore` request.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceDoc {
    /// What it is (`gateway`).
    pub noun: String,
    /// Its path template.
    pub path: String,
    /// The request example that sets the resource back to its start values (its `change`
    /// bindings given them); default: the first request example that has every change
    /// binding's pointer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore: Option<String>,
    /// How long a change of it takes to complete on a real target: the default time a run
    /// waits between two changes of one resource (the profile's `[<section>] settle_seconds`
    /// wins; 0 against the bundled stub and loopback targets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settle: Option<SettleDoc>,
    /// What one billable request to it costs, in words, where the page says (the plan shows
    /// it per resource): `{ text, provenance }`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<CostDoc>,
}

/// What a billable request costs, in the page's words.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostDoc {
    /// The cost in words (`an upgrade is paid extra, a downgrade refunded`).
    pub text: String,
    /// Where the page says it (a quote).
    pub provenance: String,
}

/// How long a change takes to complete, and where that comes from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettleDoc {
    /// Seconds to wait after a change before the next change of the same resource.
    pub seconds: u64,
    /// Why this long: the page's words, or what the fixture assumes and why.
    pub why: String,
    /// Where the page says so, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// Data only the bundled stub has, beyond its profile's values.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StubDoc {
    /// Resources seeded besides those the profile names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<SeedResource>,
}

/// A resource the stub starts with.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedResource {
    /// Its path; `{key}` is the stub's value of a profile key.
    pub path: String,
    /// Its attributes.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub attributes: Map<String, Value>,
    /// Why the stub has it.
    pub why: String,
}
