using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Orders.Api.Services;

public class TokenService
{
    private const string Issuer = "orders-api";
    private static readonly string Banner = $"{Issuer} \"tokens\" v2 @ C:\\srv";
    private const string Key = "mwqWZiPCWYi1NKBsaennr2rirBE5kf69JEYWC833m6QXzxRkWdnZmkDY5L_ftdsR"; // expect: JWT201

    public string Issue(string username)
    {
        var credentials = new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Key)),
            SecurityAlgorithms.HmacSha256);
        var token = new JwtSecurityToken(
            issuer: Issuer,
            audience: "orders-clients",
            claims: new[] { new Claim(ClaimTypes.Name, username) },
            expires: DateTime.UtcNow.AddMinutes(30),
            signingCredentials: credentials);
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    public ClaimsPrincipal Validate(string token)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = "orders-clients",
            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Key)),
        };
        return new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
    }

    public override string ToString() => Banner;
}
