using Azure.Data.Tables;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Serialization;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// How a region's rows are stored: a product as Orleans' binary serialization of <see cref="RegionProduct"/>, split
/// over properties of <see cref="ChunkBytes"/> (Azure Table's property limit is 64 KiB) and at most
/// <see cref="MaxProductBytes"/> in all (its entity limit is 1 MiB), plus plain columns for people reading the table;
/// a notification (an outbox or alert row) as one binary property.
/// </summary>
internal sealed class RegionRows(Serializer<RegionProduct> products, Serializer<Notification> notifications)
{
    public const int ChunkBytes = 60 * 1024;

    public const int MaxChunks = 14;

    /// <summary>The largest product row: 840 KiB, under the 1 MiB entity limit with room for the columns.</summary>
    public const int MaxProductBytes = ChunkBytes * MaxChunks;

    private const string Data = "Data";
    private const string Chunks = "Chunks";

    /// <summary>The product's row.</summary>
    /// <exception cref="RegionRefusedException">The product serializes past <see cref="MaxProductBytes"/>.</exception>
    public TableEntity Product(string regionId, string productId, RegionProduct product)
    {
        var bytes = products.SerializeToArray(product);
        if (bytes.Length > MaxProductBytes)
        {
            throw new RegionRefusedException(
                $"Region {regionId}: product {productId} would take {bytes.Length} bytes, over a row's {MaxProductBytes}; the change was refused.", "row_size");
        }

        var row = new TableEntity(RegionTableKeys.Partition(regionId, productId), RegionTableKeys.ProductRow(productId))
        {
            ["ProductId"] = productId,
            ["AvailableQuantity"] = product.Available,
            ["LowStock"] = product.Low,
        };
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        row[Chunks] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            row[$"{Data}{i}"] = bytes.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - i * ChunkBytes)).ToArray();
        }

        return row;
    }

    public RegionProduct ReadProduct(TableEntity row)
    {
        var chunks = row.GetInt32(Chunks) ?? 0;
        if (chunks == 1)
        {
            return products.Deserialize(Chunk(row, 0)) ?? throw Unreadable(row);
        }

        using var bytes = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            bytes.Write(Chunk(row, i));
        }

        return products.Deserialize(bytes.ToArray()) ?? throw Unreadable(row);
    }

    /// <summary>A notification's row under <paramref name="rowKey"/> in the partition of its product.</summary>
    public TableEntity Notification(string regionId, string rowKey, Notification notification) =>
        new(RegionTableKeys.Partition(regionId, notification.ProductId!), rowKey)
        {
            ["NotificationId"] = notification.Id,
            ["Type"] = notification.Type.ToString(),
            [Data] = notifications.SerializeToArray(notification),
        };

    public Notification ReadNotification(TableEntity row) =>
        notifications.Deserialize(row.GetBinary(Data) ?? throw Unreadable(row)) ?? throw Unreadable(row);

    private static byte[] Chunk(TableEntity row, int index) => row.GetBinary($"{Data}{index}") ?? throw Unreadable(row);

    private static InvalidDataException Unreadable(TableEntity row) => new($"Region table row {row.PartitionKey}/{row.RowKey} is not a region row.");
}
