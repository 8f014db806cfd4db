//! A data file: the records the plan reads, as the admin CLI imports them and the
//! demo generator writes them (see `docs/data-format.md`).
use crate::customer::Customer;
use crate::error::Invalid;
use crate::event::Event;
use crate::installation::Installation;
use crate::issue::Issue;
use crate::settings::Settings;
use crate::visit::Visit;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DataSet {
    pub customers: Vec<Customer>,
    pub installations: Vec<Installation>,
    /// Completed (and planned) visits; completed ones satisfy the plan.
    pub visits: Vec<Visit>,
    pub events: Vec<Event>,
    pub issues: Vec<Issue>,
    /// Settings for this data; the defaults of the domain rules when absent.
    pub settings: Option<Settings>,
}

/// A record of the data set failed validation: which one, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{collection}[{index}] ({id}): {invalid}")]
pub struct InvalidRecord {
    pub collection: &'static str,
    pub index: usize,
    pub id: String,
    pub invalid: Invalid,
}

impl DataSet {
    /// Validates every record and the references between them.
    pub fn validate(&self) -> Result<(), InvalidRecord> {
        let fail = |collection, index, id: Uuid, invalid| InvalidRecord {
            collection,
            index,
            id: id.to_string(),
            invalid,
        };
        let mut customers = HashSet::new();
        for (i, c) in self.customers.iter().enumerate() {
            c.validate().map_err(|e| fail("customers", i, c.id, e))?;
            if !customers.insert(c.id) {
                return Err(fail(
                    "customers",
                    i,
                    c.id,
                    Invalid::new("customer", "id", "the same id appears twice"),
                ));
            }
        }
        let known = |id: &Uuid, record: &'static str| {
            if customers.contains(id) {
                Ok(())
            } else {
                Err(Invalid::new(
                    record,
                    "customer_id",
                    format!("no customer {id} in this file"),
                ))
            }
        };
        for (i, r) in self.installations.iter().enumerate() {
            r.validate()
                .and_then(|()| known(&r.customer_id, "installation"))
                .map_err(|e| fail("installations", i, r.id, e))?;
            if let Some(settings) = &self.settings {
                if settings.product_line(&r.product_line).is_none() {
                    let e = Invalid::new(
                        "installation",
                        "product_line",
                        format!("unknown product line {:?}", r.product_line),
                    );
                    return Err(fail("installations", i, r.id, e));
                }
            }
        }
        for (i, r) in self.visits.iter().enumerate() {
            r.validate()
                .and_then(|()| known(&r.customer_id, "visit"))
                .map_err(|e| fail("visits", i, r.id, e))?;
        }
        for (i, r) in self.events.iter().enumerate() {
            known(&r.customer_id, "event").map_err(|e| fail("events", i, r.id, e))?;
        }
        for (i, r) in self.issues.iter().enumerate() {
            known(&r.customer_id, "issue").map_err(|e| fail("issues", i, r.id, e))?;
        }
        if let Some(settings) = &self.settings {
            settings.validate().map_err(|e| InvalidRecord {
                collection: "settings",
                index: 0,
                id: String::new(),
                invalid: e,
            })?;
        }
        Ok(())
    }

    pub fn settings(&self) -> Settings {
        self.settings.clone().unwrap_or_default()
    }
}
