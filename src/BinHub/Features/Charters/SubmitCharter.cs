using BinHub.Domain;

namespace BinHub.Features.Charters;

/// <summary>Creates the next charter version for a BIN (on submission for signatures or on renewal).</summary>
public static class SubmitCharter
{
    public static Charter NewVersion(Bin bin, DateTimeOffset now, int validityMonths = 36) => new()
    {
        BinId = bin.Id,
        Version = bin.Charters.Count == 0 ? 1 : bin.Charters.Max(c => c.Version) + 1,
        TemplateVersion = CharterTemplate.CurrentVersion,
        CreatedAt = now,
        ValidityMonths = validityMonths,
    };
}
