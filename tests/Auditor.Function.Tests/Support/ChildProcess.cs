using System.Diagnostics;
using System.Reflection;
using System.Text;
using Auditor.Testing;

namespace Auditor.Function.Tests.Support;

/// <summary>Runs the real executable and scripts as child processes, with a clean, explicit environment.</summary>
public static class ChildProcess
{
    /// <summary>The configuration this test assembly was built in; the project reference built the function in it too.</summary>
    public static string Configuration { get; } =
        typeof(ChildProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>functions/Auditor.Function/bin/&lt;Configuration&gt;/net10.0/Auditor.Function.dll, as the project reference built it.</summary>
    public static string FunctionDll
    {
        get
        {
            var path = RepositoryPaths.Of("functions", "Auditor.Function", "bin", Configuration, "net10.0", "Auditor.Function.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"the function executable was not built at {path}", path);
        }
    }

    /// <summary>
    /// Starts a process with only the variables it needs (PATH, HOME, DOTNET_*) plus <paramref name="variables"/>, so
    /// nothing from the developer's shell (AWS_PROFILE, AWS_REGION, a real endpoint) reaches it.
    /// </summary>
    public static Process Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> variables, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "DOTNET_CLI_HOME", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO", "DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "TMPDIR", "LANG" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["NO_PROXY"] = "127.0.0.1,localhost";
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
    }

    /// <summary>Runs to completion (or kills it after <paramref name="timeout"/>) and returns exit code, stdout and stderr.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> variables, TimeSpan timeout, string? workingDirectory = null)
    {
        using var process = Start(fileName, arguments, variables, workingDirectory);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}; stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Collects a running process's stderr for failure messages.</summary>
    public static StringBuilder CaptureStderr(Process process)
    {
        var captured = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (captured)
                {
                    captured.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return captured;
    }

    /// <summary>Stops a process this test started (by its own handle, never by name).</summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }
}
