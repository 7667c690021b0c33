//! `jwtscan fix`: `.gitignore` entries for env files, and with
//! `--env-secret` a fresh key in `.env`.

use std::io::Write;

use anyhow::Result;

use crate::{cli, fix, ExitStatus};

pub(crate) fn run(args: &cli::FixArgs, out: &mut dyn Write) -> Result<ExitStatus> {
    let rules = crate::rules::RuleSet::builtin()?;
    let options = fix::FixOptions {
        path: &args.path,
        dry_run: args.dry_run,
        env_secret: args.env_secret.as_deref(),
        words: &rules.words,
    };
    fix::run(&options, out)?;
    Ok(ExitStatus::Clean)
}
