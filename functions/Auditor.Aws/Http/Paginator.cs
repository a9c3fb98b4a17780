namespace Auditor.Aws.Http;

/// <summary>One page of a paginated operation: its items and the token of the next page (null or empty on the last).</summary>
public readonly record struct Page<T>(IReadOnlyList<T> Items, string? NextToken);

/// <summary>Every item read, and whether pages were left unread because the page limit was reached.</summary>
public sealed record PagedItems<T>(IReadOnlyList<T> Items, bool Truncated);

/// <summary>
/// The one paging loop of every client (NextToken, nextToken or Marker): the token of each page is sent back for the
/// next until a page comes without one, and pages may be empty on the way. A token that comes back a second time is
/// an error, never an endless loop or a short list that would read as "nothing there".
/// </summary>
public static class Paginator
{
    /// <summary>Every item of every page of <paramref name="operation"/>.</summary>
    /// <param name="tokenName">The token member as the service names it, for the error message.</param>
    /// <param name="readPage">Sends one request with the given token (null for the first page) and reads its reply.</param>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(AwsOperation operation, string tokenName, Func<string?, Task<Page<T>>> readPage) =>
        (await ReadAsync(operation, tokenName, readPage, int.MaxValue).ConfigureAwait(false)).Items;

    /// <summary>The items of at most <paramref name="maxPages"/> pages; <see cref="PagedItems{T}.Truncated"/> when more remained.</summary>
    /// <param name="echoEndsListing">
    /// True where a token equal to the one just sent means "no further page": an emulator that echoes the token on the
    /// last page (moto's CloudWatch Logs does) must not read as a loop.
    /// </param>
    public static async Task<PagedItems<T>> ReadAsync<T>(AwsOperation operation, string tokenName, Func<string?, Task<Page<T>>> readPage, int maxPages, bool echoEndsListing = false)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(readPage);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        var items = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        var pages = 0;
        do
        {
            var page = await readPage(token).ConfigureAwait(false);
            pages++;
            items.AddRange(page.Items);
            var next = string.IsNullOrEmpty(page.NextToken) || (echoEndsListing && page.NextToken == token) ? null : page.NextToken;
            if (next is not null && !seen.Add(next))
            {
                throw XmlReply.Malformed(operation.Service.SigningName, operation.Name, $"the same {tokenName} came back twice");
            }

            token = next;
        }
        while (token is not null && pages < maxPages);

        return new PagedItems<T>(items, token is not null);
    }
}
