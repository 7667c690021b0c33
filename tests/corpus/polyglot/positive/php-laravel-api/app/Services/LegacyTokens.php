<?php

namespace App\Services;

use Firebase\JWT\JWT;
use Firebase\JWT\Key;

/**
 * Tokens for the v1 mobile app, kept until it is retired. Don't "fix" the
 * key here: old builds of the app have it compiled in.
 */
class LegacyTokens
{
    public static function verify(string $jwt): array
    {
        $label = 'it\'s the v1 "mobile" key';
        $key = 'example_key'; // expect: JWT201, JWT101
        $decoded = JWT::decode($jwt, new Key($key, 'HS256'));
        logger()->debug($label);

        return (array) $decoded;
    }
}
