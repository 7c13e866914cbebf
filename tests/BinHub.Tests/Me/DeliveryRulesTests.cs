using BinHub.Features.Me;

namespace BinHub.Tests.Me;

public class DeliveryRulesTests
{
    private static Member M(Action<Member>? change = null)
    {
        var m = new Member
        {
            Name = "x", Street = "x", HouseNumber = "1", ConsentVersion = "2024-1", State = MemberState.Active,
            UrgentChannels = Channels.Sms | Channels.Voice | Channels.Email | Channels.Web,
            FeedbackChannels = Channels.Sms | Channels.Voice | Channels.Email | Channels.Web,
            PreventionChannels = Channels.Sms | Channels.Email | Channels.Web,
        };
        change?.Invoke(m);
        return m;
    }

    private static Member Quiet(int fromH, int fromM, int untilH, int untilM, Action<Member>? more = null) =>
        M(m => { m.QuietFrom = new TimeOnly(fromH, fromM); m.QuietUntil = new TimeOnly(untilH, untilM); more?.Invoke(m); });

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void A_chosen_channel_outside_quiet_hours_and_pauses_is_sent()
    {
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(M(), MessageType.Feedback, Channels.Sms, Utc(2026, 1, 15, 11, 0)).Action);
    }

    [Theory]
    [InlineData(MemberState.Pending)]
    [InlineData(MemberState.Refused)]
    [InlineData(MemberState.Left)]
    public void Households_that_are_not_active_get_nothing(MemberState state)
    {
        Assert.Equal(DeliveryAction.Skip, DeliveryRules.Decide(M(m => m.State = state), MessageType.Urgent, Channels.Sms, Utc(2026, 1, 15, 11, 0)).Action);
    }

    [Fact]
    public void An_erased_household_gets_nothing()
    {
        Assert.Equal(DeliveryAction.Skip, DeliveryRules.Decide(M(m => m.ErasedAt = Utc(2026, 1, 1, 0, 0)), MessageType.Urgent, Channels.Web, Utc(2026, 1, 15, 11, 0)).Action);
    }

    [Fact]
    public void A_channel_not_chosen_for_the_message_type_is_skipped()
    {
        var m = M(m => m.PreventionChannels = Channels.Email);
        Assert.Equal(DeliveryAction.Skip, DeliveryRules.Decide(m, MessageType.Prevention, Channels.Sms, Utc(2026, 1, 15, 11, 0)).Action);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Prevention, Channels.Email, Utc(2026, 1, 15, 11, 0)).Action);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Urgent, Channels.Sms, Utc(2026, 1, 15, 11, 0)).Action);
    }

    [Fact]
    public void Decide_takes_one_channel_at_a_time()
    {
        Assert.Throws<ArgumentException>(() => DeliveryRules.Decide(M(), MessageType.Urgent, Channels.Sms | Channels.Email, Utc(2026, 1, 15, 11, 0)));
        Assert.Throws<ArgumentException>(() => DeliveryRules.Decide(M(), MessageType.Urgent, Channels.None, Utc(2026, 1, 15, 11, 0)));
    }

    [Fact]
    public void A_holiday_pause_skips_everything_urgent_included_on_its_brussels_days_and_resumes_by_itself()
    {
        var m = M(m => { m.PausedFrom = new DateOnly(2026, 7, 1); m.PausedUntil = new DateOnly(2026, 7, 10); });
        // Summer: Brussels is UTC+2, so the Belgian 1 July starts at 30 June 22:00 UTC.
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Urgent, Channels.Sms, Utc(2026, 6, 30, 21, 59)).Action);
        foreach (var channel in new[] { Channels.Sms, Channels.Voice, Channels.Email, Channels.Web })
        {
            var d = DeliveryRules.Decide(m, MessageType.Urgent, channel, Utc(2026, 6, 30, 22, 0));
            Assert.Equal(DeliveryAction.Skip, d.Action);
            Assert.Equal("holiday pause", d.Reason);
        }
        Assert.Equal(DeliveryAction.Skip, DeliveryRules.Decide(m, MessageType.Prevention, Channels.Email, Utc(2026, 7, 10, 21, 59)).Action);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Urgent, Channels.Sms, Utc(2026, 7, 10, 22, 0)).Action);
    }

    [Fact]
    public void Non_urgent_ringing_messages_wait_until_the_end_of_quiet_hours_spanning_midnight()
    {
        var m = Quiet(22, 0, 7, 0);
        // Winter: Brussels is UTC+1. 23:30 in Brussels → wait until 07:00 the next morning (06:00 UTC).
        var d = DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 1, 15, 22, 30));
        Assert.Equal(DeliveryAction.Defer, d.Action);
        Assert.Equal(Utc(2026, 1, 16, 6, 0), d.Until);
        // 03:00 in Brussels → the same morning.
        Assert.Equal(Utc(2026, 1, 16, 6, 0), DeliveryRules.Decide(m, MessageType.Prevention, Channels.Sms, Utc(2026, 1, 16, 2, 0)).Until);
        Assert.Equal(DeliveryAction.Defer, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Voice, Utc(2026, 1, 15, 21, 0)).Action); // 22:00 sharp
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 1, 15, 20, 59)).Action);  // 21:59
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 1, 16, 6, 0)).Action);    // 07:00: over
    }

    [Fact]
    public void Silent_channels_are_not_held_back_by_quiet_hours()
    {
        var m = Quiet(22, 0, 7, 0);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Prevention, Channels.Email, Utc(2026, 1, 15, 23, 0)).Action);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Web, Utc(2026, 1, 15, 23, 0)).Action);
    }

    [Fact]
    public void Quiet_hours_within_one_day_defer_to_their_end_the_same_day()
    {
        var m = Quiet(13, 0, 15, 0);
        var d = DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 1, 15, 13, 0)); // 14:00 Brussels
        Assert.Equal(Utc(2026, 1, 15, 14, 0), d.Until);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 1, 15, 14, 0)).Action);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 1, 15, 22, 0)).Action);
    }

    [Fact]
    public void Urgent_alarms_pass_quiet_hours_on_every_channel()
    {
        var m = Quiet(22, 0, 7, 0);
        foreach (var channel in new[] { Channels.Sms, Channels.Voice, Channels.Email, Channels.Web })
            Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Urgent, channel, Utc(2026, 1, 16, 2, 0)).Action);
    }

    [Fact]
    public void No_night_alarms_skips_urgent_sms_and_calls_in_the_quiet_hours_but_keeps_email_and_web()
    {
        var m = Quiet(23, 0, 6, 30, m => m.NoNightAlarms = true);
        var night = Utc(2026, 1, 16, 2, 0); // 03:00 Brussels
        Assert.Equal(DeliveryAction.Skip, DeliveryRules.Decide(m, MessageType.Urgent, Channels.Sms, night).Action);
        Assert.Equal("no night alarms", DeliveryRules.Decide(m, MessageType.Urgent, Channels.Voice, night).Reason);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Urgent, Channels.Email, night).Action);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Urgent, Channels.Web, night).Action);
        // 22:30 Brussels is outside this member's own quiet hours: the alarm rings.
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Urgent, Channels.Sms, Utc(2026, 1, 15, 21, 30)).Action);
    }

    [Fact]
    public void No_night_alarms_without_quiet_hours_means_22_to_7()
    {
        var m = M(m => m.NoNightAlarms = true);
        Assert.Equal(DeliveryAction.Skip, DeliveryRules.Decide(m, MessageType.Urgent, Channels.Sms, Utc(2026, 1, 15, 21, 0)).Action);  // 22:00
        Assert.Equal(DeliveryAction.Skip, DeliveryRules.Decide(m, MessageType.Urgent, Channels.Sms, Utc(2026, 1, 16, 5, 59)).Action);  // 06:59
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Urgent, Channels.Sms, Utc(2026, 1, 16, 6, 0)).Action);   // 07:00
        // Non-urgent messages have no quiet hours to wait for.
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 1, 15, 23, 0)).Action);
    }

    [Fact]
    public void On_the_spring_night_the_clocks_go_forward_quiet_hours_end_at_seven_summer_time()
    {
        var m = Quiet(22, 0, 7, 0);
        // 29 March 2026: 02:00 CET becomes 03:00 CEST. Midnight CET = 23:00 UTC; 07:00 CEST = 05:00 UTC.
        var d = DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 3, 28, 23, 0));
        Assert.Equal(Utc(2026, 3, 29, 5, 0), d.Until);
        Assert.Equal(DeliveryAction.Defer, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 3, 29, 4, 59)).Action);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 3, 29, 5, 0)).Action);
    }

    [Fact]
    public void On_the_autumn_night_the_clocks_go_back_quiet_hours_end_at_seven_winter_time()
    {
        var m = Quiet(22, 0, 7, 0);
        // 25 October 2026: 03:00 CEST becomes 02:00 CET. Midnight CEST = 22:00 UTC; 07:00 CET = 06:00 UTC.
        var d = DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 10, 24, 22, 0));
        Assert.Equal(Utc(2026, 10, 25, 6, 0), d.Until);
        Assert.Equal(DeliveryAction.Defer, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 10, 25, 5, 30)).Action);
    }

    [Fact]
    public void An_end_of_quiet_hours_in_the_skipped_spring_hour_is_when_the_clocks_jump()
    {
        var m = Quiet(23, 0, 2, 30);
        // 00:30 CET on 29 March 2026; 02:30 does not exist that night: quiet hours end at 03:00 CEST = 01:00 UTC.
        var d = DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 3, 28, 23, 30));
        Assert.Equal(Utc(2026, 3, 29, 1, 0), d.Until);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 3, 29, 1, 0)).Action);
    }

    [Fact]
    public void An_end_of_quiet_hours_in_the_repeated_autumn_hour_is_its_first_occurrence_and_the_wall_clock_rules_after()
    {
        var m = Quiet(23, 0, 2, 30);
        // 01:00 CEST on 25 October 2026 → the first 02:30 (CEST) = 00:30 UTC.
        Assert.Equal(Utc(2026, 10, 25, 0, 30), DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 10, 24, 23, 0)).Until);
        // 02:45 CEST: past the end.
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 10, 25, 0, 45)).Action);
        // 02:10 CET (the clocks went back): the wall clock is inside the quiet hours again, until 02:30 CET = 01:30 UTC.
        Assert.Equal(Utc(2026, 10, 25, 1, 30), DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 10, 25, 1, 10)).Until);
    }

    [Fact]
    public void A_deferred_message_decided_again_at_its_time_is_sent_unless_a_pause_began()
    {
        var m = Quiet(22, 0, 7, 0);
        var first = DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 1, 15, 22, 30));
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, first.Until!.Value).Action);
        m.PausedFrom = new DateOnly(2026, 1, 16);
        m.PausedUntil = new DateOnly(2026, 1, 20);
        Assert.Equal(DeliveryAction.Skip, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, first.Until!.Value).Action);
    }

    [Fact]
    public void Quiet_hours_with_the_same_start_and_end_hold_nothing_back()
    {
        var m = Quiet(22, 0, 22, 0);
        Assert.Equal(DeliveryAction.Send, DeliveryRules.Decide(m, MessageType.Feedback, Channels.Sms, Utc(2026, 1, 15, 22, 30)).Action);
    }
}
