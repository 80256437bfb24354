//! Finding an anchor's words in a vendor page (`ANCHORS.md`, `fixtures/README.md`, "Anchors").
//!
//! A page and a quote are both normalized into tokens the same way: split on Unicode
//! whitespace (each token keeps its 1-based line), tokens made only of `-` `=` `+` `|` dropped
//! (table borders, heading underlines, cell separators), the characters `*` and `` ` `` deleted
//! from the rest (emphasis, literals), tokens left empty dropped. A quote is found where its
//! tokens occur contiguously in the page's, case-sensitively; its line is its first token's.
//! A quote that is not found has a nearest text: the window of the page's tokens most like it
//! (by `similar`'s character diff ratio), with its line. Pure: no I/O.

use similar::TextDiff;

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
        let want = normalize(quote).join(" ");
        let n = normalize(quote).len();
        if n == 0 || self.tokens.is_empty() {
            return None;
        }
        let mut best: Option<Nearest> = None;
        for len in [n, n.saturating_sub(1).max(1), n + 1] {
            for w in self.tokens.windows(len.min(self.tokens.len())) {
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
    }
}
