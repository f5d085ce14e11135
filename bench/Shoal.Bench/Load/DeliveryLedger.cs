namespace Shoal.Bench.Load;

/// <summary>
/// Per-message bookkeeping for the end-to-end scenarios: was the send acknowledged, how often was
/// the message received from each queue it goes to, how often deleted there. Message ids are dense
/// (0, 1, 2, …) so a chunked array of ints replaces a dictionary; every update is one interlocked
/// operation on one int.
/// <para>
/// A message has one slot per copy (per queue: one, or the subscribed queues of a fan-out): receipts in
/// bits 0–14, deletes in bits 15–29, and in the first copy's slot the sent flag (bit 30). With several
/// copies one more slot counts the queues the message has been deleted from, so that the last of them
/// knows the message is done.
/// </para>
/// </summary>
public sealed class DeliveryLedger
{
    private const int ChunkBits = 16, ChunkSize = 1 << ChunkBits;
    private const int SentFlag = 1 << 30, DeleteUnit = 1 << 15, CountMask = DeleteUnit - 1;

    private readonly Lock _grow = new();
    private readonly int _copies, _stride;
    private int[]?[] _chunks = new int[]?[64];
    private long _issued;

    public DeliveryLedger(int copies = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        _copies = copies;
        _stride = copies == 1 ? 1 : copies + 1;
    }

    /// <summary>Ids handed out so far.</summary>
    public long Issued => Volatile.Read(ref _issued);

    /// <summary>Hands out <paramref name="count"/> consecutive new ids and returns the first.</summary>
    public long Reserve(int count)
    {
        var end = Interlocked.Add(ref _issued, count);
        Slot(end * _stride - 1); // make sure the chunk exists before anyone can receive these ids
        return end - count;
    }

    public void MarkSent(long id) => Interlocked.Or(ref Slot(id * _stride), SentFlag);

    /// <summary>Records a receipt from copy (queue) <paramref name="copy"/>; returns false for an id that was never issued (a corrupt body).</summary>
    public bool MarkReceived(long id, int copy = 0)
    {
        if (id < 0 || id >= Issued || (uint)copy >= (uint)_copies)
            return false;
        Interlocked.Increment(ref Slot(id * _stride + copy));
        return true;
    }

    /// <summary>Records a delete from copy <paramref name="copy"/>; returns true when that made the message deleted from every copy.</summary>
    public bool MarkDeleted(long id, int copy = 0)
    {
        var slot = Interlocked.Add(ref Slot(id * _stride + copy), DeleteUnit);
        if ((slot & ~SentFlag) / DeleteUnit != 1)
            return false; // a second delete of this copy
        return _copies == 1 || Interlocked.Increment(ref Slot(id * _stride + _copies)) == _copies;
    }

    /// <summary>Counts after the run. Each slot holds up to 32,767 receipts and deletes of one message, far more than a run sees.</summary>
    public LedgerTotals Totals()
    {
        long sent = 0, unacknowledgedButDelivered = 0;
        var received = new long[_copies];
        var missing = new long[_copies];
        var duplicates = new long[_copies];
        var issued = Issued;
        for (long id = 0; id < issued; id++)
        {
            var acknowledged = (Read(id * _stride) & SentFlag) != 0;
            if (acknowledged) sent++;
            var arrived = false;
            for (var copy = 0; copy < _copies; copy++)
            {
                var slot = Read(id * _stride + copy);
                var receipts = slot & CountMask;
                var deleted = (slot & ~SentFlag) / DeleteUnit;
                if (acknowledged && deleted == 0) missing[copy]++;
                if (receipts > 0) received[copy]++;
                if (receipts > 1) duplicates[copy] += receipts - 1;
                arrived |= receipts > 0;
            }
            if (!acknowledged && arrived)
                unacknowledgedButDelivered++; // the send failed or timed out on our side, yet it arrived
        }
        return new LedgerTotals(sent, received.Sum(), missing.Sum(), duplicates.Sum(), unacknowledgedButDelivered,
            [.. Enumerable.Range(0, _copies).Select(c => new CopyTotals(received[c], missing[c], duplicates[c]))]);
    }

    private int Read(long index)
    {
        var chunk = _chunks[index >> ChunkBits];
        return chunk is null ? 0 : Volatile.Read(ref chunk[index & (ChunkSize - 1)]);
    }

    private ref int Slot(long index)
    {
        var chunkIndex = (int)(index >> ChunkBits);
        var chunks = Volatile.Read(ref _chunks);
        var chunk = chunkIndex < chunks.Length ? Volatile.Read(ref chunks[chunkIndex]) : null;
        chunk ??= Grow(chunkIndex);
        return ref chunk[index & (ChunkSize - 1)];
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

/// <summary>
/// Sent: sends acknowledged; Received: messages received at least once, summed over the copies; Missing: sent,
/// never deleted (per copy, summed); Duplicates: extra receipts; PerCopy: the same per queue of a fan-out.
/// </summary>
public readonly record struct LedgerTotals(
    long Sent, long Received, long Missing, long Duplicates, long DeliveredWithoutAck, IReadOnlyList<CopyTotals> PerCopy);

/// <summary>One queue of a fan-out: messages received at least once from it, never deleted from it, extra receipts.</summary>
public readonly record struct CopyTotals(long Received, long Missing, long Duplicates);
