using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Orders.Api.Services;

var builder = WebApplication.CreateBuilder(args);

// Local runs fall back to a dev key so `dotnet run` works without any setup.
var jwtKey = Environment.GetEnvironmentVariable("JWT_SECRET") ?? "dev-fallback"; // expect: JWT201, JWT102
var logDir = @"C:\logs\orders\";

builder.Services.AddSingleton<TokenService>();
builder.Services
    .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options =>
    {
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidIssuer = builder.Configuration["Jwt:Issuer"],
            ValidAudience = builder.Configuration["Jwt:Audience"],
            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwtKey)),
        };
    })
    .AddJwtBearer("Internal", options =>
    {
        // Tokens minted by the nightly jobs in the same cluster.
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = "orders-internal",
            ValidateAudience = false,
            ValidateLifetime = true,
            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
            IssuerSigningKey = new SymmetricSecurityKey(
                Encoding.UTF8.GetBytes("ThisIsAVeryLongSecretKeyForSigningJwtTokens")), // expect: JWT201, JWT103
        };
    });
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

app.MapPost("/token", (LoginRequest req, TokenService tokens) =>
    req.Username is { Length: > 0 }
        ? Results.Ok(new { token = tokens.Issue(req.Username) })
        : Results.BadRequest());
app.MapGet("/orders", () => Results.Ok(Array.Empty<object>())).RequireAuthorization();

app.Logger.LogInformation("Writing logs to {LogDir}", logDir);
app.Run();

record LoginRequest(string Username, string Password);
