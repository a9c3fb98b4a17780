namespace Auditor.Function.Functions;

/// <summary>An error a function reports deliberately, with the <c>errorType</c> Lambda shows.</summary>
public sealed class FunctionException : Exception
{
    public FunctionException(string errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    public FunctionException()
        : this("FunctionError", "The function failed.")
    {
    }

    public FunctionException(string message)
        : this("FunctionError", message)
    {
    }

    public FunctionException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = "FunctionError";
    }

    public string ErrorType { get; }
}
