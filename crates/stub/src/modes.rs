//! The shape both kinds of stub mode share: a [`crate::Mutation`] (a deliberate deviation) and
//! a [`crate::Variation`] (a legitimate difference) are each a closed list of named behaviours,
//! with a stable kebab-case name, a one-sentence description, `Display` and `FromStr` by name.
//! One macro declares both, so the two lists cannot drift apart in how they are named or parsed.

/// Declares a mode enum: `modes! { Enum, "its doc", "kind word for errors"; Variant => "name",
/// "description"; … }`.
macro_rules! modes {
    ($enum:ident, $doc:literal, $kind:literal; $($variant:ident => $name:literal, $describe:literal;)+) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $enum {
            $(
                #[doc = $describe]
                $variant,
            )+
        }

        impl $enum {
            /// Every one, in a fixed order.
            pub fn all() -> &'static [$enum] {
                &[$($enum::$variant),+]
            }

            /// Its stable kebab-case name.
            pub fn name(self) -> &'static str {
                match self {
                    $($enum::$variant => $name,)+
                }
            }

            /// What it does, in one sentence.
            pub fn describe(self) -> &'static str {
                match self {
                    $($enum::$variant => $describe,)+
                }
            }
        }

        impl std::fmt::Display for $enum {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl std::str::FromStr for $enum {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $enum::all()
                    .iter()
                    .copied()
                    .find(|m| m.name() == s)
                    .ok_or_else(|| format!(concat!("unknown ", $kind, " `{}`"), s))
            }
        }
    };
}

pub(crate) use modes;
