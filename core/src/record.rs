//! The registry of record kinds: the one list from which the wire's [`Record`]
//! and [`RecordKind`], the data file's [`DataSet`] and every per-kind step of
//! loading, storing, merging and checking records are made. What a kind *is* (its
//! key, its customer, its rules) is its own module's [`Kind`] impl.
//!
//! To add a kind: write its module with its `Kind` impl, add its line below, and
//! give it an object store on the device (`src/store/schema.rs`).
use crate::action::Action;
use crate::assignment::Assignment;
use crate::customer::Customer;
use crate::error::Invalid;
use crate::evaluation::Evaluation;
use crate::event::Event;
use crate::installation::Installation;
use crate::issue::Issue;
use crate::kind::{Collection, Counts, Edits, Key, Kind};
use crate::maintenance::{MaintenancePlan, TaskReport};
use crate::photo::Photo;
use crate::settings::Settings;
use crate::survey::SurveyTemplate;
use crate::user::UserEntry;
use crate::visit::Visit;
use crate::visit_plan::VisitPlan;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use uuid::Uuid;

/// Builds everything per kind from the list of kinds: each line is the data
/// file's field (with its docs), how it holds them (`Vec` or `Option`), the type,
/// the `Record` variant and the name on the wire and in the server's table.
macro_rules! registry {
    ($(
        $(#[$meta:meta])*
        $field:ident: $holder:ident<$ty:ty> = $variant:ident $name:literal;
    )*) => {
        /// A record as the server stores and serves it: `{"kind", "body"}`.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind", content = "body")]
        pub enum Record {
            $( #[serde(rename = $name)] $variant($ty), )*
        }

        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum RecordKind {
            $( #[serde(rename = $name)] $variant, )*
        }

        // A data file: every record of every kind (`docs/data-format.md`); its
        // JSON Schema is published (`docs/data-format.schema.json`).
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(default, deny_unknown_fields)]
        pub struct DataSet {
            $( $(#[$meta])* pub $field: $holder<$ty>, )*
        }

        impl RecordKind {
            pub const ALL: [RecordKind; [$($name),*].len()] = [$(RecordKind::$variant),*];

            /// The name stored in the server's `kind` column and sent on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $( RecordKind::$variant => $name, )* }
            }

            /// The data file's collection, and the device's object store.
            pub fn collection(self) -> &'static str {
                match self { $( RecordKind::$variant => stringify!($field), )* }
            }

            pub fn edits(self) -> Edits {
                match self { $( RecordKind::$variant => <$ty as Kind>::EDITS, )* }
            }

            /// The field a record of the kind is keyed by in its object store
            /// (`None`: kept under its [`Record::id`]).
            pub fn key_field(self) -> Option<&'static str> {
                match self { $( RecordKind::$variant => <$ty as Kind>::KEY_FIELD, )* }
            }

            /// Where a record of the kind names a user ([`Kind::USERS`]).
            pub fn user_fields(self) -> &'static [&'static str] {
                match self { $( RecordKind::$variant => <$ty as Kind>::USERS, )* }
            }
        }

        impl Record {
            pub fn kind(&self) -> RecordKind {
                match self { $( Record::$variant(_) => RecordKind::$variant, )* }
            }

            /// The record's key: its UUID, a template's version, the one settings record.
            pub fn id(&self) -> String {
                match self { $( Record::$variant(r) => r.key().to_string(), )* }
            }

            /// The record's UUID, for the kinds keyed by one (all that devices write).
            pub fn uuid(&self) -> Option<Uuid> {
                match self { $( Record::$variant(r) => r.key().as_uuid(), )* }
            }

            /// The customer the record belongs to (whose owner may see it); `None`
            /// for what every device gets (settings, templates).
            pub fn customer_id(&self) -> Option<Uuid> {
                match self { $( Record::$variant(r) => r.customer_id(), )* }
            }

            /// Whether the record keeps its own rules (dates in order…) and the
            /// bounds on texts and lists: the one check a record passes on the
            /// device, in a push, an import and a backup. A merge of two valid
            /// records can break them, so merges are checked again.
            pub fn validate(&self) -> Result<(), Invalid> {
                match self { $( Record::$variant(r) => checked($name, r), )* }
            }

            /// The record of `kind` read from `body`, any serde format (JSON text,
            /// a `serde_json::Value`, a browser's JS object).
            pub fn deserialize_as<'de, D: Deserializer<'de>>(
                kind: RecordKind,
                body: D,
            ) -> Result<Self, D::Error> {
                Ok(match kind {
                    $( RecordKind::$variant => Record::$variant(<$ty>::deserialize(body)?), )*
                })
            }

            /// The record borrowed: serialized, its fields alone (what a store keeps).
            pub fn body_ref(&self) -> RecordRef<'_> {
                match self { $( Record::$variant(r) => RecordRef::$variant(r), )* }
            }
        }

        /// A record borrowed from where it is kept; it serializes as its fields
        /// alone, without the kind.
        #[derive(Debug, Clone, Copy)]
        pub enum RecordRef<'a> {
            $( $variant(&'a $ty), )*
        }

        impl RecordRef<'_> {
            pub fn kind(&self) -> RecordKind {
                match self { $( RecordRef::$variant(_) => RecordKind::$variant, )* }
            }

            /// As [`Record::id`].
            pub fn id(&self) -> String {
                match self { $( RecordRef::$variant(r) => r.key().to_string(), )* }
            }
        }

        impl Serialize for RecordRef<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self { $( RecordRef::$variant(r) => r.serialize(s), )* }
            }
        }

        $(
            impl From<$ty> for Record {
                fn from(record: $ty) -> Self {
                    Record::$variant(record)
                }
            }
        )*

        impl DataSet {
            /// Puts a record in place of the copy with its key, or adds it; whether
            /// that changed anything (a pull mostly brings back the device's own
            /// edits, which need no new plan).
            pub fn put_record(&mut self, record: Record) -> bool {
                match record { $( Record::$variant(r) => Collection::put(&mut self.$field, r), )* }
            }

            /// Adds records known to be distinct (a server's table, one row per
            /// record): no search for an existing copy, so a whole database loads
            /// in linear time. The one settings record replaces.
            pub fn push_record(&mut self, record: Record) {
                match record { $( Record::$variant(r) => Collection::push(&mut self.$field, r), )* }
            }

            /// Every record, one per row a server stores, kind by kind in the
            /// registry's order: the inverse of collecting a data set from records.
            pub fn into_records(self) -> Vec<Record> {
                let mut records = Vec::with_capacity(self.len());
                $( records.extend(Collection::take_all(self.$field).into_iter().map(Record::$variant)); )*
                records
            }

            /// How many records it holds, of every kind.
            pub fn len(&self) -> usize {
                0 $( + Collection::records(&self.$field).len() )*
            }

            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// One record of every kind, each its kind's [`Kind::example`]: what the
            /// tests that every layer handles every kind run on.
            pub fn one_of_each() -> DataSet {
                DataSet { $( $field: Collection::of_one(<$ty as Kind>::example()), )* }
            }

            /// The records of one customer, and those of no customer (settings,
            /// templates).
            pub fn of_customer(&self, customer: Uuid) -> DataSet {
                DataSet { $( $field: Collection::of_customer(&self.$field, customer), )* }
            }

            /// The records of `kind`, borrowed.
            pub fn records_of(&self, kind: RecordKind) -> Vec<RecordRef<'_>> {
                match kind {
                    $( RecordKind::$variant => {
                        Collection::records(&self.$field).iter().map(RecordRef::$variant).collect()
                    } )*
                }
            }

            /// The record of `kind` keyed `id` (as [`Record::id`] gives it), cloned.
            // Keys are Uuid, u32 or String by kind; their text is what every kind shares.
            #[allow(clippy::cmp_owned)]
            pub fn record(&self, kind: RecordKind, id: &str) -> Option<Record> {
                match kind {
                    $( RecordKind::$variant => Collection::records(&self.$field)
                        .iter()
                        .find(|r| r.key().to_string() == id)
                        .cloned()
                        .map(Record::$variant), )*
                }
            }

            /// Adds records known to be new here (what a merged backup adds): the
            /// settings only where there were none, template versions not yet here.
            pub fn append(&mut self, new: DataSet) {
                $( Collection::append(&mut self.$field, new.$field); )*
            }

            /// Of `incoming`, the records this data set lacks, by key; counts those
            /// it holds the same and those it holds otherwise (kept as they are).
            pub fn lacking(&self, incoming: &DataSet) -> (DataSet, Counts) {
                let mut counts = Counts::default();
                let lacking = DataSet {
                    $( $field: Collection::lacking(&self.$field, &incoming.$field, &mut counts), )*
                };
                (lacking, counts)
            }

            /// Checks every record against its own rules and the bounds on what a
            /// record carries, not the references between records: what a backup
            /// file must pass before anything of it is taken.
            pub fn validate_each(&self) -> Result<(), InvalidRecord> {
                $(
                    for (index, r) in Collection::records(&self.$field).iter().enumerate() {
                        checked($name, r).map_err(|invalid| InvalidRecord {
                            collection: stringify!($field),
                            index,
                            id: r.key().to_string(),
                            invalid,
                        })?;
                    }
                )*
                Ok(())
            }
        }
    };
}

