//! The user's own material: behavioural stories (`stories/*.md`) and project dossiers
//! (`projects/*.md`) in their content directories, from the templates in `content/templates/`.
//! Parsed with file and line for every problem; the gap report against the principle set
//! (Amazon's 16 Leadership Principles unless a content directory has a `principles.toml`).

pub mod guidance;
pub mod principles;

use crate::content::{Library, Problem, Severity};
pub use principles::PrincipleSet;

pub const STORY_TEMPLATE: &str = include_str!("../../content/templates/story.md");
pub const DOSSIER_TEMPLATE: &str = include_str!("../../content/templates/dossier.md");

const STORY_REQUIRED: [&str; 3] = ["Situation", "Action", "Result"];
const STORY_OPTIONAL: [&str; 4] = ["Task", "Reflection", "Metrics", "Follow-up answers"];
pub const DOSSIER_SECTIONS: [&str; 11] = [
    "Problem and business goal",
    "Data",
    "Baseline and final model",
    "Key decisions and alternatives",
    "Metrics and results",
    "Failures and debugging",
    "Deployment and scale",
    "My role vs the team",
    "Timeline and prioritisation",
    "What I would change",
    "Theory likely probed",
];

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub name: String,
    pub text: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    pub file: String,
    pub title: String,
    pub lps: Vec<String>,
    pub project: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dossier {
    pub file: String,
    pub title: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Default)]
pub struct OwnMaterial {
    pub stories: Vec<Story>,
    pub dossiers: Vec<Dossier>,
    pub problems: Vec<Problem>,
    /// What stories are mapped to.
    pub principles: PrincipleSet,
}

#[derive(serde::Deserialize)]
struct Head {
    title: Option<String>,
    #[serde(default)]
    lp: Vec<String>,
    #[serde(default)]
    project: String,
}

/// Reads every story and dossier the library found.
pub fn load(lib: &Library) -> OwnMaterial {
    let mut own = OwnMaterial::default();
    let is_set = |file: &str| file.replace('\\', "/").rsplit('/').next() == Some(principles::FILE);
    for (file, text) in lib.own_material.iter().filter(|(f, _)| is_set(f)) {
        match principles::parse(file, text) {
            Ok(set) if own.principles.is_builtin() => own.principles = set,
            Ok(_) => own.problems.push(Problem {
                file: file.clone(),
                line: 1,
                severity: Severity::Warning,
                message: format!(
                    "ignored: the principle set from {} is already in use",
                    own.principles.file.as_deref().unwrap_or("another file")
                ),
            }),
            Err(p) => own.problems.push(p),
        }
    }
    let set = own.principles.clone();
    for (file, text) in lib.own_material.iter().filter(|(f, _)| !is_set(f)) {
        let is_story = file.replace('\\', "/").split('/').any(|p| p == "stories");
        let mut report = |line: u32, severity: Severity, message: String| {
            own.problems.push(Problem {
                file: file.clone(),
                line,
                severity,
                message,
            })
        };
        let Some((head_text, body_start)) = split_front(text) else {
            report(1, Severity::Error, "missing front matter: start with a `+++` block giving `title` (copy the template: `mlprep template story` or `dossier`)".into());
            continue;
        };
        let head: Head = match toml::from_str(head_text) {
            Ok(h) => h,
            Err(e) => {
                let line = e
                    .span()
                    .map(|s| {
                        head_text[..s.start.min(head_text.len())]
                            .matches('\n')
                            .count() as u32
                            + 2
                    })
                    .unwrap_or(1);
                report(
                    line,
                    Severity::Error,
                    format!("front matter is not valid TOML: {}", e.message().trim()),
                );
                continue;
            }
        };
        let sections = sections(text, body_start);
        let (ours, all) = guidance::template_share(text);
        if all > 0 && ours * 2 > all {
            report(
                1,
                Severity::Warning,
                format!(
                    "still mostly the template's text ({ours} of {all} lines): write your own and delete the guidance paragraphs"
                ),
            );
        }
        let title = head
            .title
            .clone()
            .unwrap_or_else(|| file.rsplit('/').next().unwrap_or(file).to_string());
        if is_story {
            let lp_line = line_of_key(text, "lp");
            if head.lp.is_empty() {
                report(
                    lp_line,
                    Severity::Error,
                    format!(
                        "a story needs `lp = [...]` naming the principles it shows ({})",
                        set.name
                    ),
                );
            }
            for lp in &head.lp {
                if !set.contains(lp) {
                    report(
                        lp_line,
                        Severity::Error,
                        format!(
                            "`{lp}` is not one of {} (known: {})",
                            set.name,
                            set.slugs.join(", ")
                        ),
                    );
                }
            }
            for name in STORY_REQUIRED {
                match sections.iter().find(|s| s.name.eq_ignore_ascii_case(name)) {
                    None => report(
                        1,
                        Severity::Error,
                        format!("story has no `## {name}` section"),
                    ),
                    Some(s) if s.text.trim().is_empty() => {
                        report(s.line, Severity::Warning, format!("`## {name}` is empty"))
                    }
                    _ => {}
                }
            }
            for name in STORY_OPTIONAL {
                if !sections.iter().any(|s| s.name.eq_ignore_ascii_case(name)) {
                    report(
                        1,
                        Severity::Warning,
                        format!("story has no `## {name}` section"),
                    );
                }
            }
            own.stories.push(Story {
                file: file.clone(),
                title,
                lps: head
                    .lp
                    .iter()
                    .filter(|l| set.contains(l))
                    .cloned()
                    .collect(),
                project: project(text),
                sections,
            });
        } else {
            for name in DOSSIER_SECTIONS {
                if !sections.iter().any(|s| s.name.eq_ignore_ascii_case(name)) {
                    report(
                        1,
                        Severity::Warning,
                        format!("dossier has no `## {name}` section"),
                    );
                }
            }
            own.dossiers.push(Dossier {
                file: file.clone(),
                title,
                sections,
            });
        }
    }
    own
}

