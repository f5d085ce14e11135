namespace Shoal.Actors.Common;

/// <summary>
/// A command the API may send a second time, when a broker left the cluster while the first was unanswered
/// and may have taken it along. The copy says it is one, so the entity can answer with what the first
/// stored if that arrived after all, instead of storing it twice.
/// </summary>
public interface IResendable
{
    object AsResent();
}
