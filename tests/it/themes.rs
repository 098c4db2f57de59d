//! Themes and images: a theme with a logo, colours and "Article 1" headings reaches
//! every format; invalid themes give their exact located diagnostics
//! (`tests/invalid/themes/NAME.yaml` → `NAME.expected`); images in a user library's
//! clause or template are embedded in DOCX and PDF and kept as references in
//! Markdown; paths that leave the library, and spec values, never name a file.

use crate::reference_docx::entries as parts;
use crate::support::{assert_golden, rfx, root, run, stderr};
use lopdf::Object;
use std::path::{Path, PathBuf};

const SPEC: &str = "examples/laptop-purchase.yaml";

fn text(parts: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts[name].clone()).unwrap()
}

/// The image XObjects of a PDF and the text of its content streams.
fn pdf_images_and_content(path: &Path) -> (lopdf::Document, usize, String) {
    let doc = lopdf::Document::load(path).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice())
            })
        })
        .count();
    let mut content = String::new();
    for page in doc.get_pages().values() {
        content.push_str(&String::from_utf8_lossy(&doc.get_page_content(*page)));
    }
    (doc, images, content)
}

fn outline_titles(doc: &lopdf::Document) -> Vec<String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"Parent") && d.has(b"Title"))
        .filter_map(|d| match d.get(b"Title").ok()? {
            Object::String(s, _) => Some(decode(s)),
            _ => None,
        })
        .collect()
}

