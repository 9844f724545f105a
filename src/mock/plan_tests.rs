//! The planner: reproducible draws, recent cards avoided, weak cards favoured, short pools.

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
                weakness: 0.0,
                ..PoolCard::default()
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
        parse_loop("a.toml", text).0.unwrap().company.as_deref(),
        Some("amazon")
    );
}
