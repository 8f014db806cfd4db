//! Approval by a chain of roles — one description for every record the office
//! approves (seed 002 §6(二): a maintenance plan drafted by the 客户关系主管, reviewed by
//! the 客户服务经理, approved by the 客户总监; seed 000 §5: the yearly and monthly visit
//! plans approved by top management). A draft is handed in by a supervisor or above;
//! each reviewer of its chain in turn passes it on — the last one approves — or
//! returns it with a comment, a draft again to be revised; an approved record may
//! be closed with its conclusion, where its kind closes at all.
//!
//! The decisions are an append-only list of steps, each signed by the server with
//! who is signed in; where a record stands is read from them ([`Chain::replay`]). The
//! server admits a new step only from the role it belongs to ([`Chain::admit`]).
use crate::error::Invalid;
use crate::evaluation::Recommendation;
use crate::types::DeviceTime;
use crate::user::{Role, UserId};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Who reviews, in order (the last approves), and whether an approved record is
/// closed at its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chain {
    /// The kind's name in messages (`maintenance_plan`).
    pub record: &'static str,
    pub reviewers: &'static [Role],
    pub closes: bool,
}

/// Where an approved record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Being written: new, or returned with a comment.
    Draft,
    /// Handed in, with the chain's reviewer at this place deciding.
    Review(usize),
    Approved,
    Closed,
}

/// One decision, externally tagged (`"submit"`, `{"return": {"comment": "…"}}`):
/// an internally tagged enum costs the app ~20 KB of buffering code to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// A supervisor hands the draft in.
    Submit,
    /// The reviewer deciding sends it back to be revised.
    Return { comment: String },
    /// A reviewer before the last passes it on.
    Pass {
        #[serde(default)]
        comment: String,
    },
    /// The last reviewer approves it.
    Approve {
        #[serde(default)]
        comment: String,
    },
    /// Evaluated at the end and closed.
    Close { conclusion: Conclusion },
}

/// What closing says: what was done and achieved, and what to do now with the
/// relationship (seed 002: 改善 / 维持 / 终止关系).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Conclusion {
    pub done: String,
    pub recommendation: Recommendation,
}

/// A step as taken: who (the server says, from the token) and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Taken {
    pub step: Step,
    #[serde(default)]
    pub by: Option<UserId>,
    pub at: DeviceTime,
}

/// Why a change of an approved record is not admitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not this role's to make (the server answers 403).
    NotYours(Invalid),
    /// Not now: the record has moved on since the change was made (left out and
    /// reported, like an issue step someone else took first).
    NotNow(Invalid),
}

impl Step {
    /// Its name on the wire (`submit`, `return`…): what markup and tests key on.
    pub fn key(&self) -> &'static str {
        match self {
            Step::Submit => "submit",
            Step::Return { .. } => "return",
            Step::Pass { .. } => "pass",
            Step::Approve { .. } => "approve",
            Step::Close { .. } => "close",
        }
    }

    fn verb(&self) -> &'static str {
        match self {
            Step::Submit => "hand in",
            Step::Return { .. } => "return",
            Step::Pass { .. } => "pass on",
            Step::Approve { .. } => "approve",
            Step::Close { .. } => "close",
        }
    }

    fn texts_given(&self, chain: &Chain) -> Result<(), Invalid> {
        match self {
            Step::Return { comment } if comment.trim().is_empty() => {
                Err(chain.invalid("say why it is returned"))
            }
            Step::Close { conclusion } if conclusion.done.trim().is_empty() => {
                Err(chain.invalid("say what was done before closing"))
            }
            _ => Ok(()),
        }
    }
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Draft => "a draft",
        Stage::Review(_) => "in review",
        Stage::Approved => "approved",
        Stage::Closed => "closed",
    }
}

impl Chain {
    fn invalid(&self, message: impl Into<String>) -> Invalid {
        Invalid::new(self.record, "steps", message)
    }

    /// Where `step` leads from `stage`, or why it cannot be taken there.
    pub fn next(&self, step: &Step, stage: Stage) -> Result<Stage, Invalid> {
        let last = self.reviewers.len().saturating_sub(1);
        let next = match (step, stage) {
            (Step::Submit, Stage::Draft) if !self.reviewers.is_empty() => Stage::Review(0),
            (Step::Return { .. }, Stage::Review(_)) => Stage::Draft,
            (Step::Pass { .. }, Stage::Review(i)) if i < last => Stage::Review(i + 1),
            (Step::Approve { .. }, Stage::Review(i)) if i == last => Stage::Approved,
            (Step::Close { .. }, Stage::Approved) if self.closes => Stage::Closed,
            _ => {
                return Err(self.invalid(format!(
                    "cannot {} when {}",
                    step.verb(),
                    stage_name(stage)
                )))
            }
        };
        Ok(next)
    }

