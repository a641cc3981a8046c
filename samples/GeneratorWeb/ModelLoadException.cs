using System;

namespace GanGen.Web;

/// <summary>The generator cannot be served; the message is one line that says what to fix.</summary>
public sealed class ModelLoadException : Exception
{
    /// <summary>Creates the exception with its one-line message.</summary>
    public ModelLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line message and the error underneath.</summary>
    public ModelLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
