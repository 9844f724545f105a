//! Planning a mock: loop + card pool + history + seed -> the cards each segment asks, chosen
//! reproducibly (a seeded generator), avoiding cards used in recent mocks and leaning toward
//! weak areas (a weighted draw).

use super::loops::Loop;
use crate::content::{Difficulty, Kind};
use std::collections::{BTreeSet, HashSet};

/// A card as the planner sees it.
#[derive(Debug, Clone)]
pub struct PoolCard {
    pub id: String,
    pub kind: Kind,
    pub difficulty: Option<Difficulty>,
    pub tags: Vec<String>,
    /// From the card's `companies:` metadata, lower-case.
    pub companies: Vec<String>,
    /// 0 = strong; larger = weaker (lapses, low recall, low mock scores for its kind).
    pub weakness: f64,
    /// How many key points the card lists (its checklist in the round review).
    pub key_points: usize,
    /// The card's `### Follow-ups`, from which the interviewer picks.
    pub follow_ups: Vec<String>,
}

impl Default for PoolCard {
    fn default() -> PoolCard {
        PoolCard {
            id: String::new(),
            kind: Kind::Breadth,
            difficulty: None,
            tags: Vec::new(),
            companies: Vec::new(),
            weakness: 0.0,
            key_points: 0,
            follow_ups: Vec::new(),
        }
    }
}

/// A user's project dossier as the deep-dive sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectBrief {
    pub title: String,
    pub file: String,
    /// Depth families (tags such as `data`, `evaluation`) its written sections touch.
    pub families: Vec<String>,
}

impl ProjectBrief {
    pub fn from_dossier(d: &crate::own::Dossier) -> ProjectBrief {
        let mut families: Vec<String> = d
            .sections
            .iter()
            .filter(|s| !s.text.trim().is_empty())
            .filter_map(|s| crate::drill::family(&s.name))
            .map(str::to_string)
            .collect();
        families.dedup();
        ProjectBrief {
            title: d.title.clone(),
            file: d.file.clone(),
            families,
        }
    }
}

/// One thing to answer: a card, or a timed note-only segment (intro, your questions, the
/// project walk-through).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlanItem {
    pub round: usize,
    pub segment: usize,
    pub card_id: Option<String>,
    pub kind: Option<Kind>,
    /// A case tagged llm (its rubric shows the LLM-extension row).
    #[serde(default)]
    pub llm: bool,
    #[serde(default)]
    pub key_points: usize,
    /// The follow-ups the interviewer will ask after an answer, chosen with the seed.
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// The walk-through of this project (a deep-dive's first item).
    #[serde(default)]
    pub project: Option<String>,
}

impl PlanItem {
    fn note(round: usize, segment: usize) -> PlanItem {
        PlanItem {
            round,
            segment,
            card_id: None,
            kind: None,
            llm: false,
            key_points: 0,
            follow_ups: Vec::new(),
            project: None,
        }
    }
}

/// A kind the pool could not fill.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Shortfall {
    pub round: usize,
    pub segment: usize,
    pub title: String,
    pub kinds: Vec<Kind>,
    pub wanted: usize,
    pub found: usize,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MockPlan {
    pub lp: Loop,
    pub seed: u64,
    pub items: Vec<PlanItem>,
    pub shortfalls: Vec<Shortfall>,
    /// Things the plan screen should say (e.g. a deep-dive without a dossier).
    #[serde(default)]
    pub notes: Vec<String>,
}

impl MockPlan {
    pub fn total_minutes(&self) -> f64 {
        self.lp.rounds.iter().map(|r| r.minutes()).sum()
    }
}

/// Seeded xorshift: the same seed gives the same plan on every machine.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
    /// An index below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_f64() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// Everything a plan is built from. The plan screen keeps one and re-plans when the user toggles
/// an optional round: the other rounds keep their cards (each round draws from its own seed).
#[derive(Debug, Clone)]
pub struct PlanInput {
    pub lp: Loop,
    pub pool: Vec<PoolCard>,
    pub recent: HashSet<String>,
    pub seed: u64,
    /// Indices (in `lp.rounds`) of the optional rounds included.
    pub optional: BTreeSet<usize>,
    pub projects: Vec<ProjectBrief>,
}

impl PlanInput {
    pub fn new(lp: &Loop, pool: Vec<PoolCard>, recent: HashSet<String>, seed: u64) -> PlanInput {
        PlanInput {
            lp: lp.clone(),
            pool,
            recent,
            seed,
            optional: BTreeSet::new(),
            projects: Vec::new(),
        }
    }

