//! An issue raised by hand — a customer's phone call, letter or e-mail, a proposal
//! handed over, something said on a visit without a checklist — from what the
//! person typed to the issue, routed to its departments and due by the customer's
//! tier, counted from when it came in. A complaint or a proposal also brings the
//! event that plans its acknowledgement visit the same day (seed 000 §3: 投诉 and
//! 提案 are answered on the day), so nobody enters that event apart.
use crate::error::Invalid;
use crate::event::{Event, EventKind};
use crate::issue::register_steps::check_step;
use crate::issue::{due_time, route, Category, Issue, IssueStatus, Severity, Step};
use crate::proposal::ProposalArea;
use crate::received::{Channel, Received};
use crate::schedule::Reason;
use crate::settings::Settings;
use crate::tier::Tier;
use crate::types::DeviceTime;
use uuid::Uuid;

/// What is typed to raise an issue by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    pub customer_id: Uuid,
    pub installation_id: Option<Uuid>,
    /// The visit it was raised on, if any.
    pub visit_id: Option<Uuid>,
    pub category: Category,
    /// For a proposal: the area it concerns (decides its departments).
    pub proposal_area: Option<ProposalArea>,
    pub severity: Severity,
    pub channel: Channel,
    /// When it came in (now, unless typed later).
    pub received_at: DeviceTime,
    /// Who at the customer, and how to reach them.
    pub contact: String,
    /// One line: what it is about (the issue's title).
    pub summary: String,
    pub description: String,
}

/// The records an intake becomes.
#[derive(Debug, Clone, PartialEq)]
pub struct Raised {
    pub issue: Issue,
    /// The complaint's or the proposal's event: its acknowledgement visit.
    pub event: Option<Event>,
}

impl Intake {
    /// The issue `id`, recorded `now`, for a customer of `tier`; refused when the
    /// issue would break its rules (no summary, came in after now).
    pub fn raise(
        self,
        id: Uuid,
        now: DeviceTime,
        tier: Tier,
        settings: &Settings,
    ) -> Result<Raised, Invalid> {
        let response = settings.policy(tier).response;
        let issue = Issue {
            id,
            customer_id: self.customer_id,
            installation_id: self.installation_id,
            visit_id: self.visit_id,
            category: self.category,
            proposal_area: self
                .proposal_area
                .filter(|_| self.category == Category::Proposal),
            severity: self.severity,
            title: self.summary.trim().to_owned(),
            description: self.description.trim().to_owned(),
            departments: route(self.category, self.proposal_area),
            raised_at: now,
            due: due_time(self.received_at, response, &settings.calendar),
            status: IssueStatus::Recorded,
            history: Vec::new(),
            received: Some(Received {
                channel: self.channel,
                at: self.received_at,
                contact: self.contact.trim().to_owned(),
            }),
        };
        issue.validate()?;
        // Raised on a visit (said there, or a letter's complaint taken up on the
        // visit it planned), it is acknowledged there: no second visit for it.
        let acknowledged_by = match issue.category {
            _ if self.channel == Channel::Visit || self.visit_id.is_some() => None,
            Category::Complaint => Some(EventKind::Complaint),
            Category::Proposal => Some(EventKind::ProposalReceived),
            _ => None,
        };
        let event = acknowledged_by.map(|kind| Event {
            id: acknowledgement_id(id),
            customer_id: issue.customer_id,
            installation_id: issue.installation_id,
            kind,
            at: self.received_at,
            note: issue.title.clone(),
            action_id: None,
        });
        if let Some(event) = &event {
            event.validate()?;
        }
        Ok(Raised { issue, event })
    }
}

/// The id of the event that plans issue `issue`'s acknowledgement: the same on
/// every device, so saving twice never plans two visits.
pub fn acknowledgement_id(issue: Uuid) -> Uuid {
    Uuid::new_v5(&issue, b"acknowledgement")
}

