//! The stub's mutable world: who may call (tokens, access keys, Hostway credentials, owners),
//! which resources exist (gateways, phone servers, accounts, orders and their services) and
//! which faults are armed. Built from the [`Seed`]; everything in it is bounded, so memory
//! stays flat under sustained load. The JSON dump (`GET /__stub/state`) leaves secrets out.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::config::Seed;

/// Whether a known credential may call the operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Permission {
    /// May call them.
    Permitted,
    /// Authenticates, but 403.
    Forbidden,
}

/// A pay-per-use gateway.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ApigInstance {
    /// The `spec_id` of the last accepted resize.
    pub spec_id: Option<String>,
    /// The job id of the last accepted resize.
    pub last_job_id: Option<String>,
}

/// A cloud phone server.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CphServer {
    /// The `server_model_name` of the last accepted change.
    pub server_model_name: Option<String>,
    /// The `phone_model_name` of the last accepted change.
    pub phone_model_name: Option<String>,
}

/// A service on a Hostway account.
#[derive(Debug, Clone, Serialize)]
pub struct AccountService {
    /// Its current specification URI (changed by the `change` action).
    pub specification: String,
    /// Whether it is open (order-builder rule 5).
    pub open: bool,
}

/// A Hostway account: products, each with services.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Account {
    /// Product id → service id → service.
    pub products: BTreeMap<String, BTreeMap<String, AccountService>>,
}

/// A service added to a product in an order.
#[derive(Debug, Clone, Serialize)]
pub struct OrderService {
    /// Its name.
    pub name: String,
    /// Its billing cycle in months.
    pub billing_cycle: u32,
    /// Its specification URI.
    pub service_specification: String,
    /// `relatedTo` as added.
    pub related_to: Vec<String>,
    /// `associatedTo` as last updated.
    pub associated_to: Vec<String>,
    /// The billing cycles it supports.
    pub supported_billing_cycles: BTreeSet<u32>,
}

/// A product in an order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OrderProduct {
    /// Service id → service.
    pub services: BTreeMap<String, OrderService>,
    /// Ids in the order they were added, oldest first (for the size cap).
    #[serde(skip)]
    pub added: VecDeque<String>,
}

/// An order in the order builder.
#[derive(Debug, Clone, Serialize)]
pub struct Order {
    /// The `OwnerId` that owns it (a secret: not in the dump).
    #[serde(skip)]
    pub owner: String,
    /// The account added to it; `None` answers 404 on its products.
    pub account_id: Option<String>,
    /// Product id → product.
    pub products: BTreeMap<String, OrderProduct>,
}

/// A fault armed through the admin API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArmedFault {
    /// The operation id (`huawei-apig/postpaid-resize`).
    pub operation: String,
    /// The documented fault status (500 or 502).
    pub status: u16,
    /// How many calls it answers before it disarms; absent: until reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
}

/// The whole mutable state (`Debug` shows the JSON dump: no credentials).
#[derive(Clone, Default, Serialize)]
pub struct State {
    /// IAM tokens.
    #[serde(skip)]
    pub tokens: BTreeMap<String, Permission>,
    /// Access key → (secret key, permission).
    #[serde(skip)]
    pub access_keys: BTreeMap<String, (String, Permission)>,
    /// Accepted Hostway `Authorization` values.
    #[serde(skip)]
    pub hostway_authorizations: BTreeSet<String>,
    /// `OwnerId` cookie values.
    #[serde(skip)]
    pub owners: BTreeMap<String, Permission>,
    /// Huawei project ids.
    pub project_ids: BTreeSet<String>,
    /// APIG gateways by id.
    pub apig_instances: BTreeMap<String, ApigInstance>,
    /// CPH servers by id.
    pub cph_servers: BTreeMap<String, CphServer>,
    /// Hostway accounts by id.
    pub accounts: BTreeMap<String, Account>,
    /// Orders by id.
    pub orders: BTreeMap<String, Order>,
    /// Billing cycles a newly added service supports.
    pub supported_billing_cycles: BTreeSet<u32>,
    /// Faults armed through the admin API.
    pub faults: Vec<ArmedFault>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "State({})", serde_json::to_string(self).unwrap_or_default())
    }
}

