<?php

declare(strict_types=1);

namespace App\Services;

use App\Models\User;
use Firebase\JWT\JWT;
use Firebase\JWT\Key;

final class TokenService
{
    private const DOWNLOAD_KEY = 'Umgm83ZO76vwKhvJDNL8rYBIPRw_AyFa2FlYQFWS'; // expect: JWT201, JWT102

    public function issue(User $user): string
    {
        $now = time();
        $payload = [
            'iss' => config('app.url'),
            'sub' => $user->id,
            'iat' => $now,
            'exp' => $now + 3600,
        ];

        return JWT::encode($payload, 'laravel-jwt-2020', 'HS256'); // expect: JWT201, JWT102
    }

    public function downloadLink(int $fileId): string
    {
        $token = JWT::encode(['file' => $fileId, 'exp' => time() + 600], self::DOWNLOAD_KEY, 'HS384');

        return url("/downloads/{$fileId}?t={$token}");
    }

    public function verifyDownload(string $token): object
    {
        return JWT::decode($token, new Key(self::DOWNLOAD_KEY, 'HS384'));
    }
}
