using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BinHub.Tests.Web;

/// <summary>
/// Walks every operation of the OpenAPI document as every role whose scope is somewhere else, with every id of the route, of the
/// query and of the request body (found from the body's schema) pointing at another zone's objects. Each answer must be 404 and
/// audited, or 401/403 that does not depend on the id (the role has no business on the route at all: an unknown id gets the same
/// answer). Operations that name nothing act on the caller's own scope: their lists must not show the other zone's data. A route
/// or body field the walk cannot fill fails the test by name, so a new route is never skipped silently.
/// </summary>
public partial class OpenApiAuthorisationTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    /// <summary>Operations outside the scope model, with the reason. Everything else in the document is walked.</summary>
    private static readonly Dictionary<string, string> Exempt = new()
    {
        ["GET /api/v1/statistics"] = "public national figures: nothing in them is scoped",
        ["GET /api/v1/sms/dlr/{secret}"] = "Kannel's delivery-report callback: the shared secret in the path is the check",
        ["GET /api/v1/sms/dlr/{secret}/delivery"] = "Kannel's delivery-report callback: the shared secret in the path is the check",
        ["GET /api/v1/sms/inbound/{secret}"] = "Kannel's inbound SMS callback: the shared secret in the path is the check",
    };

    /// <summary>One zone with one of everything a route or a body can name.</summary>
    private sealed record Side(string Tag, World.Place Place, Bin Bin, World.Person Officer, World.Person Coordinator, World.Person Municipal,
        MeBuilders.Household Home, int PhoneId, int ReportId, int PhotoId, int IncidentId, long AlarmId, long DeliveryId, int VolunteerId, int InvitationId,
        int EventId)
    {
        public string[] Markers => [Bin.Name, $"Walk {Tag} household", $"Walk {Tag} report", $"Walk {Tag} incident", $"Walk {Tag} alarm"];
    }

    private enum Use { Foreign, Own, Unknown }

    /// <summary>What an id in a route names, by the segment before it or by its name.</summary>
    private static readonly Dictionary<string, Func<Side, string>> PathIds = new()
    {
        ["bins/{id}"] = s => s.Bin.Id.ToString(),
        ["reports/{id}"] = s => s.ReportId.ToString(),
        ["incidents/{id}"] = s => s.IncidentId.ToString(),
        ["messages/{id}"] = s => s.AlarmId.ToString(),
        ["inbox/{id}"] = s => s.DeliveryId.ToString(),
        ["invitations/{id}"] = s => s.InvitationId.ToString(),
        ["events/{id}"] = s => s.EventId.ToString(),
        ["{memberId}"] = s => s.Home.MemberId.ToString(),
        ["{volunteerId}"] = s => s.VolunteerId.ToString(),
        ["{photoId}"] = s => s.PhotoId.ToString(),
        ["{phoneId}"] = s => s.PhoneId.ToString(),
        ["versions/{id}"] = s => Training(s).Version.ToString(),
        ["{moduleId}"] = s => Training(s).Module.ToString(),
        ["sessions/{id}"] = s => Training(s).Session.ToString(),
        ["{participantId}"] = s => Training(s).Participant.ToString(),
        ["certificates/{id}"] = s => Training(s).Certificate.ToString(),
        ["practices/{id}"] = s => PracticeBuilders.Walk[s.Bin.Id].Practice.ToString(),
        ["{fileId}"] = s => PracticeBuilders.Walk[s.Bin.Id].File.ToString(),
        ["{binId}"] = s => s.Bin.Id.ToString(),
        ["calls/{id}"] = s => Vol(s.Tag).CallId.ToString(),
        ["applications/{id}"] = s => Vol(s.Tag).ApplicationId.ToString(),
        ["volunteers/{id}"] = s => Vol(s.Tag).StatusId.ToString(),
        // report: the steering committee's records are national (the Kenniscentrum's only), so no zone owns one; every role of the
        // walk is refused by its role, and must be whatever the id.
        ["meetings/{id}"] = _ => "1",
        ["{attendeeId}"] = _ => "1",
        ["{documentId}"] = _ => "1",
    };

    /// <summary>Route values that are not ids (the same on every side).</summary>
    private static readonly Dictionary<string, string> PathConstants = new() { ["lang"] = "nl", ["year"] = "2025" };

    /// <summary>What an id-bearing body or query field names.</summary>
    private static readonly Dictionary<string, Func<Side, JsonNode>> FieldIds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["binIds"] = s => new JsonArray(s.Bin.Id),
        ["reportId"] = s => s.ReportId,
        ["incidentId"] = s => s.IncidentId,
        ["feedbackForId"] = s => s.AlarmId,
        ["memberId"] = s => s.Home.MemberId,
        ["binId"] = s => s.Bin.Id,
        ["municipalityNis"] = s => s.Place.Nis,
        ["municipality"] = s => s.Place.Nis,
        ["zoneNumber"] = s => s.Place.Zone,
        ["zone"] = s => s.Place.Zone,
        ["mandatedOfficerId"] = s => s.Officer.User.Id,
        ["coordinatorIds"] = s => new JsonArray(s.Coordinator.User.Id),
        ["academyId"] = s => Training(s).Academy,
    };

    [GeneratedRegex("(?i)(id|ids|nis|zone|zonenumber|municipality)$")]
    private static partial Regex IdBearing();

    /// <summary>Plausible values for fields that are not ids, so a request is refused for its ids and not for its shape.</summary>
    private static readonly Dictionary<string, JsonNode?> Plausible = new(StringComparer.OrdinalIgnoreCase)
    {
        ["language"] = "nl", ["urgentChannels"] = "Sms", ["nonUrgentChannels"] = "Email", ["texts"] = new JsonObject { ["nl"] = "Scope walk" },
        ["street"] = "Kerkstraat", ["houseNumber"] = "1", ["reason"] = "Scope walk", ["text"] = "Scope walk", ["name"] = "Scope walk",
        ["newTitle"] = null, ["decision"] = "NoAction", ["party"] = "Police", ["to"] = "Suspended", ["isPublic"] = false,
        ["confirmed"] = true, ["confirm"] = true, ["approve"] = true, ["email"] = "walk@example.org", ["role"] = "Coordinator",
        ["title"] = "Scope walk", ["place"] = "Kerkstraat 1", ["startsAt"] = "2030-01-01T18:00:00+00:00", ["endsAt"] = "2030-01-01T20:00:00+00:00",
        ["languages"] = new JsonArray("nl"),
    };

    /// <summary>Fields whose name looks like an id but that name public reference data, which nobody's scope limits (why, per field).</summary>
    private static readonly Dictionary<string, string> PublicReference = new(StringComparer.OrdinalIgnoreCase)
    {
        ["placeNis"] = "an event's venue: any municipality may host one; the event's audience (binId, municipalityNis) is what is scoped",
        ["trainingSessionId"] = "a session of the training registry: every municipality of the academy's region may name it in a call, whatever its zone " +
            "(the other region's 404 is VolunteerTrainingTests')",
    };

    private async Task<Side> SideAsync(string tag)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, name: $"Walk {tag} BIN {Guid.NewGuid():N}");
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var municipal = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var home = await app.HouseholdAsync(world, bin.Id, name: $"Walk {tag} household", phones: [(UiBuilders.Number(), true, true)]);
        var reportId = await app.ReportAsync(home.Person.Token, text: $"Walk {tag} report");
        var linked = await app.ClientFor(officer.Token).PostAsJsonAsync($"/api/v1/reports/{reportId}/incident", new { newTitle = $"Walk {tag} incident" });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var incidentId = (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetInt32();
        var alarmId = await app.SendAsync(officer.Token, new { kind = "Alarm", binIds = new[] { bin.Id }, reportId, texts = new { nl = $"Walk {tag} alarm" } });
        await using var db = app.Db();
        var photo = new ReportPhoto { ReportId = reportId, Bytes = [1, 2, 3], Width = 1, Height = 1, Sha256 = "00", CreatedAt = app.Clock.Now };
        db.ReportPhotos.Add(photo);
        var delivery = new Delivery
        {
            MessageId = alarmId, MemberId = home.MemberId, Channel = Channels.Web, Recipient = home.Person.User.Id, Language = "nl",
            State = DeliveryState.Sent, DueAt = app.Clock.Now, SentAt = app.Clock.Now,
        };
        db.Deliveries.Add(delivery);
        var volunteer = new CoordinatorVolunteer { BinId = bin.Id, MemberId = home.MemberId, State = VolunteerState.Open, CreatedAt = app.Clock.Now };
        db.CoordinatorVolunteers.Add(volunteer);
        await db.SaveChangesAsync();
        var invited = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/invitations",
            new { email = $"walk-{tag}-{Guid.NewGuid():N}@example.org", role = "Coordinator", binId = bin.Id });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invitationId = (await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var phoneId = await db.MemberPhones.Where(p => p.MemberId == home.MemberId).Select(p => p.Id).SingleAsync();
        await TrainingSideAsync(tag);
        await app.WalkPracticeAsync(coordinator.Token, bin.Id);
        await VolunteeringSideAsync(tag, place, home, $"Walk {tag} household");
        var eventId = await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(10, 19), capacity: 10, title: $"Walk {tag} event");
        return new Side(tag, place, bin, officer, coordinator, municipal, home, phoneId, reportId, photo.Id, incidentId, alarmId, delivery.Id, volunteer.Id, invitationId,
            eventId);
    }

    /// <summary>What must not change on the other side however the walk went.</summary>
    private async Task<string> FingerprintAsync(Side s)
    {
        await using var db = app.Db();
        var bin = await db.Bins.AsNoTracking().Include(b => b.Coordinators).SingleAsync(b => b.Id == s.Bin.Id);
        var report = await db.Reports.AsNoTracking().SingleAsync(r => r.Id == s.ReportId);
        var member = await db.Members.AsNoTracking().Include(m => m.Phones).SingleAsync(m => m.Id == s.Home.MemberId);
        var message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == s.AlarmId);
        var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == s.IncidentId);
        var volunteer = await db.CoordinatorVolunteers.AsNoTracking().SingleAsync(v => v.Id == s.VolunteerId);
        return string.Join('|', bin.Name, bin.Status, bin.MunicipalityNis, bin.MandatedOfficerId, string.Join(',', bin.Coordinators.Select(c => c.UserId).Order()),
            report.State, report.IncidentId, report.ClaimedByUserId, await db.ReportNotes.CountAsync(n => n.ReportId == s.ReportId),
            member.State, member.Name, string.Join(',', member.Phones.Select(p => $"{p.Id}:{p.Verified}")), message.State, message.FeedbackSentAt,
            incident.ClosedAt, volunteer.State, await db.Reports.CountAsync(r => r.BinId == s.Bin.Id), await db.Messages.CountAsync(m => m.ReportId == s.ReportId),
            await db.Deliveries.CountAsync(d => d.Id == s.DeliveryId && d.ReadAt != null),
            await db.Invitations.CountAsync(i => i.Id == s.InvitationId && i.RevokedAt == null), await VolunteeringFingerprintAsync(s.Tag),
            await db.BinEvents.Where(e => e.Id == s.EventId).Select(e => $"{e.State} {e.Title} {e.StartsAt} {e.Taken} {e.Version}").SingleAsync());
    }

    private sealed record Operation(string Method, string Path, JsonObject Op)
    {
        public string Name => $"{Method} {Path}";
    }

    private sealed record Probe(string What, string Url, JsonObject? Body, string UnknownUrl, JsonObject? UnknownBody, bool NamesSomething);

    [Fact]
    public async Task Every_route_and_every_id_in_a_body_answers_a_foreign_scope_with_404_audited_or_a_refusal_that_ignores_the_id()
    {
        var doc = JsonNode.Parse(await app.ClientFor(null).GetStringAsync("/openapi/v1.json"))!.AsObject();
        var foreign = await SideAsync("A");
        var own = await SideAsync("B");
        var before = await FingerprintAsync(foreign);
        var roles = new (string Role, string? Token)[]
        {
            (Roles.PoliceOfficer, own.Officer.Token), (Roles.Coordinator, own.Coordinator.Token), (Roles.MunicipalityOfficial, own.Municipal.Token),
            (Roles.Member, own.Home.Person.Token), ("anonymous", null),
        };

        var operations = doc["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => new Operation(m.Key.ToUpperInvariant(), p.Key, m.Value!.AsObject())))
            .ToList();
        Assert.True(operations.Count > 40, $"only {operations.Count} operations in the document");
        var violations = new List<string>();
        var walked = 0;
        foreach (var op in operations)
        {
            if (Exempt.ContainsKey(op.Name)) continue;
            List<Probe> probes;
            try { probes = Probes(doc, op, foreign, own); }
            catch (MissingFillerException e) { violations.Add($"{op.Name}: add a filler for {e.Message}"); continue; }
            foreach (var probe in probes)
            foreach (var (role, token) in roles)
            {
                walked++;
                var problem = await CheckAsync(op, probe, role, token, foreign);
                if (problem is not null) violations.Add($"{op.Name} [{probe.What}] as {role}: {problem}");
            }
        }
        foreach (var name in Exempt.Keys.Where(k => operations.All(o => o.Name != k))) violations.Add($"exempt but no longer in the document: {name}");

        var after = await FingerprintAsync(foreign);
        if (before != after) violations.Add($"the foreign zone's objects changed:\n  before {before}\n  after  {after}");
        Assert.True(violations.Count == 0, $"{violations.Count} violation(s) in {walked} requests:\n" + string.Join('\n', violations));
    }

    private sealed class MissingFillerException(string what) : Exception(what);

    /// <summary>
    /// The requests for one operation: all ids foreign; and, where the route has several ids or the body has ids, each id foreign on
    /// its own with the others the caller's own, so the one foreign id is what must be refused.
    /// </summary>
    private static List<Probe> Probes(JsonObject doc, Operation op, Side foreign, Side own)
    {
        var pathParams = Regex.Matches(op.Path, @"\{(\w+)\}").Select(m => m.Groups[1].Value).ToList();
        var pathFillers = pathParams.ToDictionary(p => p, p => PathFiller(op.Path, p));
        var queryIds = (op.Op["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject())
            .Where(p => p["in"]!.GetValue<string>() == "query" && IdBearing().IsMatch(p["name"]!.GetValue<string>()))
            .Select(p => p["name"]!.GetValue<string>()).ToList();
        foreach (var q in queryIds.Where(q => !FieldIds.ContainsKey(q))) throw new MissingFillerException($"query parameter '{q}'");
        var (body, bodyIds) = BodyTemplate(doc, op);

        string Url(Func<string, Use> pathUse, Use queryUse)
        {
            var url = op.Path;
            foreach (var p in pathParams)
                url = url.Replace($"{{{p}}}", pathFillers[p] is { } f ? Value(f, pathUse(p)) : PathConstants[p]);
            if (queryIds.Count > 0) url += "?" + string.Join('&', queryIds.Select(q => $"{q}={Uri.EscapeDataString(Field(q, queryUse).ToJsonString().Trim('"'))}"));
            return url;
        }
        string Value(Func<Side, string> f, Use use) => use switch { Use.Foreign => f(foreign), Use.Own => f(own), _ => "1999999999" };
        JsonNode Field(string name, Use use) => use switch
        {
            Use.Foreign => FieldIds[name](foreign),
            Use.Own => FieldIds[name](own),
            _ => FieldIds[name](own) switch
            {
                JsonArray a => new JsonArray(a[0]!.GetValueKind() == JsonValueKind.String ? JsonValue.Create("no-such-id") : JsonValue.Create(1999999999)),
                var v when v.GetValueKind() == JsonValueKind.String => name.EndsWith("Nis", StringComparison.OrdinalIgnoreCase) || name == "municipality" ? "00001" : "no-such-id",
                _ => 1999999999,
            },
        };
        JsonObject? Body(Func<string, Use> use)
        {
            if (body is null) return null;
            var b = body.DeepClone().AsObject();
            foreach (var f in bodyIds) b[f] = Field(f, use(f));
            return b;
        }

        var probes = new List<Probe>();
        // Ids in the query only filter a list of one's own scope: such a list is checked for what it shows, not for a 404.
        var namesSomething = pathFillers.Values.Any(f => f is not null) || bodyIds.Count > 0;
        probes.Add(new Probe("every id foreign", Url(_ => Use.Foreign, Use.Foreign), Body(_ => Use.Foreign),
            Url(_ => Use.Unknown, Use.Unknown), Body(_ => Use.Unknown), namesSomething));
        var idParams = pathParams.Where(p => pathFillers[p] is not null).ToList();
        if (idParams.Count + (bodyIds.Count > 0 ? 1 : 0) > 1 || bodyIds.Count > 1)
        {
            foreach (var p in idParams)
                probes.Add(new Probe($"only {p} foreign", Url(x => x == p ? Use.Foreign : Use.Own, Use.Own), Body(_ => Use.Own),
                    Url(x => x == p ? Use.Unknown : Use.Own, Use.Own), Body(_ => Use.Own), true));
            foreach (var f in bodyIds)
                probes.Add(new Probe($"only body {f} foreign", Url(_ => Use.Own, Use.Own), Body(x => x == f ? Use.Foreign : Use.Own),
                    Url(_ => Use.Own, Use.Own), Body(x => x == f ? Use.Unknown : Use.Own), true));
        }
        return probes;
    }

    /// <summary>The id a route parameter names (null for a constant such as a language); a parameter nobody taught the walk fails it.</summary>
    private static Func<Side, string>? PathFiller(string path, string param)
    {
        if (PathConstants.ContainsKey(param)) return null;
        var before = Regex.Match(path, $@"(\w+)/\{{{param}\}}");
        if (before.Success && PathIds.TryGetValue($"{before.Groups[1].Value}/{{{param}}}", out var bySegment)) return bySegment;
        if (PathIds.TryGetValue($"{{{param}}}", out var byName)) return byName;
        throw new MissingFillerException($"route parameter '{param}'");
    }

    private static bool OnlyFiles(JsonObject doc, JsonObject schema)
    {
        bool IsFile(JsonNode node)
        {
            var r = Resolve(doc, node);
            return r["format"]?.GetValue<string>() == "binary" || (r["oneOf"] ?? r["anyOf"] ?? r["allOf"]) is JsonArray a && a.Any(x => x is not null && IsFile(x));
        }
        return IsFile(schema) || schema["properties"]?.AsObject() is { Count: > 0 } parts && parts.All(p => p.Value is not null && IsFile(p.Value));
    }

    /// <summary>A JSON body from the request-body schema: id-bearing properties listed (filled per probe), the others plausible.</summary>
    private static (JsonObject? Body, List<string> Ids) BodyTemplate(JsonObject doc, Operation op)
    {
        var content = op.Op["requestBody"]?["content"]?.AsObject();
        if (content is null) return (null, []);
        if (content["application/json"]?["schema"] is not { } schema)
        {
            // A body that is not JSON (the CSV import) carries no ids of its own: the route's ids are what is walked.
            if (content.Any(c => c.Key.StartsWith("text/"))) return (null, []);
            // Nor does an upload whose parts are all files (a meeting's document).
            if (content["multipart/form-data"]?["schema"] is { } upload && OnlyFiles(doc, Resolve(doc, upload))) return (null, []);
            throw new MissingFillerException($"request body of type {string.Join(", ", content.Select(c => c.Key))}");
        }
        var resolved = Resolve(doc, schema);
        var body = new JsonObject();
        var ids = new List<string>();
        foreach (var (name, property) in resolved["properties"]?.AsObject() ?? [])
        {
            if (IdBearing().IsMatch(name) && !PublicReference.ContainsKey(name))
            {
                if (!FieldIds.ContainsKey(name)) throw new MissingFillerException($"body field '{name}'");
                ids.Add(name);
                continue;
            }
            body[name] = Plausible.TryGetValue(name, out var v) ? v?.DeepClone() : Sample(doc, property!);
        }
        return (body, ids);
    }

    private static JsonObject Resolve(JsonObject doc, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? doc["components"]!["schemas"]![reference.Split('/').Last()]!.AsObject()
            : schema.AsObject();

    private static JsonNode? Sample(JsonObject doc, JsonNode property)
    {
        if (property["oneOf"] is JsonArray oneOf) property = oneOf.First(s => s!["type"]?.ToString() != "null")!;
        var s = Resolve(doc, property);
        if (s["enum"] is JsonArray values) return values.First(v => v is not null)!.DeepClone();
        var types = s["type"] switch { JsonArray a => a.Select(t => t!.GetValue<string>()).ToList(), JsonValue v => [v.GetValue<string>()], _ => [] };
        if (types.Contains("null")) return null;
        return types.FirstOrDefault() switch
        {
            "boolean" => false,
            "integer" or "number" => 1,
            "array" => new JsonArray(),
            "object" => new JsonObject(),
            _ => "Scope walk",
        };
    }

    private async Task<string?> CheckAsync(Operation op, Probe probe, string role, string? token, Side foreign)
    {
        // A write that names nothing acts on the caller's own data (their household, their report): there is no other scope to reach.
        if (!probe.NamesSomething && op.Method != "GET") return null;
        var denied = await DeniedCountAsync();
        var response = await SendAsync(op.Method, probe.Url, probe.Body, token);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (!probe.NamesSomething)
        {
            // Names nothing: acts on the caller's own scope. Only reads are sent (a write would act on the caller's own data);
            // what they list must not come from the other zone.
            if (status >= 500) return $"{status}";
            return foreign.Markers.FirstOrDefault(text.Contains) is { } leak ? $"{status} shows the other zone's '{leak}'" : null;
        }
        if (token is null) return status == 401 ? null : $"{status} instead of 401 for an anonymous caller";
        if (status == 404)
            return await DeniedCountAsync() > denied ? null : "404 without a Denied audit line";
        if (status == 403)
        {
            var unknown = await SendAsync(op.Method, probe.UnknownUrl, probe.UnknownBody, token);
            return unknown.StatusCode == HttpStatusCode.Forbidden ? null : $"403 for the foreign id but {(int)unknown.StatusCode} for an unknown one (leaks existence)";
        }
        return $"{status} {Shorten(text)}";
    }

    private Task<HttpResponseMessage> SendAsync(string method, string url, JsonObject? body, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return app.ClientFor(token).SendAsync(request);
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;

    private async Task<int> DeniedCountAsync()
    {
        await using var db = app.Db();
        return await db.AuditEntries.CountAsync(a => a.Outcome == "Denied");
    }
}
