//! Hand-counted customers, one rule edge each.
use super::*;
use crate::issue::{route, IssueEvent, Severity, Step};
use crate::proposal::Grade;
use crate::received::{Channel, Received};
use crate::types::DeviceTime;
use chrono::{Duration, NaiveDate};

#[derive(Clone, Copy)]
enum Decided {
    Adopted,
    OnHold,
    NotAdopted,
    Undecided,
    Withdrawn,
}

/// Customer `customer`'s proposal `n`, come in on `y-m-d`, decided so.
fn proposal(customer: u128, n: u128, (y, m, d): (i32, u32, u32), decided: Decided) -> Issue {
    let local = NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    let on = DeviceTime::new(local.and_utc() - Duration::hours(8), 480).unwrap();
    let mut issue = Issue {
        id: Uuid::from_u128(customer * 100 + n),
        customer_id: Uuid::from_u128(customer),
        installation_id: None,
        visit_id: None,
        category: Category::Proposal,
        proposal_area: None,
        severity: Severity::Low,
        title: format!("提案 {n}"),
        description: String::new(),
        departments: route(Category::Proposal, None),
        raised_at: on,
        due: on.utc + Duration::days(1),
        status: IssueStatus::Recorded,
        history: Vec::new(),
        received: Some(Received {
            channel: Channel::Email,
            at: on,
            contact: String::new(),
        }),
    };
    let reason = "评审意见".to_owned();
    let outcome = match decided {
        Decided::Adopted => Some(Outcome::Adopted {
            grade: Some(Grade::C),
            value: None,
            reason,
        }),
        Decided::OnHold => Some(Outcome::OnHold { reason }),
        Decided::NotAdopted => Some(Outcome::NotAdopted { reason }),
        Decided::Undecided | Decided::Withdrawn => None,
    };
    let mut steps = vec![Step::StartHandling];
    if let Some(outcome) = outcome {
        steps.push(Step::GiveFeedback {
            resolution: "已告知客户".into(),
            outcome: Some(outcome),
        });
    }
    if let Decided::Withdrawn = decided {
        steps.push(Step::Withdraw {
            reason: "客户撤回".into(),
        });
    }
    for (i, step) in steps.into_iter().enumerate() {
        issue
            .apply(IssueEvent {
                id: Uuid::from_u128(issue.id.as_u128() * 10 + i as u128),
                step,
                by: None,
                at: on,
            })
            .unwrap();
    }
    issue
}

fn due_of(rows: &[Encouraged], customer: u128) -> Option<Encouragement> {
    rows.iter()
        .find(|r| r.customer_id == Uuid::from_u128(customer))
        .map(|r| r.encouragement)
}

#[test]
fn the_encouragement_rules_at_their_edges() {
    use Decided::*;
    let s = ProposalSettings::default();
    let award = Some(Encouragement::Award(Cny(300)));
    let souvenir = Some(Encouragement::SouvenirAndLetter);
    let issues = [
        // 1: three in 2026, none adopted → the award.
        proposal(1, 1, (2026, 1, 5), NotAdopted),
        proposal(1, 2, (2026, 6, 1), NotAdopted),
        proposal(1, 3, (2026, 12, 31), NotAdopted),
        // 2: two in 2026 and one on 31 Dec 2025: two in the year → a souvenir.
        proposal(2, 1, (2025, 12, 31), NotAdopted),
        proposal(2, 2, (2026, 1, 1), NotAdopted),
        proposal(2, 3, (2026, 3, 1), NotAdopted),
        // 3: two, one kept on hold → the award.
        proposal(3, 1, (2026, 2, 1), OnHold),
        proposal(3, 2, (2026, 4, 1), NotAdopted),
        // 4: one, on hold: neither rule, nothing not adopted → not listed.
        proposal(4, 1, (2026, 2, 1), OnHold),
        // 5: three, one adopted, no hold → a souvenir for the two not adopted.
        proposal(5, 1, (2026, 2, 1), NotAdopted),
        proposal(5, 2, (2026, 3, 1), NotAdopted),
        proposal(5, 3, (2026, 4, 1), Adopted),
        // 6: three not adopted and one undecided: due once it is not adopted.
        proposal(6, 1, (2026, 2, 1), NotAdopted),
        proposal(6, 2, (2026, 3, 1), NotAdopted),
        proposal(6, 3, (2026, 4, 1), NotAdopted),
        proposal(6, 4, (2026, 11, 1), Undecided),
        // 7: one adopted and one on hold: two made, one on hold → the award.
        proposal(7, 1, (2026, 2, 1), Adopted),
        proposal(7, 2, (2026, 3, 1), OnHold),
        // 8: two not adopted and one withdrawn (not counted) → a souvenir.
        proposal(8, 1, (2026, 2, 1), NotAdopted),
        proposal(8, 2, (2026, 3, 1), NotAdopted),
        proposal(8, 3, (2026, 4, 1), Withdrawn),
        // 9: only adopted → not listed.
        proposal(9, 1, (2026, 2, 1), Adopted),
    ];
    let rows = encouragement(&issues, 2026, &s);
    assert_eq!(due_of(&rows, 1), award);
    assert_eq!(due_of(&rows, 2), souvenir);
    assert_eq!(due_of(&rows, 3), award);
    assert_eq!(due_of(&rows, 4), None);
    assert_eq!(due_of(&rows, 5), souvenir);
    assert_eq!(due_of(&rows, 6), Some(Encouragement::AwaitingDecision));
    assert_eq!(due_of(&rows, 7), award);
    assert_eq!(due_of(&rows, 8), souvenir);
    assert_eq!(due_of(&rows, 9), None);
    assert_eq!(rows.len(), 7);
    let order: Vec<u128> = rows.iter().map(|r| r.customer_id.as_u128()).collect();
    assert_eq!(
        order,
        [1, 3, 7, 6, 2, 5, 8],
        "awards, then awaiting, then souvenirs"
    );
    assert_eq!(total_awarded(&rows), Cny(900));

    let two = rows
        .iter()
        .find(|r| r.customer_id == Uuid::from_u128(2))
        .unwrap();
    assert_eq!(two.made(), 2);
    assert_eq!(two.proposals, [Uuid::from_u128(202), Uuid::from_u128(203)]);
    let eight = rows
        .iter()
        .find(|r| r.customer_id == Uuid::from_u128(8))
        .unwrap();
    assert_eq!((eight.made(), eight.not_adopted), (2, 2));

    // 2025 sees customer 2's December proposal alone: a souvenir.
    let last_year = encouragement(&issues, 2025, &s);
    assert_eq!(last_year.len(), 1);
    assert_eq!(due_of(&last_year, 2), souvenir);
}

#[test]
fn the_counts_come_from_the_settings() {
    use Decided::*;
    let s = ProposalSettings {
        encouragement_unadopted: 2,
        encouragement: Cny(500),
        ..ProposalSettings::default()
    };
    let issues = [
        proposal(1, 1, (2026, 1, 5), NotAdopted),
        proposal(1, 2, (2026, 6, 1), NotAdopted),
    ];
    let rows = encouragement(&issues, 2026, &s);
    assert_eq!(due_of(&rows, 1), Some(Encouragement::Award(Cny(500))));
}
