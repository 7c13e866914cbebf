using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Members;

/// <summary>The household a signed-in member acts for (one account per household; erased or left households have none).</summary>
public static class MemberAccount
{
    public static Task<Member?> OfAsync(BinHubDb db, Actor actor, CancellationToken ct) =>
        actor.Is(Roles.Member)
            ? db.Members.Include(m => m.Phones).FirstOrDefaultAsync(m => m.UserId == actor.UserId && m.ErasedAt == null, ct)
            : Task.FromResult<Member?>(null);
}
