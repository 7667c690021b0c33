//! The one integration-test binary: runs the real `jwtscan` binary on
//! fixture trees and repositories built in temp dirs.

mod action;
mod attacks;
mod corpus;
mod crossfile;
mod envrules;
mod formats;
mod git;
mod hooks;
mod hostile;
mod inputs;
mod misuse;
mod output;
mod places;
mod properties;
mod readme;
mod support;
mod team;
mod tokens;
