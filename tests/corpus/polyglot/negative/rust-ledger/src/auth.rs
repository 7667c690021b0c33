use std::env;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub exp: u64,
}

/// The signing key: always from the environment, never a default.
pub fn load_secret() -> Result<String, env::VarError> {
    let secret = std::env::var("JWT_SECRET")?;
    Ok(secret)
}

fn refresh_key() -> EncodingKey {
    let secret = std::env::var("JWT_REFRESH_SECRET").expect("JWT_REFRESH_SECRET must be set");
    EncodingKey::from_secret(secret.as_bytes())
}

fn partner_key() -> DecodingKey {
    let secret = env::var("PARTNER_JWT_SECRET").unwrap_or_else(|_| panic!("PARTNER_JWT_SECRET not set"));
    DecodingKey::from_secret(secret.as_bytes())
}

fn optional_key() -> Option<DecodingKey> {
    let secret = env::var("AUDIT_JWT_SECRET").unwrap_or_default();
    (!secret.is_empty()).then(|| DecodingKey::from_secret(secret.as_bytes()))
}

pub fn key_from<'k>(secret: &'k [u8]) -> EncodingKey {
    EncodingKey::from_secret(secret)
}

pub fn sign(claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
    let secret = load_secret().expect("JWT_SECRET must be set");
    encode(&Header::new(Algorithm::HS256), claims, &key_from(secret.as_bytes()))
}

pub fn sign_refresh(claims: &Claims) -> Result<String, jsonwebtoken::errors::Error> {
    encode(&Header::new(Algorithm::HS256), claims, &refresh_key())
}

pub fn verify_partner(token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
    decode::<Claims>(token, &partner_key(), &Validation::new(Algorithm::HS256)).map(|d| d.claims)
}

pub fn verify_audit(token: &str) -> Option<Claims> {
    let key = optional_key()?;
    decode::<Claims>(token, &key, &Validation::new(Algorithm::HS256)).ok().map(|d| d.claims)
}

pub fn verify_idp(token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
    let key = DecodingKey::from_rsa_pem(include_bytes!("../keys/idp-public.pem"))?;
    decode::<Claims>(token, &key, &Validation::new(Algorithm::RS256)).map(|d| d.claims)
}
