using BinHub.Bench;

// BinHub benchmark harness. See bench/README.md.
//   dotnet run -c Release --project bench/BinHub.Bench -- fanout --recipients N --provider sqlite|postgres [--pg "conn"]
//   dotnet run -c Release --project bench/BinHub.Bench -- fanout --smoke --provider sqlite
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(Fanout.Usage);
    return 0;
}
if (args[0] != "fanout")
{
    Console.Error.WriteLine($"unknown verb '{args[0]}'\n{Fanout.Usage}");
    return 2;
}
FanoutOptions options;
try { options = FanoutOptions.Parse(args[1..]); }
catch (ArgumentException e)
{
    Console.Error.WriteLine($"{e.Message}\n{Fanout.Usage}");
    return 2;
}
return await Fanout.RunAsync(options);
