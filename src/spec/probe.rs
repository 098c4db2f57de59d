//! A quick look into a spec's text for its engagement id, without loading the spec:
//! `rfx batch` learns every spec's id first, to refuse two specs writing one folder
//! before either is built. The look stops at the id (near the top of a spec), so it
//! costs a few dozen parser events, not a whole load; the full load of each spec still
//! checks everything. [`looks_like_spec`] tells a spec from other YAML files in a
//! folder the batch walks (a library's themes, a tool's data).

use saphyr_parser::{Event, Parser};

/// One open collection of the YAML being read.
enum Frame {
    /// A mapping: whether the next node is a key, and the key of the value being read.
    Mapping { want_key: bool, key: Option<String> },
    /// A sequence.
    Sequence,
}

impl Frame {
    fn key_is(&self, name: &str) -> bool {
        matches!(self, Frame::Mapping { want_key: false, key: Some(k) } if k == name)
    }
}

/// The scalar at `engagement.id` of `text`, if the text gets that far as YAML. `None`
/// when it does not (a syntax error, no such key, an alias or a collection there):
/// the spec's full load then reports what is wrong.
pub fn engagement_id(text: &str) -> Option<String> {
    let mut stack: Vec<Frame> = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, _) = item.ok()?;
        let at_id = stack.len() == 2 && stack[0].key_is("engagement") && stack[1].key_is("id");
        match event {
            Event::Scalar(value, ..) => {
                if at_id {
                    return Some(value.into_owned());
                }
                if let Some(Frame::Mapping { want_key, key }) = stack.last_mut() {
                    if *want_key {
                        *key = Some(value.into_owned());
                    }
                    *want_key = !*want_key;
                }
            }
            Event::Alias(_) => {
                if at_id {
                    return None;
                }
                if let Some(Frame::Mapping { want_key, key }) = stack.last_mut() {
                    if *want_key {
                        *key = None;
                    }
                    *want_key = !*want_key;
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if at_id {
                    return None;
                }
                if let Some(Frame::Mapping {
                    want_key: true,
                    key,
                }) = stack.last_mut()
                {
                    *key = None; // A collection used as a key.
                }
                stack.push(match event {
                    Event::MappingStart(..) => Frame::Mapping {
                        want_key: true,
                        key: None,
                    },
                    _ => Frame::Sequence,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                if stack.len() == 1 && stack[0].key_is("engagement") {
                    return None; // `engagement` ends without an id.
                }
                if let Some(Frame::Mapping { want_key, .. }) = stack.last_mut() {
                    *want_key = !*want_key;
                }
            }
            Event::StreamEnd => return None,
            _ => {}
        }
    }
    None
}

/// Whether `text` may be an engagement spec: its top-level mapping names at least one
/// section of the spec (`engagement`, `parties`, `documents`…), or it is not YAML enough
/// to tell (a syntax error, an empty file), so that loading it reports what is wrong.
/// Only YAML whose top level is plainly something else — a mapping of other keys, a
/// list, a scalar — is not: a spec with a mistake in it still fails loudly.
pub fn looks_like_spec(text: &str) -> bool {
    let sections = spec_sections();
    // Depth of open collections; at depth 1 in the top mapping, whether a key is next.
    let mut depth = 0usize;
    let mut want_key = false;
    let mut top_keys = 0usize;
    for item in Parser::new_from_str(text) {
        let Ok((event, _)) = item else {
            return true;
        };
        match event {
            Event::Scalar(value, ..) => {
                if depth == 0 {
                    return false;
                }
                if depth == 1 {
                    if want_key {
                        if sections.iter().any(|s| *s == value) {
                            return true;
                        }
                        top_keys += 1;
                    }
                    want_key = !want_key;
                }
            }
            Event::Alias(_) if depth == 1 => want_key = !want_key,
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 0 && matches!(event, Event::SequenceStart(..)) {
                    return false;
                }
                if depth == 1 {
                    want_key = !want_key;
                }
                depth += 1;
                if depth == 1 {
                    want_key = true;
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
            }
            Event::StreamEnd => break,
            _ => {}
        }
    }
    top_keys == 0
}

/// The names of the spec's top-level sections, from its JSON Schema (made once).
fn spec_sections() -> &'static [String] {
    static SECTIONS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    SECTIONS.get_or_init(|| {
        let schema = schemars::schema_for!(super::Spec);
        schema
            .get("properties")
            .and_then(|p| p.as_object())
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::{engagement_id, looks_like_spec};

    #[test]
    fn specs_are_told_from_other_yaml() {
        for spec in [
            include_str!("../../examples/service-desk.yaml"),
            "engagment:\n  id: typo\ndocuments: [nda]\n",
            "parties: {}\n",
            "",
            "# only a comment\n",
            "a: [unclosed\n",
        ] {
            assert!(looks_like_spec(spec), "{spec:?}");
        }
        for other in [
            include_str!("../../examples/house/themes/acme.yaml"),
            include_str!("../../examples/service-desk/responses/bids.yaml"),
            "- a\n- b\n",
            "just text\n",
            "paper: letter\nfonts: {body: {engagement: x}}\n",
        ] {
            assert!(!looks_like_spec(other), "{other:?}");
        }
    }

    #[test]
    fn the_id_is_read_where_the_spec_keeps_it() {
        let spec = "spec_version: 1\nbuyer: {name: A, id: not-this}\nengagement:\n  title: T\n  id: \"acme-2027\"\n  extra: [id, x]\ndocuments: [nda]\n";
        assert_eq!(engagement_id(spec).as_deref(), Some("acme-2027"));
        let flow = "engagement: {id: flow-id, title: T}\n";
        assert_eq!(engagement_id(flow).as_deref(), Some("flow-id"));
        let after = "x: {engagement: {id: nested}}\nengagement:\n  ? [a, b]\n  : c\n  id: real\n";
        assert_eq!(engagement_id(after).as_deref(), Some("real"));
    }

    #[test]
    fn no_id_is_none() {
        for text in [
            "engagement:\n  title: T\nid: top\n",
            "engagement: scalar\n",
            "engagement:\n  id: [a]\n",
            "engagement:\n  id: *x\n",
            "engagement: {id: [unclosed\n",
            "",
            "- a\n- b\n",
        ] {
            assert_eq!(engagement_id(text), None, "{text:?}");
        }
    }
}
