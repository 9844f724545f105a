//! Planning a mock: loop + card pool + history + seed -> the cards each segment asks, chosen
//! reproducibly (a seeded generator), avoiding cards used in recent mocks and leaning toward
//! weak areas (a weighted draw).

use super::loops::Loop;
use crate::content::{Difficulty, Kind};
use std::collections::HashSet;

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
}

/// One thing to answer: a card, or a timed note-only segment (intro, your questions).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlanItem {
    pub round: usize,
    pub segment: usize,
    pub card_id: Option<String>,
    pub kind: Option<Kind>,
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
}

/// Builds the plan. Optional rounds are kept only with `with_optional`.
pub fn plan(
    lp: &Loop,
    pool: &[PoolCard],
    recent: &HashSet<String>,
    seed: u64,
    with_optional: bool,
) -> MockPlan {
    let mut lp = lp.clone();
    lp.rounds.retain(|r| with_optional || !r.optional);
    let mut p = MockPlan {
        lp,
        seed,
        items: Vec::new(),
        shortfalls: Vec::new(),
    };
    for ri in 0..p.lp.rounds.len() {
        fill_round(&mut p, ri, pool, recent);
    }
    p
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
    fill_round(p, ri, pool, recent);
    ri
}

fn fill_round(p: &mut MockPlan, ri: usize, pool: &[PoolCard], recent: &HashSet<String>) {
    fill_items(p, ri, pool, recent);
    if p.lp.rounds[ri].rubric_auto
        && let Some(kind) = p.items.iter().find(|i| i.round == ri).and_then(|i| i.kind)
    {
        p.lp.rounds[ri].rubric = kind;
    }
}

