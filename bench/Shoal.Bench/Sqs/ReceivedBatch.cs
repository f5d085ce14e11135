using Shoal.Bench.Load;

namespace Shoal.Bench.Sqs;

/// <summary>One received message: where its receipt handle sits in the batch, and what its body said.</summary>
public readonly record struct ReceivedMessage(int HandleOffset, int HandleLength, DecodeResult Result, long Id, long SentTimestamp, int Stream);

/// <summary>
/// The messages of one ReceiveMessage response. Receipt handles are copied (still JSON-escaped, ready to be
/// pasted into the delete request) because the response buffer is reused by the next request.
/// </summary>
public sealed class ReceivedBatch
{
    private byte[] _handles = new byte[8 * 1024];
    private int _used;
    private readonly List<ReceivedMessage> _messages = new(10);

    public IReadOnlyList<ReceivedMessage> Messages => _messages;

    public void Clear()
    {
        _messages.Clear();
        _used = 0;
    }

    public void Add(ReadOnlySpan<byte> receiptHandleJson, DecodeResult result, long id, long sentTimestamp, int stream)
    {
        if (_used + receiptHandleJson.Length > _handles.Length)
            Array.Resize(ref _handles, Math.Max(_handles.Length * 2, _used + receiptHandleJson.Length));
        receiptHandleJson.CopyTo(_handles.AsSpan(_used));
        _messages.Add(new ReceivedMessage(_used, receiptHandleJson.Length, result, id, sentTimestamp, stream));
        _used += receiptHandleJson.Length;
    }

    public ReadOnlySpan<byte> ReceiptHandle(int index)
    {
        var message = _messages[index];
        return _handles.AsSpan(message.HandleOffset, message.HandleLength);
    }
}
