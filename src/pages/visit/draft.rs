//! The visit form's state, saved as a draft on every change so it survives a
//! reload, an app kill or a dead battery; and what it becomes when saved.
use revisit_core::event::{Event, EventKind};
use revisit_core::intake::{acknowledgement_id, Intake};
use revisit_core::issue::{self, Category, Issue, IssueStatus, Severity};
use revisit_core::received::Channel;
use revisit_core::schedule::{PlannedVisit, Reason};
use revisit_core::settings::Settings;
use revisit_core::survey::{StageKey, SurveyTemplate};
use revisit_core::types::{DeviceTime, Rating};
use revisit_core::user::UserId;
use revisit_core::visit::{
    AnsweredBy, CheckIn, ChecklistAnswer, ContentType, Method, ServiceWanted, Signature, Visit,
    VisitResult, VisitStatus,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAnswer {
    pub ok: bool,
    /// For a "not OK" answer: raise an issue when the visit is saved (on by default).
    pub raise_issue: bool,
    /// For a "not OK" answer: what the technician saw, in their words — the
    /// raised issue's title and description, and the checklist answer's note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// For a "not OK" answer: how urgent the raised issue is (medium unless said).
    #[serde(default = "medium")]
    pub severity: Severity,
}

fn medium() -> Severity {
    Severity::Medium
}

impl ItemAnswer {
    pub fn ok() -> Self {
        Self {
            ok: true,
            raise_issue: false,
            note: String::new(),
            severity: Severity::Medium,
        }
    }

    /// "Not OK", raising an issue unless the technician unticks it.
    pub fn not_ok() -> Self {
        Self {
            ok: false,
            raise_issue: true,
            ..Self::ok()
        }
    }
}

/// Something the customer raised on the visit, to become an issue with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaisedOnVisit {
    pub category: Category,
    pub summary: String,
    /// How it came in when not said on the visit: a written complaint or a
    /// proposal the office recorded as an event, taken up on its visit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub came_in: Option<(Channel, DeviceTime)>,
}

impl Default for RaisedOnVisit {
    fn default() -> Self {
        Self {
            category: Category::ALL[0],
            summary: String::new(),
            came_in: None,
        }
    }
}

/// The complaints and proposals among a planned visit's events that no issue
/// holds yet (an issue raised by hand plans its own event, `acknowledgement_id`):
/// lines for the technician to confirm, with what the office wrote.
pub fn raised_from_events(
    planned: &PlannedVisit,
    events: &[Event],
    issues: &[Issue],
) -> Vec<RaisedOnVisit> {
    planned
        .reasons
        .iter()
        .filter_map(|r| match r {
            Reason::Event {
                event_id,
                event: EventKind::Complaint,
            } => Some((*event_id, Category::Complaint)),
            Reason::Event {
                event_id,
                event: EventKind::ProposalReceived,
            } => Some((*event_id, Category::Proposal)),
            _ => None,
        })
        .filter(|(id, _)| !issues.iter().any(|i| acknowledgement_id(i.id) == *id))
        .filter_map(|(id, category)| {
            let event = events.iter().find(|e| e.id == id)?;
            Some(RaisedOnVisit {
                category,
                summary: event.note.trim().to_owned(),
                came_in: Some((Channel::Letter, event.at)),
            })
        })
        .collect()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub product: Option<u8>,
    pub service: Option<u8>,
    pub method: Option<Method>,
    /// By `stage/item`.
    pub checklist: BTreeMap<String, ItemAnswer>,
    pub content_types: Vec<ContentType>,
    pub met: String,
    pub suggestions: String,
    pub wanted: ServiceWanted,
    /// Arrival on site, if the technician checked in.
    #[serde(default)]
    pub check_in: Option<CheckIn>,
    /// Departure, if the technician checked out.
    #[serde(default)]
    pub check_out: Option<CheckIn>,
    /// The customer's signature on the survey, if they signed.
    #[serde(default)]
    pub signature: Option<Signature>,
    /// The id the visit will be saved under, fixed by its first photo (whose
    /// subject it is).
    #[serde(default)]
    pub visit_id: Option<uuid::Uuid>,
    /// Photos taken on this visit: their images are on the device already, their
    /// records are saved with the visit.
    #[serde(default)]
    pub photos: Vec<revisit_core::photo::Photo>,
    /// What the customer raised (complaints, questions, proposals, needs).
    #[serde(default)]
    pub raised: Vec<RaisedOnVisit>,
    /// Who gave the survey's answers: the customer, once they submitted them in
    /// customer mode (the technician changing a rating after makes them theirs).
    #[serde(default)]
    pub answered_by: AnsweredBy,
}

pub fn item_key(stage: StageKey, item: &str) -> String {
    format!("{stage:?}/{item}")
}

/// The draft's key in the device store.
pub fn draft_key(visit: &PlannedVisit) -> String {
    format!("visit:{}", visit.key())
}