fn fill_items(p: &mut MockPlan, ri: usize, pool: &[PoolCard], recent: &HashSet<String>) {
    let mut rng = Rng::new(p.seed ^ (ri as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let already: HashSet<String> = p.items.iter().filter_map(|i| i.card_id.clone()).collect();
    let mut used: HashSet<&str> = already.iter().map(String::as_str).collect();
    let (items, shortfalls) = (&mut p.items, &mut p.shortfalls);
    let round = &p.lp.rounds[ri];
    {
        for (si, seg) in round.segments.iter().enumerate() {
            if seg.cards == 0 {
                items.push(PlanItem {
                    round: ri,
                    segment: si,
                    card_id: None,
                    kind: None,
                });
                continue;
            }
            let fits = |c: &&PoolCard| {
                seg.kinds.contains(&c.kind)
                    && (seg.ids.is_empty() || seg.ids.contains(&c.id))
                    && seg
                        .difficulty
                        .is_none_or(|d| c.difficulty.is_none_or(|cd| cd == d))
                    && seg.tags.iter().all(|t| c.tags.contains(t))
                    && !used.contains(c.id.as_str())
            };
            let fresh: Vec<&PoolCard> = pool
                .iter()
                .filter(fits)
                .filter(|c| !recent.contains(&c.id))
                .collect();
            let mut candidates = fresh;
            if candidates.len() < seg.cards {
                // Not enough unseen cards: fall back to recently used ones.
                candidates = pool.iter().filter(fits).collect();
            }
            let chosen = match &p.lp.company {
                None => weighted_draw(&mut rng, candidates, seg.cards),
                // A company loop: that company's cards first, the rest only to fill up.
                Some(co) => {
                    let (ours, others): (Vec<&PoolCard>, Vec<&PoolCard>) = candidates
                        .into_iter()
                        .partition(|c| c.companies.iter().any(|x| x.eq_ignore_ascii_case(co)));
                    let mut chosen = weighted_draw(&mut rng, ours, seg.cards);
                    let rest = seg.cards - chosen.len();
                    chosen.extend(weighted_draw(&mut rng, others, rest));
                    chosen
                }
            };
            if chosen.len() < seg.cards {
                shortfalls.push(Shortfall {
                    round: ri,
                    segment: si,
                    title: seg.title.clone(),
                    kinds: seg.kinds.clone(),
                    wanted: seg.cards,
                    found: chosen.len(),
                });
            }
            if chosen.is_empty() {
                items.push(PlanItem {
                    round: ri,
                    segment: si,
                    card_id: None,
                    kind: None,
                });
            }
            for c in chosen {
                used.insert(&c.id);
                items.push(PlanItem {
                    round: ri,
                    segment: si,
                    card_id: Some(c.id.clone()),
                    kind: Some(c.kind),
                });
            }
        }
    }
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
mod tests {
    use super::*;
    use crate::mock::loops::parse_loop;

    fn pool() -> Vec<PoolCard> {
        let mut v = Vec::new();
        for (kind, n) in [
            (Kind::Leetcode, 30),
            (Kind::Breadth, 40),
            (Kind::Behavioural, 20),
        ] {
            for i in 0..n {
                v.push(PoolCard {
                    id: format!("{}-{i}", kind.slug()),
                    kind,
                    difficulty: Some(Difficulty::Medium),
                    tags: vec![],
                    companies: vec![],
                    weakness: 0.0,
                });
            }
        }
        v
    }

    fn screen() -> Loop {
        let text = "name = \"Screen\"\n[[rounds]]\ntitle = \"Screen\"\n[[rounds.segments]]\ntitle = \"Intro\"\nminutes = 5\n[[rounds.segments]]\ntitle = \"Coding\"\nminutes = 30\nkinds = [\"leetcode\"]\n[[rounds.segments]]\ntitle = \"Breadth\"\nminutes = 12\nkinds = [\"breadth\"]\ncards = 3\n[[rounds.segments]]\ntitle = \"Behavioural\"\nminutes = 10\nkinds = [\"behavioural\"]\n";
        parse_loop("screen.toml", text).0.unwrap()
    }

    #[test]
    fn the_same_seed_gives_the_same_plan() {
        let a = plan(&screen(), &pool(), &HashSet::new(), 42, false);
        let b = plan(&screen(), &pool(), &HashSet::new(), 42, false);
        let c = plan(&screen(), &pool(), &HashSet::new(), 43, false);
        assert_eq!(a, b);
        assert_ne!(a.items, c.items);
        assert_eq!(a.items.len(), 1 + 1 + 3 + 1);
        assert_eq!(a.items[0].card_id, None);
        assert!(a.shortfalls.is_empty());
        let breadth: HashSet<_> = a.items[2..5].iter().map(|i| i.card_id.clone()).collect();
        assert_eq!(breadth.len(), 3, "no card twice in one mock");
    }

    #[test]
    fn recent_cards_are_avoided_while_others_remain() {
        let recent: HashSet<String> = (0..29).map(|i| format!("leetcode-{i}")).collect();
        for seed in 0..20 {
            let p = plan(&screen(), &pool(), &recent, seed, false);
            assert_eq!(p.items[1].card_id.as_deref(), Some("leetcode-29"));
        }
    }

    #[test]
    fn weak_cards_are_drawn_more_often() {
        let mut pool = pool();
        pool.iter_mut()
            .find(|c| c.id == "leetcode-7")
            .unwrap()
            .weakness = 30.0;
        let hits = (0..200)
            .filter(|&s| {
                plan(&screen(), &pool, &HashSet::new(), s, false).items[1]
                    .card_id
                    .as_deref()
                    == Some("leetcode-7")
            })
            .count();
        assert!(hits > 60, "weak card drawn {hits}/200 times");
    }

    #[test]
    fn a_company_loop_draws_that_companys_cards_first() {
        let mut pool = pool();
        for c in pool
            .iter_mut()
            .filter(|c| c.id == "breadth-3" || c.id == "breadth-9")
        {
            c.companies = vec!["amazon".into()];
        }
        let mut lp = screen();
        lp.company = Some("amazon".into());
        for seed in 0..20 {
            let p = plan(&lp, &pool, &HashSet::new(), seed, false);
            let breadth: HashSet<_> = p.items[2..5]
                .iter()
                .filter_map(|i| i.card_id.as_deref())
                .collect();
            assert!(breadth.contains("breadth-3") && breadth.contains("breadth-9"));
            assert_eq!(breadth.len(), 3, "the rest filled from other cards");
        }
        let text = "name = \"A\"\ncompany = \"Amazon\"\n[[rounds]]\ntitle = \"R\"\n[[rounds.segments]]\ntitle = \"S\"\nminutes = 5\n";
        assert_eq!(
            crate::mock::loops::parse_loop("a.toml", text)
                .0
                .unwrap()
                .company
                .as_deref(),
            Some("amazon")
        );
    }

    #[test]
    fn a_small_pool_reports_the_short_kind() {
        let pool: Vec<PoolCard> = pool()
            .into_iter()
            .filter(|c| c.kind != Kind::Breadth || c.id == "breadth-1")
            .collect();
        let p = plan(&screen(), &pool, &HashSet::new(), 1, false);
        assert_eq!(p.shortfalls.len(), 1);
        assert_eq!((p.shortfalls[0].wanted, p.shortfalls[0].found), (3, 1));
        assert_eq!(p.shortfalls[0].kinds, vec![Kind::Breadth]);
    }
}
