//! The strength report as Markdown (a table of mutations, a table of variations) and as a
//! terminal summary.

use super::{Baseline, StrengthReport, VariationVerdict, Verdict};
use crate::text::md_cell;

/// At most this many catching scenarios are named per mutation.
const NAMED: usize = 3;

pub(super) fn markdown(r: &StrengthReport) -> String {
    let mut out = String::from("# Suite strength\n\n");
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
    if !r.mutants.is_empty() {
        out.push_str("## Mutations: each must be caught\n\n");
        out.push_str("| mutation | what it breaks | verdict | caught by |\n|---|---|---|---|\n");
        for m in &r.mutants {
            let (verdict, by) = match &m.verdict {
                Verdict::Caught { by } => (format!("caught ({})", by.len()), named(by)),
                Verdict::NotCaught => ("**NOT CAUGHT**".to_string(), String::new()),
                Verdict::CouldNotRun { reason } => (format!("**could not run**: {}", md_cell(reason)), String::new()),
            };
            let (name, does) = (m.mutation.name.as_str(), md_cell(&m.mutation.description));
            out.push_str(&format!("| `{name}` | {does} | {verdict} | {by} |\n"));
        }
        out.push('\n');
    }
    if !r.variations.is_empty() {
        out.push_str("## Variations: each must pass\n\n");
        out.push_str("| variation | what it changes | verdict | first failure |\n|---|---|---|---|\n");
        for v in &r.variations {
            let (verdict, first) = match &v.verdict {
                VariationVerdict::Passed { ran } => (format!("passed ({ran} ran)"), String::new()),
                VariationVerdict::Failed { failures } => (
                    format!("**FAILED** ({} scenarios)", failures.len()),
                    failures.first().map(|(id, m)| format!("`{}`: {}", md_cell(id), md_cell(m))).unwrap_or_default(),
                ),
                VariationVerdict::CouldNotRun { reason } => {
                    (format!("**could not run**: {}", md_cell(reason)), String::new())
                }
            };
            let (name, does) = (v.variation.name.as_str(), md_cell(&v.variation.description));
            out.push_str(&format!("| `{name}` | {does} | {verdict} | {first} |\n"));
        }
    }
    out
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
            for m in &r.mutants {
                match &m.verdict {
                    Verdict::NotCaught => {
                        out.push_str(&format!("  NOT CAUGHT  {}: {}\n", m.mutation.name, m.mutation.description))
                    }
                    Verdict::CouldNotRun { reason } => {
                        out.push_str(&format!("  COULD NOT RUN  {}: {reason}\n", m.mutation.name))
                    }
                    Verdict::Caught { .. } => {}
                }
            }
            for v in &r.variations {
                match &v.verdict {
                    VariationVerdict::Failed { failures } => {
                        out.push_str(&format!(
                            "  FAILED  {} ({} scenarios): {}\n",
                            v.variation.name,
                            failures.len(),
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
