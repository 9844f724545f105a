//! The user's own material: behavioural stories (`stories/*.md`) and project dossiers
//! (`projects/*.md`) in their content directories, from the templates in `content/templates/`.
//! Parsed with file and line for every problem; the Leadership-Principle gap report.

use crate::content::{Library, Problem, Severity, lp_slugs};

pub const STORY_TEMPLATE: &str = include_str!("../content/templates/story.md");
pub const DOSSIER_TEMPLATE: &str = include_str!("../content/templates/dossier.md");

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
    for (file, text) in &lib.own_material {
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
                    "a story needs `lp = [...]` naming the Leadership Principles it shows".into(),
                );
            }
            for lp in &head.lp {
                if !lp_slugs().contains(&lp.as_str()) {
                    report(
                        lp_line,
                        Severity::Error,
                        format!(
                            "unknown Leadership Principle `{lp}` (known: {})",
                            lp_slugs().join(", ")
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
                lps: head_lps(text),
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

fn head_lps(text: &str) -> Vec<String> {
    split_front(text)
        .and_then(|(h, _)| toml::from_str::<Head>(h).ok())
        .map(|h| {
            h.lp.into_iter()
                .filter(|l| lp_slugs().contains(&l.as_str()))
                .collect()
        })
        .unwrap_or_default()
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
        } else if let Some(s) = out.last_mut()
            && !line.trim_start().starts_with("Guide:")
            && !line.trim_start().starts_with("*Guide")
        {
            s.text.push_str(line);
            s.text.push('\n');
        }
    }
    out
}

/// Stories per Leadership Principle, in the order of the slugs.
pub fn coverage(stories: &[Story]) -> Vec<(&'static str, Vec<&Story>)> {
    lp_slugs()
        .iter()
        .map(|lp| {
            (
                *lp,
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
                "me/stories/bad.md:3: error: unknown Leadership Principle `world-domination`"
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
    fn coverage_marks_gaps() {
        let s = "+++\ntitle = \"x\"\nlp = [\"ownership\", \"dive-deep\"]\n+++\n## Situation\n.\n## Action\n.\n## Result\n.\n";
        let own = load(&lib(&[("a/stories/1.md", s), ("a/stories/2.md", s)]));
        let cov = coverage(&own.stories);
        assert_eq!(cov.len(), 16);
        assert_eq!(cov.iter().find(|c| c.0 == "ownership").unwrap().1.len(), 2);
        assert_eq!(cov.iter().filter(|c| c.1.is_empty()).count(), 14);
    }
}
