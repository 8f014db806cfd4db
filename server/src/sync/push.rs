//! Applying a push: one database transaction for the whole batch, so either every
//! mutation is applied or none is. Mutations the device sent before (a retry
//! after a lost answer) are skipped by id.
use super::decide::{decide, Decided};
use super::known::{Current, Known};
use super::pending::{LogRow, Pending, RecordRow};
use super::{scope, signed, unsigned};
use crate::accounts::{timestamp, Device};
use crate::db::Database;
use crate::db::WriteTx;
use crate::error::ApiError;
use revisit_core::error::Invalid;
use revisit_core::issue::{Issue, IssueEvent, IssueStatus};
use revisit_core::sync::merge::{merge_fields, FieldConflict};
use revisit_core::sync::protocol::ErrorCode;
use revisit_core::sync::protocol::{
    Conflict, PushRequest, PushResponse, Record, RecordKind, Skipped,
};
use revisit_core::sync::{Change, Mutation};
use revisit_core::tier::TierOverride;
use revisit_core::user::UserId;
use serde_json::{Map, Value};
use std::collections::HashMap;
use uuid::Uuid;

pub async fn push(
    db: &Database,
    device: &Device,
    request: &PushRequest,
) -> Result<PushResponse, ApiError> {
    let mut tx = db.begin_write().await?;
    // The first statement writes: SQLite takes its write lock here (waiting up to
    // the busy timeout), PostgreSQL locks this device's row.
    let last: i64 = sqlx::query_scalar(
        "UPDATE devices SET last_seen_at = $1 WHERE client_id = $2 RETURNING last_mutation_id",
    )
    .bind(timestamp(crate::clock::now()))
    .bind(device.client_id.to_string())
    .fetch_one(&mut *tx)
    .await?;
    let mut writer = Writer::start(tx, device).await?;
    let mut last_applied = unsigned(last);
    let fresh = request
        .mutations
        .iter()
        .filter(|m| m.id.unwrap_or_default() > last_applied);
    writer.known.prefetch(&mut writer.tx, fresh).await?;
    for m in &request.mutations {
        let id = m.id.unwrap_or_default();
        if id <= last_applied {
            continue; // applied before: a retry changes nothing
        }
        let outcome = writer.apply(m).await?;
        writer.log(m, outcome)?;
        last_applied = id;
    }
    let (mut tx, conflicts, skipped) = writer.finish().await?;
    sqlx::query("UPDATE devices SET last_mutation_id = $1 WHERE client_id = $2")
        .bind(signed(last_applied)?)
        .bind(device.client_id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(PushResponse {
        last_mutation_id: last_applied,
        conflicts,
        skipped,
    })
}

/// Writes `records` as the admin's word (an import): each as its next version, in
/// one transaction, without scope checks or conflicts. Returns the last version.
pub async fn import(db: &Database, records: &[Record]) -> Result<u64, ApiError> {
    let (tx, version) = import_in(db.begin_write().await?, records).await?;
    tx.commit().await?;
    Ok(version)
}

/// The same inside `tx`, which the caller commits with what else it wrote there
/// (a survey link marked answered with the visit its answer changes).
pub async fn import_in(tx: WriteTx, records: &[Record]) -> Result<(WriteTx, u64), ApiError> {
    let importer = Device {
        client_id: Uuid::nil(),
        user: crate::accounts::User {
            id: UserId::from_uuid(Uuid::nil()),
            login: "import".into(),
            name: "import".into(),
            role: crate::accounts::Role::Admin,
            department: None,
        },
    };
    let mut writer = Writer::start(tx, &importer).await?;
    for record in records {
        writer.write(record).await?;
    }
    let version = writer.version;
    let (tx, _, _) = writer.finish().await?;
    Ok((tx, version))
}

struct Writer<'d> {
    tx: WriteTx,
    /// The last version taken; each write takes the next.
    version: u64,
    device: &'d Device,
    /// The rows this push reads, loaded up front.
    known: Known,
    /// The rows it writes, sent in a few statements.
    pending: Pending,
    /// What this push's device last sent of each customer or installation it edits.
    own: HashMap<(RecordKind, String), Value>,
    now: String,
    conflicts: Vec<Conflict>,
    skipped: Vec<Skipped>,
}

/// What became of a mutation, for the audit log.
#[derive(Clone, Copy)]
enum Outcome {
    Applied,
    Merged,
    Conflict,
    Skipped,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Merged => "merged",
            Outcome::Conflict => "conflict",
            Outcome::Skipped => "skipped",
        }
    }
}

