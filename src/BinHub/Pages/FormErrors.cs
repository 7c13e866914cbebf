using System.Collections;

namespace BinHub.Pages;

/// <summary>
/// The messages of a refused form, each with the field it is about when there is one (the keys of
/// <see cref="Features.Outcome{T}.Invalid"/>), so the error summary can link to the field and the field can point back at
/// its message. Reads as the plain list of messages it used to be (Add, AddRange, Count, foreach).
/// </summary>
public sealed class FormErrors : IEnumerable<string>
{
    /// <summary>Id: the summary entry's element id where a page's fields already point at it (aria-describedby).</summary>
    public sealed record Entry(string? Field, string Message, string? Id = null);

    private readonly List<Entry> entries = [];
    /// <summary>Form field name (last part) → the slice's key, where the two differ ("Nis" shows the key "MunicipalityNis").</summary>
    private readonly Dictionary<string, string> aliases = new(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyList<Entry> Entries => entries;
    public int Count => entries.Count;

    public void Add(string message) => entries.Add(new(null, message));
    public void Add(string? field, string message) => entries.Add(new(string.IsNullOrEmpty(field) ? null : field, message));
    public void AddRange(IEnumerable<string> messages) { foreach (var m in messages) Add(m); }
    public void AddRange(IEnumerable<KeyValuePair<string, string[]>> byField) => AddRange(byField, k => k);

    /// <summary>The slice's messages under the page's own keys (<paramref name="key"/>: the field's id where names repeat on the page).</summary>
    public void AddRange(IEnumerable<KeyValuePair<string, string[]>> byField, Func<string, string?> key)
    {
        foreach (var (field, messages) in byField) foreach (var m in messages) Add(key(field), m);
    }

    /// <summary>
    /// The slice's <paramref name="key"/> is about the form's <paramref name="fields"/> (named otherwise): they are marked for its
    /// messages and its summary entry links to the first of them, so a key and a field name need not be renamed to match.
    /// </summary>
    public FormErrors Alias(string key, params string[] fields)
    {
        foreach (var f in fields) aliases[f] = key;
        return this;
    }

    /// <summary>
    /// The key of the field's messages, if there are any: matched on the form name's last part ("Input.Text" → "Text"), or on the
    /// element id where a page has several fields of one name (a refusal reason per applicant: the key "reason-12").
    /// </summary>
    public string? FieldKeyFor(string name, string? id = null)
    {
        var last = name[(name.LastIndexOf('.') + 1)..];
        if (aliases.TryGetValue(last, out var key) && entries.Any(e => key.Equals(e.Field, StringComparison.OrdinalIgnoreCase))) return key;
        return entries.Select(e => e.Field).FirstOrDefault(f => f is not null &&
            (f.Equals(name, StringComparison.OrdinalIgnoreCase) || f.Equals(last, StringComparison.OrdinalIgnoreCase) || f.Equals(id, StringComparison.Ordinal)));
    }

    public static FormErrors Of(IEnumerable<string> messages) { var e = new FormErrors(); e.AddRange(messages); return e; }
    public static FormErrors Of(IEnumerable<KeyValuePair<string, string[]>> byField) { var e = new FormErrors(); e.AddRange(byField); return e; }
    /// <summary>A page's single message; <paramref name="field"/>: the field it is about, if it is about one (it then links there).</summary>
    public static FormErrors Of(string? message, string? id = null, string? field = null)
    {
        var e = new FormErrors();
        if (message is not null) e.entries.Add(new(string.IsNullOrEmpty(field) ? null : field, message, id));
        return e;
    }

    /// <summary>The element id of the summary entry for a key: its own id where the page gave one, else the one the summary derives.</summary>
    public string EntryIdFor(string key) =>
        entries.FirstOrDefault(e => key.Equals(e.Field, StringComparison.OrdinalIgnoreCase))?.Id ?? ErrorState.EntryId(key);

    public IEnumerator<string> GetEnumerator() => entries.Select(e => e.Message).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
