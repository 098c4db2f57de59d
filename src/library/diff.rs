//! Word-level diff of two clause texts (for `rfx library diff`).
//!
//! Texts are split into words and the whitespace between them; the longest common
//! subsequence of those tokens gives the unchanged parts. Output is either plain
//! (`[-old-]{+new+}`, as `git diff --word-diff=plain`) or coloured with ANSI codes.

/// One piece of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    /// Text in both versions.
    Same(String),
    /// Text only in the old version.
    Removed(String),
    /// Text only in the new version.
    Added(String),
}

/// Splits text into words and runs of whitespace, keeping everything.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut space = None;
    for (i, ch) in text.char_indices() {
        let is_space = ch.is_whitespace();
        match space {
            Some(s) if s != is_space => {
                out.push(&text[start..i]);
                start = i;
            }
            _ => {}
        }
        space = Some(is_space);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The word-level diff of `old` and `new`, as chunks with neighbours merged.
pub fn diff_words(old: &str, new: &str) -> Vec<Chunk> {
    let a = tokens(old);
    let b = tokens(new);
    // Common prefix and suffix are cheap and keep the table small.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let a_mid = &a[prefix..a.len() - suffix];
    let b_mid = &b[prefix..b.len() - suffix];
    let (n, m) = (a_mid.len(), b_mid.len());
    // lcs[i][j] = LCS length of a_mid[i..] and b_mid[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let w = m + 1;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if a_mid[i] == b_mid[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let mut chunks = Vec::new();
    let mut push = |c: Chunk| chunks.push(c);
    for t in &a[..prefix] {
        push(Chunk::Same((*t).to_string()));
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a_mid[i] == b_mid[j] {
            push(Chunk::Same(a_mid[i].to_string()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j]) {
            push(Chunk::Added(b_mid[j].to_string()));
            j += 1;
        } else {
            push(Chunk::Removed(a_mid[i].to_string()));
            i += 1;
        }
    }
    for t in &a[a.len() - suffix..] {
        push(Chunk::Same((*t).to_string()));
    }
    merge(chunks)
}

/// Merges neighbours of the same kind, and folds whitespace sandwiched between two
/// changes into them, so `[-a b-]{+c d+}` reads as one change.
fn merge(chunks: Vec<Chunk>) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut i = 0;
    while i < chunks.len() {
        let c = &chunks[i];
        // Whitespace-only Same between two changes joins the change.
        if let Chunk::Same(s) = c {
            let between_changes = s.trim().is_empty()
                && i > 0
                && !matches!(chunks[i - 1], Chunk::Same(_))
                && chunks
                    .get(i + 1)
                    .is_some_and(|n| !matches!(n, Chunk::Same(_)));
            if between_changes {
                push_merged(&mut out, Chunk::Removed(s.clone()));
                push_merged(&mut out, Chunk::Added(s.clone()));
                i += 1;
                continue;
            }
        }
        push_merged(&mut out, c.clone());
        i += 1;
    }
    // Order removals before additions within each changed run.
    let mut ordered: Vec<Chunk> = Vec::new();
    let mut removed = String::new();
    let mut added = String::new();
    for c in out {
        match c {
            Chunk::Removed(s) => removed.push_str(&s),
            Chunk::Added(s) => added.push_str(&s),
            Chunk::Same(s) => {
                flush(&mut ordered, &mut removed, &mut added);
                ordered.push(Chunk::Same(s));
            }
        }
    }
    flush(&mut ordered, &mut removed, &mut added);
    ordered
}

fn flush(out: &mut Vec<Chunk>, removed: &mut String, added: &mut String) {
    if !removed.is_empty() {
        out.push(Chunk::Removed(std::mem::take(removed)));
    }
    if !added.is_empty() {
        out.push(Chunk::Added(std::mem::take(added)));
    }
}

fn push_merged(out: &mut Vec<Chunk>, c: Chunk) {
    match (out.last_mut(), c) {
        (Some(Chunk::Same(a)), Chunk::Same(b))
        | (Some(Chunk::Removed(a)), Chunk::Removed(b))
        | (Some(Chunk::Added(a)), Chunk::Added(b)) => a.push_str(&b),
        (_, c) => out.push(c),
    }
}

/// Renders chunks as plain text: `[-removed-]` and `{+added+}`.
pub fn render_plain(chunks: &[Chunk]) -> String {
    let mut out = String::new();
    for c in chunks {
        match c {
            Chunk::Same(s) => out.push_str(s),
            Chunk::Removed(s) => {
                out.push_str("[-");
                out.push_str(s);
                out.push_str("-]");
            }
            Chunk::Added(s) => {
                out.push_str("{+");
                out.push_str(s);
                out.push_str("+}");
            }
        }
    }
    out
}

/// Renders chunks for a terminal: removals red and struck through, additions green.
pub fn render_colour(chunks: &[Chunk]) -> String {
    let mut out = String::new();
    for c in chunks {
        match c {
            Chunk::Same(s) => out.push_str(s),
            Chunk::Removed(s) => out.push_str(&format!("\x1b[31;9m{s}\x1b[0m")),
            Chunk::Added(s) => out.push_str(&format!("\x1b[32;4m{s}\x1b[0m")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_changed_words_only() {
        let d = diff_words(
            "liability is capped at 100% of the fees",
            "liability is capped at 150% of the fees paid",
        );
        assert_eq!(
            render_plain(&d),
            "liability is capped at [-100%-]{+150%+} of the fees{+ paid+}"
        );
    }

    #[test]
    fn adjacent_changes_read_as_one() {
        let d = diff_words("a b c d", "a x y d");
        assert_eq!(render_plain(&d), "a [-b c-]{+x y+} d");
    }

    #[test]
    fn identical_texts_have_no_changes() {
        let d = diff_words("same\ntext", "same\ntext");
        assert_eq!(d, vec![Chunk::Same("same\ntext".into())]);
        assert!(render_colour(&diff_words("a", "b")).contains("\x1b[31;9ma\x1b[0m"));
    }
}
