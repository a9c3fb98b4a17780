using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using Auditor.ColdStart;

// Cold start of the function executable, reproducible on one machine: each run starts a fresh process of a build
// against a loopback Runtime API emulator and a canned AWS endpoint (or --aws-endpoint, e.g. moto), serves it one
// dry-run audit event, and notes process start -> first GET /invocation/next (init) -> POST /response (first
// invoke), the peak resident memory (VmHWM) at that moment, and the package size. Builds run interleaved.
//
//   Auditor.ColdStart --variant 'NAME|PACKAGE_DIR|COMMAND ARGS' [--variant …] [--runs 20] [--warmup 2]
//                     [--users 25] [--aws-endpoint URL] [--event FILE] [--env NAME=VALUE …] [--markdown FILE] [--csv FILE]
var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

var payload = options.EventFile is null
    ? Encoding.UTF8.GetBytes("""{"regions":["us-east-1"],"dryRun":true}""")
    : await File.ReadAllBytesAsync(options.EventFile);

await using var fake = options.AwsEndpoint is null ? new FakeAws(options.Users) : null;
var endpoint = options.AwsEndpoint ?? fake!.Endpoint.ToString();
await using var emulator = new RuntimeApiEmulator();

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription} (harness)");
Console.WriteLine($"AWS endpoint: {(fake is null ? endpoint : $"canned fake on {endpoint} ({options.Users} users in the credential report)")}");
Console.WriteLine($"event: {Encoding.UTF8.GetString(payload)}; {options.Warmup} warm-up + {options.Runs} measured runs per build, interleaved");

var samples = options.Variants.ToDictionary(v => v.Name, _ => new List<Sample>());
for (var round = 0; round < options.Warmup + options.Runs; round++)
{
    foreach (var variant in options.Variants)
    {
        var sample = await ColdStart.RunAsync(variant, emulator, payload, endpoint, options.Environment, options.Timeout);
        if (sample is null)
        {
            return 1;
        }

        if (round >= options.Warmup)
        {
            samples[variant.Name].Add(sample);
        }
    }

    Console.Error.Write(round < options.Warmup ? "w" : ".");
}

Console.Error.WriteLine();
var table = Report.Markdown(options.Variants, samples);
Console.WriteLine();
Console.WriteLine(table);
if (options.MarkdownFile is not null)
{
    await File.WriteAllTextAsync(options.MarkdownFile, table);
}

if (options.CsvFile is not null)
{
    await File.WriteAllTextAsync(options.CsvFile, Report.Csv(samples));
}

return 0;

/// <summary>One build to measure: its name, its package directory (measured for size) and how to start it there.</summary>
internal sealed record Variant(string Name, string PackageDirectory, string Executable, IReadOnlyList<string> Arguments);

/// <summary>One cold start, in milliseconds from the process start, and the peak resident memory in MiB.</summary>
internal sealed record Sample(double InitMs, double FirstResponseMs, double PeakRssMiB)
{
    public double FirstInvokeMs => FirstResponseMs - InitMs;
}

internal sealed record Options(
    IReadOnlyList<Variant> Variants, int Runs, int Warmup, int Users, string? AwsEndpoint, string? EventFile, string? MarkdownFile, string? CsvFile, TimeSpan Timeout,
    IReadOnlyDictionary<string, string> Environment)
{
    public const string Usage =
        "usage: Auditor.ColdStart --variant 'NAME|PACKAGE_DIR|COMMAND ARGS' [--variant …] [--runs 20] [--warmup 2] [--users 25]\n" +
        "                         [--aws-endpoint URL] [--event FILE] [--env NAME=VALUE …] [--markdown FILE] [--csv FILE] [--timeout-seconds 60]";

    public static Options? Parse(string[] args)
    {
        var variants = new List<Variant>();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        int runs = 20, warmup = 2, users = 25, timeout = 60;
        string? aws = null, eventFile = null, markdown = null, csv = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            if (value is null)
            {
                return null;
            }

            switch (args[i])
            {
                case "--variant":
                    var parts = value.Split('|');
                    if (parts.Length != 3)
                    {
                        return null;
                    }

                    var command = parts[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var directory = Path.GetFullPath(parts[1]);
                    var executable = command[0].StartsWith("./", StringComparison.Ordinal) ? Path.Combine(directory, command[0][2..]) : command[0];
                    variants.Add(new Variant(parts[0], directory, executable, command[1..]));
                    break;
                case "--runs":
                    runs = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--users":
                    users = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--timeout-seconds":
                    timeout = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--aws-endpoint":
                    aws = value;
                    break;
                case "--event":
                    eventFile = value;
                    break;
                case "--markdown":
                    markdown = value;
                    break;
                case "--csv":
                    csv = value;
                    break;
                case "--env" when value.IndexOf('=', StringComparison.Ordinal) > 0:
                    environment[value[..value.IndexOf('=', StringComparison.Ordinal)]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..];
                    break;
                default:
                    return null;
            }

            i++;
        }

        return variants.Count == 0 || runs < 1 ? null : new Options(variants, runs, warmup, users, aws, eventFile, markdown, csv, TimeSpan.FromSeconds(timeout), environment);
    }
}

