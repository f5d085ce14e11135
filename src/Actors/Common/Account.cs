namespace Shoal.Actors.Common;

/// <summary>Shoal serves one local account, as local AWS emulators do.</summary>
public static class Account
{
    public const string Id = "000000000000";
    public const string Region = "us-east-1";
}
