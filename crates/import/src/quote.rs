//! Quotes: the few words of the page that state an item, cut where the item's words end (a
//! table row's name, presence and type, and its description's first sentence) so that they
//! stay short and are found again verbatim.

/// A row's words, up to the end of the first sentence of its description (at most 24 words).
pub fn row(words: &str) -> String {
    let mut out = Vec::new();
    for (i, w) in words.split_whitespace().enumerate() {
        out.push(w);
        if (i >= 2 && w.ends_with('.') && !w.ends_with("e.g.")) || out.len() >= 24 {
            break;
        }
    }
    out.join(" ")
}

/// A sentence of a paragraph, at most 30 words.
pub fn sentence(text: &str) -> String {
    text.split_whitespace().take(30).collect::<Vec<_>>().join(" ")
}