internal static class ColdStart
{
    public static async Task<Sample?> RunAsync(
        Variant variant, RuntimeApiEmulator emulator, byte[] payload, string awsEndpoint, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var run = emulator.Arm(payload);
        var start = new ProcessStartInfo(variant.Executable)
        {
            WorkingDirectory = variant.PackageDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in variant.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // What the Lambda sandbox gives a function, and nothing of this shell's: a cold start sees no inherited settings.
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "LANG", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } inherited)
            {
                start.Environment[name] = inherited;
            }
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = emulator.Address;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "auditor-audit";
        start.Environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        start.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        start.Environment["AWS_SESSION_TOKEN"] = "cold-start-harness";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_ENDPOINT_URL"] = awsEndpoint;
        start.Environment["AUDITOR_FUNCTION"] = "audit";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var stderr = new StringBuilder();
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var finished = await Task.WhenAny(run.Finished, process.WaitForExitAsync(), Task.Delay(timeout)).ConfigureAwait(false);
        var peak = finished == run.Finished ? PeakRssMiB(process.Id) : double.NaN;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
        if (finished != run.Finished || run.Result != RuntimeApiEmulator.Outcome.Response || !run.Body.Contains("\"dryRun\":", StringComparison.Ordinal))
        {
            var why = finished != run.Finished ? (process.HasExited ? $"the process exited with {process.ExitCode}" : "timed out") : $"the function answered {run.Result}";
            Console.Error.WriteLine($"\n{variant.Name}: no audit response: {why}\n{run.Body}\n--- stderr ---\n{stderr}");
            return null;
        }

        return new Sample(Milliseconds(started, run.NextAt), Milliseconds(started, run.DoneAt), peak);
    }

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    /// <summary>VmHWM of the process: its peak resident set so far, in MiB.</summary>
    private static double PeakRssMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = double.Parse(line["VmHWM:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                return kb / 1024;
            }
        }

        return double.NaN;
    }
}

internal static class Report
{
    public static string Markdown(IReadOnlyList<Variant> variants, Dictionary<string, List<Sample>> samples)
    {
        var table = new StringBuilder();
        table.AppendLine("| Build | Package (unzipped / zipped) | Init p50 / p90 | First invoke p50 / p90 | First response p50 / p90 | Peak RSS p50 / p90 | Runs |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var variant in variants)
        {
            var s = samples[variant.Name];
            var (unzipped, zipped) = PackageSize(variant.PackageDirectory);
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {variant.Name} | {unzipped / 1048576.0:F1} MiB / {zipped / 1048576.0:F1} MiB | {Ms(s, x => x.InitMs)} | {Ms(s, x => x.FirstInvokeMs)} | {Ms(s, x => x.FirstResponseMs)} | {Pair(s, x => x.PeakRssMiB, "MiB", "F0")} | {s.Count} |");
        }

        return table.ToString();
    }

    public static string Csv(Dictionary<string, List<Sample>> samples)
    {
        var csv = new StringBuilder("build,run,init_ms,first_invoke_ms,first_response_ms,peak_rss_mib\n");
        foreach (var (name, list) in samples)
        {
            for (var i = 0; i < list.Count; i++)
            {
                csv.AppendLine(CultureInfo.InvariantCulture, $"{name},{i + 1},{list[i].InitMs:F1},{list[i].FirstInvokeMs:F1},{list[i].FirstResponseMs:F1},{list[i].PeakRssMiB:F1}");
            }
        }

        return csv.ToString();
    }

    private static string Ms(List<Sample> samples, Func<Sample, double> value) => Pair(samples, value, "ms", "F0");

    private static string Pair(List<Sample> samples, Func<Sample, double> value, string unit, string format)
    {
        var sorted = samples.Select(value).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{Percentile(sorted, 0.5).ToString(format, CultureInfo.InvariantCulture)} / {Percentile(sorted, 0.9).ToString(format, CultureInfo.InvariantCulture)} {unit}");
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static (long Unzipped, long Zipped) PackageSize(string directory)
    {
        var unzipped = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var zip = Path.Combine(Path.GetTempPath(), $"auditor-cold-start-{Guid.NewGuid():N}.zip");
        try
        {
            ZipFile.CreateFromDirectory(directory, zip, CompressionLevel.Optimal, includeBaseDirectory: false);
            return (unzipped, new FileInfo(zip).Length);
        }
        finally
        {
            File.Delete(zip);
        }
    }
}
