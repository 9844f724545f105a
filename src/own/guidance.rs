//! Template guidance in stories and dossiers: whole guidance paragraphs are dropped from what
//! the story viewer shows, and a file that is still mostly the template's text is flagged.

use super::{DOSSIER_TEMPLATE, STORY_TEMPLATE};
use std::collections::HashSet;
use std::sync::LazyLock;

/// Every non-blank body line of the two templates (guidance, empty prompts), trimmed.
static TEMPLATE_LINES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [STORY_TEMPLATE, DOSSIER_TEMPLATE]
        .iter()
        .flat_map(|t| body(t).lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("## "))
        .collect()
});

/// Guidance lines of the templates (a `Guide:` paragraph or an italic `*...*` paragraph).
static GUIDANCE_LINES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut out = HashSet::new();
    for t in [STORY_TEMPLATE, DOSSIER_TEMPLATE] {
        for para in paragraphs(body(t)) {
            if para.first().is_some_and(|l| starts_guidance(l)) {
                out.extend(para.iter().map(|l| l.trim()));
            }
        }
    }
    out
});

fn body(template: &str) -> &str {
    // After the front matter's closing `+++`.
    template
        .strip_prefix("+++")
        .and_then(|rest| rest.find("\n+++").map(|i| &rest[i + 4..]))
        .unwrap_or(template)
}

fn starts_guidance(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("Guide:")
        || t.starts_with("*Guide")
        || (t.starts_with('*') && !t.starts_with("**") && !t.starts_with("* "))
}

fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines() {
        if line.trim().is_empty() {
            if out.last().is_some_and(|p| !p.is_empty()) {
                out.push(Vec::new());
            }
        } else if let Some(p) = out.last_mut() {
            p.push(line);
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// True when this paragraph is template guidance: it starts with `Guide:`, or every line of it
/// is a guidance line of a template.
pub fn is_guidance(paragraph: &[&str]) -> bool {
    let Some(first) = paragraph.first() else {
        return false;
    };
    first.trim_start().starts_with("Guide:")
        || first.trim_start().starts_with("*Guide")
        || paragraph.iter().all(|l| GUIDANCE_LINES.contains(l.trim()))
}

/// `text` without its guidance paragraphs (blank lines between paragraphs kept).
pub fn strip(text: &str) -> String {
    let mut out = String::new();
    for para in paragraphs(text) {
        if is_guidance(&para) {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        for l in para {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// (lines that are the template's own text, all body lines), headings and blanks not counted.
pub fn template_share(text: &str) -> (usize, usize) {
    let lines: Vec<&str> = body(text)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("## "))
        .collect();
    let from_template = lines.iter().filter(|l| TEMPLATE_LINES.contains(*l)).count();
    (from_template, lines.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_guide_paragraphs_go_and_the_users_text_stays() {
        let text = "Guide: 2-3 sentences. Where, when, who, and why it mattered. Enough context for a stranger,\nno more; the interviewer wants to get to your actions quickly.\n\n- Context: the search team, 2024\n";
        assert_eq!(strip(text), "- Context: the search team, 2024\n");
    }

    #[test]
    fn dossier_italic_guidance_goes_but_the_users_italics_stay() {
        let g = "*Sources and size: rows, examples per class or slice, time span; the unit of one example and the moment of prediction.*";
        let text = format!("{g}\n\n*My own emphasis.*\n\n40k labelled tickets.\n");
        assert_eq!(
            strip(&text),
            "*My own emphasis.*\n\n40k labelled tickets.\n"
        );
    }

    #[test]
    fn the_templates_are_all_template_text() {
        for t in [STORY_TEMPLATE, DOSSIER_TEMPLATE] {
            let (ours, all) = template_share(t);
            assert!(all > 20 && ours == all, "{ours}/{all}");
        }
        let (ours, all) =
            template_share("+++\ntitle = \"x\"\n+++\n## Situation\nMy lab.\n- Context:\n");
        assert_eq!((ours, all), (1, 2));
    }
}