fn decode<T: serde::de::DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    serde_json::from_value(body)
        .map_err(|err| ApiError::Internal(format!("a stored record does not decode: {err}")))
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(o) => o,
        _ => Map::new(),
    }
}

impl<'d> Writer<'d> {
    /// Locks the version counter until `tx` commits: versions become visible in
    /// order, so a pull's cursor never skips a write that commits later.
    async fn start(mut tx: WriteTx, device: &'d Device) -> Result<Self, ApiError> {
        let version: i64 = sqlx::query_scalar(
            "UPDATE counters SET value = value WHERE name = 'version' RETURNING value",
        )
        .fetch_one(&mut *tx)
        .await?;
        Ok(Self {
            tx,
            version: unsigned(version),
            device,
            known: Known::default(),
            pending: Pending::default(),
            own: HashMap::new(),
            now: timestamp(crate::clock::now()),
            conflicts: Vec::new(),
            skipped: Vec::new(),
        })
    }

    /// Stores the last version taken; the transaction, still open, and what the
    /// writes reported.
    async fn finish(mut self) -> Result<(WriteTx, Vec<Conflict>, Vec<Skipped>), ApiError> {
        self.pending.flush(&mut self.tx).await?;
        sqlx::query("UPDATE counters SET value = $1 WHERE name = 'version'")
            .bind(signed(self.version)?)
            .execute(&mut *self.tx)
            .await?;
        Ok((self.tx, self.conflicts, self.skipped))
    }

    async fn apply(&mut self, m: &Mutation) -> Result<Outcome, ApiError> {
        let id = m.id.unwrap_or_default();
        if let Change::IssueStep { issue_id, event } = &m.change {
            let key = issue_id.to_string();
            let current = self
                .current(RecordKind::Issue, &key)
                .await?
                .ok_or_else(|| {
                    ApiError::Unprocessable(format!(
                        "mutation {id}: no issue {issue_id} on the server"
                    ))
                })?;
            let mut issue: Issue = decode(current.body)?;
            let mut record = Record::Issue(issue.clone());
            self.admit(&mut record, None).await?;
            return Ok(match self.signed(event).and_then(|e| issue.apply(e)) {
                Ok(()) => {
                    self.write(&Record::Issue(issue)).await?;
                    Outcome::Applied
                }
                Err(err) => {
                    self.skip(id, RecordKind::Issue, &key, err.to_string())
                        .await?
                }
            });
        }
        let Some(mut record) = m.change.record().cloned() else {
            return Ok(Outcome::Skipped);
        };
        let (kind, key) = (record.kind(), record.id());
        let current = self.current(kind, &key).await?;
        let current_customer = current.as_ref().and_then(|c| c.customer_id);
        self.admit(&mut record, current_customer).await?;
        let plan_of = match &record {
            Record::TaskReport(report) => {
                let plan = report.plan_id.to_string();
                self.current(RecordKind::MaintenancePlan, &plan).await?
            }
            _ => None,
        };
        let user = &self.device.user;
        let body = current.as_ref().map(|c| &c.body);
        if let Decided::Skip(reason) =
            decide(user, &mut record, body, plan_of.as_ref().map(|p| &p.body))?
        {
            return self.skip(id, kind, &key, reason).await;
        }
        self.stamp(id, &mut record, current.as_ref())?;
        if let Record::Photo(photo) = &record {
            // The image was checked against this record: it may not change now.
            if let Some(stored) = crate::photos::stored(&mut *self.tx, photo.id).await? {
                if !stored.matches(photo) {
                    return Err(ApiError::Conflict(format!(
                        "mutation {id}: photo {}'s image is stored ({} bytes, {}, SHA-256 {}): \
                         its bytes, media_type and sha256 can no longer change",
                        photo.id, stored.bytes, stored.media_type, stored.sha256
                    )));
                }
            }
        }
        let Some(current) = current else {
            if kind.is_mutable() {
                self.own.insert((kind, key.clone()), record.body());
            }
            self.write(&record).await?;
            return Ok(Outcome::Applied);
        };
        if let Some(base) = m.base_version {
            if base > current.version {
                return Err(ApiError::bad(
                    ErrorCode::BadMutation,
                    format!(
                        "mutation {id}: base version {base} is newer than the server's {}",
                        current.version
                    ),
                ));
            }
        }
        match record {
            Record::Issue(mine) => {
                // An issue is raised once; what grows is its history.
                let mut theirs: Issue = decode(current.body)?;
                let mut outcome = Outcome::Applied;
                for event in &mine.history {
                    if let Err(err) = self.signed(event).and_then(|e| theirs.apply(e)) {
                        outcome = self.skip(id, kind, &key, err.to_string()).await?;
                    }
                }
                self.write(&Record::Issue(theirs)).await?;
                Ok(outcome)
            }
            record if kind.is_mutable() => self.merge(m, record, current).await,
            // Visits and events are written by one device: the latest write stands.
            record => {
                self.write(&record).await?;
                Ok(Outcome::Applied)
            }
        }
    }

