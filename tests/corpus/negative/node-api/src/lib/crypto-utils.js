'use strict';

const crypto = require('crypto');
const bcrypt = require('bcrypt');

// Not JWT: webhook payloads from the payment provider are HMAC-signed.
const WEBHOOK_SIGNING_SECRET = 'whsec_5f1c2a9e7b3d4c6e8f0a1b2c3d4e5f60';

// Seed account for local development only.
const password = "hunter2hunter2";

function checksum(buffer) {
  return crypto.createHash('sha256').update(buffer).digest('hex');
}

function verifyWebhook(rawBody, signature) {
  const expected = crypto.createHmac('sha256', WEBHOOK_SIGNING_SECRET).update(rawBody).digest('hex');
  return crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

async function seedPasswordHash() {
  return bcrypt.hash(password, 12);
}

function randomToken() {
  return crypto.randomBytes(32).toString('base64url');
}

module.exports = { checksum, verifyWebhook, seedPasswordHash, randomToken };
