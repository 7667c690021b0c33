<?php

namespace App\Http\Middleware;

use Closure;
use Firebase\JWT\ExpiredException;
use Firebase\JWT\JWT;
use Firebase\JWT\Key;
use Illuminate\Http\Request;
use UnexpectedValueException;

class VerifyPartnerToken
{
    public function handle(Request $request, Closure $next)
    {
        $jwt = $request->bearerToken();
        if ($jwt === null) {
            return response()->json(['error' => 'missing token'], 401);
        }

        try {
            $claims = JWT::decode($jwt, new Key('2WKTtTKZVmkBNuRUjlRxBMOLdCqCXS3-iI5atiHI4q38pJmaGwSKQjk4seSP4veZ', 'HS256')); // expect: JWT201
        } catch (ExpiredException $e) {
            return response()->json(['error' => 'token expired'], 401);
        } catch (UnexpectedValueException $e) {
            return response()->json(['error' => 'invalid token'], 401);
        }

        $request->attributes->set('partner', $claims->sub);

        return $next($request);
    }
}
