use super::*;

#[test]
fn family_covers_european_scripts_and_typography() {
    let set = fonts().expect("embedded fonts parse");
    for id in set.ids().take(5) {
        for c in "Müller & Söhne GmbH Łódź Ελλάδα Москва € – “quotes” • ‘’…".chars()
        {
            assert!(set.get(id).has(c), "{id:?} lacks {c:?}");
        }
    }
}

#[test]
fn widths_come_from_the_font() {
    let set = fonts().expect("embedded fonts parse");
    let regular = set.get(FontId::REGULAR);
    // Liberation Sans is metric-compatible with Arial: "i" is narrower than "W".
    assert!(regular.width("i", 10.0) < regular.width("W", 10.0));
    assert!(
        (regular.width("ab", 12.0) - 2.0 * regular.width("a", 12.0) - regular.width("b", 12.0)
            + regular.width("a", 12.0))
        .abs()
            < 1e-3
    );
    let mono = set.get(set.mono());
    assert!((mono.width("i", 10.0) - mono.width("W", 10.0)).abs() < 1e-3);
    assert!(!regular.has('\u{E000}'));
}

#[test]
fn default_set_keeps_the_liberation_resource_order() {
    let set = fonts().expect("fonts");
    let names: Vec<&str> = set
        .ids()
        .map(|id| set.get(id).postscript_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "LiberationSans",
            "LiberationSans-Bold",
            "LiberationSans-Italic",
            "LiberationSans-BoldItalic",
            "LiberationMono",
        ]
    );
    assert_eq!(set.styled(Family::Headings, true, false), set.bold());
    // Monospace has one face: bold code is drawn with it.
    assert_eq!(set.styled(Family::Monospace, true, true), set.mono());
    assert!(set.get(set.mono()).fixed_pitch);
}

#[test]
fn fallback_is_chosen_per_character_after_the_family() {
    let set = &with_bundled_fallbacks();
    let bold = set.bold();
    // The family first, whatever the fallbacks have.
    assert_eq!(set.resolve(bold, 'A'), Some(bold));
    // A character the bold face lacks but the regular face has: the regular face.
    let dejavu = FontId(5);
    // Liberation has Hebrew; DejaVu the symbols and Arabic.
    assert_eq!(set.resolve(bold, 'ש'), Some(bold));
    for c in ['✓', '✗', 'م'] {
        assert_eq!(set.resolve(bold, c), Some(dejavu), "{c}");
    }
    assert_eq!(set.resolve(bold, 'മ'), Some(FontId(6)));
    assert_eq!(set.resolve(bold, '\u{E000}'), None);
}

#[test]
fn a_family_from_files_replaces_the_body_and_lacking_faces_take_its_regular() {
    let files = FamilyFiles {
        name: "DejaVu Sans".into(),
        regular: include_bytes!("DejaVuSans.ttf").to_vec(),
        bold: None,
        italic: None,
        bold_italic: None,
    };
    let setup = FontSetup::default().with_headings(files.clone());
    let set = setup.font_set().expect("parses");
    // Body stays Liberation; headings are DejaVu in every style.
    assert_eq!(set.get(FontId::REGULAR).postscript_name, "LiberationSans");
    let heading = set.styled(Family::Headings, true, false);
    assert_eq!(set.get(heading).postscript_name, "DejaVuSans");
    assert_eq!(set.styled(Family::Headings, false, true), heading);
    // The one file is the regular face: bold headings are drawn with it.
    assert!(!set.get(heading).bold && !set.get(heading).italic);
    assert_eq!(setup.family_names(), [None, Some("DejaVu Sans"), None]);
    // Parsed once per setup, shared by its clones.
    let again = setup.clone();
    assert!(std::ptr::eq(set, again.font_set().expect("parses")));
}

#[test]
fn a_file_that_is_not_a_font_is_refused_with_its_family_and_face() {
    let files = FamilyFiles {
        name: "House Serif".into(),
        regular: include_bytes!("DejaVuSans.ttf").to_vec(),
        bold: Some(b"not a font".to_vec()),
        italic: None,
        bold_italic: None,
    };
    let err = FontSetup::default()
        .with_body(files)
        .font_set()
        .err()
        .expect("refused");
    assert!(err.contains("body font \"House Serif\" (bold)"), "{err}");
}

#[test]
fn fallbacks_are_added_in_their_order_whatever_the_order_of_need() {
    let set = fonts().expect("fonts");
    assert_eq!(set.resolve(FontId::REGULAR, '✓'), None);
    // Malayalam first, then a symbol: DejaVu still comes before Noto for both.
    let set = set.extended_for('മ').expect("Noto Sans Malayalam");
    let set = set.extended_for('✓').expect("DejaVu Sans");
    let dejavu = set.resolve(FontId::REGULAR, '✓').expect("drawn");
    assert_eq!(set.get(dejavu).postscript_name, "DejaVuSans");
    assert_eq!(set.fallbacks.first().map(|&(_, id)| id), Some(dejavu));
}

#[test]
fn a_latin_document_reads_no_font_directory() {
    let setup = FontSetup::default();
    let mut doc = crate::markdown::parse("# Terms\n\nMüller GmbH, Łódź — € 100.\n");
    doc.meta.title = "Latin".into();
    let options = crate::writers::WriteOptions {
        fonts: setup.clone(),
        ..Default::default()
    };
    crate::writers::pdf::write(&doc, &options).expect("builds");
    let set = setup.font_set().expect("parsed");
    assert!(!set.sources.scanned());
    assert_eq!(set.ids().count(), 5, "no fallback face parsed");
}
