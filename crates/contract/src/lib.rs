//! The contract model: what the vendor docs say each operation does, loaded from `fixtures/`.
//!
//! This crate is the bottom of the workspace. It knows no HTTP: it loads and checks fixtures
//! ([`Contracts`]), validates bodies against their schemas ([`Operation::validate_request`],
//! [`Operation::validate_response`]), renders paths ([`render_path`]), compares bodies with
//! examples volatile values aside ([`check_example`]) or instantiates them ([`instantiate`]),
//! reads target profiles ([`Profile`], their keys declared by the fixtures: [`KeySchema`]),
//! binds the profile's values into requests ([`bind`]), says what a run knows of the resources
//! an operation changes ([`resource`]) and redacts secrets ([`Redactor`]).
//! The words of a page an item rests on are found by [`anchor`].
//! How an operation meets a target is data of its fixture ([`meets`]); the auth schemes are
//! a small registry ([`scheme`]).
//! [`check_example`] applies the strictness policy of `fixtures/README.md` (literal, volatile and
//! instance values, open objects); members the page does not show come back as
//! [`UndocumentedMember`] notes, also from [`Operation::undocumented_members`].

pub mod anchor;
pub mod anchored;
pub mod bind;
mod check_meets;
mod check_policy;
mod choose;
mod decimal;
pub mod default_response;
mod error;
mod example;
mod format;
mod headers;
mod items;
pub mod keys;
mod load;
pub mod meets;
mod members;
pub mod model;
pub mod need;
mod path;
mod policy;
pub mod profile;
mod provoke;
pub mod query;
pub mod redact;
pub mod resource;
pub mod scaffold;
mod schema;
pub mod scheme;
mod scheme_send;
mod sources;
pub mod strict;
pub mod variants;
mod volatile;

pub use bind::{BindContext, BindError};
pub use choose::{BodyWhen, RequestValue};
pub use error::{LoadError, PathError};
pub use example::{env_var, example_profile};
pub use keys::KeySchema;
pub use load::{Contracts, Operation};
pub use meets::Effect;
pub use model::*;
pub use need::Need;
pub use path::{matches as match_path, placeholders, render as render_path};
pub use policy::{Checked, Relaxed, UndocumentedMember};
pub use profile::{Profile, ProfileError, Safety, Secret};
pub use provoke::{Provocation, Provoked, ProvokedBy};
pub use query::{QueryParamDoc, QueryRelax, QueryViolation};
pub use redact::{Redact, Redacted, Redactor};
pub use resource::Changed;
pub use schema::{Schema, Violation, Violations};
pub use scheme::{ApiKey, KeyIn, Role};
pub use scheme_send::{INVALID, Sent as SentCredentials, basic};
pub use volatile::{
    ExampleMismatch, RequestContext, check_example, check_example_as, envelope, instantiate, json_diff, path_value,
    unescape_token,
};

/// The checkout `dir` is in: the nearest of `dir` and its ancestors that holds a `Cargo.toml`
/// and a `fixtures/` folder; `None` outside a checkout.
pub fn workspace_of(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    dir.ancestors()
        .find(|d| d.join("Cargo.toml").is_file() && d.join("fixtures").is_dir())
        .map(std::path::Path::to_path_buf)
}

/// The checkout the current directory is in (`workspace_of`), else the current directory: found
/// at run time, never from where this crate was built, so a copied clone reads itself.
pub fn current_workspace() -> std::path::PathBuf {
    let here = std::env::current_dir().unwrap_or_default();
    workspace_of(&here).unwrap_or(here)
}

/// The `fixtures/` folder of the current directory's checkout (`current_workspace`), read at
/// run time, so editing a fixture needs no rebuild. A default for tests and examples: the
/// commands take their folders from their callers.
pub fn default_fixtures_dir() -> std::path::PathBuf {
    current_workspace().join("fixtures")
}
