//! Small text helpers shared by the renderers: the one line of a message worth showing in a
//! cell, escaping for Markdown table cells, and hiding credentials written into a URL.

/// At most this many characters of a message in a cell.
pub(crate) const CELL_CHARS: usize = 160;
/// At most this many characters of a message in a tooltip.
pub(crate) const TITLE_CHARS: usize = 2000;

/// The first non-blank line of `text`, trimmed, cut to `max` characters (with `…`).
pub(crate) fn first_line(text: &str, max: usize) -> String {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    truncate(line, max)
}

/// `text` cut to `max` characters (with `…` when cut).
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Text safe inside a Markdown table cell: HTML-escaped (so `<script>` stays text), pipes
/// escaped, line breaks turned into spaces.
pub(crate) fn md_cell(text: &str) -> String {
    let one_line: String = text.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    html_escape::encode_text(&one_line).replace('|', "\\|")
}

/// A URL with any `user:password@` replaced by `***@`.
pub(crate) fn hide_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_string() };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..scheme_end + 3], &rest[at..]),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_skips_blank_lines_and_truncates() {
        assert_eq!(first_line("\n  expected 201\nbut got 200", 100), "expected 201");
        assert_eq!(first_line("abcdef", 4), "abc…");
        assert_eq!(first_line("", 4), "");
    }

    #[test]
    fn md_cell_escapes_pipes_html_and_newlines() {
        assert_eq!(md_cell("a|b\n<script>"), "a\\|b &lt;script&gt;");
    }

    #[test]
    fn userinfo_is_hidden() {
        assert_eq!(hide_userinfo("https://u:p@host:8/x@y"), "https://***@host:8/x@y");
        assert_eq!(hide_userinfo("http://host/a@b"), "http://host/a@b");
        assert_eq!(hide_userinfo("embedded stub"), "embedded stub");
    }
}
