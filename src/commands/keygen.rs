//! `jwtscan keygen`: a random key of the length an algorithm needs.

use std::io::{self, IsTerminal, Write};

use anyhow::Result;

use crate::cli;
use crate::keygen;

/// `jwtscan keygen`; raw bytes never go to a terminal.
pub(crate) fn run(args: &cli::KeygenArgs, out: &mut dyn Write) -> Result<()> {
    if args.format == cli::KeyFormat::Raw && io::stdout().is_terminal() {
        anyhow::bail!("refusing to print raw key bytes to a terminal: redirect to a file or use --format base64");
    }
    let key = keygen::random_key(keygen::key_len(args.alg))?;
    out.write_all(&keygen::render(&key, args.format, &args.name))?;
    Ok(())
}