    /// Whether `role` takes `step` at `stage`: a supervisor or above hands in and
    /// closes; the reviewer at the stage's place passes on, approves or returns.
    pub fn allowed(&self, step: &Step, stage: Stage, role: Role) -> Result<(), Invalid> {
        let allowed = match (step, stage) {
            (Step::Submit | Step::Close { .. }, _) => role.supervises(),
            (_, Stage::Review(i)) => self.reviewers.get(i) == Some(&role),
            _ => false,
        };
        if allowed {
            return Ok(());
        }
        let who = match (step, stage) {
            (Step::Submit | Step::Close { .. }, _) => "a supervisor or above".to_owned(),
            (_, Stage::Review(i)) => self
                .reviewers
                .get(i)
                .map_or("nobody", |r| r.as_str())
                .replace('_', " "),
            _ => "nobody".to_owned(),
        };
        Err(self.invalid(format!(
            "only {who} may {} when it is {}",
            step.verb(),
            stage_name(stage)
        )))
    }

    /// The stage the steps lead to from a draft made `drafted_at`, each checked in
    /// order and in time.
    pub fn replay(&self, drafted_at: DeviceTime, steps: &[Taken]) -> Result<Stage, Invalid> {
        let mut stage = Stage::Draft;
        let mut last = drafted_at.utc;
        for taken in steps {
            if taken.at.utc < last {
                return Err(self.invalid("steps out of order in time"));
            }
            last = taken.at.utc;
            taken.step.texts_given(self)?;
            stage = self.next(&taken.step, stage)?;
        }
        Ok(stage)
    }

    /// Whether `role` may add the steps of `new` to `old` (the server's copy's):
    /// each must be its role's and lead on from where `old` stands. A copy behind
    /// the server's (`new` a prefix of `old`) adds nothing; one that decided
    /// otherwise meanwhile is not now.
    pub fn admit(&self, old: &[Taken], new: &[Taken], role: Role) -> Result<(), Refused> {
        let common = old
            .iter()
            .zip(new)
            .take_while(|(a, b)| a.step == b.step && a.at == b.at)
            .count();
        if common < old.len() && common < new.len() {
            return Err(Refused::NotNow(
                self.invalid("it was decided on meanwhile: read it again"),
            ));
        }
        let mut stage = Stage::Draft;
        for taken in &new[..common] {
            stage = self.next(&taken.step, stage).map_err(Refused::NotNow)?;
        }
        for taken in &new[common..] {
            self.allowed(&taken.step, stage, role)
                .map_err(Refused::NotYours)?;
            stage = self.next(&taken.step, stage).map_err(Refused::NotNow)?;
        }
        Ok(())
    }
}

/// A record's approval as it is kept, the record's `approval` on the wire
/// (`drafted_at`, `drafted_by`, `steps`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Approval {
    pub drafted_at: DeviceTime,
    /// Who drafted it (the server says, from the token).
    #[serde(default)]
    pub drafted_by: Option<UserId>,
    /// Its decisions, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Taken>,
}

impl Approval {
    /// A draft made `at`.
    pub fn drafted(at: DeviceTime) -> Self {
        Approval {
            drafted_at: at,
            drafted_by: None,
            steps: Vec::new(),
        }
    }

    /// The comment of the last step, if it returned the record (a draft again).
    pub fn returned_with(&self) -> Option<&Taken> {
        returned_with(&self.steps)
    }
}

/// A record the office approves: its chain, its approval, and its own rules. The
/// steps taken, their signatures and the server's admission by role are the
/// same for every such kind (the provided methods).
pub trait Approvable: Clone {
    /// Its kind in the server's words (`maintenance plan`).
    const NAME: &'static str;
    const CHAIN: Chain;
    fn id(&self) -> uuid::Uuid;
    fn approval(&self) -> &Approval;
    fn approval_mut(&mut self) -> &mut Approval;
    /// Every rule of the kind, its approval's among them.
    fn check(&self) -> Result<(), Invalid>;
    /// What the kind refuses of `role`'s change against `before` beyond the
    /// steps (what may be written, and when).
    fn admit_content(&self, before: Option<&Self>, role: Role) -> Result<(), Refused>;

    /// Where it stands (a record whose steps break the chain counts as a draft;
    /// [`Approvable::check`] refuses it).
    fn stage(&self) -> Stage {
        let a = self.approval();
        Self::CHAIN
            .replay(a.drafted_at, &a.steps)
            .unwrap_or(Stage::Draft)
    }

    /// The record with `step` taken at `at`, if it can be taken now.
    fn take(&self, step: Step, at: DeviceTime) -> Result<Self, Invalid> {
        let mut next = self.clone();
        next.approval_mut().steps.push(Taken { step, by: None, at });
        next.check()?;
        Ok(next)
    }

