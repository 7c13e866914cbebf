using System.Buffers.Binary;
using System.Net.Http.Headers;
using SkiaSharp;

namespace BinHub.Tests.Support;

/// <summary>Builders for reports: a zone with a BIN, a reporting household and officers; images with hand-written EXIF GPS blocks.</summary>
public static class ReportBuilders
{
    public sealed record Setup(World.Place Place, Bin Bin, MeBuilders.Household Home, World.Person Officer);

    public static async Task<Setup> ReportSetupAsync(this BinHubApp app, World world, string language = "nl")
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, name: "Jan Melder", language: language, phones: [("+32470" + Random.Shared.Next(100000, 999999), true, true)]);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        return new Setup(place, bin, home, officer);
    }

    public static object Valid(string text = "Two men looking into cars with a torch", string category = "SuspiciousPerson") => new
    {
        category, street = "Kerkstraat", houseNumber = "5", text,
        suspect = new { sex = "man", clothing = "black hoodie, jeans", licencePlate = "1-abc-123" },
    };

    public static async Task<int> ReportAsync(this BinHubApp app, string memberToken, string text = "Suspicious van", string category = "SuspiciousVehicle")
    {
        var response = await app.ClientFor(memberToken).PostAsJsonAsync("/api/v1/reports", Valid(text, category));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>The bytes of the GPS block written into <see cref="JpegWithGps"/>: latitude 51°3'15.5" N, longitude 3°43'12.1" E.</summary>
    public static readonly byte[] GpsLatitudeRationals =
    [
        0, 0, 0, 51, 0, 0, 0, 1,
        0, 0, 0, 3, 0, 0, 0, 1,
        0, 0, 0x06, 0x0E, 0, 0, 0, 100, // 1550/100 seconds
    ];

    /// <summary>A real JPEG (drawn with Skia) with an APP1 "Exif" segment holding a GPS IFD, written byte by byte.</summary>
    public static byte[] JpegWithGps(int width = 64, int height = 48)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap)) { canvas.Clear(SKColors.SteelBlue); canvas.DrawCircle(width / 2f, height / 2f, height / 3f, new SKPaint { Color = SKColors.Orange }); }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        var jpeg = data.ToArray();

        // TIFF (big-endian): header, IFD0 with one entry (GPSInfo pointer), GPS IFD with LatitudeRef, Latitude, LongitudeRef.
        var tiff = new List<byte>();
        void U16(int v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); tiff.AddRange(b); }
        void U32(int v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, (uint)v); tiff.AddRange(b); }
        tiff.AddRange("MM"u8.ToArray()); U16(42); U32(8);
        // IFD0 at 8: 1 entry, next IFD 0 → 2 + 12 + 4 = 18 bytes, GPS IFD at 26
        U16(1); U16(0x8825); U16(4); U32(1); U32(26); U32(0);
        // GPS IFD at 26: 3 entries → 2 + 36 + 4 = 42 bytes, latitude rationals at 68
        U16(3);
        U16(1); U16(2); U32(2); tiff.AddRange("N\0\0\0"u8.ToArray());
        U16(2); U16(5); U32(3); U32(68);
        U16(3); U16(2); U32(2); tiff.AddRange("E\0\0\0"u8.ToArray());
        U32(0);
        tiff.AddRange(GpsLatitudeRationals);
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var app1 = new List<byte> { 0xFF, 0xE1 };
        var len = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(len, (ushort)(payload.Length + 2));
        app1.AddRange(len);
        app1.AddRange(payload);
        return jpeg[..2].Concat(app1).Concat(jpeg[2..]).ToArray();
    }

    /// <summary>A landscape JPEG whose EXIF says "rotate 90° clockwise to view" (orientation 6), as phones store portrait photos.</summary>
    public static byte[] JpegRotatedByExif(int width = 80, int height = 40)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap)) { canvas.Clear(SKColors.White); canvas.DrawRect(0, 0, width / 4f, height, new SKPaint { Color = SKColors.Red }); }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        var jpeg = data.ToArray();
        var tiff = new List<byte>();
        void U16(int v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); tiff.AddRange(b); }
        void U32(int v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, (uint)v); tiff.AddRange(b); }
        tiff.AddRange("MM"u8.ToArray()); U16(42); U32(8);
        U16(1); U16(0x0112); U16(3); U32(1); U16(6); U16(0); U32(0); // Orientation = 6, inline SHORT
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var app1 = new List<byte> { 0xFF, 0xE1 };
        var len = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(len, (ushort)(payload.Length + 2));
        app1.AddRange(len);
        app1.AddRange(payload);
        return jpeg[..2].Concat(app1).Concat(jpeg[2..]).ToArray();
    }

    /// <summary>The JPEG markers before the image data (APP0, APP1 …); an EXIF block is an APP1 (0xE1).</summary>
    public static List<byte> JpegMarkers(byte[] jpeg)
    {
        var markers = new List<byte>();
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var marker = jpeg[i + 1];
            markers.Add(marker);
            if (marker == 0xDA) break; // start of scan: pixels follow
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }
        return markers;
    }

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    public static MultipartFormDataContent Multipart(object? fields = null, params (string FileName, string ContentType, byte[] Bytes)[] photos)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("Burglary"), "category" },
            { new StringContent("Kerkstraat"), "street" },
            { new StringContent("9"), "houseNumber" },
            { new StringContent("Back door forced, two men ran off towards the park"), "text" },
            { new StringContent("grey van"), "suspect.vehicleMakeModel" },
        };
        foreach (var (name, type, bytes) in photos)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(file, "photos", name);
        }
        return form;
    }
}
