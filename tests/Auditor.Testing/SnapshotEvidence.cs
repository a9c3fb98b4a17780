using Auditor.Core.CredentialReports;
using Auditor.Core.Evidence;
using Auditor.Core.Model;

namespace Auditor.Testing;

/// <summary>
/// The evidence of a snapshot by name, for tests and benchmarks: read it as a property (<c>snapshot.GuardDuty</c>), or
/// set it with <c>WithX</c>, as the collector would hand it over.
/// </summary>
public static class SnapshotEvidence
{
    extension(AccountSnapshot snapshot)
    {
        /// <summary>The users' rows of the credential report (what the user checks read, confirmed when stale).</summary>
        public Gathered<CredentialReport> CredentialReport => snapshot.Get(EvidenceKinds.IamUsers);

        public Gathered<AccountSummary> AccountSummary => snapshot.Get(EvidenceKinds.AccountSummary);

        public Gathered<IReadOnlyList<VirtualMfaDevice>> VirtualMfaDevices => snapshot.Get(EvidenceKinds.VirtualMfaDevices);

        public IReadOnlyList<RegionalEvidence<IReadOnlyList<GuardDutyDetector>>> GuardDuty => snapshot.Get(EvidenceKinds.GuardDutyDetectors);

        public Gathered<ShieldSubscription> Shield => snapshot.Get(EvidenceKinds.ShieldSubscription);

        public IReadOnlyList<RegionalEvidence<RootEventLookup>> RootCloudTrailEvents => snapshot.Get(EvidenceKinds.RootCloudTrailEvents);

        public Gathered<IReadOnlyList<TrailMonitoring>> RootUsageMonitoring => snapshot.Get(EvidenceKinds.RootUsageMonitoring);

        public Gathered<AuthorizationDetails> AuthorizationDetails => snapshot.Get(EvidenceKinds.AuthorizationDetails);

        public Gathered<AccountPasswordPolicy> PasswordPolicy => snapshot.Get(EvidenceKinds.PasswordPolicy);

        /// <summary>The credential report as both of its kinds hold it, as the collector reads it.</summary>
        public AccountSnapshot WithCredentialReport(Gathered<CredentialReport> report) =>
            snapshot.With(EvidenceKinds.CredentialReport, report).With(EvidenceKinds.IamUsers, report);

        public AccountSnapshot WithAccountSummary(Gathered<AccountSummary> summary) => snapshot.With(EvidenceKinds.AccountSummary, summary);

        public AccountSnapshot WithVirtualMfaDevices(Gathered<IReadOnlyList<VirtualMfaDevice>> devices) => snapshot.With(EvidenceKinds.VirtualMfaDevices, devices);

        public AccountSnapshot WithGuardDuty(IEnumerable<RegionalEvidence<IReadOnlyList<GuardDutyDetector>>> regions) => snapshot.With(EvidenceKinds.GuardDutyDetectors, regions);

        public AccountSnapshot WithShield(Gathered<ShieldSubscription> shield) => snapshot.With(EvidenceKinds.ShieldSubscription, shield);

        public AccountSnapshot WithRootCloudTrailEvents(IEnumerable<RegionalEvidence<RootEventLookup>> regions) => snapshot.With(EvidenceKinds.RootCloudTrailEvents, regions);

        public AccountSnapshot WithRootUsageMonitoring(Gathered<IReadOnlyList<TrailMonitoring>> monitoring) => snapshot.With(EvidenceKinds.RootUsageMonitoring, monitoring);

        public AccountSnapshot WithAuthorizationDetails(Gathered<AuthorizationDetails> details) => snapshot.With(EvidenceKinds.AuthorizationDetails, details);

        public AccountSnapshot WithPasswordPolicy(Gathered<AccountPasswordPolicy> policy) => snapshot.With(EvidenceKinds.PasswordPolicy, policy);
    }
}
