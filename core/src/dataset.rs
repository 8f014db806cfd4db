//! A data file: the records the plan reads, as the admin CLI imports them and the
//! demo generator writes them (see `docs/data-format.md`). The struct and its
//! per-kind plumbing are the registry's (`record.rs`); here is what it computes.
use crate::assignment::{self};
use crate::cancel::{Cancel, Cancelled};
use crate::error::Invalid;
use crate::photo::{Photo, PhotoSubject};
use crate::record::Record;
pub use crate::record::{DataSet, InvalidRecord};
use crate::schedule::{self, PlanInput, PlannedVisit};
use crate::settings::Settings;
use crate::survey::{default_template, StageKey, SurveyTemplate};
use crate::sync::Change;
use crate::tiering;
use crate::types::Text;
use crate::user::UserId;
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;
use uuid::Uuid;

impl FromIterator<Record> for DataSet {
    fn from_iter<I: IntoIterator<Item = Record>>(records: I) -> Self {
        let mut data = DataSet::default();
        for record in records {
            data.push_record(record);
        }
        data
    }
}

impl DataSet {
    /// Validates every record and the references between them.
    pub fn validate(&self) -> Result<(), InvalidRecord> {
        self.validate_each()?;
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
        let mut versions = HashSet::new();
        for (i, t) in self.templates.iter().enumerate() {
            if !versions.insert(t.version) {
                return Err(InvalidRecord {
                    collection: "templates",
                    index: i,
                    id: t.version.to_string(),
                    invalid: Invalid::new("template", "version", "the same version appears twice"),
                });
            }
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

    /// Applies one edit to the data in memory as the device's store applies it, so
    /// a screen need not re-read the whole store after each edit: a put replaces the
    /// record with its id (or adds it); an issue step goes through the loop's rules.
    pub fn apply(&mut self, change: &Change) -> Result<(), Invalid> {
        match change {
            Change::Put(record) => {
                self.put_record(record.clone());
            }
            Change::IssueStep { issue_id, event } => {
                self.issues
                    .iter_mut()
                    .find(|i| i.id == *issue_id)
                    .ok_or_else(|| Invalid::new("issue", "id", "no such issue on this device"))?
                    .apply(event.clone())?;
            }
        };
        Ok(())
    }

    pub fn settings(&self) -> Settings {
        self.settings.clone().unwrap_or_default()
    }

    /// The template new visits are answered on: the highest version here, or the
    /// shipped one when there is none.
    pub fn template(&self) -> SurveyTemplate {
        self.templates
            .iter()
            .max_by_key(|t| t.version)
            .cloned()
            .unwrap_or_else(default_template)
    }

    /// The words of checklist item `key` of `stage`, as the newest template that
    /// has it asks it (a report over past visits names items an older version
    /// asked), else the shipped template's; `None` for a key no template knows.
    pub fn checklist_item_text(&self, stage: StageKey, key: &str) -> Option<Text> {
        let mut templates: Vec<&SurveyTemplate> = self.templates.iter().collect();
        templates.sort_by_key(|t| std::cmp::Reverse(t.version));
        let shipped = default_template();
        templates
            .into_iter()
            .chain(std::iter::once(&shipped))
            .filter_map(|t| t.checklist(stage))
            .flat_map(|list| &list.items)
            .find(|item| item.key == key)
            .map(|item| item.text.clone())
    }

    /// Who makes visits: customers' owners and those visits were handed to, each
    /// once, in the order of their names.
    pub fn technicians(&self) -> Vec<UserId> {
        let ids: std::collections::BTreeSet<UserId> = self
            .customers
            .iter()
            .filter_map(|c| c.owner)
            .chain(self.assignments.iter().map(|a| a.assignee))
            .collect();
        let mut named: Vec<(String, UserId)> =
            ids.into_iter().map(|id| (self.user_name(id), id)).collect();
        named.sort();
        named.into_iter().map(|(_, id)| id).collect()
    }

    /// The user `text` names here: their id, or their name in the directory (or,
    /// for a name not there, the id it stands for, if any record names that id).
    pub fn find_user(&self, text: &str) -> Option<UserId> {
        if let Some(id) = UserId::parse(text) {
            return Some(id);
        }
        let text = text.trim();
        if let Some(user) = self.users.iter().find(|u| u.name == text) {
            return Some(user.id);
        }
        let id = UserId::of_name(text);
        self.technicians().contains(&id).then_some(id)
    }

    /// The name to show for a user (see [`crate::user::name_of`]).
    pub fn user_name(&self, id: UserId) -> String {
        crate::user::name_of(&self.users, id)
    }

    /// The photos of a visit or an issue, oldest first.
    pub fn photos_of(&self, subject: PhotoSubject) -> Vec<&Photo> {
        let mut photos: Vec<&Photo> = self
            .photos
            .iter()
            .filter(|p| p.subject == subject)
            .collect();
        photos.sort_by_key(|p| (p.taken_at.utc, p.id));
        photos
    }

    /// The template a past visit was answered on, if this device has it (the
    /// shipped template counts).
    pub fn template_version(&self, version: u32) -> Option<SurveyTemplate> {
        match self.templates.iter().find(|t| t.version == version) {
            Some(t) => Some(t.clone()),
            None => Some(default_template()).filter(|t| t.version == version),
        }
    }

    /// The planned visits due from `from` to `to`, with this data set's settings,
    /// each with its assignee if a supervisor handed it on.
    pub fn plan(&self, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Vec<PlannedVisit> {
        // Never cancelled, so never `Err`.
        self.plan_within(from, to, today, &Cancel::never())
            .unwrap_or_default()
    }

    /// [`DataSet::plan`], stopping early once `cancel` is raised.
    pub fn plan_within(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
        cancel: &Cancel,
    ) -> Result<Vec<PlannedVisit>, Cancelled> {
        let settings = self.settings();
        let input = self.plan_input(&settings, from, to, today);
        let mut visits = schedule::plan_within(&input, cancel)?;
        self.assign(&mut visits);
        Ok(visits)
    }

    /// What the plan reads of this data, with `settings` (this data's
    /// [`DataSet::settings`]): for a plan made in steps (`schedule::Planning`).
    pub fn plan_input<'a>(
        &'a self,
        settings: &'a Settings,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> PlanInput<'a> {
        PlanInput {
            customers: &self.customers,
            installations: &self.installations,
            visits: &self.visits,
            events: &self.events,
            settings,
            from,
            to,
            today,
        }
    }

    /// Marks a finished plan's visits handed on to someone (the assignments).
    pub fn assign(&self, visits: &mut [PlannedVisit]) {
        assignment::apply(visits, &self.assignments);
    }

    /// One customer's records alone, so a screen about one customer plans only that
    /// customer. The company's sales of the last full year are fixed in the settings,
    /// so the customer's share (and tier) is what it is among all customers. Methods
    /// are balanced over a whole tier's visits, so a subset's methods are not the
    /// company plan's: use the whole plan where the method matters.
    pub fn for_customer(&self, customer_id: Uuid, today: NaiveDate) -> DataSet {
        let year = today.year() - 1;
        let mut settings = self.settings();
        let total = tiering::company_sales(&settings.company_sales, &self.customers, year);
        settings.company_sales.insert(year, total);
        DataSet {
            settings: Some(settings),
            ..self.of_customer(customer_id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assignment::Assignment;
    use crate::customer::Customer;
    use crate::issue::{IssueEvent, IssueStatus, Step};
    use crate::types::DeviceTime;
    use crate::user::{Role, UserEntry};

    fn demo() -> DataSet {
        crate::demo::generate(20, 7, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    }

    #[test]
    fn a_checklist_item_is_named_by_the_newest_template_that_asks_it() {
        let mut data = DataSet::default();
        assert_eq!(
            data.checklist_item_text(StageKey::WarrantyEnd, "abnormal_sound")
                .map(|t| t.zh),
            Some("有无异常声音".to_owned()),
            "the shipped template's words without any template"
        );
        let mut newer = default_template();
        newer.version += 1;
        for list in &mut newer.checklists {
            for item in &mut list.items {
                if item.key == "abnormal_sound" {
                    item.text = Text::new("有无异响", "Any odd noise");
                }
            }
        }
        data.templates.push(newer);
        assert_eq!(
            data.checklist_item_text(StageKey::WarrantyEnd, "abnormal_sound")
                .map(|t| t.zh),
            Some("有无异响".to_owned())
        );
        assert_eq!(
            data.checklist_item_text(StageKey::WarrantyEnd, "no_such_item"),
            None
        );
    }

    #[test]
    fn a_put_replaces_the_record_with_its_id_or_adds_it() {
        let mut data = demo();
        let customers = data.customers.len();
        let mut renamed = data.customers[3].clone();
        renamed.name = "改名后的客户".into();
        data.apply(&Change::put(renamed.clone())).unwrap();
        assert_eq!(data.customers.len(), customers);
        assert_eq!(data.customers[3], renamed);

        let mut visit = data.visits[0].clone();
        visit.id = Uuid::from_u128(0xfeed);
        let visits = data.visits.len();
        data.apply(&Change::put(visit.clone())).unwrap();
        assert_eq!(data.visits.len(), visits + 1);
        assert_eq!(data.visits.last(), Some(&visit));
    }

    #[test]
    fn a_visits_photos_are_its_own_oldest_first_and_travel_with_its_customer() {
        let mut data = demo();
        let visit = data.visits[0].clone();
        let at = |minutes| {
            DeviceTime::new(
                chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 2, minutes, 0)
                    .unwrap(),
                480,
            )
            .unwrap()
        };
        let photo = |n: u128, subject, minutes| Photo {
            id: Uuid::from_u128(n),
            customer_id: visit.customer_id,
            subject,
            taken_at: at(minutes),
            ..crate::photo::tests::photo()
        };
        let later = photo(10, PhotoSubject::Visit(visit.id), 30);
        let earlier = photo(11, PhotoSubject::Visit(visit.id), 5);
        let of_issue = photo(12, PhotoSubject::Issue(Uuid::from_u128(99)), 1);
        for p in [&later, &earlier, &of_issue] {
            data.apply(&Change::put(p.clone())).unwrap();
        }
        let ids = |photos: Vec<&Photo>| photos.iter().map(|p| p.id).collect::<Vec<_>>();
        assert_eq!(
            ids(data.photos_of(PhotoSubject::Visit(visit.id))),
            [earlier.id, later.id]
        );
        assert_eq!(
            ids(data.photos_of(PhotoSubject::Issue(Uuid::from_u128(99)))),
            [of_issue.id]
        );
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(data.for_customer(visit.customer_id, today).photos.len(), 3);
        let other = data
            .customers
            .iter()
            .find(|c| c.id != visit.customer_id)
            .unwrap();
        assert!(data.for_customer(other.id, today).photos.is_empty());
        let again: DataSet = data.clone().into_records().into_iter().collect();
        assert_eq!(again.photos, data.photos);
    }

    #[test]
    fn technicians_are_owners_and_assignees_each_once() {
        let mut data = DataSet {
            customers: vec![
                Customer {
                    owner: Some(UserId::of_name("张工")),
                    ..Customer::new(Uuid::from_u128(1), "甲").unwrap()
                },
                Customer {
                    owner: Some(UserId::of_name("张工")),
                    ..Customer::new(Uuid::from_u128(2), "乙").unwrap()
                },
                Customer {
                    owner: None,
                    ..Customer::new(Uuid::from_u128(3), "丙").unwrap()
                },
                Customer::new(Uuid::from_u128(4), "丁").unwrap(),
            ],
            ..DataSet::default()
        };
        let visit = crate::report::fixture::planned(
            NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            crate::schedule::Status::Upcoming,
            None,
        );
        let time = DeviceTime::new(
            chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 23, 2, 0, 0).unwrap(),
            480,
        )
        .unwrap();
        data.assignments.push(
            Assignment::new(
                &visit,
                UserId::of_name("李工"),
                UserId::of_name("王主管"),
                time,
            )
            .unwrap(),
        );
        data.users = ["张工", "李工"]
            .map(|name| UserEntry::new(UserId::of_name(name), name, Role::Technician))
            .to_vec();
        assert_eq!(data.technicians(), ["张工", "李工"].map(UserId::of_name));
    }

    #[test]
    fn a_data_set_collected_from_its_records_is_the_same_data_set() {
        let mut data = demo();
        data.settings = Some(Settings::default());
        data.templates = vec![default_template()];
        let mut records = data.clone().into_records();
        let rows = data.customers.len()
            + data.installations.len()
            + data.visits.len()
            + data.events.len()
            + data.issues.len()
            + data.users.len();
        assert_eq!(records.len(), rows + 2, "one settings record, one template");
        // A template version given again replaces the first.
        records.push(Record::Template(default_template()));
        assert!(!data.visits.is_empty() && !data.issues.is_empty());
        assert_eq!(records.into_iter().collect::<DataSet>(), data);
    }

    #[test]
    fn a_pulled_record_replaces_the_devices_copy_and_says_whether_it_differed() {
        let mut data = demo();
        let before = data.clone();
        // The device's own edit, back from the server: nothing to plan again.
        assert!(!data.put_record(Record::Customer(data.customers[3].clone())));
        assert_eq!(data, before);
        // A template version the device lacked is added, once.
        assert!(data.put_record(Record::Template(default_template())));
        assert!(!data.put_record(Record::Template(default_template())));
        assert_eq!(data.templates, vec![default_template()]);

        let mut renamed = data.customers[3].clone();
        renamed.name = "主管改的名称".into();
        assert!(data.put_record(Record::Customer(renamed.clone())));
        assert_eq!(data.customers[3], renamed);
        assert_eq!(data.customers.len(), before.customers.len());

        let mut visit = data.visits[0].clone();
        visit.id = Uuid::from_u128(0xbeef);
        assert!(data.put_record(Record::Visit(visit.clone())));
        assert_eq!(data.visits.last(), Some(&visit));

        let mut settings = data.settings();
        settings.proposals.decide_days += 1;
        assert!(data.put_record(Record::Settings(settings.clone())));
        assert!(!data.put_record(Record::Settings(settings.clone())));
        assert_eq!(data.settings, Some(settings));
    }

    #[test]
    fn an_issue_step_follows_the_loop_and_a_refused_one_changes_nothing() {
        let mut data = demo();
        let issue = &mut data.issues[0];
        issue.status = IssueStatus::Recorded;
        issue.history.clear();
        let id = issue.id;
        let step = |n, step| Change::IssueStep {
            issue_id: id,
            event: IssueEvent {
                id: Uuid::from_u128(n),
                step,
                by: Some(UserId::of_name("张工")),
                at: DeviceTime::new(
                    chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
                    480,
                )
                .unwrap(),
            },
        };
        data.apply(&step(1, Step::StartHandling)).unwrap();
        assert_eq!(data.issues[0].status, IssueStatus::Handling);
        let before = data.clone();
        let verify_too_early = step(
            2,
            Step::Verify {
                customer_confirmation: "好".into(),
            },
        );
        assert!(data.apply(&verify_too_early).is_err());
        assert_eq!(data, before);
        let elsewhere = Change::IssueStep {
            issue_id: Uuid::from_u128(404),
            event: IssueEvent {
                id: Uuid::from_u128(3),
                step: Step::StartHandling,
                by: Some(UserId::of_name("张工")),
                at: DeviceTime::new(
                    chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
                    480,
                )
                .unwrap(),
            },
        };
        assert!(data.apply(&elsewhere).is_err());
    }

    #[test]
    fn appending_adds_every_collection() {
        let mut data = demo();
        let other = crate::demo::generate(5, 8, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let before = data.clone();
        data.append(other.clone());
        assert_eq!(
            data.customers.len(),
            before.customers.len() + other.customers.len()
        );
        assert_eq!(data.visits.len(), before.visits.len() + other.visits.len());
        assert_eq!(data.issues.len(), before.issues.len() + other.issues.len());
        assert_eq!(data.events.len(), before.events.len() + other.events.len());
        assert_eq!(
            data.installations.len(),
            before.installations.len() + other.installations.len()
        );
    }

    fn template(version: u32, title: &str) -> SurveyTemplate {
        let mut t = default_template();
        t.version = version;
        t.title = crate::types::Text::new(title, title);
        t
    }

    #[test]
    fn new_visits_use_the_highest_template_and_old_ones_keep_theirs() {
        let mut data = DataSet::default();
        assert_eq!(data.template(), default_template());
        data.templates = vec![template(3, "三"), template(2, "二")];
        assert_eq!(data.template().version, 3);
        assert_eq!(data.template_version(2).unwrap().title.zh, "二");
        // The shipped template still reads visits answered on it.
        assert_eq!(
            data.template_version(default_template().version),
            Some(default_template())
        );
        assert_eq!(data.template_version(9), None);
    }

    #[test]
    fn a_template_version_given_twice_is_refused() {
        let data = DataSet {
            templates: vec![template(2, "二"), template(2, "又二")],
            ..DataSet::default()
        };
        let err = data.validate().unwrap_err();
        assert_eq!((err.collection, err.index), ("templates", 1));
    }

    #[test]
    fn appending_keeps_the_devices_settings_and_templates() {
        let mut mine = crate::settings::Settings::default();
        mine.proposals.decide_days = 9;
        let mut data = DataSet {
            settings: Some(mine.clone()),
            templates: vec![template(2, "本机")],
            ..DataSet::default()
        };
        data.append(DataSet {
            settings: Some(crate::settings::Settings::default()),
            templates: vec![template(2, "备份"), template(3, "三")],
            ..DataSet::default()
        });
        assert_eq!(data.settings, Some(mine));
        let titles: Vec<_> = data.templates.iter().map(|t| t.title.zh.as_str()).collect();
        assert_eq!(titles, ["本机", "三"]);

        // A device without settings takes the backup's.
        let mut empty = DataSet::default();
        empty.append(DataSet {
            settings: Some(crate::settings::Settings::default()),
            ..DataSet::default()
        });
        assert!(empty.settings.is_some());
    }

    #[test]
    fn one_customers_records_plan_as_they_do_among_all() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let data = crate::demo::generate(60, 7, today);
        let (from, to) = (
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        );
        let all = data.plan(from, to, today);
        for customer in &data.customers {
            let own = data.for_customer(customer.id, today);
            // Everything but the method, which is balanced over the whole tier.
            let shape = |v: &PlannedVisit| {
                (
                    v.tier,
                    v.reasons.clone(),
                    v.due,
                    v.window,
                    v.last_day,
                    v.prepare_on,
                    v.status,
                    v.done_by,
                )
            };
            let expected: Vec<_> = all
                .iter()
                .filter(|v| v.customer_id == customer.id)
                .map(shape)
                .collect();
            let own: Vec<_> = own.plan(from, to, today).iter().map(shape).collect();
            assert_eq!(own, expected, "{}", customer.name);
        }
    }
}
