// UI strings; nothing here signs or verifies tokens.
export const labels = {
  secret: 'Secret',
  jwtSecret: 'JWT secret',
  placeholder: 'paste your-256-bit-secret here',
  changeme: 'changeme',
};

export function maskSecret(value: string): string {
  if (value.length <= 4) return '****';
  return `${value.slice(0, 2)}${'*'.repeat(value.length - 4)}${value.slice(-2)}`;
}

export function secretHint(secret: string): string {
  return secret.length < 32 ? 'Use at least 32 random bytes for HS256.' : 'Looks long enough.';
}
