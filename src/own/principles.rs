//! The principle set stories are mapped to. By default Amazon's 16 Leadership Principles (the
//! set most behavioural loops for ML roles borrow from); a `principles.toml` at the root of a
//! content directory replaces it for other companies:
//!
//! ```toml
//! name = "Google: Googleyness and leadership"
//! principles = ["thrives-in-ambiguity", "values-feedback", "challenges-the-status-quo"]
//! ```

use crate::content::{Problem, Severity, lp_slugs};

/// The file name, at the root of a content directory.
pub const FILE: &str = "principles.toml";

/// Named principles (slugs) that stories cite in `lp = [...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct PrincipleSet {
    pub name: String,
    pub slugs: Vec<String>,
    /// The file it came from; None for the built-in Amazon set.
    pub file: Option<String>,
}

impl Default for PrincipleSet {
    fn default() -> Self {
        PrincipleSet {
            name: "Amazon's 16 Leadership Principles".into(),
            slugs: lp_slugs().iter().map(|s| s.to_string()).collect(),
            file: None,
        }
    }
}

impl PrincipleSet {
    pub fn contains(&self, slug: &str) -> bool {
        self.slugs.iter().any(|s| s == slug)
    }

    /// The built-in Amazon set (no `principles.toml` found).
    pub fn is_builtin(&self) -> bool {
        self.file.is_none()
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SetFile {
    name: String,
    principles: Vec<String>,
}

/// Parses a `principles.toml`; a broken file is reported and the built-in set kept.
pub fn parse(file: &str, text: &str) -> Result<PrincipleSet, Problem> {
    let problem = |line: u32, message: String| Problem {
        file: file.to_string(),
        line,
        severity: Severity::Error,
        message,
    };
    let set: SetFile = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u32 + 1)
            .unwrap_or(1);
        problem(
            line,
            format!(
                "not a principle set ({}); expected `name = \"...\"` and `principles = [\"slug\", ...]`",
                e.message().trim()
            ),
        )
    })?;
    let mut slugs: Vec<String> = Vec::new();
    for p in set.principles {
        let ok = !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            return Err(problem(
                1,
                format!("principle `{p}` is not a slug (lower-case letters, digits and -)"),
            ));
        }
        if !slugs.contains(&p) {
            slugs.push(p);
        }
    }
    if slugs.is_empty() {
        return Err(problem(1, "the principle set lists no principles".into()));
    }
    Ok(PrincipleSet {
        name: set.name,
        slugs,
        file: Some(file.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_amazons_sixteen() {
        let set = PrincipleSet::default();
        assert_eq!(set.slugs.len(), 16);
        assert!(set.name.contains("Amazon"));
        assert!(set.contains("ownership"));
    }

    #[test]
    fn a_set_file_parses_and_bad_ones_name_the_problem() {
        let set = parse(
            "me/principles.toml",
            "name = \"Acme values\"\nprinciples = [\"be-kind\", \"ship-it\", \"be-kind\"]\n",
        )
        .unwrap();
        assert_eq!(set.slugs, ["be-kind", "ship-it"]);
        let err = parse("p.toml", "name = \"x\"\nprinciples = [\"Be Kind\"]\n").unwrap_err();
        assert!(err.message.contains("not a slug"), "{err}");
        let err = parse("p.toml", "name = \"x\"\nprinciple = []\n").unwrap_err();
        assert!(err.to_string().starts_with("p.toml:2: error:"), "{err}");
    }
}
