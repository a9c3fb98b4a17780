using Auditor.Core.Model;

namespace Auditor.Function.Events;

/// <summary>
/// A root-user CloudTrail event as EventBridge delivers it: the envelope (<c>detail-type</c>, <c>source</c>,
/// <c>account</c>, <c>region</c>) and the CloudTrail record in <c>detail</c>.
/// </summary>
/// <param name="Region">The region EventBridge delivered the event in.</param>
public sealed record RootActivityEvent(string? Id, string DetailType, string Source, string Account, string Region, RootEventRecord Record);
