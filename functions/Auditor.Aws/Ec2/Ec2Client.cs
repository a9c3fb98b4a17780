using Auditor.Aws.Http;

namespace Auditor.Aws.Ec2;

/// <summary>EC2 over its query protocol; only <c>DescribeRegions</c>.</summary>
public sealed class Ec2Client
{
    private const string Version = "2016-11-15";
    public static readonly AwsOperation DescribeRegions = new(AwsService.Ec2, nameof(DescribeRegions));

    private readonly AwsRequestSender _sender;

    public Ec2Client(AwsRequestSender sender) => _sender = sender;

    /// <summary>The regions enabled for the account (opt-in regions only once opted in), sorted by name.</summary>
    public async Task<IReadOnlyList<string>> DescribeRegionsAsync(CancellationToken cancellationToken)
    {
        var response = await _sender.SendAsync(
            DescribeRegions,
            endpoint => AwsRequests.Query(endpoint, DescribeRegions.Name, Version, [new("AllRegions", "false")]),
            cancellationToken).ConfigureAwait(false);
        var reply = XmlReply.Load(response, "ec2", "DescribeRegions");
        var regionInfo = reply.Find("regionInfo") ?? throw XmlReply.Malformed("ec2", "DescribeRegions", "no regionInfo");
        var regions = regionInfo.Children("item")
            .Where(item => item.Text("optInStatus") is null or "opt-in-not-required" or "opted-in")
            .Select(item => item.Text("regionName"))
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
        return regions.Count > 0 ? regions : throw XmlReply.Malformed("ec2", "DescribeRegions", "no enabled region in regionInfo");
    }
}
