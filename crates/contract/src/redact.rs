//! Redaction: secrets never reach output, reports, recordings or snapshots. Credential headers
//! are masked whole; any other text has every known secret value replaced. A secret whose
//! profile key is known is replaced by a mask naming it (`[REDACTED: huawei.forbidden_token]`),
//! so a failure shows which credential was sent, never its value; so is a credential header
//! that holds one. Reporters take a
//! [`Redacted`] value, which only [`Redacted::new`] makes: a reporter cannot be handed, and so
//! cannot forget to redact, a value that still holds secrets.

/// What replaces a secret.
pub const REDACTED: &str = "[REDACTED]";

/// Headers whose values are credentials, lower case.
pub const SENSITIVE_HEADERS: &[&str] =
    &["authorization", "x-auth-token", "cookie", "set-cookie", "proxy-authorization"];

/// The mask of a secret of profile key `key`: `[REDACTED: huawei.token]`.
pub fn named(key: &str) -> String {
    format!("[REDACTED: {key}]")
}

/// Replaces known secret values.
#[derive(Clone, Default)]
pub struct Redactor {
    /// Each secret with its mask, longest first.
    secrets: Vec<(String, String)>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.secrets.len())
    }
}

impl Redactor {
    /// A redactor for these values (empty ones are ignored; longest replaced first).
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Self {
        Self::named(secrets.into_iter().map(|s| (s, None)))
    }

    /// A redactor for these values, each masked with the name of its key when it has one
    /// (`[REDACTED: huawei.token]`), else `[REDACTED]`; empty values are ignored, the longest
    /// replaced first, and a value two keys share is masked with the first key's name.
    pub fn named(secrets: impl IntoIterator<Item = (String, Option<String>)>) -> Self {
        let mut secrets: Vec<(String, String)> = secrets
            .into_iter()
            .filter(|(s, _)| !s.is_empty())
            .map(|(s, key)| (s, key.as_deref().map_or_else(|| REDACTED.to_string(), named)))
            .collect();
        // Longest first; one value's named mask before its plain one, so the dedup keeps it.
        secrets.sort_by(|a, b| {
            (b.0.len().cmp(&a.0.len()))
                .then_with(|| a.0.cmp(&b.0))
                .then_with(|| (a.1 == REDACTED).cmp(&(b.1 == REDACTED)))
        });
        secrets.dedup_by(|later, kept| later.0 == kept.0);
        Redactor { secrets }
    }

    /// The masks it writes: `[REDACTED]` and one per named key.
    fn masks(&self) -> impl Iterator<Item = &str> {
        std::iter::once(REDACTED).chain(self.secrets.iter().map(|(_, m)| m.as_str()))
    }

    /// `text` with every secret replaced, in one pass (the longest secret that starts at a
    /// place wins); a mask already in the text is kept as it is, so redacting twice changes
    /// nothing and a short secret never eats into a mask's key name.
    pub fn text(&self, text: &str) -> String {
        if self.secrets.is_empty() {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            // Only a mask this redactor writes is kept: any other text is searched for secrets.
            if let Some(mask) = self.masks().find(|m| rest.starts_with(*m)) {
                out.push_str(mask);
                rest = &rest[mask.len()..];
                continue;
            }
            if let Some((s, mask)) = self.secrets.iter().find(|(s, _)| rest.starts_with(s.as_str())) {
                out.push_str(mask);
                rest = &rest[s.len()..];
                continue;
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    /// A header value as it may be shown: a credential header masked whole, naming the keys of
    /// the secrets it holds (`[REDACTED: hostway-orders.owner_id]`), else `[REDACTED]`.
    pub fn header(&self, name: &str, value: &str) -> String {
        if !SENSITIVE_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            return self.text(value);
        }
        // Redacted already (a value redacted twice, or a recording's): it stays as it is.
        if self.masks().any(|m| m == value) {
            return value.to_string();
        }
        let mut masks: Vec<&str> = Vec::new();
        for (s, mask) in &self.secrets {
            if value.contains(s.as_str()) && mask != REDACTED && !masks.contains(&mask.as_str()) {
                masks.push(mask);
            }
        }
        match masks.as_slice() {
            [] => REDACTED.to_string(),
            [one] => (*one).to_string(),
            many => {
                let keys: Vec<&str> =
                    many.iter().map(|m| m.trim_start_matches("[REDACTED: ").trim_end_matches(']')).collect();
                named(&keys.join(", "))
            }
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
    fn a_secret_of_a_known_key_is_masked_with_its_name() {
        let r = Redactor::named([
            ("tok-123".to_string(), Some("huawei.forbidden_token".to_string())),
            ("OwnerId=o".to_string(), None),
            ("owner-9".to_string(), Some("hostway-orders.owner_id".to_string())),
        ]);
        assert_eq!(r.text("sent tok-123"), "sent [REDACTED: huawei.forbidden_token]");
        assert_eq!(r.header("X-Auth-Token", "tok-123"), "[REDACTED: huawei.forbidden_token]");
        assert_eq!(r.header("Cookie", "OwnerId=owner-9"), "[REDACTED: hostway-orders.owner_id]");
        assert_eq!(r.header("Authorization", "Basic other"), REDACTED, "an unknown credential names nothing");
        let short = Redactor::named([("t".to_string(), Some("huawei.token".to_string()))]);
        let twice = short.text(&short.text("a tot"));
        assert_eq!(twice, "a [REDACTED: huawei.token]o[REDACTED: huawei.token]", "a mask is never redacted again");
        assert_eq!(short.text("[REDACTED: x t]"), "[REDACTED: x [REDACTED: huawei.token]]", "only its own masks");
        let once = r.header("X-Auth-Token", "tok-123");
        assert_eq!(r.header("X-Auth-Token", &once), once, "redacting twice keeps the name");
    }

    #[test]
    fn redacted_values_hold_no_secret() {
        let r = Redactor::new(["tok-123".to_string()]);
        let shown = Redacted::new(vec![Some("a tok-123".to_string()), None], &r);
        assert_eq!(*shown, vec![Some("a [REDACTED]".to_string()), None]);
    }
}
