namespace Shoal.Tests.Support;

public static class Unique
{
    /// <summary>A queue name no other test uses: the behaviour's name plus a random suffix.</summary>
    public static string Name(string behaviour) => $"{behaviour}-{Guid.NewGuid():N}"[..Math.Min(80, behaviour.Length + 33)];
}
