using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Auditor.Function.Tests.Support;
using Auditor.Testing;

namespace Auditor.Function.Tests.Scripts;

/// <summary>
/// <c>scripts/python-env</c>, which scripts/demo, the tests and CI ask for the Python that runs moto and boto3: it
/// prints python3 when that has moto 5.2.1 and boto3, and otherwise makes a virtual environment with the pinned versions,
/// once. The environment goes to a temporary <c>AUDITOR_VENV</c>, python3 is a wrapper on PATH, and pip installs offline
/// from small wheels made here (pip's own <c>PIP_NO_INDEX</c> and <c>PIP_FIND_LINKS</c>).
/// </summary>
public sealed class PythonEnvScriptTests : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<string> BasePython = new(FindBasePython);

    private readonly string _work = Directory.CreateTempSubdirectory("auditor-python-env-").FullName;

    private string Venv => Path.Combine(_work, "venv");

    private string VenvPython => Path.Combine(Venv, "bin", "python3");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Where_python3_has_moto_it_prints_that_python_and_makes_no_environment()
    {
        var withMoto = PythonEnvironment.Executable;
        var bin = WritePython3Wrapper("with-moto", withMoto, hide: []);

        var (exitCode, stdout, stderr) = await RunAsync(bin);

        Assert.True(exitCode == 0, $"exit code {exitCode}\nstdout: {stdout}\nstderr: {stderr}");
        Assert.Equal(withMoto, stdout.Trim());
        Assert.Equal(string.Empty, stderr);
        Assert.False(Directory.Exists(Venv), "a virtual environment was made although python3 has moto");
        Assert.False(File.Exists(Venv + ".lock"));
    }

    [Fact]
    public async Task Without_moto_it_makes_a_virtual_environment_with_the_pinned_versions_once()
    {
        var bin = WritePython3Wrapper("without-moto", BasePython.Value, hide: ["moto"]);
        var wheels = Directory.CreateDirectory(Path.Combine(_work, "wheels")).FullName;
        WriteWheel(wheels, "moto", "5.2.1", "Provides-Extra: server\n", new()
        {
            ["moto/__init__.py"] = "__version__ = \"5.2.1\"\n",
            ["moto/server.py"] = "# the server module scripts/moto_world.py imports\n",
        });
        WriteWheel(wheels, "boto3", "1.40.0", string.Empty, new() { ["boto3/__init__.py"] = "__version__ = \"1.40.0\"\n" });

        var (exitCode, stdout, stderr) = await RunAsync(bin, wheels);

        Assert.True(exitCode == 0, $"exit code {exitCode}\nstdout: {stdout}\nstderr: {stderr}");
        Assert.Equal(VenvPython, stdout.Trim());
        Assert.Contains("using a virtual environment at " + Venv, stderr, StringComparison.Ordinal);
        Assert.Contains("installing moto[server]==5.2.1 boto3 into " + Venv, stderr, StringComparison.Ordinal);
        var installed = await ChildProcess.RunAsync(
            VenvPython,
            ["-c", "import importlib.metadata as m, moto, moto.server, boto3; print(m.version('moto'), m.version('boto3'), moto.__file__)"],
            new Dictionary<string, string>(),
            ScriptTimeout);
        Assert.True(installed.ExitCode == 0, installed.Stderr);
        var parts = installed.Stdout.Trim().Split(' ');
        Assert.Equal("5.2.1", parts[0]);
        Assert.Equal("1.40.0", parts[1]);
        Assert.StartsWith(Venv + "/", parts[2], StringComparison.Ordinal);

        // The second call finds the environment ready: with no wheels left to install from, it still answers at once.
        Directory.Delete(wheels, recursive: true);
        var again = await RunAsync(bin, wheels);

        Assert.True(again.ExitCode == 0, $"exit code {again.ExitCode}\nstdout: {again.Stdout}\nstderr: {again.Stderr}");
        Assert.Equal(VenvPython, again.Stdout.Trim());
        Assert.Equal(string.Empty, again.Stderr);
    }

    [Fact]
    public async Task When_pip_cannot_install_it_fails_and_says_how_to_point_pip_at_packages()
    {
        var bin = WritePython3Wrapper("without-moto", BasePython.Value, hide: ["moto"]);
        var empty = Directory.CreateDirectory(Path.Combine(_work, "no-wheels")).FullName;

        var (exitCode, stdout, stderr) = await RunAsync(bin, empty);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("pip could not install moto[server]==5.2.1 boto3", stderr, StringComparison.Ordinal);
        Assert.Contains("PIP_INDEX_URL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_venv_support_it_fails_naming_python3_venv_and_makes_nothing()
    {
        var bin = WritePython3Wrapper("without-venv", BasePython.Value, hide: ["moto", "ensurepip"]);

        var (exitCode, stdout, stderr) = await RunAsync(bin);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("cannot create virtual environments", stderr, StringComparison.Ordinal);
        Assert.Contains("apt-get install python3-venv", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Venv));
    }

    [Fact]
    public async Task Without_python3_it_fails_saying_python_3_is_needed()
    {
        var missing = Path.Combine(_work, "nowhere", "python3");

        var (exitCode, stdout, stderr) = await ChildProcess.RunAsync(
            Script, [], new Dictionary<string, string> { ["AUDITOR_PYTHON"] = missing, ["AUDITOR_VENV"] = Venv }, ScriptTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains($"'{missing}' was not found: Auditor needs Python 3", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Venv));
    }

    private static string Script => RepositoryPaths.Of("scripts", "python-env");

    /// <summary>Runs the script with <paramref name="bin"/> first on PATH and pip limited to <paramref name="wheels"/> (or to nothing).</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string bin, string? wheels = null)
    {
        var variables = new Dictionary<string, string>
        {
            ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["AUDITOR_VENV"] = Venv,
            ["PIP_NO_INDEX"] = "1",
            ["PIP_CONFIG_FILE"] = "/dev/null",
            ["PIP_NO_CACHE_DIR"] = "1",
            ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1",
        };
        if (wheels is not null)
        {
            variables["PIP_FIND_LINKS"] = wheels;
        }

        return ChildProcess.RunAsync(Script, [], variables, ScriptTimeout);
    }

    /// <summary>
    /// A directory holding a <c>python3</c> that runs <paramref name="python"/> with the modules in <paramref name="hide"/>
    /// shadowed by packages that refuse to import, as on a machine where they are not installed.
    /// </summary>
    private string WritePython3Wrapper(string name, string python, string[] hide)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_work, name, "bin")).FullName;
        var hidden = Directory.CreateDirectory(Path.Combine(_work, name, "hidden")).FullName;
        foreach (var module in hide)
        {
            var package = Directory.CreateDirectory(Path.Combine(hidden, module)).FullName;
            File.WriteAllText(Path.Combine(package, "__init__.py"), $"raise ImportError(\"No module named '{module}' (hidden by the test)\")\n");
        }

        var wrapper = Path.Combine(bin, "python3");
        File.WriteAllText(wrapper, $"#!/bin/sh\nPYTHONPATH='{hidden}' exec '{python}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return bin;
    }

    /// <summary>A minimal pure-Python wheel (PEP 427): the files, METADATA, WHEEL and a RECORD with their hashes.</summary>
    private static void WriteWheel(string directory, string name, string version, string metadata, Dictionary<string, string> files)
    {
        var distInfo = $"{name}-{version}.dist-info";
        files[$"{distInfo}/METADATA"] = $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{metadata}";
        files[$"{distInfo}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: auditor-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n";
        var record = new StringBuilder();
        foreach (var (path, text) in files)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var hash = Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append(System.Globalization.CultureInfo.InvariantCulture, $"{path},sha256={hash},{bytes.Length}\n");
        }

        record.Append(System.Globalization.CultureInfo.InvariantCulture, $"{distInfo}/RECORD,,\n");
        files[$"{distInfo}/RECORD"] = record.ToString();

        using var zip = ZipFile.Open(Path.Combine(directory, $"{name}-{version}-py3-none-any.whl"), ZipArchiveMode.Create);
        foreach (var (path, text) in files)
        {
            using var entry = new StreamWriter(zip.CreateEntry(path).Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            entry.Write(text);
        }
    }

    /// <summary>python3 as found on PATH, by its own path (the wrappers must not find themselves).</summary>
    private static string FindBasePython()
    {
        var (exitCode, stdout, stderr) = ChildProcess.RunAsync(
            "python3", ["-c", "import sys; print(sys.executable)"], new Dictionary<string, string>(), ScriptTimeout).GetAwaiter().GetResult();
        return exitCode == 0 ? stdout.Trim() : throw new InvalidOperationException($"python3 did not start: {stderr}");
    }
}