/// The `/BaseFont` names of a PDF's fonts (`ABCDEF+Name` for subsets).
fn base_fonts(doc: &lopdf::Document) -> Vec<String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font".as_slice()))
        .filter_map(|d| d.get(b"BaseFont").and_then(Object::as_name).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

fn decode(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        ),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[test]
fn a_theme_sets_logo_colours_and_article_numbering_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(rfx(&root())
        .args(["build", "examples/service-desk.yaml", "--doc", "msa"])
        .args(["--library", "examples/house", "--theme", "acme", "-o"])
        .arg(dir.path()));
    assert!(out.status.success(), "{}", stderr(&out));
    let pack = dir.path().join("lisnagree-service-desk-2027");

    let docx = parts(&pack.join("msa.docx"));
    assert_eq!(
        docx["word/media/image1.png"],
        std::fs::read(root().join("examples/house/images/logo.png")).unwrap(),
        "the logo goes in as it is"
    );
    let types = text(&docx, "[Content_Types].xml");
    assert!(types.contains(r#"PartName="/word/media/image1.png" ContentType="image/png""#));
    let rels = text(&docx, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rIdImage1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png""#), "{rels}");
    assert!(text(&docx, "word/_rels/header1.xml.rels").contains("media/image1.png"));
    let body = text(&docx, "word/document.xml");
    assert!(body.contains(r#"descr="Acme Services logo""#), "alt text");
    assert!(text(&docx, "word/header1.xml").contains("<w:drawing>"));
    let styles = text(&docx, "word/styles.xml");
    assert!(
        styles.contains(r#"<w:color w:val="1F3864"/>"#),
        "heading colour"
    );
    assert!(
        styles.contains(r#"<w:color w:val="2A9D8F"/>"#),
        "link colour"
    );
    assert!(body.contains(r#"w:fill="E9C46A""#), "table header shading");
    assert!(
        body.contains(r#"<w:pgSz w:w="12240" w:h="15840"/>"#),
        "Letter paper"
    );
    let numbering = text(&docx, "word/numbering.xml");
    assert!(
        numbering.contains(r#"<w:lvlText w:val="Article %1"/>"#),
        "{numbering}"
    );
    assert!(numbering.contains(r#"<w:lvlText w:val="Section %1.%2"/>"#));

    let (doc, images, content) = pdf_images_and_content(&pack.join("msa.pdf"));
    // The logo (colour and soft mask: it has an alpha channel), written once.
    assert_eq!(images, 2);
    assert!(content.contains("/Im0 Do"));
    assert!(content.contains("0.122 0.22 0.392 rg"), "heading colour");
    assert!(
        content.contains("0.914 0.769 0.416 rg"),
        "table header shading"
    );
    let titles = outline_titles(&doc);
    assert!(
        titles.iter().any(|t| t.starts_with("Article 1 ")),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.starts_with("Section 1.1 ")),
        "{titles:?}"
    );
    let violations = crate::pdf_ua::ua_violations(&doc);
    assert!(violations.is_empty(), "{violations:#?}");
    // The theme's fonts: Carlito body text, DejaVu Serif headings, subsets embedded.
    let fonts = base_fonts(&doc);
    for face in ["Carlito", "Carlito-Bold", "DejaVuSerif-Bold"] {
        assert!(
            fonts
                .iter()
                .any(|f| f.split_once('+').is_some_and(|(_, n)| n == face)),
            "{face} in {fonts:?}"
        );
    }
    assert!(
        !fonts.iter().any(|f| f.contains("LiberationSans")),
        "rfx's own font is not used: {fonts:?}"
    );
    assert!(styles.contains(r#"w:ascii="Carlito""#), "body family named");
    assert!(
        styles.contains(r#"w:ascii="DejaVu Serif""#),
        "heading family named"
    );
    assert!(text(&docx, "word/fontTable.xml").contains(r#"w:name="DejaVu Serif""#));

    let md = std::fs::read_to_string(pack.join("msa.md")).unwrap();
    assert!(md.contains("\n# Article 1 Definitions"), "{md}");
    assert!(md.contains("\n## Section 1.1 Definitions"));
    // A reference names its target as the headings do.
    assert!(
        md.contains("subject to [Article 3](#msa-acceptance):"),
        "{md}"
    );
    assert!(!md.contains("subject to clause 3"));
    assert!(
        body.contains(r#"<w:t xml:space="preserve">Article 3</w:t>"#)
            || body.contains("<w:t>Article 3</w:t>"),
        "the REF field's cached result is Word's own \"Article 3\""
    );
}

#[test]
fn the_default_theme_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (name, theme) in [("plain", None), ("default", Some("default"))] {
        let mut cmd = rfx(&root());
        cmd.args(["build", SPEC, "-o"]).arg(dir.path().join(name));
        if let Some(t) = theme {
            cmd.args(["--theme", t]);
        }
        let out = run(&mut cmd);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let a = crate::support::tree(&dir.path().join("plain"));
    let b = crate::support::tree(&dir.path().join("default"));
    let files = |t: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
        t.iter()
            .filter(|(n, _)| !n.ends_with("manifest.json"))
            .cloned()
            .collect()
    };
    assert!(!a.is_empty());
    assert_eq!(files(&a), files(&b));
}

/// Each `tests/invalid/themes/NAME.yaml`, as `lib/themes/NAME.yaml` of a library
/// holding a logo and a link out of it, gives exactly `NAME.expected`.
#[test]
fn invalid_themes_give_their_exact_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join("themes")).unwrap();
    std::fs::create_dir_all(lib.join("images")).unwrap();
    std::fs::create_dir_all(lib.join("fonts")).unwrap();
    std::fs::copy(
        root().join("examples/house/images/logo.png"),
        lib.join("images/logo.png"),
    )
    .unwrap();
    std::fs::write(lib.join("images/not-an-image.png"), "GIF89a").unwrap();
    std::fs::write(lib.join("fonts/Body-Regular.ttf"), [0u8, 1, 0, 0, 0, 0]).unwrap();
    std::fs::write(dir.path().join("secret.png"), "outside").unwrap();
    std::os::unix::fs::symlink(dir.path().join("secret.png"), lib.join("images/link.png")).unwrap();
    std::fs::copy(root().join(SPEC), dir.path().join("spec.yaml")).unwrap();
    let folder = root().join("tests/invalid/themes");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".yaml").map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 6, "{names:?}");
    for name in names {
        std::fs::copy(
            folder.join(format!("{name}.yaml")),
            lib.join(format!("themes/{name}.yaml")),
        )
        .unwrap();
        let out = run(rfx(dir.path())
            .args(["build", "spec.yaml", "--doc", "nda", "--format", "md"])
            .args(["--library", "lib", "--theme", &name, "-o", "out"]));
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(!err.contains("outside\n"), "{name}: leaked {err}");
        assert_golden(&format!("tests/invalid/themes/{name}.expected"), &err);
    }
}

#[test]
fn a_spec_names_its_theme_and_an_unknown_one_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let spec = std::fs::read_to_string(root().join(SPEC)).unwrap();
    let spec = spec.replacen("output:\n", "output:\n  theme: acme\n", 1);
    assert!(
        spec.contains("theme: acme"),
        "the example spec has an output section"
    );
    std::fs::write(dir.path().join("spec.yaml"), &spec).unwrap();
    let out = run(rfx(dir.path())
        .args([
            "build",
            "spec.yaml",
            "--doc",
            "nda",
            "--format",
            "docx",
            "-o",
            "out",
        ])
        .arg("--library")
        .arg(root().join("examples/house")));
    assert!(out.status.success(), "{}", stderr(&out));
    let docx = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
        .join("nda.docx");
    assert!(parts(&docx).contains_key("word/media/image1.png"));
    let out = run(rfx(dir.path()).args(["build", "spec.yaml", "-o", "out2"]));
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("the library has no theme `acme`"), "{err}");
    assert!(err.contains("spec.yaml:"), "located at output.theme: {err}");
}

/// A user library whose NDA template shows `image` (Markdown) after its title.
fn library_with_image(dir: &Path, image: &str) -> PathBuf {
    let lib = dir.join("lib");
    std::fs::create_dir_all(lib.join("templates")).unwrap();
    std::fs::create_dir_all(lib.join("clauses/diagram/")).unwrap();
    std::fs::create_dir_all(lib.join("images")).unwrap();
    std::fs::copy(
        root().join("examples/house/images/logo.png"),
        lib.join("images/diagram.png"),
    )
    .unwrap();
    let nda = std::fs::read_to_string(root().join("templates/nda.md")).unwrap();
    let (front, body) = nda[3..].split_once("\n---\n").unwrap();
    std::fs::write(
        lib.join("templates/nda.md"),
        format!("---{front}\n---\n{image}\n\n{body}"),
    )
    .unwrap();
    lib
}

#[test]
fn an_image_in_a_user_library_reaches_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let lib = library_with_image(dir.path(), "![How information flows](images/diagram.png)");
    let out = run(rfx(dir.path())
        .args(["build"])
        .arg(root().join(SPEC))
        .args(["--doc", "nda", "-o", "out", "--library"])
        .arg(&lib));
    assert!(out.status.success(), "{}", stderr(&out));
    let pack = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let md = std::fs::read_to_string(pack.join("nda.md")).unwrap();
    assert!(
        md.contains("![How information flows](images/diagram.png)"),
        "{md}"
    );
    assert!(!pack.join("images").exists(), "Markdown copies no files");
    let docx = parts(&pack.join("nda.docx"));
    assert!(docx.contains_key("word/media/image1.png"));
    assert!(text(&docx, "word/document.xml").contains(r#"descr="How information flows""#));
    let (doc, images, content) = pdf_images_and_content(&pack.join("nda.pdf"));
    assert_eq!(images, 2, "image and soft mask");
    assert!(content.contains("/Figure <</MCID"), "tagged as a figure");
    let alt = doc.objects.values().filter_map(|o| o.as_dict().ok()).any(|d| {
        d.get(b"S").and_then(Object::as_name).ok() == Some(b"Figure".as_slice())
            && matches!(d.get(b"Alt"), Ok(Object::String(s, _)) if decode(s) == "How information flows")
    });
    assert!(alt, "the Figure carries the alternative text");
    let violations = crate::pdf_ua::ua_violations(&doc);
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn images_outside_the_library_and_from_spec_values_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.png"), "top secret").unwrap();
    let cases = [
        ("![x](../secret.png)", "leaves the library folder"),
        ("![x](/etc/passwd)", "is an absolute path"),
        ("![x](https://example.com/x.png)", "is a URL"),
        ("![x](images/link.png)", "points outside the library folder"),
        ("![x](images/missing.png)", "is not in the library"),
        (
            "![x](images/{{ engagement.id }}.png)",
            "is not named by the library text",
        ),
        ("![](images/diagram.png)", "has no alternative text"),
        (
            "See the note.[^d]\n\n[^d]: ![Diagram](images/diagram.png)",
            "is inside a footnote",
        ),
    ];
    for (i, (image, expected)) in cases.iter().enumerate() {
        let case = dir.path().join(format!("case{i}"));
        let lib = library_with_image(&case, image);
        std::os::unix::fs::symlink(dir.path().join("secret.png"), lib.join("images/link.png"))
            .unwrap();
        let out = run(rfx(&case)
            .args(["build"])
            .arg(root().join(SPEC))
            .args(["--doc", "nda", "-o", "out", "--library"])
            .arg(&lib));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{image}: {err}");
        assert!(err.contains(expected), "{image}: {err}");
        assert!(!err.contains("top secret"), "{image}: {err}");
        assert!(
            !case.join("out").exists() || std::fs::read_dir(case.join("out")).unwrap().count() == 0
        );
    }
}

/// Copies folder `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_themed_pack_is_stale_when_a_theme_file_or_image_changes() {
    let dir = tempfile::tempdir().unwrap();
    // The house library, whose NDA template also shows an image of its own.
    let library = library_with_image(dir.path(), "![How information flows](images/diagram.png)");
    copy_tree(&root().join("examples/house"), &library);
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    let spec = std::fs::read_to_string(root().join(SPEC))
        .unwrap()
        .replacen("output:\n", "output:\n  theme: acme\n", 1);
    std::fs::write(specs.join("laptops.yaml"), spec).unwrap();
    let build = || {
        run(rfx(dir.path())
            .args(["build", "--format", "pdf,docx", "--library"])
            .arg(&library)
            .args(["-o", "out"])
            .arg(specs.join("laptops.yaml")))
    };
    let batch = || {
        run(rfx(dir.path())
            .args(["batch", "--format", "pdf,docx", "--library"])
            .arg(&library)
            .args(["-o", "out"])
            .arg(&specs))
    };
    let out = build();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = batch();
    assert!(
        stderr(&out).contains("0 built, 1 up to date"),
        "{}",
        stderr(&out)
    );
    // Another heading font (same name, other bytes) makes the pack stale.
    std::fs::copy(
        library.join("fonts/carlito/Carlito-Bold.ttf"),
        library.join("fonts/dejavu-serif/DejaVuSerif-Bold.ttf"),
    )
    .unwrap();
    let out = batch();
    assert!(
        stderr(&out).contains("1 built, 0 up to date"),
        "{}",
        stderr(&out)
    );
    // So does a changed logo, and a changed image of a template.
    for image in ["images/logo.png", "images/diagram.png"] {
        let mut bytes = std::fs::read(library.join(image)).unwrap();
        bytes.extend_from_slice(b"trailing bytes after IEND");
        std::fs::write(library.join(image), bytes).unwrap();
        let out = batch();
        assert!(
            stderr(&out).contains("1 built, 0 up to date"),
            "{image}: {}",
            stderr(&out)
        );
    }
    let out = batch();
    assert!(
        stderr(&out).contains("0 built, 1 up to date"),
        "{}",
        stderr(&out)
    );
}
