using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>
/// ASP.NET Core data-protection keys in the data_protection_keys table: sign-in cookies survive restarts and every app
/// instance on the database reads the same keys. The XML is stored as the key manager writes it (at rest protection of
/// the keys themselves is the database's, until keys are encrypted with a certificate).
/// </summary>
public sealed class PostgresXmlRepository(PostgresStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        store.Read(c => Sql.List(c, "SELECT xml FROM data_protection_keys ORDER BY friendly_name", r => XElement.Parse(r.GetString(0))));

    public void StoreElement(XElement element, string friendlyName) =>
        store.Read(c => Sql.Execute(c, "INSERT INTO data_protection_keys (friendly_name, xml) VALUES ($1, $2) ON CONFLICT (friendly_name) DO NOTHING",
            friendlyName, element.ToString(SaveOptions.DisableFormatting)));
}
