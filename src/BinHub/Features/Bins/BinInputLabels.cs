using Microsoft.Extensions.Localization;

namespace BinHub.Features.Bins;

/// <summary>
/// The label a reader sees for each field of <see cref="BinInput"/>, for messages that name a field (a value the model
/// binder could not read names the field by the label on the form, never by its property name such as "MunicipalityNis").
/// </summary>
public static class BinInputLabels
{
    private static readonly Dictionary<string, string> Keys = new()
    {
        [nameof(BinInput.Name)] = "Bin.Name",
        [nameof(BinInput.Type)] = "Bin.Type",
        [nameof(BinInput.MunicipalityNis)] = "Bin.Municipality",
        [nameof(BinInput.AreaStreets)] = "Bin.AreaStreets",
        [nameof(BinInput.AreaGeoJson)] = "Bin.AreaGeoJson",
        [nameof(BinInput.ContactEmail)] = "Bin.ContactEmail",
        [nameof(BinInput.ContactPhone)] = "Bin.ContactPhone",
        [nameof(BinInput.Language)] = "Bin.Language",
        [nameof(BinInput.UrgentChannels)] = "Bin.UrgentChannels",
        [nameof(BinInput.NonUrgentChannels)] = "Bin.NonUrgentChannels",
        [nameof(BinInput.CoordinatorsMaySendPrevention)] = "Bin.CoordinatorsMaySendPrevention",
        [nameof(BinInput.PreventionNeedsOfficerApproval)] = "Bin.PreventionNeedsOfficerApproval",
        [nameof(BinInput.QuietFrom)] = "Edit.QuietFrom",
        [nameof(BinInput.QuietUntil)] = "Edit.QuietUntil",
        [nameof(BinInput.EnteredHouseholds)] = "Bin.Households",
        [nameof(BinInput.StartDate)] = "Bin.StartDate",
        [nameof(BinInput.MandatedOfficerId)] = "Bin.MandatedOfficer",
        [nameof(BinInput.CoordinatorIds)] = "Bin.Coordinators",
        [nameof(BinInput.AutoApproveMembers)] = "Coord.AutoApprove",
        [nameof(BinInput.Postcodes)] = "Coord.Postcodes",
    };

    /// <summary>The label of <paramref name="field"/> ("MunicipalityNis", "CoordinatorIds[0]"); an unknown field as the form's generic word.</summary>
    public static string For(string field, IStringLocalizer L) =>
        Keys.TryGetValue(field.Split('[', '.')[0], out var key) ? L[key] : L["Form.Field"];
}
