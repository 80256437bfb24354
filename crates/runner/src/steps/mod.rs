//! The step vocabulary, by domain concept as the cucumber-rs book advises, not by keyword:
//! `credentials` (tokens, AK/SK, Hostway `Authorization`, `OwnerId` cookies), `bodies` (a
//! documented example request, then edits), `requests` (sending, faults, resizes, actions,
//! ids that do not exist), `services` (adding one, its `Location`, following it) and `checks`
//! (what came back against the contract). Every failure message carries the exchange (secrets
//! redacted). Example bodies are always read from the fixtures by name: feature files never
//! repeat them. Steps ask for every profile need they use (`bind`), so a run knows the needs
//! each scenario really used.

/// An enum of the fixed phrases a step parameter may be, each variant with its words, and
/// its `FromStr` (what cucumber parses a captured parameter with). Give the enum
/// `#[derive(cucumber::Parameter)]` with the same words as its regex to use it as a
/// `{name}` of a cucumber expression.
macro_rules! phrases {
    ($(#[$meta:meta])* enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $words:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($words => Ok($name::$variant),)+
                    other => Err(format!("{other:?} is none of {:?}", [$($words),+])),
                }
            }
        }
    };
}

mod bind;
mod bodies;
mod checks;
mod credentials;
mod requests;
mod services;

pub(crate) use bind::RunLog;
pub use bind::Used;
