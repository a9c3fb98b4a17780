using Auditor.Function.Configuration;
using Auditor.Function.Functions;
using Auditor.Function.Runtime;

// Entry point of every Auditor Lambda function. In Lambda (AWS_LAMBDA_RUNTIME_API set) it serves the
// Runtime API loop for the function AUDITOR_FUNCTION names; `invoke [--function NAME] EVENT_FILE` runs one
// event locally through the same host.
// EMF metrics go to stdout in Lambda, where CloudWatch Logs extracts them; a local invoke has no CloudWatch, and its
// stdout is the response and its stderr the log lines, so it writes none.
var invoking = args.Length > 0 && args[0] == "invoke";
var environment = FunctionEnvironment.FromProcess(Console.Error, invoking ? TextWriter.Null : Console.Out);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

if (invoking)
{
    return await LocalInvoker.RunAsync(args[1..], environment, Console.Out, stop.Token);
}

var runtimeApi = Environment.GetEnvironmentVariable(RuntimeHeaders.RuntimeApiVariable);
if (string.IsNullOrEmpty(runtimeApi))
{
    await Console.Error.WriteLineAsync($"{RuntimeHeaders.RuntimeApiVariable} is not set: run inside Lambda, or locally with `{LocalInvoker.Usage}`.");
    return 2;
}

using var client = new RuntimeApiClient(runtimeApi);
var loop = new RuntimeApiLoop(client, environment.Time, environment.Log);
FunctionHost host;
try
{
    host = FunctionHost.Create(Environment.GetEnvironmentVariable(FunctionTable.SelectorVariable), environment);
}
catch (Exception e)
{
    await loop.ReportInitErrorAsync(e, stop.Token);
    return 1;
}

await loop.RunAsync(host, stop.Token);
return 0;
