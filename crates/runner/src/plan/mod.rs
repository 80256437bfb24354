//! The plan: every `.feature` under the features folder, parsed at run time (editing one needs
//! no rebuild), outlines expanded, each scenario given its stable id, vendor, operation and
//! tags; then planned ([`derive`]: each scenario's steps run against a profile with every key
//! and a transport that sends nothing, which finds what it needs, what it does and what it
//! spends, all from the fixtures), selected by `--tags` (and `--shard`, by [`crate::ci`]) and
//! checked against the profile. A scenario whose needs the profile does not meet is never
//! handed to cucumber: it is reported skipped with the [`Need`]'s reason. Against a real
//! target, [`Plan::guard`] also skips the scenarios whose effect class is not allowed and those
//! beyond an account's shared allowance (`guard`); [`Plan::sequence`] orders what may change
//! or charge, counts the bill per resource and what the run creates, and skips what is past
//! their bounds (`sequence`); [`summarize`] counts what the run may change or charge.

mod chains;
mod class;
mod derive;
mod guard;
mod select;
mod sequence;

pub use chains::{Chain, Chains};
pub use derive::derive;
pub use guard::{PlanSummary, allowed, is_disposable, is_stub_target, listing, risks, summarize};
pub(crate) use select::select;
pub use sequence::{Bounds, CreatedPlan, ResourcePlan, Sequence, execution_order, settle_seconds};

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use conformance_contract::{Contracts, Effect, Need, Profile};
use cucumber::feature::Ext as _;
use cucumber::gherkin::{self, GherkinEnv, tagexpr::TagOperation};
use cucumber::tag::Ext as _;

use crate::error::RunError;
use crate::report::FeatureInfo;

/// Every feature and scenario, before anything runs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The features, in path order.
    pub features: Vec<PlannedFeature>,
}

/// One feature file.
#[derive(Debug, Clone)]
pub struct PlannedFeature {
    /// Path, name, line and tags.
    pub info: FeatureInfo,
    /// Its vendor tag, the vendor of a contract.
    pub vendor: String,
    /// Its operation tag, the operation of that contract.
    pub operation: String,
    /// Its scenarios, outlines expanded, in file order.
    pub scenarios: Vec<PlannedScenario>,
    expanded: gherkin::Feature,
}

/// One scenario (one outline row).
#[derive(Debug, Clone)]
pub struct PlannedScenario {
    /// `<feature path>::<name>`: the one name every output, the baseline and the shards use.
    pub id: String,
    /// The id an outline row had before rows were named by their values
    /// (`<feature path>::<outline name> #<row>`), read from old baselines.
    pub legacy_id: Option<String>,
    /// Name with placeholders filled and, for an outline row, its example values:
    /// `Each of the three actions [action=change, status=204]`.
    pub name: String,
    /// The outline row as `column=value` pairs.
    pub example_row: Option<String>,
    /// Line of the scenario, or of its row.
    pub line: usize,
    /// Feature, rule, scenario and examples tags, without `@`, then the derived ones
    /// (`effect-<class>`, `needs-<need>`, `spends-<allowance>`, `serial`).
    pub tags: Vec<String>,
    /// What its steps bind from the profile (derived).
    pub needs: Vec<Need>,
    /// What its requests may do to the target (derived, by the worst case: the documented
    /// effect of each status it expects; a fault asked for counts as the success a real vendor
    /// would answer; a refusal as the success it would be if accepted, unless it is harmless by
    /// construction: see `class`), settled for the run's profile by [`Plan::classify`].
    pub effect: Effect,
    /// Why it has its class, in words (derived).
    pub why: String,
    /// The account's shared allowances it spends, `(allowance, pool key)` (derived).
    pub spends: Vec<(String, String)>,
    /// The requests it sends (derived).
    pub requests: usize,
    /// What each of its requests is expected to do (derived): a refusal asks for what the
    /// resource has; one that changes nothing may be sent again.
    pub planned: Arc<Vec<crate::world::PlannedRequest>>,
    /// Background and scenario steps, in order.
    pub steps: Vec<PlannedStep>,
    /// The anchored items its steps rest on, `(operation, field)` (derived): the
    /// scenario-to-item map.
    pub rests: Vec<crate::rests::ItemRef>,
    /// The errata of kind inference it rests on alone, `(operation, erratum)` (derived): it
    /// runs only under `--strict`.
    pub judgements: Vec<crate::rests::ItemRef>,
    /// The errata of kind inference its example checks make, `(operation, erratum)` (derived):
    /// a default run relaxes those checks to what the page's words support and notes where they
    /// would fail; `--strict` checks them. It runs either way.
    pub relaxed: Vec<crate::rests::ItemRef>,
}

