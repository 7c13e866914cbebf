using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace BinHub.Pages;

/// <summary>
/// A refused form, for one request: the error summary (Shared/_ErrorSummary) starts it; the layout then prefixes the
/// document title ("Error: …"), and <see cref="ErrorFieldTagHelper"/> marks each field that has a message.
/// </summary>
public sealed class ErrorState(FormErrors errors)
{
    private const string ItemKey = "binhub.form-errors";
    public FormErrors Errors { get; } = errors;
    /// <summary>The element id of each field with a message, as the fields render (after the summary, hence the lazy links).</summary>
    private readonly Dictionary<string, string> fieldIds = new(StringComparer.OrdinalIgnoreCase);

    public static ErrorState? Of(HttpContext ctx) => ctx.Items[ItemKey] as ErrorState;
    public static ErrorState Begin(HttpContext ctx, FormErrors errors)
    {
        var state = new ErrorState(errors);
        ctx.Items[ItemKey] = state;
        return state;
    }

    /// <summary>The summary entry of a field's messages: the field's aria-describedby points at it.</summary>
    public static string EntryId(string field) => "error-" + new string(field.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    public void FieldRendered(string field, string id) => fieldIds.TryAdd(field, id);

    /// <summary>
    /// The entry's text, as a link to its field when the page has that field. Written out only when the response is
    /// (Razor buffers the whole page first), so the fields below the summary are known by then.
    /// </summary>
    public IHtmlContent Text(FormErrors.Entry entry) => new LazyLink(this, entry);

    private sealed class LazyLink(ErrorState state, FormErrors.Entry entry) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            if (entry.Field is { } f && state.fieldIds.TryGetValue(f, out var id))
            {
                writer.Write("<a href=\"#");
                encoder.Encode(writer, id);
                writer.Write("\">");
                encoder.Encode(writer, entry.Message);
                writer.Write("</a>");
            }
            else encoder.Encode(writer, entry.Message);
        }
    }
}

/// <summary>
/// Marks a form field that has a message after a refusal: aria-invalid="true" and aria-describedby pointing at its entry in
/// the error summary. Matches the field by its form name ("Input.Text" answers the key "Text").
/// </summary>
[HtmlTargetElement("input", Attributes = "name", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = "name")]
[HtmlTargetElement("textarea", Attributes = "name")]
public sealed class ErrorFieldTagHelper : TagHelper
{
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ErrorState.Of(ViewContext.HttpContext) is not { } state) return;
        if (Value(output, "type") is "hidden" || Value(output, "name") is not { } name) return;
        if (state.Errors.FieldKeyFor(name, Value(output, "id")) is not { } key) return;
        output.Attributes.SetAttribute("aria-invalid", "true");
        var describedBy = Value(output, "aria-describedby");
        var entry = state.Errors.EntryIdFor(key);
        // A page that already points the field at its message (Login's "login-error") keeps that one reference.
        if (string.IsNullOrEmpty(describedBy)) output.Attributes.SetAttribute("aria-describedby", entry);
        else if (!describedBy.Split(' ').Contains(entry)) output.Attributes.SetAttribute("aria-describedby", describedBy + " " + entry);
        if (Value(output, "id") is { Length: > 0 } id) state.FieldRendered(key, id);
    }

    /// <summary>An attribute's text, whether written as a literal or with Razor expressions in it.</summary>
    private static string? Value(TagHelperOutput output, string name)
    {
        if (!output.Attributes.TryGetAttribute(name, out var a) || a.Value is null) return null;
        if (a.Value is string s) return s;
        if (a.Value is IHtmlContent html)
        {
            using var w = new StringWriter();
            html.WriteTo(w, NullHtmlEncoder.Default);
            return w.ToString();
        }
        return a.Value.ToString();
    }
}
