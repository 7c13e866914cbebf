using System.Globalization;
using BinHub.Domain;
using BinHub.Features;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Reports;

/// <summary>What the report pages (members', coordinators' and the police's) share: notices, refusals and local times.</summary>
public abstract class ReportPage : FormPage
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    /// <summary>The value of a datetime-local field (Brussels wall-clock time) for an instant.</summary>
    public static string LocalInput(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Brussels).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>A datetime-local value read as Brussels time; null when empty, false when not a time.</summary>
    public static bool TryParseLocal(string? value, out DateTimeOffset? utc)
    {
        utc = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (!DateTime.TryParseExact(value.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return false;
        utc = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Brussels), TimeSpan.Zero);
        return true;
    }

    public static readonly ReportCategory[] Categories = Enum.GetValues<ReportCategory>();
}
