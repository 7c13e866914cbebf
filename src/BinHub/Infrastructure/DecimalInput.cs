using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace BinHub.Infrastructure;

/// <summary>
/// Numbers typed in a form (coordinates, a radius) in any of the UI's languages: "51,05" and "51.05" both mean 51.05.
/// The default binder reads the UI culture, so in Dutch or French "51.05" became 5105 (the dot is their thousands
/// separator) and the point fell outside Belgium. A form has no thousands in these fields: one separator, either one, is the
/// decimal point; a value with both ("51.050,5") or several ("1.000.5") is ambiguous and refused like any unreadable number.
/// </summary>
public sealed class DecimalInputBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType is var t && (t == typeof(double) || t == typeof(decimal)) ? new DecimalInputBinder() : null;
}

public sealed class DecimalInputBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext context)
    {
        var result = context.ValueProvider.GetValue(context.ModelName);
        if (result == ValueProviderResult.None) return Task.CompletedTask;
        context.ModelState.SetModelValue(context.ModelName, result);
        var text = result.FirstValue?.Trim();
        var metadata = context.ModelMetadata;
        if (string.IsNullOrEmpty(text))
        {
            if (metadata.IsReferenceOrNullableType) context.Result = ModelBindingResult.Success(null);
            else context.ModelState.TryAddModelError(context.ModelName, metadata.ModelBindingMessageProvider.ValueMustNotBeNullAccessor(result.FirstValue ?? ""));
            return Task.CompletedTask;
        }
        var type = metadata.UnderlyingOrModelType;
        if (TryParse(text, type, out var value)) context.Result = ModelBindingResult.Success(value);
        else context.ModelState.TryAddModelError(context.ModelName,
            metadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(text, metadata.GetDisplayName()));
        return Task.CompletedTask;
    }

    public static bool TryParse(string text, Type type, out object? value)
    {
        value = null;
        if (text.Count(c => c is ',' or '.') > 1) return false;
        var invariant = text.Replace(',', '.');
        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;
        if (type == typeof(decimal) && decimal.TryParse(invariant, styles, CultureInfo.InvariantCulture, out var m)) value = m;
        else if (type == typeof(double) && double.TryParse(invariant, styles, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) value = d;
        return value is not null;
    }
}
