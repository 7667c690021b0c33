//! `jwtscan keygen`: a fresh HMAC key of the length the algorithm needs,
//! from the operating system's CSPRNG.
//!
//! An action of `commands/keygen.rs`: it uses nothing of the crate.

use anyhow::{anyhow, Result};
use base64::Engine;
use clap::ValueEnum;

/// The algorithm a key is for (`--alg`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyAlg {
    #[value(name = "HS256")]
    Hs256,
    #[value(name = "HS384")]
    Hs384,
    #[value(name = "HS512")]
    Hs512,
}

/// How the key is written (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyFormat {
    Raw,
    Base64,
    Env,
}

/// The key length in bytes: the hash's output size, as RFC 7518 §3.2 asks.
pub(crate) fn key_len(alg: KeyAlg) -> usize {
    match alg {
        KeyAlg::Hs256 => 32,
        KeyAlg::Hs384 => 48,
        KeyAlg::Hs512 => 64,
    }
}

/// `len` random bytes from the OS.
pub(crate) fn random_key(len: usize) -> Result<Vec<u8>> {
    let mut key = vec![0u8; len];
    getrandom::fill(&mut key)
        .map_err(|e| anyhow!("the operating system's random source failed: {e}"))?;
    Ok(key)
}

/// A key as text: base64url without padding (safe in URLs, shells and
/// `.env` files).
pub(crate) fn encode(key: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key)
}

/// The bytes `keygen` prints for `format`.
pub(crate) fn render(key: &[u8], format: KeyFormat, name: &str) -> Vec<u8> {
    match format {
        KeyFormat::Raw => key.to_vec(),
        KeyFormat::Base64 => format!("{}\n", encode(key)).into_bytes(),
        KeyFormat::Env => format!("{name}={}\n", encode(key)).into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_follow_the_algorithm() {
        for (alg, len) in [
            (KeyAlg::Hs256, 32),
            (KeyAlg::Hs384, 48),
            (KeyAlg::Hs512, 64),
        ] {
            let key = random_key(key_len(alg)).expect("random");
            assert_eq!(key.len(), len);
            // base64url of n bytes, unpadded.
            assert_eq!(encode(&key).len(), (len * 4).div_ceil(3));
        }
        let env = render(&[0xfb; 32], KeyFormat::Env, "JWT_SECRET");
        assert_eq!(
            String::from_utf8(env).expect("utf-8"),
            "JWT_SECRET=-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_v7-_s\n"
        );
    }
}
