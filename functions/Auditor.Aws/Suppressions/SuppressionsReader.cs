using System.Text;
using Auditor.Aws.Http;
using Auditor.Aws.S3;
using Auditor.Core.Suppressions;

namespace Auditor.Aws.Suppressions;

/// <summary>
/// Reads the accepted risks (<c>config/suppressions.yaml</c>) from the report bucket with the function's own
/// credentials, before an audit writes anything. No object means nothing is suppressed; an object that cannot be used
/// is a <see cref="SuppressionFileException"/> naming the line, and the run stops there.
/// </summary>
public sealed class SuppressionsReader
{
    private readonly AwsClientFactory _clients;

    public SuppressionsReader(AwsClientFactory clients) => _clients = clients;

    public static IReadOnlyList<AwsOperation> Operations { get; } = [S3Client.ListObjectsV2, S3Client.GetSuppressions];

    public async Task<SuppressionFile> ReadAsync(string bucket, DateOnly today, CancellationToken cancellationToken)
    {
        var s3 = _clients.S3();

        // Listed first: without s3:ListBucket a missing object would read as AccessDenied, and with it as missing.
        var keys = await s3.ListObjectsV2Async(bucket, SuppressionFile.Key, cancellationToken).ConfigureAwait(false);
        if (!keys.Contains(SuppressionFile.Key, StringComparer.Ordinal))
        {
            return SuppressionFile.Empty;
        }

        var bytes = await s3.GetObjectAsync(S3Client.GetSuppressions, bucket, SuppressionFile.Key, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return SuppressionFile.Empty;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw new SuppressionFileException(1, "the file is not UTF-8 text");
        }

        return SuppressionFile.Parse(text, today);
    }
}
