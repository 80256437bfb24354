//! The strength report as Markdown (a table of mutations, a table of variations, each with
//! the peer's column when one ran, and the counts of both side by side) and as a terminal
//! summary.

use super::{Baseline, PeerVerdict, StrengthReport, VariationVerdict, Verdict};
use crate::text::md_cell;

/// At most this many catching scenarios are named per mutation.
const NAMED: usize = 3;

pub(super) fn markdown(r: &StrengthReport) -> String {
    let mut out = String::from("# Suite strength\n\n");
    if !r.date.is_empty() {
        let peer = r.peer.as_ref().map(|p| format!(", beside {}", p.name)).unwrap_or_default();
        out.push_str(&format!("Measured {} with conformance {}{peer}.\n\n", r.date, env!("CARGO_PKG_VERSION")));
    }
    out.push_str(
        "The suite against the bundled stub in deliberately wrong modes (mutations) and in legitimate \
         variations of its answers. A mutation is caught when at least one scenario fails or errors \
         against it; a variation passes when no scenario fails or errors against it.\n\n",
    );
    match &r.baseline {
        Baseline::Passed { ran, skipped } => {
            out.push_str(&format!(
                "Baseline (the correct stub): passed — {ran} scenarios ran, {skipped} skipped.\n\n\
                 **{} of {} mutations caught. {} of {} variations passed.**\n\n",
                r.caught(),
                r.mutants.len(),
                r.passed_variations(),
                r.variations.len()
            ));
        }
        Baseline::Failed { failures } => {
            out.push_str(&format!(
                "Baseline (the correct stub): **{} scenarios failed** — nothing can be judged.\n\n",
                failures.len()
            ));
            for (id, message) in failures {
                out.push_str(&format!("- `{}`: {}\n", md_cell(id), md_cell(message)));
            }
            return out;
        }
        Baseline::CouldNotRun { reason } => {
            out.push_str(&format!(
                "Baseline (the correct stub): **could not run** — {}. Nothing can be judged.\n",
                md_cell(reason)
            ));
            return out;
        }
    }
    let peer = r.peer.as_ref();
    if let Some(p) = peer {
        out.push_str(&side_by_side(r, &p.name));
        let said = match &p.baseline {
            PeerVerdict::Clean => "found nothing".to_string(),
            other => peer_cell(other, "found", ""),
        };
        out.push_str(&format!("{} against the correct stub: {said}.\n\n", p.name));
    }
    let (head, rule) = match peer {
        Some(p) => (format!(" {} |", md_cell(&p.name)), "---|"),
        None => (String::new(), ""),
    };
    if !r.mutants.is_empty() {
        out.push_str("## Mutations: each must be caught\n\n");
        out.push_str(&format!("| mutation | what it breaks | verdict | caught by |{head}\n|---|---|---|---|{rule}\n"));
        for m in &r.mutants {
            let (verdict, by) = match &m.verdict {
                Verdict::Caught { by } => (format!("caught ({})", by.len()), named(by)),
                Verdict::CaughtUnderStrict { by } => (format!("caught only with `--strict` ({})", by.len()), named(by)),
                Verdict::NotCaught => ("**NOT CAUGHT**".to_string(), String::new()),
                Verdict::CouldNotRun { reason } => (format!("**could not run**: {}", md_cell(reason)), String::new()),
            };
            let (name, does) = (m.mutation.name.as_str(), md_cell(&m.mutation.description));
            let peer =
                m.peer.as_ref().map(|v| format!(" {} |", peer_cell(v, "caught", "not caught"))).unwrap_or_default();
            out.push_str(&format!("| `{name}` | {does} | {verdict} | {by} |{peer}\n"));
        }
        out.push('\n');
    }
    if !r.variations.is_empty() {
        out.push_str("## Variations: each must pass\n\n");
        out.push_str(&format!(
            "| variation | what it changes | verdict | first failure |{head}\n|---|---|---|---|{rule}\n"
        ));
        for v in &r.variations {
            let (verdict, first) = match &v.verdict {
                VariationVerdict::Passed { ran } => (format!("passed ({ran} ran)"), String::new()),
                VariationVerdict::Failed { failures } => (
                    format!("**FAILED** ({})", scenarios(failures.len())),
                    failures.first().map(|(id, m)| format!("`{}`: {}", md_cell(id), md_cell(m))).unwrap_or_default(),
                ),
                VariationVerdict::CouldNotRun { reason } => {
                    (format!("**could not run**: {}", md_cell(reason)), String::new())
                }
            };
            let (name, does) = (v.variation.name.as_str(), md_cell(&v.variation.description));
            let peer =
                v.peer.as_ref().map(|p| format!(" {} |", peer_cell(p, "**failed**", "passed"))).unwrap_or_default();
            out.push_str(&format!("| `{name}` | {does} | {verdict} | {first} |{peer}\n"));
        }
    }
    out
}

