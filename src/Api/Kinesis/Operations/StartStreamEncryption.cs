using Shoal.Actors.Streams;

namespace Shoal.Api.Kinesis.Operations;

/// <summary>KMS with a KeyId: recorded and reported (the stream, and each record put from now on); nothing is actually encrypted.</summary>
public static class StartStreamEncryption
{
    public static async Task Handle(KinesisRequest request)
    {
        var name = request.StreamName();
        var (type, key) = Encryption(request);
        await request.Reply(await request.AskStream(new ChangeEncryption(KinesisRequest.StreamIdOf(name), key)));
    }

    /// <summary>EncryptionType must be KMS and KeyId 1–2,048 characters, as the model says.</summary>
    public static (string Type, string Key) Encryption(KinesisRequest request)
    {
        var type = request.Reader.String("EncryptionType");
        if (type != "KMS") throw KinesisRequest.Error(ValidationErrors.One(type, "encryptionType", ValidationErrors.OneOf(["NONE", "KMS"])));
        var key = request.Reader.String("KeyId");
        if (string.IsNullOrEmpty(key)) throw KinesisRequest.Error(ValidationErrors.One(key, "keyId", ValidationErrors.MinLength(1)));
        if (key.Length > 2048) throw KinesisRequest.Error(ValidationErrors.One(key, "keyId", ValidationErrors.MaxLength(2048)));
        return (type, key);
    }
}
