using System.Collections.Concurrent;
using System.Globalization;

namespace RecoveryFunctions.LocalHost.Email;

/// <summary>
/// Accepted operations, keyed by Operation-Id: a second send with the same id returns the first operation and writes
/// nothing, even across a restart of the local host (the id is in the file name).
/// </summary>
public sealed class LocalAcsEmailStore(LocalAcsEmailOptions options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, LocalAcsOperation> _operations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public LocalAcsOperation? Find(string operationId) =>
        _operations.TryGetValue(operationId, out var operation) ? operation : FindOnDisk(operationId);

    public LocalAcsOperation Accept(string operationId, LocalAcsEmailMessage message)
    {
        lock (_gate)
        {
            var existing = Find(operationId);
            if (existing is not null)
            {
                return existing;
            }

            Directory.CreateDirectory(options.MailboxDirectory);
            var now = timeProvider.GetUtcNow();
            var fileName = $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture)}-{operationId}.eml";
            var path = Path.Combine(options.MailboxDirectory, fileName);
            var temporary = path + ".tmp";

            // Write then rename, so a reader polling the mailbox never sees half a message.
            File.WriteAllText(temporary, EmlMessageWriter.Write(message, operationId, now));
            File.Move(temporary, path);

            var operation = new LocalAcsOperation(operationId, fileName);
            _operations[operationId] = operation;
            return operation;
        }
    }

    private LocalAcsOperation? FindOnDisk(string operationId)
    {
        if (!Directory.Exists(options.MailboxDirectory))
        {
            return null;
        }

        var file = Directory.EnumerateFiles(options.MailboxDirectory, $"*-{operationId}.eml").FirstOrDefault();
        return file is null ? null : _operations.GetOrAdd(operationId, new LocalAcsOperation(operationId, Path.GetFileName(file)));
    }
}