    /// Includes every optional round (`--with-optional`) or none.
    pub fn with_optional(mut self, on: bool) -> PlanInput {
        self.optional = if on {
            self.optional_rounds().into_iter().collect()
        } else {
            BTreeSet::new()
        };
        self
    }

    pub fn with_projects(mut self, projects: Vec<ProjectBrief>) -> PlanInput {
        self.projects = projects;
        self
    }

    /// Indices of the loop's optional rounds (what the plan screen offers to toggle).
    pub fn optional_rounds(&self) -> Vec<usize> {
        (0..self.lp.rounds.len())
            .filter(|&i| self.lp.rounds[i].optional)
            .collect()
    }

    /// Flips one optional round in or out; false if `round` is not optional.
    pub fn toggle_round(&mut self, round: usize) -> bool {
        if !self.lp.rounds.get(round).is_some_and(|r| r.optional) {
            return false;
        }
        if !self.optional.remove(&round) {
            self.optional.insert(round);
        }
        true
    }

    pub fn plan(&self) -> MockPlan {
        let mut lp = self.lp.clone();
        let keep: Vec<usize> = (0..lp.rounds.len())
            .filter(|i| !lp.rounds[*i].optional || self.optional.contains(i))
            .collect();
        lp.rounds = keep.iter().map(|&i| lp.rounds[i].clone()).collect();
        let mut p = MockPlan {
            lp,
            seed: self.seed,
            items: Vec::new(),
            shortfalls: Vec::new(),
            notes: Vec::new(),
        };
        for (ri, &orig) in keep.iter().enumerate() {
            fill_round(&mut p, ri, orig, self);
        }
        p
    }
}

/// Builds the plan. Optional rounds are kept only with `with_optional`.
pub fn plan(
    lp: &Loop,
    pool: &[PoolCard],
    recent: &HashSet<String>,
    seed: u64,
    with_optional: bool,
) -> MockPlan {
    PlanInput::new(lp, pool.to_vec(), recent.clone(), seed)
        .with_optional(with_optional)
        .plan()
}

/// Appends a copy of round `like` with fresh cards (the extra round offered after a Mixed
/// verdict). Returns the new round's index.
pub fn add_extra_round(
    p: &mut MockPlan,
    like: usize,
    pool: &[PoolCard],
    recent: &HashSet<String>,
) -> usize {
    let mut round = p.lp.rounds[like].clone();
    round.title = format!("Extra round: {}", round.title);
    p.lp.rounds.push(round);
    let ri = p.lp.rounds.len() - 1;
    let input = PlanInput::new(&p.lp, pool.to_vec(), recent.clone(), p.seed);
    fill_round(p, ri, ri, &input);
    ri
}

