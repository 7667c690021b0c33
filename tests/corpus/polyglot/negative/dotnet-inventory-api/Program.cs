using System.Security.Cryptography;
using System.Text;
using Inventory.Api.Services;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

var builder = WebApplication.CreateBuilder(args);

// Every key comes from configuration (user-secrets locally, Key Vault in Azure).
var jwtKey = builder.Configuration["Jwt:Key"]
    ?? throw new InvalidOperationException("Jwt:Key is not configured");
var issuer = builder.Configuration.GetValue<string>("Jwt:Issuer");
var signingKey = builder.Configuration.GetValue<string>("Jwt:Key");
var internalKey = builder.Configuration.GetValue<string>("Jwt:InternalKey") ?? string.Empty;
var partnerKey = Environment.GetEnvironmentVariable("PARTNER_JWT_SECRET")
    ?? throw new InvalidOperationException("PARTNER_JWT_SECRET must be set");
var reportKey = Environment.GetEnvironmentVariable("REPORT_JWT_SECRET") ?? "";

var idpKey = RSA.Create();
idpKey.ImportFromPem(File.ReadAllText(Path.Combine(builder.Environment.ContentRootPath, "keys", "idp-public.pem")));

builder.Services.Configure<JwtOptions>(builder.Configuration.GetSection("Jwt"));
builder.Services.AddSingleton<TokenFactory>();
builder.Services
    .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options =>
    {
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = builder.Configuration["Jwt:Audience"],
            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwtKey)),
        };
    })
    .AddJwtBearer("Partner", options =>
    {
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = "partner-gateway",
            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(partnerKey)),
        };
    })
    .AddJwtBearer("Idp", options =>
    {
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = "https://login.example.com",
            ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
            IssuerSigningKey = new RsaSecurityKey(idpKey),
        };
    });

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapGet("/health", () => Results.Ok(new { internalKeySet = internalKey.Length > 0, reportKeySet = reportKey.Length > 0, signingKeySet = signingKey is not null }));
app.Run();
