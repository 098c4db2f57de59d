//! A quick look into a spec's text for its engagement id, without loading the spec:
//! `rfx batch` learns every spec's id first, to refuse two specs writing one folder
//! before either is built. The look stops at the id (near the top of a spec), so it
//! costs a few dozen parser events, not a whole load; the full load of each spec still
//! checks everything.

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

#[cfg(test)]
mod tests {
    use super::engagement_id;

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