/// One step of a planned scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedStep {
    /// `Given `, `When `, `And `… as written.
    pub keyword: String,
    /// What the keyword means (`And` takes the one before).
    pub kind: crate::steps::Keyword,
    /// The step's text.
    pub text: String,
    /// Its line in the feature file.
    pub line: usize,
}

/// What to do with one scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Hand it to cucumber.
    Run,
    /// Report it skipped, with this reason.
    Skip(String),
    /// Deselected: left out by `--tags`, or outside the `--shard` (or, in a replay, the
    /// recording); not reported as skipped.
    Deselected,
}

/// Parses a `--tags` expression (`@huawei-apig and not @status-500`).
pub fn parse_tags(expr: &str) -> Result<TagOperation, RunError> {
    expr.parse::<TagOperation>().map_err(|e| RunError::Tags { expr: expr.into(), message: e.to_string() })
}

fn feature_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), RunError> {
    let err = |e: std::io::Error| RunError::Features(format!("cannot read {}: {e}", dir.display()));
    for entry in std::fs::read_dir(dir).map_err(err)? {
        let path = entry.map_err(err)?.path();
        if path.is_dir() {
            feature_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "feature") {
            out.push(path);
        }
    }
    Ok(())
}

impl Plan {
    /// Reads every `*.feature` under `dir` and ties each to its contract by its tags.
    pub fn load(dir: &Path, contracts: &Contracts) -> Result<Plan, RunError> {
        let mut files = Vec::new();
        feature_files(dir, &mut files)?;
        files.sort();
        if files.is_empty() {
            return Err(RunError::Features(format!("no .feature files under {}", dir.display())));
        }
        let features = files.iter().map(|f| plan_feature(dir, f, contracts)).collect::<Result<Vec<_>, _>>()?;
        Ok(Plan { features })
    }

    /// Every scenario with its feature.
    pub fn scenarios(&self) -> impl Iterator<Item = (&PlannedFeature, &PlannedScenario)> {
        self.features.iter().flat_map(|f| f.scenarios.iter().map(move |s| (f, s)))
    }

    /// Decides each scenario (same order as [`Plan::scenarios`]).
    pub fn decide(&self, tags: Option<&TagOperation>, profile: &Profile) -> Vec<Decision> {
        self.scenarios()
            .map(|(_, s)| {
                if tags.is_some_and(|t| !t.eval(s.tags.iter())) {
                    return Decision::Deselected;
                }
                let lacking: Vec<&Need> = s.needs.iter().filter(|n| !n.is_met(profile)).collect();
                if lacking.is_empty() { Decision::Run } else { Decision::Skip(Need::reasons(lacking)) }
            })
            .collect()
    }

    /// Without `--strict`, a scenario that rests on a judgement ([`PlannedScenario::judgements`])
    /// is skipped with the errata that make it one; it never reaches the target.
    pub fn judge(&self, decisions: &mut [Decision], strict: bool, contracts: &Contracts) {
        if strict {
            return;
        }
        for ((_, s), d) in self.scenarios().zip(decisions.iter_mut()) {
            if *d == Decision::Run && !s.judgements.is_empty() {
                *d = Decision::Skip(crate::rests::skip_reason(contracts, &s.judgements));
            }
        }
    }

