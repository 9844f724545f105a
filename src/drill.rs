//! Depth drills on the user's project dossiers: walk down each section with "why?" and "what
//! else did you consider?" several levels deep, record the level where the user stalled, and
//! grade a depth card of the matching family with it (so the drill feeds the schedule).

use crate::content::Kind;
use crate::own::Dossier;
use crate::schedule::Grade;
use crate::study::Study;

/// The probes, one level deeper each.
pub const PROBES: [&str; 4] = [
    "Why did you do it this way?",
    "What else did you consider, and why not that?",
    "What evidence showed it was the right call (ablation, baseline, number)?",
    "If you did it again with more time or data, what would you change, and why?",
];

/// The depth-deck family (a tag) a dossier section exercises.
pub fn family(section: &str) -> Option<&'static str> {
    let s = section.to_lowercase();
    Some(if s.starts_with("problem") {
        "framing"
    } else if s.starts_with("data") {
        "data"
    } else if s.starts_with("baseline") || s.starts_with("key decisions") {
        "modelling"
    } else if s.starts_with("metrics") {
        "evaluation"
    } else if s.starts_with("failures") {
        "failure-debugging"
    } else if s.starts_with("deployment") {
        "deployment"
    } else if s.starts_with("theory") {
        "theory"
    } else if s.starts_with("my role") || s.starts_with("timeline") || s.starts_with("what i would")
    {
        "non-technical"
    } else {
        return None;
    })
}

/// Levels reached -> the grade for the matching depth card.
pub fn grade_for(reached: usize) -> Grade {
    match reached {
        0 => Grade::Again,
        1 => Grade::Hard,
        2 | 3 => Grade::Good,
        _ => Grade::Easy,
    }
}

/// The depth card a finished section grades: of the section's family, due soonest (new cards
/// first). None when the section maps to no family or the family has no cards.
pub fn depth_card(study: &Study, section: &str) -> Option<String> {
    let fam = family(section)?;
    study
        .cards()
        .filter(|c| c.kind == Kind::Depth && c.tags.iter().any(|t| t == fam))
        .min_by_key(|c| {
            study
                .states
                .get(&c.id)
                .map(|s| s.due.timestamp())
                .unwrap_or(i64::MIN)
        })
        .map(|c| c.id.clone())
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub section: String,
    pub text: String,
    pub reached: Option<usize>,
}

/// A drill in progress.
#[derive(Debug, Clone)]
pub struct Drill {
    pub title: String,
    pub file: String,
    pub steps: Vec<Step>,
    pub current: usize,
    pub level: usize,
}

impl Drill {
    /// Sections the user actually wrote something in.
    pub fn new(d: &Dossier) -> Drill {
        let steps = d
            .sections
            .iter()
            .filter(|s| !s.text.trim().is_empty() && !s.text.trim_start().starts_with('*'))
            .map(|s| Step {
                section: s.name.clone(),
                text: s.text.trim().to_string(),
                reached: None,
            })
            .collect();
        Drill {
            title: d.title.clone(),
            file: d.file.clone(),
            steps,
            current: 0,
            level: 0,
        }
    }

    pub fn done(&self) -> bool {
        self.current >= self.steps.len()
    }

    pub fn probe(&self) -> Option<&'static str> {
        (!self.done()).then(|| PROBES[self.level.min(PROBES.len() - 1)])
    }

    /// The user answered this level: go one deeper, or finish the section at the bottom.
    /// Returns the finished step's index when a section ends.
    pub fn answered(&mut self) -> Option<usize> {
        if self.done() {
            return None;
        }
        self.level += 1;
        if self.level >= PROBES.len() {
            self.finish(PROBES.len())
        } else {
            None
        }
    }

    /// The user stalled at this level.
    pub fn stalled(&mut self) -> Option<usize> {
        if self.done() {
            return None;
        }
        self.finish(self.level)
    }

    fn finish(&mut self, reached: usize) -> Option<usize> {
        let i = self.current;
        self.steps[i].reached = Some(reached);
        self.current += 1;
        self.level = 0;
        Some(i)
    }

    /// The weakest sections (lowest level reached), for the summary.
    pub fn weakest(&self) -> Vec<&Step> {
        let min = self.steps.iter().filter_map(|s| s.reached).min();
        self.steps
            .iter()
            .filter(|s| s.reached.is_some() && s.reached == min)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::own::Section;

    fn dossier() -> Dossier {
        let s = |name: &str, text: &str| Section {
            name: name.into(),
            text: text.into(),
            line: 1,
        };
        Dossier {
            file: "p.md".into(),
            title: "Ranker".into(),
            sections: vec![
                s("Problem and business goal", "Rank jobs."),
                s("Data", ""),
                s("Key decisions and alternatives", "GBDT over a DNN."),
            ],
        }
    }

    #[test]
    fn a_drill_walks_each_written_section_and_records_where_the_user_stalled() {
        let mut d = Drill::new(&dossier());
        assert_eq!(d.steps.len(), 2, "empty sections are skipped");
        assert_eq!(d.probe(), Some(PROBES[0]));
        assert_eq!(d.answered(), None);
        assert_eq!(d.probe(), Some(PROBES[1]));
        assert_eq!(d.stalled(), Some(0));
        assert_eq!(d.steps[0].reached, Some(1));
        for _ in 0..3 {
            assert_eq!(d.answered(), None);
        }
        assert_eq!(d.answered(), Some(1));
        assert_eq!(d.steps[1].reached, Some(4));
        assert!(d.done());
        assert_eq!(d.weakest()[0].section, "Problem and business goal");
        assert_eq!(grade_for(1), Grade::Hard);
        assert_eq!(family("Key decisions and alternatives"), Some("modelling"));
    }
}
