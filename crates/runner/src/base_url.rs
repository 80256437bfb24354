//! Checks a base URL before anything is sent to it: a pure function ([`check`]) for
//! `--base-url` (the command line's value parser) and for the base URLs a profile gives.
//!
//! A base URL is `http://` or `https://`, a host, and at most a path, which each operation's
//! path is appended to. Refused, each with the fix:
//! - userinfo (`user:password@`): credentials belong in the profile, where the redactor knows
//!   them; the error never repeats the URL, so the password is shown nowhere;
//! - a query or a fragment, which would end up in front of every operation's path;
//! - no scheme: `gateway.example.com` gets "did you mean https://gateway.example.com?"
//!   (`http://` for a loopback host);
//! - another scheme, no host, whitespace, or text that is no URL at all.
//!
//! An error repeats the URL only when it cannot hold a password (it has no `@`).

use reqwest::Url;

/// Why a base URL is refused; its text says how to fix it and never holds a password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    /// Nothing given.
    #[error("the base URL is empty")]
    Empty,
    /// Spaces or control characters, often from a copy and paste.
    #[error("the base URL contains whitespace or a control character")]
    Whitespace,
    /// `user:password@host`.
    #[error(
        "the base URL holds credentials (user:password@): credentials belong in the profile, where they are \
         redacted from every output; give the URL without them"
    )]
    Credentials,
    /// `?…`.
    #[error("the base URL has a query (?…): each operation's path is appended to the base URL, so give it without")]
    Query,
    /// `#…`.
    #[error("the base URL has a fragment (#…): each operation's path is appended to the base URL, so give it without")]
    Fragment,
    /// No `scheme://`; the URL it probably means.
    #[error("the base URL {given:?} has no scheme: did you mean {suggestion}?")]
    NoScheme {
        /// What was given.
        given: String,
        /// The same with `https://` (`http://` for a loopback host).
        suggestion: String,
    },
    /// A scheme other than `http` and `https`.
    #[error("the base URL's scheme is {scheme}: it must be http:// or https://")]
    Scheme {
        /// The scheme given.
        scheme: String,
    },
    /// `http://` with no host.
    #[error("the base URL has no host")]
    NoHost,
    /// Not a URL; what the parser said (it never repeats the text).
    #[error("the base URL is not a URL: {reason}")]
    NotAUrl {
        /// The parser's reason.
        reason: String,
    },
}

/// Checks that `url` can be a base URL; see the module doc.
pub fn check(url: &str) -> Result<(), BaseUrlError> {
    if url.is_empty() {
        return Err(BaseUrlError::Empty);
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(BaseUrlError::Whitespace);
    }
    let has_scheme = url.contains("://");
    let full = if has_scheme { url.to_string() } else { format!("https://{url}") };
    let parsed = Url::parse(&full).map_err(|e| {
        // The parser may have stopped at credentials it could not read: say so instead.
        if url.contains('@') { BaseUrlError::Credentials } else { BaseUrlError::NotAUrl { reason: e.to_string() } }
    })?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(BaseUrlError::Credentials);
    }
    if parsed.query().is_some() {
        return Err(BaseUrlError::Query);
    }
    if parsed.fragment().is_some() {
        return Err(BaseUrlError::Fragment);
    }
    if !has_scheme {
        let host = parsed.host_str().unwrap_or_default();
        let ip = host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>();
        let loopback = host == "localhost" || ip.is_ok_and(|ip| ip.is_loopback());
        let scheme = if loopback { "http" } else { "https" };
        return Err(BaseUrlError::NoScheme { given: url.to_string(), suggestion: format!("{scheme}://{url}") });
    }
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(BaseUrlError::Scheme { scheme: parsed.scheme().to_string() });
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(BaseUrlError::NoHost);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn http_and_https_with_a_host_and_a_path_are_base_urls() {
        for ok in [
            "https://gateway.example.com",
            "https://gateway.example.com/",
            "http://127.0.0.1:8080",
            "https://api.example.com:8443/base/path/",
            "http://[::1]:9000",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn credentials_are_refused_and_the_password_is_never_repeated() {
        for bad in [
            "http://user:s3cretpw@host",
            "https://user:s3cretpw@gateway.example.com/base",
            "user:s3cretpw@gateway.example.com",
            "http://:s3cretpw@host",
            "http://s3cretpw@host",
            "http://user:s3cret pw@host",
            "http://user:s3cretpw@host:notaport",
            "http://user:s3cretpw@host/?x=1",
        ] {
            let e = check(bad).expect_err(bad);
            let text = e.to_string();
            assert!(!text.contains("s3cret"), "{bad}: {text}");
            if !bad.contains(' ') {
                assert_eq!(e, BaseUrlError::Credentials, "{bad}");
                assert!(text.contains("credentials belong in the profile"), "{text}");
            }
        }
    }

    #[test]
    fn a_query_or_a_fragment_is_refused() {
        assert_eq!(check("http://host/?x=1"), Err(BaseUrlError::Query));
        assert_eq!(check("http://host/?"), Err(BaseUrlError::Query));
        assert_eq!(check("https://host/base#top"), Err(BaseUrlError::Fragment));
        assert!(BaseUrlError::Query.to_string().contains("query"));
    }

    #[test]
    fn a_missing_scheme_gets_the_fix() {
        let e = check("gateway.example.com").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the base URL \"gateway.example.com\" has no scheme: did you mean https://gateway.example.com?"
        );
        let e = check("gateway.example.com:8443/base").unwrap_err().to_string();
        assert!(e.ends_with("did you mean https://gateway.example.com:8443/base?"), "{e}");
        let e = check("localhost:8080").unwrap_err().to_string();
        assert!(e.ends_with("did you mean http://localhost:8080?"), "{e}");
        let e = check("127.0.0.1:18080").unwrap_err().to_string();
        assert!(e.ends_with("did you mean http://127.0.0.1:18080?"), "{e}");
    }

    #[test]
    fn other_schemes_no_host_whitespace_and_non_urls_are_refused() {
        assert_eq!(check("ftp://host"), Err(BaseUrlError::Scheme { scheme: "ftp".into() }));
        assert_eq!(check(""), Err(BaseUrlError::Empty));
        assert_eq!(check(" https://host"), Err(BaseUrlError::Whitespace));
        assert!(matches!(check("http://"), Err(BaseUrlError::NotAUrl { .. })), "{:?}", check("http://"));
        assert!(matches!(check("https://exa mple"), Err(BaseUrlError::Whitespace)));
        assert!(matches!(check("http://host:99999"), Err(BaseUrlError::NotAUrl { .. })));
    }
}