    /// The features to hand to cucumber: only the scenarios decided [`Decision::Run`], of the
    /// first phase (concurrent: `serial` false) or the second (the serial ones, which then run
    /// one at a time, in plan order: no scenario is tagged `serial` for cucumber, which would
    /// reorder them).
    pub(crate) fn runnable(&self, decisions: &[Decision], serial_phase: bool) -> Vec<gherkin::Feature> {
        let mut run = decisions.iter();
        let mut out = Vec::new();
        for f in &self.features {
            let is_serial = |s: &PlannedScenario| s.tags.iter().any(|t| t == "serial");
            let keep: Vec<usize> = f
                .scenarios
                .iter()
                .filter(|s| run.next() == Some(&Decision::Run) && is_serial(s) == serial_phase)
                .map(|s| s.line)
                .collect();
            if keep.is_empty() {
                continue;
            }
            let mut g = f.expanded.clone();
            let prepare = |list: &mut Vec<gherkin::Scenario>| {
                list.retain(|s| keep.contains(&s.position.line));
                for s in list.iter_mut() {
                    s.tags.retain(|t| t != "serial");
                }
            };
            prepare(&mut g.scenarios);
            g.tags.retain(|t| t != "serial");
            for r in &mut g.rules {
                prepare(&mut r.scenarios);
                r.tags.retain(|t| t != "serial");
            }
            out.push(g);
        }
        out
    }

    /// The absolute path cucumber reports for this feature.
    pub(crate) fn feature_path(&self, f: &PlannedFeature) -> PathBuf {
        f.expanded.path.clone().unwrap_or_default()
    }

    /// `(absolute feature path, scenario line)` → index in [`Plan::scenarios`] order.
    pub(crate) fn index(&self) -> HashMap<(PathBuf, usize), usize> {
        let mut map = HashMap::new();
        let mut i = 0;
        for f in &self.features {
            let path = f.expanded.path.clone().unwrap_or_default();
            for s in &f.scenarios {
                map.insert((path.clone(), s.line), i);
                i += 1;
            }
        }
        map
    }
}

/// Rule tags, background steps, and the raw and expanded scenarios of the feature or a rule.
type Group<'a> = (Vec<String>, Vec<gherkin::Step>, &'a [gherkin::Scenario], &'a [gherkin::Scenario]);

fn plan_feature(root: &Path, file: &Path, contracts: &Contracts) -> Result<PlannedFeature, RunError> {
    let rel = file.strip_prefix(root).unwrap_or(file).to_string_lossy().replace('\\', "/");
    let raw = gherkin::Feature::parse_path(file, GherkinEnv::default())
        .map_err(|e| RunError::Features(parse_error(&rel, &e)))?;
    let op = contracts
        .operations()
        .iter()
        .map(|o| o.contract())
        .find(|c| raw.tags.contains(&c.vendor) && raw.tags.contains(&c.operation))
        .ok_or_else(|| {
            RunError::Features(format!(
                "{rel}: the feature must carry the tags of one operation in the fixtures \
                 (`@<vendor> @<operation>`), found {:?}",
                raw.tags
            ))
        })?;
    let expanded = raw.clone().expand_examples().map_err(|e| RunError::Features(format!("{rel}: {e}")))?;
    let feature_bg = raw.background.as_ref().map(|b| b.steps.clone()).unwrap_or_default();
    let mut groups: Vec<Group<'_>> = vec![(Vec::new(), feature_bg.clone(), &raw.scenarios, &expanded.scenarios)];
    for (r, e) in raw.rules.iter().zip(&expanded.rules) {
        let mut bg = feature_bg.clone();
        bg.extend(r.background.iter().flat_map(|b| b.steps.clone()));
        groups.push((r.tags.clone(), bg, &r.scenarios, &e.scenarios));
    }
    let mut scenarios = Vec::new();
    for (rule_tags, background, raw_s, exp_s) in groups {
        let mut exp = exp_s.iter();
        for outline in raw_s {
            let rows = if outline.examples.is_empty() {
                1
            } else {
                outline.examples.iter().filter_map(|e| e.table.as_ref()).map(|t| t.rows.len().saturating_sub(1)).sum()
            };
            for row in 1..=rows {
                let Some(s) = exp.next() else { break };
                let is_outline = !outline.examples.is_empty();
                let mut tags = raw.tags.clone();
                tags.extend(rule_tags.iter().cloned());
                tags.extend(s.tags.iter().cloned());
                let mut seen = std::collections::HashSet::new();
                tags.retain(|t| seen.insert(t.clone()));
                if let Some(t) = tags.iter().find(|t| DERIVED.iter().any(|p| t.starts_with(p))) {
                    return Err(RunError::Features(format!(
                        "{rel}:{}: @{t}: tags @effect-…, @needs-…, @spends-… and @strict are derived from the fixtures; remove it",
                        s.position.line
                    )));
                }
                let example_row = is_outline.then(|| row_text(s)).flatten();
                let name = match &example_row {
                    Some(values) => format!("{} [{values}]", s.name),
                    None => s.name.clone(),
                };
                let legacy_id = is_outline.then(|| format!("{rel}::{} #{row}", outline.name));
                let steps = background
                    .iter()
                    .chain(&s.steps)
                    .map(|st| PlannedStep {
                        keyword: st.keyword.clone(),
                        kind: crate::steps::Keyword::of(st.ty),
                        text: st.value.clone(),
                        line: st.position.line,
                    })
                    .collect();
                scenarios.push(PlannedScenario {
                    id: format!("{rel}::{name}"),
                    legacy_id,
                    name,
                    example_row,
                    line: s.position.line,
                    tags,
                    needs: Vec::new(),
                    effect: Effect::None,
                    why: String::new(),
                    spends: Vec::new(),
                    requests: 0,
                    planned: Arc::default(),
                    steps,
                    rests: Vec::new(),
                    judgements: Vec::new(),
                    relaxed: Vec::new(),
                });
            }
        }
    }
    unique_ids(&mut scenarios);
    let info = FeatureInfo { path: rel, name: raw.name.clone(), line: raw.position.line, tags: raw.tags.clone() };
    Ok(PlannedFeature { info, vendor: op.vendor.clone(), operation: op.operation.clone(), scenarios, expanded })
}

