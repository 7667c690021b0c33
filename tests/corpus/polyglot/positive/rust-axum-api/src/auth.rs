use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// A bearer token borrowed from the request header.
pub struct Bearer<'a>(pub &'a str);

const JWT_SECRET: &[u8] = b"1q2w3e4r5t6y7u8i9o0p1q2w3e4r5t6y7u8i9o0p"; // expect: JWT201, JWT103
const ISSUER: &str = "axum-api";

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub iss: String,
    pub exp: u64,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

pub fn issue<'a>(user: &'a str) -> Result<String, jsonwebtoken::errors::Error> {
    let claims = Claims { sub: user.to_owned(), iss: ISSUER.to_owned(), exp: now() + 3600 };
    encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(JWT_SECRET))
}

pub fn verify(token: Bearer<'_>) -> Result<Claims, jsonwebtoken::errors::Error> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    decode::<Claims>(token.0, &DecodingKey::from_secret(JWT_SECRET), &validation).map(|d| d.claims)
}

pub fn bearer<'h>(header: &'h str) -> Option<Bearer<'h>> {
    let quote = '"';
    header
        .strip_prefix("Bearer ")
        .map(|t| Bearer(t.trim_matches(quote)))
}
