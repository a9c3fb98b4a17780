using System.Text.Json;
using Auditor.Function.Configuration;
using Auditor.Function.Functions;

namespace Auditor.Function.Runtime;

/// <summary>
/// <c>scripts/invoke [--function NAME] EVENT_FILE</c>: one event through the same <see cref="FunctionHost"/> the
/// Runtime API loop uses. The response (or the error) goes to stdout as JSON, logs to stderr; exit code 1 on error.
/// </summary>
public static class LocalInvoker
{
    public const string Usage = "usage: invoke [--function NAME] EVENT_FILE";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, FunctionEnvironment environment, TextWriter stdout, CancellationToken cancellationToken)
    {
        string? functionName = environment.Variables(FunctionTable.SelectorVariable);
        string? eventFile = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--function" or "-f" && i + 1 < args.Count)
            {
                functionName = args[++i];
            }
            else if (eventFile is null && !args[i].StartsWith('-'))
            {
                eventFile = args[i];
            }
            else
            {
                await Console.Error.WriteLineAsync($"unexpected argument '{args[i]}'\n{Usage}").ConfigureAwait(false);
                return 2;
            }
        }

        if (eventFile is null)
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        byte[] payload;
        try
        {
            payload = eventFile == "-" ? await ReadStdinAsync(cancellationToken).ConfigureAwait(false) : await File.ReadAllBytesAsync(eventFile, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"cannot read event file {eventFile}: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        FunctionHost host;
        try
        {
            host = FunctionHost.Create(functionName, environment);
        }
        catch (ConfigurationException e)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(new FunctionError(e.Message, "InvalidConfiguration", []), FunctionJsonContext.Default.FunctionError)).ConfigureAwait(false);
            return 1;
        }

        var invocation = new Invocation($"local-{Guid.NewGuid():N}", environment.Time.GetUtcNow().AddMinutes(15), null, null, payload);
        var result = await host.InvokeAsync(invocation, environment.Time, cancellationToken).ConfigureAwait(false);
        var output = result.Succeeded
            ? System.Text.Encoding.UTF8.GetString(result.Response!)
            : JsonSerializer.Serialize(result.Error!, FunctionJsonContext.Default.FunctionError);
        await stdout.WriteLineAsync(output).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? 0 : 1;
    }

    private static async Task<byte[]> ReadStdinAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Console.OpenStandardInput().CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
