using BinHub.Data;
using BinHub.Domain;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Messages;

/// <summary>
/// The cached telephony audio of a message in one language (rendered by the dispatcher for voice deliveries), so the
/// sender can hear how espeak-ng pronounces it. Those who may see the message may hear it; the dev outbox's admins too
/// (they see every outgoing text anyway). Unknown, out of scope: 404, audited; not rendered (yet): 404.
/// </summary>
public static class MessageAudio
{
    public static string PathOf(VoiceOptions voice, long id, string lang) => Path.Combine(voice.AudioDirectory ?? "data/voice", $"message-{id}-{lang}.wav");

    public static async Task<Outcome<string>> FindAsync(BinHubDb db, TimeProvider clock, Actor actor, VoiceOptions voice, long id, string lang, CancellationToken ct)
    {
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null || !(actor.Is(Roles.Admin) || await GetMessage.MaySeeAsync(db, actor, message, ct)))
            return await AuditLog.NotFoundAsync<string>(db, clock, actor, "GetMessageAudio", nameof(Message), id.ToString(), ct);
        if (!Languages.IsValid(lang)) return new Outcome<string>.NotFound();
        var path = Path.GetFullPath(PathOf(voice, id, lang));
        return File.Exists(path) ? new Outcome<string>.Ok(path) : new Outcome<string>.NotFound();
    }

    public static bool Exists(VoiceOptions voice, long id, string lang) => File.Exists(PathOf(voice, id, lang));
}
