//! Planning: each scenario's steps run, in order, against a profile that gives every key the
//! fixtures declare and a transport that sends nothing (answers are the documented success's
//! stand-ins). What the steps bound is what the scenario needs; the documented effect of the
//! status each request is expected to answer (a fault asked for: the success a real vendor
//! would answer instead) is what it does; the credentials it takes say which shared
//! allowances it spends; a scenario that may change or charge anything, or spends an allowance,
//! is `serial`. Each request is planned as refused or not, with its effect, whether it changes
//! the resource it addresses or creates one, and whether a set-up sent it. Each scenario is
//! planned twice: the first pass finds what each request is expected to answer, the second
//! binds a refusal's values as the resource has them. A refusal's effect is its success's
//! unless it is harmless by construction (`class`). The anchored items its steps rest on are
//! kept (`crate::rests`); a refusal of a body that only a strict schema refuses (`x-strict`, at
//! the members the scenario edits), or a check of an item whose only basis is an inference,
//! makes the scenario a judgement (`strict`): it runs only under `--strict`. A step that
//! matches no definition, or that cannot be built, is found here, before any request.

use std::sync::Arc;

use conformance_contract::{Contracts, Effect, Profile, Redactor};

use super::{Plan, PlannedScenario};
use crate::error::RunError;
use crate::transport::{ScenarioTape, Transport};
use crate::world::{ConformanceWorld, Ctx, Expect, PlannedRequest, RequestRecord};

/// Plans every scenario of `plan`: its needs, effect, allowances, requests and refusals, and
/// the tags derived from them.
pub async fn derive(plan: &mut Plan, contracts: &Arc<Contracts>) -> Result<(), RunError> {
    let ctx = Arc::new(Ctx {
        base: "http://plan.invalid".into(),
        profile: Profile::every_key(contracts.keys()),
        contracts: Arc::clone(contracts),
        transport: Arc::new(Transport::plan(contracts)),
        redactor: Redactor::default(),
        strict_members: false,
        strict: true,
        pages: None,
        run_id: "plan".into(),
        tracker: crate::tracked::Tracker::planning(),
        terminal: None,
        events: Default::default(),
        interrupt: crate::interrupt::Interrupt::default(),
        answers: Default::default(),
    });
    for f in &mut plan.features {
        let op = format!("{}/{}", f.vendor, f.operation);
        let path = f.info.path.clone();
        for s in &mut f.scenarios {
            plan_scenario(&ctx, &op, s).await.map_err(|(line, m)| RunError::Features(format!("{path}:{line}: {m}")))?;
        }
    }
    Ok(())
}

async fn steps(
    ctx: &Arc<Ctx>,
    op: &str,
    s: &PlannedScenario,
    planned: Arc<Vec<PlannedRequest>>,
) -> Result<ConformanceWorld, (usize, String)> {
    let mut w = ConformanceWorld {
        ctx: Some(Arc::clone(ctx)),
        op: op.to_string(),
        planned,
        tape: ScenarioTape { scenario: s.id.clone(), sent: 0 },
        ..ConformanceWorld::default()
    };
    for st in &s.steps {
        crate::steps::run(&mut w, st.kind, &st.text)
            .await
            .map_err(|m| (st.line, format!("{}{}: {}", st.keyword, st.text, m.reason)))?;
    }
    Ok(w)
}