fn fill_round(p: &mut MockPlan, ri: usize, orig: usize, input: &PlanInput) {
    let mut rng = Rng::new(p.seed ^ (orig as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    choose_alternatives(&mut p.lp.rounds[ri], &mut rng);
    fill_items(p, ri, &mut rng, input);
    if p.lp.rounds[ri].rubric_auto
        && let Some(kind) = p.items.iter().find(|i| i.round == ri).and_then(|i| i.kind)
    {
        p.lp.rounds[ri].rubric = kind;
    }
}

/// Keeps one segment of each `choice` group, drawn with the round's generator.
fn choose_alternatives(round: &mut super::loops::Round, rng: &mut Rng) {
    let mut groups: Vec<String> = round
        .segments
        .iter()
        .filter(|s| !s.choice.is_empty())
        .map(|s| s.choice.clone())
        .collect();
    groups.dedup();
    for g in groups {
        let members: Vec<usize> = (0..round.segments.len())
            .filter(|&i| round.segments[i].choice == g)
            .collect();
        let keep = members[rng.below(members.len())];
        let mut i = 0;
        round.segments.retain(|s| {
            let k = s.choice != g || i == keep;
            i += 1;
            k
        });
        for s in round.segments.iter_mut().filter(|s| s.choice == g) {
            s.choice.clear();
        }
    }
}

fn fill_items(p: &mut MockPlan, ri: usize, rng: &mut Rng, input: &PlanInput) {
    let pool = &input.pool;
    let already: HashSet<String> = p.items.iter().filter_map(|i| i.card_id.clone()).collect();
    let mut used: HashSet<&str> = already.iter().map(String::as_str).collect();
    let round = p.lp.rounds[ri].clone();
    for (si, seg) in round.segments.iter().enumerate() {
        if seg.cards == 0 {
            p.items.push(PlanItem::note(ri, si));
            continue;
        }
        let mut families: Vec<String> = Vec::new();
        if seg.deep_dive {
            if input.projects.is_empty() {
                p.notes.push(format!(
                    "“{}”: no project dossier found under projects/, so these are general depth questions. Write one (`mlprep template dossier`) to make this round about your own project.",
                    seg.title
                ));
            } else {
                let project = &input.projects[rng.below(input.projects.len())];
                families = project.families.clone();
                let mut walk = PlanItem::note(ri, si);
                walk.kind = Some(Kind::Depth);
                walk.project = Some(project.title.clone());
                p.items.push(walk);
            }
        }
        let fits = |c: &&PoolCard| {
            seg.accepts(&c.id, c.kind, c.difficulty, &c.tags) && !used.contains(c.id.as_str())
        };
        let touches =
            |c: &&PoolCard| families.is_empty() || c.tags.iter().any(|t| families.contains(t));
        let mut candidates: Vec<&PoolCard> = pool
            .iter()
            .filter(fits)
            .filter(touches)
            .filter(|c| !input.recent.contains(&c.id))
            .collect();
        if candidates.len() < seg.cards {
            // Not enough unseen cards of the project's families: recent ones, then any family.
            candidates = pool.iter().filter(fits).filter(touches).collect();
        }
        if candidates.len() < seg.cards {
            candidates = pool.iter().filter(fits).collect();
        }
        let chosen = match &p.lp.company {
            None => weighted_draw(rng, candidates, seg.cards),
            // A company loop: that company's cards first, the rest only to fill up.
            Some(co) => {
                let (ours, others): (Vec<&PoolCard>, Vec<&PoolCard>) = candidates
                    .into_iter()
                    .partition(|c| c.companies.iter().any(|x| x.eq_ignore_ascii_case(co)));
                let mut chosen = weighted_draw(rng, ours, seg.cards);
                let rest = seg.cards - chosen.len();
                chosen.extend(weighted_draw(rng, others, rest));
                chosen
            }
        };
        if chosen.len() < seg.cards {
            p.shortfalls.push(Shortfall {
                round: ri,
                segment: si,
                title: seg.title.clone(),
                kinds: seg.kinds.clone(),
                wanted: seg.cards,
                found: chosen.len(),
            });
        }
        if chosen.is_empty() && !seg.deep_dive {
            p.items.push(PlanItem::note(ri, si));
        }
        for c in chosen {
            used.insert(&c.id);
            p.items.push(PlanItem {
                round: ri,
                segment: si,
                card_id: Some(c.id.clone()),
                kind: Some(c.kind),
                llm: super::rubric::is_llm(&c.tags),
                key_points: c.key_points,
                follow_ups: pick_follow_ups(p.seed, c, seg.follow_ups),
                project: None,
            });
        }
    }
}

/// `n` of the card's follow-ups, chosen with the mock's seed.
fn pick_follow_ups(seed: u64, card: &PoolCard, n: usize) -> Vec<String> {
    let mut rng = Rng::new(seed ^ hash(&card.id));
    let mut left: Vec<&String> = card.follow_ups.iter().collect();
    let mut out = Vec::new();
    while out.len() < n && !left.is_empty() {
        out.push(left.remove(rng.below(left.len())).clone());
    }
    out
}

/// Draws `n` without replacement, each with probability proportional to 1 + weakness.
fn weighted_draw<'a>(
    rng: &mut Rng,
    mut candidates: Vec<&'a PoolCard>,
    n: usize,
) -> Vec<&'a PoolCard> {
    candidates.sort_by(|a, b| a.id.cmp(&b.id)); // order-independent of the pool's iteration
    let mut out = Vec::new();
    while out.len() < n && !candidates.is_empty() {
        let total: f64 = candidates.iter().map(|c| 1.0 + c.weakness.max(0.0)).sum();
        let mut x = rng.next_f64() * total;
        let mut pick = candidates.len() - 1;
        for (i, c) in candidates.iter().enumerate() {
            x -= 1.0 + c.weakness.max(0.0);
            if x <= 0.0 {
                pick = i;
                break;
            }
        }
        out.push(candidates.remove(pick));
    }
    out
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
