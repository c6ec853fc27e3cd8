using ComplianceDashboard.Core.Audit;
using ComplianceDashboard.Core.Common;

namespace ComplianceDashboard.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTime Start = new(2025, 3, 4, 5, 6, 7, 123, DateTimeKind.Utc);

    private static AuditEntry Unlinked(int n) => new()
    {
        At = Start.AddMinutes(n),
        ActorId = "user:officer@demo.example",
        ActorName = "Olivia Officer",
        Action = "jurisdiction.updated",
        EntityType = "Jurisdiction",
        EntityId = "UK",
        Summary = $"Change number {n}",
    };

    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        var head = ChainHead.Empty;
        for (var n = 1; n <= count; n++)
        {
            var linked = AuditChain.Link(Unlinked(n), head);
            entries.Add(linked);
            head = new ChainHead(linked.Sequence, linked.Hash);
        }
        return entries;
    }

    private static List<AuditEntry> Relink(IEnumerable<AuditEntry> entries)
    {
        // What a forger would do: renumber and rehash everything so each entry is internally consistent.
        var relinked = new List<AuditEntry>();
        var head = ChainHead.Empty;
        foreach (var entry in entries)
        {
            var linked = AuditChain.Link(entry, head);
            relinked.Add(linked);
            head = new ChainHead(linked.Sequence, linked.Hash);
        }
        return relinked;
    }

    [Fact]
    public void Link_StartsTheChainAtSequenceOneAfterTheGenesisHash()
    {
        var first = AuditChain.Link(Unlinked(1), ChainHead.Empty);

        Assert.Equal(1, first.Sequence);
        Assert.Equal(ChainHead.GenesisHash, first.PreviousHash);
        Assert.Equal(CanonicalJson.Sha256Hex(ChainHead.GenesisHash + first.Canonical()), first.Hash);
    }

    [Fact]
    public void Link_TakesTheSequenceAndPreviousHashFromTheHead()
    {
        var head = new ChainHead(41, new string('a', 64));

        var linked = AuditChain.Link(Unlinked(42), head);

        Assert.Equal(42, linked.Sequence);
        Assert.Equal(head.Hash, linked.PreviousHash);
        Assert.Equal(linked.ComputeHash(), linked.Hash);
        Assert.Equal(CanonicalJson.Sha256Hex(head.Hash + linked.Canonical()), linked.Hash);
    }

    [Fact]
    public void Hash_OfAKnownEntry_NeverChanges()
    {
        var entry = AuditChain.Link(new AuditEntry
        {
            At = new DateTime(2025, 3, 4, 5, 6, 7, 123, DateTimeKind.Utc),
            ActorId = "user:officer@demo.example",
            ActorName = "Olivia Officer",
            Action = "jurisdiction.created",
            EntityType = "Jurisdiction",
            EntityId = "UK",
            Summary = "Created United Kingdom (ICO), state Planned",
        }, ChainHead.Empty);

        Assert.Equal(
            """{"$schema":"audit-entry/v1","action":"jurisdiction.created","actorId":"user:officer@demo.example","actorName":"Olivia Officer","at":"2025-03-04T05:06:07.123Z","entityId":"UK","entityType":"Jurisdiction","previousHash":"0000000000000000000000000000000000000000000000000000000000000000","sequence":1,"summary":"Created United Kingdom (ICO), state Planned"}""",
            entry.Canonical());
        Assert.Equal("e21de0c9011d93bc58791bb0d9ff0dfe71faf3325cf440a5ae854287cdd58a30", entry.Hash);
    }

    [Fact]
    public void Verify_ReportsIntact_WithTheCountAndHead()
    {
        var entries = Chain(5);

        var result = AuditChain.Verify(entries);

        Assert.True(result.Intact);
        Assert.Equal(5, result.Count);
        Assert.Equal(entries[^1].Hash, result.HeadHash);
        Assert.Null(result.FirstBrokenSequence);
        Assert.Null(result.Problem);
    }

    [Fact]
    public void Verify_ReportsAnEmptyChainAsIntactAtTheGenesisHash()
    {
        var result = AuditChain.Verify([]);

        Assert.True(result.Intact);
        Assert.Equal(0, result.Count);
        Assert.Equal(ChainHead.GenesisHash, result.HeadHash);
    }

    [Fact]
    public void Verify_DetectsAnEditedEntry_AtThatEntry()
    {
        var entries = Chain(5);
        entries[2] = entries[2] with { Summary = "Something else happened" };

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Equal(2, result.Count);
        Assert.Equal(entries[1].Hash, result.HeadHash);
        Assert.Contains("edited", result.Problem);
    }

    [Fact]
    public void Verify_DetectsAnEditedTime_EvenByOneMillisecond()
    {
        var entries = Chain(3);
        entries[1] = entries[1] with { At = entries[1].At.AddMilliseconds(1) };

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(2, result.FirstBrokenSequence);
    }

    [Fact]
    public void Verify_DetectsADeletedMiddleEntry_AtTheMissingSequence()
    {
        var entries = Chain(5);
        entries.RemoveAt(2);

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Contains("missing", result.Problem);
    }

    [Fact]
    public void Verify_DetectsADeletedMiddleEntry_WhenLaterEntriesAreRenumbered()
    {
        var entries = Chain(5);
        var renumbered = entries.Take(2)
            .Concat(entries.Skip(3).Select(e => e with { Sequence = e.Sequence - 1 }))
            .ToList();

        var result = AuditChain.Verify(renumbered);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Contains("does not link", result.Problem);
    }

    [Fact]
    public void Verify_DetectsTwoReorderedEntries_AtTheFirstOutOfPlace()
    {
        var entries = Chain(5);
        (entries[2], entries[3]) = (entries[3], entries[2]);

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
    }

    [Fact]
    public void Verify_DetectsTwoEntriesWhoseContentsWereSwapped_KeepingTheirSequences()
    {
        var entries = Chain(5);
        var (third, fourth) = (entries[2], entries[3]);
        entries[2] = fourth with { Sequence = 3 };
        entries[3] = third with { Sequence = 4 };

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(3, result.FirstBrokenSequence);
        Assert.Contains("does not link", result.Problem);
    }

    [Fact]
    public void Verify_DetectsADeletedFirstEntry()
    {
        var entries = Chain(3);
        entries.RemoveAt(0);

        var result = AuditChain.Verify(entries);

        Assert.False(result.Intact);
        Assert.Equal(1, result.FirstBrokenSequence);
        Assert.Equal(0, result.Count);
    }

    [Fact]
    public void VerifyWithRecordedHeads_IsIntact_WhenEveryRecordedHeadIsOnTheChain()
    {
        var entries = Chain(5);

        var result = AuditChain.Verify(entries, [new ChainHead(3, entries[2].Hash), new ChainHead(5, entries[4].Hash), ChainHead.Empty]);

        Assert.True(result.Intact);
        Assert.Equal(5, result.Count);
    }

    [Fact]
    public void VerifyWithRecordedHeads_DetectsATruncatedTail()
    {
        var entries = Chain(5);
        var recorded = new ChainHead(5, entries[4].Hash);
        var truncated = entries.Take(3).ToList();
        Assert.True(AuditChain.Verify(truncated).Intact);

        var result = AuditChain.Verify(truncated, [recorded]);

        Assert.False(result.Intact);
        Assert.Equal(4, result.FirstBrokenSequence);
        Assert.Equal(3, result.Count);
        Assert.Contains("cut off", result.Problem);
    }

    [Fact]
    public void VerifyWithRecordedHeads_DetectsATailCutOffAfterAHeadWhoseRecordingWasAudited()
    {
        var entries = Chain(5);
        var recorded = new RecordedChainHead(new ChainHead(3, entries[2].Hash), "evidence pack EP-UK-1", entries[3].At);
        Assert.True(AuditChain.Verify(entries, [recorded]).Intact);

        var result = AuditChain.Verify(entries.Take(3), [recorded]);

        Assert.False(result.Intact);
        Assert.Equal(4, result.FirstBrokenSequence);
        Assert.Contains("entries after 3 were cut off (evidence pack EP-UK-1 was recorded at", result.Problem);
    }

    [Fact]
    public void VerifyWithRecordedHeads_DetectsATailThatWasCutOffAndRewritten()
    {
        var entries = Chain(5);
        var recorded = new ChainHead(4, entries[3].Hash);
        var rewritten = Relink(entries.Take(3).Concat([Unlinked(99), Unlinked(100)]));
        Assert.True(AuditChain.Verify(rewritten).Intact);

        var result = AuditChain.Verify(rewritten, [recorded]);

        Assert.False(result.Intact);
        Assert.Equal(4, result.FirstBrokenSequence);
    }

    [Fact]
    public void Describe_NamesTheBrokenEntry()
    {
        var entries = Chain(3);
        entries[1] = entries[1] with { ActorName = "Someone else" };

        var description = AuditChain.Verify(entries).Describe();

        Assert.StartsWith("Broken at entry 2:", description);
    }
}
