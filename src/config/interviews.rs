//! Writing to the user's config file: an interview date set in the TUI is appended as a
//! `[[interviews]]` table, everything else in the file kept as written.

use super::RewriteError;
use anyhow::{Result, anyhow};
use std::path::Path;

/// Adds an interview date to the config file as a `[[interviews]]` table at its end (the
/// file is created when missing). Everything already in the file stays as written, comments
/// included. The result must still read as a config file, or nothing is written; the new
/// file replaces the old one in one rename.
pub fn add_interview(path: &Path, interview: &crate::plan::Interview) -> Result<()> {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut table = format!("[[interviews]]\ndate = \"{}\"\n", interview.date);
    if let Some(l) = &interview.loop_key {
        table.push_str(&format!("loop = {}\n", quoted(l)));
    }
    if let Some(n) = &interview.name {
        table.push_str(&format!("name = {}\n", quoted(n)));
    }
    if let Some(t) = interview.target {
        table.push_str(&format!("target = {t}\n"));
    }
    let appended = |old: &str| {
        let mut text = old.to_string();
        if !text.is_empty() {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push('\n');
        }
        text + &table
    };
    super::rewrite(path, appended, |c| c.interviews.contains(interview)).map_err(|e| match e {
        RewriteError::Io(p, e) => anyhow::Error::new(e).context(format!("writing {}", p.display())),
        RewriteError::Unreadable(why) => anyhow!(
            "{} would not read back with the new date ({why}); add it by hand:\n{table}",
            path.display()
        ),
        RewriteError::Lost => anyhow!(
            "{} would not hold the new date; add it by hand:\n{table}",
            path.display()
        ),
    })
}

/// The interview dates and daily minutes the config file says now (after the user edited it),
/// or the file's first problem with its line. A missing file says none.
pub fn read_interviews(path: &Path) -> Result<(Vec<crate::plan::Interview>, Option<u32>)> {
    if !path.exists() {
        return Ok((Vec::new(), None));
    }
    let file = super::read_config(path)?;
    Ok((file.interviews, file.daily_minutes))
}

/// The line of the first `[[interviews]]` table in `text`, else the line after the end.
pub fn interviews_line(text: &str) -> u32 {
    let i = text
        .lines()
        .position(|l| l.trim_start().starts_with("[[interviews]]"))
        .unwrap_or(text.lines().count());
    i as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::super::{Flags, read_config, resolve};
    use super::*;
    use crate::content::Kind;

    fn interview(date: &str, loop_key: Option<&str>, name: Option<&str>) -> crate::plan::Interview {
        crate::plan::Interview {
            date: date.parse().unwrap(),
            loop_key: loop_key.map(Into::into),
            name: name.map(Into::into),
            target: None,
        }
    }

    #[test]
    fn an_interview_date_is_added_after_what_the_file_says() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        let before = "# my settings\nnew_per_day = 5 # a comment\n\n[[interviews]]\ndate = \"2027-02-01\"\n\n[limits.leetcode]\nnew_per_day = 2";
        std::fs::write(&p, before).unwrap();
        let iv = interview("2027-01-20", Some("ms"), Some("Acme \"applied\" scientist"));
        add_interview(&p, &iv).unwrap();
        let after = std::fs::read_to_string(&p).unwrap();
        assert!(after.starts_with(before), "{after}");
        let g = Flags {
            config: Some(p.clone()),
            ..Default::default()
        };
        let s = resolve(&g).unwrap();
        assert_eq!(s.interviews.len(), 2);
        assert_eq!(s.interviews[1], iv);
        assert_eq!(s.limits.new_per_day, 5);
        assert_eq!(s.limits.per_kind[&Kind::Leetcode].new_per_day, Some(2));
    }

    #[test]
    fn an_interview_date_creates_the_config_file_and_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new/config.toml");
        add_interview(&p, &interview("2027-01-20", None, None)).unwrap();
        assert_eq!(
            read_config(&p).unwrap().interviews,
            vec![interview("2027-01-20", None, None)]
        );
    }

    #[test]
    fn a_file_that_would_not_read_back_is_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.toml");
        // An inline array cannot be followed by a [[interviews]] table.
        let before = "interviews = []\n";
        std::fs::write(&p, before).unwrap();
        let err = add_interview(&p, &interview("2027-01-20", None, None)).unwrap_err();
        assert!(format!("{err:#}").contains("add it by hand"), "{err:#}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), before);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_config_file_stays_a_link_and_its_target_gets_the_date() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles/mlprep.toml");
        std::fs::create_dir_all(real.parent().unwrap()).unwrap();
        std::fs::write(&real, "new_per_day = 5\n").unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        add_interview(&link, &interview("2027-01-20", None, None)).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        let text = std::fs::read_to_string(&real).unwrap();
        assert!(
            text.starts_with("new_per_day = 5\n") && text.contains("2027-01-20"),
            "{text}"
        );
    }
}