    /// An edit of a customer or installation, merged field by field when it was
    /// based on an older version than the server's.
    async fn merge(
        &mut self,
        m: &Mutation,
        record: Record,
        current: Current,
    ) -> Result<Outcome, ApiError> {
        let (kind, key) = (record.kind(), record.id());
        if let Some(base) = m.base_version {
            // An edit made after seeing `base` settles the conflicts raised up to it.
            sqlx::query(
                "UPDATE conflicts SET resolved_at = $1
                 WHERE kind = $2 AND record_id = $3 AND version <= $4 AND resolved_at IS NULL",
            )
            .bind(&self.now)
            .bind(kind.as_str())
            .bind(&key)
            .bind(signed(base)?)
            .execute(&mut *self.tx)
            .await?;
        }
        let mine = object(record.body());
        // A later edit of a record this device sent earlier in the same push was made
        // on top of that edit, whatever older base it could name offline.
        let own = self
            .own
            .insert((kind, key.clone()), Value::Object(mine.clone()));
        if own.is_none() && m.base_version == Some(current.version) {
            self.write(&record).await?;
            return Ok(Outcome::Applied);
        }
        let base = match (own, m.base_version) {
            (Some(own), _) => Some(object(own)),
            (None, Some(base)) => self.body_at(kind, &key, base).await?.map(object),
            (None, None) => None,
        };
        let theirs = object(current.body);
        let merge = merge_fields(base.as_ref(), &mine, &theirs);
        let (merged, conflicts) = match Record::from_body(kind, Value::Object(merge.merged)) {
            Ok(merged) if merged.validate().is_ok() => (merged, merge.conflicts),
            // Each side valid, the mix not (dates out of order…): keep theirs whole,
            // and every field I changed is for the user to decide.
            _ => (
                Record::from_body(kind, Value::Object(theirs.clone()))
                    .map_err(|e| ApiError::Internal(e.to_string()))?,
                merge_fields(None, &mine, &theirs).conflicts,
            ),
        };
        let version = self.write(&merged).await?;
        if conflicts.is_empty() {
            return Ok(Outcome::Merged);
        }
        for field in conflicts {
            self.conflict(m, kind, &key, field, version).await?;
        }
        Ok(Outcome::Conflict)
    }

