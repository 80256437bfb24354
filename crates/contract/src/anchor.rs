//! Finding an anchor's words in a vendor page (`ANCHORS.md`, `fixtures/README.md`, "Anchors").
//!
//! A page and a quote are both normalized into tokens the same way: split on Unicode
//! whitespace (each token keeps its 1-based line), tokens made only of `-` `=` `+` `|` dropped
//! (table borders, heading underlines, cell separators), the characters `*` and `` ` `` deleted
//! from the rest (emphasis, literals), tokens left empty dropped. A quote is found where its
//! tokens occur contiguously in the page's, case-sensitively; its line is its first token's.
//! A quote that is not found has a nearest text: the window of the page's tokens most like it
//! (by `similar`'s character diff ratio), with its line, looked for first under the heading of
//! the anchor's section. Pure: no I/O.

use similar::TextDiff;

/// How many lines after a section's heading [`Page::nearest_in`] looks.
pub const SECTION_LINES: usize = 40;

/// One normalized word of a page, with the line it stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    line: usize,
}

/// A page's text, normalized once for any number of quotes.
#[derive(Debug, Clone, Default)]
pub struct Page {
    tokens: Vec<Token>,
}

/// Where the page now has the words most like a lost quote.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Nearest {
    /// Those words, normalized (joined by single spaces).
    pub text: String,
    /// The line of their first word.
    pub line: usize,
    /// How alike they are, from 0 (nothing in common) to 1 (the same).
    pub similarity: f32,
}

/// A quote's words, normalized as a page's are.
pub fn normalize(quote: &str) -> Vec<String> {
    tokens(quote).into_iter().map(|t| t.text).collect()
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for word in line.split_whitespace() {
            if word.chars().all(|c| matches!(c, '-' | '=' | '+' | '|')) {
                continue;
            }
            let kept: String = word.chars().filter(|c| !matches!(c, '*' | '`')).collect();
            if !kept.is_empty() {
                out.push(Token { text: kept, line: i + 1 });
            }
        }
    }
    out
}

impl Page {
    /// Normalizes a page's text.
    pub fn parse(text: &str) -> Self {
        Page { tokens: tokens(text) }
    }

    /// The line where `quote` first occurs, or `None` when the page does not have its words
    /// (an empty quote is never found).
    pub fn find(&self, quote: &str) -> Option<usize> {
        let want = normalize(quote);
        if want.is_empty() || want.len() > self.tokens.len() {
            return None;
        }
        self.tokens.windows(want.len()).find(|w| w.iter().zip(&want).all(|(t, q)| t.text == *q)).map(|w| w[0].line)
    }

    /// The words of the page most like `quote` (windows of its length, one word shorter and one
    /// longer), or `None` for an empty page or quote.
    pub fn nearest(&self, quote: &str) -> Option<Nearest> {
        self.nearest_within(quote, &self.tokens)
    }

    /// The words most like `quote` in the section `section` names, where the page has its
    /// heading (the section's words before a `,` or `(`; the next [`SECTION_LINES`] lines),
    /// else anywhere ([`Page::nearest`]).
    pub fn nearest_in(&self, quote: &str, section: &str) -> Option<Nearest> {
        let heading = section.split([',', '(']).next().unwrap_or_default();
        let Some(start) = self.find(heading) else { return self.nearest(quote) };
        let from = self.tokens.iter().position(|t| t.line >= start).unwrap_or(0);
        let to = self.tokens.iter().position(|t| t.line > start + SECTION_LINES).unwrap_or(self.tokens.len());
        self.nearest_within(quote, &self.tokens[from..to]).or_else(|| self.nearest(quote))
    }

    fn nearest_within(&self, quote: &str, tokens: &[Token]) -> Option<Nearest> {
        let want = normalize(quote).join(" ");
        let n = normalize(quote).len();
        if n == 0 || tokens.is_empty() {
            return None;
        }
        let mut best: Option<Nearest> = None;
        for len in [n, n.saturating_sub(1).max(1), n + 1] {
            for w in tokens.windows(len.min(tokens.len())) {
                let text = w.iter().map(|t| t.text.as_str()).collect::<Vec<_>>().join(" ");
                let similarity = TextDiff::from_chars(want.as_str(), text.as_str()).ratio();
                if best.as_ref().is_none_or(|b| similarity > b.similarity) {
                    best = Some(Nearest { text, line: w[0].line, similarity });
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "Response Parameters\n-------------------\n\n**Status code: 202**\n\n\
        .. table:: **Table 3** Request body parameters\n\n   ========= ========= ======\n   \
        Parameter Mandatory Type\n   ========= ========= ======\n   spec_id   No        String\n\
        | ``name`` | Yes | a long cell\n| | | that wraps |\n";

    #[test]
    fn markup_and_whitespace_are_normalized() {
        assert_eq!(normalize("**Status  code:**\n``202``"), ["Status", "code:", "202"]);
        assert_eq!(normalize("| --- | === | +-+ |"), Vec::<String>::new());
    }

    #[test]
    fn a_quote_is_found_at_its_first_words_line() {
        let page = Page::parse(PAGE);
        assert_eq!(page.find("Status code: 202"), Some(4));
        assert_eq!(page.find("spec_id No String"), Some(11));
        assert_eq!(page.find("name Yes a long cell that wraps"), Some(12), "a wrapped cell spans lines");
        assert_eq!(page.find("status code: 202"), None, "case-sensitive");
        assert_eq!(page.find("Status code: 200"), None);
        assert_eq!(page.find("  "), None);
    }

    #[test]
    fn a_lost_quote_has_the_nearest_words_and_their_line() {
        let page = Page::parse(PAGE);
        let near = page.nearest("Status code: 200").expect("a nearest text");
        assert_eq!((near.text.as_str(), near.line), ("Status code: 202", 4));
        assert!(near.similarity > 0.8 && near.similarity < 1.0, "{near:?}");
        assert_eq!(Page::parse("").nearest("x"), None);
        let page =
            Page::parse("Limits\nAt most 32 characters.\n\nStatus Codes\n| 200 | OK. |\n| 401 | Unauthorized. |\n");
        assert_eq!(page.nearest("202 Accepted.").map(|n| n.line), Some(2), "anywhere, the limit looks nearer");
        let near = page.nearest_in("202 Accepted.", "Status Codes (202)").expect("a nearest text");
        assert_eq!((near.text.as_str(), near.line), ("200 OK.", 5), "in its section, the row that changed");
    }
}
