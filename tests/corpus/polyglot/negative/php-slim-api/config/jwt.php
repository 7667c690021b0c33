<?php

return [
    'secret' => env('JWT_SECRET'),
    'partner_secret' => env('PARTNER_JWT_SECRET', ''),
    'admin_secret' => env('ADMIN_JWT_SECRET', null),
    'public_key' => env('JWT_PUBLIC_KEY', 'file://' . __DIR__ . '/../keys/jwt-public.pem'),
    'ttl' => env('JWT_TTL', 60),
    'algo' => env('JWT_ALGO', 'HS256'),
];
