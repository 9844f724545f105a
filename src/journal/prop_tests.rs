//! Property: whatever the devices do offline and whenever they sync, once every device has
//! synced twice (in any order) all hold the same history and schedule, and syncing again
//! changes nothing.

use super::tests::{Device, assert_converged, t};
use crate::schedule::Grade;
use chrono::Duration;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Review(usize, i64),
    Undo,
    Suspend(usize, bool),
    Sync,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0..4usize, 1..=4i64).prop_map(|(c, g)| Op::Review(c, g)),
        1 => Just(Op::Undo),
        1 => (0..4usize, any::<bool>()).prop_map(|(c, on)| Op::Suspend(c, on)),
        2 => Just(Op::Sync),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_interleaving_and_sync_order_converges(
        n in 2..=3usize,
        ops in proptest::collection::vec((0..3usize, op()), 1..40),
        order in Just(vec![0usize, 1, 2]).prop_shuffle(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut devices: Vec<Device> = (0..n).map(|_| Device::new()).collect();
        let mut now = t(0);
        for (who, op) in ops {
            now += Duration::minutes(1);
            let d = &mut devices[who % n];
            match op {
                Op::Review(card, g) => d.review(&format!("c{card}"), Grade::from_number(g).unwrap(), now),
                Op::Undo => d.undo(),
                Op::Suspend(card, on) => d.suspend(&format!("c{card}"), on, now),
                Op::Sync => { d.sync(dir.path(), now); }
            }
        }
        let order: Vec<usize> = order.into_iter().filter(|i| *i < n).collect();
        for _ in 0..2 {
            for &i in &order {
                now += Duration::minutes(1);
                devices[i].sync(dir.path(), now);
            }
        }
        assert_converged(&devices);
        for &i in &order {
            now += Duration::minutes(1);
            let again = devices[i].sync(dir.path(), now);
            prop_assert_eq!((again.recorded.total(), again.merged.added.total(), again.written), (0, 0, 0));
        }
    }
}
