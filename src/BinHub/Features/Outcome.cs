namespace BinHub.Features;

/// <summary>
/// What a use case answers. Out-of-scope and unknown objects are both <see cref="NotFound"/> so a caller
/// cannot learn that something exists outside their scope.
/// </summary>
public abstract record Outcome<T>
{
    public sealed record Ok(T Value) : Outcome<T>;
    public sealed record NotFound : Outcome<T>;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : Outcome<T>;
    public sealed record Forbidden(string Message) : Outcome<T>;

    public static Outcome<T> Fail(string field, string message) => new Invalid(new() { [field] = [message] });

    public IResult ToHttp(Func<T, IResult> ok) => this switch
    {
        Ok o => ok(o.Value),
        NotFound => TypedResults.Problem(statusCode: 404, title: "Not found", detail: "No such object in your scope."),
        Invalid i => TypedResults.ValidationProblem(i.Errors, title: "The request is not valid"),
        Forbidden f => TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: f.Message),
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>Collects validation messages per field.</summary>
public sealed class Errors
{
    public Dictionary<string, string[]> Items { get; } = new();
    public bool Any => Items.Count > 0;

    public void Add(string field, string message) =>
        Items[field] = Items.TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}
