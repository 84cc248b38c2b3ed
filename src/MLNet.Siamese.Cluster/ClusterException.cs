namespace MLNet.Siamese.Cluster;

/// <summary>The cluster cannot be joined or reached, or refused a submission; the message says why.</summary>
public sealed class ClusterException : SiameseException
{
    /// <summary>Creates the exception.</summary>
    public ClusterException(string message, Exception? inner = null) : base(message, inner) { }
}
