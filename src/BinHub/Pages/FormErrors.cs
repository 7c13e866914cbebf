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
    public IReadOnlyList<Entry> Entries => entries;
    public int Count => entries.Count;

    public void Add(string message) => entries.Add(new(null, message));
    public void Add(string? field, string message) => entries.Add(new(string.IsNullOrEmpty(field) ? null : field, message));
    public void AddRange(IEnumerable<string> messages) { foreach (var m in messages) Add(m); }
    public void AddRange(IEnumerable<KeyValuePair<string, string[]>> byField)
    {
        foreach (var (field, messages) in byField) foreach (var m in messages) Add(field, m);
    }

    /// <summary>The key of the field's messages, if there are any: matched on the form name's last part ("Input.Text" → "Text").</summary>
    public string? FieldKeyFor(string name)
    {
        var last = name[(name.LastIndexOf('.') + 1)..];
        return entries.Select(e => e.Field).FirstOrDefault(f => f is not null &&
            (f.Equals(name, StringComparison.OrdinalIgnoreCase) || f.Equals(last, StringComparison.OrdinalIgnoreCase)));
    }

    public static FormErrors Of(IEnumerable<string> messages) { var e = new FormErrors(); e.AddRange(messages); return e; }
    public static FormErrors Of(IEnumerable<KeyValuePair<string, string[]>> byField) { var e = new FormErrors(); e.AddRange(byField); return e; }
    public static FormErrors Of(string? message, string? id = null)
    {
        var e = new FormErrors();
        if (message is not null) e.entries.Add(new(null, message, id));
        return e;
    }

    public IEnumerator<string> GetEnumerator() => entries.Select(e => e.Message).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
