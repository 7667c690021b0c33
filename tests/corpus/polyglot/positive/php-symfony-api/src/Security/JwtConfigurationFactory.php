<?php

declare(strict_types=1);

namespace App\Security;

use Lcobucci\Clock\SystemClock;
use Lcobucci\JWT\Configuration;
use Lcobucci\JWT\Signer\Hmac\Sha256;
use Lcobucci\JWT\Signer\Key\InMemory;
use Lcobucci\JWT\Validation\Constraint\SignedWith;
use Lcobucci\JWT\Validation\Constraint\StrictValidAt;

final class JwtConfigurationFactory
{
    public static function create(): Configuration
    {
        $config = Configuration::forSymmetricSigner(
            new Sha256(),
            InMemory::plainText('abcdefghijklmnopqrstuvwxyz0123456789') // expect: JWT201, JWT103
        );

        return self::withConstraints($config);
    }

    public static function forWebhooks(): Configuration
    {
        $config = Configuration::forSymmetricSigner(
            new Sha256(),
            InMemory::base64Encoded('mBC5v1sOKVvbdEitdSBenu59nfNfhwkedkJVNabosTw=') // expect: JWT201, JWT101
        );

        return self::withConstraints($config);
    }

    private static function withConstraints(Configuration $config): Configuration
    {
        $config->setValidationConstraints(
            new SignedWith($config->signer(), $config->verificationKey()),
            new StrictValidAt(SystemClock::fromUTC()),
        );

        return $config;
    }
}
