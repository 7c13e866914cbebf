using System.Globalization;
using BinHub.Features.Members;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace BinHub.Features.SteeringCommittee;

/// <summary>The report's tables as a CSV (one block per table) and as an XLSX (one sheet per table, figures as numbers).</summary>
public static class ReportFiles
{
    public const string CsvType = "text/csv", XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", PdfType = "application/pdf";

    public static string FileName(int year, string extension) => $"steering-committee-report-{year}.{extension}";

    public static byte[] Csv(IReadOnlyList<ReportTables.Table> tables)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)))
        {
            foreach (var table in tables)
            {
                // Names come from the registry (a zone or region name): guarded against formula injection as the member export is.
                csv.WriteField(ExportMembers.Text(table.Title));
                csv.NextRecord();
                foreach (var h in table.Headers) csv.WriteField(ExportMembers.Text(h));
                csv.NextRecord();
                foreach (var row in table.Rows)
                {
                    foreach (var cell in row) csv.WriteField(cell is string s ? ExportMembers.Text(s) : Convert.ToString(cell, CultureInfo.InvariantCulture));
                    csv.NextRecord();
                }
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }

    public static byte[] Xlsx(IReadOnlyList<ReportTables.Table> tables)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var table in tables)
        {
            // Headers as the first row of values (not as keys) so a translated header can repeat or contain any character.
            var rows = new List<Dictionary<string, object?>> { Row(table.Headers.Cast<object>().ToList()) };
            rows.AddRange(table.Rows.Select(Row));
            sheets[table.Id] = rows;
        }
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, printHeader: false, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    private static Dictionary<string, object?> Row(IReadOnlyList<object> cells) =>
        cells.Select((c, i) => (Key: $"c{i}", Value: c is string s ? ExportMembers.Text(s) : c)).ToDictionary(x => x.Key, x => (object?)x.Value);
}
