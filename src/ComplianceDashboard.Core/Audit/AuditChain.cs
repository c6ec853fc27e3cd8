namespace ComplianceDashboard.Core.Audit;

/// <summary>The result of walking the chain.</summary>
public sealed record ChainVerification(bool Intact, long Count, string HeadHash, long? FirstBrokenSequence, string? Problem)
{
    public string Describe() => Intact
        ? $"Intact ({Count:N0} entries, head {HeadHash})"
        : $"Broken at entry {FirstBrokenSequence}: {Problem}";
}

/// <summary>Links and verifies the audit chain (DESIGN decision 1).</summary>
public static class AuditChain
{
    /// <summary>Completes <paramref name="entry"/> as the link after <paramref name="head"/>.</summary>
    public static AuditEntry Link(AuditEntry entry, ChainHead head)
    {
        var linked = entry with { Sequence = head.Count + 1, PreviousHash = head.Hash };
        return linked with { Hash = linked.ComputeHash() };
    }

    /// <summary>Walks entries in stored order and reports the first one that is edited, missing or out of place.</summary>
    public static ChainVerification Verify(IEnumerable<AuditEntry> entriesInOrder)
    {
        var head = ChainHead.Empty;
        foreach (var entry in entriesInOrder)
        {
            var expected = head.Count + 1;
            if (entry.Sequence != expected)
                return Broken(expected, entry.Sequence < expected
                    ? $"entry {entry.Sequence} appears out of order after entry {head.Count}"
                    : $"entries {expected} to {entry.Sequence - 1} are missing");
            if (entry.PreviousHash != head.Hash)
                return Broken(entry.Sequence, "it does not link to the entry before it (an entry was removed, reordered or replaced)");
            if (entry.ComputeHash() != entry.Hash)
                return Broken(entry.Sequence, "its content does not match its hash (the entry was edited)");
            head = new ChainHead(entry.Sequence, entry.Hash);
        }
        return new ChainVerification(true, head.Count, head.Hash, null, null);

        ChainVerification Broken(long sequence, string problem) => new(false, head.Count, head.Hash, sequence, problem);
    }

    /// <summary>Verifies the chain and that every head recorded elsewhere (e.g. in a pack) is still on it.</summary>
    public static ChainVerification Verify(IEnumerable<AuditEntry> entriesInOrder, IEnumerable<ChainHead> recordedHeads) =>
        Verify(entriesInOrder, recordedHeads.Select(h => (RecordedChainHead)h));

    /// <summary>
    /// Verifies the chain, that every recorded head is still on it, and, for a head with a recording time, that the chain
    /// goes on past the head and reaches that time: the recording itself was audited after the head, so a chain that ends
    /// at the head or before that moment lost its tail.
    /// </summary>
    public static ChainVerification Verify(IEnumerable<AuditEntry> entriesInOrder, IEnumerable<RecordedChainHead> recordedHeads)
    {
        var hashes = new Dictionary<long, string>();
        var newest = DateTime.MinValue;
        var result = Verify(entriesInOrder.Select(e => { hashes[e.Sequence] = e.Hash; if (e.At > newest) newest = e.At; return e; }));
        if (!result.Intact) return result;
        foreach (var (recorded, by, at) in recordedHeads)
        {
            if (recorded.Count > result.Count)
                return result with { Intact = false, FirstBrokenSequence = result.Count + 1, Problem = $"entries {result.Count + 1} to {recorded.Count} were cut off ({by} recorded the chain head at {recorded.Count} entries, head {recorded.Hash})" };
            if (recorded.Count > 0 && hashes[recorded.Count] != recorded.Hash)
                return result with { Intact = false, FirstBrokenSequence = recorded.Count, Problem = $"the chain head recorded by {by} ({recorded.Count} entries, {recorded.Hash}) is no longer on the chain: entries were rewritten" };
            if (at is { } recordedAt && (result.Count <= recorded.Count || newest < recordedAt))
                return result with { Intact = false, FirstBrokenSequence = result.Count + 1, Problem = $"entries after {result.Count} were cut off ({by} was recorded at {recordedAt:yyyy-MM-dd HH:mm:ss.fff} UTC, after its head, but the chain ends at or before that head or before that moment: the entry recording it is gone)" };
        }
        return result;
    }
}