impl State {
    /// The state right after start (and after every reset).
    pub fn seeded(seed: &Seed) -> State {
        let (h, w, o) = (&seed.huawei, &seed.hostway, &seed.orders);
        let mut s = State::default();
        s.tokens.insert(h.token.0.clone(), Permission::Permitted);
        s.tokens.insert(h.forbidden_token.0.clone(), Permission::Forbidden);
        s.access_keys.insert(h.ak.0.clone(), (h.sk.0.clone(), Permission::Permitted));
        s.access_keys.insert(h.forbidden_ak.0.clone(), (h.forbidden_sk.0.clone(), Permission::Forbidden));
        s.project_ids.insert(h.project_id.clone());
        s.apig_instances.insert(h.apig_instance_id.clone(), ApigInstance::default());
        s.cph_servers.insert(h.cph_server_id.clone(), CphServer::default());
        s.hostway_authorizations.insert(w.authorization.0.clone());
        let mut services = BTreeMap::new();
        let service = |specification: &str, open| AccountService { specification: specification.into(), open };
        services.insert(w.service_id.clone(), service(&w.service_specification, true));
        services.insert(w.closed_service_id.clone(), service(&w.service_specification, false));
        let mut account = Account::default();
        account.products.insert(w.product_id.clone(), services);
        // The order's product and service also exist, open, on its account: so the
        // update-service example's account URL, expanded with the same ids as its order URL,
        // names an open account service (rule 5).
        let mirrored = BTreeMap::from([(o.service_id.clone(), service(&o.service_specification, true))]);
        account.products.insert(o.product_id.clone(), mirrored);
        s.accounts.insert(w.account_id.clone(), account);
        s.owners.insert(o.owner_id.0.clone(), Permission::Permitted);
        s.owners.insert(o.forbidden_owner_id.0.clone(), Permission::Forbidden);
        s.supported_billing_cycles = o.supported_billing_cycles.iter().copied().collect();
        let mut product = OrderProduct::default();
        product.services.insert(
            o.service_id.clone(),
            OrderService {
                name: o.service_name.clone(),
                billing_cycle: 12,
                service_specification: o.service_specification.clone(),
                related_to: Vec::new(),
                associated_to: Vec::new(),
                supported_billing_cycles: s.supported_billing_cycles.clone(),
            },
        );
        let order = |account_id: Option<&String>| Order {
            owner: o.owner_id.0.clone(),
            account_id: account_id.cloned(),
            products: BTreeMap::new(),
        };
        let mut with_account = order(Some(&w.account_id));
        with_account.products.insert(o.product_id.clone(), product);
        s.orders.insert(o.order_id.clone(), with_account);
        let mut without = order(None);
        without.products.insert(o.product_id.clone(), OrderProduct::default());
        s.orders.insert(o.order_without_account_id.clone(), without);
        s
    }

    /// Adds a service to a product, dropping the oldest added ones beyond `cap`.
    pub fn add_order_service(product: &mut OrderProduct, id: String, service: OrderService, cap: usize) {
        product.services.insert(id.clone(), service);
        product.added.push_back(id);
        while product.services.len() > cap.max(1) {
            match product.added.pop_front() {
                Some(old) => {
                    product.services.remove(&old);
                }
                None => break,
            }
        }
    }

    /// Takes one use of an armed fault for `operation`, if any; returns its status.
    pub fn take_fault(&mut self, operation: &str) -> Option<u16> {
        let i = self.faults.iter().position(|f| f.operation == operation)?;
        let status = self.faults[i].status;
        match &mut self.faults[i].times {
            Some(n) if *n <= 1 => {
                self.faults.remove(i);
            }
            Some(n) => *n -= 1,
            None => {}
        }
        Some(status)
    }
}