/// What a visit done for `reasons` acknowledges: each complaint or proposal
/// raised by hand whose acknowledgement visit it is (its event among the
/// reasons), still open and not yet acknowledged, with the step that records the
/// customer was told when to expect an answer — a proposal's decision by its
/// target date (15 days), a complaint's handling by its due date. Taken with the
/// visit, so the register's "acknowledged" is the visit's time and technician.
pub fn acknowledged_on_visit(
    reasons: &[Reason],
    issues: &[Issue],
    settings: &Settings,
) -> Vec<(Uuid, Step)> {
    issues
        .iter()
        .filter(|issue| {
            reasons.iter().any(|r| {
                matches!(r, Reason::Event { event_id, .. } if *event_id == acknowledgement_id(issue.id))
            })
        })
        .filter(|issue| {
            !issue
                .history
                .iter()
                .any(|e| matches!(e.step, Step::Acknowledge { .. }))
        })
        .filter_map(|issue| {
            let expected_by = match issue.decision_deadline(&settings.proposals) {
                Some(deadline) => deadline.target,
                None => DeviceTime::new(issue.due, issue.raised_at.offset_minutes)
                    .ok()?
                    .local_date(),
            };
            let step = Step::Acknowledge {
                expected_by,
                note: String::new(),
            };
            check_step(issue, &step).ok()?;
            Some((issue.id, step))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::department::Department;
    use chrono::{TimeZone, Utc};

    fn at(day: u32, hour: u32) -> DeviceTime {
        DeviceTime::new(
            Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap(),
            480,
        )
        .unwrap()
    }

    fn intake(category: Category) -> Intake {
        Intake {
            customer_id: Uuid::from_u128(1),
            installation_id: Some(Uuid::from_u128(2)),
            visit_id: None,
            category,
            proposal_area: None,
            severity: Severity::High,
            channel: Channel::Phone,
            received_at: at(3, 1),
            contact: " 王经理 138 0000 0000 ".into(),
            summary: " 开关柜运行时有异响 ".into(),
            description: String::new(),
        }
    }

    #[test]
    fn a_phoned_complaint_is_routed_due_from_when_it_came_in_and_plans_its_acknowledgement() {
        let settings = Settings::default();
        let raised = intake(Category::Complaint)
            .raise(Uuid::from_u128(9), at(3, 2), Tier::Strategic, &settings)
            .unwrap();
        let issue = &raised.issue;
        assert_eq!(issue.title, "开关柜运行时有异响");
        assert_eq!(issue.status, IssueStatus::Recorded);
        assert_eq!(issue.departments, vec![Department::CustomerService]);
        let received = issue.received.as_ref().unwrap();
        assert_eq!(
            (received.channel, received.contact.as_str()),
            (Channel::Phone, "王经理 138 0000 0000")
        );
        // Strategic: 24 clock hours from the call (01:00 UTC), not from its entry.
        assert_eq!(
            issue.due,
            Utc.with_ymd_and_hms(2026, 12, 4, 1, 0, 0).unwrap()
        );
        let event = raised.event.expect("a complaint's acknowledgement");
        assert_eq!(event.kind, EventKind::Complaint);
        assert_eq!(
            (event.at, event.installation_id),
            (at(3, 1), Some(Uuid::from_u128(2)))
        );
        assert_eq!(event.id, acknowledgement_id(issue.id), "the same id twice");
    }

    #[test]
    fn a_proposal_is_acknowledged_too_and_other_categories_plan_nothing() {
        let settings = Settings::default();
        let raise = |category| {
            intake(category)
                .raise(Uuid::from_u128(9), at(3, 2), Tier::General, &settings)
                .unwrap()
        };
        let proposal = raise(Category::Proposal);
        assert_eq!(
            proposal.event.map(|e| e.kind),
            Some(EventKind::ProposalReceived)
        );
        for category in Category::ALL {
            if !matches!(category, Category::Complaint | Category::Proposal) {
                assert_eq!(raise(category).event, None, "{category:?}");
            }
        }
        let feedback = raise(Category::InformationFeedback);
        assert_eq!(
            feedback.issue.departments,
            vec![Department::CustomerService]
        );
        // Raised on a visit, a complaint is acknowledged there and then.
        let on_visit = Intake {
            channel: Channel::Visit,
            visit_id: Some(Uuid::from_u128(5)),
            ..intake(Category::Complaint)
        }
        .raise(Uuid::from_u128(9), at(3, 2), Tier::General, &settings)
        .unwrap();
        assert_eq!(on_visit.event, None);
        assert_eq!(on_visit.issue.visit_id, Some(Uuid::from_u128(5)));
        // A letter's complaint taken up on the visit it planned: acknowledged
        // there too, still counted as come in by letter.
        let letter = Intake {
            channel: Channel::Letter,
            visit_id: Some(Uuid::from_u128(5)),
            ..intake(Category::Complaint)
        }
        .raise(Uuid::from_u128(9), at(3, 2), Tier::General, &settings)
        .unwrap();
        assert_eq!(letter.event, None);
        assert_eq!(letter.issue.received.unwrap().channel, Channel::Letter);
    }

    #[test]
    fn no_summary_or_a_time_to_come_is_refused() {
        let settings = Settings::default();
        let untitled = Intake {
            summary: "  ".into(),
            ..intake(Category::Service)
        };
        let refused = untitled.raise(Uuid::from_u128(9), at(3, 2), Tier::Key, &settings);
        assert_eq!(refused.unwrap_err().field, "title");
        let ahead = Intake {
            received_at: at(4, 2),
            ..intake(Category::Service)
        };
        let refused = ahead.raise(Uuid::from_u128(9), at(3, 2), Tier::Key, &settings);
        assert_eq!(refused.unwrap_err().field, "received.at");
    }

    #[test]
    fn the_acknowledgement_visit_acknowledges_its_issue_once() {
        let settings = Settings::default();
        let raise = |category, id| {
            intake(category)
                .raise(Uuid::from_u128(id), at(3, 2), Tier::General, &settings)
                .unwrap()
        };
        let proposal = raise(Category::Proposal, 9);
        let complaint = raise(Category::Complaint, 10);
        let other = raise(Category::Service, 11);
        let reasons: Vec<Reason> = [&proposal, &complaint]
            .iter()
            .filter_map(|r| r.event.as_ref())
            .map(|e| Reason::Event {
                event_id: e.id,
                event: e.kind,
            })
            .collect();
        let issues = vec![proposal.issue.clone(), complaint.issue.clone(), other.issue];
        let steps = acknowledged_on_visit(&reasons, &issues, &settings);
        // The proposal came in on 3 Dec (local): its decision is expected 15
        // days on; the complaint by its due time's local date.
        let due_local = DeviceTime::new(complaint.issue.due, 480)
            .unwrap()
            .local_date();
        assert_eq!(
            steps,
            vec![
                (
                    Uuid::from_u128(9),
                    Step::Acknowledge {
                        expected_by: chrono::NaiveDate::from_ymd_opt(2026, 12, 18).unwrap(),
                        note: String::new()
                    }
                ),
                (
                    Uuid::from_u128(10),
                    Step::Acknowledge {
                        expected_by: due_local,
                        note: String::new()
                    }
                ),
            ]
        );
        // Once acknowledged (or on a visit for something else), nothing more.
        let mut acknowledged = proposal.issue.clone();
        acknowledged.history.push(crate::issue::IssueEvent {
            id: Uuid::from_u128(99),
            step: steps[0].1.clone(),
            by: None,
            at: at(3, 3),
        });
        assert!(acknowledged.validate().is_ok());
        assert!(acknowledged_on_visit(&reasons, &[acknowledged], &settings).is_empty());
        let routine = [Reason::Routine {
            tier: Tier::General,
        }];
        assert!(acknowledged_on_visit(&routine, &issues, &settings).is_empty());
    }
}
