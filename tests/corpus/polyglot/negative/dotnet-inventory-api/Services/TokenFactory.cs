using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Inventory.Api.Services;

public sealed class JwtOptions
{
    public string Key { get; set; } = string.Empty;
    public string Issuer { get; set; } = "inventory-api";
    public string Audience { get; set; } = "";
    public int LifetimeMinutes { get; set; } = 30;
}

public sealed class TokenFactory
{
    private readonly JwtOptions _options;

    public TokenFactory(IOptions<JwtOptions> options) => _options = options.Value;

    public string Create(string user) => Create(user, _options.Key);

    public string Create(string user, string secret)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
        var token = new JwtSecurityToken(
            issuer: _options.Issuer,
            audience: _options.Audience,
            claims: new[] { new Claim(ClaimTypes.Name, user) },
            expires: DateTime.UtcNow.AddMinutes(_options.LifetimeMinutes),
            signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }
}
