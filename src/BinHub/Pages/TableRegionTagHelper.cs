using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages;

/// <summary>
/// Names each sideways-scrolling table region after its table's caption ("Members (table, scrolls sideways …)"): a page with
/// several tables had several regions with the same name, which a screen reader's landmark list cannot tell apart.
/// </summary>
[HtmlTargetElement("div", Attributes = "role,aria-label,class")]
public sealed partial class TableRegionTagHelper(IStringLocalizer<SharedResource> L) : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (context.AllAttributes["role"].Value?.ToString() != "region" || context.AllAttributes["class"].Value?.ToString()?.Contains("table-wrap") != true) return;
        var content = await output.GetChildContentAsync();
        var caption = Caption().Match(content.GetContent());
        if (!caption.Success) return;
        var text = WebUtility.HtmlDecode(Regex.Replace(caption.Groups[1].Value, "<[^>]+>", "")).Trim();
        output.Attributes.SetAttribute("aria-label", L["Layout.ScrollTableNamed", text].Value);
    }

    [GeneratedRegex(@"<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline)]
    private static partial Regex Caption();
}
