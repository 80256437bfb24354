//! `conformance scaffold` (and `cargo xtask scaffold`): the skeleton fixture and feature of a
//! new operation, for a method, a path and an auth scheme (`conformance_contract::scaffold`),
//! written under the fixtures and features folders; for a vendor with operations already, with
//! their scheme, credential keys and table pattern unless `--scheme`/`--section` say otherwise. It never writes over a file; the skeleton
//! loads and runs as it is, and is then filled in from the vendor page (README, "Adding an
//! operation"). Exit 0 written, 2 a value that does not check, 3 a file exists or cannot be
//! written.

use std::process::ExitCode;

use anyhow::Context as _;
use conformance_contract::scaffold::{Scaffold, Vendor};
use conformance_contract::{ApiKey, AuthScheme, Contracts, KeyIn};

use crate::flags::{Features, Fixtures};
use crate::{EXIT_OK, EXIT_USAGE, Folders};

/// Options of `conformance scaffold`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The operation's id: `<vendor>/<operation>` (lower-case words joined by `-`).
    pub id: String,
    /// Its HTTP method.
    #[arg(long)]
    pub method: String,
    /// Its path template, `{name}` for each path parameter.
    #[arg(long)]
    pub path: String,
    /// Its auth scheme (default: the scheme of the vendor's operations; required for a vendor
    /// with none yet).
    #[arg(long, value_parser = scheme)]
    pub scheme: Option<AuthScheme>,
    /// Its profile table (default: the vendor's pattern — `huawei-ecs` beside `huawei-apig`'s
    /// `[huawei.apig]` gets `[huawei.ecs]` —, else the vendor's name).
    #[arg(long, value_name = "TABLE")]
    pub section: Option<String>,
    /// Its documented success status.
    #[arg(long, default_value_t = 200)]
    pub status: u16,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: the flag has its own doc")]
    pub features: Features,
    #[command(flatten)]
    #[allow(missing_docs, reason = "flattened: the flag has its own doc")]
    pub fixtures: Fixtures,
}

/// An auth scheme of the registry, by its kind's name; an API key as `api-key:<in>:<name>`
/// (`api-key:header:X-API-Key`).
fn scheme(s: &str) -> Result<AuthScheme, String> {
    if let Some(rest) = s.strip_prefix("api-key") {
        let place = rest.strip_prefix(':').and_then(|r| r.split_once(':'));
        let location = match place.map(|(l, _)| l) {
            Some("header") => KeyIn::Header,
            Some("cookie") => KeyIn::Cookie,
            Some("query") => KeyIn::Query,
            _ => return Err(format!("{s:?}: an API key is api-key:<header|cookie|query>:<name>")),
        };
        let name = place.map(|(_, n)| n).filter(|n| !n.is_empty()).unwrap_or_default();
        if name.is_empty() {
            return Err(format!("{s:?}: name the header, cookie or parameter (api-key:header:X-API-Key)"));
        }
        return Ok(AuthScheme::ApiKey(ApiKey { location, name: name.to_string(), template: None }));
    }
    AuthScheme::named(s).ok_or_else(|| {
        format!(
            "no auth scheme kind is named {s:?}; the kinds: {} (api-key:<header|cookie|query>:<name>)",
            AuthScheme::KINDS.join(", ")
        )
    })
}

/// What the vendor of `args.id` shares, read from the fixtures in `fixtures`.
fn vendor(args: &Args, fixtures: &std::path::Path) -> anyhow::Result<Vendor> {
    let contracts = Contracts::load(fixtures).with_context(|| format!("the fixtures in {}", fixtures.display()))?;
    Ok(Vendor::of(&contracts, args.id.split('/').next().unwrap_or_default()))
}

/// Writes the skeleton; prints the two paths.
pub fn run(args: Args, folders: &Folders) -> anyhow::Result<ExitCode> {
    let fixtures = args.fixtures.or(folders);
    let vendor = vendor(&args, &fixtures)?;
    let Some(scheme) = args.scheme.clone().or_else(|| vendor.scheme.clone()) else {
        eprintln!("error: --scheme is required: the vendor of {} has no operation yet to take it from", args.id);
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let s = Scaffold {
        id: &args.id,
        method: &args.method,
        path: &args.path,
        scheme,
        status: args.status,
        section: args.section.as_deref(),
        vendor: &vendor,
    };
    let (fixture, feature) = match s.render() {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let targets = [
        (fixtures.join(format!("{}.json", args.id)), fixture.as_str()),
        (args.features.or(folders).join(format!("{}.feature", args.id)), feature.as_str()),
    ];
    write_new("the scaffold", &targets)?;
    println!("next: fill both from the vendor page (README, \"Adding an operation\"), then `cargo xtask conformance`");
    Ok(ExitCode::from(EXIT_OK))
}

/// Writes each new file (creating its folder) and prints its path; none is written when any
/// exists already: `who` never writes over a file.
pub(crate) fn write_new(who: &str, targets: &[(std::path::PathBuf, &str)]) -> anyhow::Result<()> {
    if let Some((path, _)) = targets.iter().find(|(p, _)| p.exists()) {
        anyhow::bail!("{} exists already: {who} never writes over a file", path.display());
    }
    for (path, text) in targets {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
