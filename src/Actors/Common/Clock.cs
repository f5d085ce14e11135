namespace Shoal.Actors.Common;

public static class Clock
{
    /// <summary>Milliseconds since the Unix epoch: the one time unit the rules use.</summary>
    public static long NowMs(this TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();
}