async fn plan_scenario(ctx: &Arc<Ctx>, op: &str, s: &mut PlannedScenario) -> Result<(), (usize, String)> {
    let first = steps(ctx, op, s, Arc::default()).await?;
    let expected = |r: &RequestRecord| super::class::request(&ctx.contracts, &ctx.profile, r);
    let w = steps(ctx, op, s, Arc::new(first.requests.iter().map(expected).collect())).await?;
    let planned: Vec<PlannedRequest> = w.requests.iter().map(expected).collect();
    s.effect = planned.iter().map(|r| r.effect).max().unwrap_or(Effect::None);
    s.why = super::class::scenario_why(&planned);
    s.needs = w.used.needs.iter().cloned().collect();
    s.spends = w.used.spends.iter().cloned().collect();
    s.requests = w.requests.len();
    s.planned = Arc::new(planned);
    let mut rests = w.rests.clone();
    // No step names a rule: a scenario rests on one through an item that quotes its words.
    for (op, field) in &w.rests {
        let Some(o) = ctx.contracts.operation(op) else { continue };
        rests.extend(o.rules_sharing_words(field).into_iter().map(|r| (op.clone(), r.field.clone())));
    }
    s.rests = rests.into_iter().collect();
    let mut judgements = w.judgements.clone();
    for r in w.requests.iter().filter(|r| r.expected.is_some_and(Expect::is_refusal)) {
        let (Some(op), Some(body)) = (ctx.contracts.operation(&r.op), r.body.as_ref()) else { continue };
        judgements
            .extend(op.refused_only_by_judgement(body, &r.edited).into_iter().map(|e| (r.op.clone(), e.to_string())));
    }
    s.judgements = judgements.into_iter().collect();
    s.relaxed = w.relaxed.iter().cloned().collect();
    let mut derived = vec![format!("effect-{}", s.effect.key())];
    derived.extend(s.needs.iter().map(|n| format!("needs-{}", n.tag_key())));
    derived.extend(s.spends.iter().map(|(a, _)| format!("spends-{a}")));
    // Whatever may change or charge runs alone, one after another in plan order, after the
    // rest: changes of one resource never overlap, and the run knows each one's values.
    if s.effect != Effect::None || !s.spends.is_empty() {
        derived.push("serial".into());
    }
    if !s.judgements.is_empty() {
        derived.push("strict".into());
    }
    for t in derived {
        if !s.tags.contains(&t) {
            s.tags.push(t);
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::sync::Arc;

    use conformance_contract::{Contracts, Effect, Need};

    use crate::plan::Plan;

    async fn planned() -> Plan {
        let contracts = Arc::new(Contracts::load(conformance_contract::default_fixtures_dir()).unwrap());
        let mut plan = Plan::load(&crate::default_features_dir(), &contracts).unwrap();
        super::derive(&mut plan, &contracts).await.unwrap();
        plan
    }

    fn scenario<'p>(plan: &'p Plan, id: &str) -> &'p crate::plan::PlannedScenario {
        plan.scenarios().map(|(_, s)| s).find(|s| s.id == id).unwrap_or_else(|| panic!("no scenario {id}"))
    }

    #[tokio::test]
    async fn a_refusal_is_classed_by_what_it_would_do_if_the_target_accepted_it() {
        let mut plan = planned().await;
        let adds =
            scenario(&plan, "hostway-orders/add-service.feature::An owner without permission may not add services");
        assert_eq!(adds.effect, Effect::Changes, "a wrongly accepted refusal adds a service");
        assert!(adds.why.contains("would add a service"), "{}", adds.why);
        assert!(adds.tags.iter().any(|t| t == "serial"));
        let absent = scenario(
            &plan,
            "hostway-orders/add-service.feature::Adding a service to an order that does not exist is not found",
        );
        assert_eq!(absent.effect, Effect::None, "{}", absent.why);
        let refused = "huawei-apig/postpaid-resize.feature::A resize with an invalid token is refused as unauthorized";
        let apig = scenario(&plan, refused);
        assert_eq!(apig.effect, Effect::None, "it asks for the gateway's spec now");
        assert_eq!(apig.planned[0].current, ["huawei.apig.current_spec_id"]);
        assert!(apig.why.contains("[huawei.apig] current_spec_id"), "{}", apig.why);
        // A profile without the current value: the refusal asks for the target one.
        let toml = "[huawei]\nproject_id = \"p\"\ntoken = \"t\"\n[huawei.apig]\ninstance_id = \"i\"\ntarget_spec_id = \"PRO\"\n";
        let contracts = Contracts::load(conformance_contract::default_fixtures_dir()).unwrap();
        let profile = conformance_contract::Profile::parse(toml, "p.toml", |_| None, contracts.keys()).unwrap();
        plan.classify(&profile);
        let apig = scenario(&plan, refused);
        assert_eq!(apig.effect, Effect::Billable, "{}", apig.why);
        assert!(apig.why.contains("the profile gives no [huawei.apig] current_spec_id"), "{}", apig.why);
        assert!(apig.tags.iter().any(|t| t == "effect-billable") && !apig.tags.iter().any(|t| t == "effect-none"));
        assert!(apig.tags.iter().any(|t| t == "serial"));
    }

    #[tokio::test]
    async fn a_scenario_needs_what_its_steps_bind_and_does_what_it_expects() {
        let plan = planned().await;
        let accepted = scenario(
            &plan,
            "huawei-apig/postpaid-resize.feature::A resize to the documented specification is accepted",
        );
        assert_eq!(accepted.effect, Effect::Billable);
        assert!(accepted.needs.contains(&Need::key("huawei.apig.target_spec_id")));
        assert!(accepted.tags.iter().any(|t| t == "serial"));
        assert_eq!(accepted.planned.iter().map(|r| r.refusal).collect::<Vec<_>>(), [false]);
        let refused = scenario(
            &plan,
            "huawei-apig/postpaid-resize.feature::A resize without credentials is refused as unauthorized",
        );
        assert_eq!(refused.effect, Effect::None);
        assert_eq!(refused.planned.iter().map(|r| (r.refusal, r.effect)).collect::<Vec<_>>(), [(true, Effect::None)]);
        let either = Need::either([Need::key("huawei.apig.current_spec_id"), Need::key("huawei.apig.target_spec_id")]);
        assert!(refused.needs.contains(&either), "{:?}", refused.needs);
        assert!(!refused.needs.iter().any(|n| n.tag_key().contains("token")), "no credentials need no token");
        let wrong = scenario(
            &plan,
            "huawei-apig/postpaid-resize.feature::A resize signed with a wrong secret key is refused as unauthorized",
        );
        assert_eq!(wrong.spends, [("wrong-signature".to_string(), "huawei.ak".to_string())]);
        let fault = scenario(
            &plan,
            "huawei-apig/postpaid-resize.feature::The documented internal server error has the documented body",
        );
        assert_eq!(fault.effect, Effect::Billable, "a real vendor ignores the fault header and resizes");
        let setup = scenario(
            &plan,
            "hostway-orders/update-service.feature::An owner without permission may not update the service",
        );
        assert_eq!((setup.effect, setup.requests), (Effect::Changes, 2), "the set-up adds a service");
        let planned: Vec<_> = setup.planned.iter().map(|r| (r.refusal, r.effect)).collect();
        assert_eq!(planned, [(false, Effect::Changes), (true, Effect::None)]);
    }

    #[tokio::test]
    async fn a_refusal_that_only_a_judgement_makes_runs_only_under_strict() {
        let plan = planned().await;
        let op = "hostway-orders/add-service";
        let id = |name: &str| format!("{op}.feature::{name}");
        let blank = scenario(&plan, &id(r#"A blank name is no valid service name and is refused [name="   "]"#));
        assert_eq!(blank.judgements, [(op.to_string(), "add-name-not-blank".to_string())]);
        assert!(blank.tags.iter().any(|t| t == "strict"));
        assert!(blank.rests.contains(&(op.to_string(), "request.schema#/properties/name".to_string())));
        let uri = "A service specification that is no service specification URI is refused";
        let product = scenario(&plan, &id(&format!("{uri} [uri=https://api.hostway.com/products/1]")));
        assert!(product.judgements.is_empty(), "the page's words refuse a link to a product");
        let relative = scenario(&plan, &id(&format!("{uri} [uri=serviceSpecifications/1001]")));
        assert_eq!(relative.judgements, [(op.to_string(), "add-service-specification-uri".to_string())]);
        let accepted = scenario(
            &plan,
            "huawei-apig/postpaid-resize.feature::A resize to the documented specification is accepted",
        );
        assert!(accepted.judgements.is_empty() && !accepted.tags.iter().any(|t| t == "strict"));
        let status = ("huawei-apig/postpaid-resize".to_string(), "responses[0]".to_string());
        assert!(accepted.rests.contains(&status), "{:?}", accepted.rests);
    }

    #[tokio::test]
    async fn an_example_check_resting_on_an_inference_is_relaxed_not_skipped() {
        let plan = planned().await;
        let pair = |op: &str, e: &str| (op.to_string(), e.to_string());
        let cph = scenario(&plan, "huawei-cph/change-server-model.feature::The documented flavor change is accepted");
        assert_eq!(cph.relaxed, [pair("huawei-cph/change-server-model", "cph-response-id-forms")]);
        assert!(cph.judgements.is_empty() && !cph.tags.iter().any(|t| t == "strict"), "it runs by default");
        let cost = scenario(
            &plan,
            "hostway/service-action.feature::Asking for the cost of a change shows the documented fees",
        );
        let op = "hostway/service-action";
        let want = ["action-cost-fees-instance", "action-cost-total-arithmetic", "action-taxes-no-currency"];
        assert_eq!(cost.relaxed, want.map(|e| pair(op, e)));
        let validate =
            scenario(&plan, "hostway/service-action.feature::Validating a change answers whether it is allowed");
        assert_eq!(validate.relaxed, [], "its instance value has no format");
    }

    #[tokio::test]
    async fn a_scenario_rests_on_a_rule_through_an_item_that_quotes_its_words() {
        let plan = planned().await;
        let rests = |id: &str| scenario(&plan, id).rests.clone();
        let pair = |op: &str, f: &str| (op.to_string(), f.to_string());
        let add = "hostway-orders/add-service";
        let range = rests(&format!(
            "{add}.feature::A billing cycle outside 1 to 120, or not a whole number, is refused [billingCycle=0]"
        ));
        assert!(range.contains(&pair(add, "rules[0]")), "billing-cycle-range: {range:?}");
        let update = "hostway-orders/update-service";
        let url = r#"["https://api.hostway.com/orders/0/account/products/0/services/0"]"#;
        let id = format!(
            "{update}.feature::An associated service URL that names no existing service is refused [urls={url}]"
        );
        let associated = rests(&id);
        for rule in ["rules[3]", "rules[4]"] {
            assert!(associated.contains(&pair(update, rule)), "{rule}: {associated:?}");
        }
        // A scenario that only sends the request rests on no rule through the body as a whole.
        let denied = rests(&format!("{add}.feature::Adding a service without the OwnerId cookie is unauthorized"));
        assert!(!denied.iter().any(|(_, f)| f.starts_with("rules[")), "{denied:?}");
    }
}
