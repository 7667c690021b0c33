'use strict';

const jwt = require('jsonwebtoken');
const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');

const client = new SecretsManagerClient({ region: process.env.AWS_REGION });
let cached;

async function getSecret() {
  if (!cached) {
    const out = await client.send(new GetSecretValueCommand({ SecretId: 'prod/jwt-signing-key' }));
    cached = out.SecretString;
  }
  return cached;
}

async function issueRefreshToken(userId) {
  return jwt.sign({ sub: userId, typ: 'refresh' }, await getSecret(), { expiresIn: '30d' });
}

async function verifyRefreshToken(token) {
  return jwt.verify(token, await getSecret(), { algorithms: ['HS256'] });
}

// An empty fallback is not a hardcoded key: the check below rejects it.
const fallbackSecret = process.env.JWT_SECRET || '';

function signLegacy(payload) {
  if (fallbackSecret === '') {
    throw new Error('legacy tokens are disabled');
  }
  return jwt.sign(payload, fallbackSecret);
}

module.exports = { issueRefreshToken, verifyRefreshToken, signLegacy };
