using System.Diagnostics;

namespace Auditor.Testing;

/// <summary>
/// The Python that runs moto and boto3 for the tests: the path <c>scripts/python-env</c> prints (python3 itself when it
/// has moto 5.2.1 and boto3, otherwise the repository's <c>.venv</c>, which the script creates once). The script runs
/// once per process; its answer, or its failure, is kept.
/// </summary>
public static class PythonEnvironment
{
    /// <summary>Long enough for a first pip install of moto[server] and boto3 from a package index.</summary>
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(10);

    private static readonly Lazy<string> Python = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The python executable's path; throws, with the script's stderr, when none could be had.</summary>
    public static string Executable => Python.Value;

    private static string Resolve()
    {
        var script = RepositoryPaths.Of("scripts", "python-env");
        var start = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{script} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ScriptTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new InvalidOperationException($"scripts/python-env did not finish within {ScriptTimeout}: {stderr.Result}");
        }

        process.WaitForExit();
        var python = stdout.Result.Trim();
        if (process.ExitCode != 0 || python.Length == 0 || !File.Exists(python))
        {
            throw new InvalidOperationException(
                $"scripts/python-env found no Python with moto 5.2.1 and boto3 (exit code {process.ExitCode}, printed '{python}'): {stderr.Result.Trim()}");
        }

        return python;
    }
}