registry! {
    customers: Vec<Customer> = Customer "customer";
    installations: Vec<Installation> = Installation "installation";
    /// Completed (and planned) visits; completed ones satisfy the plan.
    visits: Vec<Visit> = Visit "visit";
    events: Vec<Event> = Event "event";
    issues: Vec<Issue> = Issue "issue";
    /// Settings for this data; the defaults of the domain rules when absent.
    settings: Option<Settings> = Settings "settings";
    /// Survey templates, every version kept: a visit's answers are read against the
    /// version it was answered on. The shipped template when none is given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    templates: Vec<SurveyTemplate> = Template "template";
    /// Photos' records (their images are files: on the device, on the server).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    photos: Vec<Photo> = Photo "photo";
    /// Planned visits handed to someone other than their customer's owner.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    assignments: Vec<Assignment> = Assignment "assignment";
    /// Who works here: the directory that gives users' ids their names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    users: Vec<UserEntry> = User "user";
    /// Corrective and preventive actions (纠正/预防措施) on the reports' findings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    actions: Vec<Action> = Action "action";
    /// Relationship evaluations (客户关系评估表), every one kept.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    evaluations: Vec<Evaluation> = Evaluation "evaluation";
    /// Maintenance plans (客户维护方案) and their approval.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    maintenance_plans: Vec<MaintenancePlan> = MaintenancePlan "maintenance_plan";
    /// Maintenance tasks reported done, with their cost.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    task_reports: Vec<TaskReport> = TaskReport "task_report";
    /// The yearly and monthly visit plans (年度/月度回访计划) and their approval.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    visit_plans: Vec<VisitPlan> = VisitPlan "visit_plan";
}