    /// Whether `role` may make this out of `before` (the server's copy; `None`:
    /// new): the kind's own rules, then each new step its role's.
    fn admit(&self, before: Option<&Self>, role: Role) -> Result<(), Refused> {
        self.admit_content(before, role)?;
        let old = before.map_or(&[][..], |b| &b.approval().steps[..]);
        Self::CHAIN.admit(old, &self.approval().steps, role)
    }

    /// Signs what `user` added against `before` (the server's copy): a new
    /// record's drafter and every new step; what was there keeps its signature.
    fn sign(&mut self, user: UserId, before: Option<&Self>) {
        let before = before.map(|b| b.approval());
        let approval = self.approval_mut();
        approval.drafted_by = match before {
            None => Some(user),
            Some(b) => b.drafted_by.or(Some(user)),
        };
        sign(&mut approval.steps, before.map(|b| &b.steps[..]), user);
    }
}

/// Signs what `user` added to `steps` against `before` (the server's copy's):
/// what was there keeps its signature.
fn sign(steps: &mut [Taken], before: Option<&[Taken]>, user: UserId) {
    for (i, taken) in steps.iter_mut().enumerate() {
        match before.and_then(|b| b.get(i)) {
            Some(b) if b.step == taken.step && b.at == taken.at => taken.by = b.by,
            _ => taken.by = Some(user),
        }
    }
}

/// The comment of the last step, if it returned the record (a draft again).
fn returned_with(steps: &[Taken]) -> Option<&Taken> {
    steps
        .last()
        .filter(|t| matches!(t.step, Step::Return { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    const ONE: Chain = Chain {
        record: "visit_plan",
        reviewers: &[Role::CustomerDirector],
        closes: false,
    };

    fn at(minutes: i64) -> DeviceTime {
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap() + Duration::minutes(minutes);
        DeviceTime::new(t, 480).unwrap()
    }

    fn taken(step: Step, minute: i64) -> Taken {
        Taken {
            step,
            by: None,
            at: at(minute),
        }
    }

    #[test]
    fn a_chain_of_one_approves_or_returns_and_never_passes_on_or_closes() {
        let approve = Step::Approve {
            comment: String::new(),
        };
        let pass = Step::Pass {
            comment: String::new(),
        };
        assert_eq!(ONE.next(&Step::Submit, Stage::Draft), Ok(Stage::Review(0)));
        assert_eq!(ONE.next(&approve, Stage::Review(0)), Ok(Stage::Approved));
        assert!(
            ONE.next(&pass, Stage::Review(0)).is_err(),
            "nobody to pass to"
        );
        let close = Step::Close {
            conclusion: Conclusion {
                done: "x".into(),
                recommendation: Recommendation::Improve,
            },
        };
        assert!(
            ONE.next(&close, Stage::Approved).is_err(),
            "a visit plan is not closed"
        );
        assert_eq!(
            ONE.replay(
                at(0),
                &[
                    taken(Step::Submit, 1),
                    taken(
                        Step::Return {
                            comment: "目标偏低".into()
                        },
                        2
                    )
                ]
            ),
            Ok(Stage::Draft)
        );
        for role in Role::ALL {
            assert_eq!(
                ONE.allowed(&approve, Stage::Review(0), role).is_ok(),
                role == Role::CustomerDirector,
                "{role:?}"
            );
        }
        let refused = ONE
            .allowed(&approve, Stage::Review(0), Role::Admin)
            .unwrap_err();
        assert!(
            refused.message.contains("customer director"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn a_step_decided_otherwise_meanwhile_is_not_now_and_the_wrong_role_not_yours() {
        let old = vec![
            taken(Step::Submit, 1),
            taken(
                Step::Approve {
                    comment: String::new(),
                },
                2,
            ),
        ];
        let returned = vec![
            taken(Step::Submit, 1),
            taken(
                Step::Return {
                    comment: "重做".into(),
                },
                3,
            ),
        ];
        assert!(matches!(
            ONE.admit(&old, &returned, Role::CustomerDirector),
            Err(Refused::NotNow(_))
        ));
        assert_eq!(
            ONE.admit(&old, &old[..1], Role::Technician),
            Ok(()),
            "behind: adds nothing"
        );
        assert!(matches!(
            ONE.admit(&old[..1], &old, Role::Supervisor),
            Err(Refused::NotYours(_))
        ));
        assert_eq!(ONE.admit(&old[..1], &old, Role::CustomerDirector), Ok(()));
        let mut signed = old.clone();
        sign(&mut signed, Some(&old[..1]), UserId::of_name("赵总监"));
        assert_eq!(signed[0].by, None);
        assert_eq!(signed[1].by, Some(UserId::of_name("赵总监")));
    }
}
