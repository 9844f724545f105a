//! `export`, `import`, `backup`, `restore`, `doctor`, `optimize`.

use crate::cli::{DoctorArgs, ExportArgs, ImportArgs, OptimizeArgs, RestoreArgs};
use crate::config::Settings;
use anyhow::{Result, bail};

pub fn export(_settings: Settings, _args: &ExportArgs) -> Result<i32> {
    bail!("not implemented yet")
}
pub fn import(_settings: Settings, _args: &ImportArgs) -> Result<i32> {
    bail!("not implemented yet")
}
pub fn backup(_settings: Settings) -> Result<i32> {
    bail!("not implemented yet")
}
pub fn restore(_settings: Settings, _args: &RestoreArgs) -> Result<i32> {
    bail!("not implemented yet")
}
pub fn doctor(_settings: Settings, _args: &DoctorArgs) -> Result<i32> {
    bail!("not implemented yet")
}
pub fn optimize(_settings: Settings, _args: &OptimizeArgs) -> Result<i32> {
    bail!("not implemented yet")
}
