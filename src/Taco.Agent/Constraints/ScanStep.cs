namespace Taco.Agent.Constraints;

/// <summary>What a scanner of <see cref="CotaGrammar"/> did with one byte.</summary>
internal enum ScanStep : byte
{
    /// <summary>The byte is not allowed here.</summary>
    Reject,

    /// <summary>The byte was taken and the value goes on.</summary>
    Consumed,

    /// <summary>The byte completed the value.</summary>
    Done,

    /// <summary>The value was complete before this byte (a number), which the caller must still place.</summary>
    DoneBefore,
}
