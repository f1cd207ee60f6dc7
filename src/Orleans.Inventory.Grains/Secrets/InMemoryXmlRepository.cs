using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Orleans.Inventory.Grains.Secrets;

/// <summary>
/// A key ring kept in this process only (<c>KeyStore: Memory</c>): Data Protection would otherwise pick a folder under
/// the user's home, which outlives an embedded silo whose grain state does not, and which tests would share.
/// </summary>
internal sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return [.. _elements.Select(e => new XElement(e))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}
