using BinHub.Bench;

// BinHub benchmark harness. See bench/README.md.
//   dotnet run -c Release --project bench/BinHub.Bench -- fanout --recipients N --provider sqlite|postgres [--pg "conn"]
//   dotnet run -c Release --project bench/BinHub.Bench -- fanout --smoke --provider sqlite
//   dotnet run -c Release --project bench/BinHub.Bench -- pages --users 100 --provider sqlite|postgres [--pg "conn"] [--requests R] [--duration S]
//   dotnet run -c Release --project bench/BinHub.Bench -- pages --smoke --provider sqlite
//   dotnet run -c Release --project bench/BinHub.Bench -- priority --links 3 --link-rate 100 --background 20000 --provider sqlite|postgres
//   dotnet run -c Release --project bench/BinHub.Bench -- priority --smoke --provider sqlite
//   dotnet run -c Release --project bench/BinHub.Bench -- calls --calls 200 --channels 8 --provider sqlite|postgres [--port-base 17000]
//   dotnet run -c Release --project bench/BinHub.Bench -- calls --smoke --provider sqlite
//   dotnet run -c Release --project bench/BinHub.Bench -- report --households 180000 --bins 1557 --provider sqlite|postgres
//   dotnet run -c Release --project bench/BinHub.Bench -- unreached --households 180000 --bins 1557 --provider sqlite|postgres
var usage = $"{Fanout.Usage}\n{Pages.Usage}\n{Priority.Usage}\n{Calls.Usage}\n{ReportBench.Usage}\n{UnreachedBench.Usage}";
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(usage);
    return 0;
}
try
{
    switch (args[0])
    {
        case "fanout":
            return await Fanout.RunAsync(FanoutOptions.Parse(args[1..]));
        case "pages":
            return await Pages.RunAsync(PagesOptions.Parse(args[1..]));
        case "priority":
            return await Priority.RunAsync(PriorityOptions.Parse(args[1..]));
        case "calls":
            return await Calls.RunAsync(CallsOptions.Parse(args[1..]));
        case "report":
            return await ReportBench.RunAsync(ReportBench.Options.Parse(args[1..]));
        case "unreached":
            return await UnreachedBench.RunAsync(UnreachedBench.Options.Parse(args[1..]));
        default:
            Console.Error.WriteLine($"unknown verb '{args[0]}'\n{usage}");
            return 2;
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}\n{args[0] switch { "pages" => Pages.Usage, "priority" => Priority.Usage, "calls" => Calls.Usage, "report" => ReportBench.Usage, "unreached" => UnreachedBench.Usage, _ => Fanout.Usage }}");
    return 2;
}
