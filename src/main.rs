//! The `jwtscan` binary: parse the command line, run, exit.

use clap::Parser;

fn main() {
    let cli = jwtscan::cli::Cli::parse();
    let status = jwtscan::run(cli);
    std::process::exit(status.code());
}
