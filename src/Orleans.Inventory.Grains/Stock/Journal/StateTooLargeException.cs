namespace Orleans.Inventory.Grains.Stock.Journal;

/// <summary>A stock state that no longer fits one table row; the options' bounds are meant to make this impossible.</summary>
public sealed class StateTooLargeException(string message) : Exception(message);