/// A record of a data set failed validation: which one, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{collection}[{index}] ({id}): {invalid}")]
pub struct InvalidRecord {
    pub collection: &'static str,
    pub index: usize,
    pub id: String,
    pub invalid: Invalid,
}

/// A record's own rules, then the bounds on its texts and lists.
fn checked<K: Kind>(name: &'static str, record: &K) -> Result<(), Invalid> {
    record.validate()?;
    let body =
        serde_json::to_value(record).map_err(|e| Invalid::new(name, "body", e.to_string()))?;
    crate::bounds::check(name, &body)
}

impl RecordKind {
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Edited in place by several people, so merged field by field with conflicts;
    /// the others are written once by one device (visits, events) or grow by
    /// appended steps (issues).
    pub fn is_mutable(self) -> bool {
        self.edits() == Edits::Merged
    }

    /// Whether devices may write records of the kind (the others are the
    /// organisation's, kept by the server).
    pub fn is_pushed(self) -> bool {
        self.edits() != Edits::ServerOnly
    }
}

impl Record {
    /// The record's fields as JSON (what the server stores and merges).
    pub fn body(&self) -> Value {
        serde_json::to_value(self.body_ref()).unwrap_or(Value::Null)
    }

    /// The record of `kind` whose fields are the JSON text `body` (as stored),
    /// read straight into its type.
    pub fn from_json(kind: RecordKind, body: &str) -> Result<Self, serde_json::Error> {
        let mut reader = serde_json::Deserializer::from_str(body);
        let record = Self::deserialize_as(kind, &mut reader)?;
        reader.end()?;
        Ok(record)
    }

    /// The record of `kind` whose fields are `body`.
    pub fn from_body(kind: RecordKind, body: Value) -> Result<Self, serde_json::Error> {
        Self::deserialize_as(kind, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_name_one_collection_and_survives_its_body() {
        let mut names = std::collections::HashSet::new();
        let mut collections = std::collections::HashSet::new();
        for kind in RecordKind::ALL {
            assert_eq!(RecordKind::parse(kind.as_str()), Some(kind));
            assert!(names.insert(kind.as_str()), "{kind:?} named twice");
            assert!(collections.insert(kind.collection()), "{kind:?} kept twice");
            // The wire's name is serde's.
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
        // A data set of one record of every kind: each travels through its body,
        // its data file, a backup merge and a validation by the registry alone.
        let one = crate::dataset::DataSet::one_of_each();
        let records = one.clone().into_records();
        let kinds: Vec<RecordKind> = records.iter().map(Record::kind).collect();
        assert_eq!(
            kinds,
            RecordKind::ALL,
            "each kind once, in the registry's order"
        );
        assert_eq!(one.len(), RecordKind::ALL.len());
        let file = serde_json::to_value(&one).unwrap();
        for record in &records {
            assert_eq!(record.validate(), Ok(()), "{:?}", record.kind());
            let text = record.body().to_string();
            assert_eq!(&Record::from_json(record.kind(), &text).unwrap(), record);
            assert!(
                file.get(record.kind().collection()).is_some(),
                "{:?} is in the data file",
                record.kind()
            );
        }
        for record in &records {
            assert_eq!(
                one.record(record.kind(), &record.id()).as_ref(),
                Some(record),
                "{:?} found by its key",
                record.kind()
            );
            assert_eq!(one.record(record.kind(), "no such key"), None);
        }
        let again: DataSet = records.into_iter().collect();
        assert_eq!(again, one);
        let (lacking, counts) = DataSet::default().lacking(&one);
        assert_eq!(lacking, one, "a backup restores every kind");
        assert_eq!(counts.added, RecordKind::ALL.len());
    }

    #[test]
    fn a_body_read_as_another_kind_is_refused_not_half_read() {
        let customer = Record::Customer(Customer::new(Uuid::from_u128(4), "华东电力").unwrap());
        assert!(Record::from_json(RecordKind::Visit, &customer.body().to_string()).is_err());
        assert!(Record::from_json(RecordKind::Customer, "{\"id\": 1} trailing").is_err());
    }
}
