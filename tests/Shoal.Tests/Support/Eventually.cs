namespace Shoal.Tests.Support;

public static class Eventually
{
    /// <summary>Retries a check until it passes or <paramref name="seconds"/> run out, then lets its last failure through.</summary>
    public static async Task Holds(Func<Task> check, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                await check();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
