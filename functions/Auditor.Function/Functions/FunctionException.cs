namespace Auditor.Function.Functions;

/// <summary>An error a function reports deliberately, with the <c>errorType</c> Lambda shows.</summary>
public sealed class FunctionException : Exception
{
    public FunctionException(string errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    public string ErrorType { get; }
}
