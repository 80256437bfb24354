//! Redaction: secrets never reach output, reports, recordings or snapshots. Credential headers
//! are masked whole; any other text has every known secret value replaced. Reporters take a
//! [`Redacted`] value, which only [`Redacted::new`] makes: a reporter cannot be handed, and so
//! cannot forget to redact, a value that still holds secrets.

/// What replaces a secret.
pub const REDACTED: &str = "[REDACTED]";

/// Headers whose values are credentials, lower case.
pub const SENSITIVE_HEADERS: &[&str] =
    &["authorization", "x-auth-token", "cookie", "set-cookie", "proxy-authorization"];

/// Replaces known secret values.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    /// A redactor for these values (empty ones are ignored; longest replaced first).
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        let mut secrets: Vec<String> = secrets.into_iter().filter(|s| !s.is_empty()).collect();
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Redactor { secrets }
    }

    /// `text` with every secret replaced.
    pub fn text(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_string(), |t, s| t.replace(s.as_str(), REDACTED))
    }

    /// A header value as it may be shown.
    pub fn header(&self, name: &str, value: &str) -> String {
        if SENSITIVE_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            REDACTED.to_string()
        } else {
            self.text(value)
        }
    }
}

/// A value whose every text can pass through a [`Redactor`].
pub trait Redact {
    /// Replaces every secret `r` knows in every text of `self`.
    fn redact(&mut self, r: &Redactor);
}

impl Redact for String {
    fn redact(&mut self, r: &Redactor) {
        *self = r.text(self);
    }
}

impl<T: Redact> Redact for Vec<T> {
    fn redact(&mut self, r: &Redactor) {
        self.iter_mut().for_each(|x| x.redact(r));
    }
}

impl<T: Redact> Redact for Option<T> {
    fn redact(&mut self, r: &Redactor) {
        if let Some(x) = self {
            x.redact(r);
        }
    }
}

/// A value that has passed through a [`Redactor`] once, read through `Deref`.
#[derive(Debug, Clone, PartialEq)]
pub struct Redacted<T>(T);

impl<T: Redact> Redacted<T> {
    /// `value` with every secret `r` knows replaced.
    pub fn new(mut value: T, r: &Redactor) -> Self {
        value.redact(r);
        Redacted(value)
    }
}

impl<T> Redacted<T> {
    /// The redacted value itself.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Redacted<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secrets_and_credential_headers() {
        let r = Redactor::new(["tok-123".to_string(), String::new(), "tok-123456".to_string()]);
        assert_eq!(r.text("a tok-123456 b tok-123"), "a [REDACTED] b [REDACTED]");
        assert_eq!(r.header("Cookie", "OwnerId=x"), REDACTED);
        assert_eq!(r.header("Content-Type", "has tok-123"), "has [REDACTED]");
    }

    #[test]
    fn redacted_values_hold_no_secret() {
        let r = Redactor::new(["tok-123".to_string()]);
        let shown = Redacted::new(vec![Some("a tok-123".to_string()), None], &r);
        assert_eq!(*shown, vec![Some("a [REDACTED]".to_string()), None]);
    }
}
