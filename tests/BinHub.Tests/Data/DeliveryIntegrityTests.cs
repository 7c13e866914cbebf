using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Tests.Data;

/// <summary>
/// A delivery always belongs to a message that exists — by a foreign key on SQLite, by statement triggers on
/// PostgreSQL (V0008: the foreign key's per-row check cost a national alarm 0.6 s). Same behaviour on both.
/// </summary>
public class DeliveryIntegrityTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private const long Missing = 987_654_321;

    private static Delivery For(long messageId) => new()
    {
        MessageId = messageId, MemberId = 1, Channel = Channels.Sms, Recipient = "+3247" + Random.Shared.Next(1000000, 9999999),
        Language = "nl", State = DeliveryState.Planned, DueAt = DateTimeOffset.UtcNow,
    };

    private async Task<long> MessageAsync()
    {
        await using var db = app.Db();
        var message = new Message { Kind = MessageKind.Prevention, SenderUserId = "test", SenderName = "test", CreatedAt = DateTimeOffset.UtcNow, TextNl = "Test" };
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    [Fact]
    public async Task A_delivery_for_a_message_that_does_not_exist_is_refused()
    {
        await using var db = app.Db();
        db.Deliveries.Add(For(Missing));
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Bulk_written_deliveries_are_refused_when_one_of_their_messages_does_not_exist()
    {
        var real = await MessageAsync();
        await using var db = app.Db();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => BulkInsert.DeliveriesAsync(db, [For(real), For(Missing)], default));
        }
        await using var check = app.Db();
        Assert.False(await check.Deliveries.AnyAsync(d => d.MessageId == real)); // the statement was refused as a whole
    }

    [Fact]
    public async Task Bulk_written_deliveries_of_an_existing_message_are_accepted()
    {
        var real = await MessageAsync();
        await using (var db = app.Db())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await BulkInsert.DeliveriesAsync(db, [For(real), For(real), For(real)], default);
            await tx.CommitAsync();
        }
        await using var check = app.Db();
        Assert.Equal(3, await check.Deliveries.CountAsync(d => d.MessageId == real));
    }

    [Fact]
    public async Task A_delivery_cannot_be_moved_to_a_message_that_does_not_exist()
    {
        var real = await MessageAsync();
        await using var db = app.Db();
        db.Deliveries.Add(For(real));
        await db.SaveChangesAsync();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            db.Deliveries.Where(d => d.MessageId == real).ExecuteUpdateAsync(s => s.SetProperty(d => d.MessageId, Missing)));
        Assert.Equal(1, await db.Deliveries.CountAsync(d => d.MessageId == real));
    }

    [Fact]
    public async Task Deleting_a_message_deletes_its_deliveries_and_no_other()
    {
        var gone = await MessageAsync();
        var kept = await MessageAsync();
        await using var db = app.Db();
        db.Deliveries.AddRange(For(gone), For(gone), For(kept));
        await db.SaveChangesAsync();

        await db.Messages.Where(m => m.Id == gone).ExecuteDeleteAsync();

        Assert.Equal(0, await db.Deliveries.CountAsync(d => d.MessageId == gone));
        Assert.Equal(1, await db.Deliveries.CountAsync(d => d.MessageId == kept));
    }
}
