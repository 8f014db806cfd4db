//! A device backup: everything the device holds, including the edits it has not
//! sent yet, as one JSON file a technician can keep when a browser might clear its
//! storage. Importing merges: it adds what the device lacks, keeps the device's
//! copy where both differ (never silently overwriting), and re-queues unsent edits.
use crate::dataset::DataSet;
use crate::record::Record;
use crate::sync::Mutation;
use crate::types::DeviceTime;
use crate::user::legacy;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "revisit-backup";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    /// Always `revisit-backup`: a file that says otherwise is not ours.
    pub format: String,
    pub version: u32,
    pub exported_at: DeviceTime,
    pub data: DataSet,
    /// Edits not yet acknowledged by the server when the backup was made.
    pub outbox: Vec<Mutation>,
}

impl Backup {
    pub fn new(data: DataSet, outbox: Vec<Mutation>, exported_at: DeviceTime) -> Self {
        Self {
            format: FORMAT.to_owned(),
            version: 1,
            exported_at,
            data,
            outbox,
        }
    }

    /// Reads a backup file, refusing anything that is not one.
    pub fn parse(text: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|err| format!("not a Revisit backup: {err}"))?;
        Self::from_value(value)
    }

    /// Reads a backup's JSON, a backup written before users had ids included (its
    /// names become ids: [`legacy::name_users_in_backup`]).
    pub fn from_value(mut value: serde_json::Value) -> Result<Self, String> {
        legacy::name_users_in_backup(&mut value);
        let backup: Backup =
            serde_json::from_value(value).map_err(|err| format!("not a Revisit backup: {err}"))?;
        backup.check()
    }

    /// Refuses a decoded file that is not a backup this app can read.
    pub fn check(self) -> Result<Self, String> {
        let backup = self;
        if backup.format != FORMAT {
            return Err(format!("not a Revisit backup (format {:?})", backup.format));
        }
        if backup.version != 1 {
            return Err(format!(
                "backup version {} is newer than this app",
                backup.version
            ));
        }
        // Nothing of a file with a record that breaks its rules is taken.
        backup
            .data
            .validate_each()
            .map_err(|err| format!("the backup holds a bad record: {err}"))?;
        for m in &backup.outbox {
            if let Some(Err(err)) = m.change.record().map(Record::validate) {
                return Err(format!("the backup holds a bad unsent edit: {err}"));
            }
        }
        Ok(backup)
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeReport {
    /// Records the device did not have.
    pub added: usize,
    /// Records the device already had, identical.
    pub unchanged: usize,
    /// Records the device had in another form: the device's copy was kept.
    pub kept_local: usize,
    /// Unsent edits from the backup queued again.
    pub requeued: usize,
}

/// Splits a backup against the device's data: the records to add, the edits to
/// queue again, and the report.
pub fn merge(
    local: &DataSet,
    local_outbox: &[Mutation],
    backup: &Backup,
) -> (DataSet, Vec<Mutation>, MergeReport) {
    // Every kind by its key; photos' records without their images (those stay on
    // the device that took them, and on the server once uploaded). Settings come
    // from the organisation: the backup's fills in only what the device lacks.
    let (add, counts) = local.lacking(&backup.data);
    let mut report = MergeReport {
        added: counts.added,
        unchanged: counts.unchanged,
        kept_local: counts.kept_local,
        requeued: 0,
    };
    // An unsent edit is the same edit if it changes the same record the same way.
    let queued: Vec<&Mutation> = local_outbox.iter().collect();
    let requeue: Vec<Mutation> = backup
        .outbox
        .iter()
        .filter(|m| {
            !queued
                .iter()
                .any(|q| q.record_id == m.record_id && q.change == m.change)
        })
        .map(|m| Mutation {
            id: None,
            ..m.clone()
        })
        .collect();
    report.requeued = requeue.len();
    (add, requeue, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::Customer;
    use crate::sync::Change;
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    fn time() -> DeviceTime {
        DeviceTime::new(Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap(), 480).unwrap()
    }

    fn customer(n: u128, name: &str) -> Customer {
        Customer::new(Uuid::from_u128(n), name).unwrap()
    }

    #[test]
    fn import_adds_what_is_missing_and_never_overwrites_the_device() {
        let local = DataSet {
            customers: vec![customer(1, "甲"), customer(2, "乙（本机修改）")],
            ..DataSet::default()
        };
        let backup = Backup::new(
            DataSet {
                customers: vec![customer(1, "甲"), customer(2, "乙"), customer(3, "丙")],
                ..DataSet::default()
            },
            vec![],
            time(),
        );
        let (add, requeue, report) = merge(&local, &[], &backup);
        assert_eq!(add.customers, vec![customer(3, "丙")]);
        assert!(requeue.is_empty());
        assert_eq!(
            report,
            MergeReport {
                added: 1,
                unchanged: 1,
                kept_local: 1,
                requeued: 0
            }
        );
    }

    #[test]
    fn photos_and_assignments_in_a_backup_are_restored() {
        let photo = crate::photo::tests::photo();
        let visit = crate::report::fixture::planned(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            crate::schedule::Status::Upcoming,
            None,
        );
        let assignment = crate::assignment::Assignment::new(
            &visit,
            crate::user::UserId::of_name("李工"),
            crate::user::UserId::of_name("王主管"),
            photo.taken_at,
        )
        .unwrap();
        let backup = Backup::new(
            DataSet {
                photos: vec![photo.clone()],
                assignments: vec![assignment.clone()],
                ..DataSet::default()
            },
            vec![],
            time(),
        );
        let (add, _, report) = merge(&DataSet::default(), &[], &backup);
        assert_eq!(add.photos, vec![photo]);
        assert_eq!(add.assignments, vec![assignment]);
        assert_eq!(report.added, 2);
    }

    #[test]
    fn a_backup_written_before_ids_is_read_with_its_names_as_ids() {
        use crate::user::UserId;
        let mut owned = customer(1, "甲");
        owned.owner = Some(UserId::of_name("张工"));
        let edit = Mutation::new(Change::put(owned.clone()), None, time());
        let mut value =
            serde_json::to_value(Backup::new(DataSet::default(), vec![edit], time())).unwrap();
        // As the app before ids wrote it: the owner by name, in the data and the outbox.
        value["data"]["customers"] = serde_json::json!([serde_json::to_value(&owned).unwrap()]);
        value["data"]["customers"][0]["owner"] = "张工".into();
        value["outbox"][0]["payload"]["owner"] = "张工".into();
        let backup = Backup::parse(&value.to_string()).expect("an old backup is read");
        assert_eq!(
            backup.data.customers[0].owner,
            Some(UserId::of_name("张工"))
        );
        assert_eq!(backup.data.user_name(UserId::of_name("张工")), "张工");
        let Change::Put(Record::Customer(queued)) = &backup.outbox[0].change else {
            panic!("a customer edit")
        };
        assert_eq!(queued.owner, Some(UserId::of_name("张工")));
    }

    #[test]
    fn unsent_edits_are_queued_again_once() {
        let edit = Mutation {
            id: Some(7),
            ..Mutation::new(Change::put(customer(3, "丙")), None, time())
        };
        let other = Mutation::new(Change::put(customer(4, "丁")), None, time());
        let backup = Backup::new(
            DataSet::default(),
            vec![edit.clone(), other.clone()],
            time(),
        );
        // The device still has the first edit queued: only the second comes back.
        let (_, requeue, report) = merge(&DataSet::default(), &[edit], &backup);
        assert_eq!(requeue, vec![other]);
        assert_eq!(report.requeued, 1);
        assert!(
            requeue.iter().all(|m| m.id.is_none()),
            "new ids come from the device's outbox"
        );
    }

    #[test]
    fn settings_and_templates_fill_in_only_what_the_device_lacks() {
        use crate::survey::default_template;
        let mut mine = default_template();
        mine.version = 2;
        let mut theirs_v2 = mine.clone();
        theirs_v2.title.zh = "备份里的第二版".into();
        let mut v3 = default_template();
        v3.version = 3;
        let backup = Backup::new(
            DataSet {
                settings: Some(crate::settings::Settings::default()),
                templates: vec![theirs_v2, v3.clone()],
                ..DataSet::default()
            },
            vec![],
            time(),
        );
        let device = DataSet {
            templates: vec![mine.clone()],
            ..DataSet::default()
        };
        let (add, _, report) = merge(&device, &[], &backup);
        assert!(add.settings.is_some(), "the device had no settings");
        assert_eq!(add.templates, vec![v3]);
        assert_eq!((report.added, report.kept_local), (2, 1));

        let configured = DataSet {
            settings: Some(crate::settings::Settings::default()),
            ..device
        };
        let (add, _, _) = merge(&configured, &[], &backup);
        assert_eq!(add.settings, None, "the device's settings are kept");
    }

    #[test]
    fn a_file_that_is_not_a_backup_is_refused() {
        assert!(Backup::parse("{}").is_err());
        assert!(Backup::parse("not json").is_err());
        let mut b = Backup::new(DataSet::default(), vec![], time());
        b.format = "something-else".into();
        assert!(Backup::parse(&serde_json::to_string(&b).unwrap())
            .unwrap_err()
            .contains("not a Revisit backup"));
        let ok = Backup::new(DataSet::default(), vec![], time());
        assert_eq!(
            Backup::parse(&serde_json::to_string(&ok).unwrap()).unwrap(),
            ok
        );
    }
}