/// The counts of the suite and the peer, side by side.
fn side_by_side(r: &StrengthReport, peer: &str) -> String {
    let failed = |names: Vec<&conformance_stub::ModeInfo>| {
        let n = names.len();
        if n == 0 {
            return "0".to_string();
        }
        let list: Vec<String> = names.iter().map(|m| format!("`{}`", m.name)).collect();
        format!("{n} ({})", list.join(", "))
    };
    format!(
        "| | mutations caught (of {}) | variations failed (of {}) |\n|---|---|---|\n\
         | this suite | {} | {} |\n| {} | {} | {} |\n\n",
        r.mutants.len(),
        r.variations.len(),
        r.caught(),
        failed(r.falsely_failed()),
        md_cell(peer),
        r.peer_caught(),
        failed(r.peer_failed()),
    )
}

/// The suite beside the peer, compact, for the README: the date and versions, the counts side
/// by side, then one row per mutation and per variation with the suite's verdict and the
/// peer's (its first finding). Empty when no peer ran.
pub(super) fn side_by_side_markdown(r: &StrengthReport) -> String {
    let Some(p) = &r.peer else { return String::new() };
    let name = md_cell(&p.name);
    let mut out = format!(
        "Measured {} against the bundled stub: this suite (conformance {}) and {name} with this repository's \
         run settings (`ci/schemathesis.toml`) and the per-operation settings derived from the fixtures and \
         the stub's profile.\n\n",
        r.date,
        env!("CARGO_PKG_VERSION")
    );
    out.push_str(&side_by_side(r, &p.name));
    if p.baseline != PeerVerdict::Clean {
        out.push_str(&format!("{name} against the correct stub: {}.\n\n", peer_cell(&p.baseline, "found", "")));
    }
    out.push_str(&format!("| mutation (must be caught) | this suite | {name} |\n|---|---|---|\n"));
    for m in &r.mutants {
        let suite = match &m.verdict {
            Verdict::Caught { by } => format!("caught ({})", scenarios(by.len())),
            Verdict::CaughtUnderStrict { by } => format!("caught only with `--strict` ({})", scenarios(by.len())),
            Verdict::NotCaught => "**not caught**".into(),
            Verdict::CouldNotRun { reason } => format!("*could not run*: {}", md_cell(reason)),
        };
        let peer = m.peer.as_ref().map(|v| peer_cell(v, "caught", "**not caught**")).unwrap_or_default();
        out.push_str(&format!("| `{}` | {suite} | {peer} |\n", m.mutation.name));
    }
    out.push_str(&format!("\n| variation (must pass) | this suite | {name} |\n|---|---|---|\n"));
    for v in &r.variations {
        let suite = match &v.verdict {
            VariationVerdict::Passed { .. } => "passed".to_string(),
            VariationVerdict::Failed { failures } => format!(
                "**failed**: {}",
                failures.first().map(|(id, m)| format!("`{}`: {}", md_cell(id), md_cell(m))).unwrap_or_default()
            ),
            VariationVerdict::CouldNotRun { reason } => format!("*could not run*: {}", md_cell(reason)),
        };
        let peer = v.peer.as_ref().map(|x| peer_cell(x, "**failed**", "passed")).unwrap_or_default();
        out.push_str(&format!("| `{}` | {suite} | {peer} |\n", v.variation.name));
    }
    out
}

