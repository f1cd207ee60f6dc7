using Microsoft.Extensions.Options;
using Orleans.Inventory.Events;
using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Grains.Warehouses;

/// <summary>Each seeded warehouse needs valid, unique ids; a failure names the entry and the field.</summary>
internal sealed class WarehouseSeedOptionsValidator : IValidateOptions<WarehouseSeedOptions>
{
    public ValidateOptionsResult Validate(string? name, WarehouseSeedOptions options)
    {
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Warehouses.Count; i++)
        {
            var seed = options.Warehouses[i];
            var at = $"{WarehouseSeedOptions.SectionName}:{i}";
            if (!IdRules.IsValid(seed.WarehouseId))
            {
                failures.Add($"{at}:WarehouseId '{seed.WarehouseId}' is not a valid id (1 to {IdRules.MaxLength} of {IdRules.Alphabet}).");
            }
            else if (!seen.Add(seed.WarehouseId))
            {
                failures.Add($"{at}:WarehouseId '{seed.WarehouseId}' is listed twice.");
            }

            if (!IdRules.IsValid(seed.RegionId))
            {
                failures.Add($"{at}:RegionId '{seed.RegionId}' is not a valid id (1 to {IdRules.MaxLength} of {IdRules.Alphabet}).");
            }

            if (seed.Name.Length > WarehouseInfo.MaxNameLength)
            {
                failures.Add($"{at}:Name is longer than {WarehouseInfo.MaxNameLength} characters.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
