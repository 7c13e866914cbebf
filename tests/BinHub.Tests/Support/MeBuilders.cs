using BinHub.Data;

namespace BinHub.Tests.Support;

/// <summary>Signed-in households for the member's own space: an account with the Member role linked to a member row.</summary>
public static class MeBuilders
{
    public sealed record Household(World.Person Person, int MemberId);

    public static async Task<Household> HouseholdAsync(this BinHubApp app, World world, int binId, string name = "Jeanne Dubois", string language = "fr",
        string? email = "jeanne@example.test", bool emailVerified = false, params (string Number, bool Mobile, bool Verified)[] phones)
    {
        var person = await world.PersonAsync(Roles.Member, lang: language);
        await using var db = app.Db();
        var now = app.Clock.Now;
        var member = new Member
        {
            BinId = binId, UserId = person.User.Id, Name = name, Street = "Kerkstraat", HouseNumber = "12", Email = email,
            EmailVerifiedAt = emailVerified ? now : null, Language = language, State = MemberState.Active, ConsentVersion = "2024-1", ConsentAt = now,
            CreatedAt = now, UpdatedAt = now,
            Phones = phones.Select(p => new MemberPhone { Number = p.Number, IsMobile = p.Mobile, Verified = p.Verified, VerifiedAt = p.Verified ? now : null }).ToList(),
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return new Household(person, member.Id);
    }

    public static async Task<Member> MemberAsync(this BinHubApp app, int id)
    {
        await using var db = app.Db();
        return await db.Members.Include(m => m.Phones).AsNoTracking().SingleAsync(m => m.Id == id);
    }
}