/// The peer's verdict in a cell: `found` and its first finding, `clean`, or why it could not run.
fn peer_cell(v: &PeerVerdict, found: &str, clean: &str) -> String {
    match v {
        PeerVerdict::Clean => clean.to_string(),
        PeerVerdict::Found { first, .. } => format!("{found}: {}", md_cell(first)),
        PeerVerdict::CouldNotRun { reason } => format!("*could not run*: {}", md_cell(reason)),
    }
}

fn named(ids: &[String]) -> String {
    let mut shown: Vec<String> = ids.iter().take(NAMED).map(|id| format!("`{}`", md_cell(id))).collect();
    if ids.len() > NAMED {
        shown.push(format!("and {} more", ids.len() - NAMED));
    }
    shown.join("<br>")
}

pub(super) fn summary(r: &StrengthReport) -> String {
    let secs = r.duration.as_secs_f64();
    match &r.baseline {
        Baseline::Failed { failures } => {
            let mut out = format!(
                "suite strength: could not judge — {} scenarios failed against the correct stub:\n",
                failures.len()
            );
            for (id, message) in failures {
                out.push_str(&format!("  {id}: {message}\n"));
            }
            out
        }
        Baseline::CouldNotRun { reason } => {
            format!("suite strength: could not judge — the suite could not run against the correct stub: {reason}\n")
        }
        Baseline::Passed { .. } => {
            let mut out = format!(
                "suite strength: {} of {} mutations caught, {} of {} variations passed ({secs:.1}s)\n",
                r.caught(),
                r.mutants.len(),
                r.passed_variations(),
                r.variations.len()
            );
            if let Some(p) = &r.peer {
                let failed: Vec<&str> = r.peer_failed().iter().map(|m| m.name.as_str()).collect();
                out.push_str(&format!(
                    "  beside it, {}: {} of {} mutations caught, {} of {} variations failed{}\n",
                    p.name,
                    r.peer_caught(),
                    r.mutants.len(),
                    failed.len(),
                    r.variations.len(),
                    if failed.is_empty() { String::new() } else { format!(" ({})", failed.join(", ")) }
                ));
                if p.baseline != PeerVerdict::Clean {
                    out.push_str(&format!("  {} against the correct stub: {:?}\n", p.name, p.baseline));
                }
            }
            for m in &r.mutants {
                match &m.verdict {
                    Verdict::NotCaught => {
                        out.push_str(&format!("  NOT CAUGHT  {}: {}\n", m.mutation.name, m.mutation.description))
                    }
                    Verdict::CouldNotRun { reason } => {
                        out.push_str(&format!("  COULD NOT RUN  {}: {reason}\n", m.mutation.name))
                    }
                    Verdict::CaughtUnderStrict { .. } => out.push_str(&format!(
                        "  only with --strict  {}: a judgement of the fixtures, not words of a page\n",
                        m.mutation.name
                    )),
                    Verdict::Caught { .. } => {}
                }
            }
            for v in &r.variations {
                match &v.verdict {
                    VariationVerdict::Failed { failures } => {
                        out.push_str(&format!(
                            "  FAILED  {} ({}): {}\n",
                            v.variation.name,
                            scenarios(failures.len()),
                            v.variation.description
                        ));
                        if let Some((id, message)) = failures.first() {
                            out.push_str(&format!("    first: {id}: {message}\n"));
                        }
                    }
                    VariationVerdict::CouldNotRun { reason } => {
                        out.push_str(&format!("  COULD NOT RUN  {}: {reason}\n", v.variation.name))
                    }
                    VariationVerdict::Passed { .. } => {}
                }
            }
            out
        }
    }
}

/// `1 scenario`, `3 scenarios`.
fn scenarios(n: usize) -> String {
    if n == 1 { "1 scenario".to_string() } else { format!("{n} scenarios") }
}
