//! `POST /__stub/seed`: the JSON a provider-state step sends to add credentials and resources
//! on top of the seeded state. Every member is optional; unknown members are refused. A seed is
//! applied whole or not at all.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::state::{AccountService, Order, OrderService, Permission, State};

/// What to add. Example: `{"tokens": {"t1": "permitted"}, "apig_instances": ["abc"]}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedRequest {
    /// IAM tokens and their permission.
    #[serde(default)]
    pub tokens: BTreeMap<String, Permission>,
    /// AK/SK pairs.
    #[serde(default)]
    pub access_keys: Vec<AccessKeySeed>,
    /// Accepted Hostway `Authorization` header values.
    #[serde(default)]
    pub hostway_authorizations: Vec<String>,
    /// `OwnerId` cookie values and their permission.
    #[serde(default)]
    pub owners: BTreeMap<String, Permission>,
    /// Huawei project ids.
    #[serde(default)]
    pub project_ids: Vec<String>,
    /// APIG gateway ids.
    #[serde(default)]
    pub apig_instances: Vec<String>,
    /// CPH server ids.
    #[serde(default)]
    pub cph_servers: Vec<String>,
    /// Services on Hostway accounts (accounts and products are created as needed).
    #[serde(default)]
    pub account_services: Vec<AccountServiceSeed>,
    /// Orders (with their products).
    #[serde(default)]
    pub orders: Vec<OrderSeed>,
    /// Services already added to order products.
    #[serde(default)]
    pub order_services: Vec<OrderServiceSeed>,
    /// Replaces the billing cycles newly added services support.
    #[serde(default)]
    pub supported_billing_cycles: Option<Vec<u32>>,
}

/// An AK/SK pair.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessKeySeed {
    /// Access key.
    pub ak: String,
    /// Secret key.
    pub sk: String,
    /// Its permission.
    pub permission: Permission,
}

/// A service on a Hostway account.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountServiceSeed {
    /// Account id.
    pub account_id: String,
    /// Product id.
    pub product_id: String,
    /// Service id.
    pub service_id: String,
    /// Specification URI (default: empty).
    #[serde(default)]
    pub specification: String,
    /// Open (default) or closed.
    #[serde(default = "yes")]
    pub open: bool,
}

fn yes() -> bool {
    true
}

/// An order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderSeed {
    /// Order id.
    pub order_id: String,
    /// `OwnerId` of its owner.
    pub owner_id: String,
    /// Its account; absent: no account added (404 on its products).
    #[serde(default)]
    pub account_id: Option<String>,
    /// Product ids in it.
    #[serde(default)]
    pub products: Vec<String>,
}

/// A service already added to a product of an order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderServiceSeed {
    /// Order id (seeded earlier or in the same request).
    pub order_id: String,
    /// Product id (created in the order if missing).
    pub product_id: String,
    /// Service id.
    pub service_id: String,
    /// Name.
    pub name: String,
    /// Billing cycle.
    pub billing_cycle: u32,
    /// Specification URI.
    #[serde(default)]
    pub service_specification: String,
    /// Supported billing cycles (default: the state's).
    #[serde(default)]
    pub supported_billing_cycles: Option<Vec<u32>>,
}

impl SeedRequest {
    /// Applies the seed to a copy of `state`, replacing it only when all of it applies.
    pub fn apply(self, state: &mut State, cap: usize) -> Result<(), String> {
        let mut s = state.clone();
        s.tokens.extend(self.tokens);
        s.access_keys.extend(self.access_keys.into_iter().map(|k| (k.ak, (k.sk, k.permission))));
        s.hostway_authorizations.extend(self.hostway_authorizations);
        s.owners.extend(self.owners);
        s.project_ids.extend(self.project_ids);
        for id in self.apig_instances {
            s.apig_instances.entry(id).or_default();
        }
        for id in self.cph_servers {
            s.cph_servers.entry(id).or_default();
        }
        if let Some(c) = self.supported_billing_cycles {
            s.supported_billing_cycles = c.into_iter().collect();
        }
        for a in self.account_services {
            let product = s.accounts.entry(a.account_id).or_default().products.entry(a.product_id).or_default();
            product.insert(a.service_id, AccountService { specification: a.specification, open: a.open });
        }
        for o in self.orders {
            let order = s.orders.entry(o.order_id).or_insert_with(|| Order {
                owner: o.owner_id.clone(),
                account_id: None,
                products: BTreeMap::new(),
            });
            order.owner = o.owner_id;
            order.account_id = o.account_id;
            for p in o.products {
                order.products.entry(p).or_default();
            }
        }
        for os in self.order_services {
            let supported = os
                .supported_billing_cycles
                .map_or_else(|| s.supported_billing_cycles.clone(), |c| c.into_iter().collect());
            let order = s.orders.get_mut(&os.order_id).ok_or_else(|| format!("order {} is not seeded", os.order_id))?;
            let product = order.products.entry(os.product_id).or_default();
            let service = OrderService {
                name: os.name,
                billing_cycle: os.billing_cycle,
                service_specification: os.service_specification,
                related_to: Vec::new(),
                associated_to: Vec::new(),
                supported_billing_cycles: supported,
            };
            State::add_order_service(product, os.service_id, service, cap);
        }
        *state = s;
        Ok(())
    }
}