fn project(text: &str) -> String {
    split_front(text)
        .and_then(|(h, _)| toml::from_str::<Head>(h).ok())
        .map(|h| h.project)
        .unwrap_or_default()
}

/// (front-matter text, byte offset of the body) when the file starts with `+++`.
fn split_front(text: &str) -> Option<(&str, usize)> {
    let rest = text.strip_prefix("+++")?;
    let nl = rest.find('\n')? + 1;
    let after = &rest[nl..];
    let end = after
        .find("\n+++")
        .map(|i| i + 1)
        .or_else(|| after.starts_with("+++").then_some(0))?;
    let body = 3 + nl + end + 3;
    Some((&after[..end], body.min(text.len())))
}

fn line_of_key(text: &str, key: &str) -> u32 {
    text.lines()
        .position(|l| l.trim_start().starts_with(key) && l.contains('='))
        .map(|i| i as u32 + 1)
        .unwrap_or(1)
}

fn sections(text: &str, start: usize) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let base_line = text[..start].matches('\n').count() as u32 + 1;
    for (i, line) in text[start..].lines().enumerate() {
        if let Some(name) = line.strip_prefix("## ") {
            out.push(Section {
                name: name.trim().to_string(),
                text: String::new(),
                line: base_line + i as u32,
            });
        } else if let Some(s) = out.last_mut() {
            s.text.push_str(line);
            s.text.push('\n');
        }
    }
    // Whole guidance paragraphs go, not only their first line.
    for s in &mut out {
        s.text = guidance::strip(&s.text);
    }
    out
}

/// Stories per principle of the set, in the set's order.
pub fn coverage<'a>(stories: &'a [Story], set: &PrincipleSet) -> Vec<(String, Vec<&'a Story>)> {
    set.slugs
        .iter()
        .map(|lp| {
            (
                lp.clone(),
                stories
                    .iter()
                    .filter(|s| s.lps.iter().any(|l| l == lp))
                    .collect(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lib(files: &[(&str, &str)]) -> Library {
        Library {
            own_material: files
                .iter()
                .map(|(f, t)| (f.to_string(), t.to_string()))
                .collect(),
            ..Library::default()
        }
    }

    #[test]
    fn the_templates_parse_as_a_story_and_a_dossier() {
        let own = load(&lib(&[
            ("me/stories/a.md", STORY_TEMPLATE),
            ("me/projects/p.md", DOSSIER_TEMPLATE),
        ]));
        let errors: Vec<_> = own
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(own.stories[0].lps, vec!["ownership", "dive-deep"]);
        assert_eq!(own.dossiers[0].sections.len(), 11);
    }

    #[test]
    fn bad_stories_name_file_and_line() {
        let bad = "+++\ntitle = \"x\"\nlp = [\"ownership\", \"world-domination\"]\n+++\n## Situation\nA lab.\n## Result\nDone.\n";
        let own = load(&lib(&[
            ("me/stories/bad.md", bad),
            ("me/stories/nofront.md", "## Situation\n"),
        ]));
        let msgs: Vec<String> = own
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| p.to_string())
            .collect();
        assert!(
            msgs.iter().any(|m| m.starts_with(
                "me/stories/bad.md:3: error: `world-domination` is not one of Amazon's 16 Leadership Principles"
            )),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("bad.md:1: error: story has no `## Action` section")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("me/stories/nofront.md:1: error: missing front matter")),
            "{msgs:?}"
        );
        // The valid part is still shown.
        assert_eq!(own.stories.len(), 1);
        assert_eq!(own.stories[0].lps, vec!["ownership"]);
    }

    #[test]
    fn the_viewer_gets_no_fragment_of_a_guidance_paragraph() {
        let filled = STORY_TEMPLATE.replace("- Context:", "- Context: the search team");
        let own = load(&lib(&[("me/stories/a.md", &filled)]));
        let situation = &own.stories[0].sections[0];
        assert_eq!(situation.name, "Situation");
        assert_eq!(
            situation.text,
            "- Context: the search team\n- Stakes (who would be affected, and how much):\n"
        );
        for s in &own.stories[0].sections {
            assert!(!s.text.contains("Guide:"), "{}", s.text);
            assert!(!s.text.contains("no more; the interviewer"), "{}", s.text);
        }
    }

    #[test]
    fn coverage_marks_gaps() {
        let s = "+++\ntitle = \"x\"\nlp = [\"ownership\", \"dive-deep\"]\n+++\n## Situation\n.\n## Action\n.\n## Result\n.\n";
        let own = load(&lib(&[("a/stories/1.md", s), ("a/stories/2.md", s)]));
        let cov = coverage(&own.stories, &own.principles);
        assert_eq!(cov.len(), 16);
        assert_eq!(cov.iter().find(|c| c.0 == "ownership").unwrap().1.len(), 2);
        assert_eq!(cov.iter().filter(|c| c.1.is_empty()).count(), 14);
    }
}
