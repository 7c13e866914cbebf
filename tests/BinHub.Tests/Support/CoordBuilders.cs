using BinHub.Data;

namespace BinHub.Tests.Support;

/// <summary>Members written straight into the database, in any state the coordinator's tools must handle.</summary>
public static class CoordBuilders
{
    public sealed record TestPhone(string Number, bool Mobile = true, bool Verified = false, bool OptedOut = false);

    public static async Task<Member> MemberAsync(this BinHubApp app, int binId, string name, MemberState state = MemberState.Active,
        string language = "nl", string street = "Kerkstraat", string house = "1", TestPhone[]? phones = null, string? email = null,
        bool emailVerified = false, bool paper = true, string? userId = null, DateOnly? pausedFrom = null, DateOnly? pausedUntil = null,
        bool erased = false)
    {
        await using var db = app.Db();
        var now = app.Clock.Now;
        var member = new Member
        {
            BinId = binId, Name = name, Street = street, HouseNumber = house, Email = email, EmailVerifiedAt = emailVerified ? now : null,
            Language = language, State = state, ConsentVersion = "2024-1", ConsentAt = now.AddDays(-1), ConsentOnPaper = paper, UserId = userId,
            PausedFrom = pausedFrom, PausedUntil = pausedUntil, ErasedAt = erased ? now : null, CreatedAt = now, UpdatedAt = now,
            Phones = (phones ?? []).Select(p => new MemberPhone
            {
                Number = p.Number, IsMobile = p.Mobile, Verified = p.Verified, VerifiedAt = p.Verified ? now : null, SmsOptOutAt = p.OptedOut ? now : null,
            }).ToList(),
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member;
    }

    /// <summary>A user row to hang a member's web account on (the FK needs one).</summary>
    public static async Task<string> MemberAccountAsync(this World world) => (await world.PersonAsync(Roles.Member)).User.Id;
}
