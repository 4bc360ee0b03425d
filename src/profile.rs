//! Profiles: what a document is expected to be, and so which rules are in force.
//!
//! A convention about to be signed must have every field of its template filled in;
//! the template itself is expected to have them. The same rule set serves both: each
//! rule file may restrict itself to some profiles (`profiles = ["template"]`, see
//! [`Rule::profiles`](crate::rule::Rule::profiles)), and
//! [`check_document`](crate::check_document) runs only the rules of
//! [`Settings::profile`](crate::Settings::profile).

use serde::Deserialize;

/// What the checked document is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// A convention about to be signed (the default): every field left is an error
    /// (`placeholder`).
    #[default]
    Signature,
    /// A template kept by its maintainers: fields are expected, so `placeholder` is
    /// silent; fields must be declared by the document model, well formed, and name a
    /// party the same way throughout.
    Template,
}

impl Profile {
    /// Every profile, in the order they are documented.
    pub const ALL: [Profile; 2] = [Profile::Signature, Profile::Template];

    /// The name used on the command line and in rule files (`signature`, `template`).
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Signature => "signature",
            Profile::Template => "template",
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is no profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown profile `{0}` (known: signature, template)")]
pub struct UnknownProfile(pub String);

impl std::str::FromStr for Profile {
    type Err = UnknownProfile;

    /// Reads `signature` or `template` (as written, lowercase).
    fn from_str(s: &str) -> Result<Profile, UnknownProfile> {
        Profile::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| UnknownProfile(s.to_string()))
    }
}