/// The key an earlier version saved this visit's draft under, when it differs:
/// recurring visits' keys gained their due date, and a draft begun before the
/// update must still open.
pub fn legacy_draft_key(visit: &PlannedVisit) -> Option<String> {
    let legacy = format!(
        "visit:{}:{}",
        visit.customer_id,
        visit.reasons.first()?.key()
    );
    (legacy != draft_key(visit)).then_some(legacy)
}

impl Draft {
    /// The id the visit will have, fixed now if it was not.
    pub fn visit_id(&mut self) -> uuid::Uuid {
        *self.visit_id.get_or_insert_with(crate::clock::new_id)
    }

    /// Marks every item of a stage's checklist OK (the one-tap "all fine").
    pub fn all_ok(&mut self, stage: StageKey, template: &SurveyTemplate) {
        if let Some(list) = template.checklist(stage) {
            for item in &list.items {
                self.checklist
                    .insert(item_key(stage, &item.key), ItemAnswer::ok());
            }
        }
    }

    pub fn toggle_content(&mut self, content: ContentType) {
        if let Some(at) = self.content_types.iter().position(|c| *c == content) {
            self.content_types.remove(at);
        } else {
            self.content_types.push(content);
        }
    }
}

/// The done visit and the issues its "not OK" answers raise. Ratings are required.
pub fn finish(
    draft: &Draft,
    planned: &PlannedVisit,
    template: &SurveyTemplate,
    settings: &Settings,
    now: DeviceTime,
    by: Option<UserId>,
) -> Option<(Visit, Vec<Issue>)> {
    let product_rating = Rating::parse(draft.product?).ok()?;
    let service_rating = Rating::parse(draft.service?).ok()?;
    let visit_id = draft.visit_id.unwrap_or_else(crate::clock::new_id);
    let response = settings.policy(planned.tier).response;
    let mut checklist = Vec::new();
    let mut issues = Vec::new();
    for stage in &planned.stages {
        let Some(list) = template.checklist(*stage) else {
            continue;
        };
        for item in &list.items {
            let Some(answer) = draft.checklist.get(&item_key(*stage, &item.key)) else {
                continue;
            };
            let note = answer.note.trim();
            checklist.push(ChecklistAnswer {
                stage: *stage,
                item: item.key.clone(),
                ok: answer.ok,
                note: (!answer.ok && !note.is_empty()).then(|| note.to_owned()),
            });
            if !answer.ok && answer.raise_issue {
                issues.push(Issue {
                    id: crate::clock::new_id(),
                    customer_id: planned.customer_id,
                    installation_id: planned.installation_ids.first().copied(),
                    visit_id: Some(visit_id),
                    category: item.category,
                    proposal_area: None,
                    severity: answer.severity,
                    title: issue::checklist_title(&item.text.zh, note),
                    description: if note.is_empty() {
                        format!("{} — {}", item.text.zh, item.text.en)
                    } else {
                        format!("{}\n\n{} — {}", note, item.text.zh, item.text.en)
                    },
                    departments: issue::route(item.category, None),
                    raised_at: now,
                    due: issue::due_time(now, response, &settings.calendar),
                    status: IssueStatus::Recorded,
                    history: vec![],
                    received: None,
                });
            }
        }
    }
    // What the customer raised: an issue each (a line left empty is no issue).
    for raised in draft.raised.iter().filter(|r| !r.summary.trim().is_empty()) {
        let intake = Intake {
            customer_id: planned.customer_id,
            installation_id: planned.installation_ids.first().copied(),
            visit_id: Some(visit_id),
            category: raised.category,
            proposal_area: None,
            severity: Severity::Medium,
            channel: raised
                .came_in
                .map_or(Channel::Visit, |(channel, _)| channel),
            // Never after now (an event dated ahead would refuse the issue).
            received_at: raised
                .came_in
                .map_or(now, |(_, at)| if at.utc <= now.utc { at } else { now }),
            contact: draft.met.clone(),
            summary: raised.summary.clone(),
            description: String::new(),
        };
        let raised = intake
            .raise(crate::clock::new_id(), now, planned.tier, settings)
            .ok()?;
        issues.push(raised.issue);
    }
    let visit = Visit {
        id: visit_id,
        customer_id: planned.customer_id,
        installation_id: planned.installation_ids.first().copied(),
        status: VisitStatus::Done,
        planned_date: Some(planned.due),
        assignee: by,
        result: Some(VisitResult {
            completed_at: now,
            method: draft.method.unwrap_or(planned.method),
            met: draft.met.trim().to_owned(),
            product_rating,
            service_rating,
            checklist,
            content_types: draft.content_types.clone(),
            suggestions: draft.suggestions.trim().to_owned(),
            wanted: draft.wanted,
            issue_ids: issues.iter().map(|i| i.id).collect(),
            notes: String::new(),
            template_version: template.version,
            check_in: draft.check_in,
            check_out: draft.check_out,
            signature: draft.signature.clone(),
            answered_by: draft.answered_by,
        }),
    };
    Some((visit, issues))
}
