namespace ComplianceDashboard.Core.Common;

/// <summary>The store cannot be opened or reached; the message says why and what to do (one line, for an operator).</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
