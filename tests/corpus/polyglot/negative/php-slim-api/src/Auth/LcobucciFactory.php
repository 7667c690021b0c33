<?php

declare(strict_types=1);

namespace App\Auth;

use Lcobucci\JWT\Configuration;
use Lcobucci\JWT\Signer\Hmac\Sha256 as HmacSha256;
use Lcobucci\JWT\Signer\Key\InMemory;
use Lcobucci\JWT\Signer\Rsa\Sha256 as RsaSha256;

final class LcobucciFactory
{
    public static function symmetric(string $secret): Configuration
    {
        return Configuration::forSymmetricSigner(new HmacSha256(), InMemory::plainText($secret));
    }

    public static function fromConfig(): Configuration
    {
        return Configuration::forSymmetricSigner(new HmacSha256(), InMemory::plainText(config('jwt.secret')));
    }

    public static function verifierOnly(): Configuration
    {
        return Configuration::forAsymmetricSigner(
            new RsaSha256(),
            InMemory::file('/run/secrets/jwt_private.pem'),
            InMemory::file('/etc/app/jwt_public.pem'),
        );
    }
}
