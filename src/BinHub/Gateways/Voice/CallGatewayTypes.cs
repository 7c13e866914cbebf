namespace BinHub.Gateways.Voice;

/// <summary>The call engine cannot be reached at all (baresip stopped, ctrl_tcp down): the call was not placed.</summary>
public sealed class CallGatewayUnavailableException(string message) : Exception(message);

public sealed record CallGatewayHealth(bool Connected, DateTimeOffset? Since, string? LastError, int CallsInProgress);
