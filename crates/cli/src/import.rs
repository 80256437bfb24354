//! `conformance import PAGE --id VENDOR/OPERATION` (and `cargo xtask import`): a vendor page in
//! the Huawei API-reference layout read into a draft fixture and feature
//! (`conformance_import`), written under the fixtures and features folders, never over a file;
//! its problems printed by code. `--compare FIXTURE` writes nothing: it compares the draft with
//! a hand-made fixture of the same page. Exit 0 written (problems listed or not) or no
//! unexplained difference, 1 the page is not in the layout or a difference is unexplained, 2
//! usage, 3 a file exists or cannot be read or written.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::flags::{Features, Fixtures};
use crate::{EXIT_FAILED, EXIT_OK, EXIT_USAGE, Folders};

/// Options of `conformance import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The vendor page (reStructuredText, the Huawei API-reference layout).
    pub page: PathBuf,
    /// The operation's id: `<vendor>/<operation>` (lower-case words joined by `-`).
    #[arg(long)]
    pub id: String,
    /// Compare the draft with this hand-made fixture instead of writing it.
    #[arg(long, value_name = "FIXTURE")]
    pub compare: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: the flag has its own doc")]
    pub features: Features,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: the flag has its own doc")]
    pub fixtures: Fixtures,
}

fn slug_ok(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Imports the page; writes the draft or compares it.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    if !args.id.split_once('/').is_some_and(|(v, o)| slug_ok(v) && slug_ok(o)) {
        eprintln!("error: {:?} is not <vendor>/<operation> (lower-case words joined by '-')", args.id);
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let text = std::fs::read_to_string(&args.page).with_context(|| format!("cannot read {}", args.page.display()))?;
    let source = args.page.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let draft = match conformance_import::import(&text, &source, &args.id) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {}: {e}", args.page.display());
            return Ok(ExitCode::from(EXIT_FAILED));
        }
    };
    for p in &draft.problems {
        eprintln!("{}: {p}", if p.code.is_decision() { "decide" } else { "problem" });
    }
    if let Some(fixture) = &args.compare {
        return compare(fixture, &draft);
    }
    let targets = [
        (args.fixtures.or(folders).join(format!("{}.json", args.id)), draft.fixture.as_str()),
        (args.features.or(folders).join(format!("{}.feature", args.id)), draft.feature.as_str()),
    ];
    crate::scaffold::write_new("import", &targets)?;
    println!(
        "{} problem(s) listed in the fixture's `import` note; next: confirm the effects and keys, then `cargo xtask conformance`",
        draft.problems.len()
    );
    Ok(ExitCode::from(EXIT_OK))
}

fn compare(fixture: &std::path::Path, draft: &conformance_import::Draft) -> anyhow::Result<ExitCode> {
    let read = |t: &str, what: &str| {
        serde_json::from_str::<serde_json::Value>(t).with_context(|| format!("{what} is not JSON"))
    };
    let hand = read(
        &std::fs::read_to_string(fixture).with_context(|| format!("cannot read {}", fixture.display()))?,
        "the fixture",
    )?;
    let c = conformance_import::compare::compare(&hand, &read(&draft.fixture, "the draft")?);
    println!("{} item(s) agree", c.agreed);
    for d in &c.differences {
        let why = d.erratum.as_deref().map_or("UNEXPLAINED".to_string(), |e| format!("erratum {e}"));
        println!("differs: {}: fixture {}, draft {} ({why})", d.subject, d.fixture, d.draft);
    }
    let unexplained = c.unexplained().count();
    println!("{unexplained} unexplained difference(s)");
    Ok(ExitCode::from(if unexplained == 0 { EXIT_OK } else { EXIT_FAILED }))
}
