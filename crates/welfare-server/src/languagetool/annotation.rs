//! The text a LanguageTool client sends: plain (`text=`) or annotated (`data=`, markup and text
//! nodes). The checker sees the plain text; offsets go back into the text *with* markup, in
//! UTF-16 code units, as LanguageTool's Java server counts them.

use serde::Deserialize;

/// One node of `data`'s `annotation` list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Node {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    markup: Option<String>,
    #[serde(default, rename = "interpretAs")]
    interpret_as: Option<String>,
}

/// `data`: `{"annotation": [...]}` or `{"text": "...", "metaData": {...}}`.
#[derive(Debug, Deserialize)]
struct Data {
    #[serde(default)]
    annotation: Option<Vec<Node>>,
    #[serde(default)]
    text: Option<String>,
}

/// A stretch of the plain text and where it stands in the text with markup.
#[derive(Debug, Clone, Copy)]
struct Segment {
    plain: usize,
    plain_len: usize,
    markup: usize,
    markup_len: usize,
    /// Text node (offsets inside map one to one) or markup (read as `interpretAs`).
    text: bool,
}

/// The text to check and the text the client's offsets count in.
#[derive(Debug)]
pub struct Annotated {
    /// What the checker reads: text nodes, and markup read as its `interpretAs`.
    pub plain: String,
    /// The text with markup, as the client holds it.
    pub markup: String,
    segments: Vec<Segment>,
}

impl Annotated {
    /// A plain text (`text=`): both texts are the same.
    pub fn plain(text: String) -> Annotated {
        let n = text.len();
        Annotated {
            markup: text.clone(),
            plain: text,
            segments: vec![Segment {
                plain: 0,
                plain_len: n,
                markup: 0,
                markup_len: n,
                text: true,
            }],
        }
    }

    /// Reads `data=` as LanguageTool does; a node with both `text` and `markup`, or with
    /// `text` and `interpretAs`, is an error.
    pub fn from_data(json: &str) -> Result<Annotated, String> {
        let data: Data = serde_json::from_str(json).map_err(|e| {
            format!(
                "Could not parse JSON from 'data' parameter (expected {{\"annotation\": [...]}}): {e}"
            )
        })?;
        let nodes = match (data.annotation, data.text) {
            (Some(nodes), _) => nodes,
            (None, Some(text)) => return Ok(Annotated::plain(text)),
            (None, None) => {
                return Err("'data' needs 'annotation' (a list) or 'text'".into());
            }
        };
        let mut a = Annotated {
            plain: String::new(),
            markup: String::new(),
            segments: Vec::with_capacity(nodes.len()),
        };
        for node in nodes {
            let (plain, markup, text) = match node {
                Node {
                    text: Some(_),
                    markup: Some(_),
                    ..
                } => {
                    return Err(
                        "A node of 'annotation' cannot have both 'text' and 'markup'".into(),
                    );
                }
                Node {
                    text: Some(_),
                    interpret_as: Some(_),
                    ..
                } => {
                    return Err(
                        "A node of 'annotation' cannot have both 'text' and 'interpretAs'".into(),
                    );
                }
                Node {
                    text: Some(t),
                    markup: None,
                    interpret_as: None,
                } => (t.clone(), t, true),
                Node {
                    text: None,
                    markup: Some(m),
                    interpret_as,
                } => (interpret_as.unwrap_or_default(), m, false),
                Node {
                    text: None,
                    markup: None,
                    ..
                } => {
                    return Err("A node of 'annotation' needs 'text' or 'markup'".into());
                }
            };
            a.segments.push(Segment {
                plain: a.plain.len(),
                plain_len: plain.len(),
                markup: a.markup.len(),
                markup_len: markup.len(),
                text,
            });
            a.plain.push_str(&plain);
            a.markup.push_str(&markup);
        }
        Ok(a)
    }

    /// The byte offset in the text with markup of plain byte offset `p`: inside a text node
    /// one to one; inside markup read as `interpretAs`, its start (or its end, for `end`).
    pub fn to_markup(&self, p: usize, end: bool) -> usize {
        // the text node that holds p (an end may sit at a node's end, a start at its start)
        let i = self.segments.partition_point(|s| s.plain + s.plain_len < p);
        for s in &self.segments[i.min(self.segments.len())..] {
            if s.plain > p {
                break;
            }
            let inside = if end {
                p > s.plain && p <= s.plain + s.plain_len
            } else {
                p >= s.plain && p < s.plain + s.plain_len
            };
            if s.text && inside {
                return s.markup + (p - s.plain);
            }
        }
        match self.segments.iter().find(|s| s.plain + s.plain_len >= p) {
            Some(s) if end => s.markup + s.markup_len,
            Some(s) => s.markup,
            None => self.markup.len(),
        }
    }
}

/// Byte offsets into `s` as UTF-16 code units (one pass over `s`, offsets in any order).
pub fn utf16_offsets(s: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut byte, mut units) = (0, 0);
    let mut chars = s.chars();
    for i in order {
        while byte < bytes[i] {
            let Some(c) = chars.next() else { break };
            byte += c.len_utf8();
            units += c.len_utf16();
        }
        out[i] = units;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_offsets_skip_markup() {
        let a = Annotated::from_data(
            r#"{"annotation":[{"text":"Hallo "},{"markup":"<b>"},{"text":"Welt"},{"markup":"</b>"},{"markup":"<p>","interpretAs":"\n\n"},{"text":"Nächster Satz."}]}"#,
        )
        .unwrap();
        assert_eq!(a.plain, "Hallo Welt\n\nNächster Satz.");
        assert_eq!(a.markup, "Hallo <b>Welt</b><p>Nächster Satz.");
        let welt = a.plain.find("Welt").unwrap();
        assert_eq!(a.to_markup(welt, false), a.markup.find("Welt").unwrap());
        assert_eq!(a.to_markup(welt + 4, true), a.markup.find("</b>").unwrap());
        let n = a.plain.find("Nächster").unwrap();
        assert_eq!(a.to_markup(n, false), a.markup.find("Nächster").unwrap());
        // inside interpretAs: the markup's start or end
        assert_eq!(a.to_markup(welt + 5, false), a.markup.find("<p>").unwrap());
        assert_eq!(a.to_markup(a.plain.len(), true), a.markup.len());
        for bad in [
            r#"{"annotation":[{"text":"a","markup":"<b>"}]}"#,
            r#"{"annotation":[{"text":"a","interpretAs":"b"}]}"#,
            r#"{"annotation":[{}]}"#,
            r#"{"annotation":"x"}"#,
            "nicht json",
        ] {
            assert!(Annotated::from_data(bad).is_err(), "{bad}");
        }
        let t = Annotated::from_data(r#"{"text":"Ein Satz.","metaData":{"x":"y"}}"#).unwrap();
        assert_eq!((t.plain.as_str(), t.to_markup(4, false)), ("Ein Satz.", 4));
    }

    #[test]
    fn utf16_counts_surrogate_pairs_twice() {
        let s = "ä😀ß x";
        let bytes = [s.find('x').unwrap(), 0, s.find('ß').unwrap(), s.len()];
        assert_eq!(utf16_offsets(s, &bytes), [5, 0, 3, 6]);
    }
}