    /// What the server, not the body, says: who overrode a tier (and that only a
    /// supervisor or above may — a technician's copy keeps the server's override),
    /// who handed a visit on, and that a new issue starts at its first status and
    /// reaches the one it claims only through its steps, taken by this user.
    fn stamp(
        &mut self,
        id: u64,
        record: &mut Record,
        current: Option<&Current>,
    ) -> Result<(), ApiError> {
        let user = self.device.user.clone();
        match record {
            Record::Customer(customer) => {
                let stored = current
                    .and_then(|c| c.body.get("tier_override"))
                    .filter(|o| !o.is_null())
                    .and_then(|o| serde_json::from_value::<TierOverride>(o.clone()).ok());
                if !user.role.supervises() {
                    customer.tier_override = stored;
                } else if let Some(new) = &mut customer.tier_override {
                    let same = stored
                        .as_ref()
                        .is_some_and(|old| old.tier == new.tier && old.reason == new.reason);
                    new.by = match stored {
                        Some(old) if same => old.by,
                        _ => Some(user.id),
                    };
                }
            }
            Record::Assignment(assignment) => assignment.assigned_by = user.id,
            Record::Action(action) => {
                let before = current.and_then(|c| serde_json::from_value(c.body.clone()).ok());
                action.sign(user.id, before.as_ref());
            }
            Record::Issue(issue) if current.is_none() => {
                let claimed = issue.status;
                let steps = std::mem::take(&mut issue.history);
                issue.status = IssueStatus::Recorded;
                for event in &steps {
                    // A step the user's role no longer allows (taken offline
                    // before a change of role) is left out and reported; the
                    // rest of the issue stands.
                    if let Err(refused) = event.step.allowed_to(user.role) {
                        self.skipped.push(Skipped {
                            mutation_id: id,
                            reason: format!("issue {}: {refused}", issue.id),
                        });
                        continue;
                    }
                    self.signed(event)
                        .and_then(|e| issue.apply(e))
                        .map_err(|err| {
                            ApiError::Unprocessable(format!(
                                "mutation {id}: issue {}: {err}",
                                issue.id
                            ))
                        })?;
                }
                if issue.status != claimed {
                    return Err(ApiError::Unprocessable(format!(
                        "mutation {id}: issue {} claims to be {claimed:?}, but an issue starts recorded \
                         and its steps lead to {:?}",
                        issue.id, issue.status
                    )));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// An issue's step as the server records it: taken by who is signed in,
    /// whatever the body says, and only if their role allows it.
    fn signed(&self, event: &IssueEvent) -> Result<IssueEvent, Invalid> {
        let user = &self.device.user;
        event.step.allowed_to(user.role)?;
        Ok(IssueEvent {
            by: Some(user.id),
            ..event.clone()
        })
    }

    async fn current(&mut self, kind: RecordKind, id: &str) -> Result<Option<Current>, ApiError> {
        self.known.current(&mut self.tx, kind, id).await
    }

    /// Refuses what the device's user may not write (see [`scope::admit`]).
    async fn admit(
        &mut self,
        record: &mut Record,
        current_customer: Option<Uuid>,
    ) -> Result<(), ApiError> {
        let customers = scope::customers_of(record, current_customer);
        self.known.load_owners(&mut self.tx, &customers).await?;
        // Only a technician writing for a customer not theirs needs their
        // assignments (one query, skipped by the common push).
        let user = &self.device.user;
        let foreign = customers.iter().any(|id| {
            self.known
                .owner(*id)
                .is_some_and(|owner| owner != Some(user.id))
        });
        if !user.role.sees_all() && foreign {
            self.known.load_assigned(&mut self.tx, user.id).await?;
        }
        let known = &self.known;
        scope::admit(
            &self.device.user,
            record,
            current_customer,
            |id| known.owner(id),
            |id| known.is_assigned(id),
        )
    }

    async fn body_at(
        &mut self,
        kind: RecordKind,
        id: &str,
        version: u64,
    ) -> Result<Option<Value>, ApiError> {
        self.pending.flush(&mut self.tx).await?;
        let body: Option<String> = sqlx::query_scalar(
            "SELECT body FROM record_versions WHERE kind = $1 AND id = $2 AND version = $3",
        )
        .bind(kind.as_str())
        .bind(id)
        .bind(signed(version)?)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(body.and_then(|b| serde_json::from_str(&b).ok()))
    }

    /// Writes `record` as its next version. A customer whose owner changed brings
    /// its records along, so the new owner's devices pull them; so does a visit
    /// handed to someone new (the assignment's `owner` column is its assignee).
    async fn write(&mut self, record: &Record) -> Result<u64, ApiError> {
        let (kind, key) = (record.kind(), record.id());
        let owner = match record {
            Record::Customer(c) => c.owner,
            Record::Assignment(a) => Some(a.assignee),
            _ => None,
        };
        // `Some(previous)` when the write may move the customer into someone's scope.
        let previous_owner = match record {
            Record::Customer(c) => {
                self.known.load_owners(&mut self.tx, &[c.id]).await?;
                self.known.owner(c.id)
            }
            Record::Assignment(a) => Some(self.assignee_of(&a.id.to_string()).await?),
            _ => None,
        };
        self.version += 1;
        let value = record.body();
        let body =
            serde_json::to_string(&value).map_err(|err| ApiError::Internal(err.to_string()))?;
        self.pending.record(RecordRow {
            kind: kind.as_str(),
            id: key.clone(),
            customer_id: record.customer_id().map(|c| c.to_string()),
            owner: owner.map(|id| id.to_string()),
            version: self.version,
            body,
            keep_version: kind.is_mutable(),
        });
        let version = self.version;
        self.known.wrote(record, version, value);
        if let Some(previous) = previous_owner {
            if previous != owner {
                match record {
                    Record::Assignment(a) => {
                        self.bring_along(&a.customer_id.to_string(), true).await?
                    }
                    _ => self.bring_along(&key, false).await?,
                }
            }
        }
        Ok(version)
    }

    /// The assignee an assignment has on the server now (`None`: no such row).
    async fn assignee_of(&mut self, id: &str) -> Result<Option<UserId>, ApiError> {
        Ok(self
            .current(RecordKind::Assignment, id)
            .await?
            .and_then(|row| UserId::parse(row.body.get("assignee")?.as_str()?)))
    }

    /// Gives every record of customer `id` a new version (the customer's own row
    /// too, with `with_customer`: its file was never in the new reader's scope).
    async fn bring_along(&mut self, customer: &str, with_customer: bool) -> Result<(), ApiError> {
        self.pending.flush(&mut self.tx).await?;
        let sql = if with_customer {
            "SELECT kind, id FROM records WHERE customer_id = $1 ORDER BY version"
        } else {
            "SELECT kind, id FROM records WHERE customer_id = $1 AND kind <> 'customer' ORDER BY version"
        };
        let rows: Vec<(String, String)> = sqlx::query_as(sql)
            .bind(customer)
            .fetch_all(&mut *self.tx)
            .await?;
        for (kind, id) in rows {
            self.touch(&kind, &id).await?;
        }
        Ok(())
    }

    /// A new version with the same body: devices pull the record again.
    async fn touch(&mut self, kind: &str, id: &str) -> Result<(), ApiError> {
        self.pending.flush(&mut self.tx).await?;
        self.version += 1;
        sqlx::query("UPDATE records SET version = $1 WHERE kind = $2 AND id = $3")
            .bind(signed(self.version)?)
            .bind(kind)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        let Some(kind) = RecordKind::parse(kind) else {
            return Ok(());
        };
        if kind.is_mutable() {
            // The new version is a base a device's next edit names: keep its body,
            // or that edit would be merged against nothing and conflict throughout.
            sqlx::query(
                "INSERT INTO record_versions (kind, id, version, body)
                 SELECT kind, id, version, body FROM records WHERE kind = $1 AND id = $2",
            )
            .bind(kind.as_str())
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        }
        self.known.touched(kind, id, self.version);
        Ok(())
    }

    /// A mutation that cannot apply any more (a step someone else took first):
    /// kept in the log, reported, and the record is sent back to the device.
    async fn skip(
        &mut self,
        mutation_id: u64,
        kind: RecordKind,
        key: &str,
        reason: String,
    ) -> Result<Outcome, ApiError> {
        self.touch(kind.as_str(), key).await?;
        self.skipped.push(Skipped {
            mutation_id,
            reason,
        });
        Ok(Outcome::Skipped)
    }

    async fn conflict(
        &mut self,
        m: &Mutation,
        kind: RecordKind,
        key: &str,
        field: FieldConflict,
        version: u64,
    ) -> Result<(), ApiError> {
        let conflict = Conflict {
            id: Uuid::new_v4(),
            kind,
            record_id: key.to_owned(),
            field: field.field,
            base: field.base,
            mine: field.mine,
            theirs: field.theirs,
            version,
            client_id: self.device.client_id,
            mutation_id: m.id.unwrap_or_default(),
        };
        let text = |v: &Value| v.to_string();
        sqlx::query(
            "INSERT INTO conflicts (id, client_id, mutation_id, kind, record_id, field, base, mine, theirs, version, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(conflict.id.to_string())
        .bind(conflict.client_id.to_string())
        .bind(signed(conflict.mutation_id)?)
        .bind(kind.as_str())
        .bind(key)
        .bind(&conflict.field)
        .bind(conflict.base.as_ref().map(text))
        .bind(text(&conflict.mine))
        .bind(text(&conflict.theirs))
        .bind(signed(version)?)
        .bind(&self.now)
        .execute(&mut *self.tx)
        .await?;
        self.conflicts.push(conflict);
        Ok(())
    }

    /// The mutation as received, with what became of it.
    fn log(&mut self, m: &Mutation, outcome: Outcome) -> Result<(), ApiError> {
        self.pending.log(LogRow {
            client_id: self.device.client_id.to_string(),
            id: m.id.unwrap_or_default(),
            user_id: self.device.user.id.to_string(),
            kind: m.change.kind().as_str(),
            record_id: m.record_id.to_string(),
            body: serde_json::to_string(m).map_err(|err| ApiError::Internal(err.to_string()))?,
            device_time: timestamp(m.device_time.utc),
            applied_at: self.now.clone(),
            outcome: outcome.as_str(),
        });
        Ok(())
    }
}
