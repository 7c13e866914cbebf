using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

/// <summary>
/// The OpenAPI document against the routes the app really maps, so a client generated from it knows every endpoint, which ones need
/// the bearer token, and every answer they give. Nothing here names an endpoint: a new one is checked as soon as it is mapped.
/// </summary>
public class OpenApiDocumentTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch", "head", "options"];

    /// <summary>
    /// 200 answers that carry no body on purpose ("METHOD /path" → why). None today: a bodiless success is 202/204, and files (CSV,
    /// photos, audio) are described as bytes. Every other 200 must say what it returns.
    /// </summary>
    private static readonly Dictionary<string, string> EmptyOk = new();

    private sealed record Mapped(string Name, bool Secured, bool NamesAnObject);

    private async Task<JsonObject> DocumentAsync() => JsonNode.Parse(await app.ClientFor(null).GetStringAsync("/openapi/v1.json"))!.AsObject();

    /// <summary>Every /api route and method the app maps, with what its metadata says about authorization and ids.</summary>
    private List<Mapped> MappedApi() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any method)"]).Select(m => new Mapped(
                $"{m} {Path(e.RoutePattern)}",
                e.Metadata.Any(x => x is IAuthorizeData or AuthorizationPolicy) && e.Metadata.GetMetadata<IAllowAnonymous>() is null,
                e.RoutePattern.Parameters.Any(p => p.Name == "id" || p.Name.EndsWith("Id", StringComparison.Ordinal)))))
            .ToList();

    /// <summary>A route as the document writes it: parameters by name without their constraints, no trailing slash.</summary>
    private static string Path(RoutePattern pattern) => "/" + string.Join('/', pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
    {
        RoutePatternLiteralPart l => l.Content,
        RoutePatternParameterPart v => $"{{{v.Name}}}",
        RoutePatternSeparatorPart s => s.Content,
        _ => throw new InvalidOperationException(p.GetType().Name),
    }))));

    private static Dictionary<string, JsonObject> Operations(JsonObject doc) =>
        doc["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(m => Verbs.Contains(m.Key))
                .Select(m => (Name: $"{m.Key.ToUpperInvariant()} {p.Key.TrimEnd('/')}", Op: m.Value!.AsObject())))
            .ToDictionary(x => x.Name, x => x.Op);

    [Fact]
    public async Task Every_mapped_api_route_is_in_the_document_and_every_operation_in_the_document_is_mapped()
    {
        var documented = Operations(await DocumentAsync()).Keys.ToHashSet();
        var mapped = MappedApi().Select(m => m.Name).ToHashSet();
        Assert.True(mapped.Count > 40, $"only {mapped.Count} routes found");
        Assert.Empty(mapped.Except(documented).Order());
        Assert.Empty(documented.Except(mapped).Order());
    }

    [Fact]
    public async Task Secured_operations_require_the_bearer_token_and_declare_401_and_403_public_ones_require_nothing()
    {
        var doc = await DocumentAsync();
        var scheme = doc["components"]?["securitySchemes"]?["Bearer"];
        Assert.NotNull(scheme);
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        var operations = Operations(doc);
        var violations = new List<string>();
        var secured = 0;
        foreach (var m in MappedApi().Where(m => operations.ContainsKey(m.Name)))
        {
            var op = operations[m.Name];
            var requires = op["security"]?.AsArray().Any(r => r!.AsObject().ContainsKey("Bearer")) == true;
            if (m.Secured != requires) violations.Add($"{m.Name}: secured by its metadata {m.Secured}, bearer required in the document {requires}");
            if (!m.Secured) continue;
            secured++;
            foreach (var status in new[] { "401", "403" })
                if (ProblemJson(op, status) is { } problem) violations.Add($"{m.Name}: {status} {problem}");
        }
        Assert.True(secured > 30, $"only {secured} secured operations");
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public async Task Every_operation_with_an_id_in_its_route_declares_404_and_every_one_reading_a_body_declares_400()
    {
        var operations = Operations(await DocumentAsync());
        var violations = new List<string>();
        foreach (var m in MappedApi().Where(m => operations.ContainsKey(m.Name)))
        {
            var op = operations[m.Name];
            if (m.NamesAnObject && ProblemJson(op, "404") is { } notFound) violations.Add($"{m.Name}: 404 {notFound}");
            if (op["requestBody"] is not null && ProblemJson(op, "400") is { } invalid) violations.Add($"{m.Name}: 400 {invalid}");
        }
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public async Task Every_operation_declares_its_success_and_every_200_answer_has_a_schema_unless_listed_as_deliberately_empty()
    {
        var operations = Operations(await DocumentAsync());
        var violations = new List<string>();
        foreach (var (name, op) in operations)
        {
            // An endpoint answering an anonymous object through IResult declared nothing: its success was missing altogether.
            if (op["responses"]?.AsObject().Any(r => r.Key.StartsWith('2')) != true) violations.Add($"{name}: no success answer declared");
            if (op["responses"]?["200"] is not JsonObject ok) continue;
            var content = ok["content"]?.AsObject();
            var described = content is { Count: > 0 } && content.All(c => c.Value?["schema"] is JsonObject { Count: > 0 });
            if (EmptyOk.ContainsKey(name) == described) violations.Add(described ? $"{name}: listed as empty but has a schema" : $"{name}: 200 without a schema: {ok.ToJsonString()}");
        }
        foreach (var name in EmptyOk.Keys.Where(k => !operations.ContainsKey(k))) violations.Add($"listed as empty but not in the document: {name}");
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    /// <summary>What the document promises, checked once for real: a body that cannot be read is answered 400 as problem+json.</summary>
    [Fact]
    public async Task An_unreadable_body_is_answered_400_as_problem_json_as_documented()
    {
        var officer = await new World(app).PersonAsync(Roles.PoliceOfficer, zone: (await new World(app).PlaceAsync()).Zone);
        var response = await app.ClientFor(officer.Token).PostAsync("/api/v1/messages/preview", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Null when the operation declares <paramref name="status"/> as problem+json with a schema, else what is wrong.</summary>
    private static string? ProblemJson(JsonObject op, string status) =>
        op["responses"]?[status] is not JsonObject response ? "not declared"
        : response["content"]?["application/problem+json"]?["schema"] is null ? "not declared as application/problem+json with a schema" : null;
}
