using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Orders.Api.Services;

/// <summary>Tokens for the old warehouse scanners and the EDI partner, both HS256 only.</summary>
public static class LegacyTokenIssuer
{
    private static readonly JwtSecurityTokenHandler Handler = new();

    public static string ForScanner(string scannerId)
    {
        var key = new SymmetricSecurityKey(Encoding.ASCII.GetBytes("a-string-secret-at-least-256-bits-long")); // expect: JWT201, JWT101
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(new[] { new Claim("scanner", scannerId) }),
            Expires = DateTime.UtcNow.AddHours(8),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return Handler.WriteToken(Handler.CreateToken(descriptor));
    }

    public static string ForPartner(string partnerId)
    {
        var audit = """{"event": "partner-token", "issuer": "legacy"}""";
        Console.WriteLine(audit);
        var key = new SymmetricSecurityKey(Convert.FromBase64String("Inp51dmN73kDW9m1BJyJz1PVCWxypDQTNyiAjWM7BPqUlFo2O8dkWaV2ZqzU8JRj")); // expect: JWT201
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(new[] { new Claim("partner", partnerId) }),
            Expires = DateTime.UtcNow.AddMinutes(20),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return Handler.WriteToken(Handler.CreateToken(descriptor));
    }
}
