namespace Shoal.Bench.Load;

/// <summary>
/// Per-message bookkeeping for the end-to-end scenarios: was the send acknowledged, how often was
/// the message received, how often deleted. Message ids are dense (0, 1, 2, …) so a chunked array
/// of ints replaces a dictionary; every update is one interlocked operation on one int.
/// </summary>
public sealed class DeliveryLedger
{
    private const int ChunkBits = 16, ChunkSize = 1 << ChunkBits;
    private const int SentFlag = 1 << 30, DeleteUnit = 1 << 15, CountMask = DeleteUnit - 1;

    private readonly Lock _grow = new();
    private int[]?[] _chunks = new int[]?[64];
    private long _issued;

    /// <summary>Ids handed out so far.</summary>
    public long Issued => Volatile.Read(ref _issued);

    /// <summary>Hands out <paramref name="count"/> consecutive new ids and returns the first.</summary>
    public long Reserve(int count)
    {
        var end = Interlocked.Add(ref _issued, count);
        Slot(end - 1); // make sure the chunk exists before anyone can receive these ids
        return end - count;
    }

    public void MarkSent(long id) => Interlocked.Or(ref Slot(id), SentFlag);

    /// <summary>Records a receipt; returns false for an id that was never issued (a corrupt body).</summary>
    public bool MarkReceived(long id)
    {
        if (id < 0 || id >= Issued)
            return false;
        Interlocked.Increment(ref Slot(id));
        return true;
    }

    public void MarkDeleted(long id) => Interlocked.Add(ref Slot(id), DeleteUnit);

    /// <summary>Counts after the run. Each slot holds up to 32,767 receipts and deletes of one message, far more than a run sees.</summary>
    public LedgerTotals Totals()
    {
        long sent = 0, received = 0, missing = 0, duplicates = 0, unacknowledgedButDelivered = 0;
        var issued = Issued;
        for (long id = 0; id < issued; id++)
        {
            var chunk = _chunks[id >> ChunkBits];
            var slot = chunk is null ? 0 : Volatile.Read(ref chunk[id & (ChunkSize - 1)]);
            var receipts = slot & CountMask;
            var deleted = (slot & ~SentFlag) / DeleteUnit;
            if ((slot & SentFlag) != 0)
            {
                sent++;
                if (deleted == 0) missing++;
            }
            else if (receipts > 0)
            {
                unacknowledgedButDelivered++; // the send failed or timed out on our side, yet it arrived
            }
            if (receipts > 0) received++;
            if (receipts > 1) duplicates += receipts - 1;
        }
        return new LedgerTotals(sent, received, missing, duplicates, unacknowledgedButDelivered);
    }

    private ref int Slot(long id)
    {
        var chunkIndex = (int)(id >> ChunkBits);
        var chunks = Volatile.Read(ref _chunks);
        var chunk = chunkIndex < chunks.Length ? Volatile.Read(ref chunks[chunkIndex]) : null;
        chunk ??= Grow(chunkIndex);
        return ref chunk[id & (ChunkSize - 1)];
    }

    private int[] Grow(int chunkIndex)
    {
        lock (_grow)
        {
            if (chunkIndex >= _chunks.Length)
            {
                var bigger = new int[]?[Math.Max(_chunks.Length * 2, chunkIndex + 1)];
                _chunks.CopyTo(bigger, 0);
                Volatile.Write(ref _chunks, bigger);
            }
            return _chunks[chunkIndex] ??= new int[ChunkSize];
        }
    }
}

/// <summary>Sent: sends acknowledged; Received: messages received at least once; Missing: sent, never deleted.</summary>
public readonly record struct LedgerTotals(long Sent, long Received, long Missing, long Duplicates, long DeliveredWithoutAck);
