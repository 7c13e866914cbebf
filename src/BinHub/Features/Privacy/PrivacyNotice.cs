using BinHub.Features.Members;

namespace BinHub.Features.Privacy;

/// <summary>
/// The privacy notice members agree to, by version. A published version is never edited: a change is a new version
/// (new resource keys <c>Privacy.&lt;version&gt;.*</c>) with a summary of what changed, and the members' recorded
/// <see cref="Domain.Member.ConsentVersion"/> keeps pointing at the text they saw.
/// </summary>
public static class PrivacyNotice
{
    public sealed record Version(string Id, DateOnly InForceFrom)
    {
        public string Key(string part) => $"Privacy.{Id}.{part}";
        public string SummaryKey => Key("Summary");
    }

    /// <summary>The parts of a notice, in order; each has a heading <c>Privacy.H.&lt;part&gt;</c> and a text per version.</summary>
    public static readonly string[] Sections = ["Controller", "Purposes", "Data", "WhoSees", "Retention", "Rights", "Contact"];

    /// <summary>Newest first. Only versions that members may actually have agreed to belong here.</summary>
    public static readonly IReadOnlyList<Version> All =
    [
        new(AddMember.PrivacyNoticeVersion, new DateOnly(2024, 1, 1)),
    ];

    public static Version Current => All[0];

    public static Version? Find(string? id) => id is null ? null : All.FirstOrDefault(v => v.Id == id);
}
