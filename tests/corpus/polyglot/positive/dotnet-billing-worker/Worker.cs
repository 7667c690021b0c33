using System.Configuration;
using System.Xml.Linq;

namespace Billing.Worker;

public sealed class Worker
{
    private readonly string _jwtSecret = ConfigurationManager.AppSettings["JwtSecret"];
    private readonly XDocument _security = XDocument.Load("security.xml");

    public string Audience => ConfigurationManager.AppSettings["JwtAudience"];

    public string SecuritySetting(string name) =>
        _security.Root?.Element(name)?.Value ?? string.Empty;

    public int SecretLength => _jwtSecret.Length;
}
