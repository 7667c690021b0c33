<?php

declare(strict_types=1);

namespace App\Auth;

use Firebase\JWT\JWT;
use Firebase\JWT\Key;

final class TokenService
{
    /** The identity provider's published verification key (RS256). */
    private const IDP_PUBLIC_KEY = <<<'PEM'
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtwW+PZrMet4nS06n2wSW
4QovaB4n5X+axwDowToqircs73VEohLIT2OYqLOzG75D+91YoQH3yy7qlchvgble
s02tvjz0QaaRsWZl4wbzvAvZAPmdAVRZ+U08su6wHorOLBOjAC6nNnnqunr+2Zc0
wYYtHjCTdpF/S3GA150HrWrIj3Zi6E+0la13uFovsQNcEju+oXNnMkAfQ1Wn1qQf
Eq26rJTBLz+rZwdLH+SHxVAgZUA9NUIGJtpJPNJBFN74j77J+TB4TNajMGT21LAE
wlEtT2GAURYuVIG9tgEnnJFLQuD2TokH8VvXangvvQI7jjPUGJijP6ntgZBCQP2V
QwIDAQAB
-----END PUBLIC KEY-----
PEM;

    public function __construct(private readonly string $secret)
    {
    }

    public static function fromEnvironment(): self
    {
        $secret = getenv('JWT_SECRET');
        if ($secret === false || $secret === '') {
            throw new \RuntimeException('JWT_SECRET is not set');
        }

        return new self($secret);
    }

    public function issue(string $userId): string
    {
        return JWT::encode(['sub' => $userId, 'exp' => time() + 3600], $this->secret, 'HS256');
    }

    public function verifyPartner(string $jwt): object
    {
        return JWT::decode($jwt, new Key($_ENV['PARTNER_JWT_SECRET'], 'HS256'));
    }

    public function verifyService(string $jwt): object
    {
        return JWT::decode($jwt, new Key(env('SERVICE_JWT_SECRET'), 'HS256'));
    }

    public function verifyAdmin(string $jwt): object
    {
        return JWT::decode($jwt, new Key(config('jwt.admin_secret'), 'HS256'));
    }

    public function verifyIdentityProvider(string $jwt): object
    {
        return JWT::decode($jwt, new Key(self::IDP_PUBLIC_KEY, 'RS256'));
    }
}