/// Two scenarios of one feature with the same name (two outline rows with the same values)
/// get ` #2`, ` #3`… after the second and later, so every id stays unique.
fn unique_ids(scenarios: &mut [PlannedScenario]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for s in scenarios {
        let n = seen.entry(s.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            s.name = format!("{} #{n}", s.name);
            s.id = format!("{} #{n}", s.id);
        }
    }
}

/// A feature that does not parse, as `file:line:column: reason` (gherkin's own text is only
/// "Could not parse feature file", its position and the tokens it expected, unsorted).
fn parse_error(rel: &str, e: &gherkin::ParseFileError) -> String {
    let gherkin::ParseFileError::Parsing { error, source, .. } = e else { return format!("{rel}: {e}") };
    let text = source.to_string();
    let (at, expected) = text.strip_prefix("Error at ").and_then(|t| t.split_once(": ")).unwrap_or(("?:?", &text));
    let mut tokens: Vec<&str> =
        expected.trim_matches(['{', '}']).split(", ").map(|t| t.trim_matches('"')).filter(|t| !t.is_empty()).collect();
    tokens.sort_unstable();
    let why = error.as_ref().map(|e| format!("{e}; ")).unwrap_or_default();
    format!("{rel}:{at}: the feature does not parse: {why}expected {}", tokens.join(", "))
}

fn row_text(s: &gherkin::Scenario) -> Option<String> {
    let rows = &s.examples.first()?.table.as_ref()?.rows;
    let (header, values) = (rows.first()?, rows.get(1)?);
    Some(header.iter().zip(values).map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", "))
}

/// Tag prefixes the plan derives; a feature may not write them.
const DERIVED: [&str; 4] = ["effect-", "needs-", "spends-", "strict"];

/// A cucumber parser that hands over features already parsed and filtered.
pub(crate) struct Prepared(pub Vec<gherkin::Feature>);

impl<I> cucumber::Parser<I> for Prepared {
    type Cli = cucumber::cli::Empty;
    type Output = futures::stream::Iter<std::vec::IntoIter<cucumber::parser::Result<gherkin::Feature>>>;

    fn parse(self, _: I, _: Self::Cli) -> Self::Output {
        futures::stream::iter(self.0.into_iter().map(Ok).collect::<Vec<_>>())
    }
}
