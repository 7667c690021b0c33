//! Tokens for the v1 API, signed with the `jwt` crate the way the old service did.
use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use jwt::{SignWithKey, VerifyWithKey};
use sha2::Sha256;

fn v1_key() -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(b"some-secret").expect("HMAC takes keys of any length") // expect: JWT201, JWT101
}

pub fn sign_v1<'a>(user: &'a str, exp: u64) -> Result<String, jwt::Error> {
    let mut claims: BTreeMap<&'a str, String> = BTreeMap::new();
    claims.insert("sub", user.to_owned());
    claims.insert("exp", exp.to_string());
    claims.sign_with_key(&v1_key())
}

pub fn verify_v1(token: &str) -> Result<BTreeMap<String, String>, jwt::Error> {
    token.verify_with_key(&v1_key())
}
