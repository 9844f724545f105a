//! Small English helpers shared by the CLI and the screens: counted nouns ("1 story",
//! "2 stories"). Pure functions; no terminal or database code.

/// `n` and the noun in the right number: `counted(1, "story", "stories")` is "1 story".
pub fn counted(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(counted(1, "story", "stories"), "1 story");
        assert_eq!(counted(0, "story", "stories"), "0 stories");
        assert_eq!(counted(2, "dossier", "dossiers"), "2 dossiers");
    }
}
