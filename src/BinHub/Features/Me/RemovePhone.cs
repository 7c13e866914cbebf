using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Me;

/// <summary>
/// A household removes one of its phones. Refused when nothing would be left to reach the household (no phone and
/// no e-mail), or when the phone is the last way its chosen urgent alarms can reach it: choose another channel first.
/// </summary>
public static class RemovePhone
{
    public static async Task<Outcome<bool>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int phoneId, IStringLocalizer L, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<bool>(db, clock, actor, "RemovePhone", ct);
        if (m is null) return refusal!;
        var phone = m.Phones.FirstOrDefault(p => p.Id == phoneId);
        if (phone is null)
            return await AuditLog.NotFoundAsync<bool>(db, clock, MeScope.Pseudonymous(actor, m), "RemovePhone", nameof(MemberPhone), phoneId.ToString(), ct);

        var before = MemberReach.Of(m);
        m.Phones.Remove(phone);
        var after = MemberReach.Of(m);
        if (m.Phones.Count == 0 && m.Email is null)
        {
            m.Phones.Add(phone);
            return Outcome<bool>.Fail("Phone", L["Me.LastWayToReach"]);
        }
        // "Web" (the signed-in member always has it) is only read when the member looks; an alarm needs a channel that reaches them.
        var alarm = m.UrgentChannels & ~Channels.Web;
        if ((alarm & before) != Channels.None && (alarm & after) == Channels.None)
        {
            m.Phones.Add(phone);
            return Outcome<bool>.Fail("Phone", L["Me.LastUrgentChannel"]);
        }

        var now = clock.GetUtcNow();
        db.MemberPhones.Remove(phone);
        // An unused code sent to this number must not verify it later.
        db.VerificationCodes.RemoveRange(await db.VerificationCodes.Where(v => v.MemberId == m.Id && v.Target == phone.Number && v.UsedAt == null).ToListAsync(ct));
        m.UpdatedAt = now;
        MemberHistory.Add(db, m.Id, "PhoneRemoved", now, null, "phone removed by the member");
        AuditLog.Add(db, clock, MeScope.Pseudonymous(actor, m), "RemovePhone", nameof(MemberPhone), phoneId.ToString(), $"member={m.Id}");
        await db.SaveChangesAsync(ct);
        return new Outcome<bool>.Ok(true);
    }
}
