namespace BinHub;

/// <summary>Marker for the shared string resources (Resources/SharedResource.*.resx): nl, fr, de and en.</summary>
public sealed class SharedResource;
