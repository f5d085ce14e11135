namespace Shoal.Bench.Metrics;

/// <summary>What a latency sample measures: one request/response, or one message from send to delete.</summary>
public enum Op
{
    SendMessage,
    SendMessageBatch,
    ReceiveMessage,
    DeleteMessage,
    DeleteMessageBatch,
    /// <summary>AMQP basic.publish until its publisher confirm.</summary>
    Publish,
    /// <summary>AMQP: ten basic.publish in flight, until all ten are confirmed.</summary>
    PublishBatch,
    /// <summary>SNS Publish (Query protocol) until its reply.</summary>
    SnsPublish,
    /// <summary>SNS PublishBatch of up to 10 until its reply.</summary>
    SnsPublishBatch,
    /// <summary>A message from the start of its send until its delete (SQS) or ack (AMQP) completed.</summary>
    EndToEnd,
}
