//! `jwtscan config --print`: the effective configuration, and where it came
//! from.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::setup;
use crate::cli;
use crate::ExitStatus;

pub(crate) fn run(args: &cli::ConfigCmdArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let paths: Vec<PathBuf> = args.path.iter().cloned().collect();
    let setup = setup(&paths, false, &args.config)?;
    let source = match &setup.loaded.file {
        Some(file) => format!("# from {}", file.display()),
        None => "# no .jwtscan.yaml: the defaults".to_string(),
    };
    let effective = setup.loaded.effective();
    let yaml = crate::yaml::to_string(&effective)?;
    write!(out, "{source}\n{yaml}")?;
    Ok(ExitStatus::Clean)
}
